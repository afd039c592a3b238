"""Where the read and annotate stages run: in this process (``local``) or on Dask (``dask``).

The notebooks call :func:`read_stage` and :func:`annotate_stage`; both engines return the same
tables. The Dask engine lives in :mod:`newslab.dask_engine` and is imported only when asked for.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import pandas as pd

from newslab import annotate, read, tables
from newslab.config import RunParams, effective_processes


def read_stage(params: RunParams, progress: bool = True) -> read.ReadResult:
    if params.engine == "dask":
        from newslab import dask_engine

        return dask_engine.read_corpus(params, progress=progress)
    return read.read_corpus(params.corpus_dir, progress=progress, model=params.model)


def annotate_stage(params: RunParams, articles, progress: bool = True) -> annotate.AnnotateResult:
    if params.engine == "dask":
        from newslab import dask_engine

        return dask_engine.annotate_corpus(params, articles, progress=progress)
    return annotate.annotate_corpus(
        articles,
        params.model,
        cache_dir=params.cache_dir,
        n_process=min(effective_processes(params.n_process), max(1, len(articles) // 4)),
        progress=progress,
    )


def write_tables(frames: Mapping[str, pd.DataFrame], output_dir: str | os.PathLike) -> None:
    """Write a stage's tables (``result.outputs()``) under ``<output_dir>/data/``, each atomically."""
    for name, table in frames.items():
        tables.write_table(table, output_dir, name)
