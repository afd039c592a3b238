"""Site-building step for tracing figures back to their text: findings for the index, article pages.

Called by ``newslab.run`` after the notebooks ran and their pages were exported (the tables under
``<stage>/data`` are final then). Reads the tables once; writes ``reports/articles/*.html`` for the
articles the findings and the report tables link to first, up to ``max_article_pages`` (a linked article
past the cap gets a short placeholder page, so no link is dead); returns the findings' HTML for ``index.html``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd

from newslab import tables
from newslab.report import articles as article_pages_
from newslab.report import downloads, findings

TABLES = ("articles", "entities", "claims", "quotes", "dates", "dropped_lines", "problems", "threads")


def read_tables(output_dir: Path) -> dict[str, pd.DataFrame]:
    """The tables the run wrote (a missing one is left out); one that does not match this version's
    schema (another branch's columns) is read as it is, since every use here checks its columns."""
    out = {}
    for name in TABLES:
        path = tables.table_path(output_dir, name)
        if not path.exists():
            continue
        try:
            out[name] = tables.read_table(output_dir, name) if name in tables.SCHEMAS else pd.read_parquet(path)
        except (tables.SchemaError, ValueError, TypeError):
            out[name] = pd.read_parquet(path)
    return out


PAIR_COLUMNS = ("article_a", "article_b", "similarity")


def shown_pairs(reports: Path) -> pd.DataFrame | None:
    """The same-story pairs the overlap page showed, from its full CSV (the table with article_a,
    article_b and similarity), so the index agrees with the page and its threshold; None if absent."""
    import csv

    for path in sorted((Path(reports) / downloads.CSV_DIR).glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh), [])
        if set(PAIR_COLUMNS) <= set(header):
            return pd.read_csv(path, usecols=list(PAIR_COLUMNS), dtype={"article_a": str, "article_b": str})
    return None


def same_story_pairs(found: dict[str, pd.DataFrame], reports: Path | None = None) -> pd.DataFrame | None:
    """The overlap page's pairs; computed at the default threshold when no page showed them (needs
    articles, entities and claims)."""
    shown = shown_pairs(reports) if reports is not None else None
    if shown is not None:
        return shown
    if not {"articles", "entities", "claims"} <= set(found):
        return None
    from newslab.analyse import overlap

    return overlap.same_story_pairs(found["articles"], found["entities"], found["claims"])


def _warn(what: str, exc: BaseException) -> None:
    print(
        f"[newslab] warning: {what} failed ({type(exc).__name__}: {exc}); the rest of the site is built",
        file=sys.stderr,
    )


def build(output_dir: Path, max_article_pages: int = article_pages_.DEFAULT_MAX_ARTICLE_PAGES) -> str:
    """Write the article pages under ``<output_dir>/reports/``; return the findings HTML.

    Neither part may fail a run whose notebooks succeeded: a failure is reported as a warning and
    the site is published without that part."""
    output_dir = Path(output_dir)
    reports = output_dir / "reports"
    found = read_tables(output_dir)
    items: list[findings.Finding] = []
    try:
        items = findings.findings(found, same_story_pairs(found, reports))
    except Exception as exc:  # noqa: BLE001 -- any table value; the run goes on
        _warn("the findings for index.html", exc)
    linked = findings.linked_ids(items) + downloads.linked_articles(reports)
    shutil.rmtree(reports / downloads.LINKED_DIR, ignore_errors=True)
    try:
        _write_article_pages(found, reports, linked, max_article_pages)
    except Exception as exc:  # noqa: BLE001 -- any table value; the run goes on
        _warn("the article pages", exc)
    return findings.findings_html(items)


def _write_article_pages(found: dict[str, pd.DataFrame], reports: Path, linked: list[str], cap: int) -> None:
    if "articles" in found:
        chosen = article_pages_.select_articles(found["articles"], linked, cap)
        pages = article_pages_.article_pages(
            found["articles"],
            found.get("entities"),
            found.get("claims"),
            found.get("quotes"),
            found.get("dates"),
            found.get("dropped_lines"),
            article_ids=chosen,
            max_bytes=article_pages_.DEFAULT_MAX_ARTICLE_BYTES,
        )
        article_pages_.write_pages(reports, pages)
        article_pages_.write_pages(reports, article_pages_.placeholder_pages(found["articles"], linked, pages))
