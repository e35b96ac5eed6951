"""Stage 1, ingestion: a manifest of articles in; typed blocks and sentences out.

:func:`ingest` reads and validates the manifest (:func:`read_manifest`), decodes
each file (:func:`decode_bytes`), normalises Unicode reversibly
(:mod:`newsbias.normalise`), splits the text into typed blocks
(:mod:`newsbias.blocks`) and the content blocks into sentences with spaCy. It
returns the tables declared in :mod:`newsbias.tables`; :func:`write_ingestion`
writes them. The ``ingestion_report`` accounts for every manifest row and every
file in the corpus folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Literal

import charset_normalizer
from charset_normalizer.md import mess_ratio
import pandas as pd
from tqdm.auto import tqdm

from newsbias import blocks as blocks_mod
from newsbias import corpus as corpus_mod
from newsbias import nlp as nlp_mod
from newsbias import parsing
from newsbias.errors import NewsbiasError
from newsbias.normalise import Edit, normalise_text
from newsbias.tables import TABLES, write_table

REQUIRED_COLUMNS = ("article_id", "outlet", "date", "title", "url", "path")
# Columns that must not be blank in any row.
NONEMPTY_COLUMNS = ("article_id", "outlet", "path")
# Files larger than this are refused (a news article is rarely over 200 kB of text).
MAX_FILE_BYTES = 5_000_000
# Share of control characters above which a decoded file is treated as binary.
BINARY_CONTROL_SHARE = 0.01
_DOC_FILE = re.compile(r"^(readme|license|licence|notice|copying|changelog|authors)(\.\w+)?$", re.IGNORECASE)
_WORDLESS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

OnBadRecord = Literal["raise", "set_aside"]


class RecordProblem(NewsbiasError):
    """A manifest row whose file cannot be ingested (missing, empty, binary, undecodable, too large)."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


@dataclass
class Decoded:
    """A file's text and how it was decoded."""

    text: str
    encoding: str
    note: str = ""


@dataclass
class Ingested:
    """The tables ingestion produces, one DataFrame each (columns in :data:`newsbias.tables.TABLES`)."""

    articles: pd.DataFrame
    texts: pd.DataFrame
    normalisation: pd.DataFrame
    blocks: pd.DataFrame
    sentences: pd.DataFrame
    ingestion_report: pd.DataFrame
    model: str = ""
    tables: tuple[str, ...] = field(default=("articles", "texts", "normalisation", "blocks", "sentences", "ingestion_report"))


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


def decode_bytes(data: bytes, source: str) -> Decoded:
    """Decode a file's bytes: UTF-8 (with or without BOM) first, then a detected encoding, recorded.

    Raises :class:`RecordProblem` for empty, whitespace-only, binary or undecodable files.
    """
    if not data.strip():
        raise RecordProblem(source, "the file is empty or holds only whitespace")
    for bom, encoding in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _checked(Decoded(data.decode(encoding), encoding, "UTF-16 byte-order mark"), source)
    if b"\x00" in data:
        raise RecordProblem(source, "the file is binary (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        return _checked(Decoded(text, encoding), source)
    except UnicodeDecodeError as error:
        utf8_error = f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None:
        raise RecordProblem(source, f"the file is {utf8_error} and no text encoding fits it; is it binary?")
    # Single-byte Latin encodings often fit equally well (cp1250 and cp1252 share most letters).
    # Then take windows-1252, the web's default legacy encoding (WHATWG), and say so.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and guess.encoding != "cp1252" and mess_ratio(western) <= guess.chaos + 0.01:
        note = f"{utf8_error}; decoded as cp1252 (the web's default legacy encoding; detector also fits {guess.encoding})"
        return _checked(Decoded(western, "cp1252", note), source)
    return _checked(Decoded(str(guess), guess.encoding, f"{utf8_error}; decoded as {guess.encoding} (detected)"), source)


def _checked(decoded: Decoded, source: str) -> Decoded:
    if not decoded.text.strip():
        raise RecordProblem(source, "the file is empty or holds only whitespace")
    controls = len(_WORDLESS.findall(decoded.text))
    if controls > BINARY_CONTROL_SHARE * len(decoded.text):
        raise RecordProblem(source, f"the file looks binary ({controls} control characters in {len(decoded.text)}), not text")
    return decoded


def read_article_file(path: Path, source: str, max_bytes: int = MAX_FILE_BYTES) -> Decoded:
    """Read and decode one article file, raising :class:`RecordProblem` with the reason if it cannot be used."""
    if not path.is_file():
        raise RecordProblem(source, f"the file does not exist (looked for {path})")
    size = path.stat().st_size
    if size > max_bytes:
        raise RecordProblem(
            source, f"the file is {size:,} bytes, over the limit of {max_bytes:,}; raise it with max_file_bytes=..."
        )
    return decode_bytes(path.read_bytes(), source)


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


def ingest(
    corpus_path: str | Path,
    model: str | None = None,
    on_bad_record: OnBadRecord = "raise",
    max_file_bytes: int = MAX_FILE_BYTES,
    progress: bool = True,
    columns: dict[str, str] | None = None,
    engine: str | None = None,
    scheduler: str | None = None,
    n_process: int = 1,
) -> Ingested:
    """Run ingestion over a corpus; return its tables.

    ``corpus_path`` is a manifest CSV (a folder of ``.txt``/``.md``/``.html`` files) or a table of
    articles (``.jsonl``, or a ``.csv`` with a text column; ``columns`` renames its fields, see
    :mod:`newsbias.corpus`). Parsing runs on ``engine`` ('local' with ``n_process`` processes, or 'dask'
    at ``scheduler``; see :mod:`newsbias.parsing`). ``on_bad_record='raise'`` (the default) stops at the first unusable record
    with an error naming it; ``'set_aside'`` keeps the good records and reports the others in
    ``ingestion_report`` with the reason. Two articles with the same text are flagged: within one
    outlet the later is set aside as a duplicate; across outlets both are kept (a syndicated copy).
    """
    if on_bad_record not in ("raise", "set_aside"):
        raise NewsbiasError(f"on_bad_record must be 'raise' or 'set_aside', not {on_bad_record!r}.")
    corpus_path = Path(corpus_path)
    if corpus_mod.is_table(corpus_path):
        records, report = corpus_mod.read_table(corpus_path, columns, max_file_bytes)
        if on_bad_record == "raise" and report:
            first = report[0]
            raise NewsbiasError(f"{corpus_path}: {first['source']}: {first['reason']}. Fix the record, or ingest with "
                                f"on_bad_record='set_aside' to keep the good ones ({len(report)} record(s) have problems).")
        records, repeated = _unique_ids(records)
        report += repeated
    else:
        if columns:
            raise NewsbiasError(f"columns= applies to JSON-lines or CSV tables of articles, not to the manifest {corpus_path}.")
        records, report = _read_folder(corpus_path, on_bad_record, max_file_bytes)
    articles: list[dict] = []
    for record in records:
        text, edits = normalise_text(record.text)
        articles.append({"row": record.row, "decoded": Decoded(record.text, record.encoding, record.note), "text": text, "edits": edits})
    articles, report = _flag_duplicates(articles, report)
    if not articles:
        raise NewsbiasError(f"corpus {corpus_path}: no article could be ingested; see the reasons: {report}")
    nlp = nlp_mod.load_model(model)
    return _build_tables(articles, report, nlp, progress, engine=engine, scheduler=scheduler, n_process=n_process)


def _read_folder(manifest_path: Path, on_bad_record: OnBadRecord, max_file_bytes: int) -> tuple[list, list[dict]]:
    """The records of a folder corpus described by a manifest, and the report rows of its bad ones."""
    manifest = read_manifest(manifest_path)
    folder = manifest_path.parent
    report: list[dict[str, str]] = []
    records = []
    for row in manifest.itertuples(index=False):
        source = row.path
        try:
            decoded = read_article_file(folder / row.path, source, max_file_bytes)
            text, title, date, note = decoded.text, row.title, row.date, decoded.note
            if Path(row.path).suffix.lower() in corpus_mod.HTML_SUFFIXES or corpus_mod.looks_like_html(decoded.text):
                text, page_title, page_date = corpus_mod.html_to_article(decoded.text, source)
                title, date = title or page_title, date or page_date
                note = "; ".join(n for n in (note, "main text extracted from HTML (trafilatura)") if n)
        except (RecordProblem, corpus_mod.BadRecord) as problem:
            if on_bad_record == "raise":
                raise NewsbiasError(
                    f"{folder / row.path} (manifest {manifest_path}, line {row.manifest_row}, article '{row.article_id}'): "
                    f"{problem.problem}. Fix or remove the row, or ingest with on_bad_record='set_aside'."
                ) from problem
            report.append({"source": source, "article_id": row.article_id, "status": "set_aside", "reason": problem.problem})
            continue
        fields = SimpleNamespace(article_id=row.article_id, outlet=row.outlet, date=date, title=title, url=row.url, path=row.path)
        records.append(corpus_mod.Record(fields, text, decoded.encoding, note))
    listed = {(folder / p).resolve() for p in manifest["path"]}
    for source, reason in unlisted_files(manifest_path, listed):
        report.append({"source": source, "article_id": "", "status": "unlisted", "reason": reason})
    return records, report


def _unique_ids(records: list) -> tuple[list, list[dict]]:
    """Set aside records whose article_id repeats an earlier one's."""
    seen: dict[str, str] = {}
    kept, report = [], []
    for record in records:
        if record.row.article_id in seen:
            report.append({"source": record.row.path, "article_id": record.row.article_id, "status": "set_aside",
                           "reason": f"article_id '{record.row.article_id}' repeats {seen[record.row.article_id]}"})
            continue
        seen[record.row.article_id] = record.row.path
        kept.append(record)
    return kept, report


def _flag_duplicates(articles: list[dict], report: list[dict]) -> tuple[list[dict], list[dict]]:
    """Same normalised text twice: a duplicate within an outlet is set aside; across outlets, kept and flagged."""
    first_of: dict[str, dict] = {}
    kept = []
    for article in articles:
        key = " ".join(article["text"].split())
        row = article["row"]
        earlier = first_of.get(key)
        note = article["decoded"].note or (f"{len(article['edits'])} normalisation edit(s)" if article["edits"] else "")
        if earlier is not None and earlier["row"].outlet == row.outlet:
            report.append({"source": row.path, "article_id": row.article_id, "status": "set_aside",
                           "reason": f"duplicate: same text as article '{earlier['row'].article_id}' of the same outlet"})
            continue
        if earlier is not None:
            note = "; ".join(n for n in (note, f"same text as article '{earlier['row'].article_id}' of {earlier['row'].outlet}: "
                                         "a syndicated copy, kept for both outlets") if n)
        first_of.setdefault(key, article)
        kept.append(article)
        report.append({"source": row.path, "article_id": row.article_id, "status": "ingested", "reason": note})
    return kept, _in_input_order(report)


def _in_input_order(report: list[dict]) -> list[dict]:
    """Ingested and set-aside records in the order of the input (file order, or line order), unlisted files last."""
    def key(row: dict):
        match = re.search(r":(?:line|row) (\d+)$", row["source"])
        return (row["status"] == "unlisted", int(match.group(1)) if match else 0, row["source"])

    return sorted(report, key=key)


def _build_tables(articles: list[dict], report: list[dict], nlp, progress: bool, **parse_options) -> Ingested:
    block_rows, edit_rows = [], []
    for article in articles:
        article_id = article["row"].article_id
        for block_id, block in enumerate(blocks_mod.segment(article["text"], article["row"].title)):
            block_rows.append(
                {"article_id": article_id, "block_id": block_id, "kind": block.kind, "text": block.text,
                 "start_char": block.start, "end_char": block.end, "line": block.line, "reason": block.reason}
            )
        edit_rows += [_edit_row(article_id, edit) for edit in article["edits"]]
    blocks = pd.DataFrame(block_rows, columns=list(TABLES["blocks"]))
    sentences = split_sentences(blocks, nlp, progress, **parse_options)
    articles_frame = _articles_table(articles, blocks, sentences)
    texts = pd.DataFrame({"article_id": [a["row"].article_id for a in articles], "text": [a["text"] for a in articles]})
    normalisation = pd.DataFrame(edit_rows, columns=list(TABLES["normalisation"]))
    report_frame = pd.DataFrame(report, columns=list(TABLES["ingestion_report"]))
    return Ingested(articles_frame, texts, normalisation, blocks, sentences, report_frame, nlp_mod.model_label(nlp))


def _edit_row(article_id: str, edit: Edit) -> dict:
    return {"article_id": article_id, "start_char": edit.start, "end_char": edit.end,
            "original": edit.original, "replacement": edit.replacement, "reason": edit.reason}


def split_sentences(blocks: pd.DataFrame, nlp, progress: bool = True, **parse_options) -> pd.DataFrame:
    """Split the content blocks (title, subtitle, subheading, caption, body) into sentences with spaCy.

    Needs ``blocks`` columns ``article_id, block_id, kind, text, start_char``; returns the
    ``sentences`` table with offsets into the article's normalised text.
    """
    content = blocks[blocks["kind"].isin(blocks_mod.CONTENT_KINDS)]
    rows = []
    # The full parse of each block, cached: later stages reuse it (newsbias.parsing).
    docs = parsing.parse_iter(content["text"].tolist(), nlp, progress, desc="parsing blocks", **parse_options)  # streamed
    counter: dict[str, int] = {}
    for block, doc in zip(content.itertuples(index=False), docs):
        for sent in doc.sents:
            raw = sent.text
            stripped = raw.strip()
            if not stripped:
                continue
            lead = len(raw) - len(raw.lstrip())
            start = block.start_char + sent.start_char + lead
            sentence_id = counter.get(block.article_id, 0)
            counter[block.article_id] = sentence_id + 1
            rows.append(
                {"article_id": block.article_id, "sentence_id": sentence_id, "block_id": block.block_id,
                 "block_kind": block.kind, "text": stripped, "start_char": start, "end_char": start + len(stripped),
                 "n_words": sum(1 for token in sent if not (token.is_punct or token.is_space))}
            )
    return pd.DataFrame(rows, columns=list(TABLES["sentences"]))


def paragraphs_as_blocks(texts: dict[str, str]) -> pd.DataFrame:
    """A ``blocks`` table that takes every paragraph (text between blank lines) as body text.

    For texts that are known to be article body already, such as evaluation fixtures and
    examples: no boilerplate detection, just the paragraphs with their offsets.
    """
    rows = []
    for article_id, text in texts.items():
        for block_id, match in enumerate(re.finditer(r"\S(?:.*\S)?(?:\n(?!\s*\n).*\S)*", text)):
            line = text.count("\n", 0, match.start()) + 1
            rows.append({"article_id": article_id, "block_id": block_id, "kind": "body", "text": match.group(),
                         "start_char": match.start(), "end_char": match.end(), "line": line, "reason": "given as body text"})
    return pd.DataFrame(rows, columns=list(TABLES["blocks"]))


def _articles_table(articles: list[dict], blocks: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    body = sentences[sentences["block_kind"] == "body"]
    n_words = body.groupby("article_id")["n_words"].sum()
    n_sentences = body.groupby("article_id").size()
    n_blocks = blocks.groupby("article_id").size()
    n_body = blocks[blocks["kind"] == "body"].groupby("article_id").size()
    rows = []
    for article in articles:
        row = article["row"]
        rows.append(
            {"article_id": row.article_id, "outlet": row.outlet, "date": row.date, "title": row.title, "url": row.url,
             "path": row.path, "encoding": article["decoded"].encoding, "n_chars": len(article["text"]),
             "n_blocks": int(n_blocks.get(row.article_id, 0)), "n_body_blocks": int(n_body.get(row.article_id, 0)),
             "n_words": int(n_words.get(row.article_id, 0)), "n_sentences": int(n_sentences.get(row.article_id, 0))}
        )
    return pd.DataFrame(rows, columns=list(TABLES["articles"]))


def write_ingestion(result: Ingested, out_dir: Path) -> list[Path]:
    """Write every ingestion table to ``out_dir`` (parquet and CSV); return the parquet paths."""
    return [write_table(getattr(result, name), name, out_dir) for name in result.tables]


def cleaning_summary(blocks: pd.DataFrame) -> pd.DataFrame:
    """Blocks and characters per kind (in reading order: title … body, boilerplate) and reason.

    Needs ``blocks`` columns ``kind, reason, start_char, end_char``.
    """
    sized = blocks.assign(n_chars=blocks["end_char"] - blocks["start_char"])
    summary = sized.groupby(["kind", "reason"], as_index=False).agg(n_blocks=("kind", "size"), n_chars=("n_chars", "sum"))
    order = {kind: i for i, kind in enumerate(blocks_mod.KINDS)}
    return summary.sort_values(["kind", "reason"], key=lambda c: c.map(order) if c.name == "kind" else c).reset_index(drop=True)


def normalisation_summary(normalisation: pd.DataFrame) -> pd.DataFrame:
    """Edits per article, rule and original characters (shown as code points, since most are invisible)."""
    codepoints = normalisation["original"].map(lambda s: " ".join(f"U+{ord(c):04X}" for c in s))
    summary = normalisation.assign(original=codepoints).groupby(["article_id", "reason", "original"], as_index=False)
    return summary.size().rename(columns={"size": "n_edits"})


def coverage_check(texts: pd.DataFrame, blocks: pd.DataFrame) -> pd.DataFrame:
    """Per article: are all characters of all lines in exactly one block, and does each block match its slice?

    Returns ``article_id, n_chars, n_line_breaks, n_in_blocks, n_overlapping, n_mismatched, complete``;
    ``complete`` is true when the blocks and the line breaks between them account for every character once.
    """
    rows = []
    for article_id, text in zip(texts["article_id"], texts["text"]):
        own = blocks[blocks["article_id"] == article_id]
        covered = [0] * len(text)
        mismatched = 0
        for start, end, block_text in zip(own["start_char"], own["end_char"], own["text"]):
            mismatched += text[start:end] != block_text
            for position in range(start, end):
                covered[position] += 1
        breaks = sum(1 for position, char in enumerate(text) if char == "\n" and covered[position] == 0)
        in_blocks = sum(1 for c in covered if c >= 1)
        overlapping = sum(1 for c in covered if c > 1)
        rows.append(
            {"article_id": article_id, "n_chars": len(text), "n_line_breaks": breaks, "n_in_blocks": in_blocks,
             "n_overlapping": overlapping, "n_mismatched": int(mismatched),
             "complete": in_blocks + breaks == len(text) and overlapping == 0 and mismatched == 0}
        )
    return pd.DataFrame(rows)
