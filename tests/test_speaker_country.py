"""A speaker's country: read from whole place names and capitalised words, by most of what the articles write."""

from __future__ import annotations

import pandas as pd
from newsbias import comparison, ingestion, parsing
from newsbias.comparison.speaker_country import CountryReader
from newsbias.quotes import evaluation

NO_MENTIONS = pd.DataFrame({"text": ["U.S.", "N.C."], "actor_name": ["United States", "North Carolina"],
                            "actor_type": ["place", "place"]})


def test_countries_written_in_a_speaker_phrase():
    reader = CountryReader(NO_MENTIONS)
    assert reader.written_in("the Spanish newspaper", set()) == {"Spain"}
    assert reader.written_in("Israeli officials", set()) == {"Israel"}
    assert reader.written_in("A spokesman for the U.S. attorney", set()) == {"United States"}
    # initials the corpus resolved to another place are no country: "N.C." is not New Caledonia
    assert reader.written_in("a lawyer in N.C.", set()) == set()
    # part of a longer name, the speaker's own name, a lower-case word, a US state's name
    assert reader.written_in("a New Jersey senator", set()) == set()
    assert reader.written_in("a lawyer from Staten Island", set()) == set()
    assert reader.written_in("Jim Jordan", {"jim", "jordan"}) == set()
    assert reader.written_in("an island nation's envoy as well", set()) == set()
    assert reader.written_in("Representative from Georgia", set()) == set()


def test_a_country_needs_a_quarter_of_what_the_articles_write():
    reader = CountryReader(NO_MENTIONS)
    once_in_many = [({"Slovenia"}, "a former model from Slovenia", 1), (set(), "President", 37),
                    (set(), "Mr.", 135), (set(), "he", 40)]
    assert reader.of_speaker(["person:jo-doe"], once_in_many, "Jo Doe") == ""
    # honorifics, pronouns and the name do not count against it
    title = [({"Russia"}, "Russian President", 1), (set(), "President", 2), (set(), "Mr.", 9), (set(), "Putin", 4)]
    assert reader.of_speaker(["person:v-putin"], title, "Vladimir Putin") == "Russia"
    tie = [({"Cuba"}, "the son of Cuban immigrants", 1), ({"United States"}, "U.S. Sen.", 1)]
    assert reader.of_speaker(["person:m-r"], tie, "Marco Rubio") == ""
    assert reader.of_speaker(["place:iran"], [], "Iran") == "Iran"


def test_speaker_profiles_read_countries_from_titles_not_from_clauses(spacy_model):
    texts = {"a1": "“We will answer,” said Russian President Vladimir Putin. "
                   "“It is a disgrace,” said New Jersey Gov. Chris Christie. "
                   "“Nothing was found,” said Robert Mueller, the special counsel who examined ties to Russia."}
    blocks = ingestion.paragraphs_as_blocks(texts)
    sentences = ingestion.split_sentences(blocks, spacy_model, progress=False)
    found, mentions = evaluation.quotes_for_texts(texts, spacy_model)
    docs = parsing.sentence_docs(sentences, blocks, spacy_model, progress=False)
    profiles = comparison.speaker_profiles(found, mentions, sentences, docs).set_index("speaker")
    assert profiles.loc["Vladimir Putin", "country"] == "Russia"
    assert profiles.loc["Vladimir Putin", "speaker_type"] == "government"
    assert profiles.loc["Chris Christie", "country"] == ""  # "New Jersey" is no "Jersey"
    assert profiles.loc["Robert Mueller", "country"] == ""  # Russia is in a clause about what he examined


def test_an_organisation_named_after_its_country():
    reader = CountryReader(NO_MENTIONS)
    assert reader.of_speaker(["org:us-house"], [], "US House") == "United States"
    assert reader.of_speaker(["org:iranian-foreign-ministry"], [], "Iranian Foreign Ministry") == "Iran"
    assert reader.of_speaker(["org:new-jersey-transit"], [], "New Jersey Transit") == ""
