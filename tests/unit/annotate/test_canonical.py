"""Canonical names across the corpus: one name per entity, whatever the spelling, and free-text look-up."""

from __future__ import annotations

import pandas as pd
import pytest

from newslab import tables
from newslab.annotate.canonical import build_mapping, canonical_name, canonicalise, name_key


def mentions(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """(article_id, text, label) rows -> an entities frame with made-up, distinct offsets."""
    return pd.DataFrame(
        [
            {"article_id": aid, "start": 10 * i, "end": 10 * i + len(text), "text": text, "label": label,
             "sentence": f"... {text} ..."}
            for i, (aid, text, label) in enumerate(rows)
        ]
    )  # fmt: skip


def canon(*rows: tuple[str, str, str]) -> list[str]:
    return list(canonicalise(mentions(*rows))[0]["canonical"])


def test_case_spacing_and_hyphen_variants_are_one_name():
    names = canon(("a", "KIM JONG - UN", "PERSON"), ("a", "Kim Jong-un", "PERSON"), ("b", "Kim Jong Un", "PERSON"))
    assert names == ["Kim Jong Un"] * 3


def test_display_name_is_the_most_frequent_properly_cased_variant():
    names = canon(
        ("a", "OSTAP VERBYTSKY", "PERSON"), ("a", "OSTAP VERBYTSKY", "PERSON"), ("a", "OSTAP VERBYTSKY", "PERSON"),
        ("b", "Ostap Verbytsky", "PERSON"), ("c", "ostap verbytsky", "PERSON"),
    )  # fmt: skip
    assert set(names) == {"Ostap Verbytsky"}


def test_transliterated_given_names_merge_when_the_surname_matches():
    names = canon(
        ("a", "Dmitry Volkov", "PERSON"), ("b", "Dmitri Volkov", "PERSON"), ("c", "Dmitriy Volkov", "PERSON"),
        ("a", "Oleksandr Kovalenko", "PERSON"), ("b", "Aleksandr Kovalenko", "PERSON"),
        ("a", "Ivan Kovalskyy", "PERSON"), ("b", "Ivan Kovalsky", "PERSON"), ("c", "Ivan Kovalskiy", "PERSON"),
    )  # fmt: skip
    assert len(set(names[:3])) == 1
    assert len(set(names[3:5])) == 1
    assert len(set(names[5:])) == 1
    assert len(set(names)) == 3


def test_sergei_sergey_and_andrei_andrey():
    names = canon(
        ("a", "Sergei Lavrov", "PERSON"), ("b", "Sergey Lavrov", "PERSON"), ("c", "SERGEY LAVROV", "PERSON"),
        ("a", "Andrey Rudenko", "PERSON"), ("b", "Andrei Rudenko", "PERSON"),
    )  # fmt: skip
    assert names[:3] == ["Sergei Lavrov"] * 3
    assert len(set(names[3:])) == 1


def test_different_surnames_never_merge_on_given_name_variants():
    names = canon(
        ("a", "Vladimir Putin", "PERSON"), ("a", "Volodymyr Zelensky", "PERSON"),
        ("b", "Vladimir Zelensky", "PERSON"),
        ("c", "Volodymyr Petrenko", "PERSON"), ("c", "Vladimir Petrenko", "PERSON"),
    )  # fmt: skip
    assert names[0] == "Vladimir Putin"
    assert names[1] == names[2] == "Volodymyr Zelensky"
    assert names[3] == names[4]
    assert len({names[0], names[1], names[3]}) == 3


def test_possessives_and_leading_the_are_not_part_of_the_name():
    names = canon(
        ("a", "Putin's", "PERSON"), ("a", "Vladimir Putin", "PERSON"), ("b", "the Kremlin", "ORG"),
        ("c", "Kremlin", "ORG"), ("d", "Verbytsky’s", "PERSON"), ("d", "Ostap Verbytsky", "PERSON"),
    )  # fmt: skip
    assert names == ["Vladimir Putin", "Vladimir Putin", "Kremlin", "Kremlin", "Ostap Verbytsky", "Ostap Verbytsky"]


def test_surname_and_title_mentions_take_the_full_name_of_the_same_article():
    names = canon(
        ("a", "Anna Smith", "PERSON"), ("a", "Smith", "PERSON"), ("a", "Mr. Smith", "PERSON"),
        ("b", "John Smith", "PERSON"), ("b", "Smith", "PERSON"), ("b", "Ms Smith", "PERSON"),
    )  # fmt: skip
    assert names == ["Anna Smith"] * 3 + ["John Smith"] * 3


def test_surname_alone_takes_the_corpus_name_only_when_unique():
    names = canon(
        ("a", "Andrei Belousov", "PERSON"), ("b", "Mr. Belousov", "PERSON"),
        ("c", "Anna Smith", "PERSON"), ("d", "John Smith", "PERSON"), ("e", "Smith", "PERSON"),
    )  # fmt: skip
    assert names[1] == "Andrei Belousov"
    assert names[4] == "Smith"  # two Smiths in the corpus: not guessed


def test_family_name_first_names_resolve_in_the_article():
    names = canon(("a", "Shin Won-sik", "PERSON"), ("a", "Shin", "PERSON"), ("b", "Shin", "PERSON"))
    assert names[:2] == ["Shin Won-sik", "Shin Won-sik"]
    assert names[2] == "Shin"  # another article: the first-name rule is article-local


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        (["US", "U.S.", "the United States", "USA", "America", "United States"], "United States"),
        (["UK", "Britain", "the United Kingdom"], "United Kingdom"),
        (["South Korea", "ROK", "Republic of Korea", "South Korea’s"], "South Korea"),
        (["North Korea", "DPRK", "the Democratic People's Republic of Korea"], "North Korea"),
        (["Russia", "Russian Federation", "the Russian Federation"], "Russia"),
        (["Kyiv", "Kiev"], "Kyiv"),
    ],
)
def test_country_forms(forms, expected):
    names = canon(*[(str(i), form, "GPE") for i, form in enumerate(forms)])
    assert names == [expected] * len(forms)


def test_place_labels_share_names_but_people_and_places_do_not():
    names = canon(
        ("a", "Kursk", "GPE"), ("b", "Kursk", "LOC"), ("c", "Washington", "GPE"), ("d", "Washington", "PERSON")
    )
    assert names[0] == names[1] == "Kursk"
    frame = canonicalise(mentions(("c", "Washington", "GPE"), ("d", "Washington", "PERSON")))[1]
    assert len(frame) == 2


def test_tables_follow_the_schema_and_rows_keep_their_offsets():
    frame = mentions(("a", "Kim Jong-un", "PERSON"), ("a", "KIM JONG - UN", "PERSON"), ("b", "Pyongyang", "GPE"))
    ents, aliases = canonicalise(frame)
    assert list(ents.columns) == tables.column_names("entities")
    assert list(aliases.columns) == tables.column_names("aliases")
    assert ents[["article_id", "start", "end", "text"]].astype(str).values.tolist() == (
        frame[["article_id", "start", "end", "text"]].astype(str).values.tolist()
    )
    counts = {(r.canonical, r.alias): r.count for r in aliases.itertuples()}
    assert counts == {
        ("Kim Jong Un", "Kim Jong-un"): 1,
        ("Kim Jong Un", "KIM JONG - UN"): 1,
        ("Pyongyang", "Pyongyang"): 1,
    }


def test_empty_input_gives_empty_tables():
    ents, aliases = canonicalise(mentions())
    assert ents.empty and aliases.empty
    assert list(ents.columns) == tables.column_names("entities")


def test_grouping_key_folds_what_it_should():
    assert name_key("KIM JONG - UN", "PERSON") == name_key("Kim Jong-un", "PERSON") == "kim jong un"
    assert name_key("U.S.", "PLACE") == name_key("US", "PLACE") == "us"
    assert name_key("Mr. Putin's", "PERSON") == "putin"
    assert name_key("Zelenskyy", "PERSON") == name_key("Zelensky", "PERSON")


# --------------------------------------------------------------------------- free-text look-up


@pytest.fixture()
def mapping():
    ents, _ = canonicalise(
        mentions(
            ("a", "Vladimir Putin", "PERSON"), ("a", "Putin", "PERSON"), ("b", "Charlie Dietz", "PERSON"),
            ("b", "Dietz", "PERSON"), ("b", "South Korea", "GPE"), ("b", "Reuters", "OUTLET"),
            ("c", "Anna Smith", "PERSON"), ("d", "John Smith", "PERSON"),
        )
    )  # fmt: skip
    return build_mapping(ents)


@pytest.mark.parametrize(
    ("text", "article_id", "expected"),
    [
        ("Mr. Putin", None, "Vladimir Putin"),
        ("President Putin", "a", "Vladimir Putin"),
        ("Dietz", "b", "Charlie Dietz"),
        ("Major Dietz", None, "Charlie Dietz"),
        ("South Korea's military", None, "South Korea"),
        ("the South Korean government's", None, None),
        ("Reuters", None, "Reuters"),
        ("Russian President Vladimir Putin", None, "Vladimir Putin"),
        ("US Department of Defense spokesperson Major Charlie Dietz", "b", "Charlie Dietz"),
        ("the South’s Joint Chiefs of Staff (JCS)", None, "Joint Chiefs of Staff"),
        ("Ukraine's ambassador to South Korea", None, None),
        ("Smith", "c", "Anna Smith"),
        ("Smith", "d", "John Smith"),
        ("Smith", None, None),  # two Smiths: no guess
        ("the soldier", None, None),
        ("", None, None),
    ],
)
def test_lookup_maps_free_text_to_known_names(mapping, text, article_id, expected):
    assert mapping.lookup(text, article_id=article_id) == expected


def test_canonical_name_falls_back_to_the_text(mapping):
    assert canonical_name("Mr. Putin", "PERSON", mapping) == "Vladimir Putin"
    assert canonical_name("a local official", None, mapping) == "a local official"
