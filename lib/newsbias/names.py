"""Names as names: titles, roles, possessives and punctuation stripped, and the initials of a name.

Shared by the entity stage (merging the many names of one actor) and the comparison (titles an outlet
attaches to an actor). The title words are general English usage, never one corpus's names.
"""

from __future__ import annotations

import re

# Titles and roles stripped from the front of names (general English usage, not one corpus's).
TITLE_WORDS = (
    r"maj|major|gen|general|lt|lieut|lieutenant|col|colonel|brig|brigadier|adm|admiral|sgt|sergeant|capt|captain|cmdr|commander|"
    r"mr|mrs|ms|miss|dr|prof|professor|sir|dame|lord|lady|rev|reverend|fr|father|sen|senator|rep|representative|gov|governor|"
    r"president|vice|prime|deputy|minister|chancellor|secretary|secretary-general|undersecretary|ambassador|envoy|"
    r"king|queen|prince|princess|emir|sheikh|shaikh|ayatollah|imam|pope|cardinal|bishop|rabbi|judge|justice|mayor|"
    r"speaker|chief|chairman|chairwoman|chair|director|spokesman|spokeswoman|spokesperson|leader|supreme|acting|former|late|"
    r"foreign|defense|defence|interior|finance|state|high|representative|general-secretary|premier|commissioner|"
    r"minister-president|crown|field|marshal|the|of"
)
_TITLE = re.compile(rf"^(?:(?:{TITLE_WORDS})\.?\s+)+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
NAME_STOPWORDS = {"of", "the", "and", "for", "on", "in", "de", "du", "la", "le", "des", "&"}


def initials_of(name: str) -> str:
    """Initials of the capitalised words of a name, skipping small words: 'European Union' -> 'EU'."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in NAME_STOPWORDS and w[:1].isupper())


def clean_name(text: str) -> str:
    """Strip possessives, titles and roles, leading articles and dots: the name as a name."""
    name = " ".join(text.split())
    name = _POSSESSIVE.sub("", name)
    stripped = _TITLE.sub("", name)
    name = stripped if stripped.strip() else name
    name = re.sub(r"(?<=\b[A-Z])\.(?=[A-Z]\b|\s|$|-)", "", name)  # U.S. -> US, U.N. -> UN
    name = re.sub(r"-(?:led|backed|based|made|born)$", "", name, flags=re.IGNORECASE)
    return name.strip(" .,;:-–—\"'“”‘’()")
