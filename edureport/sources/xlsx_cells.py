"""What one workbook cell holds, as a person sees it: the values the xlsx reader yields
and the layer above lays out (shared by both, so neither imports the other)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

WHITESPACE = " \t\r\n\u3000\xa0"
CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


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
    value: Any  # str, int, float, Decimal (a number shown with fixed decimals: 62.40), bool, datetime,
    # FormulaError, Uncalculated or OutOfRangeDate; never empty
    ref: str  # "B4"
    percent: bool = False  # a number formatted as a percentage (0.624 shown as 62.4%: value is 62.4)


COLUMNS: dict[str, int] = {}  # letters → index, filled as columns are seen (a lookup per cell is cheaper than a call)


def column_index(letters: str) -> int:
    """B → 2, AA → 27."""
    index = COLUMNS.get(letters)
    if index is None:
        index = 0
        for char in letters:
            index = index * 26 + ord(char) - 64
        COLUMNS[letters] = index
    return index


def column_name(column: int) -> str:
    """2 → B, 27 → AA."""
    text = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        text = chr(65 + remainder) + text
    return text


def header_text(value: Any) -> str:
    """A header or key cell as text: trimmed, inner line breaks and spaces removed."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"  # as Excel shows it
    elif isinstance(value, dt.datetime):
        value = f"{value.year}年{value.month}月{value.day}日" + (f"{value:%H:%M}" if value.time() != dt.time() else "")
    text = str(value).strip(WHITESPACE)
    return re.sub(r"[\s\u3000]+", "", text)


def clean_number(value: float | int, percent: bool) -> float | int:
    """The number a person sees: 0.624 shown as 62.4% is 62.4; 0.1+0.2 is 0.3."""
    if percent:
        value *= 100
    if isinstance(value, float):
        value = float(f"{value:.12g}")
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


def cell_text(value: str) -> str | None:
    """A text cell's value, or None when it holds only white space."""
    return value if value.strip(WHITESPACE) else None


def month_text(value: dt.datetime) -> str:
    return f"{value.year}年{value.month}月"
