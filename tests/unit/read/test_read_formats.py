"""Each input kind through read_file: txt, md, html, json (list and object), jsonl, csv; and malformed records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newslab import tables
from newslab.read import read_corpus, read_file
from newslab.read.formats import FormatError, outlet_from_url, parse_records

BODY = (
    "The regional council approved a plan to hire 250 more nurses by June, officials said on Monday.\n\n"
    "According to the health ministry, at least 1,200 patients waited longer than a month last year."
)


def one(corpus: Path, name: str) -> dict:
    result = read_file(corpus / name, corpus)
    assert not [p for p in result.problems if p["severity"] == "error"], result.problems
    assert len(result.articles) == 1
    return result.articles[0]


def test_txt_and_md(tmp_path):
    (tmp_path / "a.txt").write_text("Council hires nurses\n\n" + BODY)
    (tmp_path / "b.md").write_text("# Council hires nurses\n\n" + BODY)
    for name in ("a.txt", "b.md"):
        art = one(tmp_path, name)
        assert art["title"] == "Council hires nurses"
        assert art["body"] == BODY
        assert art["n_chars_body"] == len(BODY)


def test_html_main_text_and_metadata(tmp_path):
    html = f"""<html><head><title>Council hires nurses | Valley Post</title>
    <meta name="author" content="Anna Berg"><meta property="og:site_name" content="Valley Post">
    <meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
    <body><nav>Home | News | Sport | Subscribe</nav><article><h1>Council hires nurses</h1>
    {"".join(f"<p>{p}</p>" for p in BODY.split(chr(10) + chr(10)))}</article>
    <footer>Copyright Valley Post. All rights reserved.</footer></body></html>"""
    (tmp_path / "page.html").write_text(html)
    art = one(tmp_path, "page.html")
    assert art["title"] == "Council hires nurses"
    assert art["author"] == "Anna Berg" and art["outlet"] == "Valley Post"
    assert art["published"].startswith("2024-03-05")
    assert "250 more nurses" in art["body"] and "1,200 patients" in art["body"]
    assert "Subscribe" not in art["body"] and "All rights reserved" not in art["body"]


def test_html_without_main_text_is_a_problem(tmp_path):
    (tmp_path / "empty.htm").write_text("<html><head><script>var a = 1;</script></head><body></body></html>")
    result = read_file(tmp_path / "empty.htm", tmp_path)
    assert not result.articles and "no extractable main text" in result.problems[0]["problem"]


RECORDS = [
    {
        "title": "Council hires nurses",
        "text": BODY,
        "author": "Anna Berg",
        "date": "5 March 2024",
        "url": "https://www.valleypost.example/news/1",
        "tags": ["health", "jobs"],
    },
    {
        "headline": "Ferry strike ends",
        "body": "Ferry crews returned to work on Tuesday after the union accepted "
        "a new offer, the operator said in a statement.",
        "source": "Coast Radio",
        "published": "2024-03-06 08:30",
    },
]


def check_records(arts: list[dict]) -> None:
    assert [a["title"] for a in arts] == ["Council hires nurses", "Ferry strike ends"]
    assert arts[0]["author"] == "Anna Berg" and arts[0]["published"] == "2024-03-05"
    assert arts[0]["outlet"] == "valleypost.example" and arts[0]["tags"] == ["health", "jobs"]
    assert arts[0]["body"] == BODY
    assert arts[1]["outlet"] == "Coast Radio" and arts[1]["published"] == "2024-03-06T08:30:00"
    assert arts[0]["article_id"].endswith("-r1") and arts[1]["article_id"].endswith("-r2")


def test_json_list(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps(RECORDS))
    check_records(read_file(tmp_path / "list.json", tmp_path).articles)


def test_json_object_holding_a_list(tmp_path):
    (tmp_path / "obj.json").write_text(json.dumps({"exported": "2024-03-07", "articles": RECORDS}))
    check_records(read_file(tmp_path / "obj.json", tmp_path).articles)


def test_jsonl(tmp_path):
    (tmp_path / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n\n")
    check_records(read_file(tmp_path / "rows.jsonl", tmp_path).articles)


def test_csv(tmp_path):
    import csv

    with open(tmp_path / "rows.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["title", "text", "author", "date", "url", "source", "tags"])
        writer.writeheader()
        writer.writerow({**{k: v for k, v in RECORDS[0].items() if k != "tags"}, "tags": "health, jobs"})
        writer.writerow(
            {
                "title": RECORDS[1]["headline"],
                "text": RECORDS[1]["body"],
                "source": "Coast Radio",
                "date": "2024-03-06 08:30",
            }
        )
    check_records(read_file(tmp_path / "rows.csv", tmp_path).articles)


def test_record_bodies_are_cleaned_too(tmp_path):
    body = "Share this article\n" + BODY + "\nRead more at ValleyPost.example"
    (tmp_path / "one.json").write_text(json.dumps({"title": "Council hires nurses", "text": body}))
    result = read_file(tmp_path / "one.json", tmp_path)
    assert result.articles[0]["body"] == BODY
    assert result.articles[0]["original_source"] == "ValleyPost.example"
    assert {d["reason"] for d in result.dropped} == {
        "subscribe/share/comment widget",
        "source credit (original source)",
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.json", '[{"title": "x", ', "malformed JSON"),
        ("bad.jsonl", '{"text": "ok"}\n{broken', "malformed JSONL"),
        ("none.json", "[]", "no records"),
    ],
)
def test_malformed_record_files_are_problems(tmp_path, name, content, message):
    (tmp_path / name).write_text(content)
    result = read_file(tmp_path / name, tmp_path)
    assert not result.articles and message in result.problems[0]["problem"]


def test_records_without_body_or_not_objects_are_warnings(tmp_path):
    (tmp_path / "mixed.json").write_text(json.dumps([{"title": "no body"}, "just a string", RECORDS[0]]))
    result = read_file(tmp_path / "mixed.json", tmp_path)
    assert len(result.articles) == 1 and result.articles[0]["article_id"].endswith("-r3")
    messages = [p["problem"] for p in result.problems]
    assert any("record 1 has no text/body" in m for m in messages)
    assert any("record 2 is not an object" in m for m in messages)


def test_parse_records_raises_format_error():
    with pytest.raises(FormatError):
        parse_records("{nope", ".json")


def test_outlet_from_url():
    assert outlet_from_url("https://www.bbc.co.uk/news/world-1") == "bbc.co.uk"
    assert outlet_from_url("not a url") == ""


def test_all_kinds_in_one_corpus_conform_to_the_schema(tmp_path):
    (tmp_path / "a.txt").write_text("Council hires nurses\n\n" + BODY)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS))
    result = read_corpus(tmp_path)
    for name, df in (
        ("articles", result.articles),
        ("dropped_lines", result.dropped_lines),
        ("problems", result.problems),
    ):
        assert list(df.columns) == tables.column_names(name)
        tables.conform(df, name)
    assert list(result.articles["source_path"]) == ["a.txt", "sub/rows.jsonl", "sub/rows.jsonl"]
    assert result.articles["article_id"].is_unique
