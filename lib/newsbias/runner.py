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
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import nbformat
import papermill

from newsbias import paths
from newsbias.errors import NewsbiasError
from newsbias.folding import slug
from newsbias.ingestion.corpus import is_table
from newsbias.steps import STEPS

IGNORE_MARKER = "# NBVAL_IGNORE_OUTPUT"
_VOLATILE_CELL_METADATA = ("papermill", "execution")
_VOLATILE_NOTEBOOK_METADATA = ("papermill", "widgets")
_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def notebooks_in_order() -> list[Path]:
    """The notebooks in run order, as :data:`newsbias.steps.STEPS` declares them."""
    return [step.notebook for step in STEPS]


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


def run_notebook(path: Path, parameters: dict | None = None, output: Path | None = None) -> Path:
    """Execute one notebook (in place unless ``output`` is given) and clean it."""
    output = output or path
    papermill.execute_notebook(
        str(path), str(output), parameters=parameters or {}, cwd=str(path.parent),
        kernel_name="python3", progress_bar=False, log_output=False,
    )
    notebook = clean_notebook(nbformat.read(output, as_version=4))
    nbformat.write(notebook, output)
    return output


def corpus_name(corpus: Path) -> str:
    """The name a corpus's outputs go under: its folder for a manifest, else the file's stem."""
    return slug(corpus.stem if is_table(corpus) else corpus.parent.name, empty="outlet")


def corpus_outputs(corpus: Path, output_root: Path = paths.ROOT) -> tuple[Path, Path, Path]:
    """(tables folder, figures folder, executed-notebooks folder) for a corpus, under ``output_root``."""
    name = corpus_name(corpus)
    if name == paths.DEFAULT_CORPUS.name:
        raise NewsbiasError(f"corpus name '{name}' is the default corpus's; rename the folder or file so that its "
                            "outputs do not overwrite the committed results.")
    processed = output_root / paths.PROCESSED.relative_to(paths.ROOT) / name
    return processed, output_root / paths.FIGURES.relative_to(paths.ROOT) / name, processed / "notebooks"


def corpus_parameters(notebook: Path, corpus: Path, columns: dict | None, skip_benchmarks: bool,
                      output_root: Path = paths.ROOT, set_aside: bool = False) -> dict:
    """The papermill parameters pointing one notebook at a corpus's inputs and output folders (only those it declares)."""
    processed, figures, _ = corpus_outputs(corpus, output_root)
    wanted = {"CORPUS": str(corpus), "COLUMNS": columns, "OUTPUT_DIR": str(processed), "PROCESSED_DIR": str(processed),
              "FIGURES_DIR": str(figures)}
    if skip_benchmarks:
        wanted.update(QUOTES_GOLD=[], BENCHMARK_FILES=[])
    if set_aside:
        wanted.update(ON_BAD_RECORD="set_aside")
    declared = papermill.inspect_notebook(str(notebook))
    return {key: value for key, value in wanted.items() if key in declared}


def run_corpus(corpus: Path, columns: dict | None = None, skip_benchmarks: bool = False,
               notebooks: list[Path] | None = None, output_root: Path = paths.ROOT, set_aside: bool = False) -> list[Path]:
    """Run the notebooks on ``corpus``; return the executed notebooks (saved beside the corpus's tables)."""
    corpus = corpus.resolve()
    if not corpus.is_file():
        raise NewsbiasError(f"corpus {corpus} does not exist (give a manifest CSV, or a .jsonl/.csv table of articles).")
    _, _, executed = corpus_outputs(corpus, output_root)
    executed.mkdir(parents=True, exist_ok=True)
    done = []
    for notebook in notebooks or notebooks_in_order():
        output = executed / notebook.name
        print(f"running {paths.relative_to_root(notebook)} on {paths.relative_to_root(corpus)} -> {paths.relative_to_root(output)}",
              flush=True)
        parameters = corpus_parameters(notebook, corpus, columns, skip_benchmarks, output_root, set_aside)
        done.append(run_notebook(notebook.resolve(), parameters, output))
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
    args = parser.parse_args(argv)
    notebooks = [n.resolve() for n in args.notebooks] or notebooks_in_order()
    if not notebooks:
        raise NewsbiasError(f"no numbered notebooks found in {paths.NOTEBOOKS}")
    try:
        if args.corpus:
            run_corpus(paths.project_path(args.corpus), args.columns, args.skip_benchmarks, notebooks, set_aside=args.set_aside)
            return 0
        for notebook in notebooks:
            print(f"running {paths.relative_to_root(notebook)}", flush=True)
            run_notebook(notebook)
    except NewsbiasError as problem:
        parser.exit(2, f"error: {problem}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
