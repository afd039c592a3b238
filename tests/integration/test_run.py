"""End to end: every notebook runs under papermill on a tiny corpus; a failed run loses nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from newslab import config, report, tables
from newslab.authoring import write_notebook
from newslab.run import NOTEBOOKS, Notebook, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory, fixtures_dir):
    """The real notebooks run once on tests/fixtures/tiny into a fresh output folder."""
    out = tmp_path_factory.mktemp("site") / "out"
    cache = tmp_path_factory.mktemp("cache")
    params = config.check_params(fixtures_dir / "tiny", out, cache_dir=cache, n_process=1)
    assert run(params, log_output=False) == 0
    return out


def test_index_links_a_reader_and_a_full_page_for_every_notebook(tiny_site):
    index = (tiny_site / "index.html").read_text()
    for nb in NOTEBOOKS:
        for page in (f"reports/{nb.name}.html", f"reports/{nb.name}.full.html"):
            assert f'href="{page}"' in index, page
            assert (tiny_site / page).is_file()
    assert not list(tiny_site.glob(".staging-*")), "the staging folder must be gone after a successful run"


def test_reader_pages_hide_code_and_full_pages_show_it(tiny_site, project_root):
    reader = (tiny_site / "reports" / "01_read.html").read_text()
    full = (tiny_site / "reports" / "01_read.full.html").read_text()
    assert "newslab.notebook" not in reader
    assert "newslab.notebook" in full
    assert "read: 100%" in full and "read: 100%" not in reader  # progress bars (stderr) only on full pages
    assert "TqdmWarning" not in full
    assert "corpus: tests/fixtures/tiny" in reader and str(project_root) not in reader


def test_tables_hold_their_documented_columns(tiny_site):
    for name in tables.SCHEMAS:
        df = tables.read_table(tiny_site, name)
        assert list(df.columns) == tables.column_names(name)
    articles = tables.read_table(tiny_site, "articles")
    assert sorted(articles["source_path"]) == ["alpha.txt", "nested/beta.md"]
    dropped = tables.read_table(tiny_site, "dropped_lines")
    assert "Subscribe to our newsletter" in set(dropped["text"])


def test_executed_notebooks_are_kept_with_outputs(tiny_site):
    for nb in NOTEBOOKS:
        executed = nbformat.read(tiny_site / "notebooks" / f"{nb.name}.ipynb", as_version=4)
        assert any(c.get("outputs") for c in executed.cells if c.cell_type == "code")


def _toy_notebooks(folder: Path, fail: bool) -> tuple[Notebook, ...]:
    folder.mkdir(parents=True, exist_ok=True)
    write_notebook(
        folder / "01_ok.ipynb",
        [
            ("params", ""),
            (
                "code",
                "from pathlib import Path\n(Path(output_dir) / 'data').mkdir(parents=True, exist_ok=True)\n"
                "(Path(output_dir) / 'data' / 'marker.txt').write_text('run')",
            ),
        ],
    )
    write_notebook(
        folder / "02_maybe.ipynb", [("params", ""), ("code", "x = 1"), ("code", f"assert {not fail}, 'boom'")]
    )
    return (Notebook("01_ok", "OK", "writes a marker"), Notebook("02_maybe", "Maybe", "fails when asked"))


@pytest.fixture
def tiny_corpus_params(tmp_path, fixtures_dir):
    """Make a private copy of tests/fixtures/tiny, an output folder beside it, and checked parameters."""

    def make(n_process: int = 1) -> tuple[Path, Path, config.RunParams]:
        corpus = tmp_path / "corpus"
        shutil.copytree(fixtures_dir / "tiny", corpus)
        out = tmp_path / "out"
        return corpus, out, config.check_params(corpus, out, n_process=n_process)

    return make


def _snapshot(out: Path) -> dict[Path, bytes]:
    """Every file under ``out`` except the failed/ folder a failed run adds."""
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and "failed" not in p.parts}


def test_failed_run_keeps_previous_reports_and_the_failed_notebook(tmp_path, capsys, tiny_corpus_params):
    _, out, params = tiny_corpus_params()
    good = _toy_notebooks(tmp_path / "good", fail=False)
    assert run(params, good, log_output=False, notebooks_dir=tmp_path / "good") == 0
    (out / "my-notes.txt").write_text("mine")  # something the user keeps in the output folder
    before = _snapshot(out)

    bad = _toy_notebooks(tmp_path / "bad", fail=True)
    assert run(params, bad, log_output=False, notebooks_dir=tmp_path / "bad") == 1
    err = capsys.readouterr().err
    assert "02_maybe.ipynb" in err and "cell" in err and "AssertionError" in err

    after = _snapshot(out)
    assert after == before
    failed = nbformat.read(out / "failed" / "02_maybe.ipynb", as_version=4)
    assert any(o.get("ename") == "AssertionError" for c in failed.cells for o in c.get("outputs", []))
    assert "papermill-error-cell" in (out / "failed" / "02_maybe.full.html").read_text()
    assert not list(out.glob(".staging-*"))


def test_make_style_cli_rejects_bad_parameters_before_work(tmp_path, project_root):
    proc = subprocess.run(
        [sys.executable, "-m", "newslab.run", "--corpus", str(tmp_path / "missing"), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        cwd=project_root,
    )
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr and not (tmp_path / "o").exists()


def test_interrupted_run_keeps_previous_reports(tmp_path, monkeypatch, capsys, tiny_corpus_params):
    import newslab.run as runner

    _, out, params = tiny_corpus_params()
    good = _toy_notebooks(tmp_path / "good", fail=False)
    assert run(params, good, log_output=False, notebooks_dir=tmp_path / "good") == 0
    before = _snapshot(out)
    real = runner.execute_notebook

    def interrupt_second(nb, *args, **kwargs):
        if nb.name == "02_maybe":
            raise KeyboardInterrupt
        return real(nb, *args, **kwargs)

    monkeypatch.setattr(runner, "execute_notebook", interrupt_second)
    assert run(params, good, log_output=False, notebooks_dir=tmp_path / "good", force=True) == 1
    assert "interrupted" in capsys.readouterr().err
    after = _snapshot(out)
    assert after == before
    assert not list(out.glob(".staging-*"))


def test_waves_run_the_analyses_side_by_side_after_read_and_annotate():
    from newslab.run import waves

    assert [[nb.name for nb in wave] for wave in waves(NOTEBOOKS)] == [
        ["01_read"],
        ["02_annotate"],
        ["03_claims", "04_who_where", "05_timeline", "06_overlap"],
    ]
    with pytest.raises(ValueError, match="needs"):
        waves((Notebook("a", "A", "", needs=("b",)), Notebook("b", "B", "")))


def test_rerun_with_nothing_changed_does_nothing_and_a_corpus_edit_reruns(tmp_path, capsys, tiny_corpus_params):
    corpus, out, params = tiny_corpus_params()
    toys = _toy_notebooks(tmp_path / "nb", fail=False)
    assert run(params, toys, log_output=False, notebooks_dir=tmp_path / "nb") == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    capsys.readouterr()

    assert run(params, toys, log_output=False, notebooks_dir=tmp_path / "nb") == 0
    assert "nothing changed" in capsys.readouterr().err
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps

    assert run(params, toys, log_output=False, notebooks_dir=tmp_path / "nb", force=True) == 0
    assert "nothing changed" not in capsys.readouterr().err
    first = next(corpus.rglob("*.txt"))
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    before = (out / "index.html").stat().st_mtime_ns
    assert run(params, toys, log_output=False, notebooks_dir=tmp_path / "nb") == 0
    assert "nothing changed" not in capsys.readouterr().err
    assert (out / "index.html").stat().st_mtime_ns != before


def test_a_failure_among_notebooks_run_side_by_side_is_reported_and_keeps_old_reports(
    tmp_path, capsys, tiny_corpus_params
):
    _, out, params = tiny_corpus_params(n_process=2)
    folder = tmp_path / "nb"
    ok, maybe = _toy_notebooks(folder, fail=True)
    write_notebook(folder / "03_side.ipynb", [("params", ""), ("code", "print('side')")])
    side_by_side = (
        ok,
        Notebook("03_side", "Side", "runs beside 02", needs=("01_ok",)),
        Notebook("02_maybe", "Maybe", "fails", needs=("01_ok",)),
    )
    good = _toy_notebooks(tmp_path / "good", fail=False)
    assert run(params, good, log_output=False, notebooks_dir=tmp_path / "good") == 0
    before = _snapshot(out)
    capsys.readouterr()
    assert run(params, side_by_side, log_output=False, notebooks_dir=folder) == 1
    assert "FAILED in notebook 02_maybe.ipynb" in capsys.readouterr().err
    after = _snapshot(out)
    assert after == before
    assert (out / "failed" / "02_maybe.ipynb").exists()


def test_a_dying_kernel_fails_the_run_and_keeps_previous_reports(tmp_path, capsys, tiny_corpus_params):
    _, out, params = tiny_corpus_params()
    good = _toy_notebooks(tmp_path / "good", fail=False)
    assert run(params, good, log_output=False, notebooks_dir=tmp_path / "good") == 0
    before = _snapshot(out)
    folder = tmp_path / "dies"
    ok, _ = _toy_notebooks(folder, fail=False)
    write_notebook(folder / "02_dies.ipynb", [("params", ""), ("code", "import os\nos._exit(3)")])
    capsys.readouterr()
    dies = (ok, Notebook("02_dies", "Dies", "kills its kernel"))
    assert run(params, dies, log_output=False, notebooks_dir=folder) == 1
    err = capsys.readouterr().err
    assert "FAILED in notebook 02_dies.ipynb, cell 3: DeadKernelError" in err
    assert _snapshot(out) == before
    assert (out / "failed" / "02_dies.ipynb").exists()


def test_kernels_use_private_unix_sockets_unless_the_path_is_too_long(tmp_path):
    from newslab.run import _kernel_config

    short = _kernel_config(str(tmp_path / "k"))
    if os.name == "posix":
        assert short.KernelManager.transport == "ipc"
        assert short.KernelManager.ip.startswith(str(tmp_path / "k"))
    assert "transport" not in _kernel_config("/" + "x" * 120).KernelManager


def test_reports_show_paths_relative_to_the_project_or_home(tmp_path, monkeypatch, project_root):
    from newslab.config import shown_path

    assert shown_path(project_root / "seeds") == "seeds"
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    assert shown_path(tmp_path / "scrapes" / "korea") == str(Path("~") / "scrapes" / "korea")
    assert shown_path(Path("/srv/corpus")) == "/srv/corpus"


def test_the_footer_shows_a_model_folder_relative_to_the_project(tmp_path, monkeypatch, tiny_corpus_params):
    import dataclasses

    from newslab.report.site import run_metadata

    _, out, params = tiny_corpus_params()
    (tmp_path / "models" / "mine").mkdir(parents=True)
    params = dataclasses.replace(params, model=str(tmp_path / "models" / "mine"))
    monkeypatch.setattr(config, "PROJECT_ROOT", tmp_path)
    meta = run_metadata(params, out)
    assert meta["model"] == str(Path("models") / "mine")
    assert meta["parameters"]["corpus_dir"] == "corpus"
    assert str(tmp_path) not in report.run_footer(meta)


def test_pages_are_exported_in_the_background_once_the_articles_table_exists(tmp_path, monkeypatch):
    import threading

    from newslab.run import PageExports

    calls = []

    def fake_export(executed, stage, footer):
        calls.append(([nb.name for nb, _ in executed], footer, threading.current_thread().name))
        return [{"title": nb.name} for nb, _ in executed]

    monkeypatch.setattr(report.site, "export_pages", fake_export)
    monkeypatch.setattr(report.site, "run_metadata", lambda params, stage: {"n": len(calls)})
    monkeypatch.setattr(report.site, "run_footer", lambda meta: f"footer {meta['n']}")
    one, two, three = (Notebook(name, name, "") for name in ("one", "two", "three"))
    exports = PageExports(None, tmp_path)
    exports.add([(one, tmp_path / "one.ipynb")])
    exports.start()  # no articles table yet: the page waits
    assert calls == []
    (tmp_path / "data").mkdir()
    pd.DataFrame({"article_id": ["a"]}).to_parquet(tables.table_path(tmp_path, "articles"))
    exports.add([(two, tmp_path / "two.ipynb")])
    exports.start()
    exports.add([(three, tmp_path / "three.ipynb")])
    assert [page["title"] for page in exports.pages()] == ["one", "two", "three"]
    exports.close()
    assert [names for names, _, _ in calls] == [["one", "two"], ["three"]]
    assert {footer for _, footer, _ in calls} == {"footer 0"}
    assert all(thread.startswith("newslab-export") for _, _, thread in calls)
