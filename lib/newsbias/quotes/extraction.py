"""Finding quotations: direct, partial and reported speech in the body paragraphs, each with its speech verb and speaker.

:func:`find_quotes` builds the ``quotes`` table from the body paragraphs of each article, parsed with spaCy:

- **direct** quotations: a quoted utterance (a clause, or set off by a colon or comma),
  across sentence boundaries, split by an attribution, or continued into a new paragraph;
- **partial** quotations: quoted words embedded in the author's own sentence with no
  clause of their own (a word or phrase, including scare quotes);
- **reported** speech: the clause a speech verb governs ("X said (that) ...", "X told
  the paper ...", "X warned ..."), and the clause "according to X" is attached to.

The speaker is the subject of the speech verb (before or after the quote), found in the
dependency parse and resolved by :mod:`newsbias.quotes.speakers`. A quotation with no attribution
continues the previous quotation's speaker in the paragraph, or in the paragraph before when it
opens its paragraph. What cannot be resolved keeps its text and ``speaker_rule='unresolved'``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from newsbias import parsing, stagecache
from newsbias.engines import map_articles
from newsbias.quote_marks import QUOTE_MARKS, inner_span, quote_spans
from newsbias.quotes.speakers import (
    SUBJECT_DEPS,
    Article,
    Speaker,
    SpeakerResolver,
    edges_trimmed,
    is_speech_verb,
    subject_of,
)
from newsbias.tables import TABLES

# A quoted name right after one of these is the title of a work (the film "Jaws"), not a quotation.
WORK_NOUNS = frozenset(
    "film movie book novel song album single series show play poem documentary programme program opera painting "
    "game episode podcast exhibition musical titled entitled headline hashtag slogan".split()
)
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}


@dataclass
class _Quote:
    kind: str
    start: int
    end: int
    paragraph: int
    verb: str = ""
    speaker: Speaker = field(default_factory=Speaker)
    opens_paragraph: bool = False


def _direct_quotes(article: Article, number: int, offset: int, doc) -> list[_Quote]:
    quotes = []
    for span_start, span_end in quote_spans(doc.text):
        start, end = inner_span(doc.text, span_start, span_end)
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


def _attribution(resolver: SpeakerResolver, quote: _Quote, offset: int, doc, spans: list[tuple[int, int]]) -> bool:
    """Find the speech verb and speaker of a direct or partial quote; True when found."""
    relative = (quote.start - offset, quote.end - offset)
    inside = [t for t in doc if relative[0] <= t.idx < relative[1]]
    # 1. A speech verb the quote's words hang from ("X said the \"...\"", "\"...,\" X said").
    for token in inside:
        if relative[0] <= token.head.idx < relative[1] and token.head.i != token.i:
            continue
        for ancestor in token.ancestors:
            if not relative[0] <= ancestor.idx < relative[1] and is_speech_verb(ancestor) and _set_speaker(resolver, quote, ancestor, offset):
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
            if is_speech_verb(token) and _set_speaker(resolver, quote, token, offset):
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


def _set_speaker(resolver: SpeakerResolver, quote: _Quote, verb, offset: int) -> bool:
    subject = subject_of(verb)
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


def _reported(article: Article, resolver: SpeakerResolver, number: int, offset: int, doc) -> list[_Quote]:
    """Reported speech: clauses governed by a speech verb, and what "according to X" is attached to."""
    found = []
    quoted = [(s - offset, e - offset) for s, e in article.direct_spans]
    for token in doc:
        if is_speech_verb(token):
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
    tokens = edges_trimmed(tokens)
    while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct):
        tokens = edges_trimmed(tokens[1:])
    while tokens and tokens[-1].dep_ == "cc":
        tokens = edges_trimmed(tokens[:-1])
    if len(tokens) < 2:
        return None, None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _mostly_quoted(start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    """A clause that is (nearly) all inside quote marks is the quotation itself, already found as direct."""
    covered = sum(max(0, min(end, e) - max(start, s)) for s, e in quoted)
    return covered >= 0.9 * (end - start)


def _article_quotes(article: Article) -> list[_Quote]:
    resolver = SpeakerResolver(article)
    found: list[_Quote] = []
    previous: _Quote | None = None
    for number, (offset, doc) in enumerate(article.paragraphs):
        spans = quote_spans(doc.text)
        direct = _direct_quotes(article, number, offset, doc)
        for quote in direct:
            if _attribution(resolver, quote, offset, doc, spans):
                pass
            elif quote.kind == "direct" and quote.opens_paragraph and number and _introduced(
                    resolver, quote, *article.paragraphs[number - 1]):
                pass
            elif quote.kind == "direct" and previous is not None and (
                previous.paragraph == quote.paragraph or (quote.opens_paragraph and previous.paragraph == quote.paragraph - 1)
            ):
                quote.speaker = Speaker(previous.speaker.text, previous.speaker.start, previous.speaker.end,
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


def _introduced(resolver: SpeakerResolver, quote: _Quote, offset: int, doc) -> bool:
    """A quotation that opens its paragraph, introduced by the paragraph before: its last sentence has no quotation
    and a speech verb whose subject is the speaker ("Trump noted in a tweet Wednesday morning.", "Fox tweeted his own
    recollection in response:")."""
    last = list(doc.sents)[-1]
    if any(c in last.text for c in QUOTE_MARKS.replace("'", "").replace("’", "")):
        return False
    for verb in reversed([t for t in last if is_speech_verb(t)]):
        subject = subject_of(verb)
        if subject is not None:
            quote.verb = verb.lemma_.lower()
            quote.speaker = resolver.speaker(subject, offset, (quote.start, quote.end))
            quote.speaker.rule = f"{quote.speaker.rule}, introduced before" if quote.speaker.rule != "none" else "none"
            return True
    return False


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
    found = map_articles(_chunk_quotes, {"blocks": body, "sentences": sentences, "mentions": mentions}, nlp,
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
        article = Article(article_id, parsed[article_id], mentions_of.get(article_id, no_mentions))
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


def _text_at(article: Article, start: int, end: int) -> str:
    number = article.paragraph_of(start)
    if number < 0:
        return ""
    offset, doc = article.paragraphs[number]
    return doc.text[start - offset:end - offset]
