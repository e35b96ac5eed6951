"""How news writes names, resolved to one actor per person: the rules of the entity stage on sentences written here."""

from __future__ import annotations

import pandas as pd
import pytest
from newsbias import english, entities
from newsbias.entities import gazetteer, spans
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan


def mentions(*items):
    """extract_mentions-style rows from (article_id, text, label) tuples, in text order within each article."""
    rows = []
    for i, (article_id, text, label) in enumerate(items):
        rows.append({"article_id": article_id, "sentence_id": i, "block_kind": "body", "start_char": 100 * i,
                     "end_char": 100 * i + len(text), "text": text, "label": label, "found_by": "spaCy NER",
                     "in_quote": False})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def dictionary(spacy_model):
    return english.dictionary_words(spacy_model)


@pytest.fixture
def resolve(dictionary):
    def run(*items, prose_names=frozenset(), **rules):
        return entities.resolve_actors(mentions(*items), entities.ActorRules(**rules), dictionary, prose_names)
    return run


def ids(table, article_id, text):
    return table.loc[(table["article_id"] == article_id) & (table["text"] == text), "actor_id"].unique().tolist()


def test_a_short_form_is_the_person_its_article_introduced_most_recently(resolve):
    table, ambiguous = resolve(
        ("a", "Trump", "PERSON"),  # a headline before the story's first full name: the first introduction
        ("a", "Donald Trump", "PERSON"), ("a", "Mr. Trump", "PERSON"),
        ("a", "Donald Trump Jr.", "PERSON"), ("a", "Trump", "PERSON"),  # after the son's introduction: the son
        ("b", "Ivanka Trump", "PERSON"), ("c", "Donald Trump", "PERSON"), ("c", "Trump", "PERSON"))
    rows = table[table["article_id"] == "a"]
    assert rows["actor_id"].tolist() == ["person:donald-trump"] * 3 + ["person:donald-trump-jr"] * 2
    assert set(rows["link_rule"].iloc[[0, 2, 4]]) == {"surname (same article)"}
    # A relative elsewhere in the corpus does not make the lone surname of article c ambiguous.
    assert ids(table, "c", "Trump") == ["person:donald-trump"] and ambiguous.empty


def test_a_surname_one_letter_off_is_the_person_of_its_article_when_one_spelling_is_a_typo(resolve):
    table, _ = resolve(
        ("a", "Amy Barret", "PERSON"), ("a", "Barrett", "PERSON"),  # the introduction's typo: a Barrett elsewhere
        ("b", "Devlin Barrett", "PERSON"),
        ("c", "Chris Christie", "PERSON"), ("c", "Chrisite", "PERSON"),  # the short form's typo
        ("d", "Maxine Waters", "PERSON"), ("d", "Walters", "PERSON"),  # two surnames of the corpus: two people
        ("e", "Barbara Walters", "PERSON"), ("f", "Maxine Waters", "PERSON"),
        ("g", "Bill Clinton", "PERSON"), ("g", "Clintons", "PERSON"),  # a plural is the family
        ("h", "John Chrin", "PERSON"), ("h", "Chris", "PERSON"),  # a first name of the corpus, not a typo
        ("i", "Lindsey Graham", "PERSON"), ("i", "Grahm", "ORG"))  # only a name the recogniser takes for a person
    assert ids(table, "a", "Barrett") == ids(table, "a", "Amy Barret") != ids(table, "b", "Devlin Barrett")
    assert table.loc[table["text"] == "Barrett", "link_rule"].tolist() == ["surname, one letter apart (same article)"]
    assert ids(table, "c", "Chrisite") == ["person:chris-christie"]
    assert ids(table, "d", "Walters") == ["person:barbara-walters"]
    assert ids(table, "g", "Clintons") != ["person:bill-clinton"]
    assert ids(table, "h", "Chris") != ["person:john-chrin"]
    assert ids(table, "i", "Grahm") != ["person:lindsey-graham"]


def test_a_first_name_its_article_gives_no_one_is_the_person_other_articles_call_by_it(resolve):
    introduced = [row for article in "abch" for row in ((article, "Hillary Clinton", "PERSON"), (article, "Hillary", "PERSON"))]
    table, _ = resolve(
        *introduced, ("d", "Nancy Pelosi", "PERSON"), ("d", "Nancy", "PERSON"),  # one article only calls her so
        ("e", "Nancy Pelosi", "PERSON"),
        ("f", "Hillary", "PERSON"), ("f", "Nancy", "PERSON"),  # no one of either name in the article
        ("g", "Hillary Smith", "PERSON"), ("g", "Hillary", "PERSON"))  # the article's own Hillary (one more so called)
    assert ids(table, "f", "Hillary") == ["person:hillary-clinton"]
    assert table.loc[(table["article_id"] == "f") & (table["text"] == "Hillary"), "link_rule"].tolist() == [
        entities.people.FIRST_NAME_IN_CORPUS]
    assert ids(table, "f", "Nancy") != ["person:nancy-pelosi"]
    assert ids(table, "g", "Hillary") == ["person:hillary-smith"]


def test_an_office_or_trade_written_as_a_title_is_no_part_of_the_name(resolve):
    table, _ = resolve(("a", "Treasurer Sarah Steelman", "PERSON"), ("a", "Steelman", "PERSON"),
                       ("b", "Superstar Nick Cannon", "PERSON"), ("c", "Sarah Steelman", "PERSON"))
    assert ids(table, "a", "Treasurer Sarah Steelman") == ids(table, "a", "Steelman") == ["person:sarah-steelman"]
    assert ids(table, "b", "Superstar Nick Cannon") == ["person:nick-cannon"]


def test_a_family_name_several_people_of_the_article_write_first_is_the_most_recent_of_them(resolve):
    table, _ = resolve(
        ("a", "Kim Jong Un", "PERSON"), ("a", "Kim", "PERSON"),  # after Kim Jong Un: him
        ("a", "Kim Yo Jong", "PERSON"), ("a", "Kim", "PERSON"),  # after his sister's introduction: her
        ("a", "Kim Jong Un", "PERSON"), ("a", "Kim", "PERSON"),
        # Two Bills the article calls by their surnames: a lone "Bill" is no family name, and stays unresolved.
        ("b", "Bill Clinton", "PERSON"), ("b", "Bill Cosby", "PERSON"), ("b", "Clinton", "PERSON"),
        ("b", "Cosby", "PERSON"), ("b", "Bill", "PERSON"))
    rows = table[(table["article_id"] == "a") & (table["text"] == "Kim")]
    assert rows["actor_id"].tolist() == ["person:kim-jong-un", "person:kim-yo-jong", "person:kim-jong-un"]
    assert set(rows["link_rule"]) == {entities.short_forms.FAMILY_NAME_FIRST}
    assert ids(table, "b", "Bill") not in (ids(table, "b", "Bill Clinton"), ids(table, "b", "Bill Cosby"))


def test_a_word_made_of_a_persons_surname_and_a_court_cases_name_are_no_actors(resolve):
    table, _ = resolve(
        ("a", "Barack Obama", "PERSON"), ("a", "Obamacare", "ORG"), ("a", "Obamacare’s", "NORP"),
        ("b", "Donald Trump", "PERSON"), ("b", "Trumpism", "ORG"),
        ("c", "Boris Johnson", "PERSON"), ("c", "Johnson", "PERSON"),  # a surname of its own
        ("d", "Medicare", "ORG"),  # no surname of the corpus: left to the recogniser
        ("e", "Buckley v. Valeo", "PERSON"), ("e", "Brown v Board of Education", "ORG"))  # court cases
    rows = table[table["text"].isin(["Obamacare", "Obamacare’s", "Trumpism"])]
    assert rows["actor_id"].tolist() == [""] * 3
    assert set(rows["link_rule"]) == {entities.non_actors.COINAGE}
    assert ids(table, "c", "Johnson") == ["person:boris-johnson"] and ids(table, "d", "Medicare") == ["org:medicare"]
    cases = table[table["article_id"] == "e"]
    assert cases["actor_id"].tolist() == ["", ""] and set(cases["link_rule"]) == {entities.non_actors.CASE}


def test_an_adjective_the_recogniser_took_for_a_name_is_no_actor(spacy_model, resolve):
    adjectives = english.adjectives(spacy_model)
    described = Doc(spacy_model.vocab, words=["a", "Black", "man"], tags=["DT", "JJ", "NN"], heads=[2, 2, 2],
                    deps=["det", "amod", "ROOT"], ents=["O", "B-ORG", "O"])
    supporter = Doc(spacy_model.vocab, words=["a", "Trump", "supporter"], tags=["DT", "JJ", "NN"], heads=[2, 2, 2],
                    deps=["det", "amod", "ROOT"], ents=["O", "B-PERSON", "O"])
    subject = Doc(spacy_model.vocab, words=["Black", "said", "so"], tags=["JJ", "VBD", "RB"], heads=[1, 1, 1],
                  deps=["nsubj", "ROOT", "advmod"], ents=["B-PERSON", "O", "O"])
    found = spans.describing_word(described.ents[0], adjectives)
    assert (found.text, found.label, found.found_by) == ("Black", "ORG", spans.DESCRIBING_WORD)
    assert spans.describing_word(supporter.ents[0], adjectives) is None  # "trump" is no adjective
    assert spans.describing_word(subject.ents[0], adjectives) is None  # the subject of a verb: a name
    gross = spans.Span(0, 5, "Gross", "PERSON", spans.DESCRIBING_WORD)
    confederate = spans.Span(6, 17, "Confederate", "ORG", spans.DESCRIBING_WORD)
    liberal = spans.Span(18, 25, "Liberal", "ORG", spans.DESCRIBING_WORD)
    recognised = spans.Span(30, 37, "Liberal", "ORG", "spaCy NER")
    kept = spans.without_describing_words([[gross, confederate], [liberal, recognised]], {"gross"})
    assert [(s.text, s.found_by) for s in kept[0] + kept[1][:1]] == [
        ("Gross", "spaCy NER"), ("Confederate", spans.DESCRIBING_WORD), ("Liberal", "spaCy NER")]
    frame = mentions(("a", "Confederate", "ORG"), ("a", "Confederate", "ORG"))
    frame.loc[0, "found_by"] = spans.DESCRIBING_WORD
    table, _ = entities.resolve_actors(frame, entities.ActorRules(), english.dictionary_words(spacy_model), frozenset())
    assert table["actor_id"].tolist() == ["", "org:confederate"]
    assert table["link_rule"].iloc[0] == entities.non_actors.DESCRIBING


def test_an_english_word_in_capitals_is_no_actor_unless_the_corpus_names_something_so(resolve):
    table, _ = resolve(
        ("a", "LISTEN", "ORG"), ("a", "HOST", "PERSON"), ("a", "GREAT", "ORG"),  # words in capitals: no actors
        ("b", "Immigration and Customs Enforcement", "ORG"), ("c", "ICE", "ORG"),  # an organisation's initials
        ("d", "Donald Trump", "PERSON"), ("d", "TRUMP", "PERSON"),  # a name the corpus writes in lower case letters
        ("e", "NATO", "ORG"))  # no English word
    assert table.loc[table["article_id"] == "a", "actor_id"].tolist() == ["", "", ""]
    assert set(table.loc[table["article_id"] == "a", "link_rule"]) == {entities.non_actors.CAPITALS}
    assert ids(table, "c", "ICE") != [""] and ids(table, "d", "TRUMP") != [""] and ids(table, "e", "NATO") == ["org:nato"]


def test_a_laws_name_and_its_initials_are_no_actors_unless_an_organisation_goes_by_them(resolve):
    table, _ = resolve(
        ("a", "the Budget Control Act", "ORG"), ("a", "the Green New Deal", "ORG"), ("a", "the Paris Agreement", "ORG"),
        ("b", "the North American Free Trade Agreement", "ORG"), ("b", "NAFTA", "ORG"), ("c", "NAFTA", "ORG"),
        ("d", "the Environmental Protection Act", "LAW"), ("d", "the Environmental Protection Agency", "ORG"),
        ("d", "EPA", "ORG"),  # an organisation's initials as well: still an actor
        ("e", "the Equal Justice Initiative", "ORG"), ("e", "Yale Law", "ORG"),  # organisations' names end so too
        ("f", "Act", "ORG"))  # one word: no law's name
    laws = table[table["article_id"].isin(["a", "b", "c"])]
    assert laws["actor_id"].tolist() == [""] * 6 and set(laws["link_rule"]) == {entities.non_actors.LAW}
    assert ids(table, "d", "EPA") != [""] and ids(table, "e", "Yale Law") == ["org:yale-law"]
    assert ids(table, "e", "the Equal Justice Initiative") == ["org:equal-justice-initiative"]
    assert ids(table, "f", "Act") == ["org:act"]


def test_a_first_name_alone_is_the_articles_one_person_of_that_first_name_unless_the_corpus_uses_it_as_a_surname(resolve):
    table, _ = resolve(
        ("a", "Hillary Clinton", "PERSON"), ("a", "Hillary", "PERSON"),
        ("b", "Trump Donald John", "PERSON"), ("b", "Trump", "PERSON"),  # an inverted name: Trump is a surname
        *((article, "Donald Trump", "PERSON") for article in "cdef"))
    assert ids(table, "a", "Hillary") == ["person:hillary-clinton"]
    assert table.loc[table["text"] == "Hillary", "link_rule"].tolist() == ["first name (same article)"]
    assert ids(table, "b", "Trump") == ["person:donald-trump"]  # the surname of four articles' introductions


def test_initials_in_capitals_after_a_name_are_no_surname(resolve):
    table, _ = resolve(("a", "California GOP", "PERSON"), ("a", "GOP", "ORG"), ("a", "GOP", "ORG"),
                       ("b", "Paul Ryan FDR", "PERSON"), ("d", "Paul Ryan", "PERSON"), ("d", "Paul Ryan", "PERSON"),
                       ("c", "MITCH MCCONNELL", "PERSON"), ("c", "Louis XIV", "PERSON"))
    assert not any(a.startswith("person:") for a in ids(table, "a", "GOP"))  # not the surname of "California GOP"
    assert ids(table, "b", "Paul Ryan FDR") == ["person:paul-ryan"]  # a page's button run into the name: the name
    assert ids(table, "c", "MITCH MCCONNELL") == ["person:mitch-mcconnell"]  # a headline in capitals
    assert ids(table, "c", "Louis XIV") == ["person:louis-xiv"]


def test_a_full_name_of_three_words_is_only_a_person_one_of_its_words_names(resolve):
    table, _ = resolve(
        *((article, "Diane Black", "PERSON") for article in "ab"), ("a", "Black", "PERSON"),
        *((article, "Marie Yovanovitch", "PERSON") for article in "cd"), ("c", "Yovanovitch", "PERSON"),
        ("e", "Dustin Lance Black", "ORG"),  # a first name the nicknames table lacks, and a middle name: not Diane
        ("f", "Ukraine Marie Yovanovitch", "ORG"),  # a word run on before her: her first name is among the words
        *((article, "Lisa Murkowski", "PERSON") for article in "gh"), ("g", "Murkowski", "PERSON"),
        ("i", "Manchin and Murkowski", "ORG"))  # two people in one span: the last, as the surname alone goes
    assert ids(table, "e", "Dustin Lance Black") != ["person:diane-black"]
    assert ids(table, "f", "Ukraine Marie Yovanovitch") == ["person:marie-yovanovitch"]
    assert ids(table, "i", "Manchin and Murkowski") == ["person:lisa-murkowski"]


def test_a_full_name_or_a_suffix_the_recogniser_did_not_call_a_person_keeps_its_first_name_and_suffix(resolve):
    table, _ = resolve(
        *((article, "Bernie Sanders", "PERSON") for article in "ab"), ("a", "Sanders", "PERSON"),
        ("c", "Jane Sanders", "ORG"), ("d", "Mike Pence", "PERSON"), ("d", "Pence", "PERSON"), ("d", "Mary Pence", "ORG"),
        *((article, "Charlie Dent", "PERSON") for article in "ef"), ("e", "Dent", "PERSON"), ("g", "Congressman Dent", "ORG"),
        ("h", "Donald Trump", "PERSON"), ("h", "Donald Jr.", "PERSON"),
        ("i", "Donald Trump", "PERSON"), ("i", "Donald Trump Jr.", "PERSON"), ("j", "Donald Trump", "PERSON"),
        ("k", "Trump Jr.", "PERSON"))
    assert ids(table, "c", "Jane Sanders") != ["person:bernie-sanders"]
    assert ids(table, "d", "Mary Pence") != ["person:mike-pence"]
    assert ids(table, "g", "Congressman Dent") == ["person:charlie-dent"]  # no first name: the surname decides
    assert ids(table, "h", "Donald Jr.") != ["person:donald-trump"]  # the son's first name, not the father
    assert ids(table, "k", "Trump Jr.") == ["person:donald-trump-jr"]


def test_family_members_are_told_apart_by_first_name_and_suffix(resolve):
    table, _ = resolve(("a", "Ted Cruz", "PERSON"), ("a", "Heidi Cruz", "PERSON"), ("a", "Duncan Hunter", "PERSON"),
                       ("a", "Duncan Hunter Jr.", "PERSON"))
    assert len(set(table["actor_id"])) == 4


def test_one_person_one_actor_across_middle_names_initials_and_titles(resolve):
    table, _ = resolve(("a", "Donald J. Trump", "PERSON"), ("b", "Donald Trump", "PERSON"),
                       ("c", "President Donald John Trump", "PERSON"), ("d", "House Speaker John A. Boehner", "PERSON"),
                       ("e", "John Boehner", "PERSON"), ("f", "NJ Gov Chris Christie", "PERSON"), ("g", "Chris Christie", "PERSON"),
                       ("h", "Hillary Rodham Clinton", "PERSON"), ("i", "Hillary Diane Rodham Clinton", "PERSON"),
                       ("j", "Hillary Clinton", "PERSON"))
    assert set(table.loc[table["text"].str.contains("Trump"), "actor_id"]) == {"person:donald-trump"}
    assert table.loc[table["text"].str.contains("Hillary"), "actor_id"].nunique() == 1  # a middle name among more
    assert set(table.loc[table["text"].str.contains("Boehner"), "actor_id"]) == {"person:john-boehner"}
    assert set(table.loc[table["text"].str.contains("Christie"), "actor_id"]) == {"person:chris-christie"}


def test_conflicting_middle_names_are_two_people_and_the_plain_name_is_reported(resolve):
    table, ambiguous = resolve(("a", "George W. Bush", "PERSON"), ("b", "George H. W. Bush", "PERSON"),
                               ("c", "George Bush", "PERSON"), ("d", "George H. W. Bush", "PERSON"), ("d", "George Bush", "PERSON"),
                               ("e", "George H.W. Bush", "PERSON"))
    assert ids(table, "a", "George W. Bush") != ids(table, "b", "George H. W. Bush")
    assert ids(table, "e", "George H.W. Bush") == ids(table, "b", "George H. W. Bush")  # initials written together
    assert ids(table, "d", "George Bush") == ids(table, "b", "George H. W. Bush")  # its article says which
    assert ambiguous[["article_id", "text"]].values.tolist() == [["c", "George Bush"]]  # reported, not guessed


def test_a_plain_name_takes_the_middle_name_most_of_the_corpus_writes(resolve):
    table, ambiguous = resolve(*[(a, "Paul D. Ryan", "PERSON") for a in "abcd"], ("e", "Paul Davis Ryan", "PERSON"),
                               ("f", "Paul S. Ryan", "PERSON"), ("g", "Paul Ryan", "PERSON"))
    assert ids(table, "g", "Paul Ryan") == ids(table, "a", "Paul D. Ryan") == ids(table, "e", "Paul Davis Ryan")
    assert ids(table, "f", "Paul S. Ryan") != ids(table, "g", "Paul Ryan") and ambiguous.empty
    assert table.loc[table["article_id"] == "g", "link_rule"].item() == "middle name (corpus)"
    # "J." may be John or James: not enough to call the plain name either.
    table, ambiguous = resolve(("a", "Tom J. Cole", "PERSON"), ("b", "Tom John Cole", "PERSON"),
                               ("c", "Tom James Cole", "PERSON"), ("d", "Tom Cole", "PERSON"))
    assert len(set(table["actor_id"])) == 4 and ambiguous["text"].tolist() == ["Tom Cole"]


def test_a_suffix_tells_people_apart_only_where_an_article_writes_both(resolve):
    table, _ = resolve(("a", "Eric H. Holder Jr.", "PERSON"), ("b", "Eric Holder", "PERSON"),
                       ("c", "Donald Trump", "PERSON"), ("c", "Donald Trump Jr.", "PERSON"), ("d", "Donald Trump Jr.", "PERSON"))
    assert ids(table, "a", "Eric H. Holder Jr.") == ids(table, "b", "Eric Holder")
    assert ids(table, "d", "Donald Trump Jr.") == ["person:donald-trump-jr"] != ids(table, "c", "Donald Trump")


def test_a_suffixed_name_after_the_surname_alone_is_a_relative_of_the_person_the_reader_knows(resolve):
    # Article a writes "Trump" for someone already known, then introduces "Donald Trump Jr.": the son.
    table, _ = resolve(("a", "Trump", "PERSON"), ("a", "Donald Trump Jr.", "PERSON"), ("b", "Donald Trump", "PERSON"),
                       ("c", "Eric H. Holder Jr.", "PERSON"), ("c", "Holder", "PERSON"), ("d", "Eric Holder", "PERSON"))
    assert ids(table, "a", "Donald Trump Jr.") == ["person:donald-trump-jr"] != ids(table, "b", "Donald Trump")
    assert ids(table, "c", "Eric H. Holder Jr.") == ids(table, "d", "Eric Holder")  # full name first: one person


def test_nicknames_merge_when_one_person_of_that_surname_fits(resolve):
    table, _ = resolve(("a", "Chuck Grassley", "PERSON"), ("b", "Charles E. Grassley", "PERSON"),
                       ("c", "Liz Cheney", "PERSON"), ("d", "Elizabeth Cheney", "PERSON"), ("d", "Mary Cheney", "PERSON"))
    assert ids(table, "a", "Chuck Grassley") == ids(table, "b", "Charles E. Grassley")
    assert ids(table, "c", "Liz Cheney") == ids(table, "d", "Elizabeth Cheney") != ids(table, "d", "Mary Cheney")
    assert set(table.loc[table["text"] == "Charles E. Grassley", "link_rule"]) <= {"nickname"} | {"middle name or initial"}


def test_double_surnames_and_trailing_names(resolve):
    table, _ = resolve(("a", "Enrique Peña Nieto", "PERSON"), ("a", "Peña Nieto", "PERSON"), ("a", "Peña", "GPE"),
                       ("b", "Peña Nieto", "PERSON"), ("c", "Enrique Peña Nieto", "PERSON"))
    assert set(table["actor_id"]) == {"person:enrique-pena-nieto"}


def test_a_one_word_fragment_of_an_organisation_never_links_by_containment(resolve):
    table, _ = resolve(("a", "Obama White House", "PERSON"), ("a", "House", "ORG"), ("a", "State Department", "ORG"),
                       ("a", "State", "ORG"), ("b", "the House", "ORG"))
    assert ids(table, "a", "Obama White House") == ["org:obama-white-house"]  # an institution's name, not a person
    assert ids(table, "a", "House") == ids(table, "b", "the House") == ["org:house"]
    assert ids(table, "a", "State Department") == ["org:state-department"] != ids(table, "a", "State")


def test_fuzzy_matching_never_merges_a_dictionary_word_or_two_places(resolve):
    table, _ = resolve(("a", "Marine", "ORG"), ("b", "Maine", "GPE"), ("c", "Qassem Soleimani", "PERSON"),
                       ("d", "Qasem Soleimani", "PERSON"), ("e", "Brussels", "GPE"), ("f", "Brussel", "GPE"))
    assert ids(table, "a", "Marine") != ids(table, "b", "Maine")
    assert ids(table, "c", "Qassem Soleimani") == ids(table, "d", "Qasem Soleimani")
    assert ids(table, "e", "Brussels") == ids(table, "f", "Brussel")


def test_a_lone_surname_elsewhere_goes_to_the_dominant_person_or_is_reported(resolve):
    people = [("a", "Barack Obama", "PERSON")] * 9 + [("b", "Michelle Obama", "PERSON")]
    table, ambiguous = resolve(*people, ("c", "Obama", "PERSON"), ("d", "Ann Lee", "PERSON"), ("e", "Tom Lee", "PERSON"),
                               ("f", "Lee", "PERSON"))
    assert ids(table, "c", "Obama") == ["person:barack-obama"]  # 9 of 10 uses of the surname
    assert table.loc[table["article_id"] == "c", "link_rule"].item() == "surname (corpus)"
    assert ids(table, "f", "Lee") == ["person:lee"] and ambiguous["text"].tolist() == ["Lee"]


def test_a_name_labelled_an_organisation_follows_its_article_or_the_corpus_label_vote(resolve):
    table, _ = resolve(("a", "Donald Trump", "PERSON"), ("b", "Trump", "PERSON"), ("b", "Trump", "ORG"),
                       ("c", "Ford", "ORG"), ("d", "Gerald Ford", "PERSON"), ("e", "Ford", "ORG"))
    assert set(table.loc[table["article_id"] == "b", "actor_id"]) == {"person:donald-trump"}
    assert ids(table, "c", "Ford") == ["org:ford"]  # the corpus calls "Ford" a company more often


def test_headline_words_and_no_ones_names_are_not_people(resolve):
    table, _ = resolve(("a", "Barack Obama", "PERSON"), ("b", "Plus Obama", "PERSON"), ("c", "Obama Willing", "PERSON"),
                       ("d", "Dad", "PERSON"), ("e", "Other Rural States", "PERSON"), ("f", "Resigns", "PERSON"),
                       ("g", "Seth Hutchinson", "PERSON"), ("g", "Hutchinsons", "PERSON"))
    assert set(table.loc[table["article_id"].isin(["a", "b", "c"]), "actor_id"]) == {"person:barack-obama"}
    assert table.loc[table["article_id"].isin(["d", "e", "f"]), "actor_id"].tolist() == ["", "", ""]
    assert ids(table, "g", "Hutchinsons") == ["group:hutchinsons"]  # the family, not one of them


def test_a_known_first_name_that_is_also_a_verb_starts_a_name(resolve):
    # "harry", "kit" and "jimmy" are verbs too, but first names: no headline's word run into a surname.
    table, _ = resolve(("a", "Harry Reid", "PERSON"), ("a", "Reid", "PERSON"), ("b", "Kit Bond", "PERSON"),
                       ("c", "James Bond", "PERSON"), ("d", "Howard Stern", "PERSON"), ("e", "Jim Howard", "PERSON"),
                       ("f", "Plus Reid", "PERSON"))
    assert ids(table, "a", "Reid") == ids(table, "a", "Harry Reid") == ["person:harry-reid"]
    assert ids(table, "b", "Kit Bond") == ["person:kit-bond"]  # not James Bond
    assert ids(table, "d", "Howard Stern") == ["person:howard-stern"]  # "stern" no headline word either
    assert ids(table, "f", "Plus Reid") == ["person:harry-reid"]  # "plus" is no first name


def test_a_verb_prose_writes_as_a_name_is_a_name(resolve):
    sentences = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "sentence_id": [0, 0, 0, 0],
                              "start_char": [0, 0, 0, 0],
                              "text": ["Trump fired back on Twitter within the hour.", "He deleted his Twitter account.",
                                       "Farenthold Resigns After Ethics Report", "They met Hope at the office."]})
    found = mentions(("a", "Twitter", "PERSON"), ("b", "Twitter", "PERSON"), ("c", "Resigns", "PERSON"),
                     ("d", "Hope", "PERSON"))
    found["sentence_id"], found["start_char"] = 0, [s.index(w) for s, w in zip(sentences["text"], found["text"])]
    # Written with a capital inside prose in two articles: a name; in a headline, or once, not.
    assert entities.names_in_prose(found, sentences) == {"twitter"}
    table, _ = resolve(("a", "Twitter", "PERSON"), ("c", "Resigns", "PERSON"), prose_names=frozenset({"twitter"}))
    assert table["actor_id"].tolist() == ["person:twitter", ""]
    # Nor is a surname prose writes alone a headline's word run into a name ("Chuck Todd" and "Todd Akin").
    table, _ = resolve(("a", "Todd Akin", "PERSON"), ("b", "Chuck Todd", "PERSON"), ("c", "Brian Todd", "PERSON"),
                       prose_names=frozenset({"akin"}))
    assert ids(table, "a", "Todd Akin") == ["person:todd-akin"]


def _doc(nlp, words, entity):
    doc = Doc(nlp.vocab, words=words)
    start, end, label = entity
    doc.ents = [SpacySpan(doc, start, end, label=label)]
    return doc


def test_entity_spans_are_put_right(spacy_model, dictionary):
    doc = _doc(spacy_model, ["Mitt", "Romney", "'s", "Medicare", "plan", "failed"], (0, 4, "PERSON"))
    assert [s.text for s in spans.corrected(doc.ents[0], dictionary, doc.text)] == ["Mitt Romney"]
    doc = _doc(spacy_model, ["the", "Sanders", "campaign", "said"], (1, 2, "PERSON"))
    assert [(s.text, s.label) for s in spans.corrected(doc.ents[0], dictionary, doc.text)] == [("Sanders campaign", "ORG")]
    doc = _doc(spacy_model, ["Hillary", "Clinton", "’s", "campaign", "said"], (0, 3, "PERSON"))  # a possessive
    assert [(s.text, s.label) for s in spans.corrected(doc.ents[0], dictionary, doc.text)] == [("Hillary Clinton ’s", "PERSON")]
    doc = _doc(spacy_model, ["Trump", "’s", "campaign", "said"], (0, 3, "ORG"))
    assert [(s.text, s.label) for s in spans.corrected(doc.ents[0], dictionary, doc.text)] == [("Trump", "PERSON")]
    doc = _doc(spacy_model, ["President", "Enrique", "Peña", "Nieto", "said"], (1, 3, "PERSON"))
    assert [s.text for s in spans.corrected(doc.ents[0], dictionary, doc.text)] == ["Enrique Peña Nieto"]
    doc = _doc(spacy_model, ["Congress", "’s", "Office", "of", "Compliance", "paid"], (0, 5, "ORG"))
    assert [s.text for s in spans.corrected(doc.ents[0], dictionary, doc.text)] == ["Congress", "Office of Compliance"]
    run_on = spans.Span(0, 15, "Rand Paul Calls", "PERSON", "spaCy NER")
    assert spans.cut_run_on(run_on, {"rand paul"}, {"paul"}, english.verb_lemmas(spacy_model)).text == "Rand Paul"


def test_names_the_recogniser_missed_are_found_where_the_article_writes_them_again():
    taken = [spans.Span(0, 16, "Blake Farenthold", "PERSON", "spaCy NER"),
             spans.Span(30, 67, "U.S. Immigration and Customs Enforcement", "ORG", "spaCy NER")]
    names = spans.repeatable_names(taken)
    assert {"Blake Farenthold", "Farenthold", "ICE"} <= set(names)
    found = spans.repeats("Farenthold resigned; ICE said Will would decide.", [], names, {"will"})
    assert [(s.text, s.found_by) for s in found] == [("Farenthold", "repeat of a recognised name"),
                                                       ("ICE", "repeat of a recognised name")]
    titled = spans.titled_names("Mr. Trump met Justice Kennedy and the Justice Department.", [])
    assert [s.text for s in titled] == ["Trump", "Kennedy"]


def test_an_organisation_the_recogniser_missed_is_found_where_its_acronym_follows_it_in_brackets():
    def found(sentence, taken=()):
        return [(s.text, s.label) for s in spans.bracketed_acronyms(sentence, list(taken))]

    assert found("A charity, the Falah-e-Insaniat Foundation (FIF), was banned.") == [
        ("Falah-e-Insaniat Foundation", "ORG"), ("FIF", "ORG")]
    assert found("Jamaat-ud-Dawa (JuD) denied it.") == [("Jamaat-ud-Dawa", "ORG"), ("JuD", "ORG")]
    named = spans.Span(4, 30, "National Rifle Association", "ORG", "spaCy NER")  # only the acronym is new
    assert found("The National Rifle Association (NRA) sued.", [named]) == [("NRA", "ORG")]
    for nothing in ("the Voting Rights Act (VRA) passed.", "the Joint Comprehensive Plan of Action (JCPoA) held.",
                    "President John F. Kennedy (JFK) spoke.", "its Security Advisory Opinions (SAOs) came.",
                    "the rates (GDP) rose."):
        assert found(nothing) == []
    # The acronym is a name later uses can repeat.
    names = spans.repeatable_names(spans.bracketed_acronyms("the Falah-e-Insaniat Foundation (FIF) said", []))
    assert names.get("FIF") == "ORG"


def test_organisation_names_recognised_elsewhere_in_the_corpus_are_found_again():
    sentences = pd.DataFrame({"article_id": ["a", "b", "c", "c"], "sentence_id": [0, 0, 0, 1], "block_kind": "body",
                              "text": ["HuffPost reported it.", "HuffPost said so.", "A HuffPost editor spoke.",
                                       "Fox News aired it."], "start_char": [0, 0, 0, 30]})
    texts = pd.DataFrame({"article_id": ["a", "b", "c"], "text": ["HuffPost reported it.", "HuffPost said so.",
                                                                   "A HuffPost editor spoke." + " " * 6 + "Fox News aired it."]})
    found = mentions(("a", "HuffPost", "ORG"), ("b", "HuffPost", "ORG"))
    found = found.assign(start_char=0, end_char=8, sentence_id=0)
    found = pd.concat([found, mentions(("a", "Fox News", "ORG")).assign(article_id="b", start_char=100, end_char=108),
                       mentions(("a", "Fox News", "ORG")).assign(article_id="a", start_char=100, end_char=108),
                       pd.DataFrame([{"article_id": "c", "sentence_id": 1, "block_kind": "body", "start_char": 30,
                                      "end_char": 33, "text": "Fox", "label": "PERSON", "found_by": "spaCy NER",
                                      "in_quote": False}])], ignore_index=True)
    result = gazetteer.with_corpus_names(found, sentences, texts, set())
    in_c = result[result["article_id"] == "c"]
    assert in_c[["text", "label", "found_by"]].values.tolist() == [
        ["HuffPost", "ORG", gazetteer.FOUND_BY], ["Fox News", "ORG", gazetteer.FOUND_BY]]  # "Fox" gave way


def test_an_organisation_inside_a_persons_office_title_is_not_a_mention():
    sentence = "Secretary of State Mike Pompeo met the Secretary of State's staff at the State Department."
    found = [spans.Span(13, 18, "State", "ORG", "spaCy NER"), spans.Span(19, 30, "Mike Pompeo", "PERSON", "spaCy NER"),
             spans.Span(52, 57, "State", "ORG", "spaCy NER"), spans.Span(73, 89, "State Department", "ORG", "spaCy NER")]
    assert sentence[73:89] == "State Department"
    # The first "State" is the title's, before the name; the second has no name after it, the third is no title.
    assert [s.start for s in spans.without_office_titles(sentence, found)] == [19, 52, 73]
    # "of the" names a body of its own: "the House" stays a mention.
    sentence = "Speaker of the House Nancy Pelosi spoke."
    found = [spans.Span(15, 20, "House", "ORG", "spaCy NER"), spans.Span(21, 33, "Nancy Pelosi", "PERSON", "spaCy NER")]
    assert [s.text for s in spans.without_office_titles(sentence, found)] == ["House", "Nancy Pelosi"]
    sentence = "Chairman of the Congressional Hispanic Caucus Joaquin Castro spoke."  # the span has the "the"
    found = [spans.Span(12, 45, "the Congressional Hispanic Caucus", "ORG", "spaCy NER"),
             spans.Span(46, 60, "Joaquin Castro", "PERSON", "spaCy NER")]
    assert sentence[12:45] == found[0].text and len(spans.without_office_titles(sentence, found)) == 2
    # Nor does the corpus's list of organisation names put a title's organisation back (offsets into the article).
    sentences = pd.DataFrame({"article_id": ["a", "b", "c"], "sentence_id": 1, "block_kind": "body", "start_char": 10,
                              "text": ["Director of National Intelligence Dan Coats spoke.", "National Intelligence said.",
                                       "National Intelligence agreed."]})
    texts = pd.DataFrame({"article_id": ["a", "b", "c"], "text": [" " * 10 + t for t in sentences["text"]]})
    found = pd.concat([mentions(("b", "National Intelligence", "ORG")).assign(start_char=10, end_char=31),
                       mentions(("c", "National Intelligence", "ORG")).assign(start_char=10, end_char=31),
                       mentions(("a", "Dan Coats", "PERSON")).assign(start_char=44, end_char=53)],
                      ignore_index=True).assign(sentence_id=1)
    result = gazetteer.with_corpus_names(found, sentences, texts, set())
    assert result.loc[result["article_id"] == "a", "text"].tolist() == ["Dan Coats"]


def test_a_name_the_article_introduced_is_found_again_after_a_hyphenated_prefix():
    names = {"Trump": "PERSON", "Donald Trump": "PERSON"}
    sentence = "An anti-Trump ad, a Pro-Trump rally, a bar-Trump pun."
    found = spans.repeats(sentence, [], names, set())
    assert [(s.start, s.text) for s in found] == [(8, "Trump"), (24, "Trump")]


def test_a_name_the_corpus_knows_is_found_after_a_hyphenated_prefix():
    sentences = pd.DataFrame({"article_id": ["a", "b", "c"], "sentence_id": 1, "block_kind": "body", "start_char": 0,
                              "text": ["Pelosi spoke.", "Pelosi left.", "An anti-Pelosi ad and a pro-Pelosi, anti-war one."]})
    texts = sentences[["article_id", "text"]]
    found = mentions(("a", "Pelosi", "PERSON"), ("b", "Pelosi", "PERSON")).assign(sentence_id=1, start_char=0, end_char=6)
    result = gazetteer.with_corpus_names(found, sentences, texts, set())
    added = result[result["article_id"] == "c"]
    assert added[["start_char", "end_char", "text", "found_by"]].values.tolist() == [
        [8, 14, "Pelosi", gazetteer.FOUND_BY], [28, 34, "Pelosi", gazetteer.FOUND_BY]]


def test_a_name_labelled_a_thing_takes_the_actor_label_the_corpus_gives_it():
    found = mentions(("a", "the White House", "ORG"), ("b", "White House", "ORG"), ("c", "The White House's", "ORG"),
                     ("d", "the White House", "FAC"),
                     ("a", "WikiLeaks", "ORG"), ("b", "WikiLeaks", "PRODUCT"),  # an organisation in half its uses only
                     ("a", "Hamilton", "WORK_OF_ART"), ("b", "Hamilton", "PERSON"), ("c", "Hamilton", "WORK_OF_ART"),
                     ("a", "Easter", "DATE"), ("b", "Easter", "PERSON"), ("c", "Easter", "PERSON"),  # a date is no thing
                     ("a", "Pentagon", "ORG"), ("a", "Pentagon", "ORG"), ("a", "Pentagon", "ORG"),
                     ("b", "Pentagon", "FAC"),  # three of four uses, all in one article
                     ("a", "Kremlin", "ORG"), ("b", "Kremlin", "ORG"), ("c", "Kremlin", "ORG"), ("d", "Kremlin", "FAC"))
    # Only the recogniser's own labels count: two of the Kremlin's organisation labels are repeats.
    found.loc[[17, 18], "found_by"] = "repeat of a recognised name"
    result = gazetteer.with_corpus_labels(found)
    assert result[["text", "label", "found_by"]].values.tolist()[3] == ["the White House", "ORG", gazetteer.RELABELLED]
    assert result.loc[[5, 6, 8, 9, 15, 19], "label"].tolist() == ["PRODUCT", "WORK_OF_ART", "WORK_OF_ART", "DATE", "FAC",
                                                                 "FAC"]
    assert (result.drop(index=3) == found.drop(index=3)).all().all()
    assert gazetteer.with_corpus_labels(found.iloc[:0]).empty


def test_a_person_mostly_written_after_on_or_via_is_a_medium():
    sentences = ["He said so on Twitter.", "Twitter suspended the account.", "He posted it on Twitter.",
                 "A video shared via Twitter.", "Pressure on Pelosi grew.", "Pelosi said no.", "Pelosi left.",
                 "Pelosi spoke.", "Pelosi agreed.", "Pelosi waited.", "He wrote on Twitter again.",
                 "Twitter said nothing.", "On Jensen, see below.", "Jensen replied."]
    texts = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(sentences))], "text": sentences})
    words = ["Twitter"] * 4 + ["Pelosi"] * 6 + ["Twitter"] * 2 + ["Jensen"] * 2
    found = mentions(*((a, w, "PERSON") for a, w in zip(texts["article_id"], words)))
    found["start_char"] = [t.index(w) for t, w in zip(sentences, words)]
    found["end_char"] = found["start_char"] + found["text"].str.len()
    result = gazetteer.with_platform_labels(found, texts)
    assert set(result.loc[result["text"] == "Twitter", "label"]) == {"ORG"}  # 4 of 6 after "on" or "via"
    assert set(result.loc[result["text"] == "Twitter", "found_by"]) == {gazetteer.PLATFORM_RELABELLED}
    assert set(result.loc[result["text"] != "Twitter", "label"]) == {"PERSON"}  # Pelosi 1 of 6; Jensen: 2 uses only
    assert gazetteer.with_platform_labels(found.iloc[:0], texts).empty


def test_a_formal_name_with_its_suffix_and_the_nickname_without_it_are_one_person(resolve):
    table, _ = resolve(("a", "Joseph R. Biden Jr.", "PERSON"), ("b", "Joe Biden", "PERSON"),
                       ("c", "Donald Trump", "PERSON"), ("d", "Don Trump Jr.", "PERSON"))
    assert ids(table, "a", "Joseph R. Biden Jr.") == ids(table, "b", "Joe Biden")
    assert ids(table, "c", "Donald Trump") != ids(table, "d", "Don Trump Jr.")  # the nickname kept the suffix: the son


def test_a_surname_written_alone_in_many_articles_needs_more_than_one_introduction(resolve):
    # "Fox" alone in eight articles, "Liam Fox" in one: the eight mean something else (the channel).
    table, ambiguous = resolve(("a", "Liam Fox", "PERSON"), *[(f"fox{i}", "Fox", "PERSON") for i in range(8)],
                       # Introduced in two articles of twelve that use the surname alone: a famous man, not introduced.
                       ("p1", "Vladimir Putin", "PERSON"), ("p2", "Vladimir Putin", "PERSON"),
                       *[(f"putin{i}", "Putin", "PERSON") for i in range(12)],
                       # A corpus of three articles on one event that introduces its man in one of them.
                       ("s1", "Qassem Soleimani", "PERSON"), ("s2", "Soleimani", "PERSON"), ("s3", "Soleimani", "PERSON"))
    fox = table[table["text"] == "Fox"]
    assert set(fox["actor_id"]) == {"person:fox"}
    assert set(fox["link_rule"]) == {"unmerged: its full name is in too few articles"}
    reported = ambiguous[ambiguous["text"] == "Fox"]  # and reported, with the evidence
    assert len(reported) == 8 and set(reported["reason"]) == {"full name in 1 article(s), the word alone in 8"}
    assert set(table.loc[table["text"] == "Putin", "actor_id"]) == {"person:vladimir-putin"}
    assert set(table.loc[table["text"] == "Soleimani", "actor_id"]) == {"person:qassem-soleimani"}


def test_web_page_run_ons_are_cut_to_the_name_the_corpus_writes(resolve):
    table, _ = resolve(("a", "John McCain", "PERSON"), ("b", "Add John McCain", "PERSON"),  # "Add X as an interest"
                       ("c", "Bernie Sanders", "PERSON"), ("d", "Add Bernie Sanders", "PERSON"),
                       *[(f"e{i}", "Donald Trump", "PERSON") for i in range(5)], ("g", "Trump Donald", "PERSON"),
                       ("r1", "Ryan Paul", "PERSON"),  # written the other way round only a few times more: left as is
                       ("h", "Paul Ryan", "PERSON"), ("i", "Paul Ryan", "PERSON"), ("j", "Rand Paul", "PERSON"),
                       ("k", "Paul Ryan Rand Paul", "PERSON"))
    assert ids(table, "b", "Add John McCain") == ids(table, "a", "John McCain") == ["person:john-mccain"]
    assert ids(table, "d", "Add Bernie Sanders") == ["person:bernie-sanders"]
    assert ids(table, "g", "Trump Donald") == ["person:donald-trump"]  # surname first
    assert ids(table, "r1", "Ryan Paul") == ["person:ryan-paul"]
    assert ids(table, "k", "Paul Ryan Rand Paul") == ["person:paul-ryan"]
    assert ids(table, "j", "Rand Paul") == ["person:rand-paul"]
    # A middle name is no run-on when the corpus writes the first and last words as a name more often.
    table, _ = resolve(("a", "Hillary Rodham Clinton", "PERSON"), ("b", "Hillary Rodham", "PERSON"),
                       ("c", "Hillary Rodham", "PERSON"), ("d", "Clinton Portis", "PERSON"),
                       *[(f"e{i}", "Hillary Clinton", "PERSON") for i in range(3)])
    assert ids(table, "a", "Hillary Rodham Clinton") == ids(table, "e0", "Hillary Clinton") == ["person:hillary-clinton"]


def test_a_first_name_and_surname_are_not_taken_for_the_end_of_a_longer_name(resolve):
    table, _ = resolve(("a", "Enrique Peña Nieto", "PERSON"), ("b", "Peña Nieto", "PERSON"),
                       ("c", "Willard Mitt Romney", "PERSON"), ("d", "Mitt Romney", "PERSON"),
                       ("e", "Xqz Donald Trump", "PERSON"), ("f", "Donald Trump", "PERSON"), ("g", "Donald Trump", "PERSON"))
    assert ids(table, "b", "Peña Nieto") == ids(table, "a", "Enrique Peña Nieto")
    assert ids(table, "d", "Mitt Romney") == ids(table, "c", "Willard Mitt Romney")
    assert table.loc[table["article_id"] == "d", "link_rule"].item() == "last words of a longer name (corpus)"
    assert ids(table, "f", "Donald Trump") == ["person:donald-trump"]  # "Donald" is a first name: not "Xqz Donald Trump"
    assert ids(table, "e", "Xqz Donald Trump") != ["person:donald-trump"]


def test_a_two_word_name_beside_another_name_of_the_longer_ones_person_is_someone_else(resolve):
    table, _ = resolve(("a", "Omar Mir Seddique Mateen", "PERSON"), ("b", "Omar Mateen", "PERSON"),
                       ("b", "Seddique Mateen", "PERSON"), ("c", "Seddique Mateen", "PERSON"))
    assert ids(table, "b", "Omar Mateen") == ids(table, "a", "Omar Mir Seddique Mateen")
    assert ids(table, "b", "Seddique Mateen") == ids(table, "c", "Seddique Mateen") != ids(table, "b", "Omar Mateen")


def test_a_person_is_named_by_the_full_name_written_most_even_when_it_is_the_end_of_a_longer_one(resolve):
    table, _ = resolve(("a", "Willard Mitt Romney", "PERSON"), *[(f"b{i}", "Mitt Romney", "PERSON") for i in range(3)])
    assert ids(table, "a", "Willard Mitt Romney") == ids(table, "b0", "Mitt Romney") == ["person:mitt-romney"]
    assert set(table["actor_name"]) == {"Mitt Romney"}


def test_a_quoted_nickname_does_not_cut_a_name(spacy_model, dictionary):
    words, spaces = ["appointed", "William", '"', "Mo", '"', "Cowan", "to"], [True, True, False, False, True, True, False]
    for entity in ((1, 2), (1, 4)):  # 'William' or 'William "Mo' recognised, the rest left out or another entity
        doc = Doc(spacy_model.vocab, words=words, spaces=spaces)
        doc.ents = [SpacySpan(doc, *entity, label="PERSON")]
        assert [s.text for s in spans.corrected(doc.ents[0], dictionary, doc.text)] == ['William "Mo" Cowan']
    # Scare quotes in a headline are no nickname: what follows is no surname.
    doc = Doc(spacy_model.vocab, words=["Obama", '"', "Disgusted", '"', "By", "Leaks"], spaces=[True, False, False, True, True, False])
    doc.ents = [SpacySpan(doc, 0, 1, label="PERSON")]
    assert [s.text for s in spans.corrected(doc.ents[0], dictionary, doc.text)] == ["Obama"]
    assert entities.resolution.person_name('William "Mo" Cowan').words == ("william", "cowan")
    # A nickname is no middle name: 'Mitt "Romneycare" Romney' does not make "W. Mitt Romney" someone else.
    assert entities.resolution.person_name('Mitt "Romneycare" Romney').words == ("mitt", "romney")
    assert entities.resolution.person_name("Louis (Louie) Gohmert").words == ("louis", "gohmert")


def test_bullets_quotes_and_arrows_around_a_name_are_not_part_of_it():
    from newsbias.names import clean_name

    assert [clean_name(t) for t in ["• Associated Press", "> Supreme Court", "“Trump”", "the U.S.", "(OBM)", "Disney+", "•"]] == [
        "Associated Press", "Supreme Court", "Trump", "US", "OBM", "Disney+", ""]


def test_an_ordinal_before_an_organisation_is_part_of_its_name(spacy_model, dictionary):
    doc = Doc(spacy_model.vocab, words=["the", "6th", "U.S.", "Circuit", "Court", "of", "Appeals", "ruled"])
    doc.ents = [SpacySpan(doc, 1, 2, label="ORDINAL"), SpacySpan(doc, 2, 7, label="ORG")]
    assert [s.text for s in spans.corrected(doc.ents[1], dictionary, doc.text)] == ["6th U.S. Circuit Court of Appeals"]
    doc = Doc(spacy_model.vocab, words=["the", "second", "CNN", "debate"])
    doc.ents = [SpacySpan(doc, 1, 2, label="ORDINAL"), SpacySpan(doc, 2, 3, label="ORG")]
    assert [s.text for s in spans.corrected(doc.ents[1], dictionary, doc.text)] == ["CNN"]  # which debate, not which CNN


def test_a_group_and_its_plural_are_one_group(resolve):
    table, _ = resolve(("a", "Republican", "NORP"), ("a", "Republicans", "NORP"), ("b", "Republicans", "NORP"),
                       ("c", "Kurd", "NORP"), ("c", "Kurds", "NORP"), ("d", "Iranians", "NORP"), ("d", "Iranian", "NORP"))
    assert ids(table, "a", "Republican") == ids(table, "b", "Republicans") == ["group:republicans"]
    assert table.loc[table["text"] == "Republican", "link_rule"].tolist() == ["plural"]
    assert ids(table, "c", "Kurd") == ids(table, "c", "Kurds")
    assert ids(table, "d", "Iranians") == ids(table, "d", "Iranian") == ["place:iran"]  # demonyms: the country's
    # The adjective in "-ic" is the group when the corpus names the group by the stem: "Democratic" senators.
    table, _ = resolve(("a", "Democrats", "NORP"), ("b", "Democrat", "NORP"), ("c", "Democratic", "NORP"),
                       ("d", "Hispanic", "NORP"), ("e", "Hispanics", "NORP"))
    assert ids(table, "c", "Democratic") == ids(table, "a", "Democrats") == ids(table, "b", "Democrat")
    assert table.loc[table["text"] == "Democratic", "link_rule"].tolist() == ["adjective"]
    assert ids(table, "d", "Hispanic") == ids(table, "e", "Hispanics")  # "Hispan" is no group: the plural rule only
    # By the plural alone too; and with no stem named, the adjective stays a group of its own.
    table, _ = resolve(("a", "Democrats", "NORP"), ("b", "Democratic", "NORP"), ("c", "Islamic", "NORP"),
                       ("d", "Muslims", "NORP"))
    assert ids(table, "b", "Democratic") == ids(table, "a", "Democrats")
    assert ids(table, "c", "Islamic") not in (ids(table, "d", "Muslims"), ids(table, "a", "Democrats"))


def test_a_mocking_nickname_does_not_split_a_person_and_the_name_shown_has_no_initial(resolve):
    table, ambiguous = resolve(("a", "Willard Mitt Romney", "PERSON"), ("b", "Mitt Romney", "PERSON"),
                               ("c", "W. Mitt Romney", "PERSON"), ("c", "Romney", "PERSON"),
                               ("d", 'Mitt "Romneycare" Romney', "PERSON"), ("e", "Mitt Romney", "PERSON"))
    assert set(table["actor_id"]) == {"person:mitt-romney"} and ambiguous.empty


def test_a_one_word_organisation_name_is_the_longer_name_written_with_it_in_most_of_its_articles(resolve):
    fox = [item for i in range(4) for item in ((f"f{i}", "Fox", "ORG"), (f"f{i}", "Fox News", "ORG"))]
    table, _ = resolve(*fox, ("f9", "Fox", "ORG"), ("p", "Liam Fox", "PERSON"),
                       # "House" names a kind of body: never, however often "House Intelligence Committee" is beside it.
                       *[item for i in range(3) for item in ((f"h{i}", "House", "ORG"),
                                                              (f"h{i}", "House Intelligence Committee", "ORG"))],
                       # A surname of a person introduced in two articles stays apart from "Trump administration".
                       ("t1", "Donald Trump", "PERSON"), ("t2", "Donald Trump", "PERSON"),
                       *[item for i in range(3) for item in ((f"u{i}", "Trump", "ORG"), (f"u{i}", "Trump administration", "ORG"))])
    assert set(table.loc[table["text"] == "Fox", "actor_id"]) == {"org:fox-news"}
    assert set(table.loc[table["text"] == "Fox", "link_rule"]) == {"short name"}
    assert ids(table, "h0", "House") != ids(table, "h0", "House Intelligence Committee")
    assert ids(table, "u0", "Trump") != ids(table, "u0", "Trump administration")


def test_a_surname_an_article_wrote_alone_for_the_corpus_person_stays_that_person_after_a_relative(resolve):
    table, _ = resolve(
        ("a", "Trump", "PERSON"), ("a", "Ivanka Trump", "PERSON"), ("a", "Trump", "PERSON"),  # the president first
        ("b", "Donald Trump", "PERSON"), ("b", "Trump", "PERSON"), ("b", "Melania Trump", "PERSON"),
        ("b", "Trump", "PERSON"), ("b", "Donald Trump Jr.", "PERSON"),  # after the president's own introduction
        ("b", "Trump Jr.", "PERSON"),  # a suffix: the son
        *((f"c{i}", "Donald Trump", "PERSON") for i in range(16)), ("e", "Donald J. Trump", "PERSON"),
        ("f", "Ivanka Trump", "PERSON"), ("f", "Trump", "PERSON"),  # the article introduced her first: her
        ("g", "Hillary Clinton", "PERSON"), ("g", "Bill Clinton", "PERSON"), ("g", "Clinton", "PERSON"),
        ("h", "Clinton", "PERSON"), ("h", "Bill Clinton", "PERSON"), ("h", "Clinton", "PERSON"),  # no one dominant
        ("i", "Jane Doe", "PERSON"), ("i", "Doe", "PERSON"), ("i", "John Doe", "PERSON"), ("i", "Doe", "PERSON"))
    assert table.loc[table["article_id"] == "a", "actor_id"].tolist() == [
        "person:donald-trump", "person:ivanka-trump", "person:donald-trump"]
    assert table.loc[[0, 2], "link_rule"].tolist() == [entities.short_forms.KNOWN_BEFORE_INTRODUCTION] * 2
    assert table.loc[table["article_id"] == "b", "actor_id"].tolist() == [
        "person:donald-trump", "person:donald-trump", "person:melania-trump", "person:donald-trump",
        "person:donald-trump-jr", "person:donald-trump-jr"]
    assert ids(table, "f", "Trump") == ["person:ivanka-trump"]
    # Clinton: Hillary 1 of 3 full names, no dominant person: the most recent introduction, as before.
    assert table.loc[table["article_id"] == "h", "actor_id"].tolist() == ["person:bill-clinton"] * 3
    # Doe: each in one article only: the most recent introduction.
    assert table.loc[table["article_id"] == "i", "actor_id"].tolist() == [
        "person:jane-doe", "person:jane-doe", "person:john-doe", "person:john-doe"]


def test_a_surname_written_alone_only_in_a_headline_does_not_count(dictionary):
    found = mentions(("a", "Trump", "PERSON"), ("a", "Ivanka Trump", "PERSON"), ("a", "Trump", "PERSON"),
                     ("b", "Donald Trump", "PERSON"), ("c", "Donald Trump", "PERSON"))
    found.loc[0, "block_kind"] = "title"
    table, _ = entities.resolve_actors(found, entities.ActorRules(), dictionary, frozenset())
    assert table.loc[table["article_id"] == "a", "actor_id"].tolist() == ["person:ivanka-trump"] * 3


def test_a_typo_run_into_a_first_name_is_not_cut_to_that_first_name(resolve):
    table, _ = resolve(("a", "Todd Akins", "PERSON"), ("b", "Todd Akin", "PERSON"), ("c", "Todd Akin", "PERSON"),
                       ("d", "Chuck Todd", "PERSON"), ("e", "Chuck Todd", "PERSON"), ("f", "Chuck Todd", "PERSON"),
                       ("g", "Obama Willing", "PERSON"), ("h", "Barack Obama", "PERSON"),
                       ("i", "Barack Obama", "PERSON"))
    assert ids(table, "a", "Todd Akins") != ["person:chuck-todd"]
    assert ids(table, "g", "Obama Willing") == ["person:barack-obama"]  # a headline's word, as before


def test_people_recognised_elsewhere_in_the_corpus_are_found_again():
    written = ["Romney makes rounds at a donor retreat.", "Romney said so.", "Bill Maher spoke.", "Bill Maher laughed.",
               "Voters in San Romney cheered.", "Joe went home.", "Joe spoke.", "Joe agreed.",
               "Host Bill [Maher spoke.", "President Romney waved.", "Romney Makes Rounds."]
    sentences = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(written))], "sentence_id": 0,
                              "block_kind": "body", "text": written, "start_char": 0})
    texts = sentences[["article_id", "text"]]
    recognised = [(1, "Romney", 0), (2, "Bill Maher", 0), (3, "Bill Maher", 0), (4, "Romney", 14), (5, "Joe", 0),
                  (6, "Joe", 0)]
    found = pd.concat([mentions((f"a{i}", name, "PERSON")).assign(start_char=at, end_char=at + len(name), sentence_id=0)
                       for i, name, at in recognised], ignore_index=True)
    result = gazetteer.with_corpus_names(found, sentences, texts, set())
    added = result[result["found_by"] == gazetteer.FOUND_BY]
    assert added[["article_id", "text", "label"]].values.tolist() == [
        ["a0", "Romney", "PERSON"],  # a sentence the recogniser read as no name
        ["a9", "Romney", "PERSON"]]  # a title before it is no name
    # Not "Joe" (a first name: also "Average Joe"); not "Bill [Maher" (a bracket inside); not "Romney Makes" (a
    # capitalised word beside it); and the recogniser's "Romney" in "San Romney" is left as it was.
    assert len(result) == len(found) + 2


def test_a_numbered_suffix_never_tells_a_person_from_the_plain_name(resolve):
    table, _ = resolve(("a", "Robert S. Mueller III", "PERSON"), ("a", "Robert Mueller", "PERSON"), ("a", "Mueller", "PERSON"),
                       ("b", "Robert Mueller", "PERSON"),
                       ("c", "Donald Trump", "PERSON"), ("c", "Donald Trump Jr.", "PERSON"))  # "Jr." still does
    assert table.loc[table["article_id"].isin(["a", "b"]), "actor_id"].nunique() == 1
    assert table.loc[table["article_id"] == "c", "actor_id"].nunique() == 2


def test_hyphens_an_arabic_article_and_a_dateline_do_not_split_a_person(resolve):
    table, _ = resolve(("a", "Cathy McMorris Rodgers", "PERSON"), ("b", "Cathy McMorris-Rodgers", "PERSON"),
                       ("b", "McMorris-Rodgers", "PERSON"),
                       ("c", "Bashar al-Assad", "PERSON"), ("c", "al-Assad", "PERSON"), ("d", "Bashar Assad", "PERSON"),
                       ("d", "Assad", "PERSON"),
                       ("e", "Fla.—President Donald Trump", "PERSON"), ("e", "Trump", "PERSON"),
                       ("f", "Donald Trump", "PERSON"), ("g", "Al Gore", "PERSON"))
    assert table.loc[table["article_id"].isin(["a", "b"]), "actor_id"].nunique() == 1
    assert set(table.loc[table["article_id"].isin(["c", "d"]), "actor_id"]) == {"person:bashar-assad"}
    assert set(table.loc[table["article_id"].isin(["e", "f"]), "actor_id"]) == {"person:donald-trump"}
    assert ids(table, "g", "Al Gore") == ["person:al-gore"]  # a first name "Al" is no article


def test_a_title_word_before_a_suffix_is_the_surname(resolve):
    # "King" is a title ("Saudi King Salman"), but before "Jr." only it is a surname: the actor is not "Jr".
    table, _ = resolve(("a", "Martin Luther King Jr.", "PERSON"), ("a", "King", "PERSON"),
                       ("b", "Saudi King Salman", "PERSON"), ("b", "Salman", "PERSON"))
    assert set(table.loc[table["article_id"] == "a", "actor_name"]) == {"Martin Luther King Jr"}
    assert set(table.loc[table["article_id"] == "b", "actor_name"]) == {"Salman"}


def test_a_body_written_either_way_round_or_after_its_country_is_one_organisation(resolve):
    table, _ = resolve(
        ("a", "Department of Justice", "ORG"), ("a", "DOJ", "ORG"), ("b", "the Justice Department", "ORG"),
        ("c", "House Committee on Ways and Means", "ORG"), ("d", "House Ways and Means Committee", "ORG"),
        ("e", "U.S. Senate", "ORG"), ("e", "the Senate", "ORG"), ("f", "Senate", "ORG"),
        ("g", "Georgia Senate", "ORG"), *(("h", "U.S. Senate", "ORG") for _ in range(4)), ("h", "Senate", "ORG"),
        ("i", "U.S. Army", "ORG"), ("i", "Army", "ORG"), ("j", "Iranian Army", "ORG"), ("j", "Army", "ORG"),
        ("k", "American University", "ORG"), ("k", "University", "ORG"),
        ("l", "U.S. Navy", "ORG"), ("m", "Navy", "ORG"),  # never the bare name in the article: no evidence
        ("n", "a Treasury Department", "ORG"), ("o", "Treasury Department", "ORG"))
    assert table.loc[table["article_id"].isin(["a", "b"]), "actor_id"].nunique() == 1
    assert table.loc[table["article_id"].isin(["c", "d"]), "actor_id"].nunique() == 1
    # "Georgia" is also a country: 1 of 6 country-named Senates does not keep the other 5 from the corpus's Senate.
    assert table.loc[table["article_id"].isin(["e", "f", "h"]), "actor_id"].nunique() == 1
    assert ids(table, "g", "Georgia Senate") != ids(table, "f", "Senate")
    # two countries' armies: never one actor; "Army" alone is its own article's army (head noun, same article)
    assert ids(table, "i", "U.S. Army") == ids(table, "i", "Army") != ids(table, "j", "Army") == ids(table, "j", "Iranian Army")
    assert table.loc[table["text"] == "Army", "link_rule"].tolist() == ["head noun (same article)"] * 2
    # a demonym stays; "University" alone in one article is too little evidence for the head noun rule
    assert ids(table, "k", "American University") != ids(table, "k", "University")
    assert ids(table, "l", "U.S. Navy") != ids(table, "m", "Navy")
    assert table.loc[table["article_id"].isin(["n", "o"]), "actor_name"].tolist() == ["Treasury Department"] * 2


def test_spelling_variants_differ_in_spelling_not_in_whole_words(resolve):
    table, _ = resolve(("a", "Iowa Supreme Court", "ORG"), ("b", "a Supreme Court", "ORG"), ("c", "US Supreme Court", "ORG"),
                       ("d", "National Institutes of Health", "ORG"), ("e", "National Institutes for Health", "ORG"))
    assert table["actor_id"].iloc[:3].nunique() == 3
    assert table.loc[table["article_id"].isin(["d", "e"]), "actor_id"].nunique() == 1


def test_a_full_name_the_corpus_labels_a_person_is_one_where_the_recogniser_said_organisation(resolve):
    found = mentions(("a", "Reince Priebus", "PERSON"), ("b", "Reince Priebus", "PERSON"), ("c", "Reince Priebus", "ORG"),
                     ("c", "Priebus", "ORG"), ("d", "Goldman Sachs", "ORG"), ("e", "Goldman Sachs", "ORG"),
                     ("f", "Goldman Sachs", "PERSON"), ("g", "Ford", "PERSON"), ("h", "Ford", "PERSON"), ("i", "Ford", "ORG"))
    result = gazetteer.with_corpus_labels(found)
    assert result["label"].tolist() == ["PERSON"] * 3 + ["ORG"] * 3 + ["PERSON"] * 3 + ["ORG"]  # one-word names keep theirs
    assert result.loc[2, "found_by"] == gazetteer.RELABELLED
    table, _ = resolve(*((a, t, label) for a, t, label in zip(result["article_id"], result["text"], result["label"])))
    assert set(table.loc[table["article_id"].isin(["a", "c"]), "actor_id"]) == {"person:reince-priebus"}


def test_a_name_written_far_more_often_than_its_start_is_not_cut_to_a_headlines_two_words(resolve):
    table, _ = resolve(*(("a", "Kim Jong Un", "PERSON") for _ in range(10)), ("b", "KIM JONG", "PERSON"),
                       ("b", "KIM JONG", "PERSON"), ("c", "UN Ambassador", "PERSON"), ("c", "Un Haley", "PERSON"),
                       ("d", "Kim Jong-un", "PERSON"), ("d", "UN", "ORG"), ("d", "Kim", "PERSON"),
                       ("e", "Kim Jong Un", "PERSON"), ("e", "Will Kim Jong Un", "PERSON"),
                       ("f", "Will Hurd", "PERSON"), ("g", "Will Smith", "PERSON"))  # "Will" is a first name too
    kim = ids(table, "a", "Kim Jong Un")
    assert ids(table, "d", "Kim Jong-un") == kim and ids(table, "d", "Kim") == kim
    assert ids(table, "e", "Will Kim Jong Un") == kim and ids(table, "e", "Kim Jong Un") == kim
    assert ids(table, "b", "KIM JONG") != kim
    assert ids(table, "d", "UN") != kim  # initials the recogniser took for an organisation are no surname


def _titled(items, titles, dictionary):
    return entities.resolve_actors(mentions(*items), entities.ActorRules(), dictionary, frozenset(), list(titles))


def test_a_title_of_the_other_sex_is_the_articles_other_person_of_that_surname(dictionary):
    items = [("a", "Melania Trump", "PERSON"), ("a", "Donald Trump", "PERSON"), ("a", "Trump", "PERSON"),
             ("a", "Trump", "PERSON"), ("b", "Donald Trump", "PERSON"), ("b", "Trump", "PERSON"),
             ("c", "Donald Trump", "PERSON"), ("c", "Trump", "PERSON"), ("c", "Trump", "PERSON")]
    titles = ["", "", "m", "f", "", "m", "", "m", "m"]  # a: "Mr. Trump ... Mrs. Trump" after both introductions
    table, _ = _titled(items, titles, dictionary)
    rows = table[table["article_id"] == "a"]
    assert rows["actor_name"].tolist() == ["Melania Trump", "Donald Trump", "Donald Trump", "Melania Trump"]
    assert rows["link_rule"].tolist()[2:] == ["surname (same article)", "surname and title (same article)"]
    # Without titles, the most recent introduction: Donald both times.
    plain, _ = _titled(items, [""] * len(items), dictionary)
    assert plain.loc[plain["article_id"] == "a", "actor_name"].tolist()[2:] == ["Donald Trump", "Donald Trump"]


def test_a_title_goes_to_the_corpus_person_of_that_sex_or_is_reported(dictionary):
    items = [("a", "Ted Cruz", "PERSON"), ("a", "Cruz", "PERSON"), ("b", "Ted Cruz", "PERSON"), ("b", "Cruz", "PERSON"),
             ("b", "Cruz", "PERSON"), ("b", "Cruz", "PERSON"), ("c", "Heidi Cruz", "PERSON"), ("d", "Cruz", "PERSON"), ("e", "Ted Cruz", "PERSON"), ("e", "Cruz", "PERSON"),
             ("f", "Ivanka Trump", "PERSON"), ("g", "Lara Trump", "PERSON"), ("h", "Donald Trump", "PERSON"),
             ("h", "Trump", "PERSON"), ("h", "Trump", "PERSON"), ("i", "Donald Trump", "PERSON")] + [("i", "Trump", "PERSON")] * 3
    titles = ["", "m", "", "m", "m", "m", "", "m", "", "f", "", "", "", "m", "f", "", "m", "m", "m"]  # 4 of 5 "Mr."
    table, ambiguous = _titled(items, titles, dictionary)
    assert ids(table, "d", "Cruz") == ["person:ted-cruz"]  # a title that agrees changes nothing
    assert table.loc[table["article_id"] == "e", "actor_name"].tolist() == ["Ted Cruz", "Heidi Cruz"]
    assert table.loc[table["article_id"] == "e", "link_rule"].tolist()[1] == "surname and title (corpus)"
    # Two women named Trump: "Ms. Trump" in an article on Donald Trump is left as it is, and reported.
    h = table[table["article_id"] == "h"]
    assert h["actor_name"].tolist()[1] == "Donald Trump" and h["link_rule"].tolist()[2] == "ambiguous: the title says someone else"
    assert h["actor_id"].tolist()[2] != "person:donald-trump"
    assert ambiguous.loc[ambiguous["article_id"] == "h", "candidates"].item() == "ivanka trump | lara trump"


def test_titles_are_read_before_the_name_or_at_its_start():
    texts = ["Mrs. Trump and Mr Obama met Ms. Rice.", "Miss Universe Alicia Machado spoke.",
             "Mrs Obama and Mrs. Trump's aide, Jimmy Trump."]
    sentences = pd.DataFrame({"article_id": ["a"] * 3, "sentence_id": [0, 1, 2], "start_char": [0, 40, 80], "text": texts})
    names = [(0, "Trump"), (0, "Obama"), (0, "Rice"), (1, "Universe Alicia Machado"), (2, "Mrs Obama"), (2, "Trump's"),
             (2, "Jimmy Trump")]
    found = pd.DataFrame({"article_id": ["a"] * len(names), "sentence_id": [i for i, _ in names],
                          "start_char": [40 * i + texts[i].index(name) for i, name in names], "text": [n for _, n in names]})
    assert entities.gender_titles(found, sentences) == ["f", "m", "f", "", "f", "f", ""]


def test_a_formal_name_is_the_head_noun_written_alone_beside_it(resolve):
    house = [item for i in range(3) for item in ((f"h{i}", "the House", "ORG"), (f"h{i}", "the House of Representatives", "ORG"))]
    justice = [("j0", "the Department of Justice", "ORG"), ("j0", "the Department", "ORG"),
               ("j1", "the Department of Justice", "ORG"), ("j2", "the Department of Justice", "ORG"),
               ("j3", "the Department of Justice", "ORG")]
    table, _ = resolve(*house, ("u", "the U.S. House of Representatives", "ORG"), ("u", "the House", "ORG"),
                       ("c", "the House of Commons", "ORG"), ("c", "the House", "ORG"),
                       ("w", "the White House", "ORG"), ("w", "the House", "ORG"), *justice)
    us_house = ids(table, "h0", "the House")
    assert ids(table, "h1", "the House of Representatives") == ids(table, "u", "the U.S. House of Representatives") == us_house
    assert table.loc[table["text"] == "the House of Representatives", "link_rule"].unique().tolist() == ["formal name"]
    # Written with "House" in one article: no evidence. Another head ("White House"). Seldom beside "Department".
    assert ids(table, "c", "the House of Commons") != us_house and ids(table, "w", "the White House") != us_house
    assert ids(table, "j0", "the Department") != ids(table, "j0", "the Department of Justice")


def test_a_formal_name_stays_apart_when_the_head_noun_alone_is_as_often_beside_another(resolve):
    items = [item for i in range(2) for item in ((f"r{i}", "House", "ORG"), (f"r{i}", "House of Representatives", "ORG"))]
    items += [item for i in range(2) for item in ((f"c{i}", "House", "ORG"), (f"c{i}", "House of Commons", "ORG"))]
    table, _ = resolve(*items)
    assert table.loc[table["text"] == "House", "actor_id"].nunique() == 1
    assert len({ids(table, "r0", "House")[0], ids(table, "r0", "House of Representatives")[0],
                ids(table, "c0", "House of Commons")[0]}) == 3


def test_names_written_with_a_hyphen_or_a_space_are_one_actor(resolve):
    table, _ = resolve(("a", "African-American", "NORP"), ("a", "African-American", "NORP"), ("b", "African American", "NORP"),
                       ("c", "al-Qaeda", "ORG"), ("d", "al Qaeda", "ORG"), ("e", "Pittsburgh Post-Gazette", "ORG"),
                       ("e", "Pittsburgh Post-Gazette", "ORG"), ("f", "Pittsburgh Post Gazette", "ORG"))
    assert ids(table, "a", "African-American") == ids(table, "b", "African American") == ["group:african-american"]
    assert ids(table, "c", "al-Qaeda") == ids(table, "d", "al Qaeda")
    assert set(table.loc[table["text"] == "al Qaeda", "link_rule"]) | set(table.loc[table["text"] == "al-Qaeda", "link_rule"]) >= {"hyphen"}
    # The name shown is the one written most: words are counted across hyphens.
    assert set(table.loc[table["article_id"] == "f", "actor_name"]) == {"Pittsburgh Post-Gazette"}


def test_a_verb_that_starts_a_name_its_article_introduces_is_a_first_name(resolve):
    # "rush" is a verb and no first name of the nicknames table; "Rush Limbaugh ... Limbaugh" is how news introduces
    # a person. "Plus Obama ... Obama" is not: the corpus writes "Barack Obama" in more articles. "Email Sign ... Sign"
    # ends in a dictionary word and is written in one article.
    table, _ = resolve(("a", "Rush Limbaugh", "PERSON"), ("a", "Limbaugh", "PERSON"), ("a", "Limbaugh", "PERSON"),
                       ("b", "Barack Obama", "PERSON"), ("c", "Barack Obama", "PERSON"),
                       ("d", "Plus Obama", "PERSON"), ("d", "Obama", "PERSON"),
                       ("e", "Email Sign", "PERSON"), ("e", "Sign", "PERSON"))
    assert ids(table, "a", "Limbaugh") == ids(table, "a", "Rush Limbaugh") == ["person:rush-limbaugh"]
    assert ids(table, "d", "Plus Obama") == ids(table, "d", "Obama") == ["person:barack-obama"]
    assert ids(table, "e", "Email Sign") != ["person:email-sign"]


def test_a_team_named_after_a_person_is_no_person(resolve):
    # "Team Obama" names the people around him: it is not the article's introduction of a person "Team Obama".
    table, _ = resolve(("a", "Team Obama", "PERSON"), ("a", "Obama", "PERSON"),
                       ("b", "Barack Obama", "PERSON"), ("c", "Barack Obama", "PERSON"))
    assert ids(table, "a", "Obama") == ["person:barack-obama"]
    assert ids(table, "a", "Team Obama") == ["org:team-obama"]


def test_storms_are_no_actors_nor_their_names_alone(resolve):
    table, _ = resolve(("a", "Hurricane Harvey", "PERSON"), ("a", "Harvey", "PERSON"),
                       ("b", "Tropical Storm Harvey", "ORG"), ("c", "Steve Harvey", "PERSON"),
                       ("d", "Harvey", "GPE"),  # "after Harvey", in a story that never writes the storm's full name
                       ("e", "Hurricane Comey", "EVENT"), ("e", "James Comey", "PERSON"), ("e", "Comey", "PERSON"),
                       ("f", "Steve Harvey", "PERSON"), ("f", "Harvey", "PERSON"), ("g", "Hurricane Harvey", "EVENT"),
                       ("h", "Harvey Weinstein", "PERSON"), ("h", "Harvey", "PERSON"))
    assert ids(table, "a", "Hurricane Harvey") == ids(table, "a", "Harvey") == [""]
    assert ids(table, "b", "Tropical Storm Harvey") == [""]
    assert ids(table, "d", "Harvey") == [""]  # a storm in three articles, a person's surname in two
    assert ids(table, "e", "Comey") == ["person:james-comey"]  # a metaphor: the article names the person
    assert ids(table, "f", "Harvey") == ["person:steve-harvey"]
    assert ids(table, "h", "Harvey") == ["person:harvey-weinstein"]  # a first name the article gives a person


def test_a_head_noun_alone_is_the_one_organisation_of_its_article_ending_in_it(resolve):
    table, _ = resolve(("a", "The New York Times", "ORG"), ("a", "the Times", "ORG"),
                       ("b", "Los Angeles Times", "ORG"), ("b", "Times", "ORG"),
                       ("c", "the Times", "ORG"), ("c", "Financial Times", "ORG"), ("c", "Seattle Times", "ORG"),
                       ("d", "White House", "ORG"), ("d", "House", "ORG"), ("e", "House", "ORG"), ("f", "House", "ORG"))
    assert ids(table, "a", "the Times") == ids(table, "a", "The New York Times")
    assert ids(table, "b", "Times") == ids(table, "b", "Los Angeles Times")
    assert ids(table, "c", "the Times") not in (ids(table, "c", "Financial Times"), ids(table, "c", "Seattle Times"))
    # "House" is written alone without a longer name in most of its articles: an organisation of its own
    assert ids(table, "d", "House") == ids(table, "e", "House") != ids(table, "d", "White House")


def test_a_place_named_by_its_landform_or_ground_is_no_actor(resolve):
    table, _ = resolve(
        ("a", "Capitol Hill", "ORG"), ("a", "Central Falls", "PERSON"), ("a", "the Petrified Forest", "ORG"),
        ("a", "Eugene Simpson Stadium Park", "PERSON"),  # places
        ("b", "Anita Hill", "PERSON"), ("b", "Jemele Hill", "PERSON"),  # a first name, or no English word, and a surname
        ("c", "Rhode Island", "GPE"),  # a place the recogniser calls one stays one
        ("d", "American Bridge", "ORG"))  # "Bridge" also ends organisations' names
    assert table.loc[table["article_id"] == "a", "actor_id"].tolist() == [""] * 4
    assert set(table.loc[table["article_id"] == "a", "link_rule"]) == {entities.non_actors.PLACE}
    assert ids(table, "b", "Anita Hill") == ["person:anita-hill"] and ids(table, "b", "Jemele Hill") == ["person:jemele-hill"]
    assert ids(table, "c", "Rhode Island") == ["place:rhode-island"] and ids(table, "d", "American Bridge") != [""]


def test_a_lone_name_labelled_an_organisation_is_the_person_the_corpus_resolves_its_other_such_uses_to(resolve):
    introduced = [(f"a{i}", "Julian Assange", "PERSON") for i in range(10)]
    labelled = [(f"a{i}", "Assange", "ORG") for i in range(10)]  # more organisation labels than person ones
    table, _ = resolve(*introduced, *labelled, *[(f"p{i}", "Assange", "PERSON") for i in range(2)],
                       ("z", "Assange", "ORG"),  # an article that introduces no one: 10 of 11 went to Julian Assange
                       ("f", "Gerald Ford", "PERSON"), ("f", "Ford", "ORG"), ("g", "Ford", "ORG"), ("h", "Ford", "ORG"))
    assert ids(table, "z", "Assange") == ["person:julian-assange"]
    assert table.loc[table["article_id"] == "z", "link_rule"].item() == "surname (corpus)"
    assert ids(table, "g", "Ford") == ["org:ford"]  # the corpus's other "Ford"s labelled so are no person: 1 of 3


def test_a_surname_the_recogniser_labelled_a_thing_is_the_person_the_article_names():
    found = [[spans.Span(0, 12, "Nancy Pelosi", "PERSON", "spaCy NER")],
             [spans.Span(5, 11, "Pelosi", "EVENT", "spaCy NER"), spans.Span(20, 24, "West", "LOC", "spaCy NER"),
              spans.Span(30, 37, "Medicare", "PRODUCT", "spaCy NER")]]
    full, surnames = spans.names_used([s for sentence in found for s in sentence])
    put_right = spans.surnames_as_people(found, surnames | {"west"}, frozenset({"west"}))
    assert [(s.text, s.label, s.found_by) for s in put_right[1]] == [
        ("Pelosi", "PERSON", spans.SURNAME_RELABELLED), ("West", "LOC", "spaCy NER"), ("Medicare", "PRODUCT", "spaCy NER")]


def test_a_place_an_institution_or_initials_before_campaign_make_no_organisation_of_it():
    sentence = "the Senate campaign and the U.S. campaign and the GOP campaign and the Sanders campaign"
    for name, expected in [("Senate", "Senate"), ("U.S.", "U.S."), ("GOP", "GOP"), ("Sanders", "Sanders campaign")]:
        start = sentence.index(name + " campaign")
        span = spans.extended(spans.Span(start, start + len(name), name, "ORG", "spaCy NER"), sentence)
        assert span.text == expected


def test_a_name_in_lower_case_inside_web_addresses_is_still_looked_for():
    prose = ["Twitter said so.", "Twitter banned him.", "He has 2 million Twitter followers."]
    links = ["pic.twitter.com/abc and twitter.com/x"] * 3
    texts = pd.DataFrame({"article_id": ["a", "b", "c", "d", "e", "f"], "text": prose + links})
    sentences = texts.assign(sentence_id=0, block_kind="body", start_char=0)
    found = pd.DataFrame([{"article_id": a, "sentence_id": 0, "block_kind": "body", "start_char": 0, "end_char": 7,
                           "text": "Twitter", "label": "ORG", "found_by": "spaCy NER", "in_quote": False}
                          for a in ["a", "b"]])
    result = gazetteer.with_corpus_names(found, sentences, texts, set())
    assert result.loc[result["article_id"] == "c", ["text", "found_by"]].values.tolist() == [["Twitter", gazetteer.FOUND_BY]]


def test_a_two_word_name_not_called_a_person_needs_the_persons_first_name_unless_a_role_comes_first(resolve):
    table, _ = resolve(*[(f"a{i}", "Mike Pence", "PERSON") for i in range(3)], ("b", "Karen Pence", "ORG"),
                       ("c", "Greg Hood", "PERSON"), ("d", "Fort Hood", "GPE"),
                       ("e", "Charlie Dent", "PERSON"), ("e", "Dent", "PERSON"), ("f", "Congressman Dent", "ORG"),
                       ("g", "DNI Dent", "ORG"))
    assert ids(table, "b", "Karen Pence") == ["org:karen-pence"] and ids(table, "d", "Fort Hood") == ["place:fort-hood"]
    assert ids(table, "f", "Congressman Dent") == ["person:charlie-dent"] == ids(table, "g", "DNI Dent")


def test_a_known_first_name_labelled_an_organisation_is_the_articles_one_person_of_that_first_name(resolve):
    table, _ = resolve(("a", "Bernie Sanders", "PERSON"), ("a", "Bernie", "ORG"), ("b", "Bernie", "ORG"))
    assert ids(table, "a", "Bernie") == ["person:bernie-sanders"]
    assert table.loc[table["article_id"] == "a", "link_rule"].tolist()[1] == "first name (same article)"


def test_a_personal_title_alone_is_no_actor(resolve):
    table, _ = resolve(("a", "President", "ORG"), ("a", "Barack Obama", "PERSON"), ("a", "the President", "ORG"),
                       ("b", "Mayor", "PERSON"), ("c", "Justice", "ORG"))
    assert table.loc[table["text"].isin(["President", "the President", "Mayor"]), "actor_id"].tolist() == [""] * 3
    assert set(table.loc[table["text"].isin(["President", "Mayor"]), "link_rule"]) == {entities.non_actors.TITLE}
    assert ids(table, "c", "Justice") != [""]  # the Department of Justice's short name
