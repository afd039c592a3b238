"""Timeline: the dates the articles talk about, as intervals on a time axis.

A resolved date is an interval, not a point: "2023" covers the whole year and "September
2023" the whole month, so each event gets ``start`` (inclusive) and ``end`` (exclusive) and is
drawn with a width that shows its precision. Publication dates are drawn on the same rows so a
reader sees how far back (or ahead) each article reaches.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from newslab.analyse import plot_text

EVENT_COLUMNS = [
    "article_id",
    "outlet",
    "title",
    "published",
    "text",
    "resolved",
    "precision",
    "start",
    "end",
    "sentence",
]
OFF_AXIS_COLUMNS = ["article_id", "outlet", "title", "kind", "text", "resolved", "reason", "sentence"]
# The shape of the resolved string decides the precision: the string is the contract.
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: The time axis is the whole days of pandas' nanosecond range, [1677-09-22, 2262-04-11). Dates
#: outside it (a ledger begun "in November 1660", a capsule "not to be opened before October 5040")
#: are real text, so they are listed with a reason instead of being converted blindly or dropped.
AXIS_START = pd.Timestamp.min.ceil("D")
AXIS_END = pd.Timestamp.max.floor("D")
OFF_AXIS_REASON = f"outside the time axis ({AXIS_START:%Y-%m-%d} to {AXIS_END - pd.Timedelta(days=1):%Y-%m-%d})"
NOT_ISO_REASON = "not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"
NOT_CALENDAR_REASON = "not a calendar date"
# An empty resolved string: no precision, no interval, and no reason here (dates.precision gives it).
_UNRESOLVED: tuple[str, None, None, str] = ("", None, None, "")


def _interval(resolved: str) -> tuple[str, datetime | None, datetime | None, str]:
    """(precision, start, end, reason) of one resolved string; ``reason`` is empty when it has a place on the axis.

    Python's ``datetime`` (years 1-9999) checks the calendar ("2024-02-30" is no date) before
    the interval is held against the axis, so nothing reaches pandas that it cannot represent.
    """
    match = _ISO.match(resolved)
    if not match:
        return "", None, None, NOT_ISO_REASON
    year, month, day = (int(g) if g else None for g in match.groups())
    precision = "day" if day is not None else "month" if month is not None else "year"
    try:
        start = datetime(year, month or 1, day or 1)
    except ValueError:
        return precision, None, None, NOT_CALENDAR_REASON
    try:
        if precision == "day":
            end = start + timedelta(days=1)
        elif precision == "month":
            end = datetime(year + month // 12, month % 12 + 1, 1)
        else:
            end = datetime(year + 1, 1, 1)
    except (ValueError, OverflowError):  # the last day, month or year datetime knows (9999)
        return precision, None, None, OFF_AXIS_REASON
    if start < AXIS_START or end > AXIS_END:
        return precision, None, None, OFF_AXIS_REASON
    return precision, start, end, ""


def place_dates(resolved: pd.Series) -> pd.DataFrame:
    """Where each resolved string sits on the time axis, indexed like ``resolved``.

    Columns: ``precision`` (from the string's shape), ``start`` (inclusive) and ``end`` (exclusive)
    as ``datetime64[ns]`` (NaT when the date has no place), and ``reason`` why it has none: empty
    for unresolved (empty) strings and for placed dates. Each distinct string is parsed once.
    """
    text = resolved.fillna("").astype(str).str.strip()
    parsed = {s: _interval(s) for s in text.unique() if s}
    rows = [parsed.get(s, _UNRESOLVED) for s in text]
    return pd.DataFrame(
        {
            "precision": pd.Series([r[0] for r in rows], index=resolved.index, dtype="string"),
            "start": pd.Series([r[1] for r in rows], index=resolved.index, dtype="datetime64[ns]"),
            "end": pd.Series([r[2] for r in rows], index=resolved.index, dtype="datetime64[ns]"),
            "reason": pd.Series([r[3] for r in rows], index=resolved.index, dtype="string"),
        },
        index=resolved.index,
    )


def published_dates(articles: pd.DataFrame) -> pd.Series:
    """Publication dates as naive UTC timestamps, indexed like ``articles``; NaT when missing, unparseable
    or outside the time axis (see :func:`off_axis_dates`)."""
    parsed = _parsed_published(articles)
    return parsed.where(_on_axis(parsed)).astype("datetime64[ns]")


def _on_axis(parsed: pd.Series) -> pd.Series:
    return parsed.notna() & (parsed >= AXIS_START) & (parsed < AXIS_END)


def _parsed_published(articles: pd.DataFrame) -> pd.Series:
    """ISO 8601 publication dates in pandas' widest resolution (years 1-9999), NaT when unparseable."""
    text = articles["published"].fillna("").astype(str)
    parsed = pd.to_datetime(text, errors="coerce", utc=True, format="ISO8601")
    return parsed.dt.tz_localize(None).astype("datetime64[us]")


def timeline_events(dates: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Resolved dates as intervals [start, end), joined with their article, sorted by start.

    Unresolved expressions are left out (listed with their reason in ``precision``), and so are
    resolved strings that have no place on the axis (listed by :func:`off_axis_dates`).
    ``precision`` is taken from the shape of ``resolved`` (YYYY, YYYY-MM, YYYY-MM-DD), so the
    interval always matches the string.
    """
    place = place_dates(dates["resolved"])
    events = dates.assign(
        resolved=dates["resolved"].fillna("").astype(str).str.strip(),
        precision=place["precision"],
        start=place["start"],
        end=place["end"],
    )[place["start"].notna()]
    meta = articles[["article_id", "outlet", "title"]].assign(published=published_dates(articles))
    events = events.merge(meta.drop_duplicates("article_id"), on="article_id", how="left")
    for col in ("start", "end", "published"):
        events[col] = events[col].astype("datetime64[ns]")
    for col in ("outlet", "title", "text", "sentence", "precision", "resolved"):
        events[col] = events[col].fillna("").astype(str).astype("string")
    events = events.sort_values(["start", "end", "article_id"], kind="stable")
    return events[EVENT_COLUMNS].reset_index(drop=True)


def off_axis_dates(dates: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Dates that are stated but have no place on the time axis, as text with the reason.

    ``kind`` is ``mentioned`` (a resolved expression of the ``dates`` table: outside the axis, not a
    calendar date, or not an ISO string) or ``published`` (an article's publication date that is
    not ISO 8601 or lies outside the axis). Unresolved expressions are not repeated here: their
    reason is in ``dates.precision``.
    """
    place = place_dates(dates["resolved"])
    off = place["reason"].ne("")
    # Values, not the Series: assigning a Series to an empty frame would take the Series' index (rows of NA).
    mentioned = dates[off].assign(kind="mentioned", reason=place.loc[off, "reason"].to_numpy())
    text = articles["published"].fillna("").astype(str).str.strip()
    parsed = _parsed_published(articles)
    unplaced = text.ne("") & ~_on_axis(parsed)
    published = articles[unplaced].assign(
        kind="published",
        text=text[unplaced],
        resolved="",
        sentence="",
        reason=np.where(parsed[unplaced].isna(), "not an ISO 8601 date", OFF_AXIS_REASON),
    )
    meta = articles[["article_id", "outlet", "title"]].drop_duplicates("article_id")
    mentioned = mentioned.merge(meta, on="article_id", how="left")
    columns = OFF_AXIS_COLUMNS
    out = pd.concat([mentioned[columns], published[columns]], ignore_index=True)
    return out.fillna("").astype(str).astype("string")[columns]


def plot_timeline(
    events: pd.DataFrame,
    articles: pd.DataFrame,
    ax: plt.Axes | None = None,
    by: str = "article_id",
    max_rows: int = 40,
) -> plt.Axes:
    """One row per article (or per outlet with ``by="outlet"``): the dates it mentions and when it
    was published.

    Day dates are dots, months short thick bars, years long thin bars (the bar covers the whole
    interval, so precision shows as width); publication dates are black diamonds. Rows are the
    ``max_rows`` with the most dated events, ordered by their earliest event.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5))
    pub = articles[["article_id", "outlet", "title"]].assign(published=published_dates(articles))
    if events.empty and pub["published"].isna().all():
        ax.set_title("Dates mentioned")
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes, color="#666")
        ax.set_xticks([])
        ax.set_yticks([])
        return ax
    key = "outlet" if by == "outlet" else "article_id"
    ev = events.assign(row=events[key].fillna("").astype(str).replace("", "(unknown)"))
    pub = pub.assign(row=pub[key].fillna("").astype(str).replace("", "(unknown)"))
    counts = ev["row"].value_counts()
    total_rows = len(set(ev["row"]) | set(pub.loc[pub["published"].notna(), "row"]))
    first = ev.groupby("row")["start"].min()
    rows = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable").index[:max_rows].tolist()
    if len(rows) < max_rows:  # articles with a publication date but no event still get a row
        extra = pub.loc[pub["published"].notna() & ~pub["row"].isin(rows), "row"].drop_duplicates()
        rows += extra.head(max_rows - len(rows)).tolist()
    order = sorted(rows, key=lambda r: (first.get(r, pd.Timestamp.max), r))
    y_of = {r: i for i, r in enumerate(order)}
    ev = ev[ev["row"].isin(y_of)]
    ev = ev.assign(y=ev["row"].map(y_of))
    style = {"day": (6, "#d95f02"), "month": (7, "#1b9e77"), "year": (3, "#7570b3")}
    for precision, (width, colour) in style.items():
        part = ev[ev["precision"] == precision]
        if part.empty:
            continue
        if precision == "day":
            ax.scatter(part["start"], part["y"], s=30, color=colour, zorder=3, label="day")
        else:
            ax.hlines(part["y"], part["start"], part["end"], colors=colour, linewidth=width, alpha=0.7, label=precision)
    shown_pub = pub[pub["row"].isin(y_of) & pub["published"].notna()]
    if len(shown_pub):
        ax.scatter(
            shown_pub["published"],
            shown_pub["row"].map(y_of),
            marker="D",
            s=28,
            color="black",
            zorder=4,
            label="published",
        )
    labels = [plot_text(r, 35) for r in order]
    if key == "article_id":
        titles = pub.drop_duplicates("row").set_index("row")["title"].astype(str)
        labels = [plot_text(titles.get(r, "") or r, 35) for r in order]
    ax.set_yticks(np.arange(len(order)))
    ax.set_yticklabels(labels, fontsize=7)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    more = f" ({len(order)} of {total_rows} rows)" if total_rows > len(order) else ""
    ax.set_title(f"Dates mentioned, per {'outlet' if key == 'outlet' else 'article'}{more}")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return ax
