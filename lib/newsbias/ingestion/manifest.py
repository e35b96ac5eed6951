"""A folder corpus: the manifest CSV that lists its article files, validated, and the files it does not list."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from newsbias.errors import BadRecord, NewsbiasError
from newsbias.ingestion.corpus import HTML_SUFFIXES, Record, html_to_article, looks_like_html
from newsbias.ingestion.decoding import read_article_file

REQUIRED_COLUMNS = ("article_id", "outlet", "date", "title", "url", "path")
# Columns that must not be blank in any row.
NONEMPTY_COLUMNS = ("article_id", "outlet", "path")
_DOC_FILE = re.compile(r"^(readme|license|licence|notice|copying|changelog|authors)(\.\w+)?$", re.IGNORECASE)


def read_manifest(manifest_path: str | Path) -> pd.DataFrame:
    """Read and validate a manifest CSV with columns ``article_id, outlet, date, title, url, path``.

    Paths are relative to the manifest's folder (the corpus folder) and may not leave it.
    Adds a column ``manifest_row`` (the CSV line number, for messages). Extra columns are kept.
    Raises :class:`NewsbiasError` naming the manifest and the problem.
    """
    manifest_path = Path(manifest_path)
    if not manifest_path.is_file():
        raise NewsbiasError(f"manifest {manifest_path} does not exist (expected a CSV with columns {', '.join(REQUIRED_COLUMNS)}).")
    try:
        frame = pd.read_csv(manifest_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise NewsbiasError(f"manifest {manifest_path} is not UTF-8 text ({error.reason} at byte {error.start}); save it as UTF-8.") from error
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise NewsbiasError(f"manifest {manifest_path} is not a readable CSV: {error}") from error
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise NewsbiasError(
            f"manifest {manifest_path} lacks required column(s) {missing}; it has {list(frame.columns)}. "
            f"Required: {list(REQUIRED_COLUMNS)}."
        )
    if frame.empty:
        raise NewsbiasError(f"manifest {manifest_path} lists no articles.")
    frame = frame.assign(**{c: frame[c].str.strip() for c in REQUIRED_COLUMNS}, manifest_row=range(2, len(frame) + 2))
    for column in NONEMPTY_COLUMNS:
        blank = frame.loc[frame[column] == "", "manifest_row"].tolist()
        if blank:
            raise NewsbiasError(f"manifest {manifest_path}: column '{column}' is empty on line(s) {blank}.")
    _check_unique(frame, "article_id", manifest_path)
    _check_unique(frame, "path", manifest_path)
    _check_dates(frame, manifest_path)
    _check_paths(frame, manifest_path)
    return frame


def _check_unique(frame: pd.DataFrame, column: str, manifest_path: Path) -> None:
    repeated = frame[frame[column].duplicated(keep=False)]
    if not repeated.empty:
        detail = "; ".join(
            f"'{value}' on lines {rows['manifest_row'].tolist()}" for value, rows in repeated.groupby(column, sort=True)
        )
        raise NewsbiasError(f"manifest {manifest_path}: duplicate {column}: {detail}. Each row needs its own {column}.")


def _check_dates(frame: pd.DataFrame, manifest_path: Path) -> None:
    for row, value in zip(frame["manifest_row"], frame["date"]):
        if value and pd.isna(pd.to_datetime(value, format="ISO8601", errors="coerce")):
            raise NewsbiasError(f"manifest {manifest_path}, line {row}: date '{value}' is not an ISO 8601 date such as 2020-01-05.")


def _check_paths(frame: pd.DataFrame, manifest_path: Path) -> None:
    folder = manifest_path.parent.resolve()
    for row, value in zip(frame["manifest_row"], frame["path"]):
        candidate = Path(value)
        target = (folder / candidate).resolve()
        if candidate.is_absolute() or not target.is_relative_to(folder):
            raise NewsbiasError(
                f"manifest {manifest_path}, line {row}: path '{value}' leaves the corpus folder {folder}; "
                "paths must be relative and stay inside it."
            )


def unlisted_files(manifest_path: Path, listed: set[Path]) -> list[tuple[str, str]]:
    """Files in the corpus folder the manifest does not name, each with the reason it was not read."""
    folder = manifest_path.parent.resolve()
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        resolved = path.resolve()
        if resolved == manifest_path.resolve() or resolved in listed:
            continue
        source = path.relative_to(folder).as_posix()
        kind = "documentation file" if _DOC_FILE.match(path.name) else "file"
        found.append((source, f"{kind} not listed in the manifest: not ingested"))
    return found


def read_folder(manifest_path: Path, on_bad_record: str, max_file_bytes: int) -> tuple[list, list[dict]]:
    """The records of a folder corpus described by a manifest, and the report rows of its bad ones.

    ``on_bad_record='raise'`` stops at the first unusable row; ``'set_aside'`` reports it and goes on.
    """
    manifest = read_manifest(manifest_path)
    folder = manifest_path.parent
    report: list[dict[str, str]] = []
    records = []
    for values in manifest.to_dict("records"):
        row = SimpleNamespace(**{c: values[c] for c in (*REQUIRED_COLUMNS, "manifest_row")})
        source = row.path
        try:
            decoded = read_article_file(folder / row.path, source, max_file_bytes)
            text, title, date, note = decoded.text, row.title, row.date, decoded.note
            if Path(row.path).suffix.lower() in HTML_SUFFIXES or looks_like_html(decoded.text):
                text, page_title, page_date = html_to_article(decoded.text, source)
                title, date = title or page_title, date or page_date
                note = "; ".join(n for n in (note, "main text extracted from HTML (trafilatura)") if n)
        except (BadRecord) as problem:
            if on_bad_record == "raise":
                raise NewsbiasError(
                    f"{folder / row.path} (manifest {manifest_path}, line {row.manifest_row}, article '{row.article_id}'): "
                    f"{problem.problem}. Fix or remove the row, or ingest with on_bad_record='set_aside'."
                ) from problem
            report.append({"source": source, "article_id": row.article_id, "status": "set_aside", "reason": problem.problem})
            continue
        fields = SimpleNamespace(article_id=row.article_id, outlet=row.outlet, date=date, title=title, url=row.url, path=row.path)
        extra = {c: v for c, v in values.items() if c not in (*REQUIRED_COLUMNS, "manifest_row")}
        records.append(Record(fields, text, decoded.encoding, note, extra))
    listed = {(folder / p).resolve() for p in manifest["path"]}
    for source, reason in unlisted_files(manifest_path, listed):
        report.append({"source": source, "article_id": "", "status": "unlisted", "reason": reason})
    return records, report
