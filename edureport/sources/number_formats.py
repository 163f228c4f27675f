"""What an Excel number format shows: the kind of value (a date, a month, a time, a percentage
or a plain number) and, for numbers, the decimals.

A clerk whose cell shows 62.40 (format ``0.00``) expects 62.40 in the document, not 62.4: a
number in a cell with a fixed number of decimals reaches the rest of the pipeline as a
Decimal with exactly the decimals Excel shows, the way typed text “62.40” does
(:func:`edureport.core.values.parse_number`). A stored value with more decimals is
rounded half up the way Excel displays it (0.95555 in ``0.0%`` shows 95.6%); ``0`` and
``#,##0`` keep whole numbers as ints. General, text (``@``), fractions and formats that
scale by thousands (``#,##0,``) leave the value as stored.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

# Built-in number formats that are dates or times (the id alone says so, no code is stored).
_DAY_DATES = {14, 15, 16, 22, 30, 31}
_MONTH_DATES = {17, 27, 36, 50, 52, 57}  # year and month, no day
_DAY_MONTH = {28, 29, 51, 53, 54, 58}  # month and day, no year: still a full date
_TIMES = {18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56}
_PERCENT = {9, 10}
# Built-in number formats with digits (ECMA-376 §18.8.30; 5–8 as a Chinese Excel shows them).
BUILTIN_NUMBER_CODES = {
    1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 5: '"¥"#,##0;"¥"-#,##0', 6: '"¥"#,##0;[Red]"¥"-#,##0',
    7: '"¥"#,##0.00;"¥"-#,##0.00', 8: '"¥"#,##0.00;[Red]"¥"-#,##0.00', 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)", 41: "#,##0_);(#,##0)", 42: '"¥"* #,##0_);("¥"* #,##0)',
    43: "#,##0.00_);(#,##0.00)", 44: '"¥"* #,##0.00_);("¥"* #,##0.00)', 48: "##0.0E+0", 49: "@",
}
# What a format shows literally: "text", [Red] / [>=100] brackets, \x and !x escapes, _x spaces, *x fills.
_LITERAL = r'"[^"]*"|\[[^\]]*\]|[\\!].|_.|\*.'
_TOKEN = re.compile(_LITERAL + "|.", re.DOTALL)
_PLACEHOLDERS = "0#?"


def format_kind(code: str) -> str:
    """What a custom number format shows: a date, a month, a time, a percentage or a plain number."""
    plain = re.sub(_LITERAL, "", code).lower()
    if "%" in plain:
        return "percent"
    if "general" in plain or not re.search(r"[ymdhs]", plain):
        return ""
    if "y" in plain or "d" in plain or ("m" in plain and "h" not in plain and "s" not in plain):
        return "date" if "d" in plain or "y" not in plain else "month"
    return "time"


def builtin_kind(number_format_id: int) -> str:
    if number_format_id in _DAY_DATES or number_format_id in _DAY_MONTH:
        return "date"
    if number_format_id in _MONTH_DATES:
        return "month"
    if number_format_id in _TIMES:
        return "time"
    return "percent" if number_format_id in _PERCENT else ""


@dataclass(frozen=True, slots=True)
class Decimals:
    """The decimals one section of a format shows: ``0.0#`` always shows one and at most two."""

    fixed: int  # 0 after the point: always shown
    most: int  # 0, # and ? after the point
    integer_digits: int = 0  # scientific only: placeholders before the point (0: not scientific)
    engineering: bool = False  # ##0.0E+0: the exponent is a multiple of integer_digits


# The section a number uses (positive; negative; zero), each None where the value shows as stored.
Sections = tuple[Decimals | None, Decimals | None, Decimals | None]
AS_STORED: Sections = (None, None, None)


def _section_decimals(plain: str) -> Decimals | None:
    """The decimals one section shows, from its text without literals; None: the value as stored."""
    lower = plain.lower()
    if "general" in lower or "/" in plain or "@" in plain or not any(c in plain for c in _PLACEHOLDERS):
        return None  # General, a fraction, text, or no figure at all (a zero shown as “-”)
    exponent_mark = re.search(r"e[+-]", lower)
    mantissa = lower[:exponent_mark.start()] if exponent_mark else lower
    integer, _, fraction = mantissa.partition(".")
    for part in (integer, fraction):
        last_digit = max(part.rfind(c) for c in _PLACEHOLDERS)
        if last_digit >= 0 and "," in part[last_digit:]:
            return None  # a comma after the last digit divides by 1,000: the value shown is not the value stored
    fixed = fraction.count("0")
    most = sum(fraction.count(c) for c in _PLACEHOLDERS)
    if not exponent_mark:
        return Decimals(fixed, most)
    digits = sum(integer.count(c) for c in _PLACEHOLDERS)
    return Decimals(fixed, most, max(digits, 1), "#" in integer and digits > 1)


def format_sections(code: str) -> Sections:
    """The decimals each section of ``code`` shows, for positive, negative and zero values."""
    sections, current, conditional = [], [], False
    for token in _TOKEN.findall(code):
        if token == ";":
            sections.append("".join(current))
            current = []
        elif token[:1] == "[":
            conditional = conditional or token[1:2] in ("<", ">", "=")
        elif token[:1] not in '"\\_*':
            current.append(token)
    sections.append("".join(current))
    shown = [_section_decimals(text) for text in sections[:3]]
    if not any(shown):
        return AS_STORED  # General and the like: the reader's quick way
    if conditional:  # [>=100] picks sections by value, not by sign: unless they agree, keep the value
        return (shown[0],) * 3 if len(set(shown)) == 1 else AS_STORED
    if len(shown) == 1:
        return (shown[0],) * 3
    return (shown[0], shown[1], shown[2] if len(shown) > 2 else shown[0])


def builtin_sections(number_format_id: int) -> Sections:
    code = BUILTIN_NUMBER_CODES.get(number_format_id)
    return format_sections(code) if code else AS_STORED


_CONTEXT = Context(prec=80, rounding=ROUND_HALF_UP)
_LARGEST = 20  # beyond 10^20 nothing is rounded: the number is refused later for its digits


def shown_number(number: int | float, sections: Sections, percent: bool) -> int | Decimal | None:
    """``number`` as the format shows it: a Decimal with the decimals shown, an int when none
    are; None when the section that applies shows the value as stored (or it is no finite number)."""
    decimals = sections[0] if number > 0 else sections[1] if number < 0 else sections[2]
    if decimals is None or (type(number) is float and not math.isfinite(number)):
        return None
    # Excel displays a double from its 15 significant digits, then rounds half away from zero.
    value = Decimal(number) if type(number) is int else Decimal(f"{number:.15g}")
    if percent:
        value = value.scaleb(2)
    if value.adjusted() > _LARGEST:
        return None
    if decimals.integer_digits:
        value = _scientific(value, decimals)
    else:
        value = _quantize(value, decimals.most)
    if decimals.most > decimals.fixed:  # # and ? digits show only when not zero
        value = _trim(value, decimals.fixed)
    if value == value.to_integral_value():
        # a whole number stays an int: 0 and #,##0, but also 2136 in 0.00, the default 数值 format of
        # Chinese Excel, which clerks leave on counts (2136.00人 in a 公文 says nothing more than 2136人)
        return int(value)
    return value


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(-30, 31)}  # places → 1E-places


def _quantize(value: Decimal, places: int) -> Decimal:
    quantum = _QUANTA.get(places) or Decimal(1).scaleb(-places)
    return value.quantize(quantum, ROUND_HALF_UP, _CONTEXT)


def _scientific(value: Decimal, decimals: Decimals) -> Decimal:
    """1234.5 in 0.00E+00 shows 1.23E+03: 1230 (three significant digits), as a Decimal."""
    if value == 0:
        return Decimal(0)
    rounded = value
    for _ in range(2):  # twice: 9.996 rounds to 10.00, which has one more digit before the point
        exponent = rounded.adjusted()
        if decimals.engineering:
            exponent -= exponent % decimals.integer_digits
        else:
            exponent -= decimals.integer_digits - 1
        rounded = _quantize(value, decimals.most - exponent)
    return rounded


def _trim(value: Decimal, fixed: int) -> Decimal:
    """Drop trailing zeros down to ``fixed`` decimals: 1.50 in 0.0# shows 1.5, 2.00 shows 2.0."""
    while value.as_tuple().exponent < -fixed and value.as_tuple().digits[-1:] == (0,):
        value = _quantize(value, -value.as_tuple().exponent - 1)
    return value
