"""Execute the numbered notebooks in order, in place, leaving nothing volatile behind.

``python -m newsbias.runner`` runs every ``notebooks/NN_*.ipynb`` with papermill,
then removes what would change on every run (timings, papermill and widget
metadata, progress bars in cells marked ``# NBVAL_IGNORE_OUTPUT``), so that running
twice leaves ``git status`` clean and strict nbval has stable references.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
import papermill

from newsbias import paths
from newsbias.errors import NewsbiasError

IGNORE_MARKER = "# NBVAL_IGNORE_OUTPUT"
_VOLATILE_CELL_METADATA = ("papermill", "execution")
_VOLATILE_NOTEBOOK_METADATA = ("papermill", "widgets")
_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def notebooks_in_order(folder: Path = paths.NOTEBOOKS) -> list[Path]:
    """The numbered notebooks (``NN_name.ipynb``) in run order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all, in order)")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or notebooks_in_order()
    if not notebooks:
        raise NewsbiasError(f"no numbered notebooks found in {paths.NOTEBOOKS}")
    for notebook in notebooks:
        print(f"running {paths.relative_to_root(notebook)}", flush=True)
        run_notebook(notebook.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
