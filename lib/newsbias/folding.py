"""Folding text into comparison keys and file-name-safe slugs (used by every stage that matches names)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s-]", " ", plain).split())


def slug(text: str, empty: str = "unnamed") -> str:
    """A folded, identifier- and file-name-safe form of a name ("The BL" -> "the-bl"); ``empty`` if nothing is left."""
    return re.sub(r"[^\w]+", "-", fold(text)).strip("-") or empty
