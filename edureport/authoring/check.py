"""``edureport templates check DIR``: find a template author's mistakes before users do.

Checks, each reported with the file and line it concerns:

1. ``template.yaml`` loads (metadata keys, field declarations, types);
2. the body and every template it extends, imports or includes parse (Jinja syntax);
3. variables used but not declared as fields, ``h.x`` for a field without a
   heading, and fields declared but never used;
4. nothing the sandbox forbids (``__class__`` and other underscore attributes);
5. the example data validates against the fields;
6. the example renders, and the result is a 公文: title, heading levels
   and signature in the document model, then the format checker of
   ``edureport check`` on the .docx (fonts, sizes, indents, numbering …);
7. a document with only the required fields filled renders too.

Names may be the fields' Chinese names as well as their keys; a misspelt one
gets a did-you-mean from the declared fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml
from jinja2 import meta, nodes
from jinja2.sandbox import SecurityError

from edureport.core.errors import ERROR, WARNING, EdureportError, InputError, Problem, SortsFindings, TemplateError
from edureport.templating.names import did_you_mean, name_suggestion
from edureport.templating.registry import METADATA_FILE, TemplateSpec, load_template

# Names the pipeline puts into every template's context (see pipeline.build_context).
PIPELINE_NAMES = {"h", "title", "date", "signature", "template_name", "plan_link"}
_PLACE = re.compile(r"^([^：\n]+?\.(?:ya?ml|j2|jinja|md)(?::\d+)*)：(.*)$", re.S)


def describe(problem: Problem) -> str:
    """body.md.j2:3：错误：… (``location`` is the file and line the problem concerns, or a file)."""
    label = "错误" if problem.severity == ERROR else "警告"
    return f"{problem.location}：{label}：{problem.message}" if problem.location else f"{label}：{problem.message}"


@dataclass
class CheckReport(SortsFindings):
    folder: Path
    findings: list[Problem] = field(default_factory=list)
    docx: bytes | None = None  # the example, rendered
    spec: TemplateSpec | None = None

    def add(self, location: str, message: str, severity: str = ERROR) -> None:
        self.findings.append(Problem(message, location=location, severity=severity))


@dataclass
class _Parsed:
    name: str
    filename: str
    ast: nodes.Template


def check_template(folder: str | Path, *, style: str | None = None) -> CheckReport:
    folder = Path(folder)
    report = CheckReport(folder)
    if not (folder / METADATA_FILE).is_file():
        report.add(str(folder), f"不是模板文件夹：缺少 {METADATA_FILE}")
        return report
    try:
        spec = load_template(folder, source="检查")
    except EdureportError as exc:
        report.add(*_split_location(str(exc)))
        return report
    report.spec = spec
    env = _fresh_environment(folder)
    parsed = _parse_all(env, spec, report)
    if report.errors:
        return report
    used = _check_names(env, spec, parsed, report)
    _check_macro_calls(parsed, report)
    _check_literal_markup(parsed, report)
    _check_unused(spec, used, report)
    _check_sandbox(parsed, report)
    _render_example(spec, style, report)
    return report


def _fresh_environment(folder: Path) -> jinja2.Environment:
    """The environment bodies run in, uncached, so an edited file is read again."""
    from edureport.templating.environment import markup_environment

    return markup_environment.__wrapped__(folder)


# -- parsing -------------------------------------------------------------------
def _parse_all(env: jinja2.Environment, spec: TemplateSpec, report: CheckReport) -> list[_Parsed]:
    """The body and, recursively, every template it extends, imports or includes."""
    parsed: list[_Parsed] = []
    pending = [(spec.body, str(spec.folder / METADATA_FILE), None)]
    seen: set[str] = set()
    while pending:
        name, referrer, line = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        try:
            source, filename, _ = env.loader.get_source(env, name)
        except jinja2.TemplateNotFound:
            where = f"{referrer}:{line}" if line else referrer
            report.add(where, f"找不到被引用的模板文件“{name}”（在模板文件夹和内置的 _base 中都没有）")
            continue
        except SecurityError as exc:  # a symbolic link out of the template folders
            report.add(f"{referrer}:{line}" if line else referrer, str(exc))
            continue
        try:
            ast = env.parse(source, name, filename)
            env.compile(source, name, filename)  # unknown filters and tests are found when compiling
        except jinja2.TemplateSyntaxError as exc:
            from edureport.templating.environment import explain  # the same Chinese explanation render gives

            report.add(f"{filename}:{exc.lineno}", explain(exc))
            continue
        parsed.append(_Parsed(name, filename, ast))
        for node in ast.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str):
                pending.append((node.template.value, filename, node.lineno))
    return parsed


def _top_level_names(ast: nodes.Template) -> set[str]:
    """Names a template defines for its blocks: imports, macros and top-level ``set``."""
    names: set[str] = set()
    for node in ast.find_all((nodes.Import, nodes.FromImport, nodes.Macro, nodes.Assign, nodes.AssignBlock)):
        if isinstance(node, nodes.Import):
            names.add(node.target)
        elif isinstance(node, nodes.FromImport):
            names.update(n[1] if isinstance(n, tuple) else n for n in node.names)
        elif isinstance(node, nodes.Macro):
            names.add(node.name)
        else:  # set x = … / set a, b = … / {% set x %}…{% endset %}
            targets = [node.target, *node.target.find_all(nodes.Name)]
            names.update(t.name for t in targets if isinstance(t, nodes.Name))
    return names


def _first_use(ast: nodes.Template, name: str) -> int | None:
    for node in ast.find_all(nodes.Name):
        if node.name == name and node.ctx == "load":
            return node.lineno
    return None


# -- names ---------------------------------------------------------------------
def _check_names(env: jinja2.Environment, spec: TemplateSpec, parsed: list[_Parsed],
                 report: CheckReport) -> set[str]:
    """Report undeclared variables and bad ``h.x``; return every field name used."""
    aliases = {alias: f.key for f in spec.fields.values() for alias in f.aliases}
    known = set(spec.fields) | set(aliases) | PIPELINE_NAMES | set(env.globals)
    used: set[str] = set()
    for item in parsed:
        names = meta.find_undeclared_variables(item.ast)
        used |= {aliases.get(n, n) for n in names}
        for name in sorted(names - known - _top_level_names(item.ast)):
            report.add(f"{item.filename}:{_first_use(item.ast, name)}",
                       f"变量“{name}”没有声明为字段" + name_suggestion(name, dict.fromkeys(known), spec.fields))
        for node in item.ast.find_all(nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name == "h" and node.node.ctx == "load":
                _check_heading(spec, aliases.get(node.attr, node.attr), node.attr,
                               f"{item.filename}:{node.lineno}", report)
                used.add(aliases.get(node.attr, node.attr))
    text_env = jinja2.Environment()
    metadata_texts = [spec.title or ""] + [str(f.heading) for f in spec.fields.values() if f.heading is not None]
    for text in metadata_texts:
        try:
            used |= {aliases.get(n, n) for n in meta.find_undeclared_variables(text_env.parse(text))}
        except jinja2.TemplateSyntaxError as exc:
            report.add(f"{spec.folder / METADATA_FILE}", f"标题模板“{text}”语法错误：{exc.message}")
    return used


def _check_heading(spec: TemplateSpec, key: str, written: str, where: str, report: CheckReport) -> None:
    """``h.x`` needs a field ``x`` (or a field whose Chinese name is ``x``) with a heading."""
    field_spec = spec.fields.get(key)
    if field_spec is not None and field_spec.heading is not None:
        return
    if field_spec is None:
        with_heading = {f.key: f for f in spec.fields.values() if f.heading is not None}
        names = list(with_heading) + [a for f in with_heading.values() for a in f.aliases]
        close = did_you_mean(written, names)
        hint = f"您是不是要写“h.{close}”？" if close else f"请在 {METADATA_FILE} 中声明这个字段并写 heading"
        report.add(where, f"h.{written} 是某部分的默认标题，但没有叫“{written}”的字段；{hint}")
    else:
        report.add(where, f"h.{written} 是某部分的默认标题，但字段“{written}”没有 heading（默认标题）；"
                          f"请在 {METADATA_FILE} 中给它写 heading")


def _field_lines(meta_path: Path) -> dict[str, int]:
    """Line of each key under ``fields:`` in template.yaml."""
    root = yaml.compose(meta_path.read_text(encoding="utf-8"))
    lines: dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "fields" and isinstance(value, yaml.MappingNode):
                for field_key, _ in value.value:
                    lines[str(field_key.value)] = field_key.start_mark.line + 1
    return lines


def _check_unused(spec: TemplateSpec, used: set[str], report: CheckReport) -> None:
    meta_path = spec.folder / METADATA_FILE
    lines = _field_lines(meta_path)
    for key in spec.own_fields:
        if key not in used:
            report.add(f"{meta_path}:{lines.get(key, 1)}",
                       f"字段“{key}”（{spec.fields[key].alias}）已声明但模板中从未使用，用户填写的内容不会出现在文件里",
                       severity=WARNING)


def _check_macro_calls(parsed: list[_Parsed], report: CheckReport) -> None:
    """``m.name(arg=…)``: the macro exists in the imported file and takes that argument."""
    macros = {item.name: {node.name: [a.name for a in node.args] for node in item.ast.find_all(nodes.Macro)}
              for item in parsed}
    for item in parsed:
        imported = {node.target: node.template.value for node in item.ast.find_all(nodes.Import)
                    if isinstance(node.template, nodes.Const) and node.template.value in macros}
        for call in item.ast.find_all(nodes.Call):
            target = call.node
            if not (isinstance(target, nodes.Getattr) and isinstance(target.node, nodes.Name)
                    and target.node.name in imported):
                continue
            where, defined = f"{item.filename}:{call.lineno}", macros[imported[target.node.name]]
            if target.attr not in defined:
                close = did_you_mean(target.attr, defined)
                hint = f"您是不是要写“{target.node.name}.{close}”？" if close else f"可用：{'、'.join(defined)}"
                report.add(where, f"“{imported[target.node.name]}”中没有宏“{target.attr}”；{hint}")
                continue
            arguments = defined[target.attr]
            for keyword in call.kwargs:
                if keyword.key not in arguments:
                    close = did_you_mean(keyword.key, arguments)
                    hint = f"您是不是要写“{close}”？" if close else ""
                    report.add(where, f"宏“{target.attr}”没有参数“{keyword.key}”；{hint}"
                                      f"（它的参数：{'、'.join(arguments)}）")
            if len(call.args) > len(arguments):
                report.add(where, f"宏“{target.attr}”最多接受 {len(arguments)} 个参数，这里给了 {len(call.args)} 个"
                                  f"（它的参数：{'、'.join(arguments)}）")


_CONTAINER_LINE = re.compile(r"^\s*:::\s*([^\s{]+)")
_CLASS_LINE = re.compile(r"^\s*\{((?:\s*\.[\w-]+)+)\s*\}\s*$")


def _check_literal_markup(parsed: list[_Parsed], report: CheckReport) -> None:
    """Container names and {.classes} written literally in the author's files, checked even
    in branches the example does not reach (rendering checks the rest of the markup)."""
    from edureport.document.markup import CLASSES, CONTAINERS
    from edureport.templating.registry import builtin_root

    classes = sorted(set().union(*CLASSES.values()))
    for item in parsed:
        if Path(item.filename).resolve().is_relative_to(builtin_root() / "_base"):
            continue
        for number, line in enumerate(Path(item.filename).read_text(encoding="utf-8").splitlines(), 1):
            container = _CONTAINER_LINE.match(line)
            if container and container.group(1) not in CONTAINERS:
                close = did_you_mean(container.group(1), CONTAINERS)
                report.add(f"{item.filename}:{number}", f"不认识的容器“::: {container.group(1)}”；"
                           + (f"您是不是要写“::: {close}”？" if close else f"可用：{'、'.join(CONTAINERS)}"))
            for name in (_CLASS_LINE.match(line).group(1).replace(".", " ").split() if _CLASS_LINE.match(line) else []):
                if name not in classes:
                    close = did_you_mean(name, classes)
                    report.add(f"{item.filename}:{number}", f"属性“{{.{name}}}”不认识；"
                               + (f"您是不是要写“{{.{close}}}”？" if close else f"可用：{'、'.join(classes)}"))


def _check_sandbox(parsed: list[_Parsed], report: CheckReport) -> None:
    for item in parsed:
        for node in item.ast.find_all((nodes.Getattr, nodes.Getitem)):
            attr = node.attr if isinstance(node, nodes.Getattr) else (
                node.arg.value if isinstance(node.arg, nodes.Const) else None)
            if isinstance(attr, str) and attr.startswith("_"):
                report.add(f"{item.filename}:{node.lineno}",
                           f"访问了“{attr}”：出于安全考虑，模板不能访问以下划线开头的属性（Python 内部属性）")


# -- the example -------------------------------------------------------------------
def _render_example(spec: TemplateSpec, style: str | None, report: CheckReport) -> None:
    from edureport.pipeline import Pipeline, Rendered
    from edureport.templating.environment import markup_environment

    if spec.example_path is None:
        report.add(str(spec.folder / METADATA_FILE), "没有示例数据（example:），无法试渲染；请提供 example.yaml",
                   severity=WARNING)
        return
    pipeline = Pipeline(style=style)
    try:
        source = pipeline.read(spec.example_path)
        _check_example_kind(spec, source, report)
        validated = pipeline.validate(pipeline.shape(source, spec), spec)
        problems = validated.errors
    except InputError as exc:
        problems = exc.problems
    if problems:
        for problem in problems:
            location = problem.location or spec.example_path.name
            message = problem.format().removeprefix(f"{problem.location}：")
            if location.startswith(spec.example_path.name):  # the loader names the file only
                location = str(spec.folder / location)
            report.add(location, "示例数据不符合字段声明：" + message)
        return
    try:
        profile = pipeline.profile(spec)
        markup_environment.cache_clear()  # read the template files as they are now
        rendered = Rendered(spec, validated.data, pipeline.compose(spec, validated.data, profile), profile)
        document = rendered.document
        report.docx = rendered.to_docx()
    except TemplateError as exc:
        location, message = _split_location(str(exc))
        if not any(f.location == location for f in report.errors):  # told already, by the static checks
            report.add(location, message)
        return
    except EdureportError as exc:
        report.add(str(spec.body_path), f"用示例数据渲染失败：{exc}")
        return
    _check_document(spec, document, profile, report)
    _render_empty(pipeline, spec, validated.data, profile, report)


def _render_empty(pipeline, spec: TemplateSpec, example: dict, profile, report: CheckReport) -> None:
    """Render a document where only the required fields are filled (from the example):
    a template must not break when a user leaves every optional part out."""
    from edureport.sources import source_from_dict

    empty = pipeline.validate(source_from_dict({}), spec).data
    for key, field_spec in spec.fields.items():
        if field_spec.required:
            empty[key] = example.get(key)
    try:
        pipeline.compose(spec, empty, profile)
    except TemplateError as exc:
        location, message = _split_location(str(exc))
        report.add(location, f"只填必填项、其余留空时渲染失败：{message}（用户不填可选的部分时也要能生成）")
    except EdureportError as exc:
        report.add(str(spec.body_path), f"只填必填项、其余留空时渲染失败：{exc}")


def _split_location(message: str) -> tuple[str, str]:
    """"file:line：what" → ("file:line", "what"); messages without a place keep an empty one."""
    match = _PLACE.match(message)
    return (match.group(1), match.group(2)) if match else ("", message)


def _check_example_kind(spec: TemplateSpec, source, report: CheckReport) -> None:
    for key in ("template", "文种"):
        value = source.data.get(key) if isinstance(source.data, dict) else None
        if isinstance(value, str) and value.strip() and value.strip() not in (spec.id, spec.name):
            report.add(source.locate((key,)), f"示例数据的“{key}: {value}”指向别的模板；"
                                              f"请改为“{spec.name}”或“{spec.id}”", severity=WARNING)


def _check_document(spec: TemplateSpec, document, profile, report: CheckReport) -> None:
    """公文 checks on the rendered example: the document's structure, then its format (edureport check)."""
    from edureport.document.model import Heading, Signature, Title

    where = f"{spec.body_path}（示例渲染结果）"
    if not any(isinstance(b, Title) and b.text.strip() for b in document.blocks):
        report.add(where, "没有标题：请在 template.yaml 写 title 默认标题，或在模板中使用 m.title_block")
    previous = 0
    for block in document.blocks:
        if isinstance(block, Heading) and block.numbered:
            if block.level > previous + 1:
                report.add(where, f"标题层级跳跃：“{block.text}”是第{block.level}级，但前面没有第{previous + 1}级标题"
                                  f"（序号应按 一、→（一）→ 1. →（1）依次使用）")
            previous = block.level
    if not any(isinstance(b, Signature) and b.org.strip() for b in document.blocks):
        report.add(where, "没有落款（署名和成文日期）：请保留 _base/document.md.j2 的 closing 块或调用 m.signature")
    if report.docx is None:
        return
    from edureport.checker import check
    from edureport.checker import describe as describe_format_problem

    for finding in check(report.docx, profile).findings:
        report.add(where, f"公文格式：{describe_format_problem(finding).split('] ', 1)[-1]}", severity=finding.severity)
