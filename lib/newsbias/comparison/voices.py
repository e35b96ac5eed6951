"""Voice: who gets to speak in each outlet, with speakers grouped by type (government, international organisation,
party, media, other, unknown) and by country where the text says it.

The type and country are read from the words the articles use for each speaker (name, titles, appositions, the
speaker phrase) with general English role words; a country or capital speaking is its government. A researcher's
override CSV corrects any row.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from newsbias import stagecache
from newsbias.countries import country_data
from newsbias.errors import NewsbiasError
from newsbias.folding import fold
from newsbias.parsing import map_rows
from newsbias.quotes.summaries import with_outlet
from newsbias.tables import TABLES
from newsbias.target_scope import span_root, target_tokens

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


def _title_words(doc, start: int, end: int) -> str:
    """The title and description a sentence attaches to a mention: its left modifiers and appositions."""
    tokens = target_tokens(doc, start, end)
    inside = {t.i for t in tokens}
    root = span_root(tokens)
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
    countries, demonyms, capitals = country_data()
    spoken = quotes[quotes["speaker_text"] != ""].copy()
    spoken["speaker"] = spoken["speaker_name"].where(spoken["speaker_name"] != "", spoken["speaker_text"])
    actor_ids = sorted({a for ids in spoken["speaker_actor_id"] for a in ids.split(";") if a})
    described = mentions[mentions["actor_id"].isin(actor_ids) & (mentions["form"] != "demonym")]
    joined = described.merge(sentences[["article_id", "sentence_id", "text", "start_char"]].rename(
        columns={"text": "sentence", "start_char": "sentence_start"}), on=["article_id", "sentence_id"])
    titles: dict[str, Counter] = {a: Counter() for a in actor_ids}
    for actor_id, words in map_rows(_titles_of, joined, docs, ["actor_id", "words"]).itertuples(index=False):
        titles[actor_id][words] += 1
    rows = []
    for (speaker, actor_id), group in spoken.groupby(["speaker", "speaker_actor_id"], sort=True):
        ids = [a for a in actor_id.split(";") if a]
        descriptions = [w for a in ids for w, _ in titles.get(a, Counter()).most_common()]
        profile = " | ".join([speaker, *sorted(set(group["speaker_text"])), *descriptions])
        kind = speaker_type_of(profile, ids)
        country = _country_in(profile, ids, countries, demonyms, capitals)
        rows.append({"speaker": speaker, "speaker_actor_id": actor_id, "speaker_type": kind, "country": country,
                     "evidence": profile[:200]})
    profiles = pd.DataFrame(rows, columns=list(TABLES["speakers"]))
    return _apply_overrides(profiles, overrides)


def _titles_of(row, doc) -> list[tuple[str, str]]:
    """The title words of one mention, if it has any (for :func:`speaker_profiles`)."""
    words = _title_words(doc, row.start_char - row.sentence_start, row.end_char - row.sentence_start)
    return [(row.actor_id, words)] if words else []


def speaker_type_of(profile: str, actor_ids: list[str]) -> str:
    for kind, pattern in _TYPE_PATTERNS.items():
        if pattern.search(profile):
            return kind
    if actor_ids and all(a.startswith("place:") for a in actor_ids):
        return "government"  # a country or capital speaking is its government
    return "other" if actor_ids else "unknown"


def _country_in(profile: str, actor_ids: list[str], countries, demonyms, capitals) -> str:
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
    frame = with_outlet(quotes, articles)
    frame = frame.merge(profiles[["speaker", "speaker_actor_id", "speaker_type", "country"]],
                        on=["speaker", "speaker_actor_id"], how="left")
    frame["speaker_type"] = frame["speaker_type"].fillna("unknown")
    frame["country"] = frame["country"].fillna("")
    frame["quoted_words"] = frame["n_words"].where(frame["kind"].isin(["direct", "partial"]), 0)
    table = frame.groupby(["outlet", "speaker", "speaker_type", "country"]).agg(
        n_quotes=("quote_id", "size"), n_direct=("kind", lambda k: int((k == "direct").sum())),
        n_reported=("kind", lambda k: int((k == "reported").sum())), quoted_words=("quoted_words", "sum")).reset_index()
    return table.sort_values(["outlet", "n_quotes", "quoted_words", "speaker"], ascending=[True, False, False, True]).reset_index(drop=True)


def voice_by(voices: pd.DataFrame, column: str, top: int | None = None) -> pd.DataFrame:
    """Outlet x ``column`` (speaker_type or country): share of the outlet's quotations, with the counts behind it;
    with ``top``, the ``top`` values with most quotations and the others pooled in one column named for how many."""
    counts = voices.pivot_table(index="outlet", columns=column, values="n_quotes", aggfunc="sum", fill_value=0)
    if column == "speaker_type":
        counts = counts.reindex(columns=[t for t in SPEAKER_TYPES if t in counts.columns])
    if column == "country":
        counts = counts.rename(columns={"": "(not stated)"})
    if top is not None and len(counts.columns) > top + 1:
        totals = counts.sum()
        kept = sorted(counts.columns, key=lambda c: (-totals[c], str(c)))[:top]
        rest = [c for c in counts.columns if c not in kept]
        counts = counts[kept].assign(**{f"{len(rest)} others": counts[rest].sum(axis=1)})
    shares = counts.div(counts.sum(axis=1), axis=0).round(3)
    shares.columns.name = column
    return shares.assign(n_quotes=counts.sum(axis=1))
