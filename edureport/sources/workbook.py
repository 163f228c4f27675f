"""A workbook as a source: its sheets as read, before any template gives them meaning.

Which sheet is which list and which column is which field depends on the
template, so laying a workbook out is a later stage (``edureport.intake``).
This module only reads the sheets and finds what the workbook itself says
about its 文种, so the pipeline can choose the template first.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edureport.core.errors import InputError, Problem
from edureport.core.suggest import WRITE, suggest
from edureport.sources.source import Source
from edureport.sources.xlsx_tables import Tables, header_text, read_tables

BASIC_SHEET = "基本信息"
GUIDE_SHEET = "填表说明"
EXAMPLE_SHEET = "示例"  # written by `init`: examples to copy from, never read as data
TEMPLATE_KEYS = ("文种", "template")
UNIT_KEYS = ("单位", "org")


@dataclass
class WorkbookSource(Source):
    """A workbook's sheets, not yet laid out for a template (``data`` stays empty until then)."""

    tables: Tables | None = None

    def declared_templates(self) -> list[tuple[str, str]]:
        return declared_templates(self.tables) if self.tables is not None else []


def read_workbook(path: str | Path) -> WorkbookSource:
    tables = read_tables(path)
    check_workbook(tables)
    return WorkbookSource({}, tables.name, {(): tables.name}, kind="xlsx", tables=tables)


def check_workbook(tables: Tables) -> None:
    """Refuse a workbook that cannot hold data of any template (empty, no 基本信息)."""
    if not tables.sheets or all(not sheet.header_row for sheet in tables.sheets.values()):
        raise InputError(Problem("工作簿是空的", location=tables.name,
                                 suggestion="可用 edureport init -t 工作总结 生成一个带说明的空白工作簿"))
    if BASIC_SHEET not in tables.sheets:
        raise InputError(Problem(f"工作簿中没有“{BASIC_SHEET}”工作表", location=tables.name,
                                 expected=f"“{BASIC_SHEET}”（单位、年度等），另有每个列表一张表",
                                 found="、".join(tables.sheets),
                                 suggestion=suggest(BASIC_SHEET, tables.sheets, verb=WRITE)
                                 or "可用 edureport init 生成一个带说明的空白工作簿"))


def declared_templates(tables: Tables) -> list[tuple[str, str]]:
    """Every (文种, cell) that 基本信息 names, in either layout.

    A 文种 column in the header row (one value per unit) or a 文种 key cell
    with its value to the right (two-column layout); no template is needed to
    tell the two apart.
    """
    sheet = tables.sheets.get(BASIC_SHEET)
    if sheet is None or not sheet.header_row:
        return []
    found: list[tuple[str, str]] = []
    column = next((i for i, cell in sheet.header.items() if header_text(cell.value) in TEMPLATE_KEYS), None)
    headers = {header_text(cell.value) for cell in sheet.header.values()}
    if column is not None and headers & set(UNIT_KEYS):  # a wide 基本信息 always has a 单位 column
        for row in sheet.rows:
            cell = row.cells.get(column)
            if cell is not None and str(cell.value).strip():
                found.append((str(cell.value).strip(), sheet.place(cell.ref)))
        return found
    key_rows = [sheet.header, *(row.cells for row in sheet.rows)]
    for cells in key_rows:
        for index in sorted(cells):
            if header_text(cells[index].value) in TEMPLATE_KEYS:
                value = next((cells[i] for i in sorted(cells) if i > index and str(cells[i].value).strip()), None)
                if value is not None:
                    found.append((str(value.value).strip(), sheet.place(value.ref)))
                break
    return found
