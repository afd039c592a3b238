"""Sources and overlap: same-story pairs (copies and paraphrases), what each adds, quotes, distinctive terms."""

from __future__ import annotations

import pandas as pd
import pytest

from newslab.analyse import overlap
from newslab.tables import SCHEMAS, conform, empty_table

_DEFAULTS = {"string": "", "Int64": 0, "float64": float("nan"), "bool": False, "list<string>": []}


def table(name: str, rows: list[dict]) -> pd.DataFrame:
    full = [{c.name: row.get(c.name, _DEFAULTS[c.dtype]) for c in SCHEMAS[name]} for row in rows]
    return conform(pd.DataFrame(full, columns=[c.name for c in SCHEMAS[name]]), name) if rows else empty_table(name)


# Two retellings of one (invented) story in different words, and two unrelated articles.
FLOOD_A = (
    "Governor Rosa Vent ordered the evacuation of Dunmore on Sunday after the Tallis River burst its banks. "
    "At least 1,200 residents left their homes, according to the Red Cross. "
    '"We will not wait for the water to reach the hospital," Vent told reporters. '
    "Engineers fear the old Kestrel Dam could fail if the rain continues."
)
FLOOD_B = (
    "More than 1,200 people have fled Dunmore since the Tallis River overflowed, the Red Cross said. "
    "The evacuation was ordered by Governor Rosa Vent, who warned that the Kestrel Dam was under strain. "
    "Mayor Tom Hale said 40 homes were already under water. "
    "Schools will stay closed until the end of the month."
)
MATCH = (
    "Harbour City beat Northgate 3-1 on Saturday, with striker Leo Marsh scoring twice before half-time. "
    "Coach Ines Duval praised a disciplined defence and said the title race was wide open."
)
CHIPS = (
    "Chipmaker Voltaic unveiled a processor it says uses 30 per cent less power than its rivals. "
    "Analysts at Brightline expect the part to reach laptops next spring, though supply remains tight."
)
ARTICLES = table(
    "articles",
    [
        {"article_id": "flood-a", "title": "Dunmore evacuated", "outlet": "Valley Post", "body": FLOOD_A},
        {"article_id": "flood-b", "title": "Thousands flee river", "outlet": "Coast Herald", "body": FLOOD_B},
        {"article_id": "match", "title": "City win derby", "outlet": "Valley Post", "body": MATCH},
        {"article_id": "chips", "title": "New chip", "outlet": "Coast Herald", "body": CHIPS},
    ],
)


def ent(article: str, canonical: str, label: str) -> dict:
    return {"article_id": article, "canonical": canonical, "text": canonical, "label": label, "sentence": "s"}


ENTITIES = table(
    "entities",
    [
        *(
            ent(a, n, lab)
            for a in ("flood-a", "flood-b")
            for n, lab in (
                ("Rosa Vent", "PERSON"),
                ("Dunmore", "GPE"),
                ("Tallis River", "LOC"),
                ("Red Cross", "ORG"),
                ("Kestrel Dam", "FAC"),
            )
        ),
        ent("flood-b", "Tom Hale", "PERSON"),
        ent("match", "Harbour City", "ORG"),
        ent("match", "Northgate", "ORG"),
        ent("match", "Leo Marsh", "PERSON"),
        ent("match", "Ines Duval", "PERSON"),
        ent("chips", "Voltaic", "ORG"),
        ent("chips", "Brightline", "ORG"),
    ],
)
CLAIMS = table(
    "claims",
    [
        {
            "article_id": "flood-a",
            "value": 1200.0,
            "low": 1200.0,
            "qualifier": "lower_bound",
            "what": "people",
            "sentence": "At least 1,200 residents left their homes, according to the Red Cross.",
        },
        {
            "article_id": "flood-b",
            "value": 1200.0,
            "low": 1200.0,
            "qualifier": "lower_bound",
            "what": "people",
            "sentence": FLOOD_B.split(". ")[0] + ".",
        },
        {
            "article_id": "flood-b",
            "value": 40.0,
            "low": 40.0,
            "high": 40.0,
            "qualifier": "exact",
            "what": "buildings",
            "sentence": "Mayor Tom Hale said 40 homes were already under water.",
        },
        {"article_id": "chips", "value": 30.0, "low": 30.0, "high": 30.0, "qualifier": "exact", "what": "other"},
    ],
)
QUOTES = table(
    "quotes",
    [
        {
            "article_id": "flood-a",
            "quote": "We will not wait for the water to reach the hospital",
            "speaker": "Rosa Vent",
            "cue": "tell",
        },
        {"article_id": "match", "quote": "The title race is wide open", "speaker": "", "cue": "say"},
        {"article_id": "match", "quote": "We defended well", "speaker": "Ines Duval", "cue": "say"},
        {
            "article_id": "flood-b",
            "quote": "It is the worst flood in forty years and we are not ready",
            "speaker": "Rosa Vent",
            "cue": "warn",
        },
    ],
)


def test_words_normalise_numbers_and_case():
    assert overlap.words("About 3,000 Troops (and 1.5m) arrived") == [
        "about",
        "3000",
        "troops",
        "and",
        "1.5",
        "m",
        "arrived",
    ]
    assert overlap.shingles("The army sent more troops", size=2) == {"army sent", "sent troops"}


def test_paraphrased_retelling_is_found_and_unrelated_articles_are_not():
    pairs = overlap.same_story_pairs(ARTICLES, ENTITIES, CLAIMS)
    assert list(zip(pairs["article_a"], pairs["article_b"], strict=True)) == [("flood-a", "flood-b")]
    row = pairs.iloc[0]
    assert row["text_similarity"] < 0.3 <= row["fact_similarity"]  # paraphrase: found by facts, not wording
    assert row["similarity"] == max(row["text_similarity"], row["fact_similarity"])
    assert row["shared_entities"] == ["dunmore", "kestrel dam", "red cross", "rosa vent", "tallis river"]
    assert row["shared_values"] == ["1200"]


def test_copy_is_found_by_text_alone():
    copy = ARTICLES.iloc[[2]].assign(article_id="match-copy", outlet="Wire")
    articles = pd.concat([ARTICLES, copy], ignore_index=True)
    pairs = overlap.same_story_pairs(articles, empty_table("entities"), empty_table("claims"))
    assert list(zip(pairs["article_a"], pairs["article_b"], strict=True)) == [("match", "match-copy")]
    assert pairs["text_similarity"].iat[0] == pytest.approx(1.0)


def test_a_higher_threshold_drops_the_paraphrase():
    assert overlap.same_story_pairs(ARTICLES, ENTITIES, CLAIMS, threshold=0.9).empty


def test_what_each_adds_lists_names_figures_quotes_and_sentences_the_other_lacks():
    adds = overlap.what_each_adds(
        {"article_a": "flood-a", "article_b": "flood-b"}, ENTITIES, CLAIMS, QUOTES, articles=ARTICLES
    )
    b_adds = adds[adds["article_id"] == "flood-b"]
    a_adds = adds[adds["article_id"] == "flood-a"]
    assert set(b_adds.loc[b_adds["kind"] == "entity", "item"]) == {"Tom Hale"}
    assert set(a_adds.loc[a_adds["kind"] == "entity", "item"]) == set()
    assert list(b_adds.loc[b_adds["kind"] == "claim", "item"]) == ["40 buildings (exact)"]  # 1,200 is in both
    assert list(a_adds.loc[a_adds["kind"] == "quote", "item"]) == [
        "We will not wait for the water to reach the hospital"
    ]
    b_sentences = list(b_adds.loc[b_adds["kind"] == "sentence", "item"])
    assert "Schools will stay closed until the end of the month." in b_sentences
    assert (b_adds["lacking_in"] == "flood-a").all()


def test_what_each_adds_without_bodies_has_no_sentences():
    adds = overlap.what_each_adds(("flood-a", "flood-b"), ENTITIES, CLAIMS, QUOTES)
    assert "sentence" not in set(adds["kind"])
    assert list(adds.columns) == overlap.ADDS_COLUMNS


def test_quotes_by_speaker_counts_quotes_articles_and_outlets():
    by = overlap.quotes_by_speaker(QUOTES, ARTICLES).set_index("speaker")
    assert by.at["Rosa Vent", "quotes"] == 2 and by.at["Rosa Vent", "articles"] == 2
    assert by.at["Rosa Vent", "outlets"] == "Coast Herald; Valley Post"
    assert by.at["Rosa Vent", "example"] == "It is the worst flood in forty years and we are not ready"  # longest
    assert by.at["(unattributed)", "quotes"] == 1
    assert by["quotes"].sum() == len(QUOTES)


def test_distinctive_terms_per_article_and_outlet():
    terms = overlap.distinctive_terms(ARTICLES, top_k=5)
    assert (terms.groupby("article_id").size() == 5).all()
    # Words only this article uses score highest (ties alphabetical); stop words never appear.
    assert list(terms.loc[terms["article_id"] == "match", "term"]) == [
        "beat",
        "city",
        "coach",
        "defence",
        "disciplined",
    ]
    flood_a = set(terms.loc[terms["article_id"] == "flood-a", "term"])
    assert not flood_a & {"dunmore", "tallis", "river", "governor", "kestrel", "cross"}  # shared with flood-b
    assert not set(terms["term"]) & {"the", "and", "with", "its", "their"}
    assert terms.groupby("article_id")["tfidf"].apply(lambda s: s.is_monotonic_decreasing).all()
    by_outlet = overlap.distinctive_terms(ARTICLES, top_k=50, by="outlet")
    # Both outlets carry a flood story, so words of both flood stories score 0 per outlet and are not listed.
    assert "dunmore" not in set(by_outlet["term"]) and "tallis" not in set(by_outlet["term"])
    assert "striker" in set(by_outlet.loc[by_outlet["outlet"] == "Valley Post", "term"])


def test_empty_tables_give_empty_results():
    empty = {n: empty_table(n) for n in ("articles", "entities", "claims", "quotes")}
    pairs = overlap.same_story_pairs(empty["articles"], empty["entities"], empty["claims"])
    assert pairs.empty and list(pairs.columns) == overlap.PAIR_COLUMNS
    assert overlap.quotes_by_speaker(empty["quotes"]).empty
    assert overlap.distinctive_terms(empty["articles"]).empty
    adds = overlap.what_each_adds(("x", "y"), empty["entities"], empty["claims"], empty["quotes"], empty["articles"])
    assert adds.empty
    one = ARTICLES.head(1)
    assert overlap.same_story_pairs(one, ENTITIES, CLAIMS).empty


def test_quotes_by_speaker_splits_direct_quotes_from_reported_speech():
    kinds = QUOTES.assign(kind=["reported"] + ["direct"] * (len(QUOTES) - 1))
    by = overlap.quotes_by_speaker(kinds, ARTICLES)
    assert by["direct"].sum() == len(QUOTES) - 1 and by["reported"].sum() == 1
    assert (by["direct"] + by["reported"] == by["quotes"]).all()
    assert overlap.quotes_by_speaker(QUOTES, ARTICLES)["reported"].sum() == 0  # no kind column: all direct
