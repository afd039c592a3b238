"""Stage 3: analyses across articles and outlets, as pure functions over the Parquet tables."""

from __future__ import annotations

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
