"""Measuring who speaks on real coverage: BASIL's quoted spans and their speakers.

BASIL (Fan et al., EMNLP 2019) annotates, in each article, spans its annotators judged biased; a span inside a
quotation has ``quote: "yes"`` and a ``speaker`` ("Donald_Trump", "Democratic_lawmakers", or ``other_pro``/
``other_anti``/``other_neutral`` for a speaker outside the article's main people). :func:`evaluate_basil` runs
ingestion, entities and quotations on the BASIL articles given (``articles.jsonl`` and ``annotations/`` in the
format of BASIL's release, see the validation corpora's README) and scores:

- **found**: the share of quoted spans that a quotation of the suite covers for at least half of their characters;
- **speaker accuracy**, for found spans whose speaker is named, apart for a named person ("Donald_Trump") and
  for a group or organisation ("Democratic_lawmakers", "Obama_campaign"): the suite's speaker names them (the
  words of one name contain the other's, as in :func:`newsbias.quotes.evaluation.same_speaker`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from newsbias.entities import find_actors
from newsbias.errors import NewsbiasError
from newsbias.folding import fold
from newsbias.ingestion import ingest
from newsbias.ingestion.normalise import normalise_text
from newsbias.quotes.evaluation import same_speaker
from newsbias.quotes.extraction import find_quotes

# Words that make a speaker a group or an organisation, not one person.
GROUP_WORDS = frozenset("lawmakers democrats republicans campaign officials protestors protesters administration "
                        "senate house congress committee party members staff aides supporters critics voters".split())


def speaker_kind(speaker: str) -> str:
    """``person``, ``group`` or ``unnamed`` (BASIL's ``other_*``, or no speaker) for a BASIL speaker label."""
    if not speaker or speaker.startswith("other_"):
        return "unnamed"
    words = speaker.replace("_", " ").split()
    if any(w.lower() in GROUP_WORDS for w in words) or not all(w[:1].isupper() for w in words):
        return "group"
    return "person"


def label_words(label: str, predicted: str) -> str:
    """BASIL's speaker label as words; the release cuts a name at its first non-ASCII letter ("Felipe_Calder" for
    Felipe Calderón), so a cut word is completed from the predicted speaker's word it begins."""
    words = label.replace("_", " ").split()
    predicted_words = fold(predicted).split()
    if words:
        last = fold(words[-1])
        longer = [w for w in predicted_words if len(last) >= 4 and w.startswith(last) and w != last]
        if longer:
            words[-1] = longer[0]
    return " ".join(words)


def read_basil(folder: str | Path) -> tuple[Path, list[dict]]:
    """The corpus file of a BASIL folder and its quoted spans: ``article_id, text, speaker``."""
    folder = Path(folder)
    corpus, annotations = folder / "articles.jsonl", folder / "annotations"
    if not corpus.is_file() or not annotations.is_dir():
        raise NewsbiasError(f"{folder} is not a BASIL folder: it needs articles.jsonl and annotations/ "
                            "(see the BASIL release, github.com/launchnlp/BASIL).")
    spans = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        article_id = json.loads(line)["article_id"]
        path = annotations / f"{article_id}_ann.json"
        if not path.is_file():
            continue
        try:
            phrases = json.loads(path.read_text(encoding="utf-8"))["phrase-level-annotations"]
        except (json.JSONDecodeError, KeyError) as problem:
            raise NewsbiasError(f"{path}: not a BASIL annotation file ({problem}).") from problem
        spans += [{"article_id": article_id, "text": p["txt"], "speaker": p.get("speaker", "")}
                  for p in phrases if p.get("quote") == "yes" and p.get("txt", "").strip()]
    return corpus, spans


def evaluate_basil(folder: str | Path, nlp, rules=None, progress: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(per_span, summary)``: each quoted span with the suite's quotation over it and its speaker; found and
    speaker accuracy overall and per kind of speaker."""
    corpus, spans = read_basil(folder)
    result = ingest(corpus, on_bad_record="set_aside", progress=progress)
    mentions, _ = find_actors(result.sentences, result.texts, nlp, rules, progress=progress, blocks=result.blocks)
    found = find_quotes(result.blocks, result.sentences, mentions, nlp, progress)
    text_of = dict(zip(result.texts["article_id"], result.texts["text"]))
    by_article = dict(list(found.groupby("article_id", sort=False)))
    rows = []
    for span in spans:
        text = text_of.get(span["article_id"], "")
        wanted, _ = normalise_text(span["text"].strip())
        start = text.find(wanted)
        quote = None
        if start >= 0:
            end = start + len(wanted)
            own = by_article.get(span["article_id"], found.iloc[:0])
            overlap = (own["end_char"].clip(upper=end) - own["start_char"].clip(lower=start)).clip(lower=0)
            covering = own[overlap >= 0.5 * (end - start)]
            if len(covering):
                # The quotation itself before a reported clause around it ("'...,' Cruz said, according to The Hill").
                rank = covering["kind"].map({"direct": 0, "partial": 0, "reported": 1})
                quote = covering.loc[(rank * 10**6 - overlap[covering.index]).idxmin()]
        predicted = "" if quote is None else (quote["speaker_name"] or quote["speaker_text"])
        rows.append({"article_id": span["article_id"], "text": span["text"], "gold_speaker": span["speaker"],
                     "speaker_kind": speaker_kind(span["speaker"]), "located": start >= 0, "found": quote is not None,
                     "kind": "" if quote is None else quote["kind"], "speaker": predicted,
                     "speaker_rule": "" if quote is None else quote["speaker_rule"],
                     "speaker_correct": quote is not None and speaker_kind(span["speaker"]) != "unnamed"
                     and same_speaker(label_words(span["speaker"], predicted), predicted)})
    per_span = pd.DataFrame(rows)
    return per_span, summarise_basil(per_span)


def summarise_basil(per_span: pd.DataFrame) -> pd.DataFrame:
    """Found and speaker accuracy, for all spans and per kind of speaker (person, group, unnamed)."""
    located = per_span[per_span["located"]]
    rows = []
    for kind, part in [("all", located), *((k, located[located["speaker_kind"] == k]) for k in ("person", "group", "unnamed"))]:
        found = part[part["found"]]
        rows.append({"speakers": kind, "quoted spans": len(part), "found": round(found.shape[0] / len(part), 3) if len(part) else None,
                     "with a named speaker": int((found["speaker_kind"] != "unnamed").sum()),
                     "speaker accuracy": (round(float(found.loc[found["speaker_kind"] != "unnamed", "speaker_correct"].mean()), 3)
                                          if (found["speaker_kind"] != "unnamed").any() else None)})
    rows.append({"speakers": "not located in the text", "quoted spans": int((~per_span["located"]).sum()), "found": None,
                 "with a named speaker": None, "speaker accuracy": None})
    return pd.DataFrame(rows)
