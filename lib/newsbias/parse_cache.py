"""The on-disk cache of spaCy parses: a SQLite file of ``Doc.to_bytes()`` values keyed by pipeline and text.

Documents are stored with spaCy's own msgpack serialisation (never pickle) under ``.cache/parses/`` in the
project, or ``$NEWSBIAS_CACHE_DIR``; set that to ``off`` to disable caching. :mod:`newsbias.parsing` reads and
fills it; the stage cache (:mod:`newsbias.stagecache`) keeps its results beside it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc


def pipeline_id(nlp: Language) -> str:
    """What a parse depends on: the pipeline's name, version and components."""
    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}=={meta.get('version')}|{','.join(nlp.pipe_names)}"


def text_key(pipeline: str, text: str) -> str:
    """The cache key of ``text`` parsed by the pipeline ``pipeline`` (see :func:`pipeline_id`)."""
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
