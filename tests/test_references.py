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
