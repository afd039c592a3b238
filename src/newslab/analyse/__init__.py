"""Stage 3: analyses across articles and outlets, as pure functions over the Parquet tables."""

from __future__ import annotations

import re

import pandas as pd

# Which entity labels make up each group shown in the reports.
ENTITY_GROUPS: dict[str, tuple[str, ...]] = {
    "People": ("PERSON",),
    "Organisations": ("ORG", "OUTLET"),
    # Nationalities, religious and political groups ("Russian", "North Koreans"): not organisations.
    "Nationalities and groups": ("NORP",),
    "Places": ("GPE", "LOC", "FAC"),
    "Weapons": ("WEAPON",),
}


def entity_counts(entities: pd.DataFrame, labels: tuple[str, ...]) -> pd.DataFrame:
    """Mentions and articles per canonical name for the given labels, most mentioned first."""
    subset = entities[entities["label"].isin(labels)]
    counts = (
        subset.groupby("canonical")
        .agg(mentions=("text", "size"), articles=("article_id", "nunique"), label=("label", lambda s: s.mode().iat[0]))
        .reset_index()
        .sort_values(["mentions", "articles", "canonical"], ascending=[False, False, True], kind="stable")
    )
    return counts[["canonical", "label", "mentions", "articles"]].reset_index(drop=True)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def plot_text(value: object, max_chars: int | None = None) -> str:
    """Article text made safe as a matplotlib label: cut to ``max_chars``, control characters as one space,
    and every ``$`` escaped.

    Matplotlib reads text between two ``$`` as maths and raises at draw time when it does not parse
    ("$$", "$_$"), so a headline like "Bids rise from $5 to $$" would fail the whole page.
    """
    text = _CONTROL.sub(" ", str(value))
    if max_chars is not None:
        text = text[:max_chars]
    return text.replace("$", r"\$")
