"""Figures: one helper saves them all, and each plot has a table of the numbers behind it.

nbval never compares images, so every ``plot_*`` function here has a companion that
returns the numbers it draws (rounded, sorted); notebooks print those.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.transforms import offset_copy

from newsbias import paths
from newsbias.errors import NewsbiasError
from newsbias.timeline import PERIOD_FREQUENCIES
from newsbias.units import comparison_units

DPI = 100
# Colours per block kind, fixed so that every figure and every corpus uses the same ones.
KIND_COLOURS = {
    "title": "#1b4f72",
    "subtitle": "#2e86c1",
    "subheading": "#85c1e9",
    "body": "#7f8c8d",
    "caption": "#d68910",
    "credit": "#f5b041",
    "boilerplate": "#c0392b",
}


def notebook_setup() -> None:
    """Display settings shared by the notebooks: readable tables, consistent figures."""
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 160)
    pd.set_option("display.max_colwidth", 90)
    pd.set_option("display.max_rows", 80)
    plt.rcParams.update({"figure.dpi": DPI, "savefig.dpi": DPI, "font.size": 10, "axes.titlesize": 11})


def save_figure(fig: Figure, name: str, out_dir: Path = paths.FIGURES) -> Path:
    """Save ``fig`` as ``out_dir/name.png`` with fixed size, dpi and no volatile metadata.

    In a notebook whose figures show inline, the saved file is what the notebook shows, and the figure is closed:
    the inline backend would otherwise draw it a second time, at the same size and dpi, when the cell ends."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.png"
    fig.savefig(path, dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    if _shows_inline():
        from IPython.display import Image, display

        display(Image(filename=str(path)))
        plt.close(fig)
    return path


def _shows_inline() -> bool:
    """Whether figures are drawn inline in an IPython kernel (a notebook), not in a script or a test."""
    from matplotlib import get_backend

    if "inline" not in get_backend():
        return False
    from IPython import get_ipython

    return get_ipython() is not None


def article_label(articles: pd.DataFrame) -> pd.Series:
    """A short label per article: the outlet, plus the article_id when an outlet has several."""
    several = articles["outlet"].duplicated(keep=False)
    return articles["outlet"].where(~several, articles["outlet"] + " · " + articles["article_id"].astype(str))


# Up to this many articles the structure figure has a row per article; beyond it, a row per outlet (the largest
# outlets and the rest pooled, as in every comparison: :func:`newsbias.units.comparison_units`).
ARTICLES_SHOWN = 30


def structure_rows(articles: pd.DataFrame) -> pd.Series:
    """The row of the structure figure each article is drawn in (indexed by ``article_id``): its own label for a
    small corpus, else its outlet (or "other outlets")."""
    if len(articles) <= ARTICLES_SHOWN:
        return pd.Series(article_label(articles).to_numpy(), index=articles["article_id"].to_numpy())
    units = comparison_units(articles)
    return units.articles.set_index("article_id")["outlet"]


def structure_numbers(blocks: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Characters per block kind, the numbers behind :func:`plot_structure`: per article (index ``article``) for up
    to :data:`ARTICLES_SHOWN` articles, else the mean per article of each outlet (index ``outlet``, with
    ``n_articles``). Rows sorted by label."""
    chars = blocks.assign(n_chars=blocks["end_char"] - blocks["start_char"])
    table = chars.pivot_table(index="article_id", columns="kind", values="n_chars", aggfunc="sum", fill_value=0)
    table = table.reindex(columns=[k for k in KIND_COLOURS if k in table.columns])
    rows = structure_rows(articles)
    if len(articles) <= ARTICLES_SHOWN:
        table.index = [rows[a] for a in table.index]
        table.index.name = "article"
        return table.sort_index()
    grouped = table.groupby(table.index.map(rows))
    table = grouped.mean().round(1).assign(n_articles=grouped.size())
    table.index.name = "outlet"
    return table.sort_index()


def length_numbers(articles: pd.DataFrame) -> pd.DataFrame:
    """Body sentences and words: per article (``outlet, n_sentences, n_words``) for up to :data:`ARTICLES_SHOWN`
    articles, else per outlet of :func:`structure_rows` (``outlet, n_articles, median_sentences, median_words,
    total_words``)."""
    if len(articles) <= ARTICLES_SHOWN:
        return articles[["outlet", "n_sentences", "n_words"]].sort_values("outlet")
    frame = articles.assign(outlet=articles["article_id"].map(structure_rows(articles)))
    return (frame.groupby("outlet", sort=True)
            .agg(n_articles=("article_id", "size"), median_sentences=("n_sentences", "median"),
                 median_words=("n_words", "median"), total_words=("n_words", "sum"))
            .reset_index())


def plot_structure(blocks: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame) -> Figure:
    """Two panels: characters per block kind per article (or mean per article of each outlet, for a large corpus);
    body sentence lengths per article (or outlet)."""
    numbers = structure_numbers(blocks, articles)
    per_outlet = numbers.index.name == "outlet"
    kinds = [k for k in numbers.columns if k in KIND_COLOURS]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 0.7 * len(numbers) + 2.2), sharey=True)
    base = pd.Series(0.0, index=numbers.index)
    for kind in kinds:
        left.barh(numbers.index, numbers[kind], left=base, color=KIND_COLOURS[kind], label=kind)
        base = base + numbers[kind]
    if per_outlet:
        for y, (total, count) in enumerate(zip(base, numbers["n_articles"])):
            left.annotate(f"{count} articles", (total, y), xytext=(4, -3), textcoords="offset points", fontsize=8)
    left.set_xlabel("characters" + (" (mean per article)" if per_outlet else ""))
    left.set_title("Article structure: characters per block kind" + (", per outlet" if per_outlet else ""))
    legend_below(left, 4)
    row_of = structure_rows(articles)
    body = sentences[sentences["block_kind"] == "body"].assign(row=lambda f: f["article_id"].map(row_of))
    positions = {label: i for i, label in enumerate(numbers.index)}
    for label, group in body.groupby("row", sort=True):
        y = [positions[label]] * len(group)
        right.scatter(group["n_words"], y, alpha=0.5 if len(group) < 200 else 0.08, s=18 if len(group) < 200 else 6,
                      color="#34495e")
        right.plot([group["n_words"].median()] * 2, [positions[label] - 0.3, positions[label] + 0.3], color="#c0392b")
        right.annotate(f"n={len(group)}", (group["n_words"].max(), positions[label]), xytext=(6, -3),
                       textcoords="offset points", fontsize=8)
    right.set_xlabel("words per body sentence (red: median)")
    right.set_title("Body sentence length")
    left.invert_yaxis()
    fig.tight_layout()
    return fig


# Panels per row of the small multiples: many outlets or groups wrap onto more rows instead of one wide strip.
PANELS_PER_ROW = 4


def panel_grid(n_panels: int, width: float, height: float, per_row: int = PANELS_PER_ROW):
    """A figure of ``n_panels`` panels, ``per_row`` to a row (each ``width`` x ``height`` inches); unused panels are
    hidden. Returns the figure and the panels in order."""
    columns = max(1, min(per_row, n_panels))
    rows = max(1, -(-n_panels // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(width * columns, height * rows), squeeze=False)
    flat = list(axes.ravel())
    for ax in flat[n_panels:]:
        ax.set_visible(False)
    return fig, flat[:n_panels]


def _tick_labels(ax, labels: list[str]) -> None:
    """Column labels, slanted when there are many or long ones, so that they never overprint each other."""
    slant = len(labels) > 4 or max((len(str(label)) for label in labels), default=0) > 14
    ax.set_xticks(range(len(labels)), labels=labels, rotation=35 if slant else 0, ha="right" if slant else "center")


def plot_top_actors(frequency: pd.DataFrame, top: int = 8) -> Figure:
    """Small multiples: the ``top`` actors of each outlet by mentions per 1,000 body words (names only)."""
    names = frequency[frequency["form"] == "name"]
    outlets = sorted(names["outlet"].unique())
    fig, axes = panel_grid(len(outlets), 4.2, 0.38 * top + 1.6)
    limit = names["mentions_per_1000_words"].max() * 1.15
    for ax, outlet in zip(axes, outlets):
        rows = names[names["outlet"] == outlet].sort_values(["rank", "actor_name"]).head(top).iloc[::-1]
        ax.barh(rows["actor_name"], rows["mentions_per_1000_words"], color="#2e86c1")
        for y, (value, count) in enumerate(zip(rows["mentions_per_1000_words"], rows["n_mentions"])):
            ax.annotate(f"{count}", (value, y), xytext=(3, -3), textcoords="offset points", fontsize=8)
        words = int(rows["n_words"].iloc[0]) if len(rows) else 0
        ax.set_title(f"{outlet} (n={words} words)")
        ax.set_xlim(0, limit)
        ax.set_xlabel("mentions per 1,000 words")
    fig.suptitle(f"Most mentioned actors per outlet (top {top}; bar labels: mentions)", y=1.02)
    fig.tight_layout()
    return fig


def plot_heatmap(table: pd.DataFrame, title: str, unit: str) -> Figure:
    """An annotated heatmap of a numeric table (rows x columns), for the numbers printed beside it."""
    cell = 1.6 if len(table.columns) <= 6 else 1.0
    fig, ax = plt.subplots(figsize=(cell * len(table.columns) + 3, 0.4 * len(table) + 1.5))
    image = ax.imshow(table.to_numpy(dtype=float), cmap="Blues", aspect="auto")
    _tick_labels(ax, list(table.columns))
    ax.set_yticks(range(len(table.index)), labels=list(table.index))
    dark_above = table.to_numpy(dtype=float).max() * 0.6
    for (i, j), value in pd.DataFrame(table.to_numpy()).stack().items():
        ax.text(j, i, f"{value:.1f}", ha="center", va="center", fontsize=8,
                color="white" if value > dark_above else "black")
    fig.colorbar(image, ax=ax, label=unit)
    ax.set_xlabel(str(table.columns.name or ""))
    ax.set_ylabel(str(table.index.name or ""))
    ax.set_title("\n".join(textwrap.fill(line, 40 + int(12 * cell * len(table.columns))) for line in title.split("\n")))
    fig.tight_layout()
    return fig


def legend_below(ax, ncol: int) -> None:
    """The axes' legend under its x-axis label, whatever the panel's height: off the bars it explains."""
    below = offset_copy(ax.transAxes, fig=ax.figure, y=-34, units="points")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=below, ncol=ncol, frameon=False)


SPEAKER_TYPE_COLOURS = {"person": "#2e86c1", "organisation": "#16a085", "place": "#d68910", "group": "#8e44ad",
                        "unresolved": "#95a5a6", "none": "#d5d8dc",
                        # the comparison's speaker types (newsbias.comparison.voices)
                        "government": "#c0392b", "international organisation": "#2e86c1", "party": "#8e44ad",
                        "media": "#d68910", "other": "#16a085", "unknown": "#95a5a6"}


def plot_speakers(shares: pd.DataFrame, types: pd.DataFrame, top: int) -> Figure:
    """Who speaks: per unit, its ``top`` most quoted speakers (bars split by quotation kind), and its quotations by
    speaker type.

    Both are shares of each unit's quotations (:func:`newsbias.quotes.top_speaker_shares` and
    :func:`newsbias.quotes.type_shares`, which the notebook prints), with n in each title and row label, so that a
    unit with many quotations, or the pooled "other outlets", does not squash the others' bars; each panel has its
    own scale, since a unit with few quotations can have one speaker at 100%.
    """
    outlets = sorted(shares["outlet"].unique())
    fig, axes = panel_grid(len(outlets) + 1, 4.2, 0.42 * top + 1.8)
    kinds = {"direct": "#1b4f72", "partial": "#85c1e9", "reported": "#f5b041"}
    for ax, outlet in zip(axes, outlets):
        rows = shares[shares["outlet"] == outlet].iloc[::-1]
        base = pd.Series(0.0, index=rows.index)
        for kind, colour in kinds.items():
            ax.barh(rows["speaker"], rows[kind], left=base, color=colour, label=kind)
            base = base + rows[kind]
        ax.set_xlim(0, max(1.0, rows["n_quotes"].max() * 1.15))
        ax.set_xlabel("% of the unit's quotations")
        ax.set_title(f"{outlet} (n={int(rows['outlet_quotes'].iloc[0])} quotations)")
    if outlets:
        legend_below(axes[0], ncol=3)
    ax = axes[-1]
    percent = types.drop(columns="n_quotes")
    labels = [f"{outlet} (n={n})" for outlet, n in types["n_quotes"].items()]
    base = pd.Series(0.0, index=types.index)
    for kind in percent.columns:
        ax.barh(labels, percent[kind], left=base.to_numpy(), color=SPEAKER_TYPE_COLOURS.get(kind, "#7f8c8d"), label=kind)
        base = base + percent[kind]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the unit's quotations")
    ax.set_title("Quotations by speaker type")
    legend_below(ax, ncol=3)
    fig.suptitle(f"Who gets to speak: most quoted speakers per unit (top {top}) and speaker types", y=1.02)
    fig.tight_layout()
    return fig


def plot_tone_heatmaps(panels: list[tuple[str, pd.DataFrame, pd.DataFrame]], title: str) -> Figure:
    """Side-by-side actor x outlet heatmaps of mean tone (-1..+1) with the number of mentions in each cell.

    ``panels`` holds ``(panel title, means, counts)``; empty cells (no mention) stay blank.
    """
    rows = max(len(means) for _, means, _ in panels)
    columns = max(len(means.columns) for _, means, _ in panels)
    width = 3.6 if columns <= 3 else 0.9 * columns + 1
    fig, axes = plt.subplots(1, len(panels), figsize=(width * len(panels) + 3.5, 0.42 * rows + 2), squeeze=False,
                             sharey=True, layout="constrained")
    image = None
    for ax, (panel_title, means, counts) in zip(axes[0], panels):
        values = means.to_numpy(dtype=float)
        image = ax.imshow(values, cmap="RdBu", vmin=-1, vmax=1, aspect="auto")
        _tick_labels(ax, list(means.columns))
        ax.set_yticks(range(len(means.index)), labels=list(means.index))
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                if counts.iat[i, j] > 0:
                    ax.text(j, i, f"{values[i, j]:+.2f}\nn={counts.iat[i, j]}", ha="center", va="center", fontsize=7,
                            color="white" if abs(values[i, j]) > 0.6 else "black")
        ax.set_xlabel(str(means.columns.name or "outlet"))
        ax.set_title(panel_title)
    fig.colorbar(image, ax=axes[0].tolist(), label="mean tone toward the actor\n(-1 negative, +1 positive)", shrink=0.8)
    fig.suptitle(title)
    return fig


def plot_tone_dots(tone: pd.DataFrame, actors: list[str], title: str) -> Figure:
    """Dot plot: mean tone per actor (rows) and outlet (colours) with bootstrap 95% intervals.

    Hollow dots rest on fewer sentences than the small-sample threshold; n is written beside each dot.
    """
    outlets = sorted(tone["outlet"].unique())
    if len(outlets) > 4:
        return _tone_facets(tone, actors, outlets, title)
    colours = plt.get_cmap("tab10")
    fig, ax = plt.subplots(figsize=(8.5, 0.55 * len(actors) * max(1, len(outlets)) / 2 + 1.8))
    step = 0.8 / max(1, len(outlets))
    for k, outlet in enumerate(outlets):
        part = tone[tone["outlet"] == outlet].set_index("actor_name")
        for i, actor in enumerate(actors):
            if actor not in part.index:
                continue
            row = part.loc[actor]
            y = i - 0.4 + step * (k + 0.5)
            low, high = row["ci_low"], row["ci_high"]
            if pd.notna(low):
                ax.plot([low, high], [y, y], color=colours(k), linewidth=1.5)
            ax.scatter([row["mean_score"]], [y], color=colours(k) if not row["small_sample"] else "white",
                       edgecolor=colours(k), zorder=3, s=36, label=outlet if i == 0 or actor == actors[0] else None)
            ax.annotate(f"n={row['n_mentions']}", (max(row["mean_score"], high if pd.notna(high) else row["mean_score"]), y),
                        xytext=(4, -3), textcoords="offset points", fontsize=7)
    ax.axvline(0, color="#7f8c8d", linewidth=0.8)
    ax.set_yticks(range(len(actors)), labels=actors)
    ax.invert_yaxis()
    ax.set_xlim(-1.05, 1.25)
    ax.set_xlabel("mean tone toward the actor, with bootstrap 95% interval (hollow: fewer than 5 sentences)")
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), fontsize=8, loc="lower right", frameon=False)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def _tone_facets(tone: pd.DataFrame, actors: list[str], outlets: list[str], title: str) -> Figure:
    """:func:`plot_tone_dots` for many outlets or groups: one panel per actor, one row per unit."""
    fig, axes = panel_grid(len(actors), 4.4, 0.3 * len(outlets) + 1.2, per_row=3)
    for ax, actor in zip(axes, actors):
        part = tone[tone["actor_name"] == actor].set_index("outlet")
        for y, outlet in enumerate(outlets):
            if outlet not in part.index:
                continue
            row = part.loc[outlet]
            if pd.notna(row["ci_low"]):
                ax.plot([row["ci_low"], row["ci_high"]], [y, y], color="#34495e", linewidth=1.2)
            ax.scatter([row["mean_score"]], [y], color="white" if row["small_sample"] else "#34495e", edgecolor="#34495e",
                       zorder=3, s=24)
            ax.annotate(f"n={row['n_mentions']}", (1.0, y), xytext=(2, -3), textcoords="offset points", fontsize=6)
        ax.axvline(0, color="#7f8c8d", linewidth=0.8)
        ax.set_yticks(range(len(outlets)), labels=outlets, fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(-1.05, 1.3)
        ax.set_title(actor, fontsize=9)
    fig.suptitle(f"{title}\n(mean tone with bootstrap 95% interval; hollow: fewer than 5 sentences)", y=1.0)
    fig.tight_layout()
    return fig


def plot_over_time(table: pd.DataFrame, value: str, title: str, y_label: str) -> Figure:
    """One panel per actor: ``value`` per period (``period_start``) for each unit (``outlet``), point size by the
    articles behind it (``n_articles``). A line joins a unit's points in consecutive periods only (``period``: day,
    week, month or quarter): a period in between without a point (no article, or too few mentions) breaks it, so
    that a line never draws a trend across years without data."""
    if len(table) and "period" not in table:
        raise NewsbiasError("plot_over_time needs the table's 'period' column (newsbias.timeline's tables have it).")
    frequency = PERIOD_FREQUENCIES[table["period"].iloc[0]] if len(table) else None  # one period length per table
    actors = sorted(table["actor_name"].unique())
    outlets = sorted(table["outlet"].unique())
    colours = plt.get_cmap("tab10" if len(outlets) <= 10 else "tab20")
    periods = sorted(table["period_start"].unique())
    fig, axes = panel_grid(max(1, len(actors)), 5.0, 3.0, per_row=2)
    if not actors:
        axes[0].text(0.5, 0.5, "nothing to show: no dated articles, or too few mentions", ha="center", va="center")
        axes[0].set_axis_off()
    for ax, actor in zip(axes, actors):
        part = table[table["actor_name"] == actor]
        for k, outlet in enumerate(outlets):
            rows = part[part["outlet"] == outlet].sort_values("period_start")
            if rows.empty:
                continue
            position = rows["period_start"].dt.to_period(frequency).array.asi8  # period ordinals: consecutive differ by 1
            for run in np.split(np.arange(len(rows)), np.flatnonzero(np.diff(position) != 1) + 1):
                if len(run) > 1:
                    ax.plot(rows["period_start"].iloc[run], rows[value].iloc[run], color=colours(k % 20), linewidth=1, alpha=0.8)
            ax.scatter(rows["period_start"], rows[value], s=8 + 4 * rows["n_articles"].clip(upper=20),
                       color=colours(k % 20), label=outlet, alpha=0.8)
        if len(periods) <= 8:  # a tick at each period, never at hours between two days
            ax.set_xticks(periods)
        else:
            ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        ax.set_title(actor, fontsize=9)
        ax.set_ylabel(y_label, fontsize=8)
        ax.tick_params(axis="x", labelrotation=30, labelsize=7)
    if actors:
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncol=min(6, len(labels)), fontsize=7, frameon=False,
                   bbox_to_anchor=(0.5, -0.04))
    fig.suptitle(f"{title}\n(point size: articles behind the point)", y=1.02)
    fig.tight_layout()
    return fig


def plot_outlet_card(card) -> Figure:
    """One figure per outlet (a :class:`newsbias.comparison.findings.OutletCard`): coverage (share of actor mentions),
    voices by speaker type, tone toward its most covered actors (author's voice, with intervals) and its most
    distinctive words (z-scores); each panel states n."""
    outlet, coverage, voices, tone, words = card.outlet, card.coverage, card.voices, card.tone, card.words
    n_words, n_quotes = card.n_words, card.n_quotes
    fig, axes = plt.subplots(2, 2, figsize=(12, 7.5))
    (cover_ax, voice_ax), (tone_ax, words_ax) = axes
    shown = coverage[coverage > 0].sort_values().tail(8)
    cover_ax.barh(shown.index, shown.values, color="#2e86c1")
    cover_ax.set_xlabel("share of the outlet's actor mentions")
    cover_ax.set_title(f"Coverage (n={n_words} body words)")
    types = voices[voices > 0]
    voice_ax.barh(types.index, types.values, color=[SPEAKER_TYPE_COLOURS.get(t, "#7f8c8d") for t in types.index])
    voice_ax.invert_yaxis()
    voice_ax.set_xlabel("quotations")
    voice_ax.set_title(f"Who speaks, by speaker type (n={n_quotes} quotations)")
    rows = tone.sort_values("n_mentions", ascending=False).head(8).iloc[::-1]
    for y, row in enumerate(rows.itertuples(index=False)):
        if pd.notna(row.ci_low):
            tone_ax.plot([row.ci_low, row.ci_high], [y, y], color="#34495e")
        tone_ax.scatter([row.mean_score], [y], color="white" if row.small_sample else "#34495e", edgecolor="#34495e", zorder=3)
        tone_ax.annotate(f"n={row.n_mentions}", (row.mean_score, y), xytext=(5, 4), textcoords="offset points", fontsize=7)
    tone_ax.set_yticks(range(len(rows)), labels=list(rows["actor_name"]))
    tone_ax.axvline(0, color="#7f8c8d", linewidth=0.8)
    tone_ax.set_xlim(-1.05, 1.05)
    tone_ax.set_xlabel("mean tone, author's voice (95% interval; hollow: < 5 sentences)")
    tone_ax.set_title("Tone toward its most mentioned actors")
    top_words = words.head(10).iloc[::-1]
    words_ax.barh(top_words["term"], top_words["z"], color="#8e44ad")
    for y, count in enumerate(top_words["count"]):
        words_ax.annotate(f"{count}×", (top_words["z"].iloc[y], y), xytext=(3, -3), textcoords="offset points", fontsize=7)
    words_ax.set_xlabel("z-score of the log-odds ratio against the other outlets (label: uses)")
    words_ax.set_title("Most distinctive words and phrases")
    fig.suptitle(f"{card.unit.capitalize()} card: {outlet}", fontsize=13)
    fig.tight_layout()
    return fig
