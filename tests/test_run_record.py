"""A notebook is skipped only when nothing it reads has changed and its outputs are as it wrote them."""

import nbformat
import pytest
from newsbias import paths, run_record, runner
from newsbias.steps import Step

STEP = Step("07_probe", "Probe", "?", reads=("articles",), writes=("quotes",), figures=("07_card_<outlet>",))


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A data folder, a processed folder with the table the step reads, a notebook, a corpus and a cache."""
    data, figures = tmp_path / "data", tmp_path / "figures"
    processed = data / "processed"
    processed.mkdir(parents=True), figures.mkdir()
    (data / "aliases.csv").write_text("alias,actor\n")
    (processed / "articles.parquet").write_bytes(b"articles v1")
    notebook = tmp_path / "07_probe.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    nbformat.write(nb, notebook)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.csv").write_text("path\na.txt\n")
    (corpus / "a.txt").write_text("An article.")
    monkeypatch.setattr(paths, "DATA", data)
    monkeypatch.setattr(paths, "PROCESSED", processed)
    monkeypatch.setenv("NEWSBIAS_CACHE_DIR", str(tmp_path / "cache"))
    return {"root": tmp_path, "data": data, "processed": processed, "figures": figures, "notebook": notebook,
            "corpus": corpus, "parameters": {"CORPUS": str(corpus / "manifest.csv"), "OUTPUT_DIR": str(processed)}}


def _run(project, executed):
    """What a run of the probe step writes, recorded."""
    executed.write_text("executed")
    (project["processed"] / "quotes.parquet").write_bytes(b"quotes")
    (project["processed"] / "quotes.csv").write_text("quotes")
    (project["figures"] / "07_card_fox.png").write_bytes(b"png")
    key = run_record.inputs_key(project["notebook"], project["parameters"], STEP, project["processed"])
    outputs = run_record.outputs_of(STEP, executed, project["processed"], project["figures"])
    run_record.record(executed, key, outputs)
    return key, outputs


def _key(project):
    return run_record.inputs_key(project["notebook"], project["parameters"], STEP, project["processed"])


def test_a_recorded_run_stands_until_something_it_read_changes(project):
    executed = project["root"] / "out.ipynb"
    key, outputs = _run(project, executed)
    assert sorted(p.name for p in outputs) == ["07_card_fox.png", "out.ipynb", "quotes.csv", "quotes.parquet"]
    assert run_record.still_current(executed, key)["outputs"]
    assert _key(project) == key  # computing it again reads the same inputs
    changes = [
        lambda: (project["processed"] / "articles.parquet").write_bytes(b"articles, version 2"),  # a table it reads
        lambda: (project["corpus"] / "unlisted.txt").write_text("new"),  # the manifest's folder
        lambda: (project["corpus"] / "a.txt").write_text("An edited article."),
        lambda: (project["data"] / "aliases.csv").write_text("alias,actor\nPOTUS,Trump\n"),  # data outside processed
        lambda: nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 2")]), project["notebook"]),
    ]
    for change in changes:
        change()
        new_key = _key(project)
        assert new_key != key and run_record.still_current(executed, new_key) is None
        key = new_key


def test_a_changed_parameter_or_a_file_a_parameter_names_changes_the_key(project):
    key = _key(project)
    overrides = project["root"] / "overrides.csv"
    overrides.write_text("article_id,event\n")
    project["parameters"]["EVENT_OVERRIDES"] = str(overrides)
    with_file = _key(project)
    assert with_file != key
    overrides.write_text("article_id,event\na1,e1\n")
    assert _key(project) != with_file
    project["parameters"]["GROUP_BY"] = "leaning"
    assert _key(project) not in {key, with_file}


def test_files_named_relative_to_the_project_or_in_a_list_are_read_too(project, monkeypatch):
    monkeypatch.setattr(paths, "ROOT", project["root"])  # notebooks resolve relative paths against the project root
    gold = project["root"] / "gold"
    gold.mkdir()
    (gold / "a.jsonl").write_text("{}\n")
    (gold / "b.jsonl").write_text("{}\n")
    project["parameters"].update(OVERRIDES="overrides.csv", BENCHMARK_FILES=[str(gold / "a.jsonl"), "gold/b.jsonl"])
    (project["root"] / "overrides.csv").write_text("article_id,event\n")
    keys = [_key(project)]
    for path in (project["root"] / "overrides.csv", gold / "a.jsonl", gold / "b.jsonl"):
        path.write_text(path.read_text() + "changed\n")
        keys.append(_key(project))
    assert len(set(keys)) == len(keys)


def test_outputs_written_by_the_notebook_itself_do_not_change_its_key(project):
    project["parameters"]["FIGURES_DIR"] = str(project["figures"])
    key = _key(project)
    (project["processed"] / "quotes.parquet").write_bytes(b"rewritten")  # its own output, in the processed folder
    (project["figures"] / "07_card_fox.png").write_bytes(b"redrawn")  # in a folder a parameter names as output
    assert _key(project) == key


def test_an_output_edited_or_deleted_since_the_run_means_it_runs_again(project):
    executed = project["root"] / "out.ipynb"
    key, _ = _run(project, executed)
    (project["figures"] / "07_card_fox.png").write_bytes(b"edited by hand")
    assert run_record.still_current(executed, key) is None
    key, _ = _run(project, executed)
    (project["processed"] / "quotes.csv").unlink()
    assert run_record.still_current(executed, key) is None


def test_no_records_without_a_cache(project, monkeypatch):
    monkeypatch.setenv("NEWSBIAS_CACHE_DIR", "off")
    executed = project["root"] / "out.ipynb"
    key, _ = _run(project, executed)
    assert run_record.still_current(executed, key) is None


def test_the_runner_skips_a_current_notebook_unless_forced_and_never_after_a_failed_run(project, monkeypatch, capsys):
    ran = []

    def fake_run(notebook, parameters, output):
        ran.append(output.name)
        if parameters.get("FAIL"):
            raise RuntimeError("a cell failed")
        output.write_text(f"run {len(ran)}")
        return output

    monkeypatch.setattr(runner, "run_notebook", fake_run)
    monkeypatch.setattr(runner.steps, "step", lambda name: STEP)
    executed = project["root"] / "out.ipynb"
    arguments = (project["notebook"], project["parameters"], executed, project["processed"], project["figures"])
    runner.run_step(*arguments)
    runner.run_step(*arguments)
    assert len(ran) == 1 and "is up to date" in capsys.readouterr().out
    runner.run_step(*arguments, force=True)
    assert len(ran) == 2
    failing = {**project["parameters"], "FAIL": "yes"}
    with pytest.raises(RuntimeError):
        runner.run_step(project["notebook"], failing, executed, project["processed"], project["figures"])
    with pytest.raises(RuntimeError):  # the failed run left no record: it runs (and fails) again
        runner.run_step(project["notebook"], failing, executed, project["processed"], project["figures"])
    assert len(ran) == 4
