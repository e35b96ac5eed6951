"""References to a person other than by name: pronouns ("he said", "she was criticised") and roles ("the senator").

They count toward a person's tone (the sentiment stage scores them as targets), never toward how often the person
is named (``actor_frequency`` counts names). Each is resolved only when the text makes it safe, and says by which
rule (``reference``):

- ``pronoun: one person before``: a third-person pronoun (he, him, his, she, her) with exactly one person named in
  its sentence before it and in the sentence before, of no other gender;
- ``pronoun: one person of its gender before``: otherwise, the one person of the pronoun's gender named there when
  every other person named there is known to be of the other gender ("Trump met Pelosi ... she said");
- ``pronoun: subject before``: otherwise, the person who is the subject of the sentence before (outside a
  complement clause) when no person is named between them in the pronoun's own sentence (off by default);
- ``role`` (off by default): "the senator", "the four-term congressman": the person the article gave that role (a title before the
  name, or an apposition: :mod:`newsbias.roles`), the most recent within three paragraphs.

A person's gender comes from the honorifics the article writes before the name ("Mr.", "Ms.", "Mrs."), else from
those the corpus writes before the person's names (:func:`newsbias.entities.titles.actor_sexes`: "Mr." in 80% of
them); nothing is assumed from a first name.
"""

from __future__ import annotations

import pandas as pd

from newsbias import parsing, stagecache
from newsbias.engines import map_articles
from newsbias.entities.mentions import gender_titles
from newsbias.entities.titles import actor_sexes
from newsbias.errors import NewsbiasError
from newsbias.quote_marks import inside_any, quote_spans
from newsbias.roles import ROLE_NOUNS, roles_of
from newsbias.tables import TABLES

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
ROLE_PARAGRAPHS = 3
RULES = ("pronoun: one person before", "pronoun: one person of its gender before", "pronoun: subject before", "role")
# Measured precision on blind-labelled samples (data/gold/references/): 0.91, 0.96, 0.69 and 0.67; only the first
# two are on by default, as the ones a researcher can count on (0.85 or more).
DEFAULT_RULES = ("pronoun: one person before", "pronoun: one person of its gender before")
# The table's columns before the quotation marks' voice is added (newsbias.quotes.mark_mentions).
COLUMNS = [c for c in TABLES["references"] if c not in ("quote_id", "voice")]


@stagecache.stage()
def find_references(mentions: pd.DataFrame, sentences: pd.DataFrame, blocks: pd.DataFrame, texts: pd.DataFrame,
                    nlp, rules: tuple[str, ...] = DEFAULT_RULES, progress: bool = False) -> pd.DataFrame:
    """The ``references`` table: pronouns and roles in body sentences resolved to a person of ``mentions`` by the
    ``rules`` chosen (of :data:`RULES`; by default only the one measured precise enough to count on).

    Needs ``mentions`` (``article_id, sentence_id, start_char, end_char, text, actor_id, actor_name, actor_type``),
    ``sentences``, ``blocks`` (the paragraphs' parses) and ``texts`` (for quotation marks). Articles are processed
    a chunk at a time (:func:`newsbias.engines.map_articles`: on worker processes, or Dask).
    """
    unknown = set(rules) - set(RULES)
    if unknown:
        raise NewsbiasError(f"unknown reference rule(s) {sorted(unknown)}; choose from {list(RULES)}.")
    body = sentences[sentences["block_kind"] == "body"]
    named = mentions[mentions["actor_type"] == "person"]
    sexes = actor_sexes(named["actor_id"].tolist(), gender_titles(named, sentences))
    people = named[named["block_kind"] == "body"]
    people = people.assign(corpus_gender=[sexes.get(actor_id, "") for actor_id in people["actor_id"]])
    frames = {"sentences": body, "people": people[["article_id", "sentence_id", "start_char", "end_char", "text", "actor_id",
                                                   "actor_name", "corpus_gender"]],
              "blocks": blocks[blocks["article_id"].isin(set(body["article_id"]))], "texts": texts[["article_id", "text"]]}
    table = map_articles(_chunk_references, frames, nlp, progress=progress, desc="references")
    return table[table["reference"].isin(rules)].reset_index(drop=True)


def _chunk_references(frames: dict[str, pd.DataFrame], nlp) -> pd.DataFrame:
    """The references of one chunk of articles (see :func:`find_references`)."""
    body, people = frames["sentences"], frames["people"]
    parsed, block_start = parsing.block_docs(body, frames["blocks"], nlp)
    by_article = dict(list(people.groupby("article_id", sort=False)))
    quoted = {a: quote_spans(t) for a, t in zip(frames["texts"]["article_id"], frames["texts"]["text"])}
    rows = []
    for article_id, own in body.groupby("article_id", sort=False):
        rows += _article_references(article_id, own, by_article.get(article_id, people.iloc[:0]), parsed, block_start,
                                    quoted.get(article_id, []))
    return pd.DataFrame(rows, columns=COLUMNS)


def _person_mentions(people: pd.DataFrame, parsed: dict, block_start: dict, sentences: pd.DataFrame) -> list[dict]:
    """The article's person mentions with their sentence, paragraph, whether a main subject, roles and gender."""
    block_of = dict(zip(sentences["sentence_id"], sentences["block_id"]))
    found = []
    for row in people.itertuples(index=False):
        block_id = block_of.get(row.sentence_id)
        if block_id is None:
            continue
        doc, offset = parsed[(row.article_id, block_id)], block_start[(row.article_id, block_id)]
        span = doc.char_span(row.start_char - offset, row.end_char - offset, alignment_mode="expand")
        if span is None or not len(span):
            continue
        head = span.root
        main = head.dep_ in {"nsubj", "nsubjpass"} and not any(t.dep_ in {"ccomp", "xcomp"} for t in [head.head, *head.head.ancestors])
        before = [t.lower_.rstrip(".") for t in doc[max(0, span.start - 2):span.start]] + [w.lower().rstrip(".") for w in row.text.split()[:1]]
        gender = next((HONORIFIC_GENDER[w] for w in before if w in HONORIFIC_GENDER), "")
        found.append({"start": row.start_char, "sentence_id": row.sentence_id, "block_id": block_id, "actor_id": row.actor_id,
                      "actor_name": row.actor_name, "main": main, "roles": roles_of(head, row.text), "gender": gender,
                      "corpus_gender": row.corpus_gender})
    return sorted(found, key=lambda m: m["start"])


def _article_references(article_id: str, sentences: pd.DataFrame, people: pd.DataFrame, parsed: dict, block_start: dict,
                        quoted: list) -> list[dict]:
    mentions = _person_mentions(people, parsed, block_start, sentences)
    if not mentions:
        return []
    gender: dict[str, str] = {}
    for m in mentions:
        if m["gender"]:
            gender.setdefault(m["actor_id"], m["gender"])
    for m in mentions:
        if m["corpus_gender"]:
            gender.setdefault(m["actor_id"], m["corpus_gender"])
    names = {m["actor_id"]: m["actor_name"] for m in mentions}
    order = list(sentences.sort_values("sentence_id").itertuples(index=False))
    previous_of = {s.sentence_id: (order[i - 1].sentence_id if i else None) for i, s in enumerate(order)}
    paragraph_index = {b: i for i, b in enumerate(dict.fromkeys(s.block_id for s in order))}
    rows = []
    for sentence in order:
        doc, offset = parsed[(article_id, sentence.block_id)], block_start[(article_id, sentence.block_id)]
        span = doc.char_span(sentence.start_char - offset, sentence.end_char - offset, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            start = offset + token.idx
            if any(m["start"] <= start < m["start"] + 1 for m in mentions):
                continue
            found = None
            if token.lower_ in PRONOUN_GENDER and token.tag_ in {"PRP", "PRP$"}:
                found = _pronoun(token.lower_, start, sentence.sentence_id, previous_of, mentions, gender)
            elif token.lower_ in ROLE_NOUNS and token.is_lower and not token.ent_type_ and any(
                    c.dep_ == "det" and c.lower_ == "the" for c in token.children) and not any(
                    c.dep_ in {"appos", "compound"} and c.pos_ == "PROPN" for c in token.children):
                found = _role(token.lower_, start, paragraph_index[sentence.block_id], mentions, paragraph_index)
            if found is None:
                continue
            actor_id, rule = found
            end = start + len(token.text)
            rows.append({"article_id": article_id, "sentence_id": sentence.sentence_id, "block_kind": "body",
                         "start_char": start, "end_char": end, "text": token.text, "actor_id": actor_id,
                         "actor_name": names[actor_id], "actor_type": "person", "reference": rule,
                         "in_quote": inside_any(start, end, quoted)})
    return rows


def _pronoun(word: str, start: int, sentence_id: int, previous_of: dict, mentions: list[dict],
             gender: dict[str, str]) -> tuple[str, str] | None:
    wanted = PRONOUN_GENDER[word]
    previous = previous_of.get(sentence_id)
    window = [m for m in mentions if m["start"] < start and m["sentence_id"] in (sentence_id, previous)]
    fitting = {m["actor_id"] for m in window if gender.get(m["actor_id"], wanted) == wanted}
    if len(fitting) == 1 and len({m["actor_id"] for m in window}) == 1:
        return fitting.pop(), "pronoun: one person before"
    if len(fitting) == 1 and all(m["actor_id"] in fitting or m["actor_id"] in gender for m in window):
        return fitting.pop(), "pronoun: one person of its gender before"
    if any(m["sentence_id"] == sentence_id for m in window):
        return None
    subjects = [m for m in window if m["sentence_id"] == previous and m["main"] and gender.get(m["actor_id"], wanted) == wanted]
    if subjects:
        return subjects[-1]["actor_id"], "pronoun: subject before"
    return None


def _role(word: str, start: int, paragraph: int, mentions: list[dict], paragraph_index: dict) -> tuple[str, str] | None:
    given = [m for m in mentions if m["start"] < start and word in m["roles"]
             and paragraph - paragraph_index.get(m["block_id"], paragraph) < ROLE_PARAGRAPHS]
    if not given:
        return None
    return given[-1]["actor_id"], "role"
