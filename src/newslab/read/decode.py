"""Bytes to clean text: encoding detection, newline and Unicode normalisation, mojibake repair.

Detection order: a byte-order mark (UTF-8/UTF-16/UTF-32), strict UTF-8, then charset-normalizer's
best guess (cp1252, latin-1, ...). ftfy repairs mojibake ("donâ€™t" -> "don’t"); zero-width and
bidirectional control characters are removed because they hide text and break matching.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

import ftfy
from charset_normalizer import from_bytes

INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
MOJIBAKE_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip archive"),
)


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why."""


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def looks_binary(raw: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 BOM, or many control bytes, mean a binary file."""
    sample = raw[:4096]
    if any(sample.startswith(bom) for bom, _ in BOMS):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > max(4, len(sample) // 20)


def repair_mojibake(text: str) -> str:
    """ftfy's repair, applied only to the lines that contain a mis-encoding suspect.

    ftfy takes seconds on megabytes of text; UTF-8 read as cp1252/latin-1 always leaves a lead
    character (Â..ô) followed by a continuation-byte character, which one fast regex finds.
    """
    if text.isascii() or not MOJIBAKE_SUSPECT.search(text):
        return text
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if MOJIBAKE_SUSPECT.search(line):
            lines[k] = ftfy.fix_text(line, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False)
    return "\n".join(lines)


def normalise(text: str) -> tuple[str, list[str]]:
    """Newlines to LF, mojibake repaired, NFC, invisible controls removed; notes say what changed."""
    notes = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nfc = unicodedata.normalize("NFC", text)
    fixed = repair_mojibake(nfc)
    if fixed != nfc:
        notes.append("repaired mis-encoded characters (mojibake)")
    text, removed = INVISIBLE.subn("", fixed)
    if removed:
        notes.append(f"removed {removed} zero-width or bidirectional control characters")
    text = CONTROL.sub("", text)
    return text, notes


def _western_or_none(raw: bytes) -> str | None:
    """cp1252 when it decodes and the letters are mostly ASCII (Western text with a few accents).

    charset-normalizer guesses from statistics and, on short Western texts, often picks a
    Cyrillic code page; a mostly-ASCII text is far more likely cp1252, the web's usual legacy.
    """
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    ascii_share = sum(ch.isascii() for ch in letters) / max(1, len(letters))
    return "cp1252" if ascii_share >= 0.8 else None


def decode_bytes(raw: bytes) -> Decoded:
    """Decode ``raw`` to normalised text or raise :class:`DecodeError` with a specific reason."""
    if looks_binary(raw):
        kind = next((name for magic, name in MAGIC if raw.startswith(magic)), "binary data (NUL or control bytes)")
        raise DecodeError(f"not a text file: looks like {kind}")
    encoding = None
    for bom, name in BOMS:
        if raw.startswith(bom):
            encoding = name
            break
    if encoding is None:
        try:
            raw.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = _western_or_none(raw)
    if encoding is None:
        best = from_bytes(raw).best()
        if best is None:
            raise DecodeError("undecodable: no text encoding fits these bytes")
        encoding = best.encoding
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(f"undecodable as {encoding}: {exc}") from None
    text, notes = normalise(text)
    return Decoded(text, encoding.replace("-sig", ""), notes)


def decode(raw: bytes) -> str:
    """Just the clean text of :func:`decode_bytes` (raises :class:`DecodeError` for non-text)."""
    return decode_bytes(raw).text
