"""The fine-tuned tone transformer: its inputs, its files and what it says about clear cases."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest
from newsbias import paths
from newsbias.errors import NewsbiasError
from newsbias.sentiment import get_method, transformer


def test_the_target_is_marked_in_its_sentence_and_given_again():
    text, target = transformer.marked("Critics attacked Smith on Monday.", 17, 22)
    assert target == "Smith"
    assert f"{transformer.TARGET_OPEN} Smith {transformer.TARGET_CLOSE}" in text


def test_a_context_window_keeps_that_many_words_on_each_side_of_the_target():
    sentence = "On Monday  the angry critics attacked Smith again over the long delay."
    start = sentence.index("Smith")
    text, target = transformer.marked(sentence, start, start + 5, context_words=2)
    assert target == "Smith"
    assert text == f"critics attacked {transformer.TARGET_OPEN} Smith {transformer.TARGET_CLOSE} again over"
    assert transformer.marked(sentence, start, start + 5)[0].startswith("On Monday  the angry")  # 0: the whole sentence
    assert transformer.marked(sentence, 0, 2, context_words=50)[0].endswith("the long delay.")


def test_a_model_trained_on_a_window_reads_only_that_window(tmp_path):
    card = json.loads((transformer.MODEL_DIR / "card.json").read_text(encoding="utf-8"))
    near, far = "Voters praised Mara Quill on Monday", " after a long and famously {} campaign."
    examples = pd.DataFrame({"sentence": [near + far.format("honest"), near + far.format("corrupt")],
                             "start_char": [15, 15], "end_char": [25, 25]})
    scores = {}
    for words in (3, 0):
        folder = tmp_path / str(words)
        folder.mkdir()
        for name in ("model.onnx", "tokenizer.json"):
            (folder / name).symlink_to(transformer.MODEL_DIR / name)
        (folder / "card.json").write_text(json.dumps({**card, "context_words": words}), encoding="utf-8")
        scores[words] = transformer.predict(transformer.ToneModel(folder), examples)["score"].tolist()
    assert scores[3][0] == scores[3][1]  # the differing word is beyond three words of the target
    assert scores[0][0] != scores[0][1]  # the whole sentence: it counts


def test_a_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(NewsbiasError, match="make train-tone"):
        transformer.ToneModel(tmp_path)


def test_the_card_names_the_training_data_and_the_base_models_licence():
    card = json.loads((transformer.MODEL_DIR / "card.json").read_text(encoding="utf-8"))
    train = paths.DATA / "newsmtsc" / "train.jsonl"
    assert card["trained_on_sha256"] == hashlib.sha256(train.read_bytes()).hexdigest()
    assert "Apache-2.0" in card["base_licence"] and card["weights"].startswith("int8")


def test_clear_praise_and_clear_blame_are_told_apart_toward_the_target():
    sentences = ["Voters praised Mara Quill for her honest and generous leadership.",
                 "Prosecutors said Tomas Berg lied, cheated and stole from his own charity.",
                 "Voters praised Mara Quill for her honest and generous leadership."]
    examples = pd.DataFrame({"sentence": sentences, "start_char": [15, 17, 15], "end_char": [25, 27, 25]})
    scores = transformer.predict(transformer.load(), examples)
    assert scores["label"].tolist() == ["positive", "negative", "positive"]
    assert scores["score"].iloc[0] > 0.3 > -0.3 > scores["score"].iloc[1]
    assert scores["score"].iloc[0] == scores["score"].iloc[2]  # one sentence and span, one score


def test_it_is_a_method_of_the_suite():
    assert get_method("transformer").name == "transformer"


def test_a_targets_score_does_not_depend_on_the_other_targets_scored_with_it():
    # The int8 model quantises activations per call: batched, one sentence's score moved with its neighbours'.
    sentence = "Critics said Dana Pell mishandled the budget, but voters still trusted her."
    model = transformer.load()
    alone = model.probabilities([transformer.marked(sentence, 13, 22)])
    others = ["Ari Venn won.", "Officials praised Ari Venn's calm and skilful handling of a flood that had displaced "
              "thousands of families across three provinces over two long and exhausting weeks of rain.", sentence]
    together = model.probabilities([transformer.marked(s, a, b) for s, a, b in zip(others, [0, 18, 13], [8, 26, 22])])
    assert (together[2] == alone[0]).all()  # exactly, not to a rounding


def test_the_int8_weights_fit_in_7_bits_so_every_cpu_computes_the_same_products():
    # Without AVX-512 VNNI, ONNX Runtime multiplies 8-bit activations by 8-bit weights with an instruction that adds
    # pairs of products in 16 bits and saturates (255 * 127 * 2 > 32767): scores then depended on the CPU. With
    # weights in [-64, 64] no pair overflows (255 * 64 * 2 = 32640), and the integer products are exact everywhere.
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(transformer.MODEL_DIR / "model.onnx"))
    weights = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    products = [node.input[1] for node in model.graph.node if node.op_type == "MatMulInteger"]
    assert len(products) >= 36  # six layers of query, key, value, output and two feed-forward products
    for name in products:
        assert weights[name].dtype == np.int8 and np.abs(weights[name].astype(int)).max() <= 64, name
