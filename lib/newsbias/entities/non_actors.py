"""Names the recogniser labels a person or an organisation that name no actor: a word made of a person's surname
("Obamacare"), a court case ("Buckley v. Valeo"), a law ("the Budget Control Act"), an adjective ("a Black man") and
an English word written in capitals ("LISTEN", "ENTIRE" in a quoted tweet).
:mod:`newsbias.entities.resolution` takes them out of the actors unless the alias file or a demonym names them."""

from __future__ import annotations

import re

from newsbias.entities.people import known_first_name
from newsbias.entities.spans import DESCRIBING_WORD, PERSONAL_TITLES
from newsbias.folding import fold
from newsbias.names import bare_name, case_name, clean_name, initials_of, law_name, surname_coinages

# The link rules of mentions that are no actors.
COINAGE = "not an actor: a word made of a person's surname"
CASE = "not an actor: a court case's name"
LAW = "not an actor: a law's name"
DESCRIBING = "not an actor: a describing word"
CAPITALS = "not an actor: an English word in capitals"
PLACE = "not an actor: a place's name"
TITLE = "not an actor: a title without a name"
# Personal titles that name no one alone ("President", "Mayor", "Sgt"); "Justice" alone is also the Department of
# Justice's short name, and "Miss" a state's abbreviation.
_TITLES_ALONE = frozenset(t.lower() for t in PERSONAL_TITLES.split("|")) - {"justice", "miss"}
# English nouns that end the names of places, landmarks and grounds ("Capitol Hill", "Browns Canyon", "Petrified
# Forest", "Lafayette Square"). Words that also end organisations' names ("Bridge": "American Bridge", a PAC;
# "Office", "Center") are left out.
PLACE_HEADS = frozenset(
    "hill hills canyon forest wilderness mountain mountains park stadium lake river valley creek peak bay beach "
    "island islands monument square street road airport desert coast plaza arena field harbor harbour falls trail "
    "memorial".split())
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


def non_actor_rules(texts: list[str], labels: list[str], found_by: list[str], dictionary: frozenset[str]) -> list[str]:
    """Per mention (its text, spaCy label and ``found_by``), the rule that makes it no actor, or "": a word made of
    a person's surname (:func:`newsbias.names.surname_coinages`), a court case's name
    (:func:`newsbias.names.case_name`), a law's (:func:`newsbias.names.law_name`) or its initials (:func:`law_initials`),
    an adjective the recogniser took for a name (:data:`newsbias.entities.spans.DESCRIBING_WORD`), an English word in
    capitals (:func:`words_in_capitals`; ``dictionary``: :func:`newsbias.english.dictionary_words`), a place's name
    (:func:`place_name`), a personal title alone (:func:`title_alone`)."""
    laws = [law_name(text) for text in texts]
    organisations = organisation_initials(texts, labels, laws)
    acronyms, shouted = law_initials(texts, laws) - organisations, words_in_capitals(texts, labels, dictionary, organisations)
    return [COINAGE if coined else CASE if case_name(text) else LAW if law or bare_name(text) in acronyms
            else DESCRIBING if how == DESCRIBING_WORD else CAPITALS if bare_name(text) in shouted
            else PLACE if label in ("PERSON", "ORG") and place_name(text, label, dictionary)
            else TITLE if label in ("PERSON", "ORG") and title_alone(text) else ""
            for text, label, coined, how, law in zip(texts, labels, surname_coinages(texts, labels), found_by, laws)]


def place_name(text: str, label: str, dictionary: frozenset[str]) -> bool:
    """Whether a name of two words or more ends in one of :data:`PLACE_HEADS`, capitalised ("Capitol Hill",
    "Eugene Simpson Stadium Park"), and is not a first name and a surname: a known first name ("Tony Lake"), or a
    word that is no English adjective, verb or adverb (``dictionary``) in a name the recogniser called a person
    ("Jemele Hill")."""
    words = re.sub(r"^(?:the|The)\s+", "", bare_name(text)).split()
    if len(words) < 2 or not words[-1][:1].isupper() or words[-1].lower() not in PLACE_HEADS:
        return False
    first = fold(words[0])
    return not (len(words) == 2 and (known_first_name(first) or (label == "PERSON" and first not in dictionary)))


def title_alone(text: str) -> bool:
    """Whether a name is one personal title and nothing else ("the President", "Mayor", "Sgt.")."""
    words = re.sub(r"^(?:the|The)\s+", "", bare_name(text)).split()
    return len(words) == 1 and words[0].rstrip(".").lower() in _TITLES_ALONE


def organisation_initials(texts: list[str], labels: list[str], laws: list[bool]) -> set[str]:
    """The initials of the corpus's organisations' names of two words or more (``laws``: which texts are laws)."""
    return {_initials(text) for text in {text for text, label, law in zip(texts, labels, laws) if label == "ORG" and not law}}


def law_initials(texts: list[str], laws: list[bool]) -> set[str]:
    """The initials of the corpus's law names in capitals ("NAFTA", "AHCA"); :func:`non_actor_rules` leaves out those
    that are an organisation's initials too (the corpus's "Environmental Protection Agency" keeps "EPA" an actor)."""
    return {acronym for acronym in {_initials(text) for text in {text for text, law in zip(texts, laws) if law}}
            if _ACRONYM.match(acronym)}


def words_in_capitals(texts: list[str], labels: list[str], dictionary: frozenset[str], organisations: set[str]) -> set[str]:
    """Names the recogniser found that are an English adjective, verb or adverb written in capitals, three letters or
    more ("LISTEN", "ENTIRE", "SALT"), unless the corpus writes an organisation's name with those
    initials (``organisations``: "ICE", "SEC") or writes the word in a name in lower case letters ("TRUMP", "Donald
    Trump")."""
    named = {bare_name(text) for text, label in zip(texts, labels) if label in ("PERSON", "ORG")}
    words = {word for name in named for word in name.split()}
    return {word for word in named if _ACRONYM.match(word) and len(word) >= 3 and word.lower() in dictionary
            and word not in organisations and word.capitalize() not in words}


def _initials(text: str) -> str:
    return initials_of(clean_name(text)) if " " in bare_name(text) else ""
