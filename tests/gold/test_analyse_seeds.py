"""The analyses on the seeds, end to end (read -> annotate -> analyse), checked against a careful reading.

Seeds 001 and 002 retell one South Korean military briefing in different words: an additional 3,000
troops, about 11,000 in all, some 4,000 casualties, Rudenko confirming a Kim visit, a Lavrov trip.
"""

from __future__ import annotations

import pytest

from newslab.analyse import ledger, overlap

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_tables(seed_read, seed_annotate):
    return seed_read.articles, seed_annotate.tables()


def _ids(articles, *prefixes):
    return [next(a for a in articles["article_id"] if a.startswith(p)) for p in prefixes]


def test_the_two_retellings_are_the_one_same_story_pair(seed_tables):
    articles, t = seed_tables
    pairs = overlap.same_story_pairs(articles, t["entities"], t["claims"])
    assert list(zip(pairs["article_a"], pairs["article_b"], strict=True)) == [tuple(_ids(articles, "001", "002"))]
    shared = pairs.iloc[0]
    assert {"3000", "11000"} <= set(shared["shared_values"])
    assert any("rudenko" in name for name in shared["shared_entities"])


def test_the_retellings_agree_on_the_additional_troops(seed_tables):
    articles, t = seed_tables
    found = ledger.agreements(ledger.ledger(t["claims"], articles))
    increments = found[(found["kind"] == "increment") & (found["value"] == 3000)]
    assert len(increments) == 1
    assert set(_ids(articles, "001", "002")) <= set(increments["article_ids"].iat[0].split("; "))
