"""Partitions' statistics add up field by field, whatever fields AnnotateStats grows."""

from __future__ import annotations

import dataclasses

from newslab.annotate import AnnotateStats


def test_stats_add_up_every_field():
    total = AnnotateStats(annotated=1, cached=2, chunks=3, problems=[{"problem": "a"}])
    total += AnnotateStats(annotated=10, cached=20, chunks=30, problems=[{"problem": "b"}])
    assert (total.annotated, total.cached, total.chunks) == (11, 22, 33)
    assert [p["problem"] for p in total.problems] == ["a", "b"]


def test_adding_nothing_changes_nothing():
    stats = AnnotateStats(annotated=4, problems=[{"problem": "a"}])
    before = dataclasses.asdict(stats)
    stats += AnnotateStats()
    assert dataclasses.asdict(stats) == before
