"""Names the recogniser labels a person or an organisation that name no actor: a word made of a person's surname
("Obamacare"), a court case ("Buckley v. Valeo"), a law ("the Budget Control Act") and an adjective ("a Black man").
:mod:`newsbias.entities.resolution` takes them out of the actors unless the alias file or a demonym names them."""

from __future__ import annotations

import re

from newsbias.entities.spans import DESCRIBING_WORD
from newsbias.names import case_name, clean_name, initials_of, law_name, surname_coinages

# The link rules of mentions that are no actors.
COINAGE = "not an actor: a word made of a person's surname"
CASE = "not an actor: a court case's name"
LAW = "not an actor: a law's name"
DESCRIBING = "not an actor: a describing word"
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


def non_actor_rules(texts: list[str], labels: list[str], found_by: list[str]) -> list[str]:
    """Per mention (its text, spaCy label and ``found_by``), the rule that makes it no actor, or "": a word made of
    a person's surname (:func:`newsbias.names.surname_coinages`), a court case's name
    (:func:`newsbias.names.case_name`), a law's (:func:`newsbias.names.law_name`) or its initials (:func:`law_initials`),
    an adjective the recogniser took for a name (:data:`newsbias.entities.spans.DESCRIBING_WORD`)."""
    laws = [law_name(text) for text in texts]
    acronyms = law_initials(texts, labels, laws)
    return [COINAGE if coined else CASE if case_name(text) else LAW if law or _written(text) in acronyms
            else DESCRIBING if how == DESCRIBING_WORD else ""
            for text, coined, how, law in zip(texts, surname_coinages(texts, labels), found_by, laws)]


def law_initials(texts: list[str], labels: list[str], laws: list[bool]) -> set[str]:
    """The initials of the corpus's law names ("NAFTA", "AHCA") that are no organisation's initials there too (the
    corpus's "Environmental Protection Agency" keeps "EPA" an actor whatever law it names "EPA" as well)."""
    def initials(text: str) -> str:
        return initials_of(clean_name(text)) if " " in _written(text) else ""

    of_laws = {initials(text) for text in {text for text, law in zip(texts, laws) if law}}
    of_organisations = {initials(text) for text in {text for text, label, law in zip(texts, labels, laws)
                                                    if label == "ORG" and not law}}
    return {acronym for acronym in of_laws - of_organisations if _ACRONYM.match(acronym)}


def _written(text: str) -> str:
    """A mention's name without a possessive ending or quotation marks around it."""
    return re.sub(r"['’]s?$", "", text).strip(" \"“”‘’")
