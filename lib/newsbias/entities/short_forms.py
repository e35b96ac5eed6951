"""Short forms of a person's name within an article: a surname, a name's trailing words, a first name alone, a
family name written first, a misspelt surname (the rules are described in :mod:`newsbias.entities.people`)."""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from newsbias.entities.person_records import Candidate, People, Spellings
from newsbias.names import PersonName

# A lone word is not a first name when the corpus writes it as a surname in more than this many times as many
# articles as it writes it as a first name ("Trump": 323 against 29 on allsides-dev; "Abdullah" 2 against 1).
SURNAME_OVER_FIRST_NAME = 3
# A surname one edit away from an introduction's is a typo of it when both have at least this many letters.
MISSPELT_MIN_LETTERS = 5
# A short form written as initials (two or three capitals), as an organisation's acronym is.
INITIALS = re.compile(r"(?:[Tt]he\s+)?[A-Z]{2,3}")
# The rule of a surname written alone before the article introduced another person of that name.
KNOWN_BEFORE_INTRODUCTION = "surname (corpus): the article wrote it alone for that person before it introduced another"
# The rule of a first name alone, the one person of the article with that first name ("Hillary").
FIRST_NAME_SAME_ARTICLE = "first name (same article)"
# The rule of a lone family name that several people of the article write first ("Kim" of "Kim Jong Un").
FAMILY_NAME_FIRST = "family name written first (same article)"


def in_article(candidate: Candidate, introductions: list[Candidate], people: People,
               person_label: bool, spellings: Spellings) -> tuple[str, str] | None:
    """The cluster and rule of a short form from its article's introductions, or None."""
    words = candidate.name.words
    if not person_label and INITIALS.fullmatch(candidate.text):
        return None  # "UN" the recogniser took for an organisation is not Kim Jong Un's "Un"
    # A surname, or the trailing words of a name ("Peña Nieto" for "Enrique Peña Nieto"), or a middle surname.
    fitting = [i for i in introductions if shortens(words, i.name)]
    if fitting:
        chosen = nearest_introduction(fitting, candidate.start)
        known = spellings.dominant.get(words[0]) if len(words) == 1 and not candidate.name.suffix else None
        first = spellings.first_alone.get((candidate.article_id, words[0]))
        if known is not None and first is not None and people.cluster[chosen.row] != known:
            earlier = [i for i in fitting if i.start < first]
            if (people.cluster[earlier[-1].row] if earlier else known) == known:
                return known, KNOWN_BEFORE_INTRODUCTION
        return people.cluster[chosen.row], "surname (same article)"
    if person_label and len(words) == 1:
        # A first name alone, unless the corpus writes the word as a surname far more often ("Trump" in an
        # inverted "Trump Donald John" is Donald Trump's surname, not a first name).
        by_first = {people.cluster[i.row] for i in introductions if i.name.first == words[0]
                    and (not candidate.name.suffix or i.name.suffix == candidate.name.suffix)}  # "Donald Jr."
        as_surname = len(spellings.surname_articles.get(words[0], ()))
        mostly_first = as_surname <= SURNAME_OVER_FIRST_NAME * len(spellings.first_name_articles.get(words[0], ()))
        if len(by_first) == 1 and mostly_first:
            return by_first.pop(), FIRST_NAME_SAME_ARTICLE
        if len(by_first) > 1 and mostly_first and _family_name_first(candidate, introductions, spellings):
            chosen = nearest_introduction([i for i in introductions if i.name.first == words[0]], candidate.start)
            return people.cluster[chosen.row], FAMILY_NAME_FIRST
        return _misspelt_surname(candidate, introductions, people, spellings)
    return None


def nearest_introduction(introductions: list[Candidate], start: int) -> Candidate:
    """The most recent of ``introductions`` (in text order) before ``start``, else the first after it (a headline
    comes before the story's first full name)."""
    before = [i for i in introductions if i.start < start]
    return before[-1] if before else min(introductions, key=lambda i: i.start)


def _family_name_first(candidate: Candidate, introductions: list[Candidate], spellings: Spellings) -> bool:
    """Whether the candidate's word begins the full names of several people of its article as a family name does
    when it is written first ("Kim Jong Un", "Kim Yo Jong"): the article writes none of those names' last words
    alone (a "Bill" after "Bill Clinton" and "Bill Cosby" is no family name: the article calls them "Clinton" and
    "Cosby"), and those names are words (not a poll's "Romney 49%-41")."""
    word = candidate.name.words[0]
    names = [i.name for i in introductions if i.name.first == word]
    lasts = {part for name in names for part in (name.last, name.last.split("-")[-1])}
    return (all(part.isalpha() for name in names for written in name.words for part in written.split("-"))
            and not any((candidate.article_id, last) in spellings.first_alone for last in lasts))


def _misspelt_surname(candidate: Candidate, introductions: list[Candidate], people: People,
                      spellings: Spellings) -> tuple[str, str] | None:
    """The one person of the article whose surname is the candidate's word with one letter added, dropped, changed,
    or two letters swapped, or None. Both are :data:`MISSPELT_MIN_LETTERS` long or more and start alike; the word is
    no one's first name in the corpus ("Chris" is not "Chrin"); the two do not differ by a plural's "s" (the
    "Clintons" are a family); and one of the two spellings ends no full name outside this article, so it is the typo
    (two surnames of the corpus, "Waters" and "Walters", "McDonnell" and "McConnell", are two people)."""
    word = candidate.name.words[0]
    if len(word) < MISSPELT_MIN_LETTERS or word in spellings.first_name_articles:
        return None

    def elsewhere(surname: str) -> bool:
        return bool(spellings.surname_articles.get(surname, set()) - {candidate.article_id})

    near = {people.cluster[i.row] for i in introductions
            if len(last := i.name.last) >= MISSPELT_MIN_LETTERS and last[0] == word[0] and OSA.distance(last, word) == 1
            and word.rstrip("s") != last.rstrip("s") and not (elsewhere(word) and elsewhere(last))}
    return (near.pop(), "surname, one letter apart (same article)") if len(near) == 1 else None


def shortens(words: tuple[str, ...], introduction: PersonName) -> bool:
    """Whether ``words`` are a short form of ``introduction``: its surname, its trailing words, or one of its
    non-first names (a double surname's first part: "Peña" of "Enrique Peña Nieto")."""
    full = introduction.words
    if len(words) >= len(full):
        return False
    if tuple(full[-len(words):]) == words:
        return True
    return len(words) == 1 and words[0] in full[1:]
