"""Who and where: mentions matrix, co-occurrence weights, the network drawing."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from newslab.analyse import who  # noqa: E402
from newslab.tables import SCHEMAS, conform, empty_table  # noqa: E402

_DEFAULTS = {"string": "", "Int64": 0, "float64": float("nan"), "bool": False, "list<string>": []}


def table(name: str, rows: list[dict]) -> pd.DataFrame:
    full = [{c.name: row.get(c.name, _DEFAULTS[c.dtype]) for c in SCHEMAS[name]} for row in rows]
    return conform(pd.DataFrame(full, columns=[c.name for c in SCHEMAS[name]]), name) if rows else empty_table(name)


def mention(article: str, canonical: str, label: str, sentence: str, text: str | None = None) -> dict:
    return {
        "article_id": article,
        "canonical": canonical,
        "label": label,
        "sentence": sentence,
        "text": text or canonical,
    }


S1 = "Mayor Ada Okafor met Governor Lena Park in Riverton."
S2 = "Okafor said Riverton needed help."
S3 = "Park and Okafor toured the dam."
ENTITIES = table(
    "entities",
    [
        mention("n1", "Ada Okafor", "PERSON", S1),
        mention("n1", "Lena Park", "PERSON", S1),
        mention("n1", "Riverton", "GPE", S1),
        mention("n1", "Ada Okafor", "PERSON", S2, "Okafor"),
        mention("n1", "Riverton", "GPE", S2),
        mention("n2", "Lena Park", "PERSON", S3, "Park"),
        mention("n2", "Ada Okafor", "PERSON", S3, "Okafor"),
        mention("n2", "Ada Okafor", "PERSON", S3, "Okafor"),  # named twice in one sentence: still one sentence
        mention("n2", "Tuesday", "DATE", S3),  # not a group shown in the reports
    ],
)


def weights(edges: pd.DataFrame) -> dict[tuple[str, str], tuple[int, int]]:
    return {(s, t): (w, a) for s, t, w, a in edges.itertuples(index=False)}


def test_cooccurrence_counts_sentences_and_articles_once_per_pair():
    edges = who.cooccurrence_edges(ENTITIES)
    assert list(edges.columns) == who.EDGE_COLUMNS
    assert weights(edges) == {
        ("Ada Okafor", "Lena Park"): (2, 2),  # S1 in n1 and S3 in n2
        ("Ada Okafor", "Riverton"): (2, 1),  # S1 and S2, both in n1
        ("Lena Park", "Riverton"): (1, 1),
    }
    assert edges["weight"].is_monotonic_decreasing


def test_same_sentence_text_in_two_articles_counts_twice():
    rows = [mention(a, n, "PERSON", "Smith and Jones spoke.") for a in ("x", "y") for n in ("Smith", "Jones")]
    assert weights(who.cooccurrence_edges(table("entities", rows))) == {("Jones", "Smith"): (2, 2)}


def test_top_n_keeps_only_the_most_mentioned_names():
    edges = who.cooccurrence_edges(ENTITIES, top_n=2)  # Okafor (4), then Park/Riverton (2 each: alphabetical)
    assert weights(edges) == {("Ada Okafor", "Lena Park"): (2, 2)}


def test_mentions_matrix_counts_per_article_for_the_group():
    matrix = who.mentions_matrix(ENTITIES, ("PERSON",), top_n=5)
    assert list(matrix.index) == ["Ada Okafor", "Lena Park"]
    assert matrix.loc["Ada Okafor", "n1"] == 2 and matrix.loc["Ada Okafor", "n2"] == 2
    assert matrix.loc["Lena Park"].sum() == 2
    assert "Riverton" not in matrix.index


def test_mentions_matrix_caps_articles():
    matrix = who.mentions_matrix(ENTITIES, ("PERSON", "GPE"), top_n=5, top_articles=1)
    assert list(matrix.columns) == ["n1"]  # n1 has 5 mentions, n2 has 3


def test_graph_and_drawing():
    graph = who.cooccurrence_graph(
        who.cooccurrence_edges(ENTITIES),
        pd.DataFrame({"canonical": ["Ada Okafor"], "label": ["PERSON"], "mentions": [4]}),
    )
    assert graph["Ada Okafor"]["Lena Park"]["weight"] == 2
    assert graph.nodes["Ada Okafor"]["label"] == "PERSON"
    assert who.top_nodes(graph, 1) == ["Ada Okafor"]
    central = who.central_names(
        graph, pd.DataFrame({"canonical": ["Ada Okafor"], "label": ["PERSON"], "mentions": [4], "articles": [2]})
    )
    assert list(central["canonical"]) == ["Ada Okafor", "Lena Park", "Riverton"]  # 4 linked sentences, then 3, 3
    assert list(central["linked_sentences"]) == [4, 3, 3] and central.at[0, "mentions"] == 4
    fig, ax = plt.subplots()
    who.draw_network(graph, ax, top_n=2)
    assert sorted(t.get_text() for t in ax.texts) == ["Ada Okafor", "Lena Park"]  # Riverton ties Park, loses on name
    plt.close(fig)


def test_empty_entities_give_empty_results_and_no_data_drawings():
    empty = empty_table("entities")
    edges = who.cooccurrence_edges(empty)
    assert edges.empty and list(edges.columns) == who.EDGE_COLUMNS
    assert who.mentions_matrix(empty, ("PERSON",), 10).empty
    graph = who.cooccurrence_graph(edges)
    assert graph.number_of_nodes() == 0
    assert who.central_names(graph, empty.assign(mentions=0, articles=0)).empty
    fig, (ax1, ax2) = plt.subplots(1, 2)
    who.draw_network(graph, ax1)
    who.plot_heatmap(who.mentions_matrix(empty, ("PERSON",), 10), ax2)
    assert [t.get_text() for t in ax1.texts] == ["no data"] and [t.get_text() for t in ax2.texts] == ["no data"]
    plt.close(fig)
