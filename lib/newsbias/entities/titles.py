"""A title says whether a name is a man's or a woman's: "Mrs. Trump" in an article that introduced Donald and then
Melania Trump is Melania, whoever the article introduced last.

Whether a person is a man or a woman is read from the corpus itself, never from a list of names: from the titles
written before the person's names where the article has no one else of that surname ("Mr. Trump" in an article
whose only Trump is Donald Trump); for a person the corpus titles only beside a relative, from all the titles
resolved to them when there are :data:`CONTESTED_TITLES` or more ("Mr. Cruz" five times, "Mrs. Cruz" for his wife
once); for a person the corpus never titles, from
the titles of the people who share the first name. A person counts as a man or a woman when :data:`SURE_SHARE` of
those titles agree, so that the few short forms this rule moves do not decide the person's sex.

A short form whose title contradicts the person it was resolved to goes to its article's person of that surname
who is not known to be of the other sex (the most recent introduction before it, else the first after), else to the
corpus's one such person of that surname (the one known to match if there are several), else it is left as it is
and reported. A title that agrees with the person, or a person of unknown sex, changes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from newsbias.entities.people import INTRODUCTIONS
from newsbias.entities.person_records import Candidate, People
from newsbias.entities.short_forms import nearest_introduction

# A person is a man or a woman when at least this share of the corpus's titles of them (or of their first name) say so.
SURE_SHARE = 0.8
# All the titles resolved to a person decide only when there are at least this many: the few that resolution gave
# them by mistake (a "Mr. Trump" after Melania Trump's introduction) must not make a woman a man.
CONTESTED_TITLES = 3
SAYS = {"m": "a man ('Mr.')", "f": "a woman ('Mrs.' or 'Ms.')"}
SAME_ARTICLE = "surname and title (same article)"
IN_CORPUS = "surname and title (corpus)"
LEFT = "ambiguous: the title says someone else"


def agree_with_titles(candidates: list[Candidate], people: People) -> None:
    """Move each titled short form whose title contradicts its person (see the module's docstring), in place."""
    introductions = [c for c in candidates if c.row in people.cluster and c.name.is_full
                     and people.rule.get(c.row) in INTRODUCTIONS]
    here: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    of_surname: dict[str, set[str]] = defaultdict(set)
    for candidate in introductions:
        here[(candidate.article_id, candidate.name.last)].append(candidate)
        of_surname[candidate.name.last].add(people.cluster[candidate.row])
    sex = sexes(candidates, introductions, people)
    for candidate in sorted(candidates, key=lambda c: (c.article_id, c.start)):
        title = candidate.title
        if not title or candidate.name.is_full or candidate.row not in people.cluster:
            continue
        if sex.get(people.cluster[candidate.row], title) == title:
            continue
        options = [i for i in here.get((candidate.article_id, candidate.name.last), [])
                   if sex.get(people.cluster[i.row], title) == title]
        if options:
            chosen = nearest_introduction(options, candidate.start)
            people.cluster[candidate.row], people.rule[candidate.row] = people.cluster[chosen.row], SAME_ARTICLE
            continue
        elsewhere = sorted(k for k in of_surname.get(candidate.name.last, ()) if sex.get(k, title) == title)
        sure = [k for k in elsewhere if sex.get(k) == title]
        if len(sure) == 1 or len(elsewhere) == 1:
            people.cluster[candidate.row] = sure[0] if len(sure) == 1 else elsewhere[0]
            people.rule[candidate.row] = IN_CORPUS
        else:
            people.ambiguous.append({"article_id": candidate.article_id, "text": candidate.text,
                                     "candidates": " | ".join(elsewhere),
                                     "reason": f"the title says {SAYS[title]}; {people.cluster[candidate.row]} is not"})
            del people.cluster[candidate.row]
            people.rule[candidate.row] = LEFT


def sexes(candidates: list[Candidate], introductions: list[Candidate], people: People) -> dict[str, str]:
    """Per person cluster, "m" or "f" where the corpus's titles say so (see the module's docstring)."""
    of_surname: dict[tuple[str, str], set[str]] = defaultdict(set)
    for candidate in introductions:
        of_surname[(candidate.article_id, candidate.name.last)].add(people.cluster[candidate.row])
    votes: dict[str, Counter] = defaultdict(Counter)  # titles where the article has no one else of that surname
    contested: dict[str, Counter] = defaultdict(Counter)  # all the titles resolved to the person
    for candidate in candidates:
        if not candidate.title or candidate.row not in people.cluster:
            continue
        cluster = people.cluster[candidate.row]
        contested[cluster][candidate.title] += 1
        if candidate.name.is_full or of_surname[(candidate.article_id, candidate.name.last)] == {cluster}:
            votes[cluster][candidate.title] += 1
    firsts: dict[str, set[str]] = defaultdict(set)
    for candidate in introductions:
        firsts[people.cluster[candidate.row]].add(candidate.name.first)
    by_first: dict[str, Counter] = defaultdict(Counter)
    for cluster, counted in votes.items():
        for first in firsts[cluster]:
            by_first[first].update(counted)
    sex = {}
    for cluster in sorted(set(firsts) | set(votes)):
        if votes.get(cluster):
            counted = votes[cluster]
        elif sum(contested[cluster].values()) >= CONTESTED_TITLES:
            counted = contested[cluster]
        else:
            counted = sum((by_first[first] for first in sorted(firsts[cluster])), Counter())
        if counted:
            title, n = counted.most_common(1)[0]
            if n >= SURE_SHARE * sum(counted.values()):
                sex[cluster] = title
    return sex


def actor_sexes(actor_ids: list[str], titles: list[str]) -> dict[str, str]:
    """Per resolved actor, "m" or "f" where at least :data:`SURE_SHARE` of the titles written with its mentions
    (``titles``, one per mention: :func:`newsbias.entities.mentions.gender_titles`) say so: for pronouns
    (:mod:`newsbias.entities.references`) in articles that write no title."""
    counted: dict[str, Counter] = defaultdict(Counter)
    for actor_id, title in zip(actor_ids, titles):
        if title and actor_id:
            counted[actor_id][title] += 1
    sex = {}
    for actor_id, votes in sorted(counted.items()):
        title, n = votes.most_common(1)[0]
        if n >= SURE_SHARE * sum(votes.values()):
            sex[actor_id] = title
    return sex
