"""Every location the suite reads or writes, computed from the package location, and two facts about them that
checking a run needs without importing the heavy packages: the package's code version (a hash of its source
files) and whether a corpus path is a table of articles or a manifest.

Notebooks run with ``notebooks/`` as their working directory (nbval and JupyterLab
start kernels there), so nothing here depends on the current directory.
"""

from __future__ import annotations

import csv
import hashlib
import os
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"

MODELS = DATA / "models"
DEFAULT_CORPUS = RAW / "soleimani-2020"
DEFAULT_MANIFEST = DEFAULT_CORPUS / "manifest.csv"


def project_path(path: str | Path) -> Path:
    """Resolve ``path`` against the project root unless it is already absolute."""
    path = Path(path)
    return path if path.is_absolute() else (ROOT / path).resolve()


def relative_to_root(path: str | Path) -> str:
    """Show ``path`` relative to the project root (stable across machines), else as given."""
    path = Path(path).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def cache_dir() -> Path | None:
    """Where parses, stage results and run records are cached: ``$NEWSBIAS_CACHE_DIR`` (``off`` disables the
    cache), else ``.cache/parses``."""
    setting = os.environ.get("NEWSBIAS_CACHE_DIR", "")
    if setting.lower() == "off":
        return None
    return Path(setting) if setting else ROOT / ".cache" / "parses"


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read once per process for a given size and modification time."""
    status = path.stat()
    return _content_digest(str(path.resolve()), status.st_size, status.st_mtime_ns)


@lru_cache(maxsize=65536)
def _content_digest(path: str, size: int, modified_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def models_version() -> str:
    """SHA-256 of the trained models' files (:data:`MODELS`, by path relative to it and content): retraining a model
    (``make train-sentiment``, ``make train-tone``) changes the stored results that depend on it, as a code change
    does."""
    digest = hashlib.sha256()
    for path in sorted(path for path in MODELS.rglob("*") if path.is_file()) if MODELS.is_dir() else []:
        digest.update(f"{path.relative_to(MODELS).as_posix()}\x00{file_digest(path)}\x00".encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """SHA-256 of the package's source files: a code change invalidates every stored result and run record."""
    digest = hashlib.sha256()
    package = ROOT / "lib" / "newsbias"
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def is_table(path: Path) -> bool:
    """Whether a corpus path is a table of articles (JSON lines, or a CSV without a ``path`` column) rather than a
    manifest (a CSV whose ``path`` column names the article files)."""
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        return True
    if suffix != ".csv" or not path.is_file():
        return False
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        header = [c.strip() for c in next(csv.reader(handle), [])]
    return "path" not in header
