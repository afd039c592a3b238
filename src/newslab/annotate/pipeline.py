"""Stream article bodies through spaCy and the extractors, with chunking and a per-article cache.

The extractors run inside the spaCy pipeline as a last component (``newslab_extract``), so with
``n_process > 1`` they run in the worker processes next to the parser instead of serially in the
main process. Their rows travel back on ``doc._.newslab_rows`` (plain dicts, msgpack-safe).

Bodies longer than ``max_chunk_chars`` are split at paragraph (then line, then sentence) breaks
and each chunk is processed on its own; offsets are shifted back, so ``body[start:end]`` holds for
every row and nothing is truncated. Documents are never collected in memory: each article's rows
are yielded as soon as its last chunk comes out of ``nlp.pipe``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NamedTuple

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newslab.annotate import attribution, claims, dates, entities, quotes
from newslab.annotate.cache import AnnotationCache, CorruptEntry, cache_key

# Bump when an extractor's rules change: it invalidates every cache entry.
PIPELINE_VERSION = "2026.11.26-15"  # figure sources round 4 and claims recall (scaled amounts, currency plurals)
MAX_CHUNK_CHARS = 20_000
# Characters parsed together in one nlp.pipe batch (see _annotate_chunks).
BATCH_CHARS = 60_000
ROW_TABLES = ("entities", "claims", "quotes", "dates")
FAILURES = "failures"  # extractors that failed on a chunk (see extract_rows); not a table
EXTRACT_COMPONENT = "newslab_extract"


# Results on Doc extensions, as spaCy's own components and edsnlp's qualifiers keep theirs:
# ``doc._.published`` is set before the pipeline runs (dates resolve against it), ``doc._.newslab_rows``
# holds every extractor's rows afterwards. ``force``: notebooks reload this module (autoreload).
Doc.set_extension("published", default=None, force=True)
Doc.set_extension("newslab_rows", default=None, force=True)


@Language.factory(EXTRACT_COMPONENT)
def make_extractor(nlp: Language, name: str) -> Callable[[Doc], Doc]:  # noqa: ARG001 -- spaCy's factory signature
    """The last component: every extractor's rows on ``doc._.newslab_rows`` (see :func:`extract_rows`).

    The extractors' word lists are data files in ``newslab/data`` (``claims_lexicon.json``,
    ``attribution_cues.json``), read by the extractors themselves.
    """
    return _extract_component


def _extract_component(doc: Doc) -> Doc:
    doc._.newslab_rows = extract_rows(doc, doc._.published or None)
    return doc


def extract_rows(doc: Doc, published: str | None) -> dict[str, list[dict[str, Any]]]:
    """Every extractor's rows for one Doc, offsets relative to ``doc.text``.

    An extractor that fails on some text loses its rows for this Doc only: the failure is kept under
    ``FAILURES`` (it becomes a warning in ``annotate_problems``, and the article is not cached, so a fixed
    extractor reruns it) and the other extractors and articles go on. A corpus of scraped pages always
    holds some text no rule was tested on; it must not cost the researcher the whole report.
    """
    extractors: dict[str, Callable[[], list[dict[str, Any]]]] = {
        "entities": lambda: entities.extract_entities(doc),
        "claims": lambda: claims.extract_claims(doc),
        "quotes": lambda: quotes.extract_quotes(doc),
        "dates": lambda: dates.extract_dates(doc, published),
    }
    rows: dict[str, list[dict[str, Any]]] = {FAILURES: []}
    for table, extract in extractors.items():
        try:
            rows[table] = extract()
        except Exception as exc:  # noqa: BLE001 -- recorded, see the docstring
            rows[table] = []
            problem = f"{table} extractor failed on this text ({type(exc).__name__}: {exc}); its rows are missing"
            rows[FAILURES].append({"start": 0, "end": 0, "problem": problem})
    try:  # figures inside quotations are their speaker's: needs both the claims and the quotes of the Doc
        attribution.quoted_figure_sources(rows["claims"], rows["quotes"])
    except Exception as exc:  # noqa: BLE001 -- recorded like an extractor's failure
        problem = f"claims: quoted figures' sources failed on this text ({type(exc).__name__}: {exc})"
        rows[FAILURES].append({"start": 0, "end": 0, "problem": problem})
    return rows


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


def model_id(model: str | Language) -> str:
    """The model's identity, ``lang_name-version``: it keys the annotation cache and the run's fingerprint.

    ``model`` is a loaded pipeline, or the name of an installed pipeline package or a pipeline folder (the
    ``MODEL`` parameter), whose ``meta.json`` is read without loading it. An unreadable meta gives the name.
    """
    meta = model.meta if isinstance(model, Language) else _installed_meta(model)
    return _identity(meta) if meta else str(model)


def _identity(meta: dict[str, Any]) -> str:
    return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"


def model_version(model: str) -> str:
    """The model's name and version as the page footer shows them (``en_core_web_sm 3.8.0``), or ``unknown``."""
    meta = _installed_meta(model)
    return f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}" if meta else "unknown"


def _installed_meta(model: str) -> dict[str, Any]:
    try:
        path = spacy.util.get_package_path(model) if not Path(model).is_dir() else Path(model)
        return spacy.util.get_model_meta(path)
    except Exception:  # noqa: BLE001 - an unusual install: identified by its name, the footer says "unknown"
        return {}


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
    """What an annotation run did; partitions' statistics add up with ``+=`` (every field, counts and lists)."""

    annotated: int = 0
    cached: int = 0
    chunks: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)

    def __iadd__(self, other: AnnotateStats) -> AnnotateStats:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


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
    model_identity: str | None = None,
    model: str | None = None,
) -> Iterator[tuple[str, dict[str, list[dict[str, Any]]]]]:
    """Yield ``(article_id, rows)`` for every article, from the cache when the body is unchanged.

    ``rows`` maps each table in ``ROW_TABLES`` to a list of dicts with offsets into the article's
    body (no ``article_id`` column: the caller adds it). Cached articles are yielded first; the
    others stream through ``nlp.pipe``. ``nlp`` may be a loader called only when some article
    is not cached (then ``model_identity``, :func:`model_id` of the model, keys the cache), so a warm rerun never
    loads the model or starts worker processes. With ``model`` (the name to load) and ``n_process > 1`` the
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
        load, mid = nlp, model_identity or ""
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
    if processes > 1 and model:
        results = _annotate_in_pool(model, chunks, processes, batch_size)
    else:
        results = _annotate_chunks(load(), chunks, batch_size)
    keys = {art.article_id: key for art, key in todo}
    for article_id, rows, n_chunks in _assemble(results):
        failures = rows.pop(FAILURES)
        for failure in failures:
            stats.problems.append({"source_path": article_id, "severity": "warning", "problem": failure["problem"]})
        if not failures:
            cache.put(keys[article_id], rows)
        stats.annotated += 1
        stats.chunks += n_chunks
        yield article_id, rows


class Chunk(NamedTuple):
    """A piece of an article's body small enough for one ``nlp.pipe`` call (see :func:`chunk_text`)."""

    article_id: str
    offset: int  # into the article's body
    n_chunks: int  # of that article
    text: str
    published: str


Rows = dict[str, list[dict[str, Any]]]
# article_id, offset, number of chunks of that article, rows with offsets into the whole body
ChunkResult = tuple[str, int, int, Rows]


def _chunks(todo: list[tuple[Article, str]], max_chunk_chars: int) -> Iterator[Chunk]:
    for art, _ in todo:
        pieces = chunk_text(art.body, max_chunk_chars)
        for offset, text in pieces:
            yield Chunk(art.article_id, offset, len(pieces), text, art.published)


def _assemble(results: Iterable[ChunkResult]) -> Iterator[tuple[str, Rows, int]]:
    """Join chunk results (in any order) into whole articles, rows in body order; yield each when complete."""
    parts: dict[str, dict[int, Rows]] = {}
    for article_id, offset, n_chunks, rows in results:
        done = parts.setdefault(article_id, {})
        done[offset] = rows
        if len(done) == n_chunks:
            del parts[article_id]
            tables = (*ROW_TABLES, FAILURES)
            yield article_id, {t: [r for o in sorted(done) for r in done[o].get(t, [])] for t in tables}, n_chunks


def _groups(chunks: Iterable[Chunk], max_chunks: int, max_chars: int) -> Iterator[list[Chunk]]:
    """Consecutive chunks in groups of at most ``max_chunks`` chunks and ``max_chars`` characters.

    A chunk longer than ``max_chars`` forms a group of its own.
    """
    group: list[Chunk] = []
    size = 0
    for chunk in chunks:
        if group and (len(group) >= max_chunks or size + len(chunk.text) > max_chars):
            yield group
            group, size = [], 0
        group.append(chunk)
        size += len(chunk.text)
    if group:
        yield group


def _annotate_chunks(model: Language, chunks: Iterable[Chunk], batch_size: int) -> Iterator[ChunkResult]:
    """Stream chunks through ``nlp.pipe`` in this process, in batches capped by count *and* characters.

    spaCy batches by count only, so 32 chunks of 20,000 characters would sit parsed in memory
    together (over a gigabyte); a character cap keeps one huge article as light as many short ones.
    """
    for group in _groups(chunks, batch_size, BATCH_CHARS):
        docs = []
        for chunk in group:
            doc = model.make_doc(chunk.text)
            doc._.published = chunk.published
            docs.append((doc, chunk))
        for doc, chunk in model.pipe(docs, as_tuples=True, batch_size=len(docs)):
            yield chunk.article_id, chunk.offset, chunk.n_chunks, _shift(doc._.newslab_rows, chunk.offset)


_WORKER_NLP: Language | None = None
CHUNKS_PER_TASK = 16
CHARS_PER_TASK = 120_000


def _init_worker(model: str) -> None:
    global _WORKER_NLP
    _WORKER_NLP = load_pipeline(model)


def _work(task: list[Chunk], batch_size: int) -> list[ChunkResult]:
    assert _WORKER_NLP is not None, "worker started without _init_worker"
    return list(_annotate_chunks(_WORKER_NLP, task, batch_size))


def _annotate_in_pool(
    model: str, chunks: Iterable[Chunk], processes: int, batch_size: int
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
                             initargs=(model,)) as pool:  # fmt: skip
        queued = _groups(chunks, CHUNKS_PER_TASK, CHARS_PER_TASK)
        running = {pool.submit(_work, task, batch_size) for task in itertools.islice(queued, processes * 2)}
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
                running.update(pool.submit(_work, task, batch_size) for task in itertools.islice(queued, 1))
