"""Line classification on text written for these tests: each boilerplate kind, the body kept, one verdict per line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newslab.read import clean_plain_text
from newslab.read.boilerplate import classify_lines

BODY_1 = "Dock workers returned on Friday after a week-long strike over night-shift pay at the northern terminal."
BODY_2 = "The union said the agreement raised night pay by 12 percent and added two rest days a month."
BODY_3 = "Port managers expected the backlog of about 400 containers to be cleared within ten days, they said."


def verdicts(lines, repeated=frozenset()):
    return {v.index: (v.kind, v.reason) for v in classify_lines(lines, repeated)}


def reason_of(line, lines, repeated=frozenset()):
    return verdicts(lines, repeated)[lines.index(line)]


def test_title_byline_and_body():
    lines = ["Harbour strike ends after talks", "", "By Jane Holm", "", BODY_1, "", BODY_2]
    v = verdicts(lines)
    assert v[0] == ("title", "headline")
    assert v[2] == ("metadata", "byline")
    assert v[1] == ("blank", "") and v[4] == ("body", "") and v[6] == ("body", "")


def test_a_question_or_ellipsis_headline_is_still_the_title():
    assert verdicts(["Will the ferry ever run again?", "", BODY_1])[0] == ("title", "headline")
    assert verdicts(["Rivals of the cheap laptop...", "", BODY_1])[0] == ("title", "headline")


def test_text_that_starts_with_prose_has_no_title():
    assert all(kind != "title" for kind, _ in verdicts([BODY_1, BODY_2, BODY_3]).values())


def test_name_line_before_the_headline_is_a_byline():
    lines = ["Business news", "Maria Lopez", "Harbour Strike Ends With Pay Deal For Night Shifts", BODY_1, BODY_2]
    v = verdicts(lines)
    assert v[0] == ("metadata", "section label")
    assert v[1] == ("metadata", "byline")
    assert v[2] == ("title", "headline")


def test_a_place_name_at_the_top_is_not_a_byline():
    lines = ["Harbour strike ends", "", "Ewood Park", "", BODY_1]
    assert verdicts(lines)[2][1] != "byline"


def test_cookie_notice():
    line = "We use cookies to personalise content. By continuing you accept our privacy policy. Accept"
    assert reason_of(line, [BODY_1, line]) == ("boilerplate", "cookie notice")


def test_cookie_in_a_news_sentence_is_body():
    line = "The bakery sold 3,000 cookies on Saturday, its owner said, twice as many as last year."
    assert reason_of(line, [BODY_1, line, BODY_2])[0] == "body"


def test_subscribe_share_and_comment_widgets():
    lines = [BODY_1, "Share this article", "Subscribe to our daily briefing", "12 Comments", "Leave a Reply", BODY_2]
    v = verdicts(lines)
    assert v[1] == v[2] == v[4] == ("boilerplate", "subscribe/share/comment widget")
    assert v[3] == ("boilerplate", "comment widget")


def test_connect_published_on_fragments():
    lines = ["Follow us", "", "Published", "", "on", "", BODY_1]
    v = verdicts(lines)
    assert v[0][0] == v[2][0] == v[4][0] == "boilerplate"


def test_related_block_is_dropped_to_its_end_even_when_teasers_look_like_prose():
    teaser = "The city council voted to raise bus fares by ten percent from next month after a long debate."
    lines = [
        "Harbour strike ends",
        BODY_1,
        BODY_2,
        "MORE STORIES",
        "Bus fares rise again",
        teaser,
        "Read More",
        "Bus fares rise again",
        "School roof repaired before winter",
        "Builders finished the work two weeks early and under budget, the head teacher told parents in...",
        "Read More",
        "School roof repaired before winter",
    ]
    v = verdicts(lines)
    assert v[1][0] == v[2][0] == "body"
    assert all(v[i] == ("boilerplate", "related-stories sidebar") for i in range(3, len(lines)))


def test_read_more_without_marker_takes_the_teaser_before_it_only():
    lines = [BODY_1, BODY_2, "Ferry fares rise again", "Operators blame fuel costs for the third rise...", "Read More"]
    v = verdicts(lines)
    assert v[0][0] == v[1][0] == "body"
    assert all(v[i][1] == "related-stories sidebar" for i in (2, 3, 4))


def test_prose_after_a_sidebar_ends_it():
    lines = [BODY_1, "Related", "Bus fares rise again", BODY_2, BODY_3]
    v = verdicts(lines)
    assert v[2][1] == "related-stories sidebar"
    assert v[3][0] == v[4][0] == "body"


def test_tag_list_at_the_top_and_in_capitals():
    tags = "HARBOUR, STRIKE, UNIONS, NIGHT SHIFT, PAY, NORTHERN TERMINAL, PORTS"
    v = verdicts(["Harbour strike ends", tags, BODY_1, BODY_2])
    assert v[1] == ("metadata", "tag list")
    title_case = "Harbour, Strike, Unions, Night Shift, Pay, Ports"
    assert verdicts([BODY_1, BODY_2, title_case])[2] == ("metadata", "tag list")


def test_a_capitalised_list_inside_the_article_is_content():
    team = "Anna Berg (Malmo), Olle Lind (Lund), Eva Sten (Umea), Per Holm (Kalmar), Ida Falk (Gavle)"
    countries = "France, Germany, Italy, Spain, Portugal, Greece"
    v = verdicts([BODY_1, team, countries, BODY_2])
    assert v[1][0] == "body" and v[2][0] == "body"


def test_photo_captions_and_credits():
    lines = [
        BODY_1,
        "Dock workers gather at the gates of the northern terminal as the strike enters its second week",
        "Cranes stand idle at the container port in Rotterdam, Netherlands, March 3, 2025",
        "File photo of the harbour master",
        "The union leader speaks to reporters outside the port office (Photo: Harbour Times)",
        "Union leader Jane Holm, left, and port director Omar Said, right, shake hands after the talks",
        BODY_2,
        "(Getty Images)",
        BODY_3,
    ]
    v = verdicts(lines)
    for i in (1, 2, 3, 4, 5, 7):
        assert v[i][0] == "boilerplate" and "caption" in v[i][1], (lines[i], v[i])
    assert v[0][0] == v[6][0] == v[8][0] == "body"


def test_past_tense_or_unfinished_lines_are_not_captions():
    lines = [
        BODY_1,
        "On the question of overtime, the union leader told members that managers had refused to meet",
        "- Higher pay for night shifts agreed for all terminal staff from April",
        "Talks resume on Monday",
        "The new terminal is due to open in the north of the city on 4 May 2026",
        BODY_2,
    ]
    v = verdicts(lines)
    assert all(v[i][0] == "body" for i in range(len(lines))), v


def test_source_credit_section_label_separator_and_dateline():
    lines = [
        "World news",
        "Harbour strike ends",
        "Published: 4 March 2025 09:15",
        BODY_1,
        BODY_2,
        "* * *",
        "Original Source: harbourtimes.example",
        "Read more at HarbourTimes.example",
    ]
    v = verdicts(lines)
    assert v[0] == ("metadata", "section label")
    assert v[2] == ("metadata", "dateline (published date)")
    assert v[5] == ("boilerplate", "separator")
    assert v[6] == v[7] == ("metadata", "source credit (original source)")


def test_lines_repeated_across_the_corpus_are_dropped_when_short():
    chrome = "The Harbour Times - independent since 1901"
    lines = ["Harbour strike ends", chrome, BODY_1, BODY_2]
    v = verdicts(lines, repeated=frozenset({chrome.lower()}))
    assert v[1] == ("boilerplate", "repeated across corpus")
    assert verdicts(lines)[1][1] != "repeated across corpus"
    long_quote = BODY_1.lower()
    assert verdicts(lines, repeated=frozenset({long_quote}))[2][0] == "body"


def test_markup_in_text_is_kept_as_text():
    line = '<script>alert("x")</script> The council met on Monday and <b>approved</b> the harbour budget.'
    meta, dropped = clean_plain_text("Harbour budget\n\n" + line, "a1")
    assert line in meta["body"] and not dropped


def test_clean_plain_text_keeps_every_line_somewhere():
    text = "\n".join(["Harbour strike ends", "By Jane Holm", BODY_1, "Share this", BODY_2, "Related", "Other story"])
    meta, dropped = clean_plain_text(text, "a1")
    kept = meta["body"].split("\n\n") + [meta["title"]] + [row["text"] for row in dropped]
    assert sorted(kept) == sorted(text.split("\n"))
    assert [row["line_no"] for row in dropped] == sorted(row["line_no"] for row in dropped)
    assert meta["author"] == "Jane Holm" and meta["body"] == f"{BODY_1}\n\n{BODY_2}"


LINE = st.one_of(
    st.text(max_size=120),
    st.sampled_from(["", "Read More", "RELATED", "By Jo Lee", "0 Comments", "***", BODY_1, "A, B, C, D, E, F"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, max_size=40), st.frozensets(st.text(max_size=20), max_size=5))
def test_classify_never_crashes_and_returns_one_verdict_per_line(lines, repeated):
    result = classify_lines(lines, repeated)
    assert [v.index for v in result] == list(range(len(lines)))
    assert all(v.kind in {"body", "blank", "title", "metadata", "boilerplate"} for v in result)
    assert all(bool(v.reason) == (v.kind in {"metadata", "boilerplate", "title"}) for v in result)
    assert sum(v.kind == "title" for v in result) <= 1
