"""Normalise loaded data to canonical keys and check it against a template's fields.

All problems are collected (not just the first), each with the place in the
input (``data.yaml:12:5`` / ``指标!D7``), the field in people's words
(主要成绩 第3项 › 指标 第1项 › 数值; the English path ``achievements[2].metrics[0].value``
is kept for ``--format json``), what was expected and what was found.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from edureport.core import limits
from edureport.core.errors import WARNING, InputError, Problem
from edureport.core.script import simplified
from edureport.core.suggest import WRITE, suggest
from edureport.core.values import (
    ValueProblem,
    clean_text,
    join_lines,
    parse_bool,
    parse_date,
    parse_int,
    parse_number,
    scalar_to_text,
)
from edureport.intake.field_plan import INLINE_INT, INLINE_TEXT, SLOW, FieldEntry, FieldPlan, default_value, key_name, written_name
from edureport.intake.lists import NameList, split_items, strip_numbering
from edureport.intake.places import label_problems
from edureport.intake.samples import is_sample, sample_texts
from edureport.intake.warnings import RecordWarnings, repeated_titles
from edureport.intake.workbook import shape
from edureport.sources.source import Source
from edureport.templating.registry import TemplateSpec
from edureport.templating.schema import SCALAR_TYPES, FieldSpec, RecordType


@dataclass
class Validated:
    data: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


# Where a value is, kept as a chain (parent chain, key or index) that starts from None: extending it
# costs one small tuple per record, and it is spelled out — as the raw path source.locate takes and
# as the English path of --format json — only for a value something is reported about.
Chain = tuple | None
_NONE: frozenset = frozenset()  # no field left empty (yet): a set is made only for a record that has one


def _parts(chain: Chain) -> list[str | int]:
    parts = []
    while chain is not None:
        chain, part = chain
        parts.append(part)
    parts.reverse()
    return parts


def _raw(chain: Chain) -> tuple:
    """The path in the input as written (aliases kept): ("主要成绩", 2, "指标", 0, "数值")."""
    return tuple(_parts(chain))


def _english(chain: Chain) -> str:
    """The path by canonical keys: achievements[2].metrics[0].value."""
    text = ""
    for part in _parts(chain):
        if isinstance(part, int):
            text = f"{text}[{part}]"
        else:
            text = f"{text}.{part}" if text else part
    return text


def _found(value: Any) -> str:
    if isinstance(value, dict):
        return "映射（键: 值）"
    if isinstance(value, list):
        return f"列表（{len(value)} 项）"
    text = scalar_to_text(value)
    return f"“{text[:30]}{'…' if len(text) > 30 else ''}”"


@dataclass(slots=True)
class _RecordKind:
    """How the records of one type are checked, worked out once per check."""

    record: RecordType
    plan: FieldPlan
    warnings: list  # the warning checks that can find something in this type
    titled: bool  # has a title field: titles repeated in a list are warned about


class _Checker:
    def __init__(self, source: Source, spec: TemplateSpec):
        self.source = source
        self.spec = spec
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.siblings: dict[str, FieldSpec] = {}  # fields of the record being checked
        # records that are the template's example (init's sample rows, copied or left in)
        self.samples = sample_texts(source, spec, check)
        self.depth = 0  # records being checked, one inside the other
        self.plans: dict[int, FieldPlan] = {}  # id(fields) → its plan: once per record type, not once per record
        self.kinds: dict[str, _RecordKind] = {}  # record type name → how its records are checked
        self.deepest = limits.MAX_ITEM_DEPTH + 1  # records inside records: a top-level item, its 子项 levels, their 指标

    # -- reporting -------------------------------------------------------
    def problem(self, raw_path: Chain, path: Chain, message: str, *, key=False, **extra) -> None:
        self.problems.append(Problem(message, location=self.source.locate(_raw(raw_path), key=key), path=_english(path), **extra))

    def place(self, raw_path: Chain) -> str:
        return self.source.locate(_raw(raw_path))

    # -- records ----------------------------------------------------------
    def plan(self, fields: dict[str, FieldSpec]) -> FieldPlan:
        plan = self.plans.get(id(fields))
        if plan is None:
            plan = self.plans[id(fields)] = FieldPlan.of(fields)
        return plan

    def kind(self, type_name: str) -> _RecordKind | None:
        """How records of ``type_name`` are checked; None for a scalar type."""
        kind = self.kinds.get(type_name)
        if kind is None and type_name not in SCALAR_TYPES:
            record = self.spec.types[type_name]
            kind = self.kinds[type_name] = _RecordKind(record, self.plan(record.fields), RecordWarnings(record).checks,
                                                         "title" in record.fields)
        return kind

    def record(self, raw: dict, fields: dict[str, FieldSpec], raw_path: Chain, path: Chain) -> dict:
        return self.fields_of(raw, self.plan(fields), raw_path, path)

    def fields_of(self, raw: dict, plan: FieldPlan, raw_path: Chain, path: Chain) -> dict:
        """The record's values by canonical key; a field not given holds its default."""
        by_name = plan.by_name
        out: dict[str, Any] = {}
        left_empty: set[str] | frozenset = _NONE  # fields written with nothing in them (a set once there is one)
        for raw_key, value in raw.items():
            try:  # the usual case: a key as declared (by_name holds str keys only)
                key, spec, fast, inline, low, high = by_name[raw_key]
            except KeyError:
                entry = self.unusual_key(raw_key, plan, raw_path, path)
                if entry is None:
                    continue  # unknown: reported
                key, spec, fast, inline, low, high = entry
            if key in out or key in left_empty:
                self.problem((raw_path, raw_key), (path, key),
                             f"字段“{spec.alias}”重复：同时写了“{written_name(raw, plan, key)}”和“{key_name(raw_key, by_name)}”",
                             key=True, suggestion="英文键名和中文名只能写一个，请删除其中之一")
                continue
            if not value and (value is None or value == "" or value == []):
                left_empty = left_empty or set()
                left_empty.add(key)  # present but empty: treated as not given
                continue
            if inline is INLINE_TEXT and type(value) is str and value.isprintable():
                out[key] = value.strip()  # a one-line text with nothing to clean
                continue
            if inline is INLINE_INT and type(value) is int and low <= value <= high:
                out[key] = value
                continue
            result = fast(value)
            if result is SLOW:
                self.siblings = plan.fields
                result = self.value(value, spec, (raw_path, raw_key), (path, key))
            out[key] = result
        if len(out) < len(plan.defaults):  # out holds only declared fields: when all are there, none is missing
            self.fill_defaults(out, left_empty, raw, plan, raw_path, path)
        return out

    def unusual_key(self, raw_key: Any, plan: FieldPlan, raw_path: Chain, path: Chain) -> FieldEntry | None:
        """The field of a key written with spaces, in Traditional characters (單位) or unknown (reported)."""
        name = key_name(raw_key, plan.by_name)
        entry = plan.by_name.get(name) or plan.by_name.get(simplified(name))
        if entry is None:
            fields = plan.fields
            choices = [c for s in fields.values() for c in (s.key, *s.aliases)]
            self.problem((raw_path, raw_key), (path, name), f"未知的字段“{name}”", key=True,
                         suggestion=suggest(name, choices, verb=WRITE) or f"可用字段：{'、'.join(s.alias for s in fields.values())}")
        return entry

    def fill_defaults(self, out: dict, left_empty: set[str], raw: dict, plan: FieldPlan, raw_path: Chain, path: Chain) -> None:
        """Every field not given gets its default; a required one is reported missing (or empty)."""
        for key, spec, factory, default in plan.defaults:
            if key not in out:
                if spec.required and key in left_empty:  # written but left empty: point at it
                    self.problem((raw_path, written_name(raw, plan, key)), (path, key), f"必填项“{spec.alias}”是空的",
                                 key=True, suggestion=f"请填写{spec.description or spec.alias}" +
                                 (f"，例如：{spec.example}" if spec.example not in (None, "") else ""))
                elif spec.required and _raw((raw_path, key)) not in self.source.explained_missing:
                    # raw_path + (key,): an Excel source places the (empty) cell of the column there
                    self.problem((raw_path, key), (path, key), f"缺少必填项“{spec.alias}”",
                                 suggestion=f"请填写{spec.description or spec.alias}" +
                                 (f"，例如：{spec.example}" if spec.example not in (None, "") else ""))
                out[key] = default if factory is None else factory()

    # -- values -------------------------------------------------------------
    def value(self, value: Any, spec: FieldSpec, raw_path: Chain, path: Chain) -> Any:
        kind = self.kind(spec.type)
        if kind is None:
            return self.scalar(value, spec, raw_path, path)
        if not spec.is_list:
            return self.one_record(value, kind, raw_path, path)
        one_item = isinstance(value, dict) or isinstance(value, str)  # stands for a list of one, at the same place
        if one_item:
            value = [value]
        elif not isinstance(value, list):
            self.problem(raw_path, path, f"“{spec.alias}”应为{spec.describe_type(self.spec.types)}",
                         found=_found(value))
            return []
        out, item_raw_paths = [], []
        for index, item in enumerate(value):
            if item is None:
                continue
            item_raw = raw_path if one_item else (raw_path, index)
            result = self.one_record(item, kind, item_raw, (path, index))
            if result is not None:
                out.append(result)
                item_raw_paths.append(item_raw)
        if kind.titled:  # a checked record holds only its type's fields: without a title field, no title repeats
            self.warnings += repeated_titles(out, lambda index: self.place(item_raw_paths[index]), _english(path), spec.alias)
        return out

    def one_record(self, value: Any, kind: _RecordKind, raw_path: Chain, path: Chain) -> dict | None:
        record, plan = kind.record, kind.plan
        if isinstance(value, dict):
            if self.depth > self.deepest:
                self.problem(raw_path, path, f"子项嵌套过深：最多 {limits.MAX_ITEM_DEPTH} 层（公文标题层次一般为 4 层）",
                             suggestion="请把过深的内容并入上一层。" + limits.limit_hint("MAX_ITEM_DEPTH"))
                return None
            self.depth += 1
            try:
                result = self.fields_of(value, plan, raw_path, path)
            finally:
                self.depth -= 1
        elif record.bare and not isinstance(value, list):
            text = self.text(value, raw_path, path)
            result = {key: default_value(spec) for key, spec in record.fields.items()}
            result[record.bare] = [text] if record.fields[record.bare].type == "paras" else text
        else:
            result = None
        if result is not None:
            if kind.warnings:  # warnings about a valid record that is probably not what the person meant
                # the place of a field: its key as written (a bare text has none: the record's place)
                where = lambda key: (self.place((raw_path, written_name(value, plan, key) if isinstance(value, dict) else key)),
                                     f"{_english(path)}.{key}")
                for check in kind.warnings:
                    found = check(result, where)
                    if found:
                        self.warnings += found
            if self.samples[0] and is_sample(result, *self.samples):
                self.warnings.append(Problem(
                    f"“{result['title']}”与本文种的示例相同：可能是示例行没有删除", location=self.place(raw_path),
                    path=_english(path), severity="warning", suggestion="请改成本单位的内容，或删除这一行；示例不应印进您的文件"))
            return result
        self.problem(raw_path, path, f"应为一个{record.name}（“键: 值”映射）", found=_found(value),
                     expected="、".join(f"{s.alias}" for s in record.fields.values()))
        return None

    def text(self, value: Any, raw_path: Chain, path: Chain) -> str:
        text, removed = clean_text(scalar_to_text(value))
        if removed:
            self.warnings.append(Problem("已删除无法写入 Word 的控制字符（多来自复制粘贴）",
                                         location=self.place(raw_path), path=_english(path), severity=WARNING))
        return text

    def scalar(self, value: Any, spec: FieldSpec, raw_path: Chain, path: Chain) -> Any:
        kind = spec.type
        label = f"“{spec.alias}”"
        if kind == "map":
            if not isinstance(value, dict):
                self.problem(raw_path, path, f"{label}应为“键: 值”映射", found=_found(value))
                return {}
            return {str(k).strip(): join_lines(self.text(v, (raw_path, k), (path, str(k))))
                    for k, v in value.items() if v not in (None, "")}
        if kind == "paras":
            items = value if isinstance(value, list) else [value]
            paras = []
            for index, item in enumerate(items):
                sub = (raw_path, index) if isinstance(value, list) else raw_path
                if isinstance(item, (dict, list)):
                    self.problem(sub, path, f"{label}应为一段文字或文字列表", found=_found(item))
                    continue
                if item is None:
                    continue
                paras += [p.strip() for p in self.text(item, sub, path).split("\n") if p.strip()]
            return paras
        if kind in ("list", "names"):
            if isinstance(value, dict):
                self.problem(raw_path, path, f"{label}应为列表", found=_found(value))
                return []
            if isinstance(value, list):
                out = []
                for index, item in enumerate(value):
                    if isinstance(item, (dict, list)):
                        self.problem((raw_path, index), (path, index), f"{label}的每一项应为一段文字",
                                     found=_found(item))
                    elif item is not None:
                        out.append(join_lines(self.text(item, (raw_path, index), (path, index))))
                out = [item for item in out if item]
                return strip_numbering(out) if kind == "list" else NameList(out)  # - 1.加强… / - 2.落实…: numbers go
            return split_items(self.text(value, raw_path, path), kind)
        if isinstance(value, (dict, list)):
            self.problem(raw_path, path, f"{label}应为{spec.describe_type(self.spec.types)}", found=_found(value))
            return None
        if kind == "text":
            return join_lines(self.text(value, raw_path, path))
        try:
            if kind == "date":
                return parse_date(value)
            if kind == "date_or_text":
                try:
                    return parse_date(value)
                except ValueProblem:
                    return join_lines(self.text(value, raw_path, path))
            if kind == "int":
                number = parse_int(value)
            elif kind == "number":
                number = parse_number(value)
            else:  # bool
                return parse_bool(value)
        except ValueProblem as exc:
            suggestion = exc.suggestion
            if suggestion == "请只填阿拉伯数字":  # name an example that fits this field
                suggestion += f"，如 {spec.example}" if spec.example not in (None, "") else ""
            if exc.unit and "unit" in self.siblings and spec.key != "unit":
                suggestion += f"，把“{exc.unit}”写在“{self.siblings['unit'].alias}”中"
            self.problem(raw_path, path, f"{label}{exc.message}", expected=spec.describe_type(self.spec.types),
                         found=_found(value), suggestion=suggestion)
            return None
        return self.in_range(number, spec, raw_path, path, value)

    def in_range(self, number, spec: FieldSpec, raw_path: Chain, path: Chain, value: Any):
        low, high = spec.minimum, spec.maximum
        if (low is None or number >= low) and (high is None or number <= high):
            return number
        label = f"“{spec.alias}”"
        if low is not None and high is not None:
            expected = f"{low}～{high} 之间的{spec.describe_type(self.spec.types)}"
        elif low is not None:
            expected = f"不小于 {low} 的{spec.describe_type(self.spec.types)}"
        else:
            expected = f"不大于 {high} 的{spec.describe_type(self.spec.types)}"
        hint = "请检查是否多写了负号" if number < 0 <= (low if low is not None else -1) else "请检查是否多写或少写了数字"
        self.problem(raw_path, path, f"{label}超出允许范围", expected=expected, found=_found(value), suggestion=hint)
        return None


def _check_headings(checker: _Checker, data: dict, spec: TemplateSpec) -> None:
    headings = data.get("headings") or {}
    field = spec.fields.get("headings")
    names = {"headings", *(field.aliases if field else ())}
    raw_key = next((k for k in checker.source.data if simplified(str(k).strip()) in names), "headings")
    sections = {s.key: s for s in spec.fields.values() if s.heading is not None}
    normalised = {}
    for name, text in headings.items():
        target = sections.get(name) or next((s for s in sections.values() if simplified(name) in s.aliases), None)
        if target is None:
            choices = [c for s in sections.values() for c in (s.key, *s.aliases)]
            checker.problem(((None, raw_key), name), ((None, "headings"), name), f"“章节标题”中的“{name}”不是本文种的章节", key=True,
                            suggestion=suggest(name, choices, verb=WRITE) or f"可改写的章节：{'、'.join(s.alias for s in sections.values())}")
            continue
        normalised[target.key] = text
    data["headings"] = normalised


def check(source: Source, spec: TemplateSpec) -> tuple[dict, list[Problem], list[Problem]]:
    """Normalise and check; returns (data, errors, warnings) without raising."""
    source = shape(source, spec)  # a workbook not yet laid out (the pipeline shapes it before this)
    checker = _Checker(source, spec)
    data = checker.record(source.data, spec.fields, None, None)
    _check_headings(checker, data, spec)
    found_before = [p for p in source.problems if p.severity == "error"]
    checker.warnings = [p for p in source.problems if p.severity != "error"] + checker.warnings
    if found_before:  # found while reading; a cell the reader rejected is not reported twice
        rejected = {p.location for p in found_before}
        checker.problems = found_before + [p for p in checker.problems if p.location not in rejected]
    label_problems(checker.problems + checker.warnings, spec.fields, spec.types)
    return data, checker.problems, checker.warnings


def validate(source: Source, spec: TemplateSpec) -> Validated:
    """Normalise and check; raises :class:`InputError` listing every problem."""
    data, problems, warnings = check(source, spec)
    if problems:
        raise InputError(problems + warnings)
    return Validated(data, warnings)
