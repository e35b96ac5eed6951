"""Quotation marks in text: where quoted passages are, and the words inside the marks.

The entity stage uses this to mark mentions ``in_quote``; the quotation stage builds on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Straight and curly double quotes pair with each other: real copy mixes them ("He’s not,” Fox said. “Those ...").
_DOUBLE = re.compile(r"“[^”\"\n]*[”\"]?|\"[^\"”\n]*[\"”]?|«[^»\n]*»?")
_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))[‘'](?=\w)[^\n]*?(?<=[\w.,!?])[’'](?=[\s.,;:!?)\]—–]|$)", re.MULTILINE)
QUOTE_MARKS = "\"“”«»‘’'"


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of quoted passages, quote marks included, sorted.

    Straight and curly double quotes and guillemets pair within a paragraph; single quotes
    count only where they open after a space or line start and close before a space or
    punctuation (so apostrophes are not quotes). An opening double quote with no closing
    one before the end of the paragraph is quoted to the paragraph's end (news style
    continues a quote into a new paragraph with a fresh opening mark and no closing one).
    """
    spans = [(m.start(), m.end()) for m in _DOUBLE.finditer(text)]
    for match in _SINGLE.finditer(text):
        if not any(start <= match.start() < end for start, end in spans):
            spans.append((match.start(), match.end()))
    return sorted(spans)


def inside_any(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` lies within one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)


def inner_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span inside the quote marks (and surrounding spaces and trailing commas)."""
    while start < end and (text[start] in QUOTE_MARKS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in QUOTE_MARKS or text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end
