"""Who is speaking: the subject of a speech verb, resolved to the entity stage's actors.

:class:`SpeakerResolver` turns the subject token of a speech verb into a :class:`Speaker`: a name (or the person
in apposition), a pronoun (the last fitting speaker, else the nearest fitting subject), a collective noun ("the
bloc") or a document ("the statement", "a report published by X") and its issuers. :class:`Article` holds one
article's parsed body paragraphs and its actor mentions, where antecedents are looked up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from newsbias.roles import ROLE_NOUNS, roles_of

# Verbs that report speech or writing (lemmas). A verb counts only when it governs a quotation
# or a clause (reported speech), so "she added sugar" or "he stressed the point" are not speech.
SPEECH_VERBS = frozenset(
    "say tell add warn note stress insist claim state announce argue explain write tweet post report declare "
    "reply respond comment acknowledge admit confirm deny emphasize emphasise suggest ask urge vow threaten "
    "predict complain recall conclude remark reiterate assert maintain contend caution observe underline "
    "highlight allege testify concede boast promise pledge estimate believe indicate mention inform "
    "reveal disclose signal shout cry whisper joke quip agree disagree charge counter continue "
    "call describe brand label dub term accuse chide plead dismiss decry deride denounce slam blast criticize criticise "
    "praise condemn mock ridicule lambaste hail tout laud".split()
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
# Which actor types a pronoun can stand for.
PRONOUN_TYPES = {
    "he": {"person"}, "she": {"person"}, "him": {"person"}, "her": {"person"},
    "it": {"organisation", "place"}, "they": {"organisation", "place", "group", "person"},
    "we": {"organisation", "place", "group", "person"}, "i": {"person"},
}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# Paragraphs searched back for the antecedent of a pronoun or collective noun.
ANTECEDENT_PARAGRAPHS = 3
TYPE_OF_PREFIX = {"person": "person", "org": "organisation", "place": "place", "group": "group"}


@dataclass
class ActorMention:
    """An actor mention as seen by the speaker resolution: where it is and whether it is a subject."""

    start: int
    end: int
    actor_id: str
    actor_name: str
    actor_type: str
    text: str
    paragraph: int
    is_subject: bool
    is_main_subject: bool = False  # a subject outside complement clauses ("Fox isn't worried that Trump will win": Fox)
    roles: frozenset = frozenset()  # role nouns the text attaches to it ("Sen. Marco Rubio": senator, lawmaker, ...)


@dataclass
class Speaker:
    text: str = ""
    start: int = -1
    end: int = -1
    actor_ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    rule: str = "none"


class Article:
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

    def _index_mentions(self, mentions: pd.DataFrame) -> list[ActorMention]:
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
            is_subject = head.dep_ in SUBJECT_DEPS
            # What someone says or thinks ("... that Trump will win") is a complement clause: its subject is what
            # the sentence is about less often than the subject of the clause around it.
            main = is_subject and not any(t.dep_ in {"ccomp", "xcomp"} for t in [head.head, *head.head.ancestors])
            found.append(ActorMention(row.start_char, row.end_char, row.actor_id, row.actor_name, row.actor_type,
                                      row.text, self.paragraph_of(row.start_char), is_subject, main,
                                      roles_of(head, row.text) if row.actor_type == "person" else frozenset()))
        return sorted(found, key=lambda m: m.start)

    def mentions_in(self, start: int, end: int) -> list[ActorMention]:
        return [m for m in self.mentions if m.start < end and start < m.end]

    def antecedent(self, before: int, types: set[str], exclude: tuple[int, int] | None = None,
                   excluded_actors: set[str] = frozenset()) -> ActorMention | None:
        """Nearest fitting actor mention before ``before``: subjects first in this and the previous paragraph.

        Actors named inside ``exclude`` (the quotation being attributed) are not candidates:
        "Larsson will rest, he said" is not Larsson speaking of herself.
        """
        paragraph = self.paragraph_of(before)
        excluded = ({m.actor_id for m in self.mentions_in(*exclude)} if exclude else set()) | set(excluded_actors)
        candidates = [m for m in self.mentions if m.end <= before and m.actor_type in types
                      and paragraph - m.paragraph < ANTECEDENT_PARAGRAPHS and m.actor_id not in excluded]
        near = [m for m in candidates if paragraph - m.paragraph <= 1]
        for subjects in ([m for m in near if m.is_main_subject], [m for m in near if m.is_subject]):
            if subjects:
                return subjects[-1]
        return candidates[-1] if candidates else None

    def with_role(self, before: int, role: str) -> ActorMention | None:
        """The most recent person before ``before`` the article gave the role ``role`` (within
        :data:`ANTECEDENT_PARAGRAPHS` paragraphs), else the most recent person in a main clause's subject."""
        paragraph = self.paragraph_of(before)
        people = [m for m in self.mentions if m.end <= before and m.actor_type == "person"
                  and paragraph - m.paragraph < ANTECEDENT_PARAGRAPHS]
        given = {m.actor_id for m in self.mentions if m.end <= before and role in m.roles}
        fitting = [m for m in people if m.actor_id in given]
        if fitting:
            return fitting[-1]
        if given:
            return None  # the article gave the role to someone, but not recently: not guessed
        subjects = [m for m in people if m.is_main_subject and paragraph - m.paragraph <= 1]
        return subjects[-1] if subjects else None


def is_speech_verb(token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in SPEECH_VERBS


def subject_of(verb):
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


def edges_trimmed(tokens: list) -> list:
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
    keep = edges_trimmed([t for t in token.subtree if t.i == token.i or not _inside_clause(t, token)]) or [token]
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


class SpeakerResolver:
    """Turns the subject token of a speech verb into a speaker with actor ids."""

    def __init__(self, article: Article):
        self.article = article
        self.history: list[Speaker] = []  # speakers found so far, for "it said" after "the ministry said"
        self.gender: dict[str, str] = {}  # actor_id -> "he"/"she", learnt from the pronouns resolved to it
        # Documents introduced with their issuers, in text order, for "the statement said" later on.
        self.documents: list[Speaker] = []
        for offset, doc in article.paragraphs:
            for token in doc:
                if token.lemma_.lower() in DOCUMENT_NOUNS and token.pos_ == "NOUN":
                    found = self._issued(token, offset)
                    if found.actor_ids:
                        self.documents.append(found)

    def _speaker_of_mentions(self, found: list[ActorMention], text: str, start: int, end: int, rule: str) -> Speaker:
        first = found[0]
        return Speaker(text, start, end, [first.actor_id], [first.actor_name], rule)

    def speaker(self, subject, offset: int, quote: tuple[int, int] | None) -> Speaker:
        found = self._resolve(subject, offset, quote)
        self.history.append(found)
        return found

    def _resolve(self, subject, offset: int, quote: tuple[int, int] | None) -> Speaker:
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
        if subject.lower_ in ROLE_NOUNS and subject.is_lower and _definite(subject):
            # "the senator said", "the four-term congressman said": the person the article gave that role.
            found = self.article.with_role(start, subject.lower_)
            if found is not None:
                return self._speaker_of_mentions([found], text, start, end, "role")
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
            return Speaker(text, start, end, rule="unresolved")
        if len({m.actor_id for m in inner}) == 1:
            # "a NATO spokesman": the speaker speaks for the one organisation named.
            return self._speaker_of_mentions(inner[-1:], text, start, end, "affiliation")
        groups = [m for m in self.article.mentions_in(start, end) if m.actor_type in ("group", "place")]
        if len({m.actor_id for m in groups}) == 1 and lemma not in COLLECTIVE_NOUNS:
            # "Democratic lawmakers", "Iranian officials": people who speak for the one group or country named.
            return self._speaker_of_mentions(groups[-1:], text, start, end, "affiliation")
        return Speaker(text, start, end, rule="unresolved")

    def _pronoun(self, lower: str, text: str, start: int, end: int, quote) -> Speaker:
        found = self._pronoun_antecedent(lower, text, start, end, quote)
        if lower in {"he", "she"} and len(found.actor_ids) == 1:
            self.gender.setdefault(found.actor_ids[0], lower)
        return found

    def _pronoun_antecedent(self, lower: str, text: str, start: int, end: int, quote) -> Speaker:
        types = PRONOUN_TYPES.get(lower, set())
        # An actor already referred to as "she" is not a later "he", and the other way round.
        other_gender = {a for a, g in self.gender.items() if lower in {"he", "she"} and g != lower}
        # A pronoun subject of a speech verb most often continues the last speaker ("the ministry said ... It said").
        paragraph = self.article.paragraph_of(start)
        recent = [h for h in self.history if h.end <= start and h.text and paragraph - self.article.paragraph_of(h.start) <= 1]
        if recent:
            last = recent[-1]
            fits = (last.actor_ids and {TYPE_OF_PREFIX.get(a.split(":")[0]) for a in last.actor_ids} & types
                    and not set(last.actor_ids) & other_gender) or (
                not last.actor_ids and lower in {"it", "they"} and last.text.lower() not in PRONOUN_TYPES)
            if fits:
                # An unresolved speaker ("the ministry") is carried on by its phrase, so "It said" reads as who it is.
                return Speaker(text, start, end, last.actor_ids, last.names or [last.text], "pronoun" if last.actor_ids else "unresolved")
        found = self.article.antecedent(start, types, exclude=quote, excluded_actors=other_gender)
        if found is not None:
            return Speaker(text, start, end, [found.actor_id], [found.actor_name], "pronoun")
        return Speaker(text, start, end, rule="unresolved")

    def _issued(self, subject, offset: int) -> Speaker:
        start, end = _noun_phrase(subject)
        text = subject.doc.text[start:end]
        ids, names = [], []
        issuers = _issuers(subject)
        # "X said in a statement": the statement is X's.
        if not issuers and subject.dep_ == "pobj" and subject.head.lower_ == "in" and is_speech_verb(subject.head.head):
            speaking = subject_of(subject.head.head)
            issuers = [speaking, *(c for c in speaking.subtree if c.dep_ == "conj")] if speaking is not None else []
        for issuer in issuers:
            for mention in self.article.mentions_in(offset + issuer.idx, offset + issuer.idx + len(issuer.text)):
                if mention.actor_id not in ids:
                    ids.append(mention.actor_id), names.append(mention.actor_name)
        return Speaker(text, start + offset, end + offset, ids, names, "document issuer" if ids else "unresolved")

    def _document(self, subject, offset: int) -> Speaker:
        found = self._issued(subject, offset)
        if not found.actor_ids and _definite(subject):
            earlier = [d for d in self.documents if d.end <= found.start]
            if earlier:
                return Speaker(found.text, found.start, found.end, earlier[-1].actor_ids, earlier[-1].names, "document issuer")
        return found
