"""``python -m newsbias.quotes evaluate GOLD``: score the quotation stage on a hand-labelled JSON-lines file."""

from __future__ import annotations

import argparse

import pandas as pd

from newsbias import spacy_pipeline
from newsbias.errors import NewsbiasError
from newsbias.quotes.basil import evaluate_basil
from newsbias.quotes.evaluation import evaluate_quotes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbias.quotes", description="Measure the quotation stage.")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate_parser = commands.add_parser("evaluate", help="score the quotation stage on a hand-labelled JSON-lines file")
    evaluate_parser.add_argument("gold", nargs="?", help="gold file (see data/gold/quotes/heldout.jsonl)")
    evaluate_parser.add_argument("--basil", default=None,
                                 help="a BASIL folder (articles.jsonl and annotations/): found and speaker accuracy of its "
                                      "quoted spans")
    evaluate_parser.add_argument("--model", default=None, help="spaCy pipeline (default: as newsbias.spacy_pipeline resolves it)")
    evaluate_parser.add_argument("--errors", action="store_true", help="also list every missed or spurious quotation")
    args = parser.parse_args(argv)
    if not args.gold and not args.basil:
        parser.error("give a gold file, or --basil FOLDER")
    try:
        nlp = spacy_pipeline.load_model(args.model)
        if args.basil:
            per_span, basil_summary = evaluate_basil(args.basil, nlp, progress=True)
        if args.gold:
            per_quote, summary = evaluate_quotes(args.gold, nlp)
    except NewsbiasError as problem:
        parser.exit(2, f"error: {problem}\n")
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 60,
                           "display.max_rows", 1000):
        if args.basil:
            print(basil_summary.to_string(index=False))
            if args.errors:
                wrong = per_span[~per_span["found"] | (per_span["speaker_kind"].ne("unnamed") & ~per_span["speaker_correct"])]
                print(wrong[["article_id", "text", "gold_speaker", "kind", "speaker", "speaker_rule"]].to_string(index=False))
        if not args.gold:
            return 0
        print(summary.to_string(index=False))
        if args.errors:
            wrong = per_quote[~per_quote["matched"] | (per_quote["gold_speaker"].ne("") & ~per_quote["speaker_correct"])]
            print(wrong[["doc_id", "case", "gold_kind", "kind", "gold_text", "text", "gold_speaker", "speaker"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
