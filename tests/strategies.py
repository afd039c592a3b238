"""Hypothesis strategies for the Parquet tables: any value their schemas allow, the hostile ones often.

Tables are built column by column from ``newslab.tables.SCHEMAS`` and passed through ``conform``,
exactly as ``read_table`` hands them to the notebooks. Text mixes curated hostile strings (markup,
control and bidi characters, right-to-left scripts, "$$" that matplotlib reads as maths, "NaN")
with arbitrary Unicode without surrogates (the read stage never lets a lone surrogate through, and
Parquet cannot store one). Numbers include NaN, +-inf, 1e308, negatives and -0.0; Int64 columns
include missing values; dates include years far outside pandas' range and impossible days.

Article ids, names and sentences are drawn from small pools so that joins, groups, pairs and
co-occurrences actually happen.
"""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import strategies as st

from newslab.analyse import ENTITY_GROUPS
from newslab.tables import SCHEMAS, conform

HOSTILE_TEXT = (
    "",
    " ",
    "\t\n\r",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "&amp; &lt;b&gt; ]]> <!--",
    "$$",
    "$_$",
    "$\\frac$",
    "100$ and 5$",
    "\x00\x01\x1b[31m\x7f",
    "\u202eevil\u202c \u200b\u200d\ufeff",
    "مرحبا بالعالم",
    "שלום עולם",
    "北朝鮮の兵士",
    "\U0001f600\U0001f1fa\U0001f1e6",
    "e\u0301\u0300\u0336",
    "\ufffe\uffff\U0010ffff",
    "NaN",
    "None",
    "null",
    "inf",
    "-1",
    "1e308",
    "%s %d {0} {}",
    "\\",
    "a" * 400,
    "Kim Jong Un met Vladimir Putin in Moscow. 10,000 troops arrived.\n\nSeoul said so.",
)
ODD_CHARACTERS = st.characters(exclude_categories=("Cs",))
text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(ODD_CHARACTERS, max_size=30))

# Small pools so that rows meet: shared article ids, names, sentences.
ARTICLE_IDS = ("a1", "a2", "a3", "<b>a4</b>", "\u202ea5", "")
article_id = st.one_of(st.sampled_from(ARTICLE_IDS), text)
NAMES = ("Kim Jong Un", "Vladimir Putin", "Seoul", "Russia", "$$", "<i>NATO</i>", "", "\u0645\u0648\u0633\u0643\u0648")
name = st.one_of(st.sampled_from(NAMES), text)
SENTENCES = ("Kim Jong Un met Vladimir Putin.", "Seoul and Russia disagree.", "", "$$ <b>", "\x00")
sentence = st.one_of(st.sampled_from(SENTENCES), text)

LABELS = tuple(label for labels in ENTITY_GROUPS.values() for label in labels) + ("DATE", "CARDINAL", "")
label = st.one_of(st.sampled_from(LABELS), text)
QUALIFIERS = ("exact", "approximate", "lower_bound", "upper_bound", "additional", "range", "")
qualifier = st.one_of(st.sampled_from(QUALIFIERS), text)
WHATS = ("troops", "casualties", "people", "other", "", "$$")
what = st.one_of(st.sampled_from(WHATS), text)

ODD_NUMBERS = (0.0, -0.0, 1.0, -1.0, 1e308, -1e308, math.inf, -math.inf, math.nan, 5e-324, 1e15, 3000.0, 11000.0)
number = st.one_of(
    st.sampled_from(ODD_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6).map(float),
)
ODD_INTS = (None, 0, -1, 1, 2**63 - 1, -(2**63), 10**12)
integer = st.one_of(st.sampled_from(ODD_INTS), st.integers(-(2**63), 2**63 - 1), st.integers(-5, 200))

# Dates: the ISO shapes with years pandas cannot hold, impossible days, garbage and padding.
ODD_RESOLVED = (
    "",
    "2024",
    "2024-03",
    "2024-03-05",
    "1660-11",
    "5040-10",
    "1660",
    "0001",
    "0000",
    "9999-12",
    "9999-12-31",
    "1677-09-21",
    "1677-09-22",
    "2262-04-10",
    "2262-04-11",
    "2262",
    "2024-02-30",
    "2024-13",
    "1-03-01",
    " 2024-03-05 ",
    "garbage",
    "2024-03-05T10:00",
)
resolved = st.one_of(
    st.sampled_from(ODD_RESOLVED),
    st.builds(
        lambda y, m, d, shape: ["{:04d}", "{:04d}-{:02d}", "{:04d}-{:02d}-{:02d}"][shape].format(y, m, d),
        st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 32),
        st.integers(0, 2),
    ),
    text,
)
ODD_PUBLISHED = (
    "",
    "2024-03-05",
    "2024-03-05T10:00:00+01:00",
    "2024-03-05T10:00:00Z",
    "0001-01-01T00:00:00",
    "1660-11-01",
    "5040-10-01",
    "9999-12-31T23:59:59-12:00",
    "2262-04-11T23:59:59",
    "2024-02-30",
    "2024-03-05T25:61:00",
    "yesterday",
    "NaT",
)
published = st.one_of(
    st.sampled_from(ODD_PUBLISHED),
    st.datetimes(min_value=pd.Timestamp("0001-01-01").to_pydatetime(), timezones=st.none()).map(
        lambda d: d.isoformat()
    ),
    text,
)

# Column-specific strategies; any other column is drawn by its dtype.
COLUMN = {
    "article_id": article_id,
    "canonical": name,
    "text": st.one_of(name, text),
    "speaker": name,
    "source": name,
    "outlet": st.one_of(st.sampled_from(("BBC", "Reuters", "", "$$", "<b>X</b>")), text),
    "sentence": sentence,
    "label": label,
    "qualifier": qualifier,
    "what": what,
    "resolved": resolved,
    "published": published,
    "precision": st.one_of(st.sampled_from(("day", "month", "year", "unresolved: no published date")), text),
    "body": st.one_of(
        st.lists(st.one_of(st.sampled_from(SENTENCES), text), max_size=6).map(" ".join),
        st.sampled_from(HOSTILE_TEXT),
    ),
}
BY_DTYPE = {
    "string": text,
    "Int64": integer,
    "float64": number,
    "bool": st.booleans(),
    "list<string>": st.lists(text, max_size=3),
}


def row(name: str, **fixed: object) -> st.SearchStrategy[dict]:
    """One row of table ``name``: every schema column, with ``fixed`` values where given."""
    return st.fixed_dictionaries(
        {
            col.name: st.just(fixed[col.name]) if col.name in fixed else COLUMN.get(col.name, BY_DTYPE[col.dtype])
            for col in SCHEMAS[name]
        }
    )


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    # Column by column: a list of ints with None would go through float64 and lose 2**63 - 1.
    data = {
        c.name: pd.array([r[c.name] for r in rows], dtype="Int64") if c.dtype == "Int64" else [r[c.name] for r in rows]
        for c in SCHEMAS[name]
    }
    return conform(pd.DataFrame(data, columns=[c.name for c in SCHEMAS[name]]), name)


def table(name: str, min_size: int = 0, max_size: int = 8) -> st.SearchStrategy[pd.DataFrame]:
    """A conformed table ``name`` of ``min_size`` to ``max_size`` rows (empty and one-row tables are common)."""
    if name == "articles":
        return articles(min_size, max_size)
    return st.lists(row(name), min_size=min_size, max_size=max_size).map(lambda rows: _frame(name, rows))


def articles(min_size: int = 0, max_size: int = 6) -> st.SearchStrategy[pd.DataFrame]:
    """An ``articles`` table; ``article_id`` is unique, as the read stage guarantees."""
    return st.lists(row("articles"), min_size=min_size, max_size=max_size, unique_by=lambda r: r["article_id"]).map(
        lambda rows: _frame("articles", rows)
    )


@st.composite
def corpus(draw: st.DrawFn, max_rows: int = 8) -> dict[str, pd.DataFrame]:
    """Every table of a run, drawn together so that their article ids meet (and sometimes do not)."""
    return {name: draw(table(name, max_size=max_rows)) for name in SCHEMAS}


def fast(max_examples: int = 40):
    """Hypothesis settings for these tests: modest example counts, no deadline (plots and spaCy's
    sentencizer are slow on a busy machine, and timing is not what they test). Function-scoped fixtures
    are allowed: the tests that use one (monkeypatch) reset what they collect at every example."""
    from hypothesis import HealthCheck, settings

    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )


@st.composite
def consistent_corpus(draw: st.DrawFn, max_articles: int = 4, max_rows: int = 8) -> dict[str, pd.DataFrame]:
    """Every table of a run whose rows all belong to articles of the ``articles`` table, as a run writes
    them (the notebooks' sanity checks rely on it); the values are as hostile as in :func:`corpus`."""
    arts = draw(articles(max_size=max_articles))
    ids = arts["article_id"].tolist()
    out = {"articles": arts}
    for name in SCHEMAS:
        if name == "articles":
            continue
        has_article = any(c.name == "article_id" for c in SCHEMAS[name])
        if has_article and not ids:
            out[name] = _frame(name, [])
            continue
        fixed = {"article_id": st.sampled_from(ids)} if has_article else {}
        rows = draw(st.lists(_row_with(name, fixed), max_size=max_rows))
        out[name] = _frame(name, rows)
    return out


def _row_with(name: str, strategies: dict) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {col.name: strategies.get(col.name, COLUMN.get(col.name, BY_DTYPE[col.dtype])) for col in SCHEMAS[name]}
    )
