"""Time: how attention to the main actors, and the tone toward them, move over the corpus's dates.

Articles are put in periods of a day, a week (starting Monday), a month or a quarter, chosen from the span of the dates
(:func:`period_for`) so that a figure has a readable number of points. Each point carries the n behind it:
the articles of that unit in that period, and the mentions or scored mentions counted. Articles without a date
are left out and counted (``undated``), never silently dropped.
"""

from __future__ import annotations

import pandas as pd

# Spans (in days) up to which days, then weeks, then months are the period; beyond, quarters.
DAYS_UP_TO = 45
WEEKS_UP_TO = 400
MONTHS_UP_TO = 1500
# pandas' period frequencies for the periods (weeks start on Monday, so they end on Sunday).
PERIOD_FREQUENCIES = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q"}
# A tone point needs at least this many scored mentions; fewer are left out of the tone series and counted.
MIN_TONE_MENTIONS = 5


def article_dates(articles: pd.DataFrame) -> pd.Series:
    """Each article's date (``article_id`` index); missing or unreadable dates are NaT."""
    return pd.Series(pd.to_datetime(articles["date"], format="ISO8601", errors="coerce", utc=True).dt.tz_localize(None)
                     .dt.normalize().to_numpy(), index=articles["article_id"].to_numpy())


def period_for(dates: pd.Series) -> str:
    """``"day"``, ``"week"``, ``"month"`` or ``"quarter"`` from the span of the known dates (``"none"`` when there
    are none)."""
    known = dates.dropna()
    if known.empty:
        return "none"
    span = (known.max() - known.min()).days
    return ("day" if span <= DAYS_UP_TO else "week" if span <= WEEKS_UP_TO else "month" if span <= MONTHS_UP_TO
            else "quarter")


def period_start(dates: pd.Series, period: str) -> pd.Series:
    """The first day of each date's period."""
    if period == "day":
        return dates
    return dates.dt.to_period(PERIOD_FREQUENCIES[period]).dt.start_time


def attention(mentions: pd.DataFrame, articles: pd.DataFrame, actors: list[str], period: str | None = None) -> pd.DataFrame:
    """Mentions (body text) of each of ``actors`` per unit (``articles``' ``outlet``) and period.

    Returns ``period_start, period, outlet, actor_name, n_mentions, n_articles, mentions_per_article``: ``n_articles`` is
    the unit's dated articles in that period (all of them, with or without the actor), so that a quiet period
    reads as zero mentions of many articles, not as missing."""
    dates = article_dates(articles)
    period = period or period_for(dates)
    columns = ["period_start", "period", "outlet", "actor_name", "n_mentions", "n_articles", "mentions_per_article"]
    if period == "none" or not actors:
        return pd.DataFrame(columns=columns)
    dated = articles.assign(period_start=period_start(articles["article_id"].map(dates), period).to_numpy())
    dated = dated[dated["period_start"].notna()]
    n_articles = dated.groupby(["period_start", "outlet"]).size().rename("n_articles")
    body = mentions[(mentions["block_kind"] == "body") & mentions["actor_name"].isin(actors)]
    body = body.merge(dated[["article_id", "period_start", "outlet"]], on="article_id")
    counts = body.groupby(["period_start", "outlet", "actor_name"]).size()
    grid = pd.MultiIndex.from_tuples([(p, o, a) for p, o in n_articles.index for a in sorted(actors)],
                                     names=["period_start", "outlet", "actor_name"])
    table = counts.reindex(grid, fill_value=0).rename("n_mentions").reset_index()
    table = table.merge(n_articles.reset_index(), on=["period_start", "outlet"])
    table["mentions_per_article"] = (table["n_mentions"] / table["n_articles"]).round(3)
    table["period"] = period
    return table[columns].sort_values(["actor_name", "outlet", "period_start"]).reset_index(drop=True)


def tone_over_time(actor_sentiment: pd.DataFrame, articles: pd.DataFrame, method: str, actors: list[str],
                   period: str | None = None, voice_scope: str = "author",
                   min_mentions: int = MIN_TONE_MENTIONS) -> pd.DataFrame:
    """Mean tone toward each of ``actors`` per unit and period under ``method``, where a point rests on at least
    ``min_mentions`` scored mentions. Returns ``period_start, period, outlet, actor_name, n_mentions, n_articles,
    mean_score``."""
    dates = article_dates(articles)
    period = period or period_for(dates)
    columns = ["period_start", "period", "outlet", "actor_name", "n_mentions", "n_articles", "mean_score"]
    frame = actor_sentiment[(actor_sentiment["method"] == method) & actor_sentiment["actor_name"].isin(actors)]
    if voice_scope == "author":
        frame = frame[frame["voice"] == "author"]
    if period == "none" or frame.empty:
        return pd.DataFrame(columns=columns)
    outlet_of = articles.set_index("article_id")["outlet"]
    frame = frame.assign(outlet=frame["article_id"].map(outlet_of),
                         period_start=period_start(frame["article_id"].map(dates), period).to_numpy())
    frame = frame[frame["period_start"].notna()]
    table = frame.groupby(["period_start", "outlet", "actor_name"]).agg(
        n_mentions=("score", "size"), n_articles=("article_id", "nunique"), mean_score=("score", "mean")).reset_index()
    table["mean_score"] = table["mean_score"].round(3)
    table["period"] = period
    table = table[table["n_mentions"] >= min_mentions]
    return table[columns].sort_values(["actor_name", "outlet", "period_start"]).reset_index(drop=True)


def describe(articles: pd.DataFrame) -> str:
    """One line on the corpus's dates: span, the period chosen, and the articles without a date."""
    dates = article_dates(articles)
    period = period_for(dates)
    undated = int(dates.isna().sum())
    if period == "none":
        return f"No article has a date ({undated} undated): nothing to show over time."
    known = dates.dropna()
    text = (f"Dates from {known.min():%Y-%m-%d} to {known.max():%Y-%m-%d} ({(known.max() - known.min()).days} days): "
            f"counted per {period}; {undated} article(s) without a date left out.")
    if known.nunique() == 1:
        text += " Every dated article is from one day: there is no change over time to show."
    return text
