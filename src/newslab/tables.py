"""The Parquet tables under ``<OUT>/data/``: their columns, and atomic reading and writing.

The tables are the project's public interface. ``SCHEMAS`` is the single place that names
every table, its columns in order, their dtype and a one-line description; the README's
table reference is generated from it (``python -m newslab.tables``) and a test keeps the two
in step. Changing a column here is a breaking change: add columns, never rename them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newslab.atomic import write_atomic


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

_PROBLEM = (
    ("source_path", "string", "File (relative to the corpus) or parameter the problem concerns."),
    ("severity", "string", "`error` (input skipped) or `warning` (input kept, something noted)."),
    ("problem", "string", "Specific, human-readable description."),
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
        (
            "line_no",
            "Int64",
            "1-based line number in the decoded text (or record body; for HTML, the paragraph of trafilatura's "
            "main text).",
        ),
        ("text", "string", "The line as it was."),
        ("reason", "string", "Why it was dropped (e.g. `cookie notice`, `related-stories sidebar`, `tag list`)."),
    ),
    "problems": _cols(*_PROBLEM),
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
        ("what", "string", "Lexicon category (troops, casualties, money, people, ...), else the counted noun's lemma."),
        ("noun", "string", "The counted noun as written."),
        ("source", "string", "Who the figure is attributed to, as a name (canonical when it names a known entity; "
         'a short form the article spells out, "B&B" or "Lib Dems", as the full name); empty when unattributed.'),
        ("hedged", "bool", "The sentence hedges the figure (may, could, reportedly, alleged, ...)."),
        ("scope", "string", 'Time or place scope given by the sentence (e.g. "at any given time").'),
        ("subject", "string", 'Whose or which things are counted ("North Korean troops"), empty if unknown.'),
        ("place", "string", 'The place the figure is about ("in Russia"), as written; empty if none.'),
        ("status", "string", "reported | estimated | projected | denied | hypothetical."),
        ("per", "string", 'Rate or snapshot unit ("per share", "a day", "at any given time"); empty for totals.'),
        ("currency", "string", 'ISO 4217 code of a money figure ("USD", "HKD"); empty if not money or unknown.'),
        (
            "as_of",
            "string",
            'Date the figure refers to, ISO at its precision ("2024", "2024-11", "2024-11-05"); empty if unknown.',
        ),
        (
            "as_of_from",
            "string",
            "Where `as_of` came from: `sentence` (a resolved date in the figure's sentence, the nearest one; "
            '"since X" is skipped), `published` (the article\'s publication day) or empty.',
        ),
        (
            "thread",
            "string",
            "Id shared by the claims that count the same quantity across articles (see table `threads`); "
            "every claim has one.",
        ),
        ("attribution", "string", "How the source was found: `cue-subject` (subject of a reporting verb), "
         "`according-to`, `apposition` (a name picked out of a longer phrase: a spokesman's body, a role's holder, "
         'a report\'s author: "figures from X", "X\'s data", "Labor Department figures"), `pronoun`, `role-noun` '
         '("the minister" -> the minister named before; "the report" -> the author of the report named before), '
         '`carried-over` (from a neighbouring sentence: an "according to X" or "X said that ..." governing the next '
         'sentences of its paragraph while they stay on its subject, and, when it opens a paragraph of figures, the '
         'next paragraph(s) that continue its report; a following "X reported that ..." or "Figures '
         'from X showed ..."), `quote-speaker` (the figure is inside a direct quotation: its speaker), '
         "`previous-speaker`, `none`."),
        ("source_text", "string", 'The source as the text words it ("It", "a Christian Aid spokesman"); empty when '
         "unattributed."),
    ),
    "threads": _cols(
        ("thread", "string", "Thread id (`claims.thread`): claims counting the same quantity across articles."),
        (
            "label",
            "string",
            'Readable name: subject and "in <place>" ("North Korean troops in Russia"), else noun and shared names; '
            '"(additional)" or "per <unit>" by `kind`.',
        ),
        ("what", "string", "The measure counted (`claims.what`)."),
        ("subject", "string", "Most common `claims.subject` of the thread; empty when none."),
        ("place", "string", "Most common `claims.place` of the thread; empty when none."),
        ("n_claims", "Int64", "Claims in the thread."),
        ("n_articles", "Int64", "Articles stating a figure of the thread."),
        ("n_sources", "Int64", "Distinct sources the thread's figures are attributed to (unattributed not counted)."),
        ("first_as_of", "string", "Earliest `as_of` of the thread's claims; empty when none is dated."),
        ("last_as_of", "string", "Latest `as_of` of the thread's claims; empty when none is dated."),
        ("low", "float64", "Lowest value the reported/estimated figures allow (all figures when only projections)."),
        ("high", "float64", "Highest value the reported/estimated figures allow (all figures when only projections)."),
        (
            "kind",
            "string",
            "`total`, `increment` (figures qualified `additional`; the label ends \"(additional)\") or `rate` "
            "(a `per` unit).",
        ),
    ),
    "quotes": _cols(
        *_SPAN,
        ("quote", "string", "The quoted words, without the quote marks."),
        ("speaker", "string", 'Canonical speaker (a short form the article spells out, "ADB", as the full name); '
         "empty when the text does not say."),
        ("cue", "string", "The reporting verb or cue (said, added, remarked, statement, ...)."),
        ("kind", "string", '`direct` (in quote marks) or `reported` ("X said (that) ..." without marks; the span is '
         "the reported clause)."),
        ("attribution", "string", "How the speaker was found: `cue-subject`, `according-to`, `apposition`, `pronoun`, "
         "`role-noun`, `carried-over` (introduced by the previous paragraph, or named in a later segment of the same "
         "quotation), `previous-speaker` (a quotation without a cue continuing the latest speaker), `none`. Filter on "
         "it to keep only the surest attributions."),
        ("speaker_text", "string", 'The speaker as the text words it ("she", "the minister", "A Red Cross '
         'spokesman"); empty when none.'),
    ),
    "dates": _cols(
        *_SPAN,
        ("text", "string", "The date expression as written."),
        ("resolved", "string", "ISO date (YYYY-MM-DD, YYYY-MM or YYYY by precision); empty if unresolved."),
        ("precision", "string", "day | month | year; or `unresolved: <reason>`."),
        ("sentence", "string", "The sentence the expression is in."),
    ),
    # Written by 02_annotate; the read stage's problems stay in `problems` (each stage writes its own tables).
    "annotate_problems": _cols(
        ("source_path", "string", "The article (its `article_id`) the problem concerns."),
        *_PROBLEM[1:],
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
    table = conform(df, name)
    return write_atomic(table_path(output_dir, name), lambda tmp: table.to_parquet(tmp, index=False))


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
