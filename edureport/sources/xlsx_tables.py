"""Reading a workbook into plain tables: one header row and data rows per sheet.

This layer knows nothing about templates. It reads cached formula values
(``data_only=True``), skips blank rows, fills merged cells from their top-left
cell, and turns cell values into what people meant: a number formatted as a
percentage is the number shown (0.624 → 62.4), a date formatted without a day
is a month (2024年3月), floating-point noise from formulas is rounded away.
Every non-empty cell keeps its reference (``B4``) so later errors can name it.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edureport.core import limits
from edureport.core.errors import InputError, Problem

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_WHITESPACE = " \t\r\n\u3000\xa0"


@dataclass(frozen=True)
class FormulaError:
    """A formula whose cached result is an Excel error such as ``#DIV/0!``."""

    code: str

    def __str__(self) -> str:  # what the cell shows, for messages (never the Python repr)
        return self.code


@dataclass(frozen=True)
class Uncalculated:
    """A formula with no cached result: the file was written by a program and never opened in Excel."""

    formula: str

    def __str__(self) -> str:
        return self.formula


@dataclass(frozen=True)
class OutOfRangeDate:
    """A number in a date-formatted cell that is no date Excel can show (negative, beyond 9999, 20241220)."""

    serial: float
    kind: str  # date | month | time

    def __str__(self) -> str:
        return str(int(self.serial)) if float(self.serial).is_integer() else str(self.serial)

    def guess(self) -> str:
        """What the person probably meant: 20241220 typed into a date cell is 2024年12月20日."""
        text = str(int(self.serial)) if float(self.serial).is_integer() else ""
        if len(text) == 8:
            year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
            try:
                dt.date(year, month, day)
            except ValueError:
                return ""
            return f"{year}年{month}月{day}日"
        return ""


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def decode_escapes(text: str) -> str:
    """Excel's escapes for characters XML cannot hold: ``_x000D_`` is a carriage return, ``_x005F_`` a “_”."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


@dataclass(slots=True)
class Cell:
    value: Any  # str, int, float, bool, datetime, FormulaError, Uncalculated or OutOfRangeDate; never empty
    ref: str  # "B4"
    percent: bool = False  # a number formatted as a percentage (0.624 shown as 62.4%: value is 62.4)


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

    def place(self, ref: str) -> str:
        return f"{self.name}!{ref}"

    def row_place(self, number: int) -> str:
        return f"{self.name}!第{number}行"


@dataclass
class Tables:
    """All sheets of one workbook, in workbook order."""

    name: str  # file name shown in messages
    sheets: dict[str, Sheet] = field(default_factory=dict)


def header_text(value: Any) -> str:
    """A header or key cell as text: trimmed, inner line breaks and spaces removed."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"  # as Excel shows it
    elif isinstance(value, dt.datetime):
        value = f"{value.year}年{value.month}月{value.day}日" + (f"{value:%H:%M}" if value.time() != dt.time() else "")
    text = str(value).strip(_WHITESPACE)
    return re.sub(r"[\s\u3000]+", "", text)


def _is_month_format(number_format: str) -> bool:
    """True for date formats that show no day (``yyyy"年"m"月"``, ``mmm-yy``)."""
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format or "").lower()
    return "y" in plain and "m" in plain and "d" not in plain


def clean_number(value: float | int, percent: bool) -> float | int:
    """The number a person sees: 0.624 shown as 62.4% is 62.4; 0.1+0.2 is 0.3."""
    if percent:
        value *= 100
    if isinstance(value, float):
        value = float(f"{value:.12g}")
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


def clean_text(value: str) -> str | None:
    return value if value.strip(_WHITESPACE) else None


def month_text(value: dt.datetime) -> str:
    return f"{value.year}年{value.month}月"


def cell_value(cell) -> Any:
    """What a person sees in an openpyxl cell; ``None`` for an empty one."""
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "e":
        return FormulaError(str(value))
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        return month_text(value) if _is_month_format(cell.number_format) else value
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, (dt.date, int, float)):
        return value if isinstance(value, dt.date) else clean_number(value, "%" in (cell.number_format or ""))
    return str(value)


def _has_formulas(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            return any(_FORMULA_TAG.search(package.read(name)) for name in package.namelist()
                       if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    except (zipfile.BadZipFile, OSError):
        return False


def _uncalculated_formulas(path: Path) -> dict[tuple[str, str], str]:
    """(sheet, cell ref) → formula text of every formula cell (openpyxl keeps no cached value with them)."""
    import openpyxl

    formulas: dict[tuple[str, str], str] = {}
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for worksheet in book.worksheets:
            for row in worksheet.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                        formulas[(worksheet.title, cell.coordinate)] = str(value)
    finally:
        book.close()
    return formulas


def _open(path: Path):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(path, data_only=True)
    except InvalidFileException:
        raise InputError(Problem("无法作为 Excel 工作簿打开", location=path.name,
                                 suggestion="请确认文件是 .xlsx 格式（旧版 .xls 请在 Excel 中另存为 .xlsx）")) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(Problem(f"Excel 文件已损坏或不是 .xlsx 格式：{exc}", location=path.name,
                                 suggestion="请用 Excel 或 WPS 打开并另存为 .xlsx 后重试")) from None


def _range_bounds(ref: str) -> tuple[int, int, int, int] | None:
    """(min_row, min_col, max_row, max_col) of ``A2:B5``."""
    from edureport.sources.xlsx_reader import _CELL_REF, column_index  # noqa: PLC0415

    parts = ref.replace("$", "").split(":")
    matches = [_CELL_REF.match(p) for p in parts]
    if len(parts) != 2 or not all(matches):
        return None
    (c1, r1), (c2, r2) = [(column_index(m.group(1)), int(m.group(2))) for m in matches]
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def build_sheet(name: str, rows: dict[int, dict[int, Cell]], merged: list[str]) -> Sheet:
    """A sheet from its non-empty cells; merged ranges repeat their top-left value; blank rows are skipped.

    A merged range is filled only within the rows and columns that hold data: ``A2:XFD1048576``
    covers 17 billion cells, but only the used ones can matter.
    """
    last_row = max(rows, default=0)
    last_column = max((max(cells, default=0) for cells in rows.values()), default=0)
    filled = 0
    for ref in merged:
        bounds = _range_bounds(ref)
        if bounds is None:
            continue
        top, left, bottom, right = bounds
        bottom, right = min(bottom, last_row), min(right, last_column)
        filled += max(0, bottom - top + 1) * max(0, right - left + 1)
        if filled > limits.MAX_MERGED_CELLS:
            raise InputError(Problem(f"合并单元格覆盖的范围过大：工作表中的合并区域在有数据的范围内共覆盖超过 "
                                     f"{limits.MAX_MERGED_CELLS:,} 个单元格", location=f"{name.strip(_WHITESPACE)}!{ref}",
                                     suggestion="请取消不必要的整行、整列合并后再试。" + limits.limit_hint("MAX_MERGED_CELLS")))
        origin = rows.get(top, {}).get(left)
        if origin is None:
            continue
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                if (row, column) != (top, left):
                    rows.setdefault(row, {}).setdefault(column, Cell(origin.value, origin.ref, origin.percent))
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
    return Sheet(name.strip(_WHITESPACE), header_row, header, data)


def _tables_fast(path: Path) -> Tables:
    from edureport.sources.xlsx_reader import read_workbook

    tables = Tables(path.name)
    for name, rows, merged in read_workbook(path):
        _add(tables, build_sheet(name, rows, merged))
    return tables


def _tables_openpyxl(path: Path) -> Tables:
    formulas = _uncalculated_formulas(path) if _has_formulas(path) else {}
    book = _open(path)
    tables = Tables(path.name)
    try:
        for worksheet in book.worksheets:
            rows: dict[int, dict[int, Cell]] = {}
            for cells in worksheet.iter_rows():
                for cell in cells:
                    value = cell_value(cell)
                    if value is None and (worksheet.title, cell.coordinate) in formulas:
                        value = Uncalculated(formulas[(worksheet.title, cell.coordinate)])
                    if value is not None:
                        percent = (isinstance(value, (int, float)) and not isinstance(value, bool)
                                   and "%" in (cell.number_format or ""))
                        rows.setdefault(cell.row, {})[cell.column] = Cell(value, cell.coordinate, percent)
            merged = [str(r) for r in worksheet.merged_cells.ranges]
            _add(tables, build_sheet(worksheet.title, rows, merged))
    finally:
        book.close()
    return tables


def _add(tables: Tables, sheet: Sheet) -> None:
    if sheet.name in tables.sheets:  # only possible after trimming spaces
        raise InputError(Problem(f"有两个名为“{sheet.name}”的工作表（名称前后有空格）", location=tables.name,
                                 suggestion="请删除或重命名其中一个"))
    tables.sheets[sheet.name] = sheet


def read_tables(path: str | Path, *, engine: str = "fast") -> Tables:
    """All sheets of the workbook at ``path``, with cached formula values.

    ``engine="fast"`` reads the package XML directly (and falls back to
    openpyxl for anything unusual); ``"openpyxl"`` always uses openpyxl.
    """
    from edureport.sources.xlsx_reader import Unsupported

    path = Path(path)
    if engine == "fast":
        try:
            return _tables_fast(path)
        except Unsupported:
            pass
    return _tables_openpyxl(path)
