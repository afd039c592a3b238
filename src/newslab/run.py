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
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newslab import __version__, tables
from newslab.config import (
    DEFAULT_MODEL,
    NOTEBOOKS_DIR,
    PROJECT_ROOT,
    ParameterError,
    RunParams,
    check_params,
    effective_processes,
    shown_path,
)
from newslab.report.articles import DEFAULT_MAX_ARTICLE_PAGES

if TYPE_CHECKING:
    from traitlets.config import Config

KERNEL_NAME = "newslab"


@dataclass(frozen=True)
class Notebook:
    """One page of the site. ``needs`` names the notebooks whose tables it reads (``None``: all before it);
    notebooks whose needs are met run side by side."""

    name: str
    title: str
    description: str
    needs: tuple[str, ...] | None = None


# The analysis notebooks only read the tables of the read and annotate stages.
TABLES_FROM_STAGES = ("01_read", "02_annotate")

NOTEBOOKS: tuple[Notebook, ...] = (
    Notebook("01_read", "Read", "Files found, text cleaned, boilerplate dropped (with reasons), metadata, problems."),
    Notebook("02_annotate", "Annotate", "Entities, numeric claims, quotes and dates per article, with highlights."),
    Notebook(
        "03_claims",
        "Claims ledger",
        "Every counted figure with outlet, date, qualifier, source and hedging; estimate charts per category; "
        "agreements across articles and disagreements between figures that cannot both be true.",
        needs=TABLES_FROM_STAGES,
    ),
    Notebook(
        "04_who_where",
        "Who and where",
        "Most-named people, organisations, nationalities, places and weapons: mentions-per-article heatmaps, "
        "a co-occurrence network (same sentence), and detail tables.",
        needs=TABLES_FROM_STAGES,
    ),
    Notebook(
        "05_timeline",
        "Timeline",
        "Dates the articles mention as day/month/year spans next to publication dates; events in date order; "
        "unresolved date expressions with reasons.",
        needs=TABLES_FROM_STAGES,
    ),
    Notebook(
        "06_overlap",
        "Sources and overlap",
        "Pairs of articles telling the same story, what each of a pair adds, quotes by speaker, and distinctive "
        "terms per article and outlet.",
        needs=TABLES_FROM_STAGES,
    ),
)

# What a run publishes into <OUT>; anything else a user keeps there is left alone.
PUBLISHED = ("index.html", "data", "reports", "notebooks")
# Written into <OUT>/data by a successful run: the fingerprint of everything the reports were made from.
INPUTS_FILE = "run_inputs.json"


def waves(notebooks: tuple[Notebook, ...]) -> list[list[Notebook]]:
    """Group notebooks, in manifest order, into waves: a notebook joins the current wave unless it needs one in it."""
    result: list[list[Notebook]] = []
    for nb in notebooks:
        earlier = {n.name for wave in result for n in wave}
        needs = earlier if nb.needs is None else set(nb.needs)
        if not needs <= earlier:
            raise ValueError(f"notebook {nb.name} needs {sorted(needs - earlier)}, which do not run before it")
        if result and not needs & {n.name for n in result[-1]}:
            result[-1].append(nb)
        else:
            result.append([nb])
    return result


def _hash_tree(digest: Any, root: Path, skip: tuple[str, ...] = ()) -> None:
    """Feed every file name and byte under ``root`` into ``digest``; symlinks by target name, never followed."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        for name in sorted(files):
            path = Path(folder) / name
            digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
            try:
                if path.is_symlink():
                    digest.update(b"link:" + os.readlink(path).encode("utf-8", "surrogateescape"))
                    continue
                with path.open("rb") as fh:
                    while block := fh.read(1 << 20):
                        digest.update(block)
            except OSError as exc:
                digest.update(f"unreadable:{exc.errno}".encode())


def inputs_fingerprint(params: RunParams, notebooks: tuple[Notebook, ...], notebooks_dir: Path) -> str:
    """A hash of everything the reports depend on: corpus bytes, parameters, notebooks, code, packages, model.

    Two runs with the same fingerprint produce the same tables and pages, so a rerun with nothing
    changed can stop at once (``--force`` reruns anyway).
    """
    from importlib import metadata

    from newslab.annotate.pipeline import model_meta

    digest = hashlib.sha256()
    described = {
        "parameters": notebook_parameters(params, Path("<OUT>")),
        "notebooks": [(nb.name, nb.title, nb.description, nb.needs) for nb in notebooks],
        "model": model_meta(params.model),
        "packages": sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()),
    }
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    for nb in notebooks:
        digest.update((notebooks_dir / f"{nb.name}.ipynb").read_bytes())
    _hash_tree(digest, Path(__file__).parent, skip=("__pycache__",))
    _hash_tree(digest, params.corpus_dir)
    if Path(params.model).is_dir():  # a pipeline folder can be retrained without a new version number
        _hash_tree(digest, Path(params.model))
    return digest.hexdigest()


def up_to_date(out: Path, fingerprint: str) -> bool:
    """Whether ``out`` holds complete reports made from exactly these inputs."""
    try:
        recorded = json.loads((out / "data" / INPUTS_FILE).read_text())
    except (OSError, ValueError):
        return False
    return recorded.get("fingerprint") == fingerprint and (out / "index.html").exists()


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


def _failure_detail(exc: BaseException, executed: Path | None = None) -> str:
    """'cell N: ErrorName: message' from papermill's error; else the exception, with the cell that was
    running when it happened (a dead kernel or a timeout) read from the executed notebook."""
    cell = getattr(exc, "exec_count", None)
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"cell {cell}: {ename}: {evalue}"
    running = _last_started_cell(executed) if executed is not None else None
    return (f"cell {running}: " if running is not None else "") + f"{type(exc).__name__}: {exc}"


def _last_started_cell(executed: Path) -> int | None:
    """The cell papermill started last in ``executed``: its execution count, or, when the kernel died
    before announcing one, its position among the code cells (the two agree when every cell ran)."""
    import nbformat

    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # noqa: BLE001 -- a missing or half-written notebook just means no cell to name
        return None
    code_cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    started = [
        (started_at, position)
        for position, cell in enumerate(code_cells, start=1)
        if (started_at := cell.metadata.get("papermill", {}).get("start_time"))
    ]
    if not started:
        return None
    _, position = max(started)
    return code_cells[position - 1].get("execution_count") or position


def _kernel_config(socket_dir: str) -> Config:
    """Talk to the kernel over Unix sockets in ``socket_dir`` where possible.

    Local TCP works too, but ipykernel then warns about unencrypted traffic at every start (noise in
    ``make report``); sockets in a fresh private folder (mode 0700) are reachable only by this user,
    and one folder per notebook keeps kernels that run side by side apart. A Unix socket path is
    limited to about 107 bytes, so a long temporary folder keeps TCP.
    """
    from traitlets.config import Config

    config = Config()
    socket_base = os.path.join(socket_dir, "kernel")
    if os.name == "posix" and len(os.fsencode(socket_base)) < 96:
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = socket_base
    return config


def execute_notebook(
    nb: Notebook, params: RunParams, stage: Path, log_output: bool = True, notebooks_dir: Path = NOTEBOOKS_DIR
) -> Path:
    """Execute one notebook into ``stage/notebooks``; raise :class:`NotebookFailed` on error."""
    import papermill as pm

    executed = stage / "notebooks" / f"{nb.name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix="newslab-kernel-") as socket_dir:
            pm.execute_notebook(
                str(notebooks_dir / f"{nb.name}.ipynb"),
                str(executed),
                parameters=notebook_parameters(params, stage),
                kernel_name=KERNEL_NAME,
                cwd=str(notebooks_dir),
                progress_bar=False,
                # Streams go to the terminal through the files only: papermill's log_output would
                # also log stderr as a warning, printing every progress line twice.
                log_output=False,
                stdout_file=sys.stdout if log_output else None,
                stderr_file=sys.stderr if log_output else None,
                config=_kernel_config(socket_dir),
            )
    except KeyboardInterrupt as exc:
        raise NotebookFailed(nb.name, "interrupted (Ctrl-C)") from exc
    except Exception as exc:
        raise NotebookFailed(nb.name, _failure_detail(exc, executed)) from exc
    return executed


def run_metadata(params: RunParams, stage: Path) -> dict[str, object]:
    """What every page's footer states about the run."""
    from newslab import report

    parameters = notebook_parameters(params, Path("<OUT>"))
    parameters["corpus_dir"] = shown_path(params.corpus_dir)
    parameters["cache_dir"] = shown_path(params.cache_dir)
    if Path(params.model).is_dir():  # a pipeline folder rather than an installed package name
        parameters["model"] = shown_path(Path(params.model).resolve())
    meta: dict[str, object] = {
        "corpus_folder": parameters["corpus_dir"],
        "corpus_hash": "",
        "n_articles": 0,
        "model": parameters["model"],
        "model_version": "",
        "parameters": parameters,
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
        meta["model_version"] = json.loads(run_json.read_text()).get("model_version", "")
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
    force: bool = False,
    max_article_pages: int = DEFAULT_MAX_ARTICLE_PAGES,
) -> int:
    """Execute ``notebooks`` and publish; returns the process exit code.

    Nothing is executed when ``<OUT>`` already holds reports made from the same inputs (see
    :func:`inputs_fingerprint`), unless ``force``.
    """
    from newslab import report

    out = params.output_dir
    out.mkdir(parents=True, exist_ok=True)
    fingerprint = inputs_fingerprint(params, notebooks, notebooks_dir)
    if max_article_pages != DEFAULT_MAX_ARTICLE_PAGES:  # a site with another cap is another site
        fingerprint = hashlib.sha256(f"{fingerprint}:{max_article_pages}".encode()).hexdigest()
    if not force and up_to_date(out, fingerprint):
        print(
            f"[newslab] nothing changed since the last run (inputs {fingerprint[:12]}): the reports in {out} are "
            "up to date; use --force (make report FORCE=1) to rerun anyway",
            file=sys.stderr,
        )
        return 0
    stage = out / f".staging-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    stage.mkdir()
    executed: list[tuple[Notebook, Path]] = []
    try:
        for wave in waves(notebooks):
            started = time.perf_counter()
            print(f"[newslab] running {', '.join(nb.name for nb in wave)} ...", file=sys.stderr, flush=True)
            with report.downloads.for_kernels(stage / "reports"):  # each shown table also goes whole to a CSV
                failure, paths = _run_wave(wave, params, stage, log_output and len(wave) == 1, notebooks_dir)
            if failure is not None:
                raise failure
            executed.extend(zip(wave, paths, strict=True))
            done = ", ".join(nb.name for nb in wave)
            print(f"[newslab] {done} done in {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)
        meta = run_metadata(params, stage)
        footer = report.run_footer(meta)
        pages = export_pages(executed, stage, footer)
        from newslab.report import traces  # article pages, and the findings that open the index

        findings_html = traces.build(stage, max_article_pages)
        report.build_index(stage, pages, corpus_summary(stage), footer, findings_html)
        (stage / "data").mkdir(exist_ok=True)
        (stage / "data" / INPUTS_FILE).write_text(
            json.dumps({"fingerprint": fingerprint, "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, indent=2)
        )
        publish(stage, out)
    except (NotebookFailed, KeyboardInterrupt) as exc:
        failed_nb = _failed_notebook(exc, notebooks, executed)
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


def _failed_notebook(
    exc: BaseException, notebooks: tuple[Notebook, ...], executed: list[tuple[Notebook, Path]]
) -> Notebook:
    if isinstance(exc, NotebookFailed):
        return next(nb for nb in notebooks if nb.name == exc.notebook)
    finished = {nb.name for nb, _ in executed}
    return next((nb for nb in notebooks if nb.name not in finished), notebooks[-1])


def _run_wave(
    wave: list[Notebook], params: RunParams, stage: Path, log_output: bool, notebooks_dir: Path
) -> tuple[NotebookFailed | None, list[Path]]:
    """Execute the notebooks of one wave, side by side when there are several; the first failure in manifest order."""
    # A lone notebook runs in this thread, not a pool: Ctrl-C then reaches papermill while it
    # executes (stopping the kernel at once) and its cell output can stream to the terminal.
    if len(wave) == 1:
        try:
            return None, [execute_notebook(wave[0], params, stage, log_output, notebooks_dir)]
        except NotebookFailed as exc:
            return exc, [stage / "notebooks" / f"{wave[0].name}.ipynb"]
    from concurrent.futures import ThreadPoolExecutor

    workers = min(len(wave), effective_processes(params.n_process))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(execute_notebook, nb, params, stage, False, notebooks_dir) for nb in wave]
        failures: list[NotebookFailed] = []
        paths = []
        for nb, future in zip(wave, futures, strict=True):
            try:
                paths.append(future.result())
            except NotebookFailed as exc:
                failures.append(exc)
                paths.append(stage / "notebooks" / f"{nb.name}.ipynb")
    return (failures[0] if failures else None), paths


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="newslab", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="seeds", help="corpus folder (default: seeds)")
    parser.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="installed spaCy pipeline")
    parser.add_argument("--engine", default="local", help="local | dask")
    parser.add_argument("--cache", default=None, help="annotation cache folder (default: .cache/annotations)")
    parser.add_argument("--n-process", type=int, default=0, help="spaCy processes (0 = one per CPU)")
    parser.add_argument("--force", action="store_true", help="rerun even if nothing changed since the last run")
    parser.add_argument(
        "--max-article-pages",
        type=int,
        default=DEFAULT_MAX_ARTICLE_PAGES,
        help=f"articles that get an annotated page (default {DEFAULT_MAX_ARTICLE_PAGES}; -1: all)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        params = check_params(args.corpus, args.out, args.model, args.engine, args.cache, args.n_process)
    except ParameterError as exc:
        print(f"[newslab] error: {exc}", file=sys.stderr)
        return 2
    return run(params, force=args.force, max_article_pages=args.max_article_pages)


if __name__ == "__main__":
    sys.exit(main())
