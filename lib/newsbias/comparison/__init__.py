"""Stage 5, source-bias comparison: how do the outlets differ in covering the same events, and how sure can we be?

For any number of units (outlets, or groups of outlets with ``GROUP_BY``; two or more) with one or many articles each:

- :mod:`~newsbias.comparison.coverage`: each actor's share of an outlet's actor mentions;
- :mod:`~newsbias.comparison.voices`: who is quoted, how often and at what length, by speaker type and country;
- :mod:`~newsbias.comparison.tone_tests`: whether an actor's tone differs across outlets (permutation tests);
- :mod:`~newsbias.comparison.word_choice`: the words and phrases most distinctive of each outlet;
- :mod:`~newsbias.comparison.labels`: the labels each outlet attaches to an actor, and the names for the event;
- :mod:`~newsbias.comparison.paired`: differences in tone within the events two units both cover;
- :mod:`~newsbias.comparison.self_reference`: an outlet's references to itself, left out of its word choice;
- :mod:`~newsbias.comparison.findings`: the findings in plain words, the summary table and the outlet cards.

Everything is computed from the tables of the earlier stages with general rules; nothing names an outlet.
"""

from newsbias.comparison.coverage import coverage_shares
from newsbias.comparison.findings import findings_text, key_findings, outlet_cards, outlet_summary, outlets_of
from newsbias.comparison.labels import actor_labels, event_actor, event_names, event_naming, event_terms, recurring_terms
from newsbias.comparison.paired import event_coverage, paired_tone
from newsbias.comparison.self_reference import self_references
from newsbias.comparison.tone_tests import method_robustness, permutation_test, tone_differences
from newsbias.comparison.voices import read_speaker_overrides, speaker_profiles, voice_by, voice_table
from newsbias.comparison.word_choice import (
                                             body_sentences,
                                             distinctive_terms,
                                             outlet_texts,
                                             outlets_using,
                                             term_examples,
                                             word_evidence,
)

__all__ = ["actor_labels", "body_sentences", "coverage_shares", "distinctive_terms", "event_actor", "event_coverage",
           "event_names", "event_naming", "event_terms", "findings_text", "key_findings", "method_robustness", "outlet_cards",
           "outlet_summary", "outlet_texts", "outlets_of", "outlets_using", "paired_tone", "permutation_test",
           "read_speaker_overrides", "recurring_terms", "self_references", "speaker_profiles", "term_examples",
           "tone_differences", "voice_by", "voice_table", "word_evidence"]
