"""Entity mentions: the gazetteer fixes the small model's labels, spans are trimmed, offsets are exact."""

from __future__ import annotations

import json

import pytest
import spacy

from newslab.annotate import canonical
from newslab.annotate.entities import RULER_NAME, add_gazetteer, extract_entities, read_gazetteer
from newslab.config import DEFAULT_MODEL

NUMERIC = {"CARDINAL", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}


@pytest.fixture(scope="module")
def plain():
    return spacy.load(DEFAULT_MODEL)


@pytest.fixture(scope="module")
def gaz():
    return add_gazetteer(spacy.load(DEFAULT_MODEL))


def ents(nlp, text: str) -> set[tuple[str, str]]:
    return {(r["text"], r["label"]) for r in extract_entities(nlp(text))}


# --------------------------------------------------------------------------- the gazetteer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Strikes with Storm Shadow missiles hit Kharkiv.", {("Storm Shadow", "WEAPON"), ("Kharkiv", "GPE")}),
        ("Drones launched from Kursk struck Kyiv overnight.", {("Kursk", "GPE"), ("Kyiv", "GPE")}),
        ("Officials in Dnipropetrovsk and Mykolaiv reported damage.", {("Dnipropetrovsk", "GPE"), ("Mykolaiv", "GPE")}),
        ("The Hwasong-18 was tested again, KCNA said.", {("Hwasong-18", "WEAPON"), ("KCNA", "OUTLET")}),
        ("Ukraine will get more F-16s and HIMARS this year.", {("F-16s", "WEAPON"), ("HIMARS", "WEAPON")}),
        (
            "Yonhap quoted the JCS as saying the KPA fired shells near Kaesong.",
            {("Yonhap", "OUTLET"), ("JCS", "ORG"), ("KPA", "ORG"), ("Kaesong", "GPE")},
        ),
        (
            "The SBU and the GUR said the drones hit an airfield near Bryansk.",
            {("SBU", "ORG"), ("GUR", "ORG"), ("Bryansk", "GPE")},
        ),
        (
            "A Kinzhal and two Iskanders were shot down over Lviv, Reuters reported.",
            {("Kinzhal", "WEAPON"), ("Iskanders", "WEAPON"), ("Lviv", "GPE"), ("Reuters", "OUTLET")},
        ),
        (
            "Bloomberg and the Financial Times both cited the Pentagon.",
            {("Bloomberg", "OUTLET"), ("Financial Times", "OUTLET"), ("Pentagon", "ORG")},
        ),
        (
            "Soldiers of the Korean People’s Army trained near Vladivostok.",
            {("Korean People’s Army", "ORG"), ("Vladivostok", "GPE")},
        ),
        (
            "Russia fired an Oreshnik at Dnipro, according to TASS.",
            {("Oreshnik", "WEAPON"), ("Dnipro", "GPE"), ("TASS", "OUTLET")},
        ),
    ],
)
def test_gazetteer_labels_domain_names(gaz, text, expected):
    assert expected <= ents(gaz, text)


def test_the_ruler_relabels_what_the_small_model_gets_wrong(plain, gaz):
    """The small model calls these names PERSON/ORG/PRODUCT; the ruler, after ner, overwrites."""
    text = "Missiles hit Kyiv and Kharkiv, while Kursk braced for an Oreshnik strike, Bloomberg said."
    before = {e.text: e.label_ for e in plain(text).ents}
    after = {r["text"]: r["label"] for r in extract_entities(gaz(text))}
    expected = {"Kyiv": "GPE", "Kharkiv": "GPE", "Kursk": "GPE", "Oreshnik": "WEAPON", "Bloomberg": "OUTLET"}
    assert {name: after.get(name) for name in expected} == expected
    wrong = [name for name, label in expected.items() if before.get(name) not in (None, label)]
    assert wrong, "expected the plain model to mislabel at least one of these names"


def test_ruler_sits_after_ner_and_overwrites(gaz):
    names = gaz.pipe_names
    assert names.index("ner") < names.index(RULER_NAME)
    ruler = gaz.get_pipe(RULER_NAME)
    assert ruler.overwrite and ruler.phrase_matcher_attr == "LOWER"


def test_add_gazetteer_twice_is_harmless(gaz):
    assert add_gazetteer(gaz).pipe_names.count(RULER_NAME) == 1


@pytest.mark.parametrize(
    "text",
    [
        "The New England Patriots won the game.",
        "Bradley Wiggins won the race in London.",
        "She threw the javelin further than anyone.",
        "Let us know what un-named sources say.",
        "The shelf is two ft long.",
    ],
)
def test_ordinary_words_are_not_gazetteer_hits(gaz, text):
    labels = {label for _, label in ents(gaz, text)}
    assert "WEAPON" not in labels and "OUTLET" not in labels
    assert ("us", "GPE") not in ents(gaz, text)


def test_the_domain_name_matches_whatever_the_case(gaz):
    assert ("KHARKIV", "GPE") in ents(gaz, "Tags: WAR, KHARKIV, DRONES")


def test_a_longer_named_place_keeps_the_model_span(gaz):
    text = "The plane landed at Pyongyang Sunan International Airport on Friday."
    found = ents(gaz, text)
    assert ("Pyongyang Sunan International Airport", "FAC") in found
    assert ("Pyongyang", "GPE") not in found


def test_users_extend_the_gazetteer_without_code(tmp_path):
    extra = tmp_path / "extra.jsonl"
    lines = [
        "# my additions",
        json.dumps({"label": "WEAPON", "pattern": "Zorya-9", "id": "Zorya-9"}),
        "",
        json.dumps({"label": "ORG", "pattern": "Brigade's Command", "id": "Brigade Command"}),
    ]
    extra.write_text("\n".join(lines), encoding="utf-8")
    nlp = add_gazetteer(spacy.load(DEFAULT_MODEL), path=extra)
    assert ("Zorya-9", "WEAPON") in ents(nlp, "The Zorya-9 was launched.")
    assert ("Brigade’s Command", "ORG") in ents(nlp, "The Brigade’s Command said so.")  # typographic apostrophe twin


def test_a_broken_gazetteer_line_is_reported_with_its_number(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "GPE", "pattern": "Kyiv"}\n{"label": "GPE", \n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_gazetteer(bad)


def test_packaged_gazetteer_is_well_formed():
    patterns = read_gazetteer()
    assert len(patterns) >= 100
    assert all(p["label"] and p.get("id") for p in patterns)
    labels = {p["label"] for p in patterns}
    assert {"WEAPON", "ORG", "OUTLET", "GPE", "LOC", "PERSON"} <= labels


# --------------------------------------------------------------------------- extract_entities


def test_offsets_are_exact_and_spans_trimmed(gaz):
    text = "On Monday the Pentagon said Putin's forces fired 30 missiles at the United States' allies."
    rows = extract_entities(gaz(text))
    assert rows, "expected some entities"
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
        assert set(r) == {"start", "end", "text", "label", "sentence"}
        assert r["sentence"] == text
    found = {(r["text"], r["label"]) for r in rows}
    assert ("Pentagon", "ORG") in found
    assert ("Putin", "PERSON") in found
    assert ("United States", "GPE") in found
    putin = next(r for r in rows if r["text"] == "Putin")
    assert (putin["start"], putin["end"]) == (text.index("Putin"), text.index("Putin") + 5)


def test_typographic_possessive_is_trimmed(gaz):
    text = "Kim Jong Un’s troops moved."
    rows = extract_entities(gaz(text))
    assert [(r["text"], r["start"], r["end"]) for r in rows if r["label"] == "PERSON"] == [("Kim Jong Un", 0, 11)]


def test_numeric_labels_are_left_to_other_extractors(gaz):
    rows = extract_entities(gaz("On 4 November 2024, 3,000 soldiers and 20% of the reserves left at 7am."))
    assert not {r["label"] for r in rows} & NUMERIC


def test_a_span_never_crosses_a_line_break(gaz):
    text = "Residents sheltered near Kharkiv Regional Hospital\nUkrainian officials said."
    for r in extract_entities(gaz(text)):
        assert "\n" not in r["text"]


def test_sentence_is_the_sentence_of_the_mention(gaz):
    text = "Talks were held in Astana. Later Sergei Lavrov flew to Pyongyang."
    rows = {r["text"]: r["sentence"] for r in extract_entities(gaz(text))}
    assert rows["Astana"] == "Talks were held in Astana."
    assert rows["Pyongyang"] == "Later Sergei Lavrov flew to Pyongyang."


def test_lone_title_words_are_junk(gaz):
    rows = extract_entities(gaz("Russian Defence Minister Andrei Belousov arrived."))
    texts = {r["text"] for r in rows}
    assert "Defence" not in texts
    assert "Andrei Belousov" in texts


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Ukraine's Defence Minister Taras Hrytsenko reported heavy fighting.", "Taras Hrytsenko"),
        ("'The video shows it,' Ostap Verbytsky, the head of the regional council, said.", "Ostap Verbytsky"),
        ("Spokesperson Yaryna Bondar said the strike hit a school.", "Yaryna Bondar"),
    ],
)
def test_people_in_person_shaped_sentences_are_found(gaz, text, person):
    assert (person, "PERSON") in ents(gaz, text)


def test_a_surname_the_model_calls_org_is_the_person_named_in_full(gaz):
    text = "Major Charlie Dietz spoke first. Later, Dietz said the Pentagon was not concerned."
    labels = [(r["text"], r["label"]) for r in extract_entities(gaz(text))]
    assert ("Dietz", "PERSON") in labels
    assert ("Dietz", "ORG") not in labels


# --------------------------------------------------------------------------- the seeds


SEED_PEOPLE = {
    "Andrei Belousov", "Vladimir Putin", "Joe Biden", "Donald Trump", "Volodymyr Zelensky", "Rosemary DiCarlo",
    "Andrey Rudenko", "Sergei Lavrov", "Kim Jong Un", "Shin Won-sik", "Ihor Solovey", "Charlie Dietz",
    "Rustem Umerov", "Gideon Rachman",
}  # fmt: skip
SIDEBAR_PEOPLE = {
    "María Corina Machado",
    "Machado",
    "Eyal Zamir",
    "Valentino Garavani",
    "Ahmed al-Sharaa",
    "Erfan Soltani",
}


@pytest.fixture(scope="module")
def seed_entities(gaz, seed_read):
    """The seed bodies from the read stage (sidebars, tag lists and bylines removed) through the gazetteer."""
    import pandas as pd

    articles = seed_read.articles
    rows = []
    for aid, body in zip(articles["article_id"], articles["body"], strict=True):
        for r in extract_entities(gaz(body)):
            assert body[r["start"] : r["end"]] == r["text"]
            rows.append({"article_id": aid, **r})
    frame = pd.DataFrame(rows)[["article_id", "start", "end", "text", "label", "sentence"]]
    return canonical.canonicalise(frame)[0]


def test_seed_people_are_found_under_their_canonical_names(seed_entities):
    people = set(seed_entities.loc[seed_entities["label"] == "PERSON", "canonical"])
    assert people >= SEED_PEOPLE


def test_seed_sidebar_people_are_not_mentioned(seed_entities):
    mentioned = set(seed_entities["canonical"]) | set(seed_entities["text"])
    assert not SIDEBAR_PEOPLE & mentioned


def test_seed_weapons_places_and_outlets(seed_entities):
    by_label = {label: set(group) for label, group in seed_entities.groupby("label")["canonical"]}
    assert {"Oreshnik", "ATACMS", "KN-23"} <= by_label["WEAPON"]
    assert {"Kursk", "Kyiv"} <= by_label["GPE"]
    assert {"KCNA", "Bloomberg", "Reuters"} <= by_label["OUTLET"]
    # the small model's PRODUCT/PERSON/ORG guesses for these names are gone
    wrong = seed_entities[seed_entities["text"].isin(["Kursk", "Kyiv", "Oreshnik", "Bloomberg"])]
    assert set(wrong["label"]) <= {"GPE", "WEAPON", "OUTLET"}


def test_seed_short_mentions_resolve_to_full_names(seed_entities):
    short = seed_entities[seed_entities["text"].isin(["Belousov", "Putin", "Biden", "Trump", "Dietz"])]
    assert set(zip(short["text"], short["canonical"], strict=True)) == {
        ("Belousov", "Andrei Belousov"),
        ("Putin", "Vladimir Putin"),
        ("Biden", "Joe Biden"),
        ("Trump", "Donald Trump"),
        ("Dietz", "Charlie Dietz"),
    }


def test_lower_token_patterns_become_phrases_with_the_same_matches():
    import spacy

    from newslab.annotate.entities import as_phrases

    nlp = spacy.blank("en")
    entry = {
        "label": "WEAPON",
        "id": "Glide bomb",
        "pattern": [{"LOWER": {"IN": ["glide", "gliding"]}}, {"LOWER": "bomb"}],
    }
    assert [p["pattern"] for p in as_phrases(entry, nlp)] == ["glide bomb", "gliding bomb"]
    cased = {"label": "WEAPON", "pattern": [{"TEXT": "Patriot"}]}
    split = {"label": "WEAPON", "pattern": [{"LOWER": "anti-tank"}]}  # not one token: the rewrite would change matches
    optional = {"label": "ORG", "pattern": [{"LOWER": "the", "OP": "?"}, {"LOWER": "pentagon"}]}
    assert [as_phrases(e, nlp) for e in (cased, split, optional)] == [[cased], [split], [optional]]

    text = "A GLIDE BOMB hit the depot; a gliding bomb missed. Patriot fans cheered, a patriot wept."
    found = []
    for patterns in ([entry, cased], [p for e in (entry, cased) for p in as_phrases(e, nlp)]):
        blank = spacy.blank("en")
        blank.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"}).add_patterns(patterns)
        found.append([(e.text, e.label_) for e in blank(text).ents])
    assert found[0] == found[1] == [("GLIDE BOMB", "WEAPON"), ("gliding bomb", "WEAPON"), ("Patriot", "WEAPON")]
