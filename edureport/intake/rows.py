"""A unit's rows linked into a tree: a row's parent from its 上级 (or, when no row names one, from
the outline numbers 一、（一）1.), its owner from 所属; what cannot be linked becomes a problem at its cell."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from edureport.core import limits
from edureport.core.errors import WARNING, Problem
from edureport.core.suggest import WRITE, suggest
from edureport.intake.layout import OWNER_HEADER, Column, SheetPlan, WorkbookPlan
from edureport.intake.outline import Marker, levels, number_marker, parents, title_marker
from edureport.intake.units import Unit, column_letters
from edureport.sources.xlsx_tables import Cell, Row, header_text


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



def link_rows(plan: WorkbookPlan, unit: Unit, problems: list[Problem]) -> list[list[Node]]:
    """Every list sheet's rows of ``unit`` as nodes (per sheet, in row order), linked to their parents
    and owners; problems are appended to ``problems``."""
    linker = _RowLinker(plan, unit, problems)
    all_nodes = linker.nodes()
    for nodes in all_nodes:
        linker.link_parents(nodes)
    linker.link_owners(all_nodes)
    return all_nodes


class _RowLinker:
    def __init__(self, plan: WorkbookPlan, unit: Unit, problems: list[Problem]):
        self.plan = plan
        self.unit = unit
        self.problems = problems

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


def _nearest(nodes: list[Node], positions: list[int], position: int) -> Node | None:
    """The row at the nearest of ``positions`` above ``position``, else the first below (never itself)."""
    index = bisect.bisect_left(positions, position)
    if index:
        return nodes[positions[index - 1]]
    if index < len(positions) and positions[index] == position:
        index += 1
    return nodes[positions[index]] if index < len(positions) else None

