"""From a planned workbook to nested data, one unit (document) at a time.

Rows become records keyed by their column headers; a row naming another
row's 标题 in ``上级``/``上级任务`` becomes that row's sub-item, a row naming an
item in ``所属`` becomes one of the item's metrics. Every value, record and key
gets its place (``指标!D7``, ``主要成绩!第5行``, header ``指标!D1``) so that the
validator's messages point at cells.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from edureport.core import limits
from edureport.core.errors import WARNING, Problem
from edureport.core.suggest import WRITE, suggest
from edureport.intake.layout import BASIC_SHEET, OWNER_HEADER, BasicPlan, Column, SheetPlan, WorkbookPlan, top_field
from edureport.intake.lists import split_items
from edureport.intake.outline import Marker, levels, number_marker, parents, title_marker
from edureport.intake.units import Unit, column_letters
from edureport.sources.xlsx_cells import column_name
from edureport.sources.xlsx_tables import Cell, FormulaError, OutOfRangeDate, Row, Uncalculated, header_text
from edureport.templating.schema import FieldSpec

_SKIP = object()
_MAP_LINE = re.compile(r"^\s*([^:：]+?)\s*[:：]\s*(.*?)\s*$")


@dataclass
class Node:
    """One data row while rows are being linked to parents and owners."""

    plan: SheetPlan
    row: Row
    title: str  # for linking: as written, outline number taken off
    written: str = ""  # the title cell as written, number and all (一、加强领导)
    shown: str | None = None  # the title without its outline number, when it had one
    marker: Marker | None = None  # outline number (序号 column or title), for the hierarchy
    parent: Node | None = None
    owner: Node | None = None
    children: list[Node] = field(default_factory=list)
    owned: dict[str, list[Node]] = field(default_factory=dict)  # key in the record ("指标") → rows

    def cell(self, column: Column | None) -> Cell | None:
        return self.row.cells.get(column.index) if column else None

    def ref(self, column: Column) -> str:
        cell = self.cell(column)
        return cell.ref if cell else f"{column_letters(column.ref)}{self.row.number}"

    @property
    def place(self) -> str:
        return self.plan.sheet.row_place(self.row.number)


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

    # -- list sheets ------------------------------------------------------------------
    def nodes(self) -> list[list[Node]]:
        per_sheet = []
        for index, sheet_plan in enumerate(self.plan.sheets):
            title_column = sheet_plan.title_column
            number_column = sheet_plan.column("number")
            nodes = []
            for row in self.unit.rows.get(index, []):
                cell = row.cells.get(title_column.index) if title_column else None
                written = header_text(cell.value) if cell else ""
                marker, shown = title_marker(cell.value.strip()) if cell and isinstance(cell.value, str) else (None, None)
                number = row.cells.get(number_column.index) if number_column else None
                if number is not None:
                    marker = number_marker(header_text(number.value)) or marker
                nodes.append(Node(sheet_plan, row, header_text(shown) if shown else written, written,
                                  shown if shown != written else None, marker))
            parent_column = sheet_plan.column("parent")
            if (sheet_plan.children_key and sheet_plan.record is not None
                    and (parent_column is None or not any(n.cell(parent_column) for n in nodes))):
                self.outline_parents(nodes)  # no 上级 given: the outline numbers tell
            per_sheet.append(nodes)
        return per_sheet

    def outline_parents(self, nodes: list[Node]) -> None:
        """No 上级 given: outline numbers (序号 or the title's own 一、（一）1.) give the hierarchy.

        Only when every row has one: with some rows unnumbered nobody can tell where they belong,
        so the rows stay one level and a warning says why."""
        row_levels = levels([n.marker for n in nodes])
        if None in row_levels:
            if any(level is not None for level in row_levels):
                unnumbered = nodes[row_levels.index(None)]
                self.problems.append(Problem(
                    "同一张表中有的行有序号、有的行没有，无法判断层级：各行都按第一级处理", location=unnumbered.place,
                    severity="warning", suggestion="请给每一行都写上序号（一、（一）1. 或 1、1.1），或在“上级”列填写上一级的标题"))
            return
        for node, parent in zip(nodes, parents(row_levels)):
            if parent is not None:
                node.parent = nodes[parent]
                nodes[parent].children.append(node)

    def link_parents(self, nodes: list[Node]) -> None:
        """Link each row to the row its 上级 names: the nearest such row above, else the first below.

        Linear in the number of rows (an index of titles; ancestor walks stop at the depth
        limit), and a chain deeper than ``MAX_ITEM_DEPTH`` is refused at the row that exceeds it.
        """
        if not nodes:
            return
        column = nodes[0].plan.column("parent")
        if column is None:
            return
        sheet = nodes[0].plan.sheet
        positions: dict[str, list[int]] = {}
        row_of = {id(node): position for position, node in enumerate(nodes)}
        for position, node in enumerate(nodes):
            for name in {node.title, node.written} - {None, ""}:  # the title, and as written (with its outline number)
                positions.setdefault(name, []).append(position)
        for position, node in enumerate(nodes):
            cell = node.cell(column)
            if cell is None:
                continue
            wanted = header_text(cell.value)
            parent = _nearest(nodes, positions.get(wanted, []), position)
            if parent is None and sheet.name in self.plan.unreadable_titles:
                continue  # the sheet's 标题 column is reported already
            if parent is None and wanted == node.title:
                self.problems.append(Problem(f"“{column.header}”填写的“{wanted}”是这一行自己的标题", location=sheet.place(cell.ref),
                                             suggestion="应填写上一级那一行的“标题”（检查是否有合并单元格盖住了这一列）"))
                continue
            if parent is None:
                self.problems.append(Problem(f"“{column.header}”填写的“{wanted}”在工作表“{sheet.name}”中找不到",
                                             location=sheet.place(cell.ref),
                                             suggestion=suggest(wanted, list(positions), verb=WRITE) or
                                             "应填写同一工作表中上一级那一行的“标题”"))
                continue
            ancestor, steps = parent, 0
            while ancestor is not None and ancestor is not node and steps <= limits.MAX_ITEM_DEPTH:
                ancestor, steps = ancestor.parent, steps + 1
            if ancestor is node:
                self.problems.append(Problem(f"“{column.header}”形成了循环：“{wanted}”是这一行自己或它的下级",
                                             location=sheet.place(cell.ref), suggestion="请检查上下级关系"))
                continue
            if row_of[id(parent)] > position:  # linked all the same, but the order is probably a slip
                self.problems.append(Problem(
                    f"这一行的上级“{wanted}”在它下面（{parent.place}）", location=sheet.place(cell.ref),
                    severity=WARNING, suggestion="下级应写在上级之后：请把这一行移到上级那一行的下面"))
            node.parent = parent
            parent.children.append(node)
        self.refuse_deep_chains(nodes, column)

    def refuse_deep_chains(self, nodes: list[Node], column: Column) -> None:
        """Unlink every row more than ``MAX_ITEM_DEPTH`` levels below a top-level row (or in a long cycle)."""
        depth: dict[int, int] = {}
        for node in nodes:
            chain, walker = [], node
            while walker is not None and id(walker) not in depth and len(chain) <= len(nodes):
                chain.append(walker)
                walker = walker.parent
            base = depth.get(id(walker), 0) if walker is not None else -1
            for offset, member in enumerate(reversed(chain), 1):
                depth[id(member)] = base + offset
        too_deep = [n for n in nodes if depth[id(n)] > limits.MAX_ITEM_DEPTH]
        for node in too_deep:
            if depth[id(node.parent)] == limits.MAX_ITEM_DEPTH:  # the first row beyond the limit in its chain
                cell = node.cell(column)
                self.problems.append(Problem(f"“{column.header}”层级过深：这一行是第 {depth[id(node)]} 层子项，"
                                             f"最多 {limits.MAX_ITEM_DEPTH} 层（公文标题层次一般为 4 层）",
                                             location=node.plan.sheet.place(cell.ref) if cell else node.place,
                                             suggestion="请把过深的内容并入上一层。" + limits.limit_hint("MAX_ITEM_DEPTH")))
        unlinked = {id(node) for node in too_deep}
        for node in nodes:
            if node.children and id(node) not in unlinked:
                node.children = [child for child in node.children if id(child) not in unlinked]
        for node in too_deep:
            node.parent, node.children = None, []

    def link_owners(self, all_nodes: list[list[Node]]) -> None:
        for nodes in all_nodes:
            if not nodes or nodes[0].plan.column("owner") is None:
                continue
            plan = nodes[0].plan
            column = plan.column("owner")
            candidates = [n for group in all_nodes for n in group if n.plan is not plan and n.title and
                          (n.plan.record.key in plan.owner_keys if n.plan.record else True)]
            for node in nodes:
                cell = node.cell(column)
                if cell is None:
                    if plan.top_key is None:
                        self.problems.append(Problem(f"“{OWNER_HEADER}”为空", location=plan.sheet.place(node.ref(column)),
                                                     suggestion="请填写这一行所属条目的标题"))
                    continue
                if node.parent is not None:
                    self.problems.append(Problem(f"同时填写了“{OWNER_HEADER}”和上级", location=plan.sheet.place(cell.ref),
                                                 suggestion="二者只能填一个"))
                    continue
                owner = self.find_owner(header_text(cell.value), candidates, plan, cell)
                if owner is not None:
                    key = plan.owner_keys.get(owner.plan.record.key) if owner.plan.record else plan.generic_owner_key
                    node.owner = owner
                    owner.owned.setdefault(key, []).append(node)

    def find_owner(self, wanted: str, candidates: list[Node], plan: SheetPlan, cell: Cell) -> Node | None:
        matches = [n for n in candidates if wanted in (n.title, n.written)]
        if not matches and "/" in wanted:
            sheet_name, _, title = wanted.partition("/")
            matches = [n for n in candidates if n.title == title.strip() and n.plan.sheet.name == sheet_name.strip()]
        if len(matches) == 1:
            return matches[0]
        if not matches and self.plan.unreadable_titles:
            return None  # it may be a row of a sheet whose titles could not be read: reported there
        place = plan.sheet.place(cell.ref)
        if matches:
            where = "、".join(m.place for m in matches)
            self.problems.append(Problem(f"“{OWNER_HEADER}”填写的“{wanted}”对应多个条目（{where}）", location=place,
                                         suggestion=f"请写成“工作表名/标题”，如“{matches[0].plan.sheet.name}/{wanted}”"))
        else:
            self.problems.append(Problem(f"“{OWNER_HEADER}”填写的“{wanted}”找不到对应的条目", location=place,
                                         suggestion=suggest(wanted, [n.title for n in candidates], verb=WRITE) or
                                         "应填写某个条目（如“主要成绩”中某一行）的“标题”；留空表示全局指标"))
        return None

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
        all_nodes = self.nodes()
        for nodes in all_nodes:
            self.link_parents(nodes)
        self.link_owners(all_nodes)
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


def _nearest(nodes: list[Node], positions: list[int], position: int) -> Node | None:
    """The row at the nearest of ``positions`` above ``position``, else the first below (never itself)."""
    index = bisect.bisect_left(positions, position)
    if index:
        return nodes[positions[index - 1]]
    if index < len(positions) and positions[index] == position:
        index += 1
    return nodes[positions[index]] if index < len(positions) else None

