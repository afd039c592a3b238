"""The site-building step: article pages and findings from the tables of a run, never failing it."""

from __future__ import annotations

import pandas as pd

from newslab import tables
from newslab.report import downloads, traces


def _write(out, **frames):
    """Tables with only some of their columns (the reader must cope with other versions' tables)."""
    (out / "data").mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.to_parquet(tables.table_path(out, name), index=False)


def test_build_writes_linked_articles_first_and_returns_findings(tmp_path):
    articles = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "title": ["A", "<i>B</i>", "<b>C</b>", "D"],
            "body": ["Kim sent 10 troops.", "x", "y", "z"],
        }
    )
    claims = pd.DataFrame({"article_id": ["a"], "start": [9], "end": [11], "value": [10.0], "what": ["troops"],
                           "qualifier": ["exact"], "sentence": ["Kim sent 10 troops."]})  # fmt: skip
    _write(tmp_path, articles=articles, claims=claims)
    (tmp_path / "reports" / downloads.LINKED_DIR).mkdir(parents=True)
    (tmp_path / "reports" / downloads.LINKED_DIR / "t.csv.txt").write_text("c\nc\nb\n")
    markup = traces.build(tmp_path, max_article_pages=2)
    folder = tmp_path / "reports" / "articles"
    pages = sorted(p.name for p in folder.iterdir())
    # the findings link a, the tables link c most: full pages; b is linked but past the cap: a placeholder,
    # so its links are not dead; d is linked by nothing and past the cap: no page
    assert pages == ["a.html", "b.html", "c.html"]
    assert 'id="claim-9"' in (folder / "a.html").read_text()
    placeholder = (folder / "b.html").read_text()
    assert "--max-article-pages" in placeholder and "&lt;i&gt;B&lt;/i&gt;" in placeholder and "<i>" not in placeholder
    assert "--max-article-pages" not in (folder / "c.html").read_text()
    assert "Figures on troops" in markup and "reports/articles/a.html#claim-9" in markup
    assert not (tmp_path / "reports" / downloads.LINKED_DIR).exists()


def test_build_without_tables_or_with_odd_ones_does_not_fail(tmp_path, capsys, monkeypatch):
    assert "Findings" in traces.build(tmp_path)
    _write(tmp_path, articles=pd.DataFrame({"article_id": ["a"], "body": ["text"]}))
    # a threads table whose values are not what the findings expect
    pd.DataFrame({"thread": [None], "n_sources": ["many"]}).to_parquet(tmp_path / "data" / "threads.parquet")
    claims = pd.DataFrame({"article_id": ["a"], "start": [0], "end": [2], "value": [1.0], "thread": ["t"]})
    _write(tmp_path, claims=claims)
    markup = traces.build(tmp_path)
    assert (tmp_path / "reports" / "articles" / "a.html").exists()
    assert "many sources" in markup
    # and a failure of its own is a warning, not a failed run
    monkeypatch.setattr(traces.findings, "findings", lambda *a, **k: 1 / 0)
    assert traces.build(tmp_path) == ""
    assert "warning: the findings for index.html failed (ZeroDivisionError" in capsys.readouterr().err
