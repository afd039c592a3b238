"""``as_of``: the date a figure refers to, from its sentence's resolved dates or the article's publication date.

A figure is stated *as of* some moment: "2,000 jobs were cut in 2003" is about 2003, "11,000 troops
have been sent" is about the day the article was published. The rule, in order:

1. a resolved date in the same sentence (the ``dates`` table; when several, the one nearest the
   figure) gives ``as_of`` at the date's own precision ("2023", "2024-11", "2024-11-05") and
   ``as_of_from = "sentence"``. A date that opens a cumulative span ("since September 2023",
   "from March") is where the count *started*, not the moment it describes, so it is skipped;
2. else the article's publication date (day precision), ``as_of_from = "published"``;
3. else both are empty.

Pure function over the claims, dates and articles tables; the lookup is one merge, no loop over
pairs of rows.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

#: Words that, right before a date, make it the start of a span rather than the moment described.
_SPAN_START = re.compile(r"\b(since|from|starting|beginning)\s+(the\s+)?(start\s+of\s+|end\s+of\s+)?$", re.I)
_CONTEXT_CHARS = 30
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def published_day(published: str) -> str:
    """The day part of an ISO publication timestamp, or "" when it is not one."""
    match = _ISO_DAY.match(str(published or "").strip())
    if not match:
        return ""
    try:
        return date.fromisoformat(match.group(0)).isoformat()
    except ValueError:  # "2024-02-30": looks like a day, is not one
        return ""


def claim_as_of(claims: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame | None) -> pd.DataFrame:
    """Columns ``as_of`` and ``as_of_from`` for every claim (same index as ``claims``)."""
    out = pd.DataFrame({"as_of": "", "as_of_from": ""}, index=claims.index, dtype="object")
    if claims.empty:
        return out
    keyed = claims[["article_id", "sentence", "start"]].assign(claim_row=claims.index)
    usable = dates[dates["resolved"].fillna("").astype(str).ne("")]
    if articles is not None and len(usable):
        usable = usable[~_opens_a_span(usable, articles)]
    if len(usable):
        candidates = keyed.merge(
            usable[["article_id", "sentence", "start", "resolved"]].rename(columns={"start": "date_start"}),
            on=["article_id", "sentence"],
            how="inner",
        )
        if len(candidates):
            gap = pd.to_numeric(candidates["date_start"], errors="coerce") - pd.to_numeric(
                candidates["start"], errors="coerce"
            )
            candidates["distance"] = gap.abs().fillna(float("inf"))
            nearest = candidates.sort_values(["claim_row", "distance", "date_start"], kind="stable")
            nearest = nearest.drop_duplicates("claim_row").set_index("claim_row")
            out.loc[nearest.index, "as_of"] = nearest["resolved"].astype(str)
            out.loc[nearest.index, "as_of_from"] = "sentence"
    if articles is not None and len(articles):
        day = articles.set_index("article_id")["published"].fillna("").astype(str).map(published_day)
        day = day[~day.index.duplicated()]
        from_article = claims["article_id"].map(day).fillna("")
        fill = out["as_of"].eq("") & from_article.ne("")
        out.loc[fill, "as_of"] = from_article[fill]
        out.loc[fill, "as_of_from"] = "published"
    return out


def _opens_a_span(dates: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """True for dates preceded in the body by "since"/"from": the start of a cumulative span."""
    bodies = articles.drop_duplicates("article_id").set_index("article_id")["body"]
    starts = pd.to_numeric(dates["start"], errors="coerce")
    before = [
        "" if pd.isna(start) else str(bodies.get(aid, ""))[max(0, int(start) - _CONTEXT_CHARS) : int(start)]
        for aid, start in zip(dates["article_id"], starts, strict=True)
    ]
    return pd.Series([bool(_SPAN_START.search(text)) for text in before], index=dates.index, dtype=bool)
