"""Stage 3, quotations: who gets to speak, how often and at what length.

- :mod:`~newsbias.quotes.extraction`: :func:`find_quotes`, direct, partial and reported quotations;
- :mod:`~newsbias.quotes.speakers`: the speaker of each, resolved to an actor;
- :mod:`~newsbias.quotes.voices`: whose voice each entity mention is in (:func:`mark_mentions`);
- :mod:`~newsbias.quotes.summaries`: quotations and speakers per outlet;
- :mod:`~newsbias.quotes.evaluation`: accuracy on hand-labelled quotations (``python -m newsbias.quotes evaluate``).
"""

from newsbias.quotes.extraction import find_quotes
from newsbias.quotes.summaries import (
    quotation_counts,
    speaker_actor_types_per_outlet,
    speakers_per_outlet,
    top_speaker_shares,
    type_shares,
    with_outlet,
)
from newsbias.quotes.voices import mark_mentions, voice_tally

__all__ = ["find_quotes", "mark_mentions", "quotation_counts", "speaker_actor_types_per_outlet", "speakers_per_outlet",
           "top_speaker_shares", "type_shares", "voice_tally", "with_outlet"]
