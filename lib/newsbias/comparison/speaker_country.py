"""The country a speaker speaks for, read from the words the articles use for it: "Israeli Prime Minister", "the
Spanish newspaper", "U.S. Deputy Attorney General". A country counts only as a whole place or group name the
recogniser found, or a capitalised word the speaker's own name does not use, so that "New Jersey" is no "Jersey"
and Jim Jordan no Jordan."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
from spacy.lang.en.stop_words import STOP_WORDS

from newsbias.countries import country_data, provinces_elsewhere
from newsbias.folding import fold
from newsbias.names import clean_name

# A speaker's country is the country its descriptions name most, when at least this share of its descriptions name
# it ("Russian President", once in three descriptions of Putin; not the "Slovenia" of one of 47 of Donald Trump's).
COUNTRY_SHARE = 0.25
# Names this short are initials ("US", "NC"), which several places share.
SHORT_CODE = 3
# Honorifics say nothing of a speaker's country: descriptions of these words only are not counted.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "mr.", "mrs.", "ms.", "dr."})
_WORD = re.compile(r"[\w.'’-]+")


class CountryReader:
    """Countries named by place names and by phrases, with the initials the corpus's ``mentions`` resolved to a
    country ("U.S." where the corpus's "U.S." is the United States; never "N.C." as New Caledonia)."""

    def __init__(self, mentions: pd.DataFrame):
        self.countries, self.demonyms, self.capitals = country_data()
        self.names = set(self.countries.values())
        self.states = provinces_elsewhere()
        self.codes = {fold(clean_name(text)): name for text, name, kind in
                      zip(mentions["text"], mentions["actor_name"], mentions["actor_type"])
                      if kind == "place" and len(fold(clean_name(text))) <= SHORT_CODE}

    def country(self, key: str) -> str | None:
        """The country a folded name or demonym names; none for a name a far more populous country gives a state."""
        if key in self.states:
            return None
        found = self.codes.get(key) if len(key) <= SHORT_CODE else self.demonyms.get(key) or self.countries.get(key)
        return found if found in self.names else None

    def of_places(self, places: list[str]) -> set[str]:
        """The countries whole place and group names name ("U.S.", "Russian"; not "New Jersey")."""
        return {c for c in (self.country(fold(clean_name(p))) for p in places) if c}

    def written_in(self, phrase: str, name_words: set[str]) -> set[str]:
        """The countries a speaker phrase names: capitalised words, one to three, that are no word of the speaker's
        name and do not run on into other capitalised words ("the Spanish newspaper"; not "Staten Island")."""
        words = _WORD.findall(phrase)
        found = set()
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                part = words[i:i + size]
                if (not part[0][:1].isupper() or not part[-1][:1].isupper() or fold(" ".join(part)) in name_words
                        or any(fold(w) in name_words for w in part)
                        or (i > 0 and words[i - 1][:1].isupper()) or (i + size < len(words) and words[i + size][:1].isupper())):
                    continue
                country = self.country(fold(clean_name(" ".join(part))))
                if country:
                    found.add(country)
        return found

    def leading(self, name: str) -> str | None:
        """The country an organisation's name starts with ("US House", "Iranian Foreign Ministry")."""
        words = name.split()
        return next((c for size in (3, 2, 1) if len(words) > size
                     for c in [self.country(fold(clean_name(" ".join(words[:size]))))] if c), None)

    def of_speaker(self, actor_ids: list[str], evidence: list[tuple[set[str], str, int]], name: str) -> str:
        """A speaker's country: places themselves; an organisation's whose name starts with one; else the country
        named in the most of ``evidence`` (the countries each description or phrase names, its words, how often it
        is written), when at least :data:`COUNTRY_SHARE` of the informative ones (more than honorifics, pronouns and
        the name) name it and no other as often."""
        if actor_ids and all(a.startswith("place:") for a in actor_ids):
            keys = [a.split(":", 1)[1].replace("-", " ") for a in actor_ids]
            return "; ".join(sorted({self.countries.get(k) or self.capitals.get(k) for k in keys} - {None}))
        if actor_ids and all(a.startswith("org:") for a in actor_ids) and self.leading(name):
            return self.leading(name)
        plain = {fold(w) for w in name.split()} | HONORIFICS | STOP_WORDS
        votes, counted = Counter(), 0
        for found, words, count in evidence:
            if {fold(w) for w in words.split()} - plain:
                counted += count
                for country in found:
                    votes[country] += count
        ranked = votes.most_common(2)
        if ranked and ranked[0][1] >= COUNTRY_SHARE * counted and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
            return ranked[0][0]
        return ""
