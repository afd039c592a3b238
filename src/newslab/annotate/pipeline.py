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
PIPELINE_VERSION = "2026.11.25-2"  # 20,000-character chunks
MAX_CHUNK_CHARS = 20_000
# Characters parsed together in one nlp.pipe batch (see _pipe_by_size).
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
    chunks = _Chunks(todo, max_chunk_chars)
    if processes > 1 and model_name:
        results = _annotate_in_pool(model_name, chunks, processes, batch_size)
    else:
        results = _annotate_chunks(load(), chunks, batch_size)
    keys = {art.article_id: key for art, key in todo}
    for article_id, rows in _assemble(results, chunks.pending):
        cache.put(keys[article_id], rows)
        stats.annotated += 1
        stats.chunks += chunks.pending_counts.pop(article_id)
        yield article_id, rows


Chunk = tuple[str, int, str, str]  # article_id, offset into its body, text, published
Rows = dict[str, list[dict[str, Any]]]


class _Chunks:
    """The articles' chunks, produced lazily; ``pending`` counts the chunks of each article not yet done."""

    def __init__(self, todo: list[tuple[Article, str]], max_chunk_chars: int) -> None:
        self.todo, self.max_chunk_chars = todo, max_chunk_chars
        self.pending: dict[str, dict[str, Any]] = {}
        self.pending_counts: dict[str, int] = {}

    def __iter__(self) -> Iterator[Chunk]:
        for art, _ in self.todo:
            pieces = chunk_text(art.body, self.max_chunk_chars)
            # Registered before the first chunk is handed out, so results can never arrive first.
            self.pending[art.article_id] = {"left": len(pieces), "parts": {}}
            self.pending_counts[art.article_id] = len(pieces)
            for offset, text in pieces:
                yield art.article_id, offset, text, art.published


def _assemble(
    results: Iterable[tuple[str, int, Rows]], pending: dict[str, dict[str, Any]]
) -> Iterator[tuple[str, Rows]]:
    """Join chunk results (in any order) into whole articles, rows in body order; yield each when complete."""
    for article_id, offset, rows in results:
        state = pending[article_id]
        state["parts"][offset] = rows
        state["left"] -= 1
        if state["left"] == 0:
            del pending[article_id]
            parts = [state["parts"][o] for o in sorted(state["parts"])]
            yield article_id, {t: [r for part in parts for r in part[t]] for t in ROW_TABLES}


def _annotate_chunks(model: Language, chunks: Iterable[Chunk], batch_size: int) -> Iterator[tuple[str, int, Rows]]:
    """Stream chunks through ``nlp.pipe`` in this process; rows with offsets into the whole body."""

    def docs() -> Iterator[tuple[Doc, tuple[str, int]]]:
        for article_id, offset, text, published in chunks:
            doc = model.make_doc(text)
            doc.user_data["newslab_published"] = published
            yield doc, (article_id, offset)

    for doc, (article_id, offset) in _pipe_by_size(model, docs(), batch_size, BATCH_CHARS):
        yield article_id, offset, _shift(doc.user_data["newslab_rows"], offset)


def _pipe_by_size(
    model: Language, docs: Iterable[tuple[Doc, Any]], max_docs: int, max_chars: int
) -> Iterator[tuple[Doc, Any]]:
    """``nlp.pipe`` over batches capped by document count *and* characters.

    spaCy batches by count only, so 32 chunks of 20,000 characters would sit parsed in memory
    together (over a gigabyte); a character cap keeps one huge article as light as many short ones.
    """
    batch: list[tuple[Doc, Any]] = []
    size = 0
    for item in docs:
        if batch and (len(batch) >= max_docs or size + len(item[0].text) > max_chars):
            yield from model.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, size = [], 0
        batch.append(item)
        size += len(item[0].text)
    if batch:
        yield from model.pipe(batch, as_tuples=True, batch_size=len(batch))


_WORKER_NLP: Language | None = None
CHUNKS_PER_TASK = 16
CHARS_PER_TASK = 120_000


def _init_worker(model_name: str) -> None:
    global _WORKER_NLP
    _WORKER_NLP = load_pipeline(model_name)


def _work(task: list[Chunk], batch_size: int) -> list[tuple[str, int, Rows]]:
    assert _WORKER_NLP is not None, "worker started without _init_worker"
    return list(_annotate_chunks(_WORKER_NLP, task, batch_size))


def _tasks(chunks: Iterable[Chunk]) -> Iterator[list[Chunk]]:
    task: list[Chunk] = []
    size = 0
    for chunk in chunks:
        task.append(chunk)
        size += len(chunk[2])
        if len(task) >= CHUNKS_PER_TASK or size >= CHARS_PER_TASK:
            yield task
            task, size = [], 0
    if task:
        yield task


def _annotate_in_pool(
    model_name: str, chunks: Iterable[Chunk], processes: int, batch_size: int
) -> Iterator[tuple[str, int, Rows]]:
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
        queued = _tasks(chunks)
        running = set()
        for task in queued:
            running.add(pool.submit(_work, task, batch_size))
            if len(running) >= processes * 2:
                break
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
                task = next(queued, None)
                if task is not None:
                    running.add(pool.submit(_work, task, batch_size))


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
