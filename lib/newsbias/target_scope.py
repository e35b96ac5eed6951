"""Where the evidence about a target sits in a parsed sentence: its tokens, its head, its predicate and its scope.

Shared by the sentiment methods (which words to score for a mention), the classifier's features and the
comparison (the titles and labels attached to a mention, what an actor is the object of).
"""

from __future__ import annotations

# Dependency relations that head a clause of their own (where a target's predicate is found).
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "acl", "csubj", "parataxis", "pcomp"})
# Children of the governing predicate that carry its evaluation of the target.
PREDICATE_DEPS = frozenset({"neg", "advmod", "acomp", "attr", "dobj", "xcomp", "prt", "aux", "auxpass", "oprd",
                            "npadvmod", "prep", "agent"})
# Links on the way from the target up to its predicate whose words count too.
PATH_DEPS = frozenset({"neg", "amod", "advmod", "acomp", "attr", "dobj", "prt", "compound"})
# Words of a predicate's complement further than this from its head are outside the scope.
SCOPE_REACH = 6


def doc_length(doc) -> int:
    """Characters in ``doc`` (without rebuilding ``doc.text``)."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def target_tokens(doc, start: int, end: int) -> list:
    """Tokens of ``doc`` overlapping characters ``[start, end)`` (at least one token)."""
    span = doc.char_span(start, end, alignment_mode="expand") if 0 <= start < end <= doc_length(doc) else None
    tokens = list(span) if span is not None else [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    return tokens or [doc[0]]


def span_root(tokens: list):
    """The token of a span whose head lies outside it (the span's syntactic head)."""
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])


def governor_of(root):
    """The nearest predicate or clause head above the target."""
    token = root
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in {"VERB", "AUX"} or token.dep_ in CLAUSE_DEPS:
            return token
    return token


def target_scope(doc, start: int, end: int) -> list:
    """The words tied to the target at ``[start, end)`` in a parsed sentence, in sentence order, target excluded.

    The target's own modifiers, appositives and relative clauses; the words on the path up to the
    predicate it is subject, object or complement of; that predicate with its negation, adverbs,
    complements and objects (near ones). Other clauses of the sentence are left out, so that
    "Iran vowed revenge for the killing of Soleimani" scores Iran by "vowed revenge" and
    Soleimani by "killing".
    """
    tokens = target_tokens(doc, start, end)
    inside = {t.i for t in tokens}
    root = span_root(tokens)
    governor = governor_of(root)
    scope: set[int] = set()
    for token in tokens:
        for child in token.children:
            if child.i not in inside:
                scope.update(t.i for t in child.subtree)
    token = root
    while token.i != governor.i and token.head.i != token.i:
        token = token.head
        scope.add(token.i)
        for child in token.children:
            if child.dep_ in PATH_DEPS:
                scope.update(t.i for t in child.subtree)
    scope.add(governor.i)
    for child in governor.children:
        if child.dep_ in PREDICATE_DEPS and not any(t.i in inside for t in child.subtree):
            scope.update(t.i for t in child.subtree if abs(t.i - child.i) <= SCOPE_REACH)
    return [doc[i] for i in sorted(scope - inside)]
