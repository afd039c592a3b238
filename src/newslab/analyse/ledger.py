"""Claims ledger: every counted figure with its article, and where outlets agree or contradict each other.

A figure is only comparable with another that counts the same quantity: the same ``thread``
(see :mod:`newslab.annotate.threads`: same measure, subject, place and time; totals, increments
and rates never share one), the same ``status`` (a projection is not a count) and the same
``per`` unit. Each claim allows an interval of values (exact: a point; approximate: a band;
"at least": open above; "up to": open below; a range: its ends). Two claims *disagree* when
their intervals do not overlap, and *agree* when they state the same figure in different
articles. Tables written before threads existed (no ``thread`` column) fall back to grouping by
``what`` and scope, as before.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import LogFormatter, MaxNLocator

from newslab.analyse import plot_text
from newslab.annotate.threads import OPTIONAL_DEFAULTS, claim_kind, scope_key, threads_table

#: Figures an estimate chart's log axis can show.
LOG_AXIS_RANGE = (1e-100, 1e100)
#: Relative half-width of the band an "about N" claim allows (about 11,000 -> 9,350..12,650).
APPROX_TOLERANCE = 0.15

LEDGER_COLUMNS = [
    "what",
    "value",
    "low",
    "high",
    "qualifier",
    "source",
    "hedged",
    "scope",
    "outlet",
    "published",
    "date",
    "title",
    "article_id",
    "article_order",
    "noun",
    "sentence",
    "start",
    "end",
    "thread",
    "status",
    "per",
    "as_of",
    "as_of_from",
    "subject",
    "place",
]
#: Statuses drawn as counts in a thread's chart; the others (projected, hypothetical, denied) apart.
COUNT_STATUSES = ("reported", "estimated")

QUALIFIER_STYLE = {
    # marker, filled, label: how each qualifier is drawn (values run along x)
    "exact": ("o", True, "exact"),
    "approximate": ("o", False, "about (± band)"),
    "lower_bound": ("4", True, "at least (→)"),
    "upper_bound": ("3", True, "up to (←)"),
    "additional": ("P", True, "additional (+)"),
    "range": ("|", True, "range (bar)"),
}


def ledger(claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Claims joined with their article (outlet, date, title), ordered by what is counted and date.

    ``date`` is the parsed publication date (NaT when unknown); ``article_order`` numbers the
    articles by date, then id, so a chart has an x position for undated articles too.
    """
    meta = articles[["article_id", "title", "outlet", "published"]].copy()
    meta["date"] = pd.to_datetime(meta["published"].astype(str), errors="coerce", utc=True, format="ISO8601")
    meta["date"] = meta["date"].dt.tz_localize(None)
    # A "published" the calendar cannot write ("-1" parses as the year -1) is no date to order or label by.
    meta["date"] = meta["date"].where(meta["date"].dt.year.between(1, 9999))
    meta = meta.sort_values(["date", "article_id"], na_position="last", kind="stable")
    meta["article_order"] = np.arange(len(meta), dtype="int64")
    out = claims.merge(meta, on="article_id", how="left")
    out["what"] = out["what"].fillna("").astype(str).replace("", "(uncategorised)").astype("string")
    for col, default in {**OPTIONAL_DEFAULTS, "as_of": "", "as_of_from": ""}.items():
        if col not in out.columns:
            out[col] = default
        text = out[col].fillna(default).astype(str)
        out[col] = text.where(text.ne("") | (default == ""), default).astype("string")
    # Claims without a thread (tables from before threads): one group per measure, kind and scope.
    kind = claim_kind(out["qualifier"], out["per"])
    fallback = out["what"].astype(str) + " / " + kind + " / " + scope_key(out["scope"]).astype(str)
    thread = out["thread"].fillna("").astype(str) if "thread" in out.columns else pd.Series("", index=out.index)
    out["thread"] = thread.where(thread.ne(""), fallback.str.rstrip(" /")).astype("string")
    for col in ("title", "outlet", "published"):
        out[col] = out[col].fillna("").astype("string")
    out["article_order"] = out["article_order"].fillna(-1).astype("int64")
    out = out.sort_values(["what", "article_order", "start"], kind="stable")
    return out[LEDGER_COLUMNS].reset_index(drop=True)


def intervals(ledger_df: pd.DataFrame, tolerance: float = APPROX_TOLERANCE) -> pd.DataFrame:
    """``lo``/``hi`` columns: the values each claim allows, with open ends as -inf/+inf.

    ``low``/``high`` from the claims table are used where given; an approximate figure gets a
    band of ``tolerance`` either side, because "about 11,000" is compatible with 10,000+.
    """
    q = ledger_df["qualifier"].astype(str)
    value = ledger_df["value"].astype(float)
    lo = ledger_df["low"].astype(float).fillna(-np.inf)
    hi = ledger_df["high"].astype(float).fillna(np.inf)
    exact = q.eq("exact") | q.eq("additional")
    lo = lo.where(~exact, value)
    hi = hi.where(~exact, value)
    approx = q.eq("approximate")
    lo = lo.where(~approx, value * (1 - tolerance))
    hi = hi.where(~approx, value * (1 + tolerance))
    lower = q.eq("lower_bound")
    lo = lo.where(~lower | ledger_df["low"].notna(), value)
    hi = hi.where(~lower, np.inf)
    upper = q.eq("upper_bound")
    hi = hi.where(~upper | ledger_df["high"].notna(), value)
    lo = lo.where(~upper, -np.inf)
    return ledger_df.assign(lo=lo, hi=hi)


#: The groups inside which figures are compared: one quantity, one status, one unit.
COMPARE_KEYS = ["thread", "status", "per"]


def _joined_distinct(values: pd.Series) -> str:
    """The distinct non-empty values of a group, sorted and joined with "; " (an aggregation for ``groupby``)."""
    return "; ".join(sorted({str(v) for v in values if str(v)}))


def agreements(ledger_df: pd.DataFrame) -> pd.DataFrame:
    """The same figure for the same quantity (thread, status, ``per``) stated in two or more articles.

    A figure repeated inside one article is not an agreement: ``articles`` must be at least 2.
    ``kind`` says whether the figure is a total, an increment or a rate.
    """
    columns = [
        "thread",
        "what",
        "status",
        "value",
        "kind",
        "articles",
        "outlets",
        "claims",
        "qualifiers",
        "sources",
        "article_ids",
    ]
    df = ledger_df[ledger_df["value"].notna()]
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    df = df.assign(kind=claim_kind(df["qualifier"], df["per"]))

    grouped = df.groupby(COMPARE_KEYS + ["kind", "value"], sort=False).agg(
        what=("what", "first"),
        articles=("article_id", "nunique"),
        outlets=("outlet", _joined_distinct),
        claims=("article_id", "size"),
        qualifiers=("qualifier", _joined_distinct),
        sources=("source", _joined_distinct),
        article_ids=("article_id", _joined_distinct),
    )
    found = grouped[grouped["articles"] >= 2].reset_index()
    found = found.sort_values(["articles", "claims", "what", "value"], ascending=[False, False, True, False])
    return found[columns].reset_index(drop=True)


def disagreements(ledger_df: pd.DataFrame, tolerance: float = APPROX_TOLERANCE) -> pd.DataFrame:
    """Pairs of figures for the same quantity (thread, status, ``per``, scope), from different articles, apart.

    Vectorised sweep, no loop over pairs: within each group, claim A conflicts with every claim B
    whose upper end is below A's lower end. For each A we report the most contradictory B from
    another article (the lowest upper end), plus how many claims of the group lie entirely below
    A (``n_below``). Increments are left out: two increments of one thread usually add to the
    quantity at different times, so different values do not contradict each other.
    """
    left = COMPARE_KEYS + ["scope_key"]
    side = ["article_id", "outlet", "published", "value", "qualifier", "source", "hedged", "sentence", "as_of"]
    columns = ["thread", "what", "status", "per", "scope_key", "gap"]
    columns += [f"{c}_a" for c in side] + [f"{c}_b" for c in side] + ["n_below"]
    df = ledger_df[ledger_df["value"].notna() & ledger_df["qualifier"].astype(str).ne("additional")]
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    df = intervals(df, tolerance).assign(scope_key=scope_key(df["scope"]))
    df = df.reset_index(drop=True)
    df["row"] = np.arange(len(df))
    # The two lowest upper ends per group, from two different articles: enough to find, for
    # every claim, the lowest upper end outside its own article.
    per_article = df.sort_values("hi", kind="stable").drop_duplicates(left + ["article_id"])
    lowest = per_article.groupby(left, sort=False).head(2)
    lowest = lowest.assign(rank=lowest.groupby(left, sort=False).cumcount())
    first = lowest[lowest["rank"] == 0].set_index(left)
    second = lowest[lowest["rank"] == 1].set_index(left)
    keyed = df.set_index(left)
    b_first = first.reindex(keyed.index)
    b_second = second.reindex(keyed.index)
    use_second = (b_first["article_id"] == keyed["article_id"]).fillna(False).to_numpy()
    b_row = np.where(use_second, b_second["row"].to_numpy(dtype=float), b_first["row"].to_numpy(dtype=float))
    b_hi = np.where(use_second, b_second["hi"].to_numpy(dtype=float), b_first["hi"].to_numpy(dtype=float))
    conflict = np.nan_to_num(b_hi, nan=np.inf) < keyed["lo"].to_numpy(dtype=float)
    if not conflict.any():
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    a = df.loc[conflict, left + ["what"] + side + ["lo", "hi"]].reset_index(drop=True)
    b = df.loc[b_row[conflict].astype(int), side + ["hi"]].reset_index(drop=True)
    out = pd.concat([a[left + ["what"]], a[side].add_suffix("_a"), b[side].add_suffix("_b")], axis=1)
    # How far apart: A's lower end over B's upper end (> 1 means no overlap). A ratio means nothing
    # when B's upper end is zero or negative ("-5 degrees"), so the gap is NaN there, never negative.
    b_upper = b["hi"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out["gap"] = np.where(b_upper > 0, a["lo"].to_numpy(dtype=float) / b_upper, np.nan)
    out["n_below"] = _count_below(df, left, a[left], a["lo"])
    out = out.sort_values(["what", "thread", "gap"], ascending=[True, True, False], kind="stable")
    return out[columns].reset_index(drop=True)


def _count_below(df: pd.DataFrame, keys: list[str], query: pd.DataFrame, lo: pd.Series) -> np.ndarray:
    """For each query row (its group keys and ``lo``): how many claims of that group have an upper end below ``lo``.

    One sorted array of (group, rank of upper end) and two searchsorted calls: no loop.
    """
    groups = df.groupby(keys, sort=False).ngroup().to_numpy()
    index = pd.MultiIndex.from_frame(df[keys].drop_duplicates())
    g_query = index.get_indexer(pd.MultiIndex.from_frame(query[keys]))
    values, inverse = np.unique(np.concatenate([df["hi"].to_numpy(float), lo.to_numpy(float)]), return_inverse=True)
    step = len(values) + 1
    hi_rank, lo_rank = inverse[: len(df)], inverse[len(df) :]
    code = np.sort(groups.astype(np.int64) * step + hi_rank)
    below = np.searchsorted(code, g_query.astype(np.int64) * step + lo_rank, side="left")
    start = np.searchsorted(code, g_query.astype(np.int64) * step, side="left")
    return (below - start).astype("int64")


def thread_overview(ledger_df: pd.DataFrame, threads: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per thread, most sources first: label, range, sources, status mix, dates covered, outlets.

    ``threads`` is the table written by 02_annotate (only the threads of ``ledger_df``'s claims are
    listed); when missing it is recomputed from the ledger.
    ``range`` reads "low to high" (one number when they are equal); ``status_mix`` counts claims
    per status ("reported 4, projected 1").
    """
    if threads is None or threads.empty:
        threads = threads_table(ledger_df)
    threads = threads[threads["thread"].isin(set(ledger_df["thread"].astype(str)))]
    columns = [
        "thread",
        "label",
        "what",
        "n_sources",
        "n_articles",
        "n_claims",
        "range",
        "sources",
        "status_mix",
        "first_as_of",
        "last_as_of",
        "outlets",
    ]
    if threads.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})

    def _mix(s: pd.Series) -> str:
        counts = s.astype(str).value_counts()
        return ", ".join(f"{k} {v}" for k, v in counts.items())

    per_thread = ledger_df.groupby("thread", sort=False).agg(
        sources=("source", _joined_distinct), status_mix=("status", _mix), outlets=("outlet", _joined_distinct)
    )
    out = threads.merge(per_thread, left_on="thread", right_index=True, how="left")
    out["range"] = [format_range(lo, hi) for lo, hi in zip(out["low"], out["high"], strict=True)]
    for col in ("sources", "status_mix", "outlets"):
        out[col] = out[col].fillna("")
    return out[columns].reset_index(drop=True)


def format_range(low: float, high: float) -> str:
    """ "9,350 to 12,650"; one number when the ends are equal; "?" for an unknown end."""

    def fmt(v: float) -> str:
        if v is None or not np.isfinite(v):
            return "?"
        return f"{v:,.0f}" if abs(v) >= 100 or float(v).is_integer() else f"{v:,.2f}"

    return fmt(low) if fmt(low) == fmt(high) else f"{fmt(low)} to {fmt(high)}"


def _no_data(ax: plt.Axes, message: str) -> plt.Axes:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#666")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def plot_estimates(
    ledger_df: pd.DataFrame,
    what: str,
    ax: plt.Axes | None = None,
    max_articles: int = 40,
    max_sources: int = 8,
    tolerance: float = APPROX_TOLERANCE,
) -> plt.Axes:
    """Forest chart of the estimates of one ``what``: values along a log x axis, one row per article.

    Values run along x so the qualifiers read naturally: "at least" points right (open to the
    right), "up to" points left, "about" is a hollow marker with a ± band, a range is a bar and an
    increment a '+'. Rows are articles in publication order (date when known, else article order),
    newest at the bottom; colour is the source the figure is attributed to.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    # A log axis holds positive values only, and matplotlib's tick formatter overflows near the ends of
    # the float range (its ticks step past the limits: 1e309 is inf), so figures outside LOG_AXIS_RANGE are
    # counted, not drawn.
    value = ledger_df["value"].astype(float)
    of_what = ledger_df["what"] == what
    drawable = value.between(*LOG_AXIS_RANGE)
    left_out = int((of_what & value.notna() & ~drawable).sum())
    not_drawn = f" ({left_out} not drawn: zero, negative or beyond 1e±100)" if left_out else ""
    df = ledger_df[of_what & drawable]
    if df.empty:
        ax.set_title(f"Estimates: {plot_text(what, 60)}{not_drawn}")
        return _no_data(ax, "no data")
    order = df.drop_duplicates("article_id").sort_values("article_order")["article_id"]
    shown = order.head(max_articles).tolist()
    df = intervals(df[df["article_id"].isin(shown)], tolerance)
    row_of = {aid: i for i, aid in enumerate(shown)}
    y = df["article_id"].map(row_of).to_numpy(dtype=float)
    # Spread the claims of one article around its row so they do not hide each other.
    k = df.groupby("article_id").cumcount().to_numpy()
    n = df.groupby("article_id")["value"].transform("size").to_numpy()
    y = y + (k - (n - 1) / 2) * np.minimum(0.15, 0.8 / n)
    sources = df["source"].map(lambda s: plot_text(s, 40))
    top = [s for s in sources[sources != ""].value_counts().index[:max_sources]]
    label = sources.where(sources.isin(top), np.where(sources == "", "(unattributed)", "(other sources)"))
    palette = [plt.get_cmap("tab10")(i) for i in (0, 1, 2, 3, 4, 5, 6, 8, 9)]  # grey (7) is for the rest
    colours = {s: palette[i % len(palette)] for i, s in enumerate(top)}
    colours.update({"(unattributed)": (0.55, 0.55, 0.55, 1), "(other sources)": (0.3, 0.3, 0.3, 1)})
    xmin, xmax = float(df["value"].min()), float(df["value"].max())
    span = (xmin / 3, xmax * 3)
    for (q, lab), part in df.assign(y=y, lab=label).groupby(["qualifier", "lab"], sort=False):
        marker, filled, _ = QUALIFIER_STYLE.get(q, ("x", True, q))
        c = colours[lab]
        x = part["value"].to_numpy(dtype=float)
        yy = part["y"].to_numpy()
        if q == "approximate":
            ax.hlines(yy, x * (1 - tolerance), x * (1 + tolerance), colors=[c], linewidth=8, alpha=0.35)
        elif q == "lower_bound":
            ax.hlines(yy, x, np.full_like(x, span[1]), colors=[c], linewidth=1.2, linestyles="dashed")
        elif q == "upper_bound":
            ax.hlines(yy, np.full_like(x, span[0]), x, colors=[c], linewidth=1.2, linestyles="dashed")
        elif q == "range":
            lo = part["low"].fillna(part["value"]).to_numpy(dtype=float)
            ax.hlines(yy, lo, x, colors=[c], linewidth=4, alpha=0.8)
        if q == "lower_bound":
            ax.scatter(x, yy, marker=">", color=c, s=50, zorder=3)
        elif q == "upper_bound":
            ax.scatter(x, yy, marker="<", color=c, s=50, zorder=3)
        elif filled:
            ax.scatter(x, yy, marker=marker, color=c, s=60, zorder=3)
        else:
            ax.scatter(x, yy, marker=marker, facecolors="white", edgecolors=[c], s=60, linewidths=1.5, zorder=3)
    ax.set_xscale("log")
    ax.set_xlim(*span)
    _compact_log_axis(ax.xaxis)
    meta = df.drop_duplicates("article_id").set_index("article_id")
    ticks = []
    for aid in shown:
        date = meta.at[aid, "date"] if aid in meta.index else pd.NaT
        when = date.strftime("%Y-%m-%d") if pd.notna(date) else f"#{row_of[aid] + 1}"
        outlet = str(meta.at[aid, "outlet"]) if aid in meta.index else ""
        ticks.append(f"{when} {plot_text(outlet, 20)}".strip())
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels(ticks, fontsize=8)
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.set_xlabel(f"{plot_text(what, 60)} (log scale)")
    more = f" (first {len(shown)} of {len(order)} articles)" if len(order) > len(shown) else ""
    ax.set_title(f"Estimates: {plot_text(what, 60)}{more}{not_drawn}")
    ax.grid(axis="x", which="major", alpha=0.3)
    _legend(ax, df["qualifier"].unique(), colours, label.unique())
    return ax


def _legend(ax: plt.Axes, qualifiers, colours: dict, labels, upright: bool = False) -> None:
    from matplotlib.lines import Line2D

    handles = []
    for q in qualifiers:
        marker, filled, text = QUALIFIER_STYLE.get(q, ("x", True, plot_text(q, 30)))
        if upright:
            marker = {"lower_bound": "^", "upper_bound": "v"}.get(q, marker)
            text = {"lower_bound": "at least (↑)", "upper_bound": "up to (↓)"}.get(q, text)
        else:
            marker = {"lower_bound": ">", "upper_bound": "<"}.get(q, marker)
        face = "black" if filled else "white"
        handles.append(Line2D([], [], color="black", marker=marker, markerfacecolor=face, linestyle="", label=text))
    for lab in labels:
        handles.append(Line2D([], [], color=colours[lab], marker="s", linestyle="", label=lab))
    ax.legend(handles=handles, fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)


def compact_number(value: float) -> str:
    """An axis label a reader takes in at a glance: 950, 12k, 4.8m, 27.5bn (three significant digits), never
    the ``2.75 x 10^10`` a log axis shows by default."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return ""
    if not np.isfinite(value):
        return ""
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"


class CompactLogFormatter(LogFormatter):
    """Matplotlib's choice of which log ticks get a label (fewer minor labels on a wide range), written with
    :func:`compact_number`."""

    def _num_to_string(self, x: float, vmin: float, vmax: float) -> str:
        return compact_number(x)


def _compact_log_axis(axis) -> None:
    axis.set_major_formatter(CompactLogFormatter())
    axis.set_minor_formatter(CompactLogFormatter(labelOnlyBase=False, minor_thresholds=(1, 0.4)))


def plot_thread(
    ledger_df: pd.DataFrame,
    thread: str,
    title: str = "",
    max_sources: int = 8,
    tolerance: float = APPROX_TOLERANCE,
) -> plt.Figure:
    """The estimates of one thread against the time they refer to (``as_of``), coloured by source.

    Values run up a log y axis, qualifiers drawn as in :func:`plot_estimates` but turned upright:
    "at least" points up, "up to" down, "about" is hollow with a ± band, a range a bar, an
    increment a '+'. Counts (reported, estimated) and the other statuses (projected,
    hypothetical, denied) get separate panels, so a possibility never sits among the counts.
    Claims without ``as_of`` are placed by article order on a second axis when nothing is dated.
    """
    df = ledger_df[(ledger_df["thread"] == thread) & ledger_df["value"].notna() & (ledger_df["value"] > 0)]
    counts = df[df["status"].isin(COUNT_STATUSES)]
    others = df[~df["status"].isin(COUNT_STATUSES)]
    panels = [("counts", counts)] + ([("projected / hypothetical / denied", others)] if len(others) else [])
    fig, axes = plt.subplots(1, len(panels), figsize=(5.5 * len(panels) + 3, 3.6), squeeze=False, sharey=True)
    sources = _source_labels(df["source"])
    top = [s for s in sources[sources != ""].value_counts().index[:max_sources]]
    palette = [plt.get_cmap("tab10")(i) for i in (0, 1, 2, 3, 4, 5, 6, 8, 9)]
    colours = {s: palette[i % len(palette)] for i, s in enumerate(top)}
    colours.update({"(unattributed)": (0.55, 0.55, 0.55, 1), "(other sources)": (0.3, 0.3, 0.3, 1)})
    dated = pd.to_datetime(
        df["as_of"].astype(str).where(df["as_of"].astype(str) != ""), errors="coerce", format="mixed"
    )
    use_dates = dated.notna().any()
    for ax, (name, part) in zip(axes[0], panels, strict=True):
        if part.empty:
            _no_data(ax, "no counts")
            ax.set_title(name, fontsize=9)
            continue
        part = intervals(part, tolerance)
        x = dated[part.index] if use_dates else part["article_order"].astype(float)
        keep = x.notna()
        part, x = part[keep], x[keep]
        src = _source_labels(part["source"])
        lab = src.where(src.isin(top), np.where(src == "", "(unattributed)", "(other sources)"))
        for (q, who), rows in part.assign(x=x, lab=lab).groupby(["qualifier", "lab"], sort=False):
            _draw_upright(ax, rows, q, colours[who], tolerance)
        ax.set_yscale("log")
        _compact_log_axis(ax.yaxis)
        ax.set_title(f"{name} ({len(part)} figures)", fontsize=9)
        ax.set_xlabel("as of" if use_dates else "article (publication order; no dates)")
        if not use_dates:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", which="major", alpha=0.3)
        if use_dates:
            fig.autofmt_xdate()
    undated = int((~dated.notna()).sum()) if use_dates else 0
    more = f" ({undated} undated not shown)" if undated else ""
    fig.suptitle(plot_text(f"{title or thread}{more}"), fontsize=10)
    _legend(axes[0][-1], df["qualifier"].unique(), colours, _labels_in(df, top), upright=True)
    return fig


def _source_labels(sources: pd.Series) -> pd.Series:
    """Sources as legend labels: missing ones empty, each cut to 40 characters and safe for matplotlib."""
    return sources.fillna("").astype(str).map(lambda s: plot_text(s, 40))


def _labels_in(df: pd.DataFrame, top: list[str]) -> list[str]:
    src = _source_labels(df["source"])
    return list(dict.fromkeys(np.where(src.isin(top), src, np.where(src == "", "(unattributed)", "(other sources)"))))


def _draw_upright(ax: plt.Axes, rows: pd.DataFrame, qualifier: str, colour, tolerance: float) -> None:
    """One qualifier's markers with values on y (the upright twin of the forest chart's markers)."""
    x = rows["x"].to_numpy()
    v = rows["value"].to_numpy(dtype=float)
    if qualifier == "approximate":
        ax.vlines(x, v * (1 - tolerance), v * (1 + tolerance), colors=[colour], linewidth=6, alpha=0.35)
        ax.scatter(x, v, marker="o", facecolors="white", edgecolors=[colour], s=50, linewidths=1.5, zorder=3)
    elif qualifier == "lower_bound":
        ax.scatter(x, v, marker="^", color=colour, s=50, zorder=3)
    elif qualifier == "upper_bound":
        ax.scatter(x, v, marker="v", color=colour, s=50, zorder=3)
    elif qualifier == "range":
        lo = rows["low"].fillna(rows["value"]).to_numpy(dtype=float)
        ax.vlines(x, lo, v, colors=[colour], linewidth=4, alpha=0.8)
    else:
        marker = QUALIFIER_STYLE.get(qualifier, ("x", True, qualifier))[0]
        ax.scatter(x, v, marker=marker, color=colour, s=60, zorder=3)


def qualifiers_by_category(ledger_df: pd.DataFrame, top_n: int = 30) -> pd.DataFrame:
    """Claims per category (rows) and qualifier (columns) for the ``top_n`` categories with the most claims,
    least first (the order a horizontal bar chart draws bottom-up)."""
    by_kind = pd.crosstab(ledger_df["what"], ledger_df["qualifier"])
    by_kind = by_kind.loc[by_kind.sum(axis=1).sort_values(ascending=False).index[:top_n]].iloc[::-1]
    # Labels come from the data: plot_text keeps "$" from being read as maths by matplotlib.
    by_kind.index = [plot_text(w, 40) for w in by_kind.index]
    by_kind.columns = [plot_text(q, 30) for q in by_kind.columns]
    return by_kind


def category_summary(ledger_df: pd.DataFrame) -> pd.DataFrame:
    """Per category: claims, articles, outlets, and the shares of claims hedged and attributed; most claims first."""
    summary = ledger_df.groupby("what").agg(
        claims=("value", "size"),
        articles=("article_id", "nunique"),
        outlets=("outlet", lambda s: s[s != ""].nunique()),
        hedged=("hedged", "mean"),
        attributed=("source", lambda s: (s != "").mean()),
    ).sort_values("claims", ascending=False)
    summary[["hedged", "attributed"]] = summary[["hedged", "attributed"]].round(2)
    return summary.reset_index()
