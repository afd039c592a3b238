"""Links from report table rows to the exact annotation in its article page.

An annotation's anchor is ``<prefix>-<start>`` (``claim-120``, ``quote-88``, ``date-5``, ``ent-0``): its
kind and its character offset in ``articles.body``, so a row of any table that keeps ``article_id``
and ``start`` can point at it: ``articles/<article_id>.html#claim-120`` (relative to ``reports/``).

In the interactive tables the link column holds the href as plain data and a small DataTables
render function turns it into ``<a href=...>``; every other cell stays text (itables'
``allow_html=False``). Hrefs are built here from percent-quoted parts and the render function
keeps only URL-safe characters, so no cell can inject markup.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

ANCHOR_PREFIX = {"claim": "claim", "quote": "quote", "date": "date", "entity": "ent"}
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}")
#: Columns whose names start with this are helpers for links: used, never shown.
HIDDEN_PREFIX = "_"


def anchor_id(kind: str, start: object) -> str:
    """The element id of an annotation of ``kind`` starting at ``start`` (``claim-120``)."""
    return f"{ANCHOR_PREFIX.get(kind, kind)}-{int(start)}"  # type: ignore[call-overload]


def page_name(article_id: object) -> str:
    """The file name of an article's page: the id itself (ids are file-name safe slugs), or a hash of
    it when an id from elsewhere is not."""
    text = str(article_id)
    if _SAFE_NAME.fullmatch(text) and ".." not in text:
        return f"{text}.html"
    return f"a-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:20]}.html"


def article_href(article_id: object, kind: str | None = None, start: object = None, base: str = "articles/") -> str:
    """``articles/<page>.html#<anchor>``; without a kind or start, the top of the page. Empty for no id."""
    if article_id is None or (not isinstance(article_id, str) and pd.isna(article_id)) or str(article_id) == "":
        return ""
    href = base + quote(page_name(article_id))
    try:
        has_start = start is not None and not pd.isna(start)
    except (TypeError, ValueError):
        has_start = False
    if kind and has_start:
        with contextlib.suppress(TypeError, ValueError, OverflowError):
            href += "#" + quote(anchor_id(kind, start))
    return href


@dataclass(frozen=True)
class Link:
    """A link column for a table: to annotations of ``kind`` (None: the article's top) found by the
    row's ``article`` and ``start`` columns; ``header`` names the column. The page hides the columns
    the link replaces (the offset always, the article id with ``hide_article``); the CSV keeps them."""

    kind: str | None = None
    article: str = "article_id"
    start: str | None = "start"
    header: str = "open"
    hide_article: bool = False
    hide_start: bool = True


def as_links(links: Link | str | Sequence[Link | str] | None) -> list[Link]:
    if links is None:
        return []
    if isinstance(links, Link | str):
        links = [links]
    return [Link(kind=item) if isinstance(item, str) else item for item in links]


def infer_links(df: pd.DataFrame) -> list[Link]:
    """Links for a table shown without explicit ones: a row of an annotation table (``article_id`` and an
    integer ``start``) links to its annotation, guessed from the table's columns; any other row
    naming an ``article_id`` links to the top of that article's page."""
    if "article_id" not in df.columns:
        return []
    if "start" in df.columns and pd.api.types.is_integer_dtype(df["start"]):
        columns = set(df.columns)
        for kind, needs in (("quote", {"quote"}), ("claim", {"value", "qualifier"}), ("date", {"resolved"})):
            if needs <= columns:
                return [Link(kind)]
        if {"label", "text"} <= columns:
            return [Link("entity")]
    return [Link(None)]


def hrefs(df: pd.DataFrame, link: Link, base: str = "articles/") -> pd.Series:
    """One href per row (empty when the row names no article)."""
    if link.article not in df.columns:
        return pd.Series([""] * len(df), index=df.index, dtype="object")
    starts = df[link.start] if link.start and link.start in df.columns else pd.Series([None] * len(df), index=df.index)
    values = [
        article_href(a, link.kind, s, base) for a, s in zip(df[link.article].tolist(), starts.tolist(), strict=True)
    ]
    return pd.Series(values, index=df.index, dtype="object")


def with_links(
    df: pd.DataFrame, links: Link | str | Sequence[Link | str] | None
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """``df`` with one href column per link in front and helper columns (``_...``) dropped; the
    names of the link columns; and the columns the page need not show (the links replace them)."""
    out = df.copy()
    names: list[str] = []
    replaced: list[str] = []
    for link in as_links(links):
        replaced += [
            c
            for c in (link.start if link.hide_start else None, link.article if link.hide_article else None)
            if c in df.columns
        ]
        name = link.header
        while name in out.columns or name in names:
            name += " "
        out.insert(len(names), name, hrefs(df, link).map(compact))
        names.append(name)
    hidden = [c for c in out.columns if str(c).startswith(HIDDEN_PREFIX)]
    return out.drop(columns=hidden), names, [c for c in dict.fromkeys(replaced) if c not in hidden]


def linked_article_ids(df: pd.DataFrame, links: Link | str | Sequence[Link | str] | None) -> list[str]:
    """Article ids the rows of ``df`` link to, in row order, each once (which articles need a page)."""
    ids: dict[str, None] = {}
    columns = [link.article for link in as_links(links) if link.article in df.columns]
    for values in zip(*(df[c].tolist() for c in columns), strict=True):
        for value in values:
            if isinstance(value, str) and value:
                ids.setdefault(value, None)
    return list(ids)


def compact(href: str) -> str:
    """``articles/x.html#claim-3`` -> ``x#claim-3``: what a table cell holds (:data:`RENDER_LINK` expands it),
    so thousands of rows cost fewer bytes."""
    path, hash_mark, anchor = href.partition("#")
    stem = path.rsplit("/", 1)[-1].removesuffix(".html")
    return stem + hash_mark + anchor if path else ""


def page_stem(href: str) -> str:
    """The article id (page stem, unquoted) an ``articles/<page>.html#...`` link points at: the inverse of
    :func:`article_href` for the ids that are their own page names."""
    from urllib.parse import unquote

    return unquote(compact(href).partition("#")[0])


#: DataTables render function for a link column: the cell holds ``<page stem>#<anchor>`` (see :func:`compact`);
#: on display it becomes a link to ``articles/<stem>.html#<anchor>``, otherwise (sorting, search) it stays
#: as it is. Only URL-safe characters survive, whatever the data.
RENDER_LINK = (
    "function (data, type) { if (type !== 'display' || !data) { return data; } "
    "var parts = String(data).replace(/[^A-Za-z0-9._~#%-]/g, '').split('#'); "
    "var href = 'articles/' + parts[0] + '.html' + (parts.length > 1 ? '#' + parts[1] : ''); "
    "return '<a class=\"newslab-link\" href=\"' + href + '\" title=\"' + (href.indexOf('#') > 0 ? "
    "'open it highlighted in its article' : 'open the article') + '\">\\u2197</a>'; }"
)


def locate(
    frame: pd.DataFrame, table: pd.DataFrame, on: Mapping[str, str], suffix: str = "", start: str = "start"
) -> pd.DataFrame:
    """``frame`` plus ``_article<suffix>`` and ``_start<suffix>``: where the first row of ``table``
    matching each row of ``frame`` is (``on`` maps frame columns to table columns).

    For tables that summarise annotations (counts per name, quotes per speaker, pairs of claims):
    the row links to an example of what it summarises. Rows without a match get no link.
    """
    art_col, start_col = f"{HIDDEN_PREFIX}article{suffix}", f"{HIDDEN_PREFIX}start{suffix}"
    keys_frame, keys_table = list(on), list(on.values())
    if (
        frame.empty
        or table is None
        or table.empty
        or not set(keys_table) <= set(table.columns)
        or not set(keys_frame) <= set(frame.columns)
        or "article_id" not in table.columns
    ):
        return frame.assign(**{art_col: "", start_col: pd.NA})
    key_cols = [f"{HIDDEN_PREFIX}key_{k}" for k in keys_frame]
    first = pd.DataFrame({c: table[k].astype(str) for k, c in zip(keys_table, key_cols, strict=True)})
    first[art_col] = table["article_id"].astype(str)
    first[start_col] = table[start] if start in table.columns else pd.NA
    first = first.drop_duplicates(key_cols)
    left = frame.reset_index(drop=True)
    keys = pd.DataFrame({c: left[k].astype(str) for k, c in zip(keys_frame, key_cols, strict=True)})
    left = pd.concat([left, keys], axis=1)
    # drop_duplicates above makes the right side unique per key: the merge keeps frame's rows and order.
    merged = left.merge(first, on=key_cols, how="left").drop(columns=key_cols)
    merged.index = frame.index
    if start_col not in merged.columns:
        merged[start_col] = pd.NA
    merged[art_col] = merged[art_col].fillna("")
    return merged


def cooccurrence_examples(
    edges: pd.DataFrame, entities: pd.DataFrame, a: str = "source", b: str = "target", limit: int | None = None
) -> pd.DataFrame:
    """``edges`` (pairs of canonical names) plus ``_article`` and ``_start``: the first sentence where both
    names appear, pointing at the first name's mention there. Rows with no such sentence, and rows after
    the first ``limit`` (those a page does not show), get no link."""
    art_col, start_col = f"{HIDDEN_PREFIX}article", f"{HIDDEN_PREFIX}start"
    needed = {"article_id", "sentence", "canonical", "start"}
    if edges.empty or not needed <= set(entities.columns) or not {a, b} <= set(edges.columns):
        return edges.assign(**{art_col: "", start_col: pd.NA})
    shown = edges if limit is None else edges.head(max(limit, 0))
    names = set(shown[a].astype(str)) | set(shown[b].astype(str))
    ents = entities[entities["canonical"].astype(str).isin(names)][["article_id", "sentence", "canonical", "start"]]
    ents = ents.assign(canonical=ents["canonical"].astype(str))
    left = ents.rename(columns={"canonical": a, "start": start_col})
    right = ents.drop(columns="start").rename(columns={"canonical": b}).drop_duplicates()
    wanted = shown[[a, b]].astype(str).drop_duplicates()
    both = left.merge(wanted, on=a).merge(right, on=["article_id", "sentence", b])
    first = both.drop_duplicates([a, b]).rename(columns={"article_id": art_col})[[a, b, art_col, start_col]]
    out = edges.assign(**{a: edges[a].astype(str), b: edges[b].astype(str)}).merge(first, on=[a, b], how="left")
    out.index = edges.index
    out[art_col] = out[art_col].fillna("")
    return out.astype({a: edges[a].dtype, b: edges[b].dtype})
