"""The NewsMTSC benchmark (Hamborg & Donnay 2021, MIT): reading its files and scoring each method on them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from newsbias import parsing, paths, spacy_pipeline, stagecache
from newsbias.errors import NewsbiasError
from newsbias.jsonlines import read_records
from newsbias.sentiment.methods import LABELS, get_method, method_names

# NewsMTSC's polarity codes.
POLARITY_LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
NEWSMTSC = paths.DATA / "newsmtsc"


def read_newsmtsc(path: str | Path) -> pd.DataFrame:
    """One row per target of a NewsMTSC-format JSON-lines file.

    Returns ``example_id, sentence, start_char, end_char, mention, label``. Raises
    :class:`NewsbiasError` naming the file and line for anything that is not such a record.
    """
    path = Path(path)

    def targets(record: dict, number: int) -> list[dict]:
        sentence, rows = record["sentence_normalized"], []
        for index, target in enumerate(record["targets"]):
            start, end = int(target["from"]), int(target["to"])
            if sentence[start:end] != target["mention"]:
                raise ValueError(f"target {index}: sentence[{start}:{end}] is not {target['mention']!r}")
            polarity = float(target["polarity"])
            if polarity not in POLARITY_LABELS:
                raise ValueError(f"target {index}: polarity {polarity} is not one of {sorted(POLARITY_LABELS)}")
            rows.append({"example_id": f"{path.stem}:{number}:{index}", "sentence": sentence, "start_char": start,
                         "end_char": end, "mention": target["mention"], "label": POLARITY_LABELS[polarity]})
        return rows

    rows = read_records(path, "NewsMTSC record", targets)
    if not rows:
        raise NewsbiasError(f"{path}: no targets found.")
    return pd.DataFrame(rows)


@stagecache.stage(files=("path",))
def evaluate_newsmtsc(path: str | Path, methods: list[str] | None = None, nlp=None, progress: bool = False) -> pd.DataFrame:
    """Accuracy and macro-F1 (negative/neutral/positive) of each method on a NewsMTSC-format file."""
    examples = read_newsmtsc(path)
    chosen = [get_method(name) for name in (methods or method_names())]
    docs = None
    if any(m.needs_parse for m in chosen):
        docs = parsing.parse(examples["sentence"].tolist(), nlp or spacy_pipeline.load_model(), progress, desc="parsing sentences")
    rows = []
    for method in chosen:
        predicted = method.predict(examples, docs)["label"]
        rows.append({"file": Path(path).name, "method": method.name, "n_targets": len(examples),
                     "accuracy": round(accuracy_score(examples["label"], predicted), 3),
                     "macro_f1": round(f1_score(examples["label"], predicted, labels=list(LABELS), average="macro"), 3)})
    return pd.DataFrame(rows)


def evaluate_files(files: list[str | Path], methods: list[str], nlp) -> pd.DataFrame:
    """Macro-F1 and accuracy of each method (rows, in the order given) on each NewsMTSC-format file (columns)."""
    if not files:
        return pd.DataFrame()
    results = pd.concat([evaluate_newsmtsc(Path(f), methods, nlp) for f in files], ignore_index=True)
    return results.pivot_table(index="method", columns="file", values=["macro_f1", "accuracy"]).loc[methods]
