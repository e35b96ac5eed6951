"""A researcher's own columns: every field of a corpus beyond the known ones, kept per article and typed.

A table of articles or a manifest may carry columns of its own (the outlet's leaning, the event or story, the
topic, the section, the author). They are kept in the ``article_metadata`` table, one column per field, typed from
their values: whole numbers, decimals, dates (ISO 8601), true/false, or text. A list (JSON) is kept as its items
joined by "; "; an object as its JSON text. Every notebook can join them to the articles by ``article_id``.
"""

from __future__ import annotations

import json

import pandas as pd

_TRUE, _FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}


def as_text(value) -> object:
    """A field's value as the table keeps it before typing: lists joined by "; ", objects as JSON, blanks missing."""
    if value is None or (isinstance(value, float) and value != value):
        return pd.NA
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) if value else pd.NA
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value).strip() if isinstance(value, str) else value
    return pd.NA if text == "" else text


def typed(column: pd.Series) -> pd.Series:
    """The column as numbers, dates or booleans when every value it has is one; else text."""
    values = column.dropna()
    if values.empty:
        return column.astype("string")
    if all(isinstance(v, bool) for v in values):
        return column.astype("boolean")
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        numbers = pd.to_numeric(column)
        return numbers.astype("Int64") if (numbers.dropna() % 1 == 0).all() else numbers.astype("Float64")
    text = column.astype("string")
    filled = text.dropna()
    lowered = filled.str.lower()
    if len(filled) and lowered.isin(_TRUE | _FALSE).all() and lowered.isin(_TRUE - {"1"}).any():
        return lowered.map(lambda v: pd.NA if v is pd.NA else v in _TRUE).astype("boolean")
    numbers = pd.to_numeric(filled, errors="coerce")
    if len(filled) and numbers.notna().all():
        converted = pd.to_numeric(text, errors="coerce")
        return converted.astype("Int64") if (numbers % 1 == 0).all() else converted.astype("Float64")
    dates = pd.to_datetime(filled, format="ISO8601", errors="coerce")
    if len(filled) and dates.notna().all() and filled.str.match(r"^\d{4}-\d{2}").all():
        return pd.to_datetime(text, format="ISO8601", errors="coerce")
    return text


def metadata_table(fields: list[tuple[str, dict]]) -> pd.DataFrame:
    """The ``article_metadata`` table from ``(article_id, fields)`` pairs: one typed column per field, in the order
    the fields first appear."""
    names = list(dict.fromkeys(name for _, extra in fields for name in extra))
    frame = pd.DataFrame({"article_id": [a for a, _ in fields]})
    for name in names:
        frame[str(name)] = typed(pd.Series([as_text(extra.get(name)) for _, extra in fields], dtype=object))
    return frame
