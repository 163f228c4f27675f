"""From a planned workbook to nested data, one unit (document) at a time.

Rows become records keyed by their column headers; a row naming another
row's 标题 in ``上级``/``上级任务`` becomes that row's sub-item, a row naming an
item in ``所属`` becomes one of the item's metrics. Every value, record and key
gets its place (``指标!D7``, ``主要成绩!第5行``, header ``指标!D1``) so that the
validator's messages point at cells. The rows are linked into a tree by
:mod:`edureport.intake.rows`; this module turns the tree and 基本信息 into data.
"""
from __future__ import annotations

import re
from typing import Any

from edureport.core.errors import Problem
from edureport.core.suggest import WRITE, suggest
from edureport.intake.layout import BASIC_SHEET, BasicPlan, WorkbookPlan, top_field
from edureport.intake.lists import split_items
from edureport.intake.rows import Node, link_rows
from edureport.intake.units import Unit, column_letters
from edureport.sources.xlsx_cells import column_name
from edureport.sources.xlsx_tables import Cell, FormulaError, OutOfRangeDate, Uncalculated, header_text
from edureport.templating.schema import FieldSpec

_SKIP = object()
_MAP_LINE = re.compile(r"^\s*([^:：]+?)\s*[:：]\s*(.*?)\s*$")


class UnitBuilder:
    def __init__(self, plan: WorkbookPlan, unit: Unit):
        self.plan = plan
        self.unit = unit
        self.data: dict[str, Any] = {}
        self.locations: dict[tuple, str] = {}
        self.key_locations: dict[tuple, str] = {}
        self.problems: list[Problem] = []
        self.explained_missing: set[tuple] = set()  # see Source.explained_missing
        self.top_keys: dict[str, str] = {}  # canonical key → key as written
        basic = plan.basic.sheet
        self.locations[()] = BASIC_SHEET if basic is not None else plan.tables.name

    # -- values -------------------------------------------------------------------
    def shape(self, cell: Cell, spec_field: FieldSpec | None, label: str, place: str, path: str) -> Any:
        value = cell.value
        if isinstance(value, FormulaError):
            self.problems.append(Problem(f"“{label}”的公式结果是错误值 {value.code}", location=place, path=path,
                                         suggestion="请在 Excel 中修正这个公式，或直接填写数值"))
            return _SKIP
        if isinstance(value, Uncalculated):
            self.problems.append(Problem(f"“{label}”是公式（{value.formula}），但文件里没有它的计算结果",
                                         location=place, path=path,
                                         suggestion="这个文件可能是程序生成、从未在 Excel 中打开过的：请用 Excel 或 WPS "
                                                    "打开后保存一次，或把公式改为数值"))
            return _SKIP
        if isinstance(value, OutOfRangeDate):
            guess = value.guess()
            self.problems.append(Problem(f"“{label}”设置为日期格式，但其中的数值 {value} 不是有效的日期", location=place, path=path,
                                         suggestion=(f"是否应为 {guess}？" if guess else "")
                                         + "请直接输入日期，如 2024/12/20（或把单元格格式改为“常规”后填写 2024年12月20日）"))
            return _SKIP
        if spec_field is None or not isinstance(value, str):
            return value
        if spec_field.type in ("list", "names"):
            return split_items(value, spec_field.type)
        if spec_field.type == "map":
            mapping = {}
            for line in value.replace("\r", "\n").split("\n"):
                if not line.strip():
                    continue
                match = _MAP_LINE.match(line)
                if not match:
                    self.problems.append(Problem(f"“{label}”的这一行不是“键：值”形式：{line.strip()}", location=place,
                                                 path=path, suggestion="每行写一项，如 主要成绩：主要工作及成效"))
                    continue
                mapping[match.group(1)] = match.group(2)
            return mapping
        return value

    # -- 基本信息 ----------------------------------------------------------------
    def put_top(self, key: str, value: Any, place: str, key_place: str, spec_field: FieldSpec | None) -> None:
        self.data[key] = value
        self.top_keys[spec_field.key if spec_field else key] = key
        self.locations[(key,)] = place
        self.key_locations[(key,)] = key_place
        if spec_field is not None:
            self.locations.setdefault((spec_field.key,), place)

    def basic_two_column(self, basic: BasicPlan) -> None:
        sheet = basic.sheet
        for row in self.unit.basic_rows:
            key_cell = row.cells.get(basic.key_column)
            value_cell = row.cells.get(basic.value_column)
            value_ref = value_cell.ref if value_cell else f"{column_name(basic.value_column)}{row.number}"
            if key_cell is None:
                if value_cell is not None:
                    self.problems.append(Problem("这一行有内容但没有填写“项目”", location=sheet.place(value_ref),
                                                 suggestion="请在左边一列填写字段名，如 单位、年度、基本情况"))
                continue
            key = header_text(key_cell.value)
            spec_field = top_field(self.plan.spec, key)
            if self.plan.spec is not None and spec_field is None:
                choices = [a for f in self.plan.spec.fields.values() for a in (*f.aliases, f.key)]
                self.problems.append(Problem(f"“{BASIC_SHEET}”中有未知的项目“{key}”", location=sheet.place(key_cell.ref),
                                             suggestion=suggest(key, choices, verb=WRITE) or "项目名应为字段的中文名，如 单位、年度、标题"))
                continue
            if spec_field is not None:
                self.locations.setdefault((spec_field.key,), sheet.place(value_ref))
            if value_cell is None:
                self.locations.setdefault((key,), sheet.place(value_ref))
                continue
            place = sheet.place(value_cell.ref)
            value = self.shape(value_cell, spec_field, key, place, spec_field.key if spec_field else key)
            if value is _SKIP:
                continue
            canonical = spec_field.key if spec_field else key
            existing = self.top_keys.get(canonical)
            if existing is None:
                self.put_top(key, value, place, sheet.place(key_cell.ref), spec_field)
            elif existing == key and spec_field is not None and spec_field.type in ("paras", "list", "names"):
                previous = self.data[key] if isinstance(self.data[key], list) else [self.data[key]]
                self.data[key] = previous + (value if isinstance(value, list) else [value])
            else:
                self.problems.append(Problem(f"“{key}”填写了两次（{self.key_locations.get((existing,), '')} 已有）",
                                             location=sheet.place(key_cell.ref),
                                             suggestion="请删除其中一行" if existing == key else
                                             "中文名和英文名是同一字段，只能写一个"))

    def basic_wide(self, basic: BasicPlan) -> None:
        sheet = basic.sheet
        row = self.unit.basic_row
        for column in basic.columns.values():
            ref = f"{column_letters(column.ref)}{row.number}"
            if column.field is not None:
                self.locations.setdefault((column.field.key,), sheet.place(ref))
            cell = row.cells.get(column.index)
            if cell is None:
                self.locations.setdefault((column.header,), sheet.place(ref))
                continue
            path = column.field.key if column.field else column.header
            value = self.shape(cell, column.field, column.header, sheet.place(cell.ref), path)
            if value is not _SKIP:
                self.put_top(column.header, value, sheet.place(cell.ref), sheet.place(column.ref), column.field)
    # -- list sheets: records from the linked rows (edureport.intake.rows) ----------------
    def place_node(self, node: Node, raw_path: tuple, path: str) -> dict:
        sheet = node.plan.sheet
        record: dict[str, Any] = {}
        self.locations[raw_path] = node.place
        self.explained_missing.update(raw_path + (key,) for key in node.plan.misnamed)
        for column in node.plan.columns.values():
            if column.role != "field":
                continue
            cell = node.cell(column)
            key_path = raw_path + (column.header,)
            field_path = f"{path}.{column.field.key if column.field else column.header}"
            if column.field is not None:
                self.locations.setdefault(raw_path + (column.field.key,), sheet.place(node.ref(column)))
            if cell is None:
                continue
            value = self.shape(cell, column.field, column.header, sheet.place(cell.ref), field_path)
            if value is _SKIP:
                continue
            if node.shown is not None and column is node.plan.title_column:
                value = node.shown  # 一、加强领导 → 加强领导: the document numbers its headings itself
            record[column.header] = value
            self.locations[key_path] = sheet.place(cell.ref)
            self.key_locations[key_path] = sheet.place(column.ref)
        self.percent_unit(node, record, raw_path)
        if node.children:
            key = node.plan.children_key
            canonical = "items" if node.plan.record else key
            record[key] = [self.place_node(child, raw_path + (key, i), f"{path}.{canonical}[{i}]")
                           for i, child in enumerate(node.children)]
            self.locations[raw_path + (key,)] = node.children[0].place
        for key, owned in node.owned.items():
            canonical = key
            if node.plan.record:
                canonical = next((f.key for f in node.plan.record.fields.values() if key in f.aliases), key)
            record[key] = [self.place_node(child, raw_path + (key, i), f"{path}.{canonical}[{i}]")
                           for i, child in enumerate(owned)]
            self.locations[raw_path + (key,)] = owned[0].place
        return record

    def percent_unit(self, node: Node, record: dict, raw_path: tuple) -> None:
        """A number in a percent-formatted cell is a percentage: with 计量单位 left blank, the unit is “%”."""
        record_type = node.plan.record
        unit_field = record_type.fields.get("unit") if record_type is not None else None
        if unit_field is None:
            return
        unit_column = next((c for c in node.plan.columns.values() if c.field is unit_field), None)
        header = unit_column.header if unit_column else unit_field.alias
        if header in record:
            return
        percent_cell = next((cell for column in node.plan.columns.values()
                             if column.field is not None and column.field.type == "number"
                             and (cell := node.cell(column)) is not None and cell.percent), None)
        if percent_cell is not None:
            record[header] = "%"
            self.locations[raw_path + (header,)] = node.plan.sheet.place(percent_cell.ref)

    def sheets(self) -> None:
        all_nodes = link_rows(self.plan, self.unit, self.problems)
        for nodes in all_nodes:
            if not nodes or nodes[0].plan.top_key is None:
                continue
            plan = nodes[0].plan
            key = plan.top_key
            canonical = plan.top_field.key if plan.top_field else key
            roots = [n for n in nodes if n.parent is None and n.owner is None]
            if canonical in self.top_keys:
                self.problems.append(Problem(f"“{key}”既填在“{BASIC_SHEET}”中，又有同名的工作表",
                                             location=plan.sheet.place("A1"), suggestion="请只保留一处"))
                continue
            sheet_place = plan.sheet.place("A1")
            if plan.top_field is not None and not plan.top_field.is_list:
                if len(roots) > 1:
                    self.problems.append(Problem(f"“{key}”只能填一行，这里有 {len(roots)} 行", location=roots[1].place,
                                                 path=canonical))
                if roots:
                    self.data[key] = self.place_node(roots[0], (key,), canonical)
            else:
                self.data[key] = [self.place_node(node, (key, i), f"{canonical}[{i}]") for i, node in enumerate(roots)]
            self.top_keys[canonical] = key
            self.locations[(key,)] = sheet_place
            self.key_locations[(key,)] = sheet_place

    def build(self) -> dict:
        basic = self.plan.basic
        if basic.sheet is not None:
            if basic.wide:
                if self.unit.basic_row is not None:
                    self.basic_wide(basic)
            else:
                self.basic_two_column(basic)
        self.sheets()
        return self.data
