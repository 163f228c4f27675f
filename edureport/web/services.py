"""Every call the web page makes into edureport's pipeline, in one place.

The web layer never renders, validates or checks anything itself: it saves an
upload into its request's temporary folder and calls these functions, which
call the same entry points as the command line (``pipeline.prepare``,
``intake.validate.check``, ``batch``, ``checker.check``, ``writers``). When the
core API changes, this module is the one to adapt.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edureport.core.errors import InputError, Problem
from edureport.output import safe_filename

STYLES = {"gbt9704": "公文（默认）", "gbt9704-redhead": "红头文件", "zh-hant": "繁體"}


@dataclass
class Outcome:
    """What the page shows for one data file: problems, and the document when there is one."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    template_id: str = ""
    template_name: str = ""
    title: str = ""
    rendered: Any = None  # pipeline.Rendered, when the data are valid
    made: Any = None  # what the page asked for (the .docx and its name, or the preview), see ``examine_for``

    @property
    def ok(self) -> bool:
        return self.rendered is not None and not self.problems


# -- templates and forms ------------------------------------------------------------------

def registry(templates_dirs: Iterable[str] = ()):
    from edureport.templating.registry import get_registry

    return get_registry(tuple(templates_dirs))


def template(name: str, templates_dirs: Iterable[str] = ()):
    """A template by id or 中文名 (never a path: the registry only knows its own folders)."""
    return registry(templates_dirs).get(name)


def warm_up(templates_dirs: Iterable[str] = ()) -> None:
    """Render every template's example once, so a worker's first user does not wait for the
    imports and template compilation (about half a second)."""
    from edureport.pipeline import prepare

    for spec in registry(templates_dirs):
        if spec.example_path is None or not spec.example_path.is_file():
            continue
        try:
            rendered = prepare(spec.example_path, spec.id, templates_dirs=tuple(templates_dirs))
            rendered.to_docx()
            preview_html(rendered)
        except Exception:  # noqa: BLE001  a broken template is reported when someone uses it, not at start-up
            continue


def template_list(templates_dirs: Iterable[str] = ()) -> list[dict]:
    return [{"id": spec.id, "name": spec.name, "description": spec.description}
            for spec in registry(templates_dirs)]


def _field_schema(spec_field) -> dict:
    return {"key": spec_field.key, "label": spec_field.alias, "type": spec_field.type, "list": spec_field.is_list,
            "required": spec_field.required, "min": spec_field.minimum, "max": spec_field.maximum,
            "description": spec_field.description}


def form_schema(spec) -> dict:
    """The template's declared fields, for the page to build its form from (``map`` fields are YAML-only)."""
    from edureport.workbook.content import example_data

    used = {f.type for f in spec.fields.values() if f.is_list}
    pending = list(used)
    while pending:  # record types reached through other records (子项, 指标 of an item …)
        for record_field in spec.types[pending.pop()].fields.values():
            if record_field.is_list and record_field.type not in used:
                used.add(record_field.type)
                pending.append(record_field.type)
    return {
        "id": spec.id, "name": spec.name, "description": spec.description,
        "fields": [_field_schema(f) for f in spec.fields.values() if f.type != "map"],
        "types": {key: {"name": spec.types[key].name, "fields": [_field_schema(f) for f in spec.types[key].fields.values()]}
                  for key in sorted(used)},
        "example": plain(example_data(spec)),
    }


def plain(value: Any) -> Any:
    """Validated data as JSON (dates as text the validator reads back)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def starter(spec, kind: str) -> tuple[bytes, str]:
    """The blank workbook ``edureport init`` writes, and its file name."""
    from edureport.workbook.starter import starter_bytes

    return starter_bytes(spec, kind), f"{spec.name}数据.{kind}"


def _aliased(value: Any, fields: dict, types: dict) -> Any:
    """Canonical keys → the Chinese names people type (for a .yaml they will edit)."""
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        spec_field = fields.get(key)
        if spec_field is None:
            out[key] = item
            continue
        record = types.get(spec_field.type)
        if record is not None and isinstance(item, list):
            item = [_aliased(entry, record.fields, types) for entry in item]
        out[spec_field.alias] = item
    return out


def form_file(spec, data: dict, kind: str) -> tuple[bytes, str]:
    """Save the form: .yaml with Chinese keys, or .xlsx laid out as ``init`` lays it out."""
    import yaml

    name = safe_filename(str(data.get("org") or spec.name) + spec.name + "数据", suffix=f".{kind}")
    if kind == "yaml":
        content = {"文种": spec.name, **_aliased({k: v for k, v in data.items() if k != "template"},
                                                spec.fields, spec.types)}
        text = f"# {spec.name}数据：由 edureport 网页保存，可在网页“上传生成”中打开，或 edureport render 本文件.yaml\n"
        return (text + yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=1000)).encode("utf-8"), name
    from edureport.pipeline import Pipeline
    from edureport.sources import source_from_dict
    from edureport.workbook.style import write_workbook

    validated = Pipeline().validate(source_from_dict({**data, "template": spec.id}, "表单"), spec)
    if validated.errors:
        raise InputError(validated.errors)
    checked = validated.data
    checked.setdefault("template", spec.name)
    return write_workbook(spec, [checked], batch=False, guide=True), name


# -- one document -------------------------------------------------------------------------

# advice written for the command line, said the way the page does it
PAGE_ADVICE = [
    ("请用 edureport batch 为每个单位各生成一份文件", "请到“批量”页面为每个单位各生成一份文件"),
    ("请用 -t 指定模板（如 -t 工作总结），或在数据中写", "请在数据中写"),
    ("请用 -t 指定模板（如 -t 工作总结），或在“基本信息”中", "请在“基本信息”中"),
    ("请统一“文种”，或用 -t 指定", "请统一“文种”"),
    ("单个 YAML 文件请用 edureport render", "单个数据文件请到“上传生成”页面"),
]


def relabel(problems: Iterable[Problem], stored: Path | None, shown: str) -> list[Problem]:
    """Say the user's file name where the pipeline names the request's temporary copy,
    and the page's way where the advice is for the command line."""
    out = []
    for problem in problems:
        if stored is not None:
            for name in (str(stored), stored.name):
                problem.location = problem.location.replace(name, shown)
                problem.message = problem.message.replace(name, shown)
        for command_line, page in PAGE_ADVICE:
            problem.suggestion = problem.suggestion.replace(command_line, page)
        out.append(problem)
    return out


def examine(data: Path | dict, style: str | None, shown: str, templates_dirs: Iterable[str] = (),
            template_name: str | None = None) -> Outcome:
    """Validate (the same checks and wording as ``edureport validate``), then render the model when valid."""
    from edureport.pipeline import Pipeline, source_name

    stored = data if isinstance(data, Path) else None
    outcome = Outcome()
    pipeline = Pipeline(registry=registry(templates_dirs), style=style or None)
    try:
        source = pipeline.read(data)
        spec = pipeline.choose(source, template_name)
        shaped = pipeline.shape(source, spec)
        validated = pipeline.link(spec, shaped, pipeline.validate(shaped, spec), data)
    except InputError as exc:
        outcome.problems = relabel([p for p in exc.problems if p.severity == "error"], stored, shown)
        outcome.warnings = relabel([p for p in exc.problems if p.severity != "error"], stored, shown)
        return outcome
    outcome.template_id, outcome.template_name = spec.id, spec.name
    errors, warnings = validated.errors, validated.warnings
    outcome.problems, outcome.warnings = relabel(errors, stored, shown), relabel(warnings, stored, shown)
    if stored is None:  # the form: name the place the way the form shows it
        for problem in outcome.problems + outcome.warnings:
            if problem.path:
                problem.location, problem.path, problem.label = f"{shown} {form_place(spec, problem.path)}", "", ""
    if errors:
        return outcome
    rendered = pipeline.render(spec, validated, source_name(data))
    outcome.rendered, outcome.title = rendered, rendered.title
    return outcome


def examine_for(action: str, data: Path | dict, style: str | None, shown: str, templates_dirs: Iterable[str] = (),
                template_name: str | None = None) -> Outcome:
    """``examine``, then, when the data are valid, what ``action`` answers with: ``docx`` the file and its
    name, ``check`` the preview. One call, so the web layer makes one trip to a thread per request:
    under load every trip back to the event loop waits for the GIL (up to its 5 ms switch interval)."""
    outcome = examine(data, style, shown, templates_dirs, template_name)
    if outcome.ok and action == "docx":
        outcome.made = docx(outcome.rendered)
    elif outcome.ok and action == "check":
        outcome.made = preview_html(outcome.rendered)
    return outcome


def form_place(spec, path: str) -> str:
    """achievements[0].metrics[1].value → 主要成绩第1项 › 指标第2项 › 数值 (the form's own labels)."""
    fields, out = spec.fields, []
    for key, index in re.findall(r"(\w+)|\[(\d+)\]", path):
        if index and out:
            out[-1] += f"第{int(index) + 1}项"
            continue
        spec_field = fields.get(key)
        out.append(spec_field.alias if spec_field else key)
        record = spec.types.get(spec_field.type) if spec_field else None
        fields = record.fields if record else {}
    return " › ".join(out)


def preview_html(rendered) -> str:
    from edureport.writers.html import write_html

    return write_html(rendered.document, rendered.profile)


def docx_name(rendered) -> str:
    return safe_filename(rendered.title, suffix=".docx")


def docx(rendered) -> tuple[bytes, str]:
    return rendered.to_docx(), docx_name(rendered)


def pdf_available() -> bool:
    from edureport.writers.pdf import available

    return available()


def pdf(rendered, work: Path, cancelled: Callable[[], bool] | None = None) -> tuple[bytes, str]:
    """Through LibreOffice, in the request's own folder (removed with it); stopped once ``cancelled()``."""
    from edureport.writers.pdf import convert_one

    content, name = docx(rendered)
    source = work / "document.docx"
    source.write_bytes(content)
    return convert_one(source, work / "document.pdf", cancelled=cancelled).read_bytes(), name[: -len(".docx")] + ".pdf"


def style_names() -> dict[str, str]:
    return dict(STYLES)


def check_style(style: str | None) -> str | None:
    """Only the shipped style names: a style given by the page is never a path."""
    if not style:
        return None
    if style not in STYLES:
        raise InputError(Problem("未知的样式", location="样式", expected="、".join(STYLES), found=style))
    return style


# -- batch ---------------------------------------------------------------------------------

def plan_batch(workbook: Path, out_dir: Path, shown: str, templates_dirs: Iterable[str] = ()):
    from edureport.batch import plan_batch as plan

    try:
        return plan(workbook, None, out_dir, tuple(templates_dirs))
    except InputError as exc:
        relabel(exc.problems, workbook, shown)
        raise


def run_batch_slices(plan, style: str | None, templates_dirs: Iterable[str], workers: int,
                     slice_size: int, cancelled: Callable[[], bool], advance: Callable[[int], None]) -> list:
    """Render the units a slice at a time, so a cancel takes effect within one slice."""
    from dataclasses import replace

    from edureport.batch import Settings, run_batch

    settings = Settings(plan.spec_id, tuple(templates_dirs), style)
    results = []
    for start in range(0, len(plan.jobs), slice_size):
        if cancelled():
            break
        part = replace(plan, jobs=plan.jobs[start:start + slice_size])
        results += run_batch(part, settings, workers, advance)
    return results


def batch_zip(results, stray_rows, target: Path) -> None:
    """Every written document and 生成结果.xlsx (unit, status, file or reason) in one zip."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "生成结果"
    sheet.append(["单位", "结果", "文件 / 原因"])
    for result in results:
        row = result_row(result)
        sheet.append([row["unit"], row["status"], row["detail"] + (f"（提示：{row['warnings'][0]}）" if row["warnings"] else "")])
    for problem in stray_rows:
        sheet.append([problem.location, "无法归属", problem.format()])
    for column, width in zip("ABC", (28, 10, 80)):
        sheet.column_dimensions[column].width = width
    table = io.BytesIO()
    book.save(table)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for result in results:
            if result.ok:
                archive.write(result.target, Path(result.target).name)
        archive.writestr("生成结果.xlsx", table.getvalue())


def result_row(result) -> dict:
    """One line of the result table (the same words as the table ``edureport batch`` prints)."""
    status = "已生成" if result.ok else result.label or ("数据有误" if result.exit_code == 2 else "生成失败")
    return {"unit": result.unit, "ok": result.ok, "status": status,
            "detail": Path(result.target).name if result.ok else result.reason, "warnings": result.warnings}


# -- check ---------------------------------------------------------------------------------

ELEMENTS = {  # page elements, in the order they appear on a page
    "page": "页面设置", "grid": "版心与行距", "redhead": "发文机关标志", "doc_number": "发文字号", "title": "标题",
    "subtitle": "副标题", "recipient": "主送机关", "heading1": "一级标题", "heading2": "二级标题",
    "heading3": "三级标题", "heading4": "四级标题", "body": "正文", "center": "正文", "table": "表格",
    "attachment_note": "附件说明", "signature": "署名", "date": "成文日期", "attachment_label": "附件",
    "attachment_title": "附件", "imprint": "版记", "page_number": "页码", "other": "其他",
}


def check_docx(path: Path, style: str | None, shown: str) -> dict:
    """``edureport check``'s report, its findings grouped by the page element they concern."""
    from edureport.checker import check_content
    from edureport.checker.docx_reader import read_docx
    from edureport.checker.roles import classify
    from edureport.styles.profile import load_profile

    try:
        content = read_docx(path)
    except InputError as exc:
        relabel(exc.problems, path, shown)
        raise
    report = check_content(content, load_profile(style))
    roles = {item.paragraph.location: item.role for item in classify(content.paragraphs)}
    groups: dict[str, list] = {}
    for finding in report.findings:
        role = finding.rule if finding.rule in ("page", "grid", "page_number") else roles.get(finding.location, "other")
        element = ELEMENTS.get(role, ELEMENTS["table"] if role.startswith("table") else ELEMENTS["other"])
        groups.setdefault(element, []).append({"severity": finding.severity, "text": finding.format()})
    order = list(dict.fromkeys(ELEMENTS.values()))
    report.path = shown
    return {"ok": report.ok, "summary": report.summary(), "errors": len(report.errors),
            "warnings": len(report.warnings),
            "groups": [{"element": name, "findings": groups[name]} for name in sorted(groups, key=order.index)]}


def corrector() -> Callable | None:
    """``edureport format`` for the page: the Word reader re-sets a .docx as a 公文."""
    from edureport.readers.formatting import format_document

    return format_document


def corrected_copy(path: Path, style: str | None) -> tuple[bytes, str]:
    """The uploaded .docx re-set by ``edureport format`` (text changed only by its listed fixes)."""
    formatted = corrector()(path.read_bytes(), style or None)
    return formatted.data, "排版后的文件.docx"
