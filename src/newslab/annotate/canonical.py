"""One canonical name per entity across the corpus, and the ``aliases`` table.

Variants are grouped by a normalised key: case, spacing and hyphens folded (``KIM JONG - UN``,
``Kim Jong-un`` -> ``kim jong un``), honorifics and possessives dropped (``Mr. Putin's``),
transliterated given-name endings folded (``Sergey``/``Sergei``, ``Andrey``/``Andrei``), and
the gazetteer's ids and ``data/aliases.json`` (``US``, ``U.S.``, ``the United States``) applied.
A one-word person name becomes the full name with that surname in the same article, else in
the corpus when exactly one full name has it. The displayed name of a group is its most frequent
properly-cased variant. Everything is grouping and dictionary look-ups: linear in mentions.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pandas as pd

from newslab.annotate.entities import read_gazetteer as gazetteer_patterns

TITLES = {
    "mr", "mrs", "ms", "dr", "sir", "president", "minister", "general", "gen", "prime", "chancellor",
    "secretary", "leader", "spokesperson", "spokesman", "spokeswoman", "major", "colonel", "lt", "senator",
}  # fmt: skip
PERSONS = ("PERSON",)


def _fold_given(token: str) -> str:
    return re.sub(r"(ey|iy|yi)$", "ei", token)


def normalise(text: str, label: str = "") -> str:
    t = text.lower().replace("’", "'")
    t = re.sub(r"'s?$", "", t.strip())
    t = re.sub(r"[-‐–—.]+", " ", t)
    t = re.sub(r"[^\w' ]+", " ", t)
    tokens = t.split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    if label in PERSONS:
        while len(tokens) > 1 and tokens[0] in TITLES:
            tokens = tokens[1:]
        if len(tokens) >= 2:
            tokens = [_fold_given(tokens[0]), *tokens[1:]]
    return " ".join(tokens)


@lru_cache(maxsize=1)
def static_aliases() -> dict[str, str]:
    """normalised alias -> canonical, from the gazetteer ids and data/aliases.json."""
    out: dict[str, str] = {}
    for pattern in gazetteer_patterns():
        if isinstance(pattern.get("pattern"), str):
            out[normalise(pattern["pattern"])] = pattern.get("id") or pattern["pattern"]
    data = json.loads(resources.files("newslab.data").joinpath("aliases.json").read_text(encoding="utf-8"))
    for canonical, aliases in data["aliases"].items():
        for alias in [canonical, *aliases]:
            out[normalise(alias)] = canonical
    return out


def _display(variants: Counter) -> str:
    def score(item: tuple[str, int]) -> tuple:
        text, count = item
        proper = not text.isupper() and not text.islower()
        return (proper, len(text.split()), count, len(text))

    return max(variants.items(), key=score)[0]


def canonicalise(entities: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``canonical`` to the entity mentions and build the ``aliases`` table."""
    ents = entities.copy()
    if ents.empty:
        ents["canonical"] = pd.Series(dtype="string")
        return ents, pd.DataFrame({"canonical": [], "label": [], "alias": [], "count": []})
    static = static_aliases()
    keys = [normalise(t, lab) for t, lab in zip(ents["text"], ents["label"], strict=True)]
    keys = [static.get(k, k) if k in static else k for k in keys]
    ents["_key"] = keys
    person = ents["label"].isin(PERSONS)
    full = ents[person & (ents["_key"].str.count(" ") >= 1)]
    by_surname_article: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_surname: dict[str, set[str]] = defaultdict(set)
    for aid, key in zip(full["article_id"], full["_key"], strict=True):
        surname = key.split()[-1]
        by_surname_article[(aid, surname)].add(key)
        by_surname[surname].add(key)

    def resolve_short(aid: str, key: str) -> str:
        local = by_surname_article.get((aid, key), set())
        if len(local) == 1:
            return next(iter(local))
        corpus = by_surname.get(key, set())
        return next(iter(corpus)) if len(corpus) == 1 else key

    short = person & (ents["_key"].str.count(" ") == 0)
    ents.loc[short, "_key"] = [
        resolve_short(a, k) for a, k in zip(ents.loc[short, "article_id"], ents.loc[short, "_key"], strict=True)
    ]
    names: dict[str, str] = {}
    static_values = set(static.values())
    for key, group in ents.groupby("_key")["text"]:
        names[key] = key if key in static_values else _display(Counter(group))
    ents["canonical"] = ents["_key"].map(names)
    aliases = (
        ents.groupby(["canonical", "label", "text"]).size().reset_index(name="count").rename(columns={"text": "alias"})
    )
    return ents.drop(columns="_key"), aliases[["canonical", "label", "alias", "count"]]


@dataclass
class Mapping:
    """Maps free text (a quote speaker, a claim source) to a canonical name when it names one."""

    global_names: dict[str, str] = field(default_factory=dict)
    article_names: dict[tuple[str, str], str] = field(default_factory=dict)

    def lookup(self, text: str, article_id: str | None = None) -> str | None:
        for label in ("PERSON", ""):
            key = normalise(text, label)
            if article_id is not None and (article_id, key) in self.article_names:
                return self.article_names[(article_id, key)]
            if key in self.global_names:
                return self.global_names[key]
        return None


def build_mapping(entities: pd.DataFrame) -> Mapping:
    mapping = Mapping()
    if entities.empty:
        return mapping
    for aid, text, label, canonical in zip(
        entities["article_id"], entities["text"], entities["label"], entities["canonical"], strict=True
    ):
        key = normalise(text, label)
        mapping.article_names[(aid, key)] = canonical
        mapping.global_names.setdefault(key, canonical)
        if label in PERSONS and " " in key:
            mapping.article_names.setdefault((aid, key.split()[-1]), canonical)
    return mapping
