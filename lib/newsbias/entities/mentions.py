"""Entity mentions: spaCy's named entities in the content sentences of each article, plus social-media handles."""

from __future__ import annotations

import re

import pandas as pd

from newsbias import parsing
from newsbias.engines import map_articles
from newsbias.quote_marks import inside_any, quote_spans
from newsbias.tables import CONTENT_KINDS

HANDLE = re.compile(r"(?<![\w@])@(\w{2,30})")


def extract_mentions(sentences: pd.DataFrame, texts: pd.DataFrame, nlp, progress: bool = True, *,
                     blocks: pd.DataFrame, engine: str | None = None, scheduler: str | None = None) -> pd.DataFrame:
    """Entity mentions in content sentences, with spaCy's label and whether they sit inside a quotation.

    Needs ``sentences`` (``article_id, sentence_id, block_id, block_kind, text, start_char, end_char``),
    ``texts`` and ``blocks``: the entities are those of each block's parse (:mod:`newsbias.parsing`).
    Returns ``article_id, sentence_id, block_kind, start_char, end_char, text, label, in_quote``
    (offsets into the article's normalised text); social-media handles get the label ``HANDLE``.
    Articles are processed a chunk at a time, here or on Dask (``engine``; :func:`newsbias.engines.map_articles`).
    """
    content = sentences[sentences["block_kind"].isin(CONTENT_KINDS)]
    parsing.ensure_parsed(blocks.loc[blocks["kind"].isin(CONTENT_KINDS), "text"].tolist(), nlp, progress, engine=engine,
                          scheduler=scheduler)
    return map_articles(_chunk_mentions, {"sentences": content, "texts": texts, "blocks": blocks}, nlp, engine=engine,
                                scheduler=scheduler, progress=progress, desc="entities")


MENTION_FIELDS = ["article_id", "sentence_id", "block_kind", "start_char", "end_char", "text", "label", "in_quote"]


def _chunk_mentions(frames: dict[str, pd.DataFrame], nlp) -> pd.DataFrame:
    """The mentions of one chunk of articles (see :func:`extract_mentions`)."""
    content, texts = frames["sentences"], frames["texts"]
    spans = {a: quote_spans(t) for a, t in zip(texts["article_id"], texts["text"])}
    parsed = parsing.SentenceDocs(content, frames["blocks"], nlp)
    rows = []
    for sentence in content.itertuples(index=False):
        doc = parsed[(sentence.article_id, sentence.sentence_id)]
        # spaCy sometimes tags a handle as an organisation: a handle is a handle whatever its label.
        found = [(e.start_char, e.end_char, e.text, "HANDLE" if HANDLE.fullmatch(e.text) else e.label_) for e in doc.ents]
        for match in HANDLE.finditer(sentence.text):
            if not any(s <= match.start() < e for s, e, _, _ in found):
                found.append((match.start(), match.end(), match.group(), "HANDLE"))
        for start, end, text, label in sorted(found):
            absolute = sentence.start_char + start
            rows.append({"article_id": sentence.article_id, "sentence_id": sentence.sentence_id,
                         "block_kind": sentence.block_kind, "start_char": absolute, "end_char": absolute + len(text),
                         "text": text, "label": label,
                         "in_quote": inside_any(absolute, absolute + len(text), spans[sentence.article_id])})
    return pd.DataFrame(rows, columns=MENTION_FIELDS)
