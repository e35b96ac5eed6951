"""Tone per outlet and actor: mean scores with clustered bootstrap intervals (the ``actor_tone`` table), and the
actor x outlet tables the figures draw."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from newsbias import stagecache
from newsbias.sentiment.method_error import corrected_summary, interval_clusters, outlet_units, sentence_codes
from newsbias.tables import TABLES

# Cells resting on fewer sentences than this are flagged as small samples.
SMALL_SAMPLE = 5
BOOTSTRAP_SAMPLES = 2000
SEED = 0


@lru_cache(maxsize=256)
def _bootstrap_picks(n_clusters: int, n_samples: int, seed: int) -> np.ndarray:
    """The resampled cluster indices: they depend only on the number of clusters and the seed, so the many
    small groups of a large corpus (thousands of outlet x actor x method cells) share them."""
    picks = np.random.default_rng(seed).integers(0, n_clusters, size=(n_samples, n_clusters))
    if n_clusters <= np.iinfo(np.int32).max:  # the same numbers, in half the memory
        picks = picks.astype(np.int32)
    picks.flags.writeable = False
    return picks


def bootstrap_interval(values: np.ndarray, clusters: np.ndarray, n_samples: int = BOOTSTRAP_SAMPLES,
                       seed: int = SEED, level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean, resampling whole clusters (sentences or articles) with replacement."""
    _, codes = np.unique(np.asarray(clusters), return_inverse=True)
    return _clustered_interval(np.asarray(values, dtype=float), codes, n_samples, seed, level)


def _clustered_interval(values: np.ndarray, codes: np.ndarray, n_samples: int, seed: int,
                        level: float = 0.95) -> tuple[float, float]:
    """:func:`bootstrap_interval` with the clusters already coded ``0..k-1``."""
    n_clusters = int(codes.max()) + 1 if len(codes) else 0
    if n_clusters < 2:
        return float("nan"), float("nan")
    sums = np.bincount(codes, weights=values, minlength=n_clusters)
    counts = np.bincount(codes, minlength=n_clusters).astype(float)
    picks = _bootstrap_picks(n_clusters, n_samples, seed)
    means = sums[picks].sum(axis=1) / counts[picks].sum(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    return float(low), float(high)


@stagecache.stage()
def tone_summary(actor_sentiment: pd.DataFrame, articles: pd.DataFrame, n_samples: int = BOOTSTRAP_SAMPLES,
                 seed: int = SEED, confusions: dict[str, pd.DataFrame] | None = None,
                 nested: bool = False) -> pd.DataFrame:
    """The ``actor_tone`` table: per outlet, actor, method and voice scope, the mean score with a bootstrap 95% interval.

    ``voice_scope='author'`` keeps the outlet's own voice (mentions outside quotations and
    reported speech); ``'all'`` keeps every mention. The interval resamples sentences, or whole
    articles when the outlet has several articles mentioning the actor (a clustered bootstrap,
    so that one long article does not dominate). With ``confusions`` (each method's confusion matrix on NewsMTSC,
    :func:`newsbias.sentiment.method_error.confusion`), the tone corrected for the method's errors and an interval
    that includes them are added (:mod:`newsbias.sentiment.method_error`); empty for a method without one.
    With ``nested`` (``articles`` from :func:`newsbias.units.comparison_units`, whose ``outlet`` is a group and
    ``source_outlet`` the outlet), the bootstrap resamples whole outlets in a group or in the pooled "other outlets":
    an outlet's articles are not independent. A unit that is one outlet, shown under its own name beside the pooled
    ones, resamples its articles as without ``nested`` (until 2026-12-02 it resampled its one outlet, and had no
    interval).
    """
    outlet_of = articles.set_index("article_id")["outlet"]
    source_of = articles.set_index("article_id")["source_outlet" if nested else "outlet"]
    # Only the columns the summary reads, each sentence as a number (sentence_codes), not a text key per row.
    frame = pd.DataFrame({
        "article_id": actor_sentiment["article_id"], "actor_id": actor_sentiment["actor_id"],
        "actor_name": actor_sentiment["actor_name"], "method": actor_sentiment["method"],
        "voice": actor_sentiment["voice"], "score": actor_sentiment["score"],
        "outlet": actor_sentiment["article_id"].map(outlet_of), "source": actor_sentiment["article_id"].map(source_of),
        "sentence_key": sentence_codes(actor_sentiment), "negative": actor_sentiment["label"] == "negative",
        "positive": actor_sentiment["label"] == "positive"})
    cells = ["outlet", "actor_id", "method"]
    single = outlet_units(articles) if nested else set()
    tables = []
    for scope_name, subset in (("author", frame[frame["voice"] == "author"]), ("all", frame)):
        if subset.empty:
            continue
        # Whole-table group statistics; only the intervals need the rows of each cell.
        stats = subset.groupby(cells, sort=True).agg(
            actor_name=("actor_name", "first"), n_mentions=("score", "size"), n_sentences=("sentence_key", "nunique"),
            n_articles=("article_id", "nunique"), share_negative=("negative", "mean"),
            share_positive=("positive", "mean")).reset_index()
        index = subset.groupby(cells, sort=True).indices
        scores = subset["score"].to_numpy(dtype=float)
        stats["mean_score"] = [scores[index[tuple(key)]].mean() for key in stats[cells].itertuples(index=False)]
        # Resample sentences, or articles where the cell has several (or outlets, nested in groups).
        clusters = interval_clusters(subset, cells, subset["sentence_key"].to_numpy(),
                                     subset["source"] if nested else None, single)
        low, high = _cell_intervals(scores, subset[cells].assign(cluster=clusters), n_samples, seed)
        stats["ci_low"], stats["ci_high"] = low, high
        stats["voice_scope"] = scope_name
        tables.append(stats)
    if not tables:
        return pd.DataFrame(columns=list(TABLES["actor_tone"]))
    tone = pd.concat(tables, ignore_index=True)
    for column in ("mean_score", "ci_low", "ci_high", "share_negative", "share_positive"):
        tone[column] = [round(float(value), 4) for value in tone[column]]
    tone["resampled"] = np.where(nested & ~tone["outlet"].isin(single), "outlets",
                                 np.where(tone["n_articles"] > 1, "articles", "sentences"))
    tone["small_sample"] = tone["n_sentences"] < SMALL_SAMPLE
    del frame, subset
    corrected = corrected_summary(actor_sentiment, articles, confusions or {}, nested=nested)
    _bootstrap_picks.cache_clear()  # the resamplings are shared by the cells of one summary, not kept after it
    tone = tone.merge(corrected, on=["outlet", "actor_id", "method", "voice_scope"], how="left")
    return tone[list(TABLES["actor_tone"])]


# Elements (cells x resamples x clusters) gathered at once when bootstrapping many cells together.
_BOOTSTRAP_BLOCK = 4_000_000


def _cell_intervals(scores: np.ndarray, keys: pd.DataFrame, n_samples: int, seed: int,
                    level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """:func:`bootstrap_interval` for every cell (all columns of ``keys`` but ``cluster``) at once, in sorted cell order.

    Cells with the same number of clusters share their resampling (:func:`_bootstrap_picks`) and are computed
    together; the result is the same as bootstrapping each cell on its own.
    """
    cell_columns = [c for c in keys.columns if c != "cluster"]
    cell = keys.groupby(cell_columns, sort=True).ngroup().to_numpy()
    cell_cluster = keys.groupby([*cell_columns, "cluster"], sort=True).ngroup().to_numpy()
    sums = np.bincount(cell_cluster, weights=scores)
    counts = np.bincount(cell_cluster).astype(float)
    n_cells = int(cell.max()) + 1
    first_cluster = np.full(n_cells, np.iinfo(np.int64).max)
    np.minimum.at(first_cluster, cell, cell_cluster)
    n_clusters = np.bincount(cell[np.unique(cell_cluster, return_index=True)[1]], minlength=n_cells)
    low, high = np.full(n_cells, np.nan), np.full(n_cells, np.nan)
    tail = (1 - level) / 2
    for k in np.unique(n_clusters[n_clusters >= 2]):
        chosen = np.flatnonzero(n_clusters == k)
        picks = _bootstrap_picks(int(k), n_samples, seed)
        step = max(1, _BOOTSTRAP_BLOCK // (n_samples * int(k)))
        for start in range(0, len(chosen), step):
            batch = chosen[start:start + step]
            columns = first_cluster[batch][:, None] + np.arange(k)[None, :]  # each cell's clusters, in sorted order
            cell_sums, cell_counts = sums[columns], counts[columns]
            means = cell_sums[:, picks].sum(axis=-1) / cell_counts[:, picks].sum(axis=-1)
            low[batch], high[batch] = np.quantile(means, [tail, 1 - tail], axis=1)
    return low, high


def tone_table(tone: pd.DataFrame, method: str, voice_scope: str, actors: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actor x outlet tables of the mean score and of the mentions behind it (``actors`` in the given order)."""
    part = tone[(tone["method"] == method) & (tone["voice_scope"] == voice_scope)]
    outlets = sorted(tone["outlet"].unique())
    means = part.pivot_table(index="actor_name", columns="outlet", values="mean_score", aggfunc="first")
    counts = part.pivot_table(index="actor_name", columns="outlet", values="n_mentions", aggfunc="first")
    order = actors if actors is not None else sorted(means.index)
    means = means.reindex(index=order, columns=outlets)
    counts = counts.reindex(index=order, columns=outlets).fillna(0).astype(int)
    means.columns.name = counts.columns.name = "outlet"
    return means, counts


def most_covered(tone: pd.DataFrame, method: str, top: int = 12, min_outlets: int = 1) -> list[str]:
    """Actor names with the most mentions (all voices), covered by at least ``min_outlets`` outlets."""
    part = tone[(tone["method"] == method) & (tone["voice_scope"] == "all")]
    totals = part.groupby("actor_name").agg(n=("n_mentions", "sum"), outlets=("outlet", "nunique"))
    totals = totals[totals["outlets"] >= min_outlets]
    return sorted(totals.index, key=lambda a: (-totals.at[a, "n"], a))[:top]
