"""Date expressions resolved to ISO dates with a precision, against the article's published date.

Candidates are spaCy's DATE entities. Absolute dates are parsed by dateparser; relative ones
("last month", "June of last year", "since March 25") are resolved with dateparser's
``RELATIVE_BASE`` set to the published date, and left unresolved, with a reason, when the
article has none. Durations and vague spans ("nearly three years", "recent days") are kept as
unresolved: they are not points in time. Precision is what dateparser reads from the text (its
``period``): a day number gives ``day``, a month name ``month``, a bare year or "this year" ``year``.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from spacy.tokens import Doc

MONTH = r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)"  # noqa: E501
DURATION = re.compile(r"\b(years|months|weeks|days|hours|decades)\b|\b(every|each|nearly|almost|for|past)\b", re.I)
RELATIVE = re.compile(
    r"\b(last|this|next|previous|ago|earlier|later|yesterday|today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|of the previous year)\b",  # noqa: E501
    re.I,
)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
LEAD = re.compile(
    r"^(since|in|on|at|by|from|until|during|before|after|the end of|the start of|early|late|mid|end of)\s+", re.I
)


# dateparser's period for what the text states; a week or a time of day resolves to a day.
PRECISIONS = {"year": "year", "month": "month", "week": "day", "day": "day", "time": "day"}


def _fmt(dt: datetime, precision: str) -> str:
    return {"day": dt.strftime("%Y-%m-%d"), "month": dt.strftime("%Y-%m"), "year": dt.strftime("%Y")}[precision]


@lru_cache(maxsize=8192)
def resolve(text: str, published: str | None) -> tuple[str, str]:
    """(resolved, precision) or ("", "unresolved: <reason>")."""
    import dateparser
    from dateparser.date import DateDataParser

    core = LEAD.sub("", text.strip())
    core = re.sub(r"^the\s+", "", core, flags=re.I)
    low = core.lower()
    if DURATION.search(low) and not re.search(r"\b(last|this|next|previous|ago)\b", low) and not YEAR.search(low):
        return "", "unresolved: duration or vague period, not a point in time"
    relative = RELATIVE.search(low) is not None or (not YEAR.search(low))
    base = None
    if published:
        try:
            base = datetime.fromisoformat(published[:19])
        except ValueError:
            base = None
    if relative and base is None:
        return "", "unresolved: relative date and no published date"
    expr = re.sub(r"\bof (last|the previous) year\b", "last year", core, flags=re.I)
    if re.fullmatch(rf"{MONTH} last year", expr, flags=re.I) and base is not None:
        month = dateparser.parse(expr.split()[0], languages=["en"])
        if month:
            return f"{base.year - 1}-{month.month:02d}", "month"
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    # DateDataParser, not dateparser.parse: it also says how precise the text is (its ``period``).
    parsed = DateDataParser(languages=["en"], settings=settings).get_date_data(expr)
    if parsed.date_obj is None:
        return "", "unresolved: not a recognisable date"
    precision = PRECISIONS.get(parsed.period or "day", "day")
    return _fmt(parsed.date_obj, precision), precision


def extract_dates(doc: Doc, published: str | None) -> list[dict]:
    rows = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        span = ent
        while len(span) and span[0].lower_ in ("the",):
            span = span[1:]
        if not len(span):
            continue
        resolved, precision = resolve(span.text, published or None)
        rows.append(
            {
                "start": span.start_char,
                "end": span.end_char,
                "text": span.text,
                "resolved": resolved,
                "precision": precision,
                "sentence": ent.sent.text,
            }
        )
    return rows
