"""The main-text region of plain-text page dumps, rule by rule, on pages written for these tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newslab.read import clean_plain_text
from newslab.read.boilerplate import (
    HEAVY_PENALTY,
    classify_extracted_lines,
    classify_lines,
    content_runs,
    content_score,
    distance_weighted,
    headline_keys,
    is_chrome_talk,
    is_comment_marker,
    main_region,
    normalise_line,
    paragraph_units,
)

P1 = "The ferry operator said on Tuesday that the night crossing would resume in May after repairs to the pier."
P2 = "Engineers found that two of the wooden piles had rotted, and the council agreed to pay for new steel ones."
P3 = "Passengers had used a bus link for most of the winter, which added about an hour to every journey home."
P4 = "The harbour master told the council that the new piles should last at least forty years without repair."
P5 = "Local traders, who lost custom while the crossing was shut, asked the council for a cut in their rates."
MENU = ["Home", "News", "Sport", "Weather", "Business", "Culture", "Travel", "Contact"]
FOOTER = ["About Us", "Careers", "Advertise", "Privacy Policy", "© 2025 Harbour Gazette. All rights reserved."]


def verdicts(lines: list[str]) -> dict[int, tuple[str, str]]:
    return {v.index: (v.kind, v.reason) for v in classify_lines(lines)}


def kept_text(lines: list[str]) -> list[str]:
    return [lines[i] for i, (kind, _) in verdicts(lines).items() if kind == "body"]


def page(*blocks: list[str]) -> list[str]:
    """A page dump: title line, blank, then blocks separated by blank lines."""
    out = ["Ferry crossing to reopen in May | Harbour Gazette", ""]
    for block in blocks:
        out += [*block, ""]
    return out


# --- line scores ------------------------------------------------------------------------------


def test_prose_scores_its_length_and_menus_score_a_penalty():
    assert content_score(P1) > 10
    assert content_score("Weather") == HEAVY_PENALTY
    assert content_score("Local News Desk") == HEAVY_PENALTY
    assert 0 < content_score("3. Add the flour and stir") < 1  # a list item is neutral, not chrome
    assert 0 < content_score("200 g plain flour") < 1  # so is a quantity
    assert HEAVY_PENALTY < content_score("Opening hours and fares for the summer season") < 0


def test_site_talk_and_author_bios_score_as_chrome():
    assert content_score("Sign up to our daily newsletter and never miss a story from the harbour.") == HEAVY_PENALTY
    assert content_score("Jane Holm is a senior reporter covering transport and the coast.") == HEAVY_PENALTY


def test_chrome_talk_needs_a_site_phrase_addressed_to_the_reader():
    assert is_chrome_talk("Get our newsletter")
    assert is_chrome_talk("We may earn a commission when you buy through affiliate links on this page.")
    assert is_chrome_talk("© 2025 Harbour Gazette")
    news = "The company said its advertising revenue had fallen by a third as firms cut their budgets in the spring."
    assert not is_chrome_talk(news)
    quote = '"We want every passenger to sign up for the new travel card before the summer," she said.'
    assert not is_chrome_talk(quote)
    how_to = "Before you can book a cabin you will need to sign up for an account on the operator's website first."
    assert is_chrome_talk(how_to) and not is_chrome_talk(how_to, strict=True)  # inside a text, one hint is not enough


def test_comment_section_headings():
    for heading in ("12 Comments", "Leave a Reply", "Responses to “Ferry to reopen”", "Join the discussion"):
        assert is_comment_marker(normalise_line(heading)), heading
    for line in ("Comments by the minister were welcomed by the union.", "Ferry timetable", "Reply to the council"):
        assert not is_comment_marker(normalise_line(line)), line


def test_headline_keys_cut_the_site_name():
    assert "ferry crossing to reopen in may" in headline_keys("Ferry crossing to reopen in May | Harbour Gazette")
    assert headline_keys("") == set()


# --- runs --------------------------------------------------------------------------------------


def test_main_region_is_the_maximum_sum_run():
    assert main_region([-3, 5, -1, 4, -9, 2]) == (1, 3, 8)
    assert main_region([-1, -2]) is None


def test_long_gaps_cost_more_than_short_ones():
    assert distance_weighted([5, -1, -1, -1, 5]) == [5, -1, -2, -3, 5]
    assert distance_weighted([-3, 2, -3]) == [-3, 2, -3]


def test_a_second_run_nearly_as_good_is_main_text_too():
    scores = [50, 60, -30, -60, 45, 45, -90, 10]
    assert [(a, b) for a, b, _ in content_runs(scores, 0.5)] == [(0, 1), (4, 5)]


def test_hard_wrapped_lines_form_one_unit():
    lines = ["The ferry operator said on Tuesday that the night", "crossing would resume in May.", "", "Weather"]
    assert paragraph_units(lines, [0, 1, 3]) == [[0, 1], [3]]


# --- whole pages -------------------------------------------------------------------------------


def test_menus_before_and_footer_after_the_article_go():
    lines = page(MENU, ["Ferry crossing to reopen in May"], [P1], [P2], [P3], FOOTER)
    v = verdicts(lines)
    assert kept_text(lines) == ["Ferry crossing to reopen in May", P1, P2, P3]
    reasons = {lines[i]: r for i, (_, r) in v.items()}
    assert reasons["About Us"] == "after main text"
    assert reasons["Careers"] == "after main text"


def test_the_headline_and_a_standfirst_set_apart_by_byline_and_buttons_stay():
    standfirst = "Repairs to the old pier are nearly finished, the operator says"
    top = ["Ferry crossing to reopen in May", standfirst, "By Jane Holm", "Share", "Tweet", "Email", "Print"]
    lines = page(MENU, top, [P1], [P2], [P3], FOOTER)
    kept = kept_text(lines)
    assert kept[:2] == ["Ferry crossing to reopen in May", standfirst]
    assert kept[2:] == [P1, P2, P3]


def test_a_discussion_longer_than_the_article_is_the_comment_section():
    comments = [
        "harbourfan says:",
        "I have used that crossing for thirty years and the pier has always been in a terrible state, frankly.",
        "Reply",
        "mo_k says:",
        "The bus link was fine for me but it really did add an hour to every single journey, which is too long.",
        "Reply",
        "pier_watch says:",
        "Steel piles will rust in salt water faster than anyone expects, and then we will be back here again.",
        "Reply",
    ]
    lines = page(MENU, [P1], [P2], ["3 Comments"], comments * 3, FOOTER)
    v = verdicts(lines)
    assert kept_text(lines) == [P1, P2]
    assert v[lines.index(comments[1])] == ("boilerplate", "comment section")


def test_an_article_cut_by_a_photo_gallery_keeps_both_halves():
    gallery = [f"Photo {n} of 12" for n in range(1, 13)] + ["Gallery", "Next", "Previous"]
    lines = page(MENU, [P1], [P2], [P3], gallery, [P4], [P5], [P1.replace("Tuesday", "Friday")], FOOTER)
    kept = kept_text(lines)
    assert kept[:3] == [P1, P2, P3] and P4 in kept and P5 in kept
    assert "Photo 3 of 12" not in kept


def test_site_notices_and_link_lists_inside_the_article_go_but_a_sub_heading_stays():
    notice = "Sign up to our newsletter to get the latest harbour news delivered to your inbox every morning."
    links = ["Ferry Timetables", "Harbour Webcam", "Tide Tables"]
    lines = page(MENU, [P1], [notice], [P2], ["Repair Works"], [P3], links, [P4], [P5], FOOTER)
    v = verdicts(lines)
    kept = kept_text(lines)
    assert "Repair Works" in kept and P4 in kept
    assert v[lines.index(notice)] == ("boilerplate", "site notice inside text")
    assert all(v[lines.index(link)] == ("boilerplate", "link list inside text") for link in links)


def test_a_page_about_the_site_keeps_its_notices():
    policy = [
        "We collect your email address when you sign up for our newsletter and use it only to send it.",
        "You can unsubscribe from our newsletter at any time by following the link at the foot of each email.",
        "Our advertisers never see your email address, and we do not sell it to anyone for any purpose.",
    ]
    lines = page(MENU, ["Privacy and your data"], policy, [P1], FOOTER)
    kept = kept_text(lines)
    assert all(p in kept for p in policy)


def test_a_clean_text_is_not_cut():
    """No page chrome: the short lines around the prose (a result, a team sheet) are content."""
    lines = [
        "Harbour Rovers 2-1 Dock United",
        "",
        P1,
        "",
        P2,
        "",
        "Rovers: Berg, Lind, Sten, Holm, Falk.",
        "",
        "Subs not used: Said, Okafor.",
        "",
        "Attendance: 4,210",
    ]
    assert [kind for kind, _ in verdicts(lines).values() if kind not in ("blank",)] == ["title"] + ["body"] * 5


def test_every_line_of_a_page_dump_is_accounted_for():
    lines = page(MENU, ["Ferry crossing to reopen in May", "By Jane Holm"], [P1], [P2], ["2 Comments"], [P3], FOOTER)
    text = "\n".join(lines)
    meta, dropped = clean_plain_text(text, "a1")
    kept = [*meta["body"].split("\n\n"), meta["title"], *(row["text"] for row in dropped)]
    assert sorted(kept) == sorted(line for line in lines if line.strip())
    assert all(row["reason"] for row in dropped)


# --- HTML main text ----------------------------------------------------------------------------


def test_extracted_main_text_loses_widgets_and_notices_only():
    notice = "Never miss a story: get our newsletter delivered to your inbox every morning."
    lines = [P1, "Share this article", P2, notice, "Weather", P3]
    v = {x.index: (x.kind, x.reason) for x in classify_extracted_lines(lines)}
    assert v[1] == ("boilerplate", "subscribe/share/comment widget")
    assert v[3] == ("boilerplate", "site notice")
    assert v[4] == ("body", "")  # no page-level cut: the extractor chose this line from the page's structure
    assert v[0][0] == v[2][0] == v[5][0] == "body"


def test_a_list_introduced_by_a_colon_stays_with_its_sentence():
    items = ["Tickets Cost More", "Cabins Need Booking", "Dogs Travel Free"]
    lines = page(MENU, [P1], [P2], ["The operator listed three changes for passengers:"], items, FOOTER)
    kept = kept_text(lines)
    assert all(item in kept for item in items)
    assert "Careers" not in kept


SAMPLE_LINES = st.sampled_from([P1, P2, "Home", "Weather", "12 Comments", "© 2025", "Sign up to our newsletter", ""])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=150), SAMPLE_LINES), max_size=60))
def test_any_lines_get_one_verdict_each_on_both_paths(lines):
    for result in (classify_lines(lines), classify_extracted_lines(lines)):
        assert [v.index for v in result] == list(range(len(lines)))
        assert all(bool(v.reason) == (v.kind in {"metadata", "boilerplate", "title"}) for v in result)
