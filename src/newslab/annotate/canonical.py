"""One canonical name per entity across the corpus, the ``aliases`` table, and free-text look-up.

Mentions are grouped by a normalised key, computed once per distinct (text, label) pair:

- case, accents, dots, apostrophes, spacing and hyphens are folded
  (``KIM JONG - UN``, ``Kim Jong-un``, ``Kim Jong Un`` -> ``kim jong un``; ``U.S.`` -> ``us``);
- a leading "the" and a trailing possessive go (``the Kremlin``, ``Putin's``);
- for people, leading titles go (``Mr.``, ``Defence Minister``) and transliterations are folded:
  word endings (``Zelenskyy``/``Zelensky``/``Zelenskiy``, ``Sergey``/``Sergei``) and the
  given-name groups of ``data/aliases.json`` (``Volodymyr``/``Vladimir``). The whole name is the
  key, so given-name variants only merge when the surname matches too (Vladimir Putin and
  Volodymyr Zelensky stay apart);
- the gazetteer's pattern ids and ``data/aliases.json`` map known variants to one name
  (``US``, ``U.S.``, ``USA``, ``America`` -> ``United States``; ``Kiev`` -> ``Kyiv``).

A one-word person name (``Belousov``, ``Mr. Belousov``) becomes the full name with that surname
(or, for names written family-name first like ``Kim``, that first name) in the same article,
else the one full name in the corpus with that surname, else stays as written.

The displayed canonical name of a group is the gazetteer/alias name when there is one, else its
most frequent properly-cased variant (not ALL CAPS, not all lower case), longer first on ties.
Everything is ``drop_duplicates``, merges, group-bys and dictionary look-ups: linear in the
number of mentions, no pairwise comparison of names.

Labels are grouped into families so that the small model's inconsistent labels do not split a
name: GPE and LOC are one family (places), ORG and OUTLET another.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd

from newslab import tables
from newslab.annotate.entities import load_cues, read_gazetteer
from newslab.data import load_json

ALIASES_FILE = "aliases.json"
FAMILIES = {"GPE": "PLACE", "LOC": "PLACE", "ORG": "ORG", "OUTLET": "ORG"}
# Families tried, in order, when a free-text look-up does not say what kind of name it is.
LOOKUP_ORDER = ("PERSON", "ORG", "PLACE", "WEAPON", "FAC", "EVENT", "NORP")
_SEP = "\x1f"
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$", re.IGNORECASE)
_POSSESSOR = re.compile(r"^(?P<owner>.+?)['\u2019]s\s+(?P<rest>.+)$")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)$")
_DASH = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014]\s*")


def family(label: str) -> str:
    """The group of labels whose mentions may share a canonical name."""
    return FAMILIES.get(label, label)


@dataclass(frozen=True)
class AliasData:
    fixed: dict[tuple[str, str], str]  # (family, key) -> canonical display name
    given_names: dict[str, str]  # transliteration -> the group's first spelling
    institution_nouns: frozenset[str]
    titles: frozenset[str]


@cache
def load_alias_data() -> AliasData:
    """``data/aliases.json`` plus the gazetteer's ids, loaded once per process."""
    data = load_json(ALIASES_FILE)
    given = {name.lower(): group[0].lower() for group in data.get("given_names", []) for name in group}
    titles = load_cues().titles
    fixed: dict[tuple[str, str], str] = {}
    for pattern in read_gazetteer():
        canonical = pattern.get("id")
        fam = family(pattern["label"])
        for surface in _pattern_surfaces(pattern["pattern"]):
            if canonical:
                fixed[(fam, name_key(surface, fam, given, titles))] = canonical
    for canonical, variants in data.get("aliases", {}).items():
        for surface in [canonical, *variants]:
            for fam in ("PLACE", "ORG"):
                fixed[(fam, name_key(surface, fam, given, titles))] = canonical
    return AliasData(
        fixed=fixed,
        given_names=given,
        institution_nouns=frozenset(n.lower() for n in data.get("institution_nouns", [])),
        titles=titles,
    )


def _pattern_surfaces(pattern: Any) -> list[str]:
    """The literal strings an EntityRuler pattern matches, when it is simple enough to tell.

    A phrase is itself; a token pattern yields its strings when every required token is a plain
    TEXT/LOWER/ORTH value, and a one-token ``IN`` list yields each member. Regex and optional
    tokens are skipped (they have no single literal form).
    """
    if isinstance(pattern, str):
        return [pattern]
    if not isinstance(pattern, list) or not pattern:
        return []
    words: list[str] = []
    for tok in pattern:
        if tok.get("OP") in ("?", "*"):
            continue
        value = next((tok[k] for k in ("TEXT", "ORTH", "LOWER") if k in tok), None)
        if isinstance(value, str):
            words.append(value)
        elif isinstance(value, dict) and len(pattern) == 1 and isinstance(value.get("IN"), list):
            return [str(v) for v in value["IN"]]
        else:
            return []
    return [" ".join(words)] if words else []


# --------------------------------------------------------------------------- normalisation


def _fold_ending(word: str) -> str:
    """Fold transliterated endings of long words: -ey/-ei -> -ei; -yy/-iy/-ii/-yi/-y -> -i."""
    if len(word) < 5:
        return word
    if word.endswith(("ey", "ei")):
        return word[:-2] + "ei"
    return re.sub(r"(?:yy|iy|ii|yi|y)$", "i", word)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_key(
    text: str,
    fam: str = "",
    given_names: dict[str, str] | None = None,
    titles: frozenset[str] | None = None,
) -> str:
    """The grouping key of a name (see the module docstring for what it folds)."""
    t = _strip_accents(text).casefold().replace("\u2019", "'").strip()
    t = _POSSESSIVE.sub("", t)
    t = t.replace(".", "").replace("'", "")
    t = re.sub(r"[-\u2010-\u2015/]+", " ", t)
    words = re.sub(r"[^\w ]+", " ", t).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    if fam == "PERSON":
        titles = load_cues().titles if titles is None else titles
        while len(words) > 1 and words[0] in titles:
            words = words[1:]
        given_names = load_alias_data().given_names if given_names is None else given_names
        if len(words) > 1:
            words = [given_names.get(w, w) for w in words[:-1]] + words[-1:]
        words = [_fold_ending(w) for w in words]
    return " ".join(words)


def clean_surface(text: str, fam: str = "", titles: frozenset[str] | None = None) -> str:
    """A display form: spacing and hyphen spacing tidied, "the", possessive (and for people, titles) dropped."""
    t = " ".join(text.split())
    t = _DASH.sub("-", t) if re.search(r"\w\s*-\s*\w", t) else t
    t = _POSSESSIVE.sub("", t).strip()
    words = t.split(" ")
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    if fam == "PERSON":
        titles = load_cues().titles if titles is None else titles
        while len(words) > 1 and words[0].lower() in titles:
            words = words[1:]
    return " ".join(words)


def _proper_case(text: str, fam: str) -> bool:
    if text.islower():
        return False
    if text.isupper():  # acronyms (NATO, KCNA) are fine; shouted names (KIM JONG UN) are not
        return fam != "PERSON" and " " not in text and len(text) <= 6
    return True


# --------------------------------------------------------------------------- canonicalise


def canonicalise(entities: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``canonical`` to the entity mentions and build the ``aliases`` table.

    ``entities`` has columns article_id, start, end, text, label, sentence. Returns the
    entities table (``tables.SCHEMAS['entities']`` columns) and the aliases table
    (canonical, label, alias, count), both conformed to their schemas.
    """
    if entities.empty:
        return tables.empty_table("entities"), tables.empty_table("aliases")
    data = load_alias_data()
    df = entities.reset_index(drop=True).copy()
    df["article_id"] = df["article_id"].astype(str)
    surfaces = _surface_table(df[["text", "label"]].drop_duplicates(), data)
    df = df.merge(surfaces, on=["text", "label"], how="left", sort=False)
    df["gid"] = _resolve_short_people(df)
    names = _display_names(df, data)
    df["canonical"] = df["gid"].map(names)
    aliases = (
        df.groupby(["canonical", "label", "text"], sort=False)
        .size()
        .reset_index(name="count")
        .rename(columns={"text": "alias"})
        .sort_values(["canonical", "label", "count", "alias"], ascending=[True, True, False, True], kind="stable")
    )
    ents = tables.conform(df[tables.column_names("entities")], "entities")
    return ents, tables.conform(aliases, "aliases")


def _surface_table(pairs: pd.DataFrame, data: AliasData) -> pd.DataFrame:
    """Per distinct (text, label): family, key, display form, word count and group id."""
    rows = []
    for text, label in zip(pairs["text"].astype(str), pairs["label"].astype(str), strict=True):
        fam = family(label)
        key = name_key(text, fam, data.given_names, data.titles)
        fixed = data.fixed.get((fam, key))
        if fixed is not None:
            key = name_key(fixed, fam, data.given_names, data.titles)
        rows.append(
            {
                "text": text,
                "label": label,
                "family": fam,
                "key": key,
                "clean": clean_surface(text, fam, data.titles),
                "n_words": len(key.split()),
                "fixed": fixed or "",
            }
        )
    out = pd.DataFrame(rows)
    out["gid"] = out["family"] + _SEP + out["key"]
    return out


def _resolve_short_people(df: pd.DataFrame) -> pd.Series:
    """Group id per mention, with one-word person names moved to the full name they stand for.

    Order: a full name in the same article ending with the word, then one starting with it
    (family-name-first names: ``Kim`` -> ``Kim Jong Un``), then the only full name in the corpus
    ending with it. Ambiguous words (two candidates) stay on their own.
    """
    gid = df["gid"].copy()
    person = df["family"] == "PERSON"
    full = df.loc[person & (df["n_words"] >= 2), ["article_id", "key", "gid"]].drop_duplicates()
    short = df.loc[person & (df["n_words"] == 1), ["article_id", "key"]].drop_duplicates()
    if full.empty or short.empty:
        return gid
    words = full["key"].str.split(" ")
    full = full.assign(last=words.str[-1], first=words.str[0])

    def unique_match(left: pd.DataFrame, right: pd.DataFrame, on: list[str]) -> pd.DataFrame:
        m = left.merge(right, on=on, how="inner")
        counts = m.groupby(["article_id", "key"])["gid"].transform("nunique")
        return m.loc[counts == 1, ["article_id", "key", "gid"]].drop_duplicates()

    by_last = unique_match(
        short, full[["article_id", "last", "gid"]].rename(columns={"last": "key"}), ["article_id", "key"]
    )
    rest = short.merge(by_last[["article_id", "key"]], how="left", indicator=True)
    rest = rest.loc[rest["_merge"] == "left_only", ["article_id", "key"]]
    by_first = unique_match(
        rest, full[["article_id", "first", "gid"]].rename(columns={"first": "key"}), ["article_id", "key"]
    )
    rest = rest.merge(by_first[["article_id", "key"]], how="left", indicator=True)
    rest = rest.loc[rest["_merge"] == "left_only", ["article_id", "key"]]
    corpus = full[["last", "gid"]].drop_duplicates()
    corpus = corpus[corpus.groupby("last")["gid"].transform("nunique") == 1].drop_duplicates("last")
    by_corpus = rest.merge(corpus.rename(columns={"last": "key"}), on="key", how="inner")
    resolved = pd.concat([by_last, by_first, by_corpus], ignore_index=True).rename(columns={"gid": "new_gid"})
    merged = df[["article_id", "key"]].assign(_person_short=person & (df["n_words"] == 1))
    merged = merged.merge(resolved, on=["article_id", "key"], how="left", sort=False)
    take = merged["_person_short"].to_numpy() & merged["new_gid"].notna().to_numpy()
    gid[take] = merged.loc[take, "new_gid"].to_numpy()
    return gid


def _display_names(df: pd.DataFrame, data: AliasData) -> dict[str, str]:
    """gid -> display name: the fixed name if any, else the best-cased, most frequent own variant."""
    names: dict[str, str] = {}
    fixed = df.loc[df["fixed"] != "", ["gid", "fixed"]].drop_duplicates("gid")
    names.update(zip(fixed["gid"], fixed["fixed"], strict=True))
    own = df[df["gid"] == df["family"] + _SEP + df["key"]]
    counts = own.groupby(["gid", "family", "clean"], sort=False).size().reset_index(name="count")
    counts["proper"] = [_proper_case(c, f) for c, f in zip(counts["clean"], counts["family"], strict=True)]
    counts["mixed"] = ~counts["clean"].str.isupper()  # "South" over "SOUTH" even for short words
    counts["length"] = counts["clean"].str.len()
    order = ["gid", "proper", "mixed", "count", "length"]
    best = counts.sort_values(order, ascending=[True, False, False, False, False], kind="stable")
    first = best.drop_duplicates("gid")
    for gid, clean in zip(first["gid"], first["clean"], strict=True):  # not .T: transposing Arrow strings is slow
        names.setdefault(gid, clean)
    # Groups reached only through re-mapped mentions (cannot happen for full names, kept for safety).
    for gid in df["gid"].unique():
        names.setdefault(gid, gid.split(_SEP, 1)[1])
    return names


# --------------------------------------------------------------------------- free-text look-up


@dataclass
class Mapping:
    """Maps free text (a quote's speaker, a claim's source) to a canonical entity name.

    Built by :func:`build_mapping` from the canonicalised entities table; :meth:`lookup`
    returns None when the text does not name a known entity.
    """

    names: dict[tuple[str, str], str] = field(default_factory=dict)  # (family, key) -> canonical
    article_names: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (article, family, key)
    article_people: dict[tuple[str, str], str] = field(default_factory=dict)  # (article, one name word)
    surnames: dict[str, str] = field(default_factory=dict)  # corpus-unique surname -> canonical

    def lookup(self, text: str, article_id: str | None = None, label: str | None = None) -> str | None:
        """The canonical name ``text`` refers to, or None.

        Tries the text as a mention (same article first, then the corpus; for one-word person
        names, titles dropped - ``Mr. Putin``, ``Dietz`` - the people of the article, then the
        corpus' unique surnames); then without a trailing parenthesis (``... Staff (JCS)``);
        then a person named at the end of a longer description (``Russian President Vladimir
        Putin``); then the possessed body (``the South's Joint Chiefs of Staff``) or, for an
        institution noun, the possessor (``South Korea's military`` -> ``South Korea``).
        """
        text = (text or "").strip()
        if not text:
            return None
        aid = None if article_id is None else str(article_id)
        found = self._lookup_mention(text, aid, label)
        if found is not None:
            return found
        bare = _TRAILING_PAREN.sub("", text).strip()
        if bare and bare != text and (found := self._lookup_mention(bare, aid, label)) is not None:
            return found
        words = bare.split()
        if label in (None, "PERSON"):
            for i in range(1, len(words) - 1):
                if (found := self._lookup_mention(" ".join(words[i:]), aid, "PERSON")) is not None:
                    return found
        owner = _POSSESSOR.match(bare)
        if owner:
            if (found := self._lookup_mention(owner["rest"], aid, None)) is not None:
                return found
            if _strip_the(owner["rest"]).lower() in load_alias_data().institution_nouns:
                return self._lookup_mention(owner["owner"], aid, None)
        return None

    def _lookup_mention(self, text: str, aid: str | None, label: str | None) -> str | None:
        data = load_alias_data()
        for fam in (family(label),) if label else LOOKUP_ORDER:
            key = name_key(text, fam, data.given_names, data.titles)
            if not key:
                continue
            if aid is not None and (aid, fam, key) in self.article_names:
                return self.article_names[(aid, fam, key)]
            if (fam, key) in self.names:
                return self.names[(fam, key)]
            fixed = data.fixed.get((fam, key))
            if fixed is not None:
                return fixed
            if fam == "PERSON" and " " not in key:
                if aid is not None and (aid, key) in self.article_people:
                    return self.article_people[(aid, key)]
                if key in self.surnames:
                    return self.surnames[key]
        return None


def _strip_the(text: str) -> str:
    return re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)


def build_mapping(entities: pd.DataFrame) -> Mapping:
    """A :class:`Mapping` from a canonicalised entities table (needs article_id, text, label, canonical)."""
    mapping = Mapping()
    if entities.empty:
        return mapping
    data = load_alias_data()
    rows = entities[["article_id", "text", "label", "canonical"]].astype(str).drop_duplicates()
    keyed = _surface_table(rows[["text", "label"]].drop_duplicates(), data)[["text", "label", "family", "key"]]
    rows = rows.merge(keyed, on=["text", "label"], how="left")
    for aid, fam, key, canonical in zip(
        rows["article_id"], rows["family"], rows["key"], rows["canonical"], strict=True
    ):
        mapping.article_names.setdefault((aid, fam, key), canonical)
    corpus = rows[["family", "key", "canonical"]].drop_duplicates()
    corpus = corpus[corpus.groupby(["family", "key"])["canonical"].transform("nunique") == 1]
    mapping.names.update(zip(zip(corpus["family"], corpus["key"], strict=True), corpus["canonical"], strict=True))
    people = rows.loc[rows["family"] == "PERSON", ["article_id", "canonical"]].drop_duplicates()
    people = people.assign(ckey=[name_key(c, "PERSON", data.given_names, data.titles) for c in people["canonical"]])
    people = people[people["ckey"].str.contains(" ")]
    words = people["ckey"].str.split(" ")
    for col in ("first", "last"):
        people[col] = words.str[0] if col == "first" else words.str[-1]
    for col in ("last", "first"):  # a surname match wins over a first-name match
        part = people.drop_duplicates(["article_id", col, "canonical"])
        part = part[part.groupby(["article_id", col])["canonical"].transform("nunique") == 1]
        for aid, word, canonical in zip(part["article_id"], part[col], part["canonical"], strict=True):
            mapping.article_people.setdefault((aid, word), canonical)
    unique_last = people.drop_duplicates(["last", "canonical"])
    unique_last = unique_last[unique_last.groupby("last")["canonical"].transform("nunique") == 1]
    mapping.surnames.update(zip(unique_last["last"], unique_last["canonical"], strict=True))
    return mapping


def canonical_name(text: str, label: str | None, mapping: Mapping, article_id: str | None = None) -> str:
    """``text``'s canonical name when it names a known entity, else ``text`` tidied."""
    found = mapping.lookup(text, article_id=article_id, label=label)
    return found if found is not None else clean_surface(text, family(label or ""))
