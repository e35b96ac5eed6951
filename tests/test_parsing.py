"""One parse per text: the cache, sentences cut from paragraph parses, and the Dask engine giving identical results."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from newsbias import bench, engines, ingestion, parse_cache, parsing, paths
from newsbias.errors import NewsbiasError

TEXTS = ["Angela Merkel met Emmanuel Macron in Paris. They spoke for an hour.", "The talks in Brussels ended late."]


def test_second_parse_comes_from_the_cache(spacy_model, monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSBIAS_CACHE_DIR", str(tmp_path))
    first = parsing.parse(TEXTS, spacy_model, progress=False)

    def refuse(*args, **kwargs):
        raise AssertionError("parsed again instead of reading the cache")

    monkeypatch.setattr(spacy_model, "pipe", refuse)
    second = parsing.parse(list(reversed(TEXTS)), spacy_model, progress=False)
    assert [d.to_bytes() for d in second] == [d.to_bytes() for d in reversed(first)]
    assert [(e.text, e.label_) for e in second[1].ents][:3] == [("Angela Merkel", "PERSON"), ("Emmanuel Macron", "PERSON"), ("Paris", "GPE")]


def test_cache_can_be_switched_off(spacy_model, monkeypatch):
    monkeypatch.setenv("NEWSBIAS_CACHE_DIR", "off")
    assert paths.cache_dir() is None
    assert parsing.parse(TEXTS[:1], spacy_model, progress=False)[0].text == TEXTS[0]


def test_unknown_engine_is_refused(spacy_model):
    with pytest.raises(NewsbiasError, match="unknown engine 'spark'"):
        parsing.parse(TEXTS, spacy_model, progress=False, engine="spark")


def test_sentences_are_cut_from_their_paragraph_parse(spacy_model):
    blocks = ingestion.paragraphs_as_blocks({"a": "\n\n".join(TEXTS)})
    sentences = ingestion.split_sentences(blocks, spacy_model, progress=False)
    docs = parsing.sentence_docs(sentences, blocks, spacy_model, progress=False)
    assert [docs[("a", i)].text.strip() for i in sentences["sentence_id"]] == list(sentences["text"])
    assert [e.text for e in docs[("a", 0)].ents] == ["Angela Merkel", "Emmanuel Macron", "Paris"]


def _tables(result) -> dict[str, pd.DataFrame]:
    return {name: getattr(result, name) for name in ("articles", "blocks", "sentences", "texts")}


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["default", "synthetic"])
def test_dask_engine_gives_identical_tables(corpus, spacy_model, monkeypatch, tmp_path):
    from newsbias import entities

    source = paths.DEFAULT_MANIFEST if corpus == "default" else bench.build_corpus(200, tmp_path / "corpus")
    from newsbias import comparison, quotes, sentiment

    on_dask, pools = [], []
    in_order, process_pool = engines.in_order, engines.process_pool

    def counted(client, task, chunks, in_flight, **kwargs):
        on_dask.append(task.__name__)
        return in_order(client, task, chunks, in_flight, **kwargs)

    def counted_pool(processes, model_name):
        pools.append(processes)
        return process_pool(processes, model_name)

    monkeypatch.setattr(engines, "in_order", counted)
    monkeypatch.setattr(engines, "process_pool", counted_pool)
    results = {}
    for run in ("one process", "local", "dask"):
        # Each run parses and computes for itself: separate parse and stage caches.
        engine = "dask" if run == "dask" else "local"
        monkeypatch.setenv("NEWSBIAS_ENGINE", engine)  # for the stages that take no engine argument
        monkeypatch.setenv("NEWSBIAS_PROCESSES", "1" if run == "one process" else "2")
        monkeypatch.setenv("NEWSBIAS_CACHE_DIR", str(tmp_path / f"cache-{run}"))
        result = ingestion.ingest(source, progress=False, engine=engine)
        mentions, _ = entities.find_actors(result.sentences, result.texts, spacy_model, progress=False, blocks=result.blocks,
                                           engine=engine)
        found = quotes.find_quotes(result.blocks, result.sentences, mentions, spacy_model, progress=False, engine=engine)
        mentions = quotes.mark_mentions(mentions, found)
        docs = parsing.sentence_docs(result.sentences, result.blocks, spacy_model, progress=False)
        scored = sentiment.score_targets(sentiment.mention_targets(mentions, result.sentences), sentiment.method_names(),
                                         spacy_model, progress=False, docs=docs, engine=engine)
        # Stages that take no engine argument follow NEWSBIAS_ENGINE: pronoun references, speakers' descriptions,
        # labels (per mention: parsing.map_rows).
        references = entities.find_references(mentions, result.sentences, result.blocks, result.texts, spacy_model)
        speakers = comparison.speaker_profiles(found, mentions, result.sentences, docs)
        labels = comparison.actor_labels(mentions, result.sentences, result.articles, docs, min_outlets=1)
        results[run] = {**_tables(result), "mentions": mentions, "quotes": found, "actor_sentiment": scored,
                        "references": references, "speakers": speakers, "labels": labels}
    # Parsing, entities, quotations and sentiment all went to the Dask workers; with more than one chunk of
    # articles, the local engine sent the three stages to its two worker processes.
    assert on_dask[:4] == ["_parse_chunk", "_run_chunk", "_run_chunk", "_run_chunk"]
    assert on_dask[4:] == ["_run_chunk"] * (len(on_dask) - 4) and len(on_dask) >= 6
    assert pools == ([] if corpus == "default" else [2] * len(pools)) and (corpus == "default" or len(pools) >= 5)
    if corpus == "synthetic":
        assert len(results["local"]["articles"]) == 200
        assert len(results["local"]["quotes"]) > 50 and len(results["local"]["actor_sentiment"]) > 1000
        assert len(results["local"]["speakers"]) > 10 and len(results["local"]["labels"]) > 10
    for run in ("local", "dask"):
        for name, table in results["one process"].items():
            pd.testing.assert_frame_equal(table, results[run][name], obj=f"{name} ({run})")


def _tokens_and_process(frames: dict[str, pd.DataFrame], nlp) -> pd.DataFrame:
    """A per-article stage for the test below: tokens per text, and the process that counted them."""
    texts = frames["texts"]
    return pd.DataFrame({"article_id": texts["article_id"], "tokens": [len(nlp(t)) for t in texts["text"]],
                         "process": os.getpid()})


def test_per_article_stages_run_on_worker_processes(spacy_model):
    texts = pd.DataFrame({"article_id": [f"a{i}" for i in range(8)], "text": [t * (i + 1) for i, t in enumerate(TEXTS * 4)]})
    here = engines.map_articles(_tokens_and_process, {"texts": texts}, spacy_model, progress=False, chunk_articles=2,
                                processes=1)
    pooled = engines.map_articles(_tokens_and_process, {"texts": texts}, spacy_model, progress=False, chunk_articles=2,
                                  processes=2)
    assert set(here["process"]) == {os.getpid()} and os.getpid() not in set(pooled["process"])
    pd.testing.assert_frame_equal(here.drop(columns="process"), pooled.drop(columns="process"))
    assert list(pooled["article_id"]) == list(texts["article_id"])
    # Fewer chunks than it takes to pay for starting a pool run here (no pool of three processes was started);
    # once a pool runs, two chunks are enough.
    few = texts.head(4)
    assert set(engines.map_articles(_tokens_and_process, {"texts": few}, spacy_model, progress=False, chunk_articles=2,
                                    processes=3)["process"]) == {os.getpid()}
    assert os.getpid() not in set(engines.map_articles(_tokens_and_process, {"texts": few}, spacy_model, progress=False,
                                                       chunk_articles=2, processes=2)["process"])
    # A stage that releases the workers runs on the pool and stops it once its last chunk is back: the workers have
    # exited, and the next stage of few chunks runs here again.
    released = engines.map_articles(_tokens_and_process, {"texts": few}, spacy_model, progress=False, chunk_articles=2,
                                    processes=2, release_workers=True)
    workers = set(released["process"])
    assert os.getpid() not in workers
    pd.testing.assert_frame_equal(released.drop(columns="process"), here.head(4).drop(columns="process"))
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert set(engines.map_articles(_tokens_and_process, {"texts": few}, spacy_model, progress=False, chunk_articles=2,
                                    processes=2)["process"]) == {os.getpid()}


def test_fast_decoding_gives_the_same_document(spacy_model):
    doc = spacy_model(TEXTS[0])
    data = doc.to_bytes()
    fast, standard = parse_cache.doc_from_bytes(spacy_model.vocab, data), spacy_model.make_doc("").from_bytes(data)
    assert fast.to_bytes() == standard.to_bytes() == data
    assert [(t.text, t.dep_, t.head.i, t.ent_type_, t.lemma_) for t in fast] == [(t.text, t.dep_, t.head.i, t.ent_type_, t.lemma_) for t in doc]


def test_every_parse_is_stored_even_when_the_reader_stops_early(spacy_model, monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSBIAS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(parsing, "CACHE_WINDOW", 2)
    texts = [f"Sentence number {i} is here." for i in range(5)]
    for _doc, _text in zip(parsing.parse_iter(texts, spacy_model, progress=False), texts):  # zip stops without exhausting
        pass
    assert parsing.ensure_parsed(texts, spacy_model, progress=False) == 0


def test_every_core_is_used_unless_told_otherwise(monkeypatch):
    from newsbias import engines

    monkeypatch.delenv("NEWSBIAS_PROCESSES", raising=False)
    monkeypatch.setattr(engines.os, "cpu_count", lambda: 6)
    assert engines.default_processes() == 6
    monkeypatch.setenv("NEWSBIAS_PROCESSES", "1")
    assert engines.default_processes() == 1
