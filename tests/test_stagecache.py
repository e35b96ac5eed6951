"""Stage results cached on disk: a rerun on the same input reads identical tables; changed input recomputes."""

from __future__ import annotations

import pandas as pd
from newsbias import entities, ingestion, paths, stagecache


def _corpus(spacy_model):
    blocks = ingestion.paragraphs_as_blocks({"a": "Angela Merkel met Emmanuel Macron in Paris.\n\nMerkel said the talks went well."})
    sentences = ingestion.split_sentences(blocks, spacy_model, progress=False)
    texts = pd.DataFrame({"article_id": ["a"], "text": ["Angela Merkel met Emmanuel Macron in Paris.\n\nMerkel said the talks went well."]})
    return blocks, sentences, texts


def test_a_rerun_reads_the_stored_tables(spacy_model, monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSBIAS_CACHE_DIR", str(tmp_path))
    blocks, sentences, texts = _corpus(spacy_model)
    first, ambiguous = entities.find_actors(sentences, texts, spacy_model, progress=False, blocks=blocks)
    assert len(list((tmp_path / "stages").iterdir())) == 1

    def refuse(*args, **kwargs):
        raise AssertionError("recomputed instead of reading the stage cache")

    monkeypatch.setattr(entities, "extract_mentions", refuse)
    second, ambiguous_again = entities.find_actors(sentences, texts, spacy_model, progress=False, blocks=blocks)
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(ambiguous, ambiguous_again)
    assert "merkel" in set(second["actor_id"].str.split(":").str[1].str.split("-").str[-1])

    # Other options are another input: computed again.
    with_alias = entities.ActorRules(aliases={"paris": "France"})
    try:
        entities.find_actors(sentences, texts, spacy_model, with_alias, progress=False, blocks=blocks)
    except AssertionError as refused:
        assert "recomputed" in str(refused)
    else:
        raise AssertionError("a different rule set was read from the cache")


def test_changed_input_or_no_cache_computes(monkeypatch, tmp_path):
    calls = []

    def compute(frame):
        calls.append(1)
        return frame.assign(doubled=frame["x"] * 2)

    monkeypatch.setenv("NEWSBIAS_CACHE_DIR", str(tmp_path))
    one, two = pd.DataFrame({"x": [1, 2]}), pd.DataFrame({"x": [1, 3]})
    pd.testing.assert_frame_equal(stagecache.cached("double", (one,), lambda: compute(one)), compute(one))
    stagecache.cached("double", (one,), lambda: compute(one))
    stagecache.cached("double", (two,), lambda: compute(two))
    assert len(calls) == 1 + 1 + 1  # first call, the direct check, then only the changed input
    monkeypatch.setenv("NEWSBIAS_CACHE_DIR", "off")
    stagecache.cached("double", (one,), lambda: compute(one))
    assert len(calls) == 4


def test_tables_that_do_not_read_back_identically_are_not_stored(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSBIAS_CACHE_DIR", str(tmp_path))
    odd = pd.DataFrame({"cells": [[1, 2], [3]]})  # lists: not hashable as input, and Parquet returns arrays
    assert stagecache.cached("odd", (pd.DataFrame({"x": [1]}),), lambda: odd) is odd
    assert not [p for p in (tmp_path / "stages").glob("*") if not p.name.startswith(".")]
    assert stagecache.cached("odd input", (odd,), lambda: "computed") == "computed"


def test_a_retrained_model_is_a_new_key(monkeypatch, tmp_path):
    # make train-tone or make train-sentiment change data/models/ and no code: scores must not come from the old model.
    calls = []

    def compute(frame):
        calls.append(1)
        return frame.assign(scored=frame["x"] * len(calls))

    models = tmp_path / "models"
    (models / "tone").mkdir(parents=True)
    (models / "tone" / "model.onnx").write_bytes(b"weights, first training")
    monkeypatch.setattr(paths, "MODELS", models)
    monkeypatch.setenv("NEWSBIAS_CACHE_DIR", str(tmp_path / "cache"))
    frame = pd.DataFrame({"x": [1, 2]})
    first = stagecache.cached("score", (frame,), lambda: compute(frame))
    pd.testing.assert_frame_equal(stagecache.cached("score", (frame,), lambda: compute(frame)), first)
    assert len(calls) == 1
    (models / "tone" / "model.onnx").write_bytes(b"weights, second training, retrained")
    retrained = stagecache.cached("score", (frame,), lambda: compute(frame))
    assert len(calls) == 2 and retrained["scored"].tolist() == [2, 4]
