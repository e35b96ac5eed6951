"""Stage 2, entity frequency: who is mentioned, how often, per outlet, with the names of one actor merged.

:func:`extract_mentions` runs spaCy's NER over the sentences of the ingestion stage
(body, and flagged headline and caption text) and adds social-media handles.
:func:`resolve_actors` merges mentions into actors by general rules, in this order,
each recorded as the mention's ``link_rule``:

1. ``alias file``: a researcher's ``alias,canonical`` CSV overrides everything else;
2. ``name``: titles, roles, possessives, "the" and dots are stripped ("Maj. Gen.
   Qassem Soleimani's" -> "Qassem Soleimani", "the U.S." -> "US");
3. ``country``: country names and their spellings (countryinfo's data) map to one
   country; "US"/"UK" when they are the initials of the name;
4. ``acronym``: an all-capitals name links to the longer name whose initials it is,
   when that name occurs in the corpus ("EU" -> "European Union");
5. ``surname``: a partial name links to the full name containing it, in the same
   article first, then corpus-wide when only one full name fits (whatever label
   spaCy gave the partial name: the small model often tags a lone surname as a place);
6. ``fuzzy``: spelling and transliteration variants of the same type merge when
   their similarity is at least :data:`FUZZY_THRESHOLD`;
7. ``handle``: "@JZarif" links to the person whose surname the handle contains;
8. ``demonym``: "Iranian" links to Iran but keeps ``form='demonym'`` so it is counted apart;
9. ``capital`` (off by default): "Tehran" for Iran's government.

Ambiguous partial names (several full names fit) are left unmerged and reported.
Dates, numbers, money and other non-actor types keep an empty ``actor_id``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from newsbias import parsing, stagecache
from newsbias.blocks import CONTENT_KINDS
from newsbias.errors import NewsbiasError
from newsbias.quotes import inside_any, quote_spans
from newsbias.tables import TABLES

# spaCy labels that name actors, and the actor type each gives.
ACTOR_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "group", "HANDLE": "person"}
# Names of the same type merge at this rapidfuzz ratio (0-100) after folding case and accents.
# Transliterations differ by a letter or two in ten ("Qasem"/"Qassem Soleimani" 96.8, "Brussel"/"Brussels" 93.3),
# while different actors with similar names stay below it ("Iran"/"Iraq" 75, "Austria"/"Australia" 87.5,
# "Mike Pence"/"Mike Pompeo" 66.7). Names shorter than FUZZY_MIN_LENGTH never merge by similarity.
FUZZY_THRESHOLD = 90
# Rows of the name-by-name similarity matrix computed at once.
FUZZY_BLOCK = 2000
FUZZY_MIN_LENGTH = 5

# Titles and roles stripped from the front of names (general English usage, not one corpus's).
_TITLE_WORDS = (
    r"maj|major|gen|general|lt|lieut|lieutenant|col|colonel|brig|brigadier|adm|admiral|sgt|sergeant|capt|captain|cmdr|commander|"
    r"mr|mrs|ms|miss|dr|prof|professor|sir|dame|lord|lady|rev|reverend|fr|father|sen|senator|rep|representative|gov|governor|"
    r"president|vice|prime|deputy|minister|chancellor|secretary|secretary-general|undersecretary|ambassador|envoy|"
    r"king|queen|prince|princess|emir|sheikh|shaikh|ayatollah|imam|pope|cardinal|bishop|rabbi|judge|justice|mayor|"
    r"speaker|chief|chairman|chairwoman|chair|director|spokesman|spokeswoman|spokesperson|leader|supreme|acting|former|late|"
    r"foreign|defense|defence|interior|finance|state|high|representative|general-secretary|premier|commissioner|"
    r"minister-president|crown|field|marshal|the|of"
)
_TITLE = re.compile(rf"^(?:(?:{_TITLE_WORDS})\.?\s+)+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_HANDLE = re.compile(r"(?<![\w@])@(\w{2,30})")
_STOPWORDS = {"of", "the", "and", "for", "on", "in", "de", "du", "la", "le", "des", "&"}


@dataclass
class ActorRules:
    """Options for :func:`resolve_actors`."""

    capitals_as_governments: bool = False
    fuzzy_threshold: int = FUZZY_THRESHOLD
    aliases: dict[str, str] = field(default_factory=dict)


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s-]", " ", plain).split())


def initials_of(name: str) -> str:
    """Initials of the capitalised words of a name, skipping small words: 'European Union' -> 'EU'."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in _STOPWORDS and w[:1].isupper())


def clean_name(text: str) -> str:
    """Strip possessives, titles and roles, leading articles and dots: the name as a name."""
    name = " ".join(text.split())
    name = _POSSESSIVE.sub("", name)
    stripped = _TITLE.sub("", name)
    name = stripped if stripped.strip() else name
    name = re.sub(r"(?<=\b[A-Z])\.(?=[A-Z]\b|\s|$|-)", "", name)  # U.S. -> US, U.N. -> UN
    name = re.sub(r"-(?:led|backed|based|made|born)$", "", name, flags=re.IGNORECASE)
    return name.strip(" .,;:-–—\"'“”‘’()")


def _as_list(value) -> list[str]:
    if not value:
        return []
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str) and v]


@lru_cache(maxsize=1)
def _country_data() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(name or spelling -> country, demonym -> country, capital -> country), keys folded."""
    from countryinfo import all_countries

    names, demonyms, capitals = {}, {}, {}
    # Where territories share a spelling or demonym ("American"), the most populous country takes it.
    infos = sorted((c.info() for c in all_countries()), key=lambda i: (-(i.get("population") or 0), i.get("name") or ""))
    for info in infos:
        name = info.get("name")
        if not name:
            continue
        spellings = [name, *(info.get("altSpellings") or [])]
        initials = {initials_of(s) for s in spellings if len(s.split()) > 1}
        for spelling in spellings:
            # Short codes ("IT", "IN", "DEU") are ordinary words or codes; keep those that are a name's initials ("US", "UK").
            if len(spelling) > 3 or spelling in initials:
                names.setdefault(fold(spelling), name)
        for demonym in _as_list(info.get("demonym")):
            demonyms.setdefault(fold(demonym), name)
            demonyms.setdefault(fold(demonym) + "s", name)
        for capital in _as_list(info.get("capital")):
            capitals.setdefault(fold(clean_name(capital)), name)
    # A spelling made only of punctuation or non-Latin script folds to nothing: never a key.
    return ({k: v for k, v in names.items() if k}, {k: v for k, v in demonyms.items() if k},
            {k: v for k, v in capitals.items() if k})


def read_aliases(path: str | Path | None) -> dict[str, str]:
    """Read an alias file: CSV with columns ``alias, canonical`` (others, e.g. ``note``, are ignored)."""
    if path is None:
        return {}
    path = Path(path)
    if not path.is_file():
        raise NewsbiasError(f"alias file {path} does not exist (expected a CSV with columns alias, canonical).")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    missing = {"alias", "canonical"} - set(frame.columns)
    if missing:
        raise NewsbiasError(f"alias file {path} lacks column(s) {sorted(missing)}; it has {list(frame.columns)}.")
    empty = frame.index[(frame["alias"].str.strip() == "") | (frame["canonical"].str.strip() == "")]
    if len(empty):
        raise NewsbiasError(f"alias file {path}: empty alias or canonical on line(s) {[i + 2 for i in empty]}.")
    return {fold(clean_name(a)): c.strip() for a, c in zip(frame["alias"], frame["canonical"])}


def extract_mentions(sentences: pd.DataFrame, texts: pd.DataFrame, nlp, progress: bool = True, *,
                     blocks: pd.DataFrame, engine: str | None = None, scheduler: str | None = None) -> pd.DataFrame:
    """Entity mentions in content sentences, with spaCy's label and whether they sit inside a quotation.

    Needs ``sentences`` (``article_id, sentence_id, block_id, block_kind, text, start_char, end_char``),
    ``texts`` and ``blocks``: the entities are those of each block's parse (:mod:`newsbias.parsing`).
    Returns ``article_id, sentence_id, block_kind, start_char, end_char, text, label, in_quote``
    (offsets into the article's normalised text); social-media handles get the label ``HANDLE``.
    Articles are processed a chunk at a time, here or on Dask (``engine``; :func:`newsbias.parsing.map_articles`).
    """
    content = sentences[sentences["block_kind"].isin(CONTENT_KINDS)]
    parsing.ensure_parsed(blocks.loc[blocks["kind"].isin(CONTENT_KINDS), "text"].tolist(), nlp, progress, engine=engine,
                          scheduler=scheduler)
    return parsing.map_articles(_chunk_mentions, {"sentences": content, "texts": texts, "blocks": blocks}, nlp, engine=engine,
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
        found = [(e.start_char, e.end_char, e.text, "HANDLE" if _HANDLE.fullmatch(e.text) else e.label_) for e in doc.ents]
        for match in _HANDLE.finditer(sentence.text):
            if not any(s <= match.start() < e for s, e, _, _ in found):
                found.append((match.start(), match.end(), match.group(), "HANDLE"))
        for start, end, text, label in sorted(found):
            absolute = sentence.start_char + start
            rows.append({"article_id": sentence.article_id, "sentence_id": sentence.sentence_id,
                         "block_kind": sentence.block_kind, "start_char": absolute, "end_char": absolute + len(text),
                         "text": text, "label": label,
                         "in_quote": inside_any(absolute, absolute + len(text), spans[sentence.article_id])})
    return pd.DataFrame(rows, columns=MENTION_FIELDS)


class _Clusters:
    """Union-find over folded names, remembering for each name the rule that attached it."""

    def __init__(self):
        self.parent: dict[str, str] = {}
        self.rule: dict[str, str] = {}

    def add(self, key: str) -> None:
        self.parent.setdefault(key, key)

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def link(self, child: str, target: str, rule: str) -> None:
        self.add(child)
        self.add(target)
        root_child, root_target = self.find(child), self.find(target)
        if root_child != root_target:
            self.parent[root_child] = root_target
            self.rule.setdefault(child, rule)


def slug(text: str, empty: str = "unnamed") -> str:
    """A folded, identifier- and file-name-safe form of a name ("The BL" -> "the-bl"); ``empty`` if nothing is left."""
    return re.sub(r"[^\w]+", "-", fold(text)).strip("-") or empty


# The mentions table's columns before the quotation stage adds quote_id and voice (quotes.mark_mentions).
MENTION_COLUMNS = [c for c in TABLES["mentions"] if c not in ("quote_id", "voice")]
_TYPE_PREFIX = {"person": "person", "organisation": "org", "place": "place", "group": "group"}


def resolve_actors(mentions: pd.DataFrame, rules: ActorRules | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every actor mention an ``actor_id``, ``actor_name``, ``actor_type``, ``form`` and ``link_rule``.

    Needs the columns of :func:`extract_mentions`. Returns the ``mentions`` table and a
    table of ambiguous partial names (``article_id, text, candidates``), which are left unmerged.
    """
    rules = rules or ActorRules()
    countries, demonyms, capitals = _country_data()
    frame = mentions.copy()
    # Built as object columns so that an article with no entities at all still has string-typed columns.
    frame["clean"] = pd.Series([m.lstrip("@") if label == "HANDLE" else clean_name(m) for m, label in zip(frame["text"], frame["label"])],
                               index=frame.index, dtype=object)
    frame["key"] = frame["clean"].map(fold).astype(object)
    frame["type"] = frame["label"].map(ACTOR_TYPES).fillna("")
    frame["form"] = ["handle" if label == "HANDLE" else ("name" if t else "") for label, t in zip(frame["label"], frame["type"])]
    is_actor = (frame["type"] != "") & (frame["key"] != "")

    clusters = _Clusters()
    display: dict[str, Counter] = defaultdict(Counter)  # folded key -> surface forms seen
    types: dict[str, Counter] = defaultdict(Counter)
    forced: dict[str, tuple[str, str]] = {}  # key -> (name, type) decided by the alias file or country data
    forms = frame["form"].tolist()
    for position, (actor, key, label, actor_type, clean) in enumerate(zip(is_actor, frame["key"], frame["label"], frame["type"],
                                                                           frame["clean"])):
        if not actor:
            continue
        clusters.add(key)
        target, rule = _fixed_target(key, label, rules, countries, demonyms, capitals)
        if rule == "demonym":
            forms[position] = "demonym"
        else:
            display[key][clean] += 1
            types[key][actor_type] += 1
        if target is not None:
            target_type = actor_type if rule == "alias file" else "place"
            forced[fold(target)] = (target, target_type)
            if fold(target) != key:
                clusters.link(key, fold(target), rule)
    frame["form"] = forms
    actors = frame[is_actor]
    fixed = {k for k in clusters.parent if k in forced or clusters.find(k) in forced}
    persons = _full_person_names(actors)
    _link_acronyms(clusters, actors)
    _link_fuzzy(clusters, actors, rules.fuzzy_threshold)
    nodes, ambiguous = _link_partial_names(clusters, actors, persons, fixed)
    _link_handles(clusters, actors, persons)
    frame["node"] = [nodes.get((a, k), k) for a, k in zip(frame["article_id"], frame["key"])]

    members: dict[str, list[str]] = defaultdict(list)
    for key in clusters.parent:
        members[clusters.find(key)].append(key)
    canonical = {root: _canonical_name(keys, display, types, forced) for root, keys in members.items()}
    names, kinds, ids, link_rules = [], [], [], []
    for row in frame.assign(is_actor=is_actor).itertuples(index=False):
        if not row.is_actor:
            names.append(""), kinds.append(""), ids.append(""), link_rules.append("not an actor type")
            continue
        name, actor_type = canonical[clusters.find(row.node)]
        names.append(name), kinds.append(actor_type), ids.append(f"{_TYPE_PREFIX[actor_type]}:{slug(name)}")
        link_rules.append(_rule_for(row, clusters))
    frame = frame.assign(actor_name=names, actor_type=kinds, actor_id=ids, link_rule=link_rules)
    return frame[MENTION_COLUMNS].reset_index(drop=True), pd.DataFrame(ambiguous, columns=["article_id", "text", "candidates"])


def _fixed_target(key, label, rules, countries, demonyms, capitals):
    if key in rules.aliases:
        return rules.aliases[key], "alias file"
    if label == "NORP":
        return (demonyms[key], "demonym") if key in demonyms else (None, "")
    if label in ("GPE", "ORG") and key in countries:
        return countries[key], "country"
    if label == "GPE" and rules.capitals_as_governments and key in capitals:
        return capitals[key], "capital"
    return None, ""


def _full_person_names(actors: pd.DataFrame) -> pd.DataFrame:
    """PERSON mentions of two or more words: the full names partial names can link to."""
    people = actors[(actors["label"] == "PERSON") & (actors["key"].str.count(" ") >= 1)]
    return people[["article_id", "key"]].drop_duplicates()


def _link_acronyms(clusters: _Clusters, actors: pd.DataFrame) -> None:
    names = actors[actors["type"].isin(["organisation", "place"])]
    by_initials: dict[str, set[str]] = defaultdict(set)
    for clean, key in zip(names["clean"], names["key"]):
        if " " in clean and not _ACRONYM.match(clean):
            by_initials[initials_of(clean)].add(key)
    for clean, key in zip(names["clean"], names["key"]):
        if _ACRONYM.match(clean):
            targets = {clusters.find(k) for k in by_initials.get(clean, set())}
            if len(targets) == 1:
                clusters.link(key, targets.pop(), "acronym")


def _link_fuzzy(clusters: _Clusters, actors: pd.DataFrame, threshold: int) -> None:
    for group in (["person"], ["organisation", "place"], ["group"]):
        keys = sorted(set(actors.loc[actors["type"].isin(group) & (actors["label"] != "HANDLE"), "key"]))
        keys = [k for k in keys if len(k) >= FUZZY_MIN_LENGTH]
        if len(keys) < 2:
            continue
        # Block by block of rows: memory stays at FUZZY_BLOCK x len(keys) scores however many names there are.
        for first in range(0, len(keys), FUZZY_BLOCK):
            scores = process.cdist(keys[first:first + FUZZY_BLOCK], keys, scorer=fuzz.ratio, score_cutoff=threshold,
                                   dtype=np.uint8, workers=-1)
            for row, j in zip(*scores.nonzero()):
                i = first + row
                if i < j and len(keys[i].split()) == len(keys[j].split()):
                    clusters.link(keys[j], keys[i], "fuzzy")


def _link_partial_names(clusters: _Clusters, actors: pd.DataFrame, persons: pd.DataFrame, fixed: set[str]):
    """A name whose words are part of a full person name links to it: same article first, then the corpus.

    Partial names are resolved per article (the same surname may be different people in
    different articles), so each gets a node of its own, ``key`` + article. Returns the
    nodes by ``(article_id, key)`` and the ambiguous cases (several full names fit).
    """
    nodes: dict[tuple[str, str], str] = {}
    ambiguous = []
    full_keys = set(persons["key"])
    # A one-word name fits the full names that contain it as a word: indexed by word, corpus-wide and per article.
    by_word: dict[str, set[str]] = {}
    by_article_word: dict[tuple[str, str], set[str]] = {}
    for article_id, key in zip(persons["article_id"], persons["key"]):
        for word in set(key.split()):
            by_word.setdefault(word, set()).add(key)
            by_article_word.setdefault((article_id, word), set()).add(key)
    for row in actors.drop_duplicates(["article_id", "key"]).itertuples():
        if row.key in full_keys or row.key in fixed or row.label in ("NORP", "HANDLE"):
            continue
        words = [w for w in row.key.split() if not _ACRONYM.match(w.upper())] or row.key.split()
        if len(words) > 1:
            continue

        def fitting(keys):
            return {clusters.find(k) for k in keys if len(set(k.split())) > 1}

        in_article = fitting(by_article_word.get((row.article_id, words[0]), ()))
        candidates = in_article or fitting(by_word.get(words[0], ()))
        if not candidates:
            continue
        node = f"{row.key}\x1f{row.article_id}"
        nodes[(row.article_id, row.key)] = node
        if len(candidates) == 1:
            rule = "surname (same article)" if in_article else "surname (corpus)"
            clusters.link(node, next(iter(candidates)), rule)
        else:
            clusters.link(node, row.key, "ambiguous: left unmerged")
            ambiguous.append({"article_id": row.article_id, "text": row.text, "candidates": " | ".join(sorted(candidates))})
    return nodes, ambiguous


def _link_handles(clusters: _Clusters, actors: pd.DataFrame, persons: pd.DataFrame) -> None:
    for key in sorted(set(actors.loc[actors["label"] == "HANDLE", "key"])):
        flat = key.replace("_", "")
        owners = {clusters.find(k) for k in persons["key"] if len(k.split()[-1]) >= 4 and k.split()[-1].replace("-", "") in flat}
        if len(owners) == 1:
            clusters.link(key, owners.pop(), "handle")


def _canonical_name(keys, display, types, forced) -> tuple[str, str]:
    """The cluster's readable name and type: the alias file's or the country's, else the longest, most frequent form."""
    for key in sorted(keys):
        if key in forced:
            return forced[key]
    forms, type_counts = Counter(), Counter()
    for key in keys:
        forms.update(display[key])
        type_counts.update(types[key])
    name = sorted(forms, key=lambda f: (-len(f.split()), -forms[f], f))[0]
    # A full personal name decides: lone surnames are often mislabelled as places or organisations.
    if any(" " in key and types[key].get("person") for key in keys):
        return name, "person"
    return name, sorted(type_counts, key=lambda t: (-type_counts[t], t))[0]


def _rule_for(row, clusters: _Clusters) -> str:
    for node in (row.node, row.key):
        if node in clusters.rule:
            return clusters.rule[node]
    if row.form == "handle":
        return "handle (no owner found)"
    return "exact" if row.clean == row.text else "name (title, possessive or punctuation stripped)"


@stagecache.stage()
def find_actors(
    sentences: pd.DataFrame, texts: pd.DataFrame, nlp, rules: ActorRules | None = None, progress: bool = True, *,
    blocks: pd.DataFrame, engine: str | None = None, scheduler: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Extract mentions (per article: here or on Dask) and resolve them to actors across the corpus:
    the ``mentions`` table and the ambiguous cases."""
    return resolve_actors(extract_mentions(sentences, texts, nlp, progress, blocks=blocks, engine=engine, scheduler=scheduler),
                          rules)


def merge_summary(mentions: pd.DataFrame) -> pd.DataFrame:
    """How many written forms and mentions each rule tied to an actor (``exact`` forms are not merges)."""
    actors = mentions[mentions["actor_id"] != ""]
    summary = actors.groupby("link_rule").agg(n_forms=("text", "nunique"), n_mentions=("text", "size")).reset_index()
    summary["source"] = summary["link_rule"].map(lambda r: "alias file" if r == "alias file" else ("none" if r == "exact" else "rules"))
    return summary.sort_values(["source", "n_mentions"], ascending=[True, False]).reset_index(drop=True)


def actor_variants(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per actor: every written form counted once under it, with its mentions and rule."""
    actors = mentions[mentions["actor_id"] != ""]
    variants = actors.groupby(["actor_id", "actor_name", "form", "text", "link_rule"]).size().rename("n_mentions").reset_index()
    return variants.sort_values(["actor_id", "form", "n_mentions", "text"], ascending=[True, True, False, True]).reset_index(drop=True)


def actor_frequency(mentions: pd.DataFrame, articles: pd.DataFrame, block_kinds: tuple[str, ...] = ("body",)) -> pd.DataFrame:
    """Mentions per outlet and actor in the given block kinds (body text by default; headlines are kept apart).

    Needs ``mentions`` (this stage) and ``articles`` (``article_id, outlet, n_words``). Demonyms
    are rows of their own (``form='demonym'``). Returns the ``actor_frequency`` table.
    """
    outlet_of = articles.set_index("article_id")["outlet"]
    words = articles.groupby("outlet")["n_words"].sum()
    used = mentions[(mentions["actor_id"] != "") & mentions["block_kind"].isin(block_kinds)]
    used = used.assign(outlet=used["article_id"].map(outlet_of),
                       form=used["form"].replace({"handle": "name"}))
    counts = (used.groupby(["outlet", "actor_id", "actor_name", "actor_type", "form"])
              .agg(n_mentions=("text", "size"), n_in_quote=("in_quote", "sum")).reset_index())
    counts["n_in_quote"] = counts["n_in_quote"].astype(int)
    counts["n_words"] = counts["outlet"].map(words).astype(int)
    counts["mentions_per_1000_words"] = (1000 * counts["n_mentions"] / counts["n_words"]).round(2)
    totals = counts.groupby("outlet")["n_mentions"].transform("sum")
    counts["share_of_actor_mentions"] = (counts["n_mentions"] / totals).round(4)
    counts["rank"] = counts.groupby("outlet")["n_mentions"].rank(method="min", ascending=False).astype(int)
    counts = counts.sort_values(["outlet", "rank", "actor_id", "form"]).reset_index(drop=True)
    return counts[list(TABLES["actor_frequency"])]


def coverage_gaps(frequency: pd.DataFrame, min_mentions: int = 2) -> pd.DataFrame:
    """Actors named at least ``min_mentions`` times in some outlet and never in another: who is left out.

    Returns one row per actor with its mentions in each outlet, ``present_in`` and ``absent_from``.
    """
    names = frequency[frequency["form"] == "name"]
    table = names.pivot_table(index=["actor_id", "actor_name"], columns="outlet", values="n_mentions",
                              aggfunc="sum", fill_value=0)
    outlets = list(frequency["outlet"].drop_duplicates().sort_values())
    table = table.reindex(columns=outlets, fill_value=0)
    gaps = table[(table.max(axis=1) >= min_mentions) & (table.min(axis=1) == 0)].copy()
    gaps["present_in"] = gaps.apply(lambda r: ", ".join(o for o in outlets if r[o] > 0), axis=1)
    gaps["absent_from"] = gaps.apply(lambda r: ", ".join(o for o in outlets if r[o] == 0), axis=1)
    gaps["total"] = gaps[outlets].sum(axis=1)
    gaps = gaps.sort_values(["total", "actor_id"], ascending=[False, True]).drop(columns="total")
    gaps.columns.name = None
    return gaps.reset_index()


def heatmap_numbers(frequency: pd.DataFrame, top: int = 15, value: str = "mentions_per_1000_words") -> pd.DataFrame:
    """Actor x outlet table of ``value`` (mentions per 1,000 words by default) for the ``top`` actors by total
    mentions (names only); an outlet that never names an actor gets 0."""
    names = frequency[frequency["form"] == "name"]
    totals = names.groupby("actor_name")["n_mentions"].sum()
    chosen = sorted(totals.index, key=lambda a: (-totals[a], a))[:top]
    table = names[names["actor_name"].isin(chosen)].pivot_table(
        index="actor_name", columns="outlet", values=value, aggfunc="sum", fill_value=0.0)
    table = table.reindex(index=chosen, columns=sorted(frequency["outlet"].unique()), fill_value=0.0)
    table.columns.name = "outlet"
    return table


def outlet_sizes(frequency: pd.DataFrame) -> str:
    """The n behind per-outlet figures: actor mentions and body words of each outlet, as a caption."""
    names = frequency[frequency["form"] == "name"]
    mentions = names.groupby("outlet")["n_mentions"].sum()
    words = frequency.groupby("outlet")["n_words"].first()
    return "; ".join(f"{o}: {int(mentions.get(o, 0))} mentions, {int(words[o])} words" for o in sorted(words.index))
