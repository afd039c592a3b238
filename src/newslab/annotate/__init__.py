"""Stage 2: annotate article bodies into entities, aliases, claims, quotes and dates tables.

Per-article work (spaCy + extractors) streams through :mod:`newslab.annotate.pipeline` and is
cached per article; corpus-wide work (canonical names, speaker resolution, the date each figure
refers to and claim threads) runs afterwards on the tables, vectorised.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pandas as pd
from spacy.language import Language

# Text bars, not tqdm.auto's widgets: papermill streams text to `make report`'s terminal, and
# JupyterLab shows the same bars without ipywidgets.
from tqdm import tqdm

from newslab import tables
from newslab.annotate import canonical, claim_dates, threads
from newslab.annotate.cache import AnnotationCache
from newslab.annotate.pipeline import (
    PIPELINE_VERSION,
    ROW_TABLES,
    AnnotateStats,
    Article,
    annotate_articles,
    load_pipeline,
    model_id,
    model_version,
)

__all__ = [
    "PIPELINE_VERSION",
    "AnnotateResult",
    "AnnotateStats",
    "Article",
    "annotate_corpus",
    "annotate_partition",
    "articles_from_table",
    "load_pipeline",
    "model_id",
    "model_version",
    "link_claims",
    "resolve_names",
    "result_from_rows",
    "rows_to_tables",
]


@dataclass
class AnnotateResult:
    entities: pd.DataFrame
    aliases: pd.DataFrame
    claims: pd.DataFrame
    quotes: pd.DataFrame
    dates: pd.DataFrame
    threads: pd.DataFrame
    problems: pd.DataFrame
    stats: AnnotateStats = field(default_factory=AnnotateStats)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "entities": self.entities,
            "aliases": self.aliases,
            "claims": self.claims,
            "quotes": self.quotes,
            "dates": self.dates,
            "threads": self.threads,
        }

    def outputs(self) -> dict[str, pd.DataFrame]:
        """Every table the annotate stage writes: :meth:`tables` and its own ``annotate_problems``."""
        return {**self.tables(), "annotate_problems": self.problems}


def articles_from_table(articles: pd.DataFrame) -> Iterable[Article]:
    for row in articles[["article_id", "body", "published"]].itertuples(index=False):
        yield Article(str(row.article_id), str(row.body), str(row.published or ""))


def rows_to_tables(per_article: Iterable[tuple[str, dict[str, list[dict]]]]) -> dict[str, pd.DataFrame]:
    """Collect per-article rows into one DataFrame per table, sorted by article and offset."""
    collected: dict[str, list[dict]] = {name: [] for name in ROW_TABLES}
    for article_id, rows in per_article:
        for name in ROW_TABLES:
            collected[name].extend({"article_id": article_id, **r} for r in rows.get(name, []))
    out: dict[str, pd.DataFrame] = {}
    for name, rows in collected.items():
        schema_cols = [c for c in tables.column_names(name) if c != "canonical"]
        df = pd.DataFrame(rows, columns=schema_cols) if rows else pd.DataFrame({c: [] for c in schema_cols})
        out[name] = df.sort_values(["article_id", "start", "end"], kind="stable").reset_index(drop=True)
    return out


def resolve_names(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Canonicalise entity names corpus-wide and map quote speakers and claim sources onto them.

    A speaker or source that names a known entity ("Mr. Putin", "Dietz") becomes that entity's
    canonical name; one that does not ("the soldier") stays as written.
    """
    ents, aliases = canonical.canonicalise(frames["entities"])
    mapping = canonical.build_mapping(ents)

    def resolve(df: pd.DataFrame, column: str) -> pd.DataFrame:
        df = df.copy()
        if len(df):
            df[column] = [
                (mapping.lookup(text, article_id=aid) or text) if text else ""
                for text, aid in zip(df[column].fillna("").astype(str), df["article_id"].astype(str), strict=True)
            ]
        return df

    return {
        "entities": tables.conform(ents, "entities"),
        "aliases": tables.conform(aliases, "aliases"),
        "claims": tables.conform(resolve(frames["claims"], "source"), "claims"),
        "quotes": tables.conform(resolve(frames["quotes"], "speaker"), "quotes"),
        "dates": tables.conform(frames["dates"], "dates"),
    }


def link_claims(frames: dict[str, pd.DataFrame], articles: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Give every claim the date it refers to (``as_of``) and its ``thread``; add the ``threads`` table.

    ``articles`` supplies publication dates (the fallback for ``as_of``) and bodies; without it
    ``as_of`` comes from the sentences only.
    """
    claims = frames["claims"]
    dated = claim_dates.claim_as_of(claims, frames["dates"], articles)
    claims = claims.drop(columns=["as_of", "as_of_from", "thread"], errors="ignore").join(dated)
    claims["thread"] = threads.assign_threads(claims, frames["entities"], articles=articles)
    return {
        **frames,
        "claims": tables.conform(claims, "claims"),
        "threads": tables.conform(threads.threads_table(claims, frames["entities"]), "threads"),
    }


def annotate_partition(
    articles: Iterable[Article],
    model: str,
    cache_dir: str | os.PathLike | None,
    stats: AnnotateStats,
    load: Callable[[], Language] | None = None,
    n_process: int = 1,
    batch_size: int = 32,
) -> Iterator[tuple[str, dict[str, list[dict]]]]:
    """Rows per article for one partition of the corpus, the per-article step both engines share: the whole
    corpus here (:func:`annotate_corpus`), one slice per task on Dask. Unchanged articles come from the cache;
    the pipeline is loaded (``load``, default :func:`load_pipeline`) only when some article is not cached."""
    return annotate_articles(
        load or (lambda: load_pipeline(model)),
        articles,
        cache=AnnotationCache(cache_dir),
        n_process=n_process,
        batch_size=batch_size,
        stats=stats,
        model_identity=model_id(model),
        model=model,
    )


def annotate_corpus(
    articles: pd.DataFrame,
    model: str,
    cache_dir: str | os.PathLike | None = None,
    n_process: int = 1,
    batch_size: int = 32,
    progress: bool = False,
) -> AnnotateResult:
    """Annotate every article of the ``articles`` table; unchanged articles come from the cache."""
    stats = AnnotateStats()
    stream = annotate_partition(
        articles_from_table(articles), model, cache_dir, stats, n_process=n_process, batch_size=batch_size
    )
    if progress:
        stream = tqdm(stream, total=len(articles), desc="annotate", unit="article")
    return result_from_rows(stream, stats, articles)


def result_from_rows(
    per_article: Iterable[tuple[str, dict[str, list[dict]]]],
    stats: AnnotateStats,
    articles: pd.DataFrame | None = None,
) -> AnnotateResult:
    """Tables from per-article rows: the corpus-wide step shared by the local and Dask engines."""
    frames = link_claims(resolve_names(rows_to_tables(per_article)), articles)
    problems = pd.DataFrame(stats.problems, columns=tables.column_names("annotate_problems"))
    return AnnotateResult(**frames, problems=tables.conform(problems, "annotate_problems"), stats=stats)
