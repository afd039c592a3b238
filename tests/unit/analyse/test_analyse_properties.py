"""Property-based tests: every public function of ``newslab.analyse`` takes any table its schema allows.

The tables come from ``tests/strategies.py``: hostile Unicode and markup, NaN, +-inf, 1e308,
negative numbers, missing integers, dates outside pandas' range, impossible days, empty and
one-row tables. Besides not raising, each test checks what the function promises. Plots are
drawn (``canvas.draw``: matplotlib parses labels only then) and closed.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from strategies import articles, corpus, fast, table, text  # noqa: E402

from newslab import analyse  # noqa: E402
from newslab.analyse import ENTITY_GROUPS, ledger, overlap, timeline, who  # noqa: E402

# Fonts lack glyphs for odd code points: matplotlib warns, which is all it should do.
pytestmark = pytest.mark.filterwarnings("ignore:Glyph")
ALL_LABELS = tuple(label for labels in ENTITY_GROUPS.values() for label in labels)


def drawn(ax: plt.Axes) -> None:
    """Render the figure (where bad labels fail) and close it."""
    fig = ax.figure
    try:
        fig.canvas.draw()
    finally:
        plt.close(fig)


# analyse/__init__.py


@fast()
@given(table("entities"), st.sampled_from(list(ENTITY_GROUPS.values()) + [ALL_LABELS, ("",)]))
def test_entity_counts(entities, labels):
    counts = analyse.entity_counts(entities, labels)
    assert list(counts.columns) == ["canonical", "label", "mentions", "articles"]
    assert counts["mentions"].sum() == entities["label"].isin(labels).sum()
    assert counts["canonical"].is_unique


# ledger.py


@fast()
@given(table("claims"))
def test_scope_key(claims):
    keys = ledger.scope_key(claims["scope"])
    assert len(keys) == len(claims) and keys.index.equals(claims.index)


@fast()
@given(corpus())
def test_ledger_intervals_agreements_disagreements(tables):
    claims, arts = tables["claims"], tables["articles"]
    df = ledger.ledger(claims, arts)
    assert list(df.columns) == ledger.LEDGER_COLUMNS and len(df) == len(claims)
    spans = ledger.intervals(df)
    point = spans["qualifier"].isin(["exact", "additional"]) & spans["value"].notna()
    assert (spans.loc[point, "lo"] == spans.loc[point, "value"]).all()
    agree = ledger.agreements(df)
    assert (agree["articles"] >= 2).all()
    disagree = ledger.disagreements(df)
    assert (disagree["article_id_a"] != disagree["article_id_b"]).all()
    gap = pd.to_numeric(disagree["gap"])
    assert ((gap >= 1) | gap.isna()).all(), "a gap is a ratio of at least 1, or NaN where a ratio means nothing"


@fast(15)
@given(corpus(), st.integers(1, 5))
def test_plot_estimates(tables, max_articles):
    df = ledger.ledger(tables["claims"], tables["articles"])
    for what in [*df["what"].unique()[:1], "not a category"]:
        _, ax = plt.subplots()
        drawn(ledger.plot_estimates(df, what, ax=ax, max_articles=max_articles))


# timeline.py


@fast()
@given(articles())
def test_published_dates(arts):
    dates = timeline.published_dates(arts)
    assert dates.index.equals(arts.index) and str(dates.dtype) == "datetime64[ns]"
    placed = dates.dropna()
    assert ((placed >= timeline.AXIS_START) & (placed < timeline.AXIS_END)).all()


@fast()
@given(table("dates"))
def test_place_dates(dates):
    place = timeline.place_dates(dates["resolved"])
    assert place.index.equals(dates.index)
    on_axis = place["start"].notna()
    assert (place.loc[on_axis, "start"] < place.loc[on_axis, "end"]).all()
    assert (place.loc[on_axis, "reason"] == "").all()
    stated = dates["resolved"].str.strip() != ""
    assert (place.loc[stated & ~on_axis, "reason"] != "").all(), "a stated date without a place has a reason"


@fast()
@given(corpus())
def test_timeline_events_and_off_axis_dates_account_for_every_resolved_date(tables):
    dates, arts = tables["dates"], tables["articles"]
    events = timeline.timeline_events(dates, arts)
    off = timeline.off_axis_dates(dates, arts)
    assert list(events.columns) == timeline.EVENT_COLUMNS and list(off.columns) == timeline.OFF_AXIS_COLUMNS
    assert (events["start"] < events["end"]).all()
    starts = events["start"].dt.strftime("%Y-%m-%d")
    assert all(s.startswith(r) for s, r in zip(starts, events["resolved"], strict=True))
    mentioned = off[off["kind"] == "mentioned"]
    assert len(events) + len(mentioned) == (dates["resolved"].str.strip() != "").sum()
    assert (off["reason"] != "").all()
    published = off[off["kind"] == "published"]
    assert len(published) == ((arts["published"].str.strip() != "") & timeline.published_dates(arts).isna()).sum()


@fast(15)
@given(corpus(), st.sampled_from(["article_id", "outlet"]), st.integers(1, 6))
def test_plot_timeline(tables, by, max_rows):
    events = timeline.timeline_events(tables["dates"], tables["articles"])
    _, ax = plt.subplots()
    drawn(timeline.plot_timeline(events, tables["articles"], ax=ax, by=by, max_rows=max_rows))


# who.py


@fast(15)
@given(corpus(), st.sampled_from(list(ENTITY_GROUPS.values())), st.integers(1, 5), st.integers(1, 5))
def test_mentions_matrix_and_heatmap(tables, labels, top_n, top_articles):
    entities = tables["entities"]
    matrix = who.mentions_matrix(entities, labels, top_n=top_n, top_articles=top_articles)
    assert matrix.shape[0] <= top_n and matrix.shape[1] <= top_articles
    assert (matrix.to_numpy() >= 0).all()
    titles = dict(zip(tables["articles"]["article_id"], tables["articles"]["title"], strict=True))
    _, ax = plt.subplots()
    drawn(who.plot_heatmap(matrix, ax=ax, title="$$ <b>", column_labels=titles))


@fast(15)
@given(table("entities"), st.one_of(st.none(), st.integers(1, 5)), st.integers(1, 6))
def test_cooccurrence_network(entities, top_n, draw_top):
    edges = who.cooccurrence_edges(entities, top_n=top_n)
    assert list(edges.columns) == who.EDGE_COLUMNS
    assert (edges["source"] < edges["target"]).all()
    assert ((edges["weight"] >= edges["articles"]) & (edges["articles"] >= 1)).all()
    nodes = analyse.entity_counts(entities, ALL_LABELS)
    graph = who.cooccurrence_graph(edges, nodes)
    assert isinstance(graph, nx.Graph) and graph.number_of_edges() == len(edges)
    assert len(who.top_nodes(graph, draw_top)) == min(draw_top, graph.number_of_nodes())
    central = who.central_names(graph, nodes)
    assert len(central) == graph.number_of_nodes()
    _, ax = plt.subplots()
    drawn(who.draw_network(graph, ax=ax, top_n=draw_top))


# overlap.py


@fast()
@given(text, st.integers(1, 4))
def test_words_and_shingles(value, size):
    tokens = overlap.words(value)
    assert all(t and t == t.lower() for t in tokens)
    assert set(overlap.content_words(value)) <= set(tokens)
    assert all(len(s.split(" ")) <= size for s in overlap.shingles(value, size))


@fast()
@given(corpus())
def test_fact_sets_idf_and_jaccard(tables):
    facts = overlap.fact_sets(tables["articles"], tables["entities"], tables["claims"])
    assert set(facts) == set(tables["articles"]["article_id"])
    weights = overlap.idf_weights(facts)
    assert all(np.isfinite(w) and w > 0 for w in weights.values())
    sets = list(facts.values())
    for a, b in zip(sets, sets[1:], strict=False):
        assert 0.0 <= overlap.jaccard(a, b) <= 1.0
        assert 0.0 <= overlap.weighted_jaccard(a, b, weights) <= 1.0


@fast(15)
@given(corpus(), st.floats(0.05, 1.0), st.integers(1, 3))
def test_same_story_pairs_and_what_each_adds(tables, threshold, shingle_size):
    arts, ents, claims, quotes = (tables[n] for n in ("articles", "entities", "claims", "quotes"))
    pairs = overlap.same_story_pairs(arts, ents, claims, threshold=threshold, shingle_size=shingle_size, num_perm=32)
    assert list(pairs.columns) == overlap.PAIR_COLUMNS
    assert (pairs["article_a"] < pairs["article_b"]).all()
    assert pairs["similarity"].between(threshold - 1e-3, 1.0).all()
    ids = arts["article_id"].tolist()
    chosen = [pairs.iloc[0].to_dict()] if len(pairs) else []
    chosen += [(ids[0], ids[-1])] if ids else [("a1", "not an article")]
    for pair in chosen:
        adds = overlap.what_each_adds(pair, ents, claims, quotes, articles=arts)
        assert list(adds.columns) == overlap.ADDS_COLUMNS
        assert set(adds["kind"]) <= {"entity", "claim", "quote", "sentence"}


@fast()
@given(table("quotes"), st.one_of(st.none(), articles()))
def test_quotes_by_speaker(quotes, arts):
    speakers = overlap.quotes_by_speaker(quotes, arts)
    assert speakers["quotes"].sum() == len(quotes)
    assert speakers["speaker"].is_unique


@fast()
@given(articles(), st.integers(1, 5), st.sampled_from(["article_id", "outlet"]))
def test_distinctive_terms(arts, top_k, by):
    terms = overlap.distinctive_terms(arts, top_k=top_k, by=by)
    assert list(terms.columns) == [by, "term", "count", "tfidf"]
    assert (pd.to_numeric(terms["tfidf"]) > 0).all()
    assert (terms.groupby(by).size() <= top_k).all()
