"""Labels for the same referent, and names for the event: the adjectives, titles and appositions each outlet
attaches to an actor, and the verbs and action nouns each outlet uses for what happened to the event's main actor."""

from __future__ import annotations

import pandas as pd

from newsbias import stagecache
from newsbias.english import verb_lemmas
from newsbias.errors import NewsbiasError
from newsbias.parsing import map_rows
from newsbias.target_scope import span_root, target_tokens


@stagecache.stage()
def actor_labels(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, docs: dict,
                 actors: list[str] | None = None, min_outlets: int = 2) -> pd.DataFrame:
    """The words each outlet attaches to an actor: adjectives, titles and appositions of its mentions.

    Returns ``actor_name, outlet, label, kind, n, example`` for actors named by at least ``min_outlets`` outlets.
    """
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
    frame = map_rows(_labels_of, joined, docs, ["actor_name", "outlet", "label", "kind", "example"])
    if frame.empty:
        return frame.assign(n=pd.Series(dtype=int))
    table = frame.groupby(["actor_name", "outlet", "label", "kind"]).agg(n=("example", "size"), example=("example", "first")).reset_index()
    return table.sort_values(["actor_name", "outlet", "n", "label"], ascending=[True, True, False, True]).reset_index(drop=True)


def _labels_of(row, doc) -> list[tuple]:
    """The labels one mention of an actor carries: ``(actor_name, outlet, label, kind, example)`` (for :func:`actor_labels`)."""
    rows = []
    tokens = target_tokens(doc, row.start_char - row.sentence_start, row.end_char - row.sentence_start)
    inside = {t.i for t in tokens}
    root = span_root(tokens)
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
    return rows


_TITLE_LEMMAS = {"maj", "gen", "general", "lt", "col", "colonel", "brig", "commander", "president", "minister", "prime",
                 "foreign", "defense", "defence", "secretary", "chancellor", "ayatollah", "king", "prince", "sheikh",
                 "dr", "mr", "mrs", "ms", "sen", "senator", "gov", "governor", "mayor", "chief", "leader", "supreme"}
_EVENT_NOUN_TAGS = {"NN", "NNS"}


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
    if not (mentions["actor_name"] == actor_name).any():
        raise NewsbiasError(f"actor {actor_name!r} is not mentioned; choose one of the actor_name values in mentions.")
    return terms_for_actor(mentions, sentences, articles, docs, nlp, actor_name)


@stagecache.stage()
def event_names(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, docs: dict, nlp,
                events: pd.DataFrame) -> pd.DataFrame:
    """:func:`event_terms` per event (``events``: ``article_id, event``), each with the event's own main actor
    (:func:`event_actor` within the event). Returns ``event, event_actor, outlet, term, part_of_speech, n,
    example``; events that name no person in their body text are left out (their count is in the notebook)."""
    tables = []
    event_of = events.set_index("article_id")["event"]
    for event, ids in articles.groupby(articles["article_id"].map(event_of), sort=True)["article_id"]:
        own_mentions = mentions[mentions["article_id"].isin(set(ids))]
        own_articles = articles[articles["article_id"].isin(set(ids))]
        people = own_mentions[(own_mentions["actor_type"] == "person") & (own_mentions["block_kind"] == "body")]
        if people.empty:
            continue
        actor = event_actor(own_mentions, own_articles)
        terms = terms_for_actor(own_mentions, sentences, own_articles, docs, nlp, actor)
        tables.append(terms.assign(event=event, event_actor=actor))
    columns = ["event", "event_actor", "outlet", "term", "part_of_speech", "n", "example"]
    return pd.concat(tables, ignore_index=True)[columns] if tables else pd.DataFrame(columns=columns)


def recurring_terms(names: pd.DataFrame, min_events: int = 2) -> pd.DataFrame:
    """The terms of :func:`event_names` used for at least ``min_events`` events (by any unit), pooled per unit:
    ``outlet, term, part_of_speech, n, n_events, example`` (a verb used for one story only says nothing general)."""
    columns = ["outlet", "term", "part_of_speech", "n", "n_events", "example"]
    if names.empty:
        return pd.DataFrame(columns=columns)
    spread = names.groupby("term")["event"].nunique()
    kept = names[names["term"].isin(spread.index[spread >= min_events])]
    table = kept.groupby(["outlet", "term", "part_of_speech"]).agg(
        n=("n", "sum"), n_events=("event", "nunique"), example=("example", "first")).reset_index()
    return table.sort_values(["outlet", "n", "term"], ascending=[True, False, True]).reset_index(drop=True)[columns]


def terms_for_actor(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, docs: dict, nlp,
                    actor_name: str) -> pd.DataFrame:
    """The rows of :func:`event_terms` (not cached; an actor without mentions gives an empty table)."""
    outlet_of = articles.set_index("article_id")["outlet"]
    chosen = mentions[(mentions["actor_name"] == actor_name) & mentions["block_kind"].isin(["body", "title", "subtitle"])]
    joined = chosen.merge(sentences[["article_id", "sentence_id", "text", "start_char"]].rename(
        columns={"text": "sentence", "start_char": "sentence_start"}), on=["article_id", "sentence_id"])
    joined = joined.assign(outlet=joined["article_id"].map(outlet_of))
    frame = map_rows(_terms_of, joined, docs, ["outlet", "term", "part_of_speech", "example"], verbs=verb_lemmas(nlp))
    if frame.empty:
        return frame.assign(n=pd.Series(dtype=int))
    table = frame.groupby(["outlet", "term", "part_of_speech"]).agg(n=("example", "size"), example=("example", "first")).reset_index()
    return table.sort_values(["outlet", "n", "term"], ascending=[True, False, True]).reset_index(drop=True)


def _terms_of(row, doc, verbs: frozenset[str]) -> list[tuple[str, str, str, str]]:
    """What one mention of the event's main actor says happened to it (for :func:`terms_for_actor`)."""
    root = span_root(target_tokens(doc, row.start_char - row.sentence_start, row.end_char - row.sentence_start))
    head = root.head
    if root.dep_ in {"dobj", "nsubjpass"} and head.pos_ == "VERB":
        return [(row.outlet, head.lemma_.lower(), "verb", row.sentence)]
    if root.dep_ == "pobj" and head.lower_ in {"of", "on", "against"} and _action_noun(head.head, verbs):
        return [(row.outlet, head.head.lemma_.lower(), "noun", row.sentence)]
    if root.dep_ == "poss" and _action_noun(head, verbs):
        return [(row.outlet, head.lemma_.lower(), "noun", row.sentence)]
    return []


def event_naming(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, docs: dict, nlp,
                 events: pd.DataFrame, actor_name: str | None = None) -> tuple[pd.DataFrame, str]:
    """How each unit names what happened, and a line saying how it was found: with several events (``events``),
    :func:`recurring_terms` over :func:`event_names` (each event with its own main actor; ``actor_name`` is then
    ignored); with one, :func:`event_terms` for ``actor_name`` or :func:`event_actor`. Returns ``outlet, term,
    part_of_speech, n, example`` (and ``n_events`` with several events)."""
    if events["event"].nunique() > 1:
        names = event_names(mentions, sentences, articles, docs, nlp, events)
        naming = recurring_terms(names)
        note = (f"{names['event'].nunique()} of {events['event'].nunique()} events name a person in their body text "
                f"and are named each by its own main actor; {naming['term'].nunique()} terms recur across two events "
                "or more" + ("; EVENT_ACTOR is ignored with several events" if actor_name else ""))
        return naming, note
    actor = actor_name or event_actor(mentions, articles)
    return event_terms(mentions, sentences, articles, docs, nlp, actor), f"main actor of the event: {actor}"
