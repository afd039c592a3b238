"""Committed notebooks: no outputs, a `parameters` cell with the run parameters they take, in the run manifest."""

from __future__ import annotations

import ast

import nbformat
import pytest

from newslab.config import NOTEBOOKS_DIR
from newslab.run import NOTEBOOKS

NOTEBOOK_FILES = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_every_notebook_is_in_the_manifest_and_vice_versa():
    assert [p.stem for p in NOTEBOOK_FILES] == [nb.name for nb in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a cell has an execution count"


# The stage notebooks take the six run parameters; the analysis notebooks only read tables from output_dir.
STAGE_NOTEBOOKS = {"01_read", "02_annotate"}


def _run_parameters_taken(path) -> set[str]:
    from newslab.config import RUN_PARAMETERS

    return {p.name for p in RUN_PARAMETERS} if path.stem in STAGE_NOTEBOOKS else {"output_dir"}


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.name)
def test_notebook_has_a_parameters_cell_with_the_run_parameters(path):
    from newslab.authoring import parameters_cell
    from newslab.config import RUN_PARAMETERS

    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: expected exactly one cell tagged 'parameters'"
    names = {
        t.id for node in ast.walk(ast.parse(tagged[0].source)) if isinstance(node, ast.Assign) for t in node.targets
    }
    assert names & {p.name for p in RUN_PARAMETERS} == _run_parameters_taken(path)
    # Written from the one definition of the run parameters (config.RUN_PARAMETERS).
    assert tagged[0].source == parameters_cell(_run_parameters_taken(path))
    assert nb.metadata["kernelspec"]["name"] == "newslab"


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.name)
def test_papermill_sees_every_run_parameter(path):
    """papermill parses the parameters cell itself; a line it cannot parse becomes an 'unknown parameter' warning."""
    import papermill as pm

    from newslab.config import check_params
    from newslab.run import notebook_parameters

    params = check_params("seeds", "outputs")
    taken = set(notebook_parameters(params, params.output_dir)) & _run_parameters_taken(path)
    assert taken == _run_parameters_taken(path)
    assert taken <= set(pm.inspect_notebook(str(path)))
