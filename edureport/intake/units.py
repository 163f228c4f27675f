"""Splitting a batch workbook into units: one document per row of a wide 基本信息.

Every other sheet names each row's unit in its leading ``单位`` column; a
workbook with a two-column 基本信息 is a single unit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from edureport.core.errors import WARNING, Problem
from edureport.core.suggest import WRITE, closest, suggest
from edureport.intake.layout import BASIC_SHEET, UNIT_HEADER, WorkbookPlan
from edureport.sources.xlsx_tables import Row, header_text


def column_letters(ref: str) -> str:
    return "".join(ch for ch in ref if ch.isalpha())


@dataclass
class Unit:
    """The rows of one document: its 基本信息 row (wide layout) and its rows of every sheet."""

    name: str | None
    basic_row: Row | None  # wide 基本信息
    rows: dict[int, list[Row]] = field(default_factory=dict)  # index into plan.sheets → rows
    basic_rows: list[Row] = field(default_factory=list)  # two-column 基本信息
    # rows of other sheets that name this unit misspelt: not in its document, so its result says so
    unassigned: list[Problem] = field(default_factory=list)


def unit_name_of(plan: WorkbookPlan, row: Row) -> tuple[str, str]:
    """(unit name, cell ref) of a wide 基本信息 row."""
    column = next((c for c in plan.basic.columns.values()
                   if (c.field.key == "org" if c.field else c.header == UNIT_HEADER)), None)
    cell = row.cells.get(column.index) if column else None
    ref = cell.ref if cell else f"{column_letters(column.ref) if column else 'A'}{row.number}"
    return (header_text(cell.value) if cell and isinstance(cell.value, (str, int, float)) else ""), ref


def split_units(plan: WorkbookPlan) -> tuple[list[Unit], list[Problem], list[Problem]]:
    """One :class:`Unit` per document; problems that concern the workbook as a whole; stray rows.

    A stray row is a row of a list sheet whose ``单位`` is empty or names no
    unit of 基本信息: it belongs to no document, so in a batch it is reported
    without stopping the units that are fine.
    """
    problems: list[Problem] = []
    stray: list[Problem] = []
    if not plan.basic.wide:
        return [Unit(None, None, {i: p.sheet.rows for i, p in enumerate(plan.sheets)}, plan.basic.rows)], problems, stray
    basic_sheet = plan.basic.sheet
    units: dict[str, Unit] = {}
    first_seen: dict[str, str] = {}
    duplicated: set[str] = set()  # which of its rows is meant is unknown: the unit is not rendered
    for row in plan.basic.rows:  # a blank or repeated unit row concerns that unit only: the others go on
        name, ref = unit_name_of(plan, row)
        if not name:
            stray.append(Problem(f"第 {row.number} 行没有填写“{UNIT_HEADER}”", location=basic_sheet.place(ref),
                                 suggestion="每个单位一行，请填写单位名称，或删除这一行"))
            continue
        if name in first_seen:
            stray.append(Problem(f"单位“{name}”出现了两次（{first_seen[name]} 已有），这个单位未生成", location=basic_sheet.place(ref),
                                 suggestion="每个单位在“基本信息”中只能有一行：请删除或合并其中一行"))
            duplicated.add(name)
            units.pop(name, None)
            continue
        units[name] = Unit(name, row, {i: [] for i in range(len(plan.sheets))})
        first_seen[name] = basic_sheet.place(ref)
    if len(units) > 1:
        for sheet, ref in plan.sheets_without_unit:
            problems.append(Problem(f"批量工作簿中工作表“{sheet.name}”的第一列应为“{UNIT_HEADER}”", location=sheet.place(ref),
                                    suggestion=f"请在最前面插入一列“{UNIT_HEADER}”，填写每一行所属的单位"))
    for index, sheet_plan in enumerate(plan.sheets):
        unit_column = sheet_plan.column("unit")
        sheet = sheet_plan.sheet
        for row in sheet.rows:
            if unit_column is None:
                if len(units) == 1:
                    next(iter(units.values())).rows[index].append(row)
                continue
            cell = row.cells.get(unit_column.index)
            ref = cell.ref if cell else f"{column_letters(unit_column.ref)}{row.number}"
            name = header_text(cell.value) if cell else ""
            if name in units:
                units[name].rows[index].append(row)
            elif name in duplicated:
                continue  # reported once, at its 基本信息 rows
            elif not name:
                stray.append(Problem(f"“{UNIT_HEADER}”为空：不知道这一行属于哪个单位", location=sheet.place(ref),
                                     suggestion="请填写单位名称（与“基本信息”中的单位一致）"))
            else:
                problem = Problem(f"单位“{name}”不在“{BASIC_SHEET}”中", location=sheet.place(ref),
                                  suggestion=suggest(name, list(units), verb=WRITE) or
                                  f"“{BASIC_SHEET}”中的单位：{'、'.join(list(units)[:10])}")
                meant = closest(name, list(units))
                if meant is not None:  # most likely this unit's row: its document lacks it
                    units[meant].unassigned.append(Problem(
                        f"这一行没有写进本单位的文件：“{UNIT_HEADER}”写成了“{name}”", location=sheet.place(ref),
                        severity=WARNING, suggestion=f"若这一行属于本单位，请把“{UNIT_HEADER}”改为“{meant}”后重新生成"))
                stray.append(problem)
    return list(units.values()), problems, stray
