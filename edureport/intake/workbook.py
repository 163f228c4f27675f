"""Laying a workbook out for the chosen template: the shape stage.

Which sheets are lists and which columns are what depends on the template,
so the pipeline reads a workbook (``sources.workbook``), chooses the template,
and then ``shape(source, spec)`` plans the workbook for it, exactly once.
Problems found while laying it out (an unknown sheet or column, a 上级 naming
no row …) travel in ``Source.problems`` and are reported together with the
validator's, every one naming its cell.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from edureport.core.errors import InputError, Problem
from edureport.intake.build import UnitBuilder
from edureport.intake.layout import UNIT_HEADER, WorkbookPlan, plan_workbook
from edureport.intake.units import Unit, split_units
from edureport.sources.hidden import hidden_warning
from edureport.sources.source import Source
from edureport.sources.workbook import BASIC_SHEET, WorkbookSource
from edureport.sources.xlsx_tables import Tables


@dataclass
class ExcelSource(Source):
    """One document's data laid out from a workbook for a template."""

    unit: str | None = None


def build_unit(plan: WorkbookPlan, unit: Unit, problems: list[Problem]) -> ExcelSource:
    builder = UnitBuilder(plan, unit)
    data = builder.build()
    return ExcelSource(data, plan.tables.name, builder.locations, builder.key_locations, kind="xlsx",
                       problems=problems + hidden_content(plan, unit) + builder.problems, explained_missing=builder.explained_missing,
                       unit=unit.name)


def hidden_content(plan: WorkbookPlan, unit: Unit) -> list[Problem]:
    """One warning per sheet whose hidden rows, columns or self this unit's document reads."""
    read = [(plan.basic.sheet, [unit.basic_row] if unit.basic_row else unit.basic_rows)]
    read += [(sheet_plan.sheet, unit.rows.get(index, ())) for index, sheet_plan in enumerate(plan.sheets)]
    return [warning for sheet, rows in read if sheet is not None and (warning := hidden_warning(sheet, rows))]


def shape(source: Source, spec) -> Source:
    """``source`` as the template ``spec`` reads it: a workbook is laid out for its fields; other data as is."""
    if isinstance(source, WorkbookSource):
        return arrange(source.tables, spec)
    return source


def arrange(tables: Tables, spec, unit: str | None = None) -> ExcelSource:
    """The one document of a workbook (or the named unit of a batch workbook), arranged for ``spec``."""
    plan = plan_workbook(tables, spec)
    units, split_problems, stray = split_units(plan)
    split_problems += stray
    if unit is not None:
        chosen = next((u for u in units if u.name == unit), None)
        if chosen is None:
            raise InputError(Problem(f"工作簿中没有单位“{unit}”", location=f"{tables.name} {BASIC_SHEET}"))
    elif len(units) > 1:
        names = "、".join(u.name for u in units[:5]) + ("……" if len(units) > 5 else "")
        raise InputError(Problem(f"“{BASIC_SHEET}”中有 {len(units)} 个单位（{names}），这是批量工作簿",
                                 location=f"{tables.name} {BASIC_SHEET}",
                                 suggestion="请用 edureport batch 为每个单位各生成一份文件；"
                                            "只生成一份时，“基本信息”只保留一行"))
    elif not units:
        raise InputError(plan.problems or Problem(f"“{BASIC_SHEET}”中没有任何单位", location=f"{tables.name} {BASIC_SHEET}",
                                 suggestion=f"第一行为字段名（{UNIT_HEADER} | 年度 …），第二行起每个单位一行"))
    else:
        chosen = units[0]
    return build_unit(plan, chosen, plan.problems + split_problems)


def split_workbook(tables: Tables, spec) -> tuple[WorkbookPlan, list[Unit], list[Problem]]:
    """The workbook's layout without its rows (small enough to send to other processes), its units
    and its stray rows (rows naming no unit of 基本信息: reported, but the units are still rendered).

    Raises :class:`InputError` for problems with the workbook as a whole.
    """
    plan = plan_workbook(tables, spec)
    units, problems, stray = split_units(plan)
    if plan.problems or problems:
        raise InputError(plan.problems + problems + stray)
    if not units:
        raise InputError([Problem(f"“{BASIC_SHEET}”中没有任何单位", location=f"{tables.name} {BASIC_SHEET}"), *stray])
    return without_rows(plan), units, stray


def without_rows(plan: WorkbookPlan) -> WorkbookPlan:
    def bare(sheet):
        return replace(sheet, rows=[]) if sheet is not None else None

    return replace(plan, tables=Tables(plan.tables.name),
                   basic=replace(plan.basic, sheet=bare(plan.basic.sheet), rows=[]),
                   sheets=[replace(p, sheet=bare(p.sheet)) for p in plan.sheets], sheets_without_unit=[])
