"""Sentiment methods: each scores the tone toward a target (a span of a sentence) in [-1, 1] and labels it.

All run offline on what PyPI packages ship:

- ``textblob``: the polarity of the whole sentence (the baseline; TextBlob's subjectivity is kept too);
- ``vader``: VADER's compound score of the whole sentence;
- ``scoped_vader``: VADER over only the words tied to the mention in the dependency parse
  (:func:`newsbias.target_scope.target_scope`), with negation;
- ``classifier``: a linear model trained on the NewsMTSC training set (:mod:`newsbias.sentiment.classifier`);
- ``transformer``: a small sentence encoder fine-tuned on the NewsMTSC training set, run with ONNX Runtime
  (:mod:`newsbias.sentiment.transformer`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsbias.errors import NewsbiasError
from newsbias.lexicon import textblob_scores, vader_compound
from newsbias.sentiment import classifier, transformer
from newsbias.target_scope import target_scope

LABELS = ("negative", "neutral", "positive")


def label_from_score(scores: np.ndarray, negative_below: float, positive_above: float) -> np.ndarray:
    """Three-way labels from scores: below ``negative_below`` negative, above ``positive_above`` positive."""
    scores = np.asarray(scores, dtype=float)
    return np.where(scores < negative_below, "negative", np.where(scores > positive_above, "positive", "neutral"))


@dataclass(frozen=True)
class Method:
    """A sentiment method: scores targets (sentence + character span) and labels them.

    Lexicon methods give a ``score`` function and label by thresholds; a classifier gives its own
    ``predictor`` returning both.
    """

    name: str
    description: str
    score: Callable[[pd.DataFrame, list | None], np.ndarray] | None  # (examples, parsed docs or None) -> scores
    negative_below: float
    positive_above: float
    needs_parse: bool = False
    predictor: Callable[[pd.DataFrame, list | None], pd.DataFrame] | None = None

    def predict(self, examples: pd.DataFrame, docs: list | None = None) -> pd.DataFrame:
        """``score`` and ``label`` for each row of ``examples`` (``sentence, start_char, end_char``)."""
        if self.predictor is not None:
            return self.predictor(examples, docs)
        scores = np.asarray(self.score(examples, docs), dtype=float)
        return pd.DataFrame({"score": scores.round(4), "label": label_from_score(scores, self.negative_below, self.positive_above)},
                            index=examples.index)


def _sentence_textblob(examples: pd.DataFrame, docs) -> np.ndarray:
    return np.array([textblob_scores(s)[0] for s in examples["sentence"]])


def _sentence_vader(examples: pd.DataFrame, docs) -> np.ndarray:
    return np.array([vader_compound(s) for s in examples["sentence"]])


def _scoped_vader(examples: pd.DataFrame, docs) -> np.ndarray:
    return np.array([vader_compound(" ".join(t.text for t in target_scope(doc, s, e)))
                     for doc, s, e in zip(docs, examples["start_char"], examples["end_char"])])


BASELINES = {
    # TextBlob: a sentence with any polarity is non-neutral (its lexicon scores most sentences 0).
    "textblob": Method("textblob", "TextBlob polarity of the whole sentence (baseline)", _sentence_textblob, 0.0, 0.0),
    # VADER's own documented cut-offs for its compound score.
    "vader": Method("vader", "VADER compound of the whole sentence", _sentence_vader, -0.05, 0.05),
    "scoped_vader": Method("scoped_vader", "VADER compound over the words tied to the target in the parse",
                           _scoped_vader, -0.05, 0.05, needs_parse=True),
}


def method_names() -> list[str]:
    """Every method, from the least to the most accurate on NewsMTSC dev_rw (notebook 04 measures them)."""
    return [*BASELINES, "classifier", "transformer"]


def most_accurate(methods: list[str]) -> str:
    """Of ``methods``, the one most accurate on NewsMTSC (the last in :func:`method_names`' order)."""
    known = [m for m in method_names() if m in methods]
    if not known:
        raise NewsbiasError(f"no known sentiment method among {methods}; choose from {', '.join(method_names())}.")
    return known[-1]


def require_method(method: str, scored: list[str], where: str, parameter: str) -> None:
    """A clear error when ``method``, which the figures use (the notebook's ``parameter``), is not among ``scored``,
    the methods that score the corpus (``where`` says which list that is). Nothing to check when none scored."""
    if scored and method not in scored:
        raise NewsbiasError(f"sentiment method {method!r} is not among {where} ({', '.join(scored)}); add it to "
                            f"notebook 04's METHODS, or set {parameter} to one of those.")


def get_method(name: str) -> Method:
    """A method by name; the trained classifier is loaded from ``data/models`` (see ``make train-sentiment``)."""
    if name in BASELINES:
        return BASELINES[name]
    if name == "classifier":
        model = classifier.load()
        return Method("classifier", "logistic regression on target-scoped features, trained on NewsMTSC train",
                      score=None, negative_below=0.0, positive_above=0.0, needs_parse=True,
                      predictor=lambda examples, docs: classifier.predict(model, examples, docs))
    if name == "transformer":
        tone_model = transformer.load()
        return Method("transformer", "all-MiniLM-L6-v2 fine-tuned on NewsMTSC train, target marked (ONNX, int8)",
                      score=None, negative_below=0.0, positive_above=0.0,
                      predictor=lambda examples, docs: transformer.predict(tone_model, examples))
    raise NewsbiasError(f"unknown sentiment method {name!r}; choose from {', '.join(method_names())}.")
