"""Stage 3, sentiment per actor: how each outlet's text treats each actor.

Methods, each giving a score in [-1, 1] and a label (negative, neutral, positive) per
actor mention; all run offline on what PyPI packages ship:

- ``textblob``: the polarity of the whole sentence (the baseline; TextBlob's subjectivity is kept too);
- ``vader``: VADER's compound score of the whole sentence;
- ``scoped_vader``: VADER over only the words tied to the mention in the dependency parse
  (see :mod:`newsbias.target_scope`), with negation;
- ``classifier``: a model trained on the NewsMTSC training set (:mod:`newsbias.sentiment_model`).

``python -m newsbias.sentiment evaluate FILE.jsonl`` scores every method (or ``--method``)
on any file in NewsMTSC's format. Mentions inside a quotation carry the quoted speaker's
voice, not the outlet's (``voice``), so aggregates are given for the author's voice and for all voices.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from newsbias import paths, stagecache
from newsbias.errors import NewsbiasError
from newsbias.tables import TABLES

LABELS = ("negative", "neutral", "positive")
# NewsMTSC's polarity codes.
POLARITY_LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
NEWSMTSC = paths.DATA / "newsmtsc"
# Cells resting on fewer sentences than this are flagged as small samples.
SMALL_SAMPLE = 5
BOOTSTRAP_SAMPLES = 2000
SEED = 0


def read_newsmtsc(path: str | Path) -> pd.DataFrame:
    """One row per target of a NewsMTSC-format JSON-lines file.

    Returns ``example_id, sentence, start_char, end_char, mention, label``. Raises
    :class:`NewsbiasError` naming the file and line for anything that is not such a record.
    """
    path = Path(path)
    if not path.is_file():
        raise NewsbiasError(f"{path}: no such file (expected NewsMTSC-format JSON lines).")
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                sentence = record["sentence_normalized"]
                for index, target in enumerate(record["targets"]):
                    start, end = int(target["from"]), int(target["to"])
                    if sentence[start:end] != target["mention"]:
                        raise ValueError(f"target {index}: sentence[{start}:{end}] is not {target['mention']!r}")
                    polarity = float(target["polarity"])
                    if polarity not in POLARITY_LABELS:
                        raise ValueError(f"target {index}: polarity {polarity} is not one of {sorted(POLARITY_LABELS)}")
                    rows.append({"example_id": f"{path.stem}:{number}:{index}", "sentence": sentence, "start_char": start,
                                 "end_char": end, "mention": target["mention"], "label": POLARITY_LABELS[polarity]})
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as problem:
                raise NewsbiasError(f"{path}, line {number}: not a NewsMTSC record ({type(problem).__name__}: {problem}).") from problem
    if not rows:
        raise NewsbiasError(f"{path}: no targets found.")
    return pd.DataFrame(rows)


def label_from_score(scores: np.ndarray, negative_below: float, positive_above: float) -> np.ndarray:
    """Three-way labels from scores: below ``negative_below`` negative, above ``positive_above`` positive."""
    scores = np.asarray(scores, dtype=float)
    return np.where(scores < negative_below, "negative", np.where(scores > positive_above, "positive", "neutral"))


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


# Lexicon scores are pure functions of the text; a sentence with several mentions is scored once.
@lru_cache(maxsize=65536)
def vader_compound(text: str) -> float:
    return float(_vader().polarity_scores(text)["compound"]) if text.strip() else 0.0


@lru_cache(maxsize=65536)
def textblob_scores(text: str) -> tuple[float, float]:
    """TextBlob's (polarity, subjectivity) of a text (works without TextBlob's downloadable corpora).

    This is what ``TextBlob(text).sentiment`` computes (its default PatternAnalyzer), called directly:
    the analyzer defines a new namedtuple class on every call, which costs more than the scoring.
    """
    from textblob.en import sentiment as pattern_sentiment

    polarity, subjectivity = pattern_sentiment(text)
    return float(polarity), float(subjectivity)


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


# --- Where the evidence about a target sits -----------------------------------------------------

CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "acl", "csubj", "parataxis", "pcomp"})
# Children of the governing predicate that carry its evaluation of the target.
PREDICATE_DEPS = frozenset({"neg", "advmod", "acomp", "attr", "dobj", "xcomp", "prt", "aux", "auxpass", "oprd",
                            "npadvmod", "prep", "agent"})
# Links on the way from the target up to its predicate whose words count too.
PATH_DEPS = frozenset({"neg", "amod", "advmod", "acomp", "attr", "dobj", "prt", "compound"})
# Words of a predicate's complement further than this from its head are outside the scope.
SCOPE_REACH = 6


def _length(doc) -> int:
    """Characters in ``doc`` (without rebuilding ``doc.text``)."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def target_tokens(doc, start: int, end: int) -> list:
    """Tokens of ``doc`` overlapping characters ``[start, end)`` (at least one token)."""
    span = doc.char_span(start, end, alignment_mode="expand") if 0 <= start < end <= _length(doc) else None
    tokens = list(span) if span is not None else [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    return tokens or [doc[0]]


def _span_root(tokens: list):
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])


def _governor(root):
    """The nearest predicate or clause head above the target."""
    token = root
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in {"VERB", "AUX"} or token.dep_ in CLAUSE_DEPS:
            return token
    return token


def target_scope(doc, start: int, end: int) -> list:
    """The words tied to the target at ``[start, end)`` in a parsed sentence, in sentence order, target excluded.

    The target's own modifiers, appositives and relative clauses; the words on the path up to the
    predicate it is subject, object or complement of; that predicate with its negation, adverbs,
    complements and objects (near ones). Other clauses of the sentence are left out, so that
    "Iran vowed revenge for the killing of Soleimani" scores Iran by "vowed revenge" and
    Soleimani by "killing".
    """
    tokens = target_tokens(doc, start, end)
    inside = {t.i for t in tokens}
    root = _span_root(tokens)
    governor = _governor(root)
    scope: set[int] = set()
    for token in tokens:
        for child in token.children:
            if child.i not in inside:
                scope.update(t.i for t in child.subtree)
    token = root
    while token.i != governor.i and token.head.i != token.i:
        token = token.head
        scope.add(token.i)
        for child in token.children:
            if child.dep_ in PATH_DEPS:
                scope.update(t.i for t in child.subtree)
    scope.add(governor.i)
    for child in governor.children:
        if child.dep_ in PREDICATE_DEPS and not any(t.i in inside for t in child.subtree):
            scope.update(t.i for t in child.subtree if abs(t.i - child.i) <= SCOPE_REACH)
    return [doc[i] for i in sorted(scope - inside)]


# --- Methods ---------------------------------------------------------------------------------------


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


def mention_targets(mentions: pd.DataFrame, sentences: pd.DataFrame, block_kinds: tuple[str, ...] = ("body",)) -> pd.DataFrame:
    """One row per actor mention to score, with its sentence and the mention's offsets within it.

    Needs ``mentions`` after the quotation stage (``quote_id``, ``voice``) and ``sentences``.
    Returns ``article_id, sentence_id, actor_id, actor_name, mention_start, sentence, start_char,
    end_char, in_quote, quote_id, voice`` (``start_char``/``end_char`` within the sentence).
    """
    actors = mentions[(mentions["actor_id"] != "") & mentions["block_kind"].isin(block_kinds)]
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
    }).sort_values(["article_id", "mention_start"]).reset_index(drop=True)


def parse(sentences: list[str], nlp, progress: bool = True) -> list:
    """spaCy docs for standalone sentences (benchmark files), each parsed once and cached (:mod:`newsbias.parsing`)."""
    from newsbias import parsing

    return parsing.parse(sentences, nlp, progress, desc="parsing sentences")


@stagecache.stage()
def score_targets(targets: pd.DataFrame, methods: list[str], nlp, progress: bool = True,
                  docs: Mapping | None = None, engine: str | None = None, scheduler: str | None = None) -> pd.DataFrame:
    """The ``actor_sentiment`` table: one row per mention and method.

    Needs :func:`mention_targets`' columns. ``docs`` maps ``(article_id, sentence_id)`` to the sentence's
    parse (:func:`newsbias.parsing.sentence_docs`); without it the sentences are parsed on their own.
    With the sentence docs of :func:`newsbias.parsing.sentence_docs`, articles are scored a chunk at a
    time, here or on Dask (``engine``). TextBlob's subjectivity of the sentence is kept in ``subjectivity``
    (for every method's row).
    """
    from newsbias import parsing

    chosen = [get_method(name) for name in methods]
    targets = targets.assign(_row=np.arange(len(targets)))
    if isinstance(docs, parsing.SentenceDocs) and any(m.needs_parse for m in chosen):
        scored = parsing.map_articles(_chunk_scores, {"targets": targets, "sentences": docs.sentences, "blocks": docs.blocks},
                                      nlp, engine=engine, scheduler=scheduler, progress=progress, desc="sentiment",
                                      methods=list(methods))
    else:
        if not any(m.needs_parse for m in chosen):
            docs = None
        elif docs is not None:
            docs = [docs[(a, s)] for a, s in zip(targets["article_id"], targets["sentence_id"])]
        else:
            docs = parse(targets["sentence"].tolist(), nlp, progress)
        scored = _scores(targets, chosen, docs)
    rank = {name: number for number, name in enumerate(methods)}
    scored = scored.sort_values(["method", "_row"], key=lambda c: c.map(rank) if c.name == "method" else c, kind="stable")
    return scored[list(TABLES["actor_sentiment"])].reset_index(drop=True)


def _scores(targets: pd.DataFrame, chosen: list[Method], docs: list | None) -> pd.DataFrame:
    subjectivity = np.array([textblob_scores(s)[1] for s in targets["sentence"]]).round(4)
    frames = []
    for method in chosen:
        predicted = method.predict(targets, docs)
        frames.append(targets.assign(method=method.name, score=predicted["score"], label=predicted["label"],
                                     subjectivity=subjectivity))
    return pd.concat(frames, ignore_index=True) if frames else targets.iloc[:0]


def _chunk_scores(frames: dict[str, pd.DataFrame], nlp, methods: list[str]) -> pd.DataFrame:
    """Every method's scores for the targets of one chunk of articles, from the cached parses."""
    from newsbias import parsing

    targets = frames["targets"]
    parsed = parsing.cut_sentences(frames["sentences"].merge(targets[["article_id", "sentence_id"]].drop_duplicates()),
                                   frames["blocks"], nlp)
    docs = [parsed[(a, s)] for a, s in zip(targets["article_id"], targets["sentence_id"])]
    return _scores(targets, [get_method(name) for name in methods], docs)


@lru_cache(maxsize=256)
def _bootstrap_picks(n_clusters: int, n_samples: int, seed: int) -> np.ndarray:
    """The resampled cluster indices: they depend only on the number of clusters and the seed, so the many
    small groups of a large corpus (thousands of outlet x actor x method cells) share them."""
    picks = np.random.default_rng(seed).integers(0, n_clusters, size=(n_samples, n_clusters))
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
                 seed: int = SEED) -> pd.DataFrame:
    """The ``actor_tone`` table: per outlet, actor, method and voice scope, the mean score with a bootstrap 95% interval.

    ``voice_scope='author'`` keeps the outlet's own voice (mentions outside quotations and
    reported speech); ``'all'`` keeps every mention. The interval resamples sentences, or whole
    articles when the outlet has several articles mentioning the actor (a clustered bootstrap,
    so that one long article does not dominate).
    """
    outlet_of = articles.set_index("article_id")["outlet"]
    frame = actor_sentiment.assign(outlet=actor_sentiment["article_id"].map(outlet_of),
                                   sentence_key=actor_sentiment["article_id"] + ":" + actor_sentiment["sentence_id"].astype(str),
                                   negative=actor_sentiment["label"] == "negative",
                                   positive=actor_sentiment["label"] == "positive")
    cells = ["outlet", "actor_id", "method"]
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
        # Resample sentences, or articles where the cell has several.
        several = subset.groupby(cells, sort=True)["article_id"].transform("nunique").to_numpy() > 1
        clusters = np.where(several, subset["article_id"].to_numpy(), subset["sentence_key"].to_numpy())
        low, high = _cell_intervals(scores, subset[cells].assign(cluster=clusters), n_samples, seed)
        stats["ci_low"], stats["ci_high"] = low, high
        stats["voice_scope"] = scope_name
        tables.append(stats)
    if not tables:
        return pd.DataFrame(columns=list(TABLES["actor_tone"]))
    tone = pd.concat(tables, ignore_index=True)
    for column in ("mean_score", "ci_low", "ci_high", "share_negative", "share_positive"):
        tone[column] = [round(float(value), 4) for value in tone[column]]
    tone["resampled"] = np.where(tone["n_articles"] > 1, "articles", "sentences")
    tone["small_sample"] = tone["n_sentences"] < SMALL_SAMPLE
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


def method_names() -> list[str]:
    """Every method, baselines first."""
    return [*BASELINES, "classifier"]


def get_method(name: str) -> Method:
    """A method by name; the trained classifier is loaded from ``data/models`` (see ``make train-sentiment``)."""
    if name in BASELINES:
        return BASELINES[name]
    if name == "classifier":
        from newsbias import sentiment_model

        return sentiment_model.as_method(sentiment_model.load())
    raise NewsbiasError(f"unknown sentiment method {name!r}; choose from {', '.join(method_names())}.")


@stagecache.stage(files=("path",))
def evaluate(path: str | Path, methods: list[str] | None = None, nlp=None, progress: bool = False) -> pd.DataFrame:
    """Accuracy and macro-F1 (negative/neutral/positive) of each method on a NewsMTSC-format file."""
    from sklearn.metrics import accuracy_score, f1_score

    examples = read_newsmtsc(path)
    chosen = [get_method(name) for name in (methods or method_names())]
    docs = None
    if any(m.needs_parse for m in chosen):
        from newsbias import nlp as nlp_mod

        docs = parse(examples["sentence"].tolist(), nlp or nlp_mod.load_model(), progress)
    rows = []
    for method in chosen:
        predicted = method.predict(examples, docs)["label"]
        rows.append({"file": Path(path).name, "method": method.name, "n_targets": len(examples),
                     "accuracy": round(accuracy_score(examples["label"], predicted), 3),
                     "macro_f1": round(f1_score(examples["label"], predicted, labels=list(LABELS), average="macro"), 3)})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbias.sentiment", description="Target-dependent sentiment methods.")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate_parser = commands.add_parser("evaluate", help="accuracy and macro-F1 of each method on a NewsMTSC-format JSON-lines file")
    evaluate_parser.add_argument("files", nargs="+", help="NewsMTSC-format files (e.g. data/newsmtsc/dev_rw.jsonl)")
    evaluate_parser.add_argument("--method", action="append", choices=method_names(),
                                 help="a method to score (repeatable; default: all)")
    evaluate_parser.add_argument("--model", default=None, help="spaCy pipeline (default: as newsbias.nlp resolves it)")
    args = parser.parse_args(argv)
    from newsbias import nlp as nlp_mod

    try:
        pipeline = nlp_mod.load_model(args.model)
        results = pd.concat([evaluate(f, args.method, pipeline, progress=True) for f in args.files], ignore_index=True)
    except NewsbiasError as problem:
        parser.exit(2, f"error: {problem}\n")
    print(results.to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


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
