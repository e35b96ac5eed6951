"""Tone across outlets: does an actor's mean tone differ between outlets beyond chance? (permutation tests)"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control

from newsbias import stagecache
from newsbias.sentiment.method_error import imputed_labels, true_given_predicted

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


def _permutation_p(values: np.ndarray, outlets: np.ndarray, n_permutations: int, seed: int,
                   strata: np.ndarray | None = None) -> float:
    """The permutation test on cluster means ``values`` labelled by ``outlets``, vectorised over permutations.

    Shuffling the values among fixed labels is the same test as shuffling the labels; group sizes
    do not change under a permutation, so only the group sums are recomputed. With ``strata`` (each cluster's
    event), values are shuffled only within their stratum: outlets are compared on the same events.
    """
    return float(_permutation_ps(values[None, :], outlets, n_permutations, seed, strata)[0])


def _permutation_ps(values: np.ndarray, outlets: np.ndarray, n_permutations: int, seed: int,
                    strata: np.ndarray | None = None) -> np.ndarray:
    """:func:`_permutation_p` for each row of ``values`` (sets of cluster means with the same ``outlets``), all
    under the same permutations, drawn once: what the test of one row gives, for every row at the cost of one."""
    labels, codes = np.unique(outlets, return_inverse=True)
    if len(labels) < 2:
        return np.full(len(values), np.nan)
    k = len(labels)
    counts = np.bincount(codes, minlength=k).astype(float)

    def group_sums(shuffled: np.ndarray) -> np.ndarray:
        """Per row of ``shuffled`` (permutations x clusters), the sum of each outlet's values (rows x outlets)."""
        cells = codes + k * np.arange(len(shuffled))[:, None]
        return np.bincount(cells.ravel(), weights=shuffled.ravel(), minlength=k * len(shuffled)).reshape(len(shuffled), k)

    def statistic(sums: np.ndarray, overall: float) -> np.ndarray:
        return np.sum(counts * (sums / counts - overall) ** 2, axis=-1)

    overall = values.mean(axis=1)
    observed = [statistic(group_sums(row[None, :]), mean)[0] for row, mean in zip(values, overall)]
    exceed = np.zeros(len(values), dtype=int)
    for index in _permutation_blocks(values.shape[1], n_permutations, seed, strata):
        for number, (row, mean) in enumerate(zip(values, overall)):
            exceed[number] += int(np.sum(statistic(group_sums(row[index]), mean) >= observed[number] - 1e-12))
    return (exceed + 1) / (n_permutations + 1)


def _permutation_blocks(n: int, n_permutations: int, seed: int, strata: np.ndarray | None):
    """The permutations of ``n`` clusters the test uses, as blocks of rows of indices (each row one permutation,
    shuffling only within ``strata`` when given), drawn from ``seed`` in a fixed order."""
    rng = np.random.default_rng(seed)
    block = max(1, _PERMUTATION_BLOCK // max(1, n))
    groups = [np.flatnonzero(strata == s) for s in np.unique(strata)] if strata is not None else [np.arange(n)]
    for done in range(0, n_permutations, block):
        index = np.broadcast_to(np.arange(n), (min(block, n_permutations - done), n)).copy()
        for members in groups:
            index[:, members] = rng.permuted(index[:, members], axis=1)
        yield index


@stagecache.stage()
def tone_differences(actor_sentiment: pd.DataFrame, articles: pd.DataFrame, method: str, min_outlets: int = 2,
                     n_permutations: int = PERMUTATIONS, seed: int = SEED,
                     confusion: pd.DataFrame | None = None, nested: bool = False,
                     events: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each actor covered by at least ``min_outlets`` outlets: outlet means and a permutation-test p-value,
    in the author's voice and in all voices. Resamples sentences (or whole articles, when an outlet has several).

    ``q_value`` controls the false discovery rate across the actors tested in a voice scope (Benjamini-Hochberg):
    with many actors, a few small p-values are expected by chance. With the method's ``confusion`` on NewsMTSC,
    ``p_value_method_error`` is the median p-value over :data:`IMPUTATIONS` repetitions of the test on true labels
    drawn given the method's predicted ones (:func:`newsbias.sentiment.method_error.imputed_labels`): a difference
    that survives the method's own errors; it is computed where ``p_value`` is below :data:`METHOD_ERROR_BELOW`
    (elsewhere there is no difference for the errors to explain away) and left empty for the others. With
    ``nested`` (units from :func:`newsbias.units.comparison_units`) whole outlets are the clusters that move; with
    ``events`` (``article_id, event``), values are shuffled only within an event, so that units are compared on the
    events they both cover. ``test`` says which.
    """
    outlet_of = articles.set_index("article_id")["outlet"]
    frame = actor_sentiment[actor_sentiment["method"] == method]
    frame = frame.assign(outlet=frame["article_id"].map(outlet_of))
    several_articles = articles.groupby("outlet")["article_id"].nunique().max() > 1
    if nested:
        cluster = frame["article_id"].map(articles.set_index("article_id")["source_outlet"])
    else:
        cluster = frame["article_id"] if several_articles else frame["article_id"] + ":" + frame["sentence_id"].astype(str)
    event_of = events.set_index("article_id")["event"] if events is not None else None
    if event_of is not None:
        cluster = frame["article_id"].map(event_of).astype(str) + "|" + cluster
    frame = frame.assign(cluster=cluster)
    test = ("whole outlets" if nested else ("articles" if several_articles else "sentences")) + (
        " shuffled within events" if event_of is not None else " shuffled")
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
        given = true_given_predicted(confusion) if confusion is not None else None
        rows_of = subset.groupby("actor_name", sort=True).indices
        for actor_name, group in per_cluster.groupby("actor_name", sort=True):
            strata = group["cluster"].str.split("|").str[0].to_numpy() if event_of is not None else None
            p_value = _permutation_p(group["score"].to_numpy(), group["outlet"].to_numpy(), n_permutations, seed, strata)
            p_error = (_imputed_p(subset.iloc[rows_of[actor_name]], given, seed, event_of is not None)
                       if given is not None and p_value < METHOD_ERROR_BELOW else float("nan"))
            means = outlet_means.loc[actor_name]
            sentences = int(n_sentences[actor_name])
            rows.append({"voice_scope": scope_name, "actor_name": actor_name, "n_outlets": len(means),
                         "n_mentions": int(n_mentions[actor_name]), "n_sentences": sentences,
                         "lowest": f"{means.idxmin()} ({means.min():+.2f})", "highest": f"{means.idxmax()} ({means.max():+.2f})",
                         "spread": round(float(means.max() - means.min()), 3), "p_value": round(p_value, 4),
                         "p_value_method_error": round(p_error, 4), "few_sentences": sentences < FEW_SENTENCES * len(means),
                         "test": test})
    columns = ["voice_scope", "actor_name", "n_outlets", "n_mentions", "n_sentences", "lowest", "highest", "spread", "p_value",
               "q_value", "p_value_method_error", "few_sentences", "test"]
    table = pd.DataFrame(rows, columns=columns)
    for scope in table["voice_scope"].unique():
        chosen = table["voice_scope"] == scope
        table.loc[chosen, "q_value"] = false_discovery_control(table.loc[chosen, "p_value"].to_numpy()).round(4)
    return table.sort_values(["voice_scope", "p_value", "actor_name"]).reset_index(drop=True)


# Repetitions of a test on imputed true labels (the method's errors), and the permutations of each; the test is
# repeated so only for the actors whose p-value is below METHOD_ERROR_BELOW.
IMPUTATIONS = 20
IMPUTED_PERMUTATIONS = 1000
METHOD_ERROR_BELOW = 0.05


def _imputed_p(rows: pd.DataFrame, given: np.ndarray, seed: int, stratified: bool = False) -> float:
    """Median permutation p-value over imputations of true labels given the predicted ones."""
    rng = np.random.default_rng(seed)
    # The (cluster, outlet) cells do not change between imputations: find them once, average by bincount.
    grouped = rows.groupby(["cluster", "outlet"], sort=True)
    cell, cell_sizes = grouped.ngroup().to_numpy(), grouped.size()
    sizes, keys = cell_sizes.to_numpy(), cell_sizes.index
    outlets = keys.get_level_values("outlet").to_numpy()
    strata = keys.get_level_values("cluster").str.split("|").str[0].to_numpy() if stratified else None
    means = np.array([np.bincount(cell, weights=imputed_labels(rows["label"], given, rng), minlength=len(sizes)) / sizes
                      for _ in range(IMPUTATIONS)])
    return float(np.median(_permutation_ps(means, outlets, IMPUTED_PERMUTATIONS, seed, strata)))


def method_robustness(actor_sentiment: pd.DataFrame, articles: pd.DataFrame, differences: pd.DataFrame,
                      methods: list[str], top: int = 3, n_permutations: int = 1000, **options) -> pd.DataFrame:
    """The test of :func:`tone_differences` repeated under each of ``methods`` for the ``top`` actors with the
    smallest p-value per voice scope in ``differences``: does the difference hold whatever method scores the tone?
    ``options`` are :func:`tone_differences`'s (``nested``, ``events``, ``seed``). Returns ``voice_scope,
    actor_name, method, lowest, highest, p_value``."""
    columns = ["voice_scope", "actor_name", "method", "lowest", "highest", "p_value"]
    chosen = differences.sort_values(["voice_scope", "p_value", "actor_name"]).groupby("voice_scope").head(top)
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    subset = actor_sentiment[actor_sentiment["actor_name"].isin(set(chosen["actor_name"]))]
    frames = []
    for method in methods:
        tested = tone_differences(subset, articles, method, n_permutations=n_permutations, **options)
        frames.append(tested.merge(chosen[["voice_scope", "actor_name"]], on=["voice_scope", "actor_name"]).assign(method=method))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return table[columns].sort_values(["voice_scope", "actor_name", "method"]).reset_index(drop=True)


def holds_under(robustness: pd.DataFrame, voice_scope: str, actor_name: str, alpha: float = 0.05) -> str:
    """In words: whether a difference holds under every method (p < ``alpha`` with the same lowest and highest
    unit) or which methods it depends on; empty without the other methods' results."""
    rows = robustness[(robustness["voice_scope"] == voice_scope) & (robustness["actor_name"] == actor_name)]
    if rows["method"].nunique() < 2:
        return ""
    order = (rows["lowest"].str.replace(r" \([^)]*\)$", "", regex=True) + " < "
             + rows["highest"].str.replace(r" \([^)]*\)$", "", regex=True))
    reference = order[rows["p_value"].idxmin()]  # the order of the method that finds the clearest difference
    holds = rows[(rows["p_value"] < alpha) & (order == reference)]["method"].tolist()
    if len(holds) == len(rows):
        return f"It holds under every method ({', '.join(rows['method'])})."
    others = [m for m in rows["method"] if m not in holds]
    return (f"It depends on the method: p < {alpha} with the same lowest and highest under {', '.join(holds) or 'none'}; "
            f"not under {', '.join(others)}.")
