"""Direct quotations and their speakers.

Quote marks are matched with regular expressions (straight and curly, double and single, and
guillemets); a single quote opens only at a word boundary and closes only before a space or
punctuation, so apostrophes (``Ukraine’s``, ``don't``) are not quotes. The speaker comes from
spaCy's parse: the subject of a reporting verb (``data/quote_cues.json``) in the sentence where
the quote ends or in the text right after it (``..., he added``); an inverted subject (``said a
statement from the Polish operational command``) is followed through ``from``; a cue without a
subject that continues a clause (``..., adding: "..."``) takes that clause's subject. ``he``/``she``
take the nearest person named as a subject in the last three sentences, other pronouns the previous
quote's speaker. Short quoted terms (fewer than four words) without a cue are scare
quotes, not speech, and are left out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from newslab.data import load_json

QUOTE_PATTERNS = [
    re.compile(r"“([^”]{2,}?)”"),
    re.compile(r"«([^»]{2,}?)»"),
    re.compile(r'(?<![\w"])"([^"\n]{2,}?)"(?!\w)'),
    re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))‘(.{2,}?)’(?=[\s,.;:!?)\]—–-]|$)", re.M),
    re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))'([^'\n]{2,}?)'(?=[\s,.;:!?)\]—–-]|$)", re.M),
]
PRONOUNS = {"he", "she", "they", "i", "we", "it"}
PERSONAL_PRONOUNS = {"he", "she"}
ANTECEDENT_SENTENCES = 3


@lru_cache(maxsize=1)
def cues() -> dict:
    return load_json("quote_cues.json")


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted words without the marks, outermost first, no overlaps."""
    spans: list[tuple[int, int]] = []
    for pattern in QUOTE_PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.start(1), m.end(1)
            inner = text[s:e]
            s += len(inner) - len(inner.lstrip())
            e -= len(inner) - len(inner.rstrip())
            if e > s and not any(s < oe and os_ < e for os_, oe in spans):
                spans.append((s, e))
    return sorted(spans)


def _speaker_of(subject: Token) -> str:
    """The speaker named by a cue's subject, following a cue noun through ``from``.

    ``a statement from the Polish command said`` names the command, not the statement.
    """
    if subject.lemma_.lower() in cues()["nouns"]:
        for prep in subject.children:
            if prep.dep_ == "prep" and prep.lower_ == "from":
                objects = [t for t in prep.children if t.dep_ == "pobj"]
                if objects:
                    return _np(objects[0])
    return _np(subject)


def _speaker_from_cue(cue: Token) -> str:
    """The subject of a cue verb (``officials said``)."""
    for child in cue.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return _speaker_of(child)
    return ""


def _np(token: Token) -> str:
    """The name part of a noun phrase: compound/flat modifiers and the head, or the apposition's head."""
    if token.pos_ == "PROPN" or token.ent_type_:
        left = min(
            (
                t.i
                for t in token.subtree
                if t.i <= token.i and t.dep_ in ("compound", "flat", "amod", "det") or t.i == token.i
            ),
            default=token.i,
        )
        span = token.doc[left : token.i + 1]
        words = [t for t in span if t.dep_ != "det"]
        return " ".join(t.text for t in words)
    tokens = [t for t in token.subtree if t.i <= token.i and t.dep_ != "punct"]
    text = " ".join(t.text for t in tokens)
    return text


def _cue_near(doc: Doc, text: str, start_char: int, end_char: int) -> Token | None:
    verbs = set(cues()["verbs"])
    window_end = min(len(text), end_char + 160)
    after = doc.char_span(end_char, window_end, alignment_mode="expand")
    sent: Span = (doc.char_span(start_char, end_char, alignment_mode="expand") or doc[:0]).sent if len(doc) else None
    candidates: list[Token] = []
    if after is not None:
        stop = next((t.i for t in after if t.text in ("“", '"', "‘") and t.i > after.start + 1), after.end)
        candidates.extend(t for t in doc[after.start : stop] if t.sent == after[0].sent)
    if sent is not None:
        candidates.extend(t for t in sent if t.idx < start_char)
    for token in candidates:
        if token.lemma_.lower() in verbs and token.pos_ in ("VERB", "AUX"):
            return token
    return None


def extract_quotes(doc: Doc) -> list[dict]:
    """Quotations in ``doc`` with their speaker and cue verb; offsets are character offsets into ``doc.text``.

    A quotation without a cue verb is kept only when it is long enough to be speech rather than a
    scare-quoted term; it then inherits the previous quotation's speaker. A ``he``/``she`` speaker
    becomes the nearest person named as a subject (:func:`_person_before`), other pronouns the
    previous quotation's speaker.
    """
    rows: list[dict] = []
    previous_speaker = ""
    text = doc.text
    min_words = cues()["min_words_without_cue"]
    for start, end in find_quote_spans(text):
        cue = _cue_near(doc, text, start, end)
        n_words = len(text[start:end].split())
        if cue is None and n_words < min_words:
            continue
        speaker = ""
        if cue is not None:
            speaker = _speaker_from_cue(cue) or _clause_subject(cue) or _inverted_subject(cue)
        if speaker.lower() in PERSONAL_PRONOUNS and cue is not None:
            speaker = _person_before(cue) or previous_speaker
        elif speaker.lower() in PRONOUNS or (not speaker and cue is None and previous_speaker):
            speaker = previous_speaker
        rows.append(
            {
                "start": start,
                "end": end,
                "quote": text[start:end],
                "speaker": speaker,
                "cue": cue.lemma_.lower() if cue is not None else "",
            }
        )
        if speaker:
            previous_speaker = speaker
    return rows


def _person_before(cue: Token) -> str:
    """The person a ``he``/``she`` subject of ``cue`` most likely means: the nearest sentence (the
    cue's own, then up to two before it) that names a person as a subject; in it, the subject of the
    main clause if a person, else the last person subject.

    The previous quotation's speaker is a weaker guess: a quoted word attributed to someone else
    (``Blair called him "courageous"``) sits between a speaker and the pronoun that continues them.
    And an embedded subject is rarely the one a following ``he`` continues: in ``Mr Johnson was asked
    why Mr Smith left. He replied: ...`` the speaker is Mr Johnson.
    """
    doc = cue.doc
    sentence = cue.sent
    end = cue.i
    for _ in range(ANTECEDENT_SENTENCES):
        people = [t for t in doc[sentence.start : end] if t.dep_ in ("nsubj", "nsubjpass") and t.ent_type_ == "PERSON"]
        if people:
            main = [t for t in people if t.head.dep_ == "ROOT"]
            return _np((main or people)[-1])
        if sentence.start == 0:
            break
        sentence = doc[sentence.start - 1].sent
        end = sentence.end
    return ""


def _clause_subject(cue: Token) -> str:
    """The speaker of a subjectless cue that continues another clause: ``X welcomed it, adding: ...``,
    ``X spoke to reporters and told them ...``, ``X praised it, describing it as ...``; its object
    (``it``, ``them``) is not the speaker."""
    token = cue
    for _ in range(3):
        if token.dep_ not in ("advcl", "conj", "xcomp") or token.head is token:
            return ""
        token = token.head
        speaker = _speaker_from_cue(token)
        if speaker:
            return speaker
    return ""


def _inverted_subject(cue: Token) -> str:
    """The speaker after the cue verb (``said the ministry``), which the parser often labels as an object."""
    for child in cue.rights:
        if child.dep_ in ("dobj", "attr", "nsubj", "npadvmod") and child.pos_ in ("NOUN", "PROPN"):
            return _speaker_of(child)
    return ""
