"""Stage 1, ingestion: a corpus in; articles, typed blocks and sentences out.

:func:`ingest` reads a corpus (a folder with a manifest, :mod:`newsbias.ingestion.manifest`, or a table of
articles, :mod:`newsbias.ingestion.corpus`), decodes each file (:mod:`newsbias.ingestion.decoding`), normalises
Unicode reversibly (:mod:`newsbias.ingestion.normalise`), splits the text into typed blocks
(:mod:`newsbias.ingestion.blocks`) and the content blocks into sentences with spaCy. It returns the tables
declared in :mod:`newsbias.tables`; :func:`write_ingestion` writes them. The ``ingestion_report`` accounts for
every input record and every file in the corpus folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from newsbias import parsing, spacy_pipeline
from newsbias.engines import default_processes
from newsbias.errors import NewsbiasError
from newsbias.ingestion.blocks import segment
from newsbias.ingestion.corpus import read_article_table
from newsbias.ingestion.decoding import MAX_FILE_BYTES, Decoded
from newsbias.ingestion.language import readable
from newsbias.ingestion.manifest import read_folder
from newsbias.ingestion.metadata import metadata_table
from newsbias.ingestion.normalise import Edit, normalise_text
from newsbias.paths import is_table
from newsbias.tables import CONTENT_KINDS, TABLES, write_table

OnBadRecord = Literal["raise", "set_aside"]


@dataclass
class Ingested:
    """The tables ingestion produces, one DataFrame each (columns in :data:`newsbias.tables.TABLES`)."""

    articles: pd.DataFrame
    texts: pd.DataFrame
    normalisation: pd.DataFrame
    blocks: pd.DataFrame
    sentences: pd.DataFrame
    ingestion_report: pd.DataFrame
    article_metadata: pd.DataFrame
    model: str = ""
    tables: tuple[str, ...] = field(default=("articles", "texts", "normalisation", "blocks", "sentences", "ingestion_report",
                                             "article_metadata"))


def ingest(
    corpus_path: str | Path,
    model: str | None = None,
    on_bad_record: OnBadRecord = "raise",
    max_file_bytes: int = MAX_FILE_BYTES,
    progress: bool = True,
    columns: dict[str, str] | None = None,
    engine: str | None = None,
    scheduler: str | None = None,
    n_process: int | None = None,
    other_languages: str = "set_aside",
) -> Ingested:
    """Run ingestion over a corpus; return its tables.

    ``corpus_path`` is a manifest CSV (a folder of ``.txt``/``.md``/``.html`` files) or a table of
    articles (``.jsonl``, or a ``.csv`` with a text column; ``columns`` renames its fields, see
    :mod:`newsbias.corpus`). Parsing runs on ``engine`` ('local' with ``n_process`` processes, by default
    :func:`newsbias.engines.default_processes`: every core, or ``NEWSBIAS_PROCESSES``; or 'dask'
    at ``scheduler``; see :mod:`newsbias.parsing`). ``on_bad_record='raise'`` (the default) stops at the first unusable record
    with an error naming it; ``'set_aside'`` keeps the good records and reports the others in
    ``ingestion_report`` with the reason. Two articles with the same text are flagged: within one
    outlet the later is set aside as a duplicate; across outlets both are kept (a syndicated copy). An article
    written in another language than the pipeline reads is set aside (``other_languages='set_aside'``, the default)
    or kept (``'keep'``); its language is the ``language`` column of ``articles`` either way.
    """
    if on_bad_record not in ("raise", "set_aside"):
        raise NewsbiasError(f"on_bad_record must be 'raise' or 'set_aside', not {on_bad_record!r}.")
    if other_languages not in ("set_aside", "keep"):
        raise NewsbiasError(f"other_languages must be 'set_aside' or 'keep', not {other_languages!r}.")
    corpus_path = Path(corpus_path)
    if is_table(corpus_path):
        records, report = read_article_table(corpus_path, columns, max_file_bytes)
        if on_bad_record == "raise" and report:
            first = report[0]
            raise NewsbiasError(f"{corpus_path}: {first['source']}: {first['reason']}. Fix the record, or ingest with "
                                f"on_bad_record='set_aside' to keep the good ones ({len(report)} record(s) have problems).")
        records, repeated = _unique_ids(records)
        report += repeated
    else:
        if columns:
            raise NewsbiasError(f"columns= applies to JSON-lines or CSV tables of articles, not to the manifest {corpus_path}.")
        records, report = read_folder(corpus_path, on_bad_record, max_file_bytes)
    articles: list[dict] = []
    nlp = spacy_pipeline.load_model(model)
    for record in records:
        text, edits = normalise_text(record.text)
        ok, language, probability = readable(text, nlp.lang)
        if not ok and other_languages == "set_aside":
            report.append({"source": record.row.path, "article_id": record.row.article_id, "status": "set_aside",
                           "reason": f"written in language '{language}' (probability {probability}); the spaCy pipeline "
                                     f"reads '{nlp.lang}': not analysed"})
            continue
        articles.append({"row": record.row, "decoded": Decoded(record.text, record.encoding, record.note), "text": text,
                         "edits": edits, "metadata": record.metadata, "language": language})
    articles, report = _flag_duplicates(articles, report)
    if not articles:
        raise NewsbiasError(f"corpus {corpus_path}: no article could be ingested; see the reasons: {report}")
    return _build_tables(articles, report, nlp, progress, engine=engine, scheduler=scheduler,
                         n_process=n_process or default_processes())


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
        for block_id, block in enumerate(segment(article["text"], article["row"].title)):
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
    metadata = metadata_table([(a["row"].article_id, a.get("metadata") or {}) for a in articles])
    return Ingested(articles_frame, texts, normalisation, blocks, sentences, report_frame, metadata,
                    spacy_pipeline.model_label(nlp))


def _edit_row(article_id: str, edit: Edit) -> dict:
    return {"article_id": article_id, "start_char": edit.start, "end_char": edit.end,
            "original": edit.original, "replacement": edit.replacement, "reason": edit.reason}


def split_sentences(blocks: pd.DataFrame, nlp, progress: bool = True, **parse_options) -> pd.DataFrame:
    """Split the content blocks (title, subtitle, subheading, caption, body) into sentences with spaCy.

    Needs ``blocks`` columns ``article_id, block_id, kind, text, start_char``; returns the
    ``sentences`` table with offsets into the article's normalised text.
    """
    content = blocks[blocks["kind"].isin(CONTENT_KINDS)]
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
             "path": row.path, "encoding": article["decoded"].encoding, "language": article.get("language", ""),
             "n_chars": len(article["text"]),
             "n_blocks": int(n_blocks.get(row.article_id, 0)), "n_body_blocks": int(n_body.get(row.article_id, 0)),
             "n_words": int(n_words.get(row.article_id, 0)), "n_sentences": int(n_sentences.get(row.article_id, 0))}
        )
    return pd.DataFrame(rows, columns=list(TABLES["articles"]))


def write_ingestion(result: Ingested, out_dir: Path) -> list[Path]:
    """Write every ingestion table to ``out_dir`` (parquet and CSV); return the parquet paths."""
    return [write_table(getattr(result, name), name, out_dir) for name in result.tables]
