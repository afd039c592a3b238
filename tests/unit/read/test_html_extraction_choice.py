"""Which of trafilatura's extractions becomes the main text: its own when that holds an article (a
paragraph of prose), its fallback extractors' (readability, jusText) only when its own holds none."""

from __future__ import annotations

import pytest
import trafilatura

from newslab.read.formats import extract_html, has_prose

ARTICLE = "The ferry operator said on Tuesday that the night crossing would resume in May after repairs."
TEASER = "The town choir has rehearsed a new programme of songs for the summer festival in the park."


class FakeDoc(dict):
    def as_dict(self) -> dict:
        return dict(self)


def fake_trafilatura(monkeypatch, own: str | None, with_fallbacks: str | None) -> list[bool]:
    """trafilatura.bare_extraction returning ``own`` without fallbacks and ``with_fallbacks`` with them;
    the returned list records each call's ``no_fallback``."""
    calls: list[bool] = []

    def bare_extraction(html, no_fallback=False, **options):
        calls.append(no_fallback)
        text = own if no_fallback else with_fallbacks
        return None if text is None else FakeDoc(title="Ferry", text=text)

    monkeypatch.setattr(trafilatura, "bare_extraction", bare_extraction)
    return calls


def test_own_extraction_holding_prose_is_kept(monkeypatch):
    calls = fake_trafilatura(monkeypatch, own=ARTICLE, with_fallbacks=f"{ARTICLE}\n{TEASER}\n{TEASER}")
    assert extract_html("<html></html>")["text"] == ARTICLE
    assert calls == [True]  # the fallback extractors never run


@pytest.mark.parametrize("own", [None, "", "Home\nNews\nSport", "Ferry crossing to reopen"])
def test_own_extraction_without_prose_gives_way_to_the_fallbacks(monkeypatch, own):
    calls = fake_trafilatura(monkeypatch, own=own, with_fallbacks=f"{ARTICLE}\n{TEASER}")
    assert extract_html("<html></html>")["text"] == f"{ARTICLE}\n{TEASER}"
    assert calls == [True, False]


def test_nothing_extractable_is_an_empty_record(monkeypatch):
    fake_trafilatura(monkeypatch, own=None, with_fallbacks=None)
    assert extract_html("<html></html>") == {}


def test_has_prose_needs_a_sentence_of_some_length():
    assert has_prose(f"Menu\n{ARTICLE}")
    assert not has_prose("Home\nNews\nThe ferry is back.")


def test_a_real_page_still_gives_its_article():
    html = (
        "<html><head><title>Ferry crossing to reopen</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Ferry crossing to reopen</h1><p>{ARTICLE}</p><p>{TEASER}</p></article></body></html>"
    )
    assert ARTICLE in extract_html(html)["text"]
