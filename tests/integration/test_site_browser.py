"""The published site in headless Chromium: pages load from file:// without errors, tables and figures are
there, and a hostile corpus (``<script>``, ``<img onerror>``, ``<iframe>`` in titles and bodies, a symlink to a
secret file) runs no script and leaks nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import SECRET

from newslab import tables
from newslab.run import NOTEBOOKS

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def open_page(browser, path: Path):
    """Load a page from file://; return the page and every console error, page error and failed request."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    return page, errors


def all_pages(site: Path) -> list[Path]:
    return [site / "index.html"] + [
        site / "reports" / f"{nb.name}{kind}.html" for nb in NOTEBOOKS for kind in ("", ".full")
    ]


def test_every_page_loads_without_errors_and_runs_no_injected_script(hostile_site, browser):
    for path in all_pages(hostile_site):
        page, errors = open_page(browser, path)
        assert errors == [], f"{path.name}: {errors}"
        assert page.evaluate("typeof window.__pwned") == "undefined", f"{path.name} ran injected script"
        assert page.locator("iframe").count() == 0, path.name
        page.close()


def test_injected_markup_is_shown_as_text(hostile_site, browser):
    page, _ = open_page(browser, hostile_site / "reports" / "01_read.html")
    assert "<script>window.__pwned = 1</script>" in page.inner_text("body")
    page.close()


def test_claims_table_and_figures_are_present(hostile_site, browser):
    page, _ = open_page(browser, hostile_site / "reports" / "03_claims.html")
    assert page.locator(".dt-container, .dataTables_wrapper").count() >= 1
    assert page.locator("img").count() >= 1
    assert "1,200" in page.inner_text("body") or "1200" in page.inner_text("body")
    page.close()


def test_no_output_contains_the_secret_behind_the_symlink(hostile_site):
    for path in hostile_site.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    problems = tables.read_table(hostile_site, "problems")
    assert "escape.txt" in set(problems["source_path"])


def test_pages_stay_under_5_mb(hostile_site):
    for path in all_pages(hostile_site):
        assert path.stat().st_size < 5 * 2**20, path.name
