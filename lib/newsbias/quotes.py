"""Quotation spans in an article's text.

This is the part of the quotation stage the entity stage needs: where quoted
speech starts and ends, so that each entity mention can be marked ``in_quote``
(the source's voice rather than the outlet's). Straight and curly double quotes
pair within a paragraph; single quotes count only where they open after a space
or line start and close before a space or punctuation (so apostrophes are not quotes).
"""

from __future__ import annotations

import re

_DOUBLE = re.compile(r"“[^”\n]*”?|\"[^\"\n]*\"?|«[^»\n]*»?")
_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))[‘'](?=\w)[^\n]*?(?<=[\w.,!?])[’'](?=[\s.,;:!?)\]—–]|$)", re.MULTILINE)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of quoted passages, quote marks included, sorted.

    An opening double quote with no closing one before the end of the paragraph is
    quoted to the paragraph's end (news style continues a quote into a new paragraph
    with a fresh opening mark and no closing one).
    """
    spans = [(m.start(), m.end()) for m in _DOUBLE.finditer(text)]
    for match in _SINGLE.finditer(text):
        if not any(start <= match.start() < end for start, end in spans):
            spans.append((match.start(), match.end()))
    return sorted(spans)


def inside_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` lies within one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)
