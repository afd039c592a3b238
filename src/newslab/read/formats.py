"""File kinds to records: JSON/JSONL/CSV rows and HTML pages (trafilatura), as plain dicts.

Each record is one article. Field names vary between exporters, so each field accepts a few
common spellings (``text``/``body``/``content``, ``date``/``published``, ...), case-insensitive.
HTML goes through trafilatura, which already separates main text from navigation; its date
search is restricted to the page's own metadata so no date is guessed from unrelated text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

BODY_FIELDS = ("text", "body", "content", "article", "maintext")
TITLE_FIELDS = ("title", "headline")
AUTHOR_FIELDS = ("author", "authors", "byline")
DATE_FIELDS = ("date", "published", "published_at", "publish_date", "date_publish", "pubdate")
URL_FIELDS = ("url", "link")
OUTLET_FIELDS = ("source", "outlet", "site", "sitename", "publisher")
SECTION_FIELDS = ("section", "category")

csv.field_size_limit(2**31 - 1)  # article bodies in CSV cells can exceed the 128 KB default


class FormatError(ValueError):
    """The file is not valid for its extension (malformed JSON, CSV, ...); the message says where."""


def parse_records(text: str, suffix: str) -> list[Any]:
    """Records of a .json (a list, or an object holding a list), .jsonl or .csv file.

    A JSON object that itself has a body field is one record. Items that are not objects are
    returned as they are; the caller reports them.
    """
    try:
        if suffix == ".jsonl":
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        if suffix == ".json":
            data = json.loads(text)
            if isinstance(data, dict):
                if any(str(k).lower() in BODY_FIELDS for k in data):
                    return [data]
                lists = [v for v in data.values() if isinstance(v, list)]
                return list(lists[0]) if lists else [data]
            return list(data) if isinstance(data, list) else [data]
        return list(csv.DictReader(io.StringIO(text)))
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise FormatError(f"malformed {suffix[1:].upper()}: {exc.msg} at {where}") from None
    except csv.Error as exc:
        raise FormatError(f"malformed CSV: {exc}") from None


def field(record: dict, names: tuple[str, ...]) -> str:
    """The first non-empty value among ``names`` (case-insensitive keys), as stripped text.

    Lists (e.g. several authors) are joined with ", ".
    """
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v not in (None, ""))
        if value not in (None, ""):
            return str(value).strip()
    return ""


def record_tags(record: dict) -> list[str] | None:
    """Tags given by the record (a list, or a comma-separated string); None when it gives none."""
    lowered = {str(k).lower(): v for k, v in record.items()}
    value = lowered.get("tags", lowered.get("keywords"))
    if isinstance(value, list):
        return [str(t).strip() for t in value if str(t).strip()]
    if isinstance(value, str) and value.strip():
        return [t.strip() for t in value.split(",") if t.strip()]
    return None


def outlet_from_url(url: str) -> str:
    """The host name of a URL without ``www.`` (``https://www.bbc.co.uk/news/x`` -> ``bbc.co.uk``)."""
    match = re.match(r"[a-z][a-z0-9+.-]*://(?:www\.)?([^/:?#]+)", (url or "").strip(), re.I)
    return match.group(1).lower() if match else ""


def extract_html(html: str) -> dict:
    """Main text and metadata of an HTML page via trafilatura; ``{}`` when nothing is extractable.

    Keys: title, author, date, sitename, url, categories, tags, text (paragraphs separated by
    newlines). Runs offline: trafilatura only parses the string it is given.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return {}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {k: data.get(k) for k in ("title", "author", "date", "sitename", "url", "categories", "tags", "text")}
