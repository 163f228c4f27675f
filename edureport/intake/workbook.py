"""Excel workbooks (.xlsx/.xlsm) as input, laid out as in the data contract.

Which sheets are lists and which columns are what depends on the template,
so a workbook is arranged for a template: ``load_excel(path, spec)`` does it
directly; ``load_excel(path)`` uses the template named in 基本信息's 文种 (or
arranges the sheets as written when there is none), and
``Source.for_template(spec)`` re-arranges it once the pipeline has chosen the
template (``-t`` wins over 文种). Problems found while arranging (an unknown
sheet or column, a 上级 naming no row …) travel in ``Source.problems`` and are
reported together with the validator's, every one naming its cell.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from edureport.core.errors import InputError, Problem
from edureport.core.suggest import WRITE, suggest
from edureport.intake.build import UnitBuilder
from edureport.intake.layout import BASIC_SHEET, UNIT_HEADER, WorkbookPlan, plan_workbook
from edureport.intake.units import Unit, split_units
from edureport.sources.source import Source
from edureport.sources.xlsx_tables import Tables, read_tables


@dataclass
class ExcelSource(Source):
    """A :class:`Source` read from a workbook, able to re-arrange itself for another template."""

    tables: Tables | None = None
    unit: str | None = None
    template_key: tuple | None = None  # (id, folder) of the template the data was arranged for

    def for_template(self, spec) -> Source:
        if self.tables is None or self.template_key == template_key(spec):
            return self
        return arrange(self.tables, spec, unit=self.unit)


def template_key(spec) -> tuple | None:
    return (spec.id, str(spec.folder)) if spec is not None else None


def build_unit(plan: WorkbookPlan, unit: Unit, problems: list[Problem], *, keep_tables: bool = True) -> ExcelSource:
    builder = UnitBuilder(plan, unit)
    data = builder.build()
    return ExcelSource(data, plan.tables.name, builder.locations, builder.key_locations, kind="xlsx",
                       problems=problems + builder.problems, explained_missing=builder.explained_missing,
                       tables=plan.tables if keep_tables else None,
                       unit=unit.name, template_key=template_key(plan.spec))


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
        raise InputError(Problem(f"“{BASIC_SHEET}”中没有任何单位", location=f"{tables.name} {BASIC_SHEET}",
                                 suggestion=f"第一行为字段名（{UNIT_HEADER} | 年度 …），第二行起每个单位一行"))
    else:
        chosen = units[0]
    return build_unit(plan, chosen, plan.problems + split_problems)


def _named_template(source: Source):
    """The template 基本信息 names in 文种, if the default registry has it."""
    from edureport.templating.registry import get_registry

    for key in ("文种", "template"):
        value = source.data.get(key)
        if isinstance(value, str) and value.strip():
            try:
                return get_registry().get(value)
            except InputError:
                return None  # the pipeline reports an unknown 文种 with its cell
    return None


def check_workbook(tables: Tables) -> None:
    if not tables.sheets or all(not sheet.header_row for sheet in tables.sheets.values()):
        raise InputError(Problem("工作簿是空的", location=tables.name,
                                 suggestion="可用 edureport init -t 工作总结 生成一个带说明的空白工作簿"))
    if BASIC_SHEET not in tables.sheets:
        hint = suggest(BASIC_SHEET, tables.sheets, verb=WRITE)
        raise InputError(Problem(f"工作簿中没有“{BASIC_SHEET}”工作表", location=tables.name,
                                 expected=f"“{BASIC_SHEET}”（单位、年度等），另有每个列表一张表",
                                 found="、".join(tables.sheets),
                                 suggestion=hint or "可用 edureport init 生成一个带说明的空白工作簿"))


def load_excel(path: str | Path, spec=None) -> ExcelSource:
    """Read a workbook holding one document."""
    tables = read_tables(path)
    check_workbook(tables)
    if spec is None:
        spec = _named_template(arrange(tables, None))
    return arrange(tables, spec)


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
        raise InputError(Problem(f"“{BASIC_SHEET}”中没有任何单位", location=f"{tables.name} {BASIC_SHEET}"))
    return without_rows(plan), units, stray


def without_rows(plan: WorkbookPlan) -> WorkbookPlan:
    def bare(sheet):
        return replace(sheet, rows=[]) if sheet is not None else None

    return replace(plan, tables=Tables(plan.tables.name),
                   basic=replace(plan.basic, sheet=bare(plan.basic.sheet), rows=[]),
                   sheets=[replace(p, sheet=bare(p.sheet)) for p in plan.sheets], sheets_without_unit=[])

