"""Stage 4, source-bias comparison: how do the outlets differ in covering the same event, and how sure can we be?

For any number of outlets (two or more) with one or many articles each:

- **coverage**: each actor's share of an outlet's actor mentions, and who is present in one outlet and absent from another;
- **voice**: who is quoted, how often and at what length, with speakers grouped by type (government,
  international organisation, party, media, other, unknown) and by country where the text says it;
- **tone**: outlet x actor sentiment (author's voice and all voices), with a permutation test across outlets;
- **word choice**: the words and phrases most distinctive of each outlet against the others, by the
  log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008) whose prior comes
  from general news text (the NewsMTSC sentences shipped in ``data/newsmtsc``);
- **labels**: the modifiers, appositives and titles each outlet attaches to an actor, and the nouns and
  verbs each outlet uses for the central action done to the event's main actor.

Everything is computed from the tables of the earlier stages with general rules; nothing names an outlet.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from newsbias import paths, stagecache
from newsbias.errors import NewsbiasError
from newsbias.tables import TABLES

SEED = 0
PERMUTATIONS = 5000
# Total pseudo-count of the informative prior: the background's word shares times this (about the size of a
# few dozen articles), plus PRIOR_FLOOR for terms the background never uses.
PRIOR_STRENGTH = 10000.0
PRIOR_FLOOR = 0.5
# Claims resting on fewer sentences than this are flagged.
FEW_SENTENCES = 5

SPEAKER_TYPES = ("government", "international organisation", "party", "media", "other", "unknown")
# Words of a speaker's name, title or description that say what kind of speaker it is (general English usage).
# Checked in this order: a "NATO spokesman" is an international organisation's voice, not a government's.
_TYPE_WORDS = {
    "media": r"newspaper|paper|news|times|post|express|herald|tribune|journal|gazette|daily|tv|television|radio|"
             r"press|broadcaster|broadcasting|channel|magazine|reporter|correspondent|columnist|editor|"
             r"reuters|ap|afp|dpa|efe|ansa|xinhua|tass|irna|bbc|cnn",
    "international organisation": r"united nations|un|nato|eu|european union|european commission|bloc|alliance|"
                                  r"international|world|secretary-general|secretary general|high representative|"
                                  r"commissioner|who|imf|iaea|opec|wto|oecd|osce|african union|asean|arab league|"
                                  r"unesco|unicef|unhcr|icc|icj|interpol|g7|g20",
    "party": r"party|opposition|lawmaker|legislator|mp|senator|congressman|congresswoman|democrat|democrats|"
             r"republican|republicans|labour|conservative|conservatives|liberal|liberals|socialist|socialists|"
             r"green|greens|candidate",
    "government": r"president|prime minister|premier|minister|ministry|chancellor|secretary of state|secretary|"
                  r"government|department|administration|ambassador|embassy|envoy|king|queen|emir|ayatollah|"
                  r"supreme leader|mayor|governor|palace|white house|kremlin|pentagon|military|army|armed forces|"
                  r"commander|general|spokesman|spokeswoman|spokesperson|official|officials|cabinet|"
                  r"state department|foreign office|police",
}
_TYPE_PATTERNS = {kind: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for kind, words in _TYPE_WORDS.items()}


# --- Coverage --------------------------------------------------------------------------------------


def coverage_shares(frequency: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """Actor x outlet: each actor's share of the outlet's actor mentions (names), for the ``top`` actors overall.

    Needs ``actor_frequency``. Absent actors get 0.
    """
    from newsbias.entities import heatmap_numbers

    return heatmap_numbers(frequency, top, value="share_of_actor_mentions").round(3)


# --- Voice -----------------------------------------------------------------------------------------


def _docs_for(rows: pd.DataFrame, docs: Mapping) -> Iterator:
    """The parsed sentence of each row (``article_id, sentence_id``), one at a time (``docs`` may load lazily)."""
    missing = [(a, s) for a, s in zip(rows["article_id"], rows["sentence_id"]) if (a, s) not in docs]
    if missing:
        raise NewsbiasError(f"no parse for sentences {missing[:5]}; build docs with newsbias.parsing.sentence_docs "
                            "from the same sentences and blocks tables.")
    return (docs[(a, s)] for a, s in zip(rows["article_id"], rows["sentence_id"]))


def _title_words(doc, start: int, end: int) -> str:
    """The title and description a sentence attaches to a mention: its left modifiers and appositions."""
    from newsbias.sentiment import _span_root, target_tokens

    tokens = target_tokens(doc, start, end)
    inside = {t.i for t in tokens}
    root = _span_root(tokens)
    words = []
    for child in root.children:
        if child.i in inside:
            continue
        if (child.dep_ in {"compound", "amod", "nmod", "poss"} and child.i < root.i) or child.dep_ == "appos":
            words.extend(t.text for t in child.subtree if t.i not in inside and not t.is_punct)
    return " ".join(words)


@stagecache.stage()
def speaker_profiles(quotes: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame, docs: dict,
                     overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per speaker: ``speaker, speaker_actor_id, speaker_type, country, evidence``.

    The type comes from the words the text uses for the speaker (its name, the titles and appositions of its
    mentions, the speaker phrase), matched against general role words; places speak for their
    governments. ``country`` comes from a country name or demonym in those words (countryinfo's data).
    ``overrides`` (``speaker_actor_id`` or ``speaker``, with ``speaker_type`` and/or ``country``) wins.
    ``docs`` maps ``(article_id, sentence_id)`` to the sentence's parse (:func:`newsbias.parsing.sentence_docs`).
    """
    from newsbias.entities import _country_data, fold

    countries, demonyms, capitals = _country_data()
    spoken = quotes[quotes["speaker_text"] != ""].copy()
    spoken["speaker"] = spoken["speaker_name"].where(spoken["speaker_name"] != "", spoken["speaker_text"])
    actor_ids = sorted({a for ids in spoken["speaker_actor_id"] for a in ids.split(";") if a})
    described = mentions[mentions["actor_id"].isin(actor_ids) & (mentions["form"] != "demonym")]
    joined = described.merge(sentences[["article_id", "sentence_id", "text", "start_char"]].rename(
        columns={"text": "sentence", "start_char": "sentence_start"}), on=["article_id", "sentence_id"])
    parsed = _docs_for(joined, docs)
    titles: dict[str, Counter] = {a: Counter() for a in actor_ids}
    for row, doc in zip(joined.itertuples(index=False), parsed):
        words = _title_words(doc, row.start_char - row.sentence_start, row.end_char - row.sentence_start)
        if words:
            titles[row.actor_id][words] += 1
    rows = []
    for (speaker, actor_id), group in spoken.groupby(["speaker", "speaker_actor_id"], sort=True):
        ids = [a for a in actor_id.split(";") if a]
        descriptions = [w for a in ids for w, _ in titles.get(a, Counter()).most_common()]
        profile = " | ".join([speaker, *sorted(set(group["speaker_text"])), *descriptions])
        kind = _speaker_type(profile, ids)
        country = _country_in(profile, ids, countries, demonyms, capitals, fold)
        rows.append({"speaker": speaker, "speaker_actor_id": actor_id, "speaker_type": kind, "country": country,
                     "evidence": profile[:200]})
    profiles = pd.DataFrame(rows, columns=list(TABLES["speakers"]))
    return _apply_overrides(profiles, overrides)


def _speaker_type(profile: str, actor_ids: list[str]) -> str:
    for kind, pattern in _TYPE_PATTERNS.items():
        if pattern.search(profile):
            return kind
    if actor_ids and all(a.startswith("place:") for a in actor_ids):
        return "government"  # a country or capital speaking is its government
    return "other" if actor_ids else "unknown"


def _country_in(profile: str, actor_ids: list[str], countries, demonyms, capitals, fold) -> str:
    if actor_ids and all(a.startswith("place:") for a in actor_ids):
        found = {countries.get(a.split(":", 1)[1].replace("-", " ")) or capitals.get(a.split(":", 1)[1].replace("-", " "))
                 for a in actor_ids}
        found.discard(None)
        return "; ".join(sorted(found))
    words = re.findall(r"[\w.'’-]+", profile)
    found = []
    for size in (3, 2, 1):  # longest names first: "United States" before "States"
        for i in range(len(words) - size + 1):
            key = fold(" ".join(words[i:i + size]).replace("’s", "").replace("'s", ""))
            if not key:
                continue
            country = demonyms.get(key) or (countries.get(key) if key not in {"us", "un"} or words[i].isupper() else None)
            if country and country not in found:
                found.append(country)
    return found[0] if len(found) == 1 else ""


def _apply_overrides(profiles: pd.DataFrame, overrides: pd.DataFrame | None) -> pd.DataFrame:
    if overrides is None or overrides.empty:
        return profiles
    profiles = profiles.copy()
    for row in overrides.to_dict("records"):
        key = "speaker_actor_id" if row.get("speaker_actor_id") else "speaker"
        match = profiles[key] == row.get(key)
        for column in ("speaker_type", "country"):
            if isinstance(row.get(column), str) and row[column]:
                profiles.loc[match, column] = row[column]
    return profiles


def read_speaker_overrides(path: str | Path | None) -> pd.DataFrame:
    """A researcher's corrections: CSV with ``speaker_actor_id`` or ``speaker``, and ``speaker_type`` and/or ``country``."""
    if path is None:
        return pd.DataFrame(columns=["speaker_actor_id", "speaker", "speaker_type", "country"])
    path = Path(path)
    if not path.is_file():
        raise NewsbiasError(f"speaker override file {path} does not exist (set the parameter to None to use the rules only).")
    frame = pd.read_csv(path, dtype=str, comment="#").fillna("")
    if not {"speaker_type", "country"} & set(frame.columns) or not {"speaker_actor_id", "speaker"} & set(frame.columns):
        raise NewsbiasError(f"{path}: needs a speaker_actor_id or speaker column and a speaker_type or country column; "
                            f"it has {list(frame.columns)}.")
    bad = sorted(set(frame.get("speaker_type", pd.Series(dtype=str))) - set(SPEAKER_TYPES) - {""})
    if bad:
        raise NewsbiasError(f"{path}: unknown speaker_type {bad}; use one of {list(SPEAKER_TYPES)}.")
    return frame


def voice_table(quotes: pd.DataFrame, articles: pd.DataFrame, profiles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and speaker: quotations, quoted words (direct and partial) and reported clauses, with type and country."""
    from newsbias.quotes import with_outlet

    frame = with_outlet(quotes, articles)
    frame = frame.merge(profiles[["speaker", "speaker_actor_id", "speaker_type", "country"]].rename(
        columns={"speaker_type": "category"}), on=["speaker", "speaker_actor_id"], how="left")
    frame["category"] = frame["category"].fillna("unknown")
    frame["country"] = frame["country"].fillna("")
    frame["quoted_words"] = frame["n_words"].where(frame["kind"].isin(["direct", "partial"]), 0)
    table = frame.groupby(["outlet", "speaker", "category", "country"]).agg(
        n_quotes=("quote_id", "size"), n_direct=("kind", lambda k: int((k == "direct").sum())),
        n_reported=("kind", lambda k: int((k == "reported").sum())), quoted_words=("quoted_words", "sum")).reset_index()
    table = table.rename(columns={"category": "speaker_type"})
    return table.sort_values(["outlet", "n_quotes", "quoted_words", "speaker"], ascending=[True, False, False, True]).reset_index(drop=True)


def voice_by(voices: pd.DataFrame, column: str) -> pd.DataFrame:
    """Outlet x ``column`` (speaker_type or country): share of the outlet's quotations, with the counts behind it."""
    counts = voices.pivot_table(index="outlet", columns=column, values="n_quotes", aggfunc="sum", fill_value=0)
    if column == "speaker_type":
        counts = counts.reindex(columns=[t for t in SPEAKER_TYPES if t in counts.columns])
    shares = counts.div(counts.sum(axis=1), axis=0).round(3)
    shares.columns.name = column
    return shares.assign(n_quotes=counts.sum(axis=1))


# --- Tone ------------------------------------------------------------------------------------------


def permutation_test(scores: pd.Series, outlets: pd.Series, clusters: pd.Series, n_permutations: int = PERMUTATIONS,
                     seed: int = SEED) -> float:
    """p-value that outlets differ in mean score, shuffling outlet labels across clusters (sentences).

    The statistic is the between-outlet sum of squares of the cluster means; scores are first
    averaged per cluster, so several mentions in one sentence count once.
    """
    frame = pd.DataFrame({"score": scores.to_numpy(), "outlet": outlets.to_numpy(), "cluster": clusters.to_numpy()})
    per_cluster = frame.groupby(["cluster", "outlet"], sort=True)["score"].mean().reset_index()
    return _permutation_p(per_cluster["score"].to_numpy(), per_cluster["outlet"].to_numpy(), n_permutations, seed)


# Permuted values held at once by the permutation test (bounds its memory whatever the cluster count).
_PERMUTATION_BLOCK = 2_000_000


def _permutation_p(values: np.ndarray, outlets: np.ndarray, n_permutations: int, seed: int) -> float:
    """The permutation test on cluster means ``values`` labelled by ``outlets``, vectorised over permutations.

    Shuffling the values among fixed labels is the same test as shuffling the labels; group sizes
    do not change under a permutation, so only the group sums are recomputed.
    """
    labels, codes = np.unique(outlets, return_inverse=True)
    if len(labels) < 2:
        return float("nan")
    counts = np.bincount(codes, minlength=len(labels)).astype(float)
    overall = values.mean()
    one_hot = np.eye(len(labels))[codes]  # clusters x outlets

    def statistic(sums: np.ndarray) -> np.ndarray:
        return np.sum(counts * (sums / counts - overall) ** 2, axis=-1)

    observed = statistic(values @ one_hot)
    rng = np.random.default_rng(seed)
    block = max(1, _PERMUTATION_BLOCK // max(1, len(values)))
    exceed = 0
    for done in range(0, n_permutations, block):
        shuffled = rng.permuted(np.broadcast_to(values, (min(block, n_permutations - done), len(values))), axis=1)
        exceed += int(np.sum(statistic(shuffled @ one_hot) >= observed - 1e-12))
    return (exceed + 1) / (n_permutations + 1)


@stagecache.stage()
def tone_differences(actor_sentiment: pd.DataFrame, articles: pd.DataFrame, method: str, min_outlets: int = 2,
                     n_permutations: int = PERMUTATIONS, seed: int = SEED) -> pd.DataFrame:
    """For each actor covered by at least ``min_outlets`` outlets: outlet means and a permutation-test p-value,
    in the author's voice and in all voices. Resamples sentences (or whole articles, when an outlet has several)."""
    outlet_of = articles.set_index("article_id")["outlet"]
    frame = actor_sentiment[actor_sentiment["method"] == method]
    frame = frame.assign(outlet=frame["article_id"].map(outlet_of))
    several_articles = articles.groupby("outlet")["article_id"].nunique().max() > 1
    frame = frame.assign(cluster=frame["article_id"] if several_articles
                         else frame["article_id"] + ":" + frame["sentence_id"].astype(str))
    rows = []
    for scope_name, subset in (("author", frame[frame["voice"] == "author"]), ("all", frame)):
        n_outlets = subset.groupby("actor_name")["outlet"].nunique()
        subset = subset[subset["actor_name"].isin(n_outlets.index[n_outlets >= min_outlets])]
        if subset.empty:
            continue
        per_cluster = subset.groupby(["actor_name", "cluster", "outlet"], sort=True)["score"].mean().reset_index()
        outlet_means = subset.groupby(["actor_name", "outlet"], sort=True)["score"].mean()
        n_mentions = subset.groupby("actor_name").size()
        n_sentences = subset.drop_duplicates(["actor_name", "article_id", "sentence_id"]).groupby("actor_name").size()
        for actor_name, group in per_cluster.groupby("actor_name", sort=True):
            p_value = _permutation_p(group["score"].to_numpy(), group["outlet"].to_numpy(), n_permutations, seed)
            means = outlet_means.loc[actor_name]
            sentences = int(n_sentences[actor_name])
            rows.append({"voice_scope": scope_name, "actor_name": actor_name, "n_outlets": len(means),
                         "n_mentions": int(n_mentions[actor_name]), "n_sentences": sentences,
                         "lowest": f"{means.idxmin()} ({means.min():+.2f})", "highest": f"{means.idxmax()} ({means.max():+.2f})",
                         "spread": round(float(means.max() - means.min()), 3), "p_value": round(p_value, 4),
                         "few_sentences": sentences < FEW_SENTENCES * len(means)})
    columns = ["voice_scope", "actor_name", "n_outlets", "n_mentions", "n_sentences", "lowest", "highest", "spread", "p_value",
               "few_sentences"]
    return pd.DataFrame(rows, columns=columns).sort_values(["voice_scope", "p_value", "actor_name"]).reset_index(drop=True)


# --- Word choice -----------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")


def _terms(tokens: list[str], stop_words: set[str]) -> list[str]:
    """Unigrams and bigrams of lowercase words; stop words only inside bigrams."""
    words = [t for t in tokens if _WORD.fullmatch(t)]
    terms = [w for w in words if w not in stop_words]
    terms += [f"{a} {b}" for a, b in zip(words, words[1:]) if not (a in stop_words or b in stop_words)]
    return terms


def term_counts(texts: list[str], nlp) -> Counter:
    """Counts of words and two-word phrases in ``texts`` (spaCy's tokenizer, lowercased; stop words dropped)."""
    counts: Counter = Counter()
    stop_words = set(nlp.Defaults.stop_words)
    for doc in nlp.tokenizer.pipe(texts, batch_size=256):
        counts.update(_terms([t.lower_ for t in doc], stop_words))
    return counts


@lru_cache(maxsize=2)
def _background(files: tuple[str, ...], model_name: str, nlp) -> Counter:
    sentences = []
    for file in files:
        with open(file, encoding="utf-8") as handle:
            sentences += [json.loads(line)["sentence_normalized"] for line in handle if line.strip()]
    return term_counts(sorted(set(sentences)), nlp)


def background_counts(nlp, files: list[Path] | None = None) -> Counter:
    """Word and phrase counts of general news text: the NewsMTSC sentences shipped in ``data/newsmtsc`` (MIT)."""
    files = files or sorted((paths.DATA / "newsmtsc").glob("*.jsonl"))
    if not files:
        raise NewsbiasError(f"no background text in {paths.DATA / 'newsmtsc'}: the word-choice prior needs it.")
    return _background(tuple(str(f) for f in files), nlp.meta.get("name", ""), nlp)


@stagecache.stage()
def distinctive_terms(outlet_texts: dict[str, list[str]], nlp, background: Counter | None = None,
                      prior_strength: float = PRIOR_STRENGTH, min_count: int = 2) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), each outlet against the rest.

    The prior's pseudo-counts are the background's term shares times ``prior_strength`` plus
    :data:`PRIOR_FLOOR`, so rare words in a small corpus are shrunk toward general usage and a word
    used a few times by one outlet only is not mistaken for its trademark. Returns ``outlet, term, count, count_others, log_odds, z`` for terms used at least
    ``min_count`` times by the outlet.
    """
    if len(outlet_texts) < 2:
        raise NewsbiasError("word choice needs at least two outlets.")
    counts = {outlet: term_counts(texts, nlp) for outlet, texts in outlet_texts.items()}
    background = background if background is not None else background_counts(nlp)
    vocabulary = sorted(set().union(*counts.values()))
    background_total = sum(background.values())
    prior = np.array([prior_strength * background.get(t, 0) / background_total + PRIOR_FLOOR for t in vocabulary])
    prior_total = prior.sum()
    matrix = np.array([[counts[o].get(t, 0) for t in vocabulary] for o in counts], dtype=float)
    rows = []
    for i, outlet in enumerate(counts):
        own, others = matrix[i], matrix.sum(axis=0) - matrix[i]
        n_own, n_others = own.sum(), others.sum()
        delta = (np.log((own + prior) / (n_own + prior_total - own - prior))
                 - np.log((others + prior) / (n_others + prior_total - others - prior)))
        z = delta / np.sqrt(1.0 / (own + prior) + 1.0 / (others + prior))
        for j in np.flatnonzero(own >= min_count):
            rows.append({"outlet": outlet, "term": vocabulary[j], "count": int(own[j]), "count_others": int(others[j]),
                         "log_odds": round(float(delta[j]), 3), "z": round(float(z[j]), 3)})
    return pd.DataFrame(rows).sort_values(["outlet", "z", "term"], ascending=[True, False, True]).reset_index(drop=True)


def term_examples(term: str, sentences: pd.DataFrame, articles: pd.DataFrame, outlet: str, limit: int = 2) -> list[str]:
    """Sentences of ``outlet`` that use ``term`` (whole words, case-insensitive)."""
    ids = set(articles.loc[articles["outlet"] == outlet, "article_id"])
    words = r"\s+".join(re.escape(w) for w in term.split())
    pattern = re.compile(rf"(?<![\w'’-]){words}(?![\w'’-])", re.IGNORECASE)
    found = sentences[sentences["article_id"].isin(ids) & sentences["text"].str.contains(pattern)]
    return found["text"].head(limit).tolist()


# --- Labels for the same referent, and names for the event -----------------------------------------


@stagecache.stage()
def actor_labels(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, docs: dict,
                 actors: list[str] | None = None, min_outlets: int = 2) -> pd.DataFrame:
    """The words each outlet attaches to an actor: adjectives, titles and appositions of its mentions.

    Returns ``actor_name, outlet, label, kind, n, example`` for actors named by at least ``min_outlets`` outlets.
    """
    from newsbias.sentiment import _span_root, target_tokens

    outlet_of = articles.set_index("article_id")["outlet"]
    named = mentions[(mentions["actor_id"] != "") & (mentions["form"] == "name") & (mentions["block_kind"] == "body")]
    named = named.assign(outlet=named["article_id"].map(outlet_of))
    covered = named.groupby("actor_name")["outlet"].nunique()
    keep = covered[covered >= min_outlets].index
    if actors is not None:
        keep = [a for a in keep if a in actors]
    named = named[named["actor_name"].isin(keep)]
    joined = named.merge(sentences[["article_id", "sentence_id", "text", "start_char"]].rename(
        columns={"text": "sentence", "start_char": "sentence_start"}), on=["article_id", "sentence_id"])
    rows = []
    for row, doc in zip(joined.itertuples(index=False), _docs_for(joined, docs)):
        tokens = target_tokens(doc, row.start_char - row.sentence_start, row.end_char - row.sentence_start)
        inside = {t.i for t in tokens}
        root = _span_root(tokens)
        for child in root.children:
            if child.i in inside:
                continue
            if child.dep_ == "amod" and child.i < root.i:
                rows.append((row.actor_name, row.outlet, child.lemma_.lower(), "adjective", row.sentence))
            elif child.dep_ in {"compound", "nmod"} and child.i < root.i and not child.ent_type_:
                # "the brutal dictator Kranz": "brutal" is an adjective for Kranz, "dictator" his title.
                words = [t for t in child.subtree if t.i not in inside and not t.ent_type_ and not t.is_punct and t.dep_ != "det"]
                rows.extend((row.actor_name, row.outlet, t.lemma_.lower(), "adjective", row.sentence) for t in words if t.dep_ == "amod")
                title = " ".join(t.text for t in words if t.dep_ != "amod")
                if title:
                    rows.append((row.actor_name, row.outlet, title.lower(), "title", row.sentence))
            elif child.dep_ == "appos":
                phrase = [t for t in child.lefts if t.dep_ in {"amod", "compound"}] + [child]
                rows.append((row.actor_name, row.outlet, " ".join(t.text for t in phrase).lower(), "apposition", row.sentence))
        # Titles the parser keeps inside the entity ("Maj. Gen. Qassem Soleimani") count too.
        written = row.text.split()
        leading = [w for w in written[:-1] if w.rstrip(".").lower() in _TITLE_LEMMAS]
        if leading:
            rows.append((row.actor_name, row.outlet, " ".join(leading).lower(), "title", row.sentence))
    frame = pd.DataFrame(rows, columns=["actor_name", "outlet", "label", "kind", "example"])
    if frame.empty:
        return frame.assign(n=pd.Series(dtype=int))
    table = frame.groupby(["actor_name", "outlet", "label", "kind"]).agg(n=("example", "size"), example=("example", "first")).reset_index()
    return table.sort_values(["actor_name", "outlet", "n", "label"], ascending=[True, True, False, True]).reset_index(drop=True)


_TITLE_LEMMAS = {"maj", "gen", "general", "lt", "col", "colonel", "brig", "commander", "president", "minister", "prime",
                 "foreign", "defense", "defence", "secretary", "chancellor", "ayatollah", "king", "prince", "sheikh",
                 "dr", "mr", "mrs", "ms", "sen", "senator", "gov", "governor", "mayor", "chief", "leader", "supreme"}
_EVENT_NOUN_TAGS = {"NN", "NNS"}


def verb_lemmas(nlp) -> frozenset[str]:
    """English verb lemmas from the spaCy pipeline's lemmatizer tables (WordNet's verbs), to tell action nouns."""
    if "lemmatizer" not in nlp.pipe_names or "lemma_index" not in nlp.get_pipe("lemmatizer").lookups.tables:
        raise NewsbiasError(f"spaCy pipeline {nlp.meta.get('name')} has no lemmatizer lookup tables; event terms need them.")
    return frozenset(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["verb"])


def _action_noun(token, verbs: frozenset[str]) -> bool:
    """A noun that names an action: the noun of a verb ("attack", "strike"), or derived from one ("killing", "assassination")."""
    lemma = token.lemma_.lower()
    if token.tag_ not in _EVENT_NOUN_TAGS:
        return False
    return (lemma in verbs or (lemma.endswith("ing") and lemma[:-3] in verbs)
            or (lemma.endswith("ation") and lemma[:-5] + "ate" in verbs) or (lemma.endswith("ion") and lemma[:-3] + "e" in verbs))


def event_actor(mentions: pd.DataFrame, articles: pd.DataFrame) -> str:
    """The event's main actor, by default: the person named in the most outlets, then most often."""
    outlet_of = articles.set_index("article_id")["outlet"]
    people = mentions[(mentions["actor_type"] == "person") & (mentions["block_kind"] == "body")]
    if people.empty:
        raise NewsbiasError("no person is named in the body text, so there is no main actor to name the event by; "
                            "set EVENT_ACTOR to an actor_name.")
    stats = people.assign(outlet=people["article_id"].map(outlet_of)).groupby("actor_name").agg(
        outlets=("outlet", "nunique"), n=("text", "size"))
    return sorted(stats.index, key=lambda a: (-stats.at[a, "outlets"], -stats.at[a, "n"], a))[0]


@stagecache.stage()
def event_terms(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, docs: dict, nlp,
                actor_name: str) -> pd.DataFrame:
    """How each outlet names what happened to ``actor_name``: the verbs it is the object of ("killed Soleimani",
    "Soleimani was killed") and the nouns it is the complement or possessor of ("the killing of Soleimani",
    "Soleimani's assassination"). Returns ``outlet, term, part_of_speech, n, example``."""
    from newsbias.sentiment import _span_root, target_tokens

    outlet_of = articles.set_index("article_id")["outlet"]
    chosen = mentions[(mentions["actor_name"] == actor_name) & mentions["block_kind"].isin(["body", "title", "subtitle"])]
    if chosen.empty:
        raise NewsbiasError(f"actor {actor_name!r} is not mentioned; choose one of the actor_name values in mentions.")
    joined = chosen.merge(sentences[["article_id", "sentence_id", "text", "start_char"]].rename(
        columns={"text": "sentence", "start_char": "sentence_start"}), on=["article_id", "sentence_id"])
    verbs = verb_lemmas(nlp)
    rows = []
    for row, doc in zip(joined.itertuples(index=False), _docs_for(joined, docs)):
        root = _span_root(target_tokens(doc, row.start_char - row.sentence_start, row.end_char - row.sentence_start))
        head = root.head
        if root.dep_ in {"dobj", "nsubjpass"} and head.pos_ == "VERB":
            rows.append((outlet_of[row.article_id], head.lemma_.lower(), "verb", row.sentence))
        elif root.dep_ == "pobj" and head.lower_ in {"of", "on", "against"} and _action_noun(head.head, verbs):
            rows.append((outlet_of[row.article_id], head.head.lemma_.lower(), "noun", row.sentence))
        elif root.dep_ == "poss" and _action_noun(head, verbs):
            rows.append((outlet_of[row.article_id], head.lemma_.lower(), "noun", row.sentence))
    frame = pd.DataFrame(rows, columns=["outlet", "term", "part_of_speech", "example"])
    if frame.empty:
        return frame.assign(n=pd.Series(dtype=int))
    table = frame.groupby(["outlet", "term", "part_of_speech"]).agg(n=("example", "size"), example=("example", "first")).reset_index()
    return table.sort_values(["outlet", "n", "term"], ascending=[True, False, True]).reset_index(drop=True)


# --- Outlet summary --------------------------------------------------------------------------------


def outlet_summary(articles: pd.DataFrame, frequency: pd.DataFrame, voices: pd.DataFrame, tone: pd.DataFrame,
                   words: pd.DataFrame, method: str, top: int = 3) -> pd.DataFrame:
    """One row per outlet, side by side: size, most covered actors, most quoted speakers, voice mix, tone, distinctive words."""
    rows = []
    for outlet in sorted(articles["outlet"].unique()):
        own = articles[articles["outlet"] == outlet]
        names = frequency[(frequency["outlet"] == outlet) & (frequency["form"] == "name")].sort_values(["rank", "actor_name"])
        speakers = voices[voices["outlet"] == outlet]
        types = speakers.groupby("speaker_type")["n_quotes"].sum().sort_values(ascending=False)
        author = tone[(tone["outlet"] == outlet) & (tone["method"] == method) & (tone["voice_scope"] == "author")]
        author = author.sort_values(["n_mentions", "actor_name"], ascending=[False, True]).head(top)
        distinctive = words[(words["outlet"] == outlet) & (words["z"] > 0)].head(top * 2)
        rows.append({
            "outlet": outlet, "articles": len(own), "body_words": int(own["n_words"].sum()),
            "most_covered": ", ".join(f"{n} ({s:.0%})" for n, s in zip(names["actor_name"].head(top), names["share_of_actor_mentions"].head(top))),
            "quotations": int(speakers["n_quotes"].sum()),
            "most_quoted": ", ".join(f"{s} ({n})" for s, n in zip(speakers["speaker"].head(top), speakers["n_quotes"].head(top))),
            "voices_by_type": ", ".join(f"{t} {n}" for t, n in types.items()),
            "tone_author_voice": ", ".join(f"{a} {m:+.2f} (n={n})" for a, m, n in zip(author["actor_name"], author["mean_score"], author["n_mentions"])),
            "distinctive_words": ", ".join(distinctive["term"]),
        })
    return pd.DataFrame(rows, columns=list(TABLES["outlet_summary"]))


def outlets_of(articles: pd.DataFrame) -> list[str]:
    """The corpus's outlets, sorted; at least two are needed to compare."""
    outlets = sorted(articles["outlet"].unique())
    if len(outlets) < 2:
        raise NewsbiasError(f"the comparison needs at least two outlets; this corpus has {outlets}. "
                            "Add articles from another outlet to the manifest.")
    return outlets


def slug(outlet: str) -> str:
    """A file-name-safe form of an outlet's name ("The BL" -> "the-bl")."""
    from newsbias.entities import slug as folded_slug

    return folded_slug(outlet, empty="outlet")


def word_evidence(words: pd.DataFrame, body: pd.DataFrame, articles: pd.DataFrame, per_outlet: int = 3) -> pd.DataFrame:
    """For each outlet's ``per_outlet`` most distinctive terms, the first sentence that uses it."""
    rows = []
    for row in words.groupby("outlet", sort=True).head(per_outlet).itertuples():
        examples = term_examples(row.term, body, articles, row.outlet, limit=1)
        rows.append({"outlet": row.outlet, "term": row.term, "z": row.z, "count": row.count,
                     "sentence": examples[0] if examples else ""})
    return pd.DataFrame(rows)


# --- Findings in words -------------------------------------------------------------------------------


def key_findings(frequency: pd.DataFrame, voices: pd.DataFrame, differences: pd.DataFrame, words: pd.DataFrame,
                 events: pd.DataFrame, min_mentions: int = 3, z_threshold: float = 1.96) -> pd.DataFrame:
    """The differences between outlets, in plain words, each with the n behind it, a caution, and the table holding its evidence."""
    rows = []
    outlets = sorted(frequency["outlet"].unique())
    from newsbias.entities import coverage_gaps

    gaps = coverage_gaps(frequency, min_mentions=min_mentions)
    for gap in gaps.head(6).to_dict("records"):
        counts = ", ".join(f"{o} {int(gap[o])}" for o in outlets)
        rows.append(("coverage", f"{gap['actor_name']} is named in {gap['present_in']} ({counts} mentions) and never in "
                     f"{gap['absent_from']}.", int(sum(gap[o] for o in outlets)), "", "coverage_gaps"))
    shares = voice_by(voices, "speaker_type")
    totals = shares.pop("n_quotes")
    if len(shares.columns):
        spread = (shares.max() - shares.min()).sort_values(ascending=False)
        kind = spread.index[0]
        parts = ", ".join(f"{o} {shares.at[o, kind]:.0%} of {int(totals[o])}" for o in shares.index)
        rows.append(("voice", f"Quotations from {kind} speakers: {parts}.", int(totals.sum()),
                     "few quotations" if totals.min() < 10 else "", "voices"))
    for scope_name in ("author", "all"):
        part = differences[differences["voice_scope"] == scope_name] if len(differences) else differences
        if part.empty:
            continue
        best = part.sort_values(["p_value", "actor_name"]).iloc[0]
        voice = "in the outlets' own voice" if scope_name == "author" else "counting quoted voices"
        if best["p_value"] < 0.05:
            text = (f"Tone toward {best['actor_name']} differs across outlets {voice} (permutation p = {best['p_value']:.3f}): "
                    f"lowest {best['lowest']}, highest {best['highest']}.")
        else:
            text = (f"No actor's tone differs across outlets beyond chance {voice}; the smallest p-value is "
                    f"{best['p_value']:.2f} ({best['actor_name']}: lowest {best['lowest']}, highest {best['highest']}).")
        rows.append(("tone", text, int(best["n_sentences"]), "few sentences" if best["few_sentences"] else "", "differences"))
    for outlet in outlets:
        own = words[(words["outlet"] == outlet)]
        strong = own[own["z"] > z_threshold]
        if len(strong):
            text = f"{outlet} uses distinctively often: " + ", ".join(f"{t} (z={z:.1f}, {c}×)" for t, z, c in
                                                                      zip(strong["term"].head(6), strong["z"].head(6), strong["count"].head(6))) + "."
        elif len(own):
            text = (f"No word is distinctive of {outlet} at z > {z_threshold} (too little text); its highest is "
                    f"'{own['term'].iloc[0]}' (z={own['z'].iloc[0]:.1f}, {own['count'].iloc[0]}×).")
        else:
            continue
        rows.append(("word choice", text, int(own["count"].sum()), "" if len(strong) else "little text", "words"))
    if len(events):
        by_term = events.groupby("term")["outlet"].agg(lambda o: sorted(set(o)))
        for term, used_by in by_term.items():
            if len(used_by) == 1 and len(outlets) > 1:
                n = int(events.loc[events["term"] == term, "n"].sum())
                rows.append(("event naming", f"Only {used_by[0]} calls it '{term}' ({n}×).", n,
                             "single use" if n < 2 else "", "events"))
    return pd.DataFrame(rows, columns=["topic", "finding", "n", "caution", "evidence_table"])


def findings_text(findings: pd.DataFrame) -> str:
    """The findings as a readable list: one line each, with n, caution and where the evidence is."""
    lines = []
    for row in findings.itertuples(index=False):
        caution = f"; caution: {row.caution}" if row.caution else ""
        lines.append(f"- [{row.topic}] {row.finding} (n={row.n}{caution}; evidence: {row.evidence_table})")
    return "\n".join(lines)
