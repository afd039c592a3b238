"""Quotations, direct and reported, and their speakers.

**Direct quotes.** Quote marks are read by a small scanner rather than paired by one regex, because
news style leaves quotes open: a quotation running over several sentences or paragraphs opens a mark
on each and closes it only at the end (``Mr X said: "In last year's budget ...`` / ``"If you want
...``). A straight mark (``"`` or two apostrophes ``''``) opens when it follows a space or a paragraph
start and closes when a word or punctuation precedes it; curly marks, guillemets and ``` `` ``` say
which they are. A quotation is cut at a paragraph end and at the next opening mark, so each segment
is its own row. Single quotes are matched separately, opening only at a word boundary and closing only
before a space or punctuation, so apostrophes (``Ukraine’s``, ``don't``) are not quotes. Short quoted
terms (fewer than four words) without a cue are scare quotes, not speech, and are left out.

**Reported speech.** ``X said (that) ...`` and ``..., X said.`` without quote marks give a ``reported``
row whose span is the reported clause.

**Speakers** come from :mod:`newslab.annotate.attribution` (one module and one cue lexicon for
quotes and figures): the subject of the reporting verb near the quotation, else the speaker a
previous paragraph introduces (``Mr Dixon said.``), else the previous quotation's speaker; pronouns
and role nouns (``the minister``) are resolved to a named person. ``attribution`` says which.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from newslab.annotate import attribution as attr

QUOTE_KEYS = ("start", "end", "quote", "speaker", "cue", "kind", "attribution", "speaker_text")
_MARKS = re.compile(r"''|``|[\"“”«»]")
_OPENING = frozenset({"“", "«", "``"})
_CLOSING = frozenset({"”", "»"})
_SINGLE_PATTERNS = [
    re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))‘(.{2,}?)’(?=[\s,.;:!?)\]—–-]|$)", re.M),
    re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))'([^'\n]{2,}?)'(?=[\s,.;:!?)\]—–-]|$)", re.M),
]
_MAX_OPEN_CHARS = 3000  # an unclosed quotation never runs further (a stray mark must not swallow the article)


def _direction(text: str, start: int, end: int, mark: str) -> str:
    """``open``, ``close`` or ``either`` (a straight mark with spaces on both sides)."""
    if mark in _OPENING:
        return "open"
    if mark in _CLOSING:
        return "close"
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    if before.isspace() or before in "([{—–-/":
        return "either" if after.isspace() else "open"
    return "close"


def _double_quotes(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    opened: int | None = None

    def finish(end: int) -> None:
        s, e = opened, end
        inner = text[s:e]
        s += len(inner) - len(inner.lstrip())
        e -= len(inner) - len(inner.rstrip())
        if e - s >= 2:
            spans.append((s, e))

    for m in _MARKS.finditer(text):
        kind = _direction(text, m.start(), m.end(), m.group())
        if opened is not None:
            newline = text.find("\n", opened, m.start())
            if newline != -1 or m.start() - opened > _MAX_OPEN_CHARS:
                finish(newline if newline != -1 else opened + _MAX_OPEN_CHARS)  # left open: ends with its paragraph
                opened = None
        if kind == "close" or (kind == "either" and opened is not None):
            if opened is not None:
                finish(m.start())
                opened = None
        elif kind == "open" or kind == "either":
            if opened is not None:
                finish(m.start())  # a new paragraph or sentence of the same quotation opens again
            opened = m.end()
    if opened is not None:
        newline = text.find("\n", opened)
        finish(newline if newline != -1 else min(len(text), opened + _MAX_OPEN_CHARS))
    return spans


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted words without the marks, outermost first, no overlaps."""
    spans = _double_quotes(text)
    for pattern in _SINGLE_PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.start(1), m.end(1)
            inner = text[s:e]
            s += len(inner) - len(inner.lstrip())
            e -= len(inner) - len(inner.rstrip())
            if e > s and not any(s < oe and os_ < e for os_, oe in spans):
                spans.append((s, e))
    return sorted(spans)


def extract_quotes(doc: Doc) -> list[dict]:
    """Direct and reported quotations in ``doc`` with their speaker, cue and how the speaker was found;
    offsets are character offsets into ``doc.text``.

    A direct quotation without a cue is kept only when it is long enough to be speech rather than a
    scare-quoted term; its speaker is the one the previous paragraph introduces, else the previous
    quotation's.
    """
    ctx = attr.context(doc)
    text = doc.text
    rows: list[dict] = []
    previous = attr.NONE
    spans = find_quote_spans(text)
    for start, end in spans:
        cue = attr.cue_near_quote(doc, start, end, ctx)
        if cue is None and len(text[start:end].split()) < ctx.cues.min_words_without_cue:
            continue
        att = attr.speaker_of_cue(cue, ctx) if cue is not None else attr.NONE
        if not att:
            introduced = attr.introduced_speaker(ctx, start)
            if introduced:
                att = attr.Attribution(introduced.name, introduced.text, introduced.how, att.cue)
            elif previous:
                att = attr.Attribution(previous.name, previous.text, "previous-speaker", att.cue)
        rows.append(_row(text, start, end, att, "direct"))
        if att:
            previous = att
    for start, end, cue in attr.reported_speech(doc, ctx, spans):
        rows.append(_row(text, start, end, attr.speaker_of_cue(cue, ctx), "reported"))
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return rows


def _row(text: str, start: int, end: int, att: attr.Attribution, kind: str) -> dict:
    return {
        "start": start,
        "end": end,
        "quote": text[start:end],
        "speaker": att.name,
        "cue": att.cue,
        "kind": kind,
        "attribution": att.how if att.name else "none",
        "speaker_text": att.text,
    }
