"""Claims: open-vocabulary measures, elliptical figures, currencies, ranges, non-figures and the
subject / place / status / per / currency columns. Every sentence is written for these tests."""

from __future__ import annotations

import math

import pytest
import spacy

from newslab.annotate.claims import CLAIM_KEYS, STATUSES, extract_claims
from newslab.config import DEFAULT_MODEL


@pytest.fixture(scope="module")
def plain_nlp():
    """The plain model (no gazetteer): the rules must hold on spaCy's own parse."""
    return spacy.load(DEFAULT_MODEL)


def rows_of(nlp, text: str) -> list[dict]:
    rows = extract_claims(nlp(text))
    for row in rows:
        assert tuple(row) == CLAIM_KEYS and row["status"] in STATUSES
    return rows


def by_span(nlp, text: str) -> dict[str, dict]:
    return {text[r["start"] : r["end"]]: r for r in rows_of(nlp, text)}


# --------------------------------------------------------------------------- open vocabulary


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("The council will axe 450 libraries.", "library"),
        ("Ministers approved 80 agencies.", "agency"),
        ("The bank shut 120 branches last year.", "branch"),
        ("The firm employs 900 staff.", "people"),  # a lexicon noun keeps its category
    ],
)
def test_unknown_counted_nouns_give_their_own_lemma(plain_nlp, text, what) -> None:
    (row,) = rows_of(plain_nlp, text)
    assert row["what"] == what


def test_figure_inside_a_name_compound_counts_the_noun_after_the_name(plain_nlp) -> None:
    (row,) = rows_of(plain_nlp, "The reform will remove 250 Ministry of Defence posts.")
    assert (row["value"], row["what"]) == (250, "post")
    assert "Ministry of Defence" in row["subject"] and row["subject"].endswith("posts")


# --------------------------------------------------------------------------- elliptical figures


@pytest.mark.parametrize(
    ("text", "value", "what"),
    [
        ("About 9,000 homes were flooded while 2,300 were left without water.", 2300, "buildings"),
        ("The regulator will fold 28 quangos into six.", 6, "quango"),
        ("The bank will shed 4,000 branches. Another 1,500 are to close next year.", 1500, "branch"),
        ("The mill cut 700 shifts. A further 300 will be lost in May.", 300, "shift"),
    ],
)
def test_elliptical_figure_takes_the_noun_it_continues(plain_nlp, text, value, what) -> None:
    rows = {r["value"]: r for r in rows_of(plain_nlp, text)}
    assert value in rows and rows[value]["what"] == what


@pytest.mark.parametrize(
    "text",
    [
        "He retired at 65.",  # an age in a prepositional phrase
        "Only 40 turned up.",  # no earlier figure to continue
        "The museum shows 300 paintings. It opened in 1990.",  # a year
    ],
)
def test_bare_numbers_without_an_antecedent_are_not_figures(plain_nlp, text) -> None:
    assert all(r["what"] in {"painting"} for r in rows_of(plain_nlp, text))
    assert not any(r["value"] in {65, 40, 1990} for r in rows_of(plain_nlp, text))


# --------------------------------------------------------------------------- ranges and non-figures


def test_from_x_to_y_is_a_range_unless_a_verb_of_change_governs_it(plain_nlp) -> None:
    text = "Repair costs range from $20 to $30 million."
    ((expression, row),) = by_span(plain_nlp, text).items()
    assert expression == "from $20 to $30 million"
    assert (row["qualifier"], row["low"], row["high"]) == ("range", 20e6, 30e6)
    changed = rows_of(plain_nlp, "Fares rose from $20 to $30 last week.")
    assert all(r["qualifier"] != "range" for r in changed)
    moved = rows_of(plain_nlp, "The share price ended down $2.10 to $55.40.")
    assert sorted(r["value"] for r in moved) == [2.1, 55.4]


@pytest.mark.parametrize(
    "text",
    [
        "Two out of five Britons cycle.",
        "One in four pupils walks to school.",
        "The airline ordered 737 Max planes.",
        "The airline bought 30 A320 jets.",
        "Call 0161 496 0000 for tickets.",
        "Chelsea won 3-1 at home.",
        "Ten people per thousand own a boat.",
    ],
)
def test_ratios_models_phone_numbers_scores_are_not_figures(plain_nlp, text) -> None:
    values = [r["value"] for r in rows_of(plain_nlp, text)]
    assert not set(values) & {2, 5, 1, 4, 737, 320, 161, 496, 3, 10}, values


# --------------------------------------------------------------------------- currencies


@pytest.mark.parametrize(
    ("text", "expression", "value", "currency"),
    [
        ("The insurer paid HK$7.2m in claims.", "HK$7.2m", 7_200_000, "HKD"),
        ("The fund raised USD25m.", "USD25m", 25_000_000, "USD"),
        ("The club agreed a EUR40m fee.", "EUR40m", 40_000_000, "EUR"),
        ("The state spent S$300m on roads.", "S$300m", 300_000_000, "SGD"),
        ("The miner earned A$1.5bn.", "A$1.5bn", 1_500_000_000, "AUD"),
        ("Growers received RM2.40 a kilo.", "RM2.40", 2.4, "MYR"),
        ("Tickets cost Rs500 each.", "Rs500", 500, "INR"),
        ("The airline lost 80m euros.", "80m", 80_000_000, "EUR"),
    ],
)
def test_currencies_in_common_written_forms(plain_nlp, text, expression, value, currency) -> None:
    row = by_span(plain_nlp, text)[expression]
    assert (row["what"], row["value"], row["currency"]) == ("money", value, currency)


def test_minor_units_are_converted_to_major_units(plain_nlp) -> None:
    rows = rows_of(plain_nlp, "A loaf now costs 95 pence, up from 80 pence.")
    assert {(r["value"], r["currency"]) for r in rows} == {(0.95, "GBP"), (0.8, "GBP")}


def test_a_bracketed_conversion_shares_the_qualifier(plain_nlp) -> None:
    rows = rows_of(plain_nlp, "Players earning more than $90,000 (£70,000) will pay the levy.")
    assert [r["qualifier"] for r in rows] == ["lower_bound", "lower_bound"]
    assert all(math.isnan(r["high"]) for r in rows)


# --------------------------------------------------------------------------- subject and place


def test_subject_from_named_modifier_and_owner(plain_nlp) -> None:
    (row,) = rows_of(plain_nlp, "About 5,000 Canadian engineers joined the project.")
    assert row["subject"] == "Canadian engineers"
    (row,) = rows_of(plain_nlp, "Toyota's 2,000 workers in Mexico walked out.")
    assert row["subject"] == "Toyota workers" and row["place"] == "Mexico"


def test_subject_from_the_agent_of_the_clause(plain_nlp) -> None:
    (row,) = rows_of(plain_nlp, "Canada has deployed 600 soldiers to Latvia.")
    assert row["subject"] == "Canada soldiers" and row["place"] == "Latvia"


def test_no_place_when_the_clause_names_none(plain_nlp) -> None:
    (row,) = rows_of(plain_nlp, "The charity trained 300 volunteers.")
    assert row["place"] == ""


# --------------------------------------------------------------------------- status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The army sent 400 medics.", "reported"),
        ("The army will send 400 medics.", "projected"),
        ("The army plans to send 400 medics.", "projected"),
        ("The army could send 400 medics.", "projected"),
        ("The army may have sent 400 medics.", "estimated"),
        ("Analysts estimate that the army sent 400 medics.", "estimated"),
        ("The army did not send 400 medics.", "denied"),
        ("The ministry denied that the army sent 400 medics.", "denied"),
        ("If 400 medics arrive, the clinic will reopen.", "hypothetical"),
        ("The clinic would reopen if the army sent 400 medics.", "hypothetical"),
    ],
)
def test_status(plain_nlp, text, status) -> None:
    (row,) = rows_of(plain_nlp, text)
    assert row["status"] == status


def test_no_more_than_is_a_qualifier_not_a_denial(plain_nlp) -> None:
    (row,) = rows_of(plain_nlp, "No more than 60 guests attended.")
    assert (row["qualifier"], row["status"]) == ("upper_bound", "reported")


# --------------------------------------------------------------------------- per


@pytest.mark.parametrize(
    ("text", "per"),
    [
        ("The utility pays 12 cents per share.", "per share"),
        ("The plant bottles 40,000 litres... and ships 9,000 crates a day.", "a day"),
        ("Contestants won £500 each.", "each"),
        ("The trust spends more than $3m annually.", "annually"),
        ("No more than 80 nurses work at any given time.", "at any given time"),
        ("The plant shipped 9,000 crates.", ""),
    ],
)
def test_per(plain_nlp, text, per) -> None:
    rows = rows_of(plain_nlp, text)
    assert rows and rows[-1]["per"] == per


def test_a_phrase_naming_two_places_gives_no_place(plain_nlp) -> None:
    (row,) = rows_of(plain_nlp, "The agency sent 200 observers to the Peru-Ecuador border talks.")
    assert row["place"] == ""


def test_place_of_a_coordinated_clause_is_not_the_figures(plain_nlp) -> None:
    rows = rows_of(plain_nlp, "She grew up in Lisbon and later donated 40 pianos to schools.")
    assert [r["place"] for r in rows] == [""]


def test_a_modal_in_the_enclosing_clause_does_not_project_a_relative_clause(plain_nlp) -> None:
    rows = rows_of(plain_nlp, "The fair, which drew 8,000 visitors last spring, will move to a new site.")
    assert [r["status"] for r in rows] == ["reported"]


def test_a_denominator_after_out_of_is_not_a_figure(plain_nlp) -> None:
    rows = rows_of(plain_nlp, "The poll found 52 doctors out of 300 backed the plan.")
    assert [r["value"] for r in rows] == [52]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Nestle's operating profits were $4.2bn last year.", "Nestle operating profits"),
        ("Unilever's sales rose 3% to $9.8bn.", "Unilever sales"),
        ("The £40m contract was signed on Friday.", "contract"),
        ("The bank will pay a bonus of $900 to each clerk.", "bonus"),
    ],
)
def test_money_subject_says_what_the_amount_is(plain_nlp, text, subject) -> None:
    rows = [r for r in rows_of(plain_nlp, text) if r["what"] == "money"]
    assert rows and rows[0]["subject"] == subject


def test_an_elliptical_figure_shares_the_subject_it_continues(plain_nlp) -> None:
    rows = rows_of(plain_nlp, "About 800 Danish nurses struck while 300 stayed at work.")
    assert [r["subject"] for r in rows] == ["Danish nurses", "Danish nurses"]


def test_gained_x_to_y_is_a_change_and_tens_of_metres_a_measure(plain_nlp) -> None:
    rows = rows_of(plain_nlp, "The index gained $3.10 to $98.20.")
    assert sorted(r["value"] for r in rows) == [3.1, 98.2]
    assert rows_of(plain_nlp, "The wall is several tens of metres high.") == []


def test_the_agent_owns_only_its_direct_object(plain_nlp) -> None:
    (row,) = rows_of(plain_nlp, "Leeds beat Hull in front of 15,000 fans.")
    assert row["subject"] == "fans"


@pytest.mark.parametrize(
    "text",
    ["The shop sold 40 Windows 95 licences.", "Aged 45, he joined 300 other runners.", "The pilots flew 12 F-16 jets."],
)
def test_versions_models_and_ages_inside_a_sentence_are_not_figures(plain_nlp, text) -> None:
    assert not {r["value"] for r in rows_of(plain_nlp, text)} & {95, 45, 16}


@pytest.mark.parametrize(
    "text",
    [
        "Four bidders did not meet the reserve price.",  # the figure is the negated verb's agent
        "The board rejected a £2bn offer from the rival.",  # rejecting an offer does not deny the amount
        "The drug proved no better than aspirin in a trial of 900 patients.",  # a negation elsewhere
    ],
)
def test_negations_that_do_not_deny_the_figure(plain_nlp, text) -> None:
    assert [r["status"] for r in rows_of(plain_nlp, text)] == ["reported"]


def test_a_title_case_scale_before_a_title_case_currency_is_a_name(plain_nlp) -> None:
    assert rows_of(plain_nlp, "She starred in Million Dollar Baby last year.") == []


def test_lower_case_words_that_spell_a_currency_code_are_not_currencies(plain_nlp) -> None:
    rows = rows_of(plain_nlp, "They will try 3 new approaches and rub 2 stones.")
    assert [(r["what"], r["currency"]) for r in rows] == [("approach", ""), ("stone", "")]
