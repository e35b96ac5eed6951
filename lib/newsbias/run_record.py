"""Whether a notebook's last run still stands, so that ``make run`` need not execute it again (as ``make`` skips a
target whose prerequisites are unchanged).

After a notebook runs, :func:`record` stores two things under ``<parse cache>/runs/``:

- a **key** over everything the run could read: the notebook's cells (sources and types, not outputs), its
  parameters, the ``newsbias`` package's source, the Python version and every installed package's version,
  ``PYTHONHASHSEED``, every file under ``data/`` outside the processed results (models, NewsMTSC, gold files,
  aliases, the default corpus), the corpus it was pointed at (a table file, or a manifest's whole folder, unlisted
  files included) and any other file or folder a parameter names, and the tables it reads from the processed folder;
- the SHA-256 of everything it wrote: the executed notebook, its declared tables (Parquet and CSV) and its figures.

:func:`still_current` says a later run may skip the notebook only when the key is the same and every output is still
there, byte for byte. Anything else (an edited cell, a changed corpus file, new code, a table an earlier notebook
rewrote differently, a deleted or edited figure) executes it again. ``NEWSBIAS_CACHE_DIR=off`` keeps no records.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from newsbias import paths
from newsbias.paths import is_table
from newsbias.steps import Step

FORMAT = "newsbias-run-record-1"
# The parameters that name where a notebook writes (not what it reads: left out of the key), and which folder each.
OUTPUT_PARAMETERS = {"OUTPUT_DIR": "tables", "PROCESSED_DIR": "tables", "FIGURES_DIR": "figures"}


def output_parameters(processed: Path, figures: Path) -> dict[str, str]:
    """The output-folder parameters of a run that writes its tables to ``processed`` and its figures to ``figures``."""
    return {name: str(processed if kind == "tables" else figures) for name, kind in OUTPUT_PARAMETERS.items()}


def _named_paths(value) -> list[Path]:
    """The existing files or folders a parameter's value names (a path, or a list of paths), as the notebooks
    resolve them: against the project root unless absolute."""
    values = value if isinstance(value, (list, tuple)) else [value]
    named = [paths.project_path(v) for v in values if isinstance(v, str) and v]
    return [path for path in named if path.exists()]


def _tree(digest, root: Path, skip: Path | None = None) -> None:
    """Every file under ``root`` (sorted, by path relative to it, and content), leaving out ``skip``'s tree."""
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in files:
        if skip is not None and path.is_relative_to(skip):
            continue
        digest.update(f"{path.relative_to(root).as_posix() if path != root else path.name}\x00{paths.file_digest(path)}\x00".encode())


@lru_cache(maxsize=1)
def _environment() -> str:
    """Python's version, the hash seed and every installed package's version (read once per process)."""
    found = (d.metadata for d in metadata.distributions())  # each access to .metadata or .version parses the file
    packages = sorted(f"{m['Name']}=={m['Version']}" for m in found if m["Name"])
    return json.dumps([sys.version, os.environ.get("PYTHONHASHSEED", ""), packages])


def _cells(notebook: Path) -> str:
    """The notebook's cells as written (type, source, tags), outputs left out; read as JSON, without nbformat, so
    that checking a run costs no import of nbformat and jsonschema."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return json.dumps([(cell["cell_type"], _source(cell["source"]), sorted(cell.get("metadata", {}).get("tags", [])))
                       for cell in cells])


def _source(source: str | list[str]) -> str:
    """A cell's source as one string (the notebook format allows a list of lines)."""
    return source if isinstance(source, str) else "".join(source)


def inputs_key(notebook: Path, parameters: dict, step: Step, processed: Path) -> str:
    """SHA-256 of everything a run of ``notebook`` (step ``step``) with ``parameters`` can read; see the module."""
    digest = hashlib.sha256(f"{FORMAT}\x00{step.name}\x00{_cells(notebook)}\x00".encode())
    digest.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    digest.update(f"\x00{paths.code_version()}\x00{_environment()}\x00".encode())
    _tree(digest, paths.DATA, skip=paths.PROCESSED)
    for name, value in sorted(parameters.items()):
        if name in OUTPUT_PARAMETERS:
            continue
        for target in _named_paths(value):
            if name == "CORPUS" and target.is_file() and not is_table(target):
                target = target.parent  # a manifest: its folder holds the articles (and reports unlisted files)
            digest.update(f"{name}\x00".encode())
            _tree(digest, target)
    for table in step.reads:
        path = processed / f"{table}.parquet"
        digest.update(f"{table}\x00{paths.file_digest(path) if path.is_file() else 'missing'}\x00".encode())
    return digest.hexdigest()


def outputs_of(step: Step, executed: Path, processed: Path, figures: Path) -> list[Path]:
    """What a run of ``step`` wrote: the executed notebook, its tables and its figures (those that exist)."""
    found = [executed]
    for table in step.writes:
        found += [processed / f"{table}.parquet", processed / f"{table}.csv"]
    for name in step.figures:
        found += sorted(figures.glob(f"{name.replace('<outlet>', '*')}.png"))
    return [path for path in found if path.is_file()]


def _record_path(executed: Path) -> Path | None:
    cache = paths.cache_dir()
    if cache is None:
        return None
    return cache / "runs" / f"{hashlib.sha256(str(executed.resolve()).encode()).hexdigest()[:32]}.json"


def record(executed: Path, key: str, outputs: list[Path]) -> None:
    """Remember that the run that wrote ``outputs`` read what ``key`` stands for."""
    where = _record_path(executed)
    if where is None:
        return
    where.parent.mkdir(parents=True, exist_ok=True)
    entry = {"format": FORMAT, "notebook": str(executed.resolve()), "key": key, "finished": time.strftime("%Y-%m-%d %H:%M:%S"),
             "outputs": {str(path.resolve()): paths.file_digest(path) for path in outputs}}
    where.write_text(json.dumps(entry, indent=1) + "\n", encoding="utf-8")


def still_current(executed: Path, key: str) -> dict | None:
    """The record of ``executed``'s last run when nothing it read has changed and every output is as it wrote it;
    else None (the notebook must run)."""
    where = _record_path(executed)
    if where is None or not where.is_file():
        return None
    try:
        entry = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    if entry.get("format") != FORMAT or entry.get("key") != key or not entry.get("outputs"):
        return None
    for name, digest in entry["outputs"].items():
        path = Path(name)
        if not path.is_file() or paths.file_digest(path) != digest:
            return None
    return entry


def forget(executed: Path) -> None:
    """Drop the record of ``executed``'s last run (before it runs again, so that a failed run is never current)."""
    where = _record_path(executed)
    if where is not None and where.is_file():
        where.unlink()
