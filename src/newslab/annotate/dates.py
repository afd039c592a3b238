"""Date expressions resolved to ISO dates with a precision, against the article's published date.

Candidates are spaCy's DATE entities. Absolute dates are parsed by dateparser; relative ones
("last month", "June of last year", "since March 25") are resolved with dateparser's
``RELATIVE_BASE`` set to the published date, and left unresolved, with a reason, when the
article has none. Durations and vague spans ("nearly three years", "recent days") are kept as
unresolved: they are not points in time. Precision is what dateparser reads from the text (its
``period``): a day number gives ``day``, a month name ``month``, a bare year or "this year" ``year``.
Any year the calendar holds (1-9999) is resolved as written, however far from today ("November 1660",
"October 5040"): whether it fits a time axis is the analysis' concern. Decades and centuries ("the 1990s")
are wider than a year, and dates before the common era or outside years 1-9999 cannot be written as ISO dates: they stay
unresolved with the reason.
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
# Any four-digit year: inside a DATE entity "1660" or "5040" states a year as much as "2024" does (a
# narrower range made them relative dates, resolved to a day of the published month). "1500 years" is a span.
YEAR = re.compile(r"\b[1-9]\d{3}\b(?!\s*(?:years?|months?|weeks?|days?|hours?|decades?|centuries|century)\b)")
# Spans wider than a year, and dates off the common-era calendar: dateparser turns "the 1990s" into a day
# of the published month and "AD 79" into 1979, so these are recognised first.
WIDER_THAN_A_YEAR = re.compile(r"\b\d{0,3}0s\b|\b(centur(y|ies)|millenni(um|a))\b", re.I)
BEFORE_COMMON_ERA = re.compile(r"\b(BCE?|B\.C\.(E\.)?)(?!\w)")
COMMON_ERA_YEAR = re.compile(r"(?:AD|A\.D\.|CE)\s*(\d{1,4})|(\d{1,4})\s*(?:AD|A\.D\.|CE)")
OUTSIDE_CALENDAR = "unresolved: outside the calendar's years 1 to 9999"
YEARS_AGO = re.compile(r"(\d[\d,]*)\s+years?\s+ago", re.I)
LEAD = re.compile(
    r"^(since|in|on|at|by|from|until|during|before|after|the end of|the start of|early|late|mid|end of)\s+", re.I
)


# dateparser's period for what the text states; a week or a time of day resolves to a day.
PRECISIONS = {"year": "year", "month": "month", "week": "day", "day": "day", "time": "day"}


def _fmt(dt: datetime, precision: str) -> str:
    # Not strftime: "%Y" does not zero-pad years before 1000 on glibc ("1-03-01"), which breaks the ISO shape.
    iso = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
    return iso[: {"day": 10, "month": 7, "year": 4}[precision]]


@lru_cache(maxsize=8192)
def resolve(text: str, published: str | None) -> tuple[str, str]:
    """(resolved, precision) or ("", "unresolved: <reason>")."""
    import dateparser
    from dateparser.date import DateDataParser

    core = LEAD.sub("", text.strip())
    core = re.sub(r"^the\s+", "", core, flags=re.I)
    low = core.lower()
    if DURATION.search(low) and not re.search(r"\b(last|this|next|previous|ago)\b", low) and not YEAR.search(low):
        return "", "unresolved: duration or vague period, not a point in time"
    if WIDER_THAN_A_YEAR.search(low):
        return "", "unresolved: a decade or century, wider than a year"
    if BEFORE_COMMON_ERA.search(core):
        return "", "unresolved: before the common era (BC), earlier than the calendar's year 1"
    era = COMMON_ERA_YEAR.fullmatch(core)
    if era and 1 <= int(era.group(1) or era.group(2)) <= 9999:
        return f"{int(era.group(1) or era.group(2)):04d}", "year"
    relative = RELATIVE.search(low) is not None or (not YEAR.search(low))
    base = None
    if published:
        try:
            base = datetime.fromisoformat(published[:19])
        except ValueError:
            base = None
    if relative and base is None:
        return "", "unresolved: relative date and no published date"
    ago = YEARS_AGO.fullmatch(low)
    if ago and base is not None:  # dateparser reads "12,000 years ago" as 2012
        year = base.year - int(ago.group(1).replace(",", ""))
        if year < 1:
            return "", OUTSIDE_CALENDAR
        return f"{year:04d}", "year"
    expr = re.sub(r"\bof (last|the previous) year\b", "last year", core, flags=re.I)
    if re.fullmatch(rf"{MONTH} last year", expr, flags=re.I) and base is not None:
        month = dateparser.parse(expr.split()[0], languages=["en"])
        if month and base.year > 1:
            return f"{base.year - 1:04d}-{month.month:02d}", "month"
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    # DateDataParser, not dateparser.parse: it also says how precise the text is (its ``period``).
    try:
        parsed = DateDataParser(languages=["en"], settings=settings).get_date_data(expr)
    except (OverflowError, ValueError):  # "Monday" before a published date of 0001-01-01 (a CMS's null date)
        return "", OUTSIDE_CALENDAR
    if parsed.date_obj is None:
        return "", "unresolved: not a recognisable date"
    precision = PRECISIONS.get(parsed.period or "day", "day")
    return _fmt(parsed.date_obj, precision), precision


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
