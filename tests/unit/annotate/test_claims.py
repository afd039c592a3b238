"""Numeric claims: qualifiers, number forms, categories, sources, hedges, scopes and exclusions.

Rule tests use sentences written for these tests (other topics than the seeds); the seed tests
check the troop figures a reader of the five seed articles would expect.
"""

from __future__ import annotations

import math

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslab.annotate.claims import CLAIM_KEYS, QUALIFIERS, STATUSES, extract_claims, load_lexicon
from newslab.config import DEFAULT_MODEL


@pytest.fixture(scope="module")
def nlp():
    """The plain model: the extractor only needs a parsed Doc (loaded once for this module)."""
    return spacy.load(DEFAULT_MODEL)


def claims_of(nlp, text: str) -> list[dict]:
    doc = nlp(text)
    rows = extract_claims(doc)
    for row in rows:  # the contract every row must keep
        assert tuple(row) == CLAIM_KEYS
        assert 0 <= row["start"] < row["end"] <= len(doc.text)
        assert row["qualifier"] in QUALIFIERS
    return rows


def only_claim(nlp, text: str) -> dict:
    rows = claims_of(nlp, text)
    assert len(rows) == 1, [(r["noun"], text[r["start"] : r["end"]]) for r in rows]
    return rows[0]


def span(text: str, row: dict) -> str:
    return text[row["start"] : row["end"]]


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


NAN = float("nan")


# --------------------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(
    ("text", "expression", "qualifier", "value", "low", "high"),
    [
        ("Officials said at least 250 migrants were rescued.", "at least 250", "lower_bound", 250, 250, NAN),
        ("More than 1,200 patients were treated.", "More than 1,200", "lower_bound", 1200, 1200, NAN),
        ("The league sold 50,000+ tickets.", "50,000+", "lower_bound", 50000, 50000, NAN),
        (
            "The ministry estimated that up to 40 drones were launched overnight.",
            "up to 40",
            "upper_bound",
            40,
            NAN,
            40,
        ),
        ("Fewer than 30 pupils attended the school.", "Fewer than 30", "upper_bound", 30, NAN, 30),
        ("As many as 90 climbers were stranded.", "As many as 90", "upper_bound", 90, NAN, 90),
        ("Roughly 600 volunteers joined the clean-up on the beach.", "Roughly 600", "approximate", 600, 600, 600),
        ("Nearly 90 climbers were stranded.", "Nearly 90", "approximate", 90, 90, 90),
        ("An estimated 5,000 fans travelled.", "An estimated 5,000", "approximate", 5000, 5000, 5000),
        ("The charity delivered an additional 1,200 tents.", "an additional 1,200", "additional", 1200, 1200, 1200),
        ("Another 70 workers were laid off.", "Another 70", "additional", 70, 70, 70),
        ("Inspectors found 12 more vehicles at the depot.", "12 more", "additional", 12, 12, 12),
        ("Between 300 and 400 ships waited outside the port.", "Between 300 and 400", "range", 400, 300, 400),
        ("The storm sank 20-25 fishing boats.", "20-25", "range", 25, 20, 25),
        ("Some 2-3 million people fled the region.", "2-3 million", "range", 3_000_000, 2_000_000, 3_000_000),
        ("Police arrested two or three suspects.", "two or three", "range", 3, 2, 3),
        ("Thousands of fans sang in the square.", "Thousands", "lower_bound", 1000, 1000, NAN),
        ("The ferry carried 212 passengers.", "212", "exact", 212, 212, 212),
    ],
)
def test_qualifier_and_interval(nlp, text, expression, qualifier, value, low, high) -> None:
    row = only_claim(nlp, text)
    assert span(text, row) == expression
    assert row["qualifier"] == qualifier
    assert row["value"] == value and same(row["low"], low) and same(row["high"], high)


def test_more_than_is_not_an_increment(nlp) -> None:
    row = only_claim(nlp, "The museum welcomed more than 3,000 visitors.")
    assert row["qualifier"] == "lower_bound"


# --------------------------------------------------------------------------- number forms


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Half a million visitors came to the fair.", "Half a million", 500_000),
        ("Twenty-five nurses were on duty.", "Twenty-five", 25),
        ("The race had 15 000 runners.", "15 000", 15_000),
        ("The army lost a dozen tanks.", "a dozen", 12),
        ("The app gained 10k users.", "10k", 10_000),
        ("Airlines carried 4.8 million passengers.", "4.8 million", 4_800_000),
        ("Tens of thousands of fans sang.", "Tens of thousands", 10_000),
        ("The fund raised $3.5m for the hospital.", "$3.5m", 3_500_000),
        ("Exports reached £1.2bn.", "£1.2bn", 1_200_000_000),
        ("One hundred and fifty pilgrims arrived.", "One hundred and fifty", 150),
    ],
)
def test_number_forms(nlp, text, expression, value) -> None:
    row = only_claim(nlp, text)
    assert span(text, row) == expression and row["value"] == value


@pytest.mark.parametrize(
    "text",
    [
        "The bridge is 640 kilometres long.",
        "The rocket weighs 3,400 kilograms.",
        "The gun fires 155 mm rounds.",
        "Prices rose 15% last month.",
        "Turnout fell by 12 per cent.",
        "He died at 93.",
        "A 45-year-old man was arrested.",
        "She was born in 1990.",
        "The 2024 election was close.",
        "The Boeing 737 jets landed.",
        "The factory builds Su-34 jets and KN-23 missiles.",
        "He finished first in the race.",
        "The meeting starts at 7pm.",
        "Call 0800 123 456 for details.",
        "The talks lasted three days.",
        "The two leaders met in Geneva.",
        "Wales won the Six Nations title.",
        "It was one of the best days.",
        "Nearly 1 in 5 adults smoke.",
        "The price rose to 57.",
    ],
)
def test_measures_dates_names_and_non_counts_are_skipped(nlp, text) -> None:
    assert claims_of(nlp, text) == []


# --------------------------------------------------------------------------- what is counted


@pytest.mark.parametrize(
    ("text", "what", "noun"),
    [
        ("The battalion sent 600 soldiers to the border.", "troops", "soldiers"),
        ("Gunners fired 200 artillery shells.", "munitions", "artillery shells"),
        ("Customs seized 40 containers of ammunition.", "munitions", "containers"),
        ("The navy launched 35 cruise missiles.", "missiles", "cruise missiles"),
        ("Air defences shot down 18 drones.", "drones", "drones"),
        ("Four fighter jets escorted the plane.", "aircraft", "fighter jets"),
        ("The brigade destroyed 12 tanks.", "vehicles", "tanks"),
        ("The blast killed 14 people.", "casualties", "people"),
        ("The floods left 20,000 homes without power.", "power_outage", "homes"),
        ("Storms left 300,000 people without electricity.", "power_outage", "people"),
        ("The clinic has 200 patients.", "people", "patients"),
        ("The clashes left at least 80 dead and wounded.", "casualties", "dead and wounded"),
        ("The attack killed 30, officials said.", "casualties", ""),
        ("The fund raised $3.5m for the hospital.", "money", "$"),
        ("The club bought 300 footballs.", "football", "footballs"),
        ("They shot two of our own.", "people", "our own"),
        ("The death toll rose to 57.", "casualties", "death toll"),
        ("The number of refugees reached 6 million.", "people", "refugees"),
    ],
)
def test_category_and_noun(nlp, text, what, noun) -> None:
    row = only_claim(nlp, text)
    assert (row["what"], row["noun"]) == (what, noun)


def test_killer_troops_are_not_casualties(nlp) -> None:
    rows = claims_of(nlp, "Twenty gunmen killed three villagers.")
    by_noun = {r["noun"]: r["what"] for r in rows}
    assert by_noun == {"gunmen": "troops", "villagers": "casualties"}


def test_lexicon_is_data_users_can_extend() -> None:
    lex = load_lexicon()
    assert lex.noun_category["soldier"] == "troops" and "kilometre" in lex.measure_units


# --------------------------------------------------------------------------- sources


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Officials said at least 250 migrants were rescued.", "Officials"),
        ("The coastguard told reporters that 60 swimmers were rescued.", "The coastguard"),
        ("Nearly 90 climbers were stranded, the park service said.", "the park service"),
        ("According to the regional health board, 1,500 nurses went on strike.", "the regional health board"),
        ("At least 20 people died in the fire, according to local officials.", "local officials"),
        ("The Red Cross has alleged that 400 prisoners were moved.", "The Red Cross"),
        ("The alarm was raised by aid agencies who reported that 900 families had fled.", "aid agencies"),
        ("The city's fire chief, who led the operation, said 40 residents were evacuated.", "The city's fire chief"),
        ("Claims from rival unions that 5,000 members had quit were denied.", "rival unions"),
        ("A report by the agency found that 2,000 farms had flooded.", "A report by the agency"),
        ("The ferry carried 212 passengers.", ""),
    ],
)
def test_source(nlp, text, source) -> None:
    assert only_claim(nlp, text)["source_text"] == source


def test_a_count_inside_the_speaker_is_not_attributed_to_itself(nlp) -> None:
    row = only_claim(nlp, "Three officials said the plan was sound.")
    assert row["noun"] == "officials" and row["source"] == ""


def test_adverbial_clause_is_not_the_speakers_claim(nlp) -> None:
    text = "The minister warned of new strikes, hours after shelling left 5,000 homes without power."
    assert only_claim(nlp, text)["source"] == ""


# --------------------------------------------------------------------------- hedges


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("The rebels may hold 40 hostages.", True),
        ("The mayor reportedly hired 30 consultants.", True),
        ("The rebels are believed to hold 40 hostages.", True),
        ("Analysts expect 700 stores to close.", True),
        ("An estimated 5,000 fans travelled.", True),
        ("Police said 300 suspected smugglers were held.", True),
        ("The company has alleged that 12 engineers were poached.", True),
        ("The ferry carried 212 passengers.", False),
        ("Officials said 40 people died, and the toll could rise.", False),
        ("The alleged smugglers moved 400 migrants.", False),
        ("Police arrested three suspects.", False),
    ],
)
def test_hedged(nlp, text, hedged) -> None:
    rows = claims_of(nlp, text)
    assert rows and rows[-1]["hedged"] is hedged


# --------------------------------------------------------------------------- scope


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("The ferry has carried 3,000 passengers since March.", "since March"),
        ("Hospitals have treated more than 1,200 patients so far, the ministry said.", "so far"),
        ("No more than 500 fans are allowed in the stadium at any one time.", "at any one time"),
        ("The clinic treats 200 patients per day.", "per day"),
        ("The factory makes 400 cars a week.", "a week"),
        ("Firefighters rescued 80 residents over the past week.", "over the past week"),
        ("Since the strike began, 2,000 workers have left.", "Since the strike began"),
        ("Police arrested 25 protesters in the capital.", ""),
        ("The minister said in May that 60 schools would close.", ""),
    ],
)
def test_scope(nlp, text, scope) -> None:
    assert only_claim(nlp, text)["scope"] == scope


# --------------------------------------------------------------------------- offsets


def test_offsets_point_into_the_text_with_odd_spacing_and_several_claims(nlp) -> None:
    text = (
        "Intro line\n\nRescuers  saved about\u00a0120 people;  another 40 sailors were missing."
        "\n\n3,000 more troops came."
    )
    doc = nlp(text)
    rows = extract_claims(doc)
    assert [doc.text[r["start"] : r["end"]] for r in rows] == ["about\u00a0120", "another 40", "3,000 more"]
    assert all(r["sentence"] in doc.text for r in rows)


_VOCAB = ["at least", "up to", "about", "some", "between", "and", "or", "-", "10,000", "4.8 million", "thousands of",
          "ten", "a dozen", "troops", "people", "drones", "said", "officials", "according to", "the", "$", "5m", "%",
          "since", "may", "per day", "km", "more", "another", "KN-23", "2023", ",", ".", "\n", "(", ")",
          "+", "HK$5.4m", "USD10m", "RM", "Rs45", "from", "to", "pence", "if", "not", "denied", "per", "share",
          "will", "while", "were", "into", "nine", "out of", "in", "Department of Health", "jobs", "a day"]  # fmt: skip


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=25), st.text(max_size=20))
def test_offsets_always_valid_on_arbitrary_sentences(nlp, words: list[str], noise: str) -> None:
    text = " ".join(words) + " " + noise
    doc = nlp(text)
    for row in extract_claims(doc):
        assert tuple(row) == CLAIM_KEYS
        assert 0 <= row["start"] < row["end"] <= len(text)
        expression = text[row["start"] : row["end"]]
        assert expression == expression.strip() and any(ch.isdigit() or ch.isalpha() for ch in expression)
        assert row["low"] <= row["high"] or math.isnan(row["low"]) or math.isnan(row["high"])
        assert row["status"] in STATUSES
        assert all(isinstance(row[k], str) for k in ("what", "subject", "place", "per", "currency"))


# --------------------------------------------------------------------------- seeds


SEED_000 = (
    "Russian Defence Minister Andrei Belousov has praised the \u201cgrowing\u201d relations with North Korea, "
    "following "
    "accusations from western nations that the country has dispatched over 10,000 soldiers to assist Russia in its "
    "conflict against Ukraine.\n\n"
    "The United States has alleged that North Korea has sent thousands of troops to the Kursk region of Russia, "
    "where Russian forces are engaged in efforts to drive out Ukrainian soldiers.\n\n"
    "Russia\u2019s assault on Ukraine\u2019s energy grid left one million people without power.\n\n"
    "According to Ukraine, Russia launched over 90 missiles and around 100 drones in a recent attack, prompting "
    "Ukrainian President Volodymyr Zelensky to call on allies to respond decisively."
)
SEED_001 = (
    "According to the South Korean General Staff Command, North Korea has sent an additional 3,000 soldiers to "
    "Russia, solidifying its support for Moscow in the war against Ukraine. Since the conflict began, Pyongyang has "
    "already contributed about 11,000 troops, suffering losses of at least 4,000 dead and wounded.\n\n"
    "However, despite these pauses, fighting continues, as evidenced by the Russian drone strike on Kharkiv, which "
    "wounded nine people."
)
SEED_002 = (
    "According to South Korea\u2019s military, North Korea may have deployed approximately 11,000 soldiers to the "
    "Russia-Ukraine conflict since October of the previous year. The South\u2019s Joint Chiefs of Staff (JCS) "
    "reported that around 4,000 casualties have been recorded among the deployed soldiers."
)
SEED_003 = (
    "South Korea's Defense Minister Shin Won-sik revealed that since September 2023, after the Kim Jong Un-Putin "
    "meeting in Vladivostok, Seoul detected at least 10,000 containers sent from North Korea to Russia. They "
    "contained up to 4.8 million artillery shells similar to those Russia uses during attacks on Ukraine.\n"
    "Initially, Kim Jong Un's regime supported the Russians primarily with 122 mm and 152 mm calibre artillery "
    "shells.\nSince October 2023, the Russian army has been using North Korean KN-23 ballistic missiles. Their range "
    "is estimated to be about 640 kilometres. The weight of each missile is about 3,400 kilograms."
)
SEED_004 = (
    "North Korea may send as many as 100,000 troops to support Russia\u2019s invasion of Ukraine if Vladimir Putin "
    "and Kim Jong Un strengthen ties between their nations.\n"
    "Last month, Ukraine\u2019s ambassador to South Korea said that his nation\u2019s government were expecting as "
    "many as 15,000 North Korean troops to be on the ground in Russia\u2019s Kursk region at any given time, before "
    "being rotated out every few months.\n"
    "The alarm was first raised by Ukrainian and South Korean intelligence services who reported that a contingent "
    "of up to 11,000 North Korean soldiers had arrived in Russia and had undergone training.\n"
    "In one clip, a haggard-looking prisoner of war says his unit was in a forest with ten North Korean soldiers "
    "after having been sent to dig out trenches when they were caught in a crossfire."
)

# expression -> (value, qualifier, what, source, hedged, scope); None = not checked
SEED_EXPECTED = {
    "000": {
        "over 10,000": (10_000, "lower_bound", "troops", "western nations", False, ""),
        "thousands": (1_000, "lower_bound", "troops", "The United States", True, ""),
        "one million": (1_000_000, "exact", "power_outage", "", False, ""),
        "over 90": (90, "lower_bound", "missiles", "Ukraine", False, ""),
        "around 100": (100, "approximate", "drones", "Ukraine", False, ""),
    },
    "001": {
        "an additional 3,000": (3_000, "additional", "troops", "the South Korean General Staff Command", False, ""),
        # "According to X, ..." governs the next sentence of its paragraph too.
        "about 11,000": (11_000, "approximate", "troops", "the South Korean General Staff Command", False,
                         "Since the conflict began"),
        "at least 4,000": (4_000, "lower_bound", "casualties", "the South Korean General Staff Command", False, None),
        "nine": (9, "exact", "casualties", "", False, ""),
    },
    "002": {
        "approximately 11,000": (
            11_000, "approximate", "troops", "South Korea\u2019s military", True, "since October of the previous year"
        ),
        "around 4,000": (4_000, "approximate", "casualties", "The South\u2019s Joint Chiefs of Staff (JCS)", False, ""),
    },
    "003": {
        "at least 10,000": (
            10_000, "lower_bound", "munitions", "South Korea's Defense Minister Shin Won-sik", False,
            "since September 2023",
        ),
        # "They contained ..." goes on about what the minister revealed: his source carries over.
        "up to 4.8 million": (
            4_800_000, "upper_bound", "munitions", "South Korea's Defense Minister Shin Won-sik", False, ""
        ),
    },
    "004": {
        "as many as 100,000": (100_000, "upper_bound", "troops", "", True, ""),
        "as many as 15,000": (
            15_000, "upper_bound", "troops", "Ukraine\u2019s ambassador to South Korea", True, "at any given time"
        ),
        "up to 11,000": (
            11_000, "upper_bound", "troops", "Ukrainian and South Korean intelligence services", False, ""
        ),
        "ten": (10, "exact", "troops", None, False, ""),
    },
}  # fmt: skip

SEED_TEXTS = {"000": SEED_000, "001": SEED_001, "002": SEED_002, "003": SEED_003, "004": SEED_004}


@pytest.mark.parametrize("seed", sorted(SEED_TEXTS))
def test_seed_figures(nlp, seed: str) -> None:
    text = SEED_TEXTS[seed]
    rows = {span(text, r): r for r in claims_of(nlp, text)}
    assert set(rows) == set(SEED_EXPECTED[seed]), "measures (mm, km, kg), years and KN-23 must not appear"
    for expression, (value, qualifier, what, source, hedged, scope) in SEED_EXPECTED[seed].items():
        row = rows[expression]
        got = (row["value"], row["qualifier"], row["what"], row["source_text"], row["hedged"], row["scope"])
        want = (value, qualifier, what, row["source_text"] if source is None else source, hedged,
                row["scope"] if scope is None else scope)  # fmt: skip
        assert got == want, expression


def test_seed_nouns_as_written(nlp) -> None:
    rows = {span(SEED_003, r): r["noun"] for r in claims_of(nlp, SEED_003)}
    assert rows == {"at least 10,000": "containers", "up to 4.8 million": "artillery shells"}
    rows = {span(SEED_001, r): r["noun"] for r in claims_of(nlp, SEED_001)}
    assert rows["at least 4,000"] == "dead and wounded" and rows["an additional 3,000"] == "soldiers"
