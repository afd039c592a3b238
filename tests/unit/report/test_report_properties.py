"""Property-based tests: every public function of ``newslab.report`` takes any value the tables allow,
and no article text reaches a page unescaped.

Tables and text come from ``tests/strategies.py`` (hostile markup, control and bidi characters,
odd code points, NaN, missing and huge offsets, empty and one-row tables).
"""

from __future__ import annotations

import html

import nbformat
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import HOSTILE_TEXT, corpus, fast, table, text

from newslab import report
from newslab.tables import SCHEMAS

# Elements the hostile strings would create if a page let them through unescaped (with "<" escaped,
# 'onerror="alert(2)"' is harmless text).
INJECTED = ("<script>alert(1)", "<img src=x")


def assert_no_injection(markup: str) -> None:
    for bad in INJECTED:
        assert bad not in markup


@pytest.fixture
def displayed(monkeypatch):
    """What the helpers hand to IPython's display(), as HTML strings, with HTML display switched on."""
    import IPython.display
    import itables.javascript

    shown: list[str] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, *a, **k: shown.append(obj.data))
    monkeypatch.setattr(itables.javascript, "_html_display_is_supported", lambda: True)
    return shown


@fast()
@given(text)
def test_escape_round_trips_and_leaves_no_markup(value):
    escaped = report.escape(value)
    assert html.unescape(escaped) == value
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped


@fast()
@given(st.sampled_from(list(SCHEMAS)).flatmap(table), st.integers(0, 5))
def test_table_for_display_caps_rows_and_cells(df, max_rows):
    shown = report.table_for_display(df, max_rows)
    assert len(shown) == min(len(df), max_rows)
    for col in shown.columns:
        if pd.api.types.is_string_dtype(shown[col]):
            assert shown[col].dropna().str.len().le(report.MAX_CELL_CHARS).all()


@fast(20)
@given(df=st.sampled_from(list(SCHEMAS)).flatmap(table), caption=text)
def test_show_table_escapes_cells_and_caption(displayed, df, caption):
    displayed.clear()
    report.show_table(df, caption=caption, max_rows=5)
    assert displayed, "the table was displayed"  # the first call also displays itables' own set-up
    for markup in displayed:
        assert_no_injection(markup)


@fast()
@given(value=text, level=st.integers(-3, 10))
def test_show_heading_and_text_escape(displayed, value, level):
    displayed.clear()
    report.show_heading(value, level)
    report.show_text(value)
    assert len(displayed) == 2
    for markup in displayed:
        assert_no_injection(markup)
        assert html.unescape(markup.split(">", 1)[1].rsplit("<", 1)[0]) == value


@fast()
@given(body=st.one_of(text, st.sampled_from(HOSTILE_TEXT).map(lambda t: t * 3)), entities=table("entities"), title=text)
def test_entities_html_draws_valid_spans_and_escapes(body, entities, title):
    markup = report.entities_html(body, entities, title=title, max_chars=60)
    assert_no_injection(markup)
    assert markup.count("<mark") <= len(entities)


def test_entities_html_skips_missing_outside_and_overlapping_spans():
    body = "Kim met Putin in Moscow."
    entities = pd.DataFrame(
        {
            "start": pd.array([0, 4, None, 17, -3, 8, 17], dtype="Int64"),
            "end": pd.array([3, 99, 5, 23, 2, 13, 20], dtype="Int64"),
            "label": ["PERSON", "ORG", "ORG", "GPE", "ORG", "<b>PER</b>", "LOC"],
        }
    )
    markup = report.entities_html(body, entities)
    assert markup.count("<mark") == 3  # Kim, Putin, Moscow; the shorter "Mos" overlaps Moscow
    assert "&lt;b&gt;PER&lt;/b&gt;" in markup and "<b>" not in markup


@fast()
@given(st.lists(text, max_size=5))
def test_corpus_fingerprint_is_order_free(hashes):
    assert report.corpus_fingerprint(hashes) == report.corpus_fingerprint(list(reversed(hashes)))
    assert len(report.corpus_fingerprint(hashes)) == 16


@fast()
@given(st.dictionaries(st.sampled_from(["corpus_folder", "corpus_hash", "n_articles", "model", "git_commit"]), text))
def test_run_footer_escapes(meta):
    footer = report.run_footer({**meta, "parameters": {"corpus_dir": meta.get("model", ""), "x": float("nan")}})
    assert_no_injection(footer)


@fast(20)
@given(
    pages=st.lists(
        st.fixed_dictionaries(
            {"title": text, "description": text, "reader": text, "full": text},
            optional={"status": st.sampled_from(["ok", "failed"])},
        ),
        max_size=4,
    ),
    summary=st.dictionaries(text, st.one_of(text, st.integers(), st.floats())),
    footer=text.map(report.escape),
)
def test_build_index_escapes_titles_links_and_summary(tmp_path_factory, pages, summary, footer):
    out = tmp_path_factory.mktemp("index")
    markup = report.build_index(out, pages, summary, footer).read_text(encoding="utf-8")
    assert_no_injection(markup)
    assert sorted(p.name for p in out.iterdir()) == ["index.html"], "no temporary file left behind"


def _notebook(cells_text: list[str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for i, value in enumerate(cells_text):
        nb.cells.append(nbformat.v4.new_markdown_cell(report.escape(value)))
        code = nbformat.v4.new_code_cell(f"print({value!r})", execution_count=i + 1)
        code.outputs = [
            nbformat.v4.new_output("stream", name="stdout", text=value),
            nbformat.v4.new_output("stream", name="stderr", text=f"progress {value}"),
            nbformat.v4.new_output("display_data", data={"text/html": f"<p>{report.escape(value)}</p>"}),
        ]
        nb.cells.append(code)
    return nb


@fast(8)
@given(st.lists(text, min_size=0, max_size=3))
def test_export_notebook_and_without_stderr(tmp_path_factory, values):
    folder = tmp_path_factory.mktemp("export")
    nb = _notebook(values)
    clean = report.without_stderr(nb)
    assert all(o.get("name") != "stderr" for c in clean.cells if c.cell_type == "code" for o in c.outputs)
    assert any(o.get("name") == "stderr" for c in nb.cells if c.cell_type == "code" for o in c.outputs) == bool(values)
    executed = folder / "nb.ipynb"
    nbformat.write(nb, str(executed))
    report.export_notebook(executed, folder / "reader.html", folder / "full.html", report.run_footer({}))
    for page in ("reader.html", "full.html"):
        markup = (folder / page).read_text(encoding="utf-8")
        assert "newslab-footer" in markup
        assert_no_injection(markup)


@fast(10)
@given(corpus(max_rows=4))
def test_entities_html_on_a_generated_corpus(tables):
    for article_id, body in zip(tables["articles"]["article_id"], tables["articles"]["body"], strict=True):
        ents = tables["entities"][tables["entities"]["article_id"] == article_id]
        assert_no_injection(report.entities_html(body, ents, title=article_id))
