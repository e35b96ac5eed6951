"""The linking evaluation: gold offsets mapped onto the normalised text, and the scores computed as documented."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest
from newsbias.entities import evaluation
from newsbias.errors import NewsbiasError
from newsbias.ingestion.normalise import normalise_text


def test_gold_offsets_follow_the_normalisation_ingestion_applies():
    raw = "Angela\u00a0Merkel\r\nmet Emmanuel Macron\u200b in Paris."
    text, _ = normalise_text(raw)
    where = evaluation.normalised_offsets(raw)
    for name in ("Merkel", "Emmanuel Macron", "Paris"):
        start = raw.index(name)
        assert text[where[start]:where[start + len(name)]] == name


def gold_article(article_id, text, mentions):
    """Gold mentions given as (start, written, actor)."""
    return evaluation.GoldArticle("test", article_id, hashlib.sha256(text.encode()).hexdigest(),
                                  [{"start": s, "end": s + len(t), "text": t, "actor": a, "type": "person"} for s, t, a in mentions])


def system(article_id, rows):
    columns = ["article_id", "start_char", "end_char", "text", "actor_id", "actor_type", "link_rule"]
    return pd.DataFrame([{"article_id": article_id, "start_char": s, "end_char": e, "text": t, "actor_id": i,
                          "actor_type": "person", "link_rule": "exact"} for s, e, t, i in rows], columns=columns)


def test_scores_count_right_links_splits_merges_and_spurious_names():
    text = "Ann Lee met Bo Ray. Lee and Ray left. Medicare paid."
    gold = [gold_article("a", text, [(0, "Ann Lee", "Ann Lee"), (12, "Bo Ray", "Bo Ray"), (20, "Lee", "Ann Lee"),
                                     (28, "Ray", "Bo Ray")])]
    found = system("a", [(0, 7, "Ann Lee", "person:ann-lee"), (12, 18, "Bo Ray", "person:bo-ray"),
                         (20, 23, "Lee", "person:lee"),  # split off its person
                         (28, 31, "Ray", "person:bo-ray"), (38, 46, "Medicare", "person:medicare")])  # spurious
    sentences = pd.DataFrame({"article_id": ["a"], "start_char": [0], "end_char": [len(text)]})
    table = evaluation.link_table(gold, found, sentences, {"a": text})
    summary = evaluation.summarise_linking(table, "test")
    assert summary["gold mentions"] == 4 and summary["detected"] == 4
    assert summary["recall"] == 3 / 4 and summary["precision"] == 3 / 5
    assert summary["actors split over 5%"] == 1 and summary["largest split"] == 0.5
    assert summary["false merges"] == 0
    merged = system("a", [(0, 7, "Ann Lee", "person:x"), (12, 18, "Bo Ray", "person:x"), (20, 23, "Lee", "person:x"),
                          (28, 31, "Ray", "person:x")])
    summary = evaluation.summarise_linking(evaluation.link_table(gold, merged, sentences, {"a": text}), "test")
    assert summary["false merges"] == 1 and summary["recall"] == 1 / 2  # one of the two actors owns the id


def test_a_gold_file_made_on_another_text_is_refused(tmp_path):
    text = "Ann Lee spoke."
    gold = [evaluation.GoldArticle("test", "a", "0" * 64, [{"start": 0, "end": 7, "text": "Ann Lee", "actor": "Ann Lee",
                                                             "type": "person"}])]
    sentences = pd.DataFrame({"article_id": ["a"], "start_char": [0], "end_char": [len(text)]})
    with pytest.raises(NewsbiasError, match="differs from the one the gold was made on"):
        evaluation.link_table(gold, system("a", []), sentences, {"a": text})


def test_bad_gold_lines_name_the_file_and_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"corpus": "c", "article_id": "a", "text_sha256": "x", "mentions": []}) + "\n"
                    + json.dumps({"corpus": "c", "article_id": "b", "text_sha256": "x",
                                  "mentions": [{"start": 3, "end": 1, "actor": "A", "type": "person"}]}) + "\n")
    with pytest.raises(NewsbiasError, match=r"gold.jsonl, line 2: not a gold linking record"):
        evaluation.read_linking_gold(path)


@pytest.mark.slow
def test_evaluation_runs_the_stage_on_a_whole_corpus(tmp_path, spacy_model):
    texts = {"a": "Angela Merkel met Emmanuel Macron in Paris on Monday.\n\nMerkel said the talks went well.",
             "b": "Chancellor Angela Merkel flew home. Merkel spoke to reporters."}
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"article_id": a, "outlet": "X", "text": t}) + "\n" for a, t in texts.items()))
    gold = tmp_path / "gold.jsonl"
    lines = []
    for article_id, text in texts.items():
        found = [("Angela Merkel", "Angela Merkel"), ("Emmanuel Macron", "Emmanuel Macron")]
        mentions = []
        for written, actor in found:
            if written in text:
                mentions.append({"start": text.index(written), "end": text.index(written) + len(written), "text": written,
                                 "actor": actor, "type": "person"})
        second = text.index("Merkel", text.index("Angela Merkel") + 13)
        mentions.append({"start": second, "end": second + 6, "text": "Merkel", "actor": "Angela Merkel", "type": "person"})
        lines.append(json.dumps({"corpus": "test", "article_id": article_id,
                                 "text_sha256": hashlib.sha256(text.encode()).hexdigest(), "mentions": mentions}))
    gold.write_text("\n".join(lines) + "\n")
    table, summary = evaluation.evaluate_linking(gold, [corpus], spacy_model)
    assert summary["gold mentions"] == 5 and summary["recall"] == 1.0 and summary["precision"] == 1.0
