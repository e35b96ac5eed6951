"""Where per-article work runs: on this machine, or on Dask workers.

``engine='local'`` parses with spaCy's ``nlp.pipe`` (``n_process`` processes) and runs per-article stages on a
pool of worker processes on this machine (:func:`default_processes`: every core, or ``$NEWSBIAS_PROCESSES``; one
process runs them here); ``engine='dask'`` sends chunks to a Dask cluster (a ``LocalCluster`` started once per process, or the scheduler
at ``scheduler``/``$NEWSBIAS_DASK_SCHEDULER``). ``$NEWSBIAS_ENGINE`` sets the default. Both give identical
results. :func:`map_articles` runs a per-article stage over chunks of articles; :func:`parsed_stream` parses texts.
"""

from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache

import numpy as np
import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc
from tqdm.auto import tqdm

from newsbias import spacy_pipeline
from newsbias.errors import NewsbiasError
from newsbias.parse_cache import doc_from_bytes

ENGINES = ("local", "dask")
BATCH_SIZE = 64
# Texts per Dask task: large enough that loading the pipeline on a worker is amortised.
DASK_CHUNK = 200
# Articles per chunk of a per-article stage (and per Dask task): bounds the documents held at once.
ARTICLE_CHUNK = 50
# Starting the local worker pool costs a few seconds (each worker imports the package and loads the pipeline), so a
# stage with fewer chunks than this runs in this process unless the pool is already running.
POOL_MIN_CHUNKS = 4


def split_into(items: list, size: int) -> list[list]:
    """``items`` in consecutive lists of ``size`` (the last may be shorter)."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def rows_for(frame: pd.DataFrame, positions: dict, articles: list[str]) -> pd.DataFrame:
    """The rows of ``frame`` for ``articles``, in their order; ``positions`` is ``frame.groupby('article_id').indices``."""
    empty = np.array([], dtype=int)
    return frame.iloc[np.concatenate([positions.get(a, empty) for a in articles] or [empty])]


@lru_cache(maxsize=2)
def worker_pipeline(name: str) -> Language:
    """The pipeline ``name``, loaded once per (worker) process."""
    return spacy_pipeline.load_model(name)


def model_name(nlp: Language) -> str:
    """The installed package a pipeline was loaded from, for loading the same pipeline on a Dask worker."""
    return nlp.meta.get("newsbias_package") or spacy_pipeline.resolve_model_name(f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}")


def _parse_chunk(texts: list[str], model_name: str) -> list[bytes]:
    """Dask task: parse texts on a worker and return them serialised."""
    _work_here()
    pipeline = worker_pipeline(model_name)
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


def in_order(client, task: Callable, chunks: Iterable, in_flight: int, **kwargs) -> Iterator:
    """Results of ``task(chunk, **kwargs)`` on Dask, in the order of ``chunks``, with a bounded number in flight."""
    return _ordered(lambda chunk: client.submit(task, chunk, pure=False, **kwargs), chunks, in_flight)


def _ordered(submit: Callable, chunks: Iterable, in_flight: int) -> Iterator:
    """Results of the futures ``submit(chunk)`` returns (Dask's or the local pool's), in the order of ``chunks``,
    with at most ``in_flight`` submitted at once."""
    pending: deque = deque()
    try:
        for chunk in chunks:
            pending.append(submit(chunk))
            if len(pending) >= in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:  # interrupted, or a chunk failed: what has not started is dropped, so the next stage does not wait for it
        for future in pending:
            future.cancel()


def in_flight_limit(client) -> int:
    """How many Dask tasks to keep submitted at once: two per worker and one more, so no worker waits."""
    return 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 1


def default_processes() -> int:
    """Processes when none are asked for (parsing, per-article stages): ``NEWSBIAS_PROCESSES`` if set, else every core."""
    return int(os.environ.get("NEWSBIAS_PROCESSES", "0")) or os.cpu_count() or 1


def parsed_stream(texts: list[str], nlp: Language, engine: str, scheduler: str | None, n_process: int) -> Iterator[Doc]:
    """Parse ``texts`` in order, streaming: on this machine (``nlp.pipe``) or on Dask, in chunks."""
    if engine == "local":
        yield from nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=n_process)
        return
    client = dask_client(scheduler)
    chunks = split_into(texts, DASK_CHUNK)
    for result in in_order(client, _parse_chunk, chunks, in_flight_limit(client), model_name=model_name(nlp)):
        yield from (doc_from_bytes(nlp.vocab, data) for data in result)


def check_engine(engine: str | None) -> str:
    """The engine to use: ``engine``, else ``$NEWSBIAS_ENGINE``, else ``local``; an unknown name is an error."""
    engine = engine or os.environ.get("NEWSBIAS_ENGINE", "local")
    if engine not in ENGINES:
        raise NewsbiasError(f"unknown engine {engine!r}; choose one of {list(ENGINES)} (or set NEWSBIAS_ENGINE).")
    return engine


def _run_chunk(frames: dict[str, pd.DataFrame], function: Callable, model_name: str, stage_options: dict) -> pd.DataFrame:
    """Worker task (Dask or the local pool): one chunk of articles through a stage, with the worker's own copy of the pipeline."""
    _work_here()
    return function(frames, worker_pipeline(model_name), **stage_options)


def _work_here() -> None:
    """Inside a worker, everything runs on the worker: a worker that inherited ``NEWSBIAS_ENGINE=dask`` and has to
    parse a text the cache lacks must not start a cluster of its own."""
    os.environ["NEWSBIAS_ENGINE"] = "local"


_POOLS: dict[tuple[int, str], ProcessPoolExecutor] = {}


def process_pool(processes: int, model_name: str) -> ProcessPoolExecutor:
    """Worker processes on this machine, started once per Python process and reused by every stage.

    They are started fresh (``spawn``: safe in a Jupyter kernel, whose threads a fork would copy mid-flight); each
    loads the pipeline ``model_name`` as it starts and works as one process (``NEWSBIAS_PROCESSES=1`` inside it).
    """
    key = (processes, model_name)
    pool = _POOLS.get(key)
    if pool is None:
        pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(model_name,))
        atexit.register(pool.shutdown, cancel_futures=True)
        _POOLS[key] = pool
    return pool


def shutdown_pools() -> None:
    """Stop this process's worker pools (they are stopped at exit anyway); the next stage that needs one starts it."""
    while _POOLS:
        _POOLS.popitem()[1].shutdown(cancel_futures=True)


def _start_worker(model_name: str) -> None:
    """Set up a pool worker: one process's worth of work (no pool inside the pool, one thread for a model's
    inference, since the pool already uses every core), and the pipeline loaded. An interrupt is for the process
    that owns the pool (a kernel being interrupted or shut down signals its whole process group): the pool stops
    its workers itself, and a worker whose owner has died exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:  # a worker whose owner died (killed, or a kernel that exits without stopping it) ends too
        threading.Thread(target=_end_with, args=(parent.sentinel,), daemon=True).start()
    os.environ["NEWSBIAS_PROCESSES"] = "1"
    worker_pipeline(model_name)


def _end_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(0)


def map_articles(function: Callable, frames: dict[str, pd.DataFrame], nlp: Language, *, engine: str | None = None,
                 scheduler: str | None = None, progress: bool = True, desc: str = "articles",
                 chunk_articles: int = ARTICLE_CHUNK, processes: int | None = None, release_workers: bool = False,
                 **kwargs) -> pd.DataFrame:
    """Run a per-article stage over chunks of articles and concatenate its tables in article order.

    ``function(frames, nlp, **kwargs)`` gets ``frames`` cut down to one chunk's articles (each frame has an
    ``article_id`` column) and returns a table. The local engine runs the chunks on ``processes`` worker
    processes (default :func:`default_processes`) when the pipeline was loaded by package name and there are
    :data:`POOL_MIN_CHUNKS` chunks or more (two, once the pool is running); otherwise, or with ``processes=1``,
    here. With ``engine='dask'`` the chunks run on Dask workers. Either way each worker loads the pipeline once
    and reads the parse cache, parsing what is not there, and the result is identical to running every chunk here.
    ``release_workers`` stops the local worker pools once the last chunk is back, before the chunks' tables are put
    together: for the last pooled stage of a notebook, whose caller then needs the workers' memory more than the pool.
    """
    engine = check_engine(engine)
    articles = list(dict.fromkeys(a for frame in frames.values() for a in frame["article_id"]))
    indices = {name: frame.groupby("article_id", sort=False).indices for name, frame in frames.items()}

    def cut(chunk: list[str]) -> dict[str, pd.DataFrame]:
        return {name: rows_for(frame, indices[name], chunk) for name, frame in frames.items()}

    chunks = split_into(articles, chunk_articles)
    bar = tqdm(total=len(articles), desc=desc, unit="article", disable=not progress)
    results = []
    processes = processes or default_processes()
    pooled = (engine == "local" and processes > 1 and bool(nlp.meta.get("newsbias_package"))
              and len(chunks) >= (2 if (processes, model_name(nlp)) in _POOLS else POOL_MIN_CHUNKS))
    tasks = (cut(chunk) for chunk in chunks)
    if engine == "local" and not pooled:
        outputs = (function(task, nlp, **kwargs) for task in tasks)
    else:  # each worker runs _run_chunk with its own copy of the pipeline
        options = {"function": function, "model_name": model_name(nlp), "stage_options": kwargs}
        if pooled:
            pool = process_pool(processes, options["model_name"])
            outputs = _ordered(lambda task: pool.submit(_run_chunk, task, **options), tasks, 2 * processes + 1)
        else:
            client = dask_client(scheduler)
            outputs = in_order(client, _run_chunk, tasks, in_flight_limit(client), **options)
    for chunk, result in zip(chunks, outputs):
        results.append(result)
        bar.update(len(chunk))
    bar.close()
    if release_workers:
        shutdown_pools()
    if not results:
        return function(cut([]), nlp, **kwargs)
    return pd.concat(results, ignore_index=True)
