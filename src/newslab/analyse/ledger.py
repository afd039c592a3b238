"""Claims ledger: every counted figure with its article, and where outlets agree or contradict each other.

A figure is only comparable with another if they count the same thing (``what``) over the same
scope, and if both are totals: an "additional 3,000" is an increment and says nothing about the
total. Each claim allows an interval of values (exact: a point; approximate: a band; "at least":
open above; "up to": open below; a range: its ends). Two claims *disagree* when their intervals
do not overlap, and *agree* when they state the same figure in different articles.
"""

from __future__ import annotations

import json
from importlib import resources

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from newslab.analyse import plot_text

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
]

QUALIFIER_STYLE = {
    # marker, filled, label: how each qualifier is drawn (values run along x)
    "exact": ("o", True, "exact"),
    "approximate": ("o", False, "about (± band)"),
    "lower_bound": ("4", True, "at least (→)"),
    "upper_bound": ("3", True, "up to (←)"),
    "additional": ("P", True, "additional (+)"),
    "range": ("|", True, "range (bar)"),
}


def _cumulative_cues() -> tuple[str, ...]:
    raw = resources.files("newslab.data").joinpath("analyse.json").read_text(encoding="utf-8")
    return tuple(json.loads(raw)["cumulative_scope_cues"])


def scope_key(scope: pd.Series) -> pd.Series:
    """Normalised scope used to decide which claims are comparable.

    An unscoped figure usually means "so far", so scopes that only say that ("since the war
    began", "to date") are folded into the empty scope; any other scope ("at any given time",
    "in Kursk") stays its own group, so a per-moment figure is never compared with a total.
    """
    text = scope.fillna("").astype(str).str.lower().str.strip().str.replace(r"\s+", " ", regex=True)
    cumulative = text.str.startswith(_cumulative_cues())
    return text.where(~cumulative, "").astype("string")


def ledger(claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Claims joined with their article (outlet, date, title), ordered by what is counted and date.

    ``date`` is the parsed publication date (NaT when unknown); ``article_order`` numbers the
    articles by date, then id, so a chart has an x position for undated articles too.
    """
    meta = articles[["article_id", "title", "outlet", "published"]].copy()
    meta["date"] = pd.to_datetime(meta["published"].astype(str), errors="coerce", utc=True, format="ISO8601")
    meta["date"] = meta["date"].dt.tz_localize(None)
    meta = meta.sort_values(["date", "article_id"], na_position="last", kind="stable")
    meta["article_order"] = np.arange(len(meta), dtype="int64")
    out = claims.merge(meta, on="article_id", how="left")
    out["what"] = out["what"].fillna("").astype(str).replace("", "(uncategorised)").astype("string")
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


def agreements(ledger_df: pd.DataFrame) -> pd.DataFrame:
    """The same figure for the same thing stated in two or more articles.

    Increments ("additional 3,000") only agree with increments, totals with totals. A figure
    repeated inside one article is not an agreement: ``articles`` must be at least 2.
    """
    columns = ["what", "value", "kind", "articles", "outlets", "claims", "qualifiers", "sources", "article_ids"]
    df = ledger_df[ledger_df["value"].notna()]
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    df = df.assign(kind=np.where(df["qualifier"].astype(str).eq("additional"), "increment", "total"))

    def _joined(s: pd.Series) -> str:
        return "; ".join(sorted({str(v) for v in s if str(v)}))

    grouped = df.groupby(["what", "kind", "value"], sort=False).agg(
        articles=("article_id", "nunique"),
        outlets=("outlet", _joined),
        claims=("article_id", "size"),
        qualifiers=("qualifier", _joined),
        sources=("source", _joined),
        article_ids=("article_id", _joined),
    )
    found = grouped[grouped["articles"] >= 2].reset_index()
    found = found.sort_values(["articles", "claims", "what", "value"], ascending=[False, False, True, False])
    return found[columns].reset_index(drop=True)


def disagreements(ledger_df: pd.DataFrame, tolerance: float = APPROX_TOLERANCE) -> pd.DataFrame:
    """Pairs of totals for the same thing and scope, from different articles, whose intervals do not overlap.

    Vectorised sweep, no loop over pairs: within each (what, scope) group, claim A conflicts
    with every claim B whose upper end is below A's lower end. For each A we report the most
    contradictory B from another article (the lowest upper end), plus how many claims of the
    group lie entirely below A (``n_below``). Increments are left out: they are not totals.
    """
    left = ["what", "scope_key"]
    side = ["article_id", "outlet", "published", "value", "qualifier", "source", "hedged", "sentence"]
    columns = left + ["gap"] + [f"{c}_a" for c in side] + [f"{c}_b" for c in side] + ["n_below"]
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
    a = df.loc[conflict, left + side + ["lo", "hi"]].reset_index(drop=True)
    b = df.loc[b_row[conflict].astype(int), side + ["hi"]].reset_index(drop=True)
    out = pd.concat([a[left], a[side].add_suffix("_a"), b[side].add_suffix("_b")], axis=1)
    # How far apart: A's lower end over B's upper end (> 1 means no overlap). A ratio means nothing
    # when B's upper end is zero or negative ("-5 degrees"), so the gap is NaN there, never negative.
    b_upper = b["hi"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out["gap"] = np.where(b_upper > 0, a["lo"].to_numpy(dtype=float) / b_upper, np.nan)
    out["n_below"] = _count_below(df, left, a["what"], a["scope_key"], a["lo"])
    out = out.sort_values(["what", "gap"], ascending=[True, False], kind="stable")
    return out[columns].reset_index(drop=True)


def _count_below(df: pd.DataFrame, keys: list[str], what: pd.Series, scope: pd.Series, lo: pd.Series) -> np.ndarray:
    """For each (what, scope, lo): how many claims of that group have an upper end below ``lo``.

    One sorted array of (group, rank of upper end) and two searchsorted calls: no loop.
    """
    groups = df.groupby(keys, sort=False).ngroup().to_numpy()
    index = pd.MultiIndex.from_frame(df[keys].drop_duplicates())
    g_query = index.get_indexer(pd.MultiIndex.from_arrays([what, scope]))
    values, inverse = np.unique(np.concatenate([df["hi"].to_numpy(float), lo.to_numpy(float)]), return_inverse=True)
    step = len(values) + 1
    hi_rank, lo_rank = inverse[: len(df)], inverse[len(df) :]
    code = np.sort(groups.astype(np.int64) * step + hi_rank)
    below = np.searchsorted(code, g_query.astype(np.int64) * step + lo_rank, side="left")
    start = np.searchsorted(code, g_query.astype(np.int64) * step, side="left")
    return (below - start).astype("int64")


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


def _legend(ax: plt.Axes, qualifiers, colours: dict, labels) -> None:
    from matplotlib.lines import Line2D

    handles = []
    for q in qualifiers:
        marker, filled, text = QUALIFIER_STYLE.get(q, ("x", True, plot_text(q, 30)))
        marker = {"lower_bound": ">", "upper_bound": "<"}.get(q, marker)
        face = "black" if filled else "white"
        handles.append(Line2D([], [], color="black", marker=marker, markerfacecolor=face, linestyle="", label=text))
    for lab in labels:
        handles.append(Line2D([], [], color=colours[lab], marker="s", linestyle="", label=lab))
    ax.legend(handles=handles, fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
