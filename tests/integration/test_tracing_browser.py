"""From a report row to the figure in its article, in headless Chromium: one click, the figure highlighted and
in view; article pages load nothing from elsewhere and show a hostile article's markup as text; every table's
CSV holds all the rows of its Parquet table."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from newslab import tables

pytestmark = [pytest.mark.slow, pytest.mark.browser]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.fixture
def site(hostile_site):
    return hostile_site


def open_page(browser, url: str, requests: list[str] | None = None):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    if requests is not None:
        page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    return page, errors


def test_a_claims_row_link_opens_the_figure_highlighted_and_in_view(site, browser):
    page, errors = open_page(browser, (site / "reports" / "03_claims.html").as_uri())
    link = page.locator("a.newslab-link[href*='#claim-']").first
    href = link.get_attribute("href")
    assert re.fullmatch(r"articles/[A-Za-z0-9._-]+\.html#claim-\d+", href), href
    link.click()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    anchor = href.split("#", 1)[1]
    assert page.url.endswith(f"#{anchor}")
    target = page.locator(f"[id='{anchor}']")
    assert target.evaluate("e => e.matches(':target')")
    box, height = target.bounding_box(), page.viewport_size["height"]
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, box
    highlight = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert highlight == "rgb(255, 213, 74)", highlight
    # the figure's text is the claim's span of the body
    claims = tables.read_table(site, "claims")
    articles = tables.read_table(site, "articles").set_index("article_id")
    start = int(anchor.split("-")[1])
    article_id = href.split("/")[1][: -len(".html#" + anchor)]
    row = claims[(claims["article_id"] == article_id) & (claims["start"] == start)].iloc[0]
    assert target.inner_text().startswith(articles.at[article_id, "body"][row["start"] : row["end"]])
    assert errors == []
    page.close()


def test_every_reader_table_of_annotations_links_its_rows(site, browser):
    for name, kind in (("02_annotate", "quote"), ("02_annotate", "date"), ("02_annotate", "ent"),
                       ("05_timeline", "date"), ("06_overlap", "quote")):  # fmt: skip
        page, _ = open_page(browser, (site / "reports" / f"{name}.html").as_uri())
        assert page.locator(f"a.newslab-link[href*='#{kind}-']").count() >= 1, (name, kind)
        page.close()


def test_article_pages_request_nothing_from_elsewhere_and_show_markup_as_text(site, browser):
    pages = sorted((site / "reports" / "articles").glob("*.html"))
    articles = tables.read_table(site, "articles")
    assert len(pages) == len(articles)
    hostile = articles[articles["title"].str.contains("<script>", regex=False)]
    assert len(hostile) == 1
    for path in pages:
        requests: list[str] = []
        page, errors = open_page(browser, path.as_uri(), requests)
        assert errors == [], (path.name, errors)
        assert all(u.startswith(LOCAL_SCHEMES) for u in requests), requests
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("script, img, iframe").count() == 0
        if path.stem == hostile["article_id"].iat[0]:
            text = page.inner_text("body")
            assert "<script>window.__pwned = 1</script>" in text
            assert '<img src=x onerror="window.__pwned=2">' in text
        page.close()


def test_reader_pages_and_index_load_nothing_from_elsewhere(site, browser):
    for path in [site / "index.html", *sorted((site / "reports").glob("0*.html"))]:
        requests: list[str] = []
        page, errors = open_page(browser, path.as_uri(), requests)
        assert errors == [], (path.name, errors)
        assert all(u.startswith(LOCAL_SCHEMES) for u in requests), (path.name, requests)
        page.close()


def test_index_opens_with_findings_whose_links_resolve(site, browser):
    page, _ = open_page(browser, (site / "index.html").as_uri())
    headings = page.locator("h2").all_inner_texts()
    assert headings[0] == "Findings" and headings.index("Corpus") > 0
    hrefs = page.locator(".findings a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("#claim-" in h for h in hrefs) and any("#quote-" in h for h in hrefs)
    for href in hrefs:
        path, _, anchor = href.partition("#")
        assert (site / path).exists(), href
        if anchor:
            assert f'id="{anchor}"' in (site / path).read_text(encoding="utf-8"), href
    page.close()


def test_each_annotation_csv_has_every_row_of_its_table(site):
    csvs = {p.name: p for p in (site / "reports" / "csv").glob("*.csv")}
    for prefix, table in (("claims-ledger", "claims"), ("quotes", "quotes"), ("dates", "dates"),
                          ("dropped-lines", "dropped_lines"), ("articles", "articles")):  # fmt: skip
        expected = len(tables.read_table(site, table))
        if expected == 0:  # the notebook says so instead of showing an empty table
            continue
        found = [p for name, p in csvs.items() if re.fullmatch(rf"{prefix}-[0-9a-f]{{10}}\.csv", name)]
        assert found, prefix
        assert len(pd.read_csv(found[0], keep_default_na=False)) == expected, prefix
    # the reader page links each CSV it offers
    page = (site / "reports" / "03_claims.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="(csv/[^"]+\.csv)"', page):
        assert (site / "reports" / href).exists(), href
    assert not (site / "reports" / ".linked").exists()


def test_article_pages_are_small(site):
    for path in (site / "reports" / "articles").glob("*.html"):
        assert path.stat().st_size < 5 * 2**20, path.name
