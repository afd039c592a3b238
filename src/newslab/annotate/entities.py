"""Per-document entity mentions: spaCy's NER corrected by a domain gazetteer.

The gazetteer
=============
``newslab/data/gazetteer.jsonl`` holds spaCy EntityRuler patterns, one JSON object per line.
Users extend it without code: add a line, rerun. Blank lines and lines starting with ``#`` are
comments. Each line has

- ``label``: the entity label: ``WEAPON`` (weapons and systems), ``ORG`` (military, intelligence,
  state and defence-industry bodies), ``OUTLET`` (news outlets and agencies), ``GPE`` / ``LOC``
  (places), ``PERSON`` (key people of the domain), or any label you like;
- ``pattern``: either a phrase, matched case-insensitively (on ``LOWER``), e.g.
  ``{"label": "GPE", "pattern": "Kharkiv", "id": "Kharkiv"}``, or a list of token dicts in spaCy
  Matcher syntax, e.g. ``[{"TEXT": "AP"}]`` for a case-sensitive match or
  ``[{"LOWER": {"IN": ["f-16", "f-16s"]}}]`` for plurals;
- ``id``: the canonical name every variant maps to (``"Kiev"`` -> ``"Kyiv"``). The canonical
  stage (:mod:`newslab.annotate.canonical`) reads these ids, so a spelling variant only needs a
  new line with the same id.

A phrase written with a straight apostrophe also matches the typographic one (``People's`` /
``People’s``). Write ambiguous words (``Patriot``, ``Bradley``, ``Javelin``) as token patterns
that need a following weapon noun, and short acronyms (``UN``, ``AP``, ``FT``) as
case-sensitive ``TEXT`` patterns: lower-cased they are ordinary words.

Outlets get their own label, ``OUTLET``, so "who reported it" (Reuters, KCNA) is not mixed with
the actors of the story (NATO, the Pentagon) in the who/where analyses.

Where the ruler runs, and why
=============================
After ``ner`` with ``overwrite_ents=True``: the small model's mistakes on this domain are
wrong labels on the right span far more often than missed spans (Kyiv as PERSON, Kursk as
PRODUCT, Kharkiv and Dnipropetrovsk as ORG, Oreshnik as ORG, Bloomberg as GPE), and only an
overwriting ruler after ``ner`` can relabel a span the model found. Before ``ner`` the ruler's
entities are fixed too, but the model then still predicts the tokens around them and tends to
glue neighbours on. The price of overwriting is that a longer NER name containing a gazetteer
word (``Kharkiv Regional Military Administration``, ``Pyongyang Sunan International Airport``)
would be cut down to the place; ``newslab_entity_fixes`` (added right after the ruler)
restores such longer ORG/FAC/EVENT names. It also recovers people the model misses when the
sentence shape says "person" (``Defence Minister Ihor Petrenko``, ``Ihor Petrenko, the head of
...``, ``Ihor Petrenko said``) and relabels a lone surname the model called ORG/GPE when the
same document names that person in full (``Charlie Dietz`` ... ``Dietz`` ORG -> PERSON).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from newslab.annotate import attribution
from newslab.data import load_json, read_text

GAZETTEER_FILE = "gazetteer.jsonl"
CUES_FILE = "gazetteer_cues.json"
RULER_NAME = "entity_ruler"
GAZETTEER = "newslab_gazetteer"  # the factory; its component keeps spaCy's name RULER_NAME in the pipeline
KEEP_NER = "newslab_keep_ner"
FIXES = "newslab_entity_fixes"
_SAVED = "newslab_ner_ents"

# Labels kept in the entities table; numeric ones (CARDINAL, DATE, MONEY, ...) belong to other extractors.
KEEP_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WEAPON", "OUTLET"})
# NER labels whose longer span wins over a gazetteer word inside it (a named facility or body).
_CONTAINER_LABELS = frozenset({"ORG", "FAC", "EVENT"})
# Labels the model puts on surnames by mistake; relabelled PERSON when the doc names the person in full.
_SURNAME_MISLABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "PRODUCT", "WORK_OF_ART"})
_LOCATIVE = frozenset({"in", "to", "from", "at", "near", "into", "across", "towards", "toward", "the", "of"})
_APOSTROPHES = ("'", "\u2019")
_POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})


@dataclass(frozen=True)
class Cues:
    titles: frozenset[str]
    role_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    honorifics: frozenset[str]
    not_name_words: frozenset[str]


@cache
def load_cues() -> Cues:
    """The packaged word lists (``newslab/data/gazetteer_cues.json``), loaded once per process."""
    data = load_json(CUES_FILE)
    return Cues(
        titles=frozenset(w.lower() for w in data["titles"]),
        role_nouns=frozenset(w.lower() for w in data["role_nouns"]),
        speech_verbs=attribution.load_cues().speaker_verbs,  # the one verb list, data/attribution_cues.json
        honorifics=frozenset(w.lower() for w in data.get("honorifics", [])),
        not_name_words=frozenset(w.lower() for w in data.get("not_name_words", [])),
    )


def read_gazetteer(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The gazetteer's patterns (the packaged file when ``path`` is None), comments skipped.

    A phrase with a straight apostrophe gets a twin with the typographic one, because news text
    uses both and the phrase matcher compares whole tokens.
    """
    if path is None:
        text = read_text(GAZETTEER_FILE)
        where = GAZETTEER_FILE
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    patterns: list[dict[str, Any]] = []
    for line_no, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}, line {line_no}: not valid JSON ({exc.msg}): {line[:80]}") from exc
        if not isinstance(entry, dict) or "label" not in entry or "pattern" not in entry:
            raise ValueError(f"{where}, line {line_no}: needs 'label' and 'pattern' keys: {line[:80]}")
        patterns.append(entry)
        phrase = entry["pattern"]
        if isinstance(phrase, str) and _APOSTROPHES[0] in phrase:
            patterns.append({**entry, "pattern": phrase.replace(_APOSTROPHES[0], _APOSTROPHES[1])})
    return patterns


def as_phrases(entry: dict[str, Any], nlp: Language, limit: int = 500) -> list[dict[str, Any]]:
    """A token pattern made only of ``LOWER`` tokens, rewritten as the phrases it matches.

    spaCy's Matcher tries every token pattern at every token, while the PhraseMatcher (which the
    ruler runs on ``LOWER``) costs next to nothing: on news text the gazetteer's token patterns made
    the ruler the slowest step after ``ner``. Only values that are one token on their own are
    rewritten, so the matches are the same; anything else (``TEXT``, ``OP``, large products) stays.
    """
    pattern = entry["pattern"]
    if isinstance(pattern, str) or not pattern:
        return [entry]
    options: list[list[str]] = []
    for token in pattern:
        if set(token) != {"LOWER"}:
            return [entry]
        spec = token["LOWER"]
        values = (
            spec
            if isinstance(spec, str)
            else spec.get("IN")
            if isinstance(spec, dict) and set(spec) == {"IN"}
            else None
        )
        values = [values] if isinstance(values, str) else values
        if not values or not all(isinstance(v, str) and v == v.lower() and len(nlp.make_doc(v)) == 1 for v in values):
            return [entry]
        options.append(list(dict.fromkeys(values)))
    if math.prod(len(o) for o in options) > limit:
        return [entry]
    return [{**entry, "pattern": " ".join(combo)} for combo in itertools.product(*options)]


def add_gazetteer(nlp: Language, path: str | Path | None = None) -> Language:
    """Add the domain gazetteer as an EntityRuler after ``ner`` (overwriting), plus the fix-ups.

    Without ``ner`` (a blank or custom pipeline) the ruler is simply appended. Calling it twice
    is harmless: an existing ruler is left as it is.
    """
    if RULER_NAME in nlp.pipe_names:
        return nlp
    has_ner = "ner" in nlp.pipe_names
    if has_ner:
        nlp.add_pipe(KEEP_NER, after="ner")
    where = {"after": KEEP_NER} if has_ner else {"last": True}
    config = {} if path is None else {"patterns_file": str(path)}
    nlp.add_pipe(GAZETTEER, name=RULER_NAME, config=config, **where)
    nlp.add_pipe(FIXES, after=RULER_NAME)
    return nlp


@Language.factory(GAZETTEER, default_config={"patterns_file": GAZETTEER_FILE})
def make_gazetteer(nlp: Language, name: str, patterns_file: str) -> Any:
    """spaCy's ``entity_ruler`` (overwriting the model's entities) loaded with the gazetteer's patterns.

    ``patterns_file`` is the packaged ``gazetteer.jsonl`` by default, or a path to another file of
    EntityRuler patterns: ``nlp.add_pipe("newslab_gazetteer", config={"patterns_file": "mine.jsonl"})``.
    """
    ruler = nlp.create_pipe(
        "entity_ruler", name=name, config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER", "validate": True}
    )
    # Only the tokenizer is needed to turn phrases into patterns: keep the tagger/parser/ner out of it.
    with nlp.select_pipes(disable=nlp.pipe_names):
        path = None if patterns_file == GAZETTEER_FILE else patterns_file
        ruler.add_patterns([p for entry in read_gazetteer(path) for p in as_phrases(entry, nlp)])
    return ruler


# --------------------------------------------------------------------------- pipeline components


@Language.component(KEEP_NER)
def keep_ner_ents(doc: Doc) -> Doc:
    """Remember the model's entities, so the fix-ups can restore a longer name the ruler cut."""
    doc.spans[_SAVED] = list(doc.ents)
    return doc


@Language.component(FIXES)
def entity_fixes(doc: Doc) -> Doc:
    """Restore longer NER names, recover missed people, relabel mislabelled surnames."""
    ents = list(doc.ents)
    saved = list(doc.spans[_SAVED]) if _SAVED in doc.spans else []
    if _SAVED in doc.spans:
        del doc.spans[_SAVED]
    ents = _restore_containers(doc, ents, saved)
    ents = _add_missed_people(doc, ents)
    ents = _relabel_surnames(doc, ents)
    doc.ents = sorted(ents, key=lambda s: s.start)
    return doc


def _cut_at_newline(span: Span) -> Span:
    """A name never crosses a line break: keep the span up to the first one."""
    for tok in span:
        if "\n" in tok.text or (tok.i < span.end - 1 and "\n" in tok.whitespace_):
            end = tok.i if "\n" in tok.text else tok.i + 1
            return span.doc[span.start : end] if end > span.start else span.doc[span.start : span.start]
    return span


def _restore_containers(doc: Doc, ents: list[Span], saved: Iterable[Span]) -> list[Span]:
    """Put back an NER ORG/FAC/EVENT that strictly contains gazetteer matches and is clearly longer.

    Spans with a possessive inside (``Ukraine's Centre for ...``) are left to the ruler: the
    possessor is a separate entity.
    """
    for old in saved:
        if old.label_ not in _CONTAINER_LABELS:
            continue
        span = _cut_at_newline(old)
        if len(span) == 0 or any(t.text in _POSSESSIVES for t in span):
            continue
        inside = [e for e in ents if e.start < span.end and span.start < e.end]
        if not inside or any(e.start < span.start or e.end > span.end for e in inside):
            continue
        if any(e.start == span.start and e.end == span.end for e in inside):
            continue
        if len(span) < max(len(e) for e in inside) + 2:
            continue
        restored = Span(doc, span.start, span.end, label=old.label_)
        ents = [e for e in ents if e not in inside] + [restored]
    return ents


@cache
def _name_matcher(vocab_id: int, vocab: Any) -> Matcher:  # noqa: ARG001 - vocab_id keys the cache
    matcher = Matcher(vocab)
    name_token = {"IS_TITLE": True, "TAG": {"IN": ["NNP", "NNPS"]}, "ENT_TYPE": "", "IS_STOP": False}
    matcher.add("NAME", [[name_token] * 2, [name_token] * 3], greedy="LONGEST")
    return matcher


def _add_missed_people(doc: Doc, ents: list[Span]) -> list[Span]:
    """Two or three capitalised proper nouns outside any entity, in a person-shaped context.

    The contexts are general newswriting shapes: right after a title (``Defence Minister X Y``),
    with an appositive role (``X Y, the head of ...``), or as the subject of a speech verb
    (``X Y said``). Hand-written because each needs the dependency parse and a word list.
    """
    if not doc.has_annotation("DEP") or not doc.has_annotation("TAG"):
        return ents
    cues = load_cues()
    taken = {i for e in ents for i in range(e.start, e.end)}
    found: list[Span] = []
    for _, start, end in _name_matcher(id(doc.vocab), doc.vocab)(doc):
        span = doc[start:end]
        if any(t.i in taken for t in span) or any(_not_a_name_word(t.lower_, cues) for t in span):
            continue
        if any("\n" in t.whitespace_ for t in span[:-1]):
            continue
        if _person_context(span, cues):
            found.append(Span(doc, start, end, label="PERSON"))
            taken.update(range(start, end))
    return ents + found


def _not_a_name_word(word: str, cues: Cues) -> bool:
    return word in cues.titles or word in cues.role_nouns or word in cues.not_name_words


def _person_context(span: Span, cues: Cues) -> bool:
    """Title before, role appositive after, or (not sentence-initial) subject of a speech verb."""
    doc, head = span.doc, span.root
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in cues.honorifics and not before.is_lower:
        return True
    if any(child.dep_ == "appos" and child.lemma_.lower() in cues.role_nouns for child in head.children):
        return True
    sentence_initial = span.start == span.sent.start
    return not sentence_initial and head.dep_ == "nsubj" and head.head.lemma_.lower() in cues.speech_verbs


def _relabel_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
    """A one-word ORG/GPE/... that is the last name of a PERSON named in full in this doc is that person."""
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) >= 2}
    if not surnames:
        return ents
    return [Span(doc, e.start, e.end, label="PERSON") if _is_mislabelled_surname(e, surnames) else e for e in ents]


def _is_mislabelled_surname(ent: Span, surnames: set[str]) -> bool:
    if len(ent) != 1 or ent.label_ not in _SURNAME_MISLABELS or ent.ent_id_ or ent.text not in surnames:
        return False
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    # "in Houston", "to the West": a place after a locative preposition stays a place
    return not (ent.label_ in ("GPE", "LOC") and before is not None and before.lower_ in _LOCATIVE)


# --------------------------------------------------------------------------- extraction


def extract_entities(doc: Doc) -> list[dict[str, Any]]:
    """Entity mentions of ``doc`` as rows: start, end, text, label, sentence.

    Offsets are character offsets into ``doc.text`` with ``doc.text[start:end] == text``. Spans
    are trimmed of a leading "the", a trailing possessive and surrounding punctuation; junk
    (no letters, a lone lower-case word, a lone title word such as "Defence") is dropped.
    """
    cues = load_cues()
    text = doc.text  # spaCy rebuilds this string on every access: once per Doc, not per entity
    rows: list[dict[str, Any]] = []
    for ent in doc.ents:
        if ent.label_ not in KEEP_LABELS:
            continue
        span = _trim(_cut_at_newline(ent), cues.titles if ent.label_ == "PERSON" else frozenset())
        if span is None or _is_junk(span, cues):
            continue
        start, end = _strip_chars(text, span.start_char, span.end_char)
        if start >= end:
            continue
        rows.append(
            {
                "start": start,
                "end": end,
                "text": text[start:end],
                "label": ent.label_,
                "sentence": _sentence(span, text),
            }
        )
    return rows


def _trim(span: Span, titles: frozenset[str] = frozenset()) -> Span | None:
    """Drop a leading "the" (and, for people, titles: "Spokesperson X Y") and trailing possessives/punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - start > 1 and doc[start].lower_ in titles:
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVES or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


def _strip_chars(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace and a glued possessive left over inside a token (``Putin’s`` as one token)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    for suffix in ("'s", "\u2019s"):
        if text[start:end].endswith(suffix) and end - len(suffix) > start:
            end -= len(suffix)
    return start, end


def _is_junk(span: Span, cues: Cues) -> bool:
    text = span.text
    if not any(c.isalpha() for c in text):
        return True
    if len(span) == 1:
        word = span[0]
        if word.is_lower or word.is_stop or len(text) < 2:
            return True
        if word.lower_ in cues.titles and not span.ent_id_:
            return True
    return False


def _sentence(span: Span, text: str) -> str:
    doc = span.doc
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return span.sent.text
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    return text[line_start : line_end if line_end != -1 else len(text)]
