"""Fixtures of the browser tests: headless Chromium (skipped where it is missing, required in CI) and one site
built from the hostile corpus, shared by every test that opens it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hostile import build_hostile_corpus

from newslab import config
from newslab.run import run

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium calls home at start-up, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise RuntimeError("Chromium is required in CI for the browser tests: apt-get install chromium (make browser)")
    pytest.skip("headless Chromium not installed (make browser installs it)")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The published site of the hostile corpus (``tests/hostile.py``), built once per session."""
    root = tmp_path_factory.mktemp("hostile")
    corpus = build_hostile_corpus(root)
    out = root / "site"
    params = config.check_params(corpus, out, cache_dir=root / "cache", n_process=1)
    assert run(params, log_output=False) == 0
    return out


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Playwright."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
