"""Ingestion's reports: what was set aside and why, what normalisation changed, and that nothing was lost."""

from __future__ import annotations

import pandas as pd

from newsbias.tables import BLOCK_KINDS


def cleaning_summary(blocks: pd.DataFrame) -> pd.DataFrame:
    """Blocks and characters per kind (in reading order: title … body, boilerplate) and reason.

    Needs ``blocks`` columns ``kind, reason, start_char, end_char``.
    """
    sized = blocks.assign(n_chars=blocks["end_char"] - blocks["start_char"])
    summary = sized.groupby(["kind", "reason"], as_index=False).agg(n_blocks=("kind", "size"), n_chars=("n_chars", "sum"))
    order = {kind: i for i, kind in enumerate(BLOCK_KINDS)}
    return summary.sort_values(["kind", "reason"], key=lambda c: c.map(order) if c.name == "kind" else c).reset_index(drop=True)


def normalisation_summary(normalisation: pd.DataFrame) -> pd.DataFrame:
    """Edits per article, rule and original characters (shown as code points, since most are invisible)."""
    codepoints = normalisation["original"].map(lambda s: " ".join(f"U+{ord(c):04X}" for c in s))
    summary = normalisation.assign(original=codepoints).groupby(["article_id", "reason", "original"], as_index=False)
    return summary.size().rename(columns={"size": "n_edits"})


def coverage_check(texts: pd.DataFrame, blocks: pd.DataFrame) -> pd.DataFrame:
    """Per article: are all characters of all lines in exactly one block, and does each block match its slice?

    Returns ``article_id, n_chars, n_line_breaks, n_in_blocks, n_overlapping, n_mismatched, complete``;
    ``complete`` is true when the blocks and the line breaks between them account for every character once.
    """
    rows = []
    for article_id, text in zip(texts["article_id"], texts["text"]):
        own = blocks[blocks["article_id"] == article_id]
        covered = [0] * len(text)
        mismatched = 0
        for start, end, block_text in zip(own["start_char"], own["end_char"], own["text"]):
            mismatched += text[start:end] != block_text
            for position in range(start, end):
                covered[position] += 1
        breaks = sum(1 for position, char in enumerate(text) if char == "\n" and covered[position] == 0)
        in_blocks = sum(1 for c in covered if c >= 1)
        overlapping = sum(1 for c in covered if c > 1)
        rows.append(
            {"article_id": article_id, "n_chars": len(text), "n_line_breaks": breaks, "n_in_blocks": in_blocks,
             "n_overlapping": overlapping, "n_mismatched": int(mismatched),
             "complete": in_blocks + breaks == len(text) and overlapping == 0 and mismatched == 0}
        )
    return pd.DataFrame(rows)
