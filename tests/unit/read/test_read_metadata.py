"""Metadata parsing: dates never guessed, credits and tags as written."""

from __future__ import annotations

import pytest

from newslab.read.metadata import credited_source, parse_date, split_tags


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("19 August 2024 06:54", "2024-08-19T06:54:00"),
        ("August 19, 2024", "2024-08-19"),
        ("Published: 3 March 2025 14:05", "2025-03-03T14:05:00"),
        ("2024-03-06 08:30", "2024-03-06T08:30:00"),
        ("2024-03-05", "2024-03-05"),
        ("Monday", ""),
        ("2 hours ago", ""),
        ("March 2024", ""),
        ("yesterday", ""),
        ("", ""),
        ("not a date at all", ""),
    ],
)
def test_parse_date_only_states_what_is_written(text, iso):
    assert parse_date(text) == iso


def test_credits_and_tags():
    assert credited_source("Original Source: asianews.network") == "asianews.network"
    assert credited_source("Read more at DailyMail.co.uk") == "DailyMail.co.uk"
    assert credited_source("This article first appeared on The Valley Post.") == "The Valley Post"
    assert split_tags("Tags: ports, Strikes , NIGHT SHIFT") == ["ports", "Strikes", "NIGHT SHIFT"]
