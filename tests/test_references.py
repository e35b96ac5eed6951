"""Pronouns resolved to a person: the corpus's titles say whether the person is a man or a woman."""

from __future__ import annotations

from conftest import write_corpus
from newsbias import entities, ingestion


def test_a_pronoun_of_the_other_sex_than_the_corpus_titles_say_is_no_reference(tmp_path, spacy_model):
    texts = {"a1.txt": "Senator Dale Ferris spoke in Ohio on Monday.\n\nMr. Ferris said the plan would pass.",
             "a2.txt": "Senator Dale Ferris spoke to reporters on Tuesday. She said the vote was close.",
             "a3.txt": "Senator Dale Ferris spoke to reporters on Wednesday. He said the vote was close."}
    result = ingestion.ingest(write_corpus(tmp_path / "corpus", texts), progress=False)
    mentions, _ = entities.find_actors(result.sentences, result.texts, spacy_model, progress=False, blocks=result.blocks)
    assert set(mentions.loc[mentions["actor_type"] == "person", "actor_name"]) == {"Dale Ferris"}
    found = entities.find_references(mentions, result.sentences, result.blocks, result.texts, spacy_model)
    assert found[["article_id", "text", "actor_name"]].values.tolist() == [["a3", "He", "Dale Ferris"]]
    # Without the title in a1, nothing says Dale Ferris is a man: "She" is taken for him (the one person before).
    texts["a1.txt"] = texts["a1.txt"].replace("Mr. Ferris", "Ferris")
    result = ingestion.ingest(write_corpus(tmp_path / "untitled", texts), progress=False)
    mentions, _ = entities.find_actors(result.sentences, result.texts, spacy_model, progress=False, blocks=result.blocks)
    found = entities.find_references(mentions, result.sentences, result.blocks, result.texts, spacy_model)
    assert sorted(found["text"]) == ["He", "She"]


def test_a_pronoun_goes_to_the_one_person_not_known_to_be_of_the_other_gender(tmp_path, spacy_model):
    texts = {"a1.txt": "Senator Dale Ferris spoke in Ohio on Monday.\n\nMr. Ferris said the plan would pass.",
             "a2.txt": "Senator Dale Ferris met Senator Ann Holt on Tuesday. She said the vote was close.",
             "a3.txt": "Senator Ann Holt met Senator Tom Brink on Tuesday. She said the vote was close."}
    result = ingestion.ingest(write_corpus(tmp_path / "corpus", texts), progress=False)
    mentions, _ = entities.find_actors(result.sentences, result.texts, spacy_model, progress=False, blocks=result.blocks)
    found = entities.find_references(mentions, result.sentences, result.blocks, result.texts, spacy_model)
    # a2: Dale Ferris is a man by the corpus's titles, so "She" is Ann Holt; a3: nothing says Tom Brink is a man.
    assert found[["article_id", "text", "actor_name", "reference"]].values.tolist() == [
        ["a2", "She", "Ann Holt", "pronoun: one person of its gender before"]]


def test_the_reference_sample_is_scored_at_offsets_into_the_raw_text(tmp_path, spacy_model):
    # A zero-width space before the pronoun: normalisation removes it, so the raw offset and the normalised one differ.
    import json

    from newsbias.entities.evaluation import evaluate_references
    text = "Senator Dale Ferris\u200b spoke in Ohio on Monday. He said the plan would pass."
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text(json.dumps({"article_id": "a1", "outlet": "Daily Anchor", "date": "2020-01-01",
                                  "title": "Ferris speaks", "text": text}) + "\n", encoding="utf-8")
    start = text.index("He said")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"corpus": "test", "article_id": "a1", "start": start, "end": start + 2, "word": "He",
                                "referent": "Dale Ferris", "unsure": False, "note": ""}) + "\n", encoding="utf-8")
    table = evaluate_references(gold, [corpus], spacy_model)
    assert table.to_dict("records") == [{"rule": "pronoun: one person before", "sampled": 1, "precision": 1.0}]
