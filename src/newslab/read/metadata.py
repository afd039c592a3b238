"""Article metadata from the lines the boilerplate classifier set aside. Never invented:
a field the page does not state stays empty."""

from __future__ import annotations

import re
from functools import lru_cache

from newslab.read.boilerplate import LineVerdict

DATE_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True}


@lru_cache(maxsize=4096)
def parse_date(text: str) -> str:
    """ISO 8601 for a date string that states a full date; '' otherwise (nothing is guessed)."""
    text = (text or "").strip()
    if not text:
        return ""
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings=DATE_SETTINGS)
    if parsed is None:
        return ""
    has_time = bool(re.search(r"\d{1,2}:\d{2}", text))
    return parsed.isoformat(timespec="seconds") if has_time else parsed.date().isoformat()


def _after_colon_or_prefix(line: str, prefixes: tuple[str, ...]) -> str:
    stripped = line.strip()
    low = stripped.lower()
    for prefix in prefixes:
        if low.startswith(prefix):
            return stripped[len(prefix) :].strip(" :.-")
    return stripped


def extract_metadata(lines: list[str], verdicts: list[LineVerdict]) -> dict:
    meta = {"title": "", "author": "", "published": "", "outlet": "", "original_source": "", "section": "", "tags": []}
    for v in verdicts:
        line = lines[v.index].strip()
        if v.kind == "title" and not meta["title"]:
            meta["title"] = line.lstrip("# ").strip()
        elif v.reason == "byline" and not meta["author"]:
            meta["author"] = re.sub(r"^by\s+", "", line, flags=re.I).strip()
        elif v.reason.startswith("dateline") and not meta["published"]:
            meta["published"] = parse_date(line)
        elif v.reason == "tag list" and not meta["tags"]:
            meta["tags"] = [t.strip() for t in line.split(",") if t.strip()]
        elif v.reason == "section label" and not meta["section"]:
            meta["section"] = line
        elif v.reason.startswith("source credit") and not meta["original_source"]:
            source = _after_colon_or_prefix(line, ("read more at", "original source", "source", "originally published"))
            meta["original_source"] = source
            if line.lower().startswith("read more at"):
                meta["outlet"] = source
    return meta
