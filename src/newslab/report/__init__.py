"""Stage 4: safe HTML for the notebooks, page export, the run footer and ``index.html``.

The corpus is untrusted web text and nbconvert does not sanitise outputs, so every piece of
article text reaches HTML through a helper here that escapes it: tables go through itables with
HTML rendering off (``allow_html=False``: cells are shown as text), entity highlights through
displaCy (which escapes the text), headings and paragraphs through :func:`html.escape`.
Notebooks never pass article text to ``Markdown()``.
"""

from __future__ import annotations

import copy
import hashlib
import html
import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from nbformat import NotebookNode

MAX_CELL_CHARS = 300
# nbconvert's lab template loads require.js and MathJax from a CDN; the pages need neither and must
# work offline from file:// without failed requests, so remote scripts are removed on export.
REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=[\"']https?://[^>]*>\s*</script>", re.I)
_ITABLES_READY = False


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


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


def show_table(df: pd.DataFrame, caption: str = "", max_rows: int = 2000) -> None:
    """An interactive (sortable, searchable, paginated) table that works offline; cells escaped."""
    import itables

    _init_itables()
    shown = table_for_display(df, max_rows)
    note = f" (first {max_rows} of {len(df)} rows)" if len(df) > max_rows else f" ({len(df)} rows)"
    # DataTables right-aligns every cell; text reads better from the left.
    text_columns = [i for i, col in enumerate(shown.columns) if pd.api.types.is_string_dtype(shown[col])]
    itables.show(
        shown,
        caption=escape(caption + note),
        allow_html=False,
        maxBytes=0,
        lengthMenu=[10, 25, 100],
        showIndex=False,
        columnDefs=[{"className": "dt-left", "targets": text_columns}],
    )


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


def write_html_atomic(path: Path, markup: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Not mkstemp: its mode 0600 would keep a web server running as another user from serving the
    # pages. O_CREAT with 0666 lets the umask decide (0644 under the usual 022), as for any file.
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(markup)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def corpus_fingerprint(sha256s: Iterable[str]) -> str:
    digest = hashlib.sha256("\n".join(sorted(map(str, sha256s))).encode("utf-8")).hexdigest()
    return digest[:16]


FOOTER_CSS = (
    "<style>.newslab-footer{margin:3em auto 1em;padding:1em 2em;max-width:1100px;border-top:1px solid #ccc;"
    "font:13px/1.5 system-ui,sans-serif;color:#444}.newslab-footer dt{font-weight:600;float:left;clear:left;"
    "width:11em}.newslab-footer dd{margin-left:12em}</style>"
)


def run_footer(meta: dict) -> str:
    params = meta.get("parameters") or {}
    rows = [
        ("Corpus folder", meta.get("corpus_folder", "")),
        ("Corpus hash", meta.get("corpus_hash", "")),
        ("Articles", meta.get("n_articles", "")),
        ("Model", f"{meta.get('model', '')} ({meta.get('model_version', '')})"),
        ("Parameters", ", ".join(f"{k}={v}" for k, v in params.items())),
        ("newslab version", meta.get("package_version", "")),
        ("Git commit", meta.get("git_commit", "")),
    ]
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    return f'{FOOTER_CSS}<footer class="newslab-footer"><dl>{items}</dl></footer>'


def export_notebook(executed: Path, reader_html: Path, full_html: Path, footer_html: str) -> None:
    """Reader page (no code) and full page (with code) from an executed notebook, figures embedded.

    The reader page also leaves out the cells' stderr (progress bars, library warnings): it is for
    people who read results, and everything a reader must know is in the tables (``problems``) and
    in error outputs, which it keeps. The full page keeps everything.
    """
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(executed), as_version=4)
    for path, hide_code in ((reader_html, True), (full_html, False)):
        exporter = HTMLExporter(template_name="lab")
        exporter.exclude_input = hide_code
        exporter.exclude_input_prompt = hide_code
        exporter.exclude_output_prompt = hide_code
        body, _ = exporter.from_notebook_node(without_stderr(nb) if hide_code else nb)
        body = REMOTE_SCRIPT.sub("", body)
        body = body.replace("</body>", footer_html + "</body>", 1) if "</body>" in body else body + footer_html
        write_html_atomic(path, body)


def without_stderr(nb: NotebookNode) -> NotebookNode:
    """A copy of ``nb`` whose code cells keep every output except stderr streams."""
    clean = copy.deepcopy(nb)
    for cell in clean.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.get("name") == "stderr")]
    return clean


INDEX_CSS = """
body{font:16px/1.55 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1.5em;color:#222}
h1{font-size:1.8em;margin-bottom:.2em}.lead{color:#555}table{border-collapse:collapse;margin:1em 0}
td,th{padding:.35em .9em;border-bottom:1px solid #e3e3e3;text-align:left}th{background:#f6f6f6}
.pages li{margin:.6em 0}.failed{color:#b00020;font-weight:600}a{color:#0b5cad}
"""


def build_index(output_dir: Path, pages: list[dict], summary: dict, footer_html: str) -> Path:
    rows = "".join(f"<tr><th>{escape(k.replace('_', ' '))}</th><td>{escape(v)}</td></tr>" for k, v in summary.items())
    items = []
    for page in pages:
        status = ' <span class="failed">failed</span>' if page.get("status") == "failed" else ""
        items.append(
            f"<li><strong>{escape(page['title'])}</strong>{status}: {escape(page.get('description', ''))}<br>"
            f'<a href="{escape(page["reader"])}">reader page</a> · '
            f'<a href="{escape(page["full"])}">full page with code</a></li>'
        )
    markup = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>newslab reports</title>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><style>{INDEX_CSS}</style></head><body>"
        "<h1>newslab reports</h1><p class='lead'>Who is involved, which figures are claimed and by whom, what was said,"
        " when, and which articles tell the same story. Reader pages hide the code; full pages show it.</p>"
        f"<h2>Corpus</h2><table>{rows}</table><h2>Pages</h2><ul class='pages'>{''.join(items)}</ul>"
        f"{footer_html}</body></html>"
    )
    path = Path(output_dir) / "index.html"
    write_html_atomic(path, markup)
    return path
