"""ENGINE=dask writes exactly the tables the local engine writes."""

from __future__ import annotations

import pandas as pd
import pytest

from newslab import config, dask_engine, engine

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds_dir, fixtures_dir):
    """The seeds plus the tiny fixture corpus (nested folders, Markdown)."""
    import shutil

    root = tmp_path_factory.mktemp("dask") / "corpus"
    shutil.copytree(seeds_dir, root / "seeds")
    shutil.copytree(fixtures_dir / "tiny", root / "tiny")
    return root


def test_partitions_cover_every_item_once():
    items = list(range(23))
    parts = dask_engine.partitions(items, 5)
    assert [len(p) for p in parts] == [5, 5, 5, 5, 3]
    assert sum(parts, []) == items


def test_dask_and_local_engines_write_the_same_tables(corpus, tmp_path):
    local = config.check_params(corpus, tmp_path / "a", cache_dir=tmp_path / "cache-a", n_process=1)
    dask = config.check_params(corpus, tmp_path / "b", engine="dask", cache_dir=tmp_path / "cache-b", n_process=2)
    read_local, read_dask = engine.read_stage(local, progress=False), engine.read_stage(dask, progress=False)
    for name in ("articles", "dropped_lines", "problems"):
        pd.testing.assert_frame_equal(getattr(read_local, name), getattr(read_dask, name))
    ann_local = engine.annotate_stage(local, read_local.articles, progress=False)
    ann_dask = engine.annotate_stage(dask, read_dask.articles, progress=False)
    for name, table in ann_local.tables().items():
        pd.testing.assert_frame_equal(table, ann_dask.tables()[name], obj=name)
    assert len(ann_local.claims) > 0 and len(ann_local.entities) > 0
