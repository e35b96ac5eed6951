"""The trained target-sentiment classifier: features of one target in a parsed sentence, and the model that reads them.

A multinomial logistic regression over sparse features:

- ``sentence``: the sentence's words and word pairs with the target masked as ``<T>``;
- ``window``: words within 8 tokens left and right of the target, the nearest 3 marked by distance;
- ``syntax``: the target's dependency relation, its head and governing predicate, the lemmas of the
  words in its scope (:func:`newsbias.target_scope.target_scope`) with their relations, negation of the
  predicate, the dependency path from target to predicate;
- ``lexicon``: VADER and TextBlob scores of the sentence, of the target's scope and of its window;
- ``position``: inside quotation marks, subject/object/possessor role, pronoun, relative position.

The model is a compressed ``.npz`` of plain arrays (feature names, weights, intercepts: no pickle) with a JSON
card beside it recording how it was made; :mod:`newsbias.sentiment.training` trains it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from newsbias import paths
from newsbias.errors import NewsbiasError
from newsbias.lexicon import lexicon_scores
from newsbias.target_scope import governor_of, span_root, target_scope, target_tokens

MODEL_DIR = paths.MODELS
MODEL_NAME = "sentiment_classifier"
CLASSES = ("negative", "neutral", "positive")
WINDOW = 8
NEAR = 3
QUOTE_MARKS = set("\"“”‘’'«»")
SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
OBJECT_DEPS = {"dobj", "iobj", "attr", "oprd", "dative"}


def _word(token) -> str:
    return "<num>" if token.like_num else token.lower_


@dataclass
class SentenceView:
    """What the features need from a parsed sentence, computed once however many targets it holds."""

    words: list[str]
    texts: list[str]
    text: str
    quote_positions: list[int]

    @classmethod
    def of(cls, doc) -> SentenceView:
        texts = [t.text for t in doc]
        return cls([_word(t) for t in doc], texts, doc.text, [i for i, text in enumerate(texts) if text in QUOTE_MARKS])


def features(doc, start: int, end: int, view: SentenceView | None = None) -> dict[str, float]:
    """Sparse features of the target at characters ``[start, end)`` of a parsed sentence."""
    view = view or SentenceView.of(doc)
    words = view.words
    tokens = target_tokens(doc, start, end)
    first, last = tokens[0].i, tokens[-1].i  # the target's tokens are contiguous
    root = span_root(tokens)
    governor = governor_of(root)
    scope = target_scope(doc, start, end)
    found: dict[str, float] = {}

    masked = [*words[:first], "<T>", *words[last + 1:]]
    for i, word in enumerate(masked):
        found["s:" + word] = 1.0
        if i:
            found[f"s2:{masked[i - 1]}_{word}"] = 1.0

    left = range(max(0, first - WINDOW), first)
    right = range(last + 1, min(len(words), last + 1 + WINDOW))
    for i in left:
        found["L:" + words[i]] = 1.0
        if first - i <= NEAR:
            found[f"L{first - i}:" + words[i]] = 1.0
    for i in right:
        found["R:" + words[i]] = 1.0
        if i - last <= NEAR:
            found[f"R{i - last}:" + words[i]] = 1.0
    target_at = masked.index("<T>")
    if target_at + 2 < len(masked):
        found[f"R12:{masked[target_at + 1]}_{masked[target_at + 2]}"] = 1.0
    if target_at >= 2:
        found[f"L21:{masked[target_at - 2]}_{masked[target_at - 1]}"] = 1.0

    head, predicate = root.head.lemma_.lower(), governor.lemma_.lower()
    found["dep:" + root.dep_] = 1.0
    found["head:" + head] = 1.0
    found[f"dep_head:{root.dep_}:{head}"] = 1.0
    found["pred:" + predicate] = 1.0
    found[f"dep_pred:{root.dep_}:{predicate}"] = 1.0
    for token in scope:
        if not token.is_punct:
            found["scope:" + token.lemma_.lower()] = 1.0
            found[f"scope_dep:{token.dep_}:{token.lemma_.lower()}"] = 1.0
    if any(child.dep_ == "neg" for child in governor.children):
        found["pred_negated"] = 1.0
    path, token = [], root
    while token.i != governor.i and token.head.i != token.i and len(path) < 5:
        path.append(token.dep_)
        token = token.head
    found["path:" + ">".join(path)] = 1.0

    names = ("vader_compound", "vader_pos", "vader_neg", "vader_neu", "textblob_polarity", "textblob_subjectivity")
    for part, text in (("sentence", view.text), ("scope", " ".join(t.text for t in scope)),
                       ("window", " ".join(view.texts[i] for i in [*left, *right]))):
        for name, value in zip(names, lexicon_scores(text)):
            found[f"lex_{part}_{name}"] = float(value)

    quote_marks_before = sum(1 for i in view.quote_positions if i < first)
    found["in_quotes"] = float(quote_marks_before % 2 == 1)
    found["has_quotes"] = float(bool(view.quote_positions))
    found["role_subject"] = float(root.dep_ in SUBJECT_DEPS)
    found["role_passive_subject"] = float(root.dep_ == "nsubjpass")
    found["role_object"] = float(root.dep_ in OBJECT_DEPS)
    found["role_prep_object"] = float(root.dep_ == "pobj")
    found["role_possessor"] = float(root.dep_ == "poss")
    found["pronoun"] = float(root.pos_ == "PRON")
    found["sentence_start"] = float(first == 0)
    found["relative_position"] = first / max(1, len(words))
    found["predicate_is_root"] = float(governor.dep_ == "ROOT")
    return found


@dataclass
class Model:
    """A trained classifier: feature names, weights (classes x features) and intercepts."""

    feature_names: np.ndarray
    weights: np.ndarray
    intercepts: np.ndarray
    card: dict

    def __post_init__(self):
        self.index = {name: i for i, name in enumerate(self.feature_names.tolist())}

    def matrix(self, rows: list[dict[str, float]]) -> sparse.csr_matrix:
        data, cols, indptr = [], [], [0]
        for row in rows:
            for name, value in row.items():
                column = self.index.get(name)
                if column is not None and value:
                    cols.append(column), data.append(value)
            indptr.append(len(cols))
        return sparse.csr_matrix((data, cols, indptr), shape=(len(rows), len(self.feature_names)))

    def probabilities(self, rows: list[dict[str, float]]) -> np.ndarray:
        logits = self.matrix(rows) @ self.weights.T + self.intercepts
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


def model_paths(folder: Path = MODEL_DIR) -> tuple[Path, Path]:
    return folder / f"{MODEL_NAME}.npz", folder / f"{MODEL_NAME}.json"


@lru_cache(maxsize=2)
def load(folder: Path = MODEL_DIR) -> Model:
    """Load the committed model, with a clear error when it is missing or not a model file."""
    weights_path, card_path = model_paths(folder)
    if not weights_path.is_file() or not card_path.is_file():
        raise NewsbiasError(f"no trained sentiment classifier at {weights_path}: run `make train-sentiment` to train it "
                            "on data/newsmtsc/train.jsonl (a few minutes on 2 cores).")
    try:
        with np.load(weights_path, allow_pickle=False) as arrays:
            model = Model(arrays["feature_names"], arrays["weights"], arrays["intercepts"],
                          json.loads(card_path.read_text(encoding="utf-8")))
    except (KeyError, ValueError, OSError, json.JSONDecodeError) as problem:
        raise NewsbiasError(f"{weights_path} is not a newsbias sentiment model ({problem}); retrain with `make train-sentiment`.") from problem
    if tuple(model.card.get("classes", ())) != CLASSES:
        raise NewsbiasError(f"{card_path}: the model's classes {model.card.get('classes')} are not {list(CLASSES)}.")
    return model


def predict(model: Model, examples: pd.DataFrame, docs: list) -> pd.DataFrame:
    """``score`` (P(positive) - P(negative)) and ``label`` (the likeliest class) for each target of ``examples``
    (``start_char, end_char`` within its parsed sentence in ``docs``)."""
    views: dict[int, SentenceView] = {}  # by document: the docs stay alive in ``docs`` meanwhile

    def view_of(doc) -> SentenceView:
        if id(doc) not in views:
            views[id(doc)] = SentenceView.of(doc)
        return views[id(doc)]

    rows = [features(doc, s, e, view_of(doc)) for doc, s, e in zip(docs, examples["start_char"], examples["end_char"])]
    probabilities = model.probabilities(rows) if rows else np.zeros((0, 3))
    score = probabilities[:, 2] - probabilities[:, 0]
    labels = np.array(CLASSES)[probabilities.argmax(axis=1)] if rows else np.array([], dtype=str)
    return pd.DataFrame({"score": score.round(4), "label": labels}, index=examples.index)
