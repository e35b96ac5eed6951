"""Sentiment lexicons shipped on PyPI: VADER's compound score and TextBlob's polarity and subjectivity, cached per text."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def vader_analyzer():
    """VADER's analyzer, loaded once (its lexicon ships inside the vaderSentiment package)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


# Lexicon scores are pure functions of the text; a sentence with several mentions is scored once.
@lru_cache(maxsize=65536)
def vader_compound(text: str) -> float:
    """VADER's compound score of a text, in [-1, 1] (0 for an empty text)."""
    return float(vader_analyzer().polarity_scores(text)["compound"]) if text.strip() else 0.0


@lru_cache(maxsize=65536)
def textblob_scores(text: str) -> tuple[float, float]:
    """TextBlob's (polarity, subjectivity) of a text (works without TextBlob's downloadable corpora).

    This is what ``TextBlob(text).sentiment`` computes (its default PatternAnalyzer), called directly:
    the analyzer defines a new namedtuple class on every call, which costs more than the scoring.
    """
    from textblob.en import sentiment as pattern_sentiment

    polarity, subjectivity = pattern_sentiment(text)
    return float(polarity), float(subjectivity)


@lru_cache(maxsize=65536)
def lexicon_scores(text: str) -> tuple[float, ...]:
    """VADER's compound, positive, negative and neutral shares, and TextBlob's polarity and subjectivity, of a text."""
    if not text.strip():
        return (0.0,) * 6
    vader = vader_analyzer().polarity_scores(text)
    polarity, subjectivity = textblob_scores(text)
    return vader["compound"], vader["pos"], vader["neg"], vader["neu"], polarity, subjectivity
