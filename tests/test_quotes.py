"""The quotation stage: direct, partial and reported quotations and their speakers, on hard cases."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import doc_rows
from newsbias import paths, quote_marks
from newsbias.errors import NewsbiasError
from newsbias.quotes import evaluation


@pytest.fixture(scope="module")
def run(spacy_model):
    def run_texts(*paragraphs: str) -> pd.DataFrame:
        found, _ = evaluation.quotes_for_texts({"doc": "\n\n".join(paragraphs)}, spacy_model)
        return found

    return run_texts


def only(found: pd.DataFrame, kind: str) -> pd.DataFrame:
    return found[found["kind"] == kind].reset_index(drop=True)


def test_quote_spans_pair_marks_and_ignore_apostrophes():
    text = "The country's 'best' team said \"we won\" and “again”. It's the '90s."
    spans = [text[s:e] for s, e in quote_marks.quote_spans(text)]
    assert spans == ["'best'", '"we won"', "“again”"]


def test_straight_and_curly_direct_quotes_with_speaker_after(run):
    found = run('"We will rebuild the bridge by spring," Mayor Anna Kowalski said.',
                "“The budget is already approved,” Kowalski told reporters.")
    direct = only(found, "direct")
    assert list(direct["text"]) == ["We will rebuild the bridge by spring", "The budget is already approved"]
    assert list(direct["speaker_name"]) == ["Anna Kowalski", "Anna Kowalski"]
    assert list(direct["speech_verb"]) == ["say", "tell"]


def test_speaker_before_a_quote_across_sentences(run):
    found = run('Finance Minister Peter Lindqvist said: "Growth is slowing. We expect a recovery next year. '
                'The banks are sound."')
    direct = only(found, "direct")
    assert len(direct) == 1
    assert direct.loc[0, "text"].startswith("Growth is slowing.") and direct.loc[0, "text"].endswith("The banks are sound.")
    assert direct.loc[0, "speaker_name"] == "Peter Lindqvist"
    assert direct.loc[0, "sentence_ids"] == "0;1;2"


def test_split_quote_gives_both_parts_the_speaker(run):
    found = run("“We will respond,” Defence Minister Maria Santos said, “and we will do it soon.”")
    direct = only(found, "direct")
    assert list(direct["text"]) == ["We will respond", "and we will do it soon."]
    assert set(direct["speaker_name"]) == {"Maria Santos"}


def test_quote_continued_into_a_new_paragraph_keeps_its_speaker(run):
    found = run("“The factory will close in March,” said chief executive Laura Brandt. “About 400 jobs are affected.",
                "“We are talking to the unions about every one of them.”")
    direct = only(found, "direct")
    assert len(direct) == 3
    assert set(direct["speaker_name"]) == {"Laura Brandt"}
    assert direct.loc[2, "speaker_rule"] == "continued quotation"


def test_partial_and_scare_quotes_are_marked_partial(run):
    found = run("Senator Tom Hale called the plan “reckless” on Tuesday.",
                "The so-called \"reform\" has been delayed twice.")
    partial = only(found, "partial")
    assert list(partial["text"]) == ["reckless", "reform"]
    assert partial.loc[0, "speaker_name"] == "Tom Hale"
    assert partial.loc[1, "speaker_text"] == "" and partial.loc[1, "speaker_rule"] == "none"


def test_titles_of_works_are_not_quotations(run):
    found = run('She watched the film "Jaws" and read the novel "Dune" last summer.')
    assert found.empty


@pytest.mark.parametrize("sentence, clause, verb, speaker", [
    ("Prime Minister Jonas Berg said that the tax would be scrapped.", "the tax would be scrapped", "say", "Jonas Berg"),
    ("Coach Rita Alvarez told the newspaper her team was ready for the final.", "her team was ready for the final", "tell", "Rita Alvarez"),
    ("Economist Sam Okafor warned that prices could rise again in the autumn.", "prices could rise again in the autumn", "warn", "Sam Okafor"),
    ("Judge Helen Marsh noted the defendant had no previous convictions.", "the defendant had no previous convictions", "note", "Helen Marsh"),
    ("In a statement, the World Health Organization said the outbreak was under control.", "the outbreak was under control", "say", "World Health Organization"),
])
def test_reported_speech(run, sentence, clause, verb, speaker):
    reported = only(run(sentence), "reported")
    assert len(reported) == 1
    assert (reported.loc[0, "text"], reported.loc[0, "speech_verb"], reported.loc[0, "speaker_name"]) == (clause, verb, speaker)


def test_according_to_attributes_the_clause(run):
    reported = only(run("According to Reuters, the talks collapsed after midnight."), "reported")
    assert len(reported) == 1
    assert reported.loc[0, "text"] == "the talks collapsed after midnight"
    assert reported.loc[0, "speech_verb"] == "according to"
    assert reported.loc[0, "speaker_name"] == "Reuters"


def test_a_partial_quote_inside_reported_speech_is_both(run):
    found = run('President Lena Vogt said the rebels had launched an "unprovoked" attack on the border town.')
    assert list(found["kind"]) == ["reported", "partial"]
    assert set(found["speaker_name"]) == {"Lena Vogt"}


def test_pronoun_speaker_resolves_to_a_person_not_a_country(run):
    found = run("Foreign Minister Ali Rahimi met officials from Germany on Monday.",
                "“The sanctions must end,” he said.")
    direct = only(found, "direct")
    assert (direct.loc[0, "speaker_text"], direct.loc[0, "speaker_name"], direct.loc[0, "speaker_rule"]) == ("he", "Ali Rahimi", "pronoun")


def test_pronoun_it_resolves_to_an_organisation(run):
    found = run("Shares of Northwind Energy fell sharply after Northwind Energy cut its forecast.",
                "It said demand had weakened in Asia.")
    reported = only(found, "reported")
    assert reported.loc[0, "speaker_name"] == "Northwind Energy" and reported.loc[0, "speaker_rule"] == "pronoun"


def test_collective_noun_speaker_resolves_to_the_organisation_named_before(run):
    found = run("The European Union met in Brussels on Friday.",
                "The bloc said, “We stand ready to help the region.”")
    direct = only(found, "direct")
    assert (direct.loc[0, "speaker_name"], direct.loc[0, "speaker_rule"]) == ("European Union", "collective noun")


def test_joint_statement_and_the_statement_resolve_to_their_issuers(run):
    found = run("A joint statement from London, Paris and Berlin urged both sides to show restraint and said talks must resume.",
                "“We call on all parties to return to the table,” the statement said.")
    direct = only(found, "direct")
    assert direct.loc[0, "speaker_rule"] == "document issuer"
    assert direct.loc[0, "speaker_name"] == "London; Paris; Berlin"


def test_unresolved_speakers_keep_their_text(run):
    found = run("“Nobody warned us,” one resident said.")
    direct = only(found, "direct")
    assert (direct.loc[0, "speaker_text"], direct.loc[0, "speaker_actor_id"], direct.loc[0, "speaker_rule"]) == ("one resident", "", "unresolved")


def test_mentions_inside_quotations_carry_the_speakers_voice(spacy_model):
    text = "Coach Rita Alvarez praised the team. “Lionel Park was the best player tonight,” Alvarez said."
    found, mentions = evaluation.quotes_for_texts({"doc": text}, spacy_model)
    by_text = mentions.set_index("text")
    assert by_text.loc["Rita Alvarez", "voice"] == "author" and by_text.loc["Rita Alvarez", "quote_id"] == ""
    assert by_text.loc["Lionel Park", "voice"] == "person:rita-alvarez"
    assert bool(by_text.loc["Lionel Park", "in_quote"])
    assert by_text.loc["Lionel Park", "quote_id"] == found.loc[found["kind"] == "direct", "quote_id"].iloc[0]


def test_gold_file_errors_name_the_file_and_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "a", "text": "x", "quotes": []}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(NewsbiasError, match=r"gold.jsonl, line 2"):
        evaluation.read_quote_gold(gold)
    gold.write_text(json.dumps({"doc_id": "a", "text": "He said hi.", "quotes": [{"kind": "direct", "text": "bye"}]}), encoding="utf-8")
    with pytest.raises(NewsbiasError, match=r"line 1.*'bye' is not in the doc text"):
        evaluation.read_quote_gold(gold)
    with pytest.raises(NewsbiasError, match="missing.jsonl: no such file"):
        evaluation.read_quote_gold(tmp_path / "missing.jsonl")


def test_speaker_matching_rule():
    assert evaluation.same_speaker("Josep Borrell", "Borrell")
    assert evaluation.same_speaker("London, Paris and Berlin", "London; Paris; Berlin")
    assert not evaluation.same_speaker("Josep Borrell", "European Union")
    assert not evaluation.same_speaker("the bloc", "")


def test_speaker_named_in_apposition(run):
    reported = only(run("The mayor of Springfield, Tomasz Nowak, said on Friday that the bridge would reopen."), "reported")
    assert reported.loc[0, "speaker_name"] == "Tomasz Nowak"


def test_participle_and_trailing_attributions(run):
    found = run("Foreign Minister Heiko Maas spoke on Saturday, saying Germany would seek talks with Iran.",
                "The alliance was monitoring the situation closely, he added.")
    reported = only(found, "reported")
    assert list(reported["text"]) == ["Germany would seek talks with Iran", "The alliance was monitoring the situation closely"]
    assert set(reported["speaker_name"]) == {"Heiko Maas"}
    assert list(reported["speech_verb"]) == ["say", "add"]


def test_a_pronoun_does_not_switch_gender(run):
    found = run("Coach Stefan Brandt watched as Emma Larsson broke the record.",
                "“I knew the time was in me,” she said.",
                "He said Larsson would now rest until July.")
    assert list(found["speaker_name"]) == ["Emma Larsson", "Stefan Brandt"]


def test_it_continues_an_unnamed_speaker(run):
    found = run("In a statement, the antiquities ministry said archaeologists had found a workshop.",
                "It said the finds included kilns and tools.")
    reported = only(found, "reported")
    assert list(reported["speaker_text"]) == ["the antiquities ministry", "It"]
    assert reported.loc[1, "speaker_name"] == "the antiquities ministry"
    assert reported.loc[1, "speaker_rule"] == "unresolved"


def test_evaluation_scores_a_gold_file(tmp_path, spacy_model):
    text = "“We will win,” coach Rita Alvarez said. Fans called the plan “bold”."
    gold = {"doc_id": "d", "source": "written", "text": text, "quotes": [
        {"kind": "direct", "text": "We will win,", "speaker": "Rita Alvarez"},
        {"kind": "partial", "text": "bold", "speaker": "Fans"},
        {"kind": "reported", "text": "nothing like this", "speaker": None, "start": None}]}
    gold["text"] += " Nobody said nothing like this."
    gold["quotes"][2].pop("start")
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold), encoding="utf-8")
    per_quote, summary = evaluation.evaluate_quotes(path, spacy_model)
    overall = summary.set_index("subset").loc["all"]
    assert overall["n_gold"] == 3 and overall["n_matched"] + (per_quote["kind"] == "").sum() >= 2
    assert 0 <= overall["f1"] <= 1 and 0 <= overall["speaker_accuracy"] <= 1
    assert per_quote.loc[per_quote["gold_text"] == "We will win,", "speaker_correct"].item()


@pytest.mark.slow
def test_documented_accuracy_table_is_what_the_evaluation_prints(spacy_model):
    rows = {row[0].split("`")[1]: row for row in doc_rows("docs/quotes.md", "| set | quotations |")}
    assert set(rows) == {"dev.jsonl", "heldout.jsonl"}
    for name, row in rows.items():
        _, summary = evaluation.evaluate_quotes(paths.DATA / "gold" / "quotes" / name, spacy_model)
        overall = summary.set_index("subset").loc["all"]
        speaker = f"{overall['speaker_accuracy']:.3f} ({int(overall['n_speaker_known'])})"
        expected = [str(int(overall["n_gold"])), f"{overall['precision']:.3f}", f"{overall['recall']:.3f}", f"{overall['f1']:.3f}",
                    f"{overall['kind_accuracy']:.3f}", speaker]
        assert row[1:] == expected, name


def test_a_mention_that_is_its_sentences_root_does_not_hang(run):
    # spaCy makes a fresh Token object on every access: comparing tokens by identity never ends at the root.
    found = run("Donald Trump.", "“Never,” said Donald Trump.")
    assert list(found["speaker_name"]) == ["Donald Trump"]


# --- Who speaks on real coverage: the classes of miss measured on BASIL, on sentences written here ----------------


def test_a_partial_quote_belongs_to_the_subject_of_the_verb_that_governs_it(run):
    found = run("Senator Rick Santorum called the plan “phony” on Sunday.",
                "Governor Ann Marsh dismissed it as “a bunch of malarkey.”",
                "Mayor Tom Reed accused the council of having “wasted another week.”",
                "The “reform” passed the chamber on Monday.")
    partial = only(found, "partial")
    assert list(partial["speaker_name"]) == ["Rick Santorum", "Ann Marsh", "Tom Reed", ""]
    # A scare quote with no verb of saying stays unattributed, and says so.
    assert partial.loc[3, "speaker_rule"] == "none" and partial.loc[3, "speaker_text"] == ""


def test_a_pronoun_follows_the_subject_of_the_sentence_not_of_what_it_reports(run):
    found = run("Former president Luis Ortega, however, is not worried that Carla Mendes will win the vote.",
                "“Voters cannot pick someone who does not know the world,” he said.")
    assert list(only(found, "direct")["speaker_name"]) == ["Luis Ortega"]


def test_a_continued_quotation_follows_the_last_speaker_not_the_last_name(run):
    found = run("“We will not back down,” said union leader Maria Costa. “The company owes Peter Shaw an apology.",
                "“And it owes every worker one too.”")
    assert list(only(found, "direct")["speaker_name"]) == ["Maria Costa"] * 3


def test_a_role_refers_to_the_person_the_article_gave_it(run):
    found = run("Sen. Rob Portman met the governor of Ohio, Mike Dewitt, on Tuesday.",
                "“We agreed on nothing,” the senator said.",
                "In a speech the governor called the plan “dangerous.”")
    assert list(found.sort_values("start_char")["speaker_name"]) == ["Rob Portman", "Mike Dewitt"]
    assert set(found["speaker_rule"]) == {"role"}


def test_a_quotation_introduced_by_the_paragraph_before(run):
    found = run("Mayor Dan Holt wrote on Twitter on Wednesday morning:",
                "“The bridge will open in June, and not a day later.”")
    quote = only(found, "direct").iloc[0]
    assert quote["speaker_name"] == "Dan Holt" and quote["speaker_rule"].endswith("introduced before")


def test_group_and_organisation_speakers(run):
    found = run("Democratic lawmakers said the bill would fail.",
                "A NATO spokesman said the alliance was watching closely.")
    assert list(only(found, "reported")["speaker_rule"]) == ["affiliation", "affiliation"]
    assert list(only(found, "reported")["speaker_actor_id"]) == ["group:democratic", "org:nato"]


def test_straight_and_curly_marks_pair_with_each_other(run):
    found = run('"He is not one of us. Absolutely not,” Vicente Lara said. “He is just himself."')
    direct = only(found, "direct")
    assert list(direct["text"]) == ["He is not one of us. Absolutely not", "He is just himself."]
    assert list(direct["speaker_name"]) == ["Vicente Lara", "Vicente Lara"]
