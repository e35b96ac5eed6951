"""Whose voice a mention is in: the quotation each mention sits in, and its speaker (or the author's own voice)."""

from __future__ import annotations

import pandas as pd


def mark_mentions(mentions: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Add ``quote_id`` and ``voice`` to ``mentions``: the innermost quotation each mention sits in.

    Direct and partial quotations come before the reported clause around them; a mention
    in none is in the author's voice (``voice='author'``); otherwise ``voice`` is the
    quotation's ``speaker_actor_id``, or ``unresolved speaker``.
    """
    rank = {"direct": 0, "partial": 0, "reported": 1}
    by_article: dict[str, list[tuple]] = {}
    for position, (article_id, kind, start, end, quote_id, speaker) in enumerate(zip(
            quotes["article_id"], quotes["kind"], quotes["start_char"], quotes["end_char"], quotes["quote_id"],
            quotes["speaker_actor_id"])):
        by_article.setdefault(article_id, []).append((rank[kind], end - start, position, start, end, quote_id, speaker))
    quote_ids, voices = [], []
    for article_id, start, end in zip(mentions["article_id"], mentions["start_char"], mentions["end_char"]):
        around = [q for q in by_article.get(article_id, ()) if q[3] <= start and q[4] >= end]
        chosen = min(around) if around else None  # direct before reported, then the shortest, then the first
        quote_ids.append("" if chosen is None else chosen[5])
        voices.append("author" if chosen is None else (chosen[6] or "unresolved speaker"))
    return mentions.assign(quote_id=quote_ids, voice=voices)


def voice_tally(frame: pd.DataFrame) -> dict[str, int]:
    """Rows of ``frame`` (mentions or scored targets, with a ``voice`` column) in the author's voice and in quoted voices."""
    voices = frame["voice"].where(frame["voice"] == "author", "quoted source")
    return {voice: int(n) for voice, n in voices.value_counts().sort_index().items()}
