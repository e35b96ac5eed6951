"""Bring your own corpus, end to end: each supported format runs through every notebook with one call,
outputs land in the corpus's own folders, and article text is shown as text, never as markup."""

from __future__ import annotations

import example_corpus
import nbformat
import pandas as pd
import pytest
from newsbias import paths, runner
from newsbias.errors import NewsbiasError

FORMATS = {
    "csv": (example_corpus.write_csv, example_corpus.COLUMNS, "valmora_strike"),
    "jsonl": (example_corpus.write_jsonl, None, "valmora_jsonl"),
    "folder": (example_corpus.write_folder, None, "valmora_folder"),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_every_format_runs_through_all_notebooks(kind, tmp_path):
    write, columns, name = FORMATS[kind]
    corpus = write(tmp_path / "input")
    executed = runner.run_corpus(corpus, columns, skip_benchmarks=True, output_root=tmp_path)

    assert [p.name for p in executed] == [p.name for p in runner.notebooks_in_order()]
    processed, figures = tmp_path / "data" / "processed" / name, tmp_path / "figures" / name
    assert all(p.parent == processed / "notebooks" for p in executed)
    for table in ("articles", "mentions", "quotes", "actor_sentiment", "actor_tone", "distinctive_terms", "outlet_summary"):
        assert (processed / f"{table}.parquet").is_file() and (processed / f"{table}.csv").is_file()
    assert {p.name for p in figures.glob("05_card_*.png")} == {"05_card_business-ledger.png", "05_card_harbour-times.png"}

    for path in executed:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                assert output.get("output_type") != "error", f"{path.name}: {output.get('evalue')}"
                html = output.get("data", {}).get("text/html", "")
                # Markup in the articles must reach the reader as text: escaped in HTML, never live.
                assert "<script>alert" not in html and "<b>bold</b>" not in html, path.name
    ingestion_html = "".join(o.get("data", {}).get("text/html", "") for c in nbformat.read(executed[0], 4).cells
                             for o in c.get("outputs", []))
    assert "&lt;script&gt;alert" in ingestion_html  # the title is shown, escaped


@pytest.mark.slow
def test_the_committed_results_are_not_touched(tmp_path):
    before = {p: p.stat().st_mtime_ns for p in paths.PROCESSED.glob("*.parquet")}
    runner.run_corpus(example_corpus.write_jsonl(tmp_path / "input"), skip_benchmarks=True, output_root=tmp_path,
                      notebooks=runner.notebooks_in_order()[:1])
    assert {p: p.stat().st_mtime_ns for p in paths.PROCESSED.glob("*.parquet")} == before


def test_a_corpus_named_like_the_default_is_refused(tmp_path):
    corpus = example_corpus.write_folder(tmp_path)
    renamed = corpus.parent.rename(tmp_path / paths.DEFAULT_CORPUS.name) / "manifest.csv"
    with pytest.raises(NewsbiasError, match="is the default corpus's"):
        runner.run_corpus(renamed, output_root=tmp_path)


def test_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(NewsbiasError, match="does not exist"):
        runner.run_corpus(tmp_path / "nothing.jsonl", output_root=tmp_path)


def test_runner_points_each_notebook_at_the_corpus(tmp_path):
    corpus = example_corpus.write_jsonl(tmp_path)
    notebooks = {p.name: p for p in runner.notebooks_in_order()}
    first, last = notebooks["01_ingestion.ipynb"], notebooks["05_comparison.ipynb"]
    ingestion = runner.corpus_parameters(first, corpus, {"text": "body"}, True, tmp_path, set_aside=True)
    assert ingestion == {"CORPUS": str(corpus), "COLUMNS": {"text": "body"}, "ON_BAD_RECORD": "set_aside",
                         "OUTPUT_DIR": str(tmp_path / "data" / "processed" / "valmora_jsonl"),
                         "FIGURES_DIR": str(tmp_path / "figures" / "valmora_jsonl")}
    comparison = runner.corpus_parameters(last, corpus, None, False, tmp_path)
    assert set(comparison) == {"PROCESSED_DIR", "FIGURES_DIR"}
    explore = runner.corpus_parameters(notebooks["06_explore.ipynb"], corpus, None, False, tmp_path)
    assert set(explore) == {"PROCESSED_DIR"}


@pytest.mark.slow
def test_groups_and_events_run_through_all_notebooks(tmp_path):
    """A corpus of two events, three outlets and two leanings, compared by leaning within events."""
    corpus = example_corpus.write_multi_event(tmp_path / "input")
    analysis = {"GROUP_BY": "leaning", "EVENTS": "event"}
    executed = runner.run_corpus(corpus, skip_benchmarks=True, output_root=tmp_path, analysis=analysis)
    for path in executed:
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                assert output.get("output_type") != "error", f"{path.name}: {output.get('evalue')}"
    processed, figures = runner.corpus_outputs(corpus, tmp_path, analysis)[:2]
    tables = {name: pd.read_parquet(processed / f"{name}.parquet") for name in
              ("events", "actor_tone", "paired_tone", "self_references", "attention", "outlet_summary")}
    assert set(tables["events"]["event"]) == {"strike", "election"}
    assert set(tables["actor_tone"]["outlet"]) <= {"left", "right"} and set(tables["actor_tone"]["resampled"]) == {"outlets"}
    assert set(tables["outlet_summary"]["outlet"]) == {"left", "right"}
    assert {p.name for p in figures.glob("05_card_*.png")} == {"05_card_left.png", "05_card_right.png"}
    assert (figures / "02_attention_over_time.png").is_file() and (figures / "04_tone_over_time.png").is_file()
    assert tables["self_references"]["name"].tolist() == ["Coastal Courier"]
    assert set(tables["attention"]["outlet"]) == {"left", "right"}
    comparison = "".join(str(o.get("text", "")) for c in nbformat.read(executed[4], 4).cells for o in c.get("outputs", []))
    assert "articles shuffled within events" in comparison or "whole outlets shuffled within events" in comparison
    assert "Compared by leaning: left (2 outlets, 4 articles); right (1 outlets, 2 articles)." in comparison
