"""Classify each line of a plain-text page as body, title, metadata or boilerplate, with a reason.

Hand-written rather than a library: trafilatura works on HTML structure, which a plain-text dump has
lost. jusText's ideas are used but not jusText itself: it needs a DOM, its strongest signal (link
density) is gone from text, and run on the dumps' lines wrapped as paragraphs it scored F1 0.74 on
the web-pages development set (precision 0.70, recall 0.80), below the rules here. What is kept
of it is its stopword density (:func:`stopword_share`) and its context idea: a line is judged with
its neighbours (the main region below). The rules use general signals only:

* **sentence shape** - word count, closing punctuation, stopword share, a sentence stop inside the
  line, the tense of the first finite verb (spaCy's tagger, run only on the few candidate lines);
* **position** - the *top* (before the first prose line: title, byline, section, tags), the
  *bottom* (after the last prose line: widgets, credits), and *blocks* opened by a sidebar
  marker ("Related", "Read More", ...) which run until real prose resumes;
* **the main region** of a page dump (:func:`_decide_outside_region`) - every line (or hard-wrapped
  paragraph) scores as prose (+ its words) or chrome (menu-like lines, site notices, author bios,
  lines met twice on the page); the text is the maximum-sum run of those scores, with gaps
  costing more the longer they are (so far-away prose is not joined), plus runs nearly as good;
  the headline (the title repeated) anchors its start with the standfirst after it; comment
  headings ("12 Comments", "Leave a Reply") close it; inside it, site notices and link lists go;
  a clean text (fewer than :data:`MIN_CHROME_UNITS` chrome lines) is not cut at all;
* **case and stopwords** - ALL-CAPS comma lists are tag lists, capitalised stopword-free
  short lines are names or menu items;
* **repetition** - short lines found in >= 3 different files of the corpus (site chrome), or twice
  on one page (header and footer menus, repeated sign-up boxes);
* **teaser lists** - three or more lines in a row cut off with an ellipsis ("... Wikipedia") are excerpts
  of other pages (:func:`teaser_runs`), in plain text and in an extractor's main text alike;
* **cue words** from ``data/boilerplate.json`` (cookie, subscribe, share, credits, site notices ...).

Every line gets exactly one :class:`LineVerdict`; blank lines are ``blank``; ``metadata`` lines
(byline, date, tags, section, credits) and ``boilerplate`` lines leave the body but are kept
(as ``dropped_lines`` rows), the ``title`` line becomes the title. Cost is linear in the number
of lines (phrases are looked up by word, never by one regex per phrase); the tagger sees at most
:data:`MAX_TAGGED_LINES` short lines per text. HTML goes through trafilatura first; its main text
then only meets the line-level rules (:func:`classify_extracted_lines`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from newslab.config import DEFAULT_MODEL
from newslab.data import load_json

CLOSING = ".!?:;…"
TRAILING = "\"'”’»)]*"
ELLIPSIS = ("...", "…")
MONTHS = (
    "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    "|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
FULL_DATE = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\.?,?\s+\d{{4}}|(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"  # noqa: E501
TIME = r"(?:[\sT,|at-]+\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}|[+-]\d{2}:?\d{2}|Z)?)?"
DATELINE = re.compile(
    rf"^\W*(?:(?:published|updated|posted|last updated|first published)(?:\s+on)?:?\s+)?{WEEKDAY}{FULL_DATE}{TIME}\W*$",
    re.I,
)
DATE_TAIL = re.compile(rf"{FULL_DATE}\W*$", re.I)
INNER_STOP = re.compile(r"[.!?][\"'”’]?\s+[\"'“‘]?[A-Z]")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
LIST_ITEM = re.compile(r"^\s*(?:[-*•·–—]|\d{1,3}[.)])\s+")
POSITIONAL = re.compile(
    r",\s*(?:left|right|centre|center|top|bottom|second (?:left|right)|pictured)\s*,"
    r"|\((?:left|right|centre|center|top|bottom|pictured|inset|above|below)\)",
    re.I,
)
EXCERPT_SOURCE_WORDS = 3  # "… The Deleuze dictionary": what may follow an excerpt's ellipsis (where it comes from)
EXCERPT_WORD = re.compile(r"[\w.&'’-]+")
TEASER_LIST_MIN = 3  # this many cut-off excerpts in a row are a list of other pages, not the article
TEASER_REASON = "teaser list (cut-off excerpts)"
TRAILING_PAREN = re.compile(r"\(([^()]{1,80})\)\W*$")
DATE_WORD = r"(?:date|created|modified|updated|published|posted)"
NUMERIC_DATE = r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}"
# a date label with its date, anywhere in a short line: "page.html - Created 03-10-2004 - Last Modified: 03-10-2004"
DATE_STAMP = re.compile(rf"\b{DATE_WORD}(?:\s+on)?\s*:?\s+(?:{WEEKDAY}{FULL_DATE}|{NUMERIC_DATE})", re.I)
# a date label whose date the page shows as an image or fills in by script: "Release Date:", "Posted on"
EMPTY_DATE_LABEL = re.compile(rf"^(?:[\w-]+\s+){{0,2}}{DATE_WORD}(?:\s+(?:on|at)\s*:?|\s*:)$", re.I)
# a site's name alone on its line, as credits and mastheads print it: "EXAMPLENEWS.COM", "www.example.co.uk"
SITE_NAME = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|info|news|biz|(?:co|com|org|net|gov|ac)\.[a-z]{2})/?$"
)
MAX_TAGGED_LINES = 500
CAPTION_MIN_WORDS = 10
CAPTION_MAX_WORDS = 45


@dataclass(frozen=True)
class LineVerdict:
    index: int  # 0-based line index
    kind: str  # body | blank | title | metadata | boilerplate
    reason: str


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """The cue-word lists of ``data/boilerplate.json`` (loaded once per process)."""
    lists = load_json("boilerplate.json")
    return {k: (frozenset(v) if k.endswith(("_lines", "_markers", "_words")) else tuple(v)) for k, v in lists.items()}


def normalise_line(line: str) -> str:
    """Whitespace collapsed, lower case: the key for cue matching and cross-corpus counting."""
    return " ".join(line.split()).lower()


@lru_cache(maxsize=16384)
def words(line: str) -> tuple[str, ...]:
    """The words of a line (cached: several rules look at the same line)."""
    return tuple(WORD.findall(line))


def lower_words(line: str) -> tuple[str, ...]:
    """The words of a line in lower case, curly apostrophes made straight."""
    return words(line.lower().replace("’", "'"))


def ends_like_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(TRAILING).rstrip()
    return bool(stripped) and stripped[-1] in CLOSING


def is_prose(line: str) -> bool:
    """A body-like line: a full sentence of some length (twelve words or more, closing punctuation)."""
    return len(words(line)) >= 12 and ends_like_sentence(line)


def is_teaser_text(line: str) -> bool:
    """Prose cut off with an ellipsis: the teaser of a story linked from a sidebar."""
    return line.rstrip().rstrip(TRAILING).endswith(ELLIPSIS)


def is_excerpt(line: str) -> bool:
    """Cut off with an ellipsis, perhaps followed by the name of where the excerpt comes from ("… Wikipedia").

    The last ellipsis is found with ``rfind`` rather than a regex anchored at the end, which backtracks
    without bound on long runs of dots."""
    text = line.rstrip()
    ends = [k + len(mark) for mark in ELLIPSIS if (k := text.rfind(mark)) >= 0]
    if not ends:
        return False
    after = text[max(ends) :].split()
    return len(after) <= EXCERPT_SOURCE_WORDS and all(EXCERPT_WORD.fullmatch(w) for w in after)


def teaser_runs(lines: Sequence[str], open_lines: Container[int]) -> set[int]:
    """Lines in runs of at least :data:`TEASER_LIST_MIN` lines in a row (blank lines between them allowed) each
    cut off with an ellipsis: excerpts of other pages (related entries, search results, "more stories") taken
    along with the article. One cut-off line is a quotation or a sentence left hanging and stays. Only lines
    in ``open_lines`` (not decided otherwise) can be part of a run; any other nonblank line ends one."""
    out: set[int] = set()
    run: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and not lines[i].strip():
            continue
        if i < len(lines) and i in open_lines and is_excerpt(lines[i]):
            run.append(i)
            continue
        if len(run) >= TEASER_LIST_MIN:
            out.update(run)
        run = []
    return out


def _bare(norm: str) -> str:
    return norm.strip(" .:!|·-—–>»›<«‹()[]")


def is_name_shaped(line: str) -> bool:
    """2-4 capitalised words without stopwords, digits or colons: how a byline name looks ("Jane Holm")."""
    stripped = line.strip()
    if len(stripped) > 40 or any(ch.isdigit() for ch in stripped) or not re.fullmatch(r"[\w .,'’&-]+", stripped):
        return False
    tokens = [w for w in words(stripped) if w.lower() not in ("and", "&")]
    return 2 <= len(tokens) <= 4 and all(w[0].isupper() and w.lower() not in STOP_WORDS for w in tokens)


def is_section_label(norm: str) -> bool:
    """1-4 words, all from the section vocabulary ("World news", "Di Tendenza/Trending")."""
    tokens = [t for t in re.split(r"[\s/|>»›,-]+", _bare(norm)) if t]
    vocab = cues()["section_words"]
    return 1 <= len(tokens) <= 4 and all(t in vocab for t in tokens) and any(t not in STOP_WORDS for t in tokens)


def is_tag_list(line: str, norm: str, edge: bool) -> bool:
    """Many short comma-separated items, not a sentence: ALL-CAPS anywhere, or Title Case at the edges.

    In the middle of an article a capitalised list is content (a team sheet, a list of
    countries); before the first or after the last prose line it is the page's tag list.
    """
    if norm.startswith(cues()["tag_list_starts"]):
        return True
    if line.count(",") < 4 or ends_like_sentence(line):
        return False
    parts = [p.strip() for p in line.split(",") if p.strip()]
    if not parts or sum(len(p.split()) for p in parts) / len(parts) > 4:
        return False
    ws = words(line)
    upper = sum(w.isupper() and len(w) > 1 for w in ws) / max(1, len(ws))
    capitalised = sum(w[0].isupper() for w in ws) / max(1, len(ws))
    # "Name (Club), Name (Club), ..." is a team sheet or a list of people: content, not tags.
    return upper >= 0.6 or (edge and capitalised >= 0.6 and "(" not in line)


def line_cue(line: str, norm: str, edge: bool, n_words: int | None = None) -> tuple[str, str] | None:
    """(kind, reason) for a line recognisable on its own, whatever its neighbours; else None."""
    c = cues()
    n_words = len(words(line)) if n_words is None else n_words
    bare = _bare(norm)
    if any(w in norm for w in c["cookie"]) and any(w in norm for w in c["cookie_context"]):
        return "boilerplate", "cookie notice"
    if re.fullmatch(r"\d+\s+(?:comments?|shares?|replies|responses)", bare):
        return "boilerplate", "comment widget"
    if bare in c["widget_lines"] or (n_words <= 12 and norm.startswith(c["widget_starts"])):
        return "boilerplate", "subscribe/share/comment widget"
    if not any(ch.isalnum() for ch in norm):
        return "boilerplate", "separator"
    if n_words <= 12 and norm.startswith(c["source_credit_starts"]):
        return "metadata", "source credit (original source)"
    if n_words <= 15 and norm.startswith(c["related_link_starts"]):
        return "boilerplate", "related-story link"
    if norm.startswith(c["caption_starts"]) and n_words <= CAPTION_MAX_WORDS:
        return "boilerplate", "photo caption or credit"
    paren = TRAILING_PAREN.search(line[-90:]) if ")" in line[-4:] else None
    if paren and set(words(paren.group(1).lower())) & c["caption_words"]:
        return "boilerplate", "photo caption or credit"
    if POSITIONAL.search(line) and n_words <= CAPTION_MAX_WORDS:
        return "boilerplate", "photo caption (left/right marker)"
    if n_words <= 10 and DATELINE.match(line.strip()):
        return "metadata", "dateline (published date)"
    if n_words <= 15 and DATE_STAMP.search(line) and not ends_like_sentence(line):
        return "metadata", "date stamp"
    if n_words <= 4 and EMPTY_DATE_LABEL.match(norm):
        return "metadata", "date label without its date"
    if SITE_NAME.match(bare):
        return "metadata", "site name alone"
    if is_tag_list(line, norm, edge):
        return "metadata", "tag list"
    if norm.startswith("by ") and 2 <= n_words <= 10 and not ends_like_sentence(line):
        return "metadata", "byline"
    return None


# The run's MODEL: the read stage sets it (``use_model``) so it never loads a model the run did not name.
_tagger_model = DEFAULT_MODEL


def use_model(model: str) -> None:
    """Use ``model`` (an installed spaCy pipeline or folder) for the caption-tense and byline-name checks.

    A process-wide setting rather than a parameter threaded through every classifier: the model is
    one per run, and each process (a Dask worker too) sets it once before reading.
    """
    global _tagger_model
    _tagger_model = model


def _nlp() -> Any:
    """spaCy's tagger and NER without the parser: enough for a verb's tense and a person's name.

    Loaded once per process and model, and only when a text has candidate lines to check.
    """
    return _load_tagger(_tagger_model)


@lru_cache(maxsize=1)
def _load_tagger(model: str) -> Any:
    import spacy

    try:
        return spacy.load(model, exclude=["parser", "lemmatizer", "senter"])
    except OSError:  # model missing: the caption-tense and byline-name checks say "no", the rest works
        return None


BE_FORMS = frozenset({"is", "are", "am", "'s", "'re", "'m", "’s", "’re", "’m"})


def _describes_in_present(doc: Any) -> bool:
    """First finite verb in the present tense, and not a bare copula ("X is the editor of ...").

    Photo captions describe the picture in the present ("A firefighter tackles a blaze ...",
    "Smoke is seen over ...") while news prose reports in the past. A copula followed by no
    participle states a fact ("Halo 2 is out in November") and is not taken as a caption.
    """
    tokens = list(doc)
    for k, tok in enumerate(tokens):
        if tok.tag_ in ("VBD", "MD"):
            return False
        if tok.tag_ in ("VBZ", "VBP"):
            if tok.lower_ not in BE_FORMS:
                return True
            return any(t.tag_ in ("VBN", "VBG") for t in tokens[k + 1 : k + 4])
    return False


def present_tense(lines: Sequence[str]) -> list[bool]:
    """For each line: does it describe something in the present tense, as a photo caption does?"""
    nlp = _nlp()
    if nlp is None or not lines:
        return [False] * len(lines)
    return [_describes_in_present(doc) for doc in nlp.pipe(lines, batch_size=256, disable=["ner"])]


def names_a_person(line: str) -> bool:
    """Every word of the line belongs to a PERSON entity ("Jane Holm", "Jane Holm and Tom Lee")."""
    nlp = _nlp()
    if nlp is None:
        return False
    doc = nlp(line.strip())
    in_person = {t.i for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    content = [t for t in doc if t.is_alpha and t.lower_ not in ("and", "by")]
    return bool(content) and all(t.i in in_person for t in content)


def _caption_candidate(line: str, n_words: int) -> str | None:
    """Which caption shape a body-region line has, before the tense check; None if neither."""
    stripped = line.strip()
    if n_words > CAPTION_MAX_WORDS or LIST_ITEM.match(stripped) or not stripped[:1].isupper():
        return None
    if n_words >= 6 and DATE_TAIL.search(stripped[-40:]) and re.search(r"\bin [A-Z]", stripped):
        return "photo caption (present tense, place/date tail)"
    if n_words >= CAPTION_MIN_WORDS and not ends_like_sentence(stripped) and not INNER_STOP.search(stripped):
        return "photo caption (present tense, no closing punctuation)"
    return None


def _sidebar_verdicts(lines: list[str], norms: list[str], nonblank: list[int], prose: list[bool]) -> dict[int, str]:
    """Lines inside related-stories blocks: from a marker (or a "Read More" link) until prose resumes.

    Teaser text inside a block looks like prose, so a prose line ends the block only when it is
    not cut off with an ellipsis, is not a repeated teaser headline, and no "Read More" follows
    it within two lines. Without a marker, a "Read More" link still takes the (at most two)
    short or cut-off lines just before it: a teaser headline and its text.
    """
    markers = cues()["sidebar_markers"]
    is_marker = {i for i in nonblank if len(norms[i]) <= 60 and _bare(norms[i]) in markers}
    read_more = {i for i in is_marker if _bare(norms[i]) in cues()["read_more_lines"]}
    out: dict[int, str] = {}
    for pos, i in enumerate(nonblank):
        if i in read_more:
            for j in reversed(nonblank[max(0, pos - 2) : pos]):
                if prose[j] and not is_teaser_text(lines[j]):
                    break
                out[j] = "related-stories sidebar"
    in_block = False
    headlines: set[str] = set()
    for pos, i in enumerate(nonblank):
        if i in is_marker:
            in_block = True
        elif in_block:
            line = lines[i]
            link_follows = any(j in read_more for j in nonblank[pos + 1 : pos + 3])
            if prose[i] and not is_teaser_text(line) and norms[i] not in headlines and not link_follows:
                in_block = False
                continue
            if not prose[i]:
                headlines.add(norms[i])
        if in_block:
            out[i] = "related-stories sidebar"
    return out


def classify_lines(lines: list[str], repeated: frozenset[str] = frozenset()) -> list[LineVerdict]:
    """One verdict per line, in order. Linear in the number of lines."""
    norms = [normalise_line(line) for line in lines]
    nonblank = [i for i, n in enumerate(norms) if n]
    n_words = [len(words(line)) if norms[i] else 0 for i, line in enumerate(lines)]
    prose_flags = [n >= 12 and ends_like_sentence(line) for n, line in zip(n_words, lines, strict=True)]
    prose = [i for i in nonblank if prose_flags[i]]
    first_prose = prose[0] if prose else (nonblank[1] if len(nonblank) > 1 else len(lines))
    last_prose = prose[-1] if prose else len(lines)
    sidebar = _sidebar_verdicts(lines, norms, nonblank, prose_flags)

    decided: dict[int, tuple[str, str]] = {}
    for i in nonblank:
        if i in sidebar:
            decided[i] = ("boilerplate", sidebar[i])
            continue
        edge = i < first_prose or i > last_prose
        found = line_cue(lines[i], norms[i], edge, n_words[i])
        if found is None and norms[i] in repeated and n_words[i] <= 25 and not prose_flags[i]:
            found = ("boilerplate", "repeated across corpus")
        if found is None and edge and is_section_label(norms[i]):
            found = ("metadata", "section label")
        if found:
            decided[i] = found

    decided |= dict.fromkeys(teaser_runs(lines, set(nonblank) - decided.keys()), ("boilerplate", TEASER_REASON))
    _decide_top(lines, [i for i in nonblank if i < first_prose and i not in decided], decided)
    _decide_captions(lines, [i for i in nonblank if i >= first_prose and i not in decided], decided, n_words)
    title = next((lines[i] for i, (kind, _) in decided.items() if kind == "title"), "")
    _decide_outside_region(lines, nonblank, decided, title)
    return [
        LineVerdict(i, *decided.get(i, ("body", ""))) if norms[i] else LineVerdict(i, "blank", "")
        for i in range(len(lines))
    ]


def _decide_top(lines: list[str], undecided: list[int], decided: dict[int, tuple[str, str]]) -> None:
    """Title, byline and fragments among the lines before the first prose line.

    The title is the first headline-shaped line (at most 30 words, not ending with a full stop);
    a name-shaped line is a byline when some other headline-shaped line is there to be the title.
    Headline-shaped lines after the title (standfirsts, sub-headlines) stay in the body.
    """
    headline_like = [i for i in undecided if 1 <= len(words(lines[i])) <= 30 and not _ends_with_full_stop(lines[i])]
    names = {i for i in headline_like if is_name_shaped(lines[i]) and names_a_person(lines[i])}
    others = [i for i in headline_like if i not in names]
    title = others[0] if others else (headline_like[0] if headline_like else None)
    for i in undecided:
        if i == title:
            decided[i] = ("title", "headline")
        elif i in names and title is not None:
            decided[i] = ("metadata", "byline")
        elif len(words(lines[i])) <= 3 and len(lines[i].strip()) <= 30 and not ends_like_sentence(lines[i]):
            decided[i] = ("boilerplate", "page fragment")


def _ends_with_full_stop(line: str) -> bool:
    """Ends with "." but not with an ellipsis ("Rivals of the Apple..." is still a headline)."""
    stripped = line.rstrip().rstrip(TRAILING).rstrip()
    return stripped.endswith(".") and not stripped.endswith(ELLIPSIS)


def _decide_captions(
    lines: list[str], undecided: list[int], decided: dict[int, tuple[str, str]], n_words: list[int]
) -> None:
    """Photo captions in the body region: caption-shaped lines whose first finite verb is present tense."""
    candidates = []
    for i in undecided:
        shape = _caption_candidate(lines[i], n_words[i])
        if shape:
            candidates.append((i, shape))
    unique = list(dict.fromkeys(lines[i].strip() for i, _ in candidates))[:MAX_TAGGED_LINES]
    verdict = dict(zip(unique, present_tense(unique), strict=True))
    for i, shape in candidates:
        if verdict.get(lines[i].strip()):
            decided[i] = ("boilerplate", shape)


# --- main content region -------------------------------------------------------------------

WRAP_MIN_WORDS = 8  # see paragraph_units
PROSE_CAP = 60  # one very long line must not outweigh everything else
HEAVY_PENALTY = -3.0  # a menu-like line: short, capitalised words, no stopword, no digit, no closing punctuation
LIGHT_PENALTY = -1.0  # other short lines: list items, quantities, headings
GAP_CAP = 6  # see distance_weighted
REGION_EXTRA = 0.5  # a second run of prose at least this share of the best one is main text too
SHORT_LINE_CHARS = 200  # longer lines are never menu-like (see content_score): the clean-text check skips them
MIN_CHROME_UNITS = 5  # fewer chrome lines than this: the text is not a page dump, no region is cut
NOTICE_PAGE_SHARE = 0.5  # a text more than half made of site notices is about the site: they stay
STANDFIRST_WORDS = 8  # an unfinished line this long between headline and text is a standfirst, not a widget
MENU_ITEM_WORDS = 8  # a menu or link-list item is shorter than this
LINK_LIST_MIN = 3  # this many menu-like lines in a row inside the main text are a link list
CHROME_SHARE = 0.2  # a stretch outside the main runs is cut only when this share of it is chrome
REGION_EXTRA_MIN = 40.0  # ... and at least this much (two paragraphs): not a lone cookie notice or teaser
REGION_FLOOR = 0.3  # the article is the first region scoring at least this share of the best one ...
REGION_ENOUGH = 40.0  # ... or this much (two paragraphs of prose): a long discussion must not outweigh it


def stopword_share(lowered: Sequence[str]) -> float:
    """Share of the (lower-case) words that are English stopwords: high in prose, low in menus and names."""
    return len([t for t in lowered if t in STOP_WORDS]) / len(lowered) if lowered else 0.0


@lru_cache(maxsize=1)
def phrase_index() -> dict[str, tuple[dict[str, list[tuple[int, tuple[str, ...]]]], tuple[str, ...]]]:
    """For each chrome list of ``data/boilerplate.json``: its phrases as word tuples indexed by their rarest
    word (the longest word that is not a stopword: "sell" for "do not sell my"), with that word's position,
    and the phrases without words ("©"), matched as substrings.

    Matching looks up a line's words in that index once, instead of running a regex alternation of
    every phrase over the line: the read stage sees every line of the corpus, and most lines share no
    rare word with any phrase.
    """
    index = {}
    for key in ("chrome_marks", "chrome_phrases", "chrome_hints"):
        by_anchor: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        symbols = []
        for phrase in cues()[key]:
            tokens = lower_words(phrase)
            if not tokens:
                symbols.append(phrase)
                continue
            anchor = max(range(len(tokens)), key=lambda k: (tokens[k] not in STOP_WORDS, len(tokens[k])))
            by_anchor.setdefault(tokens[anchor], []).append((anchor, tokens))
        index[key] = (by_anchor, tuple(symbols))
    return index


def phrases_in(tokens: Sequence[str], text: str, key: str) -> set[tuple[str, ...]]:
    """The phrases of the list ``key`` found in a line, given its lower-cased words."""
    by_anchor, symbols = phrase_index()[key]
    found = {(symbol,) for symbol in symbols if symbol in text} if symbols else set()
    if by_anchor.keys().isdisjoint(tokens):
        return found
    for k, token in enumerate(tokens):
        for offset, phrase in by_anchor.get(token, ()):
            if k >= offset and tuple(tokens[k - offset : k - offset + len(phrase)]) == phrase:
                found.add(phrase)
    return found


SHORT_CHROME_WORDS = 12  # a heading or button with a chrome phrase ("PC Gamer Newsletter") needs no "you"
READER_ADDRESS = frozenset({"you", "your", "you're", "yourself", "we", "our", "us", "we're", "we'll", "we've"})
REPORTED_SPEECH = re.compile(r"[\"“”]|\b(?:said|says|told)\b")


def is_chrome_talk(text: str, strict: bool = False) -> bool:
    """The site talking about itself: a legal mark ("©", "All rights reserved", "Privacy Policy"), or
    chrome phrases in a short line ("PC Gamer Newsletter") or addressed to the reader ("you", "our")
    outside reported speech. Phrases about the site itself (newsletter, subscribe, follow us) count
    alone; hints that also occur in articles (sign up, log in, learn more) only in a short line, or two
    of them together, or (``strict=False``, at the edges of the text) one. A news sentence about a
    company's advertising or a quote saying "we" is not site talk.
    """
    tokens = lower_words(text)
    if phrases_in(tokens, text, "chrome_marks"):
        return True
    strong = phrases_in(tokens, text, "chrome_phrases")
    hints = phrases_in(tokens, text, "chrome_hints")
    if not (strong or hints) or REPORTED_SPEECH.search(text):
        return False
    if len(tokens) <= SHORT_CHROME_WORDS:
        return True
    if READER_ADDRESS.isdisjoint(tokens):
        return False
    return bool(strong) or len(hints) >= 2 or (bool(hints) and not strict)


BIO = re.compile(
    r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3} (?:is|was|has been|joined) (?:an? |the |our )?[^.]{0,60}?"
    r"\b(?:writer|editor|reporter|journalist|correspondent|contributor|columnist|author|blogger|expert|founder|"
    r"producer|freelancer)\b",
    re.I,
)


def content_score(
    text: str, repeated_in_page: bool = False, site_page: bool = False, talk: bool | None = None
) -> float:
    """How much a line (or a hard-wrapped paragraph) looks like article prose (> 0) or like page chrome (< 0).

    Prose scores its word count (capped); page chrome scores a penalty: the site talking about
    itself (newsletters, sign-ups, legal and advertising notes, ``chrome_phrases``), an author's
    bio, a line met twice on the page, a menu-like line (capitalised words, no stopword). On the
    site's own pages (``site_page``: a privacy policy, an about page) site talk is the content.
    """
    tokens = words(text)
    n = len(tokens)
    if n == 0:
        return HEAVY_PENALTY
    if n <= 60 and not site_page and (is_chrome_talk(text) if talk is None else talk):
        return HEAVY_PENALTY
    if n <= 60 and BIO.match(text):
        return HEAVY_PENALTY
    listed = bool(LIST_ITEM.match(text)) or text.lstrip()[:1].isdigit() or text.lstrip()[:1].islower()
    if repeated_in_page and n <= 25 and not listed:
        return HEAVY_PENALTY
    closed = ends_like_sentence(text)
    share = stopword_share(lower_words(text))
    if n >= 8 and closed and share >= 0.2:
        return float(min(n, PROSE_CAP))
    if n >= 20 and share >= 0.25:
        return min(n, PROSE_CAP) / 2
    if closed and n >= 3 and share > 0:
        return 0.5
    if listed:
        return 0.1  # list items, quantities, code: as common in articles (recipes, how-tos) as in menus
    if n < 8 and share == 0 and not closed and all(t[0].isupper() for t in tokens):
        return HEAVY_PENALTY
    return LIGHT_PENALTY


def distance_weighted(scores: list[float]) -> list[float]:
    """Each negative score multiplied by its position in its run of negatives (capped at GAP_CAP).

    Short interruptions (a caption, a sub-heading) stay cheap to cross; a long run of chrome
    (a menu, a sidebar) costs quadratically, so prose far away from the main run is not joined to it.
    """
    out, run = [], 0
    for s in scores:
        run = run + 1 if s < 0 else 0
        out.append(s * min(run, GAP_CAP) if s < 0 else s)
    return out


def paragraph_units(lines: list[str], nonblank: list[int], decided: Container[int] = ()) -> list[list[int]]:
    """Nonblank lines grouped into units: a hard-wrapped paragraph (lines of 8+ words not closing a sentence,
    each continued by the next line of the block, in lower case unless the line is longer) is one unit;
    every other line, and every line already decided, is its own unit."""
    units: list[list[int]] = []
    for i in nonblank:
        prev = units[-1][-1] if units else None
        if (
            prev is not None
            and prev == i - 1
            and prev not in decided
            and i not in decided
            and not ends_like_sentence(lines[prev])
            and len(words(lines[prev])) >= WRAP_MIN_WORDS
            and len(words(lines[i])) >= 3
            and (lines[i].lstrip()[:1].islower() or len(words(lines[prev])) >= WRAP_MIN_WORDS + 2)
        ):
            units[-1].append(i)
        else:
            units.append([i])
    return units


def main_region(scores: list[float]) -> tuple[int, int, float] | None:
    """(first, last, sum) of the maximum-sum run of ``scores`` (Kadane); None when nothing scores > 0."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for k, s in enumerate(scores):
        if total <= 0:
            total, start = 0.0, k
        total += s
        if total > best:
            best, best_span = total, (start, k, total)
    return best_span


def is_comment_marker(norm: str) -> bool:
    """A heading that opens a comment section ("12 Comments", "Leave a Reply", "Responses to ...")."""
    if len(norm) > 160 or norm.rstrip(" :").endswith((".", "!", "?")):
        return False
    key = re.sub(r"\d+", "#", _bare(norm).strip("{} "))
    return key in cues()["comment_marker_lines"] or key.startswith(cues()["comment_marker_starts"])


def content_runs(scores: list[float], min_share: float) -> list[tuple[int, int, float]]:
    """The best run of ``scores`` (see :func:`main_region`) plus every other run, found in what is left on
    either side, scoring at least ``min_share`` of it: an article cut in two by a photo gallery or a
    sign-up box keeps both halves. Sorted by position."""
    best = main_region(scores)
    if best is None:
        return []
    runs, todo = [best], [(0, best[0]), (best[1] + 1, len(scores))]
    while todo:
        lo, hi = todo.pop()
        found = main_region(scores[lo:hi])
        if found and found[2] >= max(min_share * best[2], REGION_EXTRA_MIN):
            a, b = lo + found[0], lo + found[1]
            runs.append((a, b, found[2]))
            todo += [(lo, a), (b + 1, hi)]
    return sorted(runs)


def _decide_outside_region(
    lines: list[str], nonblank: list[int], decided: dict[int, tuple[str, str]], title: str = ""
) -> None:
    """Undecided lines outside the main content runs leave the body.

    Paragraph units are scored by :func:`content_score` (decided lines count as chrome), the
    scores weighted by distance (:func:`distance_weighted`), and the main text is the best run
    plus the runs nearly as good (:func:`content_runs`). Comment-section headings split the page
    first: the article is the first part whose best run reaches ``REGION_FLOOR`` of the best
    run of any part (or ``REGION_ENOUGH``), so a long discussion below a short article does
    not win, and lines after the next comment heading are the comment section.
    """
    units = paragraph_units(lines, nonblank, decided)
    norms = [normalise_line(lines[u[0]]) for u in units]
    seen = Counter(norms)
    texts = [" ".join(lines[i].strip() for i in u) for u in units]

    def score(k: int, talk: bool = False, site_page: bool = False) -> float:
        first = units[k][0]
        if first in decided:
            return _decided_score(decided[first])
        return content_score(texts[k], seen[norms[k]] > 1, site_page, talk)

    # page structure first (widgets, menu-like short lines): site talk alone does not make a text a
    # page dump, and a clean text is let go before its prose is searched for site talk
    structure = sum(
        score(k) <= HEAVY_PENALTY for k, u in enumerate(units) if u[0] in decided or len(texts[k]) <= SHORT_LINE_CHARS
    )
    if structure < MIN_CHROME_UNITS:
        return  # a clean text (an archive, an export): nothing to cut it away from
    talk = [u[0] not in decided and is_chrome_talk(t) for u, t in zip(units, texts, strict=True)]
    prose = [k for k, u in enumerate(units) if u[0] not in decided and is_prose(texts[k])]
    # the site's own page (its privacy policy, its terms): mostly site talk, or titled as a legal page
    site_page = sum(talk[k] for k in prose) > NOTICE_PAGE_SHARE * len(prose) or is_site_page_title(title)
    raw = [score(k, talk[k], site_page) for k in range(len(units))]
    scores = distance_weighted(raw)
    # a heading met twice on one page ("Write a comment" above and below the text) is a widget, not a section
    barriers = [k for k, u in enumerate(units) if len(u) == 1 and seen[norms[k]] == 1 and is_comment_marker(norms[k])]
    bounds = [-1, *barriers, len(units)]
    parts = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        runs = content_runs(scores[lo + 1 : hi], REGION_EXTRA)
        if runs:
            parts.append(([(lo + 1 + a, lo + 1 + b) for a, b, _ in runs], max(r[2] for r in runs), hi))
    if not parts:
        return
    top = max(p[1] for p in parts)
    runs, _, barrier = next(p for p in parts if p[1] >= min(REGION_ENOUGH, REGION_FLOOR * top))
    kept = {i for a, b in runs for u in units[a : b + 1] for i in u}
    first, last = units[runs[0][0]][0], units[runs[-1][1]][-1]
    headline = _headline_before(lines, units, runs[0][0], title)
    if headline is not None:
        # the article starts at its headline: keep it, and the sentences between it and the main run
        # (a standfirst or lead paragraph set apart by a byline, share buttons or a photo)
        kept |= {
            i
            for k in range(headline + 1, runs[0][0])
            if raw[k] >= 0.5 or (raw[k] > HEAVY_PENALTY and len(words(lines[units[k][0]])) >= STANDFIRST_WORDS)
            for i in units[k]
        }
        kept |= set(units[headline])
        first = units[headline][0]
    kept |= _chrome_free_stretches(units, raw, kept, decided, barrier)
    kept |= _lists_introduced(lines, kept, decided)
    kept |= _between_runs(units, raw, kept, runs[0][0], runs[-1][1])
    chrome_inside = _chrome_inside(lines, units, raw, decided, kept, site_page)
    kept -= set(chrome_inside)
    comments_from = units[barrier][0] if barrier < len(units) else len(lines)
    for i in nonblank:
        if i in decided or i in kept:
            continue
        if i < first:
            decided[i] = ("boilerplate", "before main text")
        elif i >= comments_from:
            decided[i] = ("boilerplate", "comment section")
        elif i > last:
            decided[i] = ("boilerplate", "after main text")
        elif i in chrome_inside:
            decided[i] = ("boilerplate", chrome_inside[i])
        else:
            decided[i] = ("boilerplate", "between main text blocks")


def _chrome_inside(
    lines: list[str],
    units: list[list[int]],
    raw: list[float],
    decided: dict[int, tuple[str, str]],
    kept: set[int],
    site_page: bool,
) -> dict[int, str]:
    """Chrome inside the main text: a site notice (sign-up box, legal line) or a run of three or more
    menu-like lines (a link list). A lone menu-like line is a sub-heading and stays, and so do the
    notices of a text made mostly of them (the site's own privacy policy or terms page)."""
    out: dict[int, str] = {}
    run: list[int] = []
    for k, u in enumerate([*units, []]):
        if u and raw[k] <= HEAVY_PENALTY and (u[0] in decided or len(words(lines[u[0]])) < MENU_ITEM_WORDS):
            run.append(k)
            continue
        if len(run) >= LINK_LIST_MIN:
            out |= {i: "link list inside text" for j in run for i in units[j] if i not in decided}
        run = []
    notices = {
        i: "site notice inside text"
        for u in units
        if u[0] not in decided and u[0] not in out and is_chrome_talk(" ".join(lines[i] for i in u), strict=True)
        for i in u
    }
    if not site_page and len(notices) <= NOTICE_PAGE_SHARE * len(kept):
        out |= notices
    return out


def _lists_introduced(lines: list[str], kept: set[int], decided: dict[int, tuple[str, str]]) -> set[int]:
    """The block of lines right after a kept line ending with a colon ("I'll summarise them:"): the list
    it introduces, however short and bare its items."""
    out: set[int] = set()
    for i in sorted(kept):
        if not lines[i].rstrip().endswith(":"):
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        while j < len(lines) and lines[j].strip():
            if j not in decided and j not in kept:
                out.add(j)
            j += 1
    return out


def _between_runs(units: list[list[int]], raw: list[float], kept: set[int], lo: int, hi: int) -> set[int]:
    """Lines between two main runs that belong to the article: sentences, list items and table rows
    (score >= 0), and a heading (a short line) directly followed by one of them or by a main run."""
    out: set[int] = set()
    follows_content = True
    for k in range(hi, lo - 1, -1):
        in_text = units[k][0] in kept or raw[k] >= 0 or (raw[k] > HEAVY_PENALTY and follows_content)
        if in_text and units[k][0] not in kept:
            out |= set(units[k])
        follows_content = units[k][0] in kept or raw[k] >= 0
    return out


def _decided_score(verdict: tuple[str, str]) -> float:
    """A line set aside already: widgets and menus are chrome; metadata and photo captions belong to
    an article (a byline, a picture inside the text) even though they leave its body."""
    kind, reason = verdict
    return LIGHT_PENALTY if kind in ("metadata", "title") or "caption" in reason else HEAVY_PENALTY


def _chrome_free_stretches(
    units: list[list[int]], raw: list[float], kept: set[int], decided: dict[int, tuple[str, str]], barrier: int
) -> set[int]:
    """Lines of the stretches around and between the main runs that show (almost) no page chrome.

    A clean text (a news archive, an export) has no menus or widgets: its short lines around the
    prose (a team sheet, a fact box, a closing line) are content, and only a stretch where at
    least ``CHROME_SHARE`` of the units are chrome is cut.
    """
    out: set[int] = set()
    stretch: list[int] = []
    for k, u in enumerate(units[:barrier] + [[-1]]):
        if u[0] == -1 or u[0] in kept:
            content = [j for j in stretch if decided.get(units[j][0], ("",))[0] != "title"]
            chrome = sum(raw[j] <= HEAVY_PENALTY for j in content)
            if content and chrome < CHROME_SHARE * len(content):
                out |= {i for j in content for i in units[j]}
            stretch = []
        else:
            stretch.append(k)
    return out


TITLE_SEPARATORS = re.compile(r"\s+[|–—:·»«-]+\s+|\s+::\s+")
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


SITE_PAGE_TITLE_WORDS = 5  # "Privacy Policy", "Example News terms of use"; a headline about a policy is longer


def is_site_page_title(title: str) -> bool:
    """The title names one of the site's own legal pages: some part of it (the site's name cut off, see
    :func:`headline_keys`) is a short name holding a legal mark ("Privacy Policy | Example News", "Terms of
    Use"). A headline that reports on a policy ("Regulator fines app over its privacy policy") is longer."""
    parts = TITLE_SEPARATORS.split(normalise_line(title))
    return any(
        0 < len(words(part)) <= SITE_PAGE_TITLE_WORDS and phrases_in(lower_words(part), part, "chrome_marks")
        for part in parts
    )


def headline_keys(title: str) -> set[str]:
    """Ways the page's title shows up again as the article's headline: whole, or its longest part
    once the site's name is cut off ("Storm hits coast | The Daily Example" -> "storm hits coast")."""
    norm = normalise_line(title).translate(QUOTES)
    if not norm:
        return set()
    parts = [p for p in TITLE_SEPARATORS.split(norm) if p]
    keys = {norm}
    if parts:
        longest = max(parts, key=len)
        if len(words(longest)) >= 3:
            keys.add(longest)
    return keys


def _headline_before(lines: list[str], units: list[list[int]], start: int, title: str) -> int | None:
    """The last unit before ``start`` that repeats the title (the article's headline), if any."""
    keys = headline_keys(title)
    if not keys:
        return None
    for k in range(start - 1, -1, -1):
        if units[k][0] > 0:
            norm = normalise_line(lines[units[k][0]]).translate(QUOTES)
            if norm in keys or any(key in norm and len(norm) <= len(key) + 30 for key in keys if len(key) > 20):
                return k
    return None


SITE_PAGE_REASONS = ("site notice", "cookie notice")  # the content of a site's own page (its privacy policy)


def classify_extracted_lines(lines: list[str], title: str = "") -> list[LineVerdict]:
    """Verdicts for the main text an HTML extractor (trafilatura) already chose, one paragraph a line.

    The extractor has used the page's structure (tags, link density), so the page-level signals
    (main region, title, captions by tense) are not applied again; only what one line shows on its
    own is: the cue lines of :func:`line_cue` (widgets, "Read more:" links, separators, credits,
    bylines, datelines, tag lists), site notices (:func:`is_chrome_talk`: newsletter boxes, legal
    lines, "follow us") and runs of cut-off excerpts (:func:`teaser_runs`), which extractors keep when
    they sit in the article's container. On the site's own legal pages (:func:`is_site_page_title`:
    "Privacy Policy", "Terms of Use") the notices and cookie notes are the content and stay, as they do
    in a text made mostly of notices.
    """
    out = []
    for i, line in enumerate(lines):
        norm = normalise_line(line)
        if not norm:
            out.append(LineVerdict(i, "blank", ""))
            continue
        found = line_cue(line, norm, edge=False)
        if found is None and is_chrome_talk(line, strict=True):
            found = ("boilerplate", "site notice")
        out.append(LineVerdict(i, *(found or ("body", ""))))
    teasers = teaser_runs(lines, {v.index for v in out if v.kind == "body"})
    out = [LineVerdict(v.index, "boilerplate", TEASER_REASON) if v.index in teasers else v for v in out]
    if is_site_page_title(title):
        return [LineVerdict(v.index, "body", "") if v.reason in SITE_PAGE_REASONS else v for v in out]
    notices = [v.index for v in out if v.reason == "site notice"]
    if len(notices) > NOTICE_PAGE_SHARE * sum(v.kind == "body" or v.reason == "site notice" for v in out):
        return [LineVerdict(v.index, "body", "") if v.reason == "site notice" else v for v in out]
    return out
