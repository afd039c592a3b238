"""The read stage loads the run's MODEL for its caption and byline checks, never the default one beside it."""

from __future__ import annotations

import spacy

from newslab.read import boilerplate, read_corpus


def test_read_stage_uses_the_runs_model_not_the_default(tmp_path, monkeypatch):
    loaded: list[str] = []

    def fake_load(name, **_kwargs):
        loaded.append(str(name))
        raise OSError("not installed here")

    monkeypatch.setattr(spacy, "load", fake_load)
    boilerplate._load_tagger.cache_clear()
    monkeypatch.setattr(boilerplate, "_tagger_model", boilerplate._tagger_model)  # restored after the test
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Troops cross the border\n\nSoldiers walk past a burning tank near the town\n\nIt was over."
    )
    read_corpus(corpus, model="my_model")
    assert boilerplate.present_tense(["A soldier walks past a tank"]) == [False]  # the model is missing: no
    assert loaded and set(loaded) == {"my_model"}
    boilerplate._load_tagger.cache_clear()
