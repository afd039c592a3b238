"""Claim threads and as_of, rule by rule, on small hand-built tables (sentences written for these tests)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from newslab.annotate import claim_dates, threads

NAN = math.nan


def claim(article: str, value: float, sentence: str, qualifier: str = "exact", what: str = "jobs", **kw) -> dict:
    low, high = {
        "lower_bound": (value, NAN),
        "upper_bound": (NAN, value),
    }.get(qualifier, (value, value))
    row = {
        "article_id": article,
        "start": kw.pop("start", 0),
        "end": 5,
        "sentence": sentence,
        "value": value,
        "low": kw.pop("low", low),
        "high": kw.pop("high", high),
        "qualifier": qualifier,
        "what": what,
        "noun": what,
        "source": "",
        "hedged": False,
        "scope": "",
        "subject": "",
        "place": "",
        "status": "reported",
        "per": "",
        "as_of": "",
        "as_of_from": "",
    }
    row.update(kw)
    return row


def entity(article: str, sentence: str, text: str, label: str, canonical: str | None = None) -> dict:
    return {"article_id": article, "sentence": sentence, "text": text, "label": label, "canonical": canonical or text}


def run(claims: list[dict], entities: list[dict], **params) -> list[str]:
    cols = ["article_id", "sentence", "text", "label", "canonical"]
    ents = pd.DataFrame(entities, columns=cols)
    return threads.assign_threads(pd.DataFrame(claims), ents, threads.ThreadParams(**params)).tolist()


S1 = "Acme Motors will cut 1,200 jobs at its Leeds plant."
S2 = "About 1,150 jobs are to go at Acme Motors, the union said."
S3 = "Globex said 1,300 jobs would go at its Leeds office."


def test_a_shared_specific_entity_links_the_same_measure_across_articles():
    ids = run(
        [claim("a", 1200, S1), claim("b", 1150, S2, "approximate"), claim("c", 1300, S3)],
        [
            entity("a", S1, "Acme Motors", "ORG"),
            entity("b", S2, "Acme Motors", "ORG"),
            entity("c", S3, "Globex", "ORG"),
        ],
    )
    assert ids[0] == ids[1]
    assert ids[2] != ids[0]


def test_different_measures_never_share_a_thread():
    s2 = "Acme Motors sold 1,150 cars last month."
    ids = run(
        [claim("a", 1200, S1), claim("b", 1150, s2, what="cars")],
        [entity("a", S1, "Acme Motors", "ORG"), entity("b", s2, "Acme Motors", "ORG")],
    )
    assert ids[0] != ids[1]


def test_totals_increments_and_rates_never_share_a_thread():
    s = [f"Acme Motors figure {i}." for i in range(4)]
    ids = run(
        [
            claim("a", 1200, s[0]),
            claim("b", 1200, s[1], "additional"),
            claim("c", 1200, s[2], per="a year"),
            claim("d", 1200, s[3], per="a month"),
        ],
        [entity(a, x, "Acme Motors", "ORG") for a, x in zip("abcd", s, strict=True)],
    )
    assert len(set(ids)) == 4


def test_increments_of_one_story_share_an_increment_thread():
    s1, s2 = "Ruritania sent an additional 3,000 soldiers to Freedonia.", "Ruritania deployed another 3,000 troops."
    ids = run(
        [claim("a", 3000, s1, "additional", what="troops"), claim("b", 3000, s2, "additional", what="troops")],
        [entity("a", s1, "Ruritania", "GPE"), entity("b", s2, "Ruritania", "GPE")],
    )
    assert ids[0] == ids[1]
    assert "-i" in ids[0]  # the id says the kind


def test_magnitudes_far_apart_are_different_quantities():
    s1 = "Ruritania has sent more than 10,000 soldiers to Freedonia."
    s2 = "A prisoner said his unit met ten Ruritanian soldiers in a wood."
    ids = run(
        [claim("a", 10_000, s1, "lower_bound", what="troops"), claim("b", 10, s2, what="troops")],
        [entity("a", s1, "Ruritania", "GPE"), entity("b", s2, "Ruritanian", "NORP")],
    )
    assert ids[0] != ids[1]


def test_a_vague_lower_bound_meets_a_larger_figure_when_the_focus_coincides():
    s1, s2 = (
        "Ruritania has sent thousands of troops to Freedonia.",
        "Ruritania has sent about 11,000 troops to Freedonia.",
    )
    ents = [entity(a, s, n, "GPE") for a, s in (("a", s1), ("b", s2)) for n in ("Ruritania", "Freedonia")]
    ids = run(
        [claim("a", 1000, s1, "lower_bound", what="troops"), claim("b", 11_000, s2, "approximate", what="troops")], ents
    )
    assert ids[0] == ids[1]


def test_one_shared_name_links_only_close_figures():
    s1, s2, s3 = "Texas lost 27 jobs.", "Texas shed 9 jobs.", "Texas cut 26 jobs."
    ids = run(
        [claim("a", 27, s1), claim("b", 9, s2), claim("c", 26, s3)],
        [entity(a, s, "Texas", "GPE") for a, s in (("a", s1), ("b", s2), ("c", s3))],
    )
    assert ids[0] == ids[2]
    assert ids[1] != ids[0]


def test_nationality_is_folded_onto_its_country():
    s1, s2 = "Ruritanian troops number about 11,000.", "Ruritania has up to 11,000 soldiers abroad."
    ids = run(
        [claim("a", 11_000, s1, "approximate", what="troops"), claim("b", 11_000, s2, "upper_bound", what="troops")],
        [entity("a", s1, "Ruritanian", "NORP"), entity("b", s2, "Ruritania", "GPE")],
    )
    assert ids[0] == ids[1]


def test_the_source_is_not_an_anchor():
    s1 = "According to Globex, Acme Motors will cut 1,200 jobs."
    s2 = "Globex itself has 1,100 jobs at stake, it said."
    ids = run(
        [claim("a", 1200, s1, source="Globex"), claim("b", 1100, s2)],
        [entity("a", s1, "Globex", "ORG"), entity("a", s1, "Acme Motors", "ORG"), entity("b", s2, "Globex", "ORG")],
    )
    assert ids[0] != ids[1]


def test_different_places_keep_figures_apart_unless_one_is_named_with_the_other():
    s1 = "Acme Motors will cut 1,200 jobs in Leeds."
    s2 = "Acme Motors will cut 1,100 jobs in Derby."
    s3 = "Acme Motors will cut 1,250 jobs at Leeds in Yorkshire."
    ents = [entity(a, s, "Acme Motors", "ORG") for a, s in (("a", s1), ("b", s2), ("c", s3))]
    ents.append(entity("c", s3, "Leeds", "GPE"))
    ids = run(
        [
            claim("a", 1200, s1, place="Leeds"),
            claim("b", 1100, s2, place="Derby"),
            claim("c", 1250, s3, place="Yorkshire"),
        ],
        ents,
    )
    assert ids[0] != ids[1]
    assert ids[0] == ids[2]  # Yorkshire's sentence names Leeds


def test_a_place_inside_the_other_places_name_or_no_place_at_all_is_compatible():
    s1 = "Acme Motors will cut 1,200 jobs in Leeds."
    s2 = "Acme Motors will cut 1,150 jobs in the Leeds area."
    s3 = "Acme Motors will cut 1,180 jobs."
    s4 = "Acme Motors will cut 1,190 jobs in Derby."
    ents = [entity(a, s, "Acme Motors", "ORG") for a, s in (("a", s1), ("b", s2), ("c", s3), ("d", s4))]
    ids = run(
        [
            claim("a", 1200, s1, place="Leeds"),
            claim("b", 1150, s2, place="Leeds area"),
            claim("c", 1180, s3),
            claim("d", 1190, s4, place="Derby"),
        ],
        ents,
    )
    assert ids[0] == ids[1]
    assert ids[3] not in (ids[0], ids[1])
    assert ids[2] in (ids[0], ids[3])


def test_subjects_naming_different_entities_are_apart():
    s1, s2, s3, s4 = (
        "Ruritania: 5,000 troops.",
        "Ruritania: 5,200 troops.",
        "Ruritania: 4,900 troops.",
        "Ruritania: 5,100.",
    )
    ents = [entity(a, s, "Ruritania", "GPE") for a, s in (("a", s1), ("b", s2), ("c", s3), ("d", s4))]
    ents += [entity("z", "Elsewhere.", n, lab) for n, lab in (("Ruritanian", "NORP"), ("Freedonian", "NORP"))]
    ents += [entity("z", "Elsewhere.", "Freedonia", "GPE")]
    ids = run(
        [
            claim("a", 5000, s1, what="troops", subject="Ruritanian troops"),
            claim("b", 5200, s2, what="troops", subject="Freedonian troops"),
            claim("c", 4900, s3, what="troops", subject="troops"),
            claim("d", 5100, s4, what="troops", subject="new troops"),
        ],
        ents,
    )
    assert ids[0] != ids[1]  # Ruritania's troops are not Freedonia's
    assert ids[2] in (ids[0], ids[1])  # a bare head noun is compatible with either
    assert ids[3] in (ids[0], ids[1])  # so is a subject that names nothing


def test_a_capital_in_the_subject_names_its_country():
    s1 = "Moscow has sent about 5,000 troops to the border."
    s2 = "Some 5,100 Russian troops are at the border."
    s3 = "Some 5,050 Ukrainian troops are at the border."
    ents = [entity("a", s1, "Moscow", "GPE"), entity("b", s2, "Russian", "NORP"), entity("c", s3, "Ukrainian", "NORP")]
    ents += [entity("z", "Elsewhere.", n, "GPE") for n in ("Russia", "Ukraine")]
    ids = run(
        [
            claim("a", 5000, s1, "approximate", what="troops", subject="Moscow troops"),
            claim("b", 5100, s2, "approximate", what="troops", subject="Russian troops"),
            claim("c", 5050, s3, "approximate", what="troops", subject="Ukrainian troops"),
        ],
        ents,
    )
    assert ids[0] == ids[1]  # the capital speaks for the country
    assert ids[2] not in (ids[0], ids[1])


def test_subject_names_take_the_longest_name_and_fold_nationalities_and_capitals():
    known = {"north", "north korea", "north korean", "acme motors", "acme"}
    folding = {"north korean": "north korea"}
    capitals = {"pyongyang": "north korea"}
    names = threads.subject_names
    assert names("North Korean troops", known, folding, capitals) == {"north korea"}
    assert names("Pyongyang's troops", known, folding, capitals) == {"pyongyang", "north korea"}
    assert names("Acme Motors jobs", known, folding, capitals) == {"acme motors"}
    assert names("new jobs", known, folding, capitals) == frozenset()


class _StubArrays:
    def __init__(self, centre: list[float], conflicts: set[tuple[int, int]]) -> None:
        self.centre = centre
        self.conflicts = conflicts

    def conflict(self, i: int, j: int) -> bool:
        return (min(i, j), max(i, j)) in self.conflicts


def test_threads_merge_closest_values_first_and_never_hold_a_conflict():
    import networkx as nx

    graph = nx.Graph([(0, 1), (1, 2), (2, 3), (3, 4)])
    arrays = _StubArrays([0.0, 0.1, 0.2, 0.6, 0.65], {(0, 3), (1, 4)})
    clusters = threads._split_component(graph, arrays)
    assert sorted(clusters) == [[0, 1, 2], [3, 4]]
    # the same chain with the conflict on the other side: the closest pair (3, 4) still forms first
    arrays = _StubArrays([0.0, 0.5, 0.55, 0.6, 0.62], {(0, 2)})
    assert sorted(threads._split_component(graph, arrays)) == [[0], [1, 2, 3, 4]]


def test_sentence_dates_of_different_periods_are_different_quantities():
    s1, s2 = "Acme Motors made 1,200 cars in 2003.", "Acme Motors made 1,300 cars in 2004."
    ids = run(
        [
            claim("a", 1200, s1, what="cars", as_of="2003", as_of_from="sentence"),
            claim("b", 1300, s2, what="cars", as_of="2004", as_of_from="sentence"),
        ],
        [entity("a", s1, "Acme Motors", "ORG"), entity("b", s2, "Acme Motors", "ORG")],
    )
    assert ids[0] != ids[1]


def test_publication_dates_a_few_weeks_apart_are_compatible_but_years_apart_are_not():
    s = [f"Acme Motors will cut {n} jobs." for n in ("1,200", "1,250", "1,220")]
    ids = run(
        [
            claim("a", 1200, s[0], as_of="2024-11-02", as_of_from="published"),
            claim("b", 1250, s[1], as_of="2024-12-20", as_of_from="published"),
            claim("c", 1220, s[2], as_of="2021-01-05", as_of_from="published"),
        ],
        [entity(a, x, "Acme Motors", "ORG") for a, x in zip("abc", s, strict=True)],
    )
    assert ids[0] == ids[1]
    assert ids[2] != ids[0]


def test_same_story_articles_link_figures_whose_sentences_name_nothing():
    story = ["Ruritania", "Freedonia", "King Rudolf", "Strelsau Council"]
    s1, s2 = "They counted 4,000 casualties.", "At least 4,000 dead and wounded, it said."
    ents = [entity(a, f"{a} context {name}", name, "GPE") for a in "ab" for name in story]
    ids = run([claim("a", 4000, s1, what="casualties"), claim("b", 4000, s2, "lower_bound", what="casualties")], ents)
    assert ids[0] == ids[1]
    unrelated = [entity("a", f"a context {n}", n, "GPE") for n in story] + [
        entity("b", f"b context {n}", n, "GPE") for n in ("Zenda", "Graustark", "Syldavia", "Borduria")
    ]
    ids = run(
        [claim("a", 4000, s1, what="casualties"), claim("b", 4000, s2, "lower_bound", what="casualties")], unrelated
    )
    assert ids[0] != ids[1]


def test_an_article_does_not_contradict_itself_so_its_incompatible_figures_are_apart():
    s1, s2, s3 = (
        "Ruritania sent 10,000 troops.",
        "Ruritania sent 2,500 troops to the border.",
        "Ruritania: 9,800 troops.",
    )
    ids = run(
        [
            claim("a", 10_000, s1, what="troops"),
            claim("a", 2_500, s2, what="troops"),
            claim("b", 9_800, s3, what="troops"),
        ],
        [entity(a, s, "Ruritania", "GPE") for a, s in (("a", s1), ("a", s2), ("b", s3))],
    )
    assert ids[0] == ids[2]
    assert ids[1] != ids[0]


def test_a_projection_may_share_the_thread_of_the_counts_in_its_article():
    s1, s2, s3 = (
        "Ruritania may send 20,000 troops.",
        "Ruritania has sent 11,000 troops.",
        "Ruritania: about 11,000 troops.",
    )
    ids = run(
        [
            claim("a", 20_000, s1, "upper_bound", what="troops", status="projected"),
            claim("a", 11_000, s2, what="troops"),
            claim("b", 11_000, s3, "approximate", what="troops"),
        ],
        [entity(a, s, "Ruritania", "GPE") for a, s in (("a", s1), ("a", s2), ("b", s3))],
    )
    assert ids[0] == ids[1] == ids[2]


def test_chains_do_not_drift_across_magnitudes():
    # Each neighbour is within the ratio, the ends are not: the ends must not share a thread.
    values = [100, 400, 1_600, 6_400]
    sentences = [f"Acme Motors cut {v} jobs." for v in values]
    ids = run(
        [claim(a, v, s) for a, v, s in zip("abcd", values, sentences, strict=True)],
        [entity(a, s, "Acme Motors", "ORG") for a, s in zip("abcd", sentences, strict=True)],
    )
    assert ids[0] != ids[3]


def test_missing_optional_columns_mean_reported_totals():
    s1, s2 = "Acme Motors will cut 1,200 jobs.", "Acme Motors: 1,150 jobs to go."
    claims = pd.DataFrame([claim("a", 1200, s1), claim("b", 1150, s2)]).drop(
        columns=["subject", "place", "status", "per", "as_of", "as_of_from"]
    )
    ents = pd.DataFrame([entity("a", s1, "Acme Motors", "ORG"), entity("b", s2, "Acme Motors", "ORG")])
    ids = threads.assign_threads(claims, ents)
    assert ids.iat[0] == ids.iat[1]
    table = threads.threads_table(claims.assign(thread=ids))
    assert list(table.columns) == threads.THREAD_COLUMNS


def test_an_entity_named_in_most_articles_is_too_common_to_link():
    n = 40
    sentences = [f"Article {i} says Metropolis lost {1000 + i} jobs." for i in range(n)]
    claims = [claim(f"a{i}", 1000 + i, s) for i, s in enumerate(sentences)]
    ents = [entity(f"a{i}", s, "Metropolis", "GPE") for i, s in enumerate(sentences)]
    ids = run(claims, ents, common_min=5, common_share=0.02, same_story=1.1)
    assert len(set(ids)) == n


def test_threads_table_counts_and_range_from_the_counts_not_the_projections():
    rows = [
        claim("a", 10_000, "s1", "lower_bound", what="troops", source="Ministry", as_of="2024-11"),
        claim("b", 11_000, "s2", "approximate", what="troops", source="Army", as_of="2024-10-05"),
        claim("b", 100_000, "s3", "upper_bound", what="troops", status="projected"),
        claim("c", 3, "s4", what="tanks"),
    ]
    df = pd.DataFrame(rows).assign(thread=["t1", "t1", "t1", "t2"], subject="North Korean troops", place="Russia")
    table = threads.threads_table(df)
    assert list(table.columns) == threads.THREAD_COLUMNS
    top = table.iloc[0]
    assert top["thread"] == "t1"
    assert (top["n_claims"], top["n_articles"], top["n_sources"]) == (3, 2, 2)
    assert (top["first_as_of"], top["last_as_of"]) == ("2024-10-05", "2024-11")
    assert (top["low"], top["high"]) == (10_000, 11_000)  # the open "at least" end is its value
    assert top["label"] == "North Korean troops in Russia"


def test_thread_label_does_not_repeat_the_place():
    assert threads.thread_label("jobs", "Leeds jobs", "Leeds") == "Leeds jobs"
    assert threads.thread_label("troops", "", "", "soldiers") == "soldiers"
    assert threads.thread_label("troops", "", "Kursk", "") == "troops in Kursk"


def test_thread_label_tells_increments_and_rates_from_totals():
    assert threads.thread_label("troops", "North Korea troops", "Russia", kind="increment") == (
        "North Korea troops in Russia (additional)"
    )
    assert threads.thread_label("money", "", "", "dividend", kind="rate", per="share") == "money (dividend) per share"
    assert threads.thread_label("money", "pay per hour", "", kind="rate", per="hour") == "pay per hour"
    assert threads.thread_label("troops", "troops", "", kind="total", per="") == "troops"


def test_empty_claims_give_empty_threads():
    empty = pd.DataFrame([claim("a", 1, "s")]).iloc[:0]
    assert threads.assign_threads(
        empty, pd.DataFrame(columns=["article_id", "sentence", "text", "label", "canonical"])
    ).empty
    assert list(threads.threads_table(empty).columns) == threads.THREAD_COLUMNS


# --- as_of -----------------------------------------------------------------------------------------

BODY = "Acme cut 1,200 jobs in 2003. Since March 2004 it has cut 500 jobs. It has 90 staff."


def _dates(rows: list[tuple[int, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"article_id": "a", "start": s, "end": s + 4, "resolved": r, "precision": p, "sentence": sent}
            for s, r, p, sent in rows
        ]
    )


def test_as_of_comes_from_the_sentence_then_the_publication_date():
    s1, s2, s3 = "Acme cut 1,200 jobs in 2003.", "Since March 2004 it has cut 500 jobs.", "It has 90 staff."
    claims = pd.DataFrame(
        [
            claim("a", 1200, s1, start=9),
            claim("a", 500, s2, start=BODY.index("500")),
            claim("a", 90, s3, start=BODY.index("90")),
        ]
    )
    dates = _dates([(BODY.index("2003"), "2003", "year", s1), (BODY.index("March 2004"), "2004-03", "month", s2)])
    articles = pd.DataFrame([{"article_id": "a", "published": "2005-01-20T10:00:00", "body": BODY}])
    out = claim_dates.claim_as_of(claims, dates, articles)
    assert out["as_of"].tolist() == ["2003", "2005-01-20", "2005-01-20"]  # "since March 2004" opens a span
    assert out["as_of_from"].tolist() == ["sentence", "published", "published"]


def test_as_of_picks_the_nearest_date_and_is_empty_without_any():
    s = "In 2003 sales were 1,200 cars, and in 2004 they were 1,500 cars."
    body = s
    claims = pd.DataFrame(
        [claim("a", 1200, s, start=body.index("1,200")), claim("a", 1500, s, start=body.index("1,500"))]
    )
    dates = _dates([(body.index("2003"), "2003", "year", s), (body.index("2004"), "2004", "year", s)])
    out = claim_dates.claim_as_of(claims, dates, pd.DataFrame([{"article_id": "a", "published": "", "body": body}]))
    assert out["as_of"].tolist() == ["2003", "2004"]
    none = claim_dates.claim_as_of(claims, dates.iloc[:0], None)
    assert none["as_of"].tolist() == ["", ""] and none["as_of_from"].tolist() == ["", ""]


def test_unresolved_dates_are_skipped():
    s = "Last spring Acme had 90 staff."
    claims = pd.DataFrame([claim("a", 90, s, start=s.index("90"))])
    dates = _dates([(0, "", "unresolved: relative date and no published date", s)])
    out = claim_dates.claim_as_of(
        claims, dates, pd.DataFrame([{"article_id": "a", "published": "2005-02-01", "body": s}])
    )
    assert out.iloc[0].tolist() == ["2005-02-01", "published"]


@pytest.mark.parametrize(
    ("published", "day"),
    [
        ("2024-08-19T06:54:00", "2024-08-19"),
        ("2024-08-19", "2024-08-19"),
        ("", ""),
        ("Monday", ""),
        ("2024-02-30T00:00", ""),
    ],
)
def test_published_day(published, day):
    assert claim_dates.published_day(published) == day


def test_currencies_and_nouns_of_the_catch_all_are_different_measures():
    s = [f"Acme Motors paid {x}." for x in ("$1.2bn", "£1.2bn", "1,200 tries", "1,200 jobs")]
    ids = run(
        [
            claim("a", 1.2e9, s[0], what="money", noun="$"),
            claim("b", 1.2e9, s[1], what="money", noun="£"),
            claim("c", 1200, s[2], what="other", noun="tries"),
            claim("d", 1200, s[3], what="other", noun="jobs"),
        ],
        [entity(a, x, "Acme Motors", "ORG") for a, x in zip("abcd", s, strict=True)],
    )
    assert len(set(ids)) == 4


def test_a_currency_conversion_in_brackets_stays_alone():
    body = "Acme paid $11bn (£5.7bn) for Globex. Acme and Globex agreed £5.8bn."
    s1, s2 = "Acme paid $11bn (£5.7bn) for Globex.", "Acme and Globex agreed £5.8bn."
    claims = pd.DataFrame(
        [
            claim("a", 11e9, s1, what="money", noun="$", start=body.index("$11bn"), end=body.index("$11bn") + 5),
            claim("a", 5.7e9, s1, what="money", noun="£", start=body.index("£5.7bn"), end=body.index("£5.7bn") + 6),
            claim("b", 5.8e9, s2, what="money", noun="£", start=body.index("£5.8bn"), end=body.index("£5.8bn") + 6),
        ]
    )
    articles = pd.DataFrame([{"article_id": "a", "body": body}, {"article_id": "b", "body": body}])
    assert threads.conversions(claims, articles).tolist() == [False, True, False]
    assert threads.conversions(claims).tolist() == [False, True, False]  # without bodies: 2 characters apart
    ents = pd.DataFrame([entity(a, s, n, "ORG") for a, s in (("a", s1), ("b", s2)) for n in ("Acme", "Globex")])
    ids = threads.assign_threads(claims, ents, articles=articles).tolist()
    assert ids[1] != ids[2]  # the converted £5.7bn is not compared with £5.8bn


def test_odd_values_never_fail_and_every_claim_gets_a_thread():
    rows = [
        claim("a", NAN, "S1 Acme."),
        claim("b", 0, "S2 Acme."),
        claim("c", -5, "S3 Acme.", "range", low=-10, high=-5),
        claim("d", math.inf, "S4 Acme.", "lower_bound"),
        claim("e", 3, "S5 Acme.", "unheard-of", as_of="garbage", as_of_from="sentence"),
        claim("f", 3, "S6 Acme.", what=None, noun=None, source=None, subject=None, place=None),
    ]
    ents = pd.DataFrame(
        [entity(a, f"S{i + 1} Acme.", "Acme", "ORG") for i, a in enumerate("abcdef")]
        + [{"article_id": "a", "sentence": "S1 Acme.", "text": None, "label": "ORG", "canonical": None}]
    )
    claims = pd.DataFrame(rows)
    ids = threads.assign_threads(claims, ents)
    assert ids.notna().all() and (ids != "").all()
    table = threads.threads_table(claims.assign(thread=ids), ents)
    assert table["n_claims"].sum() == len(claims)
    dates = pd.DataFrame([{"article_id": "a", "start": None, "end": None, "resolved": "2020", "sentence": "S1 Acme."}])
    articles = pd.DataFrame([{"article_id": "a", "published": None, "body": "S1 Acme."}])
    assert claim_dates.claim_as_of(claims, dates, articles)["as_of"].iat[0] == "2020"


def test_the_counted_noun_is_not_a_name_even_when_an_entity_spells_it():
    assert threads.subject_modifiers("Grammy Awards awards", "awards") == "Grammy Awards"
    assert threads.subject_modifiers("cent", "cents") == ""
    assert threads.subject_modifiers("Brown", "£") == "Brown"  # money: the subject is whose, all modifier
    s1, s2 = "The Games drew 30 teams.", "Rovers have played 31 games."
    ids = run(
        [claim("a", 30, s1, what="game", noun="games", subject="games"), claim("b", 31, s2, what="game", noun="games")],
        [entity("a", s1, "Games", "EVENT"), entity("b", s2, "Rovers", "ORG")],
    )
    assert ids[0] != ids[1]


def test_one_shared_name_is_weak_evidence_even_in_both_subjects():
    s1, s2 = "Globex ordered 70 Acme planes.", "Initech postponed 54 Acme planes."
    ids = run(
        [
            claim("a", 70, s1, what="aircraft", subject="Acme planes"),
            claim("b", 54, s2, what="aircraft", subject="Acme planes"),
        ],
        [entity("a", s1, "Acme", "ORG"), entity("b", s2, "Acme", "ORG")],
    )
    assert ids[0] != ids[1]


def test_a_gap_no_bound_explains_keeps_figures_apart():
    s1, s2, s3 = "Lee has made more than 25 films.", "Davis starred in 7 Lee films.", "Lee has made 40 films."
    ents = [entity(a, s, "Lee", "PERSON") for a, s in (("a", s1), ("b", s2), ("c", s3))]
    ents += [entity(a, s, "Jungle Fever", "WORK_OF_ART") for a, s in (("a", s1), ("b", s2), ("c", s3))]
    ids = run(
        [
            claim("a", 25, s1, "lower_bound", what="film"),
            claim("b", 7, s2, what="film"),
            claim("c", 40, s3, what="film"),
        ],
        ents,
    )
    assert ids[0] != ids[1]  # "more than 25" cannot be 7
    assert ids[0] == ids[2]  # but can be 40


def test_exact_figures_must_be_roundings_of_each_other():
    s = [
        "Acme bid $6.75bn for Initech.",
        "Acme won Initech with $6.8bn.",
        "Acme tested 185,000 parts.",
        "Acme tested 175,000 parts.",
    ]
    ents = [entity(a, x, "Acme", "ORG") for a, x in zip("abcd", s, strict=True)]
    ents += [entity(a, x, "Initech", "ORG") for a, x in zip("ab", s[:2], strict=True)]
    ids = run(
        [
            claim("a", 6.75e9, s[0], what="money", noun="$"),
            claim("b", 6.8e9, s[1], what="money", noun="$"),
            claim("c", 185_000, s[2], what="parts"),
            claim("d", 175_000, s[3], what="parts"),
        ],
        ents,
    )
    assert ids[0] == ids[1]
    assert ids[2] != ids[3]
    assert threads.significant_digits(pd.Series([1088, 6.75e9, 150_000, NAN])).tolist() == [4, 3, 2, 0]


def test_rival_actors_keep_two_bids_apart():
    s1 = "Verizon made a $6.75bn bid for Initech."
    s2 = "Qwest made a $6.7bn bid for Initech."
    ents = [entity("a", s1, "Verizon", "ORG"), entity("a", s1, "Initech", "ORG")]
    ents += [entity("b", s2, "Qwest", "ORG"), entity("b", s2, "Initech", "ORG")]
    ids = run([claim("a", 6.75e9, s1, what="money", noun="$"), claim("b", 6.7e9, s2, what="money", noun="$")], ents)
    assert ids[0] != ids[1]


def test_precise_money_quotes_are_moments_not_estimates():
    s1, s2 = "Acme shares closed at 1,115 pence.", "Acme shares rose to 1,088 pence."
    ids = run(
        [claim("a", 11.15, s1, what="money", noun="pence"), claim("b", 10.88, s2, what="money", noun="pence")],
        [entity("a", s1, "Acme", "ORG"), entity("b", s2, "Acme", "ORG")],
    )
    assert ids[0] != ids[1]


def test_the_focus_stops_at_another_figure():
    s1 = "Fowler trails Shearer (250 goals) and Cole (173 goals)."
    s2 = "Shearer has 187 goals."
    rows = [
        claim("a", 250, s1, what="goal", start=22, end=25),
        claim("a", 173, s1, what="goal", start=42, end=45),
        claim("b", 187, s2, what="goal", start=12, end=15),
    ]
    ents = pd.DataFrame(
        [
            {**entity("a", s1, "Fowler", "PERSON"), "start": 0, "end": 6},
            {**entity("a", s1, "Shearer", "PERSON"), "start": 14, "end": 21},
            {**entity("a", s1, "Cole", "PERSON"), "start": 36, "end": 40},
            {**entity("b", s2, "Shearer", "PERSON"), "start": 0, "end": 7},
        ]
    )
    anchors = threads.claim_anchors(threads.with_optional_columns(pd.DataFrame(rows)), ents)
    assert anchors.focus[1] == {"cole"}  # Shearer is beyond the 250
    ids = threads.assign_threads(pd.DataFrame(rows), ents)
    assert ids[1] != ids[2]


def test_rate_scopes_are_blocks_and_named_periods_veto():
    scope = pd.Series(["a year", "At any given time", "in 2004", "since March", "last week", None])
    assert threads.scope_key(scope).tolist() == ["a year", "at any given time", "", "", "", ""]
    assert threads.period_scope(scope).tolist() == ["", "", "in 2004", "", "", ""]
    s = ["Acme made 1,000 cars in December.", "Acme made 1,050 cars in November.", "Acme made 1,020 cars last week."]
    ids = run(
        [
            claim(a, v, x, "approximate", what="cars", scope=sc)
            for a, v, x, sc in zip(
                "abc", (1000, 1050, 1020), s, ("in December", "in November", "last week"), strict=True
            )
        ],
        [entity(a, x, "Acme", "ORG") for a, x in zip("abc", s, strict=True)],
    )
    assert ids[0] != ids[1]
    assert ids[2] in (ids[0], ids[1])  # a relative period may be either


def test_two_different_exact_figures_of_one_article_are_two_quantities():
    s1, s2 = "Menatep sued Russia for $28.3bn.", "Russia says Yukos owes more than $27bn."
    ids = run(
        [claim("a", 28.3e9, s1, what="money", noun="$"), claim("a", 27e9, s2, "lower_bound", what="money", noun="$")],
        [entity("a", s, "Russia", "GPE") for s in (s1, s2)],
    )
    assert ids[0] != ids[1]


def test_threads_table_when_every_name_is_the_source():
    s1 = "Acme said 300 jobs would go."
    claims = pd.DataFrame([claim("a", 300, s1, source="Acme")]).assign(thread="jobs-t1")
    ents = pd.DataFrame([entity("a", s1, "Acme", "ORG")]).astype("string")
    table = threads.threads_table(claims.astype({"thread": "string", "sentence": "string", "source": "string"}), ents)
    assert table["label"].tolist() == ["jobs"]
