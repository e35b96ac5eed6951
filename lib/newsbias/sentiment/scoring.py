"""Scoring every actor mention toward its actor with each sentiment method: the ``actor_sentiment`` table."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from newsbias import parsing, stagecache
from newsbias.engines import map_articles
from newsbias.errors import NewsbiasError
from newsbias.lexicon import textblob_scores
from newsbias.sentiment.methods import Method, get_method
from newsbias.tables import TABLES


def mention_targets(mentions: pd.DataFrame, sentences: pd.DataFrame, block_kinds: tuple[str, ...] = ("body",),
                    references: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per actor mention to score, with its sentence and the mention's offsets within it.

    Needs ``mentions`` after the quotation stage (``quote_id``, ``voice``) and ``sentences``; ``references`` (the
    pronouns and roles of :func:`newsbias.entities.references.find_references`, with ``quote_id`` and ``voice``) are
    scored too, each with the rule that resolved it in ``reference`` (a mention's is ``name``). Returns
    ``article_id, sentence_id, actor_id, actor_name, mention_start, sentence, start_char, end_char, in_quote,
    quote_id, voice, reference`` (``start_char``/``end_char`` within the sentence).
    """
    actors = mentions[(mentions["actor_id"] != "") & mentions["block_kind"].isin(block_kinds)].assign(reference="name")
    if references is not None and len(references):
        actors = pd.concat([actors, references[references["block_kind"].isin(block_kinds)]], ignore_index=True)
    joined = actors.merge(sentences[["article_id", "sentence_id", "text", "start_char"]].rename(
        columns={"text": "sentence", "start_char": "sentence_start"}), on=["article_id", "sentence_id"], how="left")
    if joined["sentence"].isna().any():
        missing = joined.loc[joined["sentence"].isna(), ["article_id", "sentence_id"]].drop_duplicates()
        raise NewsbiasError(f"mentions point at sentences the sentences table does not have: {missing.to_dict('records')[:5]}")
    return pd.DataFrame({
        "article_id": joined["article_id"], "sentence_id": joined["sentence_id"], "actor_id": joined["actor_id"],
        "actor_name": joined["actor_name"], "mention_start": joined["start_char"], "sentence": joined["sentence"],
        "start_char": joined["start_char"] - joined["sentence_start"], "end_char": joined["end_char"] - joined["sentence_start"],
        "in_quote": joined["in_quote"], "quote_id": joined["quote_id"], "voice": joined["voice"],
        "reference": joined["reference"],
    }).sort_values(["article_id", "mention_start"], kind="stable").reset_index(drop=True)


@stagecache.stage()
def score_targets(targets: pd.DataFrame, methods: list[str], nlp, progress: bool = True,
                  docs: Mapping | None = None, engine: str | None = None, scheduler: str | None = None,
                  release_workers: bool = False) -> pd.DataFrame:
    """The ``actor_sentiment`` table: one row per mention and method.

    Needs :func:`mention_targets`' columns. ``docs`` maps ``(article_id, sentence_id)`` to the sentence's
    parse (:func:`newsbias.parsing.sentence_docs`); without it the sentences are parsed on their own.
    With the sentence docs of :func:`newsbias.parsing.sentence_docs`, articles are scored a chunk at a
    time, here or on Dask (``engine``). TextBlob's subjectivity of the sentence is kept in ``subjectivity``
    (for every method's row). ``release_workers`` stops the worker processes once the last chunk is scored, before
    the table is put together and stored (:func:`newsbias.engines.map_articles`).
    """
    chosen = [get_method(name) for name in methods]
    targets = targets.assign(_row=np.arange(len(targets)))
    if isinstance(docs, parsing.SentenceDocs) and any(m.needs_parse for m in chosen):
        scored = map_articles(_chunk_scores, {"targets": targets, "sentences": docs.sentences, "blocks": docs.blocks},
                              nlp, engine=engine, scheduler=scheduler, progress=progress, desc="sentiment",
                              methods=list(methods), release_workers=release_workers)
    else:
        if not any(m.needs_parse for m in chosen):
            docs = None
        elif docs is not None:
            docs = [docs[(a, s)] for a, s in zip(targets["article_id"], targets["sentence_id"])]
        else:
            docs = parsing.parse(targets["sentence"].tolist(), nlp, progress, desc="parsing sentences")
        scored = _scores(targets, chosen, docs)
    rank = {name: number for number, name in enumerate(methods)}
    # Methods in the order given, each in the targets' order: one stable ordering and one copy of the table's own
    # columns (the sentence and its offsets, which every method's rows carry, are left behind first).
    order = np.lexsort((scored["_row"].to_numpy(), scored["method"].map(rank).to_numpy()))
    result = scored[list(TABLES["actor_sentiment"])].take(order)
    result.index = pd.RangeIndex(len(result))
    return result


def _scores(targets: pd.DataFrame, chosen: list[Method], docs: list | None) -> pd.DataFrame:
    subjectivity = np.array([textblob_scores(s)[1] for s in targets["sentence"]]).round(4)
    kept = [c for c in targets.columns if c in TABLES["actor_sentiment"] or c == "_row"]  # not the sentence: it is in `sentences`
    frames = []
    for method in chosen:
        predicted = method.predict(targets, docs)
        frames.append(targets[kept].assign(method=method.name, score=predicted["score"], label=predicted["label"],
                                           subjectivity=subjectivity))
    return pd.concat(frames, ignore_index=True) if frames else targets.iloc[:0]


def _chunk_scores(frames: dict[str, pd.DataFrame], nlp, methods: list[str]) -> pd.DataFrame:
    """Every method's scores for the targets of one chunk of articles, from the cached parses."""
    targets = frames["targets"]
    parsed = parsing.cut_sentences(frames["sentences"].merge(targets[["article_id", "sentence_id"]].drop_duplicates()),
                                   frames["blocks"], nlp)
    docs = [parsed[(a, s)] for a, s in zip(targets["article_id"], targets["sentence_id"])]
    return _scores(targets, [get_method(name) for name in methods], docs)
