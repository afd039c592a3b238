"""Classify each line of a plain-text page as body, metadata or boilerplate, with a reason.

Hand-written rather than a library: jusText and trafilatura work on HTML structure, which plain
scraped text has lost. The rules use general signals only - line length, sentence shape (closing
punctuation, word count), letter case, position (before the first prose line, after a sidebar
marker), lines repeated across the corpus - plus the cue words in ``data/boilerplate.json``.
Every line gets one :class:`LineVerdict`; blank lines are ``blank``; metadata lines (title,
byline, date, tags, credits) are removed from the body but recorded, boilerplate too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

CLOSING = ".!?:;…"
TRAILING = "\"'”’»)]*"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATELINE = re.compile(
    rf"^\W*(\d{{1,2}} ({MONTHS}) \d{{4}}|({MONTHS}) \d{{1,2}},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})([ T,]+\d{{1,2}}:\d{{2}}.*)?\W*$",  # noqa: E501
    re.I,
)
INNER_STOP = re.compile(r"[.!?][\"'”’]?\s+[\"'“‘]?[A-Z]")
WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’-]*")


@dataclass(frozen=True)
class LineVerdict:
    index: int  # 0-based line index
    kind: str  # body | blank | title | metadata | boilerplate
    reason: str


@lru_cache(maxsize=1)
def cues() -> dict[str, list[str]]:
    return json.loads(resources.files("newslab.data").joinpath("boilerplate.json").read_text(encoding="utf-8"))


def normalise_line(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip().lower()


def words(line: str) -> list[str]:
    return WORD.findall(line)


def ends_like_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(TRAILING).rstrip()
    return bool(stripped) and stripped[-1] in CLOSING


def is_prose(line: str) -> bool:
    """A body-like line: a full sentence of some length."""
    return len(words(line)) >= 12 and ends_like_sentence(line)


def _starts(norm: str, starts: list[str]) -> bool:
    return any(norm.startswith(s) for s in starts)


def line_reason(line: str, norm: str, top: bool) -> tuple[str, str] | None:
    """(kind, reason) for a line recognisable on its own, else None."""
    c = cues()
    n_words = len(words(line))
    if any(w in norm for w in c["cookie"]) and any(w in norm for w in c["cookie_context"]):
        return "boilerplate", "cookie notice"
    bare = norm.strip(" .:!|·-—")
    if re.fullmatch(r"\d+\s+comments?", bare):
        return "boilerplate", "comment widget"
    if bare in c["widget_lines"] or (n_words <= 12 and _starts(norm, c["widget_starts"])):
        return "boilerplate", "subscribe/share/comment widget"
    if re.fullmatch(r"[\W_]{2,}", norm):
        return "boilerplate", "separator"
    if _starts(norm, c["source_credit_starts"]) and n_words <= 12:
        return "metadata", "source credit (original source)"
    if _starts(norm, c["caption_starts"]):
        return "boilerplate", "photo caption or credit"
    if DATELINE.match(line.strip()) and n_words <= 8:
        return "metadata", "dateline (published date)"
    upper_share = sum(w.isupper() for w in words(line)) / max(1, n_words)
    if line.count(",") >= 5 and not ends_like_sentence(line) and (top or upper_share >= 0.6):
        parts = [p.strip() for p in line.split(",")]
        if parts and sum(len(p.split()) for p in parts) / len(parts) <= 4:
            return "metadata", "tag list"
    if norm.startswith("by ") and 2 <= n_words <= 8 and not ends_like_sentence(line):
        return "metadata", "byline"
    if top and 1 <= n_words <= 3 and any(w in c["section_words"] for w in re.split(r"[\s/]+", norm)):
        return "metadata", "section label"
    if (
        top
        and 2 <= n_words <= 4
        and not ends_like_sentence(line)
        and all(w[0].isupper() for w in words(line))
        and not any(ch.isdigit() for ch in line)
    ):
        return "metadata", "byline"
    return None


def classify_lines(lines: list[str], repeated: frozenset[str] = frozenset()) -> list[LineVerdict]:
    """One verdict per line. Linear in the number of lines."""
    c = cues()
    norms = [normalise_line(line) for line in lines]
    nonblank = [i for i, n in enumerate(norms) if n]
    first_prose = next((i for i in nonblank if is_prose(lines[i])), len(lines))
    read_more = {i for i in nonblank if norms[i].strip(" .:!>»›") in ("read more", "read more »", "more")}
    # A line shortly before a "Read More" link is a teaser for another story.
    teaser: set[int] = set()
    for pos, i in enumerate(nonblank):
        if i in read_more:
            teaser.update(nonblank[max(0, pos - 2) : pos])
    verdicts: list[LineVerdict] = []
    title_done = False
    in_sidebar = False
    seen_teasers: set[str] = set()
    for i, line in enumerate(lines):
        norm = norms[i]
        if not norm:
            verdicts.append(LineVerdict(i, "blank", ""))
            continue
        top = i < first_prose
        bare = norm.strip(" .:!|")
        if bare in c["sidebar_markers"] and len(words(line)) <= 5:
            in_sidebar = True
            verdicts.append(LineVerdict(i, "boilerplate", "related-stories sidebar"))
            continue
        if i in read_more or i in teaser:
            in_sidebar = True
            seen_teasers.add(norm)
            verdicts.append(LineVerdict(i, "boilerplate", "related-stories sidebar"))
            continue
        if in_sidebar:
            if is_prose(line) and not line.rstrip().endswith(("...", "…")) and norm not in seen_teasers:
                in_sidebar = False
            else:
                verdicts.append(LineVerdict(i, "boilerplate", "related-stories sidebar"))
                continue
        found = line_reason(line, norm, top)
        if found:
            verdicts.append(LineVerdict(i, found[0], found[1]))
            continue
        if norm in repeated and not is_prose(line):
            verdicts.append(LineVerdict(i, "boilerplate", "repeated across corpus"))
            continue
        if not title_done and top and len(line.strip()) <= 200 and not ends_like_sentence(line):
            title_done = True
            verdicts.append(LineVerdict(i, "title", "headline"))
            continue
        title_done = True
        n_words = len(words(line))
        if i > first_prose and 10 <= n_words <= 40 and not ends_like_sentence(line) and not INNER_STOP.search(line):
            verdicts.append(LineVerdict(i, "boilerplate", "photo caption (no closing punctuation)"))
            continue
        if top and n_words <= 2 and not ends_like_sentence(line):
            verdicts.append(LineVerdict(i, "boilerplate", "page fragment"))
            continue
        verdicts.append(LineVerdict(i, "body", ""))
    return verdicts
