"""Reading a workbook into plain tables: one header row and data rows per sheet.

This layer knows nothing about templates. The cells come from the one xlsx
reader (:mod:`edureport.sources.xlsx_reader`: cached formula values, dates and
percentages as shown); here blank rows are skipped, merged cells are filled
downward from their top-left cell and the first non-blank row becomes the header.
Every non-empty cell keeps its reference (``B4``) so later errors can name it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from edureport.core import limits
from edureport.core.errors import InputError, Problem
from edureport.sources.hidden import NOTHING_HIDDEN, Hidden
from edureport.sources.xlsx_cells import (
    CELL_REF,
    WHITESPACE,
    Cell,
    FormulaError,
    OutOfRangeDate,
    Uncalculated,
    column_index,
    header_text,
)
from edureport.sources.xlsx_reader import Unsupported, read_workbook

__all__ = ["Cell", "FormulaError", "Uncalculated", "OutOfRangeDate", "Row", "Sheet", "Tables", "header_text", "read_tables", "build_sheet"]


@dataclass(slots=True)
class Row:
    number: int  # 1-based row number in the sheet
    cells: dict[int, Cell]  # column index (1-based) → non-empty cell


@dataclass
class Sheet:
    name: str
    header_row: int  # 0 when the sheet has no content at all
    header: dict[int, Cell]  # column index → header cell (value is trimmed text)
    rows: list[Row]
    hidden: Hidden = NOTHING_HIDDEN  # rows, columns or the sheet itself hidden in Excel (still read)

    def place(self, ref: str) -> str:
        return f"{self.name}!{ref}"

    def row_place(self, number: int) -> str:
        return f"{self.name}!第{number}行"


@dataclass
class Tables:
    """All sheets of one workbook, in workbook order."""

    name: str  # file name shown in messages
    sheets: dict[str, Sheet] = field(default_factory=dict)


def _range_bounds(ref: str) -> tuple[int, int, int, int] | None:
    """(min_row, min_col, max_row, max_col) of ``A2:B5``."""
    parts = ref.replace("$", "").split(":")
    matches = [CELL_REF.match(p) for p in parts]
    if len(parts) != 2 or not all(matches):
        return None
    (c1, r1), (c2, r2) = [(column_index(m.group(1)), int(m.group(2))) for m in matches]
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def build_sheet(name: str, rows: dict[int, dict[int, Cell]], merged: list[str], hidden: Hidden = NOTHING_HIDDEN) -> Sheet:
    """A sheet from its non-empty cells; blank rows are skipped.

    A merged range fills downward: its value stands for every row it spans (one 牵头单位 for three
    tasks). It does not fill sideways: a text merged across 内容 and 要点 belongs to its first column
    only, or it would be printed twice."""
    last_row = max(rows, default=0)
    last_column = max((max(cells, default=0) for cells in rows.values()), default=0)
    filled = 0  # merged cells filled: only within the rows and columns that hold data (A2:XFD1048576 is 17 billion)
    for ref in merged:
        bounds = _range_bounds(ref)
        if bounds is None:
            continue
        top, left, bottom, right = bounds
        bottom, right = min(bottom, last_row), min(right, last_column)
        filled += max(0, bottom - top + 1) * max(0, right - left + 1)
        if filled > limits.MAX_MERGED_CELLS:
            raise InputError(Problem(f"合并单元格覆盖的范围过大：工作表中的合并区域在有数据的范围内共覆盖超过 "
                                     f"{limits.MAX_MERGED_CELLS:,} 个单元格", location=f"{name.strip(WHITESPACE)}!{ref}",
                                     suggestion="请取消不必要的整行、整列合并后再试。" + limits.limit_hint("MAX_MERGED_CELLS")))
        origin = rows.get(top, {}).get(left)
        if origin is None:
            continue
        for row in range(top + 1, bottom + 1):
            rows.setdefault(row, {}).setdefault(left, Cell(origin.value, origin.ref, origin.percent))
    header_row, header, data = 0, {}, []
    for number in sorted(rows):
        cells = rows[number]
        if not cells:
            continue
        if not header_row:
            header_row = number
            header = {column: Cell(c.value if isinstance(c.value, (FormulaError, Uncalculated))
                                   else header_text(c.value), c.ref) for column, c in cells.items()}
            continue
        data.append(Row(number, cells))
    return Sheet(name.strip(WHITESPACE), header_row, header, data, hidden)


def _add(tables: Tables, sheet: Sheet) -> None:
    if sheet.name in tables.sheets:  # only possible after trimming spaces
        raise InputError(Problem(f"有两个名为“{sheet.name}”的工作表（名称前后有空格）", location=tables.name,
                                 suggestion="请删除或重命名其中一个"))
    tables.sheets[sheet.name] = sheet


def read_tables(path: str | Path) -> Tables:
    """All sheets of the workbook at ``path``, with cached formula values."""
    path = Path(path)
    tables = Tables(path.name)
    try:
        for name, rows, merged, hidden in read_workbook(path):
            _add(tables, build_sheet(name, rows, merged, hidden))
    except Unsupported as exc:
        raise InputError(Problem(f"无法读取这个 Excel 工作簿：{exc}", location=path.name,
                                 suggestion="请用 Excel 或 WPS 打开，另存为“Excel 工作簿（*.xlsx）”后重试")) from None
    except OSError as exc:
        raise InputError(Problem(f"无法读取文件：{exc.strerror or exc}", location=path.name)) from None
    return tables
