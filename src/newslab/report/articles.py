"""Article pages: one small static page per article with every annotation marked where it is.

``reports/articles/<article_id>.html`` shows the cleaned body with each entity, figure, quote and date
wrapped in an element whose ``id`` is the anchor the report tables link to (``claim-<start>``,
``quote-<start>``, ``date-<start>``, ``ent-<start>``; see :mod:`newslab.report.links`). A link scrolls
to the span and CSS ``:target`` highlights it and shows its note (qualifier, source, status, thread;
a quote's speaker; a date's resolution); the same note is the span's hover title. The page needs no
JavaScript and loads nothing from elsewhere. Boilerplate dropped by the read stage follows, folded,
line by line with its reason.

Annotations overlap (an entity inside a quote, a figure crossing an entity's end), so the markup is
built with an open-element stack: where a span ends inside another one that opened later, the later
ones are closed and reopened around it (a continuation carries no ``id``), so the markup always nests.
Every piece of article text goes through :func:`html.escape`.

:func:`article_pages` is pure (tables in, ``{relative path: html}`` out); :func:`write_pages` writes.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newslab.atomic import write_atomic
from newslab.report.links import ANCHOR_PREFIX, anchor_id, page_name

#: Article pages built by default: every article of a corpus of a few thousand (the 2,095 BBC articles
#: take 18 MB, about 9 KB each), and on larger corpora the ones the report tables link to first, while
#: all pages together stay well under 50 MB.
DEFAULT_MAX_ARTICLE_PAGES = 3000
#: And at most this many bytes of article pages in all: pages are added in priority order until the next
#: one would pass it (long-form corpora have larger pages).
DEFAULT_MAX_ARTICLE_BYTES = 40 * 2**20
#: Characters of one body shown on its page (a page must stay under 5 MB; marks add about a third).
MAX_BODY_CHARS = 1_000_000
ARTICLES_DIR = "articles"

# Outer to inner when two spans open at the same place with the same end.
_NESTING = {"quote": 0, "claim": 1, "date": 2, "entity": 3}

CSS = """
body{font:17px/1.6 Georgia,'Times New Roman',serif;max-width:46em;margin:2em auto;padding:0 1.2em;color:#1d1d1d}
header{font:15px/1.5 system-ui,sans-serif;border-bottom:1px solid #ddd;margin-bottom:1.5em;padding-bottom:1em}
h1{font:600 1.7em/1.25 system-ui,sans-serif;margin:.3em 0 .5em}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:0;color:#444}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}
nav{font:14px system-ui,sans-serif}nav a,a{color:#0b5cad}
.legend{font:13px system-ui,sans-serif;color:#555;margin-top:.8em}
.legend span{margin-right:.9em}
.body{white-space:pre-wrap;overflow-wrap:break-word}
.a{scroll-margin-top:35vh;border-radius:2px}
.entity{border-bottom:2px solid #b9c7d6}
.entity.PERSON{border-color:#e0a050}.entity.ORG,.entity.OUTLET{border-color:#7aa874}
.entity.GPE,.entity.LOC,.entity.FAC{border-color:#a58bd1}.entity.NORP{border-color:#d68fb0}
.entity.WEAPON{border-color:#d05c5c}
.claim{background:#fff1c7;font-weight:600}
.quote{background:#e8f1fb}
.date{border-bottom:2px dotted #2e8b57}
.a:target{background:#ffd54a;outline:3px solid #e6a100;outline-offset:1px}
.a:target::after{content:" [" attr(data-note) "]";font:600 13px/1.4 system-ui,sans-serif;color:#6b4a00;
background:#fff7d6;white-space:normal}
details{font:14px/1.5 system-ui,sans-serif;margin-top:2.5em;border-top:1px solid #ddd;padding-top:1em}
details ol{padding-left:0;list-style:none}details li{margin:.5em 0}
.reason{display:inline-block;font-weight:600;color:#7a3b00;margin-right:.6em}
.line{color:#555;overflow-wrap:anywhere}
li:target{background:#ffd54a}
footer{font:13px system-ui,sans-serif;color:#666;margin-top:2em}.cut{font:italic 14px system-ui,sans-serif}
"""


@dataclass(frozen=True)
class Span:
    """One annotation to mark: where, what kind (``claim``, ``quote``, ``date``, ``entity``), its css class,
    its anchor id and the note shown on hover and when it is the link target."""

    start: int
    end: int
    kind: str
    css: str
    anchor: str
    note: str


def _text(value: object) -> str:
    """A table cell as text: missing values (None, NaN, NA) become empty."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # lists and arrays: not a missing scalar
        pass
    return str(value)


def _number(value: object) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return _text(value)
    if math.isnan(number):
        return ""
    if math.isinf(number):
        return "unbounded"
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.6g}"


def _joined(parts: Iterable[tuple[str, object]]) -> str:
    return " · ".join(f"{name} {_text(value)}" if name else _text(value) for name, value in parts if _text(value))


def claim_note(row: Mapping[str, object]) -> str:
    """What a figure counts and how sure it is, in one line (optional columns are used when present)."""
    value = _number(row.get("value"))
    low, high = _number(row.get("low")), _number(row.get("high"))
    interval = f"{low or '…'} to {high or '…'}" if (low or high) and low != high else ""
    hedged = "hedged" if _text(row.get("hedged")) in ("True", "true", "1") else ""
    return _joined(
        [
            ("", value),
            ("", _text(row.get("qualifier"))),
            ("", interval),
            ("counts", _text(row.get("subject")) or _text(row.get("noun")) or _text(row.get("what"))),
            ("in", row.get("place")),
            ("per", row.get("per")),
            ("as of", row.get("as_of")),
            ("source", row.get("source")),
            ("status", row.get("status")),
            ("", hedged),
            ("scope", row.get("scope")),
            ("thread", row.get("thread")),
        ]
    )


def quote_note(row: Mapping[str, object]) -> str:
    speaker = _text(row.get("speaker")) or _text(row.get("speaker_text")) or "speaker unknown"
    return _joined(
        [("", f"quote: {speaker}"), ("", row.get("cue")), ("", row.get("kind")), ("", row.get("attribution"))]
    )


def date_note(row: Mapping[str, object]) -> str:
    resolved, precision = _text(row.get("resolved")), _text(row.get("precision"))
    if resolved:
        return f"date: {resolved}" + (f" ({precision})" if precision else "")
    return f"date {precision or 'unresolved'}"


def entity_note(row: Mapping[str, object]) -> str:
    label, canonical, text = _text(row.get("label")), _text(row.get("canonical")), _text(row.get("text"))
    return label + (f": {canonical}" if canonical and canonical != text else "")


_NOTES = {"claim": claim_note, "quote": quote_note, "date": date_note, "entity": entity_note}


Rows = pd.DataFrame | list[dict] | None


def _records(rows: Rows) -> list[dict]:
    if rows is None:
        return []
    return rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows


def spans_of(kind: str, rows: Rows, body_length: int) -> list[Span]:
    """The valid spans of one annotation table (a frame or its records) for one article; offsets
    outside the body are skipped."""
    out = []
    for row in _records(rows):
        if "start" not in row or "end" not in row:
            continue
        try:
            start, end = int(row["start"]), int(row["end"])
        except (TypeError, ValueError):
            continue
        if not 0 <= start < end <= body_length:
            continue
        css = kind
        if kind == "entity":
            label = "".join(ch for ch in _text(row.get("label")) if ch.isalnum() or ch == "_")
            css = f"entity {label}" if label else kind
        out.append(Span(start, end, kind, css, anchor_id(kind, start), _NOTES[kind](row)))
    return out


def mark_up(body: str, spans: Iterable[Span]) -> str:
    """``body`` escaped, with every span wrapped in a ``<span>`` carrying its anchor and note.

    Spans nest where they nest; a span that crosses the end of another is split there (the
    continuation has no ``id``). Anchors are unique: a second span with the same anchor gets none.
    """
    valid = [s for s in spans if 0 <= s.start < s.end <= len(body)]
    order = sorted(valid, key=lambda s: (s.start, -s.end, _NESTING.get(s.kind, 9), s.anchor))
    seen: set[str] = set()
    opens: dict[int, list[tuple[int, Span, bool]]] = {}
    for i, span in enumerate(order):
        with_id = span.anchor not in seen
        seen.add(span.anchor)
        opens.setdefault(span.start, []).append((i, span, with_id))
    boundaries = sorted({s.start for s in order} | {s.end for s in order} | {0, len(body)})
    out: list[str] = []
    stack: list[tuple[int, Span]] = []
    position = 0
    for at in boundaries:
        if at > position:
            out.append(html.escape(body[position:at], quote=False))
            position = at
        closing = [k for k, (_, span) in enumerate(stack) if span.end <= at]
        if closing:
            lowest = closing[0]
            reopen = [(i, span) for i, span in stack[lowest:] if span.end > at]
            out.append("</span>" * (len(stack) - lowest))
            del stack[lowest:]
            for i, span in reopen:
                out.append(_open_tag(span, with_id=False))
                stack.append((i, span))
        for i, span, with_id in opens.get(at, []):
            out.append(_open_tag(span, with_id))
            stack.append((i, span))
    out.append("</span>" * len(stack))
    return "".join(out)


def _open_tag(span: Span, with_id: bool) -> str:
    anchor = f' id="{html.escape(span.anchor)}"' if with_id else ""
    note = html.escape(span.note)
    return f'<span class="a {html.escape(span.css)}"{anchor} title="{note}" data-note="{note}">'


def _by_article(table: pd.DataFrame | None, ids: set[str]) -> dict[str, list[dict]]:
    """The rows of ``table`` for ``ids`` as records, per article (one conversion for the whole table:
    converting each article's group separately was most of the time on a large corpus)."""
    if table is None or table.empty or "article_id" not in table.columns:
        return {}
    keys = table["article_id"].astype(str)
    subset = table[keys.isin(ids)]
    out: dict[str, list[dict]] = {}
    for key, record in zip(keys[subset.index].tolist(), subset.to_dict("records"), strict=True):
        out.setdefault(key, []).append(record)
    return out


def _meta_rows(article: Mapping[str, object]) -> list[tuple[str, str]]:
    tags = article.get("tags")
    tags_text = ", ".join(map(str, tags)) if isinstance(tags, Iterable) and not isinstance(tags, str) else _text(tags)
    rows = [
        ("Outlet", _text(article.get("outlet"))),
        ("Author", _text(article.get("author"))),
        ("Published", _text(article.get("published"))),
        ("Section", _text(article.get("section"))),
        ("Tags", tags_text),
        ("Original source", _text(article.get("original_source"))),
        ("Source file", _text(article.get("source_path"))),
        ("Duplicate of", _text(article.get("duplicate_of"))),
        ("Article id", _text(article.get("article_id"))),
    ]
    return [(k, v) for k, v in rows if v]


def _line_order(row: dict) -> float:
    try:
        return float(row.get("line_no"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.inf


def _dropped_html(dropped: Rows) -> str:
    rows = sorted(_records(dropped), key=_line_order)
    if not rows:
        return ""
    items = []
    for row in rows:
        line_no = _text(row.get("line_no"))
        anchor = f' id="dropped-{html.escape(line_no)}"' if line_no.isdigit() else ""
        items.append(
            f"<li{anchor}><span class='reason'>line {html.escape(line_no)}: {html.escape(_text(row.get('reason')))}"
            f"</span><span class='line'>{html.escape(_text(row.get('text')))}</span></li>"
        )
    return (
        f"<details><summary>{len(items)} line{'s' if len(items) != 1 else ''} dropped as boilerplate or metadata"
        f" (with the reason)</summary><ol>{''.join(items)}</ol></details>"
    )


def article_page(
    article: Mapping[str, object],
    entities: Rows = None,
    claims: Rows = None,
    quotes: Rows = None,
    dates: Rows = None,
    dropped: Rows = None,
    index_href: str = "../../index.html",
    max_body_chars: int = MAX_BODY_CHARS,
) -> str:
    """The page of one article (a row of ``articles`` as a mapping) and its annotations (each a frame
    or a list of records). A body longer than ``max_body_chars`` is shown up to there, with a note."""
    full_body = _text(article.get("body"))
    body = full_body[: max(max_body_chars, 0)]
    cut = (
        f"<p class='cut'>The first {len(body):,} of {len(full_body):,} characters are shown; the whole body is in "
        "the articles table (data/articles.parquet).</p>"
        if len(body) < len(full_body)
        else ""
    )
    spans = (
        spans_of("claim", claims, len(body))
        + spans_of("quote", quotes, len(body))
        + spans_of("date", dates, len(body))
        + spans_of("entity", entities, len(body))
    )
    counts = {kind: sum(1 for s in spans if s.kind == kind) for kind in ANCHOR_PREFIX}
    legend = (
        f"<span class='a claim'>{counts['claim']} figures</span><span class='a quote'>{counts['quote']} quotes</span>"
        f"<span class='a date'>{counts['date']} dates</span><span class='a entity'>{counts['entity']} names</span>"
        "<span>hover over a mark for its details</span>"
    )
    return _page(
        article,
        index_href,
        f"<div class='legend'>{legend}</div>",
        f"<main><div class='body'>{mark_up(body, spans)}</div>{cut}{_dropped_html(dropped)}</main>"
        "<footer>Offsets, classes and notes come from the Parquet tables under data/ (claims, quotes, dates,"
        " entities, dropped_lines).</footer>",
    )


def _page(article: Mapping[str, object], index_href: str, header_extra: str, content: str) -> str:
    """The frame every article page shares: head, style, a link to the index, the title and the metadata
    (all escaped here), then ``header_extra`` inside the header and ``content`` after it (markup, as given)."""
    title = _text(article.get("title")) or _text(article.get("article_id")) or "(untitled)"
    meta = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in _meta_rows(article))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
        f"<header><nav><a href='{html.escape(index_href)}'>newslab reports</a></nav>"
        f"<h1>{html.escape(title)}</h1><dl class='meta'>{meta}</dl>{header_extra}</header>"
        f"{content}</body></html>"
    )


def select_articles(
    articles: pd.DataFrame, linked: Iterable[str] = (), cap: int = DEFAULT_MAX_ARTICLE_PAGES
) -> list[str]:
    """Which articles get a page: those the report tables link to (in the order given), then the
    others in table order, at most ``cap`` (a negative cap means no limit)."""
    known = list(dict.fromkeys(articles["article_id"].astype(str))) if "article_id" in articles.columns else []
    known_set = set(known)
    ordered = list(dict.fromkeys([a for a in map(str, linked) if a in known_set] + known))
    return ordered if cap < 0 else ordered[: max(cap, 0)]


def article_pages(
    articles: pd.DataFrame,
    entities: pd.DataFrame | None = None,
    claims: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    dates: pd.DataFrame | None = None,
    dropped_lines: pd.DataFrame | None = None,
    article_ids: Iterable[str] | None = None,
    max_bytes: int | None = None,
) -> dict[str, str]:
    """``{"articles/<page>.html": html}`` for ``article_ids`` (default: every article), in that order,
    stopping before the page that would take the total past ``max_bytes`` (UTF-8)."""
    if articles is None or articles.empty or "article_id" not in articles.columns:
        return {}
    rows = articles.assign(article_id=articles["article_id"].astype(str)).drop_duplicates("article_id")
    wanted = list(rows["article_id"]) if article_ids is None else list(dict.fromkeys(map(str, article_ids)))
    ids = set(wanted)
    parts = {
        name: _by_article(table, ids)
        for name, table in (
            ("entities", entities),
            ("claims", claims),
            ("quotes", quotes),
            ("dates", dates),
            ("dropped", dropped_lines),
        )
    }
    by_id = {r["article_id"]: r for r in rows[rows["article_id"].isin(ids)].to_dict("records")}
    pages = {}
    total = 0
    for article_id in wanted:
        if article_id not in by_id:
            continue
        markup = article_page(by_id[article_id], **{name: part.get(article_id) for name, part in parts.items()})
        total += len(markup.encode("utf-8"))
        if max_bytes is not None and total > max_bytes:
            break
        pages[f"{ARTICLES_DIR}/{page_name(article_id)}"] = markup
    return pages


def placeholder_page(article: Mapping[str, object], index_href: str = "../../index.html") -> str:
    """A short page for a linked article that got no full page (past the page or byte cap): says why and
    where its text is, so no link in a report is dead."""
    return _page(
        article,
        index_href,
        "",
        "<main><p class='cut'>This run built pages for the most linked articles only (the run's "
        "<code>--max-article-pages</code> cap and a size budget), and this article was past them. Its text is in "
        "the articles table (data/articles.parquet) and its annotations in the other tables and CSV downloads; "
        "rerun with <code>--max-article-pages -1</code> to build every page.</p></main>",
    )


def placeholder_pages(articles: pd.DataFrame, linked: Iterable[str], built: Mapping[str, str]) -> dict[str, str]:
    """``{"articles/<page>.html": html}``: a :func:`placeholder_page` for each linked article of the table
    that has no page in ``built`` (an id the table does not hold gets nothing)."""
    if articles is None or articles.empty or "article_id" not in articles.columns:
        return {}
    rows = articles.assign(article_id=articles["article_id"].astype(str)).drop_duplicates("article_id")
    wanted = {str(a) for a in linked if f"{ARTICLES_DIR}/{page_name(a)}" not in built}
    return {
        f"{ARTICLES_DIR}/{page_name(row['article_id'])}": placeholder_page(row)
        for row in rows[rows["article_id"].isin(wanted)].to_dict("records")
    }


def write_pages(root: Path, pages: Mapping[str, str]) -> list[Path]:
    """Write ``pages`` under ``root`` (each atomically); returns the paths written."""
    written = []
    for relative, markup in pages.items():
        path = Path(root) / relative
        write_atomic(path, markup)
        written.append(path)
    return written
