"""Claims ledger: agreements across articles, disagreements between incompatible intervals, the chart."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from newslab.analyse import ledger as L  # noqa: E402
from newslab.tables import SCHEMAS, conform, empty_table  # noqa: E402

NAN = math.nan
_DEFAULTS = {"string": "", "Int64": 0, "float64": NAN, "bool": False, "list<string>": []}


def table(name: str, rows: list[dict]) -> pd.DataFrame:
    """A schema-conformant table from partial rows (unspecified columns get neutral defaults)."""
    full = [{c.name: row.get(c.name, _DEFAULTS[c.dtype]) for c in SCHEMAS[name]} for row in rows]
    return conform(pd.DataFrame(full, columns=[c.name for c in SCHEMAS[name]]), name) if rows else empty_table(name)


def claim(article: str, value: float, qualifier: str, what: str = "troops", low=None, high=None, **kw) -> dict:
    bounds = {
        "exact": (value, value),
        "approximate": (value, value),
        "additional": (value, value),
        "lower_bound": (value, NAN),
        "upper_bound": (NAN, value),
    }.get(qualifier, (low, high))
    lo = bounds[0] if low is None else low
    hi = bounds[1] if high is None else high
    return {
        "article_id": article,
        "value": value,
        "low": lo,
        "high": hi,
        "qualifier": qualifier,
        "what": what,
        "sentence": f"{article} says {value:g} {what}.",
        **kw,
    }


ARTICLES = table(
    "articles",
    [
        {"article_id": "a1", "title": "Deployment grows", "outlet": "Daily Planet", "published": "2024-11-02T08:00:00"},
        {"article_id": "a2", "title": "More units sent", "outlet": "Evening Star", "published": "2024-11-01"},
        {"article_id": "a3", "title": "Undated report", "outlet": "Evening Star", "published": ""},
    ],
)


def test_ledger_joins_outlet_and_date_and_orders_articles_by_date():
    claims = table("claims", [claim("a1", 500, "exact"), claim("a2", 700, "exact"), claim("a3", 900, "exact")])
    lg = L.ledger(claims, ARTICLES)
    assert list(lg["article_id"]) == ["a2", "a1", "a3"]  # dated first, oldest first; undated last
    assert list(lg["outlet"]) == ["Evening Star", "Daily Planet", "Evening Star"]
    assert lg.loc[lg["article_id"] == "a1", "date"].iat[0] == pd.Timestamp("2024-11-02 08:00")
    assert pd.isna(lg.loc[lg["article_id"] == "a3", "date"].iat[0])
    assert list(lg["article_order"]) == [0, 1, 2]


def test_agreement_needs_two_articles_not_two_mentions_in_one():
    claims = table(
        "claims",
        [
            claim("a1", 4000, "exact", what="casualties"),
            claim("a1", 4000, "exact", what="casualties"),  # repeated within one article: not an agreement
            claim("a2", 2500, "approximate", what="munitions"),
            claim("a3", 2500, "exact", what="munitions"),
        ],
    )
    found = L.agreements(L.ledger(claims, ARTICLES))
    assert list(zip(found["what"], found["value"], strict=True)) == [("munitions", 2500.0)]
    assert found["articles"].iat[0] == 2
    assert found["outlets"].iat[0] == "Evening Star"


def test_increments_agree_only_with_increments():
    claims = table(
        "claims", [claim("a1", 3000, "additional"), claim("a2", 3000, "exact"), claim("a3", 3000, "additional")]
    )
    found = L.agreements(L.ledger(claims, ARTICLES))
    assert list(found["kind"]) == ["increment"]
    assert found["article_ids"].iat[0] == "a1; a3"


def test_lower_bound_is_compatible_with_a_nearby_approximation():
    claims = table("claims", [claim("a1", 10_000, "lower_bound"), claim("a2", 11_000, "approximate")])
    assert L.disagreements(L.ledger(claims, ARTICLES)).empty


def test_up_to_is_incompatible_with_at_least_a_larger_figure():
    claims = table(
        "claims",
        [claim("a1", 10_000, "lower_bound", source="Ministry"), claim("a2", 4_000, "upper_bound", source="Observers")],
    )
    found = L.disagreements(L.ledger(claims, ARTICLES))
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["article_id_a"], row["value_a"], row["source_a"]) == ("a1", 10_000, "Ministry")
    assert (row["article_id_b"], row["value_b"], row["source_b"]) == ("a2", 4_000, "Observers")
    assert row["gap"] == pytest.approx(2.5)
    assert row["n_below"] == 1


def test_ranges_overlap_or_not():
    overlapping = table("claims", [claim("a1", 800, "range", low=500, high=800), claim("a2", 700, "exact")])
    apart = table("claims", [claim("a1", 800, "range", low=500, high=800), claim("a2", 1_500, "lower_bound")])
    assert L.disagreements(L.ledger(overlapping, ARTICLES)).empty
    assert len(L.disagreements(L.ledger(apart, ARTICLES))) == 1


def test_no_disagreement_across_different_things_scopes_or_increments():
    claims = table(
        "claims",
        [
            claim("a1", 10_000, "lower_bound", what="troops"),
            claim("a2", 4_000, "upper_bound", what="casualties"),  # other thing
            claim("a2", 2_000, "upper_bound", scope="at any given time"),  # other scope
            claim("a3", 3_000, "additional"),  # an increment, not a total
        ],
    )
    assert L.disagreements(L.ledger(claims, ARTICLES)).empty


def test_cumulative_scope_is_compared_with_unscoped_totals():
    claims = table(
        "claims", [claim("a1", 10_000, "lower_bound", scope="since the war began"), claim("a2", 4_000, "upper_bound")]
    )
    assert len(L.disagreements(L.ledger(claims, ARTICLES))) == 1


def test_disagreement_is_between_articles_not_within_one():
    claims = table("claims", [claim("a1", 10_000, "lower_bound"), claim("a1", 40, "exact")])
    assert L.disagreements(L.ledger(claims, ARTICLES)).empty


def test_disagreements_on_a_larger_group_pick_the_most_contradictory_other_article():
    claims = table(
        "claims",
        [
            claim("a1", 50, "exact"),
            claim("a1", 20_000, "lower_bound"),
            claim("a2", 900, "upper_bound"),
            claim("a3", 30_000, "approximate"),
        ],
    )
    found = L.disagreements(L.ledger(claims, ARTICLES))
    pairs = set(zip(found["article_id_a"], found["value_a"], found["article_id_b"], found["value_b"], strict=True))
    # a1's 20,000+ clashes with a2's "up to 900" (a1's own 50 does not count); a3's ~30,000 with a1's 50.
    assert pairs == {("a1", 20_000, "a2", 900), ("a3", 30_000, "a1", 50)}
    assert (found["gap"] > 1).all()


def test_empty_tables_give_empty_results_and_a_no_data_chart():
    lg = L.ledger(empty_table("claims"), empty_table("articles"))
    assert lg.empty and list(lg.columns) == L.LEDGER_COLUMNS
    assert L.agreements(lg).empty
    assert L.disagreements(lg).empty
    fig, ax = plt.subplots()
    L.plot_estimates(lg, "troops", ax=ax)
    assert any(t.get_text() == "no data" for t in ax.texts)
    plt.close(fig)


def test_chart_draws_one_row_per_article_with_qualifier_markers():
    claims = table(
        "claims",
        [
            claim("a1", 10_000, "lower_bound", source="Ministry"),
            claim("a2", 4_000, "upper_bound"),
            claim("a3", 11_000, "approximate"),
            claim("a3", 3_000, "additional"),
        ],
    )
    fig, ax = plt.subplots()
    L.plot_estimates(L.ledger(claims, ARTICLES), "troops", ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "2024-11-01 Evening Star",
        "2024-11-02 Daily Planet",
        "#3 Evening Star",
    ]
    assert ax.get_xscale() == "log"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"at least (→)", "up to (←)", "about (± band)", "additional (+)", "Ministry"} <= set(legend)
    plt.close(fig)


# --- threads: comparisons only inside a thread, one status, one unit ------------------------------------


def test_no_disagreement_across_threads_even_for_the_same_measure():
    claims = table(
        "claims",
        [claim("a1", 10_000, "lower_bound", thread="t-sent"), claim("a2", 10, "exact", thread="t-forest")],
    )
    assert L.disagreements(L.ledger(claims, ARTICLES)).empty


def test_disagreement_inside_a_thread_names_the_thread():
    claims = table(
        "claims", [claim("a1", 10_000, "lower_bound", thread="t1"), claim("a2", 4_000, "upper_bound", thread="t1")]
    )
    found = L.disagreements(L.ledger(claims, ARTICLES))
    assert found["thread"].tolist() == ["t1"]
    assert found["status"].tolist() == ["reported"]  # a missing status column means reported


def test_a_projection_is_not_compared_with_a_count_of_its_thread():
    claims = table(
        "claims", [claim("a1", 100_000, "upper_bound", thread="t1"), claim("a2", 11_000, "exact", thread="t1")]
    ).assign(status=["projected", "reported"])
    claims.loc[0, "low"] = 90_000.0  # "between 90,000 and 100,000 may be sent": apart from 11,000
    claims.loc[0, "qualifier"] = "range"
    lg = L.ledger(claims, ARTICLES)
    assert L.disagreements(lg).empty
    same_status = L.disagreements(lg.assign(status="reported"))
    assert len(same_status) == 1


def test_rates_with_different_units_are_not_compared():
    claims = table(
        "claims",
        [claim("a1", 0.30, "exact", what="money", thread="t1"), claim("a2", 5.0, "exact", what="money", thread="t1")],
    ).assign(per=["per share", "a day"])
    lg = L.ledger(claims, ARTICLES)
    assert L.disagreements(lg).empty
    assert len(L.disagreements(lg.assign(per="per share"))) == 1


def test_agreements_are_per_thread_and_status():
    claims = table(
        "claims",
        [
            claim("a1", 3000, "exact", thread="t1"),
            claim("a2", 3000, "exact", thread="t1"),
            claim("a3", 3000, "exact", thread="t2"),
        ],
    ).assign(status=["reported", "reported", "reported"])
    found = L.agreements(L.ledger(claims, ARTICLES))
    assert found[["thread", "articles"]].values.tolist() == [["t1", 2]]
    assert found["kind"].tolist() == ["total"]
    projected = L.agreements(L.ledger(claims.assign(status=["reported", "projected", "reported"]), ARTICLES))
    assert projected.empty


def test_thread_overview_lists_range_sources_and_status_mix_most_sources_first():
    claims = table(
        "claims",
        [
            claim("a1", 10_000, "lower_bound", thread="t1", source="Ministry", as_of="2024-11"),
            claim("a2", 11_000, "approximate", thread="t1", source="Army", as_of="2024-10-05"),
            claim("a3", 100_000, "upper_bound", thread="t1", source="Bloomberg"),
            claim("a3", 3, "exact", what="tanks", thread="t2"),
        ],
    ).assign(status=["reported", "reported", "projected", "reported"], subject="", place="")
    from newslab.annotate.threads import threads_table

    overview = L.thread_overview(L.ledger(claims, ARTICLES), threads_table(claims))
    top = overview.iloc[0]
    assert top["thread"] == "t1"
    assert top["range"] == "10,000 to 11,000"  # the projection is not part of the range
    assert top["sources"] == "Army; Bloomberg; Ministry"
    assert top["status_mix"] == "reported 2, projected 1"
    assert (top["first_as_of"], top["last_as_of"]) == ("2024-10-05", "2024-11")
    assert overview["thread"].tolist() == ["t1", "t2"]
    recomputed = L.thread_overview(L.ledger(claims, ARTICLES))  # without the threads table
    assert recomputed["thread"].tolist() == ["t1", "t2"]


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [(11_000, 11_000, "11,000"), (9_350, 12_650, "9,350 to 12,650"), (0.3, 0.3, "0.30"), (1, NAN, "1 to ?")],
)
def test_format_range(low, high, text):
    assert L.format_range(low, high) == text


def test_thread_chart_puts_projections_in_their_own_panel_and_dates_on_x():
    claims = table(
        "claims",
        [
            claim("a1", 10_000, "lower_bound", thread="t1", source="Ministry", as_of="2024-11"),
            claim("a2", 11_000, "approximate", thread="t1", source="Army", as_of="2024-10-05"),
            claim("a3", 100_000, "upper_bound", thread="t1", as_of="2024-11-20"),
            claim("a3", 12_000, "exact", thread="t1"),  # undated: left out, and said so
        ],
    ).assign(status=["reported", "reported", "projected", "reported"])
    fig = L.plot_thread(L.ledger(claims, ARTICLES), "t1", title="North Korean troops")
    counts, projections = fig.axes[:2]
    assert counts.get_yscale() == "log"
    assert "counts (2 figures)" in counts.get_title()
    assert "projected" in projections.get_title()
    assert "1 undated not shown" in fig._suptitle.get_text()
    legend = [t.get_text() for t in projections.get_legend().get_texts()]
    assert {"at least (↑)", "up to (↓)", "Ministry", "Army", "(unattributed)"} <= set(legend)
    plt.close(fig)


def test_thread_chart_without_dates_uses_article_order_and_survives_an_unknown_thread():
    claims = table("claims", [claim("a1", 500, "exact", thread="t1"), claim("a2", 520, "exact", thread="t1")])
    fig = L.plot_thread(L.ledger(claims, ARTICLES), "t1")
    assert "no dates" in fig.axes[0].get_xlabel()
    plt.close(fig)
    fig = L.plot_thread(L.ledger(claims, ARTICLES), "missing")
    assert any(t.get_text() == "no counts" for t in fig.axes[0].texts)
    plt.close(fig)


def test_axis_numbers_read_at_a_glance():
    assert [L.compact_number(v) for v in (950, 12_000, 4_800_000, 27_500_000_000, 2e12)] == [
        "950", "12k", "4.8m", "27.5bn", "2tn"
    ]
    assert L.compact_number(float("nan")) == "" and L.compact_number("x") == ""


def test_a_thread_chart_labels_its_log_axis_without_powers_of_ten():
    claims = table("claims", [claim("a1", 2.7e10, "exact", "money", thread="t9"),
                              claim("a2", 2.75e10, "exact", "money", thread="t9")])  # fmt: skip
    fig = L.plot_thread(L.ledger(claims, ARTICLES), "t9")
    fig.canvas.draw()
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels(which="both") if t.get_text()]
    assert labels and all("bn" in label and "10^" not in label and "times" not in label for label in labels)
    plt.close(fig)


def test_a_published_value_before_year_one_is_no_date():
    articles = ARTICLES.assign(published=["-1", "2024-11-01", ""])
    lg = L.ledger(table("claims", [claim("a1", 5, "exact"), claim("a2", 7, "exact")]), articles)
    assert lg.loc[lg["article_id"] == "a1", "date"].isna().all()
    fig, ax = plt.subplots()
    L.plot_estimates(lg, "troops", ax=ax)  # the tick labels need no date before year 1
    plt.close(fig)


def test_a_thread_chart_draws_sources_and_titles_with_dollar_signs():
    claims = table("claims", [claim("a1", 5e6, "exact", "money", thread="t7", source="a $_$ b"),
                              claim("a2", 6e6, "exact", "money", thread="t7", source="$$")])  # fmt: skip
    fig = L.plot_thread(L.ledger(claims, ARTICLES), "t7", title="Bids from $5 to $$")
    fig.canvas.draw()  # matplotlib would read "$_$" as maths and fail here
    plt.close(fig)
