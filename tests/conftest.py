"""Fixtures that build small corpora on disk, so that tests never depend on ../shared."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from newsbias import paths, spacy_pipeline

MANIFEST_COLUMNS = ["article_id", "outlet", "date", "title", "url", "path"]


def write_corpus(folder: Path, articles: dict[str, str | bytes], rows: list[dict] | None = None) -> Path:
    """Write article files and a manifest listing them (or the given ``rows``); return the manifest path."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in articles.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if rows is None:
        rows = [
            {"article_id": Path(name).stem, "outlet": f"Outlet {i}", "date": "2021-03-0%d" % (i + 1), "title": "",
             "url": f"https://example.org/{i}", "path": name}
            for i, name in enumerate(sorted(articles))
        ]
    manifest = folder / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else MANIFEST_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return manifest


@pytest.fixture(scope="session", autouse=True)
def parse_cache(tmp_path_factory):
    """Tests cache parses in their own folder, never in the project's .cache (kernels started by tests inherit it)."""
    import os

    folder = tmp_path_factory.mktemp("parses")
    previous = os.environ.get("NEWSBIAS_CACHE_DIR")
    os.environ["NEWSBIAS_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("NEWSBIAS_CACHE_DIR", None)
    else:
        os.environ["NEWSBIAS_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def spacy_model():
    return spacy_pipeline.load_model()


@pytest.fixture
def corpus(tmp_path):
    """A callable that writes a corpus under tmp_path and returns its manifest path."""

    def make(articles, rows=None, folder="corpus"):
        return write_corpus(tmp_path / folder, articles, rows)

    return make


def doc_rows(page: str, header: str) -> list[list[str]]:
    """Rows of the Markdown table whose header line starts with ``header`` in ``page`` (relative to the project root)."""
    lines = (paths.ROOT / page).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows
