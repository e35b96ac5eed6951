"""Entity mentions: spaCy's named entities in the content sentences of each article (put right by
:mod:`newsbias.entities.spans`), the names it missed where an article repeats them, and social-media handles."""

from __future__ import annotations

import re

import pandas as pd

from newsbias import parsing
from newsbias.engines import map_articles
from newsbias.english import adjectives, dictionary_words, verb_lemmas
from newsbias.entities.gazetteer import with_corpus_labels, with_corpus_names, with_platform_labels
from newsbias.entities.spans import (
    Span,
    bracketed_acronyms,
    corrected,
    cut_run_on,
    describing_word,
    names_used,
    repeatable_names,
    repeats,
    surnames_as_people,
    titled_names,
    without_describing_words,
    without_office_titles,
)
from newsbias.folding import fold
from newsbias.names import clean_name, without_descriptors
from newsbias.quote_marks import inside_any, quote_spans
from newsbias.tables import CONTENT_KINDS

HANDLE = re.compile(r"(?<![\w@])@(\w{2,30})")
# The longer words of a sentence, whose capitals tell prose ("fired back on Twitter") from a headline.
_LONG_WORD = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]{3,}")
# A sentence is prose when fewer than this share of its longer words (the name left out) start with a capital.
PROSE_CAPITALS = 0.5
# A lone capitalised verb is a name when prose writes it so in this many articles.
PROSE_ARTICLES = 2


def extract_mentions(sentences: pd.DataFrame, texts: pd.DataFrame, nlp, progress: bool = True, *,
                     blocks: pd.DataFrame, engine: str | None = None, scheduler: str | None = None) -> pd.DataFrame:
    """Entity mentions in content sentences, with spaCy's label and whether they sit inside a quotation.

    Needs ``sentences`` (``article_id, sentence_id, block_id, block_kind, text, start_char, end_char``),
    ``texts`` and ``blocks``: the entities are those of each block's parse (:mod:`newsbias.parsing`).
    Returns ``article_id, sentence_id, block_kind, start_char, end_char, text, label, found_by, in_quote``
    (offsets into the article's normalised text); social-media handles get the label ``HANDLE``. Spans are put
    right and names the recogniser missed where the article repeats them are added (:mod:`newsbias.entities.spans`),
    and so are the organisation names it recognised elsewhere in the corpus; a name it labelled a thing here and an
    actor elsewhere takes the corpus's label, and a one-word "person" mostly written after "on" or "via" ("on
    Twitter") is an organisation (:mod:`newsbias.entities.gazetteer`).
    Articles are processed a chunk at a time, here or on Dask (``engine``; :func:`newsbias.engines.map_articles`).
    """
    content = sentences[sentences["block_kind"].isin(CONTENT_KINDS)]
    parsing.ensure_parsed(blocks.loc[blocks["kind"].isin(CONTENT_KINDS), "text"].tolist(), nlp, progress, engine=engine,
                          scheduler=scheduler)
    found = map_articles(_chunk_mentions, {"sentences": content, "texts": texts, "blocks": blocks}, nlp, engine=engine,
                         scheduler=scheduler, progress=progress, desc="entities")
    found = with_corpus_labels(with_corpus_names(found, content, texts, set(nlp.Defaults.stop_words)))
    return with_platform_labels(found, texts)


def names_in_prose(mentions: pd.DataFrame, sentences: pd.DataFrame) -> frozenset[str]:
    """The one-word person names the corpus writes with a capital inside prose in :data:`PROSE_ARTICLES` articles or
    more, folded as resolution folds a name: not as a sentence's first word, in a sentence whose longer words are
    mostly lower case. There a capital marks a name even when the word is also an English verb ("fired back on
    Twitter"); in a headline ("Farenthold Resigns") it does not, nor does a capitalised word once ("a Scrabble
    board")."""
    one_word = mentions.loc[(mentions["label"] == "PERSON") & ~mentions["text"].str.contains(r"\s"),
                            ["article_id", "sentence_id", "start_char", "text"]]
    placed = one_word.merge(sentences[["article_id", "sentence_id", "start_char", "text"]],
                            on=["article_id", "sentence_id"], suffixes=("", "_sentence"))
    articles: dict[str, set[str]] = {}
    for article_id, start, name, sentence_start, sentence in zip(
            placed["article_id"], placed["start_char"], placed["text"], placed["start_char_sentence"],
            placed["text_sentence"]):
        offset = start - sentence_start
        if not re.search(r"\w", sentence[:offset]):
            continue
        words = _LONG_WORD.findall(sentence[:offset] + sentence[offset + len(name):])
        if words and sum(w[0].isupper() for w in words) < PROSE_CAPITALS * len(words):
            articles.setdefault(fold(without_descriptors(clean_name(name))), set()).add(article_id)
    return frozenset(word for word, found_in in articles.items() if len(found_in) >= PROSE_ARTICLES)


# Titles that say whether a person is a man or a woman ("Miss" is left out: it also names a title holder, "Miss
# Universe Alicia Machado"), written just before a name or at the start of the mention.
GENDER_TITLES = {"Mr": "m", "Mrs": "f", "Ms": "f"}
_TITLE_BEFORE = re.compile(r"(?<![\w.])(Mr|Mrs|Ms)\.?\s+$")
_TITLE_AT_START = re.compile(r"^(Mr|Mrs|Ms)\.?\s+")


def gender_titles(mentions: pd.DataFrame, sentences: pd.DataFrame) -> list[str]:
    """Per mention, in table order: "m" for a name written after "Mr.", "f" after "Mrs." or "Ms.", else "" (see
    :data:`GENDER_TITLES`). Resolution uses them to tell "Mrs. Trump" from the Trump an article introduced first."""
    placed = {(a, s): (start, text) for a, s, start, text in zip(sentences["article_id"], sentences["sentence_id"],
                                                               sentences["start_char"], sentences["text"])}
    found = []
    for article_id, sentence_id, start, text in zip(mentions["article_id"], mentions["sentence_id"],
                                                    mentions["start_char"], mentions["text"]):
        sentence_start, sentence = placed.get((article_id, sentence_id), (start, ""))
        match = _TITLE_AT_START.match(text) or _TITLE_BEFORE.search(sentence[max(0, start - sentence_start - 6):
                                                                             start - sentence_start])
        found.append(GENDER_TITLES[match.group(1)] if match else "")
    return found


MENTION_FIELDS = ["article_id", "sentence_id", "block_kind", "start_char", "end_char", "text", "label", "found_by",
                  "in_quote"]


def _chunk_mentions(frames: dict[str, pd.DataFrame], nlp) -> pd.DataFrame:
    """The mentions of one chunk of articles (see :func:`extract_mentions`).

    The entities are read off each paragraph's parse, sentence by sentence (an entity that crosses a sentence
    boundary is left out), without cutting a document per sentence."""
    content, texts = frames["sentences"], frames["texts"]
    quoted = {a: quote_spans(t) for a, t in zip(texts["article_id"], texts["text"])}
    parsed, block_start = parsing.block_docs(content, frames["blocks"], nlp)
    verbs, stop_words, dictionary = verb_lemmas(nlp), set(nlp.Defaults.stop_words), dictionary_words(nlp)
    adjective_words = adjectives(nlp)
    rows = []
    for article_id, sentences in content.groupby("article_id", sort=False):
        sentences = list(sentences.itertuples(index=False))
        found = _article_spans(article_id, sentences, parsed, block_start, dictionary, adjective_words)
        full, surnames = names_used([span for spans in found for span in spans])
        found = surnames_as_people(without_describing_words(found, surnames), surnames, dictionary)
        found = [without_office_titles(sentence.text, [cut_run_on(span, full, surnames, verbs) for span in spans])
                 for sentence, spans in zip(sentences, found)]
        found = [sorted(spans + bracketed_acronyms(sentence.text, spans), key=lambda s: (s.start, s.end))
                 for sentence, spans in zip(sentences, found)]
        names = repeatable_names([span for spans in found for span in spans])
        for sentence, spans in zip(sentences, found):
            spans = spans + titled_names(sentence.text, spans)
            spans = without_office_titles(sentence.text, spans + repeats(sentence.text, spans, names, stop_words))
            for span in sorted(spans, key=lambda s: (s.start, s.end)):
                start, end = sentence.start_char + span.start, sentence.start_char + span.end
                rows.append({"article_id": article_id, "sentence_id": sentence.sentence_id,
                             "block_kind": sentence.block_kind, "start_char": start, "end_char": end, "text": span.text,
                             "label": span.label, "found_by": span.found_by,
                             "in_quote": inside_any(start, end, quoted[article_id])})
    return pd.DataFrame(rows, columns=MENTION_FIELDS)


def _article_spans(article_id: str, sentences: list, parsed: dict, block_start: dict, dictionary: frozenset[str],
                   adjective_words: frozenset[str]) -> list[list[Span]]:
    """Per sentence of an article: spaCy's entities (corrected; an adjective the recogniser took for a name is
    marked: :func:`newsbias.entities.spans.describing_word`) and the handles, offsets within the sentence."""
    found: list[list[Span]] = [[] for _ in sentences]
    by_block: dict[int, list[int]] = {}
    for position, sentence in enumerate(sentences):
        by_block.setdefault(sentence.block_id, []).append(position)
    for block_id, positions in by_block.items():
        doc = parsed[(article_id, block_id)]
        text, offset = doc.text, block_start[(article_id, block_id)]
        bounds = [(sentences[p].start_char - offset, sentences[p].end_char - offset, p) for p in positions]
        for ent in doc.ents:
            described = describing_word(ent, adjective_words)
            spans = ([Span(ent.start_char, ent.end_char, ent.text, "HANDLE", "handle")] if HANDLE.fullmatch(ent.text)
                     else [described] if described is not None else corrected(ent, dictionary, text))
            for span in spans:
                home = next((p for s, e, p in bounds if s <= span.start and span.end <= e), None)
                if home is None and len(spans) == 1:  # carried on past its sentence's end: the recogniser's span
                    span = Span(ent.start_char, ent.end_char, ent.text, span.label, span.found_by)
                    home = next((p for s, e, p in bounds if s <= span.start and span.end <= e), None)
                if home is not None:
                    shift = sentences[home].start_char - offset
                    found[home].append(Span(span.start - shift, span.end - shift, span.text, span.label, span.found_by))
    # A name carried on over what the recogniser made another entity (a nickname's rest, an ordinal): the longest wins.
    for position, spans in enumerate(found):
        kept: list[Span] = []
        for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):  # the longest first
            if not any(k.start < span.end and span.start < k.end for k in kept):
                kept.append(span)
        found[position] = sorted(kept, key=lambda s: (s.start, s.end))
    for sentence, spans in zip(sentences, found):
        for match in HANDLE.finditer(sentence.text):
            if not any(s.start <= match.start() < s.end for s in spans):
                spans.append(Span(match.start(), match.end(), match.group(), "HANDLE", "handle"))
    return found
