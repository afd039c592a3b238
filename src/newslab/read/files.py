"""Finding article files and reading their bytes safely.

Discovery walks the corpus folder recursively (hidden files and folders skipped) and never
follows a symlink whose target leaves the corpus: the check uses ``Path.resolve()`` *before*
anything is opened, and :func:`read_bytes_inside` repeats it, so a path handed to a worker
later (Dask) cannot escape either. Files with an extension we do not read are reported as
*warnings* rather than silently ignored, so a user sees that e.g. ``notes.docx`` was skipped.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
RECORD_SUFFIXES = frozenset({".json", ".jsonl", ".csv"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES


class OutsideCorpusError(OSError):
    """The path resolves to a file outside the corpus folder (e.g. an escaping symlink)."""


def problem(source_path: str, severity: str, message: str) -> dict:
    """One row of the ``problems`` table."""
    return {"source_path": source_path, "severity": severity, "problem": message}


def relative(path: Path, corpus: Path) -> str:
    """The path relative to the corpus, with POSIX separators (stable across operating systems)."""
    return Path(path).relative_to(corpus).as_posix()


def is_inside(path: Path, corpus: Path) -> bool:
    """True when ``path`` (after resolving every symlink) lies inside the resolved ``corpus``."""
    target = Path(path).resolve()
    return target == corpus or corpus in target.parents


def discover_files(corpus: Path) -> tuple[list[Path], list[dict]]:
    """Article files under ``corpus`` (sorted by relative path) and problems for the ones skipped.

    A symlink is kept only when it resolves inside the corpus; otherwise it is never opened
    and becomes an ``error`` problem. Unsupported extensions become ``warning`` problems.
    """
    corpus = Path(corpus).resolve()
    found: list[tuple[str, Path]] = []
    problems: list[dict] = []
    for dirpath, dirnames, filenames in os.walk(corpus, followlinks=False):
        here = Path(dirpath)
        kept_dirs = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            sub = here / name
            if sub.is_symlink():
                # os.walk does not descend into linked folders; say so instead of skipping quietly.
                inside = is_inside(sub, corpus)
                why = "folder symlink not followed" if inside else "symlink points outside the corpus folder"
                problems.append(problem(relative(sub, corpus), "warning" if inside else "error", f"{why}; not read"))
                continue
            kept_dirs.append(name)
        dirnames[:] = kept_dirs
        for name in filenames:
            if name.startswith("."):
                continue
            path = here / name
            rel = relative(path, corpus)
            if path.is_symlink() and not is_inside(path, corpus):
                problems.append(problem(rel, "error", "symlink points outside the corpus folder; not read"))
                continue
            if path.suffix.lower() not in SUFFIXES:
                problems.append(problem(rel, "warning", f"unsupported file type {path.suffix or '(none)'}; skipped"))
                continue
            found.append((rel, path))
    found.sort()
    return [path for _, path in found], problems


def read_bytes_inside(path: Path, corpus: Path) -> bytes:
    """The file's bytes, after checking (again) that it resolves inside the corpus.

    Raises :class:`OutsideCorpusError` for an escaping path and ``OSError`` when unreadable.
    """
    if not is_inside(path, corpus):
        raise OutsideCorpusError("resolves outside the corpus folder; not read")
    return Path(path).read_bytes()


def slug(text: str, limit: int = 60) -> str:
    """Lower-case ASCII letters, digits and dashes: safe in file names and URLs."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-") or "article"


def article_id(rel_path: str, record: int | None = None) -> str:
    """Stable, unique and file-name safe: slug of the file name + hash of the relative path (+ record number).

    The hash makes two files with the same name in different folders distinct; the slug keeps
    the id readable. Records of a multi-record file get ``-r<n>`` (1-based).
    """
    digest = hashlib.sha1(rel_path.encode("utf-8")).hexdigest()[:8]
    return f"{slug(Path(rel_path).stem)}-{digest}" + (f"-r{record}" if record is not None else "")
