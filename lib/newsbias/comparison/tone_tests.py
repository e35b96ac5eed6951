"""Tone across outlets: does an actor's mean tone differ between outlets beyond chance? (permutation tests)"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsbias import stagecache

SEED = 0
PERMUTATIONS = 5000
# Claims resting on fewer sentences than this are flagged.
FEW_SENTENCES = 5


def permutation_test(scores: pd.Series, outlets: pd.Series, clusters: pd.Series, n_permutations: int = PERMUTATIONS,
                     seed: int = SEED) -> float:
    """p-value that outlets differ in mean score, shuffling outlet labels across clusters (sentences).

    The statistic is the between-outlet sum of squares of the cluster means; scores are first
    averaged per cluster, so several mentions in one sentence count once.
    """
    frame = pd.DataFrame({"score": scores.to_numpy(), "outlet": outlets.to_numpy(), "cluster": clusters.to_numpy()})
    per_cluster = frame.groupby(["cluster", "outlet"], sort=True)["score"].mean().reset_index()
    return _permutation_p(per_cluster["score"].to_numpy(), per_cluster["outlet"].to_numpy(), n_permutations, seed)


# Permuted values held at once by the permutation test (bounds its memory whatever the cluster count).
_PERMUTATION_BLOCK = 2_000_000


def _permutation_p(values: np.ndarray, outlets: np.ndarray, n_permutations: int, seed: int) -> float:
    """The permutation test on cluster means ``values`` labelled by ``outlets``, vectorised over permutations.

    Shuffling the values among fixed labels is the same test as shuffling the labels; group sizes
    do not change under a permutation, so only the group sums are recomputed.
    """
    labels, codes = np.unique(outlets, return_inverse=True)
    if len(labels) < 2:
        return float("nan")
    counts = np.bincount(codes, minlength=len(labels)).astype(float)
    overall = values.mean()
    one_hot = np.eye(len(labels))[codes]  # clusters x outlets

    def statistic(sums: np.ndarray) -> np.ndarray:
        return np.sum(counts * (sums / counts - overall) ** 2, axis=-1)

    observed = statistic(values @ one_hot)
    rng = np.random.default_rng(seed)
    block = max(1, _PERMUTATION_BLOCK // max(1, len(values)))
    exceed = 0
    for done in range(0, n_permutations, block):
        shuffled = rng.permuted(np.broadcast_to(values, (min(block, n_permutations - done), len(values))), axis=1)
        exceed += int(np.sum(statistic(shuffled @ one_hot) >= observed - 1e-12))
    return (exceed + 1) / (n_permutations + 1)


@stagecache.stage()
def tone_differences(actor_sentiment: pd.DataFrame, articles: pd.DataFrame, method: str, min_outlets: int = 2,
                     n_permutations: int = PERMUTATIONS, seed: int = SEED) -> pd.DataFrame:
    """For each actor covered by at least ``min_outlets`` outlets: outlet means and a permutation-test p-value,
    in the author's voice and in all voices. Resamples sentences (or whole articles, when an outlet has several)."""
    outlet_of = articles.set_index("article_id")["outlet"]
    frame = actor_sentiment[actor_sentiment["method"] == method]
    frame = frame.assign(outlet=frame["article_id"].map(outlet_of))
    several_articles = articles.groupby("outlet")["article_id"].nunique().max() > 1
    frame = frame.assign(cluster=frame["article_id"] if several_articles
                         else frame["article_id"] + ":" + frame["sentence_id"].astype(str))
    rows = []
    for scope_name, subset in (("author", frame[frame["voice"] == "author"]), ("all", frame)):
        n_outlets = subset.groupby("actor_name")["outlet"].nunique()
        subset = subset[subset["actor_name"].isin(n_outlets.index[n_outlets >= min_outlets])]
        if subset.empty:
            continue
        per_cluster = subset.groupby(["actor_name", "cluster", "outlet"], sort=True)["score"].mean().reset_index()
        outlet_means = subset.groupby(["actor_name", "outlet"], sort=True)["score"].mean()
        n_mentions = subset.groupby("actor_name").size()
        n_sentences = subset.drop_duplicates(["actor_name", "article_id", "sentence_id"]).groupby("actor_name").size()
        for actor_name, group in per_cluster.groupby("actor_name", sort=True):
            p_value = _permutation_p(group["score"].to_numpy(), group["outlet"].to_numpy(), n_permutations, seed)
            means = outlet_means.loc[actor_name]
            sentences = int(n_sentences[actor_name])
            rows.append({"voice_scope": scope_name, "actor_name": actor_name, "n_outlets": len(means),
                         "n_mentions": int(n_mentions[actor_name]), "n_sentences": sentences,
                         "lowest": f"{means.idxmin()} ({means.min():+.2f})", "highest": f"{means.idxmax()} ({means.max():+.2f})",
                         "spread": round(float(means.max() - means.min()), 3), "p_value": round(p_value, 4),
                         "few_sentences": sentences < FEW_SENTENCES * len(means)})
    columns = ["voice_scope", "actor_name", "n_outlets", "n_mentions", "n_sentences", "lowest", "highest", "spread", "p_value",
               "few_sentences"]
    return pd.DataFrame(rows, columns=columns).sort_values(["voice_scope", "p_value", "actor_name"]).reset_index(drop=True)
