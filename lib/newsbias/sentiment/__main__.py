"""``python -m newsbias.sentiment evaluate FILE...``: accuracy and macro-F1 of each method on NewsMTSC-format files;
``python -m newsbias.sentiment train``: retrain the classifier on NewsMTSC's training split."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from newsbias import paths, spacy_pipeline
from newsbias.errors import NewsbiasError
from newsbias.sentiment.basil import evaluate_basil_tone
from newsbias.sentiment.classifier import MODEL_DIR
from newsbias.sentiment.methods import method_names
from newsbias.sentiment.newsmtsc import evaluate_newsmtsc
from newsbias.sentiment.training import REGULARISATION_C, save, train


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbias.sentiment", description="Target-dependent sentiment methods.")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate_parser = commands.add_parser("evaluate", help="accuracy and macro-F1 of each method on a NewsMTSC-format JSON-lines file")
    evaluate_parser.add_argument("files", nargs="+", help="NewsMTSC-format files (e.g. data/newsmtsc/dev_rw.jsonl)")
    evaluate_parser.add_argument("--method", action="append", choices=method_names(),
                                 help="a method to score (repeatable; default: all)")
    evaluate_parser.add_argument("--model", default=None, help="spaCy pipeline (default: as newsbias.spacy_pipeline resolves it)")
    basil_parser = commands.add_parser("evaluate-basil", help="agreement with BASIL's human judgements of the authors' "
                                                             "feelings toward their main people (a BASIL-format folder)")
    basil_parser.add_argument("folder", help="folder with BASIL's articles.jsonl and annotations/")
    basil_parser.add_argument("--method", action="append", choices=method_names(),
                              help="a method to score (repeatable; default: all)")
    basil_parser.add_argument("--model", default=None, help="spaCy pipeline (default: as newsbias.spacy_pipeline resolves it)")
    train_parser = commands.add_parser("train", help="train the classifier on NewsMTSC's training split and write data/models/")
    train_parser.add_argument("--train-file", type=Path, default=paths.DATA / "newsmtsc" / "train.jsonl")
    train_parser.add_argument("--out", type=Path, default=MODEL_DIR)
    train_parser.add_argument("--c", type=float, default=REGULARISATION_C, help="inverse regularisation strength")
    train_parser.add_argument("--model", default=None, help="spaCy pipeline (default: as newsbias.spacy_pipeline resolves it)")
    args = parser.parse_args(argv)
    try:
        pipeline = spacy_pipeline.load_model(args.model)
        if args.command == "train":
            model = train(args.train_file, pipeline, args.c)
        elif args.command == "evaluate-basil":
            _, results = evaluate_basil_tone(args.folder, args.method or method_names(), pipeline, progress=True)
        else:
            results = pd.concat([evaluate_newsmtsc(f, args.method, pipeline, progress=True) for f in args.files],
                                ignore_index=True)
    except NewsbiasError as problem:
        parser.exit(2, f"error: {problem}\n")
    if args.command == "train":
        for path in save(model, args.out):
            print("wrote", paths.relative_to_root(path) if path.is_relative_to(paths.ROOT) else path)
        print(json.dumps(model.card, indent=1, sort_keys=True))
    else:
        print(results.to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
