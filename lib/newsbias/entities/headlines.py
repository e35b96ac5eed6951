"""Headline words and web-page run-ons taken for parts of a person's name, cut off by what the corpus writes.

:func:`without_headline_words` mends the names spaCy reads off headlines and web pages before people are resolved:
"Plus Obama" is Obama, "Add John McCain" is John McCain, "Trump Donald" is Donald Trump and "Paul Ryan Rand Paul"
is Paul Ryan, each decided by how often the corpus writes each name, never by a list of names.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.lang.en.stop_words import STOP_WORDS

from newsbias.english import is_verb_form
from newsbias.entities.people import known_first_name
from newsbias.entities.short_forms import SURNAME_OVER_FIRST_NAME
from newsbias.names import PersonName

# A name of three words or more that starts with a two-word name the corpus writes this many times as often is that
# name run into what follows it on a web page ("Mitch McConnell Addison (Mitch) Mitch McConnell").
RUN_ON_RATIO = 5


def without_headline_words(names: dict[int, PersonName], labels: list[str], dictionary: frozenset[str],
                           prose_names: frozenset[str] = frozenset(), articles: list[str] | None = None) -> dict[int, PersonName]:
    """A two-word person name with a dictionary word at one end that is no one's name in the corpus (nor written
    alone as a name in prose: ``prose_names``, "Todd Akin") and a surname of the corpus at the other is a headline's
    word run into the surname ("Plus Obama", "Obama Willing"): the surname alone, unless the word left is no
    dictionary word and mostly the corpus's first name (:func:`_mostly_first_name`: "Todd Akins", a typo, is not
    Chuck Todd; "Email Sign" is still no one); a longer name that starts with such a verb before a full name of the
    corpus ("Add John McCain") is that full name, even when the verb is a first name too if the corpus writes the
    full name :data:`RUN_ON_RATIO` times as often as the longer one ("Will Kim Jong Un"). A dictionary word two full
    names of the corpus use as a name ("Bill", "Trump") stays a name, and a known first name makes the two words a
    name ("Harry Reid", "Jimmy Carter", "Karl Rove", "Howard Stern": :func:`_first_name`), and so does a pair some
    article introduces as news introduces a person (:func:`introduced_pairs`: "Rush Limbaugh ... Limbaugh said").

    Two run-ons of web pages too: a two-word name the corpus writes :data:`RUN_ON_RATIO` times as often the other way
    round, a first name then a surname ("Trump Donald"), is that name; and a longer one that starts with a two-word
    name the corpus writes elsewhere and goes on with a first name of the corpus, or one the corpus writes
    :data:`RUN_ON_RATIO` times less often than that two-word name ("Paul Ryan Rand Paul", "Nancy Pelosi Nancy",
    "Mitch McConnell Addison"), is the two-word name; not when the corpus writes its first and last words as a
    name more often than that two-word name ("Hillary Rodham Clinton": "Hillary Clinton", not "Hillary Rodham"), nor
    when it writes the longer name :data:`RUN_ON_RATIO` times as often as the two-word one (29 "Kim Jong Un"s are
    not cut to the "KIM JONG" of a headline written twice, whatever "UN" before a name makes of "Un")."""
    full = {n.key(): n for n in names.values() if n.is_full}
    surnames = {n.last for n in full.values()}
    # The words full names use as first or last names; a word before another full name of the corpus ("Add John
    # McCain", "Add Bernie Sanders": a web page's button) is not counted as a first name.
    before_names = {key for key, n in full.items() if _before_a_name(n, full)}
    name_words = Counter(w for key, n in full.items() for w in ({n.last} if key in before_names else {n.first, n.last}))
    pairs = Counter(n.words for n in names.values() if len(n.words) == 2 and not n.suffix)
    longer = Counter(n.words for n in names.values() if len(n.words) > 2)
    firsts = {n.first for key, n in full.items() if key not in before_names}
    written_first = Counter(n.first for n in names.values() if n.is_full)
    written_last = Counter(n.last for n in names.values() if n.is_full)
    introduced = introduced_pairs(names, labels, articles, dictionary) if articles is not None else set()
    fixed = {}
    for row, name in names.items():
        words = name.words
        if labels[row] != "PERSON" or name.suffix or words in introduced:
            pass
        elif len(words) == 2:
            for edge, other in ((words[0], words[1]), (words[1], words[0])):
                # Cutting the last word leaves the first: not when that is mostly a first name ("Todd Akins").
                keeps_first_name = (edge == words[1] and other not in dictionary and _mostly_first_name(
                    other, written_first - Counter({other: pairs[words]}), written_last))
                if (name_words[edge] < 2 and is_verb_form(edge, dictionary) and other in surnames and other != edge
                        and edge not in prose_names and not _first_name(words[0]) and not keeps_first_name):
                    name = PersonName((other,))
                    break
            else:
                if (words[1] in firsts and words[0] in surnames and pairs[words[::-1]] >= RUN_ON_RATIO * pairs[words]):
                    # "Trump Donald": surname first, a name the corpus writes the other way round far more often
                    name = PersonName(words[::-1])
        elif (_before_a_name(name, full) and is_verb_form(words[0], dictionary)
              and (name_words[words[0]] < 2 or _uses(words[1:], pairs, longer) >= RUN_ON_RATIO * longer[words])):
            name = PersonName(words[1:])  # "Add John McCain as an interest": the verb, then a name
        elif (pairs[words[:2]] > 1 and (words[2] in firsts or pairs[words[:2]] >= RUN_ON_RATIO * longer[words])
              and pairs[(words[0], words[-1])] <= pairs[words[:2]] and longer[words] < RUN_ON_RATIO * pairs[words[:2]]):
            name = PersonName(words[:2])  # "Paul Ryan Rand Paul": a name the corpus writes, run into the next one
        fixed[row] = name
    return fixed


def introduced_pairs(names: dict[int, PersonName], labels: list[str], articles: list[str],
                     dictionary: frozenset[str]) -> set[tuple[str, ...]]:
    """Two-word names (labelled a person) that some article writes as news introduces a person: the name, then its
    last word alone, and no other full name with that last word ("Rush Limbaugh ... Limbaugh said": "rush" is a
    verb, "Fareed" reads as one to the lemmatizer). A headline's word run into a surname ("Plus Obama") is seldom
    followed so, as its article introduces the surname's person by a full name of their own; where it is, the
    corpus writes that full name in more articles."""
    full: dict[str, set[tuple[str, ...]]] = defaultdict(set)  # article -> its full names (without suffix)
    alone: dict[str, set[str]] = defaultdict(set)  # article -> the words it writes alone as a name
    for row, name in names.items():
        if len(name.words) == 1:
            alone[articles[row]].add(name.last)
        elif labels[row] == "PERSON" and not name.suffix:
            full[articles[row]].add(name.words)
    introduced, written_in = set(), defaultdict(set)  # full name -> the articles that write it
    for article_id, written in full.items():
        ends = Counter(words[-1] for words in written)
        introduced |= {words for words in written
                       if len(words) == 2 and words[-1] in alone[article_id] and ends[words[-1]] == 1}
        for words in written:
            written_in[words].add(article_id)
    by_surname: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for words in written_in:
        by_surname[words[-1]].append(words)
    # ... and no other full name with that surname is written in more articles ("Plus Obama", in an article that
    # writes "Obama" alone after it and no "Barack Obama", against the hundreds of articles that write that).
    # A web page's two words ("Email Sign", "Rebuild Rural", then "Sign" or "Rural" alone) end in a dictionary word:
    # such a pair is a name only when its first word is none and two articles write it.
    return {words for words in introduced
            if all(len(written_in[other]) <= len(written_in[words]) for other in by_surname[words[-1]])
            and (words[-1] not in dictionary or (words[0] not in dictionary and len(written_in[words]) > 1))}


def _uses(words: tuple[str, ...], pairs: Counter, longer: Counter) -> int:
    """How often the corpus writes ``words`` as a whole name (without suffix)."""
    return pairs[words] if len(words) == 2 else longer[words]


def _mostly_first_name(word: str, written_first: Counter, written_last: Counter) -> bool:
    """Whether the corpus's other full names use ``word`` as a first name in at least 1/:data:`SURNAME_OVER_FIRST_NAME`
    as many mentions as a surname: "Todd" (Todd Akin, and Chuck Todd less often), not "Obama" (an "Obama Democrats"
    among thousands of "Barack Obama")."""
    return written_first[word] > 0 and written_last[word] <= SURNAME_OVER_FIRST_NAME * written_first[word]


def _first_name(word: str) -> bool:
    """A known first name before a surname ("Harry Reid", "Jimmy Carter", "Kit Bond": the verbs "harry", "jimmy",
    "kit"), unless it is a stop word too ("Will Obama" in a headline)."""
    return word not in STOP_WORDS and known_first_name(word)


def _before_a_name(name: PersonName, full: dict[str, PersonName]) -> bool:
    """Whether a name of three words or more is a word before another full name of the corpus."""
    return len(name.words) > 2 and PersonName(name.words[1:], name.suffix).key() in full
