"""Who said it: cue, source, content and coreference for quotes and figures, in one place.

Both :mod:`newslab.annotate.quotes` and :mod:`newslab.annotate.claims` ask this module who a
quotation or a figure is attributed to; the cue words live in one lexicon,
``data/attribution_cues.json`` (each reporting verb says whether it introduces speech, sources a
figure, or both). The design follows BBC R&D's *citron* (cue, source, content and coreference as
separate steps) and textacy's ``triples.direct_quotations`` (one verb list, shared span helpers), but
works on spaCy's existing parse of the ``Doc`` only: no second pass, no coreference model. It is
written here rather than taken from those libraries because neither runs on our pipeline's Docs
without an extra model or an extra parse.

Steps (each answer carries ``how``, the ``attribution`` column):

* **cue** - a reporting verb (``said``, ``told``, ``reported``), an ``according to``-type phrase, or a
  reporting noun with a ``from``/``by`` complement (``a statement from the ministry``).
* **source** - the cue's subject, read as a name (:func:`name_of`): a person named in the subject
  phrase wins over its role (``Shadow leader of the House Oliver Heald`` -> Oliver Heald;
  ``X, general secretary of Y`` -> X), a spokesman speaks for the body that modifies it (``a Christian
  Aid spokesman`` -> Christian Aid), a report speaks for its author (``figures from X``, ``figures
  published by X``, ``X's data``, ``Labor Department figures`` -> X). ``cue-subject`` when the
  subject's head is the name, ``apposition`` when the name was picked out of a longer phrase,
  ``according-to`` for that phrase.
* **coreference** - ``he``/``she`` become the nearest person named as a subject (or in ``according to``)
  in the last sentences (main clause first; a chain of the same pronoun as a cue's subject carries
  further back; never a person inside what the pronoun's own verb reports), else the nearest earlier
  named source (``pronoun``); ``it``/``they`` the nearest earlier source (never one inside the cue's
  own content); ``the minister``/``the spokesman``/``the 45-year-old`` the nearest earlier person
  named with that role, else the nearest earlier named person (``role-noun``); ``the company`` the
  organisation named before; ``the report``/``the study`` the author of the report named before
  (``role-noun``). People who only modify a phrase (an owner, an adjective, the tail of a non-role
  noun) are not its speaker.
* **carry-over** - an ``according to X`` governs the next sentences of its paragraph, and so does ``X
  said that ...`` while they go on about what X said (a pronoun subject, a repeated noun, no new named
  actor); ``X reported that ...`` or ``Figures from X showed ...`` right after a sentence attributes
  that sentence too; an ``according to X`` or ``X said ...`` that opens a paragraph and governs it to its end
  goes on into the next paragraph(s) while they continue its report (:func:`_carry_across`); a name beside an
  unnamed source is the source (``the industry watchdog, Ofcom,``: :func:`appositive_name`); a named report of
  figures gives its details over up to ``carry_paragraph_sentences`` sentences of its own paragraph too, passing
  over one sentence of background without a figure, and a subject the report already named that comes with a
  figure is what it counts, not a new speaker (``China accounted for 20.1% ...``: :func:`_counted_entity`); a
  body's own channel (``according to its website``) is the body ``its`` refers to; a figure inside a
  quotation is the speaker's (``quote-speaker``); a paragraph
  that ends by introducing a speaker (``Mr Dixon said.``, ``She told the BBC:``) gives the next
  paragraph's quotation its speaker (``carried-over``); a quotation without any cue continues the previous one
  (``previous-speaker``). Further down an article: the sentence right after a report of figures whose subject
  is what is counted is its next detail (:func:`_next_detail`); a lede in which a named source reports figures
  governs the later sentences whose subject is a measure it reports of itself (:func:`_lede_results`); a lede
  citing an unnamed report cites the report named later (:func:`_name_lede_reports`).
* **names** - a source or speaker written short is given the full name the article spells out (``B&B`` ->
  Bradford & Bingley: :func:`full_name`); a name the parser left off a subjectless cue is still its subject
  (:func:`_stray_subject`).

Guards: a sign-off word (``Thanks``, ``Hope``) is never a speaker, and a speaker stops at its first
comma (``Goldman Sachs, 2013 IBD Ceo Annual Conference`` -> Goldman Sachs).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from newslab.data import load_json

HOW = (
    "cue-subject",
    "according-to",
    "apposition",
    "pronoun",
    "role-noun",
    "carried-over",
    "previous-speaker",
    "quote-speaker",
    "none",
)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
OTHER_PRONOUNS = frozenset({"it", "they", "we", "i", "them", "us", "this", "that"})
_PRONOUNS = PERSON_PRONOUNS | OTHER_PRONOUNS
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_DEFINITE = frozenset({"the", "this", "that"})
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "OUTLET", "FAC", "LOC"})
_BODY_ENTS = frozenset({"ORG", "NORP", "GPE", "OUTLET"})
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "OUTLET"})
_PLACE_ENTS = frozenset({"GPE", "NORP", "LOC"})
_FIGURE_ENTS = frozenset({"MONEY", "CARDINAL", "PERCENT", "QUANTITY"})
# Names that author a report when they modify it ("Labor Department figures"); a place or nationality only
# qualifies it ("a US report").
_AUTHOR_ENTS = frozenset({"ORG", "PERSON", "OUTLET"})
# A phrase stops before these: "Ukraine's ambassador to South Korea, who ..." -> "Ukraine's ambassador to South Korea".
_PHRASE_STOP_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "punct", "parataxis", "mark"})
# How a figure's clause hangs off a reporting word: its content ("said [that] ...", "reported 300 deaths",
# "accusations that ..."), not an adverbial ("warned ... hours after ...").
_REPORTED_VIA_VERB = frozenset({"ccomp", "xcomp", "dobj", "parataxis", "attr", "oprd", "nsubjpass"})
_REPORTED_VIA_NOUN = frozenset({"acl", "relcl", "prep"})
# Prepositions by which a figure completes a reporting verb ("estimated the cost at $5bn", "showed exports down to
# $95bn"), and the marks of a clause that continues a report's content ("..., while imports grew to $155bn").
_FIGURE_PREPOSITIONS = frozenset({"at", "to", "down", "up", "from", "by"})
_CONTENT_MARKS = frozenset({"while", "whereas", "whilst"})
# What may follow the verb of a sentence that only introduces a speaker: "Mr Dixon told the BBC on Monday:".
_INTRO_TAIL_DEPS = frozenset(
    {"punct", "dobj", "dative", "prep", "pobj", "det", "compound", "poss", "case", "amod", "npadvmod", "advmod"}
    | {"nummod", "dep"}
)
_QUOTE_CHARS = frozenset("\"“”‘’'«»`")
#: Quote marks that are never an apostrophe.
_DOUBLE_QUOTE_CHARS = _QUOTE_CHARS - {"'", "’"}
_PRONOUN_FORM = {"he": "he", "him": "he", "she": "she", "her": "she"}
_LISTENER_VERBS = frozenset({"tell", "inform", "brief"})  # their passive subject is told, it does not speak
_MAX_CHAIN_SENTENCES = 12  # how far a chain of the same pronoun may carry back to its name


@dataclass(frozen=True)
class Cues:
    """The attribution lexicon (``data/attribution_cues.json``), compiled once."""

    quote_verbs: frozenset[str]
    figure_verbs: frozenset[str]
    figure_object_verbs: frozenset[str]
    speaker_verbs: frozenset[str]
    report_participles: frozenset[str]
    speaker_nouns: frozenset[str]
    reporting_nouns: frozenset[str]
    source_prepositions: frozenset[str]
    according_to: tuple[tuple[str, ...], ...]
    role_nouns: frozenset[str]
    sign_offs: frozenset[str]
    min_words_without_cue: int
    antecedent_sentences: int
    carry_sentences: int
    carry_paragraph_sentences: int
    body_nouns: frozenset[str] = frozenset()
    channel_nouns: frozenset[str] = frozenset()
    reported_measures: frozenset[str] = frozenset()
    respondent_participles: frozenset[str] = frozenset()

    @property
    def all_verbs(self) -> frozenset[str]:
        return self.quote_verbs | self.figure_verbs

    def is_reporting_noun(self, tok: Token) -> bool:
        """``statement``, ``report``, ``data`` (lemmatised "datum", so the word as written counts too)."""
        return tok.lemma_.lower() in self.reporting_nouns or tok.lower_ in self.reporting_nouns


def build_cues(data: dict[str, Any]) -> Cues:
    """Compile the JSON lexicon; a verb applies to ``quotes``, ``figures``, ``both`` or only names a ``speaker``."""
    verbs: dict[str, str] = data["verbs"]
    bad = sorted(v for v, use in verbs.items() if use not in ("quotes", "figures", "both", "speaker"))
    if bad:
        raise ValueError(f"attribution_cues.json: verbs {bad} must apply to 'quotes', 'figures', 'both' or 'speaker'")
    figure_verbs = frozenset(v for v, use in verbs.items() if use in ("figures", "both"))
    object_verbs = frozenset(data.get("figure_object_verbs", figure_verbs))
    if object_verbs - figure_verbs:
        unknown = sorted(object_verbs - figure_verbs)
        raise ValueError(f"attribution_cues.json: figure_object_verbs {unknown} are not verbs for figures")
    return Cues(
        quote_verbs=frozenset(v for v, use in verbs.items() if use in ("quotes", "both")),
        figure_verbs=figure_verbs,
        figure_object_verbs=object_verbs,
        speaker_verbs=frozenset(verbs),
        report_participles=figure_verbs | frozenset(data.get("report_participles", [])),
        speaker_nouns=frozenset(data["speaker_nouns"]),
        reporting_nouns=frozenset(data["reporting_nouns"]),
        source_prepositions=frozenset(data["source_prepositions"]),
        according_to=tuple(tuple(p.split()) for p in data["according_to"]),
        role_nouns=frozenset(data["role_nouns"]),
        sign_offs=frozenset(data["sign_offs"]),
        min_words_without_cue=int(data["min_words_without_cue"]),
        antecedent_sentences=int(data["antecedent_sentences"]),
        carry_sentences=int(data["carry_sentences"]),
        carry_paragraph_sentences=int(data.get("carry_paragraph_sentences", 0)),
        body_nouns=frozenset(data.get("body_nouns", ())),
        channel_nouns=frozenset(data.get("channel_nouns", ())),
        reported_measures=frozenset(data.get("reported_measures", ())),
        respondent_participles=frozenset(data.get("respondent_participles", ())),
    )


@cache
def load_cues() -> Cues:
    """The packaged lexicon, loaded once per process."""
    return build_cues(load_json("attribution_cues.json"))


@dataclass(frozen=True)
class Attribution:
    """Who a quotation or figure is attributed to: ``name`` to group by, ``text`` as written, and ``how``."""

    name: str = ""
    text: str = ""
    how: str = "none"
    cue: str = ""

    def __bool__(self) -> bool:
        return bool(self.name)

    def as_(self, how: str, text: str | None = None) -> Attribution:
        return Attribution(self.name, self.text if text is None else text, how, self.cue)

    def named(self, name: str) -> Attribution:
        return Attribution(name, self.text, self.how, self.cue)


NONE = Attribution()


# --------------------------------------------------------------------------- phrases and names


def phrase_bounds(tok: Token) -> tuple[int, int]:
    """Token bounds (inclusive) of the minimal noun phrase headed by ``tok``.

    Its left modifiers and its prepositional tail; stops before relative clauses, participles,
    and commas, so "Ukraine's ambassador to South Korea, who ..." gives "Ukraine's
    ambassador to South Korea". A phrase never reaches back over a line break (a headline glued on
    by the parser).
    """
    doc = tok.doc
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        if child.dep_ in _PHRASE_STOP_DEPS and child.text not in {"(", ")"}:
            break
        right = child.right_edge.i
    for k in range(tok.i + 1, right + 1):
        if "\n" in doc[k].text or "\n" in doc[k - 1].whitespace_:
            right = k - 1
            break
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


def inside(tok: Token, claim: range) -> bool:
    """Whether the phrase headed by ``tok`` contains the tokens ``claim`` ("Three officials said ...")."""
    left, right = phrase_bounds(tok)
    return left <= claim.stop - 1 and claim.start <= right


_BODY_NAME_LABELS = frozenset({"ORG", "FAC"})
_COUNTRY_LABELS = frozenset({"NORP", "GPE"})


def entity_name(ent: Span) -> str:
    """An entity as a name: without a leading article or punctuation ("the Kremlin" -> "Kremlin") and
    without a trailing possessive or punctuation ("Russia's" -> "Russia"). Shared with the claims.

    A body keeps the country or people written right before it as its modifier, which the small model
    tags as a separate entity: "the South Korean General Staff Command", "the US State Department" name
    whose command or department it is."""
    start = ent.start
    if ent.label_ in _BODY_NAME_LABELS or ent and ent[0].ent_type_ in _BODY_NAME_LABELS:
        before = ent.doc[start - 1] if start > 0 else None
        if (
            before is not None
            and before.ent_type_ in _COUNTRY_LABELS
            and before.dep_ in ("compound", "amod")
            and ent.start <= before.head.i < ent.end
        ):
            country = entity_of(before)
            start = country.start if country is not None else start
    words = list(ent.doc[start : ent.end])
    while words and (words[0].lower_ in ("the", "a", "an") or words[0].is_punct):
        words = words[1:]
    while words and (words[-1].lower_ in ("'s", "’s") or words[-1].is_punct):
        words = words[:-1]
    return ent.doc[words[0].i : words[-1].i + 1].text if words else ent.text


def entity_of(tok: Token) -> Span | None:
    """The entity span ``tok`` is part of, read from the IOB tags around it (no scan of ``doc.ents``)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _np(token: Token) -> str:
    """The name part of a noun phrase: its left modifiers and the head, as written (no relative clauses,
    no prepositional tail; for a proper name only its compound/flat/adjective modifiers)."""
    doc = token.doc
    if token.pos_ == "PROPN" or token.ent_type_:
        deps = ("compound", "flat", "amod")
        left = min((t.i for t in token.lefts if t.dep_ in deps), default=token.i)
    else:
        left = token.left_edge.i
    while left < token.i and (
        doc[left].is_punct or doc[left].is_space or doc[left].dep_ == "det" and token.pos_ == "PROPN"
    ):
        left += 1
    for k in range(token.i - 1, left - 1, -1):
        if "\n" in doc[k].text or "\n" in doc[k].whitespace_:
            left = k + 1
            break
    return doc[left : token.i + 1].text


def _clean(name: str, cues: Cues) -> str:
    """A speaker name stops at its first comma and is never a sign-off word."""
    name = name.split(",")[0].strip(" '\"“”‘’")
    if not name or name.lower() in cues.sign_offs or all(not c.isalnum() for c in name):
        return ""
    return name


def _phrase_people(subject: Token, cues: Cues) -> list[Span]:
    """The people named in the phrase headed by ``subject`` or in its apposition (``X, general secretary of
    Y,`` / ``the group's president, X,``), leaving out those who only modify it: an owner (``1Xtra's G Money``,
    ``Jackson's lawyer``; a spokesman's owner does count, he speaks for it), an adjective (``the
    Oscar-nominated actor``) and, after a head that is neither a role nor a spokesman, a prepositional tail
    (``the privatisation of companies such as Yukos``)."""
    doc = subject.doc
    left, right = phrase_bounds(subject)
    lemma = subject.lemma_.lower()
    tail_counts = subject.pos_ != "NOUN" or lemma in cues.role_nouns or lemma in cues.speaker_nouns
    modifiers = {"amod"} | ({"poss"} if lemma not in cues.speaker_nouns else set())
    modifiers |= set() if tail_counts else {"prep"}
    excluded = {t.i for child in subject.children if child.dep_ in modifiers for t in child.subtree}
    tokens = [i for i in range(left, right + 1) if i not in excluded]
    tokens += [t.i for a in subject.rights if a.dep_ == "appos" for t in a.subtree]
    found = {entity_of(doc[i]) for i in tokens if doc[i].ent_type_ == "PERSON"}
    return sorted((e for e in found if e is not None), key=lambda e: e.start)


def name_of(subject: Token, cues: Cues | None = None) -> Attribution:
    """The name a cue's subject phrase gives, as written and how it was picked out (see the module doc)."""
    cues = cues or load_cues()
    left, right = phrase_bounds(subject)
    doc = subject.doc
    text = doc[left : right + 1].text
    lemma = subject.lemma_.lower()
    lower = subject.lower_
    if lower in PERSON_PRONOUNS or lower in OTHER_PRONOUNS:
        return Attribution(subject.text, subject.text, "pronoun")
    extra = [c for c in subject.rights if c.dep_ == "appos"]
    people = _phrase_people(subject, cues)
    if people:
        own = [e for e in people if e.start <= subject.i < e.end]
        # "The Bishop of Durham, the Rt Rev Dr Tom Wright,": the apposition's head is the name, not its titles.
        named = [e for e in people if any(e.start <= a.i < e.end for a in extra)]
        ent = (own or named or [min(people, key=lambda e: abs(e.start - subject.i))])[0]
        name = _clean(entity_name(ent), cues)
        if name:
            return Attribution(name, text, "cue-subject" if own else "apposition")
    if lemma in cues.speaker_nouns or lemma in cues.role_nouns:
        appositions = extra + [doc[i] for i in range(left, right + 1) if doc[i].dep_ == "appos"]
        named = [a for a in appositions if a.pos_ == "PROPN" and a.ent_type_ not in _BODY_ENTS]
        if named:  # "A spokesman for DLF Builders, Dr Vancheshwar, said", "the rapper's lawyer Ron Rakosky"
            name = _clean(_np(named[0]), cues)
            if name:
                return Attribution(name, text, "apposition")
    if lemma in cues.speaker_nouns:
        bodies = [
            e
            for e in {entity_of(doc[i]) for i in range(left, right + 1) if doc[i].ent_type_ in _BODY_ENTS}
            if e is not None
        ]
        if bodies:
            ent = min(bodies, key=lambda e: abs(e.start - subject.i))
            return Attribution(_clean(entity_name(ent), cues), text, "apposition")
    if cues.is_reporting_noun(subject):
        author = report_author(subject, cues)
        if author is not None:
            inner = name_of(author, cues)
            return Attribution(inner.name, text, "apposition" if inner.name else "none")
    ent = entity_of(subject)
    if ent is not None and subject.ent_type_ in _NAME_ENTS:  # entity_of's span has no label of its own
        return Attribution(_clean(entity_name(ent), cues), text, "cue-subject")
    appositions = [doc[i] for i in range(left, right + 1) if doc[i].dep_ == "appos"] + [
        t for a in extra for t in a.subtree if t.dep_ == "appos"
    ]
    named_appos = [e for a in appositions if a.ent_type_ in _NAME_ENTS and (e := entity_of(a)) is not None]
    if named_appos and subject.pos_ != "PROPN":  # "One of the jilted bidders, Netherlands-based group LNM, said"
        name = _clean(entity_name(named_appos[0]), cues)
        if name:
            return Attribution(name, text, "apposition")
    name = _clean(_np(subject), cues)
    return Attribution(name, text, "cue-subject" if name else "none")


def report_author(noun: Token, cues: Cues | None = None) -> Token | None:
    """Who a reporting noun's statement or count is by: its ``from``/``by`` complement (``a statement from
    the ministry``, ``a report by X``), the agent of a participle on it (``figures published by X``, ``the
    highest total recorded by X``), its owner (``the ministry's figures``, ``X's report``), or a name
    modifying it (``Labor Department figures``, ``a Toshiba study``)."""
    cues = cues or load_cues()
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in cues.source_prepositions:
            objects = [t for t in child.children if t.dep_ == "pobj"]
            if objects:
                return objects[0]
        if child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_.lower() in cues.report_participles:
            agents = [g for a in child.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
            if agents:
                return agents[0]
        if child.dep_ == "poss" and child.i < noun.i and child.pos_ != "PRON" and is_named(child):
            return child
    if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in cues.report_participles:
        # "The survey of 2,000 consumers was carried out by consultancy group X"
        agents = [g for a in noun.head.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        if agents:
            return agents[0]
    names = [c for c in noun.lefts if c.dep_ in ("compound", "nmod") and c.ent_type_ in _AUTHOR_ENTS]
    return names[-1] if names else None


def is_named(tok: Token) -> bool:
    """Whether a source phrase names someone (an entity or a proper name), not a kind (``employment tribunals``)."""
    left, right = phrase_bounds(tok)
    return any(t.ent_type_ in _NAME_ENTS or t.pos_ == "PROPN" for t in tok.doc[left : right + 1])


def appositive_name(head: Token) -> str:
    """The name set beside an unnamed source noun: ``the industry watchdog, Ofcom,`` -> Ofcom; ``its parent
    company, Acme Holdings,`` -> Acme Holdings. From the parse (an ``appos`` child that is a name) or, when the
    parser hangs the name elsewhere, from the surface: the noun phrase, a comma, a body's or person's entity,
    then a comma or the sentence's end. Empty when the noun's own phrase already names a body or person (a place
    or nationality only qualifies it: ``US researchers, Pew Internet,`` -> Pew Internet)."""
    left, right = phrase_bounds(head)
    if head.pos_ != "NOUN" or any(t.ent_type_ in _AUTHOR_ENTS for t in head.doc[left : right + 1]):
        return ""
    for child in head.rights:
        if child.dep_ == "appos" and (child.ent_type_ in _AUTHOR_ENTS or child.pos_ == "PROPN"):
            ent = entity_of(child)
            return entity_name(ent) if ent is not None else _np(child)
    doc = head.doc
    comma = phrase_bounds(head)[1] + 1
    if comma + 1 >= len(doc) or doc[comma].text != "," or doc[comma + 1].ent_iob_ != "B":
        return ""
    ent = entity_of(doc[comma + 1])
    if ent is None or doc[comma + 1].ent_type_ not in _AUTHOR_ENTS or ent.sent != head.sent:
        return ""
    closed = ent.end >= len(doc) or doc[ent.end].text in {",", ")", ".", ";"}
    return entity_name(ent) if closed else ""


def source_name(tok: Token, cues: Cues | None = None) -> Attribution:
    """:func:`name_of` for a figure's source, where an unnamed source noun (or a report's unnamed author) gives
    way to the name set beside it (:func:`appositive_name`, ``apposition``)."""
    cues = cues or load_cues()
    att = name_of(tok, cues)
    holder: Token | None = tok
    if cues.is_reporting_noun(tok):
        holder = report_author(tok, cues)
    named = appositive_name(holder) if holder is not None else ""
    return Attribution(named, att.text, "apposition", att.cue) if named else att


# --------------------------------------------------------------------------- cues and their subjects


def cue_subject(cue: Token) -> Token | None:
    """The subject of a cue verb: its ``nsubj``, the agent of a passive, or what a relative ``who`` stands for."""
    subjects = [c for c in cue.children if c.dep_ in _SUBJECTS]
    if not subjects:
        agents = [c for c in cue.children if c.dep_ == "agent"]
        subjects = [g for a in agents for g in a.children if g.dep_ == "pobj"]
    if not subjects:
        return None
    subject = subjects[0]
    nearest = min(subjects, key=lambda s: abs(s.i - cue.i))
    if nearest.i > subject.i and any(t.pos_ in ("VERB", "AUX") for t in cue.doc[subject.i : nearest.left_edge.i]):
        # Two subjects with a clause between them misparse "Music ... are hoarded, a Toshiba study found": the one
        # next to the cue speaks (not so for an apposition: "Rhodri Glyn Thomas, Plaid Cymru health spokesman, said").
        subject = nearest
    if subject.lower_ in _RELATIVE_PRONOUNS and cue.dep_ == "relcl":
        return cue.head  # "intelligence services who reported that ..."
    if subject.i < cue.i - 1 and any("\n" in t.text for t in cue.doc[subject.i : cue.i]):
        # A headline glued onto the sentence by the parser: the subject is the noun right before the cue.
        before = cue.doc[cue.i - 1]
        if before.pos_ in ("NOUN", "PROPN") and "\n" not in before.text:
            return before
    return subject


def _clause_subject(cue: Token) -> Token | None:
    """The subject of the clause a subjectless cue continues: ``X welcomed it, adding: ...``."""
    token = cue
    for _ in range(3):
        if token.dep_ not in ("advcl", "conj", "xcomp") or token.head is token:
            return None
        token = token.head
        subject = cue_subject(token)
        if subject is not None:
            return subject
    return None


def _inverted_subject(cue: Token) -> Token | None:
    """The speaker after the cue verb (``said the ministry``), which the parser often labels as an object."""
    for child in cue.rights:
        if child.dep_ in ("dobj", "attr", "nsubj", "npadvmod") and child.pos_ in ("NOUN", "PROPN"):
            return child
    return None


def _stray_subject(cue: Token) -> Token | None:
    """The name the parser did not attach to a subjectless cue: right after it (``On average, said Mr Macklin,
    users ...``, where ``Macklin`` went to the next verb) or right before it past its auxiliaries and a parenthesis
    between dashes or commas (``Mr Yushchenko - keen to reassure investors - had said ...``) or an acronym in
    brackets (``..., the Office for National Statistics (ONS) said.``, the name taken as a conjunct)."""
    doc = cue.doc
    after = next((t for t in doc[cue.i + 1 : cue.i + 4] if t.dep_ not in ("det", "compound") and t.text != "Mr"), None)
    if after is not None and after.ent_type_ in _SPEAKER_ENTS and after.pos_ == "PROPN":
        name = entity_of(after)
        closing = doc[name.end] if name is not None and name.end < len(doc) else None
        if closing is not None and closing.is_punct:  # "said Mr Macklin," not "believe Mr Howard must ..."
            return doc[name.end - 1]
    k = cue.i - 1
    while k >= 0 and (doc[k].pos_ in ("AUX", "ADV", "PART") or doc[k].is_space):
        k -= 1
    if k >= 0 and doc[k].text == ")":  # "the Office for National Statistics (ONS) said"
        opening = next((j for j in range(k - 1, max(-1, k - 6), -1) if doc[j].text == "("), None)
        k = opening - 1 if opening is not None else -1
    elif k >= 0 and doc[k].text in ("-", "–", "—", ","):  # a parenthesis: back to its opening mark
        mark = doc[k].text
        opening = next((j for j in range(k - 1, max(-1, k - 14), -1) if doc[j].text == mark), None)
        k = opening - 1 if opening is not None else -1
    same_sentence = k >= 0 and not any(doc[j].is_sent_start for j in range(k + 1, cue.i + 1))
    if same_sentence and doc[k].ent_type_ in _SPEAKER_ENTS and doc[k].pos_ == "PROPN":
        name = entity_of(doc[k])
        return name.root if name is not None else doc[k]  # "Office", not "Statistics" of its "for" phrase
    return None


def according_to(token: Token, cues: Cues | None = None) -> Token | None:
    """The object of an ``according to X`` / ``citing X`` phrase attached to ``token``."""
    cues = cues or load_cues()
    for child in token.children:
        for phrase in cues.according_to:
            if child.lower_ != phrase[0]:
                continue
            if len(phrase) == 1:  # "citing X": the object hangs off the word itself
                objects = [c for c in child.children if c.dep_ in ("pobj", "dobj")]
                if objects:
                    return objects[0]
                continue
            for to in child.children:
                if to.lower_ == phrase[1]:
                    objects = [c for c in to.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
    return None


# --------------------------------------------------------------------------- the document's context


@dataclass
class Context:
    """What one ``Doc`` says about attribution, computed once and shared by quotes and claims.

    ``sources``: every cue subject in document order, as (token index, attribution, is a person);
    ``carried``: sentence start -> the attribution governing that sentence from outside it;
    ``segments``: the quotation segments (:func:`newslab.annotate.quotes.find_quote_segments`), ``quoted``
    their (start, end).
    """

    doc: Doc
    text: str  # doc.text, which spaCy rebuilds on every access
    cues: Cues
    sentences: list[Span]
    sentence_starts: list[int]
    newlines: list[int]
    quoted: list[tuple[int, int]] = field(default_factory=list)
    sources: list[tuple[int, Attribution, bool]] = field(default_factory=list)
    carried: dict[int, Attribution] = field(default_factory=dict)
    governing: dict[int, Attribution] = field(default_factory=dict)  # sentence start -> its own governing source
    cue_tokens: list[int] = field(default_factory=list)
    segments: list[tuple[int, int, bool]] = field(default_factory=list)
    long_names: list[str] | None = None  # names of two or more words in the Doc, for :func:`full_name`
    full_names: dict[str, str] = field(default_factory=dict)  # :func:`full_name`'s answers: rows repeat names

    def in_quote(self, char: int) -> bool:
        k = bisect.bisect_right(self.quoted, (char, len(self.text) + 1)) - 1
        return k >= 0 and self.quoted[k][0] <= char < self.quoted[k][1]

    def paragraph(self, char: int) -> int:
        return bisect.bisect_right(self.newlines, char)

    def sentence_index(self, token_i: int) -> int:
        return bisect.bisect_right(self.sentence_starts, token_i) - 1

    def sent_of(self, token_i: int) -> Span:
        """The sentence of token ``token_i`` (``Token.sent`` walks the whole Doc on every call)."""
        return self.sentences[self.sentence_index(token_i)]


_last_context: list[Context] = []  # one slot: quotes and claims of the same Doc share it, nothing else is kept


def context(doc: Doc, cues: Cues | None = None) -> Context:
    """The attribution context of ``doc``, built once for the extractors that run on it one after the other.

    Kept in a one-slot cache rather than on the Doc (``Doc._``), so that no reference cycle keeps Docs alive.
    """
    if _last_context and _last_context[0].doc is doc and (cues is None or _last_context[0].cues is cues):
        return _last_context[0]
    ctx = _build_context(doc, cues or load_cues())
    _last_context[:] = [ctx]
    return ctx


def _build_context(doc: Doc, cues: Cues) -> Context:
    from newslab.annotate.quotes import find_quote_segments  # quotes imports this module

    text = doc.text
    sentences = list(doc.sents) if len(doc) else []
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    segments = find_quote_segments(text)
    quoted = [(s, e) for s, e, _ in segments]
    ctx = Context(doc, text, cues, sentences, [s.start for s in sentences], newlines, quoted, segments=segments)
    verbs = cues.all_verbs
    according_first = {p[0] for p in cues.according_to}
    for tok in doc:
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in verbs and not ctx.in_quote(tok.idx):
            ctx.cue_tokens.append(tok.i)
            subject = cue_subject(tok)
            if subject is not None and subject.lower_ not in _PRONOUNS and _states(tok, cues):
                # A role ("says the DJ") is kept as the person it names, for the pronouns that fall back on it.
                _add_source(ctx, subject, _resolve_role(name_of(subject, cues), subject, ctx,
                                                        sentences=cues.antecedent_sentences))
        elif tok.lower_ in according_first:
            obj = according_to(tok.head, cues)
            if obj is not None:
                _add_source(ctx, obj, name_of(obj, cues).as_("according-to"))
    _carry_over(ctx)
    return ctx


def _states(cue: Token, cues: Cues) -> bool:
    """Whether a cue verb states something: not "the market would continue to grow" (an infinitive complement
    of a speech-only verb), whose subject is no source for a later "it"."""
    return cue.lemma_.lower() in cues.figure_verbs or not any(c.dep_ == "xcomp" for c in cue.children)


def _add_source(ctx: Context, tok: Token, att: Attribution) -> None:
    """Record a named source; ``the report`` is recorded as the report named before it refers to."""
    if _is_bare_report(tok, ctx.cues):
        found = _report_antecedent(ctx, tok.i)
        att = Attribution(found.name, att.text, "role-noun", att.cue) if found else att
    if att:
        ctx.sources.append((tok.i, att, _is_person(tok, ctx.cues) or _unnamed_speaker(tok, ctx.cues)))


def _unnamed_speaker(tok: Token, cues: Cues) -> bool:
    """A speaker introduced by an indefinite article (``a haggard-looking prisoner says``, ``a witness told``):
    someone the reader has not met, so a person whatever the noun, unless the noun names a body or a
    document (``a company said``, ``a report says``). No noun list could hold every such speaker."""
    return (
        tok.tag_ == "NN"
        and not tok.ent_type_
        and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)
        and tok.lemma_.lower() not in cues.body_nouns
        and not cues.is_reporting_noun(tok)
    )


def _is_person(tok: Token, cues: Cues | None = None) -> bool:
    """Whether the phrase headed by ``tok`` names a person: a PERSON entity in it, a proper name that is not
    a body's, or a singular role noun (``the minister``, ``a spokesman``)."""
    cues = cues or load_cues()
    if _phrase_people(tok, cues) or _is_age_reference(tok):
        return True
    role = tok.lemma_.lower() in cues.role_nouns and tok.tag_ in ("NN", "NNP")
    if role and (not tok.ent_type_ or (entity_of(tok) is not None and len(entity_of(tok)) == 1)):
        return True  # "the Cardinal", "the DJ", which the small model sometimes tags as an ORG
    if tok.ent_type_ in _BODY_ENTS:
        return False
    if tok.pos_ == "PROPN":
        return tok.tag_ == "NNP"
    return tok.tag_ == "NN" and tok.lemma_.lower() in cues.role_nouns | cues.speaker_nouns


def _sentence_source(sent: Span, ctx: Context) -> tuple[Attribution, str, bool]:
    """An attribution that governs the whole sentence, which kind, and whether it names someone (a name or a
    named report, not ``official figures``). Kinds: ``according to X`` on its main clause (``according``), or
    ``reported``: its root a reporting verb with a content clause (``X said that ...``), a figure verb with its
    object (``Figures from X showed exports down ...``), or a "be" whose subject or complement is a named report
    (``The government's argument was that ...``, ``It is the highest total recorded by X``); ``trailing``: a
    ``..., X has said.`` closing its main clause. A described body or person (``The global sports giant said``)
    and ``the report`` are resolved to whom they refer back to, as for a figure in the sentence."""
    cues = ctx.cues
    root = sent.root
    obj = according_to(root, cues)
    if obj is not None:
        return _governing(obj, source_name(obj, cues).as_("according-to"), "according", ctx)
    lemma = root.lemma_.lower()
    content = {c.dep_ for c in root.children}
    if lemma in cues.figure_verbs and not _sums_up(root) and (
        "ccomp" in content or "dobj" in content and lemma in cues.figure_object_verbs
    ):
        subject = cue_subject(root) or _stray_subject(root)
        named = subject is not None and (not cues.is_reporting_noun(subject) or _named_report(subject, cues))
        counted = subject is not None and any(t.like_num for t in subject.subtree)  # "Half of 2,000 people surveyed"
        if named and not counted and subject.lower_ not in _PRONOUNS:
            return _governing(subject, source_name(subject, cues), "reported", ctx)
    if lemma == "be":
        for noun in (c for c in root.children if c.dep_ in ("nsubj", "attr")):
            if cues.is_reporting_noun(noun) and _named_report(noun, cues):
                return source_name(noun, cues), "reported", True
    trailing = _trailing_cue(root, cues)
    if trailing is not None:
        return _governing(trailing, source_name(trailing, cues), "trailing", ctx)
    return NONE, "", False


def _governing(tok: Token, att: Attribution, kind: str, ctx: Context) -> tuple[Attribution, str, bool]:
    """A sentence's governing source, resolved (:func:`_resolve_figure`); one resolved to a name names someone."""
    resolved = _resolve_figure(att, tok, ctx)
    named = _names_source(tok, ctx.cues) or (resolved.how in ("role-noun", "pronoun") and bool(resolved.name))
    return (resolved.as_(att.how) if att.how == "according-to" else resolved), kind, named


def _trailing_cue(root: Token, cues: Cues) -> Token | None:
    """The named subject of a reporting verb that closes the main clause without content of its own: ``Nearly
    two million people could be thrown into poverty, the Asian Development Bank has said.``"""
    for child in root.children:
        if (
            child.i > root.i
            and child.dep_ in {"parataxis", "ccomp"}
            and child.lemma_.lower() in cues.figure_verbs
            and not any(c.dep_ in {"ccomp", "dobj", "xcomp"} for c in child.children)
        ):
            subject = cue_subject(child) or _inverted_subject(child)
            if subject is not None and subject.lower_ not in _PRONOUNS:
                return subject
    return None


def _names_source(tok: Token, cues: Cues) -> bool:
    """Whether a source phrase names a body or person (not only a place or nationality: ``The Australian firm``),
    directly, as a report's author, or in apposition."""
    holder = report_author(tok, cues) if cues.is_reporting_noun(tok) else tok
    if holder is None:
        return False
    left, right = phrase_bounds(holder)
    words = holder.doc[left : right + 1]
    named = any(t.ent_type_ in _AUTHOR_ENTS or t.pos_ == "PROPN" and t.ent_type_ not in _PLACE_ENTS for t in words)
    return named or bool(appositive_name(holder))


def _same_topic(
    sent: Span,
    report: Span,
    source: Attribution,
    pronoun_ok: bool = True,
    topic: frozenset[str] = frozenset(),
    data: bool = False,
) -> bool:
    """Whether ``sent`` goes on about what the sentence ``report`` reported: its subject points back (``They``,
    ``This``), or it repeats one of its nouns (``... 10,000 containers ... The containers held ...``) without
    a new actor (``Universal is to start producing films ...`` after ``Disney said its films ...``). ``topic``: nouns
    of the report's details so far. For a ``data`` report (a named report of figures) also a named subject the
    report counted (:func:`_counted_entity`), or a sentence with a figure naming what the report named."""
    subject = _main_subject(sent)
    if subject is not None and subject.lower_ in OTHER_PRONOUNS - {"i", "we", "us"}:
        return pronoun_ok
    if subject is not None and subject.ent_type_ in _NAME_ENTS and subject.text not in source.name:
        return data and _counted_entity(subject, sent, report)
    nouns = _nouns(report) | topic  # the report, and what its details so far were about
    if any(t.pos_ == "NOUN" and t.lemma_.lower() in nouns for t in sent):
        return True
    # A data report's detail names what the report counted: "Japan's trade with China ... reached 22,201bn yen"
    # after a report on China and Japan (two names: one, such as the country of the story, is everywhere).
    shared = _entity_names(sent) & (_entity_names(report) - {source.name})
    return data and _has_figure(sent) and len(shared) >= 2


def _main_subject(sent: Span) -> Token | None:
    """The subject of the sentence's main verb, if any."""
    root = sent.root
    return next((t for t in sent if t.dep_ in _SUBJECTS and t.head.i == root.i), None)


def _nouns(span: Span) -> frozenset[str]:
    return frozenset(t.lemma_.lower() for t in span if t.pos_ == "NOUN" and not t.is_stop)


def _has_figure(sent: Span) -> bool:
    """A number in the sentence that is not a date, time or ordinal (a count, an amount, a percentage; also glued:
    "22,201bn", which is no ``like_num`` token)."""
    return any(
        t.like_num and t.ent_type_ not in {"DATE", "TIME", "ORDINAL"}
        or t.ent_type_ in _FIGURE_ENTS and any(ch.isdigit() for ch in t.text)  # not "a meter" (QUANTITY)
        for t in sent
    )


def _entity_names(span: Span) -> set[str]:
    return {entity_name(e) for e in span.ents if e.label_ in _NAME_ENTS}


def _counted_entity(subject: Token, sent: Span, report: Span) -> bool:
    """Whether a named subject is what a data report counts rather than a new speaker: the sentence gives a figure
    and the report already named the subject (``China overtook the US ..., according to numbers released by X.``
    / ``China accounted for 20.1% of the trade.``). A name the report did not mention is a new actor."""
    ent = entity_of(subject)
    name = entity_name(ent) if ent is not None else subject.text
    return _has_figure(sent) and name in _entity_names(report)


def _carry_over(ctx: Context) -> None:
    """Sentences attributed from outside: after ``according to X`` (same paragraph, a few sentences, until a
    sentence with its own attribution); after ``X said that ...`` likewise, while the sentences go on about
    what X said (:func:`_same_topic`); and before ``X reported that ...``. An attribution that opens its
    paragraph and governs it to its end goes on into the next paragraph(s) (:func:`_carry_across`)."""
    sents, cues = ctx.sentences, ctx.cues
    own = _name_lede_reports(ctx, [_sentence_source(s, ctx) for s in sents])
    ctx.governing = {s.start: att for s, (att, _, _) in zip(sents, own, strict=True) if att}
    for k, (att, kind, named) in enumerate(own):
        if not att:
            continue
        para = ctx.paragraph(sents[k].start_char)
        last = k
        # A named report of figures may give its details over more sentences of its paragraph (each on its topic).
        # (or whose next sentence gives the figures: "November saw an improvement in exports, the ONS said. EU
        # exports rose 2%, ...")
        gives_figures = _reports_figures(sents[k], cues) or (
            k + 1 < len(sents) and not own[k + 1][0] and _has_figure(sents[k + 1])
            and ctx.paragraph(sents[k + 1].start_char) == para
        )
        data_report = named and gives_figures and not _has_quotation(sents[k], ctx)
        reach = max(cues.carry_sentences, cues.carry_paragraph_sentences if data_report else 0)
        skipped, topic = False, frozenset[str]()
        for n in range(k + 1, min(len(sents), k + 1 + reach)):
            if own[n][0] or ctx.paragraph(sents[n].start_char) != para:
                break
            beyond = n > k + cues.carry_sentences
            if beyond and (_has_own_source(sents[n], ctx) or _new_actor(sents[n], att, sents[k])):
                break
            on_topic = _same_topic(sents[n], sents[k], att, pronoun_ok=not skipped, topic=topic, data=data_report) or (
                data_report and n == k + 1 and _next_detail(sents[n], att, sents[k], ctx)
            )
            if (kind != "according" or beyond) and not on_topic:
                if data_report and not skipped and _passes_over(sents[n], ctx):
                    skipped, last = True, n
                    continue
                break
            ctx.carried.setdefault(sents[n].start, att.as_("carried-over"))
            skipped, last = False, n
            topic = topic | _nouns(sents[n]) if data_report else topic
        last = _carry_between(ctx, own, k, last, para, att)
        opens = k == 0 or ctx.paragraph(sents[k - 1].start_char) != para
        ends = last + 1 < len(sents) and ctx.paragraph(sents[last + 1].start_char) != para
        # A paragraph of quotation is followed by the writer's own voice, not by more of the speaker's report.
        quoted = any(_has_quotation(sents[n], ctx) for n in range(k, last + 1))
        if named and opens and ends and not quoted and gives_figures:
            _carry_across(ctx, own, k, last + 1, att)  # it governs its whole paragraph
        if kind == "reported" and k > 0 and not own[k - 1][0] and sents[k].root.i - sents[k].start <= 8:
            ctx.carried.setdefault(sents[k - 1].start, att.as_("carried-over"))
    _lede_results(ctx, own)


def _lede_paragraphs(ctx: Context) -> list[int]:
    """The first two paragraphs that hold a sentence: a headline line, then the lede."""
    return sorted({ctx.paragraph(s.start_char) for s in ctx.sentences})[:2]


def _name_lede_reports(
    ctx: Context, own: list[tuple[Attribution, str, bool]]
) -> list[tuple[Attribution, str, bool]]:
    """A lede that cites an unnamed report (``Consumers are worried about the tags, a survey says.``) cites the
    report the article names later (``The survey ... was carried out by consultancy group X``, ``..., the joint
    report from X and Y said``): the first later mention of a report noun with a named author, within the next
    ``carry_paragraph_sentences`` sentences."""
    sents, cues = ctx.sentences, ctx.cues
    lede_paragraphs = _lede_paragraphs(ctx)
    out = list(own)
    for k, sent in enumerate(sents):
        if ctx.paragraph(sent.start_char) not in lede_paragraphs:
            break
        report = next(
            (
                t
                for t in sent
                if t.dep_ in _SUBJECTS
                and cues.is_reporting_noun(t)
                and any(c.lower_ in ("a", "an") for c in t.children)
                and report_author(t, cues) is None
            ),
            None,
        )
        if report is None or own[k][2]:
            continue
        for later in sents[k + 1 : k + 1 + cues.carry_paragraph_sentences]:
            named = next((t for t in later if cues.is_reporting_noun(t) and _named_report(t, cues)), None)
            if named is not None:
                out[k] = (source_name(named, cues).as_("carried-over"), own[k][1] or "reported", True)
                break
    return out


def _lede_results(ctx: Context, own: list[tuple[Attribution, str, bool]]) -> None:
    """A lede in which a named source reports figures (``Ford, the US car company, reported higher profits``: one of
    the first two paragraphs' sentences) governs, anywhere below it, the sentences with no source, quotation or new
    named actor of their own whose subject is a measure the body reports of itself (``Total company vehicle unit
    sales in 2004 were 6,798,000``; ``reported_measures`` in the lexicon) or something the body owns (``Ford's auto
    unit made a pre-tax loss of $470m``): a results story is the body's report from its lede to its end. (Persons
    are not left out: the small model tags many companies as persons, "Ford" or "Ericsson".)"""
    sents, cues = ctx.sentences, ctx.cues
    paragraphs = _lede_paragraphs(ctx)
    lede = next(
        (
            (k, att)
            for k, (att, kind, named) in enumerate(own)
            if ctx.paragraph(sents[k].start_char) in paragraphs
            and named
            and kind in ("reported", "according", "trailing")
        ),
        None,
    )
    if lede is None:
        return
    k, att = lede
    for n in range(k + 1, len(sents)):
        sent = sents[n]
        if own[n][0] or sent.start in ctx.carried or not _has_figure(sent):
            continue
        if _has_own_source(sent, ctx) or _new_actor(sent, att, sents[k]) or _is_heading(sent, ctx):
            continue
        subject = _main_subject(sent)
        if subject is None:
            continue
        measure = subject.lemma_.lower() in cues.reported_measures and not subject.ent_type_
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        owned = owner is not None and owner.text.removesuffix("'s").removesuffix("’s") in att.name
        if (measure and (owner is None or owned or owner.ent_type_ in _PLACE_ENTS)) or owned:
            ctx.carried[sent.start] = att.as_("carried-over")


def _carry_between(
    ctx: Context, own: list[tuple[Attribution, str, bool]], k: int, last: int, para: int, att: Attribution
) -> int:
    """Sentences of the paragraph between two ``according to`` the same source (``According to the report by the
    FCC, ...`` ... ``..., according to the FCC figures.``) are that source's when none has a source of its own,
    however far apart; returns the last sentence the attribution now governs. (Not between two ``X said``: a
    company's statements enclose the writer's own account of its share price as often as more of its report.)"""
    sents = ctx.sentences
    if own[k][1] != "according":
        return last
    for m in range(last + 1, len(sents)):
        if ctx.paragraph(sents[m].start_char) != para:
            return last
        if own[m][0]:
            if own[m][0].name != att.name or own[m][1] != "according":
                return last
            for n in range(last + 1, m):
                ctx.carried.setdefault(sents[n].start, att.as_("carried-over"))
            return m
        if _has_own_source(sents[m], ctx):
            return last
    return last


def _carry_across(
    ctx: Context, own: list[tuple[Attribution, str, bool]], k: int, first: int, att: Attribution
) -> None:
    """``According to X, ...`` or ``X said ...`` governing the end of a paragraph also governs the next
    paragraph's sentences that continue the same report, from sentence ``first`` on: each must have no source
    of its own (no reporting verb with a subject, no ``according to``), no quotation, no new named actor as its
    subject, and stay on the topic of the report or of the sentence before it (:func:`_same_topic`, or a
    shared verb: ``... has risen ...`` / ``New loans rose to 83,000``). It stops at the first sentence that
    fails, at a heading-like line, and after ``carry_paragraph_sentences`` sentences."""
    sents = ctx.sentences
    previous = sents[first - 1]
    skipped = False
    topic = frozenset[str]().union(*(_nouns(sents[m]) for m in range(k, first)))  # the report's paragraph
    for n in range(first, min(len(sents), first + ctx.cues.carry_paragraph_sentences)):
        sent = sents[n]
        if own[n][0] or _has_own_source(sent, ctx) or _is_heading(sent, ctx) or _new_actor(sent, att, sents[k]):
            return
        on_topic = _same_topic(sent, sents[k], att, pronoun_ok=not skipped, topic=topic, data=True) or (
            not skipped and _same_topic(sent, previous, att, data=True)
        ) or (n == first and _next_detail(sent, att, sents[k], ctx))
        if not on_topic and not _shares_verb(sent, sents[k], ctx.cues):
            if skipped or not _passes_over(sent, ctx):
                return
            skipped = True  # background without a figure between the report's details
            continue
        ctx.carried.setdefault(sent.start, att.as_("carried-over"))
        previous, skipped, topic = sent, False, topic | _nouns(sent)


def _next_detail(sent: Span, source: Attribution, report: Span, ctx: Context) -> bool:
    """The sentence right after a report of figures gives a figure of its own, with no source, quotation or new
    named actor of its own: the next detail of the report, whatever its words (``X said it registered about 300
    disasters. Twenty-one thousand people lost their lives ...``), when its subject is what is counted: the figure
    itself (``Some 200 new jobs are to be created``) or a bare measure (``Revenues rose 11% to ...``). A subject
    with an article or a name is an actor of its own (``Meanwhile, the football club sold 5,000 tickets``)."""
    if not _has_figure(sent) or _new_actor(sent, source, report) or _has_own_source(sent, ctx):
        return False
    subject = _main_subject(sent)
    if subject is None:
        return False
    counted = any(t.like_num or t.ent_type_ in _FIGURE_ENTS for t in subject.subtree)
    bare = subject.pos_ == "NOUN" and not subject.ent_type_
    # "Revenues", "The UK's deficit" (a place's measure), not "the football club", "its rival's sales"
    owned = {c.i for c in subject.children if c.dep_ == "poss" and c.ent_type_ not in _PLACE_ENTS}
    bare = bare and not owned and not any(c.dep_ == "det" for c in subject.children)
    return counted or bare


def _passes_over(sent: Span, ctx: Context) -> bool:
    """A sentence without a figure and without a source of its own (a definition, a comment: ``ID theft occurs
    when ...`` between a body's figures) is not the report's, but one such sentence does not end the report;
    the sentence after it must then name the report's topic itself (not only a pronoun)."""
    return not _has_figure(sent) and not _has_own_source(sent, ctx)


def _has_own_source(sent: Span, ctx: Context) -> bool:
    """A reporting verb with a subject, an ``according to`` or a quotation anywhere in the sentence (``The
    figures contradict a survey from X, which said ...``): someone else may be speaking."""
    cues = ctx.cues
    if _has_quotation(sent, ctx):
        return True
    answers: set[int] = set()  # what a survey's respondents said, pronouns and all ("... surveyed said they feared")
    for tok in sent:
        speaks = tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues.speaker_verbs
        subject = cue_subject(tok) if speaks and not _sums_up(tok) and not _describes(tok, cues) else None
        if subject is not None and _respondents(subject, cues):
            answers |= {t.i for t in tok.subtree}
        elif subject is not None and tok.i not in answers:
            return True
        if according_to(tok, cues) is not None:
            return True
    return False


def _counts(subject: Token, claim: range) -> bool:
    """Whether the figure is part of the subject phrase itself (``More than half of 3,000 people``), not of a clause
    on it (``services, who reported that up to 11,000 ...``)."""
    clauses = {t.i for c in subject.children if c.dep_ in ("relcl", "acl", "appos") for t in c.subtree}
    return claim.start in {t.i for t in subject.subtree} - clauses


def _respondents(subject: Token, cues: Cues) -> bool:
    """A counted subject described as surveyed (``More than half of 2,000 people surveyed``): a survey's
    respondents, whose answers are the survey's finding rather than a new source."""
    words = list(subject.subtree)
    return any(t.like_num for t in words) and any(
        t.tag_ == "VBN" and t.lemma_.lower() in cues.respondent_participles for t in words
    )


def _describes(verb: Token, cues: Cues) -> bool:
    """A participle that only describes a noun other than a report (``the 246,570 fraud cases reported``, ``fraud
    reported by consumers``) is no new speaker of the sentence; ``figures compiled by X`` still is."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and not cues.is_reporting_noun(verb.head)


def _sums_up(verb: Token) -> bool:
    """``imports added up to 22,201bn yen``: a speech verb with the particle ``up`` sums an amount, says nothing."""
    return any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)


def _reports_figures(sent: Span, cues: Cues) -> bool:
    """Whether a sentence reports figures (a number, or a report such as ``figures``/``a survey``), so that the
    next paragraph's figures may be its details; a lede of opinion (``X said dance music is not dead``) is
    followed by the writer's background rather than more of X's report."""
    return _has_figure(sent) or any(t.pos_ == "NOUN" and cues.is_reporting_noun(t) for t in sent)  # also "£3.1bn"


def _has_quotation(sent: Span, ctx: Context) -> bool:
    """A quotation long enough to be speech in the sentence (a scare-quoted term such as "rogue-dialling" is not)."""
    start, end = sent.start_char, sent.end_char
    k = bisect.bisect_left(ctx.quoted, (start, -1))
    while k > 0 and ctx.quoted[k - 1][1] > start:
        k -= 1  # a quotation that opened before the sentence and runs into it
    for q_start, q_end in ctx.quoted[k:]:
        if q_start >= end:
            break
        if q_end > start and len(ctx.text[q_start:q_end].split()) >= ctx.cues.min_words_without_cue:
            return True
    return False


def _is_heading(sent: Span, ctx: Context) -> bool:
    """A short line without closing punctuation (a sub-heading) at the start of the sentence's paragraph."""
    text = ctx.text
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    line_end = text.find("\n", sent.start_char)
    line = text[line_start : line_end if line_end != -1 else len(text)].strip()
    return len(line.split()) <= 8 and not line.endswith((".", "!", "?", '"', "”", "'", "’"))


def _new_actor(sent: Span, source: Attribution, report: Span) -> bool:
    """The sentence's main subject is a name other than the source's (``Universal is to start ...``) and not what
    the report counts (:func:`_counted_entity`)."""
    subject = _main_subject(sent)
    named = subject is not None and (subject.ent_type_ in _NAME_ENTS or subject.pos_ == "PROPN")
    return named and subject.text not in source.name and not _counted_entity(subject, sent, report)


def _shares_verb(sent: Span, report: Span, cues: Cues) -> bool:
    """Whether the sentence repeats a content verb of the report (not a reporting or auxiliary verb)."""
    def verbs(span: Span) -> set[str]:
        return {t.lemma_.lower() for t in span if t.pos_ == "VERB" and not t.is_stop} - cues.speaker_verbs

    return bool(verbs(sent) & verbs(report))


# --------------------------------------------------------------------------- short names

_ACRONYM_FILLERS = frozenset({"of", "and", "the", "for", "&", "de", "du", "la"})


def full_name(name: str, ctx: Context) -> str:
    """The full form, spelled out elsewhere in the article, of a source or speaker written short: an acronym
    (``B&B`` -> ``Bradford & Bingley``, ``ADB`` -> ``Asian Development Bank``) or clipped words (``Lib Dems`` ->
    ``Liberal Democrats``). The reader has met the full name; a table grouped by source needs one spelling, and
    the corpus-wide canonical names (:mod:`newslab.annotate.canonical`) only fold spelling, not abbreviation.
    Unchanged when no name, or more than one, fits. Written here rather than with spaCy's abbreviation
    detectors (scispaCy's needs ``Long Form (LF)`` in the text; news often spells it out paragraphs apart)."""
    short = name.removeprefix("the ").removeprefix("The ").strip()
    if not short or " " not in short and not _is_acronym(short):
        return name
    if name not in ctx.full_names:
        if ctx.long_names is None:
            names = {entity_name(e) for e in ctx.doc.ents if e.label_ in _NAME_ENTS} | _proper_runs(ctx.doc)
            ctx.long_names = sorted(n for n in names if len(n.split()) >= 2)
        fits = {long for long in ctx.long_names if long != short and _abbreviates(short, long)}
        ctx.full_names[name] = fits.pop() if len(fits) == 1 else name
    return ctx.full_names[name]


def _proper_runs(doc: Doc) -> set[str]:
    """Runs of proper nouns (``Liberal Democrats``, ``Bradford & Bingley``), which the small model often tags
    as two entities or none."""
    runs: set[str] = set()
    run: list[Token] = []
    for tok in doc:
        joins = bool(run) and tok.text in ("&", "of") and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN"
        if tok.pos_ == "PROPN" or joins:
            run.append(tok)
            if "\n" not in tok.whitespace_:
                continue
        if len(run) >= 2:
            runs.add(doc[run[0].i : run[-1].i + 1].text)
        run = []
    if len(run) >= 2:
        runs.add(doc[run[0].i : run[-1].i + 1].text)
    return runs


def _is_acronym(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return 2 <= len(letters) <= 6 and all(ch.isupper() for ch in letters) and all(
        ch.isalpha() or ch in "&." for ch in word
    )


def _abbreviates(short: str, long: str) -> bool:
    words = [w for w in re.split(r"[\s-]+", long) if w and w.lower() not in _ACRONYM_FILLERS]
    if " " not in short:
        initials = "".join(w[0] for w in words if w[0].isalpha())
        return len(words) >= 2 and initials.upper() == "".join(ch for ch in short if ch.isalpha()).upper()
    clipped = [w.lower().removesuffix("s") for w in short.split()]
    return len(clipped) == len(words) and all(
        len(c) >= 3 and w.lower().startswith(c) for c, w in zip(clipped, words, strict=True)
    ) and len(short) + 3 <= len(long)


# --------------------------------------------------------------------------- coreference


def _person_before(ctx: Context, anchor: Token, sentences: int | None = None, named: bool = False) -> Attribution:
    """The nearest sentence (the anchor's own, then earlier ones) with a person as a subject outside
    quotation marks; in it the main clause's subject if a person, else the last person subject.

    A person is a PERSON entity in the subject phrase, a proper name that is not a body's, or a role noun
    (``the Cardinal``, ``a Labour Party spokesman``), which is then resolved itself. An embedded subject is
    rarely the one a following ``he`` continues: in ``Mr Johnson was asked why Mr Smith left. He replied:
    ...`` the speaker is Mr Johnson.
    """
    doc = anchor.doc
    k = ctx.sentence_index(anchor.i)
    end = anchor.i
    window = sentences or ctx.cues.antecedent_sentences
    same = _PRONOUN_FORM.get(anchor.lower_)
    budget, searched = window, 0
    cue_heads = set(ctx.cue_tokens)
    according = {i for i, att, _ in ctx.sources if att.how == "according-to" and i < anchor.i}
    while budget > 0 and k >= 0 and searched < _MAX_CHAIN_SENTENCES:
        sent = ctx.sentences[k]
        # Subjects and "according to" sources; in the anchor's own sentence not those inside what its verb
        # reports ('they could see Michael Howard "coming in the back door", he added').
        inside_content = set(range(anchor.head.left_edge.i, anchor.head.right_edge.i + 1)) if end == anchor.i else ()
        people = [
            t
            for t in doc[sent.start : end]
            if (t.dep_ in _SUBJECTS or t.i in according)
            and t.i not in inside_content
            and t.lower_ not in _PRONOUNS
            and not ctx.in_quote(t.idx)
            and (_is_person(t, ctx.cues) or t.head.i in cue_heads and _unnamed_speaker(t, ctx.cues))
            and (not named or _names_someone(t, ctx.cues))
        ]
        if people:
            main = [t for t in people if t.head.dep_ == "ROOT"]
            subject = (main or people)[-1]
            found = name_of(subject, ctx.cues)
            return _resolve_role(found, subject, ctx, sentences=window) if found.how != "pronoun" else NONE
        budget -= 1
        if same and any(
            _PRONOUN_FORM.get(t.lower_) == same and t.dep_ in _SUBJECTS and t.head.i in cue_heads
            for t in doc[sent.start : end]
        ):
            budget = window  # "he said ... he stressed ...": the same speaker's pronoun carries the chain back
        searched += 1
        k -= 1
        end = ctx.sentences[k].end if k >= 0 else 0
    return NONE


def _names_someone(tok: Token, cues: Cues) -> bool:
    """Whether a subject gives a person's name (``Mr Neeson``), not only a description (``the head of X``)."""
    return bool(_phrase_people(tok, cues)) or (tok.pos_ == "PROPN" and tok.ent_type_ not in _BODY_ENTS)


def _source_before(ctx: Context, anchor: int, person: bool | None) -> Attribution:
    """The nearest named source before token ``anchor`` (a person when ``person`` is true)."""
    for i, att, is_person in reversed(ctx.sources):
        if i < anchor and att.how != "pronoun" and (person is None or is_person == person):
            return att
    return NONE


def _nearest_body_or_source(ctx: Context, anchor: Token) -> Attribution:
    """For ``it``/``they``: the nearest earlier source, or subject naming a body (``The Food Union has
    called for ...``), in the last sentences, whichever is closer."""
    doc = anchor.doc
    first = ctx.sentences[max(0, ctx.sentence_index(anchor.i) - ctx.cues.antecedent_sentences + 1)].start
    # Never a name inside what the pronoun's own cue reports: in "..., with China adding 178m PCs, it said"
    # "it" is not China.
    own = range(anchor.head.left_edge.i, anchor.head.right_edge.i + 1) if anchor.dep_ in _SUBJECTS else range(0)
    candidates = [
        (i, a) for i, a, _ in reversed(ctx.sources) if first <= i < anchor.i and a.how != "pronoun" and i not in own
    ]
    # A source that names no one ("pensioners, who they say ...", "according to their value") is an antecedent only
    # when no named one is near.
    named = [(i, a) for i, a in candidates if is_named(doc[i]) or a.how in ("role-noun", "apposition")]
    source = named[0] if named else None
    body = next(
        (
            t
            for t in reversed(doc[first : anchor.i])
            if t.dep_ in _SUBJECTS and t.ent_type_ in _BODY_ENTS and not ctx.in_quote(t.idx) and t.i not in own
        ),
        None,
    )
    if body is not None and (source is None or body.i > source[0]):
        return name_of(body, ctx.cues)
    if source is None and candidates:
        source = candidates[0]
    return source[1] if source else NONE


def _role_antecedent(ctx: Context, subject: Token) -> Attribution:
    """The nearest earlier person named with the role ``subject`` names: the role inside the name's phrase
    (``Welsh Health Minister Jane Hutt``, ``Cardinal Cormac Murphy-O'Connor``) or in its apposition
    (``Jane Hutt, the health minister,``)."""
    role = subject.lemma_.lower()
    doc = subject.doc
    for ent in reversed(doc.ents):
        if ent.label_ != "PERSON" or ent.start >= subject.i:
            continue
        before = []
        for t in reversed(doc[max(0, ent.start - 4) : ent.start]):
            if t.is_punct or t.lower_ in ("and", "or") or t.ent_type_ == "PERSON":
                break
            before.append(t)
        after = []
        if ent.end < len(doc) and doc[ent.end].text == ",":
            for t in doc[ent.end + 1 : min(len(doc), ent.end + 7)]:
                if t.is_punct or t.ent_type_ == "PERSON":
                    break
                after.append(t)
        if any(t.lemma_.lower() == role for t in [*before, *ent, *after]):
            return Attribution(entity_name(ent))
    return NONE


def _is_title_case_name(subject: Token) -> bool:
    """A capitalised role word after a capitalised qualifier names a body, not a person: ``the Scottish
    Executive``, ``the European Commission`` (against ``the Scottish executive``, ``the Arsenal manager``)."""
    if not subject.text.istitle() or subject.is_sent_start:
        return False  # "the Ealing North MP": an acronym role is capitalised anyway
    return any(
        c.dep_ in ("compound", "amod", "nmod") and c.text[:1].isupper() and not c.is_sent_start for c in subject.lefts
    )


def resolve(att: Attribution, subject: Token, ctx: Context) -> Attribution:
    """A pronoun or ``the <role>`` source replaced by the name it refers back to (see the module doc)."""
    lower = subject.lower_
    if lower in PERSON_PRONOUNS:
        found = _person_before(ctx, subject) or _source_before(ctx, subject.i, True)
        return Attribution(found.name, subject.text, "pronoun", att.cue) if found else att.as_("pronoun")
    if lower in OTHER_PRONOUNS:
        found = _source_before(ctx, subject.i, None)
        if lower in ("it", "they"):
            found = _nearest_body_or_source(ctx, subject) or found
        return Attribution(found.name, subject.text, "pronoun", att.cue) if found else att.as_("pronoun")
    if _is_bare_report(subject, ctx.cues):
        found = _report_antecedent(ctx, subject.i)
        return Attribution(found.name, att.text, "role-noun", att.cue) if found else att
    return _resolve_role(att, subject, ctx, sentences=6)


def _is_bare_report(subject: Token, cues: Cues) -> bool:
    """``the report``, ``the study``, ``the figures``: a reporting noun that names nobody, so it refers back to
    a report named before (``a report by analysts Forrester Research``)."""
    if not cues.is_reporting_noun(subject) or report_author(subject, cues) is not None or is_named(subject):
        return False
    return any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE | {"its", "their"} for c in subject.children)


def _report_antecedent(ctx: Context, anchor: int) -> Attribution:
    """The report named before ``anchor`` that ``the report`` refers to: the nearest earlier source that is a
    named report (``a report by analysts Forrester Research``) or an ``according to`` naming a body; after an
    unnamed ``a report``, the body named as the very next source, if one is (who wrote the report is said
    right after the lede that mentions it)."""
    doc = ctx.doc
    sources = [(i, att, is_person) for i, att, is_person in ctx.sources if i < anchor]
    for k in range(len(sources) - 1, -1, -1):
        i, att, is_person = sources[k]
        if is_person or att.how in ("pronoun", "none"):
            continue
        if ctx.cues.is_reporting_noun(doc[i]) and _named_report(doc[i], ctx.cues):
            return att
        if att.how == "according-to" and is_named(doc[i]):
            return att
        if ctx.cues.is_reporting_noun(doc[i]) and any(c.lower_ in ("a", "an") for c in doc[i].children):
            # "Fans download pirate shows, says a report. Web tracking company X said 18% ...": X wrote it.
            j, author, author_is_person = sources[k + 1] if k + 1 < len(sources) else (i, NONE, True)
            named = author and not author_is_person and is_named(doc[j]) and not ctx.cues.is_reporting_noun(doc[j])
            return author if named else NONE
    return NONE


def _is_role_reference(subject: Token, cues: Cues) -> bool:
    """``the minister``, ``the group's general secretary``: a definite role noun naming no person."""
    if subject.lemma_.lower() not in cues.role_nouns or subject.tag_ not in ("NN", "NNP"):
        return False
    if subject.ent_type_ == "PERSON" or _is_title_case_name(subject):
        return False
    ent = entity_of(subject)
    if ent is not None and len(ent) > 1:
        return False  # part of a name ("the General Staff Command")
    if any(
        c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ in ("", "PERSON") or c.dep_ == "prep"
        for c in subject.children
    ):
        return False  # a named or described role ("the ambassador to South Korea") introduces someone
    left, _ = phrase_bounds(subject)
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subject.children):
        return False  # "his agent", "her lawyer": someone new, described through the person named before
    definite = subject.doc[left].lower_ in _DEFINITE or any(c.dep_ == "poss" for c in subject.children)
    return definite and not _phrase_people(subject, cues)


def _is_age_reference(subject: Token) -> bool:
    """``the 45-year-old``: a definite age that stands for a person named before."""
    if subject.lower_ != "old" or not any(t.lower_ in ("year", "years") for t in subject.lefts):
        return False
    left, _ = phrase_bounds(subject)
    return subject.doc[left].lower_ in _DEFINITE


def _age_subject(cue: Token) -> Token | None:
    """``..., the 45-year-old said``, where the small parser hangs the age on the verb as an adjective."""
    return next((c for c in cue.lefts if c.dep_ in ("amod", "npadvmod", "advmod") and _is_age_reference(c)), None)


def _is_body_reference(subject: Token, cues: Cues) -> bool:
    """``the company``, ``the Canada-based company``: a definite body noun that names no body itself."""
    if subject.lemma_.lower() not in cues.body_nouns or subject.ent_type_ or subject.tag_ != "NN":
        return False  # "the unions" are many, not the one body named before
    left, right = phrase_bounds(subject)
    if subject.doc[left].lower_ not in _DEFINITE:
        return False
    if any(c.dep_ == "appos" for c in subject.rights):
        return False  # "the company, Acme," names itself
    adjectives = {t.i for c in subject.children if c.dep_ == "amod" for t in c.subtree}  # "the Canada-based company"
    return not any(
        t.ent_type_ in _BODY_ENTS or t.ent_type_ == "PERSON"
        for t in subject.doc[left : right + 1]
        if t.i not in adjectives
    )


def _body_before(ctx: Context, anchor: Token) -> Attribution:
    """The nearest organisation named before ``anchor`` as a source or a subject, in the last sentences."""
    doc = anchor.doc
    k = ctx.sentence_index(anchor.i)
    first = ctx.sentences[max(0, k - 2 * ctx.cues.antecedent_sentences + 1)].start
    for t in reversed(doc[first : anchor.i]):
        # a party named by its members ("The Tories", "The Liberal Democrats") is tagged as a people; "Mexicans" is one
        party = t.ent_type_ == "NORP" and t.pos_ == "PROPN" and any(c.lower_ == "the" for c in t.children)
        body = t.ent_type_ in ("ORG", "OUTLET") and t.text[:1].isupper() or party  # not "unions" tagged as an ORG
        if body and t.dep_ in (*_SUBJECTS, "appos") and not ctx.in_quote(t.idx):
            found = name_of(t, ctx.cues)
            if found:
                return found
    # A body named only as a source ("..., according to Swiss Re. The world's second biggest insurer said ..."), or
    # a name the small model leaves untagged ("Garrow Textiles has reported ...").
    for i, att, _ in reversed(ctx.sources):
        if not first <= i < anchor.i or att.how not in ("according-to", "cue-subject"):
            continue
        if _phrase_people(doc[i], ctx.cues):
            continue
        proper = doc[i].pos_ == "PROPN" or doc[i].ent_type_ in _BODY_ENTS and doc[i].text[:1].isupper()
        # ("Swiss Re" is often "Swiss" NORP + "Re"; "unions" may be tagged ORG)
        if proper or att.how == "according-to" and doc[i].ent_type_ in _BODY_ENTS:
            return att.as_("cue-subject")
    return _main_body(doc, anchor.i)


def _main_body(doc: Doc, before: int) -> Attribution:
    """The organisation the article is about so far: named most often before token ``before`` (at least twice,
    and more often than any other), for ``the airline`` whose last mention is far back or only a modifier (``A Delta
    spokesperson``)."""
    counts: dict[str, int] = {}
    for ent in doc.ents:
        if ent.start >= before:
            break
        if ent.label_ in ("ORG", "OUTLET") and ent.root.text[:1].isupper():
            name = entity_name(ent)
            counts[name] = counts.get(name, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return Attribution(ranked[0][0])
    return NONE


def _resolve_role(att: Attribution, subject: Token, ctx: Context, sentences: int | None) -> Attribution:
    if _is_body_reference(subject, ctx.cues):
        found = _body_before(ctx, subject)
        return Attribution(found.name, att.text, "role-noun", att.cue) if found else att
    if _is_age_reference(subject):
        found = _source_before(ctx, subject.i, True) or _person_before(ctx, subject, sentences, named=True)
        return Attribution(found.name, att.text, "role-noun", att.cue) if found else att
    if not _is_role_reference(subject, ctx.cues):
        return att
    found = _role_antecedent(ctx, subject)
    if not found and sentences:
        found = _source_before(ctx, subject.i, True) or _person_before(ctx, subject, sentences, named=True)
    return Attribution(found.name, att.text, "role-noun", att.cue) if found else att


# --------------------------------------------------------------------------- quotes


def speaker_of_cue(cue: Token, ctx: Context) -> Attribution:
    """The speaker a reporting verb names: its subject, the subject of the clause it continues, or the
    inverted subject after it; pronouns and role nouns resolved."""
    subject = (
        cue_subject(cue) or _clause_subject(cue) or _inverted_subject(cue) or _age_subject(cue) or _stray_subject(cue)
    )
    passive = subject is not None and subject.dep_ == "nsubjpass"
    if subject is None or passive and (subject.lower_ == "it" or cue.lemma_.lower() in _LISTENER_VERBS):
        # Nobody, or nobody named ("it has been claimed that ..."), or the listener ("the government was told").
        return Attribution(cue=cue.lemma_.lower())
    att = name_of(subject, ctx.cues)
    att = Attribution(att.name, att.text, att.how, cue.lemma_.lower())
    return resolve(att, subject, ctx)


def cue_near_quote(doc: Doc, start: int, end: int, ctx: Context) -> Token | None:
    """The reporting verb of a quotation at characters ``[start, end)``: in the words right after it
    (``..." he said``, up to the next opening quote mark or line break), else before it in the sentence
    where it opens (outside other quotations)."""
    verbs = ctx.cues.quote_verbs
    text = ctx.text
    stop = min(len(text), end + 160)
    newline = text.find("\n", end, stop)
    stop = newline if newline != -1 else stop
    nxt = next((i for i in range(end, stop) if _opens_quote(text, i)), stop)
    candidates: list[Token] = []
    after = doc.char_span(end, nxt, alignment_mode="expand") if nxt > end else None
    if after is not None and len(after):
        first = after.start
        if text[end - 1 : end] in ("?", "!"):  # '"How can you be happy?" Dechy said.': the parser ends the sentence
            first = next((t.i for t in after if not (t.is_punct or t.is_space)), first)
        first_sent = ctx.sent_of(first)
        for t in after:
            if t.i < first_sent.end and t.idx < nxt and _speaks_after(t, end) and _next_to(t, first):
                candidates.append(t)
    opening = doc.char_span(start, end, alignment_mode="expand")
    if opening is not None and len(opening):
        line_start = text.rfind("\n", 0, start) + 1
        sent = ctx.sent_of(opening.start)
        before = [t for t in sent if line_start <= t.idx < start and not ctx.in_quote(t.idx)]
        candidates.extend(reversed(before))  # the nearest cue before the quotation
    for token in candidates:
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in verbs:
            return token
    return None


def _next_to(cue: Token, first: int) -> bool:
    """Whether a cue after a quotation follows it with no other verb between them (``..." said the minister``,
    ``..." JP Morgan's chief executive and its chief operating officer said``), not a verb of a sentence of the
    writer's own that follows (``"... line?" All the parties are campaigning ..., although Tony Blair has not
    confirmed ...``)."""
    helpers = {c.i for c in cue.children if c.dep_ in ("aux", "auxpass", "neg")}
    subject = cue_subject(cue)
    if subject is not None:  # "the Canada-based company said"
        helpers |= {t.i for t in subject.subtree}
    return not any(t.pos_ in ("VERB", "AUX") and t.i not in helpers for t in cue.doc[first : cue.i])


def _speaks_after(cue: Token, end: int) -> bool:
    """Whether a verb after a quotation can be its cue: its speaker comes after the quotation too (``..." he
    said``, ``..." said X``). A verb whose subject stands before the quotation continues that sentence (``the
    idea was to get "healthy Irish Americans" in one room and ask them ...``)."""
    subject = cue_subject(cue) or _inverted_subject(cue)
    return subject is not None and subject.idx >= end


def _opens_quote(text: str, i: int) -> bool:
    """Whether the character at ``i`` opens a quotation (a straight mark opens after a space, before a word)."""
    ch = text[i]
    if ch in "“«":
        return True
    if ch not in "\"`'":
        return False
    return (i == 0 or text[i - 1].isspace()) and i + 1 < len(text) and not text[i + 1].isspace()


def clause_speaker(doc: Doc, start: int, end: int, ctx: Context) -> Attribution:
    """For a quotation inside a sentence without a reporting verb (``X called the targets "hugely
    unambitious"``, ``he criticised the fact that ... "out of dire poverty"``): the subject of the
    verb the quotation hangs from (the nearest first: ``His comments come as X called him "a
    disappointment"``), else of the sentence's main verb, when it is a person."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return NONE
    sent = ctx.sent_of(span.start)
    if sent.start_char >= start - 2:
        return NONE  # the quotation opens the sentence: nothing introduces it
    line_start = ctx.text.rfind("\n", 0, start) + 1
    verbs = [t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX") and sent.start <= t.i < sent.end]
    for verb in [*verbs, sent.root]:
        subject = cue_subject(verb)
        if subject is None or ctx.in_quote(subject.idx) or not line_start <= subject.idx < start:
            continue  # a subject in an earlier paragraph introduces it (see introduced_speaker)
        if subject.lower_ not in PERSON_PRONOUNS and not _is_person(subject, ctx.cues):
            continue
        att = name_of(subject, ctx.cues)
        return resolve(Attribution(att.name, att.text, att.how, verb.lemma_.lower()), subject, ctx)
    return NONE


def introduced_speaker(ctx: Context, start: int) -> Attribution:
    """The speaker introduced at the end of the paragraph before a quotation that opens its own paragraph:
    ``Mr Dixon said.`` / ``She told the BBC:`` / ``Richard Allsop, of the RAC Foundation, said:``."""
    doc, text = ctx.doc, ctx.text
    line_start = text.rfind("\n", 0, start) + 1
    if line_start == 0 or text[line_start:start].strip(" \t\"“‘'`«"):
        return NONE
    before = text[:line_start].rstrip()
    if not before or before[-1] not in ".:":
        return NONE
    last = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if last is None or not len(last):
        return NONE
    sent = ctx.sent_of(last.start)
    prev_line = text.rfind("\n", 0, len(before)) + 1
    tokens = [t for t in sent if prev_line <= t.idx < line_start]  # the parser may glue the next paragraph on
    if not tokens or any(ch in _DOUBLE_QUOTE_CHARS for t in tokens for ch in t.text):
        return NONE  # the sentence carries its own quotation
    last_i = tokens[-1].i
    for tok in tokens:
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in ctx.cues.quote_verbs:
            if any(c.dep_ in ("ccomp", "xcomp") and c.i <= last_i for c in tok.children):
                continue  # "X said that ...": the content is in this sentence
            if not any(t.dep_ not in _INTRO_TAIL_DEPS for t in doc[tok.i + 1 : last_i + 1]):
                att = speaker_of_cue(tok, ctx)
                if att:
                    return att.as_("carried-over")
    return NONE


def _trails_its_clause(cue: Token) -> bool:
    """``Prices will rise, the bank said.``: the cue and its speaker follow the clause after a comma. Not ``The
    paper reports that Anelka told ...``, where the cue's clause is itself what is reported."""
    if cue.dep_ not in ("parataxis", "ccomp") or cue.head.dep_ != "ROOT" or cue.head.i > cue.i:
        return False
    return cue.left_edge.i > 0 and cue.doc[cue.left_edge.i - 1].is_punct and cue.left_edge.i - 1 > cue.head.i


def reported_speech(doc: Doc, ctx: Context, direct: list[tuple[int, int]]) -> list[tuple[int, int, Token]]:
    """Reported speech without quotation marks: ``(start, end, cue)`` of the reported clause of ``X said
    (that) ...`` and of a sentence ending ``..., X said.``; clauses overlapping a direct quote are left out."""
    verbs = ctx.cues.quote_verbs
    found: list[tuple[int, int, Token]] = []
    for tok in (doc[i] for i in ctx.cue_tokens):
        if tok.lemma_.lower() not in verbs or cue_subject(tok) is None:
            continue
        content = [c for c in tok.children if c.dep_ == "ccomp"]
        if content:  # "X said (that) ..." or "..., X said."
            first, last = content[0].left_edge.i, content[0].right_edge.i
            while first < last and doc[first].dep_ == "mark":
                first += 1
        elif _trails_its_clause(tok):
            first, last = ctx.sent_of(tok.i).start, tok.left_edge.i - 1  # "Prices will rise, the bank said."
        else:
            continue
        while last > first and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        while first < last and (doc[first].is_punct or doc[first].is_space):
            first += 1
        if last - first < 2:
            continue
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
        if any(ch in _DOUBLE_QUOTE_CHARS for ch in ctx.text[start:end]):
            continue
        if any(s < end and start < e for s, e in direct):
            continue
        found.append((start, end, tok))
    return found


# --------------------------------------------------------------------------- figures


def _unrealised(verb: Token) -> bool:
    """An infinitive that nobody has said yet: ``X had to show why ...``, ``X wants to reveal ...``. Its
    subject owes or plans a statement and is no source; the climb goes on to the verb that governs it."""
    return verb.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _named_report(noun: Token, cues: Cues) -> bool:
    author = report_author(noun, cues)
    return author is not None and is_named(author)


def _reports_via(verb: Token, via: Token, link: str, cues: Cues) -> bool:
    """Whether a figure reached from the reporting verb's child ``via`` (by ``link``) is what the verb reports.

    Its content (``said [that] ...``); its object only for verbs that report a figure as their object
    (``reported 300 deaths``, not ``China adding 178 million PCs``); a figure preposition of such a verb
    (``estimated the cost at $5bn``, ``figures showed exports down ... to $95.6bn``) and a ``while`` clause
    continuing its content (``..., while imports grew to $155.8bn``); a participle clause before it, whose
    understood subject is the speaker (``Unveiling the 418bn-rand budget, Mr Manuel said ...``). Not an adverbial
    (``warned ... hours after ...``).
    """
    if link in _REPORTED_VIA_VERB - {"dobj"}:
        return True
    objects_ok = verb.lemma_.lower() in cues.figure_object_verbs
    if link == "dobj":
        return objects_ok
    if link == "prep" and via.lemma_.lower() == "compare" and via.tag_ == "VBN":
        return True  # "X reported net income of $104m, compared with a loss of $793m": both are reported
    if link in ("prep", "advmod"):  # "down" is tagged either way
        return objects_ok and via.lower_ in _FIGURE_PREPOSITIONS
    if link == "advcl" and via.i < verb.i and via.tag_ == "VBG" and not any(c.dep_ in _SUBJECTS for c in via.children):
        return True  # "Unveiling the 418bn-rand budget, Mr Manuel said ...": the speaker unveiled it
    if link == "advcl":  # after the content it continues, not "While it has 15m customers, X found it hard"
        content = any(c.dep_ in ("ccomp", "dobj") and verb.i < c.i < via.i for c in verb.children)
        return content and any(m.dep_ == "mark" and m.lower_ in _CONTENT_MARKS for m in via.children)
    return False


def figure_source(root: Token, claim: range, ctx: Context | None = None) -> tuple[Attribution, int | None]:
    """``(attribution, index of the reporting word)`` for a figure whose head token is ``root``.

    In its sentence: the subject of the nearest reporting verb governing the figure (climbing the
    dependency tree; see :func:`_reports_via` for how the figure may hang off it), the object of
    ``according to``, the agent of a relative clause (``services who reported that ...``), the author of a
    reporting noun (``accusations from X``, ``figures published by X``, ``X's data``, see
    :func:`report_author`), a named report that a "be" equates with the figure's clause (``the ministry's
    estimate is that ...``), a trailing ``..., police said``. A report that names no one (``data from
    employment tribunals suggested``) gives way to a speaker higher up (``The TUC said data ...``). Failing
    those, an attribution carried over from a neighbouring sentence (see :func:`_carry_over`). Pronouns,
    role nouns and ``the report`` are resolved. (A figure inside a quotation and attributed by none of
    these is the quotation's speaker's: :func:`quoted_figure_sources`, once the quotes are known.)
    """
    ctx = ctx or context(root.doc)
    cues = ctx.cues
    below = root
    weak: tuple[Attribution, int | None] | None = None  # "data ... suggested": keep climbing for who said it
    for anc in [root, *root.ancestors]:
        link, via = below.dep_, below
        below = anc
        lemma = anc.lemma_.lower()
        reporting_verb = anc.pos_ in {"VERB", "AUX"} and lemma in cues.figure_verbs and not _unrealised(anc)
        reporting_verb = reporting_verb and not _sums_up(anc)
        if anc is not root and reporting_verb and _reports_via(anc, via, link, cues):
            # before "according to" on the same verb: "According to X's figures, Y revealed the deficit was $19bn"
            subject = cue_subject(anc) or _clause_subject(anc) or _stray_subject(anc)
            if subject is not None and subject.dep_ == "nsubjpass":  # "The cost has been estimated at $40,000"
                subject = _passive_agent(anc)  # is what was estimated; who estimated it is the agent, or higher up
            if subject is not None and _counts(subject, claim):
                subject = None  # the figure counts the speakers ("Half of 3,000 people surveyed said ..."): not theirs
            if subject is not None and not inside(subject, claim):
                att = _resolve_figure(source_name(subject, cues), subject, ctx)
                if not cues.is_reporting_noun(subject) or _named_report(subject, cues) or att.how == "role-noun":
                    return att, anc.i
                weak = weak or (att, anc.i)  # "data from employment tribunals suggested": who says so, higher up?
        if anc is not root and lemma == "be" and link in ("ccomp", "attr"):  # "The ministry's estimate is that ..."
            report = next((c for c in anc.children if c.dep_ in _SUBJECTS and cues.is_reporting_noun(c)), None)
            if report is not None and _named_report(report, cues) and not inside(report, claim):
                return source_name(report, cues), anc.i
        obj = according_to(anc, cues)
        if obj is not None:
            return _resolve_figure(source_name(obj, cues).as_("according-to"), obj, ctx), None
        if anc is not root and link in _REPORTED_VIA_NOUN and anc.pos_ == "NOUN" and cues.is_reporting_noun(anc):
            author = report_author(anc, cues)
            if author is not None and not inside(author, claim):
                return _resolve_figure(source_name(author, cues), author, ctx), anc.i
        for child in anc.children:  # "..., police said." / "On average, said Mr X, ..." hanging off the clause
            if (
                child.dep_ in {"parataxis", "ccomp", "advcl"}
                and (child.i > root.i or child.dep_ == "parataxis")
                and child.lemma_.lower() in cues.figure_verbs
                and not any(c.dep_ in {"ccomp", "dobj", "xcomp"} for c in child.children)
                and not any(
                    t.like_num and t.ent_type_ != "DATE"
                    for c in child.children
                    if c.dep_ in {"prep", "npadvmod"}
                    for t in c.subtree
                )
            ):  # not "..., while revenues added 4% to 142bn euros": that cue has a figure of its own
                subject = cue_subject(child) or _inverted_subject(child)
                if subject is not None and not inside(subject, claim):
                    return _resolve_figure(source_name(subject, cues), subject, ctx), None
    sent = ctx.sent_of(root.i)
    if weak is not None:  # "official figures suggest": the named report of the next or previous sentence, if any
        carried = ctx.carried.get(sent.start, NONE)
        return (carried, None) if carried else weak
    obj = next((o for t in sent if (o := according_to(t, cues)) is not None), None)
    if obj is not None:
        return _resolve_figure(source_name(obj, cues).as_("according-to"), obj, ctx), None
    # A figure in a conjunct after the sentence's report ("Figures from X showed the value of approvals -- loans
    # agreed but not yet made -- stood at £2.98bn", parsed as a chain of conjuncts of "showed").
    governing = ctx.governing.get(sent.start)
    top = next((t for t in [root, *root.ancestors] if t.head.i == sent.root.i != t.i), None)
    if governing and top is not None and top.dep_ == "conj" and top.i > sent.root.i:
        return governing, None
    return ctx.carried.get(sent.start, NONE), None


def _resolve_figure(att: Attribution, subject: Token, ctx: Context) -> Attribution:
    """:func:`resolve` for a figure's source, where a body's own channel that names no one (``according to its
    website``, ``its annual report said``, ``their accounts show``) is the body the owner pronoun refers to,
    found as for ``it``/``they`` (``pronoun``). Only for figures: ``his lawyer said`` is someone new, and a quote
    keeps its speaker as written."""
    att = resolve(att, subject, ctx)
    if att.how in ("pronoun", "role-noun", "apposition") or subject.pos_ != "NOUN" or is_named(subject):
        return att
    channel = subject.lemma_.lower() in ctx.cues.channel_nouns or ctx.cues.is_reporting_noun(subject)
    owner = next((c for c in subject.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
    if owner is None or not channel:  # "its parent company said" is another body
        return att
    found = _nearest_body_or_source(ctx, owner)
    return Attribution(found.name, att.text, "pronoun", att.cue) if found else att


def _passive_agent(verb: Token) -> Token | None:
    """The ``by`` agent of a passive reporting verb (``was estimated by the council``), if any."""
    return next((g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)


def quoted_figure_sources(claims: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> None:
    """A figure inside a direct quotation that its own sentence does not attribute is the speaker's: in
    ``"... I think they shot two of our own," the soldier said.`` the figure is the soldier's (``quote-speaker``).

    Works on the rows of one Doc (after both extractors ran, so no second pass over the Doc); an
    attribution carried over from a neighbouring sentence gives way to the quotation's speaker.
    """
    spans = sorted(
        (q["start"], q["end"], q) for q in quotes if q.get("kind", "direct") == "direct" and q.get("speaker")
    )
    if not spans:
        return
    starts = [s for s, _, _ in spans]
    for row in claims:
        if row.get("attribution", "none") not in ("none", "carried-over"):
            continue
        k = bisect.bisect_right(starts, row["start"]) - 1
        if k < 0 or not row["end"] <= spans[k][1]:
            continue
        quote = spans[k][2]
        row["source"] = quote["speaker"]
        row["source_text"] = quote.get("speaker_text") or quote["speaker"]
        row["attribution"] = "quote-speaker"
