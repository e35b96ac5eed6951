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
from newsbias.comparison.speaker_country import CountryReader
from newsbias.errors import NewsbiasError
from newsbias.folding import fold
from newsbias.parsing import map_rows
from newsbias.quotes.summaries import with_outlet
from newsbias.tables import TABLES
from newsbias.target_scope import span_root, target_tokens

SPEAKER_TYPES = ("government", "international organisation", "party", "media", "other", "unknown")
# Words of a speaker's name, title or description that say what kind of speaker it is (general English usage).
# Checked in this order: a "NATO spokesman" is an international organisation's voice, not a government's.
# A spokesman, spokeswoman or spokesperson speaks for whoever employs them: those words alone say no kind.
_TYPE_WORDS = {
    "media": r"newspaper|paper|news|times|post|express|herald|tribune|journal|gazette|daily|tv|television|radio|"
             r"press|broadcaster|broadcasting|channel|magazine|reporter|correspondent|columnist|editor|reuters",
    "international organisation": r"united nations|european union|european commission|bloc|alliance|"
                                  r"international|secretary-general|secretary general|high representative|"
                                  r"commissioner|african union|arab league|interpol|world bank|world health organization|"
                                  r"world trade organization",
    "party": r"party|opposition|lawmaker|legislator|senator|congressman|congresswoman|democrat|democrats|"
             r"republican|republicans|labour|conservative|conservatives|liberal|liberals|socialist|socialists|"
             r"green|greens|candidate",
    "government": r"president|prime minister|premier|minister|ministry|chancellor|secretary of state|secretary|"
                  r"government|department|administration|ambassador|embassy|envoy|king|queen|emir|ayatollah|"
                  r"supreme leader|mayor|governor|palace|white house|kremlin|pentagon|military|army|armed forces|"
                  r"commander|general|official|officials|cabinet|"
                  r"state department|foreign office|police",
}
# Initials that say the kind of speaker only as initials: matched as written ("WHO", "UN", "AP"; "Nato" too, as
# British papers write the longer ones), never as the words "who", "un" or "ap".
_TYPE_INITIALS = {
    "media": "AP AFP DPA EFE ANSA XINHUA TASS IRNA BBC CNN",
    "international organisation": "UN NATO EU WHO IMF IAEA OPEC WTO OECD OSCE ASEAN UNESCO UNICEF UNHCR ICC ICJ G7 G20",
    "party": "MP MPs",
}


def _type_pattern(words: str, initials: str) -> re.Pattern:
    """Role words in any case, initials as written (and capitalised, when four letters or more)."""
    written = [form for each in initials.split() for form in ([each, each.capitalize()] if len(each) >= 4 else [each])]
    return re.compile(rf"(?i:\b(?:{words})\b)" + (rf"|\b(?:{'|'.join(written)})\b" if written else ""))


_TYPE_PATTERNS = {kind: _type_pattern(words, _TYPE_INITIALS.get(kind, "")) for kind, words in _TYPE_WORDS.items()}

# Dependencies that start a clause, or a phrase about something else, inside a description: left out of it ("the
# deputy attorney general who made clear during a news conference ...": not a journalist).
_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis"})


def _description(token, inside: set[int], head: bool = True) -> list:
    """A modifier or apposition of a mention, without clauses and without phrases inside its phrases: "editor of
    the Weekly Standard and a leading voice of conservative support" from "... support for the war in Afghanistan"."""
    kept = [token]
    for child in token.children:
        if child.i in inside or child.is_punct or child.dep_ in _CLAUSES or (child.dep_ == "prep" and not head):
            continue
        kept.extend(_description(child, inside, head and child.dep_ in {"conj", "cc", "prep"}))
    return kept


def _title_words(doc, start: int, end: int) -> tuple[str, tuple[str, ...]]:
    """The title and description a sentence attaches to a mention (its left modifiers and appositions, as
    :func:`_description` keeps them) and the countries they name (place and group entities, whole: not the
    "Jersey" of "New Jersey", nor a name's "Jordan")."""
    tokens = target_tokens(doc, start, end)
    inside = {t.i for t in tokens}
    root = span_root(tokens)
    kept = []
    for child in root.children:
        if child.i in inside:
            continue
        if (child.dep_ in {"compound", "amod", "nmod", "poss"} and child.i < root.i) or child.dep_ == "appos":
            kept.extend(_description(child, inside))
    kept = sorted({t.i: t for t in kept if not t.is_punct}.values(), key=lambda t: t.i)
    indices = {t.i for t in kept}
    places = {e.text for e in doc.ents if e.label_ in {"GPE", "NORP"} and indices & set(range(e.start, e.end))}
    return " ".join(t.text for t in kept), tuple(sorted(places))


@stagecache.stage()
def speaker_profiles(quotes: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame, docs: dict,
                     overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per speaker: ``speaker, speaker_actor_id, speaker_type, country, evidence``.

    The type comes from the words the text uses for the speaker, matched against general role words: its name
    when the name says it ("Fox News", "NATO", "State Department"), else the type most of its speaker phrases,
    titles and appositions say, each counted as often as it is written (:func:`speaker_type_of`); places speak
    for their governments. ``country`` is the country its titles, appositions and speaker phrases name most
    (:class:`newsbias.comparison.speaker_country.CountryReader`); places: themselves. Clauses inside a
    description are left out (a "news conference" a deputy attorney general held, "the war in Afghanistan" a
    columnist supported).
    ``overrides`` (``speaker_actor_id`` or ``speaker``, with ``speaker_type`` and/or ``country``) wins.
    ``docs`` maps ``(article_id, sentence_id)`` to the sentence's parse (:func:`newsbias.parsing.sentence_docs`).
    """
    reader = CountryReader(mentions)
    spoken = quotes[quotes["speaker_text"] != ""].copy()
    spoken["speaker"] = spoken["speaker_name"].where(spoken["speaker_name"] != "", spoken["speaker_text"])
    actor_ids = sorted({a for ids in spoken["speaker_actor_id"] for a in ids.split(";") if a})
    described = mentions[mentions["actor_id"].isin(actor_ids) & (mentions["form"] != "demonym")]
    joined = described.merge(sentences[["article_id", "sentence_id", "text", "start_char"]].rename(
        columns={"text": "sentence", "start_char": "sentence_start"}), on=["article_id", "sentence_id"])
    titles: dict[str, Counter] = {a: Counter() for a in actor_ids}
    for actor_id, words, places in map_rows(_titles_of, joined, docs, ["actor_id", "words", "places"]).itertuples(index=False):
        titles[actor_id][(words, places)] += 1
    rows = []
    for (speaker, actor_id), group in spoken.groupby(["speaker", "speaker_actor_id"], sort=True):
        ids = [a for a in actor_id.split(";") if a]
        described = Counter()
        for a in ids:
            described.update(titles.get(a, Counter()))
        descriptions = Counter()
        for (words, _), count in described.items():
            descriptions[words] += count
        said = Counter(group["speaker_text"])
        kind = speaker_type_of(speaker, ids, said + descriptions)
        name_words = {fold(w) for w in speaker.split()} if all(a.startswith("person:") for a in ids) else set()
        evidence = [(reader.of_places([p for p in places.split("; ") if p]), words, count)
                    for (words, places), count in described.items()]
        evidence += [(reader.written_in(phrase, name_words), phrase, count) for phrase, count in said.items()]
        country = reader.of_speaker(ids, evidence, speaker)
        profile = " | ".join([speaker, *sorted(said), *(w for w, _ in descriptions.most_common())])
        rows.append({"speaker": speaker, "speaker_actor_id": actor_id, "speaker_type": kind, "country": country,
                     "evidence": profile[:200]})
    profiles = pd.DataFrame(rows, columns=list(TABLES["speakers"]))
    return _apply_overrides(profiles, overrides)


def _titles_of(row, doc) -> list[tuple[str, str, str]]:
    """The title words of one mention and the places they name, if it has any (for :func:`speaker_profiles`)."""
    words, places = _title_words(doc, row.start_char - row.sentence_start, row.end_char - row.sentence_start)
    return [(row.actor_id, words, "; ".join(places))] if words else []


def _type_in(text: str) -> str:
    """The first speaker type (in :data:`SPEAKER_TYPES` order) whose words ``text`` uses, or ""."""
    return next((kind for kind, pattern in _TYPE_PATTERNS.items() if pattern.search(text)), "")


def speaker_type_of(name: str, actor_ids: list[str], phrases: Counter | None = None) -> str:
    """A speaker's type: its name's when the name says one; else the type most of ``phrases`` (speaker phrases,
    titles and appositions, with how often each is written) say, the earlier in :data:`SPEAKER_TYPES` of two said
    as often; else a place's government, "other" for an actor and "unknown" for an unresolved speaker."""
    votes = Counter()
    for phrase, count in (phrases or Counter()).items():
        if _type_in(phrase):
            votes[_type_in(phrase)] += count
    kind = _type_in(name) or min(votes, key=lambda k: (-votes[k], SPEAKER_TYPES.index(k)), default="")
    if kind:
        return kind
    if actor_ids and all(a.startswith("place:") for a in actor_ids):
        return "government"  # a country or capital speaking is its government
    return "other" if actor_ids else "unknown"


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
