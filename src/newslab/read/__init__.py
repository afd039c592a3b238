"""Stage 1: read a corpus folder into the ``articles``, ``dropped_lines`` and ``problems`` tables.

Files are found recursively (hidden files and folders skipped, escaping symlinks refused;
:mod:`~newslab.read.files`), decoded whatever their encoding (:mod:`~newslab.read.decode`),
parsed by kind (.txt/.md plain text; .html/.htm with trafilatura; .json/.jsonl/.csv records;
:mod:`~newslab.read.formats`), and the lines of plain-text bodies are classified as body or
boilerplate *with a reason* (:mod:`~newslab.read.boilerplate`); metadata comes from the lines
set aside (:mod:`~newslab.read.metadata`). Bad files never stop the run: they become rows of
``problems``. Other extensions are not read and are listed as ``warning`` problems.

:func:`read_file` is pure apart from reading its one file, so an engine may map it over any
partition of the paths (see :mod:`newslab.dask_engine`); :func:`assemble` then builds the tables
and marks duplicates, which needs the whole corpus.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# Text bars, not tqdm.auto's widgets: papermill streams text to `make report`'s terminal, and
# JupyterLab shows the same bars without ipywidgets.
from tqdm import tqdm

from newslab import tables
from newslab.config import DEFAULT_MODEL
from newslab.read import boilerplate
from newslab.read.boilerplate import LineVerdict, classify_extracted_lines, classify_lines, normalise_line
from newslab.read.decode import DecodeError, decode_bytes
from newslab.read.files import (
    HTML_SUFFIXES,
    TEXT_SUFFIXES,
    OutsideCorpusError,
    article_id,
    discover_files,
    problem,
    read_bytes_inside,
    relative,
)
from newslab.read.formats import (
    AUTHOR_FIELDS,
    BODY_FIELDS,
    DATE_FIELDS,
    OUTLET_FIELDS,
    SECTION_FIELDS,
    TITLE_FIELDS,
    URL_FIELDS,
    FormatError,
    extract_html,
    outlet_from_url,
    parse_records,
    record_tags,
)
from newslab.read.formats import field as record_field
from newslab.read.metadata import extract_metadata, parse_date

REPEATED_MIN_FILES = 3
REPEATED_MAX_CHARS = 200

__all__ = [
    "FileResult",
    "ReadResult",
    "article_id",
    "assemble",
    "clean_plain_text",
    "discover_files",
    "drop_rate",
    "mark_duplicates",
    "read_corpus",
    "read_file",
    "repeated_lines",
]


@dataclass
class FileResult:
    """Rows produced by one file: articles, dropped lines and problems (plain dicts)."""

    articles: list[dict] = field(default_factory=list)
    dropped: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


@dataclass
class ReadResult:
    """The three tables of the read stage, conforming to :data:`newslab.tables.SCHEMAS`."""

    articles: pd.DataFrame
    dropped_lines: pd.DataFrame
    problems: pd.DataFrame

    def outputs(self) -> dict[str, pd.DataFrame]:
        """Every table the read stage writes, by name."""
        return {"articles": self.articles, "dropped_lines": self.dropped_lines, "problems": self.problems}


def clean_plain_text(
    text: str, aid: str, repeated: frozenset[str] = frozenset(), given_title: str = ""
) -> tuple[dict, list[dict]]:
    """Classify every line of ``text``: (metadata + ``body``, dropped-line rows).

    Body paragraphs are the kept lines joined by blank lines. When the record already gives a
    title (``given_title``), a headline line found in the text is dropped as a repeat of it
    rather than silently lost.
    """
    lines = text.split("\n")
    verdicts: list[LineVerdict] = classify_lines(lines, repeated)
    meta = extract_metadata(lines, verdicts)
    dropped = _dropped_rows(aid, lines, verdicts, ("boilerplate", "metadata"))
    if given_title:
        dropped += _dropped_rows(aid, lines, verdicts, ("title",), "headline (the record gives its own title)")
        meta["title"] = given_title
    dropped.sort(key=lambda row: row["line_no"])
    meta["body"] = _body(lines, verdicts)
    return meta, dropped


def _dropped_rows(
    aid: str, lines: list[str], verdicts: list[LineVerdict], kinds: tuple[str, ...], reason: str | None = None
) -> list[dict]:
    """``dropped_lines`` rows for the lines whose verdict is one of ``kinds`` (with its reason, or ``reason``)."""
    return [
        {"article_id": aid, "line_no": v.index + 1, "text": lines[v.index], "reason": reason or v.reason}
        for v in verdicts
        if v.kind in kinds
    ]


def _body(lines: list[str], verdicts: list[LineVerdict]) -> str:
    """The kept lines, stripped, as paragraphs separated by blank lines."""
    return "\n\n".join(lines[v.index].strip() for v in verdicts if v.kind == "body")


def _plain_article(text: str, rel: str, base: dict, repeated: frozenset[str]) -> FileResult:
    aid = article_id(rel)
    meta, dropped = clean_plain_text(text, aid, repeated)
    return FileResult([{**base, **meta, "article_id": aid, "n_chars_raw": len(text)}], dropped, [])


def _html_article(text: str, rel: str, base: dict) -> FileResult:
    try:
        doc = extract_html(text)
    except Exception as exc:  # noqa: BLE001 - a page trafilatura chokes on is a problem row, not a crash
        return FileResult(problems=[problem(rel, "error", f"HTML could not be parsed: {type(exc).__name__}: {exc}")])
    paragraphs = [p.strip() for p in (doc.get("text") or "").split("\n") if p.strip()]
    title = (doc.get("title") or "").strip()
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # trafilatura repeats the <h1> as the first paragraph
    if not paragraphs:
        return FileResult(problems=[problem(rel, "error", "HTML page has no extractable main text")])
    aid = article_id(rel)
    verdicts = classify_extracted_lines(paragraphs, title)
    from_text = extract_metadata(paragraphs, verdicts)
    dropped = _dropped_rows(aid, paragraphs, verdicts, ("boilerplate", "metadata"))
    categories, tags = doc.get("categories"), doc.get("tags")
    # the page's own markup (meta tags, JSON-LD, as read by trafilatura) wins over lines of its text
    article = {
        **base,
        "article_id": aid,
        "title": title,
        "author": doc.get("author") or from_text["author"],
        "published": parse_date(doc.get("date") or "") or from_text["published"],
        "outlet": doc.get("sitename") or outlet_from_url(doc.get("url") or "") or from_text["outlet"],
        "original_source": from_text["original_source"],
        "section": ", ".join(categories) if isinstance(categories, list) and categories else from_text["section"],
        "tags": list(tags) if isinstance(tags, list) and tags else from_text["tags"],
        "body": _body(paragraphs, verdicts),  # trafilatura's paragraphs are stripped already
        "n_chars_raw": len(text),
    }
    return FileResult([article], dropped)


def _record_articles(text: str, rel: str, suffix: str, base: dict, repeated: frozenset[str]) -> FileResult:
    result = FileResult()
    try:
        records = parse_records(text, suffix)
    except FormatError as exc:
        result.problems.append(problem(rel, "error", str(exc)))
        return result
    if not records:
        result.problems.append(problem(rel, "error", f"no records in this {suffix[1:].upper()} file"))
    for n, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            result.problems.append(problem(rel, "warning", f"record {n} is not an object; skipped"))
            continue
        body_text = record_field(record, BODY_FIELDS)
        if not body_text:
            result.problems.append(problem(rel, "warning", f"record {n} has no text/body field; skipped"))
            continue
        aid = article_id(rel, n)
        meta, dropped = clean_plain_text(body_text, aid, repeated, given_title=record_field(record, TITLE_FIELDS))
        url = record_field(record, URL_FIELDS)
        tags = record_tags(record)
        result.articles.append(
            {
                **base,
                **meta,
                "article_id": aid,
                "author": record_field(record, AUTHOR_FIELDS) or meta["author"],
                "published": parse_date(record_field(record, DATE_FIELDS)) or meta["published"],
                "outlet": record_field(record, OUTLET_FIELDS) or outlet_from_url(url) or meta["outlet"],
                "section": record_field(record, SECTION_FIELDS) or meta["section"],
                "tags": tags if tags is not None else meta["tags"],
                "n_chars_raw": len(body_text),
            }
        )
        result.dropped.extend(dropped)
    return result


def read_file(path: Path, corpus: Path, repeated: frozenset[str] = frozenset()) -> FileResult:
    """Read one file into article rows, dropped lines and problems. Never raises for bad input.

    The path is resolved and checked to lie inside ``corpus`` before it is opened.
    """
    corpus = Path(corpus).resolve()
    path = Path(path)
    rel = relative(path, corpus) if path.is_absolute() else path.as_posix()
    path = path if path.is_absolute() else corpus / path
    try:
        raw = read_bytes_inside(path, corpus)
    except OutsideCorpusError as exc:
        return FileResult(problems=[problem(rel, "error", str(exc))])
    except OSError as exc:
        return FileResult(problems=[problem(rel, "error", f"unreadable: {exc.strerror or exc}")])
    if not raw:
        return FileResult(problems=[problem(rel, "error", "empty file (0 bytes)")])
    try:
        decoded = decode_bytes(raw)
    except DecodeError as exc:
        return FileResult(problems=[problem(rel, "error", str(exc))])
    text = decoded.text
    if not text.strip():
        return FileResult(problems=[problem(rel, "error", "whitespace-only file (no text)")])
    base = {"source_path": rel, "sha256": hashlib.sha256(raw).hexdigest(), "duplicate_of": ""}
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        result = _plain_article(text, rel, base, repeated)
    elif suffix in HTML_SUFFIXES:
        result = _html_article(text, rel, base)
    else:
        result = _record_articles(text, rel, suffix, base, repeated)
    result.problems += [problem(rel, "warning", note) for note in decoded.notes]
    if decoded.encoding not in ("utf-8", "ascii"):
        result.problems.append(problem(rel, "warning", f"decoded as {decoded.encoding}"))
    for art in result.articles:
        art["n_chars_body"] = len(art["body"])
        if not art["body"]:
            result.problems.append(problem(rel, "warning", f"{art['article_id']}: no body text left after cleaning"))
    return result


def repeated_lines(paths: Iterable[Path], corpus: Path, min_files: int = REPEATED_MIN_FILES) -> frozenset[str]:
    """Normalised short lines found in at least ``min_files`` different files (site chrome, sidebars).

    Files with identical bytes count once, so duplicates do not turn a headline into chrome.
    Unreadable or escaping files are skipped here; :func:`read_file` reports them.
    """
    corpus = Path(corpus).resolve()
    counts: Counter[str] = Counter()
    seen: set[str] = set()
    for path in paths:
        try:
            raw = read_bytes_inside(Path(path), corpus)
            digest = hashlib.sha256(raw).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            text = decode_bytes(raw).text
        except (OSError, DecodeError):
            continue
        counts.update({normalise_line(line) for line in text.split("\n") if 0 < len(line) <= REPEATED_MAX_CHARS})
    counts.pop("", None)
    return frozenset(line for line, n in counts.items() if n >= min_files)


def mark_duplicates(articles: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Flag articles whose file bytes equal an earlier file's: both kept, the later points back.

    Records of one multi-record file share the file's hash; they are matched record by record
    (the n-th record of a copy points to the n-th record of the original).
    """
    if articles.empty:
        return articles, []
    articles = articles.copy()
    rank = articles.groupby(["sha256", "source_path"], sort=False).cumcount()
    key = articles["sha256"] + "#" + rank.astype(str)
    first = articles.groupby(key, sort=False)["article_id"].transform("first")
    dup = first != articles["article_id"]
    articles["duplicate_of"] = first.where(dup, "")
    problems = [
        problem(src, "warning", f"duplicate: same content as {orig} (both kept)")
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
    articles = articles.sort_values(["source_path", "article_id"], kind="stable").reset_index(drop=True)
    articles, dup_problems = mark_duplicates(articles)
    probs.extend(dup_problems)
    dropped_df = pd.DataFrame(dropped, columns=tables.column_names("dropped_lines"))
    problems_df = pd.DataFrame(probs, columns=tables.column_names("problems"))
    return ReadResult(
        tables.conform(articles, "articles"),
        tables.conform(dropped_df.sort_values(["article_id", "line_no"], kind="stable"), "dropped_lines"),
        tables.conform(problems_df.sort_values(["source_path", "problem"], kind="stable"), "problems"),
    )


def read_corpus(corpus_dir: str | os.PathLike, progress: bool = False, model: str = DEFAULT_MODEL) -> ReadResult:
    """Read every article file under ``corpus_dir``: one file in memory at a time, plus the tables.

    ``model`` (the run's MODEL) is the spaCy pipeline the caption and byline checks load, if any line needs it.
    """
    corpus = Path(corpus_dir).resolve()
    paths, problems = discover_files(corpus)
    repeated = repeated_lines(paths, corpus)
    iterator = tqdm(paths, desc="read", unit="file") if progress else paths
    return assemble(read_files(iterator, corpus, repeated, model), problems)


def read_files(
    paths: Iterable[Path], corpus: Path, repeated: frozenset[str] = frozenset(), model: str = DEFAULT_MODEL
) -> Iterator[FileResult]:
    """Read each file of one partition of the corpus, the per-file step both engines share: every file here
    (:func:`read_corpus`), one slice per task on Dask. ``repeated`` comes from the whole corpus."""
    boilerplate.use_model(model)
    for path in paths:
        yield read_file(path, corpus, repeated)


def drop_rate(corpus_dir: str | os.PathLike) -> float:
    """Share of the decoded characters of plain-text articles that the cleaning removed.

    Dropped lines (boilerplate and metadata) count as removed; the title line counts as kept.
    The benchmark calls this on clean corpora, where it should stay well under 1%.
    """
    result = read_corpus(corpus_dir)
    plain = result.articles[result.articles["source_path"].str.lower().str.endswith(tuple(TEXT_SUFFIXES))]
    raw = int(plain["n_chars_raw"].sum())
    dropped = result.dropped_lines[result.dropped_lines["article_id"].isin(plain["article_id"])]
    return int(dropped["text"].str.len().sum()) / raw if raw else 0.0
