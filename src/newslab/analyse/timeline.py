"""Timeline: the dates the articles talk about, as intervals on a time axis.

A resolved date is an interval, not a point: "2023" covers the whole year and "September
2023" the whole month, so each event gets ``start`` (inclusive) and ``end`` (exclusive) and is
drawn with a width that shows its precision. Publication dates are drawn on the same rows so a
reader sees how far back (or ahead) each article reaches.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

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
# The shape of the resolved string decides the precision: the string is the contract.
_SHAPES = {"day": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$", "year": r"^\d{4}$"}
_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
_STEPS = {"day": pd.DateOffset(days=1), "month": pd.DateOffset(months=1), "year": pd.DateOffset(years=1)}


def published_dates(articles: pd.DataFrame) -> pd.Series:
    """Publication dates as naive timestamps (NaT when missing or unparseable), indexed like ``articles``."""
    parsed = pd.to_datetime(articles["published"].astype(str), errors="coerce", utc=True, format="ISO8601")
    return parsed.dt.tz_localize(None)


def timeline_events(dates: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Resolved dates as intervals [start, end), joined with their article, sorted by start.

    Unresolved expressions and malformed resolved strings are left out (they are listed in the
    annotate report). ``precision`` is taken from the shape of ``resolved`` (YYYY, YYYY-MM,
    YYYY-MM-DD), so the interval always matches the string.
    """
    resolved = dates["resolved"].fillna("").astype(str).str.strip()
    parts = []
    for precision, shape in _SHAPES.items():
        rows = dates[resolved.str.match(shape)].copy()
        rows["resolved"] = resolved[rows.index]
        rows["precision"] = precision
        rows["start"] = pd.to_datetime(rows["resolved"], format=_FORMATS[precision], errors="coerce")
        rows = rows[rows["start"].notna()]
        rows["end"] = rows["start"] + _STEPS[precision] if len(rows) else rows["start"]
        parts.append(rows)
    events = pd.concat(parts, ignore_index=True) if parts else dates.iloc[:0]
    meta = articles[["article_id", "outlet", "title"]].assign(published=published_dates(articles))
    events = events.merge(meta, on="article_id", how="left")
    events["start"] = pd.to_datetime(events["start"]).astype("datetime64[ns]")
    events["end"] = pd.to_datetime(events["end"]).astype("datetime64[ns]")
    events["published"] = pd.to_datetime(events["published"]).astype("datetime64[ns]")
    for col in ("outlet", "title", "text", "sentence", "precision", "resolved"):
        events[col] = events[col].fillna("").astype("string")
    events = events.sort_values(["start", "end", "article_id"], kind="stable")
    return events[EVENT_COLUMNS].reset_index(drop=True)


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
    labels = order
    if key == "article_id":
        titles = pub.drop_duplicates("row").set_index("row")["title"].astype(str)
        labels = [f"{titles.get(r, '')[:35] or r[:35]}" for r in order]
    ax.set_yticks(np.arange(len(order)))
    ax.set_yticklabels(labels, fontsize=7)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    more = f" ({len(order)} of {total_rows} rows)" if total_rows > len(order) else ""
    ax.set_title(f"Dates mentioned, per {'outlet' if key == 'outlet' else 'article'}{more}")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return ax
