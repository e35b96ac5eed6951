"""What the comparisons compare: outlets, or groups of outlets (a column of the researcher's, such as ``leaning``).

By default every comparison is between outlets. With ``group_by`` (the notebooks' ``GROUP_BY``, ``make run
GROUP_BY=leaning``), it is between the values of that column of ``article_metadata`` (or of ``articles``), with the
outlets nested inside: an article's group is its column value, and tests that resample treat an outlet's articles
as one cluster (they are not independent). Articles without a value form a group of their own, named so.

A corpus of many outlets and no groups is shown with its :data:`TOP_OUTLETS` outlets with the most articles and the
others pooled as "other outlets"; what was pooled is listed, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from newsbias.errors import NewsbiasError

TOP_OUTLETS = 12
OTHER = "other outlets"


@dataclass
class Units:
    """``articles`` with ``outlet`` replaced by the unit each article is compared in (its group, or its outlet, or
    "other outlets"), the real outlet kept in ``source_outlet``; ``kind`` is "group", "outlet" or "pooled outlets";
    ``note`` says in words what is compared and what was pooled."""

    articles: pd.DataFrame
    kind: str
    column: str
    note: str

    @property
    def nested(self) -> bool:
        """Whether outlets are nested in the units (groups, or pooled outlets): tests then resample whole outlets."""
        return self.kind != "outlet"

    @property
    def names(self) -> list[str]:
        return sorted(self.articles["outlet"].unique())


def comparison_units(articles: pd.DataFrame, metadata: pd.DataFrame | None = None, group_by: str | None = None,
                     top: int = TOP_OUTLETS) -> Units:
    """The units of every comparison: the groups of ``group_by``, else the outlets (the ``top`` outlets with most
    articles and the others pooled when there are more)."""
    frame = articles.assign(source_outlet=articles["outlet"])
    if group_by:
        values = _column(frame, metadata, group_by)
        label = values.astype("string").fillna(f"(no {group_by})").str.strip().replace("", f"(no {group_by})")
        frame = frame.assign(outlet=label.to_numpy())
        parts = frame.groupby("outlet").agg(outlets=("source_outlet", "nunique"), articles=("article_id", "size"))
        note = f"Compared by {group_by}: " + "; ".join(f"{g} ({r.outlets} outlets, {r.articles} articles)"
                                                       for g, r in parts.iterrows()) + "."
        return Units(frame, "group", group_by, note)
    counts = frame["outlet"].value_counts()
    ranked = sorted(counts.index, key=lambda o: (-counts[o], o))
    if len(ranked) <= top + 1:
        return Units(frame, "outlet", "outlet", f"Compared by outlet: {len(ranked)} outlets.")
    kept, pooled = ranked[:top], ranked[top:]
    frame = frame.assign(outlet=frame["outlet"].where(frame["outlet"].isin(kept), OTHER))
    note = (f"Compared by outlet: the {top} outlets with the most articles, and {len(pooled)} others pooled as "
            f"'{OTHER}' ({int(counts[pooled].sum())} articles): {', '.join(sorted(pooled))}.")
    return Units(frame, "pooled outlets", "outlet", note)


def _column(articles: pd.DataFrame, metadata: pd.DataFrame | None, column: str) -> pd.Series:
    if column in articles.columns:
        return articles[column]
    if metadata is not None and column in metadata.columns:
        return articles[["article_id"]].merge(metadata[["article_id", column]], on="article_id", how="left")[column]
    fields = [c for c in (metadata.columns if metadata is not None else []) if c != "article_id"]
    raise NewsbiasError(f"GROUP_BY / EVENTS column {column!r} is neither a column of articles nor a field of the corpus; "
                        f"its own fields are {fields}.")


def article_column(articles: pd.DataFrame, metadata: pd.DataFrame | None, column: str) -> pd.Series:
    """A column of ``articles`` or of the corpus's ``article_metadata``, aligned with ``articles``."""
    return _column(articles, metadata, column).reset_index(drop=True)


def check_same(units: Units, **tables: pd.DataFrame) -> None:
    """Fail clearly when a table of an earlier notebook was computed for other units (another ``GROUP_BY``)."""
    names = set(units.names)
    for name, table in tables.items():
        other = sorted(set(table["outlet"].astype(str)) - names)
        if other:
            raise NewsbiasError(f"the {name} table was computed for other comparison units ({other[:5]}) than this "
                                f"notebook's ({sorted(names)[:5]}): run the earlier notebooks with the same GROUP_BY.")


def source_outlets(articles: pd.DataFrame) -> pd.Series:
    """Each article's own outlet: ``source_outlet`` where ``articles`` come from :func:`comparison_units`, else
    ``outlet``."""
    return articles["source_outlet"] if "source_outlet" in articles.columns else articles["outlet"]
