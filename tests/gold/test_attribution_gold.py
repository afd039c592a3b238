"""Quotes, speakers and figure sources against a hand-labelled gold on BBC articles (``attribution_bbc.json``).

The gold names each article by its path under ``../shared`` and each quote by its first words, so the
articles are read in place and never copied into the project. Skipped when ``../shared`` is absent.

Scoring (also used by hand: ``python tests/gold/test_attribution_gold.py ../shared``):

* a gold quote is *found* when a ``direct`` quote row starts with its first words (case and spacing
  ignored); predicted direct quotes of fewer than four words are not counted against precision,
  because the gold leaves out one- to three-word scare quotes;
* a found quote's speaker is *right* when the last name word of the row's speaker or of the gold speaker is a
  name word of the other (titles and function words ignored: "Mr Frost" matches "David Frost", "the cardinal"
  matches "Cardinal Cormac Murphy-O'Connor", "Jack Law" does not match "Jack McConnell");
* a gold figure's source is right when a claim of that value in the article has a matching ``source``;
* articles with ``"quotes_labelled": false`` (``dev2``/``heldout2``, labelled for their figures only) count for
  the figures and are skipped by the quote scores; articles with ``"figures_labelled": false`` (``dev_q2``/
  ``heldout_q2``, labelled for their quotes only) are left out of the figure score.

Splits: ``dev``/``dev2``/``dev_q2`` were looked at while writing the rules; ``heldout_q2`` was only scored, never
used to write a rule (new splits: ``sha256(path)[0] % 3 == 0`` is held out); ``heldout`` was looked at once, for two
quote regressions, and ``heldout2``'s figure misses were read after it was scored (README says when each was scored).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

GOLD = Path(__file__).with_name("attribution_bbc.json")
# ``NEWSLAB_SHARED`` points elsewhere (e.g. from a git worktree, whose parent has no ``shared``).
SHARED = Path(os.environ.get("NEWSLAB_SHARED", Path(__file__).resolve().parents[2].parent / "shared"))
_NOT_NAME_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "lord",
        "lady",
        "of",
        "and",
        "for",
        "at",
        "in",
        "on",
        "to",
        "from",
        "group",
        "its",
        "his",
        "her",
    ]
)

# Measured at the end of the work (dev + held-out, 224 quotes, 20 figures): quote F1 0.998, speaker accuracy
# 0.973, figure sources 11 of 20 (4 of the held-out figures are not extracted as claims at all). The floors sit
# below those values so that parser noise does not fail the test; the code before this module scored 0.892, 0.702
# and 9 of 20, so each floor still fails on it.
# Figure sources, measured 2026-11-26 after the figure-source rules (issue 13), all four splits, 103 figures:
# 84 right (0.816; dev 8/9, heldout 8/11, dev2 48/55, heldout2 20/28); the code before them: 56 (0.544).
# Quotes, 2026-11-26, after the dev_q2/heldout_q2 work (583 quotes in 71 articles): quote F1 0.999, speaker accuracy
# 0.954 (the code before it: 0.885); the floors sit a little under those values.
# Figures, round 2, measured 2026-11-26 (carry-over across paragraphs, apposition sources, revisions, passive
# estimates), all five splits, 154 figures: 113 right (0.734): dev 8/9, heldout 9/11, dev2 49/55, heldout2 27/28 (all
# four read during development: 93/103 = 0.903) and the blind heldout3, scored once at the end, 20/51 (0.39). The code
# before round 2 scores 104/154 (0.675) on the same five splits, so this floor fails on it.
# After merging round 2 with the quote-speaker work, the stricter speaker match (last name word, possessive
# stripped) and the country-before-a-body rule: 114/154 (0.740), heldout3 21/51; quotes: F1 0.999, speaker 0.955.
# Figures, round 3, measured 2026-11-26 (data reports: a counted entity as subject is no new actor, details over
# more sentences of the paragraph, described bodies and "its website" resolved, "a quarter of a million"): all six
# splits, 180 figures: 145 right (0.806); the five development splits 129/154 (heldout3 36/51, was 21), the blind
# heldout4, scored once at the end, 16/26 (0.62, as main's code). Main's code scores 130/180 (0.722), so this floor
# fails on it. Quotes unchanged: F1 0.999, speaker 0.955.
# Figures, round 4 (third session), all nine splits, 329 figures (heldout5-7 added: 63, 45 and 41 figures once their
# percentages were dropped): 249 right (0.757); the code before round 4 scores 211 (0.641), so this floor fails on it.
# The three new splits were blind when labelled and each was scored once before being read: round 4 moved none of
# their figures (21/63, 17/45, 21/41 before and after); the gain is on text read while writing the rules.
MIN_QUOTE_F1 = 0.97
MIN_SPEAKER_ACCURACY = 0.93
MIN_FIGURE_SOURCES = 0.73
# Figure splits read while writing rules (dev_q2/heldout_q2 are labelled for quotes only); none is blind any more.
DEVELOPMENT_SPLITS = ("dev", "heldout", "dev2", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7")
BLIND_SPLIT = ""  # none left: heldout7, the last blind split, was scored and read (see the gold's _about)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower().replace("’", "'")).split())


def _name_words(text: str) -> set[str]:
    return {w.removesuffix("'s") for w in _norm(text).split() if w not in _NOT_NAME_WORDS}


def _last_name_word(text: str) -> str:
    words = [w.removesuffix("'s") for w in _norm(text).split() if w not in _NOT_NAME_WORDS]
    return words[-1] if words else ""


def speaker_matches(predicted: str, gold: str) -> bool:
    """The last name word of one is a name word of the other: "Mr Frost" ~ "David Frost", "the cardinal" ~
    "Cardinal Cormac Murphy-O'Connor", "FCC" ~ "Federal Communications Commission (FCC)"; but "Jack Law" is not
    "Jack McConnell" (a shared first name is not enough) and "Bank of Mexico" is not "Bank of England"."""
    last_predicted, last_gold = _last_name_word(predicted), _last_name_word(gold)
    return bool(last_predicted and last_gold) and (
        last_predicted in _name_words(gold) or last_gold in _name_words(predicted)
    ) or _acronym_of(predicted, gold) or _acronym_of(gold, predicted) or _spaceless(predicted) == _spaceless(gold)


def _spaceless(name: str) -> str:
    """``TimeWarner`` is ``Time Warner``: one name spelled with or without a space."""
    return "".join(w for w in _norm(name).split() if w not in _NOT_NAME_WORDS) or "\x00" + name


def _acronym_of(short: str, long: str) -> bool:
    """``CML`` is ``Council of Mortgage Lenders``: the letters of a one-word name are the initials of the other's
    words (function words left out)."""
    letters = re.sub(r"[^A-Za-z]", "", short)
    words = [w for w in _norm(long.replace("&", " ")).split() if w not in _NOT_NAME_WORDS]
    return " " not in short.strip() and len(words) >= 2 and letters.isupper() and letters.lower() == "".join(
        w[0] for w in words
    )


def score(articles, quotes, claims, gold: dict, split: str | None = None) -> dict[str, float]:
    """Quote-found precision/recall/F1, speaker accuracy on found quotes, figure sources right."""
    ids = dict(zip(articles["source_path"], articles["article_id"], strict=True))
    kind = quotes["kind"] if "kind" in quotes.columns else None
    direct = quotes if kind is None else quotes[kind == "direct"]
    tp = fp = n_gold = right = fig_n = fig_right = 0
    for art in gold["articles"]:
        if split and art["split"] != split:
            continue
        aid = ids[Path(art["path"]).name]
        figs = claims[claims["article_id"] == aid]
        for value, source in art["figures"]:
            fig_n += 1
            sources = figs.loc[(figs["value"] - value).abs() < 1e-6, "source"]
            fig_right += any(speaker_matches(str(s), source) for s in sources)
        if not art.get("quotes_labelled", True):
            continue  # labelled for its figures only: its quotes count neither as found nor as false positives
        rows = direct[direct["article_id"] == aid]
        predicted = [(_norm(q), str(s)) for q, s in zip(rows["quote"], rows["speaker"], strict=True)]
        used: set[int] = set()
        for first_words, speaker in art["quotes"]:
            n_gold += 1
            key = _norm(first_words)
            hit = next((k for k, (q, _) in enumerate(predicted) if k not in used and q.startswith(key)), None)
            if hit is None:
                continue
            used.add(hit)
            tp += 1
            right += speaker_matches(predicted[hit][1], speaker)
        fp += sum(1 for k, (q, _) in enumerate(predicted) if k not in used and len(q.split()) >= 4)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold_quotes": n_gold,
        "found": tp,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "speaker_right": right,
        "speaker_accuracy": round(right / tp, 3) if tp else 0.0,
        "figures": fig_n,
        "figure_sources_right": fig_right,
    }


def annotate_gold_articles(shared: Path, workdir: Path, gold: dict):
    """Read and annotate the gold's articles (copied to ``workdir``, a temporary folder)."""
    from newslab.annotate import annotate_corpus
    from newslab.config import DEFAULT_MODEL
    from newslab.read import read_corpus

    corpus = workdir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for art in gold["articles"]:
        shutil.copyfile(shared / art["path"], corpus / Path(art["path"]).name)
    articles = read_corpus(corpus).articles
    result = annotate_corpus(articles, DEFAULT_MODEL, cache_dir=workdir / "cache")
    return articles, result


def test_the_speaker_match_needs_the_last_name_not_any_shared_word():
    assert speaker_matches("Mr Frost", "David Frost") and speaker_matches("the cardinal", "Cardinal Cormac Murphy")
    assert speaker_matches("FCC", "Federal Communications Commission (FCC)")
    assert not speaker_matches("Jack Law", "Jack McConnell")
    assert not speaker_matches("Bank of Mexico", "Bank of England")
    assert not speaker_matches("", "Jack McConnell")
    assert speaker_matches("Sri Lanka", "Sri Lanka's government")
    assert speaker_matches("Council of Mortgage Lenders", "CML") and speaker_matches("B&B", "Bradford & Bingley")
    assert not speaker_matches("CML", "Council of Lenders")
    assert speaker_matches("TimeWarner", "Time Warner") and not speaker_matches("TimeWarner", "Warner Music")
    assert not speaker_matches("Cml", "Council of Mortgage Lenders")


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.exists(), reason="../shared (the BBC corpus) is not beside the project")
def test_quotes_speakers_and_figure_sources_on_bbc_gold(tmp_path):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    articles, result = annotate_gold_articles(SHARED, tmp_path, gold)
    scores = score(articles, result.quotes, result.claims, gold)
    assert scores["f1"] >= MIN_QUOTE_F1, scores
    assert scores["speaker_accuracy"] >= MIN_SPEAKER_ACCURACY, scores
    assert scores["figure_sources_right"] >= MIN_FIGURE_SOURCES * scores["figures"], scores


if __name__ == "__main__":
    import tempfile

    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED
    gold_data = json.loads(GOLD.read_text(encoding="utf-8"))
    splits = sys.argv[2].split(",") if len(sys.argv) > 2 else ["dev"]
    with tempfile.TemporaryDirectory() as tmp:
        arts, res = annotate_gold_articles(shared, Path(tmp), gold_data)
        for name in splits:
            if name == "development":  # everything but the blind heldout4 (same quotes as "all")
                dev_gold = {**gold_data, "articles": [a for a in gold_data["articles"] if a["split"] != BLIND_SPLIT]}
                print(name, score(arts, res.quotes, res.claims, dev_gold))
                continue
            print(name, score(arts, res.quotes, res.claims, gold_data, None if name == "all" else name))
        if "--figures" in sys.argv:  # each gold figure of the development splits, with the claims of its value
            # heldout and heldout2 were read after round 1, heldout3 after round 2: development data since (heldout4 is
            # the blind split of round 3: never listed here).
            development = DEVELOPMENT_SPLITS
            tuned = {Path(a["path"]).name: a for a in gold_data["articles"] if a["split"] in development}
            ids = dict(zip(arts["source_path"], arts["article_id"], strict=True))
            for name, art in tuned.items():
                rows = res.claims[res.claims["article_id"] == ids[name]]
                for value, source in art["figures"]:
                    hits = rows[(rows["value"] - value).abs() < 1e-6]
                    ok = any(speaker_matches(str(s), source) for s in hits["source"])
                    got = "; ".join(f"{s!s} [{h}]" for s, h in zip(hits["source"], hits["attribution"], strict=True))
                    print("OK " if ok else "-- ", name[:40], value, "|", source, "|", got or "NOT EXTRACTED")
        if "--show" in sys.argv:
            shown = {Path(a["path"]).name for a in gold_data["articles"] if a["split"].startswith("dev")}  # no held-out
            q = res.quotes.merge(arts[["article_id", "source_path"]], on="article_id")
            q = q[q["source_path"].isin(shown)]
            cols = [c for c in ("source_path", "kind", "attribution", "speaker", "quote") if c in q.columns]
            for row in q[cols].itertuples(index=False):
                print(" | ".join(str(v)[:70] for v in row))
