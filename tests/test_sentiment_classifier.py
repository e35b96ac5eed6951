"""The trained classifier: deterministic training, a safe model file, and clear errors."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest
from newsbias import parsing, paths
from newsbias.errors import NewsbiasError
from newsbias.sentiment import classifier, training

SENTENCES = [
    ("The brilliant {} saved the town.", 6.0), ("Critics praised {} for the reform.", 6.0),
    ("{} won a well-deserved award.", 6.0), ("Voters cheered {} at the rally.", 6.0),
    ("The corrupt {} stole public money.", 2.0), ("{} was accused of fraud and lying.", 2.0),
    ("Protesters attacked {} over the failed plan.", 2.0), ("{} faces a humiliating defeat.", 2.0),
    ("{} will travel to Paris on Monday.", 4.0), ("The meeting with {} is at noon.", 4.0),
    ("{} spoke to reporters after lunch.", 4.0), ("A spokesman for {} confirmed the date.", 4.0),
]


@pytest.fixture(scope="module")
def train_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("newsmtsc") / "train.jsonl"
    lines = []
    for name in ("Smith", "Garcia", "Okafor"):
        for template, polarity in SENTENCES:
            sentence = template.format(name)
            start = sentence.index(name)
            lines.append(json.dumps({"sentence_normalized": sentence, "targets": [
                {"from": start, "to": start + len(name), "mention": name, "polarity": polarity}]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_training_is_deterministic_and_the_file_round_trips(train_file, tmp_path, spacy_model):
    first = training.train(train_file, spacy_model, progress=False)
    second = training.train(train_file, spacy_model, progress=False)
    assert np.array_equal(first.weights, second.weights) and list(first.feature_names) == list(second.feature_names)
    weights_path, card_path = training.save(first, tmp_path)
    loaded = classifier.load(tmp_path)
    assert np.array_equal(loaded.weights, first.weights)
    assert json.loads(card_path.read_text())["n_targets"] == 3 * len(SENTENCES)
    with np.load(weights_path, allow_pickle=False) as arrays:  # plain arrays: loadable without pickle
        assert set(arrays.files) == {"feature_names", "weights", "intercepts"}


def test_classifier_method_labels_new_sentences(train_file, tmp_path, spacy_model):
    training.save(training.train(train_file, spacy_model, progress=False), tmp_path)
    model = classifier.load(tmp_path)
    sentences = ["The brilliant Jones saved the town.", "The corrupt Jones stole public money."]
    examples = pd.DataFrame({"sentence": sentences, "start_char": [s.index("Jones") for s in sentences],
                             "end_char": [s.index("Jones") + 5 for s in sentences]})
    predicted = classifier.predict(model, examples, parsing.parse(sentences, spacy_model, progress=False))
    assert list(predicted["label"]) == ["positive", "negative"]
    assert predicted["score"].between(-1, 1).all() and predicted.loc[0, "score"] > predicted.loc[1, "score"]


def test_missing_or_broken_model_files_say_what_to_do(tmp_path):
    with pytest.raises(NewsbiasError, match="make train-sentiment"):
        classifier.load(tmp_path)
    (tmp_path / "sentiment_classifier.npz").write_bytes(b"not a zip")
    (tmp_path / "sentiment_classifier.json").write_text("{}")
    classifier.load.cache_clear()
    with pytest.raises(NewsbiasError, match="is not a newsbias sentiment model"):
        classifier.load(tmp_path)


def test_committed_model_is_small_and_made_from_the_shipped_training_split():
    weights_path, card_path = classifier.model_paths()
    assert weights_path.stat().st_size < 20 * 1024 * 1024
    card = json.loads(card_path.read_text())
    shipped = paths.DATA / "newsmtsc" / "train.jsonl"
    assert card["trained_on_sha256"] == hashlib.sha256(shipped.read_bytes()).hexdigest()
