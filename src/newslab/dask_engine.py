"""``ENGINE=dask``: the read and annotate stages on dask.distributed.

How the work is partitioned:

* **read**: the driver lists the files (cheap) and runs the cross-corpus pre-pass that counts
  repeated lines; the file list is cut into partitions of ``files_per_partition`` files, and each
  partition is read by one task with the same :func:`newslab.read.read_files` the local engine
  uses. Duplicate detection (by SHA-256) runs on the driver over the gathered table.
* **annotate**: articles are cut into partitions of ``articles_per_partition``; each task loads
  the spaCy pipeline once per worker process (kept in a module-level dict) when some article is
  not cached, annotates its partition with the same :func:`newslab.annotate.annotate_partition`
  the local engine uses (``n_process=1``) and reads/writes the same per-article cache; the
  partitions' :class:`~newslab.annotate.AnnotateStats` add up with ``+=``. Canonical names
  and speaker resolution are corpus-wide, so they run on the driver over the gathered rows.

Both stages return exactly the tables the local engine returns (``tests/integration/test_dask_engine.py``).

The cluster: ``DASK_SCHEDULER=tcp://host:port`` connects to an existing scheduler; otherwise a
``LocalCluster`` with one single-threaded worker process per CPU is started for the run. On a real
cluster the corpus folder and the cache folder must be on a filesystem every worker can read
(and write, for the cache); pass ``cache_dir=""`` to disable caching otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from newslab import annotate, read
from newslab.annotate import AnnotateStats
from newslab.config import RunParams, effective_processes

_PIPELINES: dict[str, Any] = {}


@contextmanager
def client(n_workers: int) -> Iterator[Any]:
    from dask.distributed import Client, LocalCluster

    address = os.environ.get("DASK_SCHEDULER")
    if address:
        with Client(address) as c:
            yield c
        return
    with (
        LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as c,
    ):
        yield c


def partitions(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _read_partition(paths: list[Path], corpus: Path, repeated: frozenset[str], model: str) -> list[read.FileResult]:
    return list(read.read_files(paths, corpus, repeated, model))


def read_corpus(params: RunParams, progress: bool = True, files_per_partition: int = 200) -> read.ReadResult:
    """The read stage with one Dask task per partition of files."""
    corpus = Path(params.corpus_dir)
    paths, problems = read.discover_files(corpus)
    repeated = read.repeated_lines(paths, corpus)
    with client(effective_processes(params.n_process)) as c:
        futures = c.map(
            _read_partition,
            partitions(paths, files_per_partition),
            corpus=corpus,
            repeated=repeated,
            model=params.model,
        )
        results = [r for part in c.gather(futures) for r in part]
    return read.assemble(results, problems)


def _pipeline(model: str) -> Any:
    """The pipeline of ``model``, loaded once per worker process."""
    nlp = _PIPELINES.get(model)
    if nlp is None:
        nlp = _PIPELINES[model] = annotate.load_pipeline(model)
    return nlp


def _annotate_partition(articles: list[annotate.Article], model: str, cache_dir: str) -> tuple[list, AnnotateStats]:
    stats = AnnotateStats()
    rows = list(annotate.annotate_partition(articles, model, cache_dir or None, stats, load=lambda: _pipeline(model)))
    return rows, stats


def annotate_corpus(
    params: RunParams, articles: pd.DataFrame, progress: bool = True, articles_per_partition: int = 100
) -> annotate.AnnotateResult:
    """The annotate stage with one Dask task per partition of articles."""
    items = list(annotate.articles_from_table(articles))
    stats = AnnotateStats()
    per_article: list = []
    with client(effective_processes(params.n_process)) as c:
        futures = c.map(
            _annotate_partition,
            partitions(items, articles_per_partition),
            model=params.model,
            cache_dir=str(params.cache_dir) if params.cache_dir else "",
        )
        for rows, part_stats in c.gather(futures):
            per_article.extend(rows)
            stats += part_stats
    return annotate.result_from_rows(per_article, stats, articles)
