"""Roles and offices a text gives a person ("Sen. Marco Rubio", "the governor of Ohio, Mike Dewitt"), so that "the
senator" can be resolved to the person given that role. General English role nouns and title abbreviations."""

from __future__ import annotations

# Nouns for a person's role or office: "the senator said" is the person the article gave that role (general English).
ROLE_NOUNS = frozenset(
    "president senator congressman congresswoman representative governor mayor secretary minister premier chancellor "
    "judge justice sheriff speaker leader chairman chairwoman chair spokesman spokeswoman spokesperson ambassador "
    "general commander director executive candidate nominee lawmaker legislator prosecutor attorney lawyer officer "
    "founder host anchor coach manager prince king queen pope bishop".split()
)
# Abbreviated titles and the role nouns they stand for.
TITLE_ROLES = {"sen": {"senator", "lawmaker", "legislator"}, "rep": {"representative", "congressman", "congresswoman",
                                                                     "lawmaker", "legislator"},
               "gov": {"governor"}, "gen": {"general"}, "sec": {"secretary"}, "pres": {"president"},
               "congressman": {"lawmaker", "legislator", "representative"},
               "congresswoman": {"lawmaker", "legislator", "representative"}, "senator": {"lawmaker", "legislator"}}


def roles_of(head, text: str) -> frozenset:
    """Role nouns the text attaches to a person's mention: titles written in or just before it, and appositions."""
    words = [w.rstrip(".").lower() for w in text.split()[:-1]]
    doc = head.doc
    words += [t.lemma_.lower().rstrip(".") for t in doc[max(0, head.left_edge.i - 3):head.left_edge.i]]
    words += [t.lemma_.lower().rstrip(".") for t in head.subtree if t.i < head.i and t.dep_ in {"compound", "amod", "nmod"}]
    words += [t.lemma_.lower() for c in head.children if c.dep_ == "appos" for t in c.subtree]
    if head.dep_ == "appos":  # "the governor of Ohio, Mike Dewitt": the noun it is in apposition to, or what that hangs from
        words += [t.lemma_.lower() for t in [head.head, *list(head.head.ancestors)[:3]] if t.pos_ == "NOUN"][:1]
    roles = {w for w in words if w in ROLE_NOUNS}
    for word in words:
        roles |= TITLE_ROLES.get(word, set())
    return frozenset(roles)
