"""The Parquet tables under ``<OUT>/data/``: their columns, and atomic reading and writing.

The tables are the project's public interface. ``SCHEMAS`` is the single place that names
every table, its columns in order, their dtype and a one-line description; the README's
table reference is generated from it (``python -m newslab.tables``) and a test keeps the two
in step. Changing a column here is a breaking change: add columns, never rename them.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # "string", "Int64", "float64", "bool", "list<string>"
    description: str


def _cols(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


_SPAN = (
    ("article_id", "string", "The article's id (see `articles.article_id`)."),
    ("start", "Int64", "Character offset where the span starts in `articles.body`."),
    ("end", "Int64", "Character offset where the span ends: `body[start:end]` is the span."),
)

SCHEMAS: dict[str, tuple[Column, ...]] = {
    "articles": _cols(
        ("article_id", "string", "Stable id, unique in the corpus, safe as a file name (from the relative path)."),
        ("source_path", "string", "Path of the file relative to the corpus folder (POSIX separators)."),
        ("title", "string", "Headline; empty when the file does not give one."),
        ("author", "string", "Byline author(s); empty when not stated."),
        ("published", "string", "Publication date/time in ISO 8601; empty when not stated."),
        ("outlet", "string", "Publishing outlet (from the record, the URL or a credit line); empty when unknown."),
        ("original_source", "string", 'Source the article credits ("Original Source: X", "Read more at X").'),
        ("section", "string", 'Section or category label (e.g. "World news"); empty when not stated.'),
        ("tags", "list<string>", "Tag list given by the page, as written."),
        ("body", "string", "Cleaned article text: body paragraphs joined by blank lines. Offsets point here."),
        ("n_chars_raw", "Int64", "Characters of the decoded input for this article before cleaning."),
        ("n_chars_body", "Int64", "Characters of `body`."),
        ("sha256", "string", "SHA-256 of the file's raw bytes."),
        ("duplicate_of", "string", "article_id of the first article with identical raw bytes; empty if none."),
    ),
    "dropped_lines": _cols(
        ("article_id", "string", "The article the line was removed from."),
        ("line_no", "Int64", "1-based line number in the decoded text (or record body)."),
        ("text", "string", "The line as it was."),
        ("reason", "string", "Why it was dropped (e.g. `cookie notice`, `related-stories sidebar`, `tag list`)."),
    ),
    "problems": _cols(
        ("source_path", "string", "File (relative to the corpus) or parameter the problem concerns."),
        ("severity", "string", "`error` (input skipped) or `warning` (input kept, something noted)."),
        ("problem", "string", "Specific, human-readable description."),
    ),
    "entities": _cols(
        *_SPAN,
        ("text", "string", "The mention as written."),
        ("label", "string", "PERSON, ORG, GPE, LOC, NORP, WEAPON, OUTLET, ... (spaCy labels plus gazetteer labels)."),
        ("canonical", "string", "Canonical name, shared by all variants across the corpus."),
        ("sentence", "string", "The sentence the mention is in."),
    ),
    "aliases": _cols(
        ("canonical", "string", "Canonical name."),
        ("label", "string", "Entity label."),
        ("alias", "string", "A surface form that was mapped to it."),
        ("count", "Int64", "How many mentions used this surface form."),
    ),
    "claims": _cols(
        *_SPAN,
        ("sentence", "string", "The sentence the figure is in."),
        ("value", "float64", "The number (the upper end for ranges; low and high hold the ends)."),
        ("low", "float64", "Lower end of the interval the claim allows (NaN if unbounded)."),
        ("high", "float64", "Upper end of the interval the claim allows (NaN if unbounded)."),
        ("qualifier", "string", "exact | approximate | lower_bound | upper_bound | additional | range."),
        ("what", "string", "Normalised category: troops, casualties, munitions, missiles, drones, people, ..."),
        ("noun", "string", "The counted noun as written."),
        ("source", "string", "Whom the sentence attributes the figure to; empty when unattributed."),
        ("hedged", "bool", "The sentence hedges the figure (may, could, reportedly, alleged, ...)."),
        ("scope", "string", 'Time or place scope given by the sentence (e.g. "at any given time").'),
    ),
    "quotes": _cols(
        *_SPAN,
        ("quote", "string", "The quoted words, without the quote marks."),
        ("speaker", "string", "Canonical speaker; empty when the text does not say."),
        ("cue", "string", "The reporting verb or cue (said, added, remarked, statement, ...)."),
    ),
    "dates": _cols(
        *_SPAN,
        ("text", "string", "The date expression as written."),
        ("resolved", "string", "ISO date (YYYY-MM-DD, YYYY-MM or YYYY by precision); empty if unresolved."),
        ("precision", "string", "day | month | year; or `unresolved: <reason>`."),
        ("sentence", "string", "The sentence the expression is in."),
    ),
}


class SchemaError(ValueError):
    """A table does not have the columns its schema promises."""


def column_names(name: str) -> list[str]:
    return [c.name for c in SCHEMAS[name]]


def empty_table(name: str) -> pd.DataFrame:
    """A zero-row table with the right columns and dtypes."""
    return conform(pd.DataFrame({c: [] for c in column_names(name)}), name)


def conform(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return ``df`` with exactly the schema's columns, in order, with the schema's dtypes.

    Missing columns are an error (a silent default would hide a bug upstream); extra columns
    are an error too, so the contract cannot drift unnoticed.
    """
    expected = column_names(name)
    missing = [c for c in expected if c not in df.columns]
    extra = [c for c in df.columns if c not in expected]
    if missing or extra:
        raise SchemaError(f"table {name!r}: missing columns {missing}, unexpected columns {extra}")
    out = df.loc[:, expected].copy()
    for col in SCHEMAS[name]:
        if col.dtype == "list<string>":
            out[col.name] = out[col.name].map(lambda v: [str(x) for x in v] if v is not None else [])
        elif col.dtype == "bool":
            out[col.name] = out[col.name].astype(bool)
        elif col.dtype == "string":
            out[col.name] = out[col.name].fillna("").astype(str).astype("string")
        else:
            out[col.name] = out[col.name].astype(col.dtype)
    return out.reset_index(drop=True)


def table_path(output_dir: str | os.PathLike, name: str) -> Path:
    return Path(output_dir) / "data" / f"{name}.parquet"


def write_table(df: pd.DataFrame, output_dir: str | os.PathLike, name: str) -> Path:
    """Write ``df`` as ``<output_dir>/data/<name>.parquet`` atomically.

    The table is written to a temporary file in the same folder and renamed over the target,
    so a reader (or an interrupted run) never sees a half-written table.
    """
    path = table_path(output_dir, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = conform(df, name)
    # Not mkstemp, whose mode 0600 would make the published tables unreadable to other users: O_CREAT
    # with 0666 lets the umask decide (0644 under the usual 022).
    tmp = path.parent / f".{name}.{uuid.uuid4().hex}.tmp"
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        table.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_table(output_dir: str | os.PathLike, name: str) -> pd.DataFrame:
    """Read a table written by :func:`write_table`, with the schema's dtypes."""
    path = table_path(output_dir, name)
    if not path.exists():
        raise FileNotFoundError(
            f"table {name!r} not found at {path}: run the notebook that writes it first (see README, 'Tables')"
        )
    df = pd.read_parquet(path)
    if "tags" in df.columns:
        df["tags"] = df["tags"].map(lambda v: list(v) if v is not None else [])
    return conform(df, name)


def markdown_reference() -> str:
    """The README's table reference, generated from ``SCHEMAS``."""
    lines: list[str] = []
    for name, cols in SCHEMAS.items():
        lines += [f"#### `{name}`", "", "| column | type | meaning |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.dtype} | {c.description} |" for c in cols]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_reference())
