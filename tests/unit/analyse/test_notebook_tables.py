"""Tables the analysis notebooks show, built by the package (formerly logic in notebook cells)."""

from __future__ import annotations

import pandas as pd

from newslab.analyse import ledger, overlap, who


def _ledger_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "what": ["troops", "troops", "troops", "shells"],
            "qualifier": ["exact", "lower_bound", "lower_bound", "approximate"],
            "value": [10.0, 12.0, 11.0, 3.0],
            "article_id": ["a", "b", "b", "a"],
            "outlet": ["X", "", "", "X"],
            "hedged": [True, False, False, False],
            "source": ["officials", "", "", ""],
        }
    )


def test_qualifiers_by_category_keeps_the_top_categories_least_first():
    table = ledger.qualifiers_by_category(_ledger_rows(), top_n=1)
    assert table.index.tolist() == ["troops"]
    assert table.loc["troops", "lower_bound"] == 2 and table.loc["troops", "exact"] == 1
    assert ledger.qualifiers_by_category(_ledger_rows()).index.tolist() == ["shells", "troops"]


def test_category_summary_counts_and_shares():
    summary = ledger.category_summary(_ledger_rows()).set_index("what")
    assert summary.index.tolist() == ["troops", "shells"]
    assert summary.loc["troops", ["claims", "articles", "outlets"]].tolist() == [3, 2, 1]
    assert summary.loc["troops", "hedged"] == 0.33 and summary.loc["troops", "attributed"] == 0.33


def test_link_examples_give_a_sentence_naming_both():
    entities = pd.DataFrame(
        {
            "canonical": ["Kim", "Putin", "Kim", "Shoigu"],
            "article_id": ["a", "a", "b", "b"],
            "sentence": ["Kim met Putin.", "Kim met Putin.", "Kim spoke.", "Shoigu left."],
        }
    )
    edges = pd.DataFrame({"source": ["Kim", "Kim"], "target": ["Putin", "Shoigu"]})
    examples = who.link_examples(edges, entities)
    assert examples.to_dict("records") == [
        {"source": "Kim", "target": "Putin", "article_id": "a", "sentence": "Kim met Putin."}
    ]
    assert list(who.link_examples(edges.head(0), entities).columns) == ["source", "target", "article_id", "sentence"]


def test_pairs_with_titles_and_distinctive_terms_table():
    articles = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "title": ["Troops sent", "Shells sold"],
            "outlet": ["X", ""],
            "body": ["Soldiers soldiers marched north.", "Artillery shells artillery sold."],
        }
    )
    pairs = pd.DataFrame({"article_a": ["a"], "article_b": ["b"], "similarity": [0.5]})
    shown = overlap.pairs_with_titles(pairs, articles)
    assert shown.loc[0, ["title_a", "outlet_a", "title_b", "outlet_b"]].tolist() == [
        "Troops sent",
        "X",
        "Shells sold",
        "",
    ]
    per_article = overlap.distinctive_terms_table(articles, top_k=1)
    assert per_article.to_dict("records") == [
        {"article_id": "a", "title": "Troops sent", "distinctive terms": "soldiers"},
        {"article_id": "b", "title": "Shells sold", "distinctive terms": "artillery"},
    ]
    per_outlet = overlap.distinctive_terms_table(articles, top_k=1, by="outlet")
    assert per_outlet["outlet"].tolist() == ["(unknown)", "X"]
