"""The fine-tuned transformer for target sentiment: a small sentence encoder trained on NewsMTSC, run with ONNX Runtime.

The target is marked in its sentence (``[unused0] Trump [unused1]``, two of the encoder's reserved tokens) and given
again as the second segment of the input, so that the model reads "this sentence, about this target". The model
files live in ``data/models/tone_transformer/``: ``model.onnx`` (int8 weights, no pickle), the encoder's
``tokenizer.json`` and a JSON ``card`` recording how they were made (base model and its licence, training data
hash, settings, scores). ``make train-tone`` (:mod:`newsbias.sentiment.finetune`) makes them; running them needs
only ``onnxruntime`` and ``tokenizers``, not torch.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from newsbias import paths
from newsbias.engines import default_processes
from newsbias.errors import NewsbiasError

MODEL_DIR = paths.MODELS / "tone_transformer"
CLASSES = ("negative", "neutral", "positive")
TARGET_OPEN, TARGET_CLOSE = "[unused0]", "[unused1]"
MAX_TOKENS = 128


def marked(sentence: str, start: int, end: int, context_words: int = 0) -> tuple[str, str]:
    """The model's input for the target at ``[start, end)`` of ``sentence``: the sentence with the target marked,
    and the target. With ``context_words``, only that many words (runs of non-space) are kept on each side of the
    target (the model's card says how many it was trained with; 0: the whole sentence)."""
    before, target, after = sentence[:start], sentence[start:end], sentence[end:]
    if context_words > 0:
        before = " ".join(before.split()[-context_words:])
        after = " ".join(after.split()[:context_words])
    return f"{before} {TARGET_OPEN} {target} {TARGET_CLOSE} {after}", target


def tokenizer_from(path: Path):
    """The encoder's tokenizer, with the target markers as special tokens, truncating the sentence to fit."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.add_special_tokens([TARGET_OPEN, TARGET_CLOSE])
    tokenizer.enable_truncation(max_length=MAX_TOKENS, strategy="only_first")
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


def encode(tokenizer, pairs: list[tuple[str, str]]) -> dict[str, np.ndarray]:
    """``input_ids``, ``attention_mask`` and ``token_type_ids`` (int64) of a batch, padded to its longest input."""
    encodings = tokenizer.encode_batch(pairs)
    return {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}


class ToneModel:
    """The ONNX model and its tokenizer; :meth:`probabilities` of negative, neutral and positive per target."""

    def __init__(self, folder: Path = MODEL_DIR):
        model, tokenizer, card = folder / "model.onnx", folder / "tokenizer.json", folder / "card.json"
        if not model.is_file() or not tokenizer.is_file() or not card.is_file():
            raise NewsbiasError(f"no fine-tuned tone model in {folder}: run `make train-tone` to train it on "
                                "data/newsmtsc/train.jsonl (about an hour on 2 cores), or leave 'transformer' out of notebook 04's METHODS (make run METHODS=...).")
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = default_processes()
        options.inter_op_num_threads = 1
        try:
            self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        except Exception as problem:  # onnxruntime raises its own types for a damaged file
            raise NewsbiasError(f"{model} is not a readable ONNX model ({problem}); retrain with `make train-tone`.") from problem
        self.tokenizer = tokenizer_from(tokenizer)
        self.card = json.loads(card.read_text(encoding="utf-8"))
        self.context_words = int(self.card.get("context_words", 0))
        self.inputs = {i.name for i in self.session.get_inputs()}

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """Class probabilities (rows: pairs; columns: :data:`CLASSES`), each pair run on its own.

        The int8 model quantises its activations per call (dynamic quantisation: one scale for the whole input), so
        in a batch a target's probabilities would depend on the other sentences batched with it, and so on the rest
        of the corpus and how it is chunked. Run alone, they depend on the target and its sentence only. On this
        machine it is about as fast as length-sorted batches of 64, within noise (docs/scale.md).
        """
        out = np.zeros((len(pairs), len(CLASSES)))
        for row, pair in enumerate(pairs):
            encoded = encode(self.tokenizer, [pair])
            logits = self.session.run(None, {k: v for k, v in encoded.items() if k in self.inputs})[0][0]
            exp = np.exp(logits - logits.max())
            out[row] = exp / exp.sum()
        return out


@lru_cache(maxsize=2)
def load(folder: Path = MODEL_DIR) -> ToneModel:
    return ToneModel(folder)


def predict(model: ToneModel, examples: pd.DataFrame) -> pd.DataFrame:
    """``score`` (P(positive) - P(negative)) and ``label`` for each target of ``examples`` (``sentence, start_char,
    end_char``); a target that repeats one already scored (same sentence and span) is scored once."""
    keys = list(zip(examples["sentence"], examples["start_char"], examples["end_char"]))
    unique = list(dict.fromkeys(keys))
    probabilities = model.probabilities([marked(s, int(a), int(b), model.context_words) for s, a, b in unique])
    row = {key: i for i, key in enumerate(unique)}
    chosen = probabilities[[row[k] for k in keys]] if keys else np.zeros((0, len(CLASSES)))
    score = chosen[:, 2] - chosen[:, 0]
    labels = np.array(CLASSES)[chosen.argmax(axis=1)] if keys else np.array([], dtype=str)
    return pd.DataFrame({"score": score.round(4), "label": labels}, index=examples.index)
