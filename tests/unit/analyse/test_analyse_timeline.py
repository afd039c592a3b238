"""Timeline: resolved dates become intervals of the right length; the chart copes with anything."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from newslab.analyse import timeline  # noqa: E402
from newslab.tables import SCHEMAS, conform, empty_table  # noqa: E402

_DEFAULTS = {"string": "", "Int64": 0, "float64": float("nan"), "bool": False, "list<string>": []}


def table(name: str, rows: list[dict]) -> pd.DataFrame:
    full = [{c.name: row.get(c.name, _DEFAULTS[c.dtype]) for c in SCHEMAS[name]} for row in rows]
    return conform(pd.DataFrame(full, columns=[c.name for c in SCHEMAS[name]]), name) if rows else empty_table(name)


ARTICLES = table(
    "articles",
    [
        {"article_id": "t1", "title": "Dam opens", "outlet": "River News", "published": "2024-03-05T10:00:00+01:00"},
        {"article_id": "t2", "title": "Flood memories", "outlet": "Hill Times", "published": ""},
    ],
)
DATES = table(
    "dates",
    [
        {"article_id": "t1", "text": "4 March 2024", "resolved": "2024-03-04", "precision": "day", "sentence": "s1"},
        {"article_id": "t1", "text": "February", "resolved": "2024-02", "precision": "month", "sentence": "s2"},
        {"article_id": "t2", "text": "1998", "resolved": "1998", "precision": "year", "sentence": "s3"},
        {"article_id": "t2", "text": "December 2023", "resolved": "2023-12", "precision": "month", "sentence": "s4"},
        {"article_id": "t2", "text": "last week", "resolved": "", "precision": "unresolved: no published date"},
        {"article_id": "t2", "text": "Feb 30", "resolved": "2024-02-30", "precision": "day", "sentence": "s5"},
    ],
)


def test_each_precision_becomes_its_interval():
    events = timeline.timeline_events(DATES, ARTICLES).set_index("text")
    assert (events.at["4 March 2024", "start"], events.at["4 March 2024", "end"]) == (
        pd.Timestamp("2024-03-04"),
        pd.Timestamp("2024-03-05"),
    )
    assert (events.at["February", "start"], events.at["February", "end"]) == (
        pd.Timestamp("2024-02-01"),
        pd.Timestamp("2024-03-01"),
    )  # leap year: 29 days, end exclusive
    assert (events.at["December 2023", "start"], events.at["December 2023", "end"]) == (
        pd.Timestamp("2023-12-01"),
        pd.Timestamp("2024-01-01"),
    )  # across the year boundary
    assert (events.at["1998", "start"], events.at["1998", "end"]) == (
        pd.Timestamp("1998-01-01"),
        pd.Timestamp("1999-01-01"),
    )


def test_events_are_sorted_joined_and_unresolved_or_impossible_dates_left_out():
    events = timeline.timeline_events(DATES, ARTICLES)
    assert list(events["text"]) == ["1998", "December 2023", "February", "4 March 2024"]
    assert list(events["precision"]) == ["year", "month", "month", "day"]
    assert "last week" not in set(events["text"]) and "Feb 30" not in set(events["text"])
    t1 = events[events["article_id"] == "t1"]
    assert (t1["outlet"] == "River News").all()
    assert (t1["published"] == pd.Timestamp("2024-03-05 09:00")).all()  # normalised to UTC
    assert events.loc[events["article_id"] == "t2", "published"].isna().all()


def test_precision_follows_the_resolved_string():
    dates = table("dates", [{"article_id": "t1", "text": "in 2020", "resolved": "2020", "precision": "day"}])
    event = timeline.timeline_events(dates, ARTICLES).iloc[0]
    assert event["precision"] == "year" and event["end"] == pd.Timestamp("2021-01-01")


def test_chart_rows_and_markers():
    events = timeline.timeline_events(DATES, ARTICLES)
    fig, ax = plt.subplots()
    timeline.plot_timeline(events, ARTICLES, ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Flood memories", "Dam opens"]  # by earliest event
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"day", "month", "year", "published"}
    ax2 = timeline.plot_timeline(events, ARTICLES, by="outlet")
    assert [t.get_text() for t in ax2.get_yticklabels()] == ["Hill Times", "River News"]
    plt.close("all")


def test_empty_tables():
    events = timeline.timeline_events(empty_table("dates"), empty_table("articles"))
    assert events.empty and list(events.columns) == timeline.EVENT_COLUMNS
    fig, ax = plt.subplots()
    timeline.plot_timeline(events, empty_table("articles"), ax=ax)
    assert [t.get_text() for t in ax.texts] == ["no data"]
    plt.close(fig)


def test_only_publication_dates_still_draw():
    events = timeline.timeline_events(empty_table("dates"), ARTICLES)
    fig, ax = plt.subplots()
    timeline.plot_timeline(events, ARTICLES, ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Dam opens"]
    plt.close(fig)
