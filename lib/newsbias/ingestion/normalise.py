"""Unicode normalisation that can always be undone.

Web text arrives with non-breaking and typographic spaces, zero-width characters,
soft hyphens, Windows line endings and decomposed accents. They break tokenisers
and string matching, so the suite works on a normalised text. Every change is
recorded as an :class:`Edit` so that :func:`restore_original` gives back the
decoded input character for character (the ``normalisation`` table stores them).
Quotation marks and apostrophes are left as they are: their shape is information.

One piece of page furniture lives inside sentences and is removed here too, as an edit of its own: a person's hover
card of related headlines, scraped into the paragraph right after the name. It writes the name again in full, runs
its last word into the first headline, and ends with "MORE": "Rep. Matt Gaetz Matthew (Matt) GaetzSchiff told ...
MORE (R-Fla.) introduced" reads "Rep. Matt Gaetz (R-Fla.) introduced". Left in, the headlines' names count as
mentions and their words as the sentence's tone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Unicode's space separators (category Zs) other than U+0020.
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Invisible format characters (Unicode category Cf): soft hyphen, zero-width space and joiners, direction marks
# and isolates, word joiner, byte-order mark and the rest. A zero-width joiner inside a name ("Mil\u200dler") would
# split one actor in two; the suite analyses English text, so every one of them is removed (and recorded).
_INVISIBLE = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
              "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
              "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"

_PATTERN = re.compile(
    rf"(?P<newline>\r\n|\r|[\u2028\u2029\x85])"
    rf"|(?P<space>[{_ODD_SPACES}])"
    rf"|(?P<invisible>[{_INVISIBLE}]+)"
    rf"|(?P<control>[{_CONTROL}])"
    rf"|(?P<combining>.[{_COMBINING}]+)",
    re.DOTALL,
)

# The card: the surname just written, then (right after it, or run into it) within a few words the name again ending in
# that surname, run into a capitalised word, a digit, a quotation mark or "MORE" itself; the card ends at the first
# "MORE" after it on the same line.
_HOVER_CARD = re.compile(
    r"(?P<surname>\b[A-Z][\w'’-]*[a-z])(?P<card>(?: |(?=[A-Z]))[^\n]{0,60}?(?P=surname)"
    r"(?:MORE\b|(?=[A-Z0-9'\"‘“])[^\n]{0,600}? MORE\b))"
)
# ... or the name again after a space, when it starts with the first name just written ("Paul Ryan Paul Davis Ryan
# Retirees should say ... MORE", "Joe Biden Joe Biden Parnas: ... MORE").
_SPACED_HOVER_CARD = re.compile(
    r"\b(?P<first>[A-Z][\w'’-]*) (?P<surname>[A-Z][\w'’-]*[a-z])(?P<card> (?P=first)\b[^\n]{0,50}?(?P=surname)"
    r" (?=[A-Z0-9'\"‘“])[^\n]{0,600}? MORE\b)"
)
HOVER_CARD_REASON = "hover card of related headlines after a name removed"

_REASONS = {
    "newline": "line break normalised to \\n",
    "space": "non-breaking or typographic space normalised to U+0020",
    "invisible": "invisible format character removed",
    "control": "control character normalised to U+0020",
    "combining": "combining sequence composed (NFC)",
}


@dataclass(frozen=True)
class Edit:
    """One change: ``text[start:end]`` of the normalised text was ``original`` in the input."""

    start: int
    end: int
    original: str
    replacement: str
    reason: str


def _replacement(kind: str, matched: str) -> str:
    if kind == "newline":
        return "\n"
    if kind in ("space", "control"):
        return " "
    if kind == "invisible":
        return ""
    return unicodedata.normalize("NFC", matched)


def normalise_text(raw: str) -> tuple[str, list[Edit]]:
    """Return the normalised text and the edits that turn it back into ``raw``."""
    cards = [(m.start("card"), m.end("card"), "", HOVER_CARD_REASON) for m in _HOVER_CARD.finditer(raw)]
    cards += [(m.start("card"), m.end("card"), "", HOVER_CARD_REASON) for m in _SPACED_HOVER_CARD.finditer(raw)
              if not any(s < m.end("card") and m.start("card") < e for s, e, _, _ in cards)]
    changes = list(cards)
    for match in _PATTERN.finditer(raw):
        kind = match.lastgroup
        assert kind is not None
        replacement = _replacement(kind, match.group())
        if replacement != match.group() and not any(s < match.end() and match.start() < e for s, e, _, _ in cards):
            changes.append((match.start(), match.end(), replacement, _REASONS[kind]))
    pieces: list[str] = []
    edits: list[Edit] = []
    out_len = 0
    last = 0
    for start, end, replacement, reason in sorted(changes):
        kept = raw[last:start]
        pieces.append(kept)
        out_len += len(kept)
        edits.append(Edit(out_len, out_len + len(replacement), raw[start:end], replacement, reason))
        pieces.append(replacement)
        out_len += len(replacement)
        last = end
    pieces.append(raw[last:])
    return "".join(pieces), edits


def restore_original(text: str, edits: list[Edit]) -> str:
    """Undo :func:`normalise_text`: give back the input exactly."""
    pieces: list[str] = []
    last = 0
    for edit in sorted(edits, key=lambda e: e.start):
        pieces.append(text[last : edit.start])
        pieces.append(edit.original)
        last = edit.end
    pieces.append(text[last:])
    return "".join(pieces)
