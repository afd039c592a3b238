"""Shared fixtures: paths and one spaCy pipeline per test session (loading it is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT / "seeds"
BBC = ROOT.parent / "shared" / "corpora" / "bbc-news" / "news"


@pytest.fixture(scope="session")
def nlp():
    """The default model with the gazetteer and extractors, as the annotate stage loads it."""
    from newslab.annotate import load_pipeline
    from newslab.config import DEFAULT_MODEL

    return load_pipeline(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def seed_read():
    """The seeds through the read stage."""
    from newslab.read import read_corpus

    return read_corpus(SEEDS)
