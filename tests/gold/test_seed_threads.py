"""Hand-made gold of claim threads on the seeds (issue 14), from a careful reading of the five articles.

* one thread for the troops North Korea sent to Russia: "over 10,000 soldiers" (000), "thousands of
  troops" to Kursk (000), "about 11,000 troops" (001), "approximately 11,000 soldiers" (002) and
  "up to 11,000 North Korean soldiers" (004);
* one increment thread for "an additional 3,000" (001, and twice in 002);
* one thread for the ~4,000 North Korean casualties (001 "at least 4,000 dead and wounded", 002
  "around 4,000 casualties");
* apart: the ten North Korean soldiers met in a forest (004) and the nine people wounded in a drone
  strike on Kharkiv (001);
* "as many as 100,000 troops" (may send) and "as many as 15,000" (expected) are projections;
* no disagreement at all: none of the seeds contradicts another.
"""

from __future__ import annotations

import pandas as pd
import pytest

from newslab.analyse import ledger as L
from newslab.annotate import annotate_corpus
from newslab.config import DEFAULT_MODEL

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds(seed_read, tmp_path_factory):
    result = annotate_corpus(seed_read.articles, DEFAULT_MODEL, cache_dir=tmp_path_factory.mktemp("cache"))
    return seed_read.articles, result


def _claim(articles: pd.DataFrame, claims: pd.DataFrame, prefix: str, value: float, qualifier: str, words: str = ""):
    aid = articles.loc[articles["source_path"].str.startswith(prefix), "article_id"].iat[0]
    rows = claims[(claims["article_id"] == aid) & (claims["value"] == value) & (claims["qualifier"] == qualifier)]
    if words:
        rows = rows[rows["sentence"].str.contains(words, regex=False)]
    assert len(rows) >= 1, (prefix, value, qualifier, words)
    return rows


def test_troops_sent_to_russia_are_one_thread(seeds):
    articles, result = seeds
    c = result.claims
    members = [
        _claim(articles, c, "000_", 10_000, "lower_bound"),
        _claim(articles, c, "000_", 1_000, "lower_bound", "thousands of troops"),
        _claim(articles, c, "001_", 11_000, "approximate"),
        _claim(articles, c, "002_", 11_000, "approximate"),
        _claim(articles, c, "004_", 11_000, "upper_bound"),
    ]
    threads = {t for rows in members for t in rows["thread"]}
    assert len(threads) == 1, threads
    (thread,) = threads
    row = result.threads.set_index("thread").loc[thread]
    assert row["n_articles"] >= 4
    assert result.threads["thread"].iat[0] == thread  # the most sourced thread comes first


def test_the_additional_3000_are_one_increment_thread(seeds):
    articles, result = seeds
    c = result.claims
    increments = pd.concat(
        [_claim(articles, c, "001_", 3_000, "additional"), _claim(articles, c, "002_", 3_000, "additional")]
    )
    assert len(increments) >= 3
    assert increments["thread"].nunique() == 1
    total = _claim(articles, c, "001_", 11_000, "approximate")["thread"].iat[0]
    assert increments["thread"].iat[0] != total


def test_the_4000_casualties_are_one_thread_and_kharkiv_is_apart(seeds):
    articles, result = seeds
    c = result.claims
    casualties = pd.concat(
        [_claim(articles, c, "001_", 4_000, "lower_bound"), _claim(articles, c, "002_", 4_000, "approximate")]
    )
    assert casualties["thread"].nunique() == 1
    kharkiv = _claim(articles, c, "001_", 9, "exact", "Kharkiv")
    assert kharkiv["thread"].iat[0] != casualties["thread"].iat[0]


def test_ten_soldiers_in_a_forest_are_not_the_troops_sent(seeds):
    articles, result = seeds
    c = result.claims
    forest = _claim(articles, c, "004_", 10, "exact", "forest")
    sent = _claim(articles, c, "000_", 10_000, "lower_bound")
    assert forest["thread"].iat[0] != sent["thread"].iat[0]


def test_no_false_disagreements_on_the_seeds(seeds):
    articles, result = seeds
    found = L.disagreements(L.ledger(result.claims, articles))
    assert found.empty, found[["what", "value_a", "value_b", "sentence_a", "sentence_b"]].to_string()


def test_as_of_skips_a_since_date_and_falls_back_to_publication(seeds):
    articles, result = seeds
    containers = _claim(articles, result.claims, "003_", 10_000, "lower_bound", "containers")
    assert containers[["as_of", "as_of_from"]].iloc[0].tolist() == ["2024-08-19", "published"]
    undated = result.claims[result.claims["as_of"] == ""]
    assert (undated["as_of_from"] == "").all()


def test_100000_and_15000_are_projected(seeds):
    articles, result = seeds
    c = result.claims
    assert "status" in c.columns
    for value in (100_000, 15_000):
        rows = _claim(articles, c, "004_", value, "upper_bound")
        assert (rows["status"] == "projected").all(), value
