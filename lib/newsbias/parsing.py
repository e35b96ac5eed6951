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

Nothing holds a whole corpus's parses: :func:`parse_iter` streams them, :class:`SentenceDocs` loads a
chunk of articles at a time, and :func:`map_articles` runs a per-article stage over chunks of articles,
here or on Dask workers.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import sqlite3
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from spacy.language import Language
from spacy.tokens import Doc
from tqdm.auto import tqdm

from newsbias import paths
from newsbias.errors import NewsbiasError

ENGINES = ("local", "dask")
BATCH_SIZE = 64
# Texts per Dask task: large enough that loading the pipeline on a worker is amortised.
DASK_CHUNK = 200
# Texts read from or written to the cache at once while streaming.
CACHE_WINDOW = 500
# Articles per chunk of a per-article stage (and per Dask task): bounds the documents held at once.
ARTICLE_CHUNK = 50


def _chunks(items: list, size: int) -> list[list]:
    """``items`` in consecutive lists of ``size`` (the last may be shorter)."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def _rows_of(frame: pd.DataFrame, positions: dict, articles: list[str]) -> pd.DataFrame:
    """The rows of ``frame`` for ``articles``, in their order; ``positions`` is ``frame.groupby('article_id').indices``."""
    empty = np.array([], dtype=int)
    return frame.iloc[np.concatenate([positions.get(a, empty) for a in articles] or [empty])]


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

    def _rows(self, columns: str, keys: list[str]) -> Iterator[tuple]:
        """``columns`` of the stored rows among ``keys``, asked for 500 keys at a time."""
        with closing(self._connect()) as connection:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                yield from connection.execute(f"SELECT {columns} FROM docs WHERE key IN ({','.join('?' * len(chunk))})", chunk)

    def get(self, keys: list[str]) -> dict[str, bytes]:
        return dict(self._rows("key, doc", keys))

    def put(self, items: Iterable[tuple[str, bytes]]) -> None:
        with closing(self._connect()) as connection, connection:
            connection.executemany("INSERT OR IGNORE INTO docs (key, doc) VALUES (?, ?)", items)

    def present(self, keys: list[str]) -> set[str]:
        """Which of ``keys`` are stored (without reading the documents)."""
        return {key for (key,) in self._rows("key", keys)}


@lru_cache(maxsize=1)
def _msgpack_hook():
    """srsly's msgpack decoders (numpy arrays and the like), chained once.

    ``Doc.from_bytes`` is ``Doc.from_dict(srsly.msgpack_loads(data))``, and srsly rebuilds this chain from
    its registry on every call, which costs more than decoding a paragraph. Building it once and
    calling srsly's own unpacker with it gives the same dictionary.
    """
    import functools

    from srsly.msgpack import msgpack_decoders

    hook = None
    for decoder in msgpack_decoders.get_all().values():
        hook = functools.partial(decoder, chain=hook)
    return hook


def doc_from_bytes(vocab, data: bytes) -> Doc:
    """``Doc(vocab).from_bytes(data)``, without srsly's per-call registry lookup (see :func:`_msgpack_hook`)."""
    try:
        from srsly.msgpack._unpacker import unpackb
    except ImportError:  # pragma: no cover - a future srsly without the private unpacker
        return Doc(vocab).from_bytes(data)
    return Doc(vocab).from_dict(unpackb(data, raw=False, use_list=True, object_hook=_msgpack_hook()))


@lru_cache(maxsize=2)
def _worker_pipeline(name: str) -> Language:
    from newsbias import nlp as nlp_mod

    return nlp_mod.load_model(name)


def model_name(nlp: Language) -> str:
    """The installed package a pipeline was loaded from, for loading the same pipeline on a Dask worker."""
    from newsbias import nlp as nlp_mod

    return nlp.meta.get("newsbias_package") or nlp_mod.resolve_model_name(f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}")


def _parse_chunk(texts: list[str], model_name: str) -> list[bytes]:
    """Dask task: parse texts on a worker and return them serialised."""
    pipeline = _worker_pipeline(model_name)
    return [doc.to_bytes() for doc in pipeline.pipe(texts, batch_size=BATCH_SIZE)]


_CLIENTS: dict[str, object] = {}


def dask_client(scheduler: str | None = None):
    """A Dask client for the scheduler at ``scheduler`` or ``$NEWSBIAS_DASK_SCHEDULER``, else a ``LocalCluster``.

    The local cluster (``$NEWSBIAS_DASK_WORKERS`` single-threaded worker processes, default one per core) is
    started once per Python process and reused by every stage, so each worker loads the pipeline once.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as problem:  # pragma: no cover - dask is a requirement
        raise NewsbiasError("engine='dask' needs dask[distributed] installed (it is in requirements.txt).") from problem
    address = scheduler or os.environ.get("NEWSBIAS_DASK_SCHEDULER") or ""
    client = _CLIENTS.get(address)
    if client is not None and client.status == "running":
        return client
    if address:
        client = Client(address)
    else:
        workers = int(os.environ.get("NEWSBIAS_DASK_WORKERS", "0")) or os.cpu_count() or 1
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        atexit.register(_close, client, cluster)
    _CLIENTS[address] = client
    return client


def _close(client, cluster) -> None:
    client.close()
    cluster.close()


def _in_order(client, task: Callable, chunks: Iterable, in_flight: int, **kwargs) -> Iterator:
    """Results of ``task(chunk, **kwargs)`` on Dask, in the order of ``chunks``, with a bounded number in flight."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(client.submit(task, chunk, pure=False, **kwargs))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _in_flight(client) -> int:
    return 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 1


def _parsed_stream(texts: list[str], nlp: Language, engine: str, scheduler: str | None, n_process: int) -> Iterator[Doc]:
    """Parse ``texts`` in order, streaming: on this machine (``nlp.pipe``) or on Dask, in chunks."""
    if engine == "local":
        yield from nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=n_process)
        return
    client = dask_client(scheduler)
    chunks = _chunks(texts, DASK_CHUNK)
    for result in _in_order(client, _parse_chunk, chunks, _in_flight(client), model_name=model_name(nlp)):
        yield from (doc_from_bytes(nlp.vocab, data) for data in result)


def _check_engine(engine: str | None) -> str:
    engine = engine or os.environ.get("NEWSBIAS_ENGINE", "local")
    if engine not in ENGINES:
        raise NewsbiasError(f"unknown engine {engine!r}; choose one of {list(ENGINES)} (or set NEWSBIAS_ENGINE).")
    return engine


def parse_iter(texts: list[str], nlp: Language, progress: bool = True, engine: str | None = None,
               scheduler: str | None = None, n_process: int = 1, desc: str = "parsing") -> Iterator[Doc]:
    """One parsed document per text, in order, streamed: read from the cache or parsed (and stored) as needed.

    Only the documents in flight are held in memory, so a corpus of any size is parsed in bounded memory.
    """
    engine = _check_engine(engine)
    pipeline = pipeline_id(nlp)
    keys = [_key(pipeline, text) for text in texts]
    folder = cache_dir()
    cache = ParseCache(folder) if folder is not None else None
    stored = cache.present(sorted(set(keys))) if cache is not None else set()
    remaining = Counter(keys)
    missing, seen = [], set()
    for text, key in zip(texts, keys):
        if key not in stored and key not in seen:
            seen.add(key)
            missing.append(text)
    parsed = _parsed_stream(missing, nlp, engine, scheduler, n_process) if missing else iter(())
    repeated: dict[str, Doc] = {}  # parsed here and needed again further on
    bar = tqdm(total=len(texts), desc=desc, unit="text", disable=not progress)
    for window in range(0, len(texts), CACHE_WINDOW):
        window_keys = keys[window:window + CACHE_WINDOW]
        loaded = cache.get(sorted({k for k in window_keys if k in stored})) if cache is not None else {}
        docs, writes = [], []
        for key in window_keys:
            remaining[key] -= 1
            if key in loaded:
                doc = doc_from_bytes(nlp.vocab, loaded[key])
            elif key in repeated:
                doc = repeated.pop(key) if remaining[key] == 0 else repeated[key]
            else:
                doc = next(parsed)
                writes.append((key, doc.to_bytes()))
                if remaining[key]:
                    repeated[key] = doc
            docs.append(doc)
            bar.update(1)
        # Stored before the window is handed on, so a consumer that stops early loses nothing.
        if cache is not None and writes:
            cache.put(writes)
        yield from docs
    bar.close()


def parse(texts: list[str], nlp: Language, progress: bool = True, engine: str | None = None,
          scheduler: str | None = None, n_process: int = 1, desc: str = "parsing") -> list[Doc]:
    """One parsed document per text (in order), each text parsed at most once across calls and processes."""
    return list(parse_iter(texts, nlp, progress, engine, scheduler, n_process, desc))


# --- Sentences from their paragraphs' parses, streamed by chunks of articles -----------------------


def _content_block_docs(sentences: pd.DataFrame, blocks: pd.DataFrame, nlp: Language) -> tuple[dict, dict]:
    """The parse (from the cache, or parsed) and start of every content block ``sentences`` point at."""
    from newsbias.blocks import CONTENT_KINDS

    content = blocks[blocks["kind"].isin(CONTENT_KINDS)]
    wanted = content.merge(sentences[["article_id", "block_id"]].drop_duplicates(), on=["article_id", "block_id"])
    parsed = dict(zip(zip(wanted["article_id"], wanted["block_id"]), parse(wanted["text"].tolist(), nlp, progress=False)))
    return parsed, dict(zip(zip(content["article_id"], content["block_id"]), content["start_char"]))


def _cut(parsed: dict, block_start: dict, article_id: str, sentence_id: int, block_id: int, start: int, end: int) -> Doc:
    doc = parsed.get((article_id, block_id))
    if doc is None:
        raise NewsbiasError(f"sentence {sentence_id} of article '{article_id}' points at block {block_id}, "
                            "which is not a content block of the blocks table; rerun notebook 01.")
    offset = block_start[(article_id, block_id)]
    return doc.char_span(start - offset, end - offset, alignment_mode="expand").as_doc()


def cut_sentences(sentences: pd.DataFrame, blocks: pd.DataFrame, nlp: Language) -> dict[tuple[str, int], Doc]:
    """Each sentence as its own document, cut from its block's parse (read from the cache or parsed)."""
    parsed, block_start = _content_block_docs(sentences, blocks, nlp)
    return {(a, i): _cut(parsed, block_start, a, i, b, s, e)
            for a, i, b, s, e in zip(sentences["article_id"], sentences["sentence_id"], sentences["block_id"],
                                     sentences["start_char"], sentences["end_char"])}


class SentenceDocs(Mapping):
    """``(article_id, sentence_id) -> Doc`` for every sentence, loaded lazily by chunks of articles.

    Behaves like a dict, but holds only the last few chunks of articles in memory: a stage that walks
    the sentences in article order streams through the corpus. ``sentences`` and ``blocks`` are kept,
    so that a stage can send the same work to Dask workers (:func:`map_articles`).
    """

    def __init__(self, sentences: pd.DataFrame, blocks: pd.DataFrame, nlp: Language, chunk_articles: int = ARTICLE_CHUNK,
                 keep_chunks: int = 2):
        self.sentences = sentences[["article_id", "sentence_id", "block_id", "start_char", "end_char"]]
        self.blocks = blocks
        self.nlp = nlp
        self._chunks = _chunks(list(dict.fromkeys(self.sentences["article_id"])), chunk_articles)
        self._chunk_of = {a: number for number, chunk in enumerate(self._chunks) for a in chunk}
        self._rows = self.sentences.groupby("article_id", sort=False).indices
        self._where = {(a, i): (b, s, e) for a, i, b, s, e in zip(self.sentences["article_id"], self.sentences["sentence_id"],
                                                                  self.sentences["block_id"], self.sentences["start_char"],
                                                                  self.sentences["end_char"])}
        self._loaded: OrderedDict[int, tuple[dict, dict, dict]] = OrderedDict()
        self._keep = keep_chunks

    def __getitem__(self, key: tuple[str, int]) -> Doc:
        if key not in self._where:
            raise KeyError(key)
        number = self._chunk_of[key[0]]
        if number not in self._loaded:
            chunk = self._chunks[number]
            rows = _rows_of(self.sentences, self._rows, chunk)
            self._loaded[number] = (*_content_block_docs(rows, self.blocks[self.blocks["article_id"].isin(chunk)], self.nlp), {})
            while len(self._loaded) > self._keep:
                self._loaded.popitem(last=False)
        self._loaded.move_to_end(number)
        parsed, block_start, cut = self._loaded[number]
        if key not in cut:  # cut on first use: stages that need a few sentences do not pay for all
            cut[key] = _cut(parsed, block_start, *key, *self._where[key])
        return cut[key]

    def __contains__(self, key) -> bool:
        return key in self._where

    def __iter__(self):
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


def sentence_docs(sentences, blocks, nlp: Language, progress: bool = True, **options) -> SentenceDocs:
    """Each sentence as its own document, cut from its block's parse: ``(article_id, sentence_id) -> Doc``.

    Needs ``sentences`` (``article_id, sentence_id, block_id, start_char, end_char``) and ``blocks``.
    Every block is parsed (or found in the cache) first; the sentences are then loaded lazily, a chunk
    of articles at a time (:class:`SentenceDocs`).
    """
    from newsbias.blocks import CONTENT_KINDS

    content = blocks[blocks["kind"].isin(CONTENT_KINDS)]
    ensure_parsed(content["text"].tolist(), nlp, progress, **options)
    return SentenceDocs(sentences, blocks, nlp)


def ensure_parsed(texts: list[str], nlp: Language, progress: bool = True, **options) -> int:
    """Parse and store whichever of ``texts`` the cache lacks, holding nothing; returns how many were parsed.

    With the cache switched off there is nowhere to keep parses, so nothing is done here.
    """
    folder = cache_dir()
    if folder is None:
        return 0
    pipeline = pipeline_id(nlp)
    keys = {_key(pipeline, text): text for text in texts}
    stored = ParseCache(folder).present(sorted(keys))
    missing = [text for key, text in keys.items() if key not in stored]
    for _ in parse_iter(missing, nlp, progress, **options):
        pass
    return len(missing)


# --- Per-article stages, on this machine or on Dask ------------------------------------------------


def _run_chunk(frames: dict[str, pd.DataFrame], function: Callable, model_name: str, stage_options: dict) -> pd.DataFrame:
    """Dask task: one chunk of articles through a stage, with the worker's own copy of the pipeline."""
    return function(frames, _worker_pipeline(model_name), **stage_options)


def map_articles(function: Callable, frames: dict[str, pd.DataFrame], nlp: Language, *, engine: str | None = None,
                 scheduler: str | None = None, progress: bool = True, desc: str = "articles",
                 chunk_articles: int = ARTICLE_CHUNK, **kwargs) -> pd.DataFrame:
    """Run a per-article stage over chunks of articles and concatenate its tables in article order.

    ``function(frames, nlp, **kwargs)`` gets ``frames`` cut down to one chunk's articles (each frame has an
    ``article_id`` column) and returns a table. With ``engine='dask'`` the chunks run on Dask workers
    (each loads the pipeline once and reads the parse cache, parsing what is not there); the result is
    identical to the local engine's.
    """
    engine = _check_engine(engine)
    articles = list(dict.fromkeys(a for frame in frames.values() for a in frame["article_id"]))
    indices = {name: frame.groupby("article_id", sort=False).indices for name, frame in frames.items()}

    def cut(chunk: list[str]) -> dict[str, pd.DataFrame]:
        return {name: _rows_of(frame, indices[name], chunk) for name, frame in frames.items()}

    chunks = _chunks(articles, chunk_articles)
    bar = tqdm(total=len(articles), desc=desc, unit="article", disable=not progress)
    results = []
    if engine == "local":
        for chunk in chunks:
            results.append(function(cut(chunk), nlp, **kwargs))
            bar.update(len(chunk))
    else:
        client = dask_client(scheduler)
        tasks = (cut(chunk) for chunk in chunks)
        for chunk, result in zip(chunks, _in_order(client, _run_chunk, tasks, _in_flight(client), function=function,
                                                   model_name=model_name(nlp), stage_options=kwargs)):
            results.append(result)
            bar.update(len(chunk))
    bar.close()
    if not results:
        return function(cut([]), nlp, **kwargs)
    return pd.concat(results, ignore_index=True)
