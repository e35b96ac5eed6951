"""The library's structure: no import cycles, no reaching into another module's private names, short modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from newsbias import paths

PACKAGE = paths.ROOT / "lib" / "newsbias"
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES = {m: ast.parse(p.read_text(encoding="utf-8")) for m, p in MODULES.items()}


def resolve(name: str) -> str | None:
    """The package module ``name`` refers to, or None outside the package."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> list[tuple[str, str, ast.AST]]:
    """(imported module, imported name or '', node) for every import of a package module in ``module``."""
    path, tree = MODULES[module], TREES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "newsbias":
                    found.append((resolve(alias.name), "", node))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "newsbias":
                continue
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.append((target, "", node) if target in MODULES else (resolve(base), alias.name, node))
    return found


def graph() -> dict[str, set[str]]:
    return {m: {target for target, _, _ in imports_of(m) if target and target != m} for m in MODULES}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_imports_of_the_package_are_at_module_level():
    """An import inside a function hides a dependency (and held three cycles together before)."""
    inner = []
    for module in MODULES:
        top = {id(node) for node in TREES[module].body}
        for target, _, node in imports_of(module):
            if id(node) not in top:
                inner.append(f"{module}:{node.lineno} imports {target}")
    assert inner == []


def test_no_module_imports_another_modules_private_names():
    private = []
    for module in MODULES:
        bound = {}
        for target, name, node in imports_of(module):
            if name.startswith("_") and not name.startswith("__"):
                private.append(f"{module}:{node.lineno} imports {target}.{name}")
        tree = TREES[module]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newsbias"):
                for alias in node.names:
                    if f"{node.module}.{alias.name}" in MODULES:
                        bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                private.append(f"{module}:{node.lineno} uses {bound[node.value.id]}.{node.attr}")
    assert private == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_are_short_enough_to_read_in_one_sitting(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it by concern"


def test_every_stage_module_is_under_its_stage_package():
    stages = {"ingestion", "entities", "quotes", "sentiment", "comparison"}
    assert stages <= {m.split(".")[1] for m in MODULES if m.count(".") >= 2}
