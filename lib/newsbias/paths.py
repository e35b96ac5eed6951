"""Every location the suite reads or writes, computed from the package location.

Notebooks run with ``notebooks/`` as their working directory (nbval and JupyterLab
start kernels there), so nothing here depends on the current directory.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"

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
