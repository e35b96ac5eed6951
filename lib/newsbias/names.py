"""Names as names: titles, roles, possessives and punctuation stripped, and the initials of a name.

Shared by the entity stage (merging the many names of one actor) and the comparison (titles an outlet
attaches to an actor). The title words are general English usage, never one corpus's names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from newsbias.folding import fold

# Titles and roles stripped from the front of names (general English usage, not one corpus's).
TITLE_WORDS = (
    r"maj|major|gen|general|lt|lieut|lieutenant|col|colonel|brig|brigadier|adm|admiral|sgt|sergeant|capt|captain|cmdr|commander|"
    r"mr|mrs|ms|miss|dr|prof|professor|sir|dame|lord|lady|rev|reverend|fr|father|sen|senator|rep|representative|gov|governor|"
    r"president|vice|prime|deputy|minister|chancellor|secretary|secretary-general|undersecretary|ambassador|envoy|"
    r"king|queen|prince|princess|emir|sheikh|shaikh|ayatollah|imam|pope|cardinal|bishop|rabbi|judge|justice|mayor|"
    r"speaker|chief|chairman|chairwoman|chair|director|spokesman|spokeswoman|spokesperson|leader|supreme|acting|former|late|"
    r"foreign|defense|defence|interior|finance|state|high|representative|general-secretary|premier|commissioner|"
    r"minister-president|crown|field|marshal|treasurer|comptroller|auditor|superintendent|sheriff|councilman|"
    r"councilwoman|alderman|assemblyman|assemblywoman|attorney|lawyer|officer|detective|trooper|columnist|"
    r"correspondent|comedian|actor|actress|rapper|superstar|the|of"
)
_TITLE = re.compile(rf"^(?:(?:{TITLE_WORDS})\.?\s+)+", re.IGNORECASE)
# "The", any case; "a" and "an" in lower case before a name of two words or more ("a Justice Department"; "a
# Republican" is a person, not the party).
_ARTICLE = re.compile(r"^(?:(?i:the)\s+|(?:a|an)\s+(?=\S+\s+\S))")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
NAME_STOPWORDS = {"of", "the", "and", "for", "on", "in", "de", "du", "la", "le", "des", "&"}


def initials_of(name: str) -> str:
    """Initials of the capitalised words of a name, skipping small words: 'European Union' -> 'EU'."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in NAME_STOPWORDS and w[:1].isupper())


def clean_name(text: str, titles: bool = True) -> str:
    """Strip possessives, titles and roles (only a leading article with ``titles=False``, for an organisation's
    name: "State Department" keeps "State"), and dots: the name as a name."""
    name = " ".join(text.split())
    name = _POSSESSIVE.sub("", name)
    stripped = (_TITLE if titles else _ARTICLE).sub("", name)
    name = stripped if stripped.strip() else name
    name = re.sub(r"(?<=\b[A-Z])\.(?=[A-Z]\b|\s|$|-)", "", name)  # U.S. -> US, U.N. -> UN
    name = re.sub(r"-(?:led|backed|based|made|born)$", "", name, flags=re.IGNORECASE)
    return re.sub(r"^[^\w@#]+|[^\w+!]+$", "", name)  # quotes, brackets, bullets, arrows, dashes around it ("Disney+" kept)


# Generational suffixes: part of who a person is ("Donald Trump Jr." is not Donald Trump), never a surname.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Words that make a name an institution's, not a person's ("Obama White House", "Clinton Foundation"): general
# English nouns for organisations, so that a mislabelled institution never becomes a person's full name.
INSTITUTION_WORDS = frozenset(
    "house senate congress department ministry committee commission council party administration campaign office caucus "
    "agency bureau court university college school institute foundation association union league federation "
    "company corporation corp inc llc ltd group bank fund news times post journal network channel radio "
    "television tv press club center centre hospital church army navy police team".split()
)
_TITLE_WORD_SET = frozenset(TITLE_WORDS.split("|"))

# Words written with a capital that the recogniser takes for a person but that name no one in particular: forms
# of address and kinship, and the deity.
NOT_PERSON_NAMES = frozenset("dad daddy mom mommy mum mummy mother father grandma grandpa granny nana papa mama "
                             "god lord sir madam ma'am".split())
# Storms are named like people ("Hurricane Harvey", "Tropical Storm Harvey"); a name with one of these words before
# its last is a storm's.
STORM_WORDS = frozenset("hurricane storm superstorm typhoon cyclone tornado".split())
# A phrase that starts with a quantifier ("Other Rural States", "Many Democrats") is not a person's name.
QUANTIFIERS = frozenset("other others many some most several both each every all few these those such any".split())


def storm_name(text: str) -> str | None:
    """The folded name of the storm ``text`` names ("Hurricane Harvey", "Tropical Storm Harvey's": "harvey"), or None."""
    words = fold(re.sub(r"['’]s?$", "", text.strip())).split()
    return words[-1] if len(words) > 1 and words[-2] in STORM_WORDS else None


def is_title_word(word: str) -> bool:
    """Whether ``word`` (any case, a final full stop allowed) is one of :data:`TITLE_WORDS` ("President", "Sen.")."""
    return word.rstrip(".").lower() in _TITLE_WORD_SET


@dataclass(frozen=True)
class PersonName:
    """A person's name as folded words, with titles and roles before it removed: ``first``, ``middle``, ``last``."""

    words: tuple[str, ...]
    suffix: str = ""

    @property
    def first(self) -> str:
        return self.words[0]

    @property
    def last(self) -> str:
        return self.words[-1]

    @property
    def middle(self) -> tuple[str, ...]:
        return self.words[1:-1]

    @property
    def is_full(self) -> bool:
        """A first and a last name at least (a lone surname or first name is a short form)."""
        return len(self.words) >= 2

    def key(self) -> str:
        """First and last name (and suffix), middle names and initials left out: "Donald J. Trump" is "donald trump"."""
        return " ".join([self.first, self.last] + ([self.suffix] if self.suffix else [])) if self.is_full else self.words[0]

    def full(self) -> str:
        return " ".join([*self.words] + ([self.suffix] if self.suffix else []))


def without_descriptors(name: str) -> str:
    """The name after the last title or role word that precedes it: "NJ Gov Chris Christie" -> "Chris Christie",
    "House Speaker John Boehner" -> "John Boehner". A title word that ends the name, or is followed only by a
    generational suffix, is kept ("Erik Prince", "Martin Luther King Jr.")."""
    words = name.split()
    last_title = max((i for i, w in enumerate(words[:-1])
                      if is_title_word(w) and not all(fold(x.rstrip(".,")) in SUFFIXES for x in words[i + 1:])), default=-1)
    return " ".join(words[last_title + 1:]) if last_title >= 0 else name


# A nickname written inside a name, in quotes or brackets ('William "Mo" Cowan', "Louis (Louie) Gohmert"): no
# part of the name by which names are compared.
_NICKNAME = re.compile(r"""(?<=\S)\s+(?:"[^"]+"|“[^”]+”|‘[^’]+’|\([^)]+\))(?=\s+\S)""")


# A dash (em or en) between a dateline or a label and a name, with no space: "Fla.—President Donald Trump".
_DASH = re.compile(r"[—–]")
# The Arabic article joined to a surname by a hyphen ("al-Assad", "el-Sisi").
_ARABIC_ARTICLE = re.compile(r"^(?:al|el)-(?=[a-z])")
# Roman numerals after a name ("Louis XIV", "Benedict XVI") are part of it.
_ROMAN = re.compile(r"[IVXL]+")


@lru_cache(maxsize=200_000)
def person_name(text: str) -> PersonName | None:
    """The name of a person mention, or None when what is written cannot be a person's name (an institution's
    name, no letters). Titles and roles before the name, possessives, dots and a nickname in quotes or brackets
    inside it are removed; so is a dateline before a dash ("Fla.—President Donald Trump"). The Arabic article
    before a surname ("Bashar al-Assad", "al-Assad") is left out, as English news often leaves it out ("Assad")."""
    after_dash = _DASH.split(text)[-1]
    cleaned = without_descriptors(clean_name(_NICKNAME.sub(" ", after_dash if re.search(r"[^\W\d_]", after_dash) else text)))
    written = cleaned.split()
    # Words before the name that are no part of it: lower case ("a Donald Trump rally"), an agency's initials ("AP").
    while len(written) > 1 and (written[0][:1].islower() or (len(written) > 2 and re.fullmatch(r"[A-Z]{2,}", written[0]))):
        written = written[1:]
    if len(written) > 2:  # middle initials written together ("George H.W. Bush", once its dots are gone) are initials
        written = [written[0], *(" ".join(w) if re.fullmatch(r"[A-Z]{2,3}", w) else w for w in written[1:-1]), written[-1]]
    words = fold(" ".join(written)).split()
    words = [w if i == 0 and len(words) > 1 else _ARABIC_ARTICLE.sub("", w) for i, w in enumerate(words)]
    suffix = ""
    if len(words) > 1 and words[-1] in SUFFIXES:
        suffix, words = words[-1], words[:-1]
    if (not words or any(w in INSTITUTION_WORDS for w in words) or not any(c.isalpha() for c in "".join(words))
            or words[0] in QUANTIFIERS or (len(words) == 1 and words[0] in NOT_PERSON_NAMES)
            or any(w in STORM_WORDS for w in words[:-1])):
        return None
    # A last word in capitals after a name in mixed case is an organisation's initials or a web page's button
    # ("California GOP", "Paul Ryan FDR", "George Floyd MORE"): the name before it, if two words or more are left;
    # never a person of one word. Initials written with dots ("Louis C.K."), Roman numerals ("Louis XIV") and a
    # name written all in capitals (a headline's "MITCH MCCONNELL") are names.
    last = written[-2] if suffix else written[-1]
    if (len(words) > 1 and re.fullmatch(r"[A-Z]{2,}", last) and not _ROMAN.fullmatch(last) and last in text
            and not all(w.isupper() for w in written)):
        if suffix or len(words) < 3:
            return None
        words = words[:-1]
    if len(words) > 2 and re.fullmatch(r"[A-Z]\.?", written[0]):  # "W. Todd Akin": the initial is a middle name
        words = [words[1], words[0], *words[2:]]
    return PersonName(tuple(words), suffix)


def compatible_middles(a: PersonName, b: PersonName) -> bool:
    """Whether two names with the same key can be one person: one has no middle name, or the middles agree word
    for word, an initial matching a name ("Donald J. Trump", "Donald John Trump"; not "George W."/"George H. W."),
    or the fewer middles are whole names written, in order, among the others ("Hillary Rodham Clinton", "Hillary
    Diane Rodham Clinton"); an initial among more middles says too little ("George W." is not "George H. W.")."""
    if not a.middle or not b.middle:
        return True
    if len(a.middle) != len(b.middle):
        fewer, more = sorted((a.middle, b.middle), key=len)
        rest = iter(more)
        return all(len(word) > 1 for word in fewer) and all(word in rest for word in fewer)
    return all(x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))
               for x, y in zip(a.middle, b.middle))


def storm_names(texts: list[str], labels: list[str], articles: list[str]) -> Callable[[str, str], bool]:
    """Whether a one-word name in an article is a storm's: the article writes it after "Hurricane", "Storm" ... and
    names no person with it ("Hurricane Comey", a metaphor; "Sandy Smith"); or, in an article that does neither, the
    corpus writes it as a storm's name in more articles than as a person's surname ("after Harvey" in a story on
    Texas)."""
    storms, surnames, named = defaultdict(set), defaultdict(set), defaultdict(set)
    for text, label, article in zip(texts, labels, articles):
        if name := storm_name(text):
            storms[name].add(article)
        elif label == "PERSON" and (person := person_name(text)) is not None and person.is_full:
            surnames[person.last].add(article)
            for word in person.words:
                named[word].add(article)

    def is_storm(article: str, key: str) -> bool:
        if key not in storms or article in named[key]:
            return False
        return article in storms[key] or len(storms[key]) > len(surnames[key])
    return is_storm


# A court case's name, "Party v. Party" ("Buckley v. Valeo", "Brown v Board of Education").
_CASE_NAME = re.compile(r"\w[\w.’'-]*\s+vs?\.?\s+(?:the\s+)?[A-Z]")


def case_name(text: str) -> bool:
    """Whether ``text`` is a court case's name ("Schuette v. Coalition to Defend Affirmative Action"): a case, not an
    actor, whatever the recogniser labelled it."""
    return bool(_CASE_NAME.search(text))


# The last word of a law's, a treaty's or a doctrine's name ("the Budget Control Act", "the Green New Deal", "the Paris
# Agreement"). Not "Program", "Initiative", "Plan" or "Law": organisations' names end in them too ("the Middle East
# Program", "the Equal Justice Initiative", "Yale Law").
LAW_HEADS = frozenset({"act", "acts", "deal", "agreement", "accord", "accords", "treaty", "doctrine", "amendment"})


def law_name(text: str) -> bool:
    """Whether ``text`` is a name of two words or more ending in a capitalised :data:`LAW_HEADS` word: a law, not an
    actor, whatever the recogniser labelled it."""
    words = bare_name(text).split()
    return len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() in LAW_HEADS


def bare_name(text: str) -> str:
    """A mention's name without a possessive ending or quotation marks around it ("the “Green New Deal’s" -> "the
    “Green New Deal")."""
    return re.sub(r"['’]s?$", "", text).strip(" \"“”‘’")


# Endings that make a word for a policy, a doctrine, a following or a scandal of a person's surname ("Obamacare",
# "Trumpism", "Clintonite", "Reaganomics", "Trumpworld"): general English word formation. Not "-ian", which makes
# a group's name of a surname as often as an adjective ("Christian", of "Jesus Christ").
COINAGE_ENDINGS = ("care", "ism", "isms", "ist", "ists", "ite", "ites", "esque", "world", "gate",
                   "omics", "mania", "phile", "philes", "phobe", "phobes", "phobia", "speak")


def surname_coinages(texts: list[str], labels: list[str]) -> list[bool]:
    """Per mention, whether it is one capitalised word made of a person's surname and one of
    :data:`COINAGE_ENDINGS`: the surname (three letters or more) ends a full name the recogniser labelled a person
    somewhere in the corpus, and the word itself ends none (no one is called "Obamacare"; "Johnson" is a surname)."""
    surnames = set()
    for text, label in zip(texts, labels):
        if label == "PERSON" and (person := person_name(text)) is not None and person.is_full:
            surnames.add(person.last)

    @lru_cache(maxsize=None)
    def coined(text: str) -> bool:
        word = _POSSESSIVE.sub("", text.strip())
        if not word[:1].isupper() or not word.isalpha() or fold(word) in surnames:
            return False
        key = fold(word)
        return any(key.endswith(ending) and len(key) - len(ending) >= 3 and key[:-len(ending)] in surnames
                   for ending in COINAGE_ENDINGS)
    return [coined(text) for text in texts]
