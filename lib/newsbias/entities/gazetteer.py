"""Names the recogniser found elsewhere in the corpus, found again where it missed them.

The small model recognises "HuffPost", "Reuters" or "NBC News" in some articles and misses them in others. An
organisation's name it recognised in :data:`MIN_ARTICLES` articles or more, labelled an organisation in most of
them, is looked for in every sentence of the corpus as a whole, capitalised word sequence; where a longer name
covers a shorter span the recogniser made of it ("Fox" of "Fox News"), the longer name wins. A one-word name the
corpus also writes in lower case (:data:`LOWER_CASE_SHARE` of its recognised uses or more: "apple", "congress" in a
corpus that says "congress" of meetings) is an ordinary word too, and is never looked for; nor are stop words.
People's names are looked for in the same way, under the same conditions ("Romney" in a sentence the recogniser
read as no name): a name it labelled a person in :data:`ORG_SHARE` of its uses, in :data:`MIN_ARTICLES` articles or
more. A one-word person's name is looked for only when it is no English first name ("Joe" is also "Average Joe"
and "Morning Joe"), and found only where no capitalised word stands right beside it, a title before it aside
("President Obama"): in "San Francisco", "Mother Jones", "Joe Raedle/Getty Images" or "Image copyright AFP Image
caption" the word is part of another name. Organisations' and people's names are matched together, the longest
first, so "Trump Tower" wins over "Trump"; the words of a name are matched only when nothing but spaces stands
between them ("Bill [Maher" is no use of "Bill Maher"). A name joined to a prefix by a hyphen is found too ("anti-Trump",
"pro-Putin", "ex-GOP": :data:`_PREFIX`).

Where the recogniser gave a name a label that is not an actor's ("the White House" a building, "WikiLeaks" a
product) and labelled the same name a person, an organisation or a place in :data:`ORG_SHARE` of its uses in
:data:`MIN_ARTICLES` articles or more, the mention takes the corpus's label (:func:`with_corpus_labels`); so does a
full name it labelled an organisation where the corpus labels it a person.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from newsbias.entities.people import known_first_name
from newsbias.entities.spans import DESCRIBING_WORD, NAME_PREFIXES, in_office_title
from newsbias.folding import fold
from newsbias.names import is_title_word
from newsbias.quote_marks import inside_any, quote_spans

MIN_ARTICLES = 2
# A name is looked for when the recogniser labelled it an organisation in at least this share of its uses; a
# thing's name takes an actor label given in this share of its uses (with_corpus_labels).
ORG_SHARE = 2 / 3
LOWER_CASE_SHARE = 0.1
FOUND_BY = "name recognised elsewhere in the corpus"
_WORD = re.compile(r"\S+")
# A capitalised word right before or after a name, with nothing but spaces between.
_WORD_BEFORE = re.compile(r"(?:^|\s)([A-Z][\w'’.-]*[\w.])\s+$")
_WORD_AFTER = re.compile(r"\s+[A-Z]")
# A word written in lower case in prose; not one inside a web or e-mail address or a handle ("pic.twitter.com").
_LOWER_WORD = re.compile(r"(?<![\w'’./@#-])[a-z][a-z]+(?![\w'’/@-]|\.\w)")
_EDGE = "\"'“”‘’()[],.;:!?"
# A prefix joined to a name by a hyphen (spans.NAME_PREFIXES): the name is still looked for ("anti-Trump bias").
_PREFIX = re.compile(rf"^(?i:{'|'.join(NAME_PREFIXES)})-(?=[A-Z])")
# Labels a longer name found again may replace when it covers them.
_REPLACEABLE = {"PERSON", "ORG", "GPE", "NORP"}
RELABELLED = "spaCy NER, relabelled as the corpus labels the name"
# A one-word name labelled a person that follows "on" or "via" in at least this share of its uses, and in
# PLATFORM_USES uses or more, is a medium's or platform's name ("on Twitter": 97 of 163 uses on allsides-dev;
# people's names follow them in under a tenth of their uses there: "pressure on Pelosi").
PLATFORM_SHARE = 1 / 3
PLATFORM_USES = 5
PLATFORM_RELABELLED = "spaCy NER, relabelled: a medium (written after 'on' or 'via')"
_ON_OR_VIA = re.compile(r"(?:^|\W)(?:on|via)\s+$", re.IGNORECASE)
# The labels a name may take from the corpus, and the ones it may lose: entity types that name things, not actors.
_ACTOR_LABELS = ["PERSON", "ORG", "GPE"]
_THING_LABELS = {"FAC", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
# The labels of the names looked for where the recogniser missed them.
_LOOKED_FOR = ("ORG", "PERSON")


def _written(text: pd.Series) -> pd.Series:
    """A mention's name without a leading "the" or a possessive ending."""
    return text.str.replace(r"^(?:the|The)\s+", "", regex=True).str.replace(r"['’]s?$", "", regex=True)


def corpus_names(mentions: pd.DataFrame, lower_case: Counter, stop_words: set[str],
                 labels: tuple[str, ...] = _LOOKED_FOR) -> dict[tuple[str, ...], tuple[str, str]]:
    """The names to look for, as tuples of words, each with its written form and its label (one of ``labels``);
    ``lower_case`` counts the corpus's words written in lower case."""
    recognised = mentions[mentions["found_by"] == "spaCy NER"]
    written = _written(recognised["text"])
    names = {}
    for label in labels:
        share = (recognised["label"] == label).groupby(written).mean()
        as_label = recognised.assign(written=written)[recognised["label"] == label].groupby("written")
        articles, uses = as_label["article_id"].nunique(), as_label.size()
        for name, n_articles in articles.items():
            words = name.split()
            if n_articles < MIN_ARTICLES or share.get(name, 0) < ORG_SHARE or not name[:1].isupper():
                continue
            if len(words) == 1 and (name.lower() in stop_words or len(name) < 3
                                    or lower_case[name.lower()] >= LOWER_CASE_SHARE * uses[name]
                                    or (label == "PERSON" and known_first_name(fold(name)))):
                continue
            names[tuple(words)] = (name, label)
    return names


def _index(names: dict[tuple[str, ...], tuple[str, str]]) -> dict[str, list[tuple[str, ...]]]:
    """The names by their first word, longest first."""
    index: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for words in sorted(names, key=lambda w: (-len(w), w)):
        index[words[0]].append(words)
    return index


def _matches(sentence: str, names: dict[tuple[str, ...], tuple[str, str]],
             index: dict[str, list[tuple[str, ...]]]) -> list[tuple[int, int, tuple[str, str]]]:
    """Whole-word uses of ``names`` in ``sentence``: ``(start, end, (name, label))``, longest first at each word, not
    overlapping."""
    words = [(m.start(), m.group()) for m in _WORD.finditer(sentence)]
    stripped = [_PREFIX.sub("", w.strip(_EDGE)) for _, w in words]
    found, i = [], 0
    while i < len(words):
        match = None
        first = re.sub(r"['’]s$", "", stripped[i])
        for name in index.get(stripped[i], []) + (index.get(first, []) if first != stripped[i] else []):
            size = len(name)
            if i + size > len(words):
                continue
            last = re.sub(r"['’]s$", "", stripped[i + size - 1])
            inner = [w for _, w in words[i:i + size]]
            if size > 1 and (inner[0].rstrip(_EDGE) != inner[0] or any(w.strip(_EDGE) != w for w in inner[1:-1])
                             or inner[-1].lstrip(_EDGE) != inner[-1]):
                continue  # "Bill [Maher", "Chris,” Christie": the words of no one name
            if tuple(stripped[i:i + size - 1]) + (last,) == name if size > 1 else last == name[0]:
                start = words[i][0] + words[i][1].index(stripped[i])
                end = sentence.index(last, words[i + size - 1][0]) + len(last)
                match = (start, end, names[name], size)
                break
        if match is None:
            i += 1
            continue
        found.append(match[:3])
        i += match[3]
    return found


def _beside_a_name(sentence: str, start: int, end: int) -> bool:
    """Whether a capitalised word stands right before ``sentence[start:end]`` (a title aside) or right after it (a
    possessive's "'s" aside), with only spaces between."""
    before = _WORD_BEFORE.search(sentence[:start])
    after = _WORD_AFTER.match(re.sub(r"^['’]s?", "", sentence[end:]))
    return bool(before and not is_title_word(before.group(1))) or bool(after)


def with_corpus_names(mentions: pd.DataFrame, sentences: pd.DataFrame, texts: pd.DataFrame,
                      stop_words: set[str]) -> pd.DataFrame:
    """``mentions`` with the uses of :func:`corpus_names` the recogniser missed (``found_by`` says so), in the
    table's order; a shorter span a longer name covers is replaced by it."""
    lower_case = Counter(w for text in sentences["text"] for w in _LOWER_WORD.findall(text))
    names = corpus_names(mentions, lower_case, stop_words)
    if not names:
        return mentions
    index = _index(names)
    by_sentence: dict[tuple[str, int], list[int]] = defaultdict(list)
    for position, key in enumerate(zip(mentions["article_id"], mentions["sentence_id"])):
        by_sentence[key].append(position)
    starts, ends, labels = mentions["start_char"].to_numpy(), mentions["end_char"].to_numpy(), mentions["label"].to_numpy()
    quoted = {}
    text_of = dict(zip(texts["article_id"], texts["text"]))
    added, dropped = [], set()
    for sentence in sentences.itertuples(index=False):
        here = by_sentence.get((sentence.article_id, sentence.sentence_id), [])
        people = {starts[p] - sentence.start_char for p in here if labels[p] == "PERSON"}
        for start, end, (name, label) in _matches(sentence.text, names, index):
            if in_office_title(sentence.text, start, end, people):  # "Director of National Intelligence Dan Coats"
                continue
            if label == "PERSON" and " " not in name and _beside_a_name(sentence.text, start, end):
                continue
            start, end = sentence.start_char + start, sentence.start_char + end
            overlapping = [p for p in here if starts[p] < end and start < ends[p]]
            if any(starts[p] < start or ends[p] > end or labels[p] not in _REPLACEABLE for p in overlapping):
                continue
            if any(starts[p] == start and ends[p] == end for p in overlapping):
                continue
            dropped.update(overlapping)
            if sentence.article_id not in quoted:
                quoted[sentence.article_id] = quote_spans(text_of[sentence.article_id])
            added.append({"article_id": sentence.article_id, "sentence_id": sentence.sentence_id,
                          "block_kind": sentence.block_kind, "start_char": start, "end_char": end,
                          "text": text_of[sentence.article_id][start:end], "label": label, "found_by": FOUND_BY,
                          "in_quote": inside_any(start, end, quoted[sentence.article_id])})
    if not added:
        return mentions
    kept = mentions.drop(index=mentions.index[sorted(dropped)])
    order = {a: i for i, a in enumerate(dict.fromkeys(sentences["article_id"]))}
    combined = pd.concat([kept, pd.DataFrame(added, columns=mentions.columns)], ignore_index=True)
    combined = combined.assign(_order=combined["article_id"].map(order))
    return combined.sort_values(["_order", "sentence_id", "start_char", "end_char"], kind="stable").drop(
        columns="_order").reset_index(drop=True)


def with_corpus_labels(mentions: pd.DataFrame) -> pd.DataFrame:
    """``mentions`` (``article_id, text, label, found_by`` and the rest) where a recognised name labelled a thing (a
    building, a place that is no country or city, a product, a work, an event, a law, a language:
    :data:`_THING_LABELS`) takes the actor label the recogniser gave the same name in :data:`ORG_SHARE` of its uses,
    in :data:`MIN_ARTICLES` articles or more; so does a name of two words or more labelled an organisation that the
    corpus labels a person ("Reince Priebus" in the one article where the recogniser took him for an organisation,
    and with him the lone surnames the article goes on to write). ``label`` and ``found_by`` change, nothing else.
    Only the recogniser's own labels (``found_by == "spaCy NER"``) are counted."""
    recognised = mentions["found_by"] == "spaCy NER"
    written = _written(mentions["text"])
    uses = pd.crosstab(written[recognised], mentions.loc[recognised, "label"])
    as_actor = uses.reindex(columns=_ACTOR_LABELS, fill_value=0)
    articles = (mentions[recognised].assign(written=written[recognised])
                .groupby(["written", "label"])["article_id"].nunique())
    label = as_actor.idxmax(axis=1)
    held = (as_actor.max(axis=1) >= ORG_SHARE * uses.sum(axis=1)) & (as_actor.max(axis=1) > 0)
    held &= pd.Series([articles.get((name, best), 0) >= MIN_ARTICLES for name, best in label.items()], index=label.index,
                      dtype=bool)
    corpus_label = label[held]
    taken = written.map(corpus_label)
    person_named_org = (mentions["label"] == "ORG") & (taken == "PERSON") & written.str.contains(" ", regex=False)
    relabel = recognised & (mentions["label"].isin(_THING_LABELS) | person_named_org) & taken.notna()
    if not relabel.any():
        return mentions
    result = mentions.copy()
    result.loc[relabel, "label"] = written[relabel].map(corpus_label).to_numpy()
    result.loc[relabel, "found_by"] = RELABELLED
    return result


def with_platform_labels(mentions: pd.DataFrame, texts: pd.DataFrame) -> pd.DataFrame:
    """``mentions`` where a one-word name the recogniser labelled a person, written after "on" or "via" in
    :data:`PLATFORM_SHARE` of its uses or more (:data:`PLATFORM_USES` at least), is labelled an organisation: the
    recogniser takes "Twitter" for a person, and no person is used that way. ``texts`` (``article_id, text``) gives
    the words before each mention; ``label`` and ``found_by`` change, nothing else."""
    people = ((mentions["label"] == "PERSON") & ~mentions["text"].str.contains(r"\s", regex=True)
              & (mentions["found_by"] != DESCRIBING_WORD))
    if not people.any():
        return mentions
    text = dict(zip(texts["article_id"], texts["text"]))
    rows = mentions[people]
    after_on = pd.Series([bool(_ON_OR_VIA.search(text[a][max(0, start - 8):start]))
                          for a, start in zip(rows["article_id"], rows["start_char"])], index=rows.index)
    written = _written(rows["text"])
    share, uses = after_on.groupby(written).mean(), written.value_counts()
    platforms = share.index[(share >= PLATFORM_SHARE) & (uses.reindex(share.index) >= PLATFORM_USES)]
    relabel = written.index[written.isin(platforms)]
    if relabel.empty:
        return mentions
    result = mentions.copy()
    result.loc[relabel, ["label", "found_by"]] = ["ORG", PLATFORM_RELABELLED]
    return result
