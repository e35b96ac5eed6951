"""``python -m newsbias.quotes evaluate GOLD``: score the quotation stage on a hand-labelled JSON-lines file."""

from __future__ import annotations

import argparse

import pandas as pd

from newsbias import spacy_pipeline
from newsbias.errors import NewsbiasError
from newsbias.quotes.evaluation import evaluate_quotes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbias.quotes", description="Measure the quotation stage.")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate_parser = commands.add_parser("evaluate", help="score the quotation stage on a hand-labelled JSON-lines file")
    evaluate_parser.add_argument("gold", help="gold file (see data/gold/quotes/heldout.jsonl)")
    evaluate_parser.add_argument("--model", default=None, help="spaCy pipeline (default: as newsbias.spacy_pipeline resolves it)")
    evaluate_parser.add_argument("--errors", action="store_true", help="also list every missed or spurious quotation")
    args = parser.parse_args(argv)
    try:
        per_quote, summary = evaluate_quotes(args.gold, spacy_pipeline.load_model(args.model))
    except NewsbiasError as problem:
        parser.exit(2, f"error: {problem}\n")
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 60):
        print(summary.to_string(index=False))
        if args.errors:
            wrong = per_quote[~per_quote["matched"] | (per_quote["gold_speaker"].ne("") & ~per_quote["speaker_correct"])]
            print(wrong[["doc_id", "case", "gold_kind", "kind", "gold_text", "text", "gold_speaker", "speaker"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
