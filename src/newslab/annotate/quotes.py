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


def _double_quotes(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, left_open)`` of each double-quoted segment; ``left_open`` when no closing mark ended
    it (the quotation goes on in the next segment)."""
    spans: list[tuple[int, int, bool]] = []
    opened: int | None = None

    def finish(end: int, left_open: bool) -> None:
        s, e = opened, end
        inner = text[s:e]
        s += len(inner) - len(inner.lstrip())
        e -= len(inner) - len(inner.rstrip())
        if e - s >= 2:
            spans.append((s, e, left_open))

    for m in _MARKS.finditer(text):
        kind = _direction(text, m.start(), m.end(), m.group())
        if opened is not None:
            newline = text.find("\n", opened, m.start())
            if newline != -1 or m.start() - opened > _MAX_OPEN_CHARS:
                finish(newline if newline != -1 else opened + _MAX_OPEN_CHARS, True)  # ends with its paragraph
                opened = None
        if kind == "close" or (kind == "either" and opened is not None):
            if opened is not None:
                finish(m.start(), False)
                opened = None
        elif kind == "open" or kind == "either":
            if opened is not None:
                finish(m.start(), True)  # a new paragraph or sentence of the same quotation opens again
            opened = m.end()
    if opened is not None:
        newline = text.find("\n", opened)
        finish(newline if newline != -1 else min(len(text), opened + _MAX_OPEN_CHARS), True)
    return spans


def find_quote_segments(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, left_open)`` of quoted words without the marks, outermost first, no overlaps;
    ``left_open``: the quotation continues in the next segment."""
    segments = _double_quotes(text)
    for pattern in _SINGLE_PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.start(1), m.end(1)
            inner = text[s:e]
            s += len(inner) - len(inner.lstrip())
            e -= len(inner) - len(inner.rstrip())
            if e > s and not any(s < oe and os_ < e for os_, oe, _ in segments):
                segments.append((s, e, False))
    return sorted(segments)


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted words without the marks, outermost first, no overlaps."""
    return [(s, e) for s, e, _ in find_quote_segments(text)]


def extract_quotes(doc: Doc) -> list[dict]:
    """Direct and reported quotations in ``doc`` with their speaker, cue and how the speaker was found;
    offsets are character offsets into ``doc.text``.

    A direct quotation's speaker: the subject of its reporting verb; else, inside a sentence, the person
    subject of the sentence's verb; else the speaker named in another segment of the same quotation
    (news style opens a mark on each paragraph); else the one the previous paragraph introduces
    (``She told the BBC:``); else the latest speaker before it, quoted or reported. A quotation with
    none of these is kept only when it is long enough to be speech rather than a scare-quoted term.
    """
    ctx = attr.context(doc)
    text = doc.text
    segments, spans = ctx.segments, ctx.quoted
    reported = [(s, e, attr.speaker_of_cue(cue, ctx)) for s, e, cue in attr.reported_speech(doc, ctx, spans)]
    found: list[attr.Attribution] = []
    for start, end, _ in segments:
        cue = attr.cue_near_quote(doc, start, end, ctx)
        att = attr.speaker_of_cue(cue, ctx) if cue is not None else attr.NONE
        found.append(att or attr.clause_speaker(doc, start, end, ctx) or att)
    reported = [(s, e, att.named(attr.full_name(att.name, ctx))) for s, e, att in reported]
    rows = [_row(text, s, e, att, "reported") for s, e, att in reported]
    # "He said many firms admit that ...": the speaker who goes on talking is the outer one, not "many firms".
    outer = [(s, e, a) for s, e, a in reported if not any(os_ < s and e <= oe for os_, oe, _ in reported)]
    run_of = _runs(segments)
    previous: tuple[int, attr.Attribution] = (-1, attr.NONE)
    for k, (start, end, _) in enumerate(segments):
        att = found[k]
        if not att:
            att = _from_run(k, run_of, found)
        if not att:
            att = attr.introduced_speaker(ctx, start)
        if not att:
            said = [(s, a) for s, _, a in outer if s < start and a] + [previous]
            latest = max(said, key=lambda pair: pair[0])[1]
            att = attr.Attribution(latest.name, latest.text, "previous-speaker", att.cue) if latest else att
        if not found[k] and len(text[start:end].split()) < ctx.cues.min_words_without_cue:
            continue  # a scare-quoted term without its own cue, not speech
        rows.append(_row(text, start, end, att.named(attr.full_name(att.name, ctx)), "direct"))
        if att:
            previous = (start, att)
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return rows


def _runs(segments: list[tuple[int, int, bool]]) -> list[int]:
    """For each segment, the index of the first segment of the quotation it belongs to."""
    run_of: list[int] = []
    for k, (_, _, _) in enumerate(segments):
        run_of.append(run_of[k - 1] if k and segments[k - 1][2] else k)
    return run_of


def _from_run(k: int, run_of: list[int], found: list[attr.Attribution]) -> attr.Attribution:
    """The speaker named in another segment of the same quotation: an earlier one continues
    (``previous-speaker``), a later one's cue governs the whole quotation (``carried-over``)."""
    same = [j for j in range(len(found)) if run_of[j] == run_of[k] and j != k and found[j]]
    earlier = [j for j in same if j < k]
    if earlier:
        return found[earlier[-1]].as_("previous-speaker")
    if same:
        return found[same[0]].as_("carried-over")
    return attr.NONE


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
