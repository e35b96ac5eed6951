"""A smoke run of the benchmark (the real numbers come from `make bench`, never from timed tests)."""

from __future__ import annotations

import json
import pstats

import pytest
from newsbias import bench, runner, sentiment


@pytest.mark.slow
def test_bench_builds_distinct_articles_and_reports_every_stage(tmp_path):
    corpus = bench.build_corpus(8, tmp_path)
    lines = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 8 and len({line["text"] for line in lines}) == 8
    assert {line["outlet"] for line in lines} == set(bench.SYNTHETIC_OUTLETS)
    assert bench.build_corpus(8, tmp_path / "again").read_text() == corpus.read_text()  # seeded

    run = bench.run_pipeline(corpus, n_process=1, profile="tone tests", out=tmp_path)
    # What make run does: notebook 04's default methods, the figures' method among them.
    assert "transformer" in bench.notebook_methods() and set(bench.notebook_methods()) <= set(sentiment.method_names())
    methods = [f"sentiment: {m}" for m in bench.notebook_methods()]
    assert [s["stage"] for s in run["stages"]] == ["ingestion", "entities", "quotes", *methods, "method errors", "tone",
                                                    "word choice", "tone tests", "voice, labels"]
    assert run["articles"] == 8 and run["bare_nlp_pipe_seconds"] > 0 and run["ratio_to_bare_parse"] > 0
    # Memory is the whole process tree's: at least this process with a spaCy pipeline loaded.
    assert all(stage["peak_mb"] > 100 for stage in run["stages"]) and run["bare_nlp_pipe_peak_mb"] > 100
    assert bench.plot([run], tmp_path / "bench.png").stat().st_size > 0
    # The profile of one stage is a cProfile file that pstats reads, and it saw the stage's own function.
    profile = pstats.Stats(str(tmp_path / "profile_tone-tests.prof"))
    assert any(name == "tone_differences" for (_, _, name) in profile.stats)


@pytest.mark.slow
def test_bench_times_every_notebook_as_make_run_runs_them(tmp_path, capfd):
    corpus = bench.build_corpus(6, tmp_path)
    timings = bench.time_suite(corpus, tmp_path / "suite")
    names = [n.stem for n in runner.notebooks_in_order()]
    runs = ("cold", "forced_rerun")  # timed notebook by notebook; the plain rerun as one process, as make run starts
    assert all(list(timings[run]) == names for run in runs)
    assert all(seconds > 0 for run in runs for seconds in timings[run].values()) and timings["rerun_seconds"] > 0
    assert timings["cold_peak_mb"] > 100 and timings["rerun_speedup_vs_cold"] > 0 and timings["forced_rerun_speedup_vs_cold"] > 0
    # Each notebook's own peak too; the run's peak is at least the largest of them.
    for run in runs:
        peaks = timings[f"{run}_peak_mb_by_notebook"]
        assert list(peaks) == names and all(mb > 100 for mb in peaks.values()) and timings[f"{run}_peak_mb"] >= max(peaks.values())
    # Cold and forced, every notebook executed; the plain rerun (its own process) found every one up to date.
    printed = capfd.readouterr().out
    assert printed.count(" is up to date: ") == len(names) and printed.count(" done in ") == 2 * len(names)
    executed = runner.corpus_outputs(corpus, tmp_path / "suite")[2]
    assert sorted(p.name for p in executed.glob("*.ipynb")) == sorted(n.name for n in runner.notebooks_in_order())


@pytest.mark.slow
def test_bench_can_time_make_run_alone_without_the_rerun(tmp_path):
    assert bench.main(["--articles", "6", "--suite-only", "--no-rerun", "--out", str(tmp_path)]) == 0
    run = json.loads((tmp_path / "bench_6_suite.json").read_text(encoding="utf-8"))
    assert run["articles"] == 6 and "stages" not in run
    assert list(run["make_run"]["cold"]) == [n.stem for n in runner.notebooks_in_order()]
    assert "rerun" not in run["make_run"] and "forced_rerun" not in run["make_run"] and run["make_run"]["cold_peak_mb"] > 100
