"""Chunking keeps offsets exact; the per-article cache skips unchanged articles and distrusts damaged entries."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslab.annotate import cache as cache_mod
from newslab.annotate.pipeline import AnnotateStats, Article, annotate_articles, chunk_text


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), st.integers(min_value=5, max_value=60))
@settings(max_examples=200, deadline=None)
def test_chunks_cover_the_text_exactly(text, size):
    chunks = chunk_text(text, size)
    assert "".join(c for _, c in chunks) == text
    for offset, chunk in chunks:
        assert text[offset : offset + len(chunk)] == chunk
        assert len(chunk) <= size


def test_chunks_prefer_paragraph_breaks():
    text = "First paragraph here.\n\nSecond paragraph here.\n\nThird one."
    assert [c for _, c in chunk_text(text, 30)][0] == "First paragraph here.\n\n"


def test_long_article_is_annotated_whole_with_offsets_into_the_body(nlp):
    filler = "The committee met again and discussed the budget at length. " * 40
    body = (filler + "\n\n") * 30 + "Officials in Kharkiv said Vladimir Putin spoke."
    stats = AnnotateStats()
    [(aid, rows)] = list(annotate_articles(nlp, [Article("long", body)], max_chunk_chars=5_000, stats=stats))
    assert stats.chunks > 10
    ents = {(r["text"], body[r["start"] : r["end"]]) for r in rows["entities"]}
    assert ("Vladimir Putin", "Vladimir Putin") in ents
    assert ("Kharkiv", "Kharkiv") in ents
    assert all(body[r["start"] : r["end"]] == r["text"] for r in rows["entities"])


def test_rerun_uses_the_cache_and_an_edit_reprocesses_only_that_article(nlp, tmp_path):
    store = cache_mod.AnnotationCache(tmp_path)
    arts = [Article("a", "Kim Jong Un visited Moscow."), Article("b", "Reuters reported 300 drones.")]
    first = AnnotateStats()
    out1 = dict(annotate_articles(nlp, arts, cache=store, stats=first))
    assert (first.annotated, first.cached) == (2, 0)
    second = AnnotateStats()
    out2 = dict(annotate_articles(nlp, arts, cache=store, stats=second))
    assert (second.annotated, second.cached) == (0, 2)
    assert out1 == out2
    third = AnnotateStats()
    edited = [arts[0], Article("b", "Reuters reported 400 drones.")]
    dict(annotate_articles(nlp, edited, cache=store, stats=third))
    assert (third.annotated, third.cached) == (1, 1)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated write
        lambda raw: raw.replace(b"Moscow", b"Mosco!"),  # edited payload
        lambda raw: b"not json\n" + raw,  # broken header
        lambda raw: b"",  # empty file
    ],
)
def test_corrupt_cache_entry_is_detected_and_rebuilt(nlp, tmp_path, damage):
    store = cache_mod.AnnotationCache(tmp_path)
    arts = [Article("a", "Kim Jong Un visited Moscow.")]
    good = dict(annotate_articles(nlp, arts, cache=store))
    [entry] = list(tmp_path.rglob("*.json"))
    entry.write_bytes(damage(entry.read_bytes()))
    stats = AnnotateStats()
    again = dict(annotate_articles(nlp, arts, cache=store, stats=stats))
    assert again == good
    assert stats.annotated == 1 and stats.cached == 0
    assert "corrupt" in stats.problems[0]["problem"]
    header = json.loads(entry.read_bytes().split(b"\n", 1)[0])
    assert header["key"] == entry.stem


def test_cache_key_depends_on_body_date_model_and_pipeline():
    base = cache_mod.cache_key("body", "2024-01-01", "en_core_web_sm-3.8.0", "1")
    assert base != cache_mod.cache_key("body!", "2024-01-01", "en_core_web_sm-3.8.0", "1")
    assert base != cache_mod.cache_key("body", "2024-01-02", "en_core_web_sm-3.8.0", "1")
    assert base != cache_mod.cache_key("body", "2024-01-01", "en_core_web_md-3.8.0", "1")
    assert base != cache_mod.cache_key("body", "2024-01-01", "en_core_web_sm-3.8.0", "2")


def test_article_past_spacy_max_length_is_processed_whole(nlp):
    body = "Officials met in Kyiv on Monday.\n\n" + " " * 2_100_000 + "\n\nLater, Vladimir Putin visited Kharkiv."
    assert len(body) > nlp.max_length
    [(_, rows)] = list(annotate_articles(nlp, [Article("huge", body)]))
    found = {(r["text"], r["start"]) for r in rows["entities"]}
    assert ("Vladimir Putin", body.index("Vladimir Putin")) in found
    assert ("Kharkiv", body.index("Kharkiv")) in found
    assert ("Kyiv", body.index("Kyiv")) in found


def test_worker_pool_gives_the_same_rows_as_one_process(nlp, monkeypatch):
    from newslab.annotate import pipeline
    from newslab.config import DEFAULT_MODEL

    people = ["Anna Berg", "Tomas Ruiz", "Li Wei", "Omar Haddad"]
    arts = [
        Article(
            f"art-{i:02d}",
            f"{people[i % 4]} said on Tuesday that at least {100 + i} workers joined the strike in Lyon.\n\n"
            + "The union expects more. " * (i % 5)
            + f'"We will not stop," {people[(i + 1) % 4]} told reporters.',
            f"2024-03-0{1 + i % 9}",
        )
        for i in range(40)
    ]
    pool_calls = []
    real_pool = pipeline._annotate_in_pool
    monkeypatch.setattr(pipeline, "_annotate_in_pool", lambda *a: pool_calls.append(a[2]) or real_pool(*a))
    pooled = AnnotateStats()
    many = dict(annotate_articles(nlp, arts, n_process=2, model=DEFAULT_MODEL, stats=pooled))
    one = dict(annotate_articles(nlp, arts, n_process=1, stats=AnnotateStats()))
    assert pool_calls == [2]
    assert pooled.annotated == 40 and pooled.chunks == 40
    # json, because NaN != NaN in a plain dict comparison.
    assert json.dumps(many, sort_keys=True) == json.dumps(one, sort_keys=True)
    assert sum(len(rows["quotes"]) for rows in many.values()) >= 40


def test_one_long_article_is_spread_over_the_pool_and_reassembled_in_order(nlp):
    from newslab.config import DEFAULT_MODEL

    paragraphs = [f"Paragraph {i}: Maria Lopez said {10 + i} nurses left Madrid on Monday." for i in range(60)]
    art = Article("long", "\n\n".join(paragraphs), "2024-05-01")
    stats = AnnotateStats()
    [(_, pooled)] = list(
        annotate_articles(nlp, [art], n_process=2, model=DEFAULT_MODEL, max_chunk_chars=150, stats=stats)
    )
    [(_, single)] = list(annotate_articles(nlp, [art], n_process=1, max_chunk_chars=150))
    assert stats.chunks >= 20
    assert json.dumps(pooled, sort_keys=True) == json.dumps(single, sort_keys=True)
    starts = [r["start"] for r in pooled["claims"]]
    assert len(starts) == 60 and starts == sorted(starts)
    assert all(art.body[r["start"] : r["end"]] == r["text"] for r in pooled["entities"])


def test_an_extractor_failing_on_one_text_costs_only_its_rows_there(nlp, tmp_path, monkeypatch):
    from newslab.annotate import claims as claims_mod

    real = claims_mod.extract_claims

    def fragile(doc, *args, **kwargs):
        if "Zanzibar" in doc.text:
            raise IndexError("tuple index out of range")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(claims_mod, "extract_claims", fragile)
    articles = [
        Article("odd", "Vladimir Putin sent 300 troops to Zanzibar."),
        Article("plain", "Officials said 400 troops left."),
    ]
    cache = cache_mod.AnnotationCache(tmp_path)
    stats = AnnotateStats()
    rows = dict(annotate_articles(nlp, articles, cache=cache, stats=stats))
    assert rows["odd"]["claims"] == [] and rows["odd"]["entities"]  # the other extractors still ran
    assert [c["value"] for c in rows["plain"]["claims"]] == [400.0]
    assert "failures" not in rows["odd"]
    [problem] = stats.problems
    assert problem["source_path"] == "odd" and "claims extractor failed" in problem["problem"]
    again = AnnotateStats()
    list(annotate_articles(nlp, articles, cache=cache, stats=again))
    assert again.cached == 1 and again.annotated == 1  # the failed article is not cached: a fix reruns it
