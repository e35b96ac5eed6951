"""Stage 2b, who gets to speak: quotations, reported speech and their speakers.

:func:`quote_spans` finds quoted passages by their marks (the entity stage uses it to
mark mentions ``in_quote``). :func:`find_quotes` builds the ``quotes`` table from the
body paragraphs of each article, parsed with spaCy:

- **direct** quotations: a quoted utterance (a clause, or set off by a colon or comma),
  across sentence boundaries, split by an attribution, or continued into a new paragraph;
- **partial** quotations: quoted words embedded in the author's own sentence with no
  clause of their own (a word or phrase, including scare quotes);
- **reported** speech: the clause a speech verb governs ("X said (that) ...", "X told
  the paper ...", "X warned ..."), and the clause "according to X" is attached to.

The speaker is the subject of the speech verb (before or after the quote), found in the
dependency parse. A quotation with no attribution continues the previous quotation's
speaker in the paragraph, or in the paragraph before when it opens its paragraph. Pronoun
speakers ("he said") resolve to the nearest fitting actor mentioned before them;
collective nouns ("the bloc said") to the nearest organisation; documents ("the
statement said", "a joint statement from A, B and C") to their issuers. Speakers map to
the entity stage's ``actor_id`` through the mention they overlap; what cannot be
resolved keeps its text and ``speaker_rule='unresolved'``.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newsbias import parsing, stagecache
from newsbias.errors import NewsbiasError
from newsbias.tables import TABLES

_DOUBLE = re.compile(r"“[^”\n]*”?|\"[^\"\n]*\"?|«[^»\n]*»?")
_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))[‘'](?=\w)[^\n]*?(?<=[\w.,!?])[’'](?=[\s.,;:!?)\]—–]|$)", re.MULTILINE)
_MARKS = "\"“”«»‘’'"

# Verbs that report speech or writing (lemmas). A verb counts only when it governs a quotation
# or a clause (reported speech), so "she added sugar" or "he stressed the point" are not speech.
SPEECH_VERBS = frozenset(
    "say tell add warn note stress insist claim state announce argue explain write tweet post report declare "
    "reply respond comment acknowledge admit confirm deny emphasize emphasise suggest ask urge vow threaten "
    "predict complain recall conclude remark reiterate assert maintain contend caution observe underline "
    "highlight allege testify concede boast promise pledge estimate believe indicate mention inform "
    "reveal disclose signal shout cry whisper joke quip agree disagree charge counter continue "
    "call describe brand label dub term".split()
)
# Documents that "say" things: their speaker is whoever issued them.
DOCUMENT_NOUNS = frozenset(
    "statement report letter communique communiqué release document declaration memo memorandum tweet post "
    "message notice filing ruling judgment verdict resolution readout transcript study survey poll".split()
)
# Verbs whose agent issued a document ("a report published by X"); "quoted by" or "seen by" are not issuing.
ISSUING_VERBS = frozenset("publish release issue sign write produce commission prepare draft author send compile".split())
# Collective nouns that stand for an organisation ("the bloc said"): resolved to the nearest organisation named before.
COLLECTIVE_NOUNS = frozenset(
    "bloc alliance ministry department government administration agency company firm group union organisation "
    "organization party council committee commission office court army military embassy club team board bank "
    "university coalition movement regime cabinet parliament league federation association institute authority "
    "authorities police airline carrier retailer manufacturer maker insurer lender operator producer publisher "
    "studio startup conglomerate utility regulator watchdog service fund charity institution hospital school "
    "museum side".split()
)
# Media that report ("the newspaper said"): named before, or in apposition; a nationality adjective does not identify them.
MEDIA_NOUNS = frozenset("newspaper paper daily outlet broadcaster network channel magazine website agency tabloid station".split())
# A quoted name right after one of these is the title of a work (the film "Jaws"), not a quotation.
WORK_NOUNS = frozenset(
    "film movie book novel song album single series show play poem documentary programme program opera painting "
    "game episode podcast exhibition musical titled entitled headline hashtag slogan".split()
)
# Which actor types a pronoun can stand for.
PRONOUN_TYPES = {
    "he": {"person"}, "she": {"person"}, "him": {"person"}, "her": {"person"},
    "it": {"organisation", "place"}, "they": {"organisation", "place", "group", "person"},
    "we": {"organisation", "place", "group", "person"}, "i": {"person"},
}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
# Paragraphs searched back for the antecedent of a pronoun or collective noun.
ANTECEDENT_PARAGRAPHS = 3


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of quoted passages, quote marks included, sorted.

    Straight and curly double quotes and guillemets pair within a paragraph; single quotes
    count only where they open after a space or line start and close before a space or
    punctuation (so apostrophes are not quotes). An opening double quote with no closing
    one before the end of the paragraph is quoted to the paragraph's end (news style
    continues a quote into a new paragraph with a fresh opening mark and no closing one).
    """
    spans = [(m.start(), m.end()) for m in _DOUBLE.finditer(text)]
    for match in _SINGLE.finditer(text):
        if not any(start <= match.start() < end for start, end in spans):
            spans.append((match.start(), match.end()))
    return sorted(spans)


def inside_any(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` lies within one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)


def _content(text: str, start: int, end: int) -> tuple[int, int]:
    """The span inside the quote marks (and surrounding spaces and trailing commas)."""
    while start < end and (text[start] in _MARKS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _MARKS or text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


@dataclass
class _Mention:
    """An actor mention as seen by the speaker resolution: where it is and whether it is a subject."""

    start: int
    end: int
    actor_id: str
    actor_name: str
    actor_type: str
    text: str
    paragraph: int
    is_subject: bool


@dataclass
class _Speaker:
    text: str = ""
    start: int = -1
    end: int = -1
    actor_ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    rule: str = "none"


@dataclass
class _Quote:
    kind: str
    start: int
    end: int
    paragraph: int
    verb: str = ""
    speaker: _Speaker = field(default_factory=_Speaker)
    opens_paragraph: bool = False


class _Article:
    """One article's body paragraphs, parsed, with its actor mentions: where speakers are resolved."""

    def __init__(self, article_id: str, paragraphs: list[tuple[int, object]], mentions: pd.DataFrame):
        self.article_id = article_id
        self.paragraphs = paragraphs  # (offset of the paragraph in the article text, spaCy Doc)
        self._ends = [offset + len(doc.text) for offset, doc in paragraphs]  # doc.text is rebuilt on every access
        self.mentions = self._index_mentions(mentions)
        self.direct_spans: list[tuple[int, int]] = []

    def paragraph_of(self, char: int) -> int:
        for number, ((offset, _), end) in enumerate(zip(self.paragraphs, self._ends)):
            if offset <= char < end:
                return number
        return -1

    def _token_at(self, char: int):
        number = self.paragraph_of(char)
        if number < 0:
            return None
        offset, doc = self.paragraphs[number]
        span = doc.char_span(char - offset, char - offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _index_mentions(self, mentions: pd.DataFrame) -> list[_Mention]:
        found = []
        for row in mentions.itertuples(index=False):
            token = self._token_at(row.end_char - 1) if row.actor_id else None
            if token is None:
                continue
            # The mention's head is the token whose syntactic head lies outside the mention.
            head = token
            base = self.paragraphs[self.paragraph_of(row.end_char - 1)][0]
            while head.head.i != head.i and row.start_char <= base + head.head.idx < row.end_char:
                head = head.head
            found.append(_Mention(row.start_char, row.end_char, row.actor_id, row.actor_name, row.actor_type,
                                  row.text, self.paragraph_of(row.start_char), head.dep_ in SUBJECT_DEPS))
        return sorted(found, key=lambda m: m.start)

    def mentions_in(self, start: int, end: int) -> list[_Mention]:
        return [m for m in self.mentions if m.start < end and start < m.end]

    def antecedent(self, before: int, types: set[str], exclude: tuple[int, int] | None = None,
                   excluded_actors: set[str] = frozenset()) -> _Mention | None:
        """Nearest fitting actor mention before ``before``: subjects first in this and the previous paragraph.

        Actors named inside ``exclude`` (the quotation being attributed) are not candidates:
        "Larsson will rest, he said" is not Larsson speaking of herself.
        """
        paragraph = self.paragraph_of(before)
        excluded = ({m.actor_id for m in self.mentions_in(*exclude)} if exclude else set()) | set(excluded_actors)
        candidates = [m for m in self.mentions if m.end <= before and m.actor_type in types
                      and paragraph - m.paragraph < ANTECEDENT_PARAGRAPHS and m.actor_id not in excluded]
        near_subjects = [m for m in candidates if m.is_subject and paragraph - m.paragraph <= 1]
        if near_subjects:
            return near_subjects[-1]
        return candidates[-1] if candidates else None


def _speech_verb(token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in SPEECH_VERBS


def _subject_of(verb):
    """The subject of a speech verb.

    Found on the verb itself, or for a verb with no subject of its own on the verb it
    hangs from: coordinated ("... and added"), participial ("..., saying", "adding that").
    A relative pronoun stands for the noun its clause modifies ("Trump, who said ...").
    """
    candidate = verb
    for _ in range(3):
        # When the parser gives two subjects ("hockey great Marc-André Fortin"), the one nearest the verb is the head.
        subjects = sorted((c for c in candidate.children if c.dep_ in SUBJECT_DEPS), key=lambda c: abs(c.i - candidate.i))
        if subjects:
            if subjects[0].tag_ in {"WP", "WDT"} and candidate.dep_ == "relcl":
                return candidate.head
            return subjects[0]
        if candidate.dep_ in {"conj", "advcl", "xcomp"} and candidate.head.i != candidate.i:
            candidate = candidate.head
        else:
            return None
    return None


def _edges_trimmed(tokens: list) -> list:
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens


def _noun_phrase(token) -> tuple[int, int]:
    """Character span of a subject noun phrase without its relative or participle clauses and appositions."""
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is not None and token.pos_ == "PROPN":
        return ent.start_char, ent.end_char
    keep = _edges_trimmed([t for t in token.subtree if t.i == token.i or not _inside_clause(t, token)]) or [token]
    first, last = keep[0].i, keep[-1].i
    return token.doc[first].idx, token.doc[last].idx + len(token.doc[last].text)


def _inside_clause(token, root) -> bool:
    while token.i != root.i:
        if token.dep_ in {"relcl", "acl", "appos", "advcl"}:
            return True
        token = token.head
    return False


def _issuers(token) -> list:
    """The issuers of a document: "a statement from A, B and C", "a report published by X", "Borrell's statement".

    A name compounded with the document ("the EU statement") counts only when nothing else
    names the issuer (it is as often the document's own title: "the Forest Watch report").
    """
    issuers, compounds = [], []

    def with_conjuncts(head):
        return [head, *(c for c in head.subtree if c.dep_ == "conj")]

    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"from", "by", "of"}:
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                issuers.extend(with_conjuncts(pobj))
        elif child.dep_ == "acl" and child.lemma_.lower() in ISSUING_VERBS:  # "published by X", not "quoted by X"
            for agent in (c for c in child.children if c.dep_ == "agent"):
                for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                    issuers.extend(with_conjuncts(pobj))
        elif child.dep_ == "poss":
            issuers.append(child)
        elif child.dep_ == "compound" and child.ent_type_:
            compounds.append(child)
    return issuers or compounds


def _definite(token) -> bool:
    return any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that", "its", "their"} for c in token.children)


class _Resolver:
    """Turns the subject token of a speech verb into a speaker with actor ids."""

    def __init__(self, article: _Article):
        self.article = article
        self.history: list[_Speaker] = []  # speakers found so far, for "it said" after "the ministry said"
        self.gender: dict[str, str] = {}  # actor_id -> "he"/"she", learnt from the pronouns resolved to it
        # Documents introduced with their issuers, in text order, for "the statement said" later on.
        self.documents: list[_Speaker] = []
        for offset, doc in article.paragraphs:
            for token in doc:
                if token.lemma_.lower() in DOCUMENT_NOUNS and token.pos_ == "NOUN":
                    found = self._issued(token, offset)
                    if found.actor_ids:
                        self.documents.append(found)

    def _speaker_of_mentions(self, found: list[_Mention], text: str, start: int, end: int, rule: str) -> _Speaker:
        first = found[0]
        return _Speaker(text, start, end, [first.actor_id], [first.actor_name], rule)

    def speaker(self, subject, offset: int, quote: tuple[int, int] | None) -> _Speaker:
        found = self._resolve(subject, offset, quote)
        self.history.append(found)
        return found

    def _resolve(self, subject, offset: int, quote: tuple[int, int] | None) -> _Speaker:
        lower, lemma = subject.lower_, subject.lemma_.lower()
        start, end = _noun_phrase(subject)
        text = subject.doc.text[start:end]
        start, end = start + offset, end + offset
        if subject.pos_ == "PRON" or lower in PRONOUN_TYPES:
            return self._pronoun(lower, text, start, end, quote)
        named = [m for m in self.article.mentions_in(start, end) if m.start <= offset + subject.idx < m.end]
        if named:
            return self._speaker_of_mentions(named, text, start, end, "name")
        # "The head of the commission, Grace Wanjiru, said", "hockey great Marc-André Fortin said":
        # the one person named in the subject phrase (outside its relative clauses).
        appositions = [t for a in subject.subtree if a.dep_ == "appos" for t in a.subtree]
        phrase = [t for t in subject.subtree if not _inside_clause(t, subject)]
        for tokens in (appositions, phrase):
            people = {m.actor_id: m for t in tokens for m in self.article.mentions_in(offset + t.idx, offset + t.idx + len(t.text))
                      if m.actor_type == "person"}
            if len(people) == 1:
                return self._speaker_of_mentions(list(people.values()), text, start, end, "name")
        if lemma in DOCUMENT_NOUNS:
            return self._document(subject, offset)
        inner = [m for m in self.article.mentions_in(start, end) if m.actor_type == "organisation"]
        if lemma in MEDIA_NOUNS or lemma in COLLECTIVE_NOUNS:
            # "the Spanish newspaper El Confidencial": the name in apposition.
            named = [m for child in subject.children if child.dep_ == "appos"
                     for m in self.article.mentions_in(offset + child.left_edge.idx, offset + child.right_edge.idx + 1)]
            if named:
                return self._speaker_of_mentions(named, text, start, end, "name")
            if lemma in COLLECTIVE_NOUNS and inner:
                return self._speaker_of_mentions(inner[-1:], text, start, end, "name")
            if _definite(subject):
                found = self.article.antecedent(start, {"organisation"})
                if found is not None:
                    return self._speaker_of_mentions([found], text, start, end, "collective noun")
            return _Speaker(text, start, end, rule="unresolved")
        if len({m.actor_id for m in inner}) == 1:
            # "a NATO spokesman": the speaker speaks for the one organisation named.
            return self._speaker_of_mentions(inner[-1:], text, start, end, "affiliation")
        return _Speaker(text, start, end, rule="unresolved")

    def _pronoun(self, lower: str, text: str, start: int, end: int, quote) -> _Speaker:
        found = self._pronoun_antecedent(lower, text, start, end, quote)
        if lower in {"he", "she"} and len(found.actor_ids) == 1:
            self.gender.setdefault(found.actor_ids[0], lower)
        return found

    def _pronoun_antecedent(self, lower: str, text: str, start: int, end: int, quote) -> _Speaker:
        types = PRONOUN_TYPES.get(lower, set())
        # An actor already referred to as "she" is not a later "he", and the other way round.
        other_gender = {a for a, g in self.gender.items() if lower in {"he", "she"} and g != lower}
        # A pronoun subject of a speech verb most often continues the last speaker ("the ministry said ... It said").
        paragraph = self.article.paragraph_of(start)
        recent = [h for h in self.history if h.end <= start and h.text and paragraph - self.article.paragraph_of(h.start) <= 1]
        if recent:
            last = recent[-1]
            fits = (last.actor_ids and {_TYPE_OF_PREFIX.get(a.split(":")[0]) for a in last.actor_ids} & types
                    and not set(last.actor_ids) & other_gender) or (
                not last.actor_ids and lower in {"it", "they"} and last.text.lower() not in PRONOUN_TYPES)
            if fits:
                # An unresolved speaker ("the ministry") is carried on by its phrase, so "It said" reads as who it is.
                return _Speaker(text, start, end, last.actor_ids, last.names or [last.text], "pronoun" if last.actor_ids else "unresolved")
        found = self.article.antecedent(start, types, exclude=quote, excluded_actors=other_gender)
        if found is not None:
            return _Speaker(text, start, end, [found.actor_id], [found.actor_name], "pronoun")
        return _Speaker(text, start, end, rule="unresolved")

    def _issued(self, subject, offset: int) -> _Speaker:
        start, end = _noun_phrase(subject)
        text = subject.doc.text[start:end]
        ids, names = [], []
        issuers = _issuers(subject)
        # "X said in a statement": the statement is X's.
        if not issuers and subject.dep_ == "pobj" and subject.head.lower_ == "in" and _speech_verb(subject.head.head):
            speaking = _subject_of(subject.head.head)
            issuers = [speaking, *(c for c in speaking.subtree if c.dep_ == "conj")] if speaking is not None else []
        for issuer in issuers:
            for mention in self.article.mentions_in(offset + issuer.idx, offset + issuer.idx + len(issuer.text)):
                if mention.actor_id not in ids:
                    ids.append(mention.actor_id), names.append(mention.actor_name)
        return _Speaker(text, start + offset, end + offset, ids, names, "document issuer" if ids else "unresolved")

    def _document(self, subject, offset: int) -> _Speaker:
        found = self._issued(subject, offset)
        if not found.actor_ids and _definite(subject):
            earlier = [d for d in self.documents if d.end <= found.start]
            if earlier:
                return _Speaker(found.text, found.start, found.end, earlier[-1].actor_ids, earlier[-1].names, "document issuer")
        return found


def _direct_quotes(article: _Article, number: int, offset: int, doc) -> list[_Quote]:
    quotes = []
    for span_start, span_end in quote_spans(doc.text):
        start, end = _content(doc.text, span_start, span_end)
        if end - start < 1 or _names_a_work(doc, span_start, start, end):
            continue
        article.direct_spans.append((offset + span_start, offset + span_end))
        kind = "partial" if _is_partial(doc, span_start, start, end) else "direct"
        opens = not doc.text[:span_start].strip()
        quotes.append(_Quote(kind, offset + start, offset + end, number, opens_paragraph=opens))
    return quotes


_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "from", "&"}


def _names_a_work(doc, span_start: int, start: int, end: int) -> bool:
    """Whether quote marks enclose the title of a work (the film "Jaws", "Wolf Hall"), not a quotation.

    Either a noun for a work comes right before the marks, or the quoted words are a short
    title-cased name inside the sentence, with no sentence-final punctuation.
    """
    before = [t for t in doc if t.idx + len(t.text) <= span_start and not t.is_space]
    if before and before[-1].lemma_.lower() in WORK_NOUNS:
        return True
    words = doc.text[start:end].split()
    set_off = not before or before[-1].text in {":", ".", "!", "?"}
    title_cased = all(w[:1].isupper() or w.lower() in _SMALL_WORDS or not w[:1].isalpha() for w in words)
    return (not set_off and title_cased and len(words) <= 8 and words[0][:1].isupper()
            and not doc.text[start:end].rstrip().endswith((".", "!", "?", ",")))


def _is_partial(doc, span_start: int, start: int, end: int) -> bool:
    """Quoted words embedded in the author's sentence (not set off by a colon, comma or sentence start), with no clause of their own."""
    before = doc.text[:span_start].rstrip()
    if not before or before[-1] in ":,;.!?…—–(":
        return False
    return not _has_clause([t for t in doc if start <= t.idx < end], start, end)


def _has_clause(tokens, start: int, end: int) -> bool:
    """Whether the tokens hold a subject and its finite verb (a clause, not a phrase)."""
    for token in tokens:
        verb = token.head
        if token.dep_ in SUBJECT_DEPS and start <= verb.idx < end:
            if verb.tag_ in FINITE_TAGS or any(c.dep_ in {"aux", "auxpass"} and c.tag_ in FINITE_TAGS for c in verb.children):
                return True
    return False


def _tokens_between(doc, start: int, end: int):
    return [t for t in doc if start <= t.idx and t.idx + len(t.text) <= end]


def _attribution(resolver: _Resolver, quote: _Quote, offset: int, doc, spans: list[tuple[int, int]]) -> bool:
    """Find the speech verb and speaker of a direct or partial quote; True when found."""
    relative = (quote.start - offset, quote.end - offset)
    inside = [t for t in doc if relative[0] <= t.idx < relative[1]]
    # 1. A speech verb the quote's words hang from ("X said the \"...\"", "\"...,\" X said").
    for token in inside:
        if relative[0] <= token.head.idx < relative[1] and token.head.i != token.i:
            continue
        for ancestor in token.ancestors:
            if not relative[0] <= ancestor.idx < relative[1] and _speech_verb(ancestor) and _set_speaker(resolver, quote, ancestor, offset):
                return True
    if quote.kind == "partial":
        return False
    # 2. An attribution next to the quote, after it first (news style), then before it,
    # within its sentence and never across another quotation.
    own = next(((s, e) for s, e in spans if s <= relative[0] < e), relative)
    after_end = min([s for s, _ in spans if s >= own[1]] + [len(doc.text)])
    before_start = max([e for _, e in spans if e <= own[0]] + [0])
    for zone in (_clause_tokens(doc, own[1], after_end, forward=True), _clause_tokens(doc, before_start, own[0], forward=False)):
        for token in zone:
            if _speech_verb(token) and _set_speaker(resolver, quote, token, offset):
                return True
    return False


def _clause_tokens(doc, start: int, end: int, forward: bool) -> list:
    """Tokens between two characters up to the nearest sentence end, in reading order away from the quote."""
    tokens = _tokens_between(doc, start, end)
    if not forward:
        tokens = tokens[::-1]
    zone = []
    for token in tokens:
        if token.text in {".", "!", "?"}:
            break
        zone.append(token)
    return zone


def _set_speaker(resolver: _Resolver, quote: _Quote, verb, offset: int) -> bool:
    subject = _subject_of(verb)
    if subject is None or quote.start <= offset + subject.idx < quote.end:
        return False
    quote.verb = verb.lemma_.lower()
    quote.speaker = resolver.speaker(subject, offset, (quote.start, quote.end))
    return True


def _reported_clauses(verb) -> list[tuple]:
    """The clauses a speech verb reports, each with the parts to leave out.

    Its clausal complements, split at coordinated "..., and that ..." clauses; or, for a
    short trailing attribution ("NATO was watching closely, he added"), the clause before it.
    """
    found = []
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        coordinated = [c for c in clause.children if c.dep_ == "conj" and any(g.dep_ == "mark" for g in c.children)]
        found.append((clause, coordinated))
        found.extend((c, []) for c in coordinated)
    if found or verb.dep_ not in {"parataxis", "ccomp"} or verb.head.i > verb.i or verb.head.pos_ not in {"VERB", "AUX"}:
        return found
    attribution = [t for t in verb.subtree if not t.is_punct]
    before = verb.doc[verb.left_edge.i - 1] if verb.left_edge.i > 0 else None
    if len(attribution) <= 6 and before is not None and before.text == ",":
        found.append((verb.head, [verb]))
    return found


def _reported(article: _Article, resolver: _Resolver, number: int, offset: int, doc) -> list[_Quote]:
    """Reported speech: clauses governed by a speech verb, and what "according to X" is attached to."""
    found = []
    quoted = [(s - offset, e - offset) for s, e in article.direct_spans]
    for token in doc:
        if _speech_verb(token):
            for clause, skipped in _reported_clauses(token):
                start, end = _clause_span(clause, skip=skipped)
                if start is None or _mostly_quoted(start, end, quoted):
                    continue
                quote = _Quote("reported", offset + start, offset + end, number)
                if _set_speaker(resolver, quote, token, offset):
                    found.append(quote)
        elif token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            source = next((p for c in token.children if c.lower_ == "to" for p in c.children if p.dep_ == "pobj"), None)
            if source is None or token.head.i == token.i:
                continue
            start, end = _clause_span(token.head, skip=[token])
            if start is None or _mostly_quoted(start, end, quoted):
                continue
            quote = _Quote("reported", offset + start, offset + end, number, verb="according to")
            quote.speaker = resolver.speaker(source, offset, (quote.start, quote.end))
            found.append(quote)
    return found


def _clause_span(head, skip: list) -> tuple[int | None, int | None]:
    """Characters of a clause's subtree, without a leading "that", skipped parts and edge punctuation."""
    skipped = {t.i for part in skip for t in part.subtree}
    tokens = [t for t in head.subtree if t.i not in skipped]
    # Keep the clause's own stretch: stop where a skipped part interrupts it after the head.
    tokens = [t for t in tokens if not any(s < t.i for s in skipped if s > head.i)] or tokens
    tokens = _edges_trimmed(tokens)
    while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct):
        tokens = _edges_trimmed(tokens[1:])
    while tokens and tokens[-1].dep_ == "cc":
        tokens = _edges_trimmed(tokens[:-1])
    if len(tokens) < 2:
        return None, None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _mostly_quoted(start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    """A clause that is (nearly) all inside quote marks is the quotation itself, already found as direct."""
    covered = sum(max(0, min(end, e) - max(start, s)) for s, e in quoted)
    return covered >= 0.9 * (end - start)


def _article_quotes(article: _Article) -> list[_Quote]:
    resolver = _Resolver(article)
    found: list[_Quote] = []
    previous: _Quote | None = None
    for number, (offset, doc) in enumerate(article.paragraphs):
        spans = quote_spans(doc.text)
        direct = _direct_quotes(article, number, offset, doc)
        for quote in direct:
            if _attribution(resolver, quote, offset, doc, spans):
                pass
            elif quote.kind == "direct" and previous is not None and (
                previous.paragraph == quote.paragraph or (quote.opens_paragraph and previous.paragraph == quote.paragraph - 1)
            ):
                quote.speaker = _Speaker(previous.speaker.text, previous.speaker.start, previous.speaker.end,
                                         previous.speaker.actor_ids, previous.speaker.names, "continued quotation")
                quote.verb = previous.verb
            if quote.kind == "direct":
                previous = quote
        reported = _reported(article, resolver, number, offset, doc)
        for quote in direct:
            if quote.kind == "partial" and quote.speaker.rule == "none":
                holder = next((r for r in reported if r.start <= quote.start and quote.end <= r.end), None)
                if holder is not None:
                    quote.speaker, quote.verb = holder.speaker, holder.verb
        found.extend(direct + reported)
    return sorted(found, key=lambda q: (q.start, q.end))


@stagecache.stage()
def find_quotes(blocks: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame, nlp,
                progress: bool = True, engine: str | None = None, scheduler: str | None = None) -> pd.DataFrame:
    """The ``quotes`` table: direct, partial and reported quotations in body text, with their speakers.

    Needs ``blocks`` (``article_id, block_id, kind, text, start_char``), ``sentences``
    (``article_id, sentence_id, start_char, end_char``) and the entity stage's ``mentions``
    (``article_id, start_char, end_char, text, actor_id, actor_name, actor_type``). Articles are processed
    a chunk at a time, here or on Dask (``engine``; :func:`newsbias.parsing.map_articles`).
    """
    body = blocks[blocks["kind"] == "body"].sort_values(["article_id", "block_id"])
    found = parsing.map_articles(_chunk_quotes, {"blocks": body, "sentences": sentences, "mentions": mentions}, nlp,
                                 engine=engine, scheduler=scheduler, progress=progress, desc="quotes")
    return found.sort_values("article_id", kind="stable").reset_index(drop=True)


def _chunk_quotes(frames: dict[str, pd.DataFrame], nlp) -> pd.DataFrame:
    """The quotations of one chunk of articles (see :func:`find_quotes`)."""
    body, sentences, mentions = frames["blocks"], frames["sentences"], frames["mentions"]
    docs = parsing.parse(body["text"].tolist(), nlp, progress=False)  # the blocks' cached parse
    parsed: dict[str, list] = {}
    for block, doc in zip(body.itertuples(index=False), docs):
        parsed.setdefault(block.article_id, []).append((block.start_char, doc))
    rows = []
    mentions_of = dict(list(mentions.groupby("article_id", sort=False)))
    sentences_of = dict(list(sentences.groupby("article_id", sort=False)))
    no_mentions, no_sentences = mentions.iloc[:0], sentences.iloc[:0]
    for article_id in sorted(parsed):
        article = _Article(article_id, parsed[article_id], mentions_of.get(article_id, no_mentions))
        in_article = sentences_of.get(article_id, no_sentences)
        for number, quote in enumerate(_article_quotes(article)):
            text = _text_at(article, quote.start, quote.end)
            overlapping = in_article[(in_article["start_char"] < quote.end) & (in_article["end_char"] > quote.start)]
            rows.append({
                "article_id": article_id, "quote_id": f"{article_id}:q{number}", "kind": quote.kind, "text": text,
                "start_char": quote.start, "end_char": quote.end, "speaker_text": quote.speaker.text,
                "speaker_actor_id": ";".join(quote.speaker.actor_ids), "speaker_name": "; ".join(quote.speaker.names),
                "speaker_rule": quote.speaker.rule if quote.speaker.text else "none",
                "speech_verb": quote.verb, "sentence_ids": ";".join(str(i) for i in overlapping["sentence_id"]),
                "n_words": len(text.split()),
            })
    return pd.DataFrame(rows, columns=list(TABLES["quotes"]))


def _text_at(article: _Article, start: int, end: int) -> str:
    number = article.paragraph_of(start)
    if number < 0:
        return ""
    offset, doc = article.paragraphs[number]
    return doc.text[start - offset:end - offset]


def mark_mentions(mentions: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Add ``quote_id`` and ``voice`` to ``mentions``: the innermost quotation each mention sits in.

    Direct and partial quotations come before the reported clause around them; a mention
    in none is in the author's voice (``voice='author'``); otherwise ``voice`` is the
    quotation's ``speaker_actor_id``, or ``unresolved speaker``.
    """
    rank = {"direct": 0, "partial": 0, "reported": 1}
    by_article: dict[str, list[tuple]] = {}
    for position, (article_id, kind, start, end, quote_id, speaker) in enumerate(zip(
            quotes["article_id"], quotes["kind"], quotes["start_char"], quotes["end_char"], quotes["quote_id"],
            quotes["speaker_actor_id"])):
        by_article.setdefault(article_id, []).append((rank[kind], end - start, position, start, end, quote_id, speaker))
    quote_ids, voices = [], []
    for article_id, start, end in zip(mentions["article_id"], mentions["start_char"], mentions["end_char"]):
        around = [q for q in by_article.get(article_id, ()) if q[3] <= start and q[4] >= end]
        chosen = min(around) if around else None  # direct before reported, then the shortest, then the first
        quote_ids.append("" if chosen is None else chosen[5])
        voices.append("author" if chosen is None else (chosen[6] or "unresolved speaker"))
    return mentions.assign(quote_id=quote_ids, voice=voices)


_TYPE_OF_PREFIX = {"person": "person", "org": "organisation", "place": "place", "group": "group"}


def speaker_type(quotes: pd.DataFrame) -> pd.Series:
    """Per quotation: the type of the (first) actor speaking, ``unresolved`` when the speaker has no actor, ``none`` without speaker."""
    first = quotes["speaker_actor_id"].str.split(";").str[0].str.split(":").str[0]
    kind = first.map(_TYPE_OF_PREFIX)
    kind = kind.where(quotes["speaker_actor_id"] != "", "unresolved")
    return kind.where(quotes["speaker_text"] != "", "none").rename("speaker_type")


def with_outlet(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``quotes`` with ``outlet``, ``speaker_type`` and a readable ``speaker`` (actor name, or the text as written)."""
    outlet = quotes["article_id"].map(articles.set_index("article_id")["outlet"])
    speaker = quotes["speaker_name"].where(quotes["speaker_name"] != "", quotes["speaker_text"].where(quotes["speaker_text"] != "", "(no speaker)"))
    return quotes.assign(outlet=outlet, speaker_type=speaker_type(quotes), speaker=speaker)


def outlet_summary(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: quotations by kind, quoted words and their share of body words, and how many speakers resolved."""
    frame = with_outlet(quotes, articles)
    counts = frame.pivot_table(index="outlet", columns="kind", values="quote_id", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=["direct", "partial", "reported"], fill_value=0)
    words = articles.groupby("outlet")["n_words"].sum()
    quoted = frame[frame["kind"].isin(["direct", "partial"])].groupby("outlet")["n_words"].sum()
    summary = counts.assign(
        n_quotes=counts.sum(axis=1),
        n_speakers=frame[frame["speaker_actor_id"] != ""].groupby("outlet")["speaker_actor_id"].nunique(),
        share_resolved=frame.groupby("outlet")["speaker_actor_id"].apply(lambda s: (s != "").mean()).round(3),
        quoted_words=quoted, body_words=words,
    ).fillna(0)
    summary["quoted_share_of_body_words"] = (summary["quoted_words"] / summary["body_words"]).round(3)
    summary = summary.astype({c: int for c in ["n_quotes", "n_speakers", "quoted_words", "body_words"]})
    summary.columns.name = None
    return summary.reset_index().sort_values("outlet").reset_index(drop=True)


def speakers_per_outlet(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and speaker: quotations by kind and words quoted (direct and partial), most quoted first."""
    frame = with_outlet(quotes, articles)
    table = frame.pivot_table(index=["outlet", "speaker", "speaker_type"], columns="kind", values="quote_id",
                              aggfunc="count", fill_value=0)
    table = table.reindex(columns=["direct", "partial", "reported"], fill_value=0)
    table["n_quotes"] = table.sum(axis=1)
    quoted = frame[frame["kind"].isin(["direct", "partial"])].groupby(["outlet", "speaker", "speaker_type"])["n_words"].sum()
    table["quoted_words"] = quoted.reindex(table.index, fill_value=0).astype(int)
    table.columns.name = None
    table = table.reset_index()
    return table.sort_values(["outlet", "n_quotes", "quoted_words", "speaker"], ascending=[True, False, False, True]).reset_index(drop=True)


def speaker_types_per_outlet(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Quotations per outlet (rows) and speaker type (columns)."""
    frame = with_outlet(quotes, articles)
    table = frame.pivot_table(index="outlet", columns="speaker_type", values="quote_id", aggfunc="count", fill_value=0)
    order = [t for t in ["person", "organisation", "place", "group", "unresolved", "none"] if t in table.columns]
    table = table.reindex(columns=order)
    table.columns.name = "speaker_type"
    return table.sort_index()


# --- Evaluation against hand-labelled quotations -------------------------------------------------

_SPEAKER_STOPWORDS = {"the", "a", "an", "and", "of", "from"}


def read_gold(path: str | Path) -> list[dict]:
    """Read a gold file: JSON lines ``{"doc_id", "text", "quotes": [{"kind", "text", "speaker", ...}]}``."""
    path = Path(path)
    if not path.is_file():
        raise NewsbiasError(f"gold quotation file {path} does not exist.")
    docs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            for quote in doc["quotes"]:
                start = quote.get("start", doc["text"].find(quote["text"]))
                if start < 0 or doc["text"][start:start + len(quote["text"])] != quote["text"]:
                    raise ValueError(f"quote text {quote['text'][:40]!r} is not in the doc text")
                quote["start"], quote["end"] = start, start + len(quote["text"])
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as problem:
            raise NewsbiasError(f"{path}, line {number}: not a gold quotation record ({problem}).") from problem
        docs.append(doc)
    return docs


def quotes_for_texts(texts: dict[str, str], nlp, progress: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the entity and quotation stages on plain texts (paragraphs between blank lines, all body text).

    Returns ``(quotes, mentions)``.
    """
    from newsbias import entities, ingestion

    blocks = ingestion.paragraphs_as_blocks(texts)
    sentences = ingestion.split_sentences(blocks, nlp, progress)
    frame = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    mentions, _ = entities.find_actors(sentences, frame, nlp, progress=progress, blocks=blocks)
    found = find_quotes(blocks, sentences, mentions, nlp, progress)
    return found, mark_mentions(mentions, found)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _speaker_tokens(text: str) -> set[str]:
    from newsbias.entities import fold

    return {w for w in fold(text.replace(";", " ")).split() if w not in _SPEAKER_STOPWORDS}


def same_speaker(gold: str, predicted: str) -> bool:
    """Whether a predicted speaker names the gold speaker: equal, or one's words contain the other's ("Borrell" in "Josep Borrell")."""
    g, p = _speaker_tokens(gold), _speaker_tokens(predicted)
    return bool(g) and bool(p) and (g <= p or p <= g)


def match_quotes(gold: list[dict], predicted: pd.DataFrame, min_overlap: float = 0.5) -> list[tuple[dict, dict | None]]:
    """Pair gold and predicted quotations one to one: each pair covers at least ``min_overlap`` of both spans.

    Returns ``(gold, predicted)`` pairs, with ``None`` for unmatched gold quotations, and
    ``(None, predicted)`` pairs for predictions that match nothing.
    """
    candidates = []
    rows = predicted.to_dict("records")
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(rows):
            shared = _overlap((g["start"], g["end"]), (p["start_char"], p["end_char"]))
            if shared >= min_overlap * (g["end"] - g["start"]) and shared >= min_overlap * (p["end_char"] - p["start_char"]):
                candidates.append((-shared, g_index, p_index))
    pairs, used_g, used_p = [], set(), set()
    for _, g_index, p_index in sorted(candidates):
        if g_index not in used_g and p_index not in used_p:
            used_g.add(g_index), used_p.add(p_index)
            pairs.append((gold[g_index], rows[p_index]))
    pairs += [(g, None) for i, g in enumerate(gold) if i not in used_g]
    pairs += [(None, p) for i, p in enumerate(rows) if i not in used_p]
    return pairs


@stagecache.stage(files=("gold_path",))
def evaluate(gold_path: str | Path, nlp, progress: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score the quotation stage on a gold file: ``(per_quote, summary)``.

    ``per_quote`` has one row per gold or predicted quotation with its match; ``summary``
    has quote precision, recall and F1 (all kinds, and per gold kind), kind accuracy and
    speaker accuracy (matched quotations whose gold speaker is known).
    """
    docs = read_gold(gold_path)
    found, _ = quotes_for_texts({d["doc_id"]: d["text"] for d in docs}, nlp, progress)
    rows = []
    for doc in docs:
        predicted = found[found["article_id"] == doc["doc_id"]]
        for g, p in match_quotes(doc["quotes"], predicted):
            speaker = "" if p is None else (p["speaker_name"] or p["speaker_text"])
            rows.append({
                "doc_id": doc["doc_id"], "source": doc.get("source", ""), "case": (g or {}).get("case", ""),
                "gold_kind": (g or {}).get("kind", ""), "gold_text": (g or {}).get("text", ""),
                "gold_speaker": (g or {}).get("speaker") or "",
                "kind": "" if p is None else p["kind"], "text": "" if p is None else p["text"], "speaker": speaker,
                "matched": g is not None and p is not None,
                "speaker_correct": bool(g and p and g.get("speaker") and same_speaker(g["speaker"], speaker)),
            })
    per_quote = pd.DataFrame(rows)
    return per_quote, summarise(per_quote)


def summarise(per_quote: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall, F1, kind and speaker accuracy from :func:`evaluate`'s per-quote rows."""
    def scores(subset: pd.DataFrame, predicted: pd.DataFrame, label: str) -> dict:
        n_gold = int((subset["gold_kind"] != "").sum())
        n_pred = len(predicted)
        n_match = int(subset["matched"].sum())
        precision = n_match / n_pred if n_pred else float("nan")
        recall = n_match / n_gold if n_gold else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        matched = subset[subset["matched"]]
        with_speaker = matched[matched["gold_speaker"] != ""]
        return {"subset": label, "n_gold": n_gold, "n_predicted": n_pred, "n_matched": n_match,
                "precision": precision, "recall": recall, "f1": f1,
                "kind_accuracy": (matched["gold_kind"] == matched["kind"]).mean() if len(matched) else float("nan"),
                "n_speaker_known": len(with_speaker),
                "speaker_accuracy": with_speaker["speaker_correct"].mean() if len(with_speaker) else float("nan")}

    predicted = per_quote[per_quote["kind"] != ""]
    rows = [scores(per_quote, predicted, "all")]
    for kind in ("direct", "partial", "reported"):
        # Per kind, a match counts only when both sides have that kind.
        of_kind = per_quote[(per_quote["gold_kind"] == kind) | (per_quote["kind"] == kind)]
        of_kind = of_kind.assign(matched=of_kind["matched"] & (of_kind["gold_kind"] == of_kind["kind"]),
                                 gold_kind=of_kind["gold_kind"].where(of_kind["gold_kind"] == kind, ""))
        rows.append(scores(of_kind, of_kind[of_kind["kind"] == kind], kind))
    for source in sorted({s.split(":")[0] for s in per_quote["source"] if s}):
        part = per_quote[per_quote["source"].str.split(":").str[0] == source]
        rows.append(scores(part, part[part["kind"] != ""], f"source {source}"))
    return pd.DataFrame(rows).round(3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbias.quotes", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate_parser = commands.add_parser("evaluate", help="score the quotation stage on a hand-labelled JSON-lines file")
    evaluate_parser.add_argument("gold", help="gold file (see tests/fixtures/quotes_gold.jsonl)")
    evaluate_parser.add_argument("--model", default=None, help="spaCy pipeline (default: as newsbias.nlp resolves it)")
    evaluate_parser.add_argument("--errors", action="store_true", help="also list every missed or spurious quotation")
    args = parser.parse_args(argv)
    from newsbias import nlp as nlp_mod

    try:
        per_quote, summary = evaluate(args.gold, nlp_mod.load_model(args.model))
    except NewsbiasError as problem:
        parser.exit(2, f"error: {problem}\n")
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 60):
        print(summary.to_string(index=False))
        if args.errors:
            wrong = per_quote[~per_quote["matched"] | (per_quote["gold_speaker"].ne("") & ~per_quote["speaker_correct"])]
            print(wrong[["doc_id", "case", "gold_kind", "kind", "gold_text", "text", "gold_speaker", "speaker"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
