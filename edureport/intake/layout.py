"""What each sheet and column of a workbook means for one template.

``plan_workbook`` matches sheet names and column headers against the
template's field declarations once per workbook: which sheet fills which list
field, which column is which record field, which columns link rows (``上级`` /
``上级任务`` to a parent row, ``所属`` to an owning item, a leading ``单位`` to
a unit in a batch workbook). Unknown sheets and columns are reported once, at
their header cell, with a did-you-mean. Without a template (``spec=None``)
every sheet and column is taken as written and the validator judges them later.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from edureport.core.errors import Problem
from edureport.core.suggest import WRITE, closest, suggest
from edureport.sources.hidden import hidden_sheet_note
from edureport.sources.workbook import BASIC_SHEET, EXAMPLE_SHEET, GUIDE_SHEET
from edureport.sources.xlsx_tables import Cell, Row, Sheet, Tables, header_text
from edureport.templating.schema import FieldSpec, RecordType

ROLLUP_RULES_SHEET = "汇总规则"  # read by edureport rollup; a batch or render of the same workbook passes it by
KEY_HEADER = "项目"
VALUE_HEADER = "内容"
NOTE_HEADER = "说明"
UNIT_HEADER = "单位"
OWNER_HEADER = "所属"
TITLE_KEY = "title"
TITLE_HEADER = "标题"
GENERIC_PARENT_HEADERS = ("上级", "上级任务")
GENERIC_CHILDREN_KEY = "子项"
NUMBER_HEADERS = ("序号", "编号", "序")  # a bureau's running number: read for the outline, never printed


def _short(value: Any, width: int = 12) -> str:
    text = str(value)
    return text if len(text) <= width else text[:width] + "…"


def names_of(spec: FieldSpec) -> list[str]:
    return [*spec.aliases, spec.key]


@dataclass
class Column:
    index: int
    header: str  # as written, trimmed
    ref: str  # header cell, e.g. "C1"
    role: str  # field | parent | owner | unit | number
    field: FieldSpec | None = None  # None for a field column read without a template


@dataclass
class SheetPlan:
    sheet: Sheet
    record: RecordType | None  # None without a template
    top_field: FieldSpec | None  # the top-level list field this sheet fills (None: nested rows only)
    top_key: str | None  # data key for the top-level list (the sheet name as written)
    columns: dict[int, Column] = field(default_factory=dict)
    children_key: str | None = None  # where rows naming this row in 上级 go ("子项")
    owner_keys: dict[str, str] = field(default_factory=dict)  # owner record type → key in the owner ("指标")
    generic_owner_key: str | None = None  # without a template: key in any owner row
    misnamed: set[str] = field(default_factory=set)  # required field keys an unknown column was surely meant for

    def mark_misnamed(self, header: str, choices: list[str]) -> None:
        """Remember the required field a rejected column stands for (its header or its did-you-mean),
        so that its one header error is not followed by “缺少必填项” on every row."""
        if self.record is None:
            return
        meant = closest(header, choices)
        for spec_field in self.record.fields.values():
            names = names_of(spec_field)
            if spec_field.required and (header in names or meant in names):
                self.misnamed.add(spec_field.key)

    def column(self, role: str) -> Column | None:
        return next((c for c in self.columns.values() if c.role == role), None)

    @property
    def title_column(self) -> Column | None:
        for column in self.columns.values():
            if column.role == "field" and (column.field.key == TITLE_KEY if column.field else column.header == TITLE_HEADER):
                return column
        return None


@dataclass
class BasicPlan:
    sheet: Sheet | None
    wide: bool
    key_column: int = 1  # two-column layout
    value_column: int = 2
    rows: list[Row] = field(default_factory=list)  # two-column: field rows; wide: one row per unit
    columns: dict[int, Column] = field(default_factory=dict)  # wide layout


@dataclass
class WorkbookPlan:
    tables: Tables
    spec: Any  # TemplateSpec | None
    basic: BasicPlan
    sheets: list[SheetPlan]
    problems: list[Problem] = field(default_factory=list)
    sheets_without_unit: list[tuple[Sheet, str]] = field(default_factory=list)  # (sheet, first header ref)
    # sheets whose titles cannot be read (no header row, a misnamed 标题 column): a 上级 or 所属 naming
    # one of their rows is not reported again; the sheet's own error already stops the document
    unreadable_titles: set[str] = field(default_factory=set)

    @property
    def unit_mode(self) -> bool:
        return self.basic.wide


def top_field(spec, name: str) -> FieldSpec | None:
    return spec.field_by_name(name) if spec is not None else None


def _reachable_types(spec) -> dict[str, RecordType]:
    """Record types the template's fields use, directly or nested."""
    found: dict[str, RecordType] = {}
    pending = [f.type for f in spec.fields.values() if f.type in spec.types]
    while pending:
        key = pending.pop()
        if key in found:
            continue
        found[key] = spec.types[key]
        pending += [f.type for f in found[key].fields.values() if f.type in spec.types]
    return found


def children_field(record: RecordType) -> FieldSpec | None:
    """The field holding sub-rows of the same type (item.items, task.items)."""
    return next((f for f in record.fields.values() if f.is_list and f.type == record.key), None)


def nested_fields(spec, record_key: str) -> dict[str, FieldSpec]:
    """Owner record type → its list field holding rows of ``record_key`` (item → metrics)."""
    owners = {}
    for owner in _reachable_types(spec).values():
        for spec_field in owner.fields.values():
            if spec_field.is_list and spec_field.type == record_key and owner.key != record_key:
                owners[owner.key] = spec_field
    return owners


def sheet_names(spec) -> list[str]:
    """Every sheet name the template understands (for did-you-mean and the guide)."""
    names = [BASIC_SHEET]
    names += [a for f in spec.fields.values() if f.type in spec.types for a in names_of(f)]
    for record in _reachable_types(spec).values():
        names += [a for f in record.fields.values() if f.is_list and f.type != record.key for a in names_of(f)]
    return list(dict.fromkeys(names))


class Planner:
    def __init__(self, tables: Tables, spec):
        self.tables = tables
        self.spec = spec
        self.problems: list[Problem] = []
        self.missing_unit_column: list[tuple[Sheet, str]] = []
        self.unreadable_titles: set[str] = set()

    def problem(self, sheet: Sheet, ref: str, message: str, **extra) -> None:
        self.problems.append(Problem(message, location=sheet.place(ref), **extra))

    # -- 基本信息 ----------------------------------------------------------------
    def known_top(self, name: str) -> bool:
        if self.spec is not None:
            return self.spec.field_by_name(name) is not None
        from edureport.templating.registry import base_dir
        from edureport.templating.schema import load_base_schema  # without a template: the fields every template has

        return any(name in names_of(f) for f in load_base_schema(base_dir() / "types.yaml").common.values())

    def basic(self) -> BasicPlan:
        sheet = self.tables.sheets.get(BASIC_SHEET)
        if sheet is None or not sheet.header_row:
            return BasicPlan(sheet, wide=False)
        if len({str(c.value) for c in sheet.header.values()}) == 1 and sheet.rows and not self.known_top(
                next(iter(sheet.header.values())).value) and KEY_HEADER != next(iter(sheet.header.values())).value:
            first = sheet.rows[0]  # a title line (“基本信息表”, often merged across) above the table
            sheet = replace(sheet, header_row=first.number, rows=sheet.rows[1:],
                            header={i: Cell(header_text(c.value), c.ref) for i, c in first.cells.items()})
        header = {index: str(cell.value) for index, cell in sheet.header.items()}
        if KEY_HEADER in header.values():
            return self.two_column(sheet, header)
        indices = sorted(header)
        if (len(indices) >= 2 and indices[0] + 1 == indices[1] and self.known_top(header[indices[0]])
                and not self.known_top(header[indices[1]]) and self.keys_down(sheet, indices[0])):
            first = Row(sheet.header_row, {i: Cell(sheet.header[i].value, sheet.header[i].ref) for i in indices})
            return BasicPlan(sheet, wide=False, key_column=indices[0], value_column=indices[1], rows=[first, *sheet.rows])
        return self.wide(sheet, header)

    def keys_down(self, sheet: Sheet, column: int) -> bool:
        """Most cells under the first header are field names: a two-column sheet whose header row was
        deleted (文种 | 工作总结 | …), not a wide one (单位 | 年度 | … with unit names below)."""
        keys = [header_text(row.cells[column].value) for row in sheet.rows if column in row.cells]
        return len(keys) < 2 or sum(self.known_top(key) for key in keys) * 2 > len(keys)

    def two_column(self, sheet: Sheet, header: dict[int, str]) -> BasicPlan:
        key_column = next(i for i, text in header.items() if text == KEY_HEADER)
        value_column = next((i for i, text in header.items() if text == VALUE_HEADER), None)
        if value_column is None:
            self.problem(sheet, sheet.header[key_column].ref, f"“{BASIC_SHEET}”有“{KEY_HEADER}”列但没有“{VALUE_HEADER}”列",
                         suggestion=f"两列式的表头应为“{KEY_HEADER} | {VALUE_HEADER}”")
            value_column = key_column + 1
        for index, text in header.items():
            if index not in (key_column, value_column) and text != NOTE_HEADER:
                self.problem(sheet, sheet.header[index].ref, f"“{BASIC_SHEET}”中有未知的列“{text}”",
                             suggestion=f"两列式只需“{KEY_HEADER}”“{VALUE_HEADER}”两列（可加“{NOTE_HEADER}”列写备注）")
        return BasicPlan(sheet, wide=False, key_column=key_column, value_column=value_column, rows=sheet.rows)

    def wide(self, sheet: Sheet, header: dict[int, str]) -> BasicPlan:
        columns: dict[int, Column] = {}
        if self.spec is not None and not any(top_field(self.spec, text) for text in header.values()):
            self.problem(sheet, f"A{sheet.header_row}", f"“{BASIC_SHEET}”的第 {sheet.header_row} 行不是列名行",
                         expected=f"两列式（{KEY_HEADER} | {VALUE_HEADER}），或第一行为列名（{UNIT_HEADER} | 年度 | 标题 …）",
                         found=" | ".join(_short(header[i]) for i in sorted(header)[:4]),
                         suggestion="请在最上面插入一行，填写各列的列名")
            return BasicPlan(sheet, wide=True, rows=[], columns={})
        seen: dict[str, str] = {}
        for index, text in sorted(header.items()):
            ref = sheet.header[index].ref
            spec_field = top_field(self.spec, text)
            if self.spec is not None and spec_field is None:
                choices = [a for f in self.spec.fields.values() for a in names_of(f)]
                self.problem(sheet, ref, f"“{BASIC_SHEET}”中有未知的列“{text}”",
                             suggestion=suggest(text, choices, verb=WRITE) or "列名应为字段的中文名，如 单位、年度、标题")
                continue
            canonical = spec_field.key if spec_field else text
            if canonical in seen:
                self.problem(sheet, ref, f"“{BASIC_SHEET}”中“{text}”列重复（{seen[canonical]} 已有）",
                             suggestion="请删除其中一列")
                continue
            seen[canonical] = sheet.place(ref)
            columns[index] = Column(index, text, ref, "field", spec_field)
        self.check_headless_cells(sheet, columns)
        if not any(c.header == UNIT_HEADER or (c.field and c.field.key == "org") for c in columns.values()):
            self.problem(sheet, "A1", f"“{BASIC_SHEET}”按多列填写时必须有“{UNIT_HEADER}”列",
                         suggestion=f"第一行为字段名（{UNIT_HEADER} | 年度 | 标题 …），每个单位一行")
        return BasicPlan(sheet, wide=True, rows=sheet.rows, columns=columns)

    def check_headless_cells(self, sheet: Sheet, columns: dict[int, Column]) -> None:
        known = set(columns) | set(sheet.header)
        reported: set[int] = set()
        for row in sheet.rows:
            for index, cell in row.cells.items():
                if index not in known and index not in reported:
                    reported.add(index)
                    letter = "".join(ch for ch in cell.ref if ch.isalpha())
                    self.problem(sheet, f"{letter}{sheet.header_row}", f"第 {letter} 列有内容（如 {cell.ref}）但没有列名",
                                 suggestion="请在第一行填写列名，或删除这一列的内容")

    # -- list sheets -------------------------------------------------------------
    def target(self, sheet: Sheet) -> tuple[FieldSpec | None, RecordType | None] | None:
        """(top-level field, record type) a sheet fills; None when the sheet is unknown."""
        spec = self.spec
        found = spec.field_by_name(sheet.name)
        if found is not None:
            if found.type in spec.types:
                return found, spec.types[found.type]
            self.problem(sheet, "A1", f"“{sheet.name}”应填在“{BASIC_SHEET}”工作表中，不需要单独的工作表",
                         suggestion=f"在“{BASIC_SHEET}”中加一行“{found.alias}”；多项用顿号或换行分隔")
            return None
        for record in _reachable_types(spec).values():
            for spec_field in record.fields.values():
                if spec_field.is_list and spec_field.type != record.key and sheet.name in names_of(spec_field):
                    return None, spec.types[spec_field.type]
        self.problem(sheet, "A1", f"未知的工作表“{sheet.name}”" + hidden_sheet_note(sheet),
                     suggestion=suggest(sheet.name, sheet_names(spec), verb=WRITE) or
                     f"本文种（{spec.name}）可用的工作表：{'、'.join(sheet_names(spec))}")
        return None

    def sheet(self, sheet: Sheet, unit_mode: bool) -> SheetPlan | None:
        if self.spec is None:
            plan = SheetPlan(sheet, None, None, sheet.name, children_key=GENERIC_CHILDREN_KEY,
                             generic_owner_key=sheet.name)
        else:
            target = self.target(sheet)
            if target is None:
                return None
            top, record = target
            children = children_field(record)
            plan = SheetPlan(sheet, record, top, sheet.name if top else None,
                             children_key=children.alias if children else None,
                             owner_keys={k: f.alias for k, f in nested_fields(self.spec, record.key).items()})
        if plan.record is not None and not self.find_header(plan, unit_mode):
            return None
        self.plan_columns(plan, unit_mode)
        return plan

    def known_headers(self, plan: SheetPlan, cells: dict[int, Cell], unit_mode: bool) -> int:
        texts = [header_text(c.value) for _, c in sorted(cells.items())]
        return sum(not isinstance(self.column_role(plan, text, i == 0, unit_mode), str) for i, text in enumerate(texts))

    def find_header(self, plan: SheetPlan, unit_mode: bool) -> bool:
        """The row of column names: the first row, or the next one under a title line
        (“2025年重点任务分工表” merged across the top). When neither names any column,
        say exactly that, once, instead of one “unknown column” per cell."""
        sheet = plan.sheet
        if self.known_headers(plan, sheet.header, unit_mode):
            return True
        if sheet.rows and self.known_headers(plan, sheet.rows[0].cells, unit_mode) >= 2:
            first = sheet.rows[0]
            header = {i: Cell(header_text(c.value), c.ref) for i, c in first.cells.items()}
            plan.sheet = replace(sheet, header_row=first.number, header=header, rows=sheet.rows[1:])
            return True
        self.unreadable_titles.add(sheet.name)
        names = " | ".join(f.alias for f in plan.record.fields.values() if f.type not in self.spec.types)
        self.problem(sheet, f"A{sheet.header_row}", f"工作表“{sheet.name}”的第 {sheet.header_row} 行不是列名行",
                     expected=f"第一行是列名，如：{names}", found=" | ".join(_short(c.value) for _, c in
                                                               sorted(sheet.header.items())[:4]),
                     suggestion="请在最上面插入一行，填写各列的列名（可用 edureport init 生成的空白表对照）")
        return False

    def column_role(self, plan: SheetPlan, text: str, first: bool, unit_mode: bool) -> tuple[str, FieldSpec | None] | str:
        """(role, field) for a header, or an error message."""
        if first and unit_mode and text == UNIT_HEADER:
            return "unit", None
        record = plan.record
        if record is None:
            if text in GENERIC_PARENT_HEADERS:
                return "parent", None
            return ("owner", None) if text == OWNER_HEADER else ("field", None)
        for spec_field in record.fields.values():
            if text in names_of(spec_field):
                if spec_field.is_list and spec_field.type == record.key:
                    return f"子项不写在单元格里：请另起一行，并在“{record.parent_column or '上级'}”列填写上一级的标题"
                if spec_field.type in self.spec.types:
                    return (f"“{text}”不写在单元格里：请填在“{text}”工作表中，"
                            f"用“{OWNER_HEADER}”列填写它所属条目的标题")
                return "field", spec_field
        if record.parent_column and text == record.parent_column and plan.children_key:
            return "parent", None
        if text in NUMBER_HEADERS:
            return "number", None
        if text == OWNER_HEADER and plan.owner_keys:
            return "owner", None
        return ""

    def plan_columns(self, plan: SheetPlan, unit_mode: bool) -> None:
        sheet = plan.sheet
        seen: dict[str, str] = {}
        for position, (index, cell) in enumerate(sorted(sheet.header.items())):
            text = str(cell.value)
            role = self.column_role(plan, text, position == 0, unit_mode)
            if isinstance(role, str):
                record = plan.record
                extra = [record.parent_column] if record.parent_column and plan.children_key else []
                extra += [OWNER_HEADER] if plan.owner_keys else []
                choices = [a for f in record.fields.values() for a in names_of(f)] + extra
                self.problem(sheet, cell.ref, role or f"工作表“{sheet.name}”中有未知的列“{text}”",
                             suggestion="" if role else suggest(text, choices, verb=WRITE) or
                             f"可用的列：{'、'.join([f.alias for f in record.fields.values() if not f.is_list] + extra)}")
                plan.mark_misnamed(text, choices)
                if not role and TITLE_KEY in plan.record.fields:
                    self.unreadable_titles.add(sheet.name)  # until a 标题 column turns up below
                continue
            kind, spec_field = role
            canonical = spec_field.key if spec_field else f"{kind}:{text}" if kind != "field" else text
            if canonical in seen:
                self.problem(sheet, cell.ref, f"工作表“{sheet.name}”中“{text}”列重复（{seen[canonical]} 已有）",
                             suggestion="同一字段只能有一列（中文名和英文名也算同一字段），请删除其中一列")
                continue
            seen[canonical] = sheet.place(cell.ref)
            plan.columns[index] = Column(index, text, cell.ref, kind, spec_field)
        plan.misnamed -= {c.field.key for c in plan.columns.values() if c.field}  # present after all: check its cells
        if plan.title_column is not None:
            self.unreadable_titles.discard(sheet.name)
        self.check_headless_cells(sheet, plan.columns)
        if plan.record is not None and plan.top_field is None and plan.column("owner") is None and sheet.rows:
            self.problem(sheet, "A1", f"工作表“{sheet.name}”缺少“{OWNER_HEADER}”列",
                         suggestion=f"本文种的“{sheet.name}”都属于某个条目，请加一列“{OWNER_HEADER}”填写条目的标题")
        if unit_mode and plan.column("unit") is None and sheet.rows:
            self.missing_unit_column.append((sheet, sheet.header[min(sheet.header)].ref))

    # -- whole workbook ------------------------------------------------------------
    def plan(self) -> WorkbookPlan:
        basic = self.basic()
        sheets = []
        for name, sheet in self.tables.sheets.items():
            if name in (BASIC_SHEET, GUIDE_SHEET, EXAMPLE_SHEET, ROLLUP_RULES_SHEET) or not sheet.header_row:
                continue
            plan = self.sheet(sheet, basic.wide)
            if plan is not None:
                sheets.append(plan)
        return WorkbookPlan(self.tables, self.spec, basic, sheets, self.problems, self.missing_unit_column,
                            self.unreadable_titles)


def plan_workbook(tables: Tables, spec) -> WorkbookPlan:
    """Match sheets and columns to the template's fields; problems are collected, not raised."""
    return Planner(tables, spec).plan()
