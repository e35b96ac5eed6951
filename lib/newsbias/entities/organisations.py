"""How organisations and groups go by other names: acronyms, short names and plurals, each linked only on evidence.

Each rule gets the actor mentions being resolved (``clean`` name, folded ``key``, cluster ``node``, ``type``,
``article_id`` and character offsets) and ``link(child_node, target_node, rule)``, which ties two clusters and
records the rule (:mod:`newsbias.entities.resolution` calls them). No rule links by containment alone: a name
and its fragment are one organisation only when the corpus writes them together.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Callable

import pandas as pd

from newsbias.countries import country_data
from newsbias.folding import fold
from newsbias.names import INSTITUTION_WORDS, SUFFIXES, initials_of

Link = Callable[[str, str, str], None]
ACRONYM = re.compile(r"^[A-Z]{2,6}$")
# An acronym links to a long form written beside it in at least this share of the articles that use the acronym,
# or to one an article introduces explicitly ("... (FBI)"): a single article writing "CNN has never been the Church
# News Network" is no evidence about the hundred others that write "CNN".
ACRONYM_EVIDENCE = 0.05
# ... and in at least this share when the recogniser's labels disagree on the type of actor (its labels of acronyms
# are often wrong: "NYC" an organisation, "AFP" a person; a long name's are more often right).
ACRONYM_TYPED_EVIDENCE = 0.2
# A one-word organisation name is the longer name that starts with it ("Fox" and "Fox News", "Goldman" and "Goldman
# Sachs") when that longer name is written in at least this share of the articles that write the word alone, and
# in two of them at least (one article that writes "State" and "State Department" says little of "State").
SHORT_NAME_EVIDENCE = 0.5
SHORT_NAME_ARTICLES = 2
# Head nouns of government bodies, which news writes either way round ("Department of Justice", "Justice Department").
INVERTIBLE_HEADS = frozenset("department ministry committee subcommittee bureau office commission".split())
# A formal name, a head noun then "of" ("House of Representatives"), is the organisation the corpus names by the
# head noun alone ("House") when written with it in at least this share of the formal name's articles (and two) ...
FORMAL_NAME_EVIDENCE = 0.5
# ... and in at least this share of the articles that write the head noun alone beside one of its formal names.
FORMAL_NAME_SHARE = 0.8
# "the Times", "the Post", "the Court": a head noun written alone is the one organisation of its article whose name ends
# in it, when the corpus writes the word alone without such a name in at most this share of its articles ("House",
# alone in 116 of its 236 allsides-dev articles, is an organisation of its own; "Times", in 4 of 28, is not) ...
HEAD_NOUN_ALONE_SHARE = 0.2
# ... and in this many articles at least.
HEAD_NOUN_ARTICLES = 2
# "U.S. Senate" is the corpus's "Senate" when the bare name is written in at least this share of its articles.
COUNTRY_EVIDENCE = 0.5
# ... and when that country is the one put before the name in at least this share of the mentions that put one.
COUNTRY_SHARE = 0.8


def link_acronyms(link: Link, actors: pd.DataFrame) -> None:
    """An all-capitals name links to the longer organisation or place name whose initials it is ("of" counted or
    not: "DOJ", "DHS" for "Department of Homeland Security"; with a leading country left out too: "ICE" for "U.S. Immigration and Customs Enforcement") when an article introduces it or the
    two are written together in :data:`ACRONYM_TYPED_EVIDENCE` of the acronym's articles, or in
    :data:`ACRONYM_EVIDENCE` of them when the recogniser takes both for the same type of actor (a place's "D.C.",
    written beside a "District Court" in 3 of its 59 articles, is no court); long forms that differ only by that
    country merge with it."""
    countries = country_data()[0]
    long_forms: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # initials -> node -> articles
    bare: dict[str, str] = {}  # node -> its name without a leading country
    short_articles: dict[tuple[str, str], set[str]] = defaultdict(set)  # (acronym, node) -> articles
    for clean, name_node, article_id in zip(actors["clean"], actors["node"], actors["article_id"]):
        if ACRONYM.match(clean):
            short_articles[(clean, name_node)].add(article_id)
        elif " " in clean:
            words = clean.split()
            for initials in _initials(clean):
                long_forms[initials][name_node].add(article_id)
            bare.setdefault(name_node, fold(clean))
            for cut in (1, 2):
                if len(words) > cut + 1 and fold(" ".join(words[:cut])) in countries:
                    for initials in _initials(" ".join(words[cut:])):
                        long_forms[initials][name_node].add(article_id)
                    bare[name_node] = fold(" ".join(words[cut:]))
    introduced = _introduced_acronyms(actors)
    kind = _main_types(actors)
    for (clean, name_node), articles in sorted(short_articles.items()):
        together = {n for n, where in long_forms.get(clean, {}).items()
                    if (name_node, n) in introduced
                    or len(where & articles) >= ACRONYM_TYPED_EVIDENCE * len(articles)
                    or (len(where & articles) >= ACRONYM_EVIDENCE * len(articles) and kind[n] == kind[name_node])}
        if together and len({bare[n] for n in together}) == 1:
            for target in sorted(together):
                link(name_node, target, "acronym")


def _initials(name: str) -> set[str]:
    """A name's initials, and those with "of" counted too ("DOJ" for "Department of Justice")."""
    with_of = "".join(w[0].upper() for w in name.replace("-", " ").split() if w[:1].isupper() or w == "of")
    return {initials_of(name), with_of}


def _main_types(actors: pd.DataFrame) -> dict[str, str]:
    """Each node's most frequent actor type (the first in table order among equals)."""
    counts = actors.groupby(["node", "type"], sort=False).size().sort_values(ascending=False, kind="stable")
    return {node: kind for node, kind in counts.index[::-1]}  # the most frequent type is written last


def _introduced_acronyms(actors: pd.DataFrame) -> set[tuple[str, str]]:
    """(acronym node, name node) pairs some article writes side by side: the acronym right after the name, in
    brackets or after a comma ("the Federal Bureau of Investigation (FBI)"); the caller keeps the names whose
    initials the acronym is."""
    rows = list(zip(actors["article_id"], actors["start_char"], actors["end_char"], actors["clean"], actors["node"]))
    ends = {(article_id, end): node for article_id, _, end, clean, node in rows if " " in clean and not ACRONYM.match(clean)}
    return {(node, ends[(article_id, start - gap)]) for article_id, start, _, clean, node in rows if ACRONYM.match(clean)
            for gap in (1, 2, 3) if (article_id, start - gap) in ends}


def link_short_names(link: Link, actors: pd.DataFrame) -> None:
    """A one-word organisation name links to the one longer organisation name that starts with it and is written in
    at least :data:`SHORT_NAME_EVIDENCE` of the articles that write the word alone, and two at least ("Fox" in 30
    articles, "Fox News" in 18 of them). Never a word that names a kind of institution ("House", "Department",
    "Senate": the longer names that start with it are many different bodies), an acronym (:func:`link_acronyms`
    decides those), or the surname of a person the corpus introduces in two articles or more ("Trump" and "Trump
    administration")."""
    introduced: dict[str, set[str]] = defaultdict(set)
    for node, key, article_id in zip(actors["node"], actors["key"], actors["article_id"]):
        words = [w for w in key.split() if w not in SUFFIXES]
        if node.startswith("p:") and len(words) > 1:
            introduced[words[-1]].add(article_id)
    organisations = actors[(actors["type"] == "organisation") & actors["node"].str.startswith("k:")]
    alone: dict[str, set[str]] = defaultdict(set)
    longer: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # first word -> node -> articles
    for key, clean, node, article_id in zip(organisations["key"], organisations["clean"], organisations["node"],
                                            organisations["article_id"]):
        if " " not in key:
            if not ACRONYM.match(clean) and key not in INSTITUTION_WORDS and len(introduced[key]) < 2:
                alone[key].add(article_id)
        else:
            longer[key.split()[0]][node].add(article_id)
    for key, articles in sorted(alone.items()):
        together = Counter({node: len(where & articles) for node, where in longer.get(key, {}).items()})
        ranked = together.most_common(2)
        if (ranked and ranked[0][1] >= max(SHORT_NAME_ARTICLES, SHORT_NAME_EVIDENCE * len(articles))
                and (len(ranked) == 1 or ranked[1][1] < ranked[0][1])):
            link(f"k:{key}", ranked[0][0], "short name")


def link_plurals(link: Link, actors: pd.DataFrame) -> None:
    """A group's name and its plural are one group ("Republican" and "Republicans", "Kurd" and "Kurds"); demonyms
    have gone to their country before this."""
    groups = _group_keys(actors)
    for key in sorted(groups):
        if key + "s" in groups:
            link(f"k:{key}", f"k:{key}s", "plural")


def link_adjectives(link: Link, actors: pd.DataFrame) -> None:
    """A group's adjective in "-ic" is the group the corpus names by the stem, singular or plural: "Democratic"
    senators are the "Democrat(s)"."""
    groups = _group_keys(actors)
    for key in sorted(groups):
        stem = key[:-2]
        if key.endswith("ic") and stem:
            target = stem if stem in groups else stem + "s" if stem + "s" in groups else ""
            if target:
                link(f"k:{key}", f"k:{target}", "adjective")


def _group_keys(actors: pd.DataFrame) -> set[str]:
    return set(actors.loc[(actors["type"] == "group") & actors["node"].str.startswith("k:"), "key"])


def link_word_order(link: Link, actors: pd.DataFrame) -> None:
    """A government body's name written either way round is one organisation: "Department of Justice" and "Justice
    Department", "House Committee on Ways and Means" and "House Ways and Means Committee" (the head nouns of
    :data:`INVERTIBLE_HEADS`), when the corpus writes both."""
    organisations = actors[(actors["type"] == "organisation") & actors["node"].str.startswith("k:")]
    keys = set(organisations["key"])
    for key in sorted(keys):
        words = key.split()
        for i, word in enumerate(words[:-2]):
            if word in INVERTIBLE_HEADS and words[i + 1] in ("of", "on"):
                rest = words[i + 2:][1:] if words[i + 2] == "the" else words[i + 2:]
                other = " ".join([*words[:i], *rest, word])
                if rest and other in keys:
                    link(f"k:{key}", f"k:{other}", "word order")
                break


def link_country_names(link: Link, actors: pd.DataFrame) -> None:
    """An organisation named after a country's name or abbreviation ("U.S. Senate") is the organisation the corpus
    names without it ("Senate") when that country is put before the name in at least :data:`COUNTRY_SHARE` of the
    mentions that put a country (or its demonym) before it (so "Army" stays apart from "U.S. Army", "Iranian Army"
    and "Israeli Army", while two "Georgia Senate"s, the state's, do not keep 28 "U.S. Senate"s from the "Senate"),
    and the bare name is written in at least :data:`COUNTRY_EVIDENCE` of the articles that write the longer one.
    Demonyms are not taken off a name: "American University" is no university of America."""
    countries, demonyms, _ = country_data()
    organisations = actors[(actors["type"] == "organisation") & actors["node"].str.startswith("k:")]
    articles: dict[str, set[str]] = defaultdict(set)
    for key, article_id in zip(organisations["key"], organisations["article_id"]):
        articles[key].add(article_id)
    uses = Counter(organisations["key"])
    qualified: dict[str, dict[str, str]] = defaultdict(dict)  # bare name -> qualified name -> its country
    for key in articles:
        words = key.split()
        for cut in (1, 2):
            country = " ".join(words[:cut])
            if len(words) > cut and (country in countries or country in demonyms):
                bare = " ".join(words[cut:])
                if bare in articles:
                    qualified[bare][key] = countries.get(country) or demonyms[country]
                break
    for bare, forms in sorted(qualified.items()):
        by_country = Counter()
        for key, country in forms.items():
            by_country[country] += uses[key]
        (country, most), = by_country.most_common(1)
        if most < COUNTRY_SHARE * sum(by_country.values()):
            continue
        for key in sorted(k for k, c in forms.items() if c == country):
            words = key.split()
            named_by_country = " ".join(words[:1]) in countries or " ".join(words[:2]) in countries
            if named_by_country and len(articles[key] & articles[bare]) >= COUNTRY_EVIDENCE * len(articles[key]):
                link(f"k:{key}", f"k:{bare}", "country name left out")


def link_formal_names(link: Link, actors: pd.DataFrame) -> None:
    """An organisation's formal name that starts with its head noun and "of" ("House of Representatives",
    "Department of Justice"), with or without a country before it ("U.S. House of Representatives"), is the
    organisation the corpus names by the head noun alone ("the House"), when the two are written together in at
    least :data:`FORMAL_NAME_EVIDENCE` of the formal name's articles, two at least, and when that formal name
    accounts for at least :data:`FORMAL_NAME_SHARE` of the articles that write the head noun alone beside any
    formal name with that head (allsides-dev: "House" beside "House of Representatives" in 17 of its 30 articles,
    beside "House of Commons" and "House of Delegates" in one each). In a name with another head ("House Intelligence
    Committee", a committee; "White House") the word is no head noun, and a formal name seldom written with the
    head alone ("Department of Justice": 4 of 26 articles) stays apart."""
    countries = country_data()[0]
    organisations = actors[(actors["type"] == "organisation") & actors["node"].str.startswith("k:")]
    articles: dict[str, set[str]] = defaultdict(set)
    for key, article_id in zip(organisations["key"], organisations["article_id"]):
        articles[key].add(article_id)
    formal: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # head -> formal name -> keys
    for key in articles:
        words = key.split()
        for cut in (0, 1, 2):
            rest = words[cut:]
            if (cut == 0 or " ".join(words[:cut]) in countries) and len(rest) > 2 and rest[1] == "of":
                if rest[0] in articles and not ACRONYM.match(rest[0]):
                    formal[rest[0]][" ".join(rest)].add(key)
                break
    for head, names in sorted(formal.items()):
        written = {name: set().union(*(articles[key] for key in keys)) for name, keys in names.items()}
        together = {name: where & articles[head] for name, where in written.items()}
        beside_any = set().union(*together.values())
        for name, keys in sorted(names.items()):
            if (len(together[name]) >= max(2, FORMAL_NAME_EVIDENCE * len(written[name]))
                    and len(together[name]) >= FORMAL_NAME_SHARE * len(beside_any)):
                for key in sorted(keys):
                    link(f"k:{key}", f"k:{head}", "formal name")


def link_hyphens(link: Link, actors: pd.DataFrame) -> None:
    """Names of one type written with a hyphen or a space between the same words are one actor ("African-American"
    and "African American", "al-Qaeda" and "al Qaeda"); people's names have their own rule
    (:mod:`newsbias.entities.people`)."""
    others = actors[actors["node"].str.startswith("k:") & actors["type"].isin(["organisation", "place", "group"])]
    spellings: dict[tuple[str, str], set[str]] = defaultdict(set)  # (type, key with spaces) -> keys
    for key, kind in zip(others["key"], others["type"]):
        if "-" in key or " " in key:
            spellings[(kind, " ".join(key.replace("-", " ").split()))].add(key)
    for (_, spaced), keys in sorted(spellings.items()):
        if len(keys) > 1:
            first, *rest = sorted(keys, key=lambda k: (k != spaced, k))
            for key in rest:
                link(f"k:{key}", f"k:{first}", "hyphen")


def head_noun_references(actors: pd.DataFrame) -> dict[int, str]:
    """Rows of ``actors`` (indexed by row) that are an institution's head noun written alone ("the Times", "the
    Post", "the Court"), each with the node of the one longer organisation name of its article that ends in it
    ("The New York Times"), when the corpus writes the word alone without such a name in at most
    :data:`HEAD_NOUN_ALONE_SHARE` of its articles (:data:`HEAD_NOUN_ARTICLES` at least). An article that names none,
    or two ("the Court" beside the Supreme Court and a district court), keeps the word as it is."""
    organisations = actors[(actors["type"] == "organisation") & actors["node"].str.startswith("k:")]
    alone: dict[str, list[int]] = defaultdict(list)
    longer: dict[tuple[str, str], set[str]] = defaultdict(set)  # (article, head noun) -> nodes of longer names
    for row, key, node, article_id in zip(organisations.index, organisations["key"], organisations["node"],
                                          organisations["article_id"]):
        words = key.split()
        if len(words) == 1 and key in INSTITUTION_WORDS:
            alone[key].append(row)
        elif len(words) > 1 and words[-1] in INSTITUTION_WORDS:
            longer[(article_id, words[-1])].add(node)
    found = {}
    for key, rows in alone.items():
        articles = set(organisations.loc[rows, "article_id"])
        without = sum((article_id, key) not in longer for article_id in articles)
        if len(articles) < HEAD_NOUN_ARTICLES or without > HEAD_NOUN_ALONE_SHARE * len(articles):
            continue
        for row in rows:
            nodes = longer.get((organisations.at[row, "article_id"], key), set())
            if len(nodes) == 1:
                found[row] = next(iter(nodes))
    return found
