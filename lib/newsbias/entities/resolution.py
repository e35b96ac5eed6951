"""Resolving mentions to actors: the many names of one actor merged by general rules, each recorded per mention.

:func:`resolve_actors` gives every actor mention an ``actor_id``, in this order of rules (the mention's ``link_rule``):

1. ``alias file``: a researcher's ``alias,canonical`` CSV overrides everything else;
2. ``name``: titles, roles, possessives, "the" and dots are stripped ("Maj. Gen.
   Qassem Soleimani's" -> "Qassem Soleimani", "the U.S." -> "US");
3. ``country``: country names and their spellings (countryinfo's data) map to one
   country; "US"/"UK" when they are the initials of the name;
4. ``acronym``, ``short name``: an all-capitals name links to the longer name whose initials it is, a one-word
   organisation name to the longer one that starts with it, when the corpus writes them together
   (:mod:`newsbias.entities.organisations`: "EU" -> "European Union", "Fox" -> "Fox News");
5. ``surname``: a partial name links to the full name containing it, in the same
   article first, then corpus-wide when only one full name fits (whatever label
   spaCy gave the partial name: the small model often tags a lone surname as a place);
6. ``fuzzy``: spelling and transliteration variants of the same type merge when
   their similarity is at least :data:`FUZZY_THRESHOLD`;
7. ``handle``: "@JZarif" links to the person whose surname the handle contains; ``plural``: a group's name and
   its plural are one group ("Republican", "Republicans"); ``adjective``: and its adjective in "-ic" ("Democratic");
8. ``demonym``: "Iranian" links to Iran but keeps ``form='demonym'`` so it is counted apart;
9. ``capital`` (off by default): "Tehran" for Iran's government.

Ambiguous partial names (several full names fit) are left unmerged and reported.
Dates, numbers, money and other non-actor types keep an empty ``actor_id``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from newsbias.countries import country_data, place_names, state_abbreviations
from newsbias.english import is_verb_form
from newsbias.entities import organisations
from newsbias.entities.headlines import without_headline_words
from newsbias.entities.non_actors import non_actor_rules
from newsbias.entities.people import INTRODUCTIONS, resolve_people
from newsbias.entities.person_records import Candidate, People
from newsbias.entities.titles import agree_with_titles
from newsbias.errors import NewsbiasError
from newsbias.folding import fold, slug
from newsbias.names import (
    INSTITUTION_WORDS,
    NAME_STOPWORDS,
    SUFFIXES,
    PersonName,
    clean_name,
    initials_of,
    person_name,
    storm_name,
    storm_names,
    without_descriptors,
)
from newsbias.tables import TABLES

# spaCy labels that name actors, and the actor type each gives.
ACTOR_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "group", "HANDLE": "person"}
# Names of the same type merge at this rapidfuzz ratio (0-100) after folding case and accents.
# Transliterations differ by a letter or two in ten ("Qasem"/"Qassem Soleimani" 96.8, "Brussel"/"Brussels" 93.3),
# while different actors with similar names stay below it ("Iran"/"Iraq" 75, "Austria"/"Australia" 87.5,
# "Mike Pence"/"Mike Pompeo" 66.7). Names shorter than FUZZY_MIN_LENGTH never merge by similarity.
FUZZY_THRESHOLD = 90
# Rows of the name-by-name similarity matrix computed at once.
FUZZY_BLOCK = 2000
FUZZY_MIN_LENGTH = 5
# Two names differ by spelling when each differing word is a spelling of the other: similarity at least this
# ("Zarif"/"Zareef" 72.7; "a"/"Iowa" 40, "Iowa"/"US" 33.3).
FUZZY_WORD_MIN = 50
# A country's name this short is a code of initials ("US", "NC"), which other names may share.
SHORT_CODE = 3
# A word labelled a nationality or group is a surname where a person of that surname is introduced in at least this
# share of the articles that label it so (surnames_labelled_groups).
GROUP_SURNAME_SHARE = 0.5
# Labels whose names keep their title words: an organisation's ("State Department") or a place's name.
_NAMED_AS_IS = frozenset({"ORG", "GPE", "NORP"})


@dataclass
class ActorRules:
    """Options for :func:`resolve_actors`."""

    capitals_as_governments: bool = False
    fuzzy_threshold: int = FUZZY_THRESHOLD
    aliases: dict[str, str] = field(default_factory=dict)


def read_aliases(path: str | Path | None) -> dict[str, str]:
    """Read an alias file: CSV with columns ``alias, canonical`` (others, e.g. ``note``, are ignored)."""
    if path is None:
        return {}
    path = Path(path)
    if not path.is_file():
        raise NewsbiasError(f"alias file {path} does not exist (expected a CSV with columns alias, canonical).")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    missing = {"alias", "canonical"} - set(frame.columns)
    if missing:
        raise NewsbiasError(f"alias file {path} lacks column(s) {sorted(missing)}; it has {list(frame.columns)}.")
    empty = frame.index[(frame["alias"].str.strip() == "") | (frame["canonical"].str.strip() == "")]
    if len(empty):
        raise NewsbiasError(f"alias file {path}: empty alias or canonical on line(s) {[i + 2 for i in empty]}.")
    return {fold(clean_name(a)): c.strip() for a, c in zip(frame["alias"], frame["canonical"])}


class _Clusters:
    """Union-find over folded names, remembering for each name the rule that attached it."""

    def __init__(self):
        self.parent: dict[str, str] = {}
        self.rule: dict[str, str] = {}

    def add(self, key: str) -> None:
        self.parent.setdefault(key, key)

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def link(self, child: str, target: str, rule: str) -> None:
        self.add(child)
        self.add(target)
        root_child, root_target = self.find(child), self.find(target)
        if root_child != root_target:
            self.parent[root_child] = root_target
            self.rule.setdefault(child, rule)


# The mentions table's columns before the quotation stage adds quote_id and voice (quotes.mark_mentions).
MENTION_COLUMNS = list(TABLES["entity_mentions"])
# The names left unmerged and reported: where, as written, the people it could be, and why it was not merged.
AMBIGUOUS_COLUMNS = ["article_id", "text", "candidates", "reason"]
_TYPE_PREFIX = {"person": "person", "organisation": "org", "place": "place", "group": "group"}


def resolve_actors(mentions: pd.DataFrame, rules: ActorRules | None = None,
                   dictionary: frozenset[str] = frozenset(),
                   prose_names: frozenset[str] = frozenset(),
                   titles: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every actor mention an ``actor_id``, ``actor_name``, ``actor_type``, ``form`` and ``link_rule``.

    Needs the columns of :func:`newsbias.entities.mentions.extract_mentions`; ``dictionary`` holds the English words
    that are not names (:func:`newsbias.english.dictionary_words`), which fuzzy matching never treats as a spelling
    variant; a lone person name that is also a verb is a headline's verb unless it is in ``prose_names``
    (:func:`newsbias.entities.mentions.names_in_prose`: "on Twitter"); ``titles`` says, per mention, whether a
    "Mr." ("m") or a "Mrs." or "Ms." ("f") comes with it (:func:`newsbias.entities.mentions.gender_titles`;
    :mod:`newsbias.entities.titles`). Returns the ``entity_mentions`` table and a
    table of the names left unmerged (``article_id, text, candidates, reason``: several people fit, or the one who
    fits is introduced in too few articles).
    """
    work = _Resolution(mentions, rules or ActorRules(), dictionary, titles)
    work.fixed_targets()
    work.without_non_actor_names()
    people = work.people(prose_names)
    work.other_names()
    work.link()
    return work.table(people), pd.DataFrame(people.ambiguous, columns=AMBIGUOUS_COLUMNS)


class _Resolution:
    """The state of one resolution: per mention row its cleaned name, type, form, cluster node and whether it is an
    actor; the clusters; the readable forms seen per node."""

    def __init__(self, mentions: pd.DataFrame, rules: ActorRules, dictionary: frozenset[str], titles: list[str] | None):
        self.rules, self.dictionary, self.places = rules, dictionary, place_names()
        frame = mentions.reset_index(drop=True).copy()
        self.titles = list(titles) if titles is not None else [""] * len(frame)
        self.labels, self.texts = frame["label"].tolist(), frame["text"].tolist()
        # A person mention is cleaned of the titles and roles before the name; an organisation's name keeps them.
        frame["clean"] = pd.Series([t.lstrip("@") if label == "HANDLE" else
                                    (without_descriptors(clean_name(t)) if label == "PERSON"
                                     else clean_name(t, titles=label not in _NAMED_AS_IS))
                                    for t, label in zip(self.texts, self.labels)], index=frame.index, dtype=object)
        frame["key"] = frame["clean"].map(fold).astype(object)
        self.frame = frame
        self.articles, self.starts = frame["article_id"].tolist(), frame["start_char"].tolist()
        self.cleaned, self.keys = frame["clean"].tolist(), frame["key"].tolist()
        self.kinds = frame["label"].map(ACTOR_TYPES).fillna("").tolist()
        self.forms = ["handle" if label == "HANDLE" else ("name" if kind else "") for label, kind in zip(self.labels, self.kinds)]
        self.is_actor = [bool(kind) and bool(key) and (label == "HANDLE" or key in rules.aliases or _is_name(clean))
                         for kind, key, clean, label in zip(self.kinds, frame["key"], frame["clean"], self.labels)]
        self.node = [""] * len(frame)
        self.clusters = _Clusters()
        self.display: dict[str, Counter] = defaultdict(Counter)
        self.forced: dict[str, tuple[str, str]] = {}
        self.row_rules: dict[int, str] = {}  # rows given their node by a rule of their own (a state's abbreviation)

    def fixed_targets(self) -> None:
        """The alias file, demonyms, country names and (optionally) capitals decide first. A country's initials are
        that country unless the corpus writes another name with those initials and never the country's own ("N.C."
        in a corpus that writes "North Carolina" and never "New Caledonia"). A place written as a US state's news
        abbreviation, with its dot ("Calif.", "Ky.": :func:`newsbias.countries.state_abbreviations`), is that state
        when no rule above decides ("N.C." is also a country's initials, and goes as those do)."""
        countries, demonyms, capitals = country_data()
        states = state_abbreviations()
        actor_keys = [key for key, actor in zip(self.keys, self.is_actor) if actor]
        written = {countries[key] for key in actor_keys if len(key) > SHORT_CODE and key in countries}
        longer = {clean for clean, actor in zip(self.cleaned, self.is_actor) if actor and " " in clean}
        other_initials = {initials_of(clean) for clean in longer if fold(clean) not in countries}
        for row, (key, label) in enumerate(zip(self.frame["key"], self.labels)):
            if not self.is_actor[row]:
                continue
            target, rule = _fixed_target(key, label, self.rules, countries, demonyms, capitals)
            state = states.get(re.sub(r"['’]s$", "", self.texts[row])) if label == "GPE" else None
            if target is None and state:
                # "Calif.", as written: the state's own node ("L.A." has the key of "La." and stays Los Angeles)
                self.node[row], self.forced[f"k:{fold(state)}"] = f"k:{fold(state)}", (state, "place")
                self.clusters.add(self.node[row])
                self.row_rules[row] = "state abbreviation"
                continue
            if target is None or (rule == "country" and len(key) <= SHORT_CODE and target not in written
                                  and key.upper() in other_initials):
                continue
            self.node[row] = f"k:{key}"
            self.clusters.add(self.node[row])
            self.forced[f"k:{fold(target)}"] = (target, self.kinds[row] if rule == "alias file" else "place")
            if fold(target) != key:
                self.clusters.link(self.node[row], f"k:{fold(target)}", rule)
            if rule == "demonym":
                self.forms[row] = "demonym"

    def without_non_actor_names(self) -> None:
        """Words made of a surname, court cases, laws, adjectives and English words in capitals
        (:mod:`newsbias.entities.non_actors`) are no actors, unless a rule above (the alias file, a demonym) gave them
        one."""
        found_by = self.frame["found_by"].tolist() if "found_by" in self.frame else [""] * len(self.frame)
        for row, rule in enumerate(non_actor_rules(self.texts, self.labels, found_by, self.dictionary)):
            if rule and self.is_actor[row] and not self.node[row]:
                self.is_actor[row], self.row_rules[row] = False, rule

    def people(self, prose_names: frozenset[str]) -> People:
        """Person names resolved within articles and across the corpus (:mod:`newsbias.entities.people`)."""
        names = {}
        surnames = surnames_labelled_groups(self.labels, self.texts, self.articles)
        storms = storm_names(self.texts, self.labels, self.articles)
        for row, (key, label) in enumerate(zip(self.frame["key"], self.labels)):
            if self.is_actor[row] and not self.node[row] and (storms(self.articles[row], key) or storm_name(self.texts[row])):
                self.is_actor[row] = False  # "Hurricane Harvey", and "Harvey" where the article or the corpus writes so
            if not self.is_actor[row] or self.node[row] or (label not in ("PERSON", "ORG", "GPE") and row not in surnames):
                continue
            if row in surnames:
                names[row] = surnames[row]
                continue
            name = person_name(self.texts[row])
            if label == "PERSON" and name is None:
                if set(key.split()) & INSTITUTION_WORDS:
                    self.kinds[row] = "organisation"  # "Obama White House": an institution's name taken for a person
                else:
                    self.is_actor[row] = False  # "Dad", "Other Rural States": no one in particular
            elif name is not None and name.is_full and name.first.endswith("ing") and is_verb_form(name.first, self.dictionary):
                self.is_actor[row] = False  # "Recognising Jerusalem": a headline's verb and its object
            elif name is not None and (label == "PERSON" or (key not in self.places and not key.isupper()
                                                              and (len(name.words) == 1 or name.is_full))):
                names[row] = name
        names = without_headline_words(names, self.labels, self.dictionary, prose_names, self.articles)
        in_body = (self.frame["block_kind"] == "body").tolist() if "block_kind" in self.frame else [True] * len(self.frame)
        candidates = [Candidate(row, self.articles[row], int(self.starts[row]),
                                self.labels[row], name, self.texts[row], in_body[row], self.titles[row])
                      for row, name in names.items()]
        people = resolve_people(candidates, {row: self.labels[row] == "PERSON" for row in names},
                                _person_votes(self.frame, self.is_actor))
        agree_with_titles(candidates, people)
        surnames = {c.name.last for c in candidates if c.row in people.cluster}
        for candidate in candidates:
            if (candidate.row in people.cluster or candidate.row in people.rule or candidate.label != "PERSON"
                    or len(candidate.name.words) > 1):
                continue
            if candidate.name.last.endswith("s") and candidate.name.last[:-1] in surnames:
                self.kinds[candidate.row] = "group"  # "the Hutchinsons": a family, not one of them
            elif is_verb_form(candidate.name.last, self.dictionary) and candidate.name.last not in prose_names:
                self.is_actor[candidate.row] = False  # a headline's verb ("Farenthold Resigns") taken for a name
        for row, cluster in people.cluster.items():
            self.node[row], self.kinds[row] = f"p:{cluster}", "person"
            if people.rule.get(row) in INTRODUCTIONS:  # a person's readable name is one of its full names
                self.display[self.node[row]][self.cleaned[row]] += 1
        return people

    def other_names(self) -> None:
        """Every other actor mention is a node of its own folded name."""
        for row in range(len(self.frame)):
            if self.is_actor[row] and not self.node[row]:
                self.node[row] = f"k:{self.keys[row]}"
                if self.forms[row] != "demonym":
                    self.display[self.node[row]][self.cleaned[row]] += 1
            if self.node[row]:
                self.clusters.add(self.node[row])

    def link(self) -> None:
        """Acronyms, short names, spelling variants, handles and plurals."""
        self.actors = self.frame.assign(node=pd.Series(self.node, index=self.frame.index, dtype=object),
                                        type=self.kinds)[np.array(self.is_actor, dtype=bool)]
        organisations.link_word_order(self.clusters.link, self.actors)
        organisations.link_country_names(self.clusters.link, self.actors)
        organisations.link_formal_names(self.clusters.link, self.actors)
        organisations.link_hyphens(self.clusters.link, self.actors)
        organisations.link_acronyms(self.clusters.link, self.actors[self.actors["node"].str.startswith("k:")])
        organisations.link_short_names(self.clusters.link, self.actors)
        _link_fuzzy(self.clusters, self.actors, self.rules.fuzzy_threshold, self.dictionary, self.places)
        _link_handles(self.clusters, self.actors)
        organisations.link_plurals(self.clusters.link, self.actors)
        organisations.link_adjectives(self.clusters.link, self.actors)
        # Last, so that the corpus-wide rules above see each head noun as the name it is.
        for row, node in organisations.head_noun_references(self.actors).items():
            self.node[row], self.row_rules[row] = node, "head noun (same article)"
            self.actors.at[row, "node"] = node

    def table(self, people: People) -> pd.DataFrame:
        """The ``entity_mentions`` table: each actor mention with its cluster's id, readable name, type and rule."""
        members: dict[str, list[str]] = defaultdict(list)
        for key in self.clusters.parent:
            members[self.clusters.find(key)].append(key)
        types: dict[str, Counter] = defaultdict(Counter)
        for node, kind in zip(self.actors["node"], self.actors["type"]):
            types[node][kind] += 1
        canonical = {root: _canonical_name(keys, self.display, types, self.forced) for root, keys in members.items()
                     if any(key in types for key in keys)}  # a name whose every use a rule gave elsewhere is none
        ids = _unique_ids(canonical)
        names, types, actor_ids, link_rules = [], [], [], []
        for row in range(len(self.frame)):
            if not self.is_actor[row]:
                names.append(""), types.append(""), actor_ids.append("")
                link_rules.append(self.row_rules.get(row, "not an actor type"))
                continue
            root = self.clusters.find(self.node[row])
            names.append(canonical[root][0]), types.append(canonical[root][1]), actor_ids.append(ids[root])
            link_rules.append(people.rule.get(row) or self.row_rules.get(row) or self.clusters.rule.get(self.node[row])
                              or _own_rule(self.cleaned[row], self.texts[row], self.forms[row]))
        frame = self.frame.assign(form=self.forms, actor_name=names, actor_type=types, actor_id=actor_ids,
                                  link_rule=link_rules)
        return frame[MENTION_COLUMNS].reset_index(drop=True)


def surnames_labelled_groups(labels: list[str], texts: list[str], articles: list[str]) -> dict[int, PersonName]:
    """The rows of one-word names the recogniser labelled a nationality or group (NORP) that are a person's surname:
    the article introduces a person of that surname, as do at least :data:`GROUP_SURNAME_SHARE` of the articles
    that label the word so ("Mattis", 50 such mentions on allsides-dev, all in articles on Jim Mattis; not
    "Democrats" or "French", labelled so in many articles with no one of that name). Demonyms have gone to their
    country before this."""
    introduced: dict[str, set[str]] = defaultdict(set)  # surname -> the articles that introduce someone of it
    groups: dict[str, list[tuple[int, PersonName]]] = defaultdict(list)
    for row, (label, text, article_id) in enumerate(zip(labels, texts, articles)):
        name = person_name(text) if label in ("PERSON", "NORP") else None
        if name is not None and label == "PERSON" and name.is_full:
            introduced[name.last].add(article_id)
        elif name is not None and label == "NORP" and len(name.words) == 1 and not name.suffix:
            groups[name.last].append((row, name))
    found = {}
    for surname, rows in groups.items():
        labelled_in = {articles[row] for row, _ in rows}
        if len(labelled_in & introduced[surname]) >= GROUP_SURNAME_SHARE * len(labelled_in):
            found.update({row: name for row, name in rows if articles[row] in introduced[surname]})
    return found


def _fixed_target(key, label, rules, countries, demonyms, capitals):
    if key in rules.aliases:
        return rules.aliases[key], "alias file"
    if label == "NORP":
        return (demonyms[key], "demonym") if key in demonyms else (None, "")
    if label in ("GPE", "ORG") and key in countries:
        return countries[key], "country"
    if label == "GPE" and rules.capitals_as_governments and key in capitals:
        return capitals[key], "capital"
    return None, ""


def _link_fuzzy(clusters: _Clusters, actors: pd.DataFrame, threshold: int, dictionary: frozenset[str],
                places: frozenset[str]) -> None:
    """Spelling and transliteration variants of the same kind merge at ``threshold``, names of the same number of
    words only, and never when a word that differs is a dictionary word ("Marine"/"Maine"), both differing words
    are places of their own ("Iran"/"Iraq"), or two differing words are not spellings of one word (similarity
    under :data:`FUZZY_WORD_MIN`: "a Supreme Court" and "Iowa Supreme Court"; small words may differ: "National
    Institutes for Health")."""
    person_nodes = actors[actors["node"].str.startswith("p:")]["node"]
    other = actors[actors["node"].str.startswith("k:") & (actors["label"] != "HANDLE")]
    groups = [sorted({n[2:] for n in person_nodes if " " in n and "|" not in n})]
    groups += [sorted(set(other.loc[other["type"].isin(kinds), "key"])) for kinds in (["organisation", "place"], ["group"])]
    for prefix, keys in zip(("p:", "k:", "k:"), groups):
        keys = [k for k in keys if len(k) >= FUZZY_MIN_LENGTH]
        if len(keys) < 2:
            continue
        # Block by block of rows: memory stays at FUZZY_BLOCK x len(keys) scores however many names there are.
        for first in range(0, len(keys), FUZZY_BLOCK):
            scores = process.cdist(keys[first:first + FUZZY_BLOCK], keys, scorer=fuzz.ratio, score_cutoff=threshold,
                                   dtype=np.uint8, workers=-1)
            for row, j in zip(*scores.nonzero()):
                i = first + row
                a, b = keys[i].split(" "), keys[j].split(" ")
                if i < j and len(a) == len(b) and not any(
                        x != y and (x in dictionary or y in dictionary or (x in places and y in places)
                                    or (fuzz.ratio(x, y) < FUZZY_WORD_MIN and not {x, y} <= NAME_STOPWORDS))
                        for x, y in zip(a, b)):
                    clusters.link(prefix + keys[j], prefix + keys[i], "fuzzy")


# "iii" before "ii": the suffix a handle ends with is the longest that fits.
_LONGEST_FIRST_SUFFIXES = sorted(SUFFIXES, key=lambda suffix: (-len(suffix), suffix))


def _link_handles(clusters: _Clusters, actors: pd.DataFrame) -> None:
    """A handle links to the one person whose surname (four letters or more) it contains ("@JZarif"); of several
    with that surname, to the one whose first name (three letters or more) it contains before it ("@realDonaldTrump":
    Donald Trump, not Ivanka Trump, nor a web page's "Trump Donald"). A generational suffix that ends the handle must
    be the person's own ("@DonaldJTrumpJr" is not Donald Trump); a handle without one goes to a person without one
    when there is such a person, else to one with a suffix."""
    people = {n for n in actors["node"] if n.startswith("p:") and " " in n and "|" not in n}
    names = []
    for node in sorted(people):
        words = node[2:].split()
        suffix = words.pop() if len(words) > 2 and words[-1] in SUFFIXES else ""
        if len(words[-1]) >= 4:
            names.append((node, words[0], words[-1].replace("-", ""), suffix))
    handles = actors[(actors["label"] == "HANDLE") & actors["node"].str.startswith("k:")]
    for handle_node, key in sorted(set(zip(handles["node"], handles["key"]))):
        flat = key.replace("_", "")
        ending = next((s for s in _LONGEST_FIRST_SUFFIXES if flat.endswith(s) and len(flat) > len(s) + 3), "")
        named = [(node, first, surname) for node, first, surname, suffix in names if surname in flat and ending == suffix]
        if not named and not ending:  # no one without a suffix: "@HenryLouisGates" is Henry Louis Gates Jr.
            named = [(node, first, surname) for node, first, surname, _ in names if surname in flat]
        owners = {clusters.find(node) for node, _, _ in named}
        if len(owners) > 1:
            owners = {clusters.find(node) for node, first, surname in named
                      if len(first) >= 3 and -1 < flat.find(first) < flat.rfind(surname)}
        if len(owners) == 1:
            clusters.link(handle_node, owners.pop(), "handle")


def _canonical_name(nodes: list[str], display: dict[str, Counter], types: dict[str, Counter],
                    forced: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """A cluster's readable name and type: the alias file's or the country's; for a person, the full name written
    most often (of two written as often, one without an initial); else the longest name, most often written, and
    the type the recogniser gave its names of two words or more most often (all its names' when it has none)."""
    for node in sorted(nodes):
        if node in forced:
            return forced[node]
    forms: Counter = Counter()
    for node in nodes:
        forms.update(display.get(node, {}))
    if any(n.startswith("p:") for n in nodes):
        name = sorted(forms, key=lambda f: (len(f.split()) < 2, -forms[f], _has_initial(f), len(f.split()), f))[0]
        return name, "person"
    kinds = Counter()
    for node in [n for n in nodes if " " in n] or nodes:  # a long name's label is surer than an acronym's ("NRA")
        kinds.update(types.get(node, {}))
    # (words counted across hyphens and slashes: "Pittsburgh Post-Gazette" is as long as "Pittsburgh Post Gazette")
    name = sorted(forms, key=lambda f: (-len(re.split(r"[\s/-]+", f.strip())), -forms[f], f))[0] if forms else nodes[0][2:]
    return name, sorted(kinds, key=lambda t: (-kinds[t], t))[0]


def _has_initial(name: str) -> bool:
    """Whether a name has a one-letter word ("W Mitt Romney"): of two forms written as often, the other reads better."""
    return any(len(word) == 1 for word in name.split())


def _unique_ids(canonical: dict[str, tuple[str, str]]) -> dict[str, str]:
    """``type:slug`` per cluster; two clusters with one readable name (two people, one name) get ``-2``, ``-3``."""
    ids, taken = {}, Counter()
    for root in sorted(canonical):
        name, kind = canonical[root]
        base = f"{_TYPE_PREFIX[kind]}:{slug(name)}"
        taken[base] += 1
        ids[root] = base if taken[base] == 1 else f"{base}-{taken[base]}"
    return ids


def _own_rule(clean: str, text: str, form: str) -> str:
    if form == "handle":
        return "handle (no owner found)"
    return "exact" if clean == text else "name (title, possessive or punctuation stripped)"


def _person_votes(frame: pd.DataFrame, is_actor: list[bool]) -> Counter:
    """Per folded one-word name: how often the recogniser labelled it a person, minus how often an organisation."""
    votes: Counter = Counter()
    for actor, key, label in zip(is_actor, frame["key"], frame["label"]):
        if actor and " " not in key and label in ("PERSON", "ORG"):
            votes[key] += 1 if label == "PERSON" else -1
    return votes


def _is_name(clean: str) -> bool:
    """A name has a capital letter or a digit somewhere ("nonpartisan board", lower case throughout, is not one)."""
    return any(c.isupper() or c.isdigit() for c in clean)
