"""Property-based: the analysis notebooks' own cells run on any tables the schemas allow.

Each example writes generated tables (hostile text, NaN, +-inf, 1e308, negative numbers, missing
offsets, dates outside pandas' range, empty and one-row tables) as Parquet into a folder, then executes
the code cells of the committed notebook in this process, as papermill would: parameters first, then
every cell in order, figures drawn after each cell as the inline backend draws them (matplotlib parses
labels only then), sanity-check cells included. Only the kernel is missing: magics are skipped.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given  # noqa: E402
from strategies import consistent_corpus, fast  # noqa: E402

from newslab import tables  # noqa: E402
from newslab.config import PROJECT_ROOT as ROOT  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:Glyph"),
    pytest.mark.filterwarnings("ignore:.*non-interactive"),
]

ANALYSIS_NOTEBOOKS = ("03_claims", "04_who_where", "05_timeline", "06_overlap")


def code_cells(name: str) -> list[tuple[bool, str]]:
    """(is the parameters cell, source without magics) for each code cell of the notebook."""
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    return [
        (
            "parameters" in cell.metadata.get("tags", []),
            "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%")),
        )
        for cell in nb.cells
        if cell.cell_type == "code"
    ]


def run_cells(name: str, output_dir) -> None:
    namespace: dict = {}
    for position, (is_parameters, source) in enumerate(code_cells(name), start=1):
        exec(compile(source, f"{name}.ipynb cell {position}", "exec"), namespace)  # noqa: S102
        if is_parameters:  # what papermill injects after the parameters cell
            namespace.update(corpus_dir=str(ROOT / "seeds"), output_dir=str(output_dir), n_process=1)
        try:
            for number in plt.get_fignums():
                plt.figure(number).canvas.draw()
        finally:
            plt.close("all")


@pytest.fixture
def html_display(monkeypatch):
    """Tables and headings go through the HTML path they take in a kernel; what they display is dropped."""
    import IPython.display
    import itables.javascript

    monkeypatch.setattr(IPython.display, "display", lambda *args, **kwargs: None)
    monkeypatch.setattr(itables.javascript, "_html_display_is_supported", lambda: True)


@pytest.mark.parametrize("name", ANALYSIS_NOTEBOOKS)
def test_notebook_cells_run_on_any_tables(name, html_display, tmp_path_factory):
    @fast(6)
    @given(consistent_corpus())
    def cells_run(generated):
        out = tmp_path_factory.mktemp(name)
        for table_name, df in generated.items():
            tables.write_table(df, out, table_name)
        run_cells(name, out)

    cells_run()
