"""The one set-up call of the notebooks and the one definition of the run parameters."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from newslab import config, engine, tables
from newslab.config import RUN_PARAMETERS, ParameterError
from newslab.notebook import setup


def test_analysis_notebooks_need_only_the_output_folder_not_a_model(tmp_path):
    articles = tables.empty_table("articles")
    tables.write_table(articles, tmp_path, "articles")
    ctx = setup(tmp_path, tables=("articles",))
    assert ctx.params is None and ctx.output_dir == tmp_path.resolve()
    assert list(ctx.tables["articles"].columns) == tables.column_names("articles")


def test_a_missing_table_names_the_notebook_to_run_first(tmp_path):
    with pytest.raises(FileNotFoundError, match="run the notebook that writes it first"):
        setup(tmp_path, tables=("claims",))


def test_stage_notebooks_get_their_parameters_checked(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title\n\nBody.")
    ctx = setup(
        tmp_path / "out", corpus_dir=corpus, model=config.DEFAULT_MODEL, engine="local", cache_dir="", n_process=1
    )
    assert ctx.params.corpus_dir == corpus.resolve() and ctx.params.cache_dir == config.DEFAULT_CACHE
    with pytest.raises(ParameterError, match="not installed"):
        setup(tmp_path / "out", corpus_dir=corpus, model="en_no_such_model", engine="local", cache_dir="", n_process=1)


def test_run_params_and_notebook_parameters_follow_the_one_definition(tmp_path):
    names = [p.name for p in RUN_PARAMETERS]
    assert [f.name for f in dataclasses.fields(config.RunParams)] == names
    params = config.check_params("seeds", tmp_path / "out")
    assert list(config.notebook_parameters(params, tmp_path)) == names
    defaults = {f.name: f.default for f in dataclasses.fields(config.RunParams) if f.default is not dataclasses.MISSING}
    assert defaults["model"] == next(p.default for p in RUN_PARAMETERS if p.name == "model")


def test_the_command_line_and_the_makefile_follow_the_one_definition():
    from newslab.run import parse_args

    args = parse_args([])
    assert {p.name: getattr(args, p.name) for p in RUN_PARAMETERS} == {p.name: p.default for p in RUN_PARAMETERS}
    makefile = (config.PROJECT_ROOT / "Makefile").read_text()
    report_line = re.search(r"^report:.*\n\t(.*)$", makefile, re.M).group(1)
    for p in RUN_PARAMETERS:
        if p.make_variable:
            assert f'{p.flag} "$({p.make_variable})"' in report_line, p
            assert re.search(rf"^{p.make_variable} \?= {re.escape(str(p.default))}$", makefile, re.M), p


def test_write_tables_writes_each_table_of_a_stage(tmp_path):
    problems = pd.DataFrame({"source_path": ["a1"], "severity": ["warning"], "problem": ["damaged cache entry"]})
    engine.write_tables({"annotate_problems": problems, "dates": tables.empty_table("dates")}, tmp_path)
    assert tables.read_table(tmp_path, "annotate_problems")["problem"].tolist() == ["damaged cache entry"]
    assert tables.read_table(tmp_path, "dates").empty
