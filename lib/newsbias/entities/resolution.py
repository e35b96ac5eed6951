"""Resolving mentions to actors: the many names of one actor merged by general rules, each recorded per mention.

:func:`resolve_actors` gives every actor mention an ``actor_id``, in this order of rules (the mention's ``link_rule``):

1. ``alias file``: a researcher's ``alias,canonical`` CSV overrides everything else;
2. ``name``: titles, roles, possessives, "the" and dots are stripped ("Maj. Gen.
   Qassem Soleimani's" -> "Qassem Soleimani", "the U.S." -> "US");
3. ``country``: country names and their spellings (countryinfo's data) map to one
   country; "US"/"UK" when they are the initials of the name;
4. ``acronym``: an all-capitals name links to the longer name whose initials it is,
   when that name occurs in the corpus ("EU" -> "European Union");
5. ``surname``: a partial name links to the full name containing it, in the same
   article first, then corpus-wide when only one full name fits (whatever label
   spaCy gave the partial name: the small model often tags a lone surname as a place);
6. ``fuzzy``: spelling and transliteration variants of the same type merge when
   their similarity is at least :data:`FUZZY_THRESHOLD`;
7. ``handle``: "@JZarif" links to the person whose surname the handle contains;
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

from newsbias.countries import country_data
from newsbias.errors import NewsbiasError
from newsbias.folding import fold, slug
from newsbias.names import clean_name, initials_of
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
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


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
_TYPE_PREFIX = {"person": "person", "organisation": "org", "place": "place", "group": "group"}


def resolve_actors(mentions: pd.DataFrame, rules: ActorRules | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every actor mention an ``actor_id``, ``actor_name``, ``actor_type``, ``form`` and ``link_rule``.

    Needs the columns of :func:`extract_mentions`. Returns the ``mentions`` table and a
    table of ambiguous partial names (``article_id, text, candidates``), which are left unmerged.
    """
    rules = rules or ActorRules()
    countries, demonyms, capitals = country_data()
    frame = mentions.copy()
    # Built as object columns so that an article with no entities at all still has string-typed columns.
    frame["clean"] = pd.Series([m.lstrip("@") if label == "HANDLE" else clean_name(m) for m, label in zip(frame["text"], frame["label"])],
                               index=frame.index, dtype=object)
    frame["key"] = frame["clean"].map(fold).astype(object)
    frame["type"] = frame["label"].map(ACTOR_TYPES).fillna("")
    frame["form"] = ["handle" if label == "HANDLE" else ("name" if t else "") for label, t in zip(frame["label"], frame["type"])]
    is_actor = (frame["type"] != "") & (frame["key"] != "")

    clusters = _Clusters()
    display: dict[str, Counter] = defaultdict(Counter)  # folded key -> surface forms seen
    types: dict[str, Counter] = defaultdict(Counter)
    forced: dict[str, tuple[str, str]] = {}  # key -> (name, type) decided by the alias file or country data
    forms = frame["form"].tolist()
    for position, (actor, key, label, actor_type, clean) in enumerate(zip(is_actor, frame["key"], frame["label"], frame["type"],
                                                                           frame["clean"])):
        if not actor:
            continue
        clusters.add(key)
        target, rule = _fixed_target(key, label, rules, countries, demonyms, capitals)
        if rule == "demonym":
            forms[position] = "demonym"
        else:
            display[key][clean] += 1
            types[key][actor_type] += 1
        if target is not None:
            target_type = actor_type if rule == "alias file" else "place"
            forced[fold(target)] = (target, target_type)
            if fold(target) != key:
                clusters.link(key, fold(target), rule)
    frame["form"] = forms
    actors = frame[is_actor]
    fixed = {k for k in clusters.parent if k in forced or clusters.find(k) in forced}
    persons = _full_person_names(actors)
    _link_acronyms(clusters, actors)
    _link_fuzzy(clusters, actors, rules.fuzzy_threshold)
    nodes, ambiguous = _link_partial_names(clusters, actors, persons, fixed)
    _link_handles(clusters, actors, persons)
    frame["node"] = [nodes.get((a, k), k) for a, k in zip(frame["article_id"], frame["key"])]

    members: dict[str, list[str]] = defaultdict(list)
    for key in clusters.parent:
        members[clusters.find(key)].append(key)
    canonical = {root: _canonical_name(keys, display, types, forced) for root, keys in members.items()}
    names, kinds, ids, link_rules = [], [], [], []
    for row in frame.assign(is_actor=is_actor).itertuples(index=False):
        if not row.is_actor:
            names.append(""), kinds.append(""), ids.append(""), link_rules.append("not an actor type")
            continue
        name, actor_type = canonical[clusters.find(row.node)]
        names.append(name), kinds.append(actor_type), ids.append(f"{_TYPE_PREFIX[actor_type]}:{slug(name)}")
        link_rules.append(_rule_for(row, clusters))
    frame = frame.assign(actor_name=names, actor_type=kinds, actor_id=ids, link_rule=link_rules)
    return frame[MENTION_COLUMNS].reset_index(drop=True), pd.DataFrame(ambiguous, columns=["article_id", "text", "candidates"])


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


def _full_person_names(actors: pd.DataFrame) -> pd.DataFrame:
    """PERSON mentions of two or more words: the full names partial names can link to."""
    people = actors[(actors["label"] == "PERSON") & (actors["key"].str.count(" ") >= 1)]
    return people[["article_id", "key"]].drop_duplicates()


def _link_acronyms(clusters: _Clusters, actors: pd.DataFrame) -> None:
    names = actors[actors["type"].isin(["organisation", "place"])]
    by_initials: dict[str, set[str]] = defaultdict(set)
    for clean, key in zip(names["clean"], names["key"]):
        if " " in clean and not _ACRONYM.match(clean):
            by_initials[initials_of(clean)].add(key)
    for clean, key in zip(names["clean"], names["key"]):
        if _ACRONYM.match(clean):
            targets = {clusters.find(k) for k in by_initials.get(clean, set())}
            if len(targets) == 1:
                clusters.link(key, targets.pop(), "acronym")


def _link_fuzzy(clusters: _Clusters, actors: pd.DataFrame, threshold: int) -> None:
    for group in (["person"], ["organisation", "place"], ["group"]):
        keys = sorted(set(actors.loc[actors["type"].isin(group) & (actors["label"] != "HANDLE"), "key"]))
        keys = [k for k in keys if len(k) >= FUZZY_MIN_LENGTH]
        if len(keys) < 2:
            continue
        # Block by block of rows: memory stays at FUZZY_BLOCK x len(keys) scores however many names there are.
        for first in range(0, len(keys), FUZZY_BLOCK):
            scores = process.cdist(keys[first:first + FUZZY_BLOCK], keys, scorer=fuzz.ratio, score_cutoff=threshold,
                                   dtype=np.uint8, workers=-1)
            for row, j in zip(*scores.nonzero()):
                i = first + row
                if i < j and len(keys[i].split()) == len(keys[j].split()):
                    clusters.link(keys[j], keys[i], "fuzzy")


def _link_partial_names(clusters: _Clusters, actors: pd.DataFrame, persons: pd.DataFrame, fixed: set[str]):
    """A name whose words are part of a full person name links to it: same article first, then the corpus.

    Partial names are resolved per article (the same surname may be different people in
    different articles), so each gets a node of its own, ``key`` + article. Returns the
    nodes by ``(article_id, key)`` and the ambiguous cases (several full names fit).
    """
    nodes: dict[tuple[str, str], str] = {}
    ambiguous = []
    full_keys = set(persons["key"])
    # A one-word name fits the full names that contain it as a word: indexed by word, corpus-wide and per article.
    by_word: dict[str, set[str]] = {}
    by_article_word: dict[tuple[str, str], set[str]] = {}
    for article_id, key in zip(persons["article_id"], persons["key"]):
        for word in set(key.split()):
            by_word.setdefault(word, set()).add(key)
            by_article_word.setdefault((article_id, word), set()).add(key)
    for row in actors.drop_duplicates(["article_id", "key"]).itertuples():
        if row.key in full_keys or row.key in fixed or row.label in ("NORP", "HANDLE"):
            continue
        words = [w for w in row.key.split() if not _ACRONYM.match(w.upper())] or row.key.split()
        if len(words) > 1:
            continue

        def fitting(keys):
            return {clusters.find(k) for k in keys if len(set(k.split())) > 1}

        in_article = fitting(by_article_word.get((row.article_id, words[0]), ()))
        candidates = in_article or fitting(by_word.get(words[0], ()))
        if not candidates:
            continue
        node = f"{row.key}\x1f{row.article_id}"
        nodes[(row.article_id, row.key)] = node
        if len(candidates) == 1:
            rule = "surname (same article)" if in_article else "surname (corpus)"
            clusters.link(node, next(iter(candidates)), rule)
        else:
            clusters.link(node, row.key, "ambiguous: left unmerged")
            ambiguous.append({"article_id": row.article_id, "text": row.text, "candidates": " | ".join(sorted(candidates))})
    return nodes, ambiguous


def _link_handles(clusters: _Clusters, actors: pd.DataFrame, persons: pd.DataFrame) -> None:
    for key in sorted(set(actors.loc[actors["label"] == "HANDLE", "key"])):
        flat = key.replace("_", "")
        owners = {clusters.find(k) for k in persons["key"] if len(k.split()[-1]) >= 4 and k.split()[-1].replace("-", "") in flat}
        if len(owners) == 1:
            clusters.link(key, owners.pop(), "handle")


def _canonical_name(keys, display, types, forced) -> tuple[str, str]:
    """The cluster's readable name and type: the alias file's or the country's, else the longest, most frequent form."""
    for key in sorted(keys):
        if key in forced:
            return forced[key]
    forms, type_counts = Counter(), Counter()
    for key in keys:
        forms.update(display[key])
        type_counts.update(types[key])
    name = sorted(forms, key=lambda f: (-len(f.split()), -forms[f], f))[0]
    # A full personal name decides: lone surnames are often mislabelled as places or organisations.
    if any(" " in key and types[key].get("person") for key in keys):
        return name, "person"
    return name, sorted(type_counts, key=lambda t: (-type_counts[t], t))[0]


def _rule_for(row, clusters: _Clusters) -> str:
    for node in (row.node, row.key):
        if node in clusters.rule:
            return clusters.rule[node]
    if row.form == "handle":
        return "handle (no owner found)"
    return "exact" if row.clean == row.text else "name (title, possessive or punctuation stripped)"
