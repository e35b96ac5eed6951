"""The project's own files work: the environment matches its pins, CI runs every tier and fails when one fails,
the docs are what the declarations write, and git keeps only what it should."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from importlib import metadata
from pathlib import Path

import yaml
from newsbias import docs, paths

ROOT = paths.ROOT


def _pins(text: str) -> dict[str, str]:
    pins = {}
    for raw in text.splitlines():
        line = raw.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, _, version = line.partition("==")
            pins[re.split(r"[<>!~ \[]", name)[0].lower().replace("_", "-")] = version
    return pins


def test_installed_packages_are_the_pinned_versions():
    """What `make setup` installed is exactly requirements.txt, and requirements.in is all pinned there."""
    pinned = _pins((ROOT / "requirements.txt").read_text())
    assert all(pinned.values()), [name for name, version in pinned.items() if not version]
    assert set(_pins((ROOT / "requirements.in").read_text())) <= set(pinned)
    wrong = {name: (version, metadata.version(name)) for name, version in pinned.items()
             if metadata.version(name) != version}
    assert wrong == {}


def test_environment_yml_installs_the_same_files_as_make_setup():
    """environment.yml's pip section names files that exist and are what the Makefile installs."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    pip_args = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    requirement_files = [a.split(maxsplit=1)[1] for a in pip_args if a.startswith("-r ")]
    editable = [a.split(maxsplit=1)[1] for a in pip_args if a.startswith("-e ")]
    assert [(ROOT / f).is_file() for f in requirement_files] == [True] and [(ROOT / e).resolve() for e in editable] == [ROOT]
    make = subprocess.run(["make", "-n", "-B", "setup"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert f"-r {requirement_files[0]}" in make and "-e ." in make


def _fake_make(tmp_path: Path, failing: str = "") -> tuple[dict, Path]:
    """A `make` that records its targets (and fails for ``failing``), first on the PATH."""
    log = tmp_path / "make.log"
    fake = tmp_path / "bin" / "make"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\n[ "$1" = "{failing}" ] && exit 3\nexit 0\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return {**os.environ, "PATH": f"{fake.parent}:{os.environ['PATH']}"}, log


def test_ci_runs_the_readme_test_command_then_the_slow_and_browser_tiers(tmp_path):
    env, log = _fake_make(tmp_path)
    subprocess.run(["bash", str(ROOT / ".ci" / "run")], env=env, check=True, stdin=subprocess.DEVNULL)
    assert log.read_text().split() == ["test", "test-slow", "test-browser"]
    readme = (ROOT / "README.md").read_text()
    assert "make test " in readme.split("```")[1]  # the command the README gives is the first CI runs


def test_ci_fails_when_a_tier_fails(tmp_path):
    env, log = _fake_make(tmp_path, failing="test")
    run = subprocess.run(["bash", str(ROOT / ".ci" / "run")], env=env, stdin=subprocess.DEVNULL)
    assert run.returncode != 0 and log.read_text().split() == ["test"]


def test_docs_are_what_the_declarations_write():
    """docs/tables.md, the README's notebook table and each notebook's Reads/Writes lines (python -m newsbias.docs)."""
    assert [paths.relative_to_root(p) for p in docs.stale()] == []


def test_readme_is_short_and_links_every_docs_page():
    readme = (ROOT / "README.md").read_text()
    assert readme.count("\n") <= 150
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert [p for p in pages if f"docs/{p}" not in readme] == []


def test_gitignore_keeps_lib_and_ignores_caches():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "lib/" not in ignored and ".venv/" in ignored and ".ipynb_checkpoints/" in ignored
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [f for f in tracked if ".ipynb_checkpoints" in f or "__pycache__" in f or f.startswith(".venv/")]
