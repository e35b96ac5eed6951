"""Quotations per outlet: counts by kind, who speaks and how much, in tables the notebooks show.

``speaker_actor_type`` is the type of the actor speaking (person, organisation, place, group), or
``unresolved``/``none``; the comparison's speaker categories (government, party, media, ...) are
:mod:`newsbias.comparison.voices`'s ``speaker_type``.
"""

from __future__ import annotations

import pandas as pd

from newsbias.quotes.speakers import TYPE_OF_PREFIX

SPEAKER_ACTOR_TYPES = ("person", "organisation", "place", "group", "unresolved", "none")


def speaker_actor_type(quotes: pd.DataFrame) -> pd.Series:
    """Per quotation: the type of the (first) actor speaking, ``unresolved`` when the speaker has no actor, ``none`` without speaker."""
    first = quotes["speaker_actor_id"].str.split(";").str[0].str.split(":").str[0]
    kind = first.map(TYPE_OF_PREFIX)
    kind = kind.where(quotes["speaker_actor_id"] != "", "unresolved")
    return kind.where(quotes["speaker_text"] != "", "none").rename("speaker_actor_type")


def with_outlet(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``quotes`` with ``outlet``, ``speaker_actor_type`` and a readable ``speaker`` (actor name, or the text as written)."""
    outlet = quotes["article_id"].map(articles.set_index("article_id")["outlet"])
    speaker = quotes["speaker_name"].where(quotes["speaker_name"] != "", quotes["speaker_text"].where(quotes["speaker_text"] != "", "(no speaker)"))
    return quotes.assign(outlet=outlet, speaker_actor_type=speaker_actor_type(quotes), speaker=speaker)


def quotation_counts(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: quotations by kind, quoted words and their share of body words, and how many speakers resolved."""
    frame = with_outlet(quotes, articles)
    counts = frame.pivot_table(index="outlet", columns="kind", values="quote_id", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=["direct", "partial", "reported"], fill_value=0)
    words = articles.groupby("outlet")["n_words"].sum()
    quoted = frame[frame["kind"].isin(["direct", "partial"])].groupby("outlet")["n_words"].sum()
    summary = counts.assign(
        n_quotes=counts.sum(axis=1),
        n_speakers=frame[frame["speaker_actor_id"] != ""].groupby("outlet")["speaker_actor_id"].nunique(),
        share_resolved=frame.groupby("outlet")["speaker_actor_id"].apply(lambda s: (s != "").mean()).round(3),
        quoted_words=quoted, body_words=words,
    ).fillna(0)
    summary["quoted_share_of_body_words"] = (summary["quoted_words"] / summary["body_words"]).round(3)
    summary = summary.astype({c: int for c in ["n_quotes", "n_speakers", "quoted_words", "body_words"]})
    summary.columns.name = None
    return summary.reset_index().sort_values("outlet").reset_index(drop=True)


def speakers_per_outlet(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and speaker: quotations by kind and words quoted (direct and partial), most quoted first."""
    frame = with_outlet(quotes, articles)
    table = frame.pivot_table(index=["outlet", "speaker", "speaker_actor_type"], columns="kind", values="quote_id",
                              aggfunc="count", fill_value=0)
    table = table.reindex(columns=["direct", "partial", "reported"], fill_value=0)
    table["n_quotes"] = table.sum(axis=1)
    quoted = frame[frame["kind"].isin(["direct", "partial"])].groupby(["outlet", "speaker", "speaker_actor_type"])["n_words"].sum()
    table["quoted_words"] = quoted.reindex(table.index, fill_value=0).astype(int)
    table.columns.name = None
    table = table.reset_index()
    return table.sort_values(["outlet", "n_quotes", "quoted_words", "speaker"], ascending=[True, False, False, True]).reset_index(drop=True)


def speaker_actor_types_per_outlet(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Quotations per outlet (rows) and type of the actor speaking (columns)."""
    frame = with_outlet(quotes, articles)
    table = frame.pivot_table(index="outlet", columns="speaker_actor_type", values="quote_id", aggfunc="count", fill_value=0)
    order = [t for t in SPEAKER_ACTOR_TYPES if t in table.columns]
    table = table.reindex(columns=order)
    table.columns.name = "speaker_actor_type"
    return table.sort_index()


def top_speaker_shares(speakers: pd.DataFrame, top: int) -> pd.DataFrame:
    """What the who-speaks figure draws per unit: its ``top`` most quoted speakers (named or not, never "(no
    speaker)") with each kind's share (%) of all the unit's quotations, and ``outlet_quotes``, that total."""
    shown = speakers[speakers["speaker"] != "(no speaker)"].groupby("outlet", sort=True).head(top)
    total = shown["outlet"].map(speakers.groupby("outlet")["n_quotes"].sum())
    shares = {kind: (100 * shown[kind] / total).round(1) for kind in ["direct", "partial", "reported", "n_quotes"]}
    return shown[["outlet", "speaker"]].assign(**shares, outlet_quotes=total.astype(int)).reset_index(drop=True)


def type_shares(types: pd.DataFrame) -> pd.DataFrame:
    """Each unit's quotations by speaker type (:func:`speaker_actor_types_per_outlet`) as shares (%) of the unit's
    quotations, with ``n_quotes``, the unit's total."""
    totals = types.sum(axis=1)
    return (100 * types.div(totals.where(totals > 0, 1), axis=0)).round(1).assign(n_quotes=totals.astype(int))
