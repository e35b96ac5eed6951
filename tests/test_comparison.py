"""Source-bias comparison: word choice, tone tests, speaker types, labels and event naming, on built examples."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from newsbias import comparison, ingestion, parsing, quotes
from newsbias.comparison import voices
from newsbias.errors import NewsbiasError
from newsbias.quotes import evaluation


def test_log_odds_finds_each_outlets_own_words(spacy_model):
    texts = {"A": ["The regime launched a brutal crackdown."] * 12 + ["Officials met on Monday."],
             "B": ["The government started a security operation."] * 12 + ["Officials met on Monday."]}
    background = Counter({"officials": 50, "met": 40, "monday": 30, "government": 30, "security": 20, "regime": 5,
                          "brutal": 5, "crackdown": 3, "launched": 10, "started": 10, "operation": 10})
    words = comparison.distinctive_terms(texts, spacy_model, background=background)
    top_a = words[words["outlet"] == "A"].iloc[0]
    top_b = words[words["outlet"] == "B"].iloc[0]
    assert top_a["term"] in {"regime", "brutal", "crackdown", "brutal crackdown", "launched", "regime launched", "launched brutal"} and top_a["z"] > 1.96
    assert top_b["term"] in {"government", "security", "operation", "security operation", "started", "government started", "started security"} and top_b["z"] > 1.96
    shared = words[(words["term"] == "officials")]
    assert (shared["z"].abs() < 0.5).all()  # used equally: not distinctive


def test_prior_shrinks_rare_words_toward_the_background(spacy_model):
    texts = {"A": ["Ministers discussed the budget."] * 2, "B": ["Ministers discussed taxes."] * 2}
    background = Counter({"budget": 10, "taxes": 10, "other": 80})
    weak = comparison.distinctive_terms(texts, spacy_model, background=background, prior_strength=10)
    strong = comparison.distinctive_terms(texts, spacy_model, background=background, prior_strength=10000)
    z = lambda frame: frame.set_index(["outlet", "term"]).loc[("A", "budget"), "z"]
    assert abs(z(strong)) < abs(z(weak))


def test_word_choice_needs_two_outlets(spacy_model):
    with pytest.raises(NewsbiasError, match="at least two outlets"):
        comparison.distinctive_terms({"A": ["text"]}, spacy_model, background=Counter())


def test_permutation_test_separates_real_differences_from_noise():
    rng = np.random.default_rng(3)
    apart = pd.Series(np.r_[rng.normal(-0.6, 0.1, 12), rng.normal(0.6, 0.1, 12)])
    outlets = pd.Series(["A"] * 12 + ["B"] * 12)
    clusters = pd.Series(range(24))
    assert comparison.permutation_test(apart, outlets, clusters, n_permutations=999) < 0.01
    same = pd.Series(rng.normal(0, 0.3, 24))
    assert comparison.permutation_test(same, outlets, clusters, n_permutations=999) > 0.05
    assert comparison.permutation_test(apart, outlets, clusters, 200, seed=1) == comparison.permutation_test(apart, outlets, clusters, 200, seed=1)


def test_permutation_test_counts_a_sentence_once():
    # Ten mentions in one sentence are one observation, not ten.
    scores = pd.Series([-1.0] * 10 + [1.0])
    outlets = pd.Series(["A"] * 10 + ["B"])
    clusters = pd.Series(["s1"] * 10 + ["s2"])
    assert comparison.permutation_test(scores, outlets, clusters, n_permutations=200) == 1.0


@pytest.mark.parametrize("name, phrases, ids, expected", [
    ("Dylan White", {"acting NATO spokesman": 1}, ["person:dylan-white"], "international organisation"),
    ("Heiko Maas", {"German Foreign Minister": 1}, ["person:heiko-maas"], "government"),
    ("Express", {"the British newspaper": 1}, ["org:express"], "media"),
    ("Jane Roe", {"opposition lawmaker": 1}, ["person:jane-roe"], "party"),
    ("London; Paris", {"a joint statement": 1}, ["place:london", "place:paris"], "government"),
    ("Acme Corp", {}, ["org:acme-corp"], "other"),
    ("one resident", {}, [], "unknown"),
    # the name decides when it says the kind; else most of what the articles write, counted as often as written
    ("Fox News", {"the conservative network": 3}, ["org:fox-news"], "media"),
    ("Jo Doe", {"President": 37, "reality TV star": 1, "Republican nominee": 4}, ["person:jo-doe"], "government"),
    # initials only as written: "who" and "un-" are no United Nations or WHO
    ("Ann Lee", {"the special counsel who led the inquiry": 2}, ["person:ann-lee"], "other"),
    ("Ann Lee", {"WHO chief": 1}, ["person:ann-lee"], "international organisation"),
    # a spokesperson speaks for whoever employs them
    ("Bo Kim", {"A spokesperson for Kim": 5}, ["person:bo-kim"], "other"),
])
def test_speaker_types_from_the_words_used_for_them(name, phrases, ids, expected):
    assert voices.speaker_type_of(name, ids, Counter(phrases)) == expected


def test_speaker_overrides_are_checked(tmp_path):
    path = tmp_path / "types.csv"
    path.write_text("speaker_actor_id,speaker_type\nperson:x,pundit\n", encoding="utf-8")
    with pytest.raises(NewsbiasError, match=r"unknown speaker_type \['pundit'\]"):
        comparison.read_speaker_overrides(path)
    path.write_text("name,kind\na,b\n", encoding="utf-8")
    with pytest.raises(NewsbiasError, match=r"needs a speaker_actor_id or speaker column.*\['name', 'kind'\]"):
        comparison.read_speaker_overrides(path)
    with pytest.raises(NewsbiasError, match="does not exist"):
        comparison.read_speaker_overrides(tmp_path / "missing.csv")


def test_one_outlet_is_not_a_comparison():
    with pytest.raises(NewsbiasError, match="at least two outlets"):
        comparison.outlets_of(pd.DataFrame({"article_id": ["a", "b"], "outlet": ["Same", "Same"]}))


@pytest.fixture(scope="module")
def two_outlets(spacy_model):
    texts = {
        "a1": "The brutal dictator Viktor Kranz was killed in an air strike on Friday. The assassination of Kranz shocked the region. "
              "“This was murder,” said Foreign Minister Ana Ruiz.",
        "b1": "Rebel commander Viktor Kranz died on Friday. The killing of Kranz was confirmed by the army. "
              "The popular Viktor Kranz had led the movement for years.",
    }
    blocks = ingestion.paragraphs_as_blocks(texts)
    sentences = ingestion.split_sentences(blocks, spacy_model, progress=False)
    found, mentions = evaluation.quotes_for_texts(texts, spacy_model)
    articles = pd.DataFrame({"article_id": ["a1", "b1"], "outlet": ["Alpha", "Beta"], "n_words": [30, 30]})
    docs = parsing.sentence_docs(sentences, blocks, spacy_model, progress=False)
    return mentions, sentences, articles, found, docs


def test_labels_each_outlet_attaches_to_an_actor(two_outlets, spacy_model):
    mentions, sentences, articles, _, docs = two_outlets
    labels = comparison.actor_labels(mentions, sentences, articles, docs)
    kranz = labels[labels["actor_name"] == "Viktor Kranz"]
    alpha = set(kranz.loc[kranz["outlet"] == "Alpha", "label"])
    beta = set(kranz.loc[kranz["outlet"] == "Beta", "label"])
    assert "brutal" in alpha and "popular" in beta
    assert any("dictator" in label for label in alpha) and any("commander" in label for label in beta)


def test_event_is_named_by_what_happened_to_its_main_actor(two_outlets, spacy_model):
    mentions, sentences, articles, _, docs = two_outlets
    assert comparison.event_actor(mentions, articles) == "Viktor Kranz"
    events = comparison.event_terms(mentions, sentences, articles, docs, spacy_model, "Viktor Kranz")
    alpha = set(events.loc[events["outlet"] == "Alpha", "term"])
    beta = set(events.loc[events["outlet"] == "Beta", "term"])
    assert {"kill", "assassination"} <= alpha and "killing" in beta
    assert "movement" not in beta  # not an action noun


def test_speaker_profiles_read_titles_and_countries(two_outlets, spacy_model):
    mentions, sentences, articles, found, docs = two_outlets
    profiles = comparison.speaker_profiles(found, mentions, sentences, docs)
    ruiz = profiles.set_index("speaker").loc["Ana Ruiz"]
    assert ruiz["speaker_type"] == "government"
    voices = comparison.voice_table(found, articles, profiles)
    assert voices.loc[voices["speaker"] == "Ana Ruiz", "n_direct"].item() == 1


def test_whole_pipeline_on_two_outlets_with_several_articles_each(corpus, spacy_model):
    from newsbias import entities, sentiment

    texts = {
        "n1.txt": "Governor Maria Lopez opened the new bridge on Monday.\n\n“It is a great day for the city,” Lopez said.",
        "n2.txt": "Governor Maria Lopez was praised for the bridge.\n\nThe opposition said the project was too expensive.",
        "p1.txt": "Governor Maria Lopez wasted millions on a useless bridge, critics said.\n\n“It is a scandal,” said senator Tom Reyes.",
        "p2.txt": "Senator Tom Reyes attacked Governor Maria Lopez over the bridge.\n\nLopez did not comment.",
    }
    rows = [{"article_id": name[:2], "outlet": "North Post" if name.startswith("n") else "South Daily", "date": "2024-05-0%d" % i,
             "title": "", "url": "", "path": name} for i, name in enumerate(sorted(texts), start=1)]
    result = ingestion.ingest(corpus(texts, rows), progress=False)
    mentions, _ = entities.find_actors(result.sentences, result.texts, spacy_model, progress=False, blocks=result.blocks)
    found = quotes.find_quotes(result.blocks, result.sentences, mentions, spacy_model, progress=False)
    mentions = quotes.mark_mentions(mentions, found)
    frequency = entities.actor_frequency(mentions, result.articles)
    targets = sentiment.mention_targets(mentions, result.sentences)
    scored = sentiment.score_targets(targets, ["vader", "classifier"], spacy_model, progress=False)
    tone = sentiment.tone_summary(scored, result.articles, n_samples=200)

    assert comparison.outlets_of(result.articles) == ["North Post", "South Daily"]
    lopez = tone[(tone["actor_name"] == "Maria Lopez") & (tone["method"] == "classifier") & (tone["voice_scope"] == "all")]
    assert set(lopez["resampled"]) == {"articles"} and set(lopez["n_articles"]) == {2}
    differences = comparison.tone_differences(scored, result.articles, "classifier", n_permutations=200)
    assert "Maria Lopez" in set(differences["actor_name"]) and set(differences["n_outlets"]) == {2}
    body = result.sentences[result.sentences["block_kind"] == "body"].merge(result.articles[["article_id", "outlet"]])
    words = comparison.distinctive_terms({o: g["text"].tolist() for o, g in body.groupby("outlet")}, spacy_model)
    docs = parsing.sentence_docs(result.sentences, result.blocks, spacy_model, progress=False)
    profiles = comparison.speaker_profiles(found, mentions, result.sentences, docs)
    voices = comparison.voice_table(found, result.articles, profiles)
    summary = comparison.outlet_summary(result.articles, frequency, voices, tone, words, "classifier")
    assert list(summary["outlet"]) == ["North Post", "South Daily"] and list(summary["articles"]) == [2, 2]
    assert profiles.set_index("speaker").loc["Tom Reyes", "speaker_type"] == "party"


def test_the_method_error_test_is_repeated_only_where_there_is_a_difference_to_survive():
    from newsbias.comparison import tone_tests

    rows, articles = [], []
    for outlet, sign in (("A", -1), ("B", 1)):
        for number in range(12):
            article_id = f"{outlet}{number}"
            articles.append({"article_id": article_id, "outlet": outlet})
            rows.append({"article_id": article_id, "sentence_id": 0, "actor_name": "Clear", "voice": "author",
                         "method": "m", "score": float(sign), "label": "negative" if sign < 0 else "positive"})
            flat = "negative" if number % 2 else "positive"
            rows.append({"article_id": article_id, "sentence_id": 1, "actor_name": "Even", "voice": "author",
                         "method": "m", "score": -1.0 if number % 2 else 1.0, "label": flat})
    # A method that is right nine times in ten (true labels in rows, predicted in columns).
    confusion = pd.DataFrame({"true": ["negative", "neutral", "positive"], "negative": [90, 5, 5],
                              "neutral": [5, 90, 5], "positive": [5, 5, 90]})
    table = tone_tests.tone_differences.compute(pd.DataFrame(rows), pd.DataFrame(articles), "m", n_permutations=999,
                                                confusion=confusion)
    author = table[table["voice_scope"] == "author"].set_index("actor_name")
    assert author.loc["Clear", "p_value"] < 0.05 and author.loc["Clear", "p_value_method_error"] < 0.05
    assert author.loc["Even", "p_value"] >= tone_tests.METHOD_ERROR_BELOW
    assert pd.isna(author.loc["Even", "p_value_method_error"])


def test_a_letter_alone_is_no_word_choice(spacy_model):
    texts = {"A": ["Sen. Jon Tester (D) met Sen. Steve Daines (R) on Monday."] * 12,
             "B": ["Jon Tester, a Democrat, met Steve Daines, a Republican, on Monday."] * 12}
    words = comparison.distinctive_terms(texts, spacy_model, background=Counter({"monday": 10}))
    assert not words["term"].str.split().map(lambda parts: any(len(p) == 1 for p in parts)).any()
    assert "democrat" in set(words.loc[words["outlet"] == "B", "term"])
