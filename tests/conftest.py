"""Shared fixtures: the project's folders, the seeds read once, and one spaCy pipeline per test session.

Tests take these as fixtures (never ``from conftest import ...``). The layout mirrors the package:
``unit/{read,annotate,analyse,report}/`` and ``unit/`` for the top-level modules, ``integration/``
for the slow end-to-end paths (runs, Dask, browser, bench), ``gold/`` for the seeds and real text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """Small hand-written corpora (``tests/fixtures``)."""
    return ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def bbc_dir() -> Path:
    """The BBC corpus beside the project (``../shared``), read in place; the test is skipped without it."""
    path = ROOT.parent / "shared" / "corpora" / "bbc-news" / "news"
    if not path.exists():
        pytest.skip("BBC corpus not beside the project")
    return path


@pytest.fixture(scope="session")
def nlp():
    """The default model with the gazetteer and extractors, as the annotate stage loads it."""
    from newslab.annotate import load_pipeline
    from newslab.config import DEFAULT_MODEL

    return load_pipeline(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def parse(nlp):
    """Parse a text with the annotate pipeline but without running the extractors (tests call them)."""

    def run(text: str):
        with nlp.select_pipes(disable=["newslab_extract"]):
            return nlp(text)

    return run


@pytest.fixture(scope="session")
def seed_read(seeds_dir):
    """The seeds through the read stage, once per session: every seed test starts from it."""
    from newslab.read import read_corpus

    return read_corpus(seeds_dir)


@pytest.fixture(scope="session")
def seed_annotate(seed_read, tmp_path_factory):
    """The seeds through the annotate stage (fresh cache), once per session: the gold tests share it."""
    from newslab.annotate import annotate_corpus
    from newslab.config import DEFAULT_MODEL

    return annotate_corpus(seed_read.articles, DEFAULT_MODEL, cache_dir=tmp_path_factory.mktemp("seed-cache"))
