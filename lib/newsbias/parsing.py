"""One parse per text: spaCy documents reused by every stage and notebook.

:func:`parse` returns one spaCy ``Doc`` per text. A document is looked up in the parse cache
(:mod:`newsbias.parse_cache`) before anything is parsed; whatever is parsed is stored. Stages that work on
sentences (entities, sentiment, comparison) take them from their paragraph's parse with :func:`sentence_docs`,
so a corpus's text is parsed once, as paragraphs, and the result never depends on what happens to be cached.
Parsing runs here or on Dask (:mod:`newsbias.engines`); both give identical documents.

Nothing holds a whole corpus's parses: :func:`parse_iter` streams them and :class:`SentenceDocs` loads a chunk
of articles at a time.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Mapping

import numpy as np
import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc
from tqdm.auto import tqdm

from newsbias.engines import ARTICLE_CHUNK, check_engine, map_articles, parsed_stream, rows_for, split_into
from newsbias.errors import NewsbiasError
from newsbias.parse_cache import ParseCache, doc_from_bytes, pipeline_id, text_key
from newsbias.paths import cache_dir
from newsbias.tables import CONTENT_KINDS

# Texts read from or written to the cache at once while streaming.
CACHE_WINDOW = 500


def parse_iter(texts: list[str], nlp: Language, progress: bool = True, engine: str | None = None,
               scheduler: str | None = None, n_process: int = 1, desc: str = "parsing") -> Iterator[Doc]:
    """One parsed document per text, in order, streamed: read from the cache or parsed (and stored) as needed.

    Only the documents in flight are held in memory, so a corpus of any size is parsed in bounded memory.
    """
    engine = check_engine(engine)
    pipeline = pipeline_id(nlp)
    keys = [text_key(pipeline, text) for text in texts]
    folder = cache_dir()
    cache = ParseCache(folder) if folder is not None else None
    stored = cache.present(sorted(set(keys))) if cache is not None else set()
    remaining = Counter(keys)
    missing, seen = [], set()
    for text, key in zip(texts, keys):
        if key not in stored and key not in seen:
            seen.add(key)
            missing.append(text)
    parsed = parsed_stream(missing, nlp, engine, scheduler, n_process) if missing else iter(())
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


def block_docs(sentences: pd.DataFrame, blocks: pd.DataFrame, nlp: Language) -> tuple[dict, dict]:
    """The parse (from the cache, or parsed) and start of every content block ``sentences`` point at."""
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
    parsed, block_start = block_docs(sentences, blocks, nlp)
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
        self._chunks = split_into(list(dict.fromkeys(self.sentences["article_id"])), chunk_articles)
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
            rows = rows_for(self.sentences, self._rows, chunk)
            self._loaded[number] = (*block_docs(rows, self.blocks[self.blocks["article_id"].isin(chunk)], self.nlp), {})
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
    keys = {text_key(pipeline, text): text for text in texts}
    stored = ParseCache(folder).present(sorted(keys))
    missing = [text for key, text in keys.items() if key not in stored]
    for _ in parse_iter(missing, nlp, progress, **options):
        pass
    return len(missing)


def docs_for_rows(rows: pd.DataFrame, docs: Mapping) -> Iterator:
    """The parsed sentence of each row (``article_id, sentence_id``), one at a time (``docs`` may load lazily)."""
    missing = [(a, s) for a, s in zip(rows["article_id"], rows["sentence_id"]) if (a, s) not in docs]
    if missing:
        raise NewsbiasError(f"no parse for sentences {missing[:5]}; build docs with newsbias.parsing.sentence_docs "
                            "from the same sentences and blocks tables.")
    return (docs[(a, s)] for a, s in zip(rows["article_id"], rows["sentence_id"]))


def map_rows(function: Callable, rows: pd.DataFrame, docs: Mapping, columns: list[str], *,
             progress: bool = False, desc: str = "sentences", **options) -> pd.DataFrame:
    """``function(row, doc, **options)`` for each row (``article_id, sentence_id`` and more) and its parsed sentence.

    ``function`` returns a list of tuples, the values of ``columns``; the result has one row per tuple, in the
    order of ``rows``. With the :class:`SentenceDocs` of :func:`sentence_docs`, the work goes a chunk of
    articles at a time to the per-article engine (:func:`newsbias.engines.map_articles`: worker processes, or
    Dask); ``function`` must then be defined at a module's top level. Otherwise it runs here.
    """
    docs_for_rows(rows, docs)  # every row has its parse, or a clear error
    rows = rows.assign(**{_POSITION: np.arange(len(rows))})
    if isinstance(docs, SentenceDocs):
        chosen = set(rows["article_id"])
        frames = {"rows": rows, "sentences": docs.sentences[docs.sentences["article_id"].isin(chosen)],
                  "blocks": docs.blocks[docs.blocks["article_id"].isin(chosen)]}
        found = map_articles(_chunk_rows, frames, docs.nlp, progress=progress, desc=desc, row_function=function,
                             columns=columns, options=options)
    else:
        found = _rows_of(rows, docs, function, columns, options)
    return found.sort_values(_POSITION, kind="stable").drop(columns=_POSITION).reset_index(drop=True)


_POSITION = "position_in_rows"


def _chunk_rows(frames: dict[str, pd.DataFrame], nlp: Language, row_function: Callable, columns: list[str],
                options: dict) -> pd.DataFrame:
    """One chunk of articles' rows through ``row_function`` (see :func:`map_rows`)."""
    docs = SentenceDocs(frames["sentences"], frames["blocks"], nlp)
    return _rows_of(frames["rows"], docs, row_function, columns, options)


def _rows_of(rows: pd.DataFrame, docs: Mapping, function: Callable, columns: list[str], options: dict) -> pd.DataFrame:
    found = [(getattr(row, _POSITION), *values) for row, doc in zip(rows.itertuples(index=False), docs_for_rows(rows, docs))
             for values in function(row, doc, **options)]
    return pd.DataFrame(found, columns=[_POSITION, *columns])
