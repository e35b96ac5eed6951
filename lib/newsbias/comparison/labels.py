"""Labels for the same referent, and names for the event: the adjectives, titles and appositions each outlet
attaches to an actor, and the verbs and action nouns each outlet uses for what happened to the event's main actor."""

from __future__ import annotations

import pandas as pd

from newsbias import stagecache
from newsbias.english import verb_lemmas
from newsbias.errors import NewsbiasError
from newsbias.parsing import docs_for_rows
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
    rows = []
    for row, doc in zip(joined.itertuples(index=False), docs_for_rows(joined, docs)):
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
    frame = pd.DataFrame(rows, columns=["actor_name", "outlet", "label", "kind", "example"])
    if frame.empty:
        return frame.assign(n=pd.Series(dtype=int))
    table = frame.groupby(["actor_name", "outlet", "label", "kind"]).agg(n=("example", "size"), example=("example", "first")).reset_index()
    return table.sort_values(["actor_name", "outlet", "n", "label"], ascending=[True, True, False, True]).reset_index(drop=True)


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
    outlet_of = articles.set_index("article_id")["outlet"]
    chosen = mentions[(mentions["actor_name"] == actor_name) & mentions["block_kind"].isin(["body", "title", "subtitle"])]
    if chosen.empty:
        raise NewsbiasError(f"actor {actor_name!r} is not mentioned; choose one of the actor_name values in mentions.")
    joined = chosen.merge(sentences[["article_id", "sentence_id", "text", "start_char"]].rename(
        columns={"text": "sentence", "start_char": "sentence_start"}), on=["article_id", "sentence_id"])
    verbs = verb_lemmas(nlp)
    rows = []
    for row, doc in zip(joined.itertuples(index=False), docs_for_rows(joined, docs)):
        root = span_root(target_tokens(doc, row.start_char - row.sentence_start, row.end_char - row.sentence_start))
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
