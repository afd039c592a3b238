"""Published files get the permissions the user's umask gives any new file (0644 under 022), not 0600."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest

from newslab import report, tables


@pytest.fixture(params=[0o022, 0o027, 0o077])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_pages_and_index_follow_the_umask(tmp_path, umask):
    page = tmp_path / "reports" / "01_read.html"
    report.write_html_atomic(page, "<p>page</p>")
    index = report.build_index(tmp_path, [], {"articles": 1}, "")
    assert mode(page) == mode(index) == 0o666 & ~umask
    assert mode(page.parent) == 0o777 & ~umask
    assert sorted(p.name for p in page.parent.iterdir()) == ["01_read.html"]


def test_tables_follow_the_umask(tmp_path, umask):
    path = tables.write_table(tables.empty_table("problems"), tmp_path, "problems")
    assert mode(path) == 0o666 & ~umask
    assert mode(path.parent) == 0o777 & ~umask
    assert sorted(p.name for p in path.parent.iterdir()) == ["problems.parquet"]


def test_rewriting_keeps_the_content_atomic_and_the_mode(tmp_path):
    old = os.umask(0o022)
    try:
        page = tmp_path / "index.html"
        report.write_html_atomic(page, "first")
        report.write_html_atomic(page, "second")
        df = pd.DataFrame({"source_path": ["a.txt"], "severity": ["warning"], "problem": ["odd"]})
        path = tables.write_table(df, tmp_path, "problems")
        path = tables.write_table(df, tmp_path, "problems")
    finally:
        os.umask(old)
    assert page.read_text() == "second" and mode(page) == 0o644
    assert tables.read_table(tmp_path, "problems").equals(tables.conform(df, "problems")) and mode(path) == 0o644
