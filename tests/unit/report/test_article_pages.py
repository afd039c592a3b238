"""Article pages: every annotation marked in place with its anchor, markup always well nested, text escaped."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslab.report import articles as ap

EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
VOID = {"meta", "br", "img", "link", "hr", "input"}


class Nesting(HTMLParser):
    """Collects ids and text, and counts end tags that do not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors = 0
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id":
                self.ids.append(value)
        if tag == "div" and ("class", "body") in attrs:
            self.in_body = True
            self.depth = len(self.stack)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors += 1
            return
        self.stack.pop()
        if self.in_body and len(self.stack) == self.depth:
            self.in_body = False

    def handle_data(self, data):
        if self.in_body:
            self.text.append(data)


def parse(markup: str) -> Nesting:
    parser = Nesting()
    parser.feed(markup)
    parser.close()
    return parser


def span(kind: str, start: int, end: int, note: str = "n") -> ap.Span:
    return ap.Span(start, end, kind, kind, f"{kind}-{start}", note)


def test_overlapping_spans_nest_and_keep_the_text():
    body = "Kim said 10,000 troops went to Kursk."
    spans = [span("quote", 4, 30), span("claim", 9, 22), span("entity", 0, 3), span("entity", 16, 34)]
    markup = ap.mark_up(body, spans)
    parsed = parse(f'<div class="body">{markup}</div>')
    assert parsed.errors == 0 and parsed.stack == []
    assert "".join(parsed.text) == body
    assert sorted(parsed.ids) == ["claim-9", "entity-0", "entity-16", "quote-4"]


def test_a_span_crossing_another_is_split_and_its_continuation_has_no_id():
    markup = ap.mark_up("abcdefghij", [span("claim", 0, 5), span("entity", 3, 8)])
    assert markup.count('id="entity-3"') == 1 and markup.count("entity") >= 2
    assert parse(markup).errors == 0


def test_invalid_spans_are_ignored():
    markup = ap.mark_up("short", [span("claim", 3, 99), span("claim", -1, 2), span("date", 2, 2)])
    assert markup == "short"


def test_page_escapes_article_text_metadata_and_notes():
    article = {"article_id": "a-1", "title": EVIL, "outlet": EVIL, "body": f"Before {EVIL} after 12 troops."}
    start = article["body"].index("12")
    claims = pd.DataFrame(
        {"article_id": ["a-1"], "start": [start], "end": [start + 2], "value": [12.0], "qualifier": ["exact"],
         "noun": ["troops"], "source": [EVIL], "hedged": [False]}
    )  # fmt: skip
    dropped = pd.DataFrame({"article_id": ["a-1"], "line_no": [3], "text": [EVIL], "reason": ["cookie notice"]})
    page = ap.article_page(article, claims=claims, dropped=dropped)
    assert "<script>" not in page and "<img" not in page
    assert page.count("&lt;script&gt;") >= 4
    parsed = parse(page)
    assert parsed.errors == 0
    assert f"claim-{start}" in parsed.ids and "dropped-3" in parsed.ids
    assert "script" not in parsed.tags and "img" not in parsed.tags


def test_notes_use_the_optional_columns_when_present():
    row = {"value": 11000.0, "qualifier": "approximate", "noun": "troops", "subject": "North Korean troops",
           "place": "Kursk", "status": "reported", "thread": "t7", "source": "Seoul", "per": ""}  # fmt: skip
    note = ap.claim_note(row)
    assert "11,000" in note and "North Korean troops" in note and "Kursk" in note and "thread t7" in note
    assert "per" not in note.split("·")[-1]
    assert "Kim" in ap.quote_note({"speaker": "", "speaker_text": "Kim", "kind": "direct"})
    assert ap.date_note({"resolved": "2024-10", "precision": "month"}) == "date: 2024-10 (month)"


def test_pages_for_chosen_articles_only_and_linked_ones_first():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "title": ["A", "B", "C"], "body": ["x", "y", "z"]})
    assert ap.select_articles(articles, ["c", "missing", "c"], cap=2) == ["c", "a"]
    assert ap.select_articles(articles, [], cap=-1) == ["a", "b", "c"]
    pages = ap.article_pages(articles, article_ids=["b"])
    assert list(pages) == ["articles/b.html"]
    assert ap.article_pages(articles.iloc[:0]) == {}


def test_missing_annotation_tables_and_odd_values_do_not_fail():
    articles = pd.DataFrame({"article_id": ["a"], "body": [None], "title": [float("nan")], "tags": [["x", EVIL]]})
    entities = pd.DataFrame({"article_id": ["a"], "start": [pd.NA], "end": [3], "label": ["GPE"], "text": ["abc"]})
    pages = ap.article_pages(articles, entities=entities, claims=pd.DataFrame())
    page = pages["articles/a.html"]
    assert parse(page).errors == 0 and "<script>" not in page


def test_size_limits_cut_a_huge_body_and_stop_adding_pages():
    body = "Officials said 12 troops left. " * 1000
    article = {"article_id": "big", "body": body}
    claims = pd.DataFrame({"article_id": ["big", "big"], "start": [15, len(body) - 16], "end": [17, len(body) - 14]})
    page = ap.article_page(article, claims=claims, max_body_chars=100)
    assert "claim-15" in page and f"claim-{len(body) - 16}" not in page
    assert "The first 100 of 31,000 characters" in page and len(page) < 10_000
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "body": ["x" * 3000] * 3})
    one = len(ap.article_pages(articles, article_ids=["a"])["articles/a.html"].encode())
    assert list(ap.article_pages(articles, max_bytes=2 * one + 10)) == ["articles/a.html", "articles/b.html"]


def test_write_pages(tmp_path):
    paths = ap.write_pages(tmp_path, {"articles/a.html": "<p>x</p>"})
    assert paths == [tmp_path / "articles" / "a.html"] and paths[0].read_text() == "<p>x</p>"


KINDS = st.sampled_from(["claim", "quote", "date", "entity"])
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from(
    [EVIL, "a\u200b\u202e b", "😀 e\u0301 \ufeff", "&amp; </span>", ""]
)


@st.composite
def body_and_spans(draw):
    body = draw(TEXT)
    n = len(body)
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        a, b = draw(st.integers(-2, n + 2)), draw(st.integers(-2, n + 2))
        spans.append(ap.Span(a, b, draw(KINDS), draw(st.sampled_from(["claim", "entity GPE", "quote"])),
                             f"x-{a}", draw(TEXT)))  # fmt: skip
    return body, spans


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body_and_spans())
def test_mark_up_always_nests_and_round_trips_the_text(case):
    body, spans = case
    markup = ap.mark_up(body, spans)
    parsed = parse(f'<div class="body">{markup}</div>')
    assert parsed.errors == 0 and parsed.stack == []
    assert set(parsed.tags) <= {"div", "span"}
    assert "".join(parsed.text) == html.unescape(html.escape(body))
    valid = {s.anchor for s in spans if 0 <= s.start < s.end <= len(body)}
    assert sorted(parsed.ids) == sorted(valid)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, body=TEXT, speaker=TEXT)
def test_article_page_never_lets_markup_through(title, body, speaker):
    article = {"article_id": "x", "title": title, "author": speaker, "body": body}
    quotes = pd.DataFrame({"article_id": ["x"], "start": [0], "end": [len(body)], "speaker": [speaker]})
    parsed = parse(ap.article_page(article, quotes=quotes))
    assert parsed.errors == 0
    assert set(parsed.tags) <= {"html", "head", "meta", "title", "style", "body", "header", "nav", "a", "h1", "dl",
                                "dt", "dd", "div", "span", "main", "footer"}  # fmt: skip


def test_page_with_the_columns_other_branches_add():
    """Claims with thread columns and quotes with attribution columns: their values reach the notes."""
    body = 'Seoul said "about 11,000 troops are in Kursk," an official added.'
    start = body.index("about")
    claims = pd.DataFrame(
        {"article_id": ["a"], "start": [start], "end": [start + 12], "value": [11000.0], "low": [9350.0],
         "high": [12650.0], "qualifier": ["approximate"], "what": ["troops"], "noun": ["troops"], "source": ["Seoul"],
         "hedged": [False], "scope": [""], "thread": ["t-3"], "as_of": ["2024-11"], "status": ["reported"],
         "subject": ["North Korean troops"], "place": ["Kursk"], "per": [""]}
    )  # fmt: skip
    quotes = pd.DataFrame(
        {"article_id": ["a"], "start": [body.index('"') + 1], "end": [body.rindex('"')], "quote": ["x"],
         "speaker": [""], "cue": ["add"], "kind": ["direct"], "attribution": ["nearby"],
         "speaker_text": ["an official"]}
    )  # fmt: skip
    page = ap.article_pages(pd.DataFrame({"article_id": ["a"], "body": [body]}), claims=claims, quotes=quotes)
    markup = page["articles/a.html"]
    note = ap.claim_note(claims.iloc[0].to_dict())
    assert "thread t-3" in note and "as of 2024-11" in note and "status reported" in note and "in Kursk" in note
    assert html.escape(note) in markup and "quote: an official · add · direct · nearby" in markup
    assert parse(markup).errors == 0
