"""Word choice: the words and phrases most distinctive of each outlet against the others.

The log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), whose prior comes
from general news text (the NewsMTSC sentences shipped in ``data/newsmtsc``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from newsbias import paths, stagecache
from newsbias.comparison.self_reference import MASK, mask
from newsbias.errors import NewsbiasError
from newsbias.units import source_outlets

# Total pseudo-count of the informative prior: the background's word shares times this (about the size of a
# few dozen articles), plus PRIOR_FLOOR for terms the background never uses.
PRIOR_STRENGTH = 10000.0
PRIOR_FLOOR = 0.5


# A word of two letters or more: a letter alone is no choice of words but an initial or a party's tag, "(D)" and
# "(R)" (on basil-dev HuffPost's most distinctive "words" were "d" and "r"; notebook 05's labels count those tags).
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]")


def _terms(tokens: list[str], stop_words: set[str]) -> list[str]:
    """Unigrams and bigrams of lowercase words of two letters or more; stop words only inside bigrams."""
    words = [t for t in tokens if _WORD.fullmatch(t)]
    terms = [w for w in words if w not in stop_words]
    terms += [f"{a} {b}" for a, b in zip(words, words[1:]) if not (a in stop_words or b in stop_words)]
    return terms


def term_counts(texts: list[str], nlp) -> Counter:
    """Counts of words and two-word phrases in ``texts`` (spaCy's tokenizer, lowercased; stop words dropped)."""
    counts: Counter = Counter()
    stop_words = set(nlp.Defaults.stop_words) | {MASK}
    for doc in nlp.tokenizer.pipe(texts, batch_size=256):
        counts.update(_terms([t.lower_ for t in doc], stop_words))
    return counts


@lru_cache(maxsize=2)
def _background(files: tuple[str, ...], model_name: str, nlp) -> Counter:
    sentences = []
    for file in files:
        with open(file, encoding="utf-8") as handle:
            sentences += [json.loads(line)["sentence_normalized"] for line in handle if line.strip()]
    return term_counts(sorted(set(sentences)), nlp)


def background_counts(nlp, files: list[Path] | None = None) -> Counter:
    """Word and phrase counts of general news text: the NewsMTSC sentences shipped in ``data/newsmtsc`` (MIT)."""
    files = files or sorted((paths.DATA / "newsmtsc").glob("*.jsonl"))
    if not files:
        raise NewsbiasError(f"no background text in {paths.DATA / 'newsmtsc'}: the word-choice prior needs it.")
    return _background(tuple(str(f) for f in files), nlp.meta.get("name", ""), nlp)


@stagecache.stage()
def distinctive_terms(outlet_texts: dict[str, list[str]], nlp, background: Counter | None = None,
                      prior_strength: float = PRIOR_STRENGTH, min_count: int = 2) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), each outlet against the rest.

    The prior's pseudo-counts are the background's term shares times ``prior_strength`` plus
    :data:`PRIOR_FLOOR`, so rare words in a small corpus are shrunk toward general usage and a word
    used a few times by one outlet only is not mistaken for its trademark. Returns ``outlet, term, count, count_others, log_odds, z`` for terms used at least
    ``min_count`` times by the outlet.
    """
    if len(outlet_texts) < 2:
        raise NewsbiasError("word choice needs at least two outlets.")
    counts = {outlet: term_counts(texts, nlp) for outlet, texts in outlet_texts.items()}
    background = background if background is not None else background_counts(nlp)
    vocabulary = sorted(set().union(*counts.values()))
    background_total = sum(background.values())
    prior = np.array([prior_strength * background.get(t, 0) / background_total + PRIOR_FLOOR for t in vocabulary])
    prior_total = prior.sum()
    matrix = np.array([[counts[o].get(t, 0) for t in vocabulary] for o in counts], dtype=float)
    rows = []
    for i, outlet in enumerate(counts):
        own, others = matrix[i], matrix.sum(axis=0) - matrix[i]
        n_own, n_others = own.sum(), others.sum()
        delta = (np.log((own + prior) / (n_own + prior_total - own - prior))
                 - np.log((others + prior) / (n_others + prior_total - others - prior)))
        z = delta / np.sqrt(1.0 / (own + prior) + 1.0 / (others + prior))
        for j in np.flatnonzero(own >= min_count):
            rows.append({"outlet": outlet, "term": vocabulary[j], "count": int(own[j]), "count_others": int(others[j]),
                         "log_odds": round(float(delta[j]), 3), "z": round(float(z[j]), 3)})
    return pd.DataFrame(rows).sort_values(["outlet", "z", "term"], ascending=[True, False, True]).reset_index(drop=True)


def term_examples(term: str, sentences: pd.DataFrame, articles: pd.DataFrame, outlet: str, limit: int = 2) -> list[str]:
    """Sentences of ``outlet`` that use ``term`` (whole words, case-insensitive)."""
    ids = set(articles.loc[articles["outlet"] == outlet, "article_id"])
    words = r"\s+".join(re.escape(w) for w in term.split())
    pattern = re.compile(rf"(?<![\w'’-]){words}(?![\w'’-])", re.IGNORECASE)
    found = sentences[sentences["article_id"].isin(ids) & sentences["text"].str.contains(pattern)]
    return found["text"].head(limit).tolist()


def word_evidence(words: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, per_outlet: int = 3) -> pd.DataFrame:
    """For each outlet's ``per_outlet`` most distinctive terms, the first body sentence that uses it."""
    body = body_sentences(sentences, articles)
    rows = []
    for row in words.groupby("outlet", sort=True).head(per_outlet).itertuples():
        examples = term_examples(row.term, body, articles, row.outlet, limit=1)
        rows.append({"outlet": row.outlet, "term": row.term, "z": row.z, "count": row.count,
                     "sentence": examples[0] if examples else ""})
    return pd.DataFrame(rows)


def outlet_texts(sentences: pd.DataFrame, articles: pd.DataFrame,
                 self_references: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """Each unit's body sentences (``sentences`` with ``block_kind``, joined to ``articles``' outlets), units sorted;
    with ``self_references`` (:func:`newsbias.comparison.self_reference.self_references`), each article's references
    to its own outlet masked out."""
    body = body_sentences(sentences, articles)
    if self_references is not None and len(self_references):
        body = body.assign(text=mask(body, articles, self_references))
    return {outlet: group["text"].tolist() for outlet, group in body.groupby("outlet", sort=True)}


def body_sentences(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The body sentences with their article's ``outlet``."""
    body = sentences[sentences["block_kind"] == "body"]
    return body.merge(articles[["article_id", "outlet"]], on="article_id")


def outlets_using(words: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, top: int = 50) -> pd.DataFrame:
    """``words`` with ``n_outlets``: how many of the unit's outlets (``articles``' ``source_outlet``, the outlet itself
    when units are outlets) use each of the unit's ``top`` terms (by z) in their body text; empty beyond the top.
    With groups of outlets, a term only one outlet uses is that outlet's house style, not the group's."""
    source = source_outlets(articles)
    body = sentences[sentences["block_kind"] == "body"].merge(
        articles[["article_id", "outlet"]].assign(source=source.to_numpy()), on="article_id")
    texts = {key: " ".join(group["text"]).lower() for key, group in body.groupby(["outlet", "source"], sort=True)}
    sources = {}
    for unit, source_name in texts:
        sources.setdefault(unit, []).append(source_name)
    counted = []
    for row in words.groupby("outlet", sort=True).head(top).itertuples():
        pattern = re.compile(r"(?<![\w])" + r"\s+".join(re.escape(w) for w in row.term.split()) + r"(?![\w])")
        counted.append((row.Index, sum(bool(pattern.search(texts[(row.outlet, s)])) for s in sources.get(row.outlet, []))))
    n_outlets = pd.Series(dict(counted), dtype="Int64").reindex(words.index)
    return words.assign(n_outlets=n_outlets)
