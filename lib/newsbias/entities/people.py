"""One person, one actor: how news writes a person's names, resolved within each article and across the corpus.

- **Full names** ("Donald J. Trump", "House Speaker John A. Boehner") are one person across the corpus when their
  first and last names (and generational suffix: "Jr." is someone else) agree; middle names and initials are left
  out, unless the corpus writes two different middles for one first and last name ("George W." and "George H. W.
  Bush"): those are two people, and the plain "George Bush" is resolved within its article, else to the middle
  written in :data:`DOMINANT_SHARE` of the articles that write one (say "Paul D. Ryan" or "Paul Davis Ryan" in nine
  articles, "Paul S. Ryan" in one), else reported.
- **Short forms** ("Trump", "Mr. Boehner", "President Peña", "Peña Nieto") refer, within an article, to the person
  the article introduced with that surname: the most recent introduction before the mention, else the first after
  it (a headline comes before the story's first full name). A first name alone ("Hillary") refers to the one
  person of the article with that first name (not a word the corpus writes far more often as a surname); a word
  that begins the full names of several people of the article, none of whom it calls by their last word, is a family
  name written first ("Kim" after "Kim Jong Un" and "Kim Yo Jong") and is resolved as a surname is. A
  surname the article never writes in a full name, but one letter away from the surname of one person it
  introduced, is that person when one of the two spellings is a typo: no full name of another article ends in it
  ("Amy Barret" ... "Barrett"; not "Maxine Waters" ... "Walters", both surnames of the corpus). See
  :func:`_misspelt_surname`.
- Where the corpus's full names with a surname are mostly one person (:data:`DOMINANT_SHARE`, introduced in
  :data:`CORPUS_EVIDENCE_ARTICLES` articles or more), an article whose text (headlines aside) first writes the
  surname alone for that person, before it introduces anyone of that name or after it introduced that person,
  goes on meaning that person by it when it introduces a relative: "President Trump on Friday dismissed Reince
  Priebus ... Ivanka Trump ... Trump's agenda" is Donald Trump throughout, not his daughter, whom the article would
  call "Ivanka" (see :data:`~newsbias.entities.short_forms.KNOWN_BEFORE_INTRODUCTION`). A suffixed short form
  ("Trump Jr.") keeps its own person.
- A first name alone that its article gives no one ("Hillary's loss") is the corpus's person of that first name
  whom other articles call by it alone (:data:`FIRST_NAME_ARTICLES`), by the same evidence as a surname below,
  when the corpus writes the word mostly as a first name.
- A short form the article never introduces refers to the person most of the corpus's uses of that surname are
  (at least :data:`DOMINANT_SHARE`); otherwise it is left as it is and reported as ambiguous. It is left as it is
  too when the corpus writes that person's full name in too few articles for the number that use the word alone
  (:func:`_enough_introductions`): a word written alone in a hundred articles is not the surname of a name one of
  them runs into it.

The recogniser's label of a short form is not trusted (the small model often tags a lone surname as a place or an
organisation), but a short form it labelled an organisation goes to the corpus's person of that surname only when
the recogniser labels that word a person more often than an organisation across the corpus (a lone "Ford" or "Fox"
in an article with no such person is more often the company or the channel).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache

from newsbias.entities.person_records import Candidate, People, Spellings
from newsbias.entities.short_forms import FIRST_NAME_SAME_ARTICLE, SURNAME_OVER_FIRST_NAME, in_article, shortens
from newsbias.names import PersonName, compatible_middles, is_title_word
from newsbias.roles import ROLE_NOUNS

# A surname the article does not introduce goes to the corpus's person of that surname when that person holds at
# least this share of the corpus's uses of it (full names and short forms resolved within their articles).
DOMINANT_SHARE = 0.8
# ... and when the corpus writes that person's full name in at least this many articles, or in one when no more
# than ONE_INTRODUCTION_COVERS articles use the surname alone, and in at least this share of the number of articles
# that use the surname alone (a corpus of three articles on one event may introduce someone in one of them).
CORPUS_EVIDENCE_ARTICLES = 2
ONE_INTRODUCTION_COVERS = 3
CORPUS_EVIDENCE_SHARE = 0.1
# Suffixes that number a name ("Robert S. Mueller III"), as opposed to "Jr." and "Sr.".
NUMBERED_SUFFIXES = frozenset({"ii", "iii", "iv"})
# A plain full name given the middle name most of the corpus writes with it.
MIDDLE_IN_CORPUS = "middle name (corpus)"
# The rule of a two-word name that is the last two words of one longer name of the corpus ("Mitt Romney").
LAST_WORDS_OF_LONGER = "last words of a longer name (corpus)"
# The rule of a first name alone that its article gives no one, resolved to the corpus's person of that first name,
# whom at least FIRST_NAME_ARTICLES articles call by it alone after introducing them ("Hillary": 31 on allsides-dev;
# not "Nancy", 2, whose lone "Nancy" in other articles were Nancy Reagan and a writer's wife).
FIRST_NAME_IN_CORPUS = "first name (corpus)"
FIRST_NAME_ARTICLES = 3
# Names joined into one span: "Manchin and Murkowski", "Comey/McCabe/Strzok", "Comey - McCabe".
_COORDINATED = re.compile(r"\s(?:and|&|-|–)\s|/")
# The rules of full names (introductions), as opposed to short forms resolved to one.
INTRODUCTIONS = ("", "middle name or initial", "nickname", MIDDLE_IN_CORPUS, LAST_WORDS_OF_LONGER)


def _surnames_first(candidates: list[Candidate], named: list[Candidate]) -> frozenset[tuple[str, str]]:
    """(article, surname) where the body writes the surname alone before any full name with it."""
    first: dict[tuple[str, str], int] = {}
    for candidate in named:
        spot = (candidate.article_id, candidate.name.last)
        first[spot] = min(first.get(spot, candidate.start), candidate.start)
    return frozenset((c.article_id, c.name.last) for c in candidates
                     if len(c.name.words) == 1 and not c.name.suffix and c.in_body
                     and c.start < first.get((c.article_id, c.name.last), -1))


def full_name_clusters(full: list[Candidate],
                       early: frozenset[tuple[str, str]] = frozenset()) -> tuple[dict[int, str], set[str]]:
    """The cluster key of each full-name mention, and the keys that stand for several people (conflicting middles).

    A generational suffix tells two people apart only where an article writes both names ("Donald Trump" and
    "Donald Trump Jr."), or writes the surname alone in its body before any full name with it (``early``: article
    and surname; "Mr. Trump" twelve times, then "Donald Trump Jr.": the son of someone the reader already knows);
    a corpus that never does means one person ("Eric H. Holder Jr." is Eric Holder). A
    numbered suffix (:data:`NUMBERED_SUFFIXES`) never does: news writes "Robert S. Mueller III" once and "Robert
    Mueller" after it, and a father or grandfather of the same name is rarely in the same story ("Jr." and "Sr." are
    how news tells a living father and son apart).
    """
    by_key: dict[str, list[Candidate]] = defaultdict(list)
    articles_of: dict[str, set[str]] = defaultdict(set)
    for candidate in full:
        articles_of[candidate.name.key()].add(candidate.article_id)
    for candidate in full:
        key, name = candidate.name.key(), candidate.name
        base = " ".join([name.first, name.last])
        after_surname = any((article, name.last) in early for article in articles_of[key])
        if name.suffix and base in articles_of and (name.suffix in NUMBERED_SUFFIXES
                                                    or not (articles_of[base] & articles_of[key] or after_surname)):
            key = base
        by_key[key].append(candidate)
    cluster, contested = {}, set()
    for key, group in by_key.items():
        middles = {c.name.middle: c.name for c in group if c.name.middle}
        names = list(middles.values())
        conflict = any(not compatible_middles(a, b) for i, a in enumerate(names) for b in names[i + 1:])
        same = _interchangeable_middles(names) if conflict else {}
        for candidate in group:
            if conflict and candidate.name.middle:
                cluster[candidate.row] = f"{key}|{' '.join(same[candidate.name.middle])}"
            else:
                cluster[candidate.row] = key
        if conflict:
            contested.add(key)
    return cluster, contested


def _interchangeable_middles(names: list[PersonName]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each middle name's person, as the longest of the middles compatible with exactly the same ones as it: "D." is
    "Davis" when both are compatible with the same middles ("Paul D. Ryan", "Paul Davis Ryan", not "Paul S. Ryan");
    a "J." that could be "John" or "James" stays apart."""
    fits = {a.middle: frozenset(b.middle for b in names if compatible_middles(a, b)) for a in names}
    return {middle: max((m for m in fits if fits[m] == fits[middle]), key=lambda m: (sum(map(len, m)), m))
            for middle in fits}


def resolve_people(candidates: list[Candidate], is_person_label: dict[int, bool],
                   person_votes: Counter | None = None) -> People:
    """Resolve every candidate to a person cluster (or leave it): see the module's docstring for the rules.

    ``person_votes`` counts, per folded one-word name, how often the recogniser labelled it a person minus how often
    an organisation: a lone name it labelled an organisation in an article that introduces no such person goes to
    the corpus's person only when the corpus mostly labels that name a person.
    """
    person_votes = person_votes or Counter()
    people = People()
    candidates = _written_apart(candidates, is_person_label)
    named = [c for c in candidates if c.name.is_full and is_person_label[c.row]]
    longer: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in named:
        longer[candidate.article_id].append(candidate)
    # A name that is the trailing words of a longer name in its article is a short form ("Peña Nieto").
    full = [c for c in named if not any(shortens(c.name.words, o.name) for o in longer[c.article_id])]
    cluster, contested = full_name_clusters(full, _surnames_first(candidates, named))
    by_article: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in full:
        by_article[candidate.article_id].append(candidate)
    for candidate in full:
        people.cluster[candidate.row] = cluster[candidate.row]
        people.rule[candidate.row] = "middle name or initial" if candidate.name.middle or candidate.name.suffix else ""
    _merge_trailing_names(full, people)
    _merge_nicknames(full, people)
    # A plain name whose key is contested takes its article's introduction with a middle, if there is one, else the
    # middle the corpus writes in DOMINANT_SHARE of the articles that write one ("Paul D. Ryan", not "Paul S. Ryan").
    middle_articles: dict[str, set[str]] = defaultdict(set)
    for candidate in full:
        if candidate.name.middle:
            middle_articles[cluster[candidate.row]].add(candidate.article_id)
    for candidate in full:
        if candidate.name.key() in contested and not candidate.name.middle:
            own = [c for c in by_article[candidate.article_id] if c.name.key() == candidate.name.key() and c.name.middle]
            options = sorted(v for v in middle_articles if v.startswith(candidate.name.key() + "|"))
            best = max(options, key=lambda o: len(middle_articles[o]), default="")
            if own:
                people.cluster[candidate.row] = cluster[own[0].row]
                people.rule[candidate.row] = "surname (same article)"
            elif options and len(middle_articles[best]) >= DOMINANT_SHARE * sum(map(len, map(middle_articles.get, options))):
                people.cluster[candidate.row], people.rule[candidate.row] = best, MIDDLE_IN_CORPUS
            else:
                people.ambiguous.append({"article_id": candidate.article_id, "text": candidate.text,
                                         "candidates": " | ".join(options),
                                         "reason": "people told apart by their middle names"})
    short = [c for c in candidates if c.row not in people.cluster]
    spellings = Spellings(defaultdict(set), defaultdict(set))
    for candidate in full:
        spellings.surname_articles[candidate.name.last].add(candidate.article_id)
        spellings.first_name_articles[candidate.name.first].add(candidate.article_id)
    spellings.dominant = _dominant_people(full, people)
    for candidate in short:
        if (len(candidate.name.words) == 1 and not candidate.name.suffix and candidate.in_body
                and is_person_label[candidate.row]):
            key = (candidate.article_id, candidate.name.last)
            spellings.first_alone[key] = min(candidate.start, spellings.first_alone.get(key, candidate.start))
    unresolved = []
    for candidate in sorted(short, key=lambda c: (c.article_id, c.start)):
        # A known first name the recogniser labelled an organisation ("Bernie", "Rand") may be a first name alone.
        as_person = is_person_label[candidate.row] or (
            candidate.label == "ORG" and len(candidate.name.words) == 1 and known_first_name(candidate.name.first))
        found = in_article(candidate, by_article.get(candidate.article_id, []), people, as_person, spellings)
        if found is None:
            unresolved.append(candidate)
        else:
            people.cluster[candidate.row], people.rule[candidate.row] = found
    uses = Counter(people.cluster.values())
    last_names: dict[str, set[str]] = defaultdict(set)
    introduced_in: dict[str, set[str]] = defaultdict(set)
    first_names: dict[str, set[str]] = defaultdict(set)  # cluster -> the first names of its full names
    suffixes: dict[str, set[str]] = defaultdict(set)  # cluster -> the suffixes of its full names
    for candidate in full:
        last_names[candidate.name.last].add(people.cluster[candidate.row])
        introduced_in[people.cluster[candidate.row]].add(candidate.article_id)
        first_names[people.cluster[candidate.row]].add(candidate.name.first)
        suffixes[people.cluster[candidate.row]].add(candidate.name.suffix)
    bare_in: dict[str, set[str]] = defaultdict(set)
    for candidate in unresolved:
        bare_in[candidate.name.last].add(candidate.article_id)
    by_first_name: dict[str, set[str]] = defaultdict(set)  # first name -> the people an article calls by it alone
    called_in: dict[str, set[str]] = defaultdict(set)  # person -> the articles that call them by their first name
    for candidate in short:
        if people.rule.get(candidate.row) == FIRST_NAME_SAME_ARTICLE:
            by_first_name[candidate.name.words[0]].add(people.cluster[candidate.row])
            called_in[people.cluster[candidate.row]].add(candidate.article_id)
    called = Counter({person: len(articles) for person, articles in called_in.items()})
    held_back = []
    for candidate in unresolved:
        person = _corpus_first_name(candidate, is_person_label[candidate.row], by_article.get(candidate.article_id, []),
                                    spellings, {o: uses[o] for o in by_first_name.get(candidate.name.last, ())},
                                    called, introduced_in, len(bare_in[candidate.name.last]))
        if person is not None:
            people.cluster[candidate.row], people.rule[candidate.row] = person, FIRST_NAME_IN_CORPUS
            continue
        options = last_names.get(candidate.name.last, set())
        first = candidate.name.first
        if candidate.name.is_full and (known_first_name(first) or len(spellings.first_name_articles.get(first, ())) > 1
                                       or (len(candidate.name.words) == 2
                                           and not _word_before_a_surname(candidate.text, first))):
            # A full name the recogniser did not call a person ("Jane Sanders", "Karen Pence" labelled an
            # organisation) is only a person of that first name, and so is a place's or a thing's ("Fort Hood",
            # "Johns Hopkins"); a role, initials or punctuation before the surname are not ("Congressman Dent",
            # "DNI Clapper", "Poynter, Romney").
            options = {o for o in options if first in first_names[o]}
        elif len(candidate.name.words) > 2 and not _COORDINATED.search(candidate.text):
            # "Ukraine Marie Yovanovitch" is a Marie; "Dustin Lance Black" is no Diane ("Manchin and Murkowski" is
            # two people, and goes to the last, as before)
            options = {o for o in options if first_names[o] & set(candidate.name.words[:-1])}
        if candidate.name.suffix:  # "Trump Jr." is Donald Trump Jr.; "Donald Jr." is no surname "Donald"
            options = {o for o in options if candidate.name.suffix in suffixes[o]}
        if not options:
            continue
        if candidate.label == "ORG" and person_votes[candidate.name.last] <= 0:
            held_back.append(candidate)
            continue
        total = sum(uses[o] for o in options)
        best = max(sorted(options), key=lambda o: uses[o])
        if not _enough_introductions(len(introduced_in[best]), len(bare_in[candidate.name.last])):
            people.rule[candidate.row] = "unmerged: its full name is in too few articles"
            people.ambiguous.append({"article_id": candidate.article_id, "text": candidate.text, "candidates": best,
                                     "reason": f"full name in {len(introduced_in[best])} article(s), the word alone in "
                                               f"{len(bare_in[candidate.name.last])}"})
        elif uses[best] >= DOMINANT_SHARE * total:
            people.cluster[candidate.row], people.rule[candidate.row] = best, "surname (corpus)"
        else:
            people.ambiguous.append({"article_id": candidate.article_id, "text": candidate.text,
                                     "candidates": " | ".join(sorted(options)),
                                     "reason": f"no one has {DOMINANT_SHARE:.0%} of the surname's uses"})
            people.rule[candidate.row] = "ambiguous: left unmerged"
    # A lone name labelled an organisation is the person its article's other uses of it were resolved to.
    resolved = {(c.article_id, c.name.last): people.cluster[c.row] for c in candidates
                if c.row in people.cluster and len(c.name.words) == 1}
    for candidate in held_back:
        cluster = resolved.get((candidate.article_id, candidate.name.last))
        if cluster is not None:
            people.cluster[candidate.row], people.rule[candidate.row] = cluster, "surname (same article)"
    # Otherwise it is the corpus's person when the corpus's lone uses of it labelled an organisation went, in their
    # articles, to that person in DOMINANT_SHARE of cases ("Assange"; "Trump" is labelled an organisation 2,043 times
    # on allsides-dev, 1,994 of them in articles that resolve it to Donald Trump).
    as_organisation = Counter(c.name.last for c in candidates if c.label == "ORG" and len(c.name.words) == 1)
    went_to = Counter((c.name.last, people.cluster[c.row]) for c in candidates
                      if c.label == "ORG" and len(c.name.words) == 1 and c.row in people.cluster)
    for candidate in held_back:
        last = candidate.name.last
        options = sorted(last_names.get(last, set()), key=lambda o: (-went_to[(last, o)], o))
        if (candidate.row not in people.cluster and len(candidate.name.words) == 1 and options
                and as_organisation[last] > 1 and went_to[(last, options[0])] >= DOMINANT_SHARE * as_organisation[last]):
            people.cluster[candidate.row], people.rule[candidate.row] = options[0], "surname (corpus)"
    return people


def _word_before_a_surname(text: str, first: str) -> bool:
    """Whether ``first``, the first of a two-word name's words as written in ``text``, is a role ("Congressman"),
    initials in capitals ("DNI") or set apart from the surname by punctuation ("Poynter, Romney", "Rand] Paul"):
    no first name."""
    words = text.split()
    return (first in ROLE_NOUNS or is_title_word(first) or (len(words) > 1 and words[0].isupper())
            or bool(re.search(r"\w[^\w\s'’.-]+\s", text)))


def _corpus_first_name(candidate: Candidate, person_label: bool, introductions: list[Candidate], spellings: Spellings,
                       uses: dict[str, int], called: Counter, introduced_in: dict[str, set[str]], bare: int) -> str | None:
    """The person a lone first name its article gives no one is ("Hillary's loss"): of the people ``uses`` counts
    (those some article calls by that first name alone after introducing them), the one with :data:`DOMINANT_SHARE`
    of their uses, whom :data:`FIRST_NAME_ARTICLES` articles or more call so (``called``), introduced in enough
    articles (:func:`_enough_introductions`), when the corpus writes the word as a first name in more than
    :data:`~newsbias.entities.short_forms.SURNAME_OVER_FIRST_NAME` times as many articles as a surname; else None."""
    word = candidate.name.words[0]
    as_first = len(spellings.first_name_articles.get(word, ()))
    if (len(candidate.name.words) != 1 or candidate.name.suffix or not person_label or not uses
            or any(i.name.first == word for i in introductions)
            or as_first <= SURNAME_OVER_FIRST_NAME * len(spellings.surname_articles.get(word, ()))):
        return None
    best = max(sorted(uses), key=lambda o: uses[o])
    if (called[best] >= FIRST_NAME_ARTICLES and uses[best] >= DOMINANT_SHARE * sum(uses.values())
            and _enough_introductions(len(introduced_in[best]), bare)):
        return best
    return None


def _written_apart(candidates: list[Candidate], is_person_label: dict[int, bool]) -> list[Candidate]:
    """``candidates``, where a full name written with hyphens is the same name written with spaces when the corpus
    writes a person's full name so ("Kim Jong-un" is "Kim Jong Un"), and a short form written with hyphens is the
    tail of such a name of its article ("McMorris-Rodgers" after "Cathy McMorris-Rodgers" or "Cathy McMorris
    Rodgers")."""
    def apart(name: PersonName) -> tuple[str, ...]:
        return tuple(" ".join(name.words).replace("-", " ").split())

    full = [c for c in candidates if c.name.is_full and is_person_label[c.row]]
    spaced = {c.name.words for c in full if "-" not in c.name.full()}
    tails: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for candidate in full:
        words = apart(candidate.name)
        words = words if words in spaced else candidate.name.words
        tails[candidate.article_id].update(words[-size:] for size in range(1, len(words)))
    result = []
    for candidate in candidates:
        words = apart(candidate.name)
        if words != candidate.name.words and words in (spaced if candidate.name.is_full else tails[candidate.article_id]):
            candidate = replace(candidate, name=PersonName(words, candidate.name.suffix))
        result.append(candidate)
    return result


def _dominant_people(full: list[Candidate], people: People) -> dict[str, str]:
    """Per surname, the person at least :data:`DOMINANT_SHARE` of the corpus's full names with it are, introduced in
    :data:`CORPUS_EVIDENCE_ARTICLES` articles or more; surnames with no such person are left out."""
    uses: dict[str, Counter] = defaultdict(Counter)
    articles: dict[str, set[str]] = defaultdict(set)
    for candidate in full:
        uses[candidate.name.last][people.cluster[candidate.row]] += 1
        articles[people.cluster[candidate.row]].add(candidate.article_id)
    dominant = {}
    for surname, counts in uses.items():
        best, n = max(sorted(counts.items()), key=lambda item: item[1])
        if n >= DOMINANT_SHARE * sum(counts.values()) and len(articles[best]) >= CORPUS_EVIDENCE_ARTICLES:
            dominant[surname] = best
    return dominant


def _enough_introductions(introduced: int, bare: int) -> bool:
    """Whether a person whose full name ``introduced`` articles write can be what ``bare`` articles that never
    introduce anyone of that surname mean by it: news introduces a person by full name, so a word written alone in
    many articles and as a surname in one or two ("Twitter" beside a headline's "Trump Twitter", "Fox" beside one
    "Liam Fox") is something else. See :data:`CORPUS_EVIDENCE_ARTICLES` and :data:`CORPUS_EVIDENCE_SHARE`."""
    return (introduced >= CORPUS_EVIDENCE_ARTICLES or bare <= ONE_INTRODUCTION_COVERS) and introduced >= CORPUS_EVIDENCE_SHARE * bare


def _merge_trailing_names(full: list[Candidate], people: People) -> None:
    """A two-word name that is the last two words of exactly one longer name of the corpus is that person: an
    article that calls him "Peña Nieto" throughout means the corpus's Enrique Peña Nieto. Not when its first word is
    a first name (of other full names of the corpus, or in the ``nicknames`` package's table): "Donald Trump" is not
    the end of a web page's "Fla.—President Donald Trump"; nor when an article writes it beside another full name of
    that person ("Omar Mateen ... Seddique Mateen", his father: the gunman's full name is "Omar Mir Seddique
    Mateen"), since news does not call one person by two first names in one story. Every name of the two-word
    name's person moves with it ("W. Mitt Romney", whose key is "Mitt Romney", joins "Willard Mitt Romney" with it).
    The two-word name stays one of the person's full names (:data:`INTRODUCTIONS`), so the name news writes most
    ("Mitt Romney", 62 times on allsides-dev) is the person's readable name, not one written once ("Willard Mitt
    Romney")."""
    longer_by_tail: dict[tuple[str, ...], set[str]] = defaultdict(set)
    lasts_of_first: dict[str, set[str]] = defaultdict(set)
    for candidate in full:
        lasts_of_first[candidate.name.first].add(candidate.name.last)
        if len(candidate.name.words) > 2:
            longer_by_tail[candidate.name.words[-2:]].add(people.cluster[candidate.row])
    in_article: dict[str, set[str]] = defaultdict(set)  # article -> the people its full names introduce
    for candidate in full:
        in_article[candidate.article_id].add(people.cluster[candidate.row])
    moved: dict[str, str] = {}
    rows: dict[str, list[int]] = defaultdict(list)
    named_otherwise: set[str] = set()  # two-word names an article writes beside another name of the longer one's person
    for candidate in full:
        if len(candidate.name.words) != 2 or candidate.name.suffix:
            continue
        first = candidate.name.first
        # (a word of two letters is as often a particle, "al", "de", as a first name)
        if len(lasts_of_first[first]) > 1 or (len(first) > 2 and known_first_name(first)):
            continue  # "Donald Trump", "John McCain": a first name and a surname, not the end of a longer name
        longer = longer_by_tail.get(candidate.name.words, set())
        if len(longer) == 1:
            own, target = people.cluster[candidate.row], next(iter(longer))
            moved[own] = target
            rows[own].append(candidate.row)
            if target != own and target in in_article[candidate.article_id]:
                named_otherwise.add(own)  # "Omar Mateen ... Seddique Mateen": the father of "Omar Mir Seddique Mateen"
    for own in named_otherwise:
        del moved[own]
    for own in moved:
        for row in rows[own]:
            people.rule[row] = LAST_WORDS_OF_LONGER
    _move_clusters(people, {old: new for old, new in moved.items() if old != new})  # "W. Mitt Romney" too


def _merge_nicknames(full: list[Candidate], people: People) -> None:
    """Two people of one surname whose first names are a name and its nickname ("Chuck"/"Charles Grassley", from
    the ``nicknames`` package's hand-curated English table) are one, when no third person of that surname has a
    first name that is also one of them. Their generational suffixes must agree, except that a formal name with a
    suffix and the nickname without it ("Joseph R. Biden Jr." and "Joe Biden") are the usual two ways of writing
    one person; a nickname that keeps the suffix ("Don Jr.") is written so to tell the son apart, and stays apart."""
    namer = _nick_namer()
    firsts: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)  # last name -> (first, suffix) -> cluster
    for candidate in full:
        name = candidate.name
        firsts[name.last].setdefault((name.first, name.suffix), people.cluster[candidate.row])
    moved: dict[str, str] = {}
    for by_first in firsts.values():
        for (first, suffix), cluster in sorted(by_first.items()):
            formal, informal = namer.canonicals_of(first), namer.nicknames_of(first)
            related = formal | informal

            def fits(other: tuple[str, str]) -> bool:
                other_first, other_suffix = other
                if other_first == first or other_first not in related:
                    return False
                return other_suffix == suffix or (not suffix and other_first in formal) or (
                    not other_suffix and other_first in informal)

            partners = {by_first[other] for other in by_first if fits(other)}
            if len(partners) == 1 and (partner := partners.pop()) != cluster:
                others = {f for (f, _), c in by_first.items() if f != first and c != partner}
                if not any(f in related for f in others):
                    moved[max(cluster, partner)] = min(cluster, partner)
    _move_clusters(people, moved, "nickname")


def _move_clusters(people: People, moved: dict[str, str], rule: str | None = None) -> None:
    """Every row of a cluster in ``moved`` goes to the cluster it maps to (with ``rule``, if given)."""
    for row, cluster in list(people.cluster.items()):
        if cluster in moved:
            people.cluster[row] = moved[cluster]
            if rule is not None:
                people.rule[row] = rule


@lru_cache(maxsize=1)
def _nick_namer():
    from nicknames import NickNamer

    return NickNamer()


def known_first_name(word: str) -> bool:
    """Whether the folded ``word`` is an English first name or nickname in the ``nicknames`` package's table
    ("harry", "kit", "jimmy"; not "plus" or "fill")."""
    namer = _nick_namer()
    return bool(namer.canonicals_of(word) or namer.nicknames_of(word))


