import pandas as pd
import pytest
from newsbias import paths, tables
from newsbias.errors import NewsbiasError


def test_write_and_read_round_trip_parquet_and_csv(tmp_path):
    frame = pd.DataFrame({"article_id": ["a", "b"], "text": ["x, \"y\"", "línea\nnueva"]})
    tables.write_table(frame, "texts", tmp_path)
    assert tables.read_table("texts", tmp_path).equals(frame)
    assert pd.read_csv(tmp_path / "texts.csv", keep_default_na=False).equals(frame)


def test_undeclared_columns_are_refused(tmp_path):
    with pytest.raises(ValueError, match="table 'texts' has columns"):
        tables.write_table(pd.DataFrame({"article_id": ["a"]}), "texts", tmp_path)


def test_reading_a_table_that_was_never_written(tmp_path):
    with pytest.raises(NewsbiasError, match="run the notebook that writes the 'blocks' table first"):
        tables.read_table("blocks", tmp_path)


def test_every_committed_table_has_exactly_its_documented_columns():
    """The tables the notebooks wrote for the default corpus read back with the declared columns, each explained."""
    written = sorted(p.stem for p in paths.PROCESSED.glob("*.parquet"))
    assert written == sorted(tables.TABLES)
    for name in written:
        frame = tables.read_table(name, paths.PROCESSED)  # refuses columns that differ from the declaration
        meanings = tables.describe(name).set_index("column")["meaning"]
        fixed = [c for c in meanings.index if c != "*"]
        assert list(frame.columns)[:len(fixed)] == fixed and meanings.str.len().min() > 10, name
        assert "*" in meanings.index or list(frame.columns) == fixed, name
