"""Scalar values as people type them: dates, numbers, yes/no, cleaned text."""
from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from edureport.core import limits

# Characters XML 1.0 forbids (they arrive by copy-paste from other programs).
# C1 controls and DEL are legal XML but invisible garbage in Word (mis-decoded
# text); they are removed too. NEL (\x85) is a line break.
UNWRITABLE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
NEEDS_CLEANING = re.compile("[\t\r\x85]|" + UNWRITABLE_CHARS.pattern)  # what clean_text changes
# What separates the items of a list typed in one cell or one line: 甲、乙；丙 (or one item per line).
LIST_SEPARATORS = "、；;"
_LIST_SEPARATOR = re.compile(f"[{LIST_SEPARATORS}]")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


@dataclass(frozen=True, order=True)
class DateValue:
    """A date as written in 公文: day may be absent (2024年3月)."""

    year: int
    month: int
    day: int | None = None

    def __str__(self) -> str:
        if self.day is None:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年{self.month}月{self.day}日"

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")

    @classmethod
    def from_date(cls, value: dt.date) -> DateValue:
        return cls(value.year, value.month, value.day)

    @classmethod
    def today(cls) -> DateValue:
        return cls.from_date(dt.date.today())


class ValueProblem(ValueError):
    """A value that cannot be read as its type; carries expected/suggestion text."""

    def __init__(self, message: str, suggestion: str = "", unit: str = ""):
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion
        self.unit = unit  # words typed after a number (“12所”), if that was the problem


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{1,2}))?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date(value) -> DateValue:
    if isinstance(value, DateValue):
        return value
    if isinstance(value, dt.datetime):
        return DateValue.from_date(value.date())
    if isinstance(value, dt.date):
        return DateValue.from_date(value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueProblem("不是日期")
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        year, month = int(match.group(1)), int(match.group(2))
        day = int(match.group(3)) if match.group(3) else None
        if not 1 <= month <= 12:
            raise ValueProblem(f"月份“{month}”不存在", "月份应在 1～12 之间")
        if day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueProblem(f"{year}年{month}月没有{day}日", f"该月只有 {last} 天")
        if not 1900 <= year <= 2200:
            raise ValueProblem(f"年份“{year}”超出合理范围")
        return DateValue(year, month, day)
    raise ValueProblem("无法识别的日期", "请写成 2024年3月1日、2024-03-01 或 2024年3月")


_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(value) -> int | float | Decimal:
    """A number as typed: an integer → int; text with decimals → a Decimal that keeps them
    (“62.40” prints 62.40, “85” prints 85: no invented precision); a float from a program → float."""
    if isinstance(value, bool):
        raise ValueProblem("不是数字")
    if isinstance(value, Decimal):  # a workbook number shown with fixed decimals (62.40 in a 0.00 cell)
        if not value.is_finite():
            raise ValueProblem("不是有效数字（NaN 或无穷大）", "请填写实际数值")
        _check_digits(format(value, "f"))
        return value
    if isinstance(value, (int, float)):
        number = value
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        if not _NUMBER_RE.match(text):
            if text.lower().lstrip("+-.") in ("nan", "inf", "infinity"):
                raise ValueProblem("不是有效数字（NaN 或无穷大）", "请填写实际数值")
            unit = re.sub(r"^[+-]?\d[\d.,]*", "", text)
            if unit and unit != text:
                raise ValueProblem("的数字后面带了文字", f"请只填数字“{text[: len(text) - len(unit)]}”", unit=unit)
            raise ValueProblem("不是数字", "请只填阿拉伯数字")
        _check_digits(text)
        if "e" not in text.lower() and "." in text.rstrip("."):
            return Decimal(text)  # its exponent is the typed precision
        number = float(text)
    else:
        raise ValueProblem("不是数字")
    if isinstance(number, float) and (math.isnan(number) or math.isinf(number)):
        raise ValueProblem("不是有效数字（NaN 或无穷大）", "请填写实际数值")
    if abs(number) >= 10 ** limits.MAX_NUMBER_DIGITS:
        raise _too_many_digits()
    if isinstance(number, float):
        if number.is_integer() and abs(number) < 1e15:
            return int(number)
    return number


def _too_many_digits(count: int = 0) -> ValueProblem:
    digits = f"（{count} 位）" if count else ""
    return ValueProblem(f"数字位数过多{digits}，超出了公文数字能准确表示的范围（最多 {limits.MAX_NUMBER_DIGITS} 位有效数字）",
                        "请检查是否多写了数字，或改用“万”“亿”为单位")


def _check_digits(text: str) -> None:
    """Refuse more significant digits than a float keeps, before the number is silently rounded."""
    mantissa = re.split(r"[eE]", text.lstrip("+-"), maxsplit=1)[0].replace(".", "").lstrip("0").rstrip("0")
    if len(mantissa) > limits.MAX_NUMBER_DIGITS:
        raise _too_many_digits(len(mantissa))


def parse_int(value) -> int:
    number = parse_number(value)
    if isinstance(number, Decimal) and number == number.to_integral_value():
        return int(number)  # 2024.0 is the year 2024
    if isinstance(number, (float, Decimal)):
        raise ValueProblem("应为整数，不能有小数")
    return number


_TRUE = {"true", "yes", "y", "on", "1", "是", "对", "要", "需要", "有", "√"}
_FALSE = {"false", "no", "n", "off", "0", "否", "不", "不要", "不需要", "无", "×"}


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueProblem("应为“是”或“否”", "请填写 是/否（或 true/false）")


def clean_text(text: str) -> tuple[str, bool]:
    """Remove characters XML forbids; return (clean text, whether anything was removed)."""
    if NEEDS_CLEANING.search(text) is None:  # the usual case: one search instead of five passes
        return text, False
    normal = text.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n").replace("\x85", "\n")
    cleaned = UNWRITABLE_CHARS.sub("", normal)
    return cleaned, cleaned != normal


def split_list(text: str) -> list[str]:
    """Items typed as one text: one per line when it has several lines (an item may then hold 、),
    else split on 、；;"""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = text.split("\n") if "\n" in text.strip() else _LIST_SEPARATOR.split(text)
    return [part.strip() for part in parts if part.strip()]


def join_lines(text: str) -> str:
    """Fold a text broken over lines into one line: no space between Chinese characters."""
    if "\n" not in text:
        return text.strip()
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    if not parts:
        return ""
    out = parts[0]
    for part in parts[1:]:
        glue = "" if _CJK.search(out[-1]) or _CJK.search(part[0]) else " "
        out += glue + part
    return out


def scalar_to_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return str(parse_date(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
