"""The one set-up call at the top of every notebook: check what it takes, load the tables it reads.

The stage notebooks (01_read, 02_annotate) take the six run parameters and get them checked into a
:class:`~newslab.config.RunParams`; the analysis notebooks take only ``output_dir`` (and their own
display caps), so they never check, or need, a model they do not load. Usage::

    from newslab.notebook import setup
    ctx = setup(output_dir=output_dir, tables=("articles", "claims"))
    articles, claims = ctx.tables["articles"], ctx.tables["claims"]
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newslab import tables as contract
from newslab.config import RunParams, check_params, resolve


@dataclass(frozen=True)
class Context:
    """What a notebook works with: its output folder, the checked run parameters (stage notebooks only)
    and the tables it asked for, by name."""

    output_dir: Path
    params: RunParams | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def setup(
    output_dir: str | os.PathLike,
    *,
    tables: Iterable[str] = (),
    **run_parameters: object,
) -> Context:
    """Check the notebook's parameters and read the tables it needs.

    ``run_parameters`` (``corpus_dir``, ``model``, ``engine``, ``cache_dir``, ``n_process``) are given by the
    stage notebooks only; they are checked with :func:`~newslab.config.check_params`, which stops a wrong
    folder or model before any work with a message naming the fix. A missing table raises
    ``FileNotFoundError`` naming the notebook to run first.
    """
    params = None
    if run_parameters:
        cache_dir = run_parameters.pop("cache_dir", None) or None
        params = check_params(output_dir=output_dir, cache_dir=cache_dir, **run_parameters)  # type: ignore[arg-type]
        out = params.output_dir
    else:
        out = resolve(output_dir)
    return Context(out, params, {name: contract.read_table(out, name) for name in tables})
