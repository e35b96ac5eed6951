"""An outlet's references to itself ("told Fox News", "The Times reported", "HuffPost reached out"), found by a
general rule and left out of its word-choice statistics: they say who wrote the text, not how.

The rule knows each outlet only by its name in the corpus and its articles' web addresses. Its *labels* are the
outlet name squashed to lowercase letters ("New York Times - News" -> "newyorktimes", with parentheses and what
follows " - " removed) and each article address's registered domain name ("www.foxnews.com" -> "foxnews"). A
capitalised name in the outlet's own text refers to the outlet when, squashed the same way, it

- equals a label ("Fox News", "CNN", "Huffington Post");
- is made of the initials of a label's first words and its last word ("NYTimes", "New York Times" -> "nytimes");
- starts a label (three letters or more: "Fox", "NYT") or ends one (four or more: "Times", "Post");
- or, split into its words and capitalised parts ("HuffPost" -> huff, post), starts a label with its first part
  and ends it with its last ("huffingtonpost").

Single stop words ("The") never count, nor does a single word that names a place or a people ("American" is not
the American Spectator, "Washington" not the Washington Post). The matches are listed per outlet (:func:`self_references`) so a
researcher sees exactly what was left out, and masked in that outlet's own articles only (:func:`mask`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import pandas as pd

from newsbias.countries import country_data, place_names
from newsbias.folding import fold
from newsbias.units import source_outlets

# Words that never name an outlet alone, and generic second-level domains ("co.uk", "com.au").
_STOP = frozenset({"the", "a", "an", "this", "that", "news", "new", "daily", "online", "web", "and", "of", "for", "in",
                   "on", "at", "to", "by", "with", "from", "mr", "ms", "mrs"})
_GENERIC_SLD = frozenset({"co", "com", "org", "net", "ac", "gov", "go"})
_NAME = re.compile(r"[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)*")
_POSSESSIVE = re.compile(r"['’]s?$")
MASK = "xselfrefx"


def squash(text: str) -> str:
    """Lowercase letters only: "New York Times" -> "newyorktimes"."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def outlet_labels(outlet: str, urls: list[str]) -> set[str]:
    """The outlet's labels: its name without parenthesised parts or what follows " - ", and its addresses'
    registered domain names."""
    name = re.sub(r"\(.*?\)", " ", outlet).split(" - ")[0]
    labels = {squash(name), squash(re.sub(r"^the\s+", "", name, flags=re.IGNORECASE))}
    for url in urls:
        host = urlsplit(url if "//" in str(url) else f"//{url}").hostname or ""
        parts = [p for p in host.lower().split(".") if p]
        if len(parts) >= 3 and parts[-2] in _GENERIC_SLD and len(parts[-1]) == 2:
            parts = parts[:-1]
        if len(parts) >= 2:
            labels.add(squash(parts[-2]))
    return {label for label in labels if len(label) >= 3}


def _parts(name: str) -> list[str]:
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]+|[a-z0-9]+", name)
    return [w.lower() for w in words]


def refers_to(name: str, label: str) -> bool:
    """Whether the capitalised ``name`` refers to the outlet with ``label`` (see the module's rules)."""
    words = [squash(w) for w in name.split() if squash(w)]
    if not words or (len(words) == 1 and words[0] in _STOP):
        return False
    squashed = "".join(words)
    if squashed == label:
        return True
    if len(words) > 1 and "".join(w[0] for w in words[:-1]) + words[-1] == label:
        return True
    if len(words) == 1 and _place_word(name, label):  # "American" is not the American Spectator, nor "Washington" the Post
        return False
    if len(words) == 1 and ((len(squashed) >= 3 and label.startswith(squashed))
                            or (len(squashed) >= 4 and label.endswith(squashed))):
        return True
    parts = _parts(name)
    return len(parts) > 1 and len(parts[0]) >= 3 and label.startswith(parts[0]) and label.endswith(parts[-1]) \
        and len(parts[0]) + len(parts[-1]) <= len(label)


@lru_cache(maxsize=100_000)
def _place_word(word: str, label: str) -> bool:
    """Whether a single word names a country, a capital, a province or state, or a people (a demonym), or is cut
    from such a word that starts ``label`` ("America" of "americanspectator")."""
    folded = squash(fold(word))
    if folded in _squashed_places():
        return True
    return any(p.startswith(folded) for p in _places_starting(label) if len(p) > len(folded))


@lru_cache(maxsize=1)
def _squashed_places() -> frozenset[str]:
    return frozenset(squash(p) for p in (*place_names(), *country_data()[1]) if squash(p))


@lru_cache(maxsize=10_000)
def _places_starting(label: str) -> tuple[str, ...]:
    """The places (squashed) that ``label`` starts with: the only ones a word cut from a place could be cut from."""
    return tuple(sorted(p for p in _squashed_places() if label.startswith(p)))


def names_in(text: str) -> list[str]:
    """The capitalised names of a text, possessives split off ("CNN's Jake Tapper" -> "CNN", "Jake Tapper")."""
    found = []
    for match in _NAME.finditer(text):
        piece = []
        for word in match.group().split():
            stripped = _POSSESSIVE.sub("", word) if re.search(r"['’]s?$", word) and len(word) > 2 else word
            if stripped.endswith(".") and re.search(r"[a-z]", stripped):  # a sentence's end, not "U.S."
                stripped = stripped.rstrip(".")
            piece.append(stripped)
            if stripped != word:
                found.append(" ".join(piece))
                piece = []
        if piece:
            found.append(" ".join(piece))
    return [re.sub(r"^(?:The|A|An)\s+", "", n).strip(".-") for n in found]


def self_references(body: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet (the article's own outlet, ``source_outlet`` when units pool outlets): the capitalised names in its
    own body sentences (``body``: ``article_id, text``) that refer to it, with counts. Returns
    ``outlet, name, n, labels``."""
    own = source_outlets(articles)
    labels = {o: outlet_labels(o, articles.loc[own == o, "url"].dropna().astype(str).tolist()) for o in own.unique()}
    outlet_of = pd.Series(own.to_numpy(), index=articles["article_id"].to_numpy())
    rows: dict[tuple[str, str], int] = {}
    for article_id, text in zip(body["article_id"], body["text"]):
        outlet = outlet_of[article_id]
        for name in names_in(text):
            if any(refers_to(name, label) for label in labels[outlet]):
                rows[(outlet, name)] = rows.get((outlet, name), 0) + 1
    table = pd.DataFrame([(o, n, c) for (o, n), c in rows.items()], columns=["outlet", "name", "n"])
    table["labels"] = table["outlet"].map(lambda o: ", ".join(sorted(labels[o])))
    return table.sort_values(["outlet", "n", "name"], ascending=[True, False, True]).reset_index(drop=True)


def mask(body: pd.DataFrame, articles: pd.DataFrame, references: pd.DataFrame) -> pd.Series:
    """``body``'s texts with each article's own outlet's self-references replaced by :data:`MASK` (a stop word of
    the word-choice statistics, so no phrase spans it)."""
    own = pd.Series(source_outlets(articles).to_numpy(), index=articles["article_id"].to_numpy())
    patterns = {outlet: re.compile("|".join(rf"(?<![\w]){re.escape(n)}(?![\w])" for n in
                                            sorted(group["name"], key=len, reverse=True)))
                for outlet, group in references.groupby("outlet")}
    texts = []
    for article_id, text in zip(body["article_id"], body["text"]):
        pattern = patterns.get(own[article_id])
        texts.append(pattern.sub(MASK, text) if pattern is not None else text)
    return pd.Series(texts, index=body.index)
