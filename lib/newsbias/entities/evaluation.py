"""Measuring actor resolution against hand-linked mentions (see ``data/gold/entities/GUIDELINES.md``).

A gold file lists, per article of a corpus, every person and organisation mention by name with the actor it
refers to (character offsets into the article's ``text`` as in the corpus file). :func:`evaluate_linking` runs
ingestion and the entity stage on the corpus the articles come from (the whole corpus, so that names from other
articles can be confused, as they are in use) and scores the gold articles:

- gold and system mentions are paired one to one by the largest character overlap;
- each gold actor's **main id** is the system ``actor_id`` most of its paired mentions got, and each system id's
  **owner** the gold actor most of its paired mentions are; a gold mention is **linked correctly** when its system
  id is its actor's main id and that id's owner is its actor;
- **recall**: correctly linked gold mentions over all gold mentions in the text the stage reads (content blocks);
  **precision**: correctly linked over the system's mentions in the gold articles that are paired, or are person or
  organisation mentions that pair with nothing (a name the stage took for an actor where the gold has none);
  recall and precision **given detection** count only paired mentions;
- **split**: per gold actor, the share of its paired mentions under an id other than its main id;
- **false merges**: system ids whose paired mentions belong to two or more gold actors.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newsbias import spacy_pipeline
from newsbias.entities import find_actors, find_references
from newsbias.entities.references import RULES
from newsbias.entities.resolution import ActorRules
from newsbias.errors import NewsbiasError
from newsbias.ingestion import ingest
from newsbias.ingestion.normalise import normalise_text
from newsbias.jsonlines import read_records
from newsbias.names import person_name
from newsbias.quotes.evaluation import same_speaker
from newsbias.tables import CONTENT_KINDS

PERSON_OR_ORG = {"person", "organisation"}


@dataclass
class GoldArticle:
    corpus: str
    article_id: str
    text_sha256: str
    mentions: list[dict]


def read_linking_gold(path: str | Path) -> list[GoldArticle]:
    """Read a gold file of hand-linked mentions; a line that is not such a record is an error naming it."""
    def article(record: dict, number: int) -> list[GoldArticle]:
        mentions = record["mentions"]
        for mention in mentions:
            if not (isinstance(mention["start"], int) and mention["end"] > mention["start"] and mention["actor"]
                    and mention["type"] in PERSON_OR_ORG):
                raise ValueError(f"mention {mention} needs start < end, an actor and a type person/organisation")
        return [GoldArticle(record["corpus"], record["article_id"], record["text_sha256"], mentions)]

    return read_records(path, "gold linking record", article)


def normalised_offsets(raw: str) -> list[int]:
    """For each offset of ``raw`` (and its end), the offset in the normalised text ingestion works on."""
    _, edits = normalise_text(raw)
    mapping, shift, position = [], 0, 0
    for edit in edits:  # edits are in order; ``start``/``end`` are in the normalised text
        raw_start = edit.start - shift
        while position < raw_start:
            mapping.append(position + shift)
            position += 1
        for _ in edit.original:
            mapping.append(edit.start)
            position += 1
        shift += len(edit.replacement) - len(edit.original)
    while position <= len(raw):
        mapping.append(position + shift)
        position += 1
    return mapping


def _corpus_texts(path: Path) -> dict[str, str]:
    return dict(read_records(path, "corpus record", lambda r, _: [(str(r.get("article_id", "")), r.get("text", ""))]))


def system_mentions(corpus: Path, nlp, rules: ActorRules | None = None, progress: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The entity stage's ``mentions`` for a whole corpus, and its content ``sentences``, as ``make run`` makes them."""
    result = ingest(corpus, on_bad_record="set_aside", progress=progress)
    mentions, _ = find_actors(result.sentences, result.texts, nlp, rules, progress=progress, blocks=result.blocks)
    return mentions, result.sentences[result.sentences["block_kind"].isin(CONTENT_KINDS)]


def _pairs(gold: list[dict], system: pd.DataFrame) -> tuple[list[tuple[int, int]], set[int]]:
    """One-to-one pairs (gold index, system row) by largest overlap; and the system rows that overlap a gold
    mention paired with another system mention (a name split in two by the recogniser: neither right nor wrong)."""
    candidates = []
    rows = list(zip(system["start_char"], system["end_char"]))
    for g, mention in enumerate(gold):
        for s, (start, end) in enumerate(rows):
            shared = min(end, mention["end"]) - max(start, mention["start"])
            if shared > 0:
                candidates.append((-shared, g, s))
    pairs, used_g, used_s = [], set(), set()
    for _, g, s in sorted(candidates):
        if g not in used_g and s not in used_s:
            used_g.add(g), used_s.add(s)
            pairs.append((g, s))
    overlapping = {s for _, g, s in candidates if s not in used_s}
    return pairs, overlapping


def link_table(gold: list[GoldArticle], mentions: pd.DataFrame, sentences: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """One row per gold mention and per system mention that counts (see the module's docstring)."""
    rows = []
    by_article = dict(list(mentions[mentions["actor_id"] != ""].groupby("article_id", sort=False)))
    spans = dict(list(sentences.groupby("article_id", sort=False)))
    for article in gold:
        raw = texts.get(article.article_id)
        if raw is None:
            raise NewsbiasError(f"article {article.article_id!r} of the gold file is not in the corpus given.")
        if hashlib.sha256(raw.encode("utf-8")).hexdigest() != article.text_sha256:
            raise NewsbiasError(f"article {article.article_id!r}: its text differs from the one the gold was made on "
                                "(text_sha256); use the corpus release the gold names.")
        where = normalised_offsets(raw)
        own = spans.get(article.article_id, sentences.iloc[:0])
        readable = list(zip(own["start_char"], own["end_char"]))
        gold_mentions = []
        for m in article.mentions:
            start, end = where[m["start"]], where[m["end"]]
            # a mention inside text normalisation removed (a hover card) is out of scope, as one in boilerplate is
            in_scope = end > start and any(s <= start and end <= e for s, e in readable)
            gold_mentions.append({**m, "start": start, "end": end, "in_scope": in_scope})
        system = by_article.get(article.article_id, mentions.iloc[:0]).reset_index(drop=True)
        pairs, overlapping = _pairs(gold_mentions, system)
        paired = dict(pairs)
        paired_system = {s for _, s in pairs}
        for g, m in enumerate(gold_mentions):
            s = paired.get(g)
            rows.append({"article_id": article.article_id, "start": m["start"], "text": m["text"], "gold_actor": m["actor"],
                         "gold_type": m["type"], "modifier": bool(m.get("modifier")), "in_scope": m["in_scope"],
                         "system_text": "" if s is None else system.at[s, "text"],
                         "actor_id": "" if s is None else system.at[s, "actor_id"],
                         "link_rule": "" if s is None else system.at[s, "link_rule"]})
        for s in range(len(system)):
            if s in paired_system or s in overlapping or system.at[s, "actor_type"] not in PERSON_OR_ORG:
                continue
            rows.append({"article_id": article.article_id, "start": int(system.at[s, "start_char"]), "text": "",
                         "gold_actor": "", "gold_type": "", "modifier": False, "in_scope": True,
                         "system_text": system.at[s, "text"], "actor_id": system.at[s, "actor_id"],
                         "link_rule": system.at[s, "link_rule"]})
    table = pd.DataFrame(rows)
    paired = table[(table["gold_actor"] != "") & (table["actor_id"] != "")]
    main_id = {a: Counter(g).most_common(1)[0][0] for a, g in paired.groupby("gold_actor")["actor_id"]}
    owner = {i: Counter(g).most_common(1)[0][0] for i, g in paired.groupby("actor_id")["gold_actor"]}
    table["main_id"] = table["gold_actor"].map(main_id).fillna("")
    table["correct"] = [gold != "" and actor_id != "" and actor_id == main_id.get(gold) and owner.get(actor_id) == gold
                        for gold, actor_id in zip(table["gold_actor"], table["actor_id"])]
    return table


def summarise_linking(table: pd.DataFrame, label: str) -> dict:
    """Precision, recall (end to end, and given detection), splits and false merges of a :func:`link_table`."""
    gold = table[(table["gold_actor"] != "") & table["in_scope"]]
    system = table[(table["actor_id"] != "") & table["in_scope"]]
    paired = gold[gold["actor_id"] != ""]
    correct = int(gold["correct"].sum())
    split = paired.assign(other=paired["actor_id"] != paired["main_id"]).groupby("gold_actor")["other"].mean()
    merges = paired.groupby("actor_id")["gold_actor"].nunique()
    return {"gold file": label, "articles": table["article_id"].nunique(), "gold mentions": len(gold),
            "out of scope": int((table["gold_actor"] != "").sum() - len(gold)),
            "detected": len(paired), "precision": correct / len(system) if len(system) else float("nan"),
            "recall": correct / len(gold) if len(gold) else float("nan"),
            "precision given detection": correct / len(paired) if len(paired) else float("nan"),
            "gold actors": int(gold["gold_actor"].nunique()), "actors split over 5%": int((split > 0.05).sum()),
            "largest split": float(split.max()) if len(split) else 0.0, "false merges": int((merges > 1).sum())}


def evaluate_linking(gold_path: str | Path, corpora: list[str | Path], nlp=None, rules: ActorRules | None = None,
                     progress: bool = False) -> tuple[pd.DataFrame, dict]:
    """Score actor resolution on a gold file: ``(link table, summary)``. ``corpora`` are the corpus files
    (JSON lines with ``article_id`` and ``text``) the gold articles come from; each is run through the stage whole."""
    gold = read_linking_gold(gold_path)
    nlp = nlp or spacy_pipeline.load_model()
    tables = []
    wanted = {a.article_id for a in gold}
    for corpus in corpora:
        corpus = Path(corpus)
        texts = _corpus_texts(corpus)
        mine = [a for a in gold if a.article_id in texts]
        if not mine:
            continue
        mentions, sentences = system_mentions(corpus, nlp, rules, progress)
        tables.append(link_table(mine, mentions, sentences, texts))
        wanted -= {a.article_id for a in mine}
    if wanted:
        raise NewsbiasError(f"{len(wanted)} gold article(s) are in none of the corpora given (e.g. {sorted(wanted)[:3]}); "
                            "pass the corpus files they come from with --corpus.")
    table = pd.concat(tables, ignore_index=True)
    return table, summarise_linking(table, Path(gold_path).name)


def linking_errors(table: pd.DataFrame) -> pd.DataFrame:
    """Every gold mention linked wrongly or missed, and every system mention the gold does not have."""
    wrong = table[table["in_scope"] & ~table["correct"]]
    return wrong[["article_id", "start", "text", "gold_actor", "system_text", "actor_id", "main_id", "link_rule"]]


def main_entity_table(corpus: str | Path, nlp=None, rules: ActorRules | None = None, column: str = "main_entities",
                      progress: bool = False) -> pd.DataFrame:
    """For each article's main people (``column``: a list of names per article, BASIL's ``main_entities``), every
    system mention in the article whose name ends in that person's surname, with the actor id it got; a full name
    with another first name ("Melania Trump" in an article on Donald Trump) is someone else and is left out.

    Returns ``person, article_id, text, actor_id``; only names of two words or more are taken (people), and not
    two people in one entry ("Duncan and Margaret Hunter").
    """
    corpus = Path(corpus)
    records = read_records(corpus, "corpus record", lambda record, _: [record])
    if not records or column not in records[0]:
        raise NewsbiasError(f"{corpus}: no column {column!r} listing each article's main people.")
    mentions, _ = system_mentions(corpus, nlp or spacy_pipeline.load_model(), rules, progress)
    mentions = mentions[mentions["actor_id"] != ""]
    by_article = dict(list(mentions.groupby("article_id", sort=False)))
    rows = []
    for record in records:
        own = by_article.get(str(record["article_id"]))
        if own is None:
            continue
        written = [person_name(t) for t in own["text"]]
        for person in record.get(column) or []:
            main = person_name(person)
            if main is None or not main.is_full or " and " in f" {person} ":
                continue
            for text, actor_id, name in zip(own["text"], own["actor_id"], written):
                if name is not None and name.last == main.last and (not name.is_full or name.first == main.first):
                    rows.append({"person": person, "article_id": record["article_id"], "text": text, "actor_id": actor_id})
    return pd.DataFrame(rows, columns=["person", "article_id", "text", "actor_id"])


def summarise_main_entities(table: pd.DataFrame) -> dict:
    """The share of main people's surname mentions under each person's most common actor id, overall and worst."""
    if table.empty:
        return {"people": 0, "mentions": 0, "under one id": float("nan")}
    main = table.groupby("person")["actor_id"].agg(lambda ids: Counter(ids).most_common(1)[0][0])
    under_main = table["actor_id"] == table["person"].map(main)
    per_person = under_main.groupby(table["person"]).mean()
    per_article = table.assign(main=under_main).groupby(["article_id", "person"])["actor_id"].nunique()
    return {"people": int(table["person"].nunique()), "mentions": len(table), "under one id": float(under_main.mean()),
            "people under 97%": int((per_person < 0.97).sum()), "article x person with several ids": int((per_article > 1).sum())}


def evaluate_references(gold_path: str | Path, corpora: list[str | Path], nlp=None, rules=None,
                        progress: bool = False) -> pd.DataFrame:
    """Precision of each reference rule on a sample of its resolutions labelled blind (``data/gold/references/``):
    per rule, the sampled references it still resolves and the share resolved to the labelled person."""
    gold = read_records(gold_path, "labelled reference", lambda record, _: [record])
    nlp = nlp or spacy_pipeline.load_model()
    rows = []
    for corpus in corpora:
        corpus = Path(corpus)
        texts = _corpus_texts(corpus)
        mine = [g for g in gold if g["article_id"] in texts]
        if not mine:
            continue
        result = ingest(corpus, on_bad_record="set_aside", progress=progress)
        mentions, _ = find_actors(result.sentences, result.texts, nlp, rules, progress=progress, blocks=result.blocks)
        found = find_references(mentions, result.sentences, result.blocks, result.texts, nlp, rules=RULES)
        at = {(a, s): (n, r) for a, s, n, r in zip(found["article_id"], found["start_char"], found["actor_name"], found["reference"])}
        where = {a: normalised_offsets(texts[a]) for a in {g["article_id"] for g in mine}}
        for g in mine:  # offsets into the corpus's text, as json.loads reads it, mapped into the normalised text
            name, rule = at.get((g["article_id"], where[g["article_id"]][g["start"]]), ("", "not resolved now"))
            rows.append({"rule": rule, "correct": bool(g["referent"]) and bool(name) and same_speaker(g["referent"], name)})
    table = pd.DataFrame(rows)
    return table.groupby("rule")["correct"].agg(sampled="size", precision="mean").round(3).reset_index()
