"""Claim threads: figures that count the same quantity share one ``thread`` id across articles and outlets.

``canonical.py`` gives every name one identity across the corpus; this module does the same for
quantities. "Over 10,000 soldiers" dispatched to Russia, "about 11,000 troops" contributed by
Pyongyang and "up to 11,000 North Korean soldiers" who arrived in Russia are one quantity stated
three ways; "ten North Korean soldiers" met in a forest is another.

How identity is decided (general signals only, no phrase lists):

* **Block.** Only claims with the same measure (``what``; for money the same currency, for the
  catch-all ``other`` the same counted noun), the same *kind* and the same rate scope
  (:func:`scope_key`: "a year", "at any given time" stay apart; periods such as "in 2004" and
  cumulative scopes such as "since the war began" do not split blocks) can share a thread. The
  kind is ``rate`` when the claim has a ``per`` unit (kept apart per unit: "per share" never
  meets "a day"), ``increment`` for the qualifier ``additional``, else ``total``. Totals,
  increments and rates never share a thread.
* **Names.** Anchors are canonical entities (persons, organisations, places, nationalities,
  events, weapons, works...), read through the corpus's own canonical forms ("UK" -> United
  Kingdom), nationalities folded onto their country ("North Korean" -> North Korea) and plural
  endings ignored ("the Oscars" / "the Oscar field"). The figure's own source and outlets are not
  anchors, and an anchor named in more than ``max(common_min, common_share x articles)`` articles
  is too common to say anything. A figure's *focus* is the anchors nearest it in its sentence
  that no other figure stands between ("Shearer (250) and Cole (173)": 173 is Cole's), plus its
  ``place`` and the names of its ``subject``. The subject names only through its capitalised
  modifiers, never through the counted noun (a noun some entity spells, "games", "50 Cent", says
  what is counted, not whose); a capital stands for its country (``capitals`` in
  ``data/aliases.json``: "Pyongyang troops" are North Korea's).
* **Evidence that two claims from different articles count the same thing** (either is enough):
  their focus shares a name, the very same value stands beside a name both sentences share, or
  the two articles tell the same story (they share ``same_story_min_shared`` anchors and the
  Jaccard of their anchor sets is at least ``same_story``) and each has exactly one figure of
  the measure compatible with the other's (with several, a box-office round-up, the story alone
  cannot say which is which). Of the figures of one article that could link to a figure of
  another, only the nearest in value does (mutual best match, per status): "a $27bn tax bill"
  links to the other article's $27.5bn bill, not to the $9.3bn sale price beside it.
* **Weak evidence needs close figures.** When the figures' focus shares two names or more and
  mostly coincides (Jaccard >= ``strong_overlap``), figures up to ``max_ratio`` apart can be one
  quantity stated differently. A single shared name, even in both subjects ("Boeing planes"
  ordered by one airline and postponed by another), or the same story alone, links only figures
  within ``weak_ratio`` (10 %) of each other, about the rounding of one figure by two writers.
* **Currency conversions stay alone.** A money figure that follows another in brackets or after
  a semicolon ("$11bn (£5.7bn)", "1bn euros ($1.3bn; £690m)") is the writer's conversion of the
  first, at some exchange rate: comparing conversions would report rates, not claims.
* **Inside one article** a repeated figure links, and so do figures whose sentences name a common
  thing when both are vague ("over 10,000 soldiers" and "thousands of troops") or of different
  status (a projection beside the count); two different exact figures of one status are two
  quantities ("sued for $28.3bn" / "a $27bn tax bill").
* **Vetoes** (any one keeps two claims apart, and keeps a claim out of a thread holding a claim it
  conflicts with, so chains cannot drift): magnitudes more than ``max_ratio`` apart (ten soldiers
  in a forest are not the 10,000 deployed); a gap of more than ``exact_ratio`` that no bound
  explains ("more than 25 films" is not 7; "up to 100,000" may be 11,000); across articles, two
  exact figures further apart than one unit of the coarser one's last significant digit
  ($6.75bn / $6.8bn and 150,000 / 140,000 are roundings of one figure, 185,000 / 175,000 are
  not), two different money figures of ``precise_digits`` significant digits (share prices and
  exchange rates are quotes of a moment), and rival actors (each figure's focus has a person,
  organisation, film... the other's sentence does not name: Verizon's bid and Qwest's bid); two
  places that differ, neither inside the other's name ("Kursk" / "Kursk region") nor named in the
  other's sentence (an empty place never vetoes); subjects naming different entities ("North
  Korean troops" / "Russian troops"; subjects without names are too loose to veto); two named
  periods that differ ("in December" / "in November") when no date resolved them; dates from the
  sentences that name different periods ("in 2003" / "in 2004"), or ``as_of`` more than
  ``max_days`` apart; and, inside one article, two incompatible figures with the same status (an
  article does not contradict itself: they count different things).
* **Grouping.** Candidate pairs come from inverted indexes (block + focus name, block + name and
  value, block + article, same-story article pairs from one sparse product), never from all
  pairs of the corpus. Connected components of the link graph (networkx) are split by
  constrained single linkage: links merge whole threads, closest values first, unless a claim of
  one conflicts with a claim of the other.

A different ``status`` (reported, estimated, projected, ...) may share a thread; the ledger only
compares claims of one status. Columns added by other extractors (``subject``, ``place``,
``status``, ``per``) are optional: missing means "", "", "reported", "".
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

import networkx as nx
import numpy as np
import pandas as pd

from newslab.data import load_json

#: Entity labels that can say *which* quantity a figure counts (outlets report, they are not counted).
ANCHOR_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "WEAPON"}
)
THREAD_COLUMNS = [
    "thread",
    "label",
    "what",
    "subject",
    "place",
    "n_claims",
    "n_articles",
    "n_sources",
    "first_as_of",
    "last_as_of",
    "low",
    "high",
    "kind",
]
OPTIONAL_DEFAULTS = {"subject": "", "place": "", "status": "reported", "per": ""}
#: Statuses whose figures describe what is (or was); the thread's range is taken from these when any.
FACTUAL_STATUSES = ("reported", "estimated")
_WORD = re.compile(r"[a-z0-9]+")
_CASED_WORD = re.compile(r"[A-Za-z0-9]+")
#: Kinds of names that act (bid, score, win): two figures each tied to a different one count different things.
_ACTORS = frozenset({"actor"})
_CALENDAR = (
    r"\b(?:1[89]\d\d|20\d\d|january|february|march|april|may|june|july|august|september|october|november|december"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|autumn|winter|quarter|christmas|easter)\b"
)
#: Qualifiers that make a figure an estimate whatever its digits.
_VAGUE = ("approximate", "range")


@dataclass(frozen=True)
class ThreadParams:
    max_ratio: float = 5.0
    exact_ratio: float = 2.0
    precise_digits: int = 4
    weak_ratio: float = 1.1
    strong_overlap: float = 0.5
    max_days: int = 365
    same_story: float = 0.3
    same_story_min_shared: int = 3
    common_share: float = 0.02
    common_min: int = 20
    approx_tolerance: float = 0.15


def with_optional_columns(claims: pd.DataFrame) -> pd.DataFrame:
    """``claims`` with ``subject``, ``place``, ``status`` and ``per`` present (defaults where missing)."""
    out = claims.copy()
    for col, default in OPTIONAL_DEFAULTS.items():
        if col not in out.columns:
            out[col] = default
        out[col] = out[col].fillna(default).astype(str)
        if default:
            out[col] = out[col].where(out[col].ne(""), default)
    return out


@cache
def _scope_cues() -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = load_json("analyse.json")
    return tuple(raw["cumulative_scope_cues"]), tuple(raw.get("rate_scope_cues", ()))


def _scope_text(scope: pd.Series) -> pd.Series:
    return scope.fillna("").astype(str).str.lower().str.strip(" ,;.").str.replace(r"\s+", " ", regex=True)


def scope_key(scope: pd.Series) -> pd.Series:
    """The scope that makes a figure a different *kind* of quantity: a rate or a snapshot ("a year", "at any given
    time"); "" for everything else.

    A rate is never compared with a total, so these scopes keep claims apart (blocks of the
    threads, groups of the ledger). An unscoped figure usually means "so far", so scopes that
    only say that ("since the war began", "to date") are the empty scope; a period ("in 2004",
    "last week") is about *when*, which :func:`period_scope` and ``as_of`` judge.
    """
    cumulative, rate = _scope_cues()
    text = _scope_text(scope)
    keep = text.str.startswith(rate) & ~text.str.startswith(cumulative) if rate else text.ne(text)
    return text.where(keep, "").astype("string")


def period_scope(scope: pd.Series) -> pd.Series:
    """The named period of a scope ("in december", "during 2004"), lower-cased; "" for anything else.

    A period named by the calendar (a year, month, weekday, season, quarter, holiday) is one
    period: "in December" and "in November" are two, even when no publication date lets them
    resolve to dates. Relative periods ("last week", "earlier this month") may be one period
    written two ways, so they name none here; rates and cumulative scopes neither.
    """
    cumulative, _ = _scope_cues()
    text = _scope_text(scope)
    rate_like = scope_key(scope).ne("")
    named = text.str.contains(_CALENDAR, regex=True)
    return text.where(named & ~(text.str.startswith(cumulative) | rate_like), "").astype(str)


def unit_key(what: pd.Series, noun: pd.Series) -> pd.Series:
    """What refines the measure: a money figure's currency ("£" and "$" are different measures), the counted
    noun of a figure in the catch-all ``other`` ("jobs" and "tries" are too); "" for everything else.

    Case and a plural "s" are folded ("Euros" = "euro"), nothing more, so two spellings of one
    currency stay apart rather than two currencies meeting.
    """
    unit = noun.fillna("").astype(str).str.strip().str.lower().str.replace(r"s$", "", regex=True)
    return unit.where(what.fillna("").astype(str).isin(["money", "other"]), "")


def claim_kind(qualifier: pd.Series, per: pd.Series) -> pd.Series:
    """``rate`` (a ``per`` unit), ``increment`` (qualifier ``additional``) or ``total``."""
    per = per.fillna("").astype(str).str.strip()
    kind = np.where(
        per.ne(""), "rate", np.where(qualifier.fillna("").astype(str).eq("additional"), "increment", "total")
    )
    return pd.Series(kind, index=qualifier.index, dtype="object")


def magnitude_band(claims: pd.DataFrame, max_ratio: float, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """The values a claim can plausibly stand for, closed on both sides (open bounds capped at ``max_ratio``)."""
    q = claims["qualifier"].fillna("").astype(str).to_numpy()
    v = claims["value"].astype(float).to_numpy()
    low = claims["low"].astype(float).to_numpy()
    high = claims["high"].astype(float).to_numpy()
    lo, hi = v.copy(), v.copy()
    approx = q == "approximate"
    lo[approx], hi[approx] = v[approx] * (1 - tolerance), v[approx] * (1 + tolerance)
    lower = q == "lower_bound"
    lo[lower] = np.where(np.isnan(low[lower]), v[lower], low[lower])
    hi[lower] = np.inf if np.isinf(max_ratio) else lo[lower] * max_ratio
    upper = q == "upper_bound"
    hi[upper] = np.where(np.isnan(high[upper]), v[upper], high[upper])
    lo[upper] = -np.inf if np.isinf(max_ratio) else hi[upper] / max_ratio
    rng = q == "range"
    lo[rng] = np.where(np.isnan(low[rng]), v[rng], low[rng])
    hi[rng] = np.where(np.isnan(high[rng]), v[rng], high[rng])
    return lo, hi


def significant_digits(values: pd.Series) -> pd.Series:
    """Significant digits of each figure as stored: 1088 -> 4, 1.328 -> 4, 27.5e9 -> 3, 150000 -> 2, NaN -> 0."""

    def count(value: float) -> int:
        if not np.isfinite(value) or value == 0:
            return 0
        mantissa = f"{abs(value):.12e}".split("e")[0].replace(".", "").rstrip("0")
        return len(mantissa)

    return values.astype(float).map(count).astype(int)


def as_of_interval(as_of: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """First and last day (as datetime64[D]) an ``as_of`` string covers, NaT when empty or unreadable."""
    text = as_of.fillna("").astype(str).str.strip()
    start = pd.to_datetime(text.where(text.str.len() > 0), errors="coerce", format="mixed")
    period = np.where(text.str.len() == 4, "Y", np.where(text.str.len() == 7, "M", "D"))
    end = start.copy()
    year, month = period == "Y", period == "M"
    end[year] = start[year] + pd.offsets.YearEnd(0)
    end[month] = start[month] + pd.offsets.MonthEnd(0)
    return start.to_numpy(dtype="datetime64[D]"), end.to_numpy(dtype="datetime64[D]")


def _key(text: str) -> str:
    return " ".join(_WORD.findall(str(text).lower()))


def _country_of_nationality(entities: pd.DataFrame) -> dict[str, str]:
    """NORP key -> GPE key when the nationality is the country's name with its ending changed.

    "north korean" -> "north korea", "ukrainian" -> "ukraine", "chinese" -> "china": the
    nationality starts with all but the last letter of the country (countries of 5+ letters, so
    Iran and Iraq stay apart). The longest such country wins.
    """
    gpes = sorted({_key(c) for c in entities.loc[entities["label"].eq("GPE"), "canonical"] if len(_key(c)) >= 5})
    out: dict[str, str] = {}
    for norp in {_key(c) for c in entities.loc[entities["label"].eq("NORP"), "canonical"]}:
        match = [g for g in gpes if norp.startswith(g[:-1]) and norp != g]
        if match:
            out[norp] = max(match, key=len)
    return out


def name_families(keys: pd.Series, labels: pd.Series, place_share: float = 0.6) -> dict[str, str]:
    """Name key -> ``place`` when at least ``place_share`` of its mentions are tagged as places, else ``actor``.

    Actors are who or what a figure is about: persons, organisations, films, products, events.
    The tagger often labels one company several ways (Euronext: NORP, PERSON), so the share of
    place tags decides, not the first label.
    """
    place = labels.astype(str).isin(["GPE", "LOC", "NORP", "FAC"]).groupby(keys.to_numpy()).mean()
    return {k: ("place" if share >= place_share else "actor") for k, share in place.items()}


@dataclass(frozen=True)
class Anchors:
    """What each claim's sentence names: all its anchors, the *focus* (those nearest the figure), per-article counts."""

    sentence: list[frozenset[str]]
    focus: list[frozenset[str]]
    per_article: dict[str, Counter]
    subject: list[frozenset[str]] | None = None
    place: list[str] | None = None
    family: dict[str, str] | None = None


def claim_anchors(claims: pd.DataFrame, entities: pd.DataFrame, focus_slack: int = 20) -> Anchors:
    """Anchor keys of each claim's sentence, the focus among them, and each article's anchor counts.

    The *focus* is the anchor nearest the figure in its sentence (with any others within
    ``focus_slack`` characters of that distance), plus the claim's place and the names in its
    subject: in "Shrek 2 took $881m, compared with $576m for The Incredibles" each figure's focus
    is its own film. Entities named inside the claim's source ("according to the South Korean
    military") say who counts, not what is counted, so they are left out. Entities without
    offsets fall back to the whole sentence.
    """
    ents = entities[entities["label"].isin(ANCHOR_LABELS)]
    ents = ents.assign(**{c: ents[c].astype(object) for c in ("article_id", "sentence", "text", "canonical")})
    folding = _country_of_nationality(ents)
    keys = ents["canonical"].fillna("").astype(str).map(_key)
    keys = keys.map(lambda k: folding.get(k, k))
    ents = ents.assign(key=keys, text_key=ents["text"].fillna("").astype(str).map(_key))
    ents = ents[ents["key"].ne("")]
    per_article: dict[str, Counter] = {
        aid: Counter(group["key"]) for aid, group in ents.groupby("article_id", sort=False)
    }
    has_offsets = {"start", "end"} <= set(ents.columns)
    starts = ents["start"].astype(float) if has_offsets else pd.Series(np.nan, index=ents.index)
    ends = ents["end"].astype(float) if has_offsets else pd.Series(np.nan, index=ents.index)
    by_sentence: dict[tuple[str, str], list[tuple[str, str, float, float]]] = defaultdict(list)
    for aid, sentence, key, text_key, start, end in zip(
        ents["article_id"], ents["sentence"], ents["key"], ents["text_key"], starts, ends, strict=True
    ):
        by_sentence[(aid, sentence)].append((key, text_key, start, end))
    # a written form names what the corpus mostly resolves it to ("UK" -> united kingdom), for places and subjects
    forms = ents[ents["text_key"].ne("")].groupby(["text_key", "key"], sort=False).size().reset_index(name="n")
    forms = forms.sort_values(["text_key", "n", "key"], ascending=[True, False, True]).drop_duplicates("text_key")
    written = {t: k for t, k in zip(forms["text_key"], forms["key"], strict=True) if t != k}
    folding = {**written, **folding}
    family = name_families(ents["key"], ents["label"])
    known = set(ents["key"]) | set(written)
    figures_in_sentence: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    spans = zip(claims["start"].astype(float), claims["end"].astype(float), strict=True)
    for aid, sentence, (c_start, c_end) in zip(claims["article_id"], claims["sentence"], spans, strict=True):
        figures_in_sentence[(aid, sentence)].append((c_start, c_end))
    capitals = capital_countries()
    sentence_anchors: list[frozenset[str]] = []
    focus_anchors: list[frozenset[str]] = []
    subject_anchors: list[frozenset[str]] = []
    place_keys: list[str] = []
    nouns = claims["noun"].fillna("").astype(str) if "noun" in claims.columns else pd.Series("", index=claims.index)
    for aid, sentence, source, place, subject, noun, c_start, c_end in zip(
        claims["article_id"],
        claims["sentence"],
        claims["source"].fillna(""),
        claims["place"],
        claims["subject"],
        nouns,
        claims["start"].astype(float),
        claims["end"].astype(float),
        strict=True,
    ):
        source_key = f" {_key(source)} "
        named = [
            (key, max(0.0, start - c_end, c_start - end), start, end)
            for key, text_key, start, end in by_sentence.get((aid, sentence), ())
            if not (text_key and f" {text_key} " in source_key) and f" {key} " not in source_key
        ]
        found = {key for key, *_ in named}
        figures = figures_in_sentence.get((aid, sentence), ())
        own = [(key, d) for key, d, start, end in named if not _beyond_another(c_start, c_end, start, end, figures)]
        distances = [d for _, d in own if not np.isnan(d)]
        nearest = min(distances) if distances else np.nan
        focus = {key for key, d in own if np.isnan(nearest) or np.isnan(d) or d <= nearest + focus_slack}
        place_key = folding.get(_key(place), _key(place))
        place_keys.append(place_key)
        named_in_subject = subject_names(subject_modifiers(subject, noun), known, folding, capitals)
        subject_anchors.append(frozenset(named_in_subject))
        extra = ({place_key} if place_key else set()) | named_in_subject
        sentence_anchors.append(frozenset(found | extra))
        focus_anchors.append(frozenset(focus | extra))
    # names written with and without a plural "s" ("the Oscars" / "the Oscar field") are one name here
    return Anchors(
        [frozenset(_loose(a)) for a in sentence_anchors],
        [frozenset(_loose(a)) for a in focus_anchors],
        {aid: Counter({_loose_key(k): n for k, n in counts.items()}) for aid, counts in per_article.items()},
        [frozenset(_loose(a)) for a in subject_anchors],
        [_loose_key(k) for k in place_keys],
        {_loose_key(k): f for k, f in family.items()},
    )


def _loose_key(key: str) -> str:
    """A name key without plural endings, for comparing names written two ways ("oscars" / "oscar")."""
    return " ".join(re.sub(r"s$", "", w) for w in key.split())


def _loose(keys: frozenset[str]) -> set[str]:
    return {_loose_key(k) for k in keys}


def _beyond_another(
    c_start: float, c_end: float, start: float, end: float, figures: list[tuple[float, float]] | tuple
) -> bool:
    """A name at [start, end) has another figure between it and the figure at [c_start, c_end)."""
    if np.isnan(start) or np.isnan(end):
        return False
    lo, hi = (end, c_start) if end <= c_start else (c_end, start)
    return any(lo <= f_start and f_end <= hi and (f_start, f_end) != (c_start, c_end) for f_start, f_end in figures)


@cache
def capital_countries() -> dict[str, str]:
    """Capital key -> country key, from ``data/aliases.json`` ("pyongyang" -> "north korea")."""
    raw = load_json("aliases.json")
    return {_key(city): _key(country) for country, cities in raw.get("capitals", {}).items() for city in cities}


def subject_modifiers(subject: str, noun: str) -> str:
    """The subject without its counted noun: "Grammy Awards awards" -> "Grammy Awards", "troops" -> "".

    The counted noun says what is counted, not whose: a noun that is also somebody's name ("50
    Cent", "the Games") must not make every figure of that noun name the same thing. Words are
    compared without a plural "s"; a subject that does not end with its noun ("Brown" for money
    Mr Brown spends) is all modifier. Case is kept (names are told by their capitals).
    """
    words = _CASED_WORD.findall(str(subject or ""))
    head = _key(noun).split()

    def root(word: str) -> str:
        return re.sub(r"(es|s)$", "", word.lower())

    if head and [root(w) for w in words[-len(head) :]] == [root(w) for w in head]:
        return " ".join(words[: -len(head)])
    if not str(noun or "").strip() and words:  # no noun given: the last word is the head
        return " ".join(words[:-1])
    return " ".join(words)


def subject_names(subject: str, known: set[str], folding: dict[str, str], capitals: dict[str, str]) -> frozenset[str]:
    """The names a subject contains, as canonical keys: "North Korean troops" -> {north korea}.

    Only runs of words that start with a capital (or a digit: "A320") can be names, so a common
    noun that some entity also spells ("games", "cent") names nothing. Runs are matched left to
    right against the corpus's names (``known``), the longest first, so "North Korea" does not
    also give "North". A nationality becomes its country (``folding``); a capital also counts as
    its country, the usual metonymy of news ("Pyongyang has sent troops"), so "Pyongyang troops"
    and "North Korean troops" name one thing.
    """
    cased = _CASED_WORD.findall(str(subject or ""))
    words = [w.lower() for w in cased]
    names: set[str] = set()
    i = 0
    while i < len(words):
        if not (cased[i][0].isupper() or cased[i][0].isdigit()):
            i += 1
            continue
        for j in range(min(len(words), i + 6), i, -1):
            run = " ".join(words[i:j])
            if run in known or run in folding or run in capitals:
                names.add(folding.get(run, run))
                if run in capitals:
                    names.add(capitals[run])
                i = j
                break
        else:
            i += 1
    return frozenset(names)


def same_story_pairs(
    per_article: dict[str, Counter], common: set[str], threshold: float, min_shared: int
) -> dict[str, set[str]]:
    """Article -> the articles telling the same story: ``min_shared`` shared anchors and Jaccard >= ``threshold``.

    Anchors named in too many articles (``common``) are left out. One sparse product of the
    article x anchor matrix counts the shared anchors of every pair (scipy), no loop over pairs.
    """
    from scipy import sparse

    ids = list(per_article)
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for r, aid in enumerate(ids):
        for key in per_article[aid]:
            if key not in common:
                rows.append(r)
                cols.append(vocab.setdefault(key, len(vocab)))
    out: dict[str, set[str]] = defaultdict(set)
    if not rows:
        return out
    incidence = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ids), len(vocab)))
    shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    sizes = np.asarray(incidence.sum(axis=1)).ravel()
    jaccard = shared.data / (sizes[shared.row] + sizes[shared.col] - shared.data)
    keep = (shared.data >= min_shared) & (jaccard >= threshold)
    for r, c in zip(shared.row[keep], shared.col[keep], strict=True):
        out[ids[r]].add(ids[c])
        out[ids[c]].add(ids[r])
    return out


class _Claims:
    """Column arrays for the veto checks (plain numpy: the checks run per candidate pair)."""

    def __init__(self, claims: pd.DataFrame, anchors: Anchors, params: ThreadParams) -> None:
        self.article = claims["article_id"].astype(str).to_numpy()
        self.value = claims["value"].astype(float).to_numpy()
        self.status = claims["status"].astype(str).to_numpy()
        self.qualifier = claims["qualifier"].fillna("").astype(str).to_numpy()
        digits = significant_digits(claims["value"]).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            magnitude = np.floor(np.log10(np.abs(self.value)))
            #: one unit of the last significant digit: 0.1 for $6.8bn (6.8e9 -> 1e8), 10,000 for 150,000
            self.unit = np.where(digits > 0, 10.0 ** (magnitude - digits + 1), np.inf)
        #: a sum of money given to ``precise_digits`` significant digits or more ("1,088 pence", "$1.3280") is a
        #: quote, not an estimate: two different ones are two moments or two things, never one quantity stated
        #: differently (writers round estimates: "$9.4bn" / "$9.3bn")
        self.precise = (
            claims["what"].fillna("").astype(str).eq("money")
            & (digits >= params.precise_digits)
            & ~claims["qualifier"].isin(_VAGUE)
        ).to_numpy()
        self.family = anchors.family or {}
        self.place = anchors.place or [_key(p) for p in claims["place"]]
        self.subject_names = anchors.subject or [frozenset()] * len(claims)
        self.anchors = anchors.sentence
        self.focus = anchors.focus
        self.lo, self.hi = magnitude_band(claims, params.max_ratio, params.approx_tolerance)
        #: log of the band's geometric centre: how far apart two figures are, whatever their qualifiers.
        self.centre = np.log(np.sqrt(np.clip(self.lo, 1e-9, None) * np.clip(self.hi, 1e-9, None)))
        self.open_lo, self.open_hi = magnitude_band(claims, np.inf, params.approx_tolerance)
        self.weak_lo, self.weak_hi = magnitude_band(claims, params.weak_ratio, params.approx_tolerance)
        self.day_lo, self.day_hi = as_of_interval(claims["as_of"])
        self.from_sentence = claims["as_of_from"].astype(str).eq("sentence").to_numpy()
        scope = claims["scope"] if "scope" in claims.columns else pd.Series("", index=claims.index)
        self.period = period_scope(scope).to_numpy()
        self.params = params

    def unexplained_gap(self, i: int, j: int) -> float:
        """How many times the larger stated figure exceeds the smaller, unless a bound says why (1 when it does).

        "More than 25 films" can stand for 40 but not for 7; "up to 100,000" for 11,000 but not for
        200,000; "about 11,000" and "4,000" are two counts. Two statements of one quantity differ by
        rounding or an update, rarely by a factor of ``exact_ratio``.
        """
        big, small = (i, j) if self.value[i] >= self.value[j] else (j, i)
        if self.qualifier[big] == "upper_bound" or self.qualifier[small] == "lower_bound":
            return 1.0
        if "range" in (self.qualifier[big], self.qualifier[small]):
            return 1.0
        return max(self.value[big], 1e-9) / max(self.value[small], 1e-9)

    def beyond_rounding(self, i: int, j: int) -> bool:
        """Two exact figures further apart than one unit of the coarser one's last significant digit.

        Writers restate one quantity by rounding it: $6.75bn / $6.8bn, $27.5bn / $27bn, 150,000 /
        140,000 (one unit of the ten thousands). 185,000 and 175,000, or $427bn and $419.3bn, are
        not roundings of each other: two quantities (or two moments of one).
        """
        if self.qualifier[i] != "exact" or self.qualifier[j] != "exact":
            return False
        unit = max(self.unit[i], self.unit[j])
        return bool(abs(self.value[i] - self.value[j]) > unit * (1 + 1e-9))

    def close(self, i: int, j: int) -> bool:
        """The two figures are within ``weak_ratio`` of each other (what weak evidence needs)."""
        tiny, ratio = 1e-9, self.params.weak_ratio
        far_up = max(self.weak_lo[i], tiny) / max(self.weak_hi[j], tiny)
        far_down = max(self.weak_lo[j], tiny) / max(self.weak_hi[i], tiny)
        return not (far_up > ratio or far_down > ratio)

    def strong(self, i: int, j: int) -> bool:
        """The figures' focus mostly coincides, on two names or more.

        One name is too little, even in both subjects: "Boeing planes" ordered by Ryanair and
        "Boeing jets" postponed by AMR, "Grand Slam titles" of two players.
        """
        fi, fj = self.focus[i], self.focus[j]
        shared = len(fi & fj)
        return shared >= 2 and shared / len(fi | fj) >= self.params.strong_overlap

    def rivals(self, i: int, j: int) -> bool:
        """Each figure's focus has an actor (person, organisation, film...) the other figure's sentence does not name.

        "Verizon's $6.75bn bid for MCI" and "Qwest's $6.3bn bid for MCI": each names a bidder the
        other does not, so they are two bids, whatever the figures. Names are compared without a
        plural "s" (the Oscars / the Oscar field). Places are left to the place rule: a sentence
        often names a country only as the setting.
        """
        family = self.family
        only_i = {family.get(k) for k in self.focus[i] - self.anchors[j]} & _ACTORS
        only_j = {family.get(k) for k in self.focus[j] - self.anchors[i]} & _ACTORS
        return bool(only_i & only_j)

    def places_differ(self, i: int, j: int) -> bool:
        """Two places that cannot be one: both given, neither's words inside the other's ("Kursk" / "Kursk region"),
        neither named in the other's sentence ("the Kursk region of Russia" is compatible with "Russia").

        An empty place never differs: a figure without a place is about wherever its story is.
        """
        pi, pj = self.place[i], self.place[j]
        if not pi or not pj or pi == pj or f" {pi} " in f" {pj} " or f" {pj} " in f" {pi} ":
            return False
        return pi not in self.anchors[j] and pj not in self.anchors[i]

    def conflict(self, i: int, j: int) -> bool:
        p = self.params
        same_voice = self.article[i] == self.article[j] and self.status[i] == self.status[j]
        if same_voice and (self.open_lo[i] > self.open_hi[j] or self.open_lo[j] > self.open_hi[i]):
            return True
        lo_i, hi_i, lo_j, hi_j = self.lo[i], self.hi[i], self.lo[j], self.hi[j]
        if not np.isnan([lo_i, hi_i, lo_j, hi_j]).any():
            tiny = 1e-9
            if max(lo_i, tiny) / max(hi_j, tiny) > p.max_ratio or max(lo_j, tiny) / max(hi_i, tiny) > p.max_ratio:
                return True
            if self.unexplained_gap(i, j) > p.exact_ratio:
                return True
        if self.article[i] != self.article[j]:
            if self.precise[i] and self.precise[j] and self.value[i] != self.value[j]:
                return True
            if self.beyond_rounding(i, j) or self.rivals(i, j):
                return True
        if self.places_differ(i, j):
            return True
        pi, pj = self.period[i], self.period[j]
        if pi and pj and pi != pj and not (self.from_sentence[i] and self.from_sentence[j]):
            return True  # "in December" / "in November": two named periods that no date resolved (judged below if so)
        si, sj = self.subject_names[i], self.subject_names[j]
        if si and sj and not (si & sj):
            return True
        if not (np.isnat(self.day_lo[i]) or np.isnat(self.day_lo[j])):
            apart = max(self.day_lo[i] - self.day_hi[j], self.day_lo[j] - self.day_hi[i]).astype(int)
            if self.from_sentence[i] and self.from_sentence[j] and apart > 0:
                return True
            if apart > p.max_days:
                return True
        return False


#: A money expression then an opening bracket, semicolon or colon, right before a figure: "$280bn (", "euros ($2bn; ".
_CONVERTED_FROM = re.compile(
    r"\d[\d.,]*\s*(?:bn|m|k|tn|p|billion|million|thousand|trillion)?\s*(?:[A-Za-z]+\s*)?[(;:]\s*$"
)


def conversions(claims: pd.DataFrame, articles: pd.DataFrame | None = None) -> np.ndarray:
    """True for money figures that convert the amount written right before them ("$11bn (£5.7bn)").

    With the articles' bodies: the figure follows a number (with its scale and currency word)
    and "(", ";" or ":". Without them: the figure starts at most 2 characters after another money
    figure of the same article.
    """
    out = np.zeros(len(claims), dtype=bool)
    money = claims["what"].fillna("").astype(str).eq("money").to_numpy()
    if not money.any():
        return out
    if articles is not None and len(articles):
        bodies = articles.drop_duplicates("article_id").set_index("article_id")["body"].astype(str).to_dict()
        for i in np.flatnonzero(money):
            start = int(claims["start"].iat[i])
            before = bodies.get(claims["article_id"].iat[i], "")[max(0, start - 30) : start]
            out[i] = bool(_CONVERTED_FROM.search(before))
        return out
    subset = claims[money].assign(_row=np.flatnonzero(money)).sort_values(["article_id", "start"], kind="stable")
    prev_end = subset.groupby("article_id", sort=False)["end"].shift()
    near = (subset["start"].astype(float) - prev_end.astype(float)).between(0, 2)
    out[subset.loc[near, "_row"].to_numpy()] = True
    return out


def assign_threads(
    claims: pd.DataFrame,
    entities: pd.DataFrame,
    params: ThreadParams | None = None,
    articles: pd.DataFrame | None = None,
) -> pd.Series:
    """The ``thread`` id of every claim (same index as ``claims``); every claim gets one, alone or shared.

    ``articles`` (optional) gives the bodies used to recognise currency conversions.
    """
    params = params or ThreadParams()
    if claims.empty:
        return pd.Series([], index=claims.index, dtype="object")
    df = with_optional_columns(claims)
    for col in ("as_of", "as_of_from"):
        if col not in df.columns:
            df[col] = ""
    df = df.reset_index(drop=True)
    converted = conversions(df, articles)
    anchors = claim_anchors(df, entities)
    per_article = anchors.per_article
    n_articles = max(1, df["article_id"].nunique(), len(per_article))
    article_freq = Counter(k for counts in per_article.values() for k in counts)
    common = {k for k, n in article_freq.items() if n > max(params.common_min, params.common_share * n_articles)}
    same_story = same_story_pairs(per_article, common, params.same_story, params.same_story_min_shared)
    arrays = _Claims(df, anchors, params)
    kind = claim_kind(df["qualifier"], df["per"])
    scope = scope_key(df["scope"]) if "scope" in df.columns else pd.Series("", index=df.index)
    block = (
        df["what"].fillna("").astype(str)
        + "\x1f"
        + unit_key(df["what"], df["noun"])
        + "\x1f"
        + kind
        + "\x1f"
        + df["per"].str.strip().str.lower()
        + "\x1f"
        + scope.astype(str)
        + pd.Series(np.where(converted, "\x1fconversion\x1f" + df.index.astype(str), ""), index=df.index)
    )
    thread = np.empty(len(df), dtype=object)
    used: set[str] = set()
    starts = df["start"].astype("int64").tolist()
    whats = df["what"].fillna("").astype(str).tolist()
    kinds = kind.tolist()
    for _, rows in pd.Series(np.arange(len(df))).groupby(block.to_numpy(), sort=False):
        members = rows.to_numpy()
        for cluster in _cluster_block(members, arrays, common, same_story):
            first = min(cluster, key=lambda r: (arrays.article[r], starts[r]))
            ident = hashlib.sha1(f"{arrays.article[first]}:{starts[first]}".encode()).hexdigest()[:10]
            slug = re.sub(r"[^a-z0-9]+", "-", whats[first].lower()).strip("-") or "figure"
            name = f"{slug}-{kinds[first][0]}{ident}"
            while name in used:  # two threads starting at the same offset (only in hand-made tables)
                name += "x"
            used.add(name)
            thread[cluster] = name
    return pd.Series(thread, index=claims.index, dtype="object")


def _cluster_block(
    members: np.ndarray, arrays: _Claims, common: set[str], same_story: dict[str, set[str]]
) -> list[list[int]]:
    graph = nx.Graph()
    graph.add_nodes_from(int(m) for m in members)
    by_anchor: dict[str, list[int]] = defaultdict(list)
    by_article: dict[str, list[int]] = defaultdict(list)
    for m in members:
        by_article[arrays.article[m]].append(int(m))
        for key in arrays.focus[m]:
            if key not in common:
                by_anchor[key].append(int(m))
        # the very same figure beside a name its sentence shares with another's ("The Aviator ... 11 nominations")
        for key in arrays.anchors[m] - arrays.focus[m]:
            if key not in common:
                by_anchor[f"{key}\x1f{arrays.value[m]!r}"].append(int(m))
    candidates: set[tuple[int, int]] = set()
    for rows in by_anchor.values():  # the figures' focus names the same thing
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if arrays.article[a] != arrays.article[b]:
                    candidates.add((a, b))
    # inside one article: a figure repeated, or two figures about a common thing that are vague ("over 10,000",
    # "thousands") or of different status (a projection beside the count); a writer who states two different
    # exact figures of one status means two quantities ("sued for $28.3bn" / "more than $27bn" in tax)
    for rows in by_article.values():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                restated = arrays.status[a] != arrays.status[b] or "exact" not in (
                    arrays.qualifier[a],
                    arrays.qualifier[b],
                )
                if arrays.value[a] == arrays.value[b] or (
                    restated and (arrays.anchors[a] & arrays.anchors[b]) - common
                ):
                    candidates.add((a, b))
    edges = [
        (a, b)
        for a, b in candidates
        if not arrays.conflict(a, b)
        and (arrays.article[a] == arrays.article[b] or arrays.strong(a, b) or arrays.close(a, b))
    ]
    for a_id in by_article:
        for b_id in same_story.get(a_id, ()):
            if a_id < b_id and b_id in by_article:
                pairs = _unambiguous_pairs(by_article[a_id], by_article[b_id], arrays)
                edges.extend((a, b) for a, b in pairs if arrays.strong(a, b) or arrays.close(a, b))
    graph.add_edges_from(_mutual_best(edges, arrays))
    clusters: list[list[int]] = []
    for component in nx.connected_components(graph):
        if len(component) <= 2:
            clusters.append(sorted(component))
            continue
        clusters.extend(_split_component(graph.subgraph(component), arrays))
    return clusters


def _mutual_best(edges: list[tuple[int, int]], arrays: _Claims) -> list[tuple[int, int]]:
    """Keep a link between two articles' figures only if each is the other's nearest value there (per status).

    A figure of one article stands for at most one quantity of another: "a $27bn tax bill" links
    to the other article's $27.5bn bill, not to the $9.3bn sale price it also mentions.
    Links inside one article (a repeated figure) are kept.
    """
    centre = arrays.centre
    best: dict[tuple[int, str, str], float] = {}
    for a, b in edges:
        d = abs(centre[a] - centre[b])
        for x, y in ((a, b), (b, a)):
            key = (x, arrays.article[y], arrays.status[y])
            best[key] = min(best.get(key, np.inf), d)
    kept = []
    for a, b in edges:
        d = abs(centre[a] - centre[b])
        same_article = arrays.article[a] == arrays.article[b]
        a_best = best[(a, arrays.article[b], arrays.status[b])]
        if same_article or (d <= a_best and d <= best[(b, arrays.article[a], arrays.status[a])]):
            kept.append((a, b))
    return kept


def _unambiguous_pairs(left: list[int], right: list[int], arrays: _Claims) -> list[tuple[int, int]]:
    """Links between two same-story articles where each figure has exactly one compatible figure (value) opposite.

    When two articles on one story each give one figure of a measure, they give the same
    quantity; when either gives several (a box-office round-up), the story alone cannot say which.
    """
    compatible = [(x, y) for x in left for y in right if not arrays.conflict(x, y)]
    seen_left: dict[int, set[float]] = defaultdict(set)
    seen_right: dict[int, set[float]] = defaultdict(set)
    for x, y in compatible:
        seen_left[x].add(arrays.value[y])
        seen_right[y].add(arrays.value[x])
    return [(x, y) for x, y in compatible if len(seen_left[x]) == 1 and len(seen_right[y]) == 1]


def _split_component(graph: nx.Graph, arrays: _Claims) -> list[list[int]]:
    """Constrained single linkage: links merge threads, closest values first, unless a claim conflicts across.

    Merging whole threads (not claim by claim) lets two threads started apart join through a
    later link. Conflicts only grow as threads grow, so a pair of threads found in conflict is
    remembered and never checked again.
    """
    edges = sorted(graph.edges, key=lambda e: (abs(arrays.centre[e[0]] - arrays.centre[e[1]]), min(e), max(e)))
    members: dict[int, list[int]] = {n: [n] for n in graph.nodes}
    root: dict[int, int] = {n: n for n in graph.nodes}
    blocked: dict[int, set[int]] = defaultdict(set)
    for a, b in edges:
        ra, rb = root[a], root[b]
        if ra == rb or rb in blocked[ra]:
            continue
        if any(arrays.conflict(x, y) for x in members[ra] for y in members[rb]):
            blocked[ra].add(rb)
            blocked[rb].add(ra)
            continue
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        for node in members[rb]:
            root[node] = ra
        members[ra].extend(members.pop(rb))
        for other in blocked.pop(rb, set()):
            blocked[other].discard(rb)
            blocked[other].add(ra)
            blocked[ra].add(other)
    return [sorted(c) for c in members.values()]


def threads_table(claims: pd.DataFrame, entities: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per thread: readable label, measure, subject, place, counts, dates covered and range.

    The label is the subject (and place) when the claims have one; otherwise the counted noun and,
    given the ``entities`` table, the names most of the thread's sentences share ("soldiers: North
    Korea, Russia").
    ``n_sources`` counts the distinct attributed sources; ``low``/``high`` span the figures of the
    reported or estimated claims (all claims when the thread has only projections or the like);
    ``first_as_of``/``last_as_of`` the earliest and latest ``as_of`` (ISO strings, sorted as text).
    Rows are sorted by sources, then articles, then claims, most first.
    """
    if claims.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in THREAD_COLUMNS})
    df = with_optional_columns(claims)
    for col in ("as_of", "thread"):
        if col not in df.columns:
            df[col] = ""
    df = df.assign(
        lo_end=df["low"].astype(float).fillna(df["value"].astype(float)),
        hi_end=df["high"].astype(float).fillna(df["value"].astype(float)),
        factual=df["status"].isin(FACTUAL_STATUSES),
        thread=df["thread"].astype(str),
    )
    for col in ("article_id", "source", "as_of", "subject", "place", "what", "noun"):
        df[col] = df[col].fillna("").astype(str)
    groups = df.groupby("thread", sort=False)
    out = pd.DataFrame(
        {
            "n_claims": groups.size(),
            "n_articles": groups["article_id"].nunique(),
            "n_sources": df["source"].where(df["source"].ne("")).groupby(df["thread"], sort=False).nunique(),
            "first_as_of": df["as_of"].where(df["as_of"].ne("")).groupby(df["thread"], sort=False).min(),
            "last_as_of": df["as_of"].where(df["as_of"].ne("")).groupby(df["thread"], sort=False).max(),
        }
    )
    has_factual = groups["factual"].any()
    factual = df[df["factual"]].groupby("thread", sort=False)
    out["low"] = factual["lo_end"].min().reindex(out.index).where(has_factual, groups["lo_end"].min())
    out["high"] = factual["hi_end"].max().reindex(out.index).where(has_factual, groups["hi_end"].max())
    for col in ("subject", "place", "what", "noun"):
        out[col] = _most_common(df, col).reindex(out.index).fillna("")
    out[["first_as_of", "last_as_of"]] = out[["first_as_of", "last_as_of"]].fillna("")
    names = _shared_names(df, entities) if entities is not None else {}
    df["kind"] = claim_kind(df["qualifier"], df["per"])
    for col in ("kind", "per"):
        out[col] = _most_common(df, col).reindex(out.index).fillna("")
    out["label"] = [
        thread_label(w, s, p, n, names.get(t, ()), kind, per)
        for t, w, s, p, n, kind, per in zip(
            out.index, out["what"], out["subject"], out["place"], out["noun"], out["kind"], out["per"], strict=True
        )
    ]
    out = out.rename_axis("thread").reset_index()[THREAD_COLUMNS]
    out = out.sort_values(["n_sources", "n_articles", "n_claims", "thread"], ascending=[False, False, False, True])
    return out.reset_index(drop=True)


def _shared_names(claims: pd.DataFrame, entities: pd.DataFrame, top: int = 2) -> dict[str, list[str]]:
    """Per thread, the (at most ``top``) names most of its claims' sentences mention, sources and outlets aside."""
    ents = entities.loc[entities["label"].isin(ANCHOR_LABELS), ["article_id", "sentence", "canonical"]]
    ents = ents.fillna("").astype(str)
    ents = ents[ents["canonical"].ne("")]
    keyed = claims[["thread", "article_id", "sentence", "source"]].fillna("").astype(str)
    keyed = keyed.assign(claim=np.arange(len(claims)))
    pairs = keyed.merge(ents.drop_duplicates(), on=["article_id", "sentence"], how="inner")
    if pairs.empty:
        return {}
    source = pairs["source"].str.lower()
    pairs = pairs[[c.lower() not in s for c, s in zip(pairs["canonical"], source, strict=True)]]
    counts = pairs.groupby(["thread", "canonical"], sort=False)["claim"].nunique().rename("n").reset_index()
    sizes = keyed.groupby("thread")["claim"].size()
    # astype: an empty map keeps the key's string dtype, which cannot be compared with numbers
    counts = counts[counts["n"] * 2 >= counts["thread"].map(sizes).astype("float64")]
    counts = counts.sort_values(["thread", "n", "canonical"], ascending=[True, False, True])
    first = counts.groupby("thread", sort=False).head(top)
    return {t: names for t, names in first.groupby("thread", sort=False)["canonical"].agg(list).items()}


def thread_label(
    what: str,
    subject: str,
    place: str,
    noun: str = "",
    names: tuple[str, ...] | list[str] = (),
    kind: str = "total",
    per: str = "",
) -> str:
    """A readable name: the subject (else the counted noun with shared names, else the measure), "in <place>";
    a thread of increments says "(additional)" and a rate "per <unit>", so that two threads of one subject
    (the total sent and a further contingent) read apart."""
    head = subject or noun or what or "figures"
    if not subject and what == "money" and noun:
        head = f"money ({noun})"
    if not subject and names:
        head = f"{head}: {', '.join(names)}"
    if place and place.lower() not in head.lower():
        head = f"{head} in {place}"
    if kind == "rate" and per and f"per {per}".lower() not in head.lower():
        head = f"{head} per {per}"
    return f"{head} (additional)" if kind == "increment" else head


def _most_common(df: pd.DataFrame, col: str) -> pd.Series:
    """Per thread, the most frequent non-empty value of ``col`` (ties: the shortest, then alphabetical)."""
    sub = df.loc[df[col].ne(""), ["thread", col]]
    counts = sub.groupby(["thread", col], sort=False).size().rename("n").reset_index()
    counts = counts.assign(length=counts[col].str.len())
    counts = counts.sort_values(["thread", "n", "length", col], ascending=[True, False, True, True], kind="stable")
    return counts.drop_duplicates("thread").set_index("thread")[col]
