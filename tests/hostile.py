"""A hostile corpus built on the fly: odd encodings, bad files, injected markup, an escaping symlink."""

from __future__ import annotations

import os
from pathlib import Path

SECRET = "TOP-SECRET-OUTSIDE-THE-CORPUS-7f3a"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    + bytes(64)
)

ARTICLE = (
    "The regional council approved a plan to hire 250 more nurses by June, officials said on Monday.\n\n"
    '"We have waited for this decision for years," said Anna Berg, the head of the nurses\' union.\n\n'
    "According to the health ministry, at least 1,200 patients waited longer than a month last year.\n"
)


def build_hostile_corpus(root: Path) -> Path:
    """Write the corpus under ``root/corpus`` and a secret file beside it; return the corpus folder."""
    corpus = root / "corpus"
    (corpus / "nested" / "deeper").mkdir(parents=True)
    (root / "secret.txt").write_text(f"{SECRET}\n\nThis must never be read.\n")

    (corpus / "script in title.txt").write_text(
        "<script>window.__pwned = 1</script>Council hires nurses\n\n"
        + ARTICLE
        + '\nThe memo ended with <img src=x onerror="window.__pwned=2"> and '
        + '<iframe src="javascript:window.__pwned=3"></iframe>.\n'
    )
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.txt").write_text("   \n\t\n  ")
    (corpus / "picture.txt").write_bytes(PNG)
    (corpus / "windows (cp1252).txt").write_bytes(
        (
            "Caf\u00e9 owners protest\r\n\r\n"
            + ARTICLE.replace("\n", "\r\n")
            + "The owners\u2019 group called it \u201cunfair\u201d.\r\n"
        ).encode("cp1252")
    )
    (corpus / "utf16.txt").write_bytes(("Ferry strike ends\n\n" + ARTICLE).encode("utf-16"))
    (corpus / "mojibake.txt").write_text(
        "Harbour reopens\n\n" + ARTICLE + "The mayor said it \u00e2\u20ac\u0153worked\u00e2\u20ac\u009d.\n"
    )
    (corpus / "nested" / "zero\u200bwidth \u00e9t\u00e9.txt").write_text(
        "Bridge\u200b repairs\u202e start\n\n" + ARTICLE.replace("council", "coun\u200dcil")
    )
    (corpus / "nested" / "deeper" / "copy-a.txt").write_text("Library extends hours\n\n" + ARTICLE)
    (corpus / "nested" / "copy-b.txt").write_text("Library extends hours\n\n" + ARTICLE)
    os.symlink(root / "secret.txt", corpus / "escape.txt")
    return corpus
