"""Sources and overlap: which articles tell the same story, and what each one adds.

Retellings of one story are often paraphrases: they share few word sequences but name the
same people and places and repeat the same figures. So an article is described twice, by the
word shingles of its body (text signal) and by its set of canonical entities and claimed values
(fact signal). Candidate pairs come from MinHash LSH over each signal (datasketch), so the
corpus is never compared pair by pair; only candidates get an exact score:

    similarity = max(text Jaccard, IDF-weighted Jaccard of the fact sets)

The fact sets are weighted by inverse document frequency, so names every article shares
("Russia" in a corpus about Russia) count for little and rare shared facts count for a lot.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

PAIR_COLUMNS = [
    "article_a",
    "article_b",
    "similarity",
    "text_similarity",
    "fact_similarity",
    "shared_entities",
    "shared_values",
]
ADDS_COLUMNS = ["article_id", "lacking_in", "kind", "item", "detail"]
DEFAULT_THRESHOLD = 0.3
SHINGLE_SIZE = 2
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\d,.]*\d|\d")


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def words(text: str) -> list[str]:
    """Lowercased word and number tokens; numbers lose their thousands separators (3,000 -> 3000)."""
    return [t.replace(",", "") if t[0].isdigit() else t for t in _WORD.findall(str(text).lower())]


def content_words(text: str) -> list[str]:
    """:func:`words` without stop words and one-letter tokens: what carries a sentence's meaning."""
    stop = _stop_words()
    return [t for t in words(text) if t not in stop and len(t) > 1]


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    """Word ``size``-grams of the content words (stop words dropped so small rewordings match)."""
    tokens = content_words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _value_token(value: float) -> str:
    return f"v:{int(value)}" if float(value).is_integer() else f"v:{value:g}"


def fact_sets(articles: pd.DataFrame, entities: pd.DataFrame, claims: pd.DataFrame) -> dict[str, set[str]]:
    """Per article: its canonical entity names (``e:``) and claimed values (``v:``)."""
    from newslab.analyse.who import _group_labels

    ents = entities[entities["label"].isin(_group_labels()) & entities["canonical"].fillna("").ne("")]
    ent_tokens = "e:" + ents["canonical"].astype(str).str.lower()
    val = claims[claims["value"].notna()]
    val_tokens = val["value"].map(_value_token)
    facts = pd.concat(
        [
            pd.DataFrame({"article_id": ents["article_id"].astype(str), "token": ent_tokens}),
            pd.DataFrame({"article_id": val["article_id"].astype(str), "token": val_tokens}),
        ],
        ignore_index=True,
    )
    grouped = facts.groupby("article_id")["token"].agg(set).to_dict() if len(facts) else {}
    return {str(a): grouped.get(str(a), set()) for a in articles["article_id"]}


def idf_weights(sets: Mapping[str, set[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency, log(1 + N / df): shared-by-all tokens still count a little."""
    n = max(1, len(sets))
    df = pd.Series([t for s in sets.values() for t in s], dtype="object").value_counts()
    return {t: math.log(1 + n / c) for t, c in df.items()}


def jaccard(a: set[str], b: set[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def weighted_jaccard(a: set[str], b: set[str], weights: Mapping[str, float]) -> float:
    union = sum(weights.get(t, 1.0) for t in a | b)
    return sum(weights.get(t, 1.0) for t in a & b) / union if union else 0.0


def _lsh_candidates(sets: Mapping[str, set[str]], threshold: float, num_perm: int) -> set[tuple[str, str]]:
    """Pairs whose MinHash signatures collide in an LSH index tuned for Jaccard >= ``threshold``."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = {}
    for key, items in sets.items():
        if not items:
            continue
        m = MinHash(num_perm=num_perm, seed=1)
        m.update_batch([t.encode("utf-8") for t in items])
        hashes[key] = m
        lsh.insert(key, m)
    pairs = set()
    for key, m in hashes.items():
        for other in lsh.query(m):
            if other != key:
                pairs.add((min(key, other), max(key, other)))
    return pairs


def same_story_pairs(
    articles: pd.DataFrame,
    entities: pd.DataFrame,
    claims: pd.DataFrame,
    threshold: float = DEFAULT_THRESHOLD,
    shingle_size: int = SHINGLE_SIZE,
    num_perm: int = 128,
) -> pd.DataFrame:
    """Pairs of articles that tell the same story, with their similarity, most similar first.

    ``similarity`` = max(``text_similarity``, ``fact_similarity``) must reach ``threshold``.
    The LSH indexes are tuned below the threshold (MinHash estimates are noisy, and the fact
    score is weighted while the index is not) so that true pairs are not missed; every
    candidate is then scored exactly. Exact duplicates (``duplicate_of``) are included.
    """
    empty = pd.DataFrame({c: pd.Series(dtype="float64" if "similarity" in c else "object") for c in PAIR_COLUMNS})
    ids = articles["article_id"].astype(str).tolist()
    if len(ids) < 2:
        return empty
    text_sets = {a: shingles(b, shingle_size) for a, b in zip(ids, articles["body"], strict=True)}
    facts = fact_sets(articles, entities, claims)
    weights = idf_weights(facts)
    lsh_threshold = max(0.05, threshold * 0.5)
    candidates = _lsh_candidates(text_sets, lsh_threshold, num_perm) | _lsh_candidates(facts, lsh_threshold, num_perm)
    rows = []
    for a, b in sorted(candidates):
        text_sim = jaccard(text_sets[a], text_sets[b])
        fact_sim = weighted_jaccard(facts[a], facts[b], weights)
        similarity = max(text_sim, fact_sim)
        if similarity >= threshold:
            shared = facts[a] & facts[b]
            rows.append(
                (
                    a,
                    b,
                    similarity,
                    text_sim,
                    fact_sim,
                    sorted(t[2:] for t in shared if t.startswith("e:")),
                    sorted((t[2:] for t in shared if t.startswith("v:")), key=_numeric),
                )
            )
    if not rows:
        return empty
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    for col in ("similarity", "text_similarity", "fact_similarity"):
        out[col] = out[col].round(3)
    return out.sort_values(["similarity", "article_a", "article_b"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def _numeric(token: str) -> float:
    try:
        return float(token)
    except ValueError:
        return math.inf


def _pair_ids(pair) -> tuple[str, str]:
    if isinstance(pair, Mapping | pd.Series):
        return str(pair["article_a"]), str(pair["article_b"])
    a, b = pair[:2]
    return str(a), str(b)


def _sentences(text: str) -> list[str]:
    """Sentences of a body via spaCy's rule-based sentencizer (no model, no re-annotation).

    Paragraphs (the body joins them with blank lines) are split first, so a heading never
    merges with the sentence after it.
    """
    import spacy

    global _SENTENCIZER
    if _SENTENCIZER is None:
        _SENTENCIZER = spacy.blank("en")
        _SENTENCIZER.add_pipe("sentencizer")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", str(text)) if p.strip()]
    return [s.text.strip() for doc in _SENTENCIZER.pipe(paragraphs) for s in doc.sents if s.text.strip()]


def _with_neighbours(sentences: list[str]) -> list[str]:
    """Sentences plus each pair of adjacent ones: a retelling often splits or merges sentences."""
    return sentences + [f"{a} {b}" for a, b in zip(sentences, sentences[1:], strict=False)]


_SENTENCIZER = None


def _unmatched(mine: list[str], theirs: list[str], min_overlap: float) -> list[tuple[str, float]]:
    """Items of ``mine`` whose content words are covered less than ``min_overlap`` by any item of ``theirs``."""
    their_sets = [set(content_words(t)) for t in theirs]
    out = []
    for text in mine:
        words_here = set(content_words(text))
        if not words_here:
            continue
        best = max((len(words_here & s) / len(words_here) for s in their_sets), default=0.0)
        if best < min_overlap:
            out.append((text, round(best, 2)))
    return out


def _claim_label(row) -> str:
    value = f"{row.value:,.0f}" if float(row.value).is_integer() else f"{row.value:,g}"
    return f"{value} {row.what} ({row.qualifier})"


def what_each_adds(
    pair,
    entities: pd.DataFrame,
    claims: pd.DataFrame,
    quotes: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    min_overlap: float = 0.4,
) -> pd.DataFrame:
    """What each article of ``pair`` (a row of :func:`same_story_pairs`, or two ids) has that the other lacks.

    Entities by canonical name, claims by (what, value), quotes and - when ``articles`` is
    given - sentences whose content words are covered less than ``min_overlap`` by any quote,
    sentence or pair of adjacent sentences of the other article (a rough test: close paraphrases
    count as covered, free retellings of a sentence may still be listed, with their best overlap).
    """
    from newslab.analyse.who import _group_labels

    a, b = _pair_ids(pair)
    rows: list[tuple[str, str, str, str, str]] = []
    ents = entities[entities["label"].isin(_group_labels()) & entities["canonical"].fillna("").ne("")]
    names = {k: ents[ents["article_id"] == k].drop_duplicates("canonical") for k in (a, b)}
    vals = {k: claims[(claims["article_id"] == k) & claims["value"].notna()] for k in (a, b)}
    quotes_of = {k: quotes[quotes["article_id"] == k] for k in (a, b)}
    bodies = {}
    if articles is not None:
        bodies = dict(zip(articles["article_id"].astype(str), articles["body"].astype(str), strict=True))
    for mine, other in ((a, b), (b, a)):
        other_names = set(names[other]["canonical"])
        for row in names[mine][~names[mine]["canonical"].isin(other_names)].itertuples():
            rows.append((mine, other, "entity", str(row.canonical), str(row.label)))
        other_keys = set(zip(vals[other]["what"], vals[other]["value"], strict=True))
        for row in vals[mine].drop_duplicates(["what", "value"]).itertuples():
            if (row.what, row.value) not in other_keys:
                rows.append((mine, other, "claim", _claim_label(row), str(row.sentence)))
        speaker = dict(zip(quotes_of[mine]["quote"], quotes_of[mine]["speaker"], strict=True))
        other_sentences = _with_neighbours(_sentences(bodies.get(other, ""))) if bodies else []
        for text, _ in _unmatched(
            quotes_of[mine]["quote"].astype(str).tolist(),
            quotes_of[other]["quote"].astype(str).tolist() + other_sentences,
            min_overlap,
        ):
            rows.append((mine, other, "quote", text, str(speaker.get(text, "")) or "(speaker unknown)"))
        if bodies:
            for text, best in _unmatched(_sentences(bodies.get(mine, "")), other_sentences, min_overlap):
                rows.append((mine, other, "sentence", text, f"best overlap {best:.0%}"))
    return pd.DataFrame(rows, columns=ADDS_COLUMNS).astype("string")


def quotes_by_speaker(quotes: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per speaker: how many quotes (``direct`` in quote marks, ``reported`` speech), in how many
    articles (and outlets), the cues used, and the longest quote as an example. Unattributed quotes are
    grouped as "(unattributed)"; tables without ``kind`` count every quote as direct."""
    columns = ["speaker", "quotes", "direct", "reported", "articles", "outlets", "cues", "example"]
    if quotes.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    q = quotes.assign(speaker=quotes["speaker"].fillna("").astype(str).replace("", "(unattributed)"))
    if articles is not None:
        q = q.merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    else:
        q = q.assign(outlet="")
    kind = q["kind"].fillna("").astype(str) if "kind" in q.columns else pd.Series("direct", index=q.index)
    q = q.assign(
        outlet=q["outlet"].fillna("").astype(str),
        length=q["quote"].astype(str).str.len(),
        direct=kind.ne("reported").astype(int),
        reported=kind.eq("reported").astype(int),
    )
    example = q.sort_values("length", ascending=False, kind="stable").drop_duplicates("speaker")
    out = q.groupby("speaker").agg(
        quotes=("quote", "size"),
        direct=("direct", "sum"),
        reported=("reported", "sum"),
        articles=("article_id", "nunique"),
        outlets=("outlet", lambda s: "; ".join(sorted({v for v in s if v}))),
        cues=("cue", lambda s: ", ".join(s[s.astype(str) != ""].astype(str).value_counts().index[:5])),
    )
    out["example"] = example.set_index("speaker")["quote"].astype(str)
    out = out.reset_index().sort_values(["quotes", "articles", "speaker"], ascending=[False, False, True])
    return out[columns].reset_index(drop=True)


def distinctive_terms(articles: pd.DataFrame, top_k: int = 10, by: str = "article_id") -> pd.DataFrame:
    """The ``top_k`` terms that set each article (or outlet) apart: TF-IDF over content words.

    tf = share of the group's content words; idf = log(N / groups using the term). Computed
    with pandas (explode + group-by), no per-document loop. Terms used by every group score 0
    and are never distinctive.
    """
    columns = [by, "term", "count", "tfidf"]
    if articles.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    groups = articles[by].fillna("").astype(str).replace("", "(unknown)")
    # Lists in an object column: mapping an Arrow-backed string column to lists that are all empty
    # gives an Arrow list<null> column, which explode cannot handle (a corpus of empty bodies).
    terms = pd.Series([_terms(body) for body in articles["body"]], index=articles.index, dtype=object)
    tokens = pd.DataFrame({by: groups, "term": terms}).explode("term").dropna()
    if tokens.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    counts = tokens.groupby([by, "term"]).size().rename("count").reset_index()
    totals = counts.groupby(by)["count"].transform("sum")
    n_groups = groups.nunique()
    df = counts.groupby("term")[by].transform("size")
    counts["tfidf"] = (counts["count"] / totals) * np.log(n_groups / df)
    counts = counts[counts["tfidf"] > 0]
    top = counts.sort_values([by, "tfidf", "term"], ascending=[True, False, True]).groupby(by).head(top_k)
    top["tfidf"] = top["tfidf"].round(4)
    return top[columns].reset_index(drop=True)


def _terms(text: str) -> list[str]:
    """Content words that are words (letters only, 3+ characters): numbers are not terms."""
    return [t for t in content_words(text) if t.isalpha() and len(t) > 2]


def pairs_with_titles(pairs: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Same-story pairs with each article's title and outlet beside its id (``title_a``, ``outlet_a``, ...)."""
    meta = articles.set_index("article_id")[["title", "outlet"]]
    return pairs.assign(
        title_a=pairs["article_a"].map(meta["title"]),
        outlet_a=pairs["article_a"].map(meta["outlet"]),
        title_b=pairs["article_b"].map(meta["title"]),
        outlet_b=pairs["article_b"].map(meta["outlet"]),
    )


def distinctive_terms_table(articles: pd.DataFrame, top_k: int = 10, by: str = "article_id") -> pd.DataFrame:
    """One row per outlet (or article) with its distinctive terms joined; articles also get their title."""
    terms = distinctive_terms(articles, top_k=top_k, by=by)
    wide = terms.groupby(by)["term"].agg(", ".join).reset_index(name="distinctive terms")
    if by == "article_id":
        wide.insert(1, "title", wide["article_id"].map(articles.set_index("article_id")["title"]))
    return wide
