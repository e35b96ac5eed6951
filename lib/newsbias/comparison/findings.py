"""What sets each outlet apart: the comparison's findings in plain words, the side-by-side summary, and the
inputs of each outlet's card."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from newsbias.comparison.tone_tests import holds_under
from newsbias.comparison.voices import voice_by
from newsbias.entities.frequency import coverage_gaps
from newsbias.errors import NewsbiasError
from newsbias.folding import slug
from newsbias.tables import TABLES


def outlets_of(articles: pd.DataFrame) -> list[str]:
    """The corpus's outlets, sorted; at least two are needed to compare."""
    outlets = sorted(articles["outlet"].unique())
    if len(outlets) < 2:
        raise NewsbiasError(f"the comparison needs at least two outlets; this corpus has {outlets}. "
                            "Add articles from another outlet to the manifest.")
    return outlets


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


def key_findings(frequency: pd.DataFrame, voices: pd.DataFrame, differences: pd.DataFrame, words: pd.DataFrame,
                 events: pd.DataFrame, min_mentions: int = 3, z_threshold: float = 1.96,
                 paired: pd.DataFrame | None = None, robustness: pd.DataFrame | None = None) -> pd.DataFrame:
    """The differences between outlets, in plain words, each with the n behind it, a caution, and the table holding its
    evidence. ``paired`` (:func:`newsbias.comparison.paired.paired_tone`) adds the differences within events;
    ``robustness`` (:func:`newsbias.comparison.tone_tests.method_robustness`) says whether a tone difference holds
    under every sentiment method or depends on one."""
    rows = []
    outlets = sorted(frequency["outlet"].unique())
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
        q_value = best.get("q_value", float("nan"))
        if best["p_value"] < 0.05 and q_value < 0.05:
            text = (f"Tone toward {best['actor_name']} differs across outlets {voice} (permutation p = {best['p_value']:.3f}, "
                    f"q = {q_value:.3f} across {len(part)} actors tested): lowest {best['lowest']}, highest {best['highest']}.")
        elif best["p_value"] < 0.05:
            text = (f"Tone toward {best['actor_name']} looks different across outlets {voice} (permutation p = "
                    f"{best['p_value']:.3f}; lowest {best['lowest']}, highest {best['highest']}), but with {len(part)} actors "
                    f"tested a p-value this small is expected by chance (q = {q_value:.3f}).")
        else:
            text = (f"No actor's tone differs across outlets beyond chance {voice}; the smallest p-value is "
                    f"{best['p_value']:.2f} ({best['actor_name']}: lowest {best['lowest']}, highest {best['highest']}).")
        if robustness is not None and best["p_value"] < 0.05:
            text = f"{text} {holds_under(robustness, scope_name, best['actor_name'])}".strip()
        rows.append(("tone", text, int(best["n_sentences"]), "few sentences" if best["few_sentences"] else "", "differences"))
    if paired is not None:
        rows += _paired_findings(paired)
    for outlet in outlets:
        own = words[(words["outlet"] == outlet)]
        strong = own[own["z"] > z_threshold]
        if "n_outlets" in own.columns and own["n_outlets"].max() > 1:  # a group: leave out one outlet's house style
            strong = strong[strong["n_outlets"].fillna(2) >= 2]
        if len(strong):
            text = f"{outlet} uses distinctively often: " + ", ".join(f"{t} (z={z:.1f}, {c}×)" for t, z, c in
                                                                      zip(strong["term"].head(6), strong["z"].head(6), strong["count"].head(6))) + "."
        elif len(own):
            text = (f"No word is distinctive of {outlet} at z > {z_threshold} (too little text); its highest is "
                    f"'{own['term'].iloc[0]}' (z={own['z'].iloc[0]:.1f}, {own['count'].iloc[0]}×).")
        else:
            continue
        rows.append(("word choice", text, int(own["count"].sum()), "" if len(strong) else "little text", "words"))
    if len(events) and len(outlets) > 1:
        # Terms one unit alone uses; those used twice or more first, at most six (single uses only when nothing recurs).
        by_term = events.groupby("term").agg(used_by=("outlet", lambda o: sorted(set(o))), n=("n", "sum"))
        alone = by_term[by_term["used_by"].str.len() == 1]
        repeated = alone[alone["n"] >= 2]
        chosen = (repeated if len(repeated) else alone).sort_values("n", ascending=False, kind="stable").head(6)
        for term, row in chosen.iterrows():
            rows.append(("event naming", f"Only {row['used_by'][0]} calls it '{term}' ({int(row['n'])}×).", int(row["n"]),
                         "single use" if row["n"] < 2 else "", "naming"))
    return pd.DataFrame(rows, columns=["topic", "finding", "n", "caution", "evidence_table"])


def _paired_findings(paired: pd.DataFrame, top: int = 3) -> list[tuple]:
    if paired.empty:
        return [("tone within events", "No two units cover an actor in two or more common events: pairing within "
                 "events adds nothing here.", 0, "", "paired")]
    strong = paired[paired["q_value"] < 0.05].head(top)
    if strong.empty:
        best = paired.iloc[0]
        return [("tone within events", f"Within the events both cover, no difference in tone survives the false discovery "
                 f"rate (q < 0.05) across {len(paired)} actor x pair tests; the smallest p-value is {best['p_value']:.3f} "
                 f"({best['actor_name']}: {best['first']} - {best['second']} = {best['mean_difference']:+.2f} over "
                 f"{best['n_events']} events).", int(best["n_events"]), "", "paired")]
    return [("tone within events", f"Within the {r.n_events} events both cover, {r.first}'s own tone toward {r.actor_name} "
             f"is {'higher' if r.mean_difference > 0 else 'lower'} than {r.second}'s by {abs(r.mean_difference):.2f} on "
             f"average (sign-flip p = {r.p_value:.3f}, q = {r.q_value:.3f}).", int(r.n_events),
             "few events" if r.n_events < 5 else "", "paired") for r in strong.itertuples(index=False)]


def findings_text(findings: pd.DataFrame) -> str:
    """The findings as a readable list: one line each, with n, caution and where the evidence is."""
    lines = []
    for row in findings.itertuples(index=False):
        caution = f"; caution: {row.caution}" if row.caution else ""
        lines.append(f"- [{row.topic}] {row.finding} (n={row.n}{caution}; evidence: {row.evidence_table})")
    return "\n".join(lines)


@dataclass
class OutletCard:
    """What one outlet's card shows: coverage shares, quotations by speaker type, tone in its own voice, distinctive words."""

    outlet: str
    file_name: str  # the card's figure name, safe for a file system
    coverage: pd.Series
    voices: pd.Series
    tone: pd.DataFrame
    words: pd.DataFrame
    n_words: int
    n_quotes: int
    unit: str = "outlet"  # what the cards compare: "outlet", or the column of a grouping ("leaning")


def outlet_cards(articles: pd.DataFrame, shares: pd.DataFrame, voices: pd.DataFrame, tone: pd.DataFrame,
                 words: pd.DataFrame, method: str, prefix: str = "card", unit: str = "outlet") -> list[OutletCard]:
    """One :class:`OutletCard` per outlet, outlets sorted: the rows of each table that outlet's card draws.

    ``shares`` is :func:`newsbias.comparison.coverage.coverage_shares` (actors x outlets), ``voices`` the voice
    table, ``tone`` the ``actor_tone`` table (its author's voice under ``method`` is drawn), ``words`` the
    ``distinctive_terms`` table; ``unit`` names what the cards compare (the card's title says it).
    """
    cards = []
    for outlet in outlets_of(articles):
        own_voices = voices[voices["outlet"] == outlet].groupby("speaker_type")["n_quotes"].sum()
        cards.append(OutletCard(
            outlet=outlet, file_name=f"{prefix}_{slug(outlet, empty='outlet')}", coverage=shares[outlet],
            voices=own_voices,
            tone=tone[(tone["outlet"] == outlet) & (tone["method"] == method) & (tone["voice_scope"] == "author")],
            words=words[words["outlet"] == outlet], n_words=int(articles.loc[articles["outlet"] == outlet, "n_words"].sum()),
            n_quotes=int(own_voices.sum()), unit=unit))
    return cards
