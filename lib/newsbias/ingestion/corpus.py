"""Reading a corpus in any supported format into article records, accounting for every input record.

Two shapes of corpus:

- a **folder** of ``.txt``, ``.md`` or ``.html`` files with a manifest CSV (``article_id, outlet, date,
  title, url, path``); see :mod:`newsbias.ingestion.manifest`;
- a **table** of articles, one per row: a JSON-lines file (``.jsonl``/``.ndjson``) or a CSV file with a text
  column. Column names are configurable (``columns={"text": "body", "outlet": "source"}``); the defaults are
  :data:`DEFAULT_COLUMNS`. Only ``text`` and ``outlet`` are required; a missing ``article_id`` is made from the
  file name and line.

HTML (a ``.html`` file, or a table text that is an HTML page) is reduced to the article's main text by
trafilatura, offline; the page's title and date fill the manifest's when those are empty.

Every record ends as ``ingested`` or ``set_aside`` with a reason in the ingestion report; a malformed line is
reported with its line number and the good rows are kept (with ``on_bad_record='set_aside'``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from newsbias.errors import BadRecord, NewsbiasError
from newsbias.ingestion.decoding import decode_bytes

DEFAULT_COLUMNS = {"article_id": "article_id", "text": "text", "title": "title", "outlet": "outlet", "date": "date", "url": "url"}
REQUIRED_FIELDS = ("text", "outlet")
TABLE_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_LOOK = re.compile(r"^\s*(?:<!doctype html|<html\b|<head\b|<body\b|<article\b)", re.IGNORECASE)


@dataclass
class Record:
    """One article as read: its manifest-like fields, its text and how it was obtained."""

    row: SimpleNamespace  # article_id, outlet, date, title, url, path
    text: str
    encoding: str
    note: str = ""
    metadata: dict = field(default_factory=dict)  # the record's fields beyond the known ones ("leaning", "event", ...)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_LOOK.match(text[:500]))


def html_to_article(html: str, source: str) -> tuple[str, str, str]:
    """The main text of an HTML page (scripts, styles, navigation and footers dropped), with its title and date."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, include_links=False,
                               include_images=False, deduplicate=False)
    if not text or not text.strip():
        raise BadRecord(source, "no article text found in the HTML page (trafilatura extracted nothing)")
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title or "") if metadata else ""
    date = (metadata.date or "") if metadata else ""
    return text, title, date


def _field(record: dict, columns: dict[str, str], name: str) -> str:
    value = record.get(columns[name], "")
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip() if name != "text" else str(value)


def _record_from_fields(fields: dict, columns: dict[str, str], source: str, default_id: str,
                        max_text_bytes: int) -> Record:
    text = _field(fields, columns, "text")
    if not text.strip():
        raise BadRecord(source, f"the text ('{columns['text']}') is empty")
    size = len(text.encode("utf-8"))
    if size > max_text_bytes:
        raise BadRecord(source, f"the text is {size:,} bytes, over the limit of {max_text_bytes:,}; raise it with max_file_bytes=...")
    outlet = _field(fields, columns, "outlet")
    if not outlet:
        raise BadRecord(source, f"the outlet ('{columns['outlet']}') is empty")
    title, date, note = _field(fields, columns, "title"), _field(fields, columns, "date"), ""
    if looks_like_html(text):
        text, page_title, page_date = html_to_article(text, source)
        title, date = title or page_title, date or page_date
        note = "main text extracted from HTML (trafilatura)"
    row = SimpleNamespace(article_id=_field(fields, columns, "article_id") or default_id, outlet=outlet,
                          date=_checked_date(date, source), title=title, url=_field(fields, columns, "url"), path=source)
    known = set(columns.values())
    return Record(row, text, "utf-8", note, {k: v for k, v in fields.items() if k not in known})


def _checked_date(value: str, source: str) -> str:
    if value and pd.isna(pd.to_datetime(value, format="ISO8601", errors="coerce")):
        raise BadRecord(source, f"date '{value}' is not an ISO 8601 date such as 2020-01-05")
    return value


def read_article_table(path: Path, columns: dict[str, str] | None, max_text_bytes: int) -> tuple[list[Record], list[dict]]:
    """Read a JSON-lines or CSV table of articles: the good records, and a report row for every bad one."""
    mapping = {**DEFAULT_COLUMNS, **(columns or {})}
    unknown = sorted(set(columns or {}) - set(DEFAULT_COLUMNS))
    if unknown:
        raise NewsbiasError(f"columns={columns}: unknown field(s) {unknown}; the fields are {list(DEFAULT_COLUMNS)}.")
    if not path.is_file():
        raise NewsbiasError(f"corpus file {path} does not exist.")
    try:
        text = decode_bytes(path.read_bytes(), path.name).text
    except BadRecord as problem:
        raise NewsbiasError(f"corpus file {path}: {problem.problem}") from problem
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        rows = list(reader)
        present = [c.strip() for c in (reader.fieldnames or [])]
        records = [(number, {k.strip(): v for k, v in row.items() if k is not None}, None) for number, row in enumerate(rows, start=2)]
        unit = "row"
    else:
        records, present = [], set()
        # Lines end at newlines only: str.splitlines would also cut at U+2028 and other separators that JSON
        # written without ASCII escapes (ensure_ascii=False) keeps raw inside an article's text.
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
                if not isinstance(value, dict):
                    raise ValueError(f"a JSON {type(value).__name__}, not an object")
                present |= set(value)
                records.append((number, value, None))
            except (json.JSONDecodeError, ValueError) as problem:
                records.append((number, None, f"not a JSON object ({problem})"))
        present = sorted(present)
        unit = "line"
    missing = [f"'{mapping[f]}' ({f})" for f in REQUIRED_FIELDS if mapping[f] not in present]
    if missing and records:
        raise NewsbiasError(f"corpus file {path}: no column {', '.join(missing)} in any {unit}; it has {list(present)}. "
                            f"Name the columns with columns={{'text': ..., 'outlet': ...}}.")
    good, report = [], []
    for number, fields, problem in records:
        source = f"{path.name}:{unit} {number}"
        try:
            if problem:
                raise BadRecord(source, problem)
            good.append(_record_from_fields(fields, mapping, source, f"{path.stem}-{number:05d}", max_text_bytes))
        except BadRecord as bad:
            report.append({"source": source, "article_id": "", "status": "set_aside", "reason": bad.problem})
    if not records:
        raise NewsbiasError(f"corpus file {path} holds no articles.")
    return good, report
