"""Numeric claims: every figure in a body that counts something, with its interval and attribution.

One row per *counted* number ("over 10,000 soldiers", "up to 4.8 million artillery shells",
"at least 4,000 dead and wounded", "$5m"). Everything is read off spaCy's parse and entity
labels of the already-parsed ``Doc``; nothing is re-parsed, so the cost is one pass over the
tokens plus a short walk up the dependency tree per figure.

Decisions (documented here because users read the table, not the code):

* **What counts.** A number is a claim when it counts a noun: it modifies the noun (``nummod``,
  "3,000 troops"), is partitive ("thousands of troops", "two of our own"), stands for casualties
  ("4,000 dead and wounded", "3,000 were killed"), or is an amount of money ("$5m", "500 euros").
  Counted nouns missing from the lexicon still give a row when plural, with their lemma as ``what``
  ("jobs" -> "job"); nationality nouns ("22 million Americans") count people. A number inside a name
  that modifies a noun counts the noun ("300 Department of Health posts").
* **Elliptical figures.** A bare number that is a clause argument (subject, object, object of
  into/to/from/against/...) with no noun of its own continues the nearest earlier figure of the same or the
  two previous sentences and takes its noun: "12,500 jobs had gone while 7,800 were being moved",
  "merge 35 agencies into nine", "... 560 will be lost", "there will be five million by May" (after
  "expletive" there), "compared with just ten the previous year" (the parser hangs "ten" on "year"
  across its determiner). A bare scaled amount continues the amount of money before it in its
  sentence, in the same currency, skipping conversions in brackets ("4.3bn rupees ($98m; £52m),
  against 2.7bn a year earlier"); any other count in between ends the run.
* **Restated and changed figures.** A bare figure in dashes or brackets right after a plural noun
  restates its count ("half a million people - 645,000 - are at risk"). Either end of "from A to B"
  after a verb of change counts that verb's object or subject ("double the number of its hotspots -
  places where ... - from 12,300 to 20,000": the parser may hang "from" elsewhere; "the number/total/
  volume of X" counts the first plural noun of its "of" phrase). A bare total as subject ("the annual
  total for 2004 is set to exceed 25bn") counts what the figure before it counted, else ``total``.
* **The small model's mistakes.** A number with a lower-case scale ("167 million", "25bn") is a
  count whatever its entity label: the model labels glued amounts ORDINAL, PERSON or ORG, and takes
  "More than 167 million" into the name before it when a full stop is missing ("analysts Gartner More
  than 167 million handsets"); names keep capitalised scale words ("Six Million Dollar Man") and model
  numbers have none. Plurals the tagger calls singular count: acronym plurals and age groups ("301 MPs",
  "9,000 under-18s"), currency plurals it leaves unlemmatised ("30m euros", "reais", "kroner"). A
  glued scale the tokenizer splits off ("1m websites") is not the counted noun: the noun after it is.
* **Money.** Symbols and codes before the number, glued or apart ("$5m", "HK$5.4m", "US$ 3bn",
  "USD10m", "EUR50m", "RM1.50", "Rs45", "Rp9,000"), currency words after it ("50m euros", "one
  trillion won", "745bn Indian rupees": a nationality or country between; not an adjective such as
  "12 real problems"); ``currency`` holds the ISO code. Minor units are converted to major units ("60
  pence" -> 0.6 GBP, "20 sen" -> 0.2 MYR, "25 cents" -> 0.25 with no currency). An amount in brackets
  after another ("less than $30,000 (£15,000)") is a conversion and shares its qualifier.
* **Not counts** (skipped): measures (the counted word is a unit: "640 kilometres", "3,400
  kilograms", "122 mm", durations "three years", ages "45-year-old"), percentages, ordinals,
  times, years ("2023", "the 2024 election"), model numbers ("KN-23", "F-16", "Boeing 737"),
  numbers inside names ("Six Nations"), model numbers before a one-word name ("737 Max jets") or
  after another number ("20 737s"), ratios ("1 in 5", "one out of three", "eight per thousand"),
  codes with leading zeros, fractions (but "a quarter of a million" is 250,000 and "one-and-a-half
  million" 1.5 million), numbers labelling the singular noun before them ("page 12", "room 101"),
  ages after a name ("Daniel Hart, 19,"), a bare number after "the" in an apposition ("a six-cylinder
  engine - the 147, 156 ..."), numbers beside a range the tokenizer cut in the middle ("$2-$3.8
  trillion": no row rather than a wrong value),
  "one" without a scale unless it counts a lexicon noun, and "the two countries"-style
  references back to a known set (definite article + a noun outside the lexicon).
* **Totals.** "The death toll rose to 57" / "the number of refugees reached 6 million": the
  subject says what the figure counts.
* **Qualifiers.** exact; approximate (about, around, nearly, almost, some, an estimated... —
  "nearly"/"almost" are approximate, not upper bounds); lower_bound (at least, over, more than,
  "10,000+"); upper_bound (up to, as many as, fewer than, under); additional (an additional,
  another, "3,000 more"); a qualifier glued by a hyphen ("near-400,000") is approximate; range ("between
  10,000 and 12,000", "between 2,000-3,000", "10,000-12,000", "two or three", "$50-100,000" (the lower
  end shares the thousands of the upper one),
  "from $10 to $15 billion"; but "rose from 10 to 15" and "ended down $1.33 to $42.12" are changes,
  two figures, as is any "from A to B" whose nearest full verb before it is one of change).
  Vague plurals ("thousands", "dozens", "tens of thousands") are lower bounds at the unit they
  name (1,000, 12, 10,000).
* **Interval.** exact/approximate/additional: ``low == high == value`` (additional: the increment);
  lower_bound: ``high`` is NaN; upper_bound: ``low`` is NaN; range: both ends, ``value`` = high.
* **what.** Category of the counted noun from ``data/claims_lexicon.json`` (troops, casualties,
  munitions, missiles, drones, aircraft, vehicles, weapons, ships, people, buildings, money), else
  the noun's lemma. People/troops whose verb says they were killed or wounded become ``casualties``; those
  "without power"/"losing power" become ``power_outage``.
* **source.** Who the figure is attributed to, found by :mod:`newslab.annotate.attribution` (shared
  with the quotes; cue words in ``data/attribution_cues.json``): the subject of the nearest reporting
  verb governing the figure, the object of "according to", the agent of a relative clause ("services
  who reported that ..."), the author of a reporting noun ("accusations from X", "figures published by
  X", "X's data", "Labor Department figures"), a trailing "..., police said", else an attribution
  carried over from the sentence before ("according to X" and "X said that ..." govern the next
  sentences of their paragraph while they stay on its subject) or after ("X reported that ...",
  "Figures from X showed ..."); a figure inside a quotation and attributed by none of these is the
  speaker's (``quote-speaker``, set once the quotes are known). ``source`` is
  the name ("Christian Aid" for "a Christian Aid spokesman"), ``source_text`` the phrase as written,
  ``attribution`` how it was found. Empty when nothing attributes the figure.
* **hedged.** A hedge word (may, could, reportedly, alleged, believed, expected, estimated, ...)
  sits on the figure's path to the sentence root or modifies a word on it.
* **scope.** Time scopes only: "since ...", "so far", "to date", "at any given time", "at a time",
  rates ("per day", "a month", "every week"), and in/during/over/within phrases whose object is a
  date or period. Places ("in Russia's Kursk region") and event dates ("on Monday") are not
  scopes: the entities and dates tables carry them.

* **subject.** The counted noun's owner (possessive or "of" phrase) when named, else the named
  subject of the clause whose object the figure is ("North Korea sent 3,000 soldiers"); then the
  noun's named and noun modifiers and the noun ("North Korean troops"). For money: the payer and what
  the amount is "of"/"for" ("Lufthansa dividend").
* **place.** The first GPE/LOC entity in an in/to/into/at/... phrase on the counted noun or on the
  figure's own clause (not the reporting clause); inside the phrase the name nearest its head wins
  ("to Russia's Kursk region" -> "Kursk region"). Surface form; canonical names come later.
* **status.** From the figure's clause and what governs it: ``denied`` (a ``neg`` on the clause, or
  a denial verb above it), ``hypothetical`` (inside an if/unless clause, or "would" + an if clause),
  ``estimated`` (modal + "have" + participle: "may have sent"; or an estimation word), ``projected``
  (a modal, "is to"/"going to", or a projection word: plans, expects), else ``reported``.
* **per.** "per X", "a/an/each/every X" after the figure or its noun, rate adverbs (each, apiece,
  annually) and snapshot phrases ("at any given time"). Empty for totals.

The candidate scan and the qualifier/unit tests are hand-written (a token loop and precompiled
regexes) because spaCy's ``Matcher`` cannot express "a run of number words whose parse is valid"
and would need a second pass per pattern family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from newslab.annotate import attribution
from newslab.annotate.numbers import (
    NUMBER_WORDS,
    SCALES,
    UNITS,
    VAGUE_PLURALS,
    VAGUE_PREFIXES,
    ParsedNumber,
    parse_quantity,
)
from newslab.data import load_json

CLAIM_KEYS = (
    "start",
    "end",
    "sentence",
    "value",
    "low",
    "high",
    "qualifier",
    "what",
    "noun",
    "source",
    "hedged",
    "scope",
    "subject",
    "place",
    "status",
    "per",
    "currency",
    "attribution",
    "source_text",
)
QUALIFIERS = ("exact", "approximate", "lower_bound", "upper_bound", "additional", "range")
NAN = float("nan")

_PREFIX_WORDS = frozenset({"a", "an", "half"}) | VAGUE_PREFIXES
_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
_GLUED_SUFFIXES = frozenset(k for k in SCALES if k.isalpha() and len(k) <= 3)
_SUFFIXES = "k|mn|mln|m|bn|b|tn|trn"
_GLUED_NUMBER = re.compile(r"\d[\d,.]*(?:" + _SUFFIXES + ")")
# A qualifier glued to the number by a hyphen, one token for the tokenizer: "near-400,000", "almost-2m".
_HYPHENED_QUALIFIERS = ("near", "nearly", "almost", "some")  # all approximate
_HYPHENED = re.compile(
    r"(?P<q>" + "|".join(_HYPHENED_QUALIFIERS) + r")-(?P<num>\d[\d,]*(?:\.\d+)?(?:" + _SUFFIXES + r")?)", re.IGNORECASE
)
_SPELLED = frozenset(w for w in NUMBER_WORDS if len(w) > 3 or w in {"one", "two", "six", "ten"})
_YEAR = re.compile(r"[12]\d{3}")
_ACRONYM_PLURAL = re.compile(r"(?:[A-Z]{2,}|[\w-]*\d)s")  # "MPs", "SUVs", "under-18s"
_DASHES = frozenset({"-", "–", "—", "‑"})
_SKIP_ENTS = frozenset({"PERCENT", "TIME", "ORDINAL"})
_NAME_ENTS = frozenset({"ORG", "EVENT", "WORK_OF_ART", "PRODUCT", "FAC", "LAW", "PERSON", "LANGUAGE"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
_GROUP_ENTS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "OUTLET"})
_PLACE_ENTS = frozenset({"GPE", "LOC"})
# Dependencies by which a bare number stands for a noun phrase ("560 will be lost", "merge 35 into nine").
_ELLIPTICAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"})
_ELLIPTICAL_PREPS = frozenset({"into", "to", "from", "of", "with", "by", "among", "than", "between", "against"})
_PROJECTED_VIA = frozenset({"xcomp", "ccomp", "dobj", "nsubj", "nsubjpass", "acomp", "attr", "oprd"})
# The figure is what a negated verb is about (its object, passive subject, complement), not its agent.
_NEGATED_VIA = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative", "xcomp", "ccomp"})
_RATIO_BASES = frozenset({"hundred", "thousand", "million", "100", "1,000", "1000", "100,000", "capita"})
STATUSES = ("reported", "estimated", "projected", "denied", "hypothetical")
_HEDGE_CHILD_DEPS = frozenset({"aux", "auxpass", "advmod", "amod", "npadvmod", "acomp", "neg", "quantmod"})
_SCOPE_CHILD_DEPS = frozenset({"prep", "advmod", "npadvmod", "advcl", "pcomp"})
_TOTAL_NOUNS = frozenset({"number", "total", "tally", "count", "figure", "toll", "volume"})
_DEFINITE = frozenset({"the", "these", "those", "both", "its", "their", "his", "her", "our", "my", "your"})
_PERCENT_WORDS = frozenset({"%", "percent", "per cent", "pc", "percentage"})
_MAX_SCOPE_CHARS = 80
# One token holding the two ends of a range, cut by the tokenizer at the wrong place: "2-$3.8", "million-2".
_SPLIT_RANGE = re.compile(r"(?:\d|" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")-\W?\d", re.IGNORECASE)
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_SPELLED_COUNTS = (NUMBER_WORDS - _GLUED_SUFFIXES) | set(VAGUE_PLURALS) | {"half", "quarter"}
_NUMBER_WORD = re.compile(  # spelled numbers, not the scale abbreviations ("m" as in "I'm")
    r"\b(?:" + "|".join(sorted(_SPELLED_COUNTS, key=len, reverse=True)) + r")\b"
)


@dataclass(frozen=True)
class Lexicon:
    """The claims word lists, compiled once (see ``data/claims_lexicon.json``)."""

    noun_category: dict[str, str]
    context_categories: tuple[tuple[str, frozenset[str]], ...]
    context_applies_to: frozenset[str]
    casualty_words: frozenset[str]
    casualty_verbs: frozenset[str]
    measure_units: frozenset[str]
    currency_symbols: frozenset[str]
    pre_qualifier: re.Pattern[str]
    post_qualifier: re.Pattern[str]
    qualifier_kind: dict[str, str]
    post_kind: dict[str, str]
    hedges: frozenset[str]
    scope_phrases: frozenset[str]
    scope_rate: re.Pattern[str]
    scope_units: frozenset[str]
    scope_prepositions: frozenset[str]
    scope_period_words: frozenset[str]
    currency_code: dict[str, str]
    currency_word_code: dict[str, str]
    glued_currency: re.Pattern[str]
    minor_units: dict[str, tuple[str, float]]
    change_verbs: frozenset[str]
    denial_words: frozenset[str]
    projection_words: frozenset[str]
    estimate_words: frozenset[str]
    rate_adverbs: frozenset[str]
    snapshot_phrases: frozenset[str]
    place_prepositions: frozenset[str]
    subject_skip_modifiers: frozenset[str]
    categories: frozenset[str]
    measure_nouns: frozenset[str]


def _phrase_pattern(phrases: list[str]) -> str:
    """Alternation of phrases, longest first, any run of spaces between words."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


def build_lexicon(data: dict[str, Any]) -> Lexicon:
    """Compile the JSON word lists into lookup sets and regexes."""
    categories = {word: cat for cat, words in data["categories"].items() for word in words}
    pre = {p: kind for kind, phrases in data["qualifiers"].items() for p in phrases}
    post = {p: kind for kind, phrases in data["post_qualifiers"].items() for p in phrases}
    units = "|".join(re.escape(u) for u in data["scope_units"])
    rates = "|".join(re.escape(r) for r in data["scope_rate_words"])
    return Lexicon(
        noun_category=categories,
        context_categories=tuple((cat, frozenset(words)) for cat, words in data["context_categories"].items()),
        context_applies_to=frozenset(data["context_applies_to"]),
        casualty_words=frozenset(data["casualty_words"]),
        casualty_verbs=frozenset(data["context_categories"].get("casualties", [])),
        measure_units=frozenset(data["measure_units"]),
        currency_symbols=frozenset(data["currencies"]),
        pre_qualifier=re.compile(r"(?<![\w-])(" + _phrase_pattern(list(pre)) + r")\s*$", re.IGNORECASE),
        post_qualifier=re.compile(r"^\s?(" + _phrase_pattern(list(post)) + r")(?![\w])(?!\s+than\b)", re.IGNORECASE),
        qualifier_kind={_squash(p): k for p, k in pre.items()},
        post_kind={_squash(p): k for p, k in post.items()},
        hedges=frozenset(data["hedges"]),
        scope_phrases=frozenset(_squash(p) for p in data["scope_phrases"]),
        scope_rate=re.compile(rf"(?:{rates}) (?:{units})s?"),
        scope_units=frozenset(data["scope_units"]),
        scope_prepositions=frozenset(data["scope_prepositions"]),
        scope_period_words=frozenset(data["scope_period_words"]),
        currency_code=dict(data["currencies"]),
        currency_word_code=dict(data["currency_words"]),
        glued_currency=re.compile(
            rf"(?P<cur>{_phrase_pattern(list(data['currencies']))})(?P<num>\d[\d,]*(?:\.\d+)?(?:{_SUFFIXES})?)"
        ),
        minor_units={unit: (code, float(div)) for unit, (code, div) in data["minor_units"].items()},
        change_verbs=frozenset(data["change_verbs"]),
        denial_words=frozenset(data["denial_words"]),
        projection_words=frozenset(data["projection_words"]),
        estimate_words=frozenset(data["estimate_words"]),
        rate_adverbs=frozenset(_squash(w) for w in data["rate_adverbs"]),
        snapshot_phrases=frozenset(_squash(w) for w in data["snapshot_phrases"]),
        place_prepositions=frozenset(data["place_prepositions"]),
        subject_skip_modifiers=frozenset(data["subject_skip_modifiers"]),
        categories=frozenset(categories.values()),
        measure_nouns=frozenset(data["measure_nouns"]),
    )


@cache
def load_lexicon() -> Lexicon:
    """The packaged lexicon (``newslab/data/claims_lexicon.json``), loaded once per process."""
    return build_lexicon(load_json("claims_lexicon.json"))


# --------------------------------------------------------------------------- candidate numbers


def _is_core(tok: Token, glued_currency: re.Pattern[str] | None = None) -> bool:
    """A token that can carry a number's value (digits, number words, vague plurals, "HK$5.4", "USD10")."""
    low = tok.lower_
    return bool(
        tok.like_num
        or low in NUMBER_WORDS
        or low in VAGUE_PLURALS
        or _GLUED_NUMBER.fullmatch(low)
        or _HYPHENED.fullmatch(low)
        or (glued_currency is not None and glued_currency.fullmatch(tok.text))
    )


def _is_word_number(tok: Token) -> bool:
    return tok.lower_ in NUMBER_WORDS or tok.lower_ in VAGUE_PLURALS


def _joins(doc: Doc, k: int) -> int:
    """How many tokens after ``doc[k]`` (the run's last token) continue the same number; 0 if none."""
    n = len(doc)
    if k + 1 >= n:
        return 0
    cur, nxt = doc[k], doc[k + 1]
    if not cur.whitespace_ and nxt.lower_.rstrip(".") in _GLUED_SUFFIXES and cur.text[-1:].isdigit():
        return 1  # "$5m": the tokenizer splits the glued scale off
    if nxt.lower_ in _SCALE_WORDS or (cur.lower_ in VAGUE_PLURALS and nxt.lower_ in VAGUE_PLURALS):
        return 1  # "4.8 million", "one hundred"
    if _is_word_number(cur) and _is_word_number(nxt) and cur.lower_ not in VAGUE_PLURALS:
        return 1  # "twenty five"
    if (
        cur.text.isdigit()
        and len(cur.text) <= 3
        and nxt.text.isdigit()
        and len(nxt.text) == 3
        and cur.whitespace_ == " "
    ):
        return 1 if k == 0 or not doc[k - 1].text.isdigit() else 0  # "15 000"
    and_a_half = _and_a_half(doc, k)
    if and_a_half:
        return and_a_half  # "one-and-a-half million", "two and a half"
    if k + 2 < n:
        after = doc[k + 2]
        glued = not cur.whitespace_ and not nxt.whitespace_
        if nxt.text in _DASHES and glued and cur.lower_ in _SPELLED and after.lower_ in _SPELLED:
            return 2  # "twenty-five"
        if (
            nxt.lower_ == "and"
            and cur.lower_ in _SCALE_WORDS
            and _is_word_number(after)
            and after.lower_ not in _SCALE_WORDS
        ):
            return 2  # "one hundred and fifty"
        if (
            nxt.lower_ == "of"
            and cur.lower_ in VAGUE_PLURALS
            and (after.lower_ in VAGUE_PLURALS or after.lower_ in _SCALE_WORDS)
        ):
            return 2  # "tens of thousands"
    return 0


def _and_a_half(doc: Doc, k: int) -> int:
    """Tokens from ``doc[k]`` (a whole number) to the "half" of "and a half", hyphenated or not; 0 if none."""
    if not (doc[k].like_num or doc[k].lower_ in UNITS) or doc[k].lower_ in _SCALE_WORDS:
        return 0
    words: list[str] = []
    m = k + 1
    while m < len(doc) and len(words) < 3 and m - k <= 6:
        if doc[m].text not in _DASHES:
            words.append(doc[m].lower_)
        m += 1
    return m - 1 - k if words == ["and", "a", "half"] else 0


def _run_at(doc: Doc, i: int, glued_currency: re.Pattern[str] | None = None) -> int:
    """End (exclusive) of the number run starting at token ``i``, or ``i`` when none starts there."""
    k = i
    while k < len(doc) and doc[k].lower_ in _PREFIX_WORDS:
        k += 1
    if k > i and _quarter_of_a_scale(doc, k):
        k += 3  # "a quarter of a million": a count, unlike other fractions ("two-thirds of voters")
    if k >= len(doc) or not _is_core(doc[k], glued_currency):
        return i
    if k > i and doc[k].lower_ not in _SCALE_WORDS and doc[k].lower_ not in VAGUE_PLURALS:
        return i  # "a 3,000-strong": the article is not part of the number
    if doc[k].lower_ == "tens" and (k + 1 >= len(doc) or doc[k + 1].lower_ != "of"):
        return i
    while True:
        step = _joins(doc, k)
        if not step:
            return k + 1
        k += step


def _quarter_of_a_scale(doc: Doc, k: int) -> bool:
    """ "quarter of a million" at token ``k`` (after "a"/"almost a"): a fraction of a scale word is a count."""
    words = [t.lower_ for t in doc[k : k + 4]]
    return len(words) == 4 and words[0] == "quarter" and words[1] == "of" and words[2] in {"a", "an"} and (
        words[3] in {"million", "billion", "trillion"}
    )


def _number_runs(doc: Doc, glued_currency: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        j = _run_at(doc, i, glued_currency)
        if j > i:
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


# --------------------------------------------------------------------------- one claim


@dataclass
class _Figure:
    i: int  # first token of the number (after any "between"/currency)
    j: int  # end token (exclusive), covering both ends of a range
    start: int  # character span of the whole expression
    end: int
    value: float
    low: float
    high: float
    qualifier: str
    qualifier_text: str = ""
    currency: str = ""  # ISO 4217 code from a symbol or code before the number ("HK$", "USD")


def _chars(doc: Doc, i: int, j: int) -> tuple[int, int]:
    last = doc[j - 1].text
    if last.endswith(".") and last[:-1].lower() in _GLUED_SUFFIXES:
        last = last[:-1]  # "A$20m." at the end of a sentence: the full stop is not part of the figure
    return doc[i].idx, doc[j - 1].idx + len(last)


def _strip_currency(text: str, lex: Lexicon) -> str:
    """ "HK$5.4m" -> "5.4m"; other text unchanged."""
    glued = lex.glued_currency.match(text)
    return text[glued.start("num") :] if glued else text


def _number_of(doc: Doc, i: int, j: int, lex: Lexicon) -> ParsedNumber | None:
    written = doc[i:j].text
    if written.endswith(".") and doc[j - 1].lower_[:-1] in _GLUED_SUFFIXES:
        written = written[:-1]  # "A$20m." at a sentence end
    hyphened = _HYPHENED.fullmatch(written)
    return parse_quantity(hyphened.group("num") if hyphened else _strip_currency(written, lex))


def _currency_before(doc: Doc, i: int, lex: Lexicon) -> str:
    """ISO code of a currency glued to the number ("USD10m") or written just before it ("US$ 3bn")."""
    glued = lex.glued_currency.match(doc[i].text)
    if glued:
        return lex.currency_code.get(glued.group("cur"), "")
    if i > 0 and doc[i - 1].text in lex.currency_symbols:
        return lex.currency_code.get(doc[i - 1].text, "")
    return ""


def _range_end(
    doc: Doc, i: int, j: int, runs_at: dict[int, int], lex: Lexicon
) -> tuple[int, float, float] | None:
    """``(end, low, high)`` when the run ``[i, j)`` opens a range with the next run.

    "from X to Y" is a range ("estimates range from $10 to $15 billion") unless "from" hangs off a
    verb of change ("rose from 10 to 15": two figures, before and after).
    """
    first = i - 1 if i > 0 and doc[i - 1].text in lex.currency_symbols else i
    before = doc[first - 1] if first > 0 else None
    k = j + 1
    if k < len(doc) and doc[k].text in lex.currency_symbols:
        k += 1  # "$10 to $15 billion"
    if k >= len(doc) or k not in runs_at:
        return None
    joiner = doc[j].lower_
    before_word = before.lower_ if before is not None else ""
    if joiner not in {"-", "–", "—", "to", "or", "and"}:
        return None
    if (joiner == "and" and before_word != "between") or (before_word == "between" and joiner in {"to", "or"}):
        return None  # "between 10 and 12", "between 2,000-3,000"; "and" alone joins two figures
    if joiner == "to" and (
        before_word in {"up", "down", "by"}
        or (
            before_word == "from"
            and (before.head.lemma_.lower() in lex.change_verbs or _change_verb_before(doc, before, lex) is not None)
        )
        or (before_word != "from" and doc[j].head.lemma_.lower() in lex.change_verbs)
    ):
        return None  # "rose from 10 to 15", "ended down $1.33 to $42.12": a change, not a range
    j2 = runs_at[k]
    low, high = _number_of(doc, i, j, lex), _number_of(doc, k, j2, lex)
    if low is None or high is None:
        return None
    low_value = low.value
    scale = [t.lower_ for t in doc[k:j2] if t.lower_ in SCALES or t.lower_ in _GLUED_SUFFIXES]
    if scale and not any(t.lower_ in SCALES for t in doc[i:j]):
        rescaled = parse_quantity(_strip_currency(doc[i:j].text, lex) + " " + scale[-1])
        low_value = rescaled.value if rescaled else low_value  # "2-3 million"
    high_text = doc[k:j2].text
    if joiner in _DASHES and low_value < 1000 and low_value == int(low_value) and high_text.endswith(",000"):
        low_value = low_value * 1000 if low_value * 1000 < high.value else low_value  # "$50-100,000": thousands
    if not low_value < high.value:
        return None  # a score ("3-1") or a code, not a range
    return j2, low_value, high.value


def _figure(doc: Doc, text: str, i: int, j: int, runs_at: dict[int, int], lex: Lexicon) -> _Figure | None:
    """The figure whose number is the run ``[i, j)``: its value, qualifier and character span.

    ``text`` is ``doc.text``, passed in because spaCy rebuilds that string on every access.
    """
    start, end = _chars(doc, i, j)
    currency = _currency_before(doc, i, lex)
    if i > 0 and doc[i - 1].text in lex.currency_symbols:
        start = doc[i - 1].idx
    rng = _range_end(doc, i, j, runs_at, lex)
    if rng is not None:
        j2, low, high = rng
        first = i - 1 if i > 0 and doc[i - 1].text in lex.currency_symbols else i
        if first > 0 and doc[first - 1].lower_ in {"between", "from"}:
            start = doc[first - 1].idx
        return _Figure(i, j2, start, _chars(doc, i, j2)[1], high, low, high, "range", currency=currency)
    parsed = _number_of(doc, i, j, lex)
    if parsed is None:
        return None
    qualifier, q_text = ("lower_bound", "") if parsed.vague else ("exact", "")
    hyphened = _HYPHENED.fullmatch(doc[i:j].text)
    if hyphened:  # "near-400,000"
        return _Figure(i, j, start, end, parsed.value, parsed.value, parsed.value, "approximate", hyphened.group("q"))
    pre = lex.pre_qualifier.search(text, max(0, start - 40), start)
    if pre:
        q_text = pre.group(1)
        qualifier, start = lex.qualifier_kind[_squash(q_text)], pre.start(1)
    else:
        post = lex.post_qualifier.match(text[end : end + 25])
        if post and not (post.group(1) == "more" and _more_is_comparative(doc, j)):
            q_text = post.group(1)
            qualifier = lex.post_kind[_squash(q_text)]
            end += post.end(1)
    low, high = _interval(qualifier, parsed.value)
    return _Figure(i, j, start, end, parsed.value, low, high, qualifier, q_text, currency)


def _more_is_comparative(doc: Doc, j: int) -> bool:
    """ "5 more than" / "more" heading its own phrase is not an increment."""
    return j + 1 < len(doc) and doc[j + 1].lower_ == "than"


def _interval(qualifier: str, value: float) -> tuple[float, float]:
    if qualifier == "lower_bound":
        return value, NAN
    if qualifier == "upper_bound":
        return NAN, value
    return value, value


# --------------------------------------------------------------------------- what is counted


def _expression_tokens(doc: Doc, fig: _Figure) -> range:
    """Token indices of the whole expression: qualifier, number and post-qualifier ("10,000+")."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(fig.i, fig.j)


def _run_root(doc: Doc, i: int, j: int) -> Token:
    """The number token whose head lies outside the run (the run's syntactic head)."""
    for tok in doc[i:j]:
        if not (i <= tok.head.i < j) or tok.head.i == tok.i:
            return tok
    return doc[j - 1]


def _next_word(doc: Doc, j: int) -> Token | None:
    """The token after the number, skipping a glued hyphen ("45-year-old")."""
    if j >= len(doc):
        return None
    if doc[j].text in _DASHES and not doc[j - 1].whitespace_ and j + 1 < len(doc):
        return doc[j + 1]
    return doc[j]


def _is_not_a_count(doc: Doc, text: str, fig: _Figure, lex: Lexicon) -> bool:
    """Measures, percentages, times, ordinals, ratios, model numbers: figures that count nothing."""
    span = doc[fig.i : fig.j]
    if fig.currency or _currency_word_after(doc, fig, lex):
        return False  # "HK$5.4m", "30bn baht": the tagger often calls an amount a name or an ordinal
    if _is_ratio(doc, fig.i, fig.j) or _is_model_number(doc, fig):
        return True
    labels = {t.ent_type_ for t in span} & (_SKIP_ENTS | _NAME_ENTS)
    if labels and not (_is_scaled(span) and not labels & {"PERCENT", "TIME"}):
        return True  # percentages, times, ordinals; numbers inside names ("Apollo 11", "Boeing 737")
    nxt = _next_word(doc, fig.j)
    if nxt is not None and (nxt.lower_ in lex.measure_units or nxt.lemma_.lower() in lex.measure_units):
        return True
    if nxt is not None and (
        nxt.lower_ in _PERCENT_WORDS
        or (nxt.lower_ == "per" and fig.j + 1 < len(doc) and doc[fig.j + 1].lower_ == "cent")
    ):
        return True
    if len(span) == 1 and _YEAR.fullmatch(span[0].text) and span[0].ent_type_ == "DATE":
        return True  # "in 2023"
    num_start = doc[fig.i].idx
    first_char = text[num_start - 1 : num_start] if num_start else ""
    if first_char in _DASHES | {"/"} and num_start >= 2 and text[num_start - 2].isalnum():
        return True  # "KN-23", "Su-34", "24/7"
    prev = doc[fig.i - 1] if fig.i > 0 else None
    if _is_age_after_name(doc, fig):
        return True
    if prev is not None and prev.lower_ == "in" and fig.i > 1 and _is_core(doc[fig.i - 2]):
        return True  # "1 in 5 adults": a ratio
    if prev is not None and prev.tag_ == "NN" and _run_root(doc, fig.i, fig.j).head.i == prev.i and not fig.currency:
        return True  # "page 12", "room 101": a number labelling the noun before it
    return bool(
        prev is not None
        and prev.pos_ == "PROPN"
        and prev.whitespace_
        and prev.dep_ in {"compound", "nmod"}
        and prev.ent_type_ not in {"GPE", "NORP", "LOC"}
        and doc[fig.i].text.isdigit()
    )  # "Boeing 737 jets"


def _is_age_after_name(doc: Doc, fig: _Figure) -> bool:
    """ "Daniel Hart, 19, ...": a small bare number set off by a comma right after a person's name is an age."""
    nxt = doc[fig.j] if fig.j < len(doc) else None
    return (
        fig.i > 1
        and doc[fig.i - 1].text == ","
        and doc[fig.i - 2].ent_type_ == "PERSON"
        and fig.value < 120
        and (nxt is None or nxt.is_punct)
    )


def _is_year(tok: Token) -> bool:
    return bool(_YEAR.fullmatch(tok.text)) or tok.ent_type_ == "DATE"


def _is_scaled(span: Span) -> bool:
    """A number with a lower-case scale ("167 million", "25bn", "1.2 m"): never an ordinal or part of a name.

    The small model often labels a glued amount ("25bn", "745bn") ORDINAL, PERSON or ORG, and takes
    "More than 167 million" for part of the name before it when a full stop is missing; a name or a
    title writes its scale words capitalised ("Six Million Dollar Man"), a model number has none.
    """
    return any(
        (t.lower_ in SCALES and t.text.islower()) or _GLUED_NUMBER.fullmatch(t.lower_)
        for t in span
    ) and not any(t.is_title and t.lower_ in SCALES for t in span)


def _currency_code(tok: Token, lex: Lexicon) -> str:
    """ISO code of a currency word in any number ("euro", "euros", "rupees", "reais", "kroner"), or "".

    The small model leaves many plurals unlemmatised ("euros" tagged NN): a final "s" is tried off too.
    """
    low = tok.lower_
    for word in (low, tok.lemma_.lower(), low[:-1] if low.endswith("s") else ""):
        code = lex.currency_word_code.get(word)
        if code:
            return code
    return ""


def _currency_word_token(doc: Doc, fig: _Figure, lex: Lexicon) -> Token | None:
    """The currency word right after the amount, over one or two nationality or country words between
    ("50m euros", "745bn Indian rupees", "10bn Hong Kong dollars")."""
    for k in range(fig.j, min(fig.j + 3, len(doc))):
        tok = doc[k]
        if _currency_code(tok, lex) and not (tok.pos_ == "ADJ" and tok.dep_ == "amod" and tok.head.i > tok.i):
            return tok  # not "10 real problems" (an adjective on the noun after it)
        if not (tok.is_title and (tok.ent_type_ in {"NORP", "GPE"} or tok.pos_ in {"ADJ", "PROPN"})):
            return None
    return None


def _plain_currency_word(tok: Token) -> bool:
    """A currency word after an unscaled number names the currency ("100,000 kroner") when written lower-case and
    not as the modifier of a noun after it ("the 12 Euro zone countries" count countries)."""
    modifies = tok.dep_ in {"compound", "amod", "nmod"} and tok.head.i > tok.i and tok.head.pos_ in _NOUN_POS
    return tok.text.islower() and not modifies


def _currency_word_after(doc: Doc, fig: _Figure, lex: Lexicon) -> bool:
    """A number written in digits right before a currency word ("30bn baht", "420bn yuan", "25,000 rupees")."""
    if fig.j >= len(doc) or not doc[fig.i].text[:1].isdigit():
        return False
    return _currency_word_token(doc, fig, lex) is not None


def _is_ratio(doc: Doc, i: int, j: int) -> bool:
    """ "one in five", "one out of three Germans", "1 in 5": either number of a ratio."""
    nxt = [t.lower_ for t in doc[j : j + 3]]
    if nxt[:1] == ["in"] and j + 1 < len(doc) and _is_core(doc[j + 1]) and not _is_year(doc[j + 1]):
        return True  # "1 in 5", not "55 million in 2006"
    if nxt[:2] == ["out", "of"] and j + 2 < len(doc) and _is_core(doc[j + 2]):
        return True
    prev = [t.lower_ for t in doc[max(0, i - 2) : i]]
    if prev[-1:] == ["in"] and i > 1 and _is_core(doc[i - 2]):
        return True
    return prev == ["out", "of"]  # "64 respondents out of 146": the denominator


def _is_model_number(doc: Doc, fig: _Figure) -> bool:
    """ "737 Max jets", "20 737s": a bare number glued to a name or to another number is a model.

    A bare number followed by a capitalised name that is not an organisation, place or group and
    that itself modifies a following noun; or a number right after another number ("20 737 jets").
    """
    first = doc[fig.i]
    if fig.j - fig.i != 1 or not first.text.isdigit():
        return False
    if fig.i > 0 and doc[fig.i - 1].like_num and doc[fig.i - 1].whitespace_ and not doc[fig.i - 1].is_punct:
        return True
    nxt = doc[fig.j] if fig.j < len(doc) else None
    return bool(
        nxt is not None
        and nxt.pos_ == "PROPN"
        and nxt.is_title
        and nxt.ent_type_ not in _GROUP_ENTS
        and nxt.dep_ in {"compound", "nmod"}
        and not any(True for _ in nxt.children)  # "Ministry of Defence posts" is a body, not a model
        and nxt.head.i > nxt.i
        and nxt.head.pos_ == "NOUN"
    )


def _noun_tokens(head: Token, run: range) -> list[Token]:
    """The counted noun with its noun compounds: "artillery shells" (not "North Korean")."""
    tokens = [head]
    for child in reversed(list(head.lefts)):
        if child.dep_ == "compound" and child.pos_ == "NOUN" and child.i not in run and child.i == tokens[0].i - 1:
            tokens.insert(0, child)
    if head.lower_ == "own":
        tokens = [c for c in head.lefts if c.dep_ == "poss"] + tokens  # "two of our own"
    return tokens


def _is_plural(tok: Token) -> bool:
    """A plural noun, also where the small model tags it singular: acronym plurals ("MPs", "SUVs") and
    age groups ("under-18s") are tagged NN or NNP; their final lower-case "s" on capitals or digits is plural."""
    return tok.tag_ in {"NNS", "NNPS"} or "Plur" in tok.morph.get("Number") or bool(_ACRONYM_PLURAL.fullmatch(tok.text))


def _noun_after_split_scale(doc: Doc, fig: _Figure) -> list[Token]:
    """ "about 1m websites": the tokenizer splits the glued "m" off and the parser takes it for the noun,
    hanging the real noun on it (apposition, compound) or elsewhere; the noun right after is the counted one."""
    last = doc[fig.j - 1]
    split = fig.j - fig.i > 1 and not doc[fig.j - 2].whitespace_ and last.lower_ in _GLUED_SUFFIXES
    if not split or fig.j >= len(doc) or doc[fig.j].pos_ not in _NOUN_POS or not last.whitespace_:
        return []
    noun = doc[fig.j]
    while noun.dep_ == "compound" and noun.head.i > noun.i and noun.head.pos_ in _NOUN_POS:
        noun = noun.head  # "1m broadband users"
    return [noun]


def _lookup(tokens: list[Token], lex: Lexicon) -> str | None:
    lemmas = [t.lemma_.lower() for t in tokens]
    lowers = [t.lower_ for t in tokens]
    for k in range(len(tokens)):
        for words in (lemmas[k:], lowers[k:]):
            category = lex.noun_category.get(" ".join(words))
            if category:
                return category
    return None


def _measure(tokens: list[Token], lex: Lexicon) -> str:
    """What the noun counts: its lexicon category, else its own lemma ("jobs" -> "job")."""
    category = _lookup(tokens, lex)
    if category is not None:
        return category
    head = tokens[-1]
    if head.lower_ == "own":
        return "people"
    if head.ent_type_ == "NORP":
        return "people"  # "22 million Americans"
    lemma = head.lemma_.lower() or head.lower_
    if lemma == head.lower_ and _ACRONYM_PLURAL.fullmatch(head.text):
        return lemma[:-1]  # "MPs" -> "mp" (the lemmatiser leaves acronym plurals as they are)
    return lemma


def _through_name(head: Token) -> Token:
    """ "300 Department of Health posts": the number hangs off a name that modifies the counted noun."""
    seen = 0
    while (
        head.pos_ == "PROPN"
        and head.ent_type_ in _GROUP_ENTS
        and head.head.i > head.i
        and head.head.pos_ == "NOUN"
        and head.dep_ in {"compound", "nmod", "amod"}
        and seen < 4
    ):
        head, seen = head.head, seen + 1
    return head


def _counted(doc: Doc, fig: _Figure, lex: Lexicon) -> tuple[list[Token], str] | None:
    """``(noun tokens, category)`` for what the figure counts, or ``None`` if it counts nothing.

    ``category`` is the lexicon category, or for nouns the lexicon does not know the noun's lemma.
    """
    run = range(fig.i, fig.j)
    root = _run_root(doc, fig.i, fig.j)
    if fig.currency:
        symbol_apart = fig.i > 0 and doc[fig.i - 1].text in lex.currency_symbols
        return [doc[fig.i - 1] if symbol_apart else doc[fig.i]], "money"
    after = doc[fig.j] if fig.j < len(doc) else None
    scaled = doc[fig.j - 1].lower_ in _SCALE_WORDS or not doc[fig.j - 1].like_num
    named = after is not None and after.is_title and doc[fig.i].is_title  # "Million Dollar Baby"
    currency_word = _currency_word_token(doc, fig, lex)
    if currency_word is not None and not named and (scaled or _plain_currency_word(currency_word)):
        return [currency_word], "money"  # "50m euros": the parser takes the glued "m" for a noun
    expression = _expression_tokens(doc, fig)
    heads = [t.head for t in doc[expression.start : expression.stop] if t.head.i not in expression]
    for head in [*_noun_after_split_scale(doc, fig), *heads]:
        if head.i >= fig.j and head.pos_ in _NOUN_POS:
            named = head
            head = _through_name(head)
            tokens = _noun_tokens(head, run)
            category = _lookup(tokens, lex)
            if category is None and not _is_plural(head) and head.lower_ not in lex.minor_units:
                return None  # "a 10 metre wall", "September 2023"
            if category is None and _YEAR.fullmatch(doc[fig.i].text) and fig.j - fig.i == 1:
                return None
            if category is None and fig.value < 10 and fig.i > 0 and doc[fig.i - 1].lower_ in _DEFINITE:
                return None  # "the two countries": a small known set, not a new figure
            if (
                named.i == head.i
                and named.pos_ == "PROPN"
                and named.is_title
                and doc[fig.i].is_title
                and not doc[fig.i].text[0].isdigit()
            ):
                return None  # "Six Nations", "Big Four": a name, not a count ("Five Bank of America units" is)
            if category is None and fig.value == 1:
                return None  # "one priority area": a figure of speech more often than a count
            return tokens, _measure(tokens, lex)
    of = doc[fig.j] if fig.j < len(doc) and doc[fig.j].lower_ == "of" and doc[fig.j].head.i in run else None
    if of is not None:
        objects = [c for c in of.children if c.dep_ == "pobj"]
        if objects and fig.value != 1 and (objects[0].pos_ in _NOUN_POS or objects[0].lower_ == "own"):
            if objects[0].lemma_.lower() in lex.measure_units or objects[0].lower_ in lex.measure_units:
                return None  # "tens of metres"
            tokens = _noun_tokens(objects[0], run)
            return tokens, _measure(tokens, lex)
    nxt = doc[fig.j] if fig.j < len(doc) else None
    if nxt is not None and nxt.lower_ in lex.casualty_words:
        tokens = [nxt]
        if (
            fig.j + 2 < len(doc)
            and doc[fig.j + 1].lower_ in {"and", "or"}
            and doc[fig.j + 2].lower_ in lex.casualty_words
        ):
            tokens = [nxt, doc[fig.j + 1], doc[fig.j + 2]]
        return tokens, "casualties"
    if root.dep_ in {"dobj", "nsubjpass", "nsubj"} and root.head.lemma_.lower() in lex.casualty_verbs:
        return [], "casualties"  # "the attack killed 30", "3,000 were killed"
    subject_counted = _counted_by_subject(root, lex) or _counted_by_change(doc, fig, lex)
    if subject_counted is not None:
        return subject_counted
    restated = _restated_noun(doc, fig, lex)
    if restated is not None:
        return restated
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN" and fig.value != 1:
        owner = root.head.head
        lemma = owner.lemma_.lower()
        if lemma not in lex.measure_nouns and lemma not in lex.measure_units and lemma not in _TOTAL_NOUNS:
            return [owner], _measure([owner], lex)  # "a death toll of 50", "an audience of eight million"
    return None


def _restated_noun(doc: Doc, fig: _Figure, lex: Lexicon) -> tuple[list[Token], str] | None:
    """A bare figure set off in dashes or brackets right after a noun restates that noun's count
    ("just over half a million people - 645,000 - are at risk", "its hotspots (12,300)")."""
    expression = _expression_tokens(doc, fig)
    if expression.start < 2 or expression.stop >= len(doc):
        return None
    opener, closer, noun = doc[expression.start - 1], doc[expression.stop], doc[expression.start - 2]
    closes = closer.text == ")" if opener.text == "(" else closer.text in _DASHES or closer.is_sent_end
    if opener.text not in _DASHES | {"("} or not closes or noun.pos_ not in _NOUN_POS:
        return None
    if fig.value == 1 or _YEAR.fullmatch(doc[fig.i].text):
        return None  # "the deal (2004)"
    tokens = _noun_tokens(noun, range(fig.i, fig.j))
    if _lookup(tokens, lex) is None and not _is_plural(noun):
        return None  # "the Commons - 646 - ...": a name or a singular noun is not counted
    return tokens, _measure(tokens, lex)


def _counted_by_subject(root: Token, lex: Lexicon) -> tuple[list[Token], str] | None:
    """ "The death toll rose to 57", "the number of refugees reached 6 million": the subject says what.

    Also the amount of a change ("users grew by 1.4 million", "could grow from 17 million ... to 55
    million"), and a total the verb moves ("raising the number of troops to 11,000": its object says what).
    """
    if root.dep_ in {"dobj", "attr"}:
        verb = root.head
    elif root.dep_ == "pobj" and (
        root.head.lower_ in {"to", "at"}
        or (root.head.lower_ in {"by", "from"} and root.head.head.lemma_.lower() in lex.change_verbs)
    ):
        verb = root.head.head
        if verb.lower_ == "from" and root.head.lower_ == "to" and verb.head.lemma_.lower() in lex.change_verbs:
            verb = verb.head  # "revised ... from 157,000 to 133,000": "to" hangs off "from"
    else:
        return None
    # A verb of change moves its object's count from one figure to another: "revised down the jobs gains from
    # 157,000 to 133,000" (not "slashing his odds to 8-1": without "from" the object need not be a count).
    changed = (
        root.dep_ == "pobj"
        and verb.lemma_.lower() in lex.change_verbs
        and any(c.dep_ == "prep" and c.lower_ == "from" for c in verb.children)
    )
    moved = next(
        (
            c
            for c in verb.children
            if c.dep_ == "dobj" and (c.lemma_.lower() in _TOTAL_NOUNS or changed and c.tag_ == "NNS")
        ),
        None,
    )
    subject = moved if moved is not None and root.dep_ == "pobj" else None
    subject = subject or _clause_subject(verb)
    return _counted_by_noun(subject, lex) if subject is not None else None


def _clause_subject(verb: Token) -> Token | None:
    """The verb's subject, or the total noun subject of the verb it completes ("the total is set to exceed
    25bn"; not "parents are expected to spend millions": parents are who spends, not what is counted)."""
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None and verb.dep_ == "xcomp":
        subject = next((c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        return subject if subject is not None and subject.lemma_.lower() in _TOTAL_NOUNS else None
    return subject


def _counted_by_noun(noun: Token, lex: Lexicon) -> tuple[list[Token], str] | None:
    """What a subject or object standing for the figure counts: "the number of refugees" -> refugees,
    "the death toll" -> casualties, "sales" -> sale, a bare "the annual total" -> total (the caller may
    take the noun of the figure it continues); ``None`` for other singular nouns ("the price")."""
    if noun.pos_ != "NOUN":
        return None
    if noun.lemma_.lower() in _TOTAL_NOUNS:
        obj = _of_object(noun)
        if obj is not None:
            tokens = _noun_tokens(obj, range(0))
            return tokens, _measure(tokens, lex)
    tokens = _noun_tokens(noun, range(0))
    category = _lookup(tokens, lex)
    if category is None and noun.lemma_.lower() in _TOTAL_NOUNS:
        return [noun], noun.lemma_.lower()  # "the annual total for 2004 is set to exceed 25bn"
    if category is None and _is_plural(noun) and noun.lemma_.lower() not in lex.measure_units:
        return tokens, _measure(tokens, lex)  # "sales will grow to 250,000": a plural subject counts
    return (tokens, category) if category is not None else None


def _of_object(total: Token) -> Token | None:
    """The counted noun of "the number of X": the first plural noun of the "of" phrase, else its object.

    "the number of its hotspots - places where ..." is parsed with "places" as the object and "hotspots"
    as its compound; the first plural noun is the one the writer counts.
    """
    of = next((c for c in total.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if obj is None or obj.pos_ not in _NOUN_POS:
        return None
    first = next((t for t in total.doc[of.i + 1 : obj.i] if t.pos_ == "NOUN" and _is_plural(t)), None)
    return first or obj


def _change_verb_before(doc: Doc, anchor: Token, lex: Lexicon) -> Token | None:
    """The verb of change a "from ... to ..." belongs to when the parser hangs it elsewhere: the nearest
    full verb before ``anchor`` in its sentence, if it is one of change ("would nearly double the number of
    its hotspots - places where ... - globally from 12,300 to 20,000")."""
    for k in range(anchor.i - 1, anchor.sent.start - 1, -1):
        if doc[k].text in {",", ";"}:
            return None  # another clause: "Sales rose, with estimates from 10 to 15 units"
        if doc[k].pos_ == "VERB":
            return doc[k] if doc[k].lemma_.lower() in lex.change_verbs else None
    return None


def _counted_by_change(doc: Doc, fig: _Figure, lex: Lexicon) -> tuple[list[Token], str] | None:
    """Either end of "from A to B" after a verb of change: the verb's object or subject says what
    ("double the number of stores from 12,300 to 20,000", "cut jobs from 900 to 600")."""
    expression = _expression_tokens(doc, fig)
    before = [t.lower_ for t in doc[max(expression.start - 4, 0) : expression.start]]
    if not before or before[-1] not in {"from", "to"}:
        return None
    anchor_at = expression.start - 1 if before[-1] == "from" else None
    if anchor_at is None and "from" in before[:-1]:
        anchor_at = expression.start - len(before) + max(k for k, w in enumerate(before[:-1]) if w == "from")
    if anchor_at is None:
        return None
    verb = _change_verb_before(doc, doc[anchor_at], lex)
    if verb is None:
        return None
    noun = next((c for c in verb.children if c.dep_ == "dobj"), None) or _clause_subject(verb)
    if noun is None:
        return None
    counted = _counted_by_noun(noun, lex)
    return None if counted is None or counted[1] in _TOTAL_NOUNS else counted


def _refine(category: str, noun: Token | None, lex: Lexicon) -> str:
    """People/troops that were killed or cut off from power are casualties/power_outage figures."""
    if noun is None or (category in lex.categories and category not in lex.context_applies_to):
        return category
    words: set[str] = set()
    verb = noun.head
    if verb.pos_ in {"VERB", "AUX", "ADJ"} and (
        noun.dep_ in {"dobj", "nsubjpass", "attr"}
        or (noun.dep_ == "nsubj" and not any(c.dep_ == "dobj" for c in verb.children))
    ):
        words.add(verb.lemma_.lower())
        if noun.dep_ == "dobj":  # "left one million people without power"
            for sibling in verb.children:
                if sibling.dep_ in {"prep", "oprd", "acomp", "xcomp"} and sibling.i > noun.i:
                    words.update(g.lemma_.lower() for g in sibling.subtree if g.i - sibling.i < 3)
    for child in noun.children:
        if child.dep_ in {"acl", "relcl", "prep", "amod"}:
            words.add(child.lemma_.lower())
            words.update(g.lemma_.lower() for g in child.children if g.dep_ in {"dobj", "pobj", "acomp", "amod"})
    for context, cue_words in lex.context_categories:
        if words & cue_words:
            return context
    return category


# --------------------------------------------------------------------------- attribution, hedges, scope


def _path(root: Token) -> list[Token]:
    return [root, *root.ancestors]


def _is_hedged(root: Token, counted: set[int], qualifier_text: str, lex: Lexicon) -> bool:
    """A hedge word on the figure's path to the root, or modifying a word on it.

    The counted words themselves are not hedges ("three suspects" is a firm count), but their
    modifiers are ("300 suspected militants").
    """
    if any(w in lex.hedges for w in qualifier_text.lower().split()):
        return True
    for tok in _path(root):
        candidates = [] if tok.i in counted else [tok]
        candidates += [c for c in tok.children if c.dep_ in _HEDGE_CHILD_DEPS and c.i not in counted]
        if any(c.lower_ in lex.hedges or c.lemma_.lower() in lex.hedges for c in candidates):
            return True
    return False


def _span_text(doc: Doc, first: Token, last: Token) -> str:
    text = doc[first.i : last.i + 1].text
    text = text.split(",")[0] if len(text) > _MAX_SCOPE_CHARS else text
    return text.rstrip(" .;:").strip()


def _scope_of(child: Token, lex: Lexicon) -> str | None:
    doc = child.doc
    words = _squash(doc[child.left_edge.i : child.right_edge.i + 1].text)
    if words in lex.scope_phrases or lex.scope_rate.fullmatch(words):
        return _span_text(doc, child.left_edge, child.right_edge)
    low = child.lower_
    if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in child.children):
        return _span_text(doc, child.left_edge, child.right_edge)  # "since the conflict began"
    if (
        child.dep_ == "npadvmod"
        and child.ent_type_ == "DATE"
        and any(t.lower_ in {"this", "last", "past"} for t in child.subtree)
    ):
        return _span_text(doc, child.left_edge, child.right_edge)  # "this year"
    if child.dep_ == "prep" and low in lex.scope_prepositions:
        objects = [c for c in child.children if c.dep_ == "pobj"]
        if low == "since" or any(
            o.ent_type_ == "DATE" or o.lemma_.lower() in lex.scope_units or o.lower_ in lex.scope_period_words
            for o in objects
        ):
            return _span_text(doc, child.left_edge, child.right_edge)
    return None


def _scope(clause: list[Token], lex: Lexicon) -> str:
    """Time scopes attached to the figure's clause (:func:`_clause`: below the reporting verb, if any)."""
    on_path = {t.i for t in clause}
    found: list[tuple[int, str]] = []
    for tok in clause:
        for child in tok.children:
            if child.dep_ in _SCOPE_CHILD_DEPS and child.i not in on_path:
                text = _scope_of(child, lex)
                if text and all(text != t for _, t in found):
                    found.append((child.left_edge.i, text))
    return "; ".join(text for _, text in sorted(found))


# --------------------------------------------------------------------------- public


def extract_claims(doc: Doc, lexicon: Lexicon | None = None) -> list[dict[str, Any]]:
    """Every counted figure in ``doc`` as a row of the ``claims`` table (offsets into ``doc.text``)."""
    lex = lexicon or load_lexicon()
    text = doc.text
    runs = _number_runs(doc, lex.glued_currency)
    runs_at = dict(runs)
    rows: list[dict[str, Any]] = []
    antecedents: list[tuple[int, tuple[list[Token], str]]] = []  # (sentence start, counted) of earlier rows
    subjects: dict[int, str] = {}  # last token of an antecedent's noun -> that row's subject
    amounts: list[tuple[_Figure, list[Token], str]] = []  # each row's figure; for amounts the noun and currency
    listed: dict[int, tuple[list[Token], str]] = {}  # number token of a row -> what it counts (for "1,200 and 550")
    consumed = -1
    for i, j in runs:
        if i < consumed:
            continue  # the upper end of a range already reported
        if _next_to_a_split_range(doc, i, j):
            continue
        fig = _figure(doc, text, i, j, runs_at, lex)
        if fig is None or _is_not_a_count(doc, text, fig, lex):
            continue
        counted = _counted(doc, fig, lex)
        elliptical = counted is None
        amount = _continued_amount(doc, text, fig, amounts) if elliptical else None
        if amount is not None:
            counted, elliptical = (amount[0], "money"), False  # "4.3bn rupees, against 2.7bn a year earlier"
        elif elliptical:
            counted = _elliptical(doc, fig, antecedents, lex, listed)
            if counted is None:
                continue
        elif counted[1] in _TOTAL_NOUNS and [t.lemma_.lower() for t in counted[0]] == [counted[1]]:
            # "The annual total for 2004 is set to exceed 25bn": the total of what the text counted before
            continued = _antecedent(doc, fig, antecedents)
            elliptical = continued is not None
            counted = continued or counted
        row = _row(doc, fig, counted, lex)
        if amount is not None:
            row["currency"] = amount[1]
        if row["what"] == "money" and amount is None:
            amounts.append((fig, counted[0], row["currency"]))
        elif row["what"] != "money":
            amounts.append((fig, [], ""))  # a figure of something else ends the run of amounts
        if elliptical:
            row["subject"] = subjects.get(counted[0][-1].i, row["subject"])  # the figure it continues
        elif counted[0] and counted[1] != "money":
            antecedents.append((doc[fig.i].sent.start, counted))
            subjects[counted[0][-1].i] = row["subject"]
        if row["per"][4:].split(" ")[0] in _RATIO_BASES:
            continue  # "eight people per thousand": a ratio
        consumed = fig.j
        rows.append(row)
        if counted[0] and row["what"] != "money":
            listed.update(dict.fromkeys(range(fig.i, fig.j), counted))
    _share_conversion_qualifiers(text, rows, lex)
    return rows


def _next_to_a_split_range(doc: Doc, i: int, j: int) -> bool:
    """A run beside a token the tokenizer cut inside a range ("$2-$3.8 trillion", "1.5 million-2 million"):
    its value cannot be read (it would be 1 trillion, or 1.5 people), so no row is better than a wrong one."""
    bare_scale = doc[i].lower_ in SCALES  # "trillion" after "2-$3.8"
    before = doc[i - 1] if i > 0 and (bare_scale or not doc[i - 1].whitespace_) else None
    after = doc[j] if j < len(doc) else None
    return bool(
        (before is not None and _SPLIT_RANGE.search(before.text))
        or (after is not None and _SPLIT_RANGE.search(after.text) and not after.text[:1].isdigit())
    )


def _continued_amount(
    doc: Doc, text: str, fig: _Figure, amounts: list[tuple[_Figure, list[Token], str]]
) -> tuple[list[Token], str] | None:
    """A bare scaled number right after an amount of money in its sentence is an amount in the same
    currency: "Net income was 4.3bn rupees ($98m; £52m), against 2.7bn a year earlier". Conversions in
    brackets are skipped (the bare number continues the amount they convert); any figure of something
    else in between ends the run. Returns the amount's noun tokens and currency."""
    root = _run_root(doc, fig.i, fig.j)
    if not amounts or fig.currency or not _is_scaled(doc[fig.i : fig.j]) or not doc[fig.i].text[0].isdigit():
        return None  # "2.7bn", not "three million" (people as often as money)
    if root.dep_ not in _ELLIPTICAL_DEPS | {"attr", "npadvmod"} or any(c.pos_ in _NOUN_POS for c in root.children):
        return None
    if root.dep_ == "pobj" and root.head.lower_ not in _ELLIPTICAL_PREPS:
        return None
    sent = doc[fig.i].sent
    for previous, noun, currency in reversed(amounts):
        if previous.start < sent.start_char:
            return None
        if not noun:
            return None
        before = text[sent.start_char : previous.start]
        if before.count("(") > before.count(")"):
            continue  # "($98m; £52m)": a conversion
        between = _BRACKETED.sub(" ", text[previous.end : fig.start]).lower()
        if any(c.isdigit() for c in between) or _NUMBER_WORD.search(between) or len(between) > _MAX_SCOPE_CHARS:
            return None  # "£3bn in lost reserves, 250,000 repossessed, one million ...": another count between
        return noun, currency
    return None


def _elliptical(
    doc: Doc,
    fig: _Figure,
    antecedents: list[tuple[int, tuple[list[Token], str]]],
    lex: Lexicon,
    listed: dict[int, tuple[list[Token], str]] | None = None,
) -> tuple[list[Token], str] | None:
    """A bare number standing for a noun phrase takes the counted noun of the figure it continues.

    "12,500 jobs had gone while 7,800 were being moved", "560 will be lost", "merge 35 agencies into
    nine": the number is a clause argument (subject, object, object of into/to/...) with no noun of
    its own; its noun is that of the nearest earlier figure in the same sentence or the two before.
    """
    root = _run_root(doc, fig.i, fig.j)
    expletive = root.dep_ == "attr" and any(c.dep_ == "expl" for c in root.head.children)  # "there will be 5m"
    misattached = root.dep_ == "nummod" and any(t.pos_ == "DET" for t in doc[root.i + 1 : root.head.i])
    # "compared with just ten the previous year": a number does not modify a noun across its determiner
    if not (root.dep_ in _ELLIPTICAL_DEPS or expletive or misattached):
        return None
    if fig.value == 1 or root.ent_type_ in {"DATE", "TIME", "MONEY"}:
        return None
    if root.dep_ == "pobj" and root.head.lower_ not in _ELLIPTICAL_PREPS:
        return None  # "died at 93"
    if root.dep_ == "conj" and root.head.like_num:
        if fig.i == 0 or doc[fig.i - 1].lower_ not in {"and", "or"}:
            return None  # "the 147, 156 and 166": a run of model numbers, not a list of counts
        return (listed or {}).get(root.head.i)  # "1,200 and 550 will go": the last of a list after a counted figure
    if root.dep_ == "appos" and root.head.ent_type_ == "PERSON":
        return None  # "Warren Smith, 17, ...": an age
    if any((c.pos_ in _NOUN_POS or c.pos_ == "PRON") and c.dep_ != "appos" for c in root.children):
        return None  # a noun of its own; an apposition only describes it ("2.2 million, the best showing")
    if _YEAR.fullmatch(doc[fig.i].text) and fig.j - fig.i == 1:
        return None
    if root.dep_ == "appos" and fig.i > 0 and doc[fig.i - 1].lower_ == "the" and not _is_scaled(doc[fig.i : fig.j]):
        return None  # "a six-cylinder engine - the 147, 156 ...": names a model (not "the 1.2 million affected")
    return _antecedent(doc, fig, antecedents)


def _antecedent(
    doc: Doc, fig: _Figure, antecedents: list[tuple[int, tuple[list[Token], str]]]
) -> tuple[list[Token], str] | None:
    """The counted noun of the nearest earlier figure in the same sentence or the two before."""
    sent = doc[fig.i].sent
    earliest = sent.start
    previous = doc[sent.start - 1].sent if sent.start > 0 else None
    for _ in range(2):
        if previous is None:
            break
        earliest = previous.start
        previous = doc[previous.start - 1].sent if previous.start > 0 else None
    for start, counted in reversed(antecedents):
        if start >= earliest and counted[0][-1].i < fig.i:
            return counted
    return None


def _share_conversion_qualifiers(text: str, rows: list[dict[str, Any]], lex: Lexicon) -> None:
    """ "less than $30,000 (£15,000)", "$75,000 (£39,000) or above": a converted amount in brackets
    shares the qualifier of the amount it converts (whichever of the two states one)."""
    for first, second in zip(rows, rows[1:], strict=False):
        between = text[first["end"] : second["start"]]
        if not (first["what"] == second["what"] == "money" and between.strip() in {"(", "[", "(about", "(around"}):
            continue
        closing = re.match(r"\s*[)\]]", text[second["end"] :])
        post = lex.post_qualifier.match(text[second["end"] + closing.end() :]) if closing else None
        if post and second["qualifier"] == "exact":  # "$75,000 (£39,000) or above"
            second["qualifier"] = lex.post_kind[_squash(post.group(1))]
            second["low"], second["high"] = _interval(second["qualifier"], second["value"])
        for source, target in ((first, second), (second, first)):
            if source["qualifier"] != "exact" and target["qualifier"] == "exact":
                target["qualifier"] = source["qualifier"]
                target["low"], target["high"] = _interval(source["qualifier"], target["value"])


def _row(doc: Doc, fig: _Figure, counted: tuple[list[Token], str], lex: Lexicon) -> dict[str, Any]:
    noun_tokens, category = counted
    root = _run_root(doc, fig.i, fig.j)
    claim = range(fig.i, fig.j)
    own = bool(noun_tokens) and fig.i <= noun_tokens[-1].i + 8 and noun_tokens[0].sent == root.sent
    category = _refine(category, noun_tokens[-1] if noun_tokens and own else None, lex)
    source, stop = attribution.figure_source(root, claim)
    if noun_tokens and noun_tokens[0].i == fig.i and fig.currency:
        noun = lex.glued_currency.match(doc[fig.i].text).group("cur")  # "HK$5.4m"
    else:
        noun = doc[noun_tokens[0].i : noun_tokens[-1].i + 1].text if noun_tokens else ""
    value, low, high = _tidy(fig.value), _tidy(fig.low), _tidy(fig.high)
    currency = fig.currency
    if noun_tokens and category == "money" and not currency:
        word = noun_tokens[-1]
        minor = lex.minor_units.get(word.lower_) or lex.minor_units.get(word.lemma_.lower())
        if minor is not None:  # "60 pence" -> 0.60 (GBP): money is always in major units
            currency, divisor = minor
            value, low, high = value / divisor, low / divisor, high / divisor
        else:
            currency = _currency_code(word, lex)
    counted_set = set(claim) | {t.i for t in noun_tokens}
    clause = _clause(root, stop)
    return {
        "start": fig.start,
        "end": fig.end,
        "sentence": root.sent.text,
        "value": value,
        "low": low,
        "high": high,
        "qualifier": fig.qualifier,
        "what": category,
        "noun": noun,
        "source": attribution.full_name(source.name, attribution.context(doc)),
        "hedged": _is_hedged(root, counted_set, fig.qualifier_text, lex),
        "scope": _scope(clause, lex),
        "subject": _subject(root, noun_tokens if own else [], clause, category, lex),
        "place": _place(root, noun_tokens if own else [], clause, lex),
        "status": _status(root, clause, counted_set, fig.qualifier_text, lex),
        "per": _per(root, noun_tokens if own else [], clause, lex),
        "currency": currency,
        "attribution": source.how if source.name else "none",
        "source_text": source.text,
    }


def _tidy(value: float) -> float:
    """The value as written, without the binary-float tail of scaling ("16.6bn" is 16600000000.0, not
    16600000000.000002), so that equal figures compare equal."""
    return float(f"{float(value):.12g}")


# --------------------------------------------------------------------------- subject, place, status, per


def _clause(root: Token, stop: int | None) -> list[Token]:
    """The figure's path up to (not including) the reporting word, or the sentence root."""
    clause: list[Token] = []
    for tok in _path(root):
        if tok.i == stop:
            break
        clause.append(tok)
    return clause


def _entity_text(tok: Token) -> str:
    """The whole entity ``tok`` is part of ("Department for Work and Pensions"), else the token."""
    ent = attribution.entity_of(tok)
    return attribution.entity_name(ent) if ent is not None else tok.text


def _named(tok: Token) -> str:
    """The name a token stands in (an entity), or "" for plain words and pronouns."""
    if tok.pos_ == "PRON" or not tok.ent_type_ or tok.ent_type_ in _SKIP_ENTS | {"DATE", "CARDINAL", "MONEY"}:
        return ""
    return _entity_text(tok)


def _subject(root: Token, noun: list[Token], clause: list[Token], category: str, lex: Lexicon) -> str:
    """Whose or which things are counted: the noun's owner or the clause's agent, its named and noun
    modifiers, then the noun ("North Korean troops", "Department for Work and Pensions jobs")."""
    parts: list[str] = []

    def add(tok: Token) -> None:
        text = _named(tok)
        if text and text not in parts:
            parts.append(text)

    head = noun[-1] if noun else None
    owner = None
    if head is not None:
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is None:
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > head.i), None)
            owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if owner is not None and _named(owner):
        add(owner)
    elif head is None or not any(_named(c) for c in head.lefts):
        agent = _agent(root, head, clause)
        if agent is not None:
            add(agent)
    words: list[str] = []
    if category == "money":
        return " ".join(dict.fromkeys(p for p in [*parts, _money_topic(root, clause, lex)] if p))
    if head is not None:
        for child in head.lefts:
            if child.i in range(root.i - 4, root.i + 1) and child.like_num:
                continue
            if child.dep_ in {"amod", "compound", "nmod"} and child.lower_ not in lex.subject_skip_modifiers:
                name = _named(child)
                if name and name not in parts:
                    words.append(name)
                elif not name and child.pos_ in _NOUN_POS and child.dep_ == "compound" and child not in noun:
                    words.append(child.text)
                elif not name and child.pos_ == "PROPN" and child.dep_ == "nmod":
                    words.append(child.doc[child.left_edge.i : child.right_edge.i + 1].text)  # an unlabelled body
        if head.ent_type_ == "NORP" and not words:
            words.append(_entity_text(head))
        else:
            words.append(noun[0].doc[noun[0].i : noun[-1].i + 1].text)  # as written: "our own", "fighter jets"
    elif category != "money":
        words.append(category)
    text = " ".join(dict.fromkeys(p for p in [*parts, *words] if p))
    return " ".join(text.split())


def _money_topic(root: Token, clause: list[Token], lex: Lexicon) -> str:
    """What an amount of money is: the noun it is "of"/"for" ("a dividend of 0.30 euros" -> dividend),
    the noun it modifies ("the £13.8m deal"), or the subject of the verb it completes ("GE's net
    profits were $5.37bn", "GM's revenues rose 4.7% to $51.2bn" -> "GM revenues")."""
    tok = root
    while tok.dep_ in {"quantmod", "nmod", "compound", "nummod", "amod"} and tok.head.i != tok.i:
        tok = tok.head
    if tok.pos_ == "NOUN" and tok.i > root.i and tok.lemma_.lower() not in lex.currency_word_code:
        return tok.lemma_.lower()  # "the £13.8m deal"
    if tok.dep_ == "pobj" and tok.head.lower_ in {"of", "for"} and tok.head.head.pos_ == "NOUN":
        return tok.head.head.lemma_.lower()
    verb = next((t for t in clause if t.pos_ in {"VERB", "AUX"}), None)
    if verb is None:
        return ""
    linked = tok.head == verb and tok.dep_ in {"attr", "dobj", "npadvmod", "acomp"}
    via_prep = tok.dep_ == "pobj" and tok.head.lower_ in {"to", "at"}
    linked = linked or (via_prep and tok.head.head in (verb, *verb.children))  # "rose to $51.2bn", "was up at $16bn"
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None) if linked else None
    if subject is None or subject.pos_ not in _NOUN_POS or subject.lemma_.lower() in _TOTAL_NOUNS:
        return ""
    if _named(subject):
        return _named(subject)
    owner = next((_named(c) for c in subject.children if c.dep_ == "poss" and _named(c)), "")
    mods = [c.text for c in subject.lefts if c.dep_ in {"compound", "amod"} and not _named(c)]
    return " ".join(w for w in [owner, *mods, subject.text] if w)


def _agent(root: Token, head: Token | None, clause: list[Token]) -> Token | None:
    """The named subject of the figure's clause when the figure is its object ("North Korea sent 3,000")."""
    obj = head if head is not None and head.dep_ in {"dobj", "pobj"} else root
    for _ in range(3):  # "pay a dividend of 0.30 euros", "sent thousands of troops": up through "of"
        if obj.dep_ != "pobj" or obj.head.lower_ != "of" or obj.head.head.pos_ not in _NOUN_POS | {"NUM"}:
            break
        obj = obj.head.head
    if obj.dep_ != "dobj":
        return None  # "beat Hull in front of 15,000 fans": the fans are not Leeds's
    verb = obj.head
    if verb not in clause or verb.pos_ not in {"VERB", "AUX"}:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ in {"xcomp", "conj"}:
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and _named(subject) else None


def _place(root: Token, noun: list[Token], clause: list[Token], lex: Lexicon) -> str:
    """The place the figure is about: a GPE/LOC in an in/to/at... phrase on the noun or its clause."""
    holders = ([noun[-1]] if noun else []) + clause
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ not in {"prep", "dative"} or prep.lower_ not in lex.place_prepositions:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                place = _place_in(obj)
                if place is not None:
                    return place
        if holder.pos_ in {"VERB", "AUX"} and holder.dep_ not in {"xcomp", "aux"}:
            break  # the figure's own clause only: not the place of a governing or coordinated clause
    return ""


def _place_in(obj: Token) -> str | None:
    """The one place a prepositional object names: itself ("Kursk region"), else the one place among
    its compounds ("the Kursk region"), else its owner or "of" phrase ("the region of Kursk"). Two
    places at one level ("the Russia-Ukraine conflict") name no single place: ``None``."""
    if obj.ent_type_ in _PLACE_ENTS:
        return _entity_text(obj)
    levels = (
        [t for c in obj.children if c.dep_ in {"compound", "amod", "nmod"} for t in c.subtree],
        [t for c in obj.children if c.dep_ in {"poss", "prep"} for t in c.subtree],
    )
    for level in levels:
        found = list(dict.fromkeys(_entity_text(t) for t in level if t.ent_type_ in _PLACE_ENTS))
        if len(found) == 1:
            return found[0]
        if found:
            return None
    return None


def _status(root: Token, clause: list[Token], counted: set[int], qualifier_text: str, lex: Lexicon) -> str:
    """reported | estimated | projected | denied | hypothetical, read from the figure's clause."""
    path = [*clause, *_reporting_chain(clause)]
    links = {tok.head.i: tok.dep_ for tok in path if tok.head.i != tok.i}  # how the path reaches each word
    for tok in path:
        if tok.lemma_.lower() in lex.denial_words and links.get(tok.i) in {"ccomp", "xcomp"}:
            return "denied"  # "denied that 400 were sent", not "rejected a £1.3bn offer"
    own_verbs = _own_verbs(clause)
    for verb in own_verbs:
        negated = any(c.dep_ == "neg" and c.i not in counted for c in verb.children)
        if negated and links.get(verb.i) in _NEGATED_VIA:
            return "denied"  # "did not send 500 troops", "500 were not sent"; not "six tapes did not sell"
    for tok in clause:
        if tok.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in tok.children):
            return "hypothetical"
    first = own_verbs[0] if own_verbs else None
    if first is not None and _would_if(first):
        return "hypothetical"
    for verb in own_verbs:
        modal = [c for c in verb.children if c.tag_ == "MD" and c.i not in counted]
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children) and verb.tag_ == "VBN"
        if modal and perfect:
            return "estimated"  # "may have sent": a guess about the past
        if modal:
            return "projected"
        if verb.lemma_.lower() in lex.projection_words and links.get(verb.i) in _PROJECTED_VIA:
            return "projected"  # "plans to send 400", "expects 400 to arrive", not "targeted ..., leaving 400"
        if _is_to_infinitive_of_be(verb):
            return "projected"  # "400 are to go"
    if any(w in lex.estimate_words for w in qualifier_text.lower().split()):
        return "estimated"
    for tok in [*clause, *_reporting_chain(clause)]:
        if tok.lemma_.lower() in lex.estimate_words and tok.pos_ in {"VERB", "ADJ"}:
            return "estimated"
    return "reported"


def _own_verbs(clause: list[Token]) -> list[Token]:
    """The figure's own verb and the verbs it complements ("plans to send", "expected ... to be"),
    not the verbs of the clauses it sits in ("organisers, which bring together thousands, will ...")."""
    verbs: list[Token] = []
    for tok in clause:
        if tok.pos_ not in {"VERB", "AUX"}:
            if verbs:
                break
            continue
        verbs.append(tok)
        if tok.dep_ not in {"xcomp", "ccomp", "aux", "auxpass"}:
            break
    return verbs


def _reporting_chain(clause: list[Token]) -> list[Token]:
    """The words above the clause (the reporting verb and what governs it)."""
    if not clause:
        return []
    return list(clause[-1].ancestors)


def _would_if(verb: Token) -> bool:
    """ "would collapse if ...": a conditional main clause."""
    would = any(c.tag_ == "MD" and c.lower_ in {"would", "'d"} for c in verb.children)
    return would and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in c.children)
        for c in verb.children
    )


def _is_to_infinitive_of_be(verb: Token) -> bool:
    """ "are to go", "is going to": an arrangement or intention about the future."""
    if verb.lemma_ == "be" and any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in verb.children):
        return True
    return verb.lower_ == "going" and any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in verb.children)


def _per(root: Token, noun: list[Token], clause: list[Token], lex: Lexicon) -> str:
    """The rate or snapshot unit of the figure ("per share", "a day", "each", "at any given time")."""
    holders = ([noun[-1]] if noun else []) + [t for t in clause if t.i <= root.i + 12]
    for holder in holders:
        for child in holder.children:
            words = _squash(child.doc[child.left_edge.i : child.right_edge.i + 1].text)
            if child.dep_ == "prep" and child.lower_ == "per" and any(c.dep_ == "pobj" for c in child.children):
                return words
            if child.dep_ in {"npadvmod", "advmod"} and words.split()[0:1] in (
                ["a"], ["an"], ["each"], ["every"], ["per"]
            ) and len(words.split()) == 2 and child.pos_ == "NOUN" and child.i > root.i:
                return words  # "150,000 cars a year", "$42.30 a barrel"
            if child.dep_ in {"advmod", "npadvmod", "det", "prep"} and words in lex.rate_adverbs and child.i > root.i:
                return words  # "£23,000 apiece", "more than $200,000 annually"
            if child.dep_ == "prep" and words in lex.snapshot_phrases:
                return words  # "at any given time"
        if holder.pos_ in {"VERB", "AUX"} and holder.dep_ not in {"xcomp", "aux"}:
            break
    return ""
