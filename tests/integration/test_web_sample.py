"""End to end on real web pages: the whole pipeline runs on tests/fixtures/web_sample and nothing in it fails the run.

The sample holds seven real pages as HTML and as plain-text dumps (trafilatura's evaluation data,
Apache-2.0, see the folder's NOTICE) and a hand-written article whose dates cannot all be placed on a
time axis (1660, October 5040, 31 February, 500 BC, ...), with markup, right-to-left text and "$$".
"""

from __future__ import annotations

import os
import stat

import pytest

from newslab import config, tables
from newslab.analyse import timeline
from newslab.run import NOTEBOOKS, run

pytestmark = pytest.mark.slow

SAMPLE = config.PROJECT_ROOT / "tests" / "fixtures" / "web_sample" / "pages"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The real notebooks run once on the sample, under the usual umask 022."""
    out = tmp_path_factory.mktemp("web_sample") / "out"
    cache = tmp_path_factory.mktemp("cache")
    params = config.check_params(SAMPLE, out, cache_dir=cache, n_process=1)
    old = os.umask(0o022)
    try:
        assert run(params, log_output=False, force=True) == 0
    finally:
        os.umask(old)
    return out


def test_the_sample_is_small_and_has_both_forms_of_each_page():
    html = {p.stem for p in (SAMPLE / "html").glob("*.html")}
    txt = {p.stem for p in (SAMPLE / "txt").glob("*.txt")}
    assert len(html) >= 6 and html == txt
    assert sum(p.stat().st_size for p in SAMPLE.parent.rglob("*") if p.is_file()) < 1_000_000
    assert (SAMPLE.parent / "LICENSE").is_file() and "trafilatura" in (SAMPLE.parent / "NOTICE").read_text()


def test_index_and_every_report_exist(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        for page in (f"reports/{nb.name}.html", f"reports/{nb.name}.full.html"):
            assert f'href="{page}"' in index and (site / page).is_file(), page
    articles = tables.read_table(site, "articles")
    assert len(articles) == 15  # 7 pages x 2 forms + the hand-written article
    assert not (site / "failed").exists()


def test_odd_dates_are_kept_as_text_with_a_reason(site):
    dates = tables.read_table(site, "dates")
    articles = tables.read_table(site, "articles")
    resolved = dict(zip(dates["text"], dates["resolved"], strict=False))
    assert resolved.get("November 1660") == "1660-11" and resolved.get("October 5040") == "5040-10"
    off = timeline.off_axis_dates(dates, articles)
    listed = dict(zip(off["text"], off["reason"], strict=False))
    for text in ("November 1660", "October 5040"):
        assert listed.get(text, "").startswith("outside the time axis"), text
    impossible = dates[dates["text"].str.contains("31 February")]
    assert len(impossible) and impossible["precision"].str.startswith("unresolved:").all()
    geeks = articles.loc[articles["source_path"].str.contains("geeks3d"), "article_id"]
    assert off["article_id"].isin(geeks).any(), "model numbers read as far-off years are listed, not dropped"
    events = timeline.timeline_events(dates, articles)
    assert len(events) + (off["kind"] == "mentioned").sum() == (dates["resolved"].str.strip() != "").sum()


def test_the_timeline_page_lists_the_dates_off_the_axis(site):
    page = (site / "reports" / "05_timeline.html").read_text(encoding="utf-8")
    assert "Dates off the time axis" in page
    assert "outside the time axis" in page and "October 5040" in page


def test_article_markup_never_reaches_a_page_unescaped(site):
    for page in (site / "reports").glob("*.html"):
        assert "<script>alert('archive')" not in page.read_text(encoding="utf-8"), page.name


def test_published_files_have_ordinary_permissions(site):
    for path in [site, *site.rglob("*")]:
        expected = 0o755 if path.is_dir() else 0o644
        assert stat.S_IMODE(path.stat().st_mode) == expected, path.relative_to(site)
