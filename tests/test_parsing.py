"""One parse per text: the cache, sentences cut from paragraph parses, and the Dask engine giving identical results."""

from __future__ import annotations

import pandas as pd
import pytest

from newsbias import bench, ingestion, parsing, paths
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
    assert parsing.cache_dir() is None
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


@pytest.mark.parametrize("corpus", ["default", "synthetic"])
def test_dask_engine_gives_identical_tables(corpus, spacy_model, monkeypatch, tmp_path):
    from newsbias import entities

    source = paths.DEFAULT_MANIFEST if corpus == "default" else bench.build_corpus(200, tmp_path / "corpus")
    results = {}
    for engine in ("local", "dask"):
        monkeypatch.setenv("NEWSBIAS_CACHE_DIR", str(tmp_path / f"cache-{engine}"))  # each engine parses for itself
        result = ingestion.ingest(source, progress=False, engine=engine)
        mentions, _ = entities.find_actors(result.sentences, result.texts, spacy_model, progress=False, blocks=result.blocks)
        results[engine] = {**_tables(result), "mentions": mentions}
    if corpus == "synthetic":
        assert len(results["local"]["articles"]) == 200
    for name, table in results["local"].items():
        pd.testing.assert_frame_equal(table, results["dask"][name], obj=name)
