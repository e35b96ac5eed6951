"""Sentiment per actor: reading the benchmark, scoping evidence to the target, voices and intervals."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import doc_rows
from newsbias import sentiment, target_scope
from newsbias.errors import NewsbiasError
from newsbias.quotes import evaluation
from newsbias.sentiment import basil, method_error, newsmtsc


def write_jsonl(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def record(sentence, mention, polarity):
    start = sentence.index(mention)
    return {"primary_gid": "x", "sentence_normalized": sentence,
            "targets": [{"from": start, "to": start + len(mention), "mention": mention, "polarity": polarity}]}


def test_read_newsmtsc_one_row_per_target(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [record("Smith praised Jones.", "Jones", 6.0), record("Smith hit Jones.", "Smith", 2.0)])
    frame = newsmtsc.read_newsmtsc(path)
    assert list(frame["label"]) == ["positive", "negative"]
    assert list(frame["mention"]) == ["Jones", "Smith"]


@pytest.mark.parametrize("line, message", [
    ("{not json", r"d.jsonl, line 2: not a NewsMTSC record \(JSONDecodeError"),
    (json.dumps({"sentence_normalized": "a b"}), r"line 2: .*KeyError: 'targets'"),
    (json.dumps({"sentence_normalized": "Smith won.", "targets": [{"from": 0, "to": 3, "mention": "Smith", "polarity": 4}]}),
     r"line 2: .*sentence\[0:3\] is not 'Smith'"),
    (json.dumps({"sentence_normalized": "Smith won.", "targets": [{"from": 0, "to": 5, "mention": "Smith", "polarity": 5}]}),
     r"line 2: .*polarity 5.0 is not one of"),
])
def test_read_newsmtsc_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(record("Smith won.", "Smith", 6.0)) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(NewsbiasError, match=message):
        newsmtsc.read_newsmtsc(path)


def test_read_newsmtsc_missing_file(tmp_path):
    with pytest.raises(NewsbiasError, match="no such file"):
        newsmtsc.read_newsmtsc(tmp_path / "nope.jsonl")


def test_unknown_method_lists_the_known_ones():
    with pytest.raises(NewsbiasError, match="unknown sentiment method 'bert'.*textblob, vader, scoped_vader, classifier"):
        sentiment.get_method("bert")


def test_scope_separates_two_targets_in_one_sentence(spacy_model):
    text = "The generous mayor helped the refugees, while the cruel governor attacked them."
    doc = spacy_model(text)
    mayor = target_scope.target_scope(doc, text.index("mayor"), text.index("mayor") + 5)
    governor = target_scope.target_scope(doc, text.index("governor"), text.index("governor") + 8)
    assert "generous" in [t.text for t in mayor] and "cruel" not in [t.text for t in mayor]
    assert "cruel" in [t.text for t in governor] and "attacked" in [t.text for t in governor]
    assert "generous" not in [t.text for t in governor]


def test_scoped_vader_scores_each_target_by_its_own_words(spacy_model):
    text = "The generous mayor helped the refugees, while the cruel governor attacked them."
    examples = pd.DataFrame({"sentence": [text, text], "start_char": [text.index("mayor"), text.index("governor")],
                             "end_char": [text.index("mayor") + 5, text.index("governor") + 8]})
    docs = [spacy_model(text)] * 2
    predicted = sentiment.get_method("scoped_vader").predict(examples, docs)
    assert list(predicted["label"]) == ["positive", "negative"]
    whole = sentiment.get_method("vader").predict(examples, docs)
    assert whole["score"].nunique() == 1  # the sentence-level baseline cannot tell them apart


def test_sentence_codes_follow_the_text_keys():
    # The intervals list sentences in the order of "article:sentence" as text ("ab1:2" before "ab:10" before "ab:2"),
    # and the codes that replace the keys keep it, so that a seeded bootstrap draws the same sentences.
    rows = pd.DataFrame({"article_id": ["ab1", "ab", "ab", "ab", "ab1", "b"], "sentence_id": [2, 10, 2, 10, 2, 0]})
    codes = method_error.sentence_codes(rows)
    keys = rows["article_id"] + ":" + rows["sentence_id"].astype(str)
    assert codes[0] == codes[4] and codes[1] == codes[3] and len(set(codes)) == 4
    assert list(pd.Series(codes).rank(method="dense")) == list(keys.rank(method="dense"))


def test_bootstrap_interval_is_seeded_and_brackets_the_mean():
    values = np.array([-0.5, -0.2, 0.0, 0.1, 0.4, 0.6])
    clusters = np.arange(6)
    low, high = sentiment.bootstrap_interval(values, clusters, n_samples=500, seed=1)
    assert low < values.mean() < high
    assert (low, high) == sentiment.bootstrap_interval(values, clusters, n_samples=500, seed=1)
    assert np.isnan(sentiment.bootstrap_interval(values[:1], clusters[:1])[0])


def test_bootstrap_resamples_whole_clusters():
    # Two clusters: one long article all negative, one short article all positive.
    values = np.array([-1.0] * 9 + [1.0])
    low, high = sentiment.bootstrap_interval(values, np.array(["long"] * 9 + ["short"]), n_samples=400, seed=0)
    # Resampling articles, a sample is long+long (-1), short+short (+1) or one of each (-0.8).
    assert low == pytest.approx(-1.0) and high == pytest.approx(1.0)


@pytest.fixture(scope="module")
def scored_corpus(spacy_model):
    texts = {
        "a1": "Mayor Lena Vogt praised the brave volunteers. “Lena Vogt is a disgrace,” said critic Tom Hale.",
        "a2": "Lena Vogt opened a new hospital.",
        "b1": "The incompetent Lena Vogt failed again.",
    }
    from newsbias import ingestion

    blocks = ingestion.paragraphs_as_blocks(texts)
    sentences = ingestion.split_sentences(blocks, spacy_model, progress=False)
    found, mentions = evaluation.quotes_for_texts(texts, spacy_model)
    articles = pd.DataFrame({"article_id": ["a1", "a2", "b1"], "outlet": ["A", "A", "B"]})
    targets = sentiment.mention_targets(mentions, sentences)
    scored = sentiment.score_targets(targets, ["vader", "scoped_vader"], spacy_model, progress=False)
    return targets, scored, sentences, articles


def test_mentions_in_quotes_carry_the_speakers_voice(scored_corpus):
    targets, scored, _, _ = scored_corpus
    vogt = targets[targets["actor_id"] == "person:lena-vogt"]
    assert list(vogt["voice"]) == ["author", "person:tom-hale", "author", "author"]
    assert set(scored["method"]) == {"vader", "scoped_vader"} and len(scored) == 2 * len(targets)


def test_tone_summary_author_voice_and_clustered_intervals(scored_corpus):
    _, scored, _, articles = scored_corpus
    tone = sentiment.tone_summary(scored, articles, n_samples=200)
    vogt = tone[(tone["actor_id"] == "person:lena-vogt") & (tone["method"] == "scoped_vader")].set_index(["outlet", "voice_scope"])
    assert vogt.loc[("A", "all"), "n_mentions"] == 3 and vogt.loc[("A", "author"), "n_mentions"] == 2
    assert vogt.loc[("A", "all"), "resampled"] == "articles" and vogt.loc[("B", "all"), "resampled"] == "sentences"
    assert bool(vogt.loc[("B", "all"), "small_sample"])
    assert np.isnan(vogt.loc[("B", "all"), "ci_low"])  # one sentence: no interval, not a fake one


def test_evidence_picks_extremes_per_actor_and_outlet(scored_corpus):
    _, scored, sentences, articles = scored_corpus
    shown = sentiment.evidence(scored, sentences, articles, "scoped_vader", actors=["Lena Vogt"])
    outlet_a = shown[shown["outlet"] == "A"].set_index("side")
    assert "disgrace" in outlet_a.loc["most negative", "sentence"]
    assert outlet_a.loc["most negative", "voice"] == "person:tom-hale"
    assert outlet_a.loc["most positive", "score"] >= outlet_a.loc["most negative", "score"]


@pytest.mark.slow
def test_documented_benchmark_table_is_what_the_evaluation_command_prints(spacy_model):
    measured = pd.concat([newsmtsc.evaluate_newsmtsc(newsmtsc.NEWSMTSC / f"{split}.jsonl", nlp=spacy_model) for split in ("dev_rw", "dev_mt")])
    table = measured.pivot_table(index="method", columns="file", values=["macro_f1", "accuracy"])
    # A method may have several rows, one per kind of CPU it was measured on ("transformer, on a CPU with ..."). What
    # the command prints is one of them: exactly, except the transformer's, whose floating-point kernels differ by
    # instruction set (its integer products do not: 7-bit weights), which may be up to two targets away (0.006).
    documented: dict[str, list[list[float]]] = {}
    for method, *numbers in doc_rows("docs/sentiment.md", "| method | dev_rw macro-F1"):
        documented.setdefault(method.split(",")[0], []).append([float(n) for n in numbers])
    assert set(documented) == set(table.index)
    for method, rows in documented.items():
        printed = np.array([table.loc[method, ("macro_f1", "dev_rw.jsonl")], table.loc[method, ("accuracy", "dev_rw.jsonl")],
                            table.loc[method, ("macro_f1", "dev_mt.jsonl")], table.loc[method, ("accuracy", "dev_mt.jsonl")]])
        tolerance = 0.006 if method == "transformer" else 0.0
        assert any(np.abs(printed - np.array(row)).max() <= tolerance + 1e-9 for row in rows), (method, printed, rows)
    f1 = table[("macro_f1", "dev_rw.jsonl")]
    # The fine-tuned transformer (the figures' method) is the best on NewsMTSC; the classifier the best of the rest.
    assert f1.idxmax() == "transformer" and f1.max() >= 0.78
    assert f1.drop("transformer").idxmax() == "classifier" and f1["classifier"] >= 0.65
    # make run METHODS=... lets the figures use the most accurate method given: the last in method_names()' order.
    assert f1.loc[sentiment.method_names()].is_monotonic_increasing


def test_the_figures_method_is_the_most_accurate_given_and_must_have_scored_the_corpus():
    assert sentiment.most_accurate(["vader", "transformer", "classifier"]) == "transformer"
    assert sentiment.most_accurate(["textblob", "scoped_vader"]) == "scoped_vader"
    with pytest.raises(NewsbiasError, match="no known sentiment method"):
        sentiment.most_accurate(["sarcasm"])
    sentiment.require_method("classifier", ["vader", "classifier"], "METHODS", "BEST_METHOD")
    sentiment.require_method("transformer", [], "the methods that scored the corpus", "METHOD")  # nothing scored
    with pytest.raises(NewsbiasError, match=r"'transformer' is not among METHODS \(vader, classifier\); add it to "
                                            r"notebook 04's METHODS, or set BEST_METHOD to one of those"):
        sentiment.require_method("transformer", ["vader", "classifier"], "METHODS", "BEST_METHOD")


def _basil_folder(tmp_path, articles):
    """A BASIL-format folder (articles.jsonl and annotations/) written here: (id, event, text, {person: feeling})."""
    (tmp_path / "annotations").mkdir()
    write_jsonl(tmp_path / "articles.jsonl", [{"article_id": a, "outlet": a[-1], "date": "2020-01-0" + a[-1],
                                                "title": f"Story {a}", "event": event, "text": text}
                                               for a, event, text, _ in articles])
    for a, _, _, feelings in articles:
        ann = {"article-level-annotations": {f"author_feeling_{p.replace(' ', '_')}": f for p, f in feelings.items()},
               "phrase-level-annotations": []}
        (tmp_path / "annotations" / f"{a}_ann.json").write_text(json.dumps(ann), encoding="utf-8")
    return tmp_path


def test_evaluate_basil_scores_each_method_and_a_baseline_without_tone(tmp_path, spacy_model):
    praise = "Senator Jane Roe won wide praise for the careful and generous budget she wrote."
    blame = "Senator Jane Roe was blamed for a disastrous and cruel budget. Roe denied wrongdoing. Roe was criticised."
    folder = _basil_folder(tmp_path, [("e1_1", "e1", praise, {"Jane Roe": "pos"}),
                                      ("e1_2", "e1", blame, {"Jane Roe": "neg"}),
                                      ("e2_1", "e2", praise.replace("budget", "plan"), {"Jane Roe": "neu"})])
    per_pair, summary = basil.evaluate_basil_tone(folder, ["vader"], spacy_model)
    assert summary["method"].tolist() == ["vader", basil.BASELINE]
    baseline = summary.set_index("method").loc[basil.BASELINE]
    # the one negative pair has the most mentions: the count alone ranks it first
    assert baseline["AUC author negative"] == 1.0 and baseline["negative pairs"] == 1
    assert baseline["outlet pairs"] == 1 and baseline["paired order"] == 1.0
    assert set(per_pair["feeling"]) == {"pos", "neg", "neu"}
