"""Date resolution on expressions far from today or off the calendar, on phrases written for the test."""

from __future__ import annotations

import pytest

from newslab.annotate.dates import resolve


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # Any four-digit year is a year, resolved as written however far away (the timeline decides what it shows).
        ("November 1660", None, ("1660-11", "month")),
        ("October 5040", "2024-03-12", ("5040-10", "month")),
        ("in 1660", "2024-03-12", ("1660", "year")),  # was a day of the published month: 1660-03-01
        ("the year 5040", None, ("5040", "year")),
        ("1 January 1500", None, ("1500-01-01", "day")),
        ("AD 79", None, ("0079", "year")),  # zero-padded: the ISO shape holds for early years
        ("79 AD", None, ("0079", "year")),
        ("300 years ago", "2024-03-12", ("1724", "year")),
        ("2016", None, ("2016", "year")),
    ],
)
def test_far_away_years_resolve_as_written(text, published, expected):
    assert resolve(text, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "reason"),
    [
        ("the 1990s", "2024-03-12", "decade or century"),  # was 2024-02-29
        ("the 17th century", None, "decade or century"),
        ("500 BC", None, "before the common era"),
        ("12,000 years ago", "2024-03-12", "outside the calendar"),  # was 2012-03-01
        ("Monday", "0001-01-01T00:00:00", "outside the calendar"),  # a CMS's null date; dateparser overflowed
        ("31 February 2024", None, "not a recognisable date"),
        ("1500 years", None, "duration"),
    ],
)
def test_dates_off_the_calendar_stay_unresolved_with_a_reason(text, published, reason):
    resolved, precision = resolve(text, published)
    assert resolved == "" and precision.startswith("unresolved:") and reason in precision
