"""Line rules on HTML main text (and plain text): date stamps, date labels left without their date and a site's
name alone are metadata, every such drop recorded; a page titled as site talk (its privacy policy) keeps its notices."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslab.read import clean_plain_text, read_file
from newslab.read.boilerplate import (
    classify_extracted_lines,
    classify_lines,
    is_excerpt,
    is_site_page_title,
    line_cue,
    normalise_line,
    teaser_runs,
)

P1 = "The library board voted on Monday to keep the branch open on Saturdays through the end of the year."
P2 = "Volunteers from the reading club offered to staff the front desk, which the board said made the plan possible."
P3 = "A review of visitor numbers in the spring will decide whether the longer hours continue after that."


def cue(line: str) -> tuple[str, str] | None:
    return line_cue(line, normalise_line(line), edge=False)


@pytest.mark.parametrize(
    "line",
    [
        "notes.html - Created 04-11-2009 9:15am - Last Modified: 04-11-2009 9:15am",
        "Date: 2019-07-21",
        "News date : 07/21/2019 Category : Press Releases",
        "Updated on 3 May 2021, 10:02",
    ],
)
def test_a_date_stamp_is_metadata(line):
    assert cue(line) is not None and cue(line)[0] == "metadata"


@pytest.mark.parametrize("line", ["Release Date:", "Posted on", "Last Modified:", "Published on:", "Posted at"])
def test_a_date_label_without_its_date_is_metadata(line):
    assert cue(line) == ("metadata", "date label without its date")


@pytest.mark.parametrize("line", ["HARBOURGAZETTE.COM", "www.example.co.uk", "https://news.example.org/"])
def test_a_site_name_alone_is_a_source_credit(line):
    assert cue(line) == ("metadata", "site name alone")


@pytest.mark.parametrize(
    "line",
    [
        "The release date was moved to March 2021 after the factory fire.",  # a sentence about a date
        "She posted on the forum every day.",
        "Release date",  # a heading without its colon
        "main.py",  # a file name, not a site
        "Node.js",
        "Visit example.com for the full timetable.",  # a site named inside a sentence
    ],
)
def test_sentences_headings_and_file_names_are_not_stamps(line):
    found = cue(line)
    assert found is None or found[1] not in (
        "date stamp",
        "date label without its date",
        "site name alone",
    )


def test_stamps_in_an_html_article_leave_the_body_and_are_recorded(tmp_path):
    html = (
        "<html><head><title>Branch stays open</title></head><body><article><h1>Branch stays open</h1>"
        f"<p>Posted on</p><p>{P1}</p><p>{P2}</p><p>NORTHSHORENEWS.COM</p><p>Release Date:</p><p>{P3}</p>"
        "<p>branch.html - Created 04-11-2009 9:15am - Last Modified: 04-11-2009 9:15am</p></article></body></html>"
    )
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    result = read_file(tmp_path / "p.html", tmp_path)
    (article,) = result.articles
    assert article["body"] == "\n\n".join([P1, P2, P3])
    reasons = {row["text"]: row["reason"] for row in result.dropped}
    assert reasons["Posted on"] == reasons["Release Date:"] == "date label without its date"
    assert reasons["NORTHSHORENEWS.COM"] == "site name alone"
    assert reasons["branch.html - Created 04-11-2009 9:15am - Last Modified: 04-11-2009 9:15am"] == ("date stamp")


POLICY = [
    "This privacy policy explains how the reading club collects and uses the email addresses of its members.",
    "We use cookies to remember your preferences and to count visits; you can turn them off in your browser.",
    "If you would like to unsubscribe from our newsletter, write to the club secretary at any time.",
]


def html_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def test_a_page_titled_as_site_talk_keeps_its_notices(tmp_path):
    (tmp_path / "p.html").write_text(html_page("Privacy Policy", [P1, *POLICY]), encoding="utf-8")
    (article,) = read_file(tmp_path / "p.html", tmp_path).articles
    assert article["body"] == "\n\n".join([P1, *POLICY])


def test_the_same_notices_in_a_news_article_still_go(tmp_path):
    (tmp_path / "p.html").write_text(html_page("Branch stays open", [P1, P2, POLICY[2], P3]), encoding="utf-8")
    result = read_file(tmp_path / "p.html", tmp_path)
    (article,) = result.articles
    assert article["body"] == "\n\n".join([P1, P2, P3])
    assert [row["reason"] for row in result.dropped] == ["site notice"]


MENU = ["Home", "News", "Events", "Catalogue", "Contact", "About Us"]
STORY = [P1, P2, P3]


def dump(title: str, lines: list[str]) -> str:
    """A plain-text page dump: the title, the menu, the text, the footer, blank lines between blocks."""
    return "\n\n".join([title, *MENU, *lines, "© 2024 Northshore Reading Club"]) + "\n"


def test_a_plain_text_page_titled_as_site_talk_keeps_its_notices():
    # a cookie line stays a cookie notice in a page dump: the site's banner is on its privacy page too
    notices = [POLICY[0], POLICY[2]]
    meta, _ = clean_plain_text(dump("Privacy Policy", [*STORY[:1], *notices, *STORY[1:]]), "a1")
    assert all(line in meta["body"] for line in [*notices, *STORY])


def test_a_notice_in_a_plain_text_news_page_still_goes():
    meta, dropped = clean_plain_text(dump("Branch stays open", [*STORY[:2], POLICY[2], *STORY[2:]]), "a1")
    assert all(line in meta["body"] for line in STORY)
    assert POLICY[2] not in meta["body"]
    assert any(row["text"] == POLICY[2] for row in dropped)


EXCERPTS = [
    "Harbour dues — The fee a ship pays to use a port, set each year by the harbour board and …",
    "Pilotage — The service of guiding ships into and out of a harbour, usually by a local … Wikipedia",
    "Slipway — A ramp on the shore by which ships or boats can be moved to and from the water... Wikipedia",
]


def test_a_run_of_cut_off_excerpts_after_an_html_article_goes(tmp_path):
    items = "".join(f"<li>{e}</li>" for e in EXCERPTS)
    html = html_page("Branch stays open", [P1, P2, P3]).replace("</article>", f"<ul>{items}</ul></article>")
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    result = read_file(tmp_path / "p.html", tmp_path)
    (article,) = result.articles
    assert not any(e.split(" — ")[0] in article["body"] for e in EXCERPTS)
    assert all(p in article["body"] for p in [P1, P2, P3])
    assert {row["reason"] for row in result.dropped} == {"teaser list (cut-off excerpts)"}


def test_one_or_two_cut_off_lines_stay(tmp_path):
    hanging = "The chair ended the meeting with a promise that the matter would come back …"
    (tmp_path / "p.html").write_text(html_page("Branch stays open", [P1, hanging, P2, EXCERPTS[0], P3]), "utf-8")
    (article,) = read_file(tmp_path / "p.html", tmp_path).articles
    assert hanging in article["body"] and EXCERPTS[0] in article["body"]


def test_a_run_of_cut_off_excerpts_in_a_plain_text_dump_goes():
    text = dump("Branch stays open", [*STORY, "More from the dictionary", *EXCERPTS])
    meta, dropped = clean_plain_text(text, "a1")
    assert all(line in meta["body"] for line in STORY)
    reasons = {row["text"]: row["reason"] for row in dropped}
    assert all(reasons[e] == "teaser list (cut-off excerpts)" for e in EXCERPTS)


@pytest.mark.parametrize(
    ("line", "excerpt"),
    [
        ("rigid stratifications or… … The Deleuze dictionary", True),
        ("as opposed to macropolitics … Wiktionary", True),
        ("The council will decide in the spring...", True),
        ("He paused ... and then left the room.", False),  # an ellipsis inside a sentence
        ("The council will decide … more at the town hall website today", False),  # more than a source name
        ("." * 5000 + " and then five more words here", False),  # a run of dots is read once, not backtracked
    ],
)
def test_an_excerpt_ends_with_an_ellipsis_and_at_most_a_source_name(line, excerpt):
    assert is_excerpt(line) is excerpt


@pytest.mark.parametrize(
    ("title", "site_page"),
    [
        ("Privacy Policy", True),
        ("Terms of Use | Northshore Reading Club", True),
        ("Northshore club privacy policy", True),
        ("Regulator fines streaming app over its privacy policy", False),  # a headline about a policy
        ("Streaming service loses subscribers for the first time", False),  # site talk, but not a legal page
        ("", False),
    ],
)
def test_a_site_page_title_names_a_legal_page(title, site_page):
    assert is_site_page_title(title) is site_page


def test_a_headline_about_subscribers_does_not_keep_the_sign_up_box(tmp_path):
    page = html_page("Streaming service loses subscribers for the first time", [P1, P2, POLICY[2], P3])
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    (article,) = read_file(tmp_path / "p.html", tmp_path).articles
    assert POLICY[2] not in article["body"]


LINE_PIECES = st.sampled_from(
    [
        "…",
        "...",
        ".",
        " ",
        "Posted on",
        "Date:",
        "03-10-2004",
        "example.com",
        "Privacy Policy",
        "Wikipedia",
        "|",
        "-",
        "\u200b",
        "é",
        "\n",
        "a",
        "A",
    ]
)
ODD_LINES = st.lists(st.one_of(st.text(max_size=40), st.lists(LINE_PIECES, max_size=12).map("".join)), max_size=12)


@settings(max_examples=80, deadline=None)
@given(ODD_LINES, st.text(max_size=40))
def test_any_lines_get_one_verdict_each_and_never_fail(lines, title):
    verdicts = classify_extracted_lines(lines, title)
    assert [v.index for v in verdicts] == list(range(len(lines)))
    assert {v.kind for v in verdicts} <= {"body", "blank", "title", "metadata", "boilerplate"}
    assert teaser_runs(lines, range(len(lines))) <= set(range(len(lines)))
    assert isinstance(is_site_page_title(title), bool)
    assert len(classify_lines(lines)) == len(lines)
