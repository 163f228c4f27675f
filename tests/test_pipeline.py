"""The one pipeline: named stages, a workbook planned once, imports pointing down the stages."""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

import openpyxl
import pytest

import edureport
from edureport.core.errors import InputError
from edureport.intake import layout
from edureport.pipeline import Pipeline, prepare
from edureport.templating.registry import builtin_root

PACKAGE = Path(edureport.__file__).parent
# Stages in pipeline order: a module may import from its own stage or an earlier one, never a later one.
STAGES = ["core", "styles", "sources", "templating", "intake", "links", "document", "writers", "output", "checker",
          "pipeline", "workers", "batch", "workbook", "authoring", "cli"]


def _workbook(path: Path, rows: list[tuple]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "基本信息"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_workbook_is_planned_exactly_once_per_render(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "a.xlsx", [("项目", "内容"), ("文种", "工作总结"), ("单位", "某某小学"), ("年度", 2024)])
    calls = []
    real = layout.plan_workbook
    monkeypatch.setattr(layout, "plan_workbook", lambda *a: calls.append(a) or real(*a))
    import edureport.intake.workbook as shaping

    monkeypatch.setattr(shaping, "plan_workbook", layout.plan_workbook)
    rendered = prepare(path)
    assert rendered.spec.id == "work-summary"
    assert len(calls) == 1


def test_template_named_in_a_workbook_is_found_in_templates_dir(tmp_path):
    own = tmp_path / "mine"
    shutil.copytree(builtin_root() / "work-summary", own / "school-brief")
    meta = own / "school-brief" / "template.yaml"
    text = meta.read_text(encoding="utf-8").replace("id: work-summary", "id: school-brief")
    meta.write_text(text.replace("name: 工作总结", "name: 学校简报"), encoding="utf-8")
    path = _workbook(tmp_path / "a.xlsx", [("项目", "内容"), ("文种", "学校简报"), ("单位", "某某小学"), ("年度", 2024)])
    with pytest.raises(InputError):  # unknown without the folder …
        prepare(path)
    assert prepare(path, templates_dirs=[own]).spec.id == "school-brief"  # … found with it


def test_stages_can_be_run_one_by_one(tmp_path):
    pipeline = Pipeline()
    source = pipeline.read({"文种": "工作总结", "单位": "某某小学", "年度": 2024})
    spec = pipeline.choose(source)
    validated = pipeline.validate(pipeline.shape(source, spec), spec)
    assert not validated.errors
    document = pipeline.compose(spec, validated.data)
    assert document.title == "某某小学2024年工作总结"


def test_different_templates_in_one_workbook_are_refused_at_the_cell(tmp_path):
    path = _workbook(tmp_path / "a.xlsx", [("单位", "文种", "年度"), ("甲校", "工作总结", 2024), ("乙校", "实施方案", 2024)])
    with pytest.raises(InputError) as caught:
        Pipeline().choose(Pipeline().read(path))
    assert "基本信息!B2" in str(caught.value) and "不一致" in str(caught.value)


def _imports(path: Path) -> set[str]:
    """Every edureport module ``path`` imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("edureport"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("edureport"))
    return found


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def test_imports_point_down_the_stages():
    wrong = []
    for module, path in _modules().items():
        own = _stage(module)
        for target in _imports(path):
            theirs = _stage(target)
            if own is not None and theirs is not None and theirs > own:
                wrong.append(f"{module} → {target}")
    assert not wrong, "imports pointing up the pipeline:\n" + "\n".join(sorted(wrong))


def test_no_import_cycles():
    modules = _modules()
    graph = {m: {t for t in _imports(p) if t in modules and t != m} for m, p in modules.items()}
    graph = {m: {t for t in targets if not m.startswith(t + ".")} for m, targets in graph.items()}  # a package's own __init__
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(" → ".join(trail[trail.index(target):] + [target]) if target in trail else target)
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
