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


@dataclass(frozen=True)
class Uncalculated:
    """A formula with no cached result: the file was written by a program and never opened in Excel."""

    formula: str


@dataclass(slots=True)
class Cell:
    value: Any  # str, int, float, bool, datetime, FormulaError or Uncalculated; never empty
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
