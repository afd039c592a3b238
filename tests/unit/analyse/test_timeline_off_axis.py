"""Dates with no place on the time axis are listed as text with a reason, never converted blindly."""

from __future__ import annotations

import pandas as pd

from newslab.analyse import timeline
from newslab.tables import SCHEMAS, conform

_DEFAULTS = {"string": "", "Int64": 0, "float64": float("nan"), "bool": False, "list<string>": []}


def table(name: str, rows: list[dict]) -> pd.DataFrame:
    full = [{c.name: row.get(c.name, _DEFAULTS[c.dtype]) for c in SCHEMAS[name]} for row in rows]
    return conform(pd.DataFrame(full, columns=[c.name for c in SCHEMAS[name]]), name)


ARTICLES = table(
    "articles",
    [
        {"article_id": "a", "title": "Archive", "published": "2024-03-12"},
        {"article_id": "b", "title": "Null date", "published": "0001-01-01T00:00:00"},
        {"article_id": "c", "title": "Garbage", "published": "soon"},
    ],
)
DATES = table(
    "dates",
    [
        {"article_id": "a", "text": "November 1660", "resolved": "1660-11", "sentence": "s1"},
        {"article_id": "a", "text": "October 5040", "resolved": "5040-10", "sentence": "s2"},
        {"article_id": "a", "text": "31 February", "resolved": "2024-02-31", "sentence": "s3"},
        {"article_id": "a", "text": "early", "resolved": "1-03-01", "sentence": "s4"},
        {"article_id": "a", "text": "12 March 2024", "resolved": "2024-03-12", "sentence": "s5"},
        {"article_id": "a", "text": "by 2262", "resolved": "2262", "sentence": "s6"},  # ends after the axis
        {"article_id": "a", "text": "9999", "resolved": "9999", "sentence": "s7"},  # datetime has no year 10000
        {"article_id": "a", "text": "last week", "resolved": "", "precision": "unresolved: no published date"},
    ],
)


def test_only_dates_on_the_axis_become_events():
    events = timeline.timeline_events(DATES, ARTICLES)
    assert list(events["text"]) == ["12 March 2024"]
    assert events["start"].dtype == "datetime64[ns]" and events.at[0, "published"] == pd.Timestamp("2024-03-12")


def test_every_other_stated_date_is_listed_with_its_reason():
    off = timeline.off_axis_dates(DATES, ARTICLES).set_index("text")
    assert off.loc["November 1660", "reason"] == timeline.OFF_AXIS_REASON == off.loc["October 5040", "reason"]
    assert "1677-09-22 to 2262-04-10" in timeline.OFF_AXIS_REASON
    assert off.loc["by 2262", "reason"] == off.loc["9999", "reason"] == timeline.OFF_AXIS_REASON
    assert off.loc["31 February", "reason"] == "not a calendar date"
    assert off.loc["early", "reason"].startswith("not an ISO date")
    assert off.loc["November 1660", "resolved"] == "1660-11" and off.loc["November 1660", "sentence"] == "s1"
    assert (off.loc[["November 1660", "October 5040"], "kind"] == "mentioned").all()
    assert "last week" not in off.index, "unresolved expressions keep their reason in dates.precision"


def test_publication_dates_off_the_axis_are_listed_too():
    off = timeline.off_axis_dates(DATES, ARTICLES)
    published = off[off["kind"] == "published"].set_index("article_id")
    assert published.loc["b", "reason"] == timeline.OFF_AXIS_REASON and published.loc["b", "text"].startswith("0001")
    assert published.loc["c", "reason"] == "not an ISO 8601 date"
    assert "a" not in published.index
    assert timeline.published_dates(ARTICLES).isna().tolist() == [False, True, True]


def test_the_axis_ends_are_whole_days_inside_pandas_range():
    place = timeline.place_dates(pd.Series(["1677-09-22", "1677-09-21", "2262-04-10", "2262-04-11"]))
    assert place["reason"].eq("").tolist() == [True, False, True, False]


def test_only_unresolved_expressions_and_no_articles_list_nothing():
    dates = DATES[DATES["resolved"] == ""]
    assert timeline.off_axis_dates(dates, ARTICLES.iloc[:0]).empty
    assert timeline.timeline_events(dates, ARTICLES.iloc[:0]).empty
