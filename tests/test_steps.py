"""Each step's declared inputs and outputs are what its notebook reads and writes."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest
from newsbias import steps, tables
from newsbias.errors import NewsbiasError


def test_every_declared_table_has_documented_columns_and_one_writer():
    written = [t for s in steps.STEPS for t in s.writes]
    assert len(written) == len(set(written))  # each table has one writer
    assert set(written) == set(tables.TABLES) == set(tables.DESCRIPTIONS)
    for s in steps.STEPS:
        earlier = {t for e in steps.STEPS[:steps.STEPS.index(s)] for t in e.writes}
        assert set(s.reads) <= earlier, f"{s.name} reads a table no earlier step writes"


def test_write_outputs_refuses_what_the_step_does_not_declare(tmp_path):
    frame = pd.DataFrame({"article_id": ["a"], "text": ["x"]})
    with pytest.raises(NewsbiasError, match="declare a new output"):
        steps.write_outputs("02_entities", tmp_path, texts=frame)
    with pytest.raises(NewsbiasError, match="no step 'nope'"):
        steps.read_inputs("nope", tmp_path)


def test_read_inputs_names_the_missing_table_and_its_notebook(tmp_path):
    with pytest.raises(NewsbiasError, match="run the notebook that writes the 'blocks' table first"):
        steps.read_inputs("02_entities", tmp_path)


@pytest.mark.parametrize("entry", steps.STEPS, ids=lambda s: s.name)
def test_each_notebook_reads_writes_and_saves_what_its_step_declares(entry):
    notebook = nbformat.read(entry.notebook, as_version=4)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    if entry.reads:
        assert f'steps.read_inputs("{entry.name}"' in code
    if entry.writes:
        assert f'steps.write_outputs("{entry.name}"' in code
    assert "tables.read_table(" not in code and "tables.write_table(" not in code  # only through the declarations
    saved = set(re.findall(r'save_figure\(fig, "([^"]+)"', code))
    if "card.file_name" in code:
        saved.add(re.search(r'prefix="([^"]+)"', code).group(1) + "_<outlet>")
    assert saved == set(entry.figures)
