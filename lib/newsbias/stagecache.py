"""Stage results cached on disk: rerunning a notebook on unchanged input reads its tables instead of recomputing.

:func:`cached` runs a stage (entities, quotations, sentiment scores, the benchmark evaluations) once per
distinct input. The key is a SHA-256 of the stage's name, the source code of the ``newsbias`` package
(any change to the code is a new key), the trained models' files (``data/models/``: a retrained model is a new
key too), the spaCy pipeline's identity and every input table's content
(``pandas.util.hash_pandas_object`` plus column names and dtypes). Results are stored as Parquet files
(never pickle) under ``<parse cache>/stages/``; ``NEWSBIAS_CACHE_DIR=off`` disables this cache too.

A result is stored only if it reads back identical (values, dtypes and index), so a cached run gives
exactly the tables a computed one does; anything unreadable is computed again.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
from spacy.language import Language

from newsbias import spacy_pipeline
from newsbias.errors import NewsbiasError
from newsbias.parse_cache import pipeline_id
from newsbias.parsing import SentenceDocs
from newsbias.paths import cache_dir, code_version, models_version


class _Unhashable(Exception):
    """An input this cache cannot fingerprint: the stage is computed and nothing is stored."""


def _fingerprint(value, digest) -> None:
    if isinstance(value, pd.DataFrame):
        digest.update(repr([(str(c), str(t)) for c, t in value.dtypes.items()]).encode())
        try:
            digest.update(pd.util.hash_pandas_object(value, index=False).to_numpy().tobytes())
        except TypeError as problem:  # cells holding lists or other unhashable values
            raise _Unhashable(str(problem)) from problem
    elif isinstance(value, SentenceDocs):
        _fingerprint((value.sentences, value.blocks, value.nlp), digest)
    elif isinstance(value, Language):
        digest.update(pipeline_id(value).encode())
    elif isinstance(value, Path):
        digest.update(str(value.resolve()).encode())
        digest.update(hashlib.sha256(value.read_bytes()).digest())
    elif isinstance(value, (list, tuple)):
        digest.update(f"<{len(value)}>".encode())
        for item in value:
            _fingerprint(item, digest)
    elif type(value) in (dict, Counter):  # plain mappings (e.g. outlet -> texts); not lazily loaded documents
        _fingerprint(list(value.items()), digest)
    elif isinstance(value, Mapping):
        raise _Unhashable("a mapping of parsed documents")
    elif value is None or isinstance(value, (str, int, float, bool)):
        digest.update(repr(value).encode())
    elif hasattr(value, "__dataclass_fields__"):
        digest.update(repr(value).encode())
    else:
        raise _Unhashable(type(value).__name__)
    digest.update(b"\x1f")


def _folder() -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / "stages"


def _read(folder: Path):
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    tables = [pd.read_parquet(folder / f"{i}.parquet") for i in range(meta["n_tables"])]
    return tuple(tables) if meta["is_tuple"] else tables[0]


def _plain(table: pd.DataFrame) -> bool:
    """Text columns hold only strings (and missing values): lists or objects would not read back as they were."""
    return all(pd.api.types.infer_dtype(table[column], skipna=True) in ("string", "empty")
               for column in table.columns if table[column].dtype == object)


def _write(folder: Path, result) -> None:
    tables = list(result) if isinstance(result, tuple) else [result]
    if not all(isinstance(t, pd.DataFrame) and _plain(t) for t in tables):
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".incoming-"))
    try:
        for i, table in enumerate(tables):
            table.to_parquet(staging / f"{i}.parquet")
        (staging / "meta.json").write_text(json.dumps({"n_tables": len(tables), "is_tuple": isinstance(result, tuple)}),
                                           encoding="utf-8")
        back = _read(staging)
        for original, read in zip(tables, back if isinstance(back, tuple) else (back,)):
            pd.testing.assert_frame_equal(original, read)  # only exact round trips are kept
        staging.rename(folder)
    except (AssertionError, OSError, ValueError, TypeError, ImportError):
        pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def cached(stage: str, inputs: tuple, compute: Callable[[], object]):
    """``compute()``, or its stored result for the same ``stage``, ``inputs``, package code and trained models."""
    root = _folder()
    if root is None:
        return compute()
    # The default model name too: a stage given no pipeline loads whichever is installed.
    try:
        default_model = spacy_pipeline.resolve_model_name()
    except NewsbiasError:
        default_model = "none installed"
    digest = hashlib.sha256(f"{stage}\x00{code_version()}\x00{models_version()}\x00{default_model}\x00".encode())
    try:
        _fingerprint(inputs, digest)
    except _Unhashable:
        return compute()
    folder = root / digest.hexdigest()
    if folder.is_dir():
        try:
            return _read(folder)
        except (OSError, ValueError, KeyError, json.JSONDecodeError):
            shutil.rmtree(folder, ignore_errors=True)
    result = compute()
    _write(folder, result)
    return result


# Arguments that change how a stage runs, never what it returns.
HOW_NOT_WHAT = ("progress", "engine", "scheduler", "n_process", "release_workers")


def stage(files: tuple[str, ...] = ()):
    """Decorate a function returning tables so that it is computed once per distinct input (:func:`cached`).

    Every argument is part of the key except :data:`HOW_NOT_WHAT`; the arguments named in ``files`` are
    paths whose content (not just their name) is part of the key. The undecorated function is ``.compute``.
    """
    def wrap(function: Callable) -> Callable:
        signature = inspect.signature(function)
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.wraps(function)
        def run(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            inputs = tuple(Path(value) if key in files else value for key, value in bound.arguments.items()
                           if key not in HOW_NOT_WHAT)
            return cached(name, inputs, lambda: function(*args, **kwargs))

        run.compute = function
        return run

    return wrap
