"""The records person resolution works on (:mod:`newsbias.entities.people`, :mod:`newsbias.entities.short_forms`):
a candidate mention, the corpus's spellings of names, and the outcome."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from newsbias.names import PersonName


@dataclass
class Candidate:
    """An actor mention that may be a person: its row, article, position, label and parsed name."""

    row: int
    article_id: str
    start: int
    label: str
    name: PersonName
    text: str
    in_body: bool = True  # in the article's body text, not a headline, caption or subheading
    title: str = ""  # "m" after "Mr.", "f" after "Mrs." or "Ms." (newsbias.entities.mentions.gender_titles)


@dataclass
class Spellings:
    """The corpus's surnames of full names (each with the articles that write it) and its first names; the person
    most of the full names with a surname are (:func:`_dominant_people`); and where each article first writes a
    surname alone in its body text."""

    surname_articles: dict[str, set[str]]
    first_name_articles: dict[str, set[str]]
    dominant: dict[str, str] = field(default_factory=dict)
    first_alone: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class People:
    """The outcome: per row, the person's cluster key and the rule; the display forms of each cluster; ambiguities."""

    cluster: dict[int, str] = field(default_factory=dict)
    rule: dict[int, str] = field(default_factory=dict)
    forms: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    ambiguous: list[dict] = field(default_factory=list)
