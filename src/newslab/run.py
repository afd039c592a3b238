"""The pipeline: run every notebook with papermill, export HTML, publish the site.

``NOTEBOOKS`` is the one place that lists the notebooks, their order and what each page is.
A run writes everything into a staging folder inside ``<OUT>`` and moves it into place only
when every notebook succeeded, so a failed or interrupted run leaves the previous reports and
tables as they were. The failed notebook (with papermill's error banner) and its HTML are
kept under ``<OUT>/failed/``, and the process exits non-zero naming the notebook and cell.

Usage: ``python -m newslab.run --corpus seeds --out outputs [--model NAME] [--engine local]``
(what ``make report`` calls).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from newslab import __version__, tables
from newslab.config import (
    DEFAULT_MODEL,
    NOTEBOOKS_DIR,
    PROJECT_ROOT,
    ParameterError,
    RunParams,
    check_params,
)

KERNEL_NAME = "newslab"


@dataclass(frozen=True)
class Notebook:
    name: str
    title: str
    description: str


NOTEBOOKS: tuple[Notebook, ...] = (
    Notebook("01_read", "Read", "Files found, text cleaned, boilerplate dropped (with reasons), metadata, problems."),
    Notebook("02_annotate", "Annotate", "Entities, numeric claims, quotes and dates per article, with highlights."),
    Notebook(
        "03_claims",
        "Claims ledger",
        "Every counted figure with outlet, date, qualifier, source and hedging; estimate charts per category; "
        "agreements across articles and disagreements between figures that cannot both be true.",
    ),
    Notebook(
        "04_who_where",
        "Who and where",
        "Most-named people, organisations, places and weapons: mentions-per-article heatmaps, a co-occurrence "
        "network (same sentence), and detail tables.",
    ),
    Notebook(
        "05_timeline",
        "Timeline",
        "Dates the articles mention as day/month/year spans next to publication dates; events in date order; "
        "unresolved date expressions with reasons.",
    ),
    Notebook(
        "06_overlap",
        "Sources and overlap",
        "Pairs of articles telling the same story, what each of a pair adds, quotes by speaker, and distinctive "
        "terms per article and outlet.",
    ),
)

# What a run publishes into <OUT>; anything else a user keeps there is left alone.
PUBLISHED = ("index.html", "data", "reports", "notebooks")


class NotebookFailed(RuntimeError):
    def __init__(self, notebook: str, detail: str) -> None:
        super().__init__(f"notebook {notebook} failed: {detail}")
        self.notebook = notebook
        self.detail = detail


def notebook_parameters(params: RunParams, output_dir: Path) -> dict[str, object]:
    return {
        "corpus_dir": str(params.corpus_dir),
        "output_dir": str(output_dir),
        "model": params.model,
        "engine": params.engine,
        "cache_dir": str(params.cache_dir),
        "n_process": params.n_process,
    }


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


def _failure_detail(exc: BaseException) -> str:
    """'cell N: ErrorName: message' from papermill's error, else the exception itself."""
    cell = getattr(exc, "exec_count", None)
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"cell {cell}: {ename}: {evalue}"
    return f"{type(exc).__name__}: {exc}"


def execute_notebook(
    nb: Notebook, params: RunParams, stage: Path, log_output: bool = True, notebooks_dir: Path = NOTEBOOKS_DIR
) -> Path:
    """Execute one notebook into ``stage/notebooks``; raise :class:`NotebookFailed` on error."""
    import papermill as pm

    executed = stage / "notebooks" / f"{nb.name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(
            str(notebooks_dir / f"{nb.name}.ipynb"),
            str(executed),
            parameters=notebook_parameters(params, stage),
            kernel_name=KERNEL_NAME,
            cwd=str(notebooks_dir),
            progress_bar=False,
            log_output=log_output,
            stdout_file=sys.stdout if log_output else None,
            stderr_file=sys.stderr if log_output else None,
        )
    except KeyboardInterrupt as exc:
        raise NotebookFailed(nb.name, "interrupted (Ctrl-C)") from exc
    except Exception as exc:
        raise NotebookFailed(nb.name, _failure_detail(exc)) from exc
    return executed


def run_metadata(params: RunParams, stage: Path) -> dict[str, object]:
    """What every page's footer states about the run."""
    from newslab import report

    corpus = params.corpus_dir
    shown = corpus.relative_to(PROJECT_ROOT) if PROJECT_ROOT in corpus.parents else corpus
    meta: dict[str, object] = {
        "corpus_folder": str(shown),
        "corpus_hash": "",
        "n_articles": 0,
        "model": params.model,
        "model_version": "",
        "parameters": notebook_parameters(params, Path("<OUT>")),
        "package_version": __version__,
        "git_commit": git_commit(),
    }
    articles_path = tables.table_path(stage, "articles")
    if articles_path.exists():
        articles = tables.read_table(stage, "articles")
        meta["n_articles"] = len(articles)
        meta["corpus_hash"] = report.corpus_fingerprint(articles["sha256"].tolist())
    run_json = stage / "data" / "run.json"
    if run_json.exists():
        meta.update({k: v for k, v in json.loads(run_json.read_text()).items() if k in ("model", "model_version")})
    return meta


def corpus_summary(stage: Path) -> dict[str, object]:
    """Counts for the landing page, from whichever tables the run wrote."""
    summary: dict[str, object] = {}
    for name in ("articles", "entities", "claims", "quotes", "dates", "problems", "dropped_lines"):
        if tables.table_path(stage, name).exists():
            summary[name] = len(tables.read_table(stage, name))
    if tables.table_path(stage, "articles").exists():
        articles = tables.read_table(stage, "articles")
        outlets = articles["outlet"][articles["outlet"] != ""]
        summary["outlets"] = int(outlets.nunique())
        dated = sorted(p for p in articles["published"] if p)
        summary["published"] = f"{dated[0][:10]} to {dated[-1][:10]}" if dated else "not stated"
    return summary


def export_pages(executed: list[tuple[Notebook, Path]], stage: Path, footer: str, failed: bool = False) -> list[dict]:
    from newslab import report

    pages = []
    for nb, path in executed:
        reader = stage / "reports" / f"{nb.name}.html"
        full = stage / "reports" / f"{nb.name}.full.html"
        report.export_notebook(path, reader, full, footer)
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


def publish(stage: Path, out: Path) -> None:
    """Move the staged entries into ``out``, replacing the previous run's, then drop old failures."""
    trash = out / f".trash-{stage.name}"
    trash.mkdir()
    for name in PUBLISHED:
        new = stage / name
        if not new.exists():
            continue
        old = out / name
        if old.exists():
            os.replace(old, trash / name)
        os.replace(new, old)
    failed = out / "failed"
    if failed.exists():
        os.replace(failed, trash / "failed")
    shutil.rmtree(trash, ignore_errors=True)
    shutil.rmtree(stage, ignore_errors=True)


def keep_failure(stage: Path, out: Path, nb: Notebook, executed: Path, footer: str) -> Path:
    """Move the failed notebook and its HTML to ``<OUT>/failed/`` (replacing an older failure)."""
    failed = out / "failed"
    shutil.rmtree(failed, ignore_errors=True)
    failed.mkdir(parents=True)
    if executed.exists():
        try:
            export_pages([(nb, executed)], stage, footer, failed=True)
            for page in (stage / "reports").glob(f"{nb.name}*.html"):
                os.replace(page, failed / page.name)
        except Exception as exc:  # the HTML is a courtesy; the notebook itself is what matters
            print(f"warning: could not export the failed notebook to HTML: {exc}", file=sys.stderr)
        os.replace(executed, failed / executed.name)
    return failed


def run(
    params: RunParams,
    notebooks: tuple[Notebook, ...] = NOTEBOOKS,
    log_output: bool = True,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> int:
    """Execute ``notebooks`` and publish; returns the process exit code."""
    from newslab import report

    out = params.output_dir
    out.mkdir(parents=True, exist_ok=True)
    stage = out / f".staging-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    stage.mkdir()
    executed: list[tuple[Notebook, Path]] = []
    current: Notebook | None = None
    try:
        for nb in notebooks:
            current = nb
            print(f"[newslab] running {nb.name} ...", file=sys.stderr, flush=True)
            started = time.perf_counter()
            executed.append((nb, execute_notebook(nb, params, stage, log_output, notebooks_dir)))
            print(f"[newslab] {nb.name} done in {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)
        current = None
        meta = run_metadata(params, stage)
        footer = report.run_footer(meta)
        pages = export_pages(executed, stage, footer)
        report.build_index(stage, pages, corpus_summary(stage), footer)
        publish(stage, out)
    except (NotebookFailed, KeyboardInterrupt) as exc:
        failed_nb = current or (executed[-1][0] if executed else notebooks[0])
        detail = exc.detail if isinstance(exc, NotebookFailed) else "interrupted (Ctrl-C)"
        footer = report.run_footer(run_metadata(params, stage))
        failed = keep_failure(stage, out, failed_nb, stage / "notebooks" / f"{failed_nb.name}.ipynb", footer)
        shutil.rmtree(stage, ignore_errors=True)
        print(
            f"[newslab] FAILED in notebook {failed_nb.name}.ipynb, {detail}\n"
            f"[newslab] the executed notebook and its HTML are in {failed}; "
            f"the previous reports in {out} are unchanged",
            file=sys.stderr,
        )
        return 1
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    print(f"[newslab] reports written to {out / 'index.html'}", file=sys.stderr)
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="newslab", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="seeds", help="corpus folder (default: seeds)")
    parser.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="installed spaCy pipeline")
    parser.add_argument("--engine", default="local", help="local | dask")
    parser.add_argument("--cache", default=None, help="annotation cache folder (default: .cache/annotations)")
    parser.add_argument("--n-process", type=int, default=0, help="spaCy processes (0 = one per CPU)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        params = check_params(args.corpus, args.out, args.model, args.engine, args.cache, args.n_process)
    except ParameterError as exc:
        print(f"[newslab] error: {exc}", file=sys.stderr)
        return 2
    return run(params)


if __name__ == "__main__":
    sys.exit(main())
