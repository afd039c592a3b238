"""HTML pages: trafilatura's main text meets the line rules, every drop is recorded, markup metadata wins."""

from __future__ import annotations

from newslab.read import read_file

P1 = "The ferry operator said on Tuesday that the night crossing would resume in May after repairs to the pier."
P2 = "Engineers found that two of the wooden piles had rotted, and the council agreed to pay for new steel ones."
P3 = "Passengers had used a bus link for most of the winter, which added about an hour to every journey home."
NOTICE = "Never miss a story: get our newsletter delivered to your inbox every morning."


def page(head: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>Ferry crossing to reopen | Harbour Gazette</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Ferry crossing to reopen</h1>"
        f"{body}</article><footer>About us</footer></body></html>"
    )


def test_site_notice_inside_the_article_is_dropped_and_recorded(tmp_path):
    (tmp_path / "p.html").write_text(page("", [P1, NOTICE, P2, "Share this article", P3]), encoding="utf-8")
    result = read_file(tmp_path / "p.html", tmp_path)
    (article,) = result.articles
    assert article["body"] == "\n\n".join([P1, P2, P3])
    reasons = {row["text"]: row["reason"] for row in result.dropped}
    assert reasons[NOTICE] == "site notice"
    assert reasons["Share this article"] == "subscribe/share/comment widget"
    assert all(row["article_id"] == article["article_id"] for row in result.dropped)


def test_markup_metadata_wins_over_a_byline_in_the_text(tmp_path):
    head = '<meta name="author" content="Anna Berg"><meta property="article:published_time" content="2024-03-05">'
    (tmp_path / "p.html").write_text(page(head, ["By Tom Lee", P1, P2, P3]), encoding="utf-8")
    (article,) = read_file(tmp_path / "p.html", tmp_path).articles
    assert article["author"] == "Anna Berg"
    assert article["published"].startswith("2024-03-05")
    assert "By Tom Lee" not in article["body"]


def test_text_byline_fills_in_when_the_markup_has_no_author(tmp_path):
    (tmp_path / "p.html").write_text(page("", ["By Tom Lee", P1, P2, P3]), encoding="utf-8")
    (article,) = read_file(tmp_path / "p.html", tmp_path).articles
    assert article["author"] == "Tom Lee"
