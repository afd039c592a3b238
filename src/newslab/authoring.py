"""Write a notebook from a list of ("md"|"code"|"params", source) cells (helper for authoring notebooks).

Notebooks are the source of truth once written; this helper only keeps new ones in the common
shape: outline, imports, a `parameters` cell, the story, a sanity-check section. Usage from
Python: ``write_notebook(path, cells)``. Outputs are never written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import nbformat

from newslab.config import RUN_PARAMETERS

PARAMETERS_HEADER = "# Parameters (papermill overrides these; the defaults work in JupyterLab)"


def parameters_cell(names: Iterable[str] | None = None) -> str:
    """The source of a notebook's ``parameters`` cell for the run parameters ``names`` (default: all six),
    written from ``config.RUN_PARAMETERS``; a test holds every notebook's cell to it."""
    wanted = None if names is None else set(names)
    lines = [PARAMETERS_HEADER]
    for p in RUN_PARAMETERS:
        if wanted is None or p.name in wanted:
            lines.append(f"{p.name} = {json.dumps(p.default)}  # {p.help}")
    return "\n".join(lines)


PARAMETERS = parameters_cell()


def write_notebook(path: str | Path, cells: list[tuple[str, str]]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "newslab", "display_name": "Python (newslab)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source in cells:
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(source.strip()))
        elif kind == "params":
            cell = nbformat.v4.new_code_cell(source.strip() or PARAMETERS)
            cell.metadata["tags"] = ["parameters"]
            nb.cells.append(cell)
        else:
            nb.cells.append(nbformat.v4.new_code_cell(source.strip()))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
    nbformat.validate(nb)
    nbformat.write(nb, str(path))
