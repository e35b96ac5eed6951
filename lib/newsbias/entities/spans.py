"""Putting the recogniser's entity spans right, by general rules of how news writes names.

- :func:`corrected` fixes one spaCy entity: "the Obama administration" and "the Sanders campaign" are organisations
  (the name and the noun), and a person span that runs on past a possessive ("Mitt Romney's Medicare") is cut
  to the name;
- :func:`cut_run_on` cuts a person span that runs on into a headline's verb ("Rand Paul Calls ...") when what comes
  before the verb is a name the article uses;
- :func:`titled_names` finds names after a personal title the recogniser missed ("Mr. Trump", "Justice Kennedy");
- :func:`without_office_titles` drops an organisation named inside a person's office title ("Secretary of State
  Mike Pompeo": the title is the person's, "State" is not a mention of an organisation);
- :func:`bracketed_acronyms` finds an organisation the recogniser missed where its acronym follows it in brackets
  ("the Falah-e-Insaniat Foundation (FIF)");
- :func:`repeats` finds the later uses of a name the recogniser found once but missed elsewhere in the same article
  (a surname alone, an organisation's name again): the small model misses about one name in twelve, and a name an
  article has already used is the same name when it comes back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from newsbias.countries import country_data
from newsbias.english import is_verb_form
from newsbias.entities.people import known_first_name
from newsbias.folding import fold
from newsbias.names import INSTITUTION_WORDS, SUFFIXES, clean_name, initials_of, person_name, without_descriptors
from newsbias.roles import ROLE_NOUNS

# Nouns that make a person's name into an organisation's when they follow it.
ORGANISATION_AFTER_NAME = frozenset({"administration", "campaign"})
_POSSESSIVE_INSIDE = re.compile(r"['’]s\s")
_POSSESSIVE_END = re.compile(r"['’]s?$")
_NEXT_WORD = re.compile(r"\s+(\w+)")
# Personal titles that are followed by a person's name (general English usage).
PERSONAL_TITLES = ("Mr|Mrs|Ms|Miss|Dr|Prof|Sen|Rep|Gov|Gen|Adm|Lt|Col|Sgt|Capt|President|Senator|Governor|Congressman|"
                   "Congresswoman|Representative|Speaker|Judge|Justice|Mayor|Chancellor|Ambassador|Secretary|Minister")
# The closing quote of a nickname and the surname after it ('William "Mo' + '" Cowan').
_AFTER_NICKNAME = re.compile(r"[\"”’]\s+[A-Z][\w’'-]+")
_NICKNAME_NEXT = re.compile(r"\s+[\"“‘][A-Z][\w'.-]*[\"”’]\s+[A-Z][\w’'-]+")
# A capitalised office before "of" and a name without "the": "Secretary of State", "Director of National
# Intelligence". "Speaker of the House", "Chairman of the Federal Reserve" name a body of their own.
_OFFICE_OF = re.compile(r"(?<![\w.])([A-Z][a-z]+) of $")
_SPACE = re.compile(r"\s+")
_TITLED = re.compile(rf"(?<![\w.])(?:{PERSONAL_TITLES})\.?\s+((?:[A-Z][\w’'-]*(?:\s+|$)){{1,3}})")
# "the Falah-e-Insaniat Foundation (FIF)": a name, then its acronym in brackets.
_BRACKETED_ACRONYM = re.compile(r"\s?\((?:the\s+)?([A-Z][A-Za-z-]{1,9})\)")
# Small words inside an organisation's name that its acronym skips ("Department of Health and Human Services").
_ACRONYM_SKIPS = frozenset({"of", "for", "and", "the", "on", "in", "to", "de", "&"})
# Words of the names of laws, treaties and programmes, which are no actors ("Voting Rights Act (VRA)").
LAW_WORDS = frozenset({"act", "acts", "bill", "law", "plan", "program", "programme", "agreement", "treaty", "accord",
                       "accords", "initiative", "amendment", "protocol", "deal", "doctrine", "order", "rule", "code"})
ACRONYM_FOUND_BY = "name and its acronym"
# Prefixes joined to a name by a hyphen, after which the name is still looked for ("anti-Trump bias", "pro-Putin").
NAME_PREFIXES = ("anti", "pro", "post", "pre", "non", "ex", "never")
DESCRIBING_WORD = "spaCy NER, a describing word"
SURNAME_RELABELLED = "spaCy NER, relabelled: a surname the article names"
# The recogniser's labels for things, which a person's surname sometimes gets ("said Pelosi" as an event).
_THING_LABELS = frozenset({"FAC", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
_ADJECTIVE_TAGS = frozenset({"JJ", "JJR", "JJS"})


def _open_quote(written: str) -> bool:
    """Whether a span leaves a quote open, straight or curly (a quoted nickname cut after its first word)."""
    return written.count('"') % 2 == 1 or written.count("“") > written.count("”") or written.count("‘") > written.count("’")


@dataclass
class Span:
    """A mention found in one sentence: characters ``[start, end)`` of the sentence, its label and how it was found."""

    start: int
    end: int
    text: str
    label: str
    found_by: str


def corrected(ent, dictionary: frozenset[str], text: str) -> list[Span]:
    """The span(s) of a spaCy entity, with the rules of this module's first item applied: a person span is cut at a
    possessive inside it and after a credit's slash ("Jeff Chiu/AP Bernie Sanders"), carried on over a quoted nickname
    and the surname after it ('William "Mo' or 'William', then '" Cowan'; an entity the recogniser made of the rest
    is dropped by the caller), and carried on over a surname the
    recogniser left out ("Enrique Peña" before "Nieto": a capitalised word that is no dictionary word, in no entity);
    an organisation's span with a possessive inside is two organisations ("Congress’s Office of Compliance") or, before
    "campaign" or "administration", a person's name ("Hillary Clinton's campaign": a possessive is the person's
    mention), and
    takes in an ordinal just before it ("6th" + "U.S. Circuit Court of Appeals": the 7th is another court).
    ``text`` is the text of the entity's document (``doc.text``, which spaCy rebuilds on every access)."""
    doc, start_char, end_char = ent.doc, ent.start_char, ent.end_char
    if ent.label_ == "ORG":
        before = doc[ent.start - 1] if ent.start else None
        if (before is not None and before.ent_type_ == "ORDINAL" and before.idx + len(before.text) + 1 == start_char
                and (before.text[0].isdigit() or before.text[0].isupper())):  # "6th", "Sixth"; not "the second CNN debate"
            start_char = before.idx  # "6th" + "U.S. Circuit Court of Appeals": the ordinal names which one
        cut = _POSSESSIVE_INSIDE.search(text, start_char, end_char)
        owner = doc.char_span(start_char, cut.start(), alignment_mode="contract") if cut else None
        owned = doc.char_span(cut.end(), end_char, alignment_mode="contract") if cut else None
        if owner is not None and owned is not None and len(owner) and len(owned) and owned.text[:1].isupper():
            return [Span(owner.start_char, owner.end_char, owner.text, "ORG", "spaCy NER"),
                    Span(owned.start_char, owned.end_char, owned.text, "ORG", "spaCy NER")]
        if (owner is not None and owned is not None and len(owner) and owned.text.lower() in ORGANISATION_AFTER_NAME
                and _may_lead_campaign(owner.text)):  # "Hillary Clinton's campaign": a possessive, a person's name
            return [Span(owner.start_char, owner.end_char, owner.text, "PERSON", "spaCy NER")]
    if ent.label_ == "PERSON":
        written = text[start_char:end_char]
        if "/" in written:
            after = written.rindex("/") + 1
            credit = re.match(r"[A-Z]{2,}\s+", written[after:])
            start_char += after + (credit.end() if credit else 0)
        cut = _POSSESSIVE_INSIDE.search(text, start_char, end_char)
        if cut is not None:
            end_char = cut.start()
        nickname = (_AFTER_NICKNAME if _open_quote(text[start_char:end_char]) else _NICKNAME_NEXT).match(text, end_char)
        surname = nickname.group().split()[-1] if nickname is not None else ""
        if surname and surname.lower() not in dictionary and surname.lower() not in STOP_WORDS:
            end_char = nickname.end()  # 'William "Mo' + '" Cowan', or 'William' + ' "Mo" Cowan': one name
        following = doc[ent.end] if ent.end < len(doc) and cut is None else None
        if (following is not None and not following.ent_type_ and following.is_title and following.is_alpha
                and not following.is_stop and following.lower_ not in dictionary and following.idx == end_char + 1):
            end_char = following.idx + len(following.text)
    span = doc.char_span(start_char, end_char, alignment_mode="contract") or ent
    return [extended(Span(span.start_char, span.end_char, span.text, ent.label_, "spaCy NER"), text)]


def describing_word(ent, adjectives: frozenset[str]) -> Span | None:
    """A one-word person or organisation of the recogniser's that is an English adjective (``adjectives``:
    :func:`newsbias.english.adjectives`) and that the parser reads as an adjective describing the noun after it ("a
    Black man", "a Confederate general", "Invalid email address"), as a span marked :data:`DESCRIBING_WORD`; else
    None. "a Trump supporter" is none ("trump" is no adjective); :func:`without_describing_words` keeps the name
    where the article makes the word a person's surname ("Gross") or recognises it elsewhere."""
    token = ent[0]
    if (ent.label_ in ("PERSON", "ORG") and len(ent) == 1 and token.tag_ in _ADJECTIVE_TAGS and token.dep_ == "amod"
            and token.lower_ in adjectives):
        return Span(ent.start_char, ent.end_char, ent.text, ent.label_, DESCRIBING_WORD)
    return None


def without_describing_words(found: list[list[Span]], surnames: set[str]) -> list[list[Span]]:
    """An article's spans (per sentence), where a :func:`describing_word` stays marked :data:`DESCRIBING_WORD` (it
    is no actor: :mod:`newsbias.entities.resolution`) unless it is the surname of a person the article names in full
    (``surnames``, folded: "Alan Gross", then "between Gross and criminal spies") or the recogniser took the same
    word for a name elsewhere in the article: then it is the recogniser's name again (``found_by`` "spaCy NER")."""
    named = {span.text for spans in found for span in spans
             if span.found_by != DESCRIBING_WORD and span.label in ("PERSON", "ORG")}
    return [[Span(span.start, span.end, span.text, span.label, "spaCy NER")
             if span.found_by == DESCRIBING_WORD and (fold(span.text) in surnames or span.text in named) else span
             for span in spans] for spans in found]


def surnames_as_people(found: list[list[Span]], surnames: set[str], dictionary: frozenset[str]) -> list[list[Span]]:
    """An article's spans (per sentence), where one word the recogniser labelled a thing (a facility, a product, an
    event, a work) that is the surname of a person the article names in full (``surnames``, folded) is that person:
    labelled ``PERSON``, found by :data:`SURNAME_RELABELLED` ("Nancy Pelosi ... said Pelosi", with "Pelosi" an
    event). A word labelled a location that is also an English adjective or adverb stays one ("the West", in an
    article on Kanye West)."""
    return [[Span(span.start, span.end, span.text, "PERSON", SURNAME_RELABELLED)
             if span.label in _THING_LABELS and _one_word_surname(span.text, surnames)
             and not (span.label == "LOC" and span.text.lower() in dictionary) else span
             for span in spans] for spans in found]


def _one_word_surname(text: str, surnames: set[str]) -> bool:
    word = re.sub(r"['’]s?$", "", text.strip())
    return bool(word) and " " not in word and word[:1].isupper() and fold(word) in surnames


def extended(span: Span, sentence: str) -> Span:
    """A name followed by "administration" or "campaign" is that organisation's name ("the Sanders campaign"); not
    a place's or an institution's name, nor initials ("the U.S. campaign", "a Senate campaign", "the GOP
    campaign")."""
    if span.label not in ("PERSON", "ORG") or not _may_lead_campaign(span.text) or _POSSESSIVE_END.search(span.text):
        return span  # "Hillary Clinton's campaign": a possessive is the person's mention
    following = _NEXT_WORD.match(sentence, span.end)
    if following is None or following.group(1).lower() not in ORGANISATION_AFTER_NAME:
        return span
    return Span(span.start, following.end(), sentence[span.start:following.end()], "ORG", span.found_by)


def _may_lead_campaign(text: str) -> bool:
    words = re.sub(r"^(?:the|The)\s+", "", text).split()
    return bool(words) and not any((len(w.replace(".", "")) > 1 and w.replace(".", "").isupper())
                                   or fold(w) in INSTITUTION_WORDS for w in words)


def names_used(spans: list[Span]) -> tuple[set[str], set[str]]:
    """The person names of an article's spans: full names (folded, titles removed) and the surnames they end in."""
    full, surnames = set(), set()
    for span in spans:
        if span.label != "PERSON":
            continue
        name = person_name(span.text)
        if name is not None and name.is_full:
            full.add(" ".join(name.words))
            surnames.add(name.last)
    return full, surnames


def cut_run_on(span: Span, full: set[str], surnames: set[str], verbs: frozenset[str]) -> Span:
    """``span`` cut before a verb that follows a name the article uses ("Rand Paul Calls" -> "Rand Paul")."""
    if span.label != "PERSON":
        return span
    words = list(re.finditer(r"\S+", span.text))
    for cut in range(len(words) - 1, 0, -1):
        prefix = span.text[:words[cut - 1].end()]
        name = person_name(prefix)
        known = name is not None and (" ".join(name.words) in full or (len(name.words) == 1 and name.last in surnames))
        if known and is_verb_form(words[cut].group().strip("‘’'\""), verbs):
            return Span(span.start, span.start + len(prefix), prefix, span.label, span.found_by)
    return span


def titled_names(sentence: str, taken: list[Span]) -> list[Span]:
    """Names after a personal title that no span in ``taken`` covers ("Mr. Trump", "Justice Kennedy"); an
    institution after the title ("Justice Department") is no name."""
    found = []
    for match in _TITLED.finditer(sentence):
        name = re.sub(r"['’]s$", "", match.group(1).rstrip())
        start = match.start(1)
        end = start + len(name)
        if person_name(name) is None or any(s.start < end and start < s.end for s in taken):
            continue
        found.append(Span(start, end, name, "PERSON", "title and name"))
    return found


def without_office_titles(sentence: str, spans: list[Span]) -> list[Span]:
    """``spans`` without an organisation that completes a person's office title just before the person's name:
    "Secretary of State Mike Pompeo", "Director of National Intelligence Dan Coats" (an office of :data:`ROLE_NOUNS`,
    capitalised, then "of" and the name without "the"). The title is the person's; "the State Department" elsewhere
    is still a mention, and so is "the House" in "Speaker of the House Nancy Pelosi"."""
    people = {s.start for s in spans if s.label == "PERSON"}
    return [s for s in spans if s.label != "ORG" or not in_office_title(sentence, s.start, s.end, people)]


def in_office_title(sentence: str, start: int, end: int, people: set[int]) -> bool:
    """Whether ``sentence[start:end]`` completes an office title ("Secretary of State") and a person's name follows
    it: after the spaces that follow it, one of the offsets ``people`` (where the sentence's person names start)."""
    if sentence[start:start + 4].lower() == "the ":  # "Chairman of the Congressional Hispanic Caucus": a body
        return False
    office = _OFFICE_OF.search(sentence[:start])
    gap = _SPACE.match(sentence, end)
    return bool(office and office.group(1).lower() in ROLE_NOUNS and gap and gap.end() in people)


def repeats(sentence: str, taken: list[Span], names: dict[str, str], stop_words: set[str]) -> list[Span]:
    """Uses in ``sentence`` of ``names`` (written form -> label) that no span in ``taken`` covers.

    A name counts only as a whole, capitalised word sequence, alone or after a prefix and a hyphen ("anti-Trump":
    :data:`NAME_PREFIXES`); a surname that is also a stop word ("Will", "May")
    is never looked for.
    """
    pattern = _names_pattern(tuple(sorted((n for n in names if n.lower() not in stop_words and len(n) >= 3
                                           and n[0].isupper()), key=lambda n: (-len(n), n))))
    found = []
    if pattern is None:
        return found
    for match in pattern.finditer(sentence):
        start, end = match.start(), match.end()
        if not any(s.start < end and start < s.end for s in [*taken, *found]):
            found.append(extended(Span(start, end, match.group(), names[match.group()], "repeat of a recognised name"),
                                  sentence))
    return found


@lru_cache(maxsize=64)
def _names_pattern(written: tuple[str, ...]) -> re.Pattern | None:
    """One pattern for an article's names, longest first, as whole words."""
    if not written:
        return None
    after_prefix = "".join(rf"|(?<=\b(?i:{prefix})-)" for prefix in NAME_PREFIXES)
    return re.compile(r"(?:(?<![\w@#.-])" + after_prefix + r")(?:" + "|".join(re.escape(n) for n in written)
                      + r")(?![\w-])")


def repeatable_names(spans: list[Span]) -> dict[str, str]:
    """The written names the recogniser found in an article that later uses can repeat (written form -> label):
    organisations' names, and people's full names and their surnames, as written."""
    names = {}
    for span in spans:
        if span.found_by not in ("spaCy NER", ACRONYM_FOUND_BY) or span.label not in ("PERSON", "ORG"):
            continue
        written = re.sub(r"^(?:the|The)\s+", "", clean_name(span.text))
        if span.label == "ORG":
            names.setdefault(written, "ORG")
            for initials in initials_of_name(written):  # "Immigration and Customs Enforcement" ... "ICE"
                names.setdefault(initials, "ORG")
            continue
        name = person_name(span.text)
        if name is None or not name.is_full:
            continue
        words = [w for w in without_descriptors(written).split() if fold(w) not in SUFFIXES]
        names.setdefault(" ".join(words), "PERSON")
        names.setdefault(words[-1], "PERSON")
    return names


def initials_of_name(name: str) -> list[str]:
    """The initials an organisation's name of three words or more goes by, with and without a leading country
    ("U.S. Immigration and Customs Enforcement": "USICE", "ICE")."""
    words = name.split()
    found = []
    for cut in (0, 1, 2):
        rest = words[cut:]
        if cut and fold(" ".join(words[:cut])) not in country_data()[0]:
            continue
        initials = initials_of(" ".join(rest))
        if len(initials) >= 3 and len([w for w in rest if w[:1].isupper()]) >= 3:
            found.append(initials)
    return found


def bracketed_acronyms(sentence: str, taken: list[Span]) -> list[Span]:
    """An organisation the recogniser missed where the sentence gives its acronym in brackets right after its name:
    the name, whose capitalised words' initials (hyphenated parts included: "Falah-e-Insaniat") are the acronym's
    capitals, and the acronym. Where a span of ``taken`` is that very name, only the acronym is added, with its
    label; a name partly covered, a person's (or one that starts with a first name), a law's (:data:`LAW_WORDS`) or
    a plural acronym adds nothing."""
    found = []
    for match in _BRACKETED_ACRONYM.finditer(sentence):
        acronym = match.group(1)
        capitals = "".join(c for c in acronym if c.isupper())
        if (len(capitals) < 2 or acronym.endswith("s")  # a plural: documents, not a body ("SAOs")
                or any(s.start < match.end(1) and match.start(1) < s.end for s in taken)):
            continue
        start = _name_before(sentence, match.start(), capitals)
        words = sentence[start:match.start()].split() if start is not None else []
        if not words or any(w.lower() in LAW_WORDS for w in words) or known_first_name(fold(words[0])):
            continue  # a law's name ("Joint Comprehensive Plan of Action"), or a person's ("John F. Kennedy (JFK)")
        end = match.start()
        inside = [s for s in taken if s.start < end and start < s.end]
        same = (len(inside) == 1 and inside[0].label in ("ORG", "GPE", "NORP")
                and re.sub(r"^(?:the|The)\s+", "", inside[0].text) == sentence[start:end])
        if inside and not same:
            continue
        label = inside[0].label if same else "ORG"
        if not inside:
            found.append(Span(start, end, sentence[start:end], "ORG", ACRONYM_FOUND_BY))
        found.append(Span(match.start(1), match.end(1), acronym, label, ACRONYM_FOUND_BY))
    return found


def _name_before(sentence: str, end: int, capitals: str) -> int | None:
    """Where the name whose initials are ``capitals`` starts, reading back from ``end``; None if the words before
    ``end`` are no such name."""
    words = list(re.finditer(r"\S+", sentence[:end]))
    wanted, start = capitals, None
    for word in reversed(words):
        written = word.group()
        if written in _ACRONYM_SKIPS and start is not None:
            continue
        initials = "".join(part[0] for part in written.split("-") if part[:1].isupper())
        if not written[:1].isupper() or not initials or not wanted.endswith(initials):
            return None
        wanted, start = wanted[:-len(initials)], word.start()
        if not wanted:
            return start
    return None
