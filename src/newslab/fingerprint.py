"""The input fingerprint: one hash of everything a run's reports are made from.

A successful run records it in ``<OUT>/data/run_inputs.json``; a rerun that computes the same
fingerprint (and finds ``index.html``) has nothing to do. The hash covers the corpus files' names
and bytes, the run parameters, the notebooks, the package's code and data files, the installed
packages' versions and the model's identity (and its files, when the model is a folder).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from newslab.atomic import write_atomic
from newslab.config import RunParams, notebook_parameters

# Written into <OUT>/data by a successful run: the fingerprint of everything the reports were made from.
INPUTS_FILE = "run_inputs.json"
PACKAGE_DIR = Path(__file__).parent


class Page(Protocol):
    """What the fingerprint needs of a notebook of the manifest (``run.Notebook``)."""

    name: str
    title: str
    description: str
    needs: tuple[str, ...] | None


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


def inputs_fingerprint(
    params: RunParams, notebooks: Sequence[Page], notebooks_dir: Path, site_options: dict | None = None
) -> str:
    """A hash of everything the reports depend on: corpus bytes, parameters, notebooks, code, packages, model,
    and the site-building options (``site_options``, e.g. the article-page cap).

    Two runs with the same fingerprint produce the same tables and pages, so a rerun with nothing
    changed can stop at once (``--force`` reruns anyway).
    """
    from importlib import metadata

    import spacy

    from newslab.annotate.pipeline import PIPELINE_VERSION, model_id

    digest = hashlib.sha256()
    described = {
        "parameters": notebook_parameters(params, Path("<OUT>")),
        "notebooks": [(nb.name, nb.title, nb.description, nb.needs) for nb in notebooks],
        "model": {
            "model": params.model,
            "model_id": model_id(params.model),
            "spacy_version": spacy.__version__,
            "pipeline_version": PIPELINE_VERSION,
        },
        "packages": sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()),
        "site": site_options or {},
    }
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    for nb in notebooks:
        digest.update((notebooks_dir / f"{nb.name}.ipynb").read_bytes())
    _hash_tree(digest, PACKAGE_DIR, skip=("__pycache__",))
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


def record(stage: Path, fingerprint: str) -> None:
    """Write the fingerprint into ``stage/data`` so the published run can be recognised next time."""
    recorded = {"fingerprint": fingerprint, "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    write_atomic(stage / "data" / INPUTS_FILE, json.dumps(recorded, indent=2))
