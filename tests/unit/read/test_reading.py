"""The read stage on the seeds and on hand-made hostile files (BBC drop rate: test_read_seeds)."""

from __future__ import annotations

import pytest
from hostile import SECRET, build_hostile_corpus

from newslab.read import read_corpus
from newslab.read.boilerplate import classify_lines
from newslab.read.decode import DecodeError, decode_bytes


def _article(result, stem):
    rows = result.articles[result.articles["source_path"].str.startswith(stem)]
    assert len(rows) == 1, stem
    return rows.iloc[0]


def test_seed_sidebars_banners_and_captions_go_and_the_body_stays(seed_read):
    a1 = _article(seed_read, "001_")
    for teaser in ("Machado", "Eyal Zamir", "Valentino", "al-Sharaa", "Erfan Soltani", "Read More", "Connect with us"):
        assert teaser not in a1["body"], teaser
    assert "an additional 3,000 soldiers" in a1["body"]
    assert "which wounded nine people" in a1["body"]
    a0 = _article(seed_read, "000_")
    assert "cookies" not in a0["body"] and "harshest since the onset of the war" in a0["body"]
    a4 = _article(seed_read, "004_")
    assert "File image of Vladimir Putin" not in a4["body"]
    assert "pose for a photo" not in a4["body"] and "Read more at" not in a4["body"]
    assert "as many as 100,000 troops" in a4["body"] and "I decided it was better to surrender" in a4["body"]
    reasons = set(seed_read.dropped_lines["reason"])
    assert {"cookie notice", "related-stories sidebar", "tag list", "byline", "separator"} <= reasons


def test_seed_metadata_is_read_and_never_invented(seed_read):
    a2 = _article(seed_read, "002_")
    assert a2["author"] == "Fatima Khan"
    assert a2["section"] == "World news"
    assert a2["original_source"] == "asianews.network"
    assert "KIM JONG - UN" in a2["tags"] and len(a2["tags"]) > 20
    assert a2["title"].startswith("North Korea Strengthens Military Ties")
    assert _article(seed_read, "003_")["published"] == "2024-08-19T06:54:00"
    a4 = _article(seed_read, "004_")
    assert a4["original_source"] == "DailyMail.co.uk" and a4["title"] == ""
    assert _article(seed_read, "000_")["published"] == ""


def test_every_dropped_line_is_recorded(seed_read, seeds_dir):
    for row in seed_read.articles.itertuples():
        dropped = seed_read.dropped_lines[seed_read.dropped_lines["article_id"] == row.article_id]
        kept = len(row.body.replace("\n\n", "")) + int(dropped["text"].str.strip().str.len().sum()) + len(row.title)
        raw_nonspace = len((seeds_dir / row.source_path).read_text(encoding="utf-8").replace("\n", ""))
        assert kept <= raw_nonspace and kept >= raw_nonspace * 0.97, row.source_path


def test_boilerplate_rules_on_text_written_for_the_test():
    lines = [
        "Harbour strike ends after talks",
        "By Jane Holm",
        "Dock workers returned on Friday after a week-long strike over night-shift pay at the northern terminal.",
        "Share this article",
        "We use cookies to give you the best experience. Accept all or manage your preferences.",
        "The union said the agreement raised night pay by 12 percent and added two rest days a month.",
        "A crane operator walks past stacked containers at the northern terminal on a grey morning in March",
        "RELATED",
        "Ferry fares rise again",
        "Operators blame fuel costs for the third rise this year as passengers...",
        "Read More",
    ]
    verdicts = {v.index: (v.kind, v.reason) for v in classify_lines(lines)}
    assert verdicts[0] == ("title", "headline")
    assert verdicts[1] == ("metadata", "byline")
    assert verdicts[2][0] == "body" and verdicts[5][0] == "body"
    assert verdicts[3][1] == "subscribe/share/comment widget"
    assert verdicts[4][1] == "cookie notice"
    assert verdicts[6][1].startswith("photo caption")
    assert all(verdicts[i][1] == "related-stories sidebar" for i in (7, 8, 9, 10))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Café “quoted”".encode("utf-8-sig"), "Café “quoted”"),
        ("Café “quoted”".encode("utf-16"), "Café “quoted”"),
        ("Café “quoted”".encode("cp1252"), "Café “quoted”"),
        (b"line one\r\nline two\rthree", "line one\nline two\nthree"),
        ("don\u00e2\u20ac\u2122t".encode(), "don’t"),
        ("zero\u200bwidth\u202e bidi\ufeff".encode(), "zerowidth bidi"),
    ],
)
def test_decoding(raw, expected):
    assert decode_bytes(raw).text == expected


def test_binary_is_refused_with_a_specific_message():
    with pytest.raises(DecodeError, match="PNG image"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))


def test_hostile_corpus_is_read_without_stopping(tmp_path):
    corpus = build_hostile_corpus(tmp_path)
    result = read_corpus(corpus)
    problems = dict(zip(result.problems["source_path"], result.problems["problem"], strict=False))
    assert "0 bytes" in problems["empty.txt"]
    assert "whitespace-only" in problems["blank.txt"]
    assert "PNG" in problems["picture.txt"]
    assert "outside the corpus" in problems["escape.txt"]
    assert "duplicate" in problems["nested/deeper/copy-a.txt"] or "duplicate" in problems["nested/copy-b.txt"]
    paths = set(result.articles["source_path"])
    assert {"windows (cp1252).txt", "utf16.txt", "mojibake.txt", "script in title.txt"} <= paths
    assert "nested/zero\u200bwidth \u00e9t\u00e9.txt" in paths
    assert not result.articles["body"].str.contains(SECRET).any()
    cp = result.articles.set_index("source_path").loc["windows (cp1252).txt"]
    assert cp["title"] == "Café owners protest" and "“unfair”" in cp["body"] and "\r" not in cp["body"]
    assert "“worked”" in result.articles.set_index("source_path").loc["mojibake.txt", "body"]
    assert result.articles["article_id"].is_unique
    dup = result.articles[result.articles["duplicate_of"] != ""]
    assert len(dup) == 1
