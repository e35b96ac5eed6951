"""Reading the scores: the sentences behind them, and how often the methods agree."""

from __future__ import annotations

import pandas as pd


def evidence(actor_sentiment: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, method: str,
             actors: list[str] | None = None) -> pd.DataFrame:
    """For each actor and outlet, the most negative and the most positive sentence by ``method``, to read.

    Ties go to the earlier sentence; an actor mentioned once gets one row (``side='only mention'``). Returns ``outlet, actor_name, side, score, voice, sentence, article_id, sentence_id``.
    """
    outlet_of = articles.set_index("article_id")["outlet"]
    scored = actor_sentiment[actor_sentiment["method"] == method]
    if actors is not None:
        scored = scored[scored["actor_name"].isin(actors)]
    scored = scored.merge(sentences[["article_id", "sentence_id", "text"]], on=["article_id", "sentence_id"])
    scored = scored.assign(outlet=scored["article_id"].map(outlet_of)).sort_values(["article_id", "mention_start"])
    rows = []
    for (outlet, actor), group in scored.groupby(["outlet", "actor_name"], sort=True):
        picks = [("most negative", group.loc[group["score"].idxmin()]), ("most positive", group.loc[group["score"].idxmax()])]
        if len(group) == 1:
            picks = [("only mention", group.iloc[0])]
        for side, pick in picks:
            rows.append({"outlet": outlet, "actor_name": actor, "side": side, "score": pick["score"], "voice": pick["voice"],
                         "n_mentions": len(group), "sentence": pick["text"], "article_id": pick["article_id"],
                         "sentence_id": pick["sentence_id"]})
    return pd.DataFrame(rows)


def method_agreement(actor_sentiment: pd.DataFrame) -> pd.DataFrame:
    """Share of mentions on which each pair of methods gives the same label (methods x methods)."""
    labels = actor_sentiment.pivot_table(index=["article_id", "mention_start"], columns="method", values="label", aggfunc="first")
    methods = list(labels.columns)
    table = pd.DataFrame({a: [(labels[a] == labels[b]).mean() for b in methods] for a in methods}, index=methods).round(3)
    table.index.name = table.columns.name = "method"
    return table
