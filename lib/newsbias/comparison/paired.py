"""Comparisons within events: two units (outlets or groups) compared on the events they both cover, then pooled.

Pooling every article of an outlet compares the events it chose as much as how it covered them. Within an event,
the difference between two units' mean tone toward an actor (in the author's voice) says how they covered the same
thing; :func:`paired_tone` averages those differences over the events both cover (each event weighing the same),
and tests them by flipping each event's difference at random (the same as shuffling the two units' labels within
events): the p-value of a pooled difference as large as the one seen.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control

from newsbias import stagecache

SEED = 0
FLIPS = 5000


@stagecache.stage()
def paired_tone(actor_sentiment: pd.DataFrame, articles: pd.DataFrame, events: pd.DataFrame, method: str,
                voice_scope: str = "author", min_events: int = 2, n_flips: int = FLIPS, seed: int = SEED) -> pd.DataFrame:
    """Per actor and pair of units (``articles``' ``outlet``, an outlet or a group) covering it in at least
    ``min_events`` common events: the events, the pooled mean difference ``first - second``, its sign-flip p-value
    and the false-discovery-rate ``q_value`` across the table."""
    outlet_of = articles.set_index("article_id")["outlet"]
    event_of = events.set_index("article_id")["event"]
    frame = actor_sentiment[actor_sentiment["method"] == method]
    if voice_scope == "author":
        frame = frame[frame["voice"] == "author"]
    frame = frame.assign(unit=frame["article_id"].map(outlet_of), event=frame["article_id"].map(event_of))
    means = frame.groupby(["actor_name", "event", "unit"], sort=True)["score"].mean()
    rows = []
    rng = np.random.default_rng(seed)
    for actor_name, by_event in means.groupby(level="actor_name", sort=True):
        table = by_event.droplevel("actor_name").unstack("unit")
        units = sorted(table.columns)
        for i, first in enumerate(units):
            for second in units[i + 1:]:
                both = table[[first, second]].dropna()
                if len(both) < min_events:
                    continue
                differences = (both[first] - both[second]).to_numpy()
                observed = differences.mean()
                signs = rng.choice([-1.0, 1.0], size=(n_flips, len(differences)))
                p_value = (np.sum(np.abs((signs * differences).mean(axis=1)) >= abs(observed) - 1e-12) + 1) / (n_flips + 1)
                rows.append({"actor_name": actor_name, "first": first, "second": second, "n_events": len(both),
                             "mean_difference": round(float(observed), 4), "p_value": round(float(p_value), 4),
                             "events": "; ".join(map(str, both.index))})
    columns = ["actor_name", "first", "second", "n_events", "mean_difference", "p_value", "q_value", "events"]
    table = pd.DataFrame(rows, columns=columns)
    if len(table):
        table["q_value"] = false_discovery_control(table["p_value"].to_numpy()).round(4)
    return table.sort_values(["p_value", "actor_name", "first", "second"]).reset_index(drop=True)


def event_coverage(articles: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Events (rows) by unit (columns): how many articles each unit gave each event; the numbers behind the choice
    of events that pooled comparisons mix in."""
    frame = articles[["article_id", "outlet"]].merge(events[["article_id", "event", "label"]], on="article_id")
    table = frame.pivot_table(index=["event", "label"], columns="outlet", values="article_id", aggfunc="count", fill_value=0)
    table.columns.name = None
    return table.reset_index().sort_values("event", key=lambda e: e.str.extract(r"(\d+)$")[0].astype(float)
                                           if e.str.match(r"^e\d+$").all() else e).reset_index(drop=True)
