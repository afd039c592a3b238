"""The pipeline: the manifest of notebooks, their execution in waves, and publishing.

``NOTEBOOKS`` is the one place that lists the notebooks, their order and what each page is.
The input fingerprint lives in :mod:`newslab.fingerprint`, the pages and ``index.html`` in
:mod:`newslab.report.site`; this module runs the notebooks with papermill and publishes.
A run writes everything into a staging folder inside ``<OUT>`` and moves it into place only
when every notebook succeeded, so a failed or interrupted run leaves the previous reports and
tables as they were. The failed notebook (with papermill's error banner) and its HTML are
kept under ``<OUT>/failed/``, and the process exits non-zero naming the notebook and cell.

Usage: ``python -m newslab.run --corpus seeds --out outputs [--model NAME] [--engine local]``
(what ``make report`` calls).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newslab import tables
from newslab.config import (
    NOTEBOOKS_DIR,
    RUN_PARAMETERS,
    ParameterError,
    RunParams,
    check_params,
    effective_processes,
    notebook_parameters,
)
from newslab.fingerprint import inputs_fingerprint, record, up_to_date
from newslab.report import downloads, site
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
        "The quantities counted across articles (threads: same measure, subject, place and time), each with its "
        "range, sources and status mix; estimate charts per thread over time; every figure with qualifier, source "
        "and status; agreements and disagreements only inside a thread.",
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
        "dates the time axis cannot hold and unresolved expressions, each with its reason.",
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


class NotebookFailed(RuntimeError):
    def __init__(self, notebook: str, detail: str) -> None:
        super().__init__(f"notebook {notebook} failed: {detail}")
        self.notebook = notebook
        self.detail = detail


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

    source = notebooks_dir / f"{nb.name}.ipynb"
    executed = stage / "notebooks" / f"{nb.name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    # Each notebook takes only the run parameters its parameters cell names (03-06: output_dir).
    declared = pm.inspect_notebook(str(source))
    parameters = {k: v for k, v in notebook_parameters(params, stage).items() if k in declared}
    try:
        with tempfile.TemporaryDirectory(prefix="newslab-kernel-") as socket_dir:
            pm.execute_notebook(
                str(source),
                str(executed),
                parameters=parameters,
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


def keep_failure(stage: Path, out: Path, nb: Notebook, executed: Path, params: RunParams) -> Path:
    """Move the failed notebook and its HTML to ``<OUT>/failed/`` (replacing an older failure)."""
    failed = out / "failed"
    shutil.rmtree(failed, ignore_errors=True)
    failed.mkdir(parents=True)
    if executed.exists():
        try:
            site.export_failed_page(nb, executed, params, stage, failed)
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
    :func:`newslab.fingerprint.inputs_fingerprint`), unless ``force``.
    """
    out = params.output_dir
    out.mkdir(parents=True, exist_ok=True)
    fingerprint = inputs_fingerprint(params, notebooks, notebooks_dir, {"max_article_pages": max_article_pages})
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
    exports = PageExports(params, stage)
    try:
        for wave in waves(notebooks):
            if len(wave) > 1:
                exports.start()  # earlier pages are exported while the analyses run side by side
            started = time.perf_counter()
            print(f"[newslab] running {', '.join(nb.name for nb in wave)} ...", file=sys.stderr, flush=True)
            with downloads.for_kernels(stage / "reports"):  # each shown table also goes whole to a CSV
                failure, paths = _run_wave(wave, params, stage, log_output and len(wave) == 1, notebooks_dir)
            if failure is not None:
                raise failure
            executed.extend(zip(wave, paths, strict=True))
            exports.add(list(zip(wave, paths, strict=True)))
            done = ", ".join(nb.name for nb in wave)
            print(f"[newslab] {done} done in {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)
        pages = exports.pages()
        site.build_site(executed, params, stage, max_article_pages, pages=pages, footer=exports.footer)
        record(stage, fingerprint)
        publish(stage, out)
    except (NotebookFailed, KeyboardInterrupt) as exc:
        exports.close()  # before the stage goes: no export may still be writing into it
        failed_nb = _failed_notebook(exc, notebooks, executed)
        detail = exc.detail if isinstance(exc, NotebookFailed) else "interrupted (Ctrl-C)"
        failed = keep_failure(stage, out, failed_nb, stage / "notebooks" / f"{failed_nb.name}.ipynb", params)
        shutil.rmtree(stage, ignore_errors=True)
        print(
            f"[newslab] FAILED in notebook {failed_nb.name}.ipynb, {detail}\n"
            f"[newslab] the executed notebook and its HTML are in {failed}; "
            f"the previous reports in {out} are unchanged",
            file=sys.stderr,
        )
        return 1
    except BaseException:
        exports.close()
        shutil.rmtree(stage, ignore_errors=True)
        raise
    finally:
        exports.close()
    print(f"[newslab] reports written to {out / 'index.html'}", file=sys.stderr)
    return 0


class PageExports:
    """HTML export of finished notebooks in one background thread, while later notebooks execute.

    Exporting is pure Python in this process and executing is in kernel processes, so the export of the
    read and annotate pages costs little wall time when it runs beside the analyses. It never runs beside
    the annotate wave: that is where the run's memory peaks (spaCy worker processes), and an export grows
    this process by about 150 MB, which it keeps. Pages are exported once the articles table exists (the
    footer states its count and hash).
    """

    def __init__(self, params: RunParams, stage: Path) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._params, self._stage = params, stage
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newslab-export")
        self._waiting: list[tuple[Notebook, Path]] = []
        self._futures: list = []
        #: The run footer of the exported pages (set once the articles table exists): the index carries it too.
        self.footer: str | None = None

    def add(self, executed: list[tuple[Notebook, Path]]) -> None:
        """Notebooks to export at the next :meth:`start`."""
        self._waiting.extend(executed)

    def start(self, final: bool = False) -> None:
        """Export the notebooks added so far in the background (once the articles table exists, or ``final``)."""
        if not self._waiting:
            return
        if self.footer is None and (final or tables.table_path(self._stage, "articles").exists()):
            self.footer = site.run_footer(site.run_metadata(self._params, self._stage))
        if self.footer is not None:
            self._futures.append(self._pool.submit(site.export_pages, self._waiting, self._stage, self.footer))
            self._waiting = []

    def pages(self) -> list[dict]:
        """The index entries of every page, in notebook order, once all are written (an export's error is raised)."""
        self.start(final=True)
        return [page for future in self._futures for page in future.result()]

    def close(self) -> None:
        """Wait for the exports under way and drop the ones not started."""
        self._pool.shutdown(wait=True, cancel_futures=True)


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
    for p in RUN_PARAMETERS:
        shown_default = f" (default: {p.default})" if p.default != "" else ""
        parser.add_argument(p.flag, dest=p.name, type=type(p.default), default=p.default, help=p.help + shown_default)
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
        params = check_params(**{p.name: getattr(args, p.name) for p in RUN_PARAMETERS})
    except ParameterError as exc:
        print(f"[newslab] error: {exc}", file=sys.stderr)
        return 2
    return run(params, force=args.force, max_article_pages=args.max_article_pages)


if __name__ == "__main__":
    sys.exit(main())
