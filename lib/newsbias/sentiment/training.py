"""Training the target-sentiment classifier on NewsMTSC's training split, deterministically, into a safe model file.

``make train-sentiment`` (``python -m newsbias.sentiment train``) uses only NewsMTSC's training split and fixed
settings (lbfgs, no random state involved), and writes :mod:`newsbias.sentiment.classifier`'s model files.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from newsbias import parsing, paths, spacy_pipeline
from newsbias.errors import NewsbiasError
from newsbias.sentiment.classifier import CLASSES, MODEL_DIR, Model, features, load, model_paths
from newsbias.sentiment.newsmtsc import read_newsmtsc

# Inverse regularisation strength, chosen on a 10% hold-out of the training split (sentences kept together).
REGULARISATION_C = 0.1


def _featurise(examples: pd.DataFrame, nlp, progress: bool) -> list[dict[str, float]]:
    docs = parsing.parse(examples["sentence"].tolist(), nlp, progress, desc="parsing sentences")
    return [features(doc, s, e) for doc, s, e in tqdm(zip(docs, examples["start_char"], examples["end_char"]),
                                                      total=len(examples), desc="features", unit="target", disable=not progress)]


def train(train_file: Path, nlp, c: float = REGULARISATION_C, progress: bool = True) -> Model:
    """Fit the classifier on a NewsMTSC-format file (deterministic)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    started = time.perf_counter()
    examples = read_newsmtsc(train_file)
    rows = _featurise(examples, nlp, progress)
    vectoriser = DictVectorizer(sort=True)
    matrix = vectoriser.fit_transform(rows)
    classifier = LogisticRegression(C=c, max_iter=3000)
    classifier.fit(matrix, examples["label"])
    if tuple(classifier.classes_) != CLASSES:
        raise NewsbiasError(f"{train_file}: training labels {list(classifier.classes_)} are not {list(CLASSES)}.")
    card = {
        "classes": list(CLASSES), "trained_on": paths.relative_to_root(train_file),
        "trained_on_sha256": hashlib.sha256(train_file.read_bytes()).hexdigest(), "n_targets": len(examples),
        "n_features": int(matrix.shape[1]), "regularisation_C": c, "spacy_pipeline": spacy_pipeline.model_label(nlp),
        "training_seconds": round(time.perf_counter() - started, 1),
    }
    return Model(np.array(vectoriser.get_feature_names_out(), dtype=str), classifier.coef_.astype(np.float32),
                 classifier.intercept_.astype(np.float32), card)


def save(model: Model, folder: Path = MODEL_DIR) -> tuple[Path, Path]:
    """Write the model's arrays (``.npz``, no pickle) and its JSON card; return both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    weights_path, card_path = model_paths(folder)
    np.savez_compressed(weights_path, feature_names=model.feature_names, weights=model.weights, intercepts=model.intercepts)
    card_path.write_text(json.dumps(model.card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    load.cache_clear()
    return weights_path, card_path
