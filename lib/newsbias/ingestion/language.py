"""Which language an article is written in, so that an article the spaCy pipeline cannot read is set aside.

The English pipeline reads a German article as if it were English: "Gespräche", "Beamte" and "Schritt" become
actors. Each article's text is identified by ``py3langid`` (langid.py's model, BSD licence, shipped in the package
as plain arrays) over its first :data:`SAMPLE_CHARS` characters; an article identified as another language than
the pipeline's with a probability of at least :data:`MIN_PROBABILITY` is set aside, with the language and the
probability in the ingestion report. Shorter or mixed texts that the model is unsure of are kept.
"""

from __future__ import annotations

from functools import lru_cache

SAMPLE_CHARS = 3000
MIN_PROBABILITY = 0.9


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of the language of ``text`` and the model's probability for it."""
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(language), round(float(probability), 3)


def readable(text: str, language: str = "en") -> tuple[bool, str, float]:
    """Whether the pipeline (which reads ``language``) can read ``text``; and the language identified, and how sure."""
    found, probability = identify(text)
    return not (found != language and probability >= MIN_PROBABILITY), found, probability
