"""Modules this change untangled import each other in one direction only, counting imports
inside functions too (a function-level import hides a cycle, it does not remove it)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "edureport"


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("edureport"):
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("edureport"))
    return names


def graph(package: str) -> dict[str, set[str]]:
    modules = {f"edureport.{package}.{p.stem}" for p in (PACKAGE / package).glob("*.py") if p.stem != "__init__"}
    return {module: imports_of(PACKAGE / package / f"{module.rsplit('.', 1)[1]}.py") & modules for module in modules}


def cycle_in(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                return trail + [node, target]
            if target not in state:
                found = visit(target, trail + [node])
                if found:
                    return found
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            found = visit(start, [])
            if found:
                return found
    return None


@pytest.mark.parametrize("package", ["sources", "workbook", "core", "checker"])
def test_no_import_cycle_inside_the_package(package):
    assert cycle_in(graph(package)) is None


def test_the_walker_finds_a_cycle():
    assert cycle_in({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
