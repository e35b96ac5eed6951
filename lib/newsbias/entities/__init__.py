"""Stage 2, entities: who is mentioned, how often, per outlet, with the many names of one actor merged.

- :mod:`~newsbias.entities.mentions`: spaCy's named entities and handles in the content sentences;
- :mod:`~newsbias.entities.resolution`: the rules that merge names into actors (and the alias file);
- :mod:`~newsbias.entities.frequency`: mentions per outlet and actor, who is left out, what was merged;
- :mod:`~newsbias.entities.references`: pronouns and roles resolved to a person, for tone (never for counts).

:func:`find_actors` runs the first two: the ``mentions`` table and the ambiguous names left unmerged.
"""

from __future__ import annotations

import pandas as pd

from newsbias import stagecache
from newsbias.english import dictionary_words
from newsbias.entities.frequency import (
    actor_frequency,
    actor_variants,
    coverage_gaps,
    found_by_summary,
    heatmap_numbers,
    merge_summary,
    outlet_sizes,
)
from newsbias.entities.mentions import extract_mentions, gender_titles, names_in_prose
from newsbias.entities.references import find_references
from newsbias.entities.resolution import ActorRules, read_aliases, resolve_actors

__all__ = ["ActorRules", "actor_frequency", "actor_variants", "coverage_gaps", "extract_mentions", "find_actors",
           "found_by_summary", "find_references", "gender_titles", "names_in_prose",
           "heatmap_numbers", "merge_summary", "outlet_sizes", "read_aliases", "resolve_actors"]


@stagecache.stage()
def find_actors(
    sentences: pd.DataFrame, texts: pd.DataFrame, nlp, rules: ActorRules | None = None, progress: bool = True, *,
    blocks: pd.DataFrame, engine: str | None = None, scheduler: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Extract mentions (per article: here or on Dask) and resolve them to actors across the corpus:
    the ``mentions`` table and the ambiguous cases."""
    mentions = extract_mentions(sentences, texts, nlp, progress, blocks=blocks, engine=engine, scheduler=scheduler)
    return resolve_actors(mentions, rules, dictionary_words(nlp), names_in_prose(mentions, sentences),
                          gender_titles(mentions, sentences))
