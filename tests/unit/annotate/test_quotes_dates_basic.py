"""Quotes with speakers and dates resolved against the published date, on sentences written for the test."""

from __future__ import annotations

import pytest


def test_quote_after_speaker_and_pronoun_follow_up(parse):
    from newslab.annotate.quotes import extract_quotes

    doc = parse(
        "“We will reopen the bridge before winter,” Maria Lund said on Tuesday. "
        "“The repairs are almost finished,” she added."
    )
    rows = extract_quotes(doc)
    assert [r["quote"] for r in rows] == [
        "We will reopen the bridge before winter,",
        "The repairs are almost finished,",
    ]
    assert all(doc.text[r["start"] : r["end"]] == r["quote"] for r in rows)
    assert rows[0]["speaker"] == "Maria Lund" and rows[0]["cue"] == "say"
    assert rows[1]["speaker"] == "Maria Lund" and rows[1]["cue"] == "add"


def test_a_pronoun_continues_the_main_subject_not_a_scare_quote_or_an_embedded_name(parse):
    from newslab.annotate.quotes import extract_quotes

    doc = parse(
        "Mayor Anna Berg was asked why Tom Keller had resigned. "
        "She replied: “The council wanted a fresh start and so did he.” "
        "Governor Paul Dunne described the decision as “brave”. "
        "Ms Berg, who has led the town since 2019, stood by it. "
        "In a letter to voters she wrote: “Our town will come out of this stronger than before.”"
    )
    rows = {r["quote"]: r for r in extract_quotes(doc)}
    first = rows["The council wanted a fresh start and so did he."]
    assert (first["speaker"], first["speaker_text"], first["attribution"]) == ("Anna Berg", "She", "pronoun")
    assert rows["brave"]["speaker"] == "Paul Dunne"
    assert rows["Our town will come out of this stronger than before."]["speaker"].endswith("Berg")


def test_a_continuing_clause_takes_its_subject_as_speaker_not_its_object(parse):
    from newslab.annotate.quotes import extract_quotes

    doc = parse(
        "The minister praised the deal, describing the agreement as “a historic step for both of our nations”. "
        "Ms Lee welcomed the report, adding: “This is what we have asked for from the very start.”"
    )
    speakers = [r["speaker"] for r in extract_quotes(doc)]
    assert speakers == ["The minister", "Ms Lee"]


def test_apostrophes_are_not_quotes(parse):
    from newslab.annotate.quotes import extract_quotes

    doc = parse("The council’s plan didn’t change the workers’ hours, and Norway's budget stayed the same.")
    assert extract_quotes(doc) == []


def test_single_quotes_and_inverted_statement_speaker(parse):
    from newslab.annotate.quotes import extract_quotes

    doc = parse(
        "‘All ferries will run on the normal timetable from Monday,’ said a statement from the harbour authority."
    )
    [row] = extract_quotes(doc)
    assert row["quote"] == "All ferries will run on the normal timetable from Monday,"
    assert "harbour authority" in row["speaker"]


@pytest.mark.parametrize(
    ("text", "published", "resolved", "precision"),
    [
        ("June of last year", "2025-03-27", "2024-06", "month"),
        ("since October of the previous year", "2025-03-27", "2024-10", "month"),
        ("September 2023", None, "2023-09", "month"),
        ("November 17, 2024", None, "2024-11-17", "day"),
        ("last month", "2024-11-18", "2024-10", "month"),
        ("this year", "2024-08-19", "2024", "year"),
        ("March 25", "2025-04-10", "2025-03-25", "day"),
        ("2016", None, "2016", "year"),
    ],
)
def test_date_resolution(text, published, resolved, precision):
    from newslab.annotate.dates import resolve

    assert resolve(text, published) == (resolved, precision)


@pytest.mark.parametrize(
    ("text", "published", "reason"),
    [("last month", None, "no published date"), ("nearly three years", "2024-11-18", "duration")],
)
def test_unresolved_dates_keep_a_reason(text, published, reason):
    from newslab.annotate.dates import resolve

    resolved, precision = resolve(text, published)
    assert resolved == "" and precision.startswith("unresolved:") and reason in precision


def test_dates_in_a_document_have_exact_offsets(parse):
    from newslab.annotate.dates import extract_dates

    doc = parse("The ferry line opened in September 2023 and closed last month for repairs.")
    rows = extract_dates(doc, "2024-11-18")
    assert rows and all(doc.text[r["start"] : r["end"]] == r["text"] for r in rows)
    assert ("2023-09", "month") in {(r["resolved"], r["precision"]) for r in rows}
