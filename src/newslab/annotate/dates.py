"""Date expressions resolved to ISO dates with a precision, against the article's published date.

Candidates are spaCy's DATE entities. Absolute dates are parsed by dateparser; relative ones
("last month", "June of last year", "since March 25") are resolved with dateparser's
``RELATIVE_BASE`` set to the published date, and left unresolved, with a reason, when the
article has none. Durations and vague spans ("nearly three years", "recent days") are kept as
unresolved: they are not points in time. Precision follows what the text states: a day number
gives ``day``, a month name ``month``, a bare year or "this year" ``year``.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from spacy.tokens import Doc

MONTH = r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)"  # noqa: E501
DURATION = re.compile(r"\b(years|months|weeks|days|hours|decades)\b|\b(every|each|nearly|almost|for|past)\b", re.I)
RELATIVE = re.compile(
    r"\b(last|this|next|previous|ago|earlier|later|yesterday|today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|of the previous year)\b",  # noqa: E501
    re.I,
)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
DAY_NUM = re.compile(r"\b([0-3]?\d)(st|nd|rd|th)?\b")
LEAD = re.compile(
    r"^(since|in|on|at|by|from|until|during|before|after|the end of|the start of|early|late|mid|end of)\s+", re.I
)


def precision_of(text: str) -> str:
    low = text.lower()
    has_month = re.search(rf"\b{MONTH}\b", low) is not None
    without_years = YEAR.sub("", low)
    has_day = has_month and DAY_NUM.search(re.sub(rf"\b{MONTH}\b", "", without_years)) is not None
    if re.search(r"\b(yesterday|today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", low):
        return "day"
    if has_day:
        return "day"
    if has_month or re.search(r"\bmonth\b", low):
        return "month"
    if YEAR.search(low) or re.search(r"\byear\b", low):
        return "year"
    return "day"


def _fmt(dt: datetime, precision: str) -> str:
    return {"day": dt.strftime("%Y-%m-%d"), "month": dt.strftime("%Y-%m"), "year": dt.strftime("%Y")}[precision]


@lru_cache(maxsize=8192)
def resolve(text: str, published: str | None) -> tuple[str, str]:
    """(resolved, precision) or ("", "unresolved: <reason>")."""
    import dateparser

    core = LEAD.sub("", text.strip())
    core = re.sub(r"^the\s+", "", core, flags=re.I)
    low = core.lower()
    if DURATION.search(low) and not re.search(r"\b(last|this|next|previous|ago)\b", low) and not YEAR.search(low):
        return "", "unresolved: duration or vague period, not a point in time"
    relative = RELATIVE.search(low) is not None or (not YEAR.search(low))
    base = None
    if published:
        try:
            base = datetime.fromisoformat(published[:19])
        except ValueError:
            base = None
    if relative and base is None:
        return "", "unresolved: relative date and no published date"
    precision = precision_of(core)
    expr = re.sub(r"\bof (last|the previous) year\b", "last year", core, flags=re.I)
    if re.fullmatch(rf"{MONTH} last year", expr, flags=re.I) and base is not None:
        month = dateparser.parse(expr.split()[0], languages=["en"])
        if month:
            return f"{base.year - 1}-{month.month:02d}", "month"
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    parsed = dateparser.parse(expr, languages=["en"], settings=settings)
    if parsed is None:
        return "", "unresolved: not a recognisable date"
    return _fmt(parsed, precision), precision


def extract_dates(doc: Doc, published: str | None) -> list[dict]:
    rows = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        span = ent
        while len(span) and span[0].lower_ in ("the",):
            span = span[1:]
        if not len(span):
            continue
        resolved, precision = resolve(span.text, published or None)
        rows.append(
            {
                "start": span.start_char,
                "end": span.end_char,
                "text": span.text,
                "resolved": resolved,
                "precision": precision,
                "sentence": ent.sent.text,
            }
        )
    return rows
