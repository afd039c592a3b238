"""Decoding: encodings, newlines, Unicode clean-up, binary refusal, and never crashing on any bytes."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslab.read.decode import DecodeError, decode, decode_bytes

TEXT = "Café owners say the “new” rule isn’t fair – naïve, they call it."


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),  # BOM + native order
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_each_encoding_gives_the_same_text(raw, encoding):
    decoded = decode_bytes(raw)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_latin1_text_without_cp1252_punctuation_decodes():
    assert decode("Le café de la gare, à Genève, ferme à 22 h.".encode("latin-1")) == (
        "Le café de la gare, à Genève, ferme à 22 h."
    )


def test_mojibake_is_repaired_and_noted():
    decoded = decode_bytes("We donâ€™t know, said the mayor. â€œIt worked.â€\x9d".encode())
    assert decoded.text == "We don’t know, said the mayor. “It worked.”"
    assert any("mojibake" in note for note in decoded.notes)


def test_correct_accents_are_left_alone():
    decoded = decode_bytes("Zoë and Chloé visited São Paulo and Kraków.".encode())
    assert decoded.text == "Zoë and Chloé visited São Paulo and Kraków." and decoded.notes == []


@pytest.mark.parametrize("raw", [b"one\r\ntwo\r\nthree", b"one\rtwo\rthree", b"one\ntwo\r\nthree"])
def test_newlines_become_lf(raw):
    assert decode(raw) == "one\ntwo\nthree"


def test_unicode_is_nfc():
    assert decode("e\u0301te\u0301".encode()) == "\u00e9t\u00e9"


def test_zero_width_and_bidi_controls_are_removed():
    hidden = "pass\u200bword \u202eevil\u202c \u2066iso\u2069 jo\u200dined\u2060 \ufeffend\u200e\u200f"
    decoded = decode_bytes(hidden.encode())
    assert decoded.text == "password evil iso joined end"
    assert any("zero-width" in note for note in decoded.notes)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG image"),
        (b"%PDF-1.7\n\x00\x01\x02binary", "PDF document"),
        (bytes(range(0, 32)) * 20, "binary data"),
    ],
)
def test_binary_is_refused_with_a_specific_message(raw, kind):
    with pytest.raises(DecodeError, match=kind):
        decode(raw)


def test_bytes_no_encoding_fits_are_refused():
    with pytest.raises(DecodeError, match="undecodable"):
        decode(bytes(range(128, 256)) * 3)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_never_crashes_on_arbitrary_bytes(raw):
    try:
        text = decode(raw)
    except DecodeError as exc:
        assert str(exc)  # a specific message, never empty
        return
    assert isinstance(text, str)
    assert "\r" not in text and "\ufeff" not in text and "\u200b" not in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_any_utf8_text_round_trips_to_its_clean_form(text):
    try:
        out = decode(text.encode("utf-8"))
    except DecodeError:
        return  # text made of control characters looks binary: refused, not crashed
    assert "\r" not in out
