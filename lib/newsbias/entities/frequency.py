"""Counting actors per outlet: frequencies, who is left out, and what the rules merged."""

from __future__ import annotations

import pandas as pd

from newsbias.tables import TABLES


def merge_summary(mentions: pd.DataFrame) -> pd.DataFrame:
    """How many written forms and mentions each rule tied to an actor (``exact`` forms are not merges)."""
    actors = mentions[mentions["actor_id"] != ""]
    summary = actors.groupby("link_rule").agg(n_forms=("text", "nunique"), n_mentions=("text", "size")).reset_index()
    summary["source"] = summary["link_rule"].map(lambda r: "alias file" if r == "alias file" else ("none" if r == "exact" or "unmerged" in r else "rules"))
    return summary.sort_values(["source", "n_mentions"], ascending=[True, False]).reset_index(drop=True)


def actor_variants(mentions: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Per actor: every written form counted once under it, with its mentions and rule; with ``top``, only the
    ``top`` actors by mentions, most mentioned first (so that a merge can be audited in one look)."""
    actors = mentions[mentions["actor_id"] != ""]
    variants = actors.groupby(["actor_id", "actor_name", "form", "text", "link_rule"]).size().rename("n_mentions").reset_index()
    if top is None:
        return variants.sort_values(["actor_id", "form", "n_mentions", "text"],
                                    ascending=[True, True, False, True]).reset_index(drop=True)
    totals = actors["actor_id"].value_counts()
    chosen = sorted(totals.index, key=lambda a: (-totals[a], a))[:top]
    variants = variants[variants["actor_id"].isin(chosen)].assign(_rank=lambda v: v["actor_id"].map({a: i for i, a in enumerate(chosen)}))
    return variants.sort_values(["_rank", "form", "n_mentions", "text"], ascending=[True, True, False, True]).drop(
        columns="_rank").reset_index(drop=True)


def found_by_summary(mentions: pd.DataFrame) -> pd.DataFrame:
    """Actor mentions by how they were found: spaCy's recogniser, or the rules that find the names it missed."""
    actors = mentions[mentions["actor_id"] != ""]
    return actors.groupby("found_by").agg(n_mentions=("text", "size"), n_forms=("text", "nunique")).sort_values(
        "n_mentions", ascending=False)


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
