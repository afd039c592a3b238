"""Entity mentions: spaCy's NER corrected by a domain gazetteer.

The gazetteer (``data/gazetteer.jsonl``) holds spaCy EntityRuler patterns, one JSON object per
line: ``{"label": "WEAPON", "pattern": "Storm Shadow", "id": "Storm Shadow"}``; ``id`` is the
canonical name. Add lines to extend it; no code change is needed. Labels used: WEAPON, ORG,
GPE, OUTLET (news outlets and agencies), plus spaCy's own. The ruler runs *after* ``ner`` with
``overwrite_ents=True`` so that known names win over the small model's guesses (it labels Kyiv
or Oreshnik inconsistently) while everything else keeps the model's label.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

KEEP_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WEAPON", "OUTLET", "PRODUCT"}


def gazetteer_patterns(path: str | Path | None = None) -> list[dict]:
    text = (
        Path(path).read_text(encoding="utf-8")
        if path
        else resources.files("newslab.data").joinpath("gazetteer.jsonl").read_text(encoding="utf-8")
    )
    return [json.loads(line) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def add_gazetteer(nlp: Language, path: str | Path | None = None) -> Language:
    """Add the domain EntityRuler after ``ner`` (or last when the pipeline has no ``ner``)."""
    if "entity_ruler" in nlp.pipe_names:
        return nlp
    where = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"}, **where)
    ruler.add_patterns(gazetteer_patterns(path))
    return nlp


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading 'the' and a trailing possessive from a token span."""
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return start, end


def extract_entities(doc: Doc) -> list[dict]:
    rows = []
    for ent in doc.ents:
        if ent.label_ not in KEEP_LABELS:
            continue
        start, end = _trim(doc, ent.start, ent.end)
        if start >= end:
            continue
        span = doc[start:end]
        text = span.text
        if not any(ch.isalpha() for ch in text) or (len(span) == 1 and text.islower()):
            continue
        label = "WEAPON" if ent.label_ == "PRODUCT" and ent.ent_id_ else ent.label_
        rows.append(
            {
                "start": span.start_char,
                "end": span.end_char,
                "text": text,
                "label": label,
                "sentence": span.sent.text,
            }
        )
    return rows
