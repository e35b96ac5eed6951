"""Stage 4, sentiment per actor: how each outlet's text treats each actor, in its own voice and in quoted voices.

- :mod:`~newsbias.sentiment.methods`: the methods (TextBlob, VADER, scoped VADER, the trained classifier, the fine-tuned transformer);
- :mod:`~newsbias.sentiment.classifier` and :mod:`~newsbias.sentiment.training`: the classifier and its training;
- :mod:`~newsbias.sentiment.scoring`: every actor mention scored by every method (``actor_sentiment``);
- :mod:`~newsbias.sentiment.tone`: means with bootstrap intervals per outlet and actor (``actor_tone``);
- :mod:`~newsbias.sentiment.evidence`: the sentences behind the numbers, and method agreement;
- :mod:`~newsbias.sentiment.newsmtsc`: the NewsMTSC benchmark (``python -m newsbias.sentiment evaluate``).
"""

from newsbias.sentiment.evidence import evidence, method_agreement
from newsbias.sentiment.methods import LABELS, get_method, method_names, most_accurate, require_method
from newsbias.sentiment.newsmtsc import evaluate_newsmtsc, read_newsmtsc
from newsbias.sentiment.scoring import mention_targets, score_targets
from newsbias.sentiment.tone import bootstrap_interval, most_covered, tone_summary, tone_table

__all__ = ["LABELS", "bootstrap_interval", "evaluate_newsmtsc", "evidence", "get_method", "method_agreement",
           "method_names", "mention_targets", "most_accurate", "most_covered", "read_newsmtsc", "require_method", "score_targets",
           "tone_summary", "tone_table"]
