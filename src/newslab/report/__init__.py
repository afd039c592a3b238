"""Stage 4: safe HTML for the notebooks; the site (page export, footer, ``index.html``) is built in ``site``.

The corpus is untrusted web text and nbconvert does not sanitise outputs, so every piece of
article text reaches HTML through a helper here that escapes it: tables go through itables with
HTML rendering off (``allow_html=False``: cells are shown as text; the one link column is built by a
render function from URL-safe characters only, see :mod:`newslab.report.links`), entity highlights through
displaCy (which escapes the text), headings and paragraphs through :func:`html.escape`.
Notebooks never pass article text to ``Markdown()``.
"""

from __future__ import annotations

import pandas as pd

from newslab.atomic import write_atomic as write_html_atomic
from newslab.report import downloads, readable
from newslab.report import links as links_
from newslab.report.links import Link as Link  # notebooks write report.Link(...)
from newslab.report.site import (
    REMOTE_SCRIPT,
    build_index,
    corpus_fingerprint,
    escape,
    export_notebook,
    run_footer,
    without_stderr,
)

MAX_CELL_CHARS = 300
_ITABLES_READY = False


def _display_html(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))


def _init_itables() -> None:
    global _ITABLES_READY
    if not _ITABLES_READY:
        import itables

        itables.init_notebook_mode(connected=False)
        _ITABLES_READY = True


def table_for_display(df: pd.DataFrame, max_rows: int = 2000) -> pd.DataFrame:
    """Lists joined, long text cut, rows capped: what a page can hold.

    A named or non-integer index (a groupby key) becomes a column; row numbers left over from
    filtering are dropped, since they mean nothing to a reader.
    """
    out = df.head(max_rows)
    unnamed_row_numbers = out.index.name is None and pd.api.types.is_integer_dtype(out.index.dtype)
    out = out.reset_index(drop=unnamed_row_numbers)
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = (
                out[col].map(lambda v: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v).astype("string")
            )
            out[col] = out[col].map(
                lambda v: v if not isinstance(v, str) or len(v) <= MAX_CELL_CHARS else v[: MAX_CELL_CHARS - 1] + "…"
            )
    return out


def show_table(
    df: pd.DataFrame,
    caption: str = "",
    max_rows: int = 2000,
    links: links_.Link | str | list | None = None,
    columns: list[str] | None = None,
) -> None:
    """An interactive (sortable, searchable, paginated) table that works offline; cells escaped.

    ``links`` adds a column linking each row to its annotation in the article pages (see
    :mod:`newslab.report.links`; by default guessed from the columns, ``[]`` for none); under
    ``newslab.run`` the complete table is also written as CSV beside the page and linked under it
    (:mod:`newslab.report.downloads`). ``columns`` names the columns the page shows, in order (default: all), so
    a wide table stays readable on a laptop screen while its CSV keeps every column.
    """
    import itables

    _init_itables()
    chosen = links_.infer_links(df) if links is None else links_.as_links(links)
    linked, link_columns, replaced = links_.with_links(df, chosen)
    on_page = linked.drop(columns=replaced)
    if columns is not None:
        on_page = on_page[link_columns + [c for c in dict.fromkeys(columns) if c in on_page.columns]]
    shown = table_for_display(on_page, max_rows)
    note = f" (first {max_rows} of {len(df)} rows)" if len(df) > max_rows else f" ({len(df)} rows)"
    # DataTables right-aligns every cell; text reads better from the left.
    text_columns = [i for i, col in enumerate(shown.columns) if pd.api.types.is_string_dtype(shown[col])]
    classes = readable.column_classes(shown.drop(columns=link_columns))
    offset = len(link_columns)  # link columns come first
    link_positions = [shown.columns.get_loc(c) for c in link_columns]
    itables.show(
        readable.format_numbers(readable.one_line(shown)),
        caption=escape(caption + note),
        allow_html=False,
        maxBytes=0,
        lengthMenu=[10, 25, 100],
        showIndex=False,
        classes=readable.TABLE_CLASSES,
        style=readable.TABLE_STYLE,
        css=readable.TABLE_CSS,
        columnDefs=[
            {"className": "dt-left", "targets": text_columns},
            *({"className": f"dt-left {c}", "targets": [i + offset for i in cols]} for c, cols in classes.items()),
            {"render": itables.JavascriptFunction(links_.RENDER_LINK), "targets": link_positions},
        ],
    )
    href = downloads.save_csv(
        linked.drop(columns=link_columns),
        caption,
        links_.linked_article_ids(df.head(max_rows), chosen),
        to_annotations=any(link.kind for link in chosen),
    )
    if href:
        _display_html(downloads.download_html(href, len(df), min(len(df), max_rows)))


def show_heading(text: str, level: int = 3) -> None:
    level = min(max(int(level), 1), 6)
    _display_html(f"<h{level}>{escape(text)}</h{level}>")


def show_text(text: str) -> None:
    _display_html(f"<p>{escape(text)}</p>")


def entities_html(body: str, entities: pd.DataFrame, title: str = "", max_chars: int = 20_000) -> str:
    from spacy import displacy

    text = str(body)[:max_chars]
    markup = displacy.render(
        [{"text": text, "ents": _drawable_spans(entities, len(text)), "title": None}],
        style="ent",
        manual=True,
        jupyter=False,
    )
    heading = f"<h4>{escape(title)}</h4>" if title else ""
    more = f"<p><em>First {max_chars} characters of {len(body)}.</em></p>" if len(body) > max_chars else ""
    return heading + markup + more


def _drawable_spans(entities: pd.DataFrame, n_chars: int) -> list[dict]:
    """Entity spans displaCy can draw: offsets present and inside the text, no overlaps (of overlapping
    spans the first, then longest, wins), labels escaped (displaCy escapes the text but not the label)."""
    columns = zip(entities["start"], entities["end"], entities["label"], strict=True)
    rows = [(int(start), int(end), label) for start, end, label in columns if pd.notna(start) and pd.notna(end)]
    spans = []
    last_end = 0
    for start, end, label in sorted(rows, key=lambda row: (row[0], -row[1])):
        if last_end <= start < end <= n_chars:
            spans.append({"start": start, "end": end, "label": escape(label)})
            last_end = end
    return spans


def show_entities(body: str, entities: pd.DataFrame, title: str = "") -> None:
    _display_html(entities_html(body, entities, title))


__all__ = [
    "MAX_CELL_CHARS",
    "Link",
    "REMOTE_SCRIPT",
    "build_index",
    "corpus_fingerprint",
    "entities_html",
    "escape",
    "export_notebook",
    "run_footer",
    "show_entities",
    "show_heading",
    "show_table",
    "show_text",
    "table_for_display",
    "without_stderr",
    "write_html_atomic",
]
