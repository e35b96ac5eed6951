"""Each actor-merging rule on small examples built here, and the frequency tables."""

from __future__ import annotations

import pandas as pd
import pytest
from newsbias import entities
from newsbias.entities import resolution
from newsbias.errors import NewsbiasError
from newsbias.tables import TABLES


def mentions(*items):
    """Build extract_mentions-style rows from (article_id, text, label[, in_quote]) tuples."""
    rows = []
    for i, item in enumerate(items):
        article_id, text, label, *rest = item
        rows.append({"article_id": article_id, "sentence_id": i, "block_kind": "body", "start_char": 10 * i,
                     "end_char": 10 * i + len(text), "text": text, "label": label, "found_by": "spaCy NER",
                     "in_quote": bool(rest and rest[0])})
    return pd.DataFrame(rows)


def resolve(*items, **rules):
    table, ambiguous = entities.resolve_actors(mentions(*items), entities.ActorRules(**rules))
    return table, ambiguous


def actor_of(table, text):
    return table.loc[table["text"] == text, "actor_id"].unique().tolist()


def test_titles_roles_and_possessives_are_stripped():
    table, _ = resolve(("a", "Maj. Gen. Qassem Soleimani", "PERSON"), ("a", "Qassem Soleimani's", "PERSON"),
                       ("a", "Prime Minister Boris Johnson", "PERSON"), ("a", "Secretary-General Antonio Guterres", "PERSON"),
                       ("a", "Chancellor Angela Merkel", "PERSON"))
    assert actor_of(table, "Maj. Gen. Qassem Soleimani") == actor_of(table, "Qassem Soleimani's") == ["person:qassem-soleimani"]
    assert actor_of(table, "Prime Minister Boris Johnson") == ["person:boris-johnson"]
    assert actor_of(table, "Secretary-General Antonio Guterres") == ["person:antonio-guterres"]
    assert actor_of(table, "Chancellor Angela Merkel") == ["person:angela-merkel"]


def test_surname_links_to_the_full_name_in_the_same_article_first():
    table, ambiguous = resolve(("a", "Boris Johnson", "PERSON"), ("a", "Johnson", "PERSON"),
                               ("b", "Dustin Johnson", "PERSON"), ("b", "Johnson", "PERSON"))
    by_article = table.set_index(["article_id", "text"])["actor_id"]
    assert by_article[("a", "Johnson")] == "person:boris-johnson"
    assert by_article[("b", "Johnson")] == "person:dustin-johnson"
    assert set(table.loc[table["text"] == "Johnson", "link_rule"]) == {"surname (same article)"}
    assert ambiguous.empty


def test_surname_links_corpus_wide_only_when_unambiguous():
    table, ambiguous = resolve(("a", "Josep Borrell", "PERSON"), ("b", "Borrell", "GPE"),
                               ("a", "Ann Lee", "PERSON"), ("b", "Tom Lee", "PERSON"), ("c", "Lee", "PERSON"))
    assert actor_of(table, "Borrell") == ["person:josep-borrell"]  # spaCy called the lone surname a place
    assert table.loc[table["text"] == "Borrell", "link_rule"].item() == "surname (corpus)"
    assert actor_of(table, "Lee") == ["person:lee"]  # two full names fit: reported, not guessed
    assert ambiguous[["article_id", "text"]].values.tolist() == [["c", "Lee"]]
    assert ambiguous["candidates"].item() == "ann lee | tom lee"


def test_spelling_and_transliteration_variants_merge_but_different_names_do_not():
    table, _ = resolve(("a", "Qassem Soleimani", "PERSON"), ("b", "Qasem Soleimani", "PERSON"),
                       ("a", "Iran", "GPE"), ("b", "Iraq", "GPE"), ("a", "Mike Pence", "PERSON"), ("b", "Mike Pompeo", "PERSON"),
                       ("a", "Brussels", "GPE"), ("b", "Brussel", "GPE"), ("a", "Austria", "GPE"), ("b", "Australia", "GPE"))
    assert len(set(actor_of(table, "Qassem Soleimani") + actor_of(table, "Qasem Soleimani"))) == 1
    assert actor_of(table, "Iran") != actor_of(table, "Iraq")
    assert actor_of(table, "Mike Pence") != actor_of(table, "Mike Pompeo")
    assert actor_of(table, "Brussels") == actor_of(table, "Brussel")
    assert actor_of(table, "Austria") != actor_of(table, "Australia")  # 87.5: just below the threshold


def test_fuzzy_threshold_is_a_parameter():
    table, _ = resolve(("a", "Qassem Soleimani", "PERSON"), ("b", "Qasem Soleimani", "PERSON"), fuzzy_threshold=99)
    assert actor_of(table, "Qassem Soleimani") != actor_of(table, "Qasem Soleimani")


def test_handle_links_to_its_owner():
    table, _ = resolve(("a", "Mohammad Javad Zarif", "PERSON"), ("a", "@JZarif", "HANDLE"), ("a", "@SomeoneElse", "HANDLE"))
    assert actor_of(table, "@JZarif") == ["person:mohammad-javad-zarif"]
    assert table.loc[table["text"] == "@JZarif", "form"].item() == "handle"
    assert table.loc[table["text"] == "@SomeoneElse", "link_rule"].item() == "handle (no owner found)"
    # Of several people with the surname, the one whose first name the handle has too; with neither, no owner.
    table, _ = resolve(("a", "Donald Trump", "PERSON"), ("b", "Ivanka Trump", "PERSON"), ("c", "@realDonaldTrump", "HANDLE"),
                       ("c", "@TrumpWatch", "HANDLE"), ("d", "Trump Donald", "PERSON"), ("e", "@DonaldJTrumpJr", "HANDLE"))
    assert actor_of(table, "@realDonaldTrump") == actor_of(table, "Donald Trump") == ["person:donald-trump"]
    assert table.loc[table["text"] == "@TrumpWatch", "link_rule"].item() == "handle (no owner found)"
    # A suffix after the surname is the son's: not the father's handle, and the son's when the corpus names him.
    assert table.loc[table["text"] == "@DonaldJTrumpJr", "link_rule"].item() == "handle (no owner found)"
    table, _ = resolve(("a", "Donald Trump", "PERSON"), ("a", "Donald Trump Jr.", "PERSON"), ("b", "@DonaldJTrumpJr", "HANDLE"),
                       ("c", "John Smith II", "PERSON"), ("d", "John Smith III", "PERSON"), ("e", "@JohnSmithIII", "HANDLE"))
    assert actor_of(table, "@DonaldJTrumpJr") == actor_of(table, "Donald Trump Jr.") != actor_of(table, "Donald Trump")
    assert actor_of(table, "@JohnSmithIII") == actor_of(table, "John Smith III")  # not II
    # A handle without a suffix, when the corpus's only person with the surname has one, is his.
    table, _ = resolve(("a", "Henry Louis Gates Jr.", "PERSON"), ("b", "@HenryLouisGates", "HANDLE"))
    assert actor_of(table, "@HenryLouisGates") == actor_of(table, "Henry Louis Gates Jr.")


def test_country_spellings_dots_and_articles_merge():
    table, _ = resolve(("a", "U.S.", "GPE"), ("a", "US", "GPE"), ("b", "the United States", "GPE"),
                       ("b", "United States of America", "GPE"), ("c", "the United Kingdom", "GPE"), ("c", "UK", "GPE"),
                       ("c", "IT", "ORG"))
    assert set(actor_of(table, "U.S.") + actor_of(table, "US") + actor_of(table, "the United States")
               + actor_of(table, "United States of America")) == {"place:united-states"}
    assert actor_of(table, "UK") == actor_of(table, "the United Kingdom") == ["place:united-kingdom"]
    assert actor_of(table, "IT") == ["org:it"]  # a two-letter country code that is not the initials stays a name


def test_acronym_links_to_the_name_it_abbreviates_where_an_article_writes_both():
    table, _ = resolve(("a", "the European Union", "ORG"), ("a", "EU", "ORG"), ("b", "EU", "ORG"),
                       ("c", "United Nations", "ORG"), ("c", "U.N.", "ORG"), ("d", "NATO", "ORG"),
                       ("e", "U.S. Immigration and Customs Enforcement", "ORG"), ("e", "ICE", "ORG"),
                       ("f", "Immigration and Customs Enforcement", "ORG"), ("f", "ICE", "ORG"),
                       ("g", "Church News Network", "ORG"), ("h", "CNN", "ORG"))
    assert actor_of(table, "EU") == ["org:european-union"]  # article b's too: one actor, once linked anywhere
    assert actor_of(table, "U.N.") == ["org:united-nations"]
    assert actor_of(table, "NATO") == ["org:nato"]  # no spelled-out name in the corpus: stays as written
    # Initials after a leading country; the long forms with and without the country are one agency.
    assert len(set(actor_of(table, "ICE") + actor_of(table, "Immigration and Customs Enforcement")
                   + actor_of(table, "U.S. Immigration and Customs Enforcement"))) == 1
    assert actor_of(table, "CNN") == ["org:cnn"]  # the initials fit, but no article writes both: not linked



def test_an_acronym_beside_a_long_form_of_another_type_of_actor_needs_stronger_evidence():
    # "D.C." (a place) written beside a "District Court" in 1 of its 10 articles: no court; "NATO" beside its long
    # form as often, both organisations: linked; "NYC", which the recogniser calls an organisation, beside "New York
    # City" in its one article: linked.
    table, _ = resolve(*[(f"d{i}", "D.C.", "GPE") for i in range(10)], ("d0", "District Court", "ORG"),
                       *[(f"n{i}", "NATO", "ORG") for i in range(10)], ("n0", "North Atlantic Treaty Organization", "ORG"),
                       ("y", "New York City", "GPE"), ("y", "NYC", "ORG"))
    assert actor_of(table, "D.C.") == ["place:dc"] != actor_of(table, "District Court")
    assert actor_of(table, "NATO") == actor_of(table, "North Atlantic Treaty Organization")
    assert len(actor_of(table, "NYC")) == 1 and actor_of(table, "NYC") == actor_of(table, "New York City")
    # The merged actor's type is its long name's, however often the acronym is labelled a place.
    table, _ = resolve(*[("r", "NRA", "GPE")] * 3, ("r", "National Rifle Association", "ORG"))
    assert actor_of(table, "NRA") == ["org:national-rifle-association"]


def test_a_countrys_initials_are_another_name_of_the_corpus_when_it_never_writes_the_country():
    # "N.C." is New Caledonia's code too; a corpus that writes "North Carolina" and never "New Caledonia" means the state.
    table, _ = resolve(("a", "North Carolina", "GPE"), ("a", "N.C.", "GPE"), ("b", "N.C.", "GPE"), ("c", "U.S.", "GPE"))
    assert actor_of(table, "N.C.") == actor_of(table, "North Carolina") == ["place:north-carolina"]
    assert actor_of(table, "U.S.") == ["place:united-states"]
    table, _ = resolve(("a", "New Caledonia", "GPE"), ("b", "N.C.", "GPE"), ("c", "North Carolina", "GPE"))
    assert actor_of(table, "N.C.") == ["place:new-caledonia"]


def test_acronym_used_widely_needs_more_than_one_article_beside_a_long_form_or_an_introduction():
    # 30 articles write "CNN" alone; one writes it beside "Church News Network" ("CNN has never been the Church News
    # Network"): one article in thirty is no evidence. "NATO", also in 30 articles, is introduced once in brackets.
    items = [(f"x{i}", "CNN", "ORG") for i in range(30)] + [(f"y{i}", "NATO", "ORG") for i in range(30)]
    frame = mentions(*items, ("x0", "Church News Network", "ORG"))
    introduction = [{"article_id": "y0", "sentence_id": 99, "block_kind": "body", "start_char": 1000, "end_char": 1034,
                     "text": "North Atlantic Treaty Organization", "label": "ORG", "found_by": "spaCy NER", "in_quote": False},
                    {"article_id": "y0", "sentence_id": 99, "block_kind": "body", "start_char": 1036, "end_char": 1040,
                     "text": "NATO", "label": "ORG", "found_by": "spaCy NER", "in_quote": False}]
    table, _ = entities.resolve_actors(pd.concat([frame, pd.DataFrame(introduction)], ignore_index=True))
    assert actor_of(table, "CNN") == ["org:cnn"]
    assert actor_of(table, "NATO") == actor_of(table, "North Atlantic Treaty Organization")
    by_rule = table[table["text"] == "NATO"]["link_rule"].unique().tolist()
    assert by_rule == ["acronym"]

def test_demonyms_link_to_their_country_but_are_counted_apart():
    table, _ = resolve(("a", "Iran", "GPE"), ("a", "Iranian", "NORP"), ("a", "Americans", "NORP"), ("a", "Shiite", "NORP"))
    iranian = table[table["text"] == "Iranian"].iloc[0]
    assert (iranian["actor_id"], iranian["form"], iranian["link_rule"]) == ("place:iran", "demonym", "demonym")
    assert actor_of(table, "Americans") == ["place:united-states"]
    assert actor_of(table, "Shiite") == ["group:shiite"]


def test_capitals_as_governments_is_off_by_default():
    items = (("a", "Iran", "GPE"), ("a", "Tehran", "GPE"))
    assert actor_of(resolve(*items)[0], "Tehran") == ["place:tehran"]
    on, _ = resolve(*items, capitals_as_governments=True)
    assert actor_of(on, "Tehran") == ["place:iran"] and on.loc[on["text"] == "Tehran", "link_rule"].item() == "capital"


def test_alias_file_overrides_and_is_counted_apart(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("alias,canonical,note\n# comment line\nBritain,United Kingdom,x\nThe Bloc,European Union,y\n")
    aliases = entities.read_aliases(path)
    table, _ = resolve(("a", "Britain", "GPE"), ("a", "the bloc", "ORG"), ("a", "European Union", "ORG"), aliases=aliases)
    assert actor_of(table, "Britain") == ["place:united-kingdom"]
    assert actor_of(table, "the bloc") == ["org:european-union"]
    summary = entities.merge_summary(table).set_index("link_rule")
    assert summary.loc["alias file", "n_mentions"] == 2 and summary.loc["alias file", "source"] == "alias file"


def test_bad_alias_files(tmp_path):
    with pytest.raises(NewsbiasError, match="alias file .*missing.csv does not exist"):
        entities.read_aliases(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,target\nA,B\n")
    with pytest.raises(NewsbiasError, match=r"lacks column\(s\) \['alias', 'canonical'\]; it has \['name', 'target'\]"):
        entities.read_aliases(bad)
    bad.write_text("alias,canonical\nA,\n")
    with pytest.raises(NewsbiasError, match=r"empty alias or canonical on line\(s\) \[2\]"):
        entities.read_aliases(bad)


def test_non_actor_types_are_kept_out_of_actor_counts():
    table, _ = resolve(("a", "Friday", "DATE"), ("a", "5,200", "CARDINAL"), ("a", "Iran", "GPE"))
    assert table.loc[table["label"] == "DATE", "actor_id"].item() == ""
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "n_words": [100]})
    frequency = entities.actor_frequency(table, articles)
    assert frequency["actor_id"].tolist() == ["place:iran"]


def test_frequency_table_per_outlet():
    table, _ = resolve(("a", "Iran", "GPE"), ("a", "Iran", "GPE", True), ("a", "Iranian", "NORP"), ("a", "Iraq", "GPE"),
                       ("b", "Iraq", "GPE"), ("c", "Iran", "GPE"))
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"], "n_words": [300, 500, 200]})
    frequency = entities.actor_frequency(table, articles)
    assert list(frequency.columns) == list(TABLES["actor_frequency"])
    iran_x = frequency[(frequency["outlet"] == "X") & (frequency["actor_id"] == "place:iran") & (frequency["form"] == "name")].iloc[0]
    assert (iran_x["n_mentions"], iran_x["n_in_quote"], iran_x["n_words"], iran_x["rank"]) == (3, 1, 500, 1)
    assert iran_x["mentions_per_1000_words"] == 6.0 and iran_x["share_of_actor_mentions"] == 0.6
    assert frequency.groupby("outlet")["share_of_actor_mentions"].sum().round(4).tolist() == [1.0, 1.0]
    gaps = entities.coverage_gaps(frequency, min_mentions=2)
    assert gaps["actor_id"].tolist() == ["place:iran"] and gaps["absent_from"].item() == "Y"


def extracted(text, nlp):
    """The mentions the entity stage extracts from one article of one paragraph."""
    from newsbias import ingestion

    blocks = ingestion.paragraphs_as_blocks({"a": text})
    sentences = ingestion.split_sentences(blocks, nlp, progress=False)
    return entities.extract_mentions(sentences, pd.DataFrame({"article_id": ["a"], "text": [text]}), nlp,
                                     progress=False, blocks=blocks)


def test_extract_mentions_marks_quotes_and_handles(spacy_model):
    text = 'Angela Merkel met Emmanuel Macron in Paris. "Germany stands with France," Merkel said, tagging @EmmanuelMacron.'
    found = extracted(text, spacy_model)
    for row in found.itertuples():
        assert text[row.start_char : row.end_char] == row.text
    quoted = set(found.loc[found["in_quote"], "text"])
    assert {"Germany", "France"} <= quoted and "Paris" not in quoted
    assert "@EmmanuelMacron" in set(found.loc[found["label"] == "HANDLE", "text"])
    table, _ = entities.resolve_actors(found)
    assert actor_of(table, "@EmmanuelMacron") == ["person:emmanuel-macron"]
    assert actor_of(table, "Merkel") == ["person:angela-merkel"]


def test_a_name_carried_over_a_quoted_nickname_replaces_the_entity_made_of_its_rest(spacy_model):
    found = extracted('Gov. Deval Patrick on Wednesday appointed William "Mo" Cowan to the Senate seat.', spacy_model)
    cowan = found[found["text"].str.contains("Cowan")]
    assert cowan["text"].tolist() == ['William "Mo" Cowan'] and cowan["label"].tolist() == ["PERSON"]
    spans = sorted(zip(found["start_char"], found["end_char"]))
    assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:]))  # no two overlap

def test_text_without_entities_gives_empty_tables(spacy_model):
    from newsbias import ingestion

    blocks = ingestion.paragraphs_as_blocks({"a": "it rained and then it stopped."})
    sentences = ingestion.split_sentences(blocks, spacy_model, progress=False)
    texts = pd.DataFrame({"article_id": ["a"], "text": ["it rained and then it stopped."]})
    mentions, ambiguous = entities.find_actors(sentences, texts, spacy_model, progress=False, blocks=blocks)
    assert mentions.empty and ambiguous.empty
    assert list(mentions.columns) == list(TABLES["entity_mentions"])


def test_fuzzy_matching_block_by_block_links_the_same_names(monkeypatch):
    names = [("a", "Qassem Soleimani", "PERSON"), ("b", "Qasem Soleimani", "PERSON"), ("c", "Mike Pence", "PERSON"),
             ("d", "Mike Pompeo", "PERSON"), ("e", "Brussels", "GPE"), ("f", "Brussel", "GPE")]
    whole, _ = resolve(*names)
    monkeypatch.setattr(resolution, "FUZZY_BLOCK", 1)  # one row of the similarity matrix at a time
    blockwise, _ = resolve(*names)
    pd.testing.assert_frame_equal(whole, blockwise)
    assert whole["actor_id"].nunique() == 4


def test_a_us_states_news_abbreviation_written_with_its_dot_is_the_state():
    table, _ = resolve(("a", "California", "GPE"), ("b", "Calif.", "GPE"), ("c", "Ky.", "GPE"), ("d", "Ark.", "GPE"),
                       ("e", "Wong Kim Ark", "PERSON"), ("f", "Wash.", "GPE"), ("g", "Washington", "GPE"),
                       ("h", "Miss", "GPE"), ("i", "Mississippi", "GPE"), ("j", "La.", "GPE"), ("k", "L.A.", "GPE"))
    assert actor_of(table, "Calif.") == actor_of(table, "California") == ["place:california"]
    assert actor_of(table, "Ky.") == ["place:kentucky"] and actor_of(table, "Ark.") == ["place:arkansas"]
    assert table.loc[table["text"] == "Calif.", "link_rule"].item() == "state abbreviation"
    # "Wash." would join the capital's "Washington"; a word without its dot is no abbreviation.
    assert actor_of(table, "Wash.") != actor_of(table, "Washington")
    assert actor_of(table, "Miss") != actor_of(table, "Mississippi")
    # "L.A." folds to the key of "La." (Louisiana): the abbreviation is matched as written.
    assert actor_of(table, "La.") == ["place:louisiana"] and actor_of(table, "L.A.") != ["place:louisiana"]


def test_a_surname_labelled_a_group_is_the_person_its_article_introduces():
    # The small model labels "Mattis" a nationality or group; in an article on Jim Mattis it is him.
    table, _ = resolve(("a", "Jim Mattis", "PERSON"), ("a", "Mattis", "NORP"), ("b", "Jim Mattis", "PERSON"),
                       ("b", "Mattis", "NORP"),
                       # "Libertarians" is labelled so in three articles with no one of that name: a group still.
                       ("c", "Libertarians", "NORP"), ("d", "Libertarians", "NORP"), ("e", "Libertarians", "NORP"),
                       ("f", "Ann Libertarians", "PERSON"), ("f", "Libertarians", "NORP"))
    assert actor_of(table, "Mattis") == actor_of(table, "Jim Mattis") == ["person:jim-mattis"]
    assert table.loc[table["text"] == "Mattis", "link_rule"].unique().tolist() == ["surname (same article)"]
    assert actor_of(table, "Libertarians") == ["group:libertarians"]
