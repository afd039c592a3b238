"""HTML helpers escape article text, write atomically, and the index links every page."""

from __future__ import annotations

import pandas as pd

from newslab import report

EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def test_entities_html_escapes_text_and_title():
    body = f"Officials in Kyiv wrote {EVIL} yesterday."
    ents = pd.DataFrame({"start": [13], "end": [17], "label": ["GPE"]})
    markup = report.entities_html(body, ents, title=EVIL)
    assert "<script>" not in markup and "<img" not in markup
    assert "&lt;script&gt;" in markup and "Kyiv" in markup


def test_footer_and_index_escape_and_link(tmp_path):
    footer = report.run_footer({"corpus_folder": EVIL, "parameters": {"model": EVIL}, "n_articles": 3})
    assert "<script>" not in footer and "&lt;script&gt;" in footer
    pages = [{"title": EVIL, "description": "d", "reader": "reports/a.html", "full": "reports/a.full.html"}]
    path = report.build_index(tmp_path, pages, {"articles": 3, "outlets": EVIL}, footer)
    html = path.read_text()
    assert 'href="reports/a.html"' in html and 'href="reports/a.full.html"' in html
    assert "<script>" not in html
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_table_for_display_caps_rows_and_long_cells():
    df = pd.DataFrame({"sentence": ["x" * 1000] * 50, "tags": [["a", "b"]] * 50})
    shown = report.table_for_display(df, max_rows=10)
    assert len(shown) == 10
    assert shown["sentence"].str.len().max() <= report.MAX_CELL_CHARS
    assert shown["tags"].iat[0] == "a, b"


def test_table_for_display_keeps_group_keys_and_drops_leftover_row_numbers():
    df = pd.DataFrame({"speaker": ["A", "B", "A"], "quotes": [1, 2, 3]})
    by_speaker = report.table_for_display(df.groupby("speaker")["quotes"].sum().to_frame())
    assert list(by_speaker.columns) == ["speaker", "quotes"]
    filtered = report.table_for_display(df[df["quotes"] > 1])
    assert list(filtered.columns) == ["speaker", "quotes"] and list(filtered.index) == [0, 1]


def test_corpus_fingerprint_ignores_order_and_sees_changes():
    assert report.corpus_fingerprint(["b", "a"]) == report.corpus_fingerprint(["a", "b"])
    assert report.corpus_fingerprint(["a", "b"]) != report.corpus_fingerprint(["a", "c"])


def test_remote_scripts_are_stripped():
    page = '<head><script src="https://cdn.example/require.js"></script><script>local()</script></head>'
    assert report.REMOTE_SCRIPT.sub("", page) == "<head><script>local()</script></head>"
