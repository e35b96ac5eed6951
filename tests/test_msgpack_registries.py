"""spaCy's document bytes without a scan of the installed packages per document."""

from __future__ import annotations

from unittest import mock

import catalogue
import srsly.msgpack
from newsbias.msgpack_registries import remember_msgpack_functions
from spacy.tokens import Doc


def test_the_registries_are_asked_again_only_when_a_function_is_registered(spacy_model):
    remember_msgpack_functions()
    remember_msgpack_functions()  # idempotent: no second layer
    encoders = srsly.msgpack.msgpack_encoders
    before = encoders.get_all()
    with mock.patch.object(catalogue.Registry, "get_entry_points", autospec=True, return_value={}) as scans:
        for _ in range(20):
            assert encoders.get_all() == before
        doc = spacy_model("Ivanka Trump met Mitt Romney in Washington.")
        again = Doc(spacy_model.vocab).from_bytes(doc.to_bytes())
        assert [(e.text, e.label_) for e in again.ents] == [(e.text, e.label_) for e in doc.ents]
        assert scans.call_count == 0
        key = ("srsly", "msgpack_encoders", "newsbias_test_encoder")
        try:
            encoders.register("newsbias_test_encoder", func=lambda obj, chain=None: obj if chain is None else chain(obj))
            assert "newsbias_test_encoder" in encoders.get_all()  # a function registered since is seen
            assert scans.call_count == 1
        finally:
            catalogue.REGISTRY.pop(key, None)
    assert "newsbias_test_encoder" not in encoders.get_all()
