"""Parameters are checked before any work; tables keep their contract and are written atomically."""

from __future__ import annotations

import pandas as pd
import pytest

from newslab import config, tables


def test_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(config.ParameterError, match="does not exist.*CORPUS="):
        config.check_params(tmp_path / "nope", tmp_path / "out")


def test_empty_corpus_is_a_clear_error(tmp_path):
    (tmp_path / "corpus").mkdir()
    with pytest.raises(config.ParameterError, match="empty"):
        config.check_params(tmp_path / "corpus", tmp_path / "out")


def test_output_inside_corpus_is_refused(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("text")
    with pytest.raises(config.ParameterError, match="inside the corpus.*OUT="):
        config.check_params(corpus, corpus / "reports")


def test_unknown_model_names_the_value_and_the_fix(tmp_path):
    (tmp_path / "a.txt").write_text("text")
    with pytest.raises(config.ParameterError, match="'en_core_web_nonexistent'.*not installed"):
        config.check_params(tmp_path, tmp_path.parent / "out", model="en_core_web_nonexistent")


def test_unknown_engine(tmp_path):
    (tmp_path / "a.txt").write_text("text")
    with pytest.raises(config.ParameterError, match="ENGINE=local"):
        config.check_params(tmp_path, tmp_path.parent / "out", engine="spark")


def test_relative_paths_resolve_against_the_project_root():
    assert config.resolve("seeds") == config.PROJECT_ROOT / "seeds"


def test_conform_rejects_missing_and_extra_columns():
    df = tables.empty_table("problems").assign(extra=[])
    with pytest.raises(tables.SchemaError, match="unexpected columns \\['extra'\\]"):
        tables.conform(df, "problems")
    with pytest.raises(tables.SchemaError, match="missing columns \\['problem'\\]"):
        tables.conform(pd.DataFrame({"source_path": [], "severity": []}), "problems")


def test_write_then_read_round_trips_and_leaves_no_temp_file(tmp_path):
    df = pd.DataFrame({"source_path": ["a.txt"], "severity": ["error"], "problem": ["empty file"]})
    path = tables.write_table(df, tmp_path, "problems")
    assert [p.name for p in path.parent.iterdir()] == ["problems.parquet"]
    pd.testing.assert_frame_equal(tables.read_table(tmp_path, "problems"), tables.conform(df, "problems"))


def test_failed_write_keeps_the_previous_table(tmp_path):
    good = pd.DataFrame({"source_path": ["a.txt"], "severity": ["error"], "problem": ["empty file"]})
    tables.write_table(good, tmp_path, "problems")
    with pytest.raises(tables.SchemaError):
        tables.write_table(good.drop(columns="problem"), tmp_path, "problems")
    assert tables.read_table(tmp_path, "problems")["problem"].tolist() == ["empty file"]
    assert len(list((tmp_path / "data").iterdir())) == 1


def test_list_column_round_trips(tmp_path):
    df = tables.empty_table("articles")
    row = {c: "" for c in df.columns} | {"tags": ["A", "B"], "n_chars_raw": 3, "n_chars_body": 2}
    tables.write_table(pd.DataFrame([row]), tmp_path, "articles")
    assert tables.read_table(tmp_path, "articles")["tags"].tolist() == [["A", "B"]]


def test_readme_documents_every_table_column():
    readme = (config.PROJECT_ROOT / "README.md").read_text()
    assert tables.markdown_reference() in readme, "README's table reference is stale: paste `python -m newslab.tables`"
