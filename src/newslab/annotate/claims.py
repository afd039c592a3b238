"""Numeric claims: every figure in a body that counts something, with its interval and attribution.

One row per *counted* number ("over 10,000 soldiers", "up to 4.8 million artillery shells",
"at least 4,000 dead and wounded", "$5m"). Everything is read off spaCy's parse and entity
labels of the already-parsed ``Doc``; nothing is re-parsed, so the cost is one pass over the
tokens plus a short walk up the dependency tree per figure.

Decisions (documented here because users read the table, not the code):

* **What counts.** A number is a claim when it counts a noun: it modifies the noun (``nummod``,
  "3,000 troops"), is partitive ("thousands of troops", "two of our own"), stands for casualties
  ("4,000 dead and wounded", "3,000 were killed"), or is an amount of money ("$5m", "500 euros").
  Counted nouns missing from the lexicon still give a row (``what="other"``) when plural.
* **Not counts** (skipped): measures (the counted word is a unit: "640 kilometres", "3,400
  kilograms", "122 mm", durations "three years", ages "45-year-old"), percentages, ordinals,
  times, years ("2023", "the 2024 election"), model numbers ("KN-23", "F-16", "Boeing 737"),
  numbers inside names ("Six Nations"), ratios ("1 in 5"), codes with leading zeros, fractions,
  "one" without a scale unless it counts a lexicon noun, and "the two countries"-style
  references back to a known set (definite article + a noun outside the lexicon).
* **Totals.** "The death toll rose to 57" / "the number of refugees reached 6 million": the
  subject says what the figure counts.
* **Qualifiers.** exact; approximate (about, around, nearly, almost, some, an estimated... —
  "nearly"/"almost" are approximate, not upper bounds); lower_bound (at least, over, more than,
  "10,000+"); upper_bound (up to, as many as, fewer than, under); additional (an additional,
  another, "3,000 more"); range ("between 10,000 and 12,000", "10,000-12,000", "two or three").
  Vague plurals ("thousands", "dozens", "tens of thousands") are lower bounds at the unit they
  name (1,000, 12, 10,000).
* **Interval.** exact/approximate/additional: ``low == high == value`` (additional: the increment);
  lower_bound: ``high`` is NaN; upper_bound: ``low`` is NaN; range: both ends, ``value`` = high.
* **what.** Category of the counted noun from ``data/claims_lexicon.json`` (troops, casualties,
  munitions, missiles, drones, aircraft, vehicles, weapons, ships, people, buildings, money,
  other). People/troops whose verb says they were killed or wounded become ``casualties``; those
  "without power"/"losing power" become ``power_outage``.
* **source.** The subject of the nearest reporting verb governing the figure (climbing the
  dependency tree), the object of "according to", the agent of a relative clause ("services who
  reported that ..."), or the "from/by" complement of a reporting noun ("accusations from X");
  a trailing "..., police said" counts too. Empty when the sentence attributes nothing.
* **hedged.** A hedge word (may, could, reportedly, alleged, believed, expected, estimated, ...)
  sits on the figure's path to the sentence root or modifies a word on it.
* **scope.** Time scopes only: "since ...", "so far", "to date", "at any given time", "at a time",
  rates ("per day", "a month", "every week"), and in/during/over/within phrases whose object is a
  date or period. Places ("in Russia's Kursk region") and event dates ("on Monday") are not
  scopes: the entities and dates tables carry them.

The candidate scan and the qualifier/unit tests are hand-written (a token loop and precompiled
regexes) because spaCy's ``Matcher`` cannot express "a run of number words whose parse is valid"
and would need a second pass per pattern family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Token

from newslab.annotate.numbers import (
    NUMBER_WORDS,
    SCALES,
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
)
QUALIFIERS = ("exact", "approximate", "lower_bound", "upper_bound", "additional", "range")
NAN = float("nan")

_PREFIX_WORDS = frozenset({"a", "an", "half"}) | VAGUE_PREFIXES
_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
_GLUED_SUFFIXES = frozenset(k for k in SCALES if k.isalpha() and len(k) <= 3)
_GLUED_NUMBER = re.compile(r"\d[\d,.]*(?:k|mn|mln|m|bn|b|tn|trn)")
_SPELLED = frozenset(w for w in NUMBER_WORDS if len(w) > 3 or w in {"one", "two", "six", "ten"})
_YEAR = re.compile(r"[12]\d{3}")
_DASHES = frozenset({"-", "–", "—", "‑"})
_SKIP_ENTS = frozenset({"PERCENT", "TIME", "ORDINAL"})
_NAME_ENTS = frozenset({"ORG", "EVENT", "WORK_OF_ART", "PRODUCT", "FAC", "LAW", "PERSON", "LANGUAGE"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
_SOURCE_STOP_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "punct", "parataxis", "mark"})
_HEDGE_CHILD_DEPS = frozenset({"aux", "auxpass", "advmod", "amod", "npadvmod", "acomp", "neg", "quantmod"})
_SCOPE_CHILD_DEPS = frozenset({"prep", "advmod", "npadvmod", "advcl", "pcomp"})
# How the figure's clause hangs off a reporting word: its content ("said [that] ...", "reported
# 300 deaths", "accusations that ..."), not an adverbial ("warned ... hours after ...").
_REPORTED_VIA_VERB = frozenset({"ccomp", "xcomp", "dobj", "parataxis", "attr", "oprd", "nsubjpass"})
_REPORTED_VIA_NOUN = frozenset({"acl", "relcl", "prep"})
_TOTAL_NOUNS = frozenset({"number", "total", "tally", "count", "figure", "toll"})
_DEFINITE = frozenset({"the", "these", "those", "both", "its", "their", "his", "her", "our", "my", "your"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_PERCENT_WORDS = frozenset({"%", "percent", "per cent", "pc", "percentage"})
_MAX_SCOPE_CHARS = 80


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
    reporting_verbs: frozenset[str]
    reporting_nouns: frozenset[str]
    source_prepositions: frozenset[str]
    hedges: frozenset[str]
    scope_phrases: frozenset[str]
    scope_rate: re.Pattern[str]
    scope_units: frozenset[str]
    scope_prepositions: frozenset[str]
    scope_period_words: frozenset[str]


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
        currency_symbols=frozenset(data["currency_symbols"]),
        pre_qualifier=re.compile(r"(?<![\w-])(" + _phrase_pattern(list(pre)) + r")\s*$", re.IGNORECASE),
        post_qualifier=re.compile(r"^\s?(" + _phrase_pattern(list(post)) + r")(?![\w])(?!\s+than\b)", re.IGNORECASE),
        qualifier_kind={_squash(p): k for p, k in pre.items()},
        post_kind={_squash(p): k for p, k in post.items()},
        reporting_verbs=frozenset(data["reporting_verbs"]),
        reporting_nouns=frozenset(data["reporting_nouns"]),
        source_prepositions=frozenset(data["source_prepositions"]),
        hedges=frozenset(data["hedges"]),
        scope_phrases=frozenset(_squash(p) for p in data["scope_phrases"]),
        scope_rate=re.compile(rf"(?:{rates}) (?:{units})s?"),
        scope_units=frozenset(data["scope_units"]),
        scope_prepositions=frozenset(data["scope_prepositions"]),
        scope_period_words=frozenset(data["scope_period_words"]),
    )


@cache
def load_lexicon() -> Lexicon:
    """The packaged lexicon (``newslab/data/claims_lexicon.json``), loaded once per process."""
    return build_lexicon(load_json("claims_lexicon.json"))


# --------------------------------------------------------------------------- candidate numbers


def _is_core(tok: Token) -> bool:
    """A token that can carry a number's value (digits, number words, vague plurals)."""
    low = tok.lower_
    return bool(tok.like_num or low in NUMBER_WORDS or low in VAGUE_PLURALS or _GLUED_NUMBER.fullmatch(low))


def _is_word_number(tok: Token) -> bool:
    return tok.lower_ in NUMBER_WORDS or tok.lower_ in VAGUE_PLURALS


def _joins(doc: Doc, k: int) -> int:
    """How many tokens after ``doc[k]`` (the run's last token) continue the same number; 0 if none."""
    n = len(doc)
    if k + 1 >= n:
        return 0
    cur, nxt = doc[k], doc[k + 1]
    if not cur.whitespace_ and nxt.lower_ in _GLUED_SUFFIXES and cur.text[-1:].isdigit():
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


def _run_at(doc: Doc, i: int) -> int:
    """End (exclusive) of the number run starting at token ``i``, or ``i`` when none starts there."""
    k = i
    while k < len(doc) and doc[k].lower_ in _PREFIX_WORDS:
        k += 1
    if k >= len(doc) or not _is_core(doc[k]):
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


def _number_runs(doc: Doc) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        j = _run_at(doc, i)
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


def _chars(doc: Doc, i: int, j: int) -> tuple[int, int]:
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)


def _parse_run(doc: Doc, i: int, j: int) -> ParsedNumber | None:
    return parse_quantity(doc[i:j].text)


def _range_end(doc: Doc, i: int, j: int, runs_at: dict[int, int]) -> tuple[int, float, float] | None:
    """``(end, low, high)`` when the run ``[i, j)`` opens a range with the next run."""
    if j + 1 >= len(doc) or j + 1 not in runs_at:
        return None
    joiner = doc[j].lower_
    before = doc[i - 1].lower_ if i > 0 else ""
    if joiner not in {"-", "–", "—", "to", "or", "and"}:
        return None
    if (joiner == "and") != (before == "between") or (joiner == "to" and before == "from"):
        return None
    j2 = runs_at[j + 1]
    low, high = _parse_run(doc, i, j), _parse_run(doc, j + 1, j2)
    if low is None or high is None:
        return None
    low_value = low.value
    scale = [t.lower_ for t in doc[j + 1 : j2] if t.lower_ in SCALES or t.lower_ in _GLUED_SUFFIXES]
    if scale and not any(t.lower_ in SCALES for t in doc[i:j]):
        rescaled = parse_quantity(doc[i:j].text + " " + scale[-1])
        low_value = rescaled.value if rescaled else low_value  # "2-3 million"
    if not low_value < high.value:
        return None  # a score ("3-1") or a code, not a range
    return j2, low_value, high.value


def _figure(doc: Doc, text: str, i: int, j: int, runs_at: dict[int, int], lex: Lexicon) -> _Figure | None:
    """The figure whose number is the run ``[i, j)``: its value, qualifier and character span.

    ``text`` is ``doc.text``, passed in because spaCy rebuilds that string on every access.
    """
    start, end = _chars(doc, i, j)
    rng = _range_end(doc, i, j, runs_at)
    if rng is not None:
        j2, low, high = rng
        if i > 0 and doc[i - 1].lower_ == "between":
            start = doc[i - 1].idx
        return _Figure(i, j2, start, _chars(doc, i, j2)[1], high, low, high, "range")
    parsed = parse_quantity(text[start:end])
    if parsed is None:
        return None
    qualifier, q_text = ("lower_bound", "") if parsed.vague else ("exact", "")
    num_start = start
    if i > 0 and doc[i - 1].lower_ in lex.currency_symbols:
        start = num_start = doc[i - 1].idx
    pre = lex.pre_qualifier.search(text, max(0, num_start - 40), num_start)
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
    return _Figure(i, j, start, end, parsed.value, low, high, qualifier, q_text)


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
    """Measures, percentages, times, ordinals, model numbers: figures that count nothing."""
    span = doc[fig.i : fig.j]
    if any(t.ent_type_ in _SKIP_ENTS or t.ent_type_ in _NAME_ENTS for t in span):
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
    if prev is not None and prev.lower_ == "in" and fig.i > 1 and _is_core(doc[fig.i - 2]):
        return True  # "1 in 5 adults": a ratio
    return bool(
        prev is not None
        and prev.pos_ == "PROPN"
        and prev.whitespace_
        and prev.dep_ in {"compound", "nmod"}
        and prev.ent_type_ not in {"GPE", "NORP", "LOC"}
        and doc[fig.i].text.isdigit()
    )  # "Boeing 737 jets"


def _noun_tokens(head: Token, run: range) -> list[Token]:
    """The counted noun with its noun compounds: "artillery shells" (not "North Korean")."""
    tokens = [head]
    for child in reversed(list(head.lefts)):
        if child.dep_ == "compound" and child.pos_ == "NOUN" and child.i not in run and child.i == tokens[0].i - 1:
            tokens.insert(0, child)
    if head.lower_ == "own":
        tokens = [c for c in head.lefts if c.dep_ == "poss"] + tokens  # "two of our own"
    return tokens


def _lookup(tokens: list[Token], lex: Lexicon) -> str | None:
    lemmas = [t.lemma_.lower() for t in tokens]
    lowers = [t.lower_ for t in tokens]
    for k in range(len(tokens)):
        for words in (lemmas[k:], lowers[k:]):
            category = lex.noun_category.get(" ".join(words))
            if category:
                return category
    return None


def _counted(doc: Doc, fig: _Figure, lex: Lexicon) -> tuple[list[Token], str] | None:
    """``(noun tokens, category)`` for what the figure counts, or ``None`` if it counts nothing."""
    run = range(fig.i, fig.j)
    root = _run_root(doc, fig.i, fig.j)
    if fig.i > 0 and doc[fig.i - 1].lower_ in lex.currency_symbols:
        return [doc[fig.i - 1]], "money"
    expression = _expression_tokens(doc, fig)
    heads = [t.head for t in doc[expression.start : expression.stop] if t.head.i not in expression]
    for head in heads:
        if head.i >= fig.j and head.pos_ in _NOUN_POS:
            tokens = _noun_tokens(head, run)
            category = _lookup(tokens, lex)
            if category is None and head.tag_ not in {"NNS", "NNPS"}:
                return None  # "a 10 metre wall", "September 2023"
            if category is None and _YEAR.fullmatch(doc[fig.i].text) and fig.j - fig.i == 1:
                return None
            if category is None and fig.i > 0 and doc[fig.i - 1].lower_ in _DEFINITE:
                return None  # "the two countries": a known set, not a new figure
            if head.pos_ == "PROPN" and doc[fig.i].is_title and not doc[fig.i].text[0].isdigit():
                return None  # "Six Nations", "Big Four": a name, not a count
            if category is None and fig.value == 1:
                return None  # "one priority area": a figure of speech more often than a count
            return tokens, category or "other"
    of = doc[fig.j] if fig.j < len(doc) and doc[fig.j].lower_ == "of" and doc[fig.j].head.i in run else None
    if of is not None:
        objects = [c for c in of.children if c.dep_ == "pobj"]
        if objects and fig.value != 1 and (objects[0].pos_ in _NOUN_POS or objects[0].lower_ == "own"):
            tokens = _noun_tokens(objects[0], run)
            return tokens, _lookup(tokens, lex) or "other"
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
    subject_counted = _counted_by_subject(root, lex)
    if subject_counted is not None:
        return subject_counted
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        owner = root.head.head
        category = _lookup([owner], lex)
        if category is not None:
            return [owner], category  # "a death toll of 50"
    return None


def _counted_by_subject(root: Token, lex: Lexicon) -> tuple[list[Token], str] | None:
    """ "The death toll rose to 57", "the number of refugees reached 6 million": the subject says what."""
    if root.dep_ in {"dobj", "attr"}:
        verb = root.head
    elif root.dep_ == "pobj" and root.head.lower_ in {"to", "at"}:
        verb = root.head.head
    else:
        return None
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.pos_ != "NOUN":
        return None
    if subject.lemma_.lower() in _TOTAL_NOUNS:
        of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is not None and obj.pos_ in _NOUN_POS:
            tokens = _noun_tokens(obj, range(0))
            return tokens, _lookup(tokens, lex) or "other"
    tokens = _noun_tokens(subject, range(0))
    category = _lookup(tokens, lex)
    return (tokens, category) if category is not None else None


def _refine(category: str, noun: Token | None, lex: Lexicon) -> str:
    """People/troops that were killed or cut off from power are casualties/power_outage figures."""
    if noun is None or category not in lex.context_applies_to:
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


def _phrase_bounds(tok: Token) -> tuple[int, int]:
    """Token bounds (inclusive) of the minimal noun phrase headed by ``tok``.

    Its left modifiers and its prepositional tail; stops before relative clauses, participles
    and commas, so "Ukraine's ambassador to South Korea, who ..." gives "Ukraine's ambassador
    to South Korea". A phrase never reaches back over a line break (a headline glued on by the
    parser).
    """
    doc = tok.doc
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        if child.dep_ in _SOURCE_STOP_DEPS and child.text not in {"(", ")"}:
            break
        right = child.right_edge.i
    for k in range(tok.i - 1, left - 1, -1):
        if "\n" in doc[k].text or "\n" in doc[k].whitespace_:
            left = k + 1
            break
    while left < right and (doc[left].is_punct or doc[left].is_space) and doc[left].text != "(":
        left += 1
    while right > left and (doc[right].is_punct or doc[right].is_space) and doc[right].text != ")":
        right -= 1
    if doc[right].text == ")" and "(" not in doc[left:right].text:
        right -= 1
    return left, right


def _phrase_text(tok: Token) -> str:
    left, right = _phrase_bounds(tok)
    doc = tok.doc
    return doc[left : right + 1].text


def _according_to(tok: Token) -> Token | None:
    for child in tok.children:
        if child.lower_ == "according":
            for to in child.children:
                if to.lower_ == "to":
                    objects = [c for c in to.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
    return None


def _reporting_subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in {"nsubj"}]
    if not subjects:
        agents = [c for c in verb.children if c.dep_ == "agent"]
        subjects = [g for a in agents for g in a.children if g.dep_ == "pobj"]
    if not subjects:
        return None
    subject = subjects[0]
    if subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return verb.head  # "intelligence services who reported that ..."
    return subject


def _inside(tok: Token, claim: range) -> bool:
    """Whether the phrase headed by ``tok`` contains the figure ("Three officials said ...")."""
    left, right = _phrase_bounds(tok)
    return left <= claim.stop - 1 and claim.start <= right


def _source(root: Token, claim: range, lex: Lexicon) -> tuple[str, int | None]:
    """``(source text, index of the reporting word)`` for the figure whose head token is ``root``."""
    below = root
    for anc in [root, *root.ancestors]:
        link, below = below.dep_, anc
        obj = _according_to(anc)
        if obj is not None:
            return _phrase_text(obj), None
        lemma = anc.lemma_.lower()
        if (
            anc is not root
            and link in _REPORTED_VIA_VERB
            and anc.pos_ in {"VERB", "AUX"}
            and lemma in lex.reporting_verbs
        ):
            subject = _reporting_subject(anc)
            if subject is not None and not _inside(subject, claim):
                return _phrase_text(subject), anc.i
        if anc is not root and link in _REPORTED_VIA_NOUN and anc.pos_ == "NOUN" and lemma in lex.reporting_nouns:
            for prep in anc.children:
                if prep.dep_ == "prep" and prep.lower_ in lex.source_prepositions:
                    objects = [c for c in prep.children if c.dep_ == "pobj"]
                    if objects and not _inside(objects[0], claim):
                        return _phrase_text(objects[0]), anc.i
        for child in anc.children:  # "..., police said." hanging off the clause
            if (
                child.dep_ in {"parataxis", "ccomp", "advcl"}
                and child.i > root.i
                and child.lemma_.lower() in lex.reporting_verbs
                and not any(c.dep_ in {"ccomp", "dobj"} for c in child.children)
            ):
                subject = _reporting_subject(child)
                if subject is not None and not _inside(subject, claim):
                    return _phrase_text(subject), None
    obj = next((o for t in root.sent if (o := _according_to(t)) is not None), None)
    if obj is not None:
        return _phrase_text(obj), None
    return "", None


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


def _scope(root: Token, stop: int | None, lex: Lexicon) -> str:
    """Time scopes attached to the figure's clause (below the reporting verb, if any)."""
    clause: list[Token] = []
    for tok in _path(root):
        if tok.i == stop:
            break
        clause.append(tok)
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
    runs = _number_runs(doc)
    runs_at = dict(runs)
    rows: list[dict[str, Any]] = []
    consumed = -1
    for i, j in runs:
        if i < consumed:
            continue  # the upper end of a range already reported
        fig = _figure(doc, text, i, j, runs_at, lex)
        if fig is None or _is_not_a_count(doc, text, fig, lex):
            continue
        counted = _counted(doc, fig, lex)
        if counted is None:
            continue
        consumed = fig.j
        rows.append(_row(doc, fig, counted, lex))
    return rows


def _row(doc: Doc, fig: _Figure, counted: tuple[list[Token], str], lex: Lexicon) -> dict[str, Any]:
    noun_tokens, category = counted
    root = _run_root(doc, fig.i, fig.j)
    claim = range(fig.i, fig.j)
    category = _refine(category, noun_tokens[-1] if noun_tokens else None, lex)
    source, stop = _source(root, claim, lex)
    noun = doc[noun_tokens[0].i : noun_tokens[-1].i + 1].text if noun_tokens else ""
    return {
        "start": fig.start,
        "end": fig.end,
        "sentence": root.sent.text,
        "value": float(fig.value),
        "low": float(fig.low),
        "high": float(fig.high),
        "qualifier": fig.qualifier,
        "what": category,
        "noun": noun,
        "source": source,
        "hedged": _is_hedged(root, set(claim) | {t.i for t in noun_tokens}, fig.qualifier_text, lex),
        "scope": _scope(root, stop, lex),
    }
