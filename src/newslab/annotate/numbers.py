"""Turn a written number ("4.8 million", "twenty-five", "10k", "tens of thousands") into a float.

Hand-written because no installed library covers news-style number phrases: spaCy only flags
tokens that *look* numeric (``like_num``), and dateparser handles dates, not counts. The parser
is a small state machine over the words of the phrase; it never raises and returns ``None`` for
anything that is not a plain cardinal (ordinals, fractions, years with letters, phone-like
strings with leading zeros, ...).

Vague plurals ("thousands", "dozens", "tens of thousands") parse to the smallest unit they name
(1,000, 12, 10,000) with ``vague=True``: the caller reports them as a *lower bound*, because
"thousands of troops" certainly means at least a thousand and says nothing about an upper end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
# Plural scale words used vaguely ("thousands of"); "tens" only counts in "tens of thousands".
VAGUE_PLURALS: dict[str, float] = {
    "dozens": 12, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "tens": 10,
}  # fmt: skip
DOZEN = 12
# Words that make a scale vague: "several thousand", "a few hundred", "a couple of thousand".
VAGUE_PREFIXES = frozenset({"several", "few", "couple", "many"})
FILLERS = frozenset({"a", "an", "and", "of"})

_TEN_VALUES = frozenset(float(v) for v in TENS.values())
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES) | {"dozen"}

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
# 11,000 | 15 000 (groups of three) | 4.8 | 1200 ; optional glued scale suffix (10k, 1.2bn, 5m)
_DIGITS = re.compile(
    r"(?P<int>\d{1,3}(?:(?P<sep>[, ])\d{3})(?:(?P=sep)\d{3})*|\d+)(?P<frac>\.\d+)?(?P<suffix>k|mn|mln|m|bn|b|tn|trn)?"
)
_LEADING_ZERO = re.compile(r"0\d")
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class ParsedNumber:
    """A parsed cardinal: its value and whether the words only gave an order of magnitude."""

    value: float
    vague: bool = False


def normalise(text: str) -> str:
    """Lower-case, unify the many space characters news sites use, strip."""
    return _SPACES.sub(" ", text).strip().lower()


def parse_number(text: str) -> float | None:
    """The value of a written cardinal, or ``None`` when ``text`` is not one. Never raises."""
    parsed = parse_quantity(text)
    return parsed.value if parsed else None


def parse_quantity(text: str) -> ParsedNumber | None:
    """Parse digits, number words or a mix ("4.8 million", "one hundred and fifty", "a dozen").

    Returns ``None`` for empty text, ordinals ("3rd", "first"), fractions ("1/2", "two-thirds"),
    digit strings with a leading zero ("0800": phone numbers, codes) and any unknown word.
    """
    if not isinstance(text, str):
        return None
    s = normalise(text)
    if not s or len(s) > 80:
        return None
    words = _tokens(s)
    if words is None or not words:
        return None
    return _evaluate(words)


def _tokens(s: str) -> list[str | float] | None:
    """Split into number words and numeric values; ``None`` when something is not numeric."""
    out: list[str | float] = []
    pos = 0
    while pos < len(s):
        ch = s[pos]
        if ch in " -\u2010\u2011\u2012\u2013":
            pos += 1
            continue
        if ch.isdigit():
            m = _DIGITS.match(s, pos)
            if m is None or _LEADING_ZERO.match(m.group("int")):
                return None
            end = m.end()
            if end < len(s) and (s[end].isalnum() or s[end] in "/"):
                return None  # "3rd", "1/2", "24x7", "10km"
            value = float(m.group("int").replace(",", "").replace(" ", "") + (m.group("frac") or ""))
            out.append(value)
            if m.group("suffix"):
                out.append(m.group("suffix"))
            pos = end
            continue
        m = _WORD.match(s, pos)
        if m is None:
            return None
        out.append(m.group())
        pos = m.end()
    return out


def _evaluate(words: list[str | float]) -> ParsedNumber | None:
    """Accumulate ``total`` over scale words (the classic spelled-number algorithm)."""
    total = 0.0
    current: float | None = None
    vague = False
    seen_number = False
    for word in words:
        if isinstance(word, float):
            if current is not None:
                return None  # two bare numbers in a row: "2023 10"
            current = word
            seen_number = True
        elif word in UNITS or word in TENS:
            value = UNITS.get(word, TENS.get(word, 0))
            after_hundreds = current is not None and current >= 100 and current % 100 == 0
            after_tens = current is not None and current in _TEN_VALUES and 0 < value < 10
            if after_hundreds or after_tens:
                current += value
            elif current is not None:
                return None
            else:
                current = float(value)
            seen_number = True
        elif word in SCALES:
            scale = SCALES[word]
            base = 1.0 if current is None else current
            if scale == 100:
                current = base * 100
            else:
                total += base * scale
                current = None
            seen_number = True
        elif word == "dozen":
            current = (1.0 if current is None else current) * DOZEN
            seen_number = True
        elif word in VAGUE_PLURALS:
            unit = VAGUE_PLURALS[word]
            vague = True
            if current is not None and word != "tens":
                current *= unit  # "tens of thousands" -> 10 * 1000
                total += current
                current = None
            elif word == "tens":
                current = unit
            else:
                current = unit
            seen_number = True
        elif word in VAGUE_PREFIXES:
            vague = True
        elif word == "half":
            current = 0.5 if current is None else current + 0.5  # "half a million", "one and a half million"
        elif word == "quarter" and current is None:
            current = 0.25  # "a quarter of a million": the claims scan joins it only before "of a <scale>"
        elif word in FILLERS:
            continue
        else:
            return None
    if not seen_number:
        return None
    value = total + (current or 0.0)
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return ParsedNumber(value=value, vague=vague)
