"""Execute the numbered notebooks in order, leaving nothing volatile behind.

``python -m newsbias.runner`` runs every ``notebooks/NN_*.ipynb`` with papermill, in
place, then removes what would change on every run (timings, papermill and widget
metadata, progress bars in cells marked ``# NBVAL_IGNORE_OUTPUT``), so that running
twice leaves ``git status`` clean and strict nbval has stable references.

``python -m newsbias.runner --corpus PATH`` runs them on another corpus instead (a
manifest CSV, or a JSON-lines/CSV table of articles): its tables go to
``data/processed/<name>/``, its figures to ``figures/<name>/`` and the executed
notebooks to ``data/processed/<name>/notebooks/``; the committed notebooks and the
default corpus's results are not touched.

A notebook whose last run still stands (nothing it reads has changed, and what it wrote is still there as written:
:mod:`newsbias.run_record`) is not executed again; ``--force`` executes every notebook anyway.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from newsbias import paths, run_record, steps
from newsbias.errors import NewsbiasError
from newsbias.folding import slug
from newsbias.paths import is_table
from newsbias.sentiment.methods import method_names, most_accurate

if TYPE_CHECKING:  # imported where a notebook is executed: a run that executes none does without them (seconds)
    import nbformat
    from jupyter_client.manager import KernelManager

IGNORE_MARKER = "# NBVAL_IGNORE_OUTPUT"
_VOLATILE_CELL_METADATA = ("papermill", "execution")
_VOLATILE_NOTEBOOK_METADATA = ("papermill", "widgets")
_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def notebooks_in_order() -> list[Path]:
    """The notebooks in run order, as :data:`newsbias.steps.STEPS` declares them."""
    return [step.notebook for step in steps.STEPS]


def _is_volatile(output: dict) -> bool:
    if output.get("output_type") == "stream" and output.get("name") == "stderr":
        return True
    return _WIDGET_MIME in output.get("data", {})


def clean_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip run-specific metadata and the progress output of ``# NBVAL_IGNORE_OUTPUT`` cells."""
    for key in _VOLATILE_NOTEBOOK_METADATA:
        notebook.metadata.pop(key, None)
    for cell in notebook.cells:
        for key in _VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code" and IGNORE_MARKER in cell.source:
            cell.outputs = [o for o in cell.outputs if not _is_volatile(o)]
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(cell.outputs)
    return notebook


def _merge_streams(outputs: list) -> list:
    """Join consecutive writes to the same stream: how the kernel splits them into chunks depends on timing."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (previous is not None and output.get("output_type") == "stream" and previous.get("output_type") == "stream"
                and output.get("name") == previous.get("name")):
            previous["text"] = previous["text"] + output["text"]
        else:
            merged.append(output)
    return merged


def local_kernel_manager(folder: str) -> type[KernelManager]:
    """A kernel manager that talks to its kernel over Unix sockets in ``folder`` (kernel and runner share the
    machine): no TCP port is opened, so the kernel has nothing to warn about unencrypted TCP."""
    from jupyter_client.manager import KernelManager
    from traitlets import default

    class LocalKernelManager(KernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            return str(Path(folder) / "kernel")

    return LocalKernelManager


def declared_parameters(notebook: Path) -> set[str]:
    """The names the notebook's cell tagged ``parameters`` assigns: those papermill can set. Read with ``ast`` from
    the notebook's JSON (as ``papermill.inspect_notebook`` finds them, without importing papermill)."""
    for cell in json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            # IPython's magics and shell lines are no Python; papermill reads the lines around them.
            source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
            try:
                body = ast.parse(source).body
            except SyntaxError as problem:
                raise NewsbiasError(f"{notebook}: the cell tagged 'parameters' is not Python ({problem.msg}, line "
                                    f"{problem.lineno}); it should only assign the notebook's parameters.") from problem
            names = set()
            for statement in body:
                targets = statement.targets if isinstance(statement, ast.Assign) else (
                    [statement.target] if isinstance(statement, ast.AnnAssign) else [])
                names.update(t.id for t in targets if isinstance(t, ast.Name))
            return names
    return set()


def run_notebook(path: Path, parameters: dict | None = None, output: Path | None = None) -> Path:
    """Execute one notebook (in place unless ``output`` is given) and clean it."""
    import nbformat
    import papermill

    output = output or path
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsbias-kernel-") as folder:
        # Unix sockets where the system has them; elsewhere (Windows) the usual local TCP.
        manager = {"kernel_manager_class": local_kernel_manager(folder)} if os.name == "posix" else {}
        papermill.execute_notebook(
            str(path), str(output), parameters=parameters or {}, cwd=str(path.parent),
            kernel_name="python3", progress_bar=False, log_output=False, **manager,
        )
    notebook = nbformat.read(output, as_version=4)
    print(f"  {path.name} done in {time.perf_counter() - started:.1f} s (slowest cells: {slowest_cells(notebook)})", flush=True)
    nbformat.write(clean_notebook(notebook), output)
    return output


def run_step(notebook: Path, parameters: dict, output: Path, processed: Path, figures: Path, force: bool = False) -> Path:
    """Execute ``notebook`` into ``output`` unless its last run there still stands (:mod:`newsbias.run_record`:
    nothing it reads has changed and its outputs are as it wrote them) and ``force`` is false; record the run."""
    try:
        step = steps.step(notebook.stem)
    except NewsbiasError:
        step = None  # not one of the suite's steps: what it reads is not declared, so it always runs
    key = run_record.inputs_key(notebook, parameters, step, processed) if step else None
    if key and not force:
        entry = run_record.still_current(output, key)
        if entry:
            n = len(entry["outputs"])
            print(f"  {output.name} is up to date: nothing it reads has changed since its run of {entry['finished']}, and its "
                  f"{n} output{'s are' if n != 1 else ' is'} as that run wrote {'them' if n != 1 else 'it'}; not executed "
                  "again (--force, or make run FORCE=1, executes it anyway)", flush=True)
            return output
    run_record.forget(output)
    run_notebook(notebook, parameters, output)
    if key:
        run_record.record(output, key, run_record.outputs_of(step, output, processed, figures))
    return output


def slowest_cells(notebook: nbformat.NotebookNode, top: int = 3) -> str:
    """The ``top`` slowest code cells of an executed notebook, by papermill's timings and the execution counts a
    reader sees in JupyterLab: "In [12] 80.1 s, In [7] 3.2 s"."""
    timed = sorted(((cell.metadata.get("papermill", {}).get("duration") or 0.0, cell.get("execution_count") or 0)
                    for cell in notebook.cells if cell.cell_type == "code"), key=lambda t: (-t[0], t[1]))
    return ", ".join(f"In [{number}] {seconds:.1f} s" for seconds, number in timed[:top])


# File names that say nothing about the corpus: such a table is named by its folder ("basil/articles.jsonl": basil).
GENERIC_STEMS = frozenset({"articles", "corpus", "data", "news", "table", "export"})


def corpus_name(corpus: Path) -> str:
    """The name a corpus's outputs go under: its folder for a manifest, else the file's stem (with its folder's
    name when the stem is as generic as ``articles``)."""
    if not is_table(corpus):
        return slug(corpus.parent.name, empty="outlet")
    stem = corpus.stem
    if stem.lower() in GENERIC_STEMS and corpus.parent.name:
        stem = f"{corpus.parent.name}-{stem}"
    return slug(stem, empty="outlet")


def analysis_suffix(analysis: dict | None) -> str:
    """What a run's folder name adds for its options: ``-by-leaning`` (``GROUP_BY``), ``-events-auto`` (``EVENTS``)."""
    analysis = analysis or {}
    suffix = f"-by-{slug(str(analysis['GROUP_BY']), empty='group')}" if analysis.get("GROUP_BY") else ""
    return suffix + (f"-events-{slug(str(analysis['EVENTS']), empty='events')}" if analysis.get("EVENTS") else "")


def corpus_outputs(corpus: Path, output_root: Path = paths.ROOT, analysis: dict | None = None) -> tuple[Path, Path, Path]:
    """(tables folder, figures folder, executed-notebooks folder) for a corpus, under ``output_root``; a run with
    ``GROUP_BY`` or ``EVENTS`` (``analysis``) gets folders of its own."""
    name = corpus_name(corpus) + analysis_suffix(analysis)
    if name == paths.DEFAULT_CORPUS.name:
        raise NewsbiasError(f"corpus name '{name}' is the default corpus's; rename the folder or file so that its "
                            "outputs do not overwrite the committed results.")
    processed = output_root / paths.PROCESSED.relative_to(paths.ROOT) / name
    return processed, output_root / paths.FIGURES.relative_to(paths.ROOT) / name, processed / "notebooks"


def method_parameters(methods: list[str] | None) -> dict:
    """``--methods`` as notebook parameters: notebook 04's ``METHODS``, and the method the figures of notebooks 04-06
    use (``BEST_METHOD``, ``METHOD``), the most accurate of them on NewsMTSC. Nothing when no methods are given."""
    if not methods:
        return {}
    best = most_accurate(methods)
    return {"METHODS": methods, "BEST_METHOD": best, "METHOD": best}


def corpus_parameters(notebook: Path, corpus: Path, columns: dict | None, skip_benchmarks: bool,
                      output_root: Path = paths.ROOT, set_aside: bool = False, analysis: dict | None = None) -> dict:
    """The papermill parameters pointing one notebook at a corpus's inputs and output folders (only those it declares);
    ``analysis`` holds the analysis options (``GROUP_BY``, ``EVENTS``, ``EVENT_OVERRIDES``, and ``METHODS`` with the
    method the figures use, :func:`method_parameters`) that are set."""
    processed, figures, _ = corpus_outputs(corpus, output_root, analysis)
    wanted = {**{k: v for k, v in (analysis or {}).items() if v}, "CORPUS": str(corpus), "COLUMNS": columns,
              **run_record.output_parameters(processed, figures)}
    if skip_benchmarks:
        wanted.update(QUOTES_GOLD=[], BENCHMARK_FILES=[])
    if set_aside:
        wanted.update(ON_BAD_RECORD="set_aside")
    declared = declared_parameters(notebook)
    return {key: value for key, value in wanted.items() if key in declared}


# The files a corpus folder may hold (CORPUS=folder), in the order they are looked for.
CORPUS_FILES = ("manifest.csv", "articles.jsonl", "articles.csv")


def corpus_file(corpus: Path) -> Path:
    """The corpus file ``corpus`` names: the file itself, or the one of :data:`CORPUS_FILES` a folder holds."""
    corpus = corpus.resolve()
    if corpus.is_dir():
        found = [corpus / name for name in CORPUS_FILES if (corpus / name).is_file()]
        if len(found) != 1:
            raise NewsbiasError(f"corpus {corpus} is a folder with {'none' if not found else 'several'} of "
                                f"{', '.join(CORPUS_FILES)}; give the corpus file itself (a manifest CSV, or a "
                                ".jsonl/.csv table of articles).")
        print(f"corpus folder {paths.relative_to_root(corpus)}: reading {found[0].name}", flush=True)
        return found[0]
    if not corpus.is_file():
        raise NewsbiasError(f"corpus {corpus} does not exist (give a manifest CSV, or a .jsonl/.csv table of articles).")
    return corpus


def run_corpus(corpus: Path, columns: dict | None = None, skip_benchmarks: bool = False,
               notebooks: list[Path] | None = None, output_root: Path = paths.ROOT, set_aside: bool = False,
               analysis: dict | None = None, force: bool = False) -> list[Path]:
    """Run the notebooks on ``corpus``; return the executed notebooks (saved beside the corpus's tables). A notebook
    whose last run still stands is not executed again unless ``force`` (:func:`run_step`)."""
    corpus = corpus_file(corpus)
    processed, figures, executed = corpus_outputs(corpus, output_root, analysis)
    executed.mkdir(parents=True, exist_ok=True)
    done = []
    notebooks = notebooks or notebooks_in_order()
    for number, notebook in enumerate(notebooks, start=1):
        output = executed / notebook.name
        print(f"[{number}/{len(notebooks)}] {paths.relative_to_root(notebook)} on {paths.relative_to_root(corpus)} "
              f"-> {paths.relative_to_root(output)}", flush=True)
        parameters = corpus_parameters(notebook, corpus, columns, skip_benchmarks, output_root, set_aside, analysis)
        done.append(run_step(notebook.resolve(), parameters, output, processed, figures, force))
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all, in order)")
    parser.add_argument("--corpus", type=Path, help="run on this corpus (manifest CSV, or .jsonl/.csv table of articles)")
    parser.add_argument("--columns", type=json.loads, default=None,
                        help='for a table corpus, its field names as JSON, e.g. \'{"text": "body", "outlet": "source"}\'')
    parser.add_argument("--set-aside", action="store_true",
                        help="keep the good records of a corpus and report the bad ones (default: stop at the first)")
    parser.add_argument("--skip-benchmarks", action="store_true",
                        help="do not re-measure the quotation and sentiment methods (notebooks 03 and 04)")
    parser.add_argument("--group-by", help="compare the values of this column of the corpus (e.g. leaning), outlets nested")
    parser.add_argument("--events", help="'auto' to group articles into events, or the column naming each article's event")
    parser.add_argument("--event-overrides", help="CSV (article_id,event) correcting the grouping of --events auto")
    parser.add_argument("--methods", nargs="+", choices=method_names(), metavar="METHOD",
                        help=f"sentiment methods that score the corpus (notebook 04's METHODS; the figures use the most accurate "
                             f"of them): {', '.join(method_names())}")
    parser.add_argument("--force", action="store_true",
                        help="execute every notebook, even one whose inputs have not changed since its last run")
    args = parser.parse_args(argv)
    analysis = {"GROUP_BY": args.group_by, "EVENTS": args.events,
                "EVENT_OVERRIDES": str(paths.project_path(args.event_overrides)) if args.event_overrides else None,
                **method_parameters(args.methods)}
    notebooks = [n.resolve() for n in args.notebooks] or notebooks_in_order()
    if not notebooks:
        raise NewsbiasError(f"no numbered notebooks found in {paths.NOTEBOOKS}")
    try:
        if args.corpus:
            run_corpus(paths.project_path(args.corpus), args.columns, args.skip_benchmarks, notebooks, set_aside=args.set_aside,
                       analysis=analysis, force=args.force)
            return 0
        for number, notebook in enumerate(notebooks, start=1):
            print(f"[{number}/{len(notebooks)}] {paths.relative_to_root(notebook)}", flush=True)
            declared = declared_parameters(notebook)
            run_step(notebook, {k: v for k, v in analysis.items() if v and k in declared}, notebook, paths.PROCESSED,
                     paths.FIGURES, args.force)
    except NewsbiasError as problem:
        parser.exit(2, f"error: {problem}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
