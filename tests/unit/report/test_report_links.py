"""Row links, CSV downloads, readable numbers and the index findings: pure functions over small tables."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from newslab.report import downloads, findings, links, readable

EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
SAFE_HREF = re.compile(r"[A-Za-z0-9._~/#%-]*")


def test_href_points_at_the_anchor_of_the_annotation():
    assert links.article_href("bbc-001-ab12", "claim", 120) == "articles/bbc-001-ab12.html#claim-120"
    assert links.article_href("x", "entity", 3.0) == "articles/x.html#ent-3"
    assert links.article_href("x") == "articles/x.html"
    assert links.article_href("", "claim", 1) == "" and links.article_href(None) == ""
    assert links.article_href("x", "claim", pd.NA) == "articles/x.html"


def test_ids_that_are_not_file_names_get_a_hashed_page():
    assert links.page_name("a-1") == "a-1.html"
    for odd in ("../../etc/passwd", 'a"b', "<b>", "é t", ""):
        name = links.page_name(odd)
        assert re.fullmatch(r"a-[0-9a-f]{20}\.html", name), odd


def test_infer_links_from_the_columns():
    claims = pd.DataFrame({"article_id": ["a"], "start": [3], "value": [1.0], "qualifier": ["exact"]})
    assert links.infer_links(claims) == [links.Link("claim")]
    assert links.infer_links(pd.DataFrame({"article_id": ["a"], "start": [1], "quote": ["q"]}))[0].kind == "quote"
    assert links.infer_links(pd.DataFrame({"article_id": ["a"], "title": ["t"]})) == [links.Link(None)]
    assert links.infer_links(pd.DataFrame({"canonical": ["x"]})) == []
    # a datetime "start" (timeline events) is not an offset
    events = pd.DataFrame({"article_id": ["a"], "start": pd.to_datetime(["2024-01-01"]), "resolved": ["2024"]})
    assert links.infer_links(events) == [links.Link(None)]


def test_with_links_puts_links_first_hides_helpers_and_names_replaced_columns():
    df = pd.DataFrame({"article_id": ["a", ""], "start": [5, 6], "value": [1.0, 2.0], "_private": [1, 2]})
    link = links.Link("claim", hide_article=True)
    out, names, replaced = links.with_links(df, link)
    assert names == ["open"] and list(out.columns) == ["open", "article_id", "start", "value"]
    assert out["open"].tolist() == ["a#claim-5", ""]  # compact: the render function expands it
    assert replaced == ["start", "article_id"]
    assert links.linked_article_ids(df, link) == ["a"]
    assert links.compact("articles/x.html#ent-3") == "x#ent-3" and links.compact("") == ""


def test_locate_finds_an_example_of_each_summarised_row():
    quotes = pd.DataFrame({"article_id": ["a", "b", "b"], "start": [1, 2, 9], "quote": ["x", "y", "y"]})
    speakers = pd.DataFrame({"speaker": ["S", "T", "U"], "example": ["y", "x", "zzz"]}, index=[7, 8, 9])
    out = links.locate(speakers, quotes, {"example": "quote"})
    assert out.index.tolist() == [7, 8, 9]
    assert out["_article"].tolist() == ["b", "a", ""]
    assert out["_start"].tolist()[:2] == [2, 1] and pd.isna(out["_start"].iat[2])
    pairs = pd.DataFrame({"article_id_a": ["a"], "value_a": [3.0]})
    claims = pd.DataFrame({"article_id": ["a", "a"], "start": [4, 8], "value": [2.0, 3.0]})
    located = links.locate(pairs, claims, {"article_id_a": "article_id", "value_a": "value"}, suffix="_a")
    assert located["_start_a"].tolist() == [8]
    assert links.locate(pairs, pd.DataFrame(), {"x": "y"})["_article"].tolist() == [""]


@settings(max_examples=200, deadline=None)
@given(article_id=st.text(max_size=40), kind=st.sampled_from([None, "claim", "quote", "date", "entity", "dropped"]),
       start=st.one_of(st.none(), st.integers(-5, 10**9), st.floats(allow_nan=True)))  # fmt: skip
def test_hrefs_only_ever_hold_url_safe_characters(article_id, kind, start):
    href = links.article_href(article_id, kind, start)
    assert SAFE_HREF.fullmatch(href), href


def test_csv_has_every_row_and_full_text(tmp_path):
    df = pd.DataFrame({"sentence": ["x" * 1000] * 3000, "tags": [["a", "b"]] * 3000, "n": range(3000)})
    href = downloads.save_csv(df, "Claims ledger (all)", ["a", "b"], root=tmp_path)
    assert href.startswith("csv/claims-ledger-all-") and href.endswith(".csv")
    back = pd.read_csv(tmp_path / href)
    assert len(back) == 3000 and back["sentence"].str.len().max() == 1000 and back["tags"].iat[0] == "a; b"
    assert downloads.linked_articles(tmp_path) == ["a", "b"]
    assert downloads.save_csv(df, "x", root=None) == "" or downloads.reports_dir() is not None


def test_csv_cells_a_spreadsheet_would_run_are_made_inert():
    df = pd.DataFrame({"text": ["=HYPERLINK(\"http://x\")", "+1", "plain", None], "n": [-1, 2, 3, 4]})
    out = downloads.table_for_csv(df)
    assert out["text"].tolist()[:3] == ["'=HYPERLINK(\"http://x\")", "'+1", "plain"]
    assert out["n"].tolist() == [-1, 2, 3, 4]


def test_articles_linked_to_annotations_get_a_page_first(tmp_path):
    downloads.save_csv(pd.DataFrame({"x": [1]}), "articles", ["z", "y", "x"], root=tmp_path, to_annotations=False)
    downloads.save_csv(pd.DataFrame({"x": [2]}), "ledger", ["x", "w"], root=tmp_path)
    downloads.save_csv(pd.DataFrame({"x": [3]}), "quotes", ["w"], root=tmp_path)
    assert downloads.linked_articles(tmp_path) == ["w", "x", "z", "y"]


def test_download_line_escapes_and_says_how_many_rows():
    line = downloads.download_html('csv/a".csv', 2962, 1000)
    assert "All 2,962 rows as CSV" in line and 'a&quot;.csv' in line
    assert downloads.download_html("", 1, 1) == ""


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_csv_names_are_file_safe(caption):
    assert re.fullmatch(r"[a-z0-9-]{1,40}", downloads.slug(caption))


def test_numbers_are_formatted_for_reading():
    assert readable.format_number(11000.0) == "11,000"
    assert readable.format_number(0.254) == "0.254"
    assert readable.format_number(float("nan")) == ""
    assert readable.format_number(12) == "12" and readable.format_number(12345) == "12,345"
    df = pd.DataFrame({"value": [11000.0, None], "year": [2024, 2025], "hedged": [True, False], "t": ["a", "b"]})
    out = readable.format_numbers(df)
    assert out["value"].tolist() == ["11,000", ""] and out["year"].tolist() == ["2024", "2025"]
    assert out["hedged"].tolist() == [True, False]
    dates = readable.format_numbers(pd.DataFrame({"d": pd.to_datetime(["2024-10-01", None])}))
    assert dates["d"].tolist() == ["2024-10-01", ""]


def test_reading_columns_get_room_and_ids_shrink():
    df = pd.DataFrame({"article_id": ["a" * 50], "title": ["t" * 60], "sentence": ["s" * 200], "what": ["x"]})
    classes = readable.column_classes(df)
    assert classes == {"newslab-read": [2], "newslab-wrap": [1], "newslab-id": [0]}


def _tables():
    articles = pd.DataFrame(
        {"article_id": ["a", "b", "c"], "title": [EVIL, "B", "C"], "published": ["2024-10-01", "", "2024-11-02"],
         "duplicate_of": ["", "", "a"], "body": ["", "", ""]}
    )  # fmt: skip
    claims = pd.DataFrame(
        {"article_id": ["a", "b", "b"], "start": [3, 4, 9], "value": [11000.0, 10000.0, 5.0],
         "what": ["troops", "troops", "other"], "source": [EVIL, "", ""]}
    )  # fmt: skip
    quotes = pd.DataFrame({"article_id": ["a", "b"], "start": [1, 2], "quote": ["long quote", "q"],
                           "speaker": [EVIL, ""]})  # fmt: skip
    dates = pd.DataFrame({"article_id": ["a", "b"], "start": [5, 6], "resolved": ["2024-09", ""],
                          "precision": ["month", "unresolved: no date"]})  # fmt: skip
    problems = pd.DataFrame({"source_path": ["x"], "severity": ["error"], "problem": ["empty file: no text"]})
    return {"articles": articles, "claims": claims, "quotes": quotes, "dates": dates, "problems": problems}


def test_findings_say_what_the_corpus_holds_with_links():
    pairs = pd.DataFrame({"article_a": ["a"], "article_b": ["c"]})
    items = findings.findings(_tables(), pairs)
    text = " ".join(f"{i.heading}: {i.text}" for i in items)
    assert "Figures on troops" in text and "10,000 to 11,000" in text
    assert "1 group of articles tells" in text and "2024-10-01 to 2024-11-02" in text and "2024-09" in text
    assert "1 error" in text and "copy of another" in text
    hrefs = [h for i in items for _, h in i.links]
    assert "reports/articles/a.html#claim-3" in hrefs and "reports/articles/a.html#quote-1" in hrefs
    markup = findings.findings_html(items)
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert findings.linked_ids(items)[0] == "a"


def test_findings_use_threads_when_present():
    tables = _tables()
    tables["claims"] = tables["claims"].assign(thread=["t1", "t1", "t2"])
    tables["threads"] = pd.DataFrame(
        {"thread": ["t2", "t1"], "label": ["other things", "North Korean troops in Russia"], "what": ["x", "troops"],
         "n_claims": [1, 2], "n_articles": [1, 2], "n_sources": [1, 2], "low": [5.0, 10000.0], "high": [5.0, 11000.0]}
    )  # fmt: skip
    first = findings.findings(tables)[0]
    assert first.heading == "Thread: North Korean troops in Russia" and "10,000 to 11,000" in first.text
    assert first.links[0] == ("first figure", "reports/articles/a.html#claim-3")


def test_findings_on_empty_tables():
    empty = {name: frame.iloc[:0] for name, frame in _tables().items()}
    items = findings.findings(empty, pd.DataFrame())
    assert items and all(isinstance(i.text, str) for i in items)
    assert findings.findings({}) and findings.findings_html([]) == ""


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=20), st.text(max_size=20)), max_size=6))
def test_findings_escape_any_speaker_and_title(rows):
    quotes = pd.DataFrame({"article_id": ["a"] * len(rows), "start": range(len(rows)),
                           "quote": [r[0] for r in rows], "speaker": [r[1] for r in rows]})  # fmt: skip
    articles = pd.DataFrame({"article_id": ["a"], "title": [EVIL], "published": [""]})
    markup = findings.findings_html(findings.findings({"quotes": quotes, "articles": articles}))
    assert "<script" not in markup and "<img" not in markup
    tags = set(re.findall(r"<([a-z0-9]+)", markup))
    assert tags <= {"h2", "ul", "li", "strong", "span", "a"}



def test_show_table_cut_to_max_rows_links_a_csv_with_every_row(tmp_path, monkeypatch):
    """The page shows 10 rows with a link each; the CSV beside it holds all 3,000, text in full."""
    from newslab import report

    shown, markup = {}, []
    monkeypatch.setenv(downloads.ENV_VAR, str(tmp_path))
    monkeypatch.setattr(report, "_init_itables", lambda: None)
    monkeypatch.setattr(report, "_display_html", markup.append)
    monkeypatch.setattr("itables.show", lambda df, **kwargs: shown.update(df=df, **kwargs))
    claims = pd.DataFrame(
        {"article_id": [f"a{i % 7}" for i in range(3000)], "start": range(3000), "value": [11000.0] * 3000,
         "qualifier": ["exact"] * 3000, "sentence": [EVIL + "x" * 500] * 3000}
    )  # fmt: skip
    report.show_table(claims, caption="Claims ledger", max_rows=10)
    page = shown["df"]
    assert len(page) == 10 and list(page.columns)[0] == "open" and "start" not in page.columns
    assert page["open"].iat[3] == "a3#claim-3" and page["value"].iat[0] == "11,000"
    assert shown["allow_html"] is False
    assert any(d.get("render") for d in shown["columnDefs"])
    (csv,) = (tmp_path / "csv").glob("claims-ledger-*.csv")
    full = pd.read_csv(csv)
    assert len(full) == 3000 and full["sentence"].str.len().min() == len(EVIL) + 500
    assert list(full.columns) == list(claims.columns)
    assert "All 3,000 rows as CSV" in markup[-1] and f'href="csv/{csv.name}"' in markup[-1]
    assert downloads.linked_articles(tmp_path)[:2] == ["a0", "a1"]


def test_show_table_columns_narrow_the_page_not_the_csv(tmp_path, monkeypatch):
    from newslab import report

    shown = {}
    monkeypatch.setenv(downloads.ENV_VAR, str(tmp_path))
    monkeypatch.setattr(report, "_init_itables", lambda: None)
    monkeypatch.setattr(report, "_display_html", lambda markup: None)
    monkeypatch.setattr("itables.show", lambda df, **kwargs: shown.update(df=df, **kwargs))
    wide = pd.DataFrame({"article_id": ["a"], "start": [3], "value": [5.0], "qualifier": ["exact"],
                         "outlet": ["X"], "sentence": ["s"]})  # fmt: skip
    report.show_table(wide, caption="Wide", columns=["sentence", "value", "missing"])
    assert list(shown["df"].columns) == ["open", "sentence", "value"]
    (csv,) = (tmp_path / "csv").glob("wide-*.csv")
    assert list(pd.read_csv(csv).columns) == list(wide.columns)


def test_kernels_get_the_csv_folder_only_while_the_notebooks_run(tmp_path, monkeypatch):
    import os

    monkeypatch.delenv(downloads.ENV_VAR, raising=False)
    with downloads.for_kernels(tmp_path):
        assert os.environ[downloads.ENV_VAR] == str(tmp_path) and downloads.reports_dir() == tmp_path
    assert downloads.ENV_VAR not in os.environ and downloads.reports_dir() is None


def test_cooccurrence_examples_point_at_a_sentence_with_both_names():
    entities = pd.DataFrame(
        {"article_id": ["a", "a", "b", "b", "b"], "sentence": ["s1", "s1", "s2", "s2", "s3"],
         "canonical": ["Kim", "Putin", "Kim", "Biden", "Putin"], "start": [0, 9, 4, 20, 40]}
    )  # fmt: skip
    edges = pd.DataFrame({"source": ["Kim", "Biden", "Kim"], "target": ["Putin", "Kim", "Nobody"], "weight": [1, 1, 1]})
    out = links.cooccurrence_examples(edges, entities)
    assert out["_article"].tolist() == ["a", "b", ""]
    assert out["_start"].tolist()[:2] == [0, 20] and pd.isna(out["_start"].iat[2])
    assert list(out.columns[:3]) == ["source", "target", "weight"]
    assert links.cooccurrence_examples(edges, entities, limit=1)["_article"].tolist() == ["a", "", ""]


def test_dates_python_cannot_write_are_still_shown():
    from newslab.report import readable

    stamps = pd.to_datetime(pd.Series(["-1", "2024-01-05", ""]), errors="coerce", utc=True, format="ISO8601")
    assert readable.format_dates(stamps.dt.tz_localize(None)).tolist() == ["-001-01-01", "2024-01-05", ""]
