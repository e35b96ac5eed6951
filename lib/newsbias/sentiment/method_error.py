"""Uncertainty that includes the sentiment method's own errors, as measured on NewsMTSC.

A method's labels are right only so often. From its confusion matrix on NewsMTSC's dev_rw split (true label by
predicted label) follows, for each predicted label, the distribution of the true label: a mention labelled
negative is truly negative with some probability, neutral or positive with the rest. The **corrected tone** of a
mention is the expected true value (negative -1, neutral 0, positive +1) given its predicted label; the interval of
a mean of corrected tones adds, to the sampling variation between clusters (articles or sentences, bootstrapped),
the variance of the true labels given the predicted ones (mentions' errors taken as independent), on a normal
approximation. :func:`imputed_labels` draws true labels from the same distributions, for tests that repeat on them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from newsbias import parsing, stagecache
from newsbias.sentiment.methods import LABELS, get_method
from newsbias.sentiment.newsmtsc import NEWSMTSC, read_newsmtsc

VALUES = np.array([-1.0, 0.0, 1.0])  # negative, neutral, positive


@stagecache.stage(files=("path",))
def confusion(method: str, nlp, path: Path = NEWSMTSC / "dev_rw.jsonl") -> pd.DataFrame:
    """Counts of true (rows) by predicted (columns) label of ``method`` on a NewsMTSC-format file."""
    examples = read_newsmtsc(path)
    chosen = get_method(method)
    docs = parsing.parse(examples["sentence"].tolist(), nlp, progress=False) if chosen.needs_parse else None
    predicted = chosen.predict(examples, docs)["label"]
    table = pd.crosstab(examples["label"], predicted).reindex(index=list(LABELS), columns=list(LABELS), fill_value=0)
    table.index.name, table.columns.name = "true", "predicted"
    return table.reset_index()


def true_given_predicted(counts: pd.DataFrame) -> np.ndarray:
    """P(true label | predicted label): rows predicted, columns true, in :data:`LABELS` order; a label the method
    never predicted gets the overall distribution of true labels."""
    matrix = counts.set_index("true").reindex(index=list(LABELS), columns=list(LABELS)).to_numpy(dtype=float).T
    overall = matrix.sum(axis=0) / matrix.sum()
    rows = matrix.sum(axis=1, keepdims=True)
    return np.where(rows > 0, matrix / np.where(rows > 0, rows, 1), overall)


def corrected_values(labels: pd.Series, given: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per mention: the expected true value given its predicted label, and the variance of the true value."""
    index = labels.map({label: i for i, label in enumerate(LABELS)}).to_numpy()
    means = given @ VALUES
    variances = given @ (VALUES ** 2) - means ** 2
    return means[index], variances[index]


def imputed_labels(labels: pd.Series, given: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One draw of true values (-1, 0, +1) for each predicted label, from P(true | predicted)."""
    index = labels.map({label: i for i, label in enumerate(LABELS)}).to_numpy()
    cumulative = np.cumsum(given, axis=1)[index]
    draws = rng.random(len(index))[:, None]
    return VALUES[(draws > cumulative).sum(axis=1).clip(max=2)]


def corrected_summary(actor_sentiment: pd.DataFrame, articles: pd.DataFrame, confusions: dict[str, pd.DataFrame],
                      cells: list[str] | None = None, z: float = 1.96, nested: bool = False) -> pd.DataFrame:
    """Per outlet (or ``cells``), actor, method and voice scope: the mean corrected tone and its interval with the
    method's error. Returns the cell columns and ``corrected_tone, ci_low_with_method_error,
    ci_high_with_method_error`` for the methods in ``confusions``. ``nested``: clusters are whole outlets, but in a
    unit that is one outlet (as in :func:`newsbias.sentiment.tone.tone_summary`)."""
    cells = cells or ["outlet", "actor_id", "method"]
    outlet_of = articles.set_index("article_id")["outlet"]
    source_of = articles.set_index("article_id")["source_outlet" if nested else "outlet"]
    single = outlet_units(articles) if nested else set()
    frames = []
    kept = [c for c in actor_sentiment.columns if c in {*cells, "article_id", "voice", "label"}]  # what is read below
    sentences = sentence_codes(actor_sentiment) if confusions else None
    for method, counts in confusions.items():
        rows = (actor_sentiment["method"] == method).to_numpy()
        if not rows.any():
            continue
        part = actor_sentiment.loc[rows, kept]
        mean, variance = corrected_values(part["label"], true_given_predicted(counts))
        part = part.assign(outlet=part["article_id"].map(outlet_of), corrected=mean, variance=variance,
                           sentence=sentences[rows])
        for scope, subset in (("author", part[part["voice"] == "author"]), ("all", part)):
            if subset.empty:
                continue
            cluster = interval_clusters(subset, cells, subset["sentence"].to_numpy(),
                                        subset["article_id"].map(source_of) if nested else None, single)
            by_cluster = subset.assign(cluster=cluster).groupby([*cells, "cluster"], sort=True).agg(
                total=("corrected", "sum"), n=("corrected", "size"), var=("variance", "sum")).reset_index()
            frames.append(_intervals(by_cluster, cells, z).assign(voice_scope=scope))
    columns = [*cells, "voice_scope", "corrected_tone", "ci_low_with_method_error", "ci_high_with_method_error"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def _intervals(by_cluster: pd.DataFrame, cells: list[str], z: float) -> pd.DataFrame:
    """Per cell, the mean corrected tone over the mentions of its clusters (``total``, ``n``, ``var`` per cluster),
    with a normal-approximation interval: between-cluster sampling variance (ratio estimator) plus the labels' own
    variance."""
    grouped = by_cluster.groupby(cells, sort=True)
    cell_mean = grouped["total"].transform("sum") / grouped["n"].transform("sum")
    residual = (by_cluster["total"] - cell_mean * by_cluster["n"]) ** 2
    stats = by_cluster.assign(residual=residual).groupby(cells, sort=True).agg(
        n=("n", "sum"), total=("total", "sum"), k=("n", "size"), residual=("residual", "sum"), var=("var", "sum"))
    n, k = stats["n"].to_numpy(dtype=float), stats["k"].to_numpy()
    mean = stats["total"].to_numpy() / n
    with np.errstate(divide="ignore", invalid="ignore"):
        sampling = np.where(k > 1, (k / (k - 1)) * (stats["residual"].to_numpy() / n ** 2), np.nan)
    spread = np.where(k > 1, z * np.sqrt(sampling + stats["var"].to_numpy() / n ** 2), np.nan)
    # Clipped to the scale (-1 to +1): a normal approximation on few clusters can run past it.
    return pd.DataFrame({"corrected_tone": mean.round(4), "ci_low_with_method_error": np.maximum(mean - spread, -1.0).round(4),
                         "ci_high_with_method_error": np.minimum(mean + spread, 1.0).round(4)},
                        index=stats.index).reset_index()


def outlet_units(articles: pd.DataFrame) -> set[str]:
    """The units of ``articles`` (``outlet``, with ``source_outlet``) that are one outlet, shown under its own name
    beside pooled smaller outlets: their intervals resample their articles. A GROUP_BY group, or the pooled "other
    outlets", resamples whole outlets (a group of one outlet then has no interval: one outlet says nothing of how
    the group's outlets vary)."""
    sources = articles.groupby("outlet")["source_outlet"].agg(["nunique", "first"])
    return set(sources.index[(sources["nunique"] == 1) & (sources.index == sources["first"])])


def sentence_codes(rows: pd.DataFrame) -> np.ndarray:
    """Per row of ``rows`` (``article_id``, ``sentence_id``), a number for its sentence, in the order of the keys
    ``article_id:sentence_id`` as text (the order in which the intervals have always listed sentences, so that a
    seeded resampling draws the same ones), without writing the key for every row: only for each sentence."""
    articles, names = pd.factorize(rows["article_id"])
    sentence = rows["sentence_id"].to_numpy(dtype=np.int64)
    width = int(sentence.max()) + 1 if len(sentence) else 1
    pairs, codes = np.unique(articles.astype(np.int64) * width + sentence, return_inverse=True)
    keys = (pd.Index(names).take(pairs // width).astype(str) + ":" + pd.Index(pairs % width).astype(str)).to_numpy()
    rank = np.empty(len(keys), dtype=np.int64)
    rank[np.argsort(keys, kind="stable")] = np.arange(len(keys))
    return rank[codes]


def interval_clusters(rows: pd.DataFrame, cells: list[str], sentences: np.ndarray, sources: pd.Series | None,
                      single: set[str]) -> np.ndarray:
    """What an interval resamples, per row of ``rows`` (``article_id`` and ``outlet`` columns): its article where its
    cell has several, else its sentence (``sentences``: :func:`sentence_codes`); with ``sources`` (each row's outlet,
    where outlets are nested in units), its outlet, unless its unit is one outlet (``single``, :func:`outlet_units`).
    Shared by the bootstrap of :func:`newsbias.sentiment.tone.tone_summary` and :func:`corrected_summary`. The
    clusters are numbers; inside a cell they are all of one kind and in the order of their names."""
    several = rows.groupby(cells, sort=True)["article_id"].transform("nunique").to_numpy() > 1
    clusters = np.where(several, pd.factorize(rows["article_id"], sort=True)[0], sentences)
    if sources is not None:
        clusters = np.where(rows["outlet"].isin(single).to_numpy(), clusters, pd.factorize(sources, sort=True)[0])
    return clusters
