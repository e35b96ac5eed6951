"""Documentation written from the declarations, so that it cannot drift from the code.

``python -m newsbias.docs`` writes ``docs/tables.md`` (every table and column, from :mod:`newsbias.tables`), the
README's notebook table and each notebook's **Reads**/**Writes** lines (from :mod:`newsbias.steps`);
``python -m newsbias.docs --check`` lists what is out of date and exits 1 if anything is (a test runs it).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import nbformat

from newsbias import paths
from newsbias.errors import NewsbiasError
from newsbias.steps import STEPS, Step, reads_line, writes_line
from newsbias.tables import DESCRIPTIONS, TABLES

TABLES_DOC = paths.ROOT / "docs" / "tables.md"
README = paths.ROOT / "README.md"
NOTEBOOK_TABLE_START = "<!-- notebooks:start (written by python -m newsbias.docs) -->"
NOTEBOOK_TABLE_END = "<!-- notebooks:end -->"


def writer_of(table: str) -> Step | None:
    """The step that writes ``table`` (None for a table no step writes)."""
    return next((s for s in STEPS if table in s.writes), None)


def tables_markdown() -> str:
    """``docs/tables.md``: every table, in the order the steps write them, with the meaning of each column."""
    ordered = [t for s in STEPS for t in s.writes] + [t for t in TABLES if writer_of(t) is None]
    lines = ["# Table reference", "",
             "Every table the suite writes to `data/processed/` (or a corpus's own folder) as Parquet, the typed "
             "original, with a CSV copy for spreadsheets, R and other tools. Written by `python -m newsbias.docs` "
             "from `newsbias.tables.TABLES`; a test keeps the two identical.", ""]
    for table in ordered:
        step = writer_of(table)
        written = f"Written by `notebooks/{step.name}.ipynb`." if step else "Not written by the notebooks."
        lines += [f"## `{table}`", "", f"{DESCRIPTIONS[table][:1].upper()}{DESCRIPTIONS[table][1:]}. {written}", "",
                  "| column | meaning |", "|---|---|"]
        lines += [f"| `{column}` | {meaning} |" for column, meaning in TABLES[table].items()]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def notebook_table() -> str:
    """The README's table of notebooks: question, reads, writes."""
    lines = ["| notebook | question | reads | writes |", "|---|---|---|---|"]
    for step in STEPS:
        reads = reads_line(step).removeprefix("**Reads** ").rstrip(".")
        writes = writes_line(step).removeprefix("**Writes** ").rstrip(".")
        lines.append(f"| [`{step.name}`](notebooks/{step.name}.ipynb) | {step.question} | {reads} | {writes} |")
    return "\n".join(lines) + "\n"


def readme_with_notebook_table(text: str) -> str:
    pattern = re.compile(re.escape(NOTEBOOK_TABLE_START) + r"\n.*?" + re.escape(NOTEBOOK_TABLE_END), re.DOTALL)
    if not pattern.search(text):
        raise NewsbiasError(f"{README} has no notebook table markers ({NOTEBOOK_TABLE_START} ... {NOTEBOOK_TABLE_END}).")
    return pattern.sub(lambda _: f"{NOTEBOOK_TABLE_START}\n{notebook_table()}{NOTEBOOK_TABLE_END}", text)


def first_cell_with_lines(source: str, step: Step) -> str:
    """A notebook's first cell with its **Reads** and **Writes** lines (each a paragraph of its own) rewritten."""
    paragraphs = source.split("\n\n")
    replaced = []
    for paragraph in paragraphs:
        if paragraph.startswith("**Reads**"):
            paragraph = reads_line(step)
        elif paragraph.startswith("**Writes**"):
            paragraph = writes_line(step)
        replaced.append(paragraph)
    if not any(p.startswith("**Reads**") for p in paragraphs) or not any(p.startswith("**Writes**") for p in paragraphs):
        raise NewsbiasError(f"{step.notebook}: the first cell needs a paragraph starting **Reads** and one starting **Writes**.")
    return "\n\n".join(replaced)


def updates() -> dict[Path, str]:
    """Every file this module writes, with the content it should have."""
    wanted = {TABLES_DOC: tables_markdown(), README: readme_with_notebook_table(README.read_text(encoding="utf-8"))}
    for step in STEPS:
        notebook = nbformat.read(step.notebook, as_version=4)
        notebook.cells[0].source = first_cell_with_lines(notebook.cells[0].source, step)
        wanted[step.notebook] = nbformat.writes(notebook) + "\n"
    return wanted


def stale() -> list[Path]:
    """The files whose content differs from what :func:`updates` would write."""
    return [path for path, content in updates().items()
            if not path.is_file() or path.read_text(encoding="utf-8") != content]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbias.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list the files that are out of date; exit 1 if any")
    args = parser.parse_args(argv)
    if args.check:
        out_of_date = stale()
        for path in out_of_date:
            print("out of date:", paths.relative_to_root(path))
        return 1 if out_of_date else 0
    for path, content in updates().items():
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            print("wrote", paths.relative_to_root(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
