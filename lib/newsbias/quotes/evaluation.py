"""Measuring the quotation stage against hand-labelled quotations (see ``data/gold/quotes/GUIDELINES.md``).

:func:`evaluate_quotes` runs the entity and quotation stages on a gold file's texts and scores quotation
precision, recall and F1, kind accuracy and speaker accuracy (``python -m newsbias.quotes evaluate FILE``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newsbias import stagecache
from newsbias.entities import find_actors
from newsbias.folding import fold
from newsbias.ingestion import paragraphs_as_blocks, split_sentences
from newsbias.jsonlines import read_records
from newsbias.quotes.extraction import find_quotes
from newsbias.quotes.voices import mark_mentions

_SPEAKER_STOPWORDS = {"the", "a", "an", "and", "of", "from"}


def read_quote_gold(path: str | Path) -> list[dict]:
    """Read a gold file: JSON lines ``{"doc_id", "text", "quotes": [{"kind", "text", "speaker", ...}]}``."""
    def document(doc: dict, number: int) -> list[dict]:
        for quote in doc["quotes"]:
            start = quote.get("start", doc["text"].find(quote["text"]))
            if start < 0 or doc["text"][start:start + len(quote["text"])] != quote["text"]:
                raise ValueError(f"quote text {quote['text'][:40]!r} is not in the doc text")
            quote["start"], quote["end"] = start, start + len(quote["text"])
        return [doc]

    return read_records(path, "gold quotation record", document)


def quotes_for_texts(texts: dict[str, str], nlp, progress: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the entity and quotation stages on plain texts (paragraphs between blank lines, all body text).

    Returns ``(quotes, mentions)``.
    """
    blocks = paragraphs_as_blocks(texts)
    sentences = split_sentences(blocks, nlp, progress)
    frame = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    mentions, _ = find_actors(sentences, frame, nlp, progress=progress, blocks=blocks)
    found = find_quotes(blocks, sentences, mentions, nlp, progress)
    return found, mark_mentions(mentions, found)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _speaker_tokens(text: str) -> set[str]:
    return {w for w in fold(text.replace(";", " ")).split() if w not in _SPEAKER_STOPWORDS}


def same_speaker(gold: str, predicted: str) -> bool:
    """Whether a predicted speaker names the gold speaker: equal, or one's words contain the other's ("Borrell" in "Josep Borrell")."""
    g, p = _speaker_tokens(gold), _speaker_tokens(predicted)
    return bool(g) and bool(p) and (g <= p or p <= g)


def match_quotes(gold: list[dict], predicted: pd.DataFrame, min_overlap: float = 0.5) -> list[tuple[dict, dict | None]]:
    """Pair gold and predicted quotations one to one: each pair covers at least ``min_overlap`` of both spans.

    Returns ``(gold, predicted)`` pairs, with ``None`` for unmatched gold quotations, and
    ``(None, predicted)`` pairs for predictions that match nothing.
    """
    candidates = []
    rows = predicted.to_dict("records")
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(rows):
            shared = _overlap((g["start"], g["end"]), (p["start_char"], p["end_char"]))
            if shared >= min_overlap * (g["end"] - g["start"]) and shared >= min_overlap * (p["end_char"] - p["start_char"]):
                candidates.append((-shared, g_index, p_index))
    pairs, used_g, used_p = [], set(), set()
    for _, g_index, p_index in sorted(candidates):
        if g_index not in used_g and p_index not in used_p:
            used_g.add(g_index), used_p.add(p_index)
            pairs.append((gold[g_index], rows[p_index]))
    pairs += [(g, None) for i, g in enumerate(gold) if i not in used_g]
    pairs += [(None, p) for i, p in enumerate(rows) if i not in used_p]
    return pairs


@stagecache.stage(files=("gold_path",))
def evaluate_quotes(gold_path: str | Path, nlp, progress: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score the quotation stage on a gold file: ``(per_quote, summary)``.

    ``per_quote`` has one row per gold or predicted quotation with its match; ``summary``
    has quote precision, recall and F1 (all kinds, and per gold kind), kind accuracy and
    speaker accuracy (matched quotations whose gold speaker is known).
    """
    docs = read_quote_gold(gold_path)
    found, _ = quotes_for_texts({d["doc_id"]: d["text"] for d in docs}, nlp, progress)
    rows = []
    for doc in docs:
        predicted = found[found["article_id"] == doc["doc_id"]]
        for g, p in match_quotes(doc["quotes"], predicted):
            speaker = "" if p is None else (p["speaker_name"] or p["speaker_text"])
            rows.append({
                "doc_id": doc["doc_id"], "source": doc.get("source", ""), "case": (g or {}).get("case", ""),
                "gold_kind": (g or {}).get("kind", ""), "gold_text": (g or {}).get("text", ""),
                "gold_speaker": (g or {}).get("speaker") or "",
                "kind": "" if p is None else p["kind"], "text": "" if p is None else p["text"], "speaker": speaker,
                "matched": g is not None and p is not None,
                "speaker_correct": bool(g and p and g.get("speaker") and same_speaker(g["speaker"], speaker)),
            })
    per_quote = pd.DataFrame(rows)
    return per_quote, summarise_quotes(per_quote)


def summarise_quotes(per_quote: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall, F1, kind and speaker accuracy from :func:`evaluate_quotes`'s per-quote rows."""
    def scores(subset: pd.DataFrame, predicted: pd.DataFrame, label: str) -> dict:
        n_gold = int((subset["gold_kind"] != "").sum())
        n_pred = len(predicted)
        n_match = int(subset["matched"].sum())
        precision = n_match / n_pred if n_pred else float("nan")
        recall = n_match / n_gold if n_gold else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        matched = subset[subset["matched"]]
        with_speaker = matched[matched["gold_speaker"] != ""]
        return {"subset": label, "n_gold": n_gold, "n_predicted": n_pred, "n_matched": n_match,
                "precision": precision, "recall": recall, "f1": f1,
                "kind_accuracy": (matched["gold_kind"] == matched["kind"]).mean() if len(matched) else float("nan"),
                "n_speaker_known": len(with_speaker),
                "speaker_accuracy": with_speaker["speaker_correct"].mean() if len(with_speaker) else float("nan")}

    predicted = per_quote[per_quote["kind"] != ""]
    rows = [scores(per_quote, predicted, "all")]
    for kind in ("direct", "partial", "reported"):
        # Per kind, a match counts only when both sides have that kind.
        of_kind = per_quote[(per_quote["gold_kind"] == kind) | (per_quote["kind"] == kind)]
        of_kind = of_kind.assign(matched=of_kind["matched"] & (of_kind["gold_kind"] == of_kind["kind"]),
                                 gold_kind=of_kind["gold_kind"].where(of_kind["gold_kind"] == kind, ""))
        rows.append(scores(of_kind, of_kind[of_kind["kind"] == kind], kind))
    for source in sorted({s.split(":")[0] for s in per_quote["source"] if s}):
        part = per_quote[per_quote["source"].str.split(":").str[0] == source]
        rows.append(scores(part, part[part["kind"] != ""], f"source {source}"))
    return pd.DataFrame(rows).round(3)


def evaluate_files(files: list[str | Path], nlp) -> pd.DataFrame:
    """:func:`evaluate_quotes`' summary for each gold file, one block of rows per file (``file`` column first)."""
    frames = [evaluate_quotes(Path(f), nlp)[1].assign(file=Path(f).name) for f in files]
    if not frames:
        return pd.DataFrame()
    table = pd.concat(frames, ignore_index=True)
    return table[["file", *[c for c in table.columns if c != "file"]]]
