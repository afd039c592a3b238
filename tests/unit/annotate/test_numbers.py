"""The number parser: news-style cardinals in, floats out; everything else gives None."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslab.annotate.numbers import parse_number, parse_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("11,000", 11_000),
        ("4.8 million", 4_800_000),
        ("one million", 1_000_000),
        ("a million", 1_000_000),
        ("half a million", 500_000),
        ("ten", 10),
        ("Twenty-five", 25),
        ("twenty five", 25),
        ("one hundred and fifty", 150),
        ("twenty one thousand", 21_000),
        ("10k", 10_000),
        ("1.2bn", 1_200_000_000),
        ("5m", 5_000_000),
        ("15 000", 15_000),
        ("15\u202f000", 15_000),
        ("2,000,000", 2_000_000),
        ("a dozen", 12),
        ("0", 0),
        ("2023", 2023),  # a bare year parses; claims decides from context that it is a date
    ],
)
def test_exact_numbers(text: str, value: float) -> None:
    parsed = parse_quantity(text)
    assert parsed is not None and parsed.value == value and parsed.vague is False


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("thousands", 1_000),
        ("hundreds", 100),
        ("dozens", 12),
        ("millions", 1_000_000),
        ("tens of thousands", 10_000),
        ("hundreds of thousands", 100_000),
        ("several thousand", 1_000),
        ("a few hundred", 100),
    ],
)
def test_vague_quantities_give_their_unit_and_are_flagged(text: str, value: float) -> None:
    parsed = parse_quantity(text)
    assert parsed is not None and parsed.value == value and parsed.vague is True


@pytest.mark.parametrize(
    "text",
    ["", "   ", "a", "first", "3rd", "21st", "1/2", "two-thirds", "1990s", "0800", "007", "1,5", "10km", "KN-23", "$5",
     "2023 10", "hello", "one two", "24x7"],
)  # fmt: skip
def test_non_cardinals_are_rejected(text: str) -> None:
    assert parse_number(text) is None


def test_non_string_input_is_rejected_not_raised() -> None:
    assert parse_number(None) is None  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_parser_never_crashes_on_arbitrary_text(text: str) -> None:
    value = parse_number(text)
    assert value is None or (math.isfinite(value) and value >= 0)


_WORDS = ["one", "two", "ten", "twenty", "hundred", "thousand", "million", "a", "and", "of", "thousands", "tens",
          "dozen", "half", "several", "-", "1,000", "4.8", "12", "bn", "k"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6))
def test_parser_never_crashes_on_number_word_salad(words: list[str]) -> None:
    value = parse_number(" ".join(words))
    assert value is None or (math.isfinite(value) and value >= 0)
