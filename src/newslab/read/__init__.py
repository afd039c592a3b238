"""Stage 1: read a corpus folder into the ``articles``, ``dropped_lines`` and ``problems`` tables.

Files are found recursively (hidden files and folders skipped), decoded whatever their encoding,
parsed by kind (.txt/.md plain text; .html/.htm with trafilatura; .json/.jsonl/.csv records), and
the lines of plain-text bodies are classified as body or boilerplate *with a reason*
(:mod:`newslab.read.boilerplate`). Bad files never stop the run: they become rows of ``problems``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from newslab import tables
from newslab.read.boilerplate import LineVerdict, classify_lines, normalise_line
from newslab.read.decode import DecodeError, decode_bytes
from newslab.read.metadata import extract_metadata, parse_date

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".json", ".jsonl", ".csv"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
REPEATED_MIN_FILES = 3

__all__ = [
    "FileResult",
    "ReadResult",
    "assemble",
    "discover_files",
    "drop_rate",
    "read_corpus",
    "read_file",
    "repeated_lines",
]


@dataclass
class FileResult:
    articles: list[dict] = field(default_factory=list)
    dropped: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


@dataclass
class ReadResult:
    articles: pd.DataFrame
    dropped_lines: pd.DataFrame
    problems: pd.DataFrame


def _rel(path: Path, corpus: Path) -> str:
    return path.relative_to(corpus).as_posix()


def _problem(source: str, severity: str, message: str) -> dict:
    return {"source_path": source, "severity": severity, "problem": message}


def discover_files(corpus: Path) -> tuple[list[Path], list[dict]]:
    """Article files under ``corpus`` (sorted), and problems for the ones that cannot be read safely.

    A symlink is followed only when its target stays inside the corpus; otherwise it is never
    opened and is reported. Unknown extensions are reported as warnings so nothing vanishes quietly.
    """
    corpus = Path(corpus).resolve()
    paths: list[Path] = []
    problems: list[dict] = []
    for dirpath, dirnames, filenames in os.walk(corpus, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            rel = _rel(path, corpus)
            if path.is_symlink():
                target = path.resolve()
                if corpus not in target.parents:
                    problems.append(_problem(rel, "error", "symlink points outside the corpus folder; not read"))
                    continue
            if path.suffix.lower() not in SUFFIXES:
                problems.append(_problem(rel, "warning", f"unsupported file type {path.suffix or '(none)'}; skipped"))
                continue
            paths.append(path)
    return paths, problems


def article_id(rel_path: str, record: int | None = None) -> str:
    """Stable, unique and file-name safe: a slug of the file name plus a hash of the relative path."""
    stem = Path(rel_path).stem
    slug = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower()[:60] or "article"
    digest = hashlib.sha1(rel_path.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}" + (f"-r{record}" if record is not None else "")


def _split_lines(text: str) -> list[str]:
    return text.split("\n")


def _clean_plain(
    lines: list[str], aid: str, repeated: frozenset[str], first_line_is_title: bool
) -> tuple[dict, list[dict]]:
    verdicts: list[LineVerdict] = classify_lines(lines, repeated)
    meta = extract_metadata(lines, verdicts)
    body_lines = [lines[v.index].strip() for v in verdicts if v.kind == "body"]
    dropped = [
        {"article_id": aid, "line_no": v.index + 1, "text": lines[v.index], "reason": v.reason}
        for v in verdicts
        if v.kind in ("boilerplate", "metadata")
    ]
    meta["body"] = "\n\n".join(body_lines)
    return meta, dropped


def _records(text: str, suffix: str) -> list[dict]:
    if suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if suffix == ".json":
        data = json.loads(text)
        if isinstance(data, dict):
            lists = [v for v in data.values() if isinstance(v, list)]
            data = lists[0] if lists and not any(k in data for k in ("text", "body")) else [data]
        return list(data)
    return list(csv.DictReader(io.StringIO(text)))


def _field(record: dict, *names: str) -> str:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _outlet_from_url(url: str) -> str:
    match = re.match(r"https?://(?:www\.)?([^/:]+)", url or "")
    return match.group(1) if match else ""


def read_file(path: Path, corpus: Path, repeated: frozenset[str] = frozenset()) -> FileResult:
    """Read one file into article rows, dropped lines and problems. Never raises for bad input."""
    corpus = Path(corpus).resolve()
    rel = _rel(Path(path), corpus)
    result = FileResult()
    try:
        real = Path(path).resolve()
        if corpus not in real.parents:
            result.problems.append(_problem(rel, "error", "resolves outside the corpus folder; not read"))
            return result
        raw = real.read_bytes()
    except OSError as exc:
        result.problems.append(_problem(rel, "error", f"unreadable: {exc.strerror or exc}"))
        return result
    if not raw:
        result.problems.append(_problem(rel, "error", "empty file (0 bytes)"))
        return result
    try:
        decoded = decode_bytes(raw)
    except DecodeError as exc:
        result.problems.append(_problem(rel, "error", str(exc)))
        return result
    text, encoding = decoded.text, decoded.encoding
    if not text.strip():
        result.problems.append(_problem(rel, "error", "whitespace-only file"))
        return result
    for note in decoded.notes:
        result.problems.append(_problem(rel, "warning", note))
    sha = hashlib.sha256(raw).hexdigest()
    suffix = Path(path).suffix.lower()
    base = {"source_path": rel, "sha256": sha, "duplicate_of": ""}

    if suffix in TEXT_SUFFIXES:
        aid = article_id(rel)
        lines = _split_lines(text)
        meta, dropped = _clean_plain(lines, aid, repeated, True)
        result.articles.append({**base, **meta, "article_id": aid, "n_chars_raw": len(text)})
        result.dropped.extend(dropped)
    elif suffix in HTML_SUFFIXES:
        aid = article_id(rel)
        try:
            import trafilatura

            doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, as_dict=True)
        except Exception as exc:  # noqa: BLE001 - a broken page is a problem row, not a crash
            result.problems.append(_problem(rel, "error", f"HTML could not be parsed: {exc}"))
            return result
        doc = doc or {}
        if not isinstance(doc, dict):
            doc = doc.as_dict() if hasattr(doc, "as_dict") else {}
        body = (doc.get("text") or "").strip()
        if not body:
            result.problems.append(_problem(rel, "error", "HTML page has no extractable main text"))
            return result
        paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
        result.articles.append(
            {
                **base,
                "article_id": aid,
                "title": doc.get("title") or "",
                "author": doc.get("author") or "",
                "published": parse_date(doc.get("date") or ""),
                "outlet": doc.get("sitename") or _outlet_from_url(doc.get("url") or ""),
                "original_source": "",
                "section": ", ".join(doc.get("categories") or []) if isinstance(doc.get("categories"), list) else "",
                "tags": list(doc.get("tags") or []) if isinstance(doc.get("tags"), list) else [],
                "body": "\n\n".join(paragraphs),
                "n_chars_raw": len(text),
            }
        )
    else:
        try:
            records = _records(text, suffix)
        except (ValueError, csv.Error) as exc:
            result.problems.append(_problem(rel, "error", f"malformed {suffix[1:].upper()}: {exc}"))
            return result
        for i, record in enumerate(records):
            if not isinstance(record, dict):
                result.problems.append(_problem(rel, "warning", f"record {i + 1} is not an object; skipped"))
                continue
            body_text = _field(record, "text", "body", "content", "article")
            if not body_text:
                result.problems.append(_problem(rel, "warning", f"record {i + 1} has no text/body field; skipped"))
                continue
            aid = article_id(rel, i + 1)
            lines = _split_lines(body_text)
            meta, dropped = _clean_plain(lines, aid, repeated, False)
            url = _field(record, "url", "link")
            tags_field = record.get("tags")
            tags = [str(t) for t in tags_field] if isinstance(tags_field, list) else meta["tags"]
            if isinstance(tags_field, str) and tags_field.strip():
                tags = [t.strip() for t in tags_field.split(",") if t.strip()]
            result.articles.append(
                {
                    **base,
                    **meta,
                    "article_id": aid,
                    "title": _field(record, "title", "headline") or meta["title"],
                    "author": _field(record, "author", "byline") or meta["author"],
                    "published": parse_date(_field(record, "date", "published", "published_at")) or meta["published"],
                    "outlet": _field(record, "source", "outlet", "site") or _outlet_from_url(url) or meta["outlet"],
                    "section": _field(record, "section", "category") or meta["section"],
                    "tags": tags,
                    "n_chars_raw": len(body_text),
                }
            )
            result.dropped.extend(dropped)
    if encoding not in ("utf-8", "ascii"):
        result.problems.append(_problem(rel, "warning", f"decoded as {encoding}"))
    for art in result.articles:
        art["n_chars_body"] = len(art["body"])
        if not art["body"]:
            result.problems.append(_problem(rel, "warning", "no body text left after removing boilerplate"))
    return result


def repeated_lines(paths: Iterable[Path], corpus: Path, min_files: int = REPEATED_MIN_FILES) -> frozenset[str]:
    """Normalised short lines that occur in at least ``min_files`` different files (sidebars, footers)."""
    counts: Counter[str] = Counter()
    for path in paths:
        try:
            raw = Path(path).read_bytes()
            text = decode_bytes(raw).text
        except (OSError, DecodeError):
            continue
        counts.update({normalise_line(line) for line in text.split("\n") if 0 < len(line.strip()) <= 200})
    return frozenset(line for line, n in counts.items() if n >= min_files and line)


def mark_duplicates(articles: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Flag articles whose raw bytes equal an earlier one's: both are kept, the later one points back."""
    if articles.empty:
        return articles, []
    first = articles.groupby("sha256")["article_id"].transform("first")
    dup = first != articles["article_id"]
    articles = articles.assign(duplicate_of=first.where(dup, ""))
    problems = [
        _problem(src, "warning", f"same content as {orig} (duplicate; both kept)")
        for src, orig in zip(articles.loc[dup, "source_path"], articles.loc[dup, "duplicate_of"], strict=True)
    ]
    return articles, problems


def assemble(results: Iterable[FileResult], problems: list[dict]) -> ReadResult:
    """Combine per-file results into the three tables (shared by the local and Dask engines)."""
    arts: list[dict] = []
    dropped: list[dict] = []
    probs = list(problems)
    for r in results:
        arts.extend(r.articles)
        dropped.extend(r.dropped)
        probs.extend(r.problems)
    cols = tables.column_names("articles")
    articles = pd.DataFrame(arts, columns=cols) if arts else tables.empty_table("articles")
    articles = articles.sort_values("source_path", kind="stable").reset_index(drop=True)
    articles, dup_problems = mark_duplicates(articles)
    probs.extend(dup_problems)
    dropped_df = pd.DataFrame(dropped, columns=tables.column_names("dropped_lines"))
    problems_df = pd.DataFrame(probs, columns=tables.column_names("problems"))
    problems_df = problems_df.sort_values(["source_path", "problem"], kind="stable")
    return ReadResult(
        tables.conform(articles, "articles"),
        tables.conform(dropped_df.sort_values(["article_id", "line_no"], kind="stable"), "dropped_lines"),
        tables.conform(problems_df, "problems"),
    )


def read_corpus(corpus_dir: str | os.PathLike, progress: bool = False) -> ReadResult:
    """Read every article file under ``corpus_dir`` (one file in memory at a time, plus the tables)."""
    corpus = Path(corpus_dir).resolve()
    paths, problems = discover_files(corpus)
    repeated = repeated_lines(paths, corpus)
    iterator = tqdm(paths, desc="read", unit="file") if progress else paths
    return assemble((read_file(p, corpus, repeated) for p in iterator), problems)


def drop_rate(corpus_dir: str | os.PathLike) -> float:
    """Share of characters of plain-text articles removed as boilerplate (title lines count as kept)."""
    result = read_corpus(corpus_dir)
    raw = int(result.articles["n_chars_raw"].sum())
    dropped = int(result.dropped_lines["text"].str.len().sum())
    return dropped / raw if raw else 0.0
