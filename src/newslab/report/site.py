"""Stage 4, the site: run metadata, corpus summary, page export, the footer and ``index.html``.

``build_site`` turns the executed notebooks of a staging folder into the published pages: every
reader and full page carries the same footer (corpus, model, parameters, version), and
``index.html`` links them under the corpus counts. Article text reaches HTML only through
:func:`escape` (and nbconvert's export of outputs the notebooks made safe).
"""

from __future__ import annotations

import copy
import hashlib
import html
import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from newslab import __version__, tables
from newslab.atomic import write_atomic
from newslab.config import PROJECT_ROOT, RunParams, notebook_parameters, shown_path
from newslab.report.articles import DEFAULT_MAX_ARTICLE_PAGES

if TYPE_CHECKING:
    from nbformat import NotebookNode

# nbconvert's lab template loads require.js and MathJax from a CDN; the pages need neither and must
# work offline from file:// without failed requests, so remote scripts are removed on export.
REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=[\"']https?://[^>]*>\s*</script>", re.I)


class Page(Protocol):
    """What the site needs of a notebook of the manifest (``run.Notebook``)."""

    name: str
    title: str
    description: str


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


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
        write_atomic(path, body)


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
.findings{padding-left:1.2em}.findings li{margin:.55em 0}.findings .links{font-size:.9em}
"""


def build_index(output_dir: Path, pages: list[dict], summary: dict, footer_html: str, findings_html: str = "") -> Path:
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
        f"{findings_html}<h2>Pages</h2><ul class='pages'>{''.join(items)}</ul><h2>Corpus</h2><table>{rows}</table>"
        f"{footer_html}</body></html>"
    )
    path = Path(output_dir) / "index.html"
    write_atomic(path, markup)
    return path


def git_commit(root: Path = PROJECT_ROOT) -> str:
    try:
        sha = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (sha + ("-dirty" if dirty else "")) if sha else "unknown"


def run_metadata(params: RunParams, stage: Path) -> dict[str, object]:
    """What every page's footer states about the run."""
    from newslab.annotate.pipeline import model_version

    parameters = notebook_parameters(params, Path("<OUT>"))
    parameters["corpus_dir"] = shown_path(params.corpus_dir)
    parameters["cache_dir"] = shown_path(params.cache_dir)
    if Path(params.model).is_dir():  # a pipeline folder rather than an installed package name
        parameters["model"] = shown_path(Path(params.model).resolve())
    meta: dict[str, object] = {
        "corpus_folder": parameters["corpus_dir"],
        "corpus_hash": "",
        "n_articles": 0,
        "model": parameters["model"],
        "model_version": model_version(params.model),
        "parameters": parameters,
        "package_version": __version__,
        "git_commit": git_commit(),
    }
    articles_path = tables.table_path(stage, "articles")
    if articles_path.exists():
        articles = tables.read_table(stage, "articles")
        meta["n_articles"] = len(articles)
        meta["corpus_hash"] = corpus_fingerprint(articles["sha256"].tolist())
    return meta


def corpus_summary(stage: Path) -> dict[str, object]:
    """Counts for the landing page, from whichever tables the run wrote."""
    summary: dict[str, object] = {}
    for name in ("articles", "entities", "claims", "quotes", "dates", "problems", "dropped_lines"):
        if tables.table_path(stage, name).exists():
            summary[name] = len(tables.read_table(stage, name))
    # The landing page counts every problem of the run, whichever stage noted it.
    if "problems" in summary and tables.table_path(stage, "annotate_problems").exists():
        summary["problems"] = int(summary["problems"]) + len(tables.read_table(stage, "annotate_problems"))
    if tables.table_path(stage, "articles").exists():
        articles = tables.read_table(stage, "articles")
        outlets = articles["outlet"][articles["outlet"] != ""]
        summary["outlets"] = int(outlets.nunique())
        dated = sorted(p for p in articles["published"] if p)
        summary["published"] = f"{dated[0][:10]} to {dated[-1][:10]}" if dated else "not stated"
    return summary


def export_pages(executed: Sequence[tuple[Page, Path]], stage: Path, footer: str, failed: bool = False) -> list[dict]:
    """Reader and full HTML pages under ``stage/reports`` for each executed notebook; the index's entries."""
    pages = []
    for nb, path in executed:
        reader = stage / "reports" / f"{nb.name}.html"
        full = stage / "reports" / f"{nb.name}.full.html"
        export_notebook(path, reader, full, footer)
        pages.append(
            {
                "title": nb.title,
                "description": nb.description,
                "reader": f"reports/{reader.name}",
                "full": f"reports/{full.name}",
                "status": "failed" if failed else "ok",
            }
        )
    return pages


def build_site(
    executed: Sequence[tuple[Page, Path]],
    params: RunParams,
    stage: Path,
    max_article_pages: int = DEFAULT_MAX_ARTICLE_PAGES,
    pages: list[dict] | None = None,
    footer: str | None = None,
) -> Path:
    """Every page of a successful run, the annotated article pages and the ``index.html`` linking them
    (opening with the findings), in ``stage``. ``pages``: the index entries of pages already exported
    (by :func:`export_pages`, while later notebooks ran); ``None`` exports them here. ``footer``: the run
    footer those pages carry (built here when not given)."""
    from newslab.report import traces  # imports the report helpers, which import this module

    footer = footer or run_footer(run_metadata(params, stage))
    if pages is None:
        pages = export_pages(executed, stage, footer)
    findings_html = traces.build(stage, max_article_pages)
    return build_index(stage, pages, corpus_summary(stage), footer, findings_html)


def export_failed_page(nb: Page, executed: Path, params: RunParams, stage: Path, into: Path) -> None:
    """The failed notebook's reader and full pages, moved into ``into`` (``<OUT>/failed``)."""
    footer = run_footer(run_metadata(params, stage))
    export_pages([(nb, executed)], stage, footer, failed=True)
    for page in (stage / "reports").glob(f"{nb.name}*.html"):
        os.replace(page, into / page.name)
