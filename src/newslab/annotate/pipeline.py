"""Stream article bodies through spaCy and the extractors, with chunking and a per-article cache.

The extractors run inside the spaCy pipeline as a last component (``newslab_extract``), so with
``n_process > 1`` they run in the worker processes next to the parser instead of serially in the
main process. Their rows travel back in ``doc.user_data`` (plain dicts, msgpack-safe).

Bodies longer than ``max_chunk_chars`` are split at paragraph (then line, then sentence) breaks
and each chunk is processed on its own; offsets are shifted back, so ``body[start:end]`` holds for
every row and nothing is truncated. Documents are never collected in memory: each article's rows
are yielded as soon as its last chunk comes out of ``nlp.pipe``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newslab.annotate import claims, dates, entities, quotes
from newslab.annotate.cache import AnnotationCache, CorruptEntry, cache_key

# Bump when an extractor's rules change: it invalidates every cache entry.
PIPELINE_VERSION = "2026.11.26-dates"  # dates: any 4-digit year; decades, centuries, BC unresolved; "N years ago"
MAX_CHUNK_CHARS = 20_000
# Characters parsed together in one nlp.pipe batch (see _annotate_chunks).
BATCH_CHARS = 60_000
ROW_TABLES = ("entities", "claims", "quotes", "dates")
EXTRACT_COMPONENT = "newslab_extract"


@Language.component(EXTRACT_COMPONENT)
def _extract_component(doc: Doc) -> Doc:
    doc.user_data["newslab_rows"] = extract_rows(doc, doc.user_data.get("newslab_published") or None)
    return doc


def extract_rows(doc: Doc, published: str | None) -> dict[str, list[dict[str, Any]]]:
    """Every extractor's rows for one Doc, offsets relative to ``doc.text``."""
    return {
        "entities": entities.extract_entities(doc),
        "claims": claims.extract_claims(doc),
        "quotes": quotes.extract_quotes(doc),
        "dates": dates.extract_dates(doc, published),
    }


def load_pipeline(model: str) -> Language:
    """Load an installed spaCy pipeline, add the domain gazetteer and the extraction component.

    Components the extractors do not read are disabled rather than removed, so a user can turn
    them back on; ``senter`` is redundant with the parser.
    """
    nlp = spacy.load(model, disable=["senter"]) if _has_component(model) else spacy.load(model)
    entities.add_gazetteer(nlp)
    nlp.add_pipe(EXTRACT_COMPONENT, last=True)
    return nlp


def _has_component(model: str) -> bool:
    try:
        return "senter" in spacy.util.get_model_meta(spacy.util.get_package_path(model)).get("components", [])
    except Exception:  # a pipeline folder or an unusual package: just load it as it is
        return False


def model_id(nlp: Language) -> str:
    """``lang_name-version`` of the loaded pipeline, as recorded in the cache key and the footer."""
    return meta_id(nlp.meta)


def meta_id(meta: dict[str, Any]) -> str:
    return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"


_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def chunk_text(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split ``text`` into ``(offset, chunk)`` pieces of at most ``max_chars`` characters.

    Cuts at the last paragraph break before the limit, else the last line break, sentence end or
    space; a piece with none of these is cut hard. ``text[offset:offset+len(chunk)] == chunk``.
    """
    pieces: list[tuple[int, str]] = []
    pos = 0
    while len(text) - pos > max_chars:
        window = text[pos : pos + max_chars]
        cut = 0
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
            if ends and ends[-1] > max_chars // 4:
                cut = ends[-1]
                break
        cut = cut or max_chars
        pieces.append((pos, window[:cut]))
        pos += cut
    pieces.append((pos, text[pos:]))
    return [(offset, chunk) for offset, chunk in pieces if chunk]


@dataclass
class Article:
    article_id: str
    body: str
    published: str = ""


@dataclass
class AnnotateStats:
    annotated: int = 0
    cached: int = 0
    chunks: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)


def _shift(rows: dict[str, list[dict[str, Any]]], offset: int) -> dict[str, list[dict[str, Any]]]:
    if offset == 0:
        return rows
    return {
        name: [{**r, "start": r["start"] + offset, "end": r["end"] + offset} for r in table]
        for name, table in rows.items()
    }


def annotate_articles(
    nlp: Language | Callable[[], Language],
    articles: Iterable[Article],
    cache: AnnotationCache | None = None,
    n_process: int = 1,
    batch_size: int = 32,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
    stats: AnnotateStats | None = None,
    model_key: str | None = None,
    model_name: str | None = None,
) -> Iterator[tuple[str, dict[str, list[dict[str, Any]]]]]:
    """Yield ``(article_id, rows)`` for every article, from the cache when the body is unchanged.

    ``rows`` maps each table in ``ROW_TABLES`` to a list of dicts with offsets into the article's
    body (no ``article_id`` column: the caller adds it). Cached articles are yielded first; the
    others stream through ``nlp.pipe``. ``nlp`` may be a loader called only when some article
    is not cached (then ``model_key`` names the model for the cache key), so a warm rerun never
    loads the model or starts worker processes. With ``model_name`` and ``n_process > 1`` the
    work goes to a pool of worker processes (see :func:`_annotate_in_pool`).
    """
    cache = cache or AnnotationCache(None)
    stats = stats if stats is not None else AnnotateStats()
    if isinstance(nlp, Language):
        loaded = nlp
        mid = model_id(nlp)

        def load() -> Language:
            return loaded
    else:
        load, mid = nlp, model_key or ""
    todo: list[tuple[Article, str]] = []
    for art in articles:
        key = cache_key(art.body, art.published, mid, PIPELINE_VERSION)
        try:
            cached = cache.get(key)
        except CorruptEntry as exc:
            stats.problems.append({"source_path": art.article_id, "severity": "warning", "problem": str(exc)})
            cached = None
        if cached is not None:
            stats.cached += 1
            yield art.article_id, cached
        elif not art.body:
            stats.annotated += 1
            yield art.article_id, {t: [] for t in ROW_TABLES}
        else:
            todo.append((art, key))
    if not todo:
        return
    # Worker processes cost a model load each: not worth it for a handful of chunks.
    chunk_estimate = sum(len(art.body) // max_chunk_chars + 1 for art, _ in todo)
    processes = max(1, min(n_process, chunk_estimate // 8 or 1))
    chunks = _chunks(todo, max_chunk_chars)
    if processes > 1 and model_name:
        results = _annotate_in_pool(model_name, chunks, processes, batch_size)
    else:
        results = _annotate_chunks(load(), chunks, batch_size)
    keys = {art.article_id: key for art, key in todo}
    for article_id, rows, n_chunks in _assemble(results):
        cache.put(keys[article_id], rows)
        stats.annotated += 1
        stats.chunks += n_chunks
        yield article_id, rows


# article_id, offset into its body, number of chunks of that article, text, published
Chunk = tuple[str, int, int, str, str]
Rows = dict[str, list[dict[str, Any]]]
# article_id, offset, number of chunks of that article, rows with offsets into the whole body
ChunkResult = tuple[str, int, int, Rows]


def _chunks(todo: list[tuple[Article, str]], max_chunk_chars: int) -> Iterator[Chunk]:
    for art, _ in todo:
        pieces = chunk_text(art.body, max_chunk_chars)
        for offset, text in pieces:
            yield art.article_id, offset, len(pieces), text, art.published


def _assemble(results: Iterable[ChunkResult]) -> Iterator[tuple[str, Rows, int]]:
    """Join chunk results (in any order) into whole articles, rows in body order; yield each when complete."""
    parts: dict[str, dict[int, Rows]] = {}
    for article_id, offset, n_chunks, rows in results:
        done = parts.setdefault(article_id, {})
        done[offset] = rows
        if len(done) == n_chunks:
            del parts[article_id]
            yield article_id, {t: [r for o in sorted(done) for r in done[o][t]] for t in ROW_TABLES}, n_chunks


def _groups(chunks: Iterable[Chunk], max_chunks: int, max_chars: int) -> Iterator[list[Chunk]]:
    """Consecutive chunks in groups of at most ``max_chunks`` chunks and ``max_chars`` characters.

    A chunk longer than ``max_chars`` forms a group of its own.
    """
    group: list[Chunk] = []
    size = 0
    for chunk in chunks:
        if group and (len(group) >= max_chunks or size + len(chunk[3]) > max_chars):
            yield group
            group, size = [], 0
        group.append(chunk)
        size += len(chunk[3])
    if group:
        yield group


def _annotate_chunks(model: Language, chunks: Iterable[Chunk], batch_size: int) -> Iterator[ChunkResult]:
    """Stream chunks through ``nlp.pipe`` in this process, in batches capped by count *and* characters.

    spaCy batches by count only, so 32 chunks of 20,000 characters would sit parsed in memory
    together (over a gigabyte); a character cap keeps one huge article as light as many short ones.
    """
    for group in _groups(chunks, batch_size, BATCH_CHARS):
        docs = []
        for article_id, offset, n_chunks, text, published in group:
            doc = model.make_doc(text)
            doc.user_data["newslab_published"] = published
            docs.append((doc, (article_id, offset, n_chunks)))
        for doc, (article_id, offset, n_chunks) in model.pipe(docs, as_tuples=True, batch_size=len(docs)):
            yield article_id, offset, n_chunks, _shift(doc.user_data["newslab_rows"], offset)


_WORKER_NLP: Language | None = None
CHUNKS_PER_TASK = 16
CHARS_PER_TASK = 120_000


def _init_worker(model_name: str) -> None:
    global _WORKER_NLP
    _WORKER_NLP = load_pipeline(model_name)


def _work(task: list[Chunk], batch_size: int) -> list[ChunkResult]:
    assert _WORKER_NLP is not None, "worker started without _init_worker"
    return list(_annotate_chunks(_WORKER_NLP, task, batch_size))


def _annotate_in_pool(
    model_name: str, chunks: Iterable[Chunk], processes: int, batch_size: int
) -> Iterator[ChunkResult]:
    """Annotate chunks in ``processes`` worker processes, each loading the pipeline once.

    Hand-rolled instead of ``nlp.pipe(n_process=...)``: spaCy's workers send every Doc back to
    the parent, which must deserialise it; here only the extracted rows travel, so the parent
    stays idle and the workers get the CPUs. Tasks are chunks, not articles, so one huge article
    is spread over all workers; they are submitted a few at a time, so memory stays bounded however
    large the corpus is.
    """
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(processes, mp_context=mp.get_context(method), initializer=_init_worker,
                             initargs=(model_name,)) as pool:  # fmt: skip
        queued = _groups(chunks, CHUNKS_PER_TASK, CHARS_PER_TASK)
        running = {pool.submit(_work, task, batch_size) for task in itertools.islice(queued, processes * 2)}
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
                running.update(pool.submit(_work, task, batch_size) for task in itertools.islice(queued, 1))


def model_meta(model: str) -> dict[str, str]:
    """Name and version of an installed pipeline, read from its meta.json without loading it."""
    try:
        path = spacy.util.get_package_path(model) if not Path(model).is_dir() else Path(model)
        meta = spacy.util.get_model_meta(path)
    except Exception:  # noqa: BLE001 - an unusual install: the footer says "unknown" rather than failing the run
        return {"model": model, "model_id": model, "model_version": "unknown", "spacy_version": spacy.__version__}
    return {
        "model": model,
        "model_id": meta_id(meta),
        "model_version": f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}",
        "spacy_version": spacy.__version__,
        "pipeline_version": PIPELINE_VERSION,
    }
