"""``python -m newsbias.entities evaluate GOLD --corpus FILE``: actor resolution against hand-linked mentions;
``python -m newsbias.entities main-entities FILE``: whether each article's main people keep one actor id."""

from __future__ import annotations

import argparse

import pandas as pd

from newsbias import paths, spacy_pipeline
from newsbias.entities.evaluation import (
    evaluate_linking,
    evaluate_references,
    linking_errors,
    main_entity_table,
    summarise_main_entities,
)
from newsbias.entities.resolution import ActorRules, read_aliases
from newsbias.errors import NewsbiasError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbias.entities", description="Measure actor resolution.")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("evaluate", help="linking precision and recall, splits and false merges on gold files")
    evaluate.add_argument("gold", nargs="+", help="gold files of hand-linked mentions (see data/gold/entities/)")
    evaluate.add_argument("--corpus", action="append", required=True,
                          help="a JSON-lines corpus the gold articles come from (repeatable); each is run whole")
    references = commands.add_parser("evaluate-references", help="precision of the pronoun and role rules on a "
                                                                 "blind-labelled sample (data/gold/references/)")
    references.add_argument("gold", help="the sample file")
    references.add_argument("--corpus", action="append", required=True, help="a corpus the sample comes from (repeatable)")
    main_people = commands.add_parser("main-entities", help="share of each article's main people's surname mentions "
                                                            "under one actor id (BASIL-format corpus)")
    main_people.add_argument("corpus", help="JSON-lines corpus with a main_entities column")
    for command in (evaluate, main_people, references):
        command.add_argument("--errors", action="store_true", help="also list every miss")
        command.add_argument("--aliases", default=str(paths.DATA / "aliases.csv"),
                             help="alias file, as notebook 02 uses it (default data/aliases.csv; 'none' for rules only)")
        command.add_argument("--model", default=None, help="spaCy pipeline (default: as newsbias.spacy_pipeline resolves it)")
    args = parser.parse_args(argv)
    try:
        rules = ActorRules(aliases=read_aliases(None if args.aliases == "none" else args.aliases))
        nlp = spacy_pipeline.load_model(args.model)
        with pd.option_context("display.width", 220, "display.max_columns", 20, "display.max_colwidth", 50,
                               "display.max_rows", 2000):
            if args.command == "evaluate-references":
                print(evaluate_references(args.gold, args.corpus, nlp, rules, progress=True).to_string(index=False))
            elif args.command == "evaluate":
                for gold in args.gold:
                    table, summary = evaluate_linking(gold, args.corpus, nlp, rules, progress=True)
                    print(pd.Series(summary).to_string())
                    if args.errors:
                        print(linking_errors(table).to_string(index=False))
                    print()
            else:
                table = main_entity_table(args.corpus, nlp, rules, progress=True)
                print(pd.Series(summarise_main_entities(table)).to_string())
                if args.errors:
                    counts = table.groupby(["person", "actor_id"]).size().rename("mentions").reset_index()
                    several = counts[counts.groupby("person")["actor_id"].transform("nunique") > 1]
                    print(several.to_string(index=False))
    except NewsbiasError as problem:
        parser.exit(2, f"error: {problem}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
