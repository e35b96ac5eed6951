"""General English word lists, read from the spaCy pipeline's lemmatizer tables (WordNet's lemmas), never from a
corpus: verbs (to tell action nouns and a headline's verb from a name) and the words that are dictionary words
rather than names (to keep fuzzy matching from merging "Marine" with "Maine")."""

from __future__ import annotations

from functools import lru_cache

from newsbias.errors import NewsbiasError


def _lemma_index(nlp) -> dict:
    if "lemmatizer" not in nlp.pipe_names or "lemma_index" not in nlp.get_pipe("lemmatizer").lookups.tables:
        raise NewsbiasError(f"spaCy pipeline {nlp.meta.get('name')} has no lemmatizer lookup tables (lemma_index); "
                            "choose a pipeline with a rule-based lemmatizer, such as en_core_web_sm.")
    return nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")


def verb_lemmas(nlp) -> frozenset[str]:
    """English verb lemmas (WordNet's verbs)."""
    return _cached(nlp, "verb")


def dictionary_words(nlp) -> frozenset[str]:
    """Lemmas of English adjectives, verbs and adverbs. WordNet's nouns are left out: they include names
    ("maine", "christie"), and a name is what these words are told apart from."""
    return _cached(nlp, "adj") | _cached(nlp, "verb") | _cached(nlp, "adv")


def adjectives(nlp) -> frozenset[str]:
    """English adjective lemmas (WordNet's adjectives): "black", "confederate", "great"; not "trump"."""
    return _cached(nlp, "adj")


def _cached(nlp, part: str) -> frozenset[str]:
    return _table(id(nlp.vocab), part, nlp)


@lru_cache(maxsize=16)
def _table(_vocab_id: int, part: str, nlp) -> frozenset[str]:
    return frozenset(_lemma_index(nlp)[part])


def is_verb_form(word: str, verbs: frozenset[str]) -> bool:
    """Whether a word is a verb or its regular inflection ("says", "calls", "resigned", "plans")."""
    word = word.lower()
    candidates = {word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith(("es", "ed")) else "",
                  word[:-1] if word.endswith("ed") else "", word[:-3] if word.endswith("ing") else "",
                  word[:-3] + "e" if word.endswith("ing") else "", word[:-3] + "y" if word.endswith("ies") else ""}
    return bool(candidates & verbs)
