"""Findings first: what the corpus says, in a few lines with links, for the top of ``index.html``.

The largest claim threads (the ``threads`` table when the run wrote one, else the categories with
the most claims), the most quoted speakers, the span of dates, the same-story clusters and the
problems met while reading. Each line links to an example in its article page, so a reader goes
from the headline to the sentence in one click. :func:`findings` is pure (tables in, lines out);
:func:`findings_html` renders them, escaping every value.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from newslab.report.links import article_href, page_stem
from newslab.report.readable import format_number

REPORTS = "reports/"
LEDGER = ("ledger", REPORTS + "03_claims.html")
OVERLAP = ("overlap page", REPORTS + "06_overlap.html")
TIMELINE = ("timeline", REPORTS + "05_timeline.html")


@dataclass
class Finding:
    """One line: a heading, the text, and links as (label, href) pairs."""

    heading: str
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)


def _str(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str)


def _n(count: object, noun: str) -> str:
    """ "1 article", "2,095 articles" (nouns here take a plain -s)."""
    try:
        number = int(float(count))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return f"{count} {noun}s"
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _range(low: object, high: object) -> str:
    lo, hi = format_number(low), format_number(high)
    lo, hi = ("" if lo is None else str(lo)), ("" if hi is None else str(hi))
    if lo and hi and lo != hi:
        return f"{lo} to {hi}"
    return lo or hi or "no value"


def _href(article_id: object, kind: str | None = None, start: object = None) -> str:
    return article_href(article_id, kind, start, base=REPORTS + "articles/")


def _first_claim(claims: pd.DataFrame, mask: pd.Series) -> tuple[str, str]:
    rows = claims[mask]
    if rows.empty:
        return "", ""
    row = rows.iloc[0]
    return "first figure", _href(row.get("article_id"), "claim", row.get("start"))


def claim_findings(claims: pd.DataFrame | None, threads: pd.DataFrame | None, top: int = 3) -> list[Finding]:
    if claims is None or claims.empty:
        return [Finding("Figures", "No counted figures were found.")]
    out = []
    if threads is not None and not threads.empty and "thread" in threads.columns and "thread" in claims.columns:
        sort = [c for c in ("n_sources", "n_articles", "n_claims") if c in threads.columns]
        ranked = threads.sort_values(sort, ascending=False, kind="stable") if sort else threads
        for row in ranked.head(top).to_dict("records"):
            label = str(row.get("label") or row.get("subject") or row.get("what") or row.get("thread"))
            text = (
                f"{_range(row.get('low'), row.get('high'))}; {_n(row.get('n_claims') or 0, 'figure')} in "
                f"{_n(row.get('n_articles') or 0, 'article')} from {_n(row.get('n_sources') or 0, 'source')}"
            )
            first = _first_claim(claims, _str(claims["thread"]) == str(row.get("thread")))
            out.append(Finding(f"Thread: {label}", text, ([first] if first[1] else []) + [LEDGER]))
        return out
    what = _str(claims["what"]) if "what" in claims.columns else pd.Series([""] * len(claims), index=claims.index)
    usable = claims[~what.isin(["", "other"])]
    if usable.empty:
        usable = claims
    what = _str(usable["what"]) if "what" in usable.columns else pd.Series(["figures"] * len(usable), usable.index)
    sizes = what.value_counts()
    for name, count in sizes.head(top).items():
        rows = usable[what == name]
        sources = _str(rows["source"]) if "source" in rows.columns else pd.Series(dtype=str)
        named = sources[sources != ""].value_counts()
        by = f"; most cited source: {named.index[0]}" if len(named) else ""
        values = pd.to_numeric(rows["value"], errors="coerce") if "value" in rows.columns else pd.Series(dtype=float)
        span = _range(values.min(), values.max())
        text = (
            f"{_n(count, 'figure')}{' from ' if ' to ' in span else ', all '}{span} in "
            f"{_n(rows['article_id'].nunique(), 'article')}{by}"
        )
        first = _first_claim(usable, what == name)
        out.append(Finding(f"Figures on {name}", text, ([first] if first[1] else []) + [LEDGER]))
    return out


def speaker_findings(quotes: pd.DataFrame | None, top: int = 3) -> list[Finding]:
    if quotes is None or quotes.empty or "speaker" not in quotes.columns:
        return [Finding("Quotes", "No quotes were found.")]
    speaker = _str(quotes["speaker"])
    named = quotes[speaker != ""]
    if named.empty:
        return [Finding("Quotes", f"{format_number(len(quotes))} quotes, none with a known speaker.")]
    counts = _str(named["speaker"]).value_counts().head(top)
    parts, links = [], []
    for name, count in counts.items():
        rows = named[_str(named["speaker"]) == name]
        parts.append(f"{name} ({_n(count, 'quote')} in {_n(rows['article_id'].nunique(), 'article')})")
        longest = rows.assign(_len=_str(rows["quote"]).str.len()).sort_values("_len", ascending=False).iloc[0]
        links.append((f"{name}, longest quote", _href(longest["article_id"], "quote", longest.get("start"))))
    share = len(named) / len(quotes)
    text = "; ".join(parts) + f". {share:.0%} of {format_number(len(quotes))} quotes have a known speaker."
    return [Finding("Most quoted", text, links + [OVERLAP])]


def date_findings(dates: pd.DataFrame | None, articles: pd.DataFrame | None) -> list[Finding]:
    out = []
    if articles is not None and not articles.empty and "published" in articles.columns:
        published = sorted(p[:10] for p in _str(articles["published"]) if p)
        text = (
            f"{published[0]} to {published[-1]} ({len(published)} of {len(articles)} articles dated)"
            if published
            else "no article states its publication date"
        )
        out.append(Finding("Published", text))
    if dates is not None and not dates.empty and "resolved" in dates.columns:
        resolved = dates[_str(dates["resolved"]).str.match(r"^\d{4}(-\d{2}){0,2}$")]
        if len(resolved):
            order = resolved.assign(_r=_str(resolved["resolved"])).sort_values("_r", kind="stable")
            first, last = order.iloc[0], order.iloc[-1]
            text = (
                f"{first['_r']} to {last['_r']} ({format_number(len(resolved))} resolved of "
                f"{format_number(len(dates))} date expressions)"
            )
            links = [
                ("earliest", _href(first["article_id"], "date", first.get("start"))),
                ("latest", _href(last["article_id"], "date", last.get("start"))),
            ]
            out.append(Finding("Dates mentioned", text, links + [TIMELINE]))
        else:
            out.append(Finding("Dates mentioned", f"none of {format_number(len(dates))} date expressions resolved"))
    return out


def story_clusters(pairs: pd.DataFrame | None) -> list[list[str]]:
    """Groups of articles joined by same-story pairs (connected components), largest first."""
    if pairs is None or pairs.empty or not {"article_a", "article_b"} <= set(pairs.columns):
        return []
    import networkx as nx

    graph = nx.Graph()
    graph.add_edges_from(zip(_str(pairs["article_a"]), _str(pairs["article_b"]), strict=True))
    return sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))


def cluster_findings(clusters: list[list[str]], articles: pd.DataFrame | None, top: int = 3) -> list[Finding]:
    if not clusters:
        return [Finding("Same story", "No two articles tell the same story (at the overlap page's threshold).")]
    titles = {}
    if articles is not None and not articles.empty:
        titles = dict(zip(_str(articles["article_id"]), _str(articles["title"]), strict=True))
    in_clusters = sum(len(c) for c in clusters)
    groups = "1 group of articles tells" if len(clusters) == 1 else f"{len(clusters):,} groups of articles tell"
    text = f"{groups} the same story ({_n(in_clusters, 'article')} in all); the largest: " + ", ".join(
        _n(len(c), "article") for c in clusters[:top]
    )
    links = [(f"“{_short(titles.get(c[0]) or c[0])}” and {len(c) - 1} more", _href(c[0])) for c in clusters[:top]]
    return [Finding("Same story", text, links + [OVERLAP])]


def problem_findings(problems: pd.DataFrame | None, articles: pd.DataFrame | None) -> list[Finding]:
    parts = []
    if problems is not None and not problems.empty and "severity" in problems.columns:
        severity = _str(problems["severity"]).value_counts()
        parts.append(", ".join(_n(n, s) for s, n in severity.items()))
        if "problem" in problems.columns:
            kinds = _str(problems["problem"]).str.split(":").str[0].value_counts().head(3)
            parts.append("most often: " + "; ".join(f"{k} ({int(n)})" for k, n in kinds.items()))
    if articles is not None and "duplicate_of" in articles.columns:
        duplicates = int((_str(articles["duplicate_of"]) != "").sum())
        if duplicates:
            parts.append(
                f"{_n(duplicates, 'article')} {'is a' if duplicates == 1 else 'are'} byte-for-byte cop"
                f"{'y' if duplicates == 1 else 'ies'} of another"
            )
    text = "; ".join(parts) if parts else "none: every file was read without a warning"
    return [Finding("Problems in the corpus", text, [("problems table", REPORTS + "01_read.html")] if parts else [])]


def findings(
    tables: Mapping[str, pd.DataFrame | None], pairs: pd.DataFrame | None = None, top: int = 3
) -> list[Finding]:
    """Every finding from whichever tables are present (``tables`` maps table names to frames)."""
    get = tables.get
    return (
        claim_findings(get("claims"), get("threads"), top)
        + speaker_findings(get("quotes"), top)
        + date_findings(get("dates"), get("articles"))
        + cluster_findings(story_clusters(pairs), get("articles"), top)
        + problem_findings(get("problems"), get("articles"))
    )


def findings_html(items: list[Finding]) -> str:
    """A short list: bold heading, the text, then its links (every value escaped)."""
    lines = []
    for item in items:
        links = " · ".join(
            f'<a href="{html.escape(href)}">{html.escape(label)}</a>' for label, href in item.links if href
        )
        lines.append(
            f"<li><strong>{html.escape(item.heading)}</strong>: {html.escape(item.text)}"
            + (f" <span class='links'>({links})</span>" if links else "")
            + "</li>"
        )
    return f"<h2>Findings</h2><ul class='findings'>{''.join(lines)}</ul>" if lines else ""


def linked_ids(items: list[Finding]) -> list[str]:
    """Article ids the findings link to (they need a page)."""
    out = [
        page_stem(href)
        for item in items
        for _, href in item.links
        if "/articles/" in href
    ]
    return list(dict.fromkeys(a for a in out if a))
