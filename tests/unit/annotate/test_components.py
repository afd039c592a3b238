"""The annotate stage's spaCy components: registered factories configured by data files, results on Doc._."""

from __future__ import annotations

import json

import spacy

from newslab.annotate.entities import GAZETTEER, GAZETTEER_FILE, RULER_NAME
from newslab.annotate.pipeline import EXTRACT_COMPONENT, FAILURES, ROW_TABLES


def test_the_gazetteer_is_a_factory_whose_config_names_its_patterns_file(nlp):
    assert nlp.get_pipe_meta(RULER_NAME).factory == GAZETTEER
    assert nlp.config["components"][RULER_NAME]["patterns_file"] == GAZETTEER_FILE


def test_a_patterns_file_of_ones_own_is_a_config_value(tmp_path):
    patterns = tmp_path / "mine.jsonl"
    patterns.write_text(json.dumps({"label": "WEAPON", "pattern": "zorblax launcher"}) + "\n")
    nlp = spacy.blank("en")
    nlp.add_pipe(GAZETTEER, name=RULER_NAME, config={"patterns_file": str(patterns)})
    doc = nlp("They fired a Zorblax launcher at dawn.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Zorblax launcher", "WEAPON")]


def test_extracted_rows_and_the_published_date_live_on_doc_extensions(nlp):
    assert nlp.pipe_names[-1] == EXTRACT_COMPONENT
    doc = nlp.make_doc('"We will win," said the general on Monday.')
    doc._.published = "2024-11-06"
    doc = nlp(doc)
    assert set(doc._.newslab_rows) == {*ROW_TABLES, FAILURES}
    assert doc._.newslab_rows[FAILURES] == []  # every extractor ran
    assert [q["quote"] for q in doc._.newslab_rows["quotes"]] == ["We will win,"]
    assert [d["resolved"] for d in doc._.newslab_rows["dates"]] == ["2024-11-04"]
    assert "newslab_rows" not in doc.user_data and "newslab_published" not in doc.user_data
