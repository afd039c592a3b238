"""Article metadata from the lines the boilerplate classifier set aside. Never invented:
a field the page does not state stays empty (dates are parsed with dateparser's strict
settings, so "Monday" or "last week" alone never becomes a date)."""

from __future__ import annotations

import re
from functools import lru_cache

from newslab.read.boilerplate import LineVerdict, cues

DATE_SETTINGS = {
    "STRICT_PARSING": True,  # day, month and year must all be present
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["absolute-time", "timestamp"],  # never "relative-time": "2 hours ago" is not a date we know
}
DATE_PREFIX = re.compile(r"^\W*(?:first |last )?(?:published|updated|posted)(?:\s+on)?\s*:?\s*", re.I)
CREDIT_PREFIX = re.compile(
    r"^\W*(?:read more at|read the full story at|original source|originally published (?:at|on|by|in)|"
    r"this (?:article|story) (?:first appeared|was originally published) (?:at|on|in)|source|via)\s*:?\s*",
    re.I,
)
EMPTY_META = {
    "title": "",
    "author": "",
    "published": "",
    "outlet": "",
    "original_source": "",
    "section": "",
    "tags": [],
}


@lru_cache(maxsize=4096)
def parse_date(text: str) -> str:
    """ISO 8601 for a string that states a full date; '' otherwise (nothing is guessed).

    "19 August 2024 06:54" -> "2024-08-19T06:54:00"; "19 August 2024" -> "2024-08-19".
    """
    text = DATE_PREFIX.sub("", (text or "").strip()).strip()
    if not text or not any(ch.isdigit() for ch in text):
        return ""
    import dateparser

    try:
        parsed = dateparser.parse(text, languages=["en"], settings=DATE_SETTINGS)
    except (ValueError, OverflowError):
        return ""
    if parsed is None:
        return ""
    has_time = bool(re.search(r"\d{1,2}[:.]\d{2}", text)) or "T" in text[10:11]
    return parsed.isoformat(timespec="seconds") if has_time else parsed.date().isoformat()


def split_tags(line: str) -> list[str]:
    """The items of a tag-list line, as written (an optional "Tags:" prefix removed)."""
    low = line.strip().lower()
    for prefix in cues()["tag_list_starts"]:
        if low.startswith(prefix):
            line = line.strip()[len(prefix) :]
            break
    return [t.strip() for t in line.split(",") if t.strip()]


def credited_source(line: str) -> str:
    """X of "Original Source: X" / "Read more at X", without trailing punctuation."""
    return CREDIT_PREFIX.sub("", line.strip()).strip(" .:;-—")


def extract_metadata(lines: list[str], verdicts: list[LineVerdict]) -> dict:
    """Title, author, published, outlet, original_source, section and tags from the classified lines.

    The first line of each kind wins. "Read more at X" names where the text was published, so X
    is both the original source and the outlet; "Original Source: X" only credits a source.
    """
    meta = {**EMPTY_META, "tags": []}
    for v in verdicts:
        line = lines[v.index].strip()
        if v.kind == "title" and not meta["title"]:
            meta["title"] = line.lstrip("#").strip()
        elif v.reason == "byline" and not meta["author"]:
            meta["author"] = re.sub(r"^by\s+", "", line, flags=re.I).strip(" ,;|-—")
        elif v.reason.startswith("dateline") and not meta["published"]:
            meta["published"] = parse_date(line)
        elif v.reason == "tag list" and not meta["tags"]:
            meta["tags"] = split_tags(line)
        elif v.reason == "section label" and not meta["section"]:
            meta["section"] = line
        elif v.reason.startswith("source credit") and not meta["original_source"]:
            meta["original_source"] = credited_source(line)
            if line.lower().startswith(("read more at", "read the full story at")):
                meta["outlet"] = meta["original_source"]
    return meta
