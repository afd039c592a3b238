"""Full downloads: every table a page shows, however it was cut, as a complete CSV beside the page.

``newslab.run`` names the folder the reader pages go to in the environment variable
``NEWSLAB_REPORTS_DIR`` before it starts the notebooks' kernels; :func:`save_csv` (called by
``report.show_table``) writes ``<reports>/csv/<caption>-<hash>.csv`` there, and the page links it
as ``csv/...`` (reader and full pages both sit in ``reports/``). The name is derived from the caption
and the content, so reruns produce the same names and two tables never collide. In JupyterLab
(no variable set) nothing is written and no link is shown.

It also notes, per table, the articles its link column points to (``<reports>/.linked/``), so the
site builder can give those articles a page first (see :func:`linked_articles`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from newslab.atomic import write_atomic

ENV_VAR = "NEWSLAB_REPORTS_DIR"
CSV_DIR = "csv"
LINKED_DIR = ".linked"


@contextlib.contextmanager
def for_kernels(folder: Path) -> Iterator[None]:
    """While the block runs, kernels started from this process write their tables' CSVs under ``folder``
    (they inherit the environment); the variable is restored afterwards."""
    before = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = before


def reports_dir() -> Path | None:
    value = os.environ.get(ENV_VAR, "")
    return Path(value) if value else None


def slug(text: str, max_len: int = 40) -> str:
    """A file-name-safe short form of a caption ("Claims ledger (first 10)" -> "claims-ledger-first-10")."""
    out = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return out[:max_len].strip("-") or "table"


# A spreadsheet runs a cell starting with these as a formula; article text is untrusted (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def table_for_csv(df: pd.DataFrame) -> pd.DataFrame:
    """Every row and every character; lists joined with "; "; a named index (a group key) as a column.

    Text cells that a spreadsheet would run as a formula get a leading apostrophe (the only change)."""
    unnamed = df.index.name is None and all(n is None for n in df.index.names)
    out = df.reset_index(drop=unnamed and pd.api.types.is_integer_dtype(df.index.dtype))
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: _inert("; ".join(map(str, v)) if isinstance(v, list | tuple) else v), na_action="ignore"
            )
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    return table_for_csv(df).to_csv(index=False).encode("utf-8")


def save_csv(
    df: pd.DataFrame,
    caption: str,
    linked_ids: list[str] | None = None,
    root: Path | None = None,
    to_annotations: bool = True,
) -> str:
    """Write ``df`` as CSV under ``<root>/csv/`` (``root`` defaults to :func:`reports_dir`); return the
    href relative to the pages (``csv/<name>.csv``), or "" when there is nowhere to write.

    ``linked_ids`` are the articles the shown rows link to, ``to_annotations`` whether those links
    point at annotations (a figure, a quote) rather than at the top of an article."""
    root = root if root is not None else reports_dir()
    if root is None:
        return ""
    try:
        data = csv_bytes(df)
        name = f"{slug(caption)}-{hashlib.sha256(data).hexdigest()[:10]}.csv"
        write_atomic(Path(root) / CSV_DIR / name, data)
        if linked_ids:
            kind = "annotations" if to_annotations else "articles"
            write_atomic(Path(root) / LINKED_DIR / f"{name}.{kind}.txt", "\n".join(linked_ids) + "\n")
    except (OSError, ValueError) as exc:  # a full disk must not fail the notebook: the table is still shown
        print(f"warning: the CSV of table {caption!r} could not be written: {exc}", file=sys.stderr)
        return ""
    return f"{CSV_DIR}/{name}"


def download_html(href: str, n_rows: int, n_shown: int) -> str:
    """The line under a table that links its CSV ("All 2,962 rows as CSV")."""
    import html

    if not href:
        return ""
    what = f"All {n_rows:,} rows" if n_rows > n_shown else f"These {n_rows:,} rows"
    return (
        f'<p class="newslab-download" style="margin:.3em 0 1.2em;font-size:13px">'
        f'<a href="{html.escape(href)}" download>{what} as CSV</a> (every column in full)</p>'
    )


def linked_articles(root: Path) -> list[str]:
    """Article ids the tables under ``root`` link to: those linked to an annotation first, then those
    linked as a whole; within each, most linked first (then first seen)."""
    folder = Path(root) / LINKED_DIR
    to_annotations: dict[str, int] = {}
    to_articles: dict[str, int] = {}
    for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        counts = to_articles if path.name.endswith(".articles.txt") else to_annotations
        for line in path.read_text(encoding="utf-8").splitlines():
            if line:
                counts[line] = counts.get(line, 0) + 1
    ids = list(dict.fromkeys([*to_annotations, *to_articles]))
    return sorted(ids, key=lambda a: (-to_annotations.get(a, 0), -to_articles.get(a, 0)))
