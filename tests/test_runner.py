import json

import nbformat
import papermill
import pytest
from newsbias import paths, runner
from newsbias.errors import NewsbiasError


def test_the_runner_runs_exactly_the_declared_steps_in_numbered_order():
    found = [p.name for p in runner.notebooks_in_order()]
    assert found == sorted(found) and found[0] == "01_ingestion.ipynb"
    assert found == sorted(p.name for p in paths.NOTEBOOKS.glob("*.ipynb"))  # no undeclared notebook


def test_clean_notebook_strips_volatile_metadata_and_progress_output():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"duration": 1.2}
    nb.metadata["widgets"] = {"state": {}}
    progress = nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\nresult = work()")
    progress.metadata["papermill"] = {"start_time": "x"}
    progress.metadata["execution"] = {"iopub.status.busy": "x"}
    progress.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="100%|####| 3/3 [00:01<00:00]"),
        nbformat.v4.new_output("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "ab"},
                                                     "text/plain": "HBox()"}),
        nbformat.v4.new_output("stream", name="stdout", text="kept"),
    ]
    checked = nbformat.v4.new_code_cell("print(1)")
    checked.outputs = [nbformat.v4.new_output("stream", name="stderr", text="a warning a reader should see")]
    nb.cells = [progress, checked]
    cleaned = runner.clean_notebook(nb)
    assert "papermill" not in cleaned.metadata and "widgets" not in cleaned.metadata
    assert cleaned.cells[0].metadata == {}
    assert [o.get("text") for o in cleaned.cells[0].outputs] == ["kept"]
    assert cleaned.cells[1].outputs[0]["text"] == "a warning a reader should see"


def test_committed_notebooks_ran_in_order_without_errors():
    for path in runner.notebooks_in_order():
        nb = nbformat.read(path, as_version=4)
        counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
        assert counts == list(range(1, len(counts) + 1)), path.name
        assert not any(o.output_type == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        parameters = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(parameters) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"


def test_committed_notebooks_show_every_saved_figure_inline():
    for path in runner.notebooks_in_order():
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and "save_figure(" in cell.source:
                assert any("image/png" in o.get("data", {}) for o in cell.outputs), f"{path.name}: figure not shown"


def test_clean_notebook_joins_stream_chunks():
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('a'); print('b')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="a\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="b\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="warn\n")]
    notebook.cells = [cell]
    cleaned = runner.clean_notebook(notebook)
    assert [(o["name"], o["text"]) for o in cleaned.cells[0].outputs] == [("stdout", "a\nb\n"), ("stderr", "warn\n")]


def test_notebooks_talk_to_their_kernel_over_local_sockets(tmp_path):
    manager = runner.local_kernel_manager(str(tmp_path))()
    assert manager.transport == "ipc" and manager.ip == str(tmp_path / "kernel")


def test_slowest_cells_names_the_cells_a_reader_sees_by_their_execution_count():
    notebook = nbformat.v4.new_notebook()
    for count, seconds in ((1, 0.5), (2, 40.0), (3, 2.25), (4, None)):
        cell = nbformat.v4.new_code_cell("pass", execution_count=count)
        cell.metadata["papermill"] = {"duration": seconds}
        notebook.cells.append(cell)
    notebook.cells.insert(1, nbformat.v4.new_markdown_cell("text"))
    assert runner.slowest_cells(notebook) == "In [2] 40.0 s, In [3] 2.2 s, In [1] 0.5 s"
    assert runner.slowest_cells(notebook, top=1) == "In [2] 40.0 s"


def test_methods_reach_the_sentiment_notebook_and_an_unknown_one_is_refused(tmp_path, capsys):
    import pytest

    corpus = tmp_path / "mine.jsonl"
    sentiment_notebook = next(n for n in runner.notebooks_in_order() if n.name.startswith("04"))
    chosen = ["classifier", "transformer"]
    parameters = runner.corpus_parameters(sentiment_notebook, corpus, None, False, tmp_path, analysis={"METHODS": chosen})
    assert parameters["METHODS"] == chosen
    entities_notebook = next(n for n in runner.notebooks_in_order() if n.name.startswith("02"))
    assert "METHODS" not in runner.corpus_parameters(entities_notebook, corpus, None, False, tmp_path, analysis={"METHODS": chosen})
    comparison_notebook = next(n for n in runner.notebooks_in_order() if n.name.startswith("05"))
    fast = runner.method_parameters(["vader", "classifier", "textblob"])  # the figures use the most accurate given
    assert runner.corpus_parameters(sentiment_notebook, corpus, None, False, tmp_path, analysis=fast)["BEST_METHOD"] == "classifier"
    assert runner.corpus_parameters(comparison_notebook, corpus, None, False, tmp_path, analysis=fast)["METHOD"] == "classifier"
    assert runner.method_parameters(None) == {}
    with pytest.raises(SystemExit):
        runner.main(["--corpus", str(corpus), "--methods", "sarcasm"])
    assert "invalid choice: 'sarcasm'" in capsys.readouterr().err


def test_the_parameters_a_notebook_declares_are_those_papermill_finds():
    for notebook in runner.notebooks_in_order():
        assert runner.declared_parameters(notebook) == set(papermill.inspect_notebook(str(notebook))), notebook.name


def test_a_parameters_cell_with_magics_is_read_and_one_that_is_not_python_is_an_error_naming_the_notebook(tmp_path):
    def notebook(source):
        path = tmp_path / "nb.ipynb"
        cell = {"cell_type": "code", "source": source, "metadata": {"tags": ["parameters"]}, "outputs": [], "execution_count": None}
        path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
        return path

    assert runner.declared_parameters(notebook(["%matplotlib inline\n", "CORPUS = 'x'\n", "TOP_N: int = 15\n"])) == {"CORPUS", "TOP_N"}
    with pytest.raises(NewsbiasError, match="nb.ipynb: the cell tagged 'parameters' is not Python"):
        runner.declared_parameters(notebook("CORPUS = = 1"))


def test_a_corpus_folder_is_read_through_the_one_corpus_file_it_holds(tmp_path):
    folder = tmp_path / "my-corpus"
    folder.mkdir()
    (folder / "articles.jsonl").write_text("{}\n", encoding="utf-8")
    (folder / "annotations").mkdir()
    assert runner.corpus_file(folder) == (folder / "articles.jsonl").resolve()
    assert runner.corpus_name(runner.corpus_file(folder)) == "my-corpus-articles"
    (folder / "manifest.csv").write_text("path\n", encoding="utf-8")
    with pytest.raises(NewsbiasError, match="is a folder with several of manifest.csv, articles.jsonl"):
        runner.corpus_file(folder)
    with pytest.raises(NewsbiasError, match="is a folder with none of"):
        runner.corpus_file(folder / "annotations")
    with pytest.raises(NewsbiasError, match="does not exist"):
        runner.corpus_file(tmp_path / "missing.jsonl")
