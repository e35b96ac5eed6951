"""Benchmark: the whole pipeline on N articles, stage by stage, against bare spaCy parsing of the same text.

``python -m newsbias.bench --articles 1000`` (or ``make bench``) builds a corpus of N articles, runs every
stage from raw text to the comparison tables with a cold parse cache, and reports per stage the wall time,
words per second and peak memory; it also times bare ``nlp.pipe`` over the same paragraphs with the best
settings on this machine (all cores, batching) and prints the ratio of the whole pipeline to it. Results go
to ``bench-output/bench_<N>.json`` and a plot beside it. ``--suite N`` also times what ``make run`` does on the
same corpus, notebook by notebook (cold; then rerun with nothing changed, as ``make run`` reruns: notebooks whose
inputs are unchanged are skipped; then forced, every notebook executed again with every stage's result cached); ``--profile STAGE`` saves a cProfile
of one stage (``bench-output/profile_<stage>.prof``) and prints where its time goes.

Articles are assembled from sentences, so that every article is a distinct text: from the NewsMTSC
sentences shipped in ``data/newsmtsc`` by default, or from the sentences of a corpus given with
``--corpus`` (its outlets are kept). A fixed seed makes the corpus the same on every run.
"""

from __future__ import annotations

import argparse
import ast
import cProfile
import json
import os
import pstats
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import papermill
import psutil

from newsbias import comparison, entities, ingestion, parsing, paths, quotes, sentiment, spacy_pipeline
from newsbias.engines import BATCH_SIZE, default_processes, shutdown_pools
from newsbias.errors import NewsbiasError
from newsbias.folding import slug
from newsbias.sentiment import method_error
from newsbias.steps import STEPS

SEED = 0
SENTENCES_PER_ARTICLE = 20
PARAGRAPH_SENTENCES = 3
SYNTHETIC_OUTLETS = ("Outlet A", "Outlet B", "Outlet C", "Outlet D")
OUTPUT = paths.ROOT / "bench-output"


class _MemoryWatch:
    """Peak memory of this process and all its children together (parsing processes, worker pools, kernels, Dask
    workers), sampled by a background thread every 0.2 s, or less often when a sample takes more than 1/20 of that
    (so that the watch uses at most 5% of one core); ``peak_mb()`` reads and resets the peak.

    Memory is the proportional set size (PSS, where Linux provides it): pages shared between processes, such as
    the pipeline a forked parsing process inherits, count once in the total instead of once per process.
    """

    def __init__(self, interval: float = 0.2, children_only: bool = False):
        self.interval = interval
        self.children_only = children_only  # leave this process out: only what it started
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _total(self) -> int:
        me = psutil.Process()
        total = 0
        for process in [*([] if self.children_only else [me]), *me.children(recursive=True)]:
            try:
                total += _proportional(process)
            except psutil.Error:  # a child that ended while being read
                pass
        return total

    def _watch(self) -> None:
        wait = self.interval
        while not self._stop.wait(wait):
            started = time.perf_counter()
            self._peak = max(self._peak, self._total())
            # Reading PSS walks each process's page tables (about 20 ms for a loaded pipeline): never let the
            # watch take more than 1/20 of a core from what it measures.
            wait = max(self.interval, 20 * (time.perf_counter() - started))

    def __enter__(self):
        self._peak = self._total()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def peak_mb(self) -> float:
        peak, self._peak = max(self._peak, self._total()), self._total()
        return round(peak / 2**20, 1)


def _source_sentences(corpus: Path | None) -> tuple[list[str], list[str]]:
    """Sentences to assemble articles from, and the outlet names to give them."""
    if corpus is None:
        sentences = []
        for file in sorted((paths.DATA / "newsmtsc").glob("*.jsonl")):
            with file.open(encoding="utf-8") as handle:
                sentences += [json.loads(line)["sentence_normalized"] for line in handle if line.strip()]
        return sorted(set(sentences)), list(SYNTHETIC_OUTLETS)
    result = ingestion.ingest(corpus, on_bad_record="set_aside", progress=False)
    body = result.sentences[result.sentences["block_kind"] == "body"]
    return sorted(set(body["text"])), sorted(result.articles["outlet"].unique())


def build_corpus(n_articles: int, folder: Path, corpus: Path | None = None, seed: int = SEED) -> Path:
    """Write a JSON-lines corpus of ``n_articles`` distinct articles (paragraphs of a few sentences) to ``folder``."""
    sentences, outlets = _source_sentences(corpus)
    if len(sentences) < SENTENCES_PER_ARTICLE:
        raise NewsbiasError(f"only {len(sentences)} sentences to build articles from; give a larger --corpus.")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench_{n_articles}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for number in range(n_articles):
            chosen = rng.sample(sentences, SENTENCES_PER_ARTICLE)
            paragraphs = [" ".join(chosen[i:i + PARAGRAPH_SENTENCES]) for i in range(0, len(chosen), PARAGRAPH_SENTENCES)]
            handle.write(json.dumps({"article_id": f"bench-{number:06d}", "outlet": outlets[number % len(outlets)],
                                     "date": "2024-01-01", "title": "", "text": "\n\n".join(paragraphs)}) + "\n")
    return path


def _proportional(process: psutil.Process) -> int:
    """A process's proportional set size (bytes), or its resident set size where PSS is not available."""
    try:
        return process.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return process.memory_info().rss


class _Stages:
    """Times stages: wall seconds, words per second and peak memory after each."""

    def __init__(self, words: int, memory: _MemoryWatch, profile: str | None = None, out: Path = OUTPUT):
        self.words = words
        self.memory = memory
        self.rows: list[dict] = []
        self.profile, self.out = profile, out

    def run(self, name: str, function, *args, **kwargs):
        self.memory.peak_mb()  # each stage's own peak
        profiler = cProfile.Profile() if name == self.profile else None
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        result = function(*args, **kwargs)
        seconds = time.perf_counter() - started
        if profiler is not None:
            profiler.disable()
            _write_profile(profiler, name, self.out)
        self.rows.append({"stage": name, "seconds": round(seconds, 2),
                          "words_per_second": round(self.words / seconds) if seconds else None, "peak_mb": self.memory.peak_mb()})
        print(f"  {name:<12} {seconds:8.1f} s  {self.rows[-1]['words_per_second'] or 0:>9,} words/s  peak {self.rows[-1]['peak_mb']:,} MB",
              flush=True)
        return result


def notebook_methods() -> list[str]:
    """The sentiment methods notebook 04 scores a corpus with by default (its ``METHODS`` parameter): what make run
    does, and so what the bench times unless told otherwise."""
    notebook = next(step.notebook for step in STEPS if "actor_sentiment" in step.writes)
    return ast.literal_eval(papermill.inspect_notebook(str(notebook))["METHODS"]["default"])


def stage_names(methods: list[str] | None = None) -> list[str]:
    """The stages :func:`run_pipeline` times, in order (one per sentiment method, by default notebook 04's)."""
    methods = notebook_methods() if methods is None else methods
    return ["ingestion", "entities", "quotes", *[f"sentiment: {m}" for m in methods], "method errors", "tone", "word choice",
            "tone tests", "voice, labels"]


def _write_profile(profiler: cProfile.Profile, name: str, out: Path) -> Path:
    """Save a stage's cProfile output (open it with ``python -m pstats`` or snakeviz) and print its top functions."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"profile_{slug(name)}.prof"
    profiler.dump_stats(path)
    print(f"  profile of {name!r} (this process only; parsing processes are not in it): {path}", flush=True)
    pstats.Stats(str(path)).sort_stats("cumulative").print_stats(15)
    return path


def _confusions(methods: list[str], pipeline) -> dict:
    """Each method's confusion matrix on NewsMTSC dev_rw (notebook 04 computes them for the tone intervals)."""
    return {m: method_error.confusion(m, pipeline) for m in methods}


def _score(mentions, result, methods: list[str], pipeline, progress: bool, engine: str):
    """The sentiment stage as notebook 04 runs it: sentences from the cached parses, then every method."""
    docs = parsing.sentence_docs(result.sentences, result.blocks, pipeline, progress=False)
    return sentiment.score_targets(sentiment.mention_targets(mentions, result.sentences), methods, pipeline, progress, docs=docs,
                                   engine=engine)


def _voice_and_labels(found, mentions, result, pipeline):
    """Notebook 05's stages that read the parses: speaker profiles, actor labels and the event's naming."""
    docs = parsing.sentence_docs(result.sentences, result.blocks, pipeline, progress=False)
    speakers = comparison.speaker_profiles(found, mentions, result.sentences, docs)
    voices = comparison.voice_table(found, result.articles, speakers)
    labels = comparison.actor_labels(mentions, result.sentences, result.articles, docs, min_outlets=2)
    actor = comparison.event_actor(mentions, result.articles)
    events = comparison.event_terms(mentions, result.sentences, result.articles, docs, pipeline, actor)
    return voices, labels, events


def run_pipeline(corpus: Path, engine: str = "local", n_process: int = 2, progress: bool = False,
                 profile: str | None = None, out: Path = OUTPUT, methods: list[str] | None = None) -> dict:
    """Run every stage on ``corpus`` with a cold cache, with the notebooks' settings (notebook 04's sentiment
    methods unless ``methods`` are given, 2,000 bootstrap resamples, 5,000 permutations); return per-stage timings
    and the bare-parse baseline. ``profile`` names a stage (:func:`stage_names`) to run under cProfile; its output
    goes to ``out``."""
    pipeline = spacy_pipeline.load_model()
    methods = notebook_methods() if methods is None else methods
    previous = os.environ.get("NEWSBIAS_CACHE_DIR")
    with tempfile.TemporaryDirectory() as cache, _MemoryWatch() as memory:
        os.environ["NEWSBIAS_CACHE_DIR"] = cache  # a cold cache: every text is parsed
        try:
            texts = pd.read_json(corpus, lines=True)["text"]
            words = int(texts.str.split().str.len().sum())
            stages = _Stages(words, memory, profile, out)
            result = stages.run("ingestion", ingestion.ingest, corpus, progress=progress, engine=engine, n_process=n_process)
            mentions, _ = stages.run("entities", entities.find_actors, result.sentences, result.texts, pipeline,
                                     progress=progress, blocks=result.blocks, engine=engine)
            found = stages.run("quotes", quotes.find_quotes, result.blocks, result.sentences, mentions, pipeline, progress, engine)
            mentions = quotes.mark_mentions(mentions, found)
            # One stage per method, so that each method's own cost is read off the table (the transformer's above all).
            scored = pd.concat([stages.run(f"sentiment: {m}", _score, mentions, result, [m], pipeline, progress, engine)
                                for m in methods], ignore_index=True)
            # As notebooks 04 and 05 run them: intervals and tests with each method's errors on NewsMTSC.
            confusions = stages.run("method errors", _confusions, methods, pipeline)
            tone = stages.run("tone", sentiment.tone_summary, scored, result.articles, confusions=confusions)
            stages.run("word choice", comparison.distinctive_terms, comparison.outlet_texts(result.sentences, result.articles),
                       pipeline)
            stages.run("tone tests", comparison.tone_differences, scored, result.articles, methods[-1],
                       confusion=confusions[methods[-1]])
            stages.run("voice, labels", _voice_and_labels, found, mentions, result, pipeline)
            total = round(sum(row["seconds"] for row in stages.rows), 2)
            shutdown_pools()  # the stages' worker processes would count in the bare parse's memory
            content = result.blocks[result.blocks["kind"] != "boilerplate"]["text"].tolist()
            started = time.perf_counter()
            for _ in pipeline.pipe(content, batch_size=BATCH_SIZE, n_process=n_process):
                pass
            bare = round(time.perf_counter() - started, 2)
            bare_peak = memory.peak_mb()
        finally:
            if previous is None:
                os.environ.pop("NEWSBIAS_CACHE_DIR", None)
            else:
                os.environ["NEWSBIAS_CACHE_DIR"] = previous
    return {"articles": len(result.articles), "words": words, "engine": engine, "n_process": n_process,
            "stages": stages.rows, "pipeline_seconds": total, "bare_nlp_pipe_seconds": bare, "bare_nlp_pipe_peak_mb": bare_peak,
            "ratio_to_bare_parse": round(total / bare, 2) if bare else None, "peak_mb": max(r["peak_mb"] for r in stages.rows),
            "tone_cells": len(tone)}


# The plain rerun is timed as a user meets it: a fresh Python process, as ``make run`` starts, that imports the
# runner and checks every notebook (when every notebook is up to date, that start is most of the time).
_RERUN = "import sys; from pathlib import Path; from newsbias import runner; runner.run_corpus(Path(sys.argv[1]), output_root=Path(sys.argv[2]))"
# Every notebook executed, one after another in one process as make run executes them, each notebook's end marked.
_SUITE_MARK = "newsbias-bench-notebook "
_SUITE = f"""
import json, sys, time
from pathlib import Path
from newsbias import runner
for notebook in runner.notebooks_in_order():
    started = time.perf_counter()
    runner.run_corpus(Path(sys.argv[1]), notebooks=[notebook], output_root=Path(sys.argv[2]), force=True)
    print({_SUITE_MARK!r} + json.dumps([notebook.stem, round(time.perf_counter() - started, 2)]), flush=True)
"""


def _run_suite(corpus: Path, out: Path, memory: _MemoryWatch) -> tuple[dict, dict]:
    """Every notebook executed in a process of its own, as ``make run`` runs them: seconds and peak MB per notebook."""
    seconds, peaks = {}, {}
    process = subprocess.Popen([sys.executable, "-c", _SUITE, str(corpus), str(out)], stdout=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line.startswith(_SUITE_MARK):
            name, took = json.loads(line[len(_SUITE_MARK):])
            seconds[name], peaks[name] = took, memory.peak_mb()  # this notebook's own peak (read and reset)
        else:
            print(line, end="", flush=True)
    if process.wait():
        raise NewsbiasError(f"make run on {corpus} failed (exit status {process.returncode}): see above")
    return seconds, peaks


def time_suite(corpus: Path, out: Path, rerun: bool = True) -> dict:
    """What ``make run CORPUS=...`` does, timed: every notebook through :func:`newsbias.runner.run_corpus` with the
    notebooks' own settings (parsing on every core), first with nothing cached (``cold``); then (``rerun``) again with
    nothing changed, as ``make run`` reruns (a notebook whose last run still stands is skipped), timed whole; then
    ``forced_rerun`` (``make run FORCE=1``: every notebook executed, every stage's result cached). Each run is a
    process of its own, like ``make run``'s, and its memory is that process's and its children's (kernels, parsing
    processes, worker pools), not the benchmark's (until 2026-12-02 the cold and forced runs ran in the benchmark's
    own process, whose memory, the source corpus parsed to build the articles from, counted with theirs). Returns
    seconds and peak memory per notebook for the cold and forced runs, every run's total, both reruns' speed-ups and
    each run's peak memory."""
    previous = os.environ.get("NEWSBIAS_CACHE_DIR")
    timings: dict = {}
    with tempfile.TemporaryDirectory() as cache:
        os.environ["NEWSBIAS_CACHE_DIR"] = cache
        try:
            for label in ("cold", "rerun", "forced_rerun") if rerun else ("cold",):
                with _MemoryWatch(children_only=True) as memory:
                    if label == "rerun":
                        started = time.perf_counter()
                        subprocess.run([sys.executable, "-c", _RERUN, str(corpus), str(out)], check=True)
                        timings[f"{label}_seconds"] = round(time.perf_counter() - started, 2)
                    else:
                        timings[label], peaks = _run_suite(corpus, out, memory)
                        timings[f"{label}_peak_mb_by_notebook"] = peaks
                        timings[f"{label}_seconds"] = round(sum(timings[label].values()), 2)
                    timings[f"{label}_peak_mb"] = max([memory.peak_mb(), *timings.get(f"{label}_peak_mb_by_notebook", {}).values()])
                by_notebook = timings.get(f"{label}_peak_mb_by_notebook", {})
                print(f"  make run ({label}): {timings[f'{label}_seconds']} s, peak {timings[f'{label}_peak_mb']:,} MB"
                      + (" (" + ", ".join(f"{name[:2]} {mb:,.0f}" for name, mb in by_notebook.items()) + ")" if by_notebook else ""),
                      flush=True)
        finally:
            if previous is None:
                os.environ.pop("NEWSBIAS_CACHE_DIR", None)
            else:
                os.environ["NEWSBIAS_CACHE_DIR"] = previous
    if rerun:
        for label in ("rerun", "forced_rerun"):
            timings[f"{label}_speedup_vs_cold"] = round(timings["cold_seconds"] / timings[f"{label}_seconds"], 2)
        print(f"  make run: rerun {timings['rerun_speedup_vs_cold']}x faster than cold; forced rerun (make run FORCE=1) "
              f"{timings['forced_rerun_speedup_vs_cold']}x", flush=True)
    return timings


def plot(results: list[dict], out: Path) -> Path:
    """Stacked seconds per stage for each run, with the bare-parse time marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.9 * len(results)))
    for y, run in enumerate(results):
        left = 0.0
        for row in run["stages"]:
            ax.barh(y, row["seconds"], left=left, label=row["stage"] if y == 0 else None)
            left += row["seconds"]
        ax.plot([run["bare_nlp_pipe_seconds"]] * 2, [y - 0.4, y + 0.4], color="black", linewidth=2,
                label="bare nlp.pipe" if y == 0 else None)
        ax.annotate(f"{run['ratio_to_bare_parse']}× bare parse, peak {run['peak_mb']:,} MB", (left, y), xytext=(4, -3),
                    textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(results)), labels=[f"{r['articles']:,} articles ({r['words']:,} words)" for r in results])
    ax.set_xlabel("seconds (wall)")
    ax.set_title("newsbias pipeline by stage vs bare spaCy parsing of the same text")
    ax.legend(fontsize=7, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False)
    fig.tight_layout()
    fig.savefig(out, dpi=100, metadata={"Software": None})
    plt.close(fig)
    return out


def _one_size(n: int, args) -> dict:
    """Build the N-article corpus, run the pipeline (and the notebook reruns if asked) and write its JSON."""
    corpus = build_corpus(n, args.out / "corpora", args.corpus)
    print(f"{n} articles ({corpus}), engine {args.engine}, {args.processes} process(es):", flush=True)
    if args.suite_only:
        run = {"articles": n, "make_run": time_suite(corpus, args.out / "suite", rerun=not args.no_rerun)}
        (args.out / f"bench_{n}_suite.json").write_text(json.dumps(run, indent=1) + "\n", encoding="utf-8")
        return run
    run = run_pipeline(corpus, args.engine, args.processes, profile=args.profile, out=args.out, methods=args.methods)
    if n in args.suite:
        run["make_run"] = time_suite(corpus, args.out / "suite", rerun=not args.no_rerun)
        run["make_run_ratio_to_bare_parse"] = round(run["make_run"]["cold_seconds"] / run["bare_nlp_pipe_seconds"], 2)
        print(f"  make run: {run['make_run_ratio_to_bare_parse']}x bare nlp.pipe", flush=True)
    print(f"  whole pipeline {run['pipeline_seconds']} s; bare nlp.pipe {run['bare_nlp_pipe_seconds']} s; "
          f"ratio {run['ratio_to_bare_parse']}; peak {run['peak_mb']:,} MB", flush=True)
    (args.out / f"bench_{n}.json").write_text(json.dumps(run, indent=1) + "\n", encoding="utf-8")
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbias.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000], help="corpus sizes to run (default 1000)")
    parser.add_argument("--corpus", type=Path, default=None, help="assemble articles from this corpus's sentences (default: NewsMTSC)")
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--processes", type=int, default=None,
                        help="processes for parsing and the per-article stages (default: $NEWSBIAS_PROCESSES, else all cores)")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--suite", type=int, nargs="*", default=[], metavar="N",
                        help="for these corpus sizes, also time every notebook as make run runs them: cold, rerun, forced rerun")
    parser.add_argument("--methods", nargs="+", choices=sentiment.method_names(), metavar="METHOD",
                        help=f"sentiment methods to time (default: notebook 04's, {' '.join(notebook_methods())})")
    every_stage = stage_names(sentiment.method_names())
    parser.add_argument("--profile", choices=every_stage, metavar="STAGE",
                        help=f"run this stage under cProfile and save its output ({', '.join(every_stage)})")
    parser.add_argument("--suite-only", action="store_true",
                        help="time only make run (cold, rerun, forced rerun) at each size, not the stages or the bare parse: "
                             "for sizes where both would take long")
    parser.add_argument("--no-rerun", action="store_true", help="with --suite or --suite-only: time the cold run only")
    parser.add_argument("--single", action="store_true", help=argparse.SUPPRESS)  # one size, in this process
    args = parser.parse_args(argv)
    args.processes = args.processes or default_processes()
    previous = os.environ.get("NEWSBIAS_PROCESSES")
    os.environ["NEWSBIAS_PROCESSES"] = str(args.processes)  # the stages and the notebooks' kernels use as many
    try:
        return _run(args, parser)
    finally:
        if previous is None:
            os.environ.pop("NEWSBIAS_PROCESSES", None)
        else:
            os.environ["NEWSBIAS_PROCESSES"] = previous


def _run(args, parser) -> int:
    """Each size of ``args.articles`` (see :func:`main`)."""
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for n in args.articles:
            if args.single or len(args.articles) == 1:
                results.append(_one_size(n, args))
                continue
            # Each size in a fresh interpreter: memory a previous run left behind would count against the next.
            command = [sys.executable, "-m", "newsbias.bench", "--single", "--articles", str(n), "--engine", args.engine,
                       "--processes", str(args.processes), "--out", str(args.out)]
            if args.corpus is not None:
                command += ["--corpus", str(args.corpus)]
            if n in args.suite:
                command += ["--suite", str(n)]
            if args.suite_only:
                command += ["--suite-only"]
            if args.no_rerun:
                command += ["--no-rerun"]
            if args.profile:
                command += ["--profile", args.profile]
            if args.methods:
                command += ["--methods", *args.methods]
            if subprocess.run(command, check=False).returncode:
                parser.exit(2, f"error: the run on {n} articles failed (see above)\n")
            written = f"bench_{n}_suite.json" if args.suite_only else f"bench_{n}.json"
            results.append(json.loads((args.out / written).read_text(encoding="utf-8")))
    except NewsbiasError as problem:
        parser.exit(2, f"error: {problem}\n")
    if args.single or args.suite_only:
        return 0
    if len(results) > 1:
        first, last = results[0], results[-1]
        scale = last["articles"] / first["articles"]
        print(f"{scale:.0f}x the articles: {last['pipeline_seconds'] / first['pipeline_seconds']:.2f}x the time, "
              f"{last['peak_mb'] / first['peak_mb']:.2f}x the peak memory")
    print("plot:", plot(results, args.out / f"bench_{'_'.join(str(n) for n in args.articles)}.png"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
