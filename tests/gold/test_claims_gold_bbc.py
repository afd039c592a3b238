"""Counted figures on real BBC text against a hand-made gold (tests/gold/claims_bbc_figures.json).

The gold's ``dev`` articles were read while building the extractor; ``heldout`` ones were only
scored at the end. Scores are value F1 (the figure's number found) and value+qualifier F1.
Run as a script to print the scores: ``python tests/gold/test_claims_gold_bbc.py dev heldout``. The
corpus is looked for beside the project (``../shared/corpora/bbc-news/news``); ``NEWSLAB_BBC_DIR``
points elsewhere (e.g. from a git worktree). Skipped when absent.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).with_name("claims_bbc_figures.json")
BBC = Path(os.environ.get("NEWSLAB_BBC_DIR", ROOT.parent / "shared" / "corpora" / "bbc-news" / "news"))


def _key(value: float) -> float:
    return round(float(value), 4)


def _f1(gold: Counter, found: Counter) -> tuple[float, float, float]:
    hit = sum((gold & found).values())
    p = hit / sum(found.values()) if found else 1.0
    r = hit / sum(gold.values()) if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(nlp, split: str) -> dict[str, tuple[float, float, float]]:
    """Precision, recall and F1 of values and of (value, qualifier) over one split of the gold."""
    from newslab.annotate.claims import extract_claims

    gold_v, found_v, gold_vq, found_vq = Counter(), Counter(), Counter(), Counter()
    for art in json.loads(GOLD.read_text(encoding="utf-8"))["articles"]:
        if art["split"] != split:
            continue
        body = (BBC / art["path"]).read_text(encoding="utf-8").split("\n\n", 1)[-1]
        rows = extract_claims(nlp(body))
        gold_v.update((art["path"], _key(v)) for v, _, _, _ in art["figures"])
        gold_vq.update((art["path"], _key(v), q) for v, _, q, _ in art["figures"])
        found_v.update((art["path"], _key(r["value"])) for r in rows)
        found_vq.update((art["path"], _key(r["value"]), r["qualifier"]) for r in rows)
    return {"value": _f1(gold_v, found_v), "value+qualifier": _f1(gold_vq, found_vq)}


@pytest.mark.skipif(not BBC.exists(), reason="BBC corpus not beside the project")
@pytest.mark.parametrize(("split", "value_f1", "qualifier_f1"), [("dev", 0.9, 0.85), ("heldout", 0.85, 0.8)])
def test_counted_figures_on_bbc(nlp, split, value_f1, qualifier_f1) -> None:
    scores = score(nlp, split)
    assert scores["value"][2] >= value_f1, scores
    assert scores["value+qualifier"][2] >= qualifier_f1, scores


if __name__ == "__main__":
    import sys

    from newslab.annotate import load_pipeline
    from newslab.config import DEFAULT_MODEL

    model = load_pipeline(DEFAULT_MODEL)
    for name in sys.argv[1:] or ["dev"]:
        for measure, (p, r, f) in score(model, name).items():
            print(f"{name:8s} {measure:16s} P={p:.2f} R={r:.2f} F1={f:.2f}")
