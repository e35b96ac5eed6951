"""Which articles cover the same event: a column of the corpus (``EVENTS=event``), or grouped from the articles.

Comparing outlets across a corpus of many events mixes two things: how each outlet covers an event, and which
events it chose to cover. :func:`events_from_column` takes a column of the researcher's; :func:`group_events`
(``EVENTS=auto``) groups the articles itself, from

- their text: the cosine similarity of TF-IDF vectors of their titles and body text (English stop words out);
- their actors: the share of the people and organisations most mentioned in one that the other mentions too;
- their dates: articles more than :data:`MAX_DAYS` days apart are never one event;

joined by average-linkage clustering at a distance threshold (:data:`THRESHOLD`). The ``events`` table says, per
article, its event, the event's size and label (its most distinctive words) and how close the article is to the
rest of its event; a researcher corrects it with an override CSV (``article_id,event``), which wins.
``python -m newsbias.events evaluate CORPUS --column event`` measures the grouping against a column that is known
(adjusted Rand index).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from newsbias import spacy_pipeline
from newsbias.entities import find_actors
from newsbias.errors import NewsbiasError
from newsbias.ingestion import ingest
from newsbias.tables import TABLES
from newsbias.units import article_column

# Weights of the similarities, and the distance (1 - similarity) below which articles join one event.
TEXT_WEIGHT, ACTOR_WEIGHT = 0.7, 0.3
THRESHOLD = 0.8
MAX_DAYS = 14
TOP_ACTORS = 8


def events_from_column(articles: pd.DataFrame, metadata: pd.DataFrame | None, column: str) -> pd.DataFrame:
    """The ``events`` table from a column of the researcher's; articles without a value are each their own event."""
    values = article_column(articles, metadata, column).astype("string")
    missing = values.isna() | (values.str.strip() == "")
    events = values.where(~missing, "(none) " + articles["article_id"].astype(str).reset_index(drop=True))
    return _table(articles, events.to_numpy(), np.full(len(articles), np.nan), f"column {column}", None)


def group_events(articles: pd.DataFrame, texts: pd.DataFrame, mentions: pd.DataFrame, threshold: float = THRESHOLD,
                 overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``events`` table, grouped from the articles' text, actors and dates (see the module's docstring)."""
    ordered = articles.reset_index(drop=True)
    body = texts.set_index("article_id")["text"].reindex(ordered["article_id"]).fillna("")
    documents = (ordered["title"].fillna("") + "\n" + body.to_numpy()).tolist()
    if len(ordered) == 1:
        return _table(ordered, np.array(["e1"]), np.array([1.0]), "grouped from the articles", overrides, documents)
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1, max_df=0.5).fit_transform(documents)
    text_similarity = (vectors @ vectors.T).toarray()
    similarity = TEXT_WEIGHT * text_similarity + ACTOR_WEIGHT * _actor_overlap(ordered, mentions)
    dates = pd.to_datetime(ordered["date"], format="ISO8601", errors="coerce")
    if dates.notna().any():
        days = np.abs((dates.to_numpy()[:, None] - dates.to_numpy()[None, :]) / np.timedelta64(1, "D"))
        similarity = np.where(np.nan_to_num(days, nan=0.0) > MAX_DAYS, 0.0, similarity)
    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(linkage(squareform(distance, checks=False), method="average"), t=threshold, criterion="distance")
    closeness = np.array([similarity[i, (labels == labels[i]) & (np.arange(len(labels)) != i)].mean()
                          if (labels == labels[i]).sum() > 1 else np.nan for i in range(len(labels))])
    return _table(ordered, labels, closeness, "grouped from the articles", overrides, documents)


def _actor_overlap(articles: pd.DataFrame, mentions: pd.DataFrame) -> np.ndarray:
    """Per pair of articles: the share of each one's most mentioned actors (people and organisations) both name."""
    named = mentions[mentions["actor_type"].isin(["person", "organisation"]) & (mentions["actor_id"] != "")]
    top = {a: set(g["actor_id"].value_counts().head(TOP_ACTORS).index) for a, g in named.groupby("article_id")}
    sets = [top.get(a, set()) for a in articles["article_id"]]
    overlap = np.zeros((len(sets), len(sets)))
    for i, first in enumerate(sets):
        for j in range(i + 1, len(sets)):
            second = sets[j]
            if first and second:
                overlap[i, j] = overlap[j, i] = len(first & second) / min(len(first), len(second))
    return overlap


def _table(articles: pd.DataFrame, labels, closeness, how: str, overrides: pd.DataFrame | None,
           documents: list[str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"article_id": articles["article_id"].to_numpy(), "event": [str(x) for x in labels],
                          "closeness": np.round(np.asarray(closeness, dtype=float), 3), "grouped_by": how})
    if how.startswith("grouped"):  # numbered by their first article, so that one grouping always reads the same
        frame["event"] = frame["event"].map({e: f"e{i + 1}" for i, e in enumerate(dict.fromkeys(frame["event"]))})
    if overrides is not None and len(overrides):  # the researcher's event names, kept as written
        corrected = overrides.set_index("article_id")["event"].astype(str)
        chosen = frame["article_id"].isin(corrected.index)
        frame.loc[chosen, "event"] = frame.loc[chosen, "article_id"].map(corrected)
        frame.loc[chosen, "grouped_by"] = "override file"
    frame["n_articles"] = frame.groupby("event")["article_id"].transform("size")
    frame["label"] = frame["event"].map(_labels(frame, documents)) if documents is not None else frame["event"]
    return frame[list(TABLES["events"])]


def _labels(frame: pd.DataFrame, documents: list[str]) -> dict[str, str]:
    """Each event's three most distinctive words (TF-IDF of its articles pooled against the others)."""
    pooled = frame.assign(document=documents).groupby("event")["document"].agg(" ".join)
    if len(pooled) < 2:
        return {e: "" for e in pooled.index}
    vectoriser = TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b[A-Za-z][A-Za-z]+\b")
    weights = vectoriser.fit_transform(pooled.to_list())
    vocabulary = np.array(vectoriser.get_feature_names_out())
    return {event: ", ".join(vocabulary[np.argsort(-weights[i].toarray()[0])[:3]]) for i, event in enumerate(pooled.index)}


def read_overrides(path: str | Path | None) -> pd.DataFrame | None:
    """A researcher's corrections of the grouping: CSV with ``article_id`` and ``event``."""
    if path is None:
        return None
    path = Path(path)
    if not path.is_file():
        raise NewsbiasError(f"event override file {path} does not exist (a CSV with columns article_id, event).")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    if not {"article_id", "event"} <= set(frame.columns):
        raise NewsbiasError(f"{path}: needs columns article_id and event; it has {list(frame.columns)}.")
    return frame


def find_events(articles: pd.DataFrame, metadata: pd.DataFrame | None, texts: pd.DataFrame, mentions: pd.DataFrame,
                how: str | None, overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``events`` table for the notebooks' ``EVENTS`` parameter: ``None`` (every article in one event, "all"),
    ``"auto"``, or a column."""
    if not how:
        frame = pd.DataFrame({"article_id": articles["article_id"].to_numpy(), "event": "all", "n_articles": len(articles),
                              "label": "", "closeness": np.nan,
                              "grouped_by": f"not grouped (EVENTS unset{_column_hint(articles, metadata)})"})
        return frame[list(TABLES["events"])]
    if how == "auto":
        return group_events(articles, texts, mentions, overrides=overrides)
    return events_from_column(articles, metadata, how)


def _column_hint(articles: pd.DataFrame, metadata: pd.DataFrame | None) -> str:
    """A pointer to the corpus's own event column, when it has one named "event..." that groups its articles."""
    columns = [c for c in ([] if metadata is None else metadata.columns) if str(c).lower().startswith("event")]
    for column in columns:
        values = article_column(articles, metadata, column).astype("string").str.strip().replace("", pd.NA).dropna()
        if 1 < values.nunique() < len(articles):
            return f"; the corpus's column {column!r} names {values.nunique()} events"
    return ""


def several(events: pd.DataFrame) -> bool:
    """Whether the corpus has more than one event (pairing within events then means something)."""
    return events["event"].nunique() > 1


def describe(events: pd.DataFrame, articles: pd.DataFrame) -> str:
    """In words: how the events were found, how many, their sizes, and how many several units cover."""
    how = events["grouped_by"].iloc[0] if len(events) else "no articles"
    if not several(events):
        named = re.search(r"column '([^']+)' names", how)  # the corpus's own event column (_column_hint)
        advice = (f"Set EVENTS = {named[1]!r} among the notebook's parameters (make run EVENTS={named[1]}) to compare "
                  "units within those events." if named else
                  "Set EVENTS to a column or to auto to compare units on the events they both cover.")
        return f"One event, {how}: every comparison pools each unit's articles, and pairing within events adds nothing here. {advice}"
    units = articles[["article_id", "outlet"]].merge(events[["article_id", "event"]], on="article_id")
    per_event = units.groupby("event")["outlet"].nunique()
    sizes = events.drop_duplicates("event")["n_articles"]
    return (f"{events['event'].nunique()} events ({how}; {int((events['grouped_by'] == 'override file').sum())} articles "
            f"placed by the override file): {int((sizes == 1).sum())} with one article, median "
            f"{sizes.median():.0f} articles, largest {sizes.max()}; {int((per_event >= 2).sum())} covered by two units "
            f"or more, which is where units can be compared within an event.")


def adjusted_rand(events: pd.DataFrame, truth: pd.Series) -> float:
    """How well ``events`` recovers known events (``truth`` indexed by article_id): the adjusted Rand index."""
    known = truth.reindex(events["article_id"])
    return float(adjusted_rand_score(known.astype(str), events["event"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbias.events", description="Group articles into events.")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("evaluate", help="group a corpus's articles and compare with a column of known events")
    evaluate.add_argument("corpus", help="a JSON-lines or CSV table of articles, or a manifest")
    evaluate.add_argument("--column", required=True, help="the column that says which event each article covers")
    evaluate.add_argument("--threshold", type=float, default=THRESHOLD, help="distance at which articles join an event")
    args = parser.parse_args(argv)
    try:
        result = ingest(args.corpus, on_bad_record="set_aside", progress=True)
        nlp = spacy_pipeline.load_model()
        mentions, _ = find_actors(result.sentences, result.texts, nlp, progress=True, blocks=result.blocks)
        events = group_events(result.articles, result.texts, mentions, threshold=args.threshold)
        truth = article_column(result.articles, result.article_metadata, args.column)
    except NewsbiasError as problem:
        parser.exit(2, f"error: {problem}\n")
    truth.index = result.articles["article_id"].to_numpy()
    crossed = pd.crosstab(truth.reindex(events["article_id"]).to_numpy(), events["event"].to_numpy())
    split = int((crossed.gt(0).sum(axis=1) > 1).sum())
    merged = int((crossed.gt(0).sum(axis=0) > 1).sum())
    print(f"articles {len(events)}; known events {truth.nunique()}; found events {events['event'].nunique()}")
    print(f"adjusted Rand index {adjusted_rand(events, truth):.3f}; known events split {split}; found events merging "
          f"several {merged}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
