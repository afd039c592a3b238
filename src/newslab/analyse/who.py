"""Who and where: which names dominate which articles, and which names appear together.

Everything works on canonical names, so "Kim Jong-un" and "Kim" count as one person. A
co-occurrence is two different canonical names in the same sentence of the same article; the
edge weight is the number of such sentences, a good proxy for how closely the text links them.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd

from newslab.analyse import plot_text

EDGE_COLUMNS = ["source", "target", "weight", "articles"]


def _group_labels() -> tuple[str, ...]:
    from newslab.analyse import ENTITY_GROUPS

    return tuple(label for labels in ENTITY_GROUPS.values() for label in labels)


def mentions_matrix(
    entities: pd.DataFrame, labels: tuple[str, ...], top_n: int = 30, top_articles: int | None = None
) -> pd.DataFrame:
    """Mentions per (canonical name, article): the top ``top_n`` names by mentions as rows, and
    the articles that mention those names most (``top_articles``, default ``top_n``) as columns.

    Capping both sides keeps the heatmap readable and the page small on large corpora.
    """
    subset = entities[entities["label"].isin(labels) & entities["canonical"].fillna("").ne("")]
    if subset.empty:
        return pd.DataFrame(dtype="int64")
    names = subset["canonical"].value_counts().sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    top_names = names.index[:top_n]
    subset = subset[subset["canonical"].isin(top_names)]
    by_article = subset["article_id"].value_counts().sort_index(kind="stable")
    by_article = by_article.sort_values(ascending=False, kind="stable")
    top_ids = by_article.index[: top_articles or top_n]
    subset = subset[subset["article_id"].isin(top_ids)]
    matrix = pd.crosstab(subset["canonical"], subset["article_id"])
    matrix = matrix.reindex(index=[n for n in top_names if n in matrix.index], columns=list(top_ids), fill_value=0)
    matrix.index.name, matrix.columns.name = "canonical", "article_id"
    return matrix.astype("int64")


def plot_heatmap(matrix: pd.DataFrame, ax: plt.Axes | None = None, title: str = "", column_labels=None) -> plt.Axes:
    """Heatmap (imshow) of a :func:`mentions_matrix`; ``column_labels`` maps article ids to short labels."""
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 6))
    if matrix.empty:
        ax.set_title(plot_text(title))
        return _no_data(ax)
    image = ax.imshow(matrix.to_numpy(), aspect="auto", cmap="Blues", interpolation="nearest")
    ax.set_yticks(range(len(matrix.index)))
    ax.set_yticklabels([plot_text(n, 30) for n in matrix.index], fontsize=8)
    labels = [plot_text((column_labels or {}).get(c, c), 25) for c in matrix.columns]
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=75, ha="right", fontsize=7)
    ax.set_title(plot_text(title))
    plt.colorbar(image, ax=ax, fraction=0.03, pad=0.01, label="mentions")
    return ax


def cooccurrence_edges(
    entities: pd.DataFrame, top_n: int | None = None, labels: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Pairs of canonical names that share a sentence, with ``weight`` = sentences and ``articles``.

    Vectorised: one row per (sentence, name), a self-merge on the sentence (sentences hold a
    handful of names, so the merge stays small), then a group-by over the pairs. ``top_n`` keeps
    only the most mentioned names; ``labels`` defaults to the groups shown in the reports.
    """
    labels = labels or _group_labels()
    subset = entities[entities["label"].isin(labels) & entities["canonical"].fillna("").ne("")]
    if top_n is not None and not subset.empty:
        counts = subset["canonical"].value_counts().sort_index(kind="stable")
        keep = counts.sort_values(ascending=False, kind="stable").index[:top_n]  # ties: alphabetical
        subset = subset[subset["canonical"].isin(keep)]
    if subset.empty:
        return pd.DataFrame(
            {
                "source": pd.Series(dtype="string"),
                "target": pd.Series(dtype="string"),
                "weight": pd.Series(dtype="int64"),
                "articles": pd.Series(dtype="int64"),
            }
        )
    rows = subset[["article_id", "sentence", "canonical"]].astype(str)
    rows = rows.assign(sid=rows.groupby(["article_id", "sentence"], sort=False).ngroup())
    rows = rows.drop_duplicates(["sid", "canonical"])[["sid", "article_id", "canonical"]]
    pairs = rows.merge(rows[["sid", "canonical"]], on="sid", suffixes=("_a", "_b"))
    pairs = pairs[pairs["canonical_a"] < pairs["canonical_b"]]
    edges = (
        pairs.groupby(["canonical_a", "canonical_b"])
        .agg(weight=("sid", "nunique"), articles=("article_id", "nunique"))
        .reset_index()
        .rename(columns={"canonical_a": "source", "canonical_b": "target"})
        .sort_values(["weight", "articles", "source", "target"], ascending=[False, False, True, True])
    )
    edges["source"] = edges["source"].astype("string")
    edges["target"] = edges["target"].astype("string")
    return edges[EDGE_COLUMNS].astype({"weight": "int64", "articles": "int64"}).reset_index(drop=True)


def cooccurrence_graph(edges: pd.DataFrame, nodes: pd.DataFrame | None = None) -> nx.Graph:
    """Undirected weighted graph of :func:`cooccurrence_edges`.

    ``nodes`` (optional, e.g. :func:`newslab.analyse.entity_counts`) adds ``label`` and
    ``mentions`` attributes, keyed by its ``canonical`` column.
    """
    table = edges[EDGE_COLUMNS].astype({"source": str, "target": str, "weight": int, "articles": int})
    graph = nx.from_pandas_edgelist(table, "source", "target", edge_attr=["weight", "articles"])
    if nodes is not None and len(nodes):
        attrs = nodes.drop_duplicates("canonical").set_index("canonical")
        for name in graph.nodes:
            if name in attrs.index:
                graph.nodes[name]["label"] = str(attrs.at[name, "label"])
                graph.nodes[name]["mentions"] = int(attrs.at[name, "mentions"])
    return graph


def top_nodes(graph: nx.Graph, top_n: int) -> list[str]:
    """The ``top_n`` nodes by weighted degree (total co-occurring sentences), ties by name."""
    strength = dict(graph.degree(weight="weight"))
    return sorted(strength, key=lambda n: (-strength[n], n))[:top_n]


def central_names(graph: nx.Graph, nodes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Names by how strongly they are linked: linked sentences (weighted degree) and linked names
    (degree), with label, mentions and articles from ``nodes`` (an :func:`entity_counts` table)."""
    central = pd.DataFrame(
        {
            "canonical": pd.Series(list(graph.nodes), dtype="string"),
            "linked_sentences": pd.Series([d for _, d in graph.degree(weight="weight")], dtype="int64"),
            "linked_names": pd.Series([d for _, d in graph.degree()], dtype="int64"),
        }
    )
    if nodes is not None:
        extra = nodes[["canonical", "label", "mentions", "articles"]].drop_duplicates("canonical")
        central = central.merge(extra.astype({"canonical": "string"}), on="canonical", how="left")
    return central.sort_values(["linked_sentences", "canonical"], ascending=[False, True]).reset_index(drop=True)


LABEL_COLOURS = {
    "PERSON": "#d95f02",
    "ORG": "#1b9e77",
    "OUTLET": "#1b9e77",
    "NORP": "#66a61e",
    "GPE": "#7570b3",
    "LOC": "#7570b3",
    "FAC": "#7570b3",
    "WEAPON": "#e7298a",
}


def draw_network(graph: nx.Graph, ax: plt.Axes | None = None, top_n: int = 30, seed: int = 7) -> plt.Axes:
    """Draw the ``top_n`` strongest nodes: size = weighted degree, edge width = shared sentences,
    colour = entity label (when the graph has labels). A fixed ``seed`` keeps the layout stable."""
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 8))
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        return _no_data(ax)
    sub = graph.subgraph(top_nodes(graph, top_n))
    strength = dict(sub.degree(weight="weight"))
    pos = nx.spring_layout(sub, weight="weight", seed=seed, k=1.5 / max(1, np.sqrt(sub.number_of_nodes())))
    weights = np.array([d["weight"] for _, _, d in sub.edges(data=True)], dtype=float)
    widths = 0.5 + 4 * weights / weights.max() if len(weights) else []
    nx.draw_networkx_edges(sub, pos, ax=ax, width=widths, alpha=0.35, edge_color="#555")
    top = max(strength.values()) or 1
    sizes = [80 + 900 * strength[n] / top for n in sub.nodes]
    colours = [LABEL_COLOURS.get(sub.nodes[n].get("label", ""), "#888") for n in sub.nodes]
    nx.draw_networkx_nodes(sub, pos, ax=ax, node_size=sizes, node_color=colours, alpha=0.85)
    nx.draw_networkx_labels(sub, pos, ax=ax, labels={n: plot_text(n, 28) for n in sub.nodes}, font_size=8)
    return ax


def _no_data(ax: plt.Axes) -> plt.Axes:
    ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes, color="#666")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def link_examples(edges: pd.DataFrame, entities: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """For each of the first ``n`` links, one sentence naming both names (the first found), so a reader can check
    what links them; links without such a sentence are left out."""
    examples = []
    for src, dst in edges[["source", "target"]].head(n).itertuples(index=False):
        both = entities[entities["canonical"].isin([src, dst])]
        shared = both.groupby(["article_id", "sentence"])["canonical"].nunique()
        shared = shared[shared == 2]
        if len(shared):
            article_id, sentence = shared.index[0]
            examples.append({"source": src, "target": dst, "article_id": article_id, "sentence": sentence})
    return pd.DataFrame(examples, columns=["source", "target", "article_id", "sentence"])
