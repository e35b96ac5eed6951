"""One parse per text: spaCy documents cached on disk, reused by every stage and notebook.

:func:`parse` returns one spaCy ``Doc`` per text. A document is looked up in a cache keyed by the text
and the pipeline (name, version and components) before anything is parsed; whatever is parsed is
stored. Stages that work on sentences (entities, sentiment, comparison) take them from their
paragraph's parse with :func:`sentence_docs`, so a corpus's text is parsed once, as paragraphs, and the
result never depends on what happens to be in the cache.

The cache is a SQLite file of ``Doc.to_bytes()`` values (spaCy's own msgpack serialisation, not
pickle) under ``.cache/parses/`` in the project, or ``$NEWSBIAS_CACHE_DIR``; set that to ``off`` to
disable it. Parsing runs on this machine (``engine='local'``, spaCy's ``nlp.pipe``, with
``n_process`` processes) or on Dask (``engine='dask'``: a ``LocalCluster`` by default, or the
scheduler at ``scheduler``/``$NEWSBIAS_DASK_SCHEDULER``); ``$NEWSBIAS_ENGINE`` sets the default.
Both give identical documents.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from tqdm.auto import tqdm

from newsbias import paths
from newsbias.errors import NewsbiasError

ENGINES = ("local", "dask")
BATCH_SIZE = 64
# Texts per Dask task: large enough that loading the pipeline on a worker is amortised.
DASK_CHUNK = 200


def cache_dir() -> Path | None:
    """Where parses are cached: ``$NEWSBIAS_CACHE_DIR`` (``off`` disables the cache), else ``.cache/parses``."""
    setting = os.environ.get("NEWSBIAS_CACHE_DIR", "")
    if setting.lower() == "off":
        return None
    return Path(setting) if setting else paths.ROOT / ".cache" / "parses"


def pipeline_id(nlp: Language) -> str:
    """What a parse depends on: the pipeline's name, version and components."""
    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}=={meta.get('version')}|{','.join(nlp.pipe_names)}"


def _key(pipeline: str, text: str) -> str:
    return hashlib.sha256(f"{pipeline}\x00{text}".encode("utf-8")).hexdigest()


class ParseCache:
    """A SQLite table of serialised documents, keyed by pipeline and text."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "parses.sqlite"
        with closing(self._connect()) as connection, connection:
            connection.execute("CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, doc BLOB NOT NULL)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=60)

    def get(self, keys: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        with closing(self._connect()) as connection:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                rows = connection.execute(f"SELECT key, doc FROM docs WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                found.update(rows.fetchall())
        return found

    def put(self, items: Iterable[tuple[str, bytes]]) -> None:
        with closing(self._connect()) as connection, connection:
            connection.executemany("INSERT OR IGNORE INTO docs (key, doc) VALUES (?, ?)", items)


@lru_cache(maxsize=2)
def _worker_pipeline(name: str) -> Language:
    from newsbias import nlp as nlp_mod

    return nlp_mod.load_model(name)


def _parse_chunk(texts: list[str], model_name: str) -> list[bytes]:
    """Dask task: parse texts on a worker and return them serialised."""
    pipeline = _worker_pipeline(model_name)
    return [doc.to_bytes() for doc in pipeline.pipe(texts, batch_size=BATCH_SIZE)]


def _parse_with_dask(texts: list[str], nlp: Language, scheduler: str | None, progress: bool) -> list[Doc]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as problem:  # pragma: no cover - dask is a requirement
        raise NewsbiasError("engine='dask' needs dask[distributed] installed (it is in requirements.txt).") from problem
    from newsbias import nlp as nlp_mod

    model_name = nlp.meta.get("newsbias_package") or nlp_mod.resolve_model_name(f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}")
    address = scheduler or os.environ.get("NEWSBIAS_DASK_SCHEDULER") or None
    chunks = [texts[i:i + DASK_CHUNK] for i in range(0, len(texts), DASK_CHUNK)]
    cluster = None if address else LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        with Client(address or cluster) as client:
            futures = client.map(_parse_chunk, chunks, model_name=model_name, pure=False)
            index = {future.key: i for i, future in enumerate(futures)}
            results: list[list[bytes] | None] = [None] * len(chunks)
            bar = tqdm(total=len(texts), desc="parsing (dask)", unit="text", disable=not progress)
            for future in as_completed(futures):
                position = index[future.key]
                results[position] = future.result()
                bar.update(len(chunks[position]))
            bar.close()
    finally:
        if cluster is not None:
            cluster.close()
    return [Doc(nlp.vocab).from_bytes(data) for chunk in results for data in chunk]


def parse(texts: list[str], nlp: Language, progress: bool = True, engine: str | None = None,
          scheduler: str | None = None, n_process: int = 1, desc: str = "parsing") -> list[Doc]:
    """One parsed document per text (in order), each text parsed at most once across calls and processes."""
    engine = engine or os.environ.get("NEWSBIAS_ENGINE", "local")
    if engine not in ENGINES:
        raise NewsbiasError(f"unknown engine {engine!r}; choose one of {list(ENGINES)} (or set NEWSBIAS_ENGINE).")
    pipeline = pipeline_id(nlp)
    unique = sorted(set(texts))
    keys = {text: _key(pipeline, text) for text in unique}
    folder = cache_dir()
    cache = ParseCache(folder) if folder is not None else None
    stored = cache.get(list(keys.values())) if cache is not None else {}
    docs = {text: Doc(nlp.vocab).from_bytes(stored[keys[text]]) for text in unique if keys[text] in stored}
    missing = [text for text in unique if text not in docs]
    if missing:
        if engine == "dask":
            parsed = _parse_with_dask(missing, nlp, scheduler, progress)
        else:
            parsed = list(tqdm(nlp.pipe(missing, batch_size=BATCH_SIZE, n_process=n_process), total=len(missing),
                               desc=desc, unit="text", disable=not progress))
        docs.update(zip(missing, parsed))
        if cache is not None:
            cache.put((keys[text], doc.to_bytes()) for text, doc in zip(missing, parsed))
    return [docs[text] for text in texts]


def block_docs(blocks, nlp: Language, progress: bool = True, **options) -> dict[tuple[str, int], Doc]:
    """The parse of every content block (title, subtitle, subheading, caption, body): ``(article_id, block_id) -> Doc``."""
    from newsbias.blocks import CONTENT_KINDS

    content = blocks[blocks["kind"].isin(CONTENT_KINDS)]
    docs = parse(content["text"].tolist(), nlp, progress, **options)
    return dict(zip(zip(content["article_id"], content["block_id"]), docs))


def sentence_docs(sentences, blocks, nlp: Language, progress: bool = True, **options) -> dict[tuple[str, int], Doc]:
    """Each sentence as its own document, cut from its block's parse: ``(article_id, sentence_id) -> Doc``.

    Needs ``sentences`` (``article_id, sentence_id, block_id, start_char, end_char``) and ``blocks``.
    """
    parsed = block_docs(blocks, nlp, progress, **options)
    block_start = dict(zip(zip(blocks["article_id"], blocks["block_id"]), blocks["start_char"]))
    found = {}
    for row in sentences.itertuples(index=False):
        doc = parsed.get((row.article_id, row.block_id))
        if doc is None:
            raise NewsbiasError(f"sentence {row.sentence_id} of article '{row.article_id}' points at block {row.block_id}, "
                                "which is not a content block of the blocks table; rerun notebook 01.")
        offset = block_start[(row.article_id, row.block_id)]
        span = doc.char_span(row.start_char - offset, row.end_char - offset, alignment_mode="expand")
        found[(row.article_id, row.sentence_id)] = span.as_doc()
    return found
