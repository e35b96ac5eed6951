"""Does the suite's tone agree with people? Measured on BASIL's human judgements of real coverage.

BASIL (Fan et al., EMNLP 2019) gives, per article, the author's feeling toward each of its main people
(``author_feeling_<First_Last>``: ``pos``, ``neu``, ``neg``, as two annotators agreed), and marks biased spans with
their polarity and target. :func:`evaluate_basil_tone` runs the whole pipeline on BASIL-format articles (ingestion,
entities, quotations, sentiment; the format of the release, see the validation corpora's README) and reports per
sentiment method:

- **scored**: the share of (article, main person) pairs with at least one mention of the person in the author's
  own voice (outside quotations and reported speech); BASIL's main entities that are groups, organisations or
  issues ("Democratic_lawmakers", "Obama_campaign", "birthright_citizenship") are left out;
- **AUC author negative**: how well the mean author-voice tone toward the person tells the pairs the annotators
  judged negative from the others (1 is perfect, 0.5 chance);
- **paired order**: over the outlets covering one event, for each two whose authors' feelings toward one person
  differ, the share where the suite's mean tones order them the same way (a tie counts a half);
- **span sign**: over the biased spans outside quotations whose target the span names, the share where the mean
  tone toward the target's mentions inside the span has the span's sign.

A last row, :data:`BASELINE`, scores each pair by the number of the person's author-voice mentions alone (more
mentions read as more negative): what a method's AUC and paired order must beat to show that tone, not attention,
tells the annotators' judgements apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from newsbias import parsing
from newsbias.entities import find_actors, find_references
from newsbias.errors import NewsbiasError
from newsbias.ingestion import ingest
from newsbias.ingestion.normalise import normalise_text
from newsbias.quotes import find_quotes, mark_mentions
from newsbias.quotes.basil import label_words, speaker_kind
from newsbias.quotes.evaluation import same_speaker
from newsbias.sentiment.scoring import mention_targets, score_targets

ORDER = {"neg": -1, "neu": 0, "pos": 1}
# A row of the summary that uses no tone at all: the more author-voice mentions of the person, the more negative.
BASELINE = "baseline: number of mentions, no tone"


def read_basil_feelings(folder: str | Path) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    """The corpus file, the authors' feelings (``article_id, event, person, feeling``) and the biased spans outside
    quotations (``article_id, person, text, polarity``) of a BASIL folder."""
    folder = Path(folder)
    corpus, annotations = folder / "articles.jsonl", folder / "annotations"
    if not corpus.is_file() or not annotations.is_dir():
        raise NewsbiasError(f"{folder} is not a BASIL folder: it needs articles.jsonl and annotations/.")
    feelings, spans = [], []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        article = json.loads(line)
        path = annotations / f"{article['article_id']}_ann.json"
        if not path.is_file():
            continue
        try:
            annotation = json.loads(path.read_text(encoding="utf-8"))
            for key, value in annotation["article-level-annotations"].items():
                person = key.removeprefix("author_feeling_")
                if key.startswith("author_feeling_") and speaker_kind(person) == "person" and value in ORDER:
                    feelings.append({"article_id": article["article_id"], "event": article.get("event", ""),
                                     "person": person.replace("_", " "), "feeling": value})
            for phrase in annotation["phrase-level-annotations"]:
                if phrase.get("quote") == "no" and phrase.get("polarity") in ("pos", "neg") and phrase.get("target"):
                    spans.append({"article_id": article["article_id"], "person": phrase["target"].replace("_", " "),
                                  "text": phrase.get("txt", ""), "polarity": phrase["polarity"]})
        except (json.JSONDecodeError, KeyError, AttributeError) as problem:
            raise NewsbiasError(f"{path}: not a BASIL annotation file ({problem}).") from problem
    return corpus, pd.DataFrame(feelings), pd.DataFrame(spans)


def actor_for(person: str, mentions: pd.DataFrame) -> str:
    """The person actor of an article's mentions that a BASIL name names (the most mentioned, if several do)."""
    people = mentions[mentions["actor_type"] == "person"]
    counts = people["actor_id"].value_counts()
    names = people.drop_duplicates("actor_id").set_index("actor_id")["actor_name"]
    fitting = [a for a in counts.index if same_speaker(label_words(person, names[a]), names[a])]
    return fitting[0] if fitting else ""


def _auc(frame: pd.DataFrame) -> float:
    negative = frame["feeling"] == "neg"
    if negative.all() or not negative.any():
        return float("nan")
    return float(roc_auc_score(negative, -frame["tone"]))


def _paired_order(frame: pd.DataFrame) -> tuple[float, int]:
    agree, pairs = 0.0, 0
    for _, group in frame.groupby(["event", "person"]):
        rows = group.to_dict("records")
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if a["feeling"] == b["feeling"]:
                    continue
                pairs += 1
                gold = np.sign(ORDER[a["feeling"]] - ORDER[b["feeling"]])
                found = np.sign(a["tone"] - b["tone"])
                agree += 1.0 if found == gold else (0.5 if found == 0 else 0.0)
    return (agree / pairs if pairs else float("nan")), pairs


def evaluate_basil_tone(folder: str | Path, methods: list[str], nlp, progress: bool = False,
                        scored: pd.DataFrame | None = None, use_references: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(per_pair, summary)``: the mean author-voice tone per (article, main person) and method, and the measures
    of the module's docstring per method; pronouns and roles resolved to the person count with ``use_references``."""
    corpus, feelings, spans = read_basil_feelings(folder)
    result = ingest(corpus, on_bad_record="set_aside", progress=progress)
    mentions, _ = find_actors(result.sentences, result.texts, nlp, progress=progress, blocks=result.blocks)
    quotations = find_quotes(result.blocks, result.sentences, mentions, nlp, progress)
    mentions = mark_mentions(mentions, quotations)
    if scored is None:
        references = mark_mentions(find_references(mentions, result.sentences, result.blocks, result.texts, nlp), quotations)
        docs = parsing.sentence_docs(result.sentences, result.blocks, nlp, progress=progress)
        targets = mention_targets(mentions, result.sentences, references=references if use_references else None)
        scored = score_targets(targets, methods, nlp, progress, docs=docs)
    author = scored[scored["voice"] == "author"]
    by_article = dict(list(mentions[mentions["actor_id"] != ""].groupby("article_id")))
    feelings = feelings.assign(actor_id=[actor_for(p, by_article.get(a, mentions.iloc[:0]))
                                         for a, p in zip(feelings["article_id"], feelings["person"])])
    tones = author.groupby(["article_id", "actor_id", "method"])["score"].mean().rename("tone").reset_index()
    per_pair = feelings.merge(tones, on=["article_id", "actor_id"], how="left")
    text_of = dict(zip(result.texts["article_id"], result.texts["text"]))
    span_rows = []
    for span in spans.to_dict("records"):
        actor_id = actor_for(span["person"], by_article.get(span["article_id"], mentions.iloc[:0]))
        wanted, _ = normalise_text(span["text"].strip())
        start = text_of.get(span["article_id"], "").find(wanted) if wanted else -1
        if not actor_id or start < 0:
            continue
        inside = author[(author["article_id"] == span["article_id"]) & (author["actor_id"] == actor_id)
                        & author["mention_start"].between(start, start + len(wanted) - 1)]
        for method, rows in inside.groupby("method"):
            span_rows.append({"method": method, "polarity": span["polarity"], "tone": rows["score"].mean()})
    span_table = pd.DataFrame(span_rows, columns=["method", "polarity", "tone"])
    rows = []
    for method in methods:
        own = per_pair[per_pair["method"] == method]
        scored_pairs = own.dropna(subset=["tone"])
        order, n_pairs = _paired_order(scored_pairs)
        signs = span_table[span_table["method"] == method]
        agree = (np.sign(signs["tone"]) == signs["polarity"].map({"pos": 1, "neg": -1})).mean() if len(signs) else float("nan")
        rows.append({"method": method, "main-person pairs": len(feelings),
                     "scored": round(len(scored_pairs) / len(feelings), 3) if len(feelings) else float("nan"),
                     "negative pairs": int((scored_pairs["feeling"] == "neg").sum()),
                     "AUC author negative": round(_auc(scored_pairs), 3),
                     "outlet pairs": n_pairs, "paired order": round(order, 3),
                     "biased spans": len(signs), "span sign": round(float(agree), 3)})
    # What tone adds: the number of the person's author-voice mentions alone, read as "more is more negative".
    mentions_once = author[author["method"] == methods[0]] if methods else author.iloc[:0]
    counts = mentions_once.groupby(["article_id", "actor_id"]).size().rename("tone").mul(-1).reset_index()
    scored_pairs = feelings.merge(counts, on=["article_id", "actor_id"], how="left").dropna(subset=["tone"])
    order, n_pairs = _paired_order(scored_pairs)
    rows.append({"method": BASELINE, "main-person pairs": len(feelings),
                 "scored": round(len(scored_pairs) / len(feelings), 3) if len(feelings) else float("nan"),
                 "negative pairs": int((scored_pairs["feeling"] == "neg").sum()),
                 "AUC author negative": round(_auc(scored_pairs), 3), "outlet pairs": n_pairs,
                 "paired order": round(order, 3), "biased spans": 0, "span sign": float("nan")})
    return per_pair, pd.DataFrame(rows)
