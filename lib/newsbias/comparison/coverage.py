"""Coverage: who each outlet talks about, as each actor's share of the outlet's actor mentions."""

from __future__ import annotations

import pandas as pd

from newsbias.entities.frequency import heatmap_numbers


def coverage_shares(frequency: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """Actor x outlet: each actor's share of the outlet's actor mentions (names), for the ``top`` actors overall.

    Needs ``actor_frequency``. Absent actors get 0.
    """
    return heatmap_numbers(frequency, top, value="share_of_actor_mentions").round(3)
