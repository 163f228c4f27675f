"""The number language of 公文 (GB/T 15835 and office practice): Chinese
numerals, amounts in 万/亿, percentages, change and completion phrases.

Rounding is 四舍五入 (half up) on the decimal value the user typed, never on a
binary float. Every word these functions generate (增长, 万, 个百分点 …) goes
through :func:`edureport.core.script.word`, so a Traditional document reads
較上年增長, 1.08萬, 個百分點; units and labels the user typed are printed as typed. Every public function is also a template filter (see
``filters.py``, which documents the conventions).
"""
from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Any

from edureport.core.script import word

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ["", "十", "百", "千"]
_BIG_UNITS = ["", "万", "亿", "万亿"]
PERCENT_UNITS = {"%", "％", "百分比"}
_CONTEXT = Context(prec=80, rounding=ROUND_HALF_UP)
# 万亿 / 亿 / 万 as multipliers, largest first
_SCALES = [("万亿", Decimal(10) ** 12), ("亿", Decimal(10) ** 8), ("万", Decimal(10) ** 4)]
_SCALE_FACTORS = dict(_SCALES)
# The characters a scale word is written with, in either script, as Simplified. No other
# character converts to 万 or 亿 (checked against OpenCC's table), so looking at these
# is the same as converting the unit to Simplified first, and much cheaper.
_SCALE_CHARACTERS = {"万": "万", "萬": "万", "亿": "亿", "億": "亿"}
_ONE = Decimal(1)


def is_missing(*values: Any) -> bool:
    """True when any value is None or blank text (data the user left out)."""
    for v in values:  # a loop, not any(generator): called for every figure of every metric
        if v is None or (isinstance(v, str) and not v.strip()):
            return True
    return False


# -- Chinese numerals ----------------------------------------------------------
def _four_digits(n: int) -> str:
    out, zero = "", False
    for power in (3, 2, 1, 0):
        digit = n // 10**power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[digit] + _SMALL_UNITS[power]
    return out


def cn_number(n: Any) -> str:
    """An integer in Chinese numerals, for sequence words and heading numbers.

    Examples: 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五,
    110 → 一百一十, 10010 → 一万零一十, 100000 → 十万, 100010000 → 一亿零一万,
    0 → 零, -3 → 负三. Numbers of 10^16 and more, and non-integers, are errors.
    """
    if type(n) is int:  # heading and sequence numbers: no Decimal needed to know it is whole
        number = n
    else:
        value = _decimal(n)
        if value != value.to_integral_value():
            raise ValueError(f"cn_number 只能用于整数，收到“{n}”")
        number = int(value)
    if number < 0:
        return word("负") + cn_number(-number)
    if number == 0:
        return "零"
    if number >= 10**16:
        raise ValueError(f"cn_number 只支持一万亿亿以下的整数，收到“{n}”")
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    out = ""
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        if out and group < 1000:
            out += "零"
        out += _four_digits(group) + _BIG_UNITS[index]
    if out.startswith("一十"):  # 十一, not 一十一
        out = out[1:]
    return word(out)


def sequence(n: Any) -> str:
    """The sequence word for the n-th point: 1 → 一是, 2 → 二是, 11 → 十一是."""
    return f"{cn_number(n)}{word('是')}"


# -- numbers -------------------------------------------------------------------
def _decimal(value: Any) -> Decimal:
    """A value as an exact Decimal: 0.1 stays 0.1 (floats go through their shortest repr)."""
    kind = type(value)
    if kind is int:
        return Decimal(value)
    if kind is float:  # str() of a float is its shortest repr: no separators to remove
        # 98.0 from a program is 98: only typed text keeps zeros
        result = Decimal(int(value)) if value.is_integer() and abs(value) < 1e16 else Decimal(str(value))
    elif isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise ValueError(f"“{value}”不是数字")
    elif isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e16):
        result = Decimal(int(value))  # 98.0 from a program is 98: only typed text keeps zeros
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{value}”不是数字；数字过滤器只接受数值") from None
    if not result.is_finite():
        raise ValueError(f"“{value}”不是有效数字")
    return result


_QUANTA: dict[int, Decimal] = {}  # places → Decimal("1E-places")
_ROUNDING_LIMIT = _CONTEXT.prec - 2


def _round(value: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    if value.adjusted() + places >= _ROUNDING_LIMIT:  # astronomically large: nothing to round
        return value
    quantum = _QUANTA.get(places)
    if quantum is None:
        quantum = _QUANTA[places] = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding, _CONTEXT)  # positional: keywords cost twice the rounding itself


def typed_places(value: Any) -> int:
    """Decimals a figure was typed with: 85 → 0, “62.40” → 2, 62.4 → 1 (a float by its shortest form;
    98.0 from a program is 98: only text keeps typed zeros)."""
    return _places(_decimal(value))


def _places(value: Decimal) -> int:
    """The decimals of ``value``'s exponent (“62.40” → 2, 1E+3 → 0)."""
    text = str(value)  # plain notation unless tiny or huge: several times cheaper than as_tuple()
    if "E" in text:
        return max(0, -int(value.as_tuple().exponent))
    point = text.find(".")
    return 0 if point < 0 else len(text) - point - 1


def _plain(value: Decimal) -> str:
    """Decimal → text without exponent and without trailing zeros: 2.50 → 2.5, -0.0 → 0."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _fixed(value: Decimal, places: int) -> str:
    """Exactly ``places`` decimals (95 → 95.0); -0.0 prints as 0.0."""
    return _unsigned_zero(format(_round(value, places), "f"))


def _unsigned_zero(text: str) -> str:
    """-0.0 → 0.0; any other figure as it is."""
    return text[1:] if text[:1] == "-" and not text.strip("-0.") else text


def number(value: Any, places: int = 2) -> str:
    """A number with at most ``places`` decimals, as precise as it was typed.

    Examples: 141 → 141, 26.3 → 26.3, “26.30” (typed text) → 26.30, 2.675 → 2.68,
    1234567.891 → 1234567.89, 0.05 (places=1) → 0.1. A non-zero value that would
    round to 0 keeps two significant digits instead: 0.0043 → 0.0043, 0.00456 → 0.0046.
    No thousands separators (公文 practice). None → "".
    """
    if is_missing(value):
        return ""
    d = _decimal(value)
    rounded = _round(d, places)
    if rounded == 0 and d != 0:
        return _plain(_round(d, -d.adjusted() + 1))
    typed = _places(d)
    return _fixed(rounded, typed) if 0 < typed <= places else _plain(rounded)  # rounded: no zeros to keep


def _unit_scale(unit: str) -> tuple[Decimal, str]:
    """Split a unit into its multiplier and base: 万元 → (10000, 元), 亿人次 → (10^8, 人次), 所 → (1, 所);
    萬元 and 億元 (Traditional) too."""
    first = _SCALE_CHARACTERS.get(unit[:1])
    if first is None:
        return _ONE, unit
    if first == "万" and _SCALE_CHARACTERS.get(unit[1:2]) == "亿":
        return _SCALE_FACTORS["万亿"], unit[2:]
    return _SCALE_FACTORS[first], unit[1:]


_LADDER = [(_ONE, "")] + [(f, w) for w, f in reversed(_SCALES)]
_SCALE_WORDS = dict(_LADDER)  # multiplier → its word
_LADDERS: dict[Decimal, list[tuple[Decimal, str]]] = {}  # floor → the steps at or above it


def _scale_for(base: Decimal, floor: Decimal, places: int) -> tuple[Decimal, str]:
    """The multiplier (and its word) to show ``base`` with: the largest of 万/亿/万亿 it
    reaches, never below ``floor``; moves up one when rounding reaches 10000 (9999.9999万 → 1亿)."""
    ladder = _LADDERS.get(floor)
    if ladder is None:
        ladder = _LADDERS[floor] = [step for step in _LADDER if step[0] >= floor]
    magnitude = abs(base)
    index = 0
    while index + 1 < len(ladder) and magnitude >= ladder[index + 1][0]:
        index += 1
    # below 9999 of a step, rounding to whole numbers or decimals cannot reach 10000: skip the division
    if (index + 1 < len(ladder) and (places < 0 or magnitude >= ladder[index][0] * 9999)
            and abs(_round(base / ladder[index][0], places)) >= 10000):
        index += 1
    return ladder[index]


def amount(value: Any, unit: str = "", places: int = 2) -> str:
    """A quantity with its unit, large values in 万/亿/万亿 (at most two decimals).

    Examples: (141, 所) → 141所; (12500, 元) → 1.25万元; (263000000, 元) →
    2.63亿元; (12500, 万元) → 1.25亿元; (0.5, 万元) → 0.5万元 (never below the
    unit the user chose); (99999999, 人) → 1亿人 (rounding moves up a scale);
    (3.2e13, 元) → 32万亿元; (9800, 元) → 9800元; (62.4, %) → 62.4%;
    (12500) → 1.25万. None → "".
    """
    if is_missing(value):
        return ""
    unit = (unit or "").strip()
    if unit in PERCENT_UNITS:
        return percent(value)
    factor, base_unit = _unit_scale(unit)
    if type(value) is int and -10000 < value < 10000 and places >= 0:
        # below 10000 of the unit's own scale: shown in it (its word in the document's script), nothing to round
        return f"{value}{unit}" if factor is _ONE else f"{value}{word(_SCALE_WORDS[factor])}{base_unit}"
    base = _decimal(value) * factor
    scale, scale_word = _scale_for(base, factor, places)
    return f"{number(base / scale, places)}{word(scale_word)}{base_unit}"


def figures_in_one_unit(values: list[Any], unit: str = "") -> tuple[str, list[str]]:
    """Figures of one table row shown in one unit, chosen by the largest:
    ([1260000, 980000], 元) → (万元, [126, 98]); ([12500, None], 万元) → (亿元, [1.25, ""]);
    rates show the decimals of the most precise one typed: ([62.4, 58], %) → (%, [62.4, 58.0]),
    ([85, 92], %) → (%, [85, 92])."""
    unit = (unit or "").strip()
    if is_percent_unit(unit):
        places = max((typed_places(v) for v in values if not is_missing(v)), default=0)
        return unit, ["" if is_missing(v) else _fixed(_decimal(v), places) for v in values]
    factor, base_unit = _unit_scale(unit)
    largest = max((abs(_decimal(v)) for v in values if not is_missing(v)), default=Decimal(0)) * factor
    scale, scale_word = _scale_for(largest, factor, 2)
    return word(scale_word) + base_unit, ["" if is_missing(v) else number(_decimal(v) * factor / scale) for v in values]


def percent(value: Any, places: int | None = None) -> str:
    """A value already in percent, as precise as it was typed: 95 → 95%, 95.2 → 95.2%,
    “95.20” → 95.20%; with ``places`` exactly that many decimals: (95.23, 1) → 95.2%, (95, 1) → 95.0%.

    A non-zero value that would show as 0.0% keeps two significant digits:
    (0.004, 1) → 0.004%. None → "".
    """
    if is_missing(value):
        return ""
    d = _decimal(value)
    if places is None:  # as typed: rounding to its own decimals changes nothing
        return f"{_unsigned_zero(format(d, 'f'))}%"
    if d != 0 and _round(d, places) == 0:
        return f"{number(d)}%"
    return f"{_fixed(d, places)}%"


def num_range(low: Any, high: Any, unit: str = "") -> str:
    """A range of numbers with “～”, the unit on both ends (GB/T 15835):
    (63, 68, %) → 63%～68%; (62.45, 68, %) → 62.5%～68%; (3, 5, 所) → 3所～5所;
    (15000, 20000, 人) → 1.5万人～2万人."""
    if is_percent_unit(unit):
        return f"{number(low, 1)}%～{number(high, 1)}%"
    return f"{amount(low, unit)}～{amount(high, unit)}"


def is_percent_unit(unit: str | None) -> bool:
    """True for %, ％ and 百分比: such values change in 百分点."""
    return (unit or "").strip() in PERCENT_UNITS


def _same_label(label: str) -> str:
    """较上年 → 与上年 (for 持平)."""
    return word("与") + label[1:] if label[:1] in ("较", "比", "較") else label


def _label(label: str | None, default: str) -> str:
    """A label the template passed (already in its script), or the default in the document's script."""
    return word(default) if label is None else label


def change(value: Any, previous: Any, unit: str = "", label: str | None = None) -> str:
    """The change from the previous period, as a sentence part.

    Amounts: (108.3, 100) → 较上年增长8.3%; (97.9, 100) → 较上年下降2.1%;
    (100, 100) → 与上年持平; (100.02, 100) → 与上年基本持平 (rounds to 0.0%);
    previous 0: (141, 0, 所) → 较上年增加141所.
    Rates (unit %): (62.4, 58.1, %) → 较上年提高4.3个百分点; (55, 58.1, %) →
    较上年降低3.1个百分点. Another label: (…, label="较2023年") → 较2023年增长….
    A missing value or previous value gives "".
    """
    if is_missing(value, previous):
        return ""
    return _change(_decimal(value), _decimal(previous), unit, is_percent_unit(unit), _label(label, "较上年"))


def _change(v: Decimal, p: Decimal, unit: str, rate_unit: bool, label: str) -> str:
    if v == p:
        return _same_label(label) + word("持平")
    if rate_unit:
        diff = _round(v - p, 1)
        if diff == 0:
            return _same_label(label) + word("基本持平")
        return f"{label}{word('提高' if diff > 0 else '降低')}{_plain(abs(diff))}{word('个百分点')}"
    if p == 0:
        return f"{label}{word('增加' if v > 0 else '减少')}{amount(abs(v), unit)}"
    rate = _round((v - p) / abs(p) * 100, 1)
    if rate == 0:
        return _same_label(label) + word("基本持平")
    return f"{label}{word('增长' if rate > 0 else '下降')}{format(rate.copy_abs(), 'f')}%"  # rounded already; copy_abs keeps every digit


def _completion_rate(v: Decimal, t: Decimal) -> Decimal:
    """v/t in percent, one decimal; just under the target never shows as 100.0%."""
    rate = _round(v / t * 100, 1)
    if v < t and rate >= 100:
        rate = _round(v / t * 100, 1, ROUND_DOWN)
    return rate


def completion(value: Any, target: Any, label: str | None = None, unit: str = "") -> str:
    """How far the target was reached, as a sentence part.

    Amounts: (94, 100) → 完成年度目标的94.0%; (100, 100) → 全面完成年度目标;
    (105.2, 100) → 完成年度目标的105.2%，超额完成任务; (99.96, 100) →
    完成年度目标的99.9% (never a misleading 100.0%).
    Rates (unit %) compare in 百分点: (62.4, 60, 年度目标, %) → 高于年度目标2.4个百分点;
    (58.5, 60, …, %) → 低于年度目标1.5个百分点; (60, 60, …, %) → 达到年度目标.
    A missing or zero target gives "".
    """
    if is_missing(value, target):
        return ""
    return _completion(_decimal(value), _decimal(target), is_percent_unit(unit), _label(label, "年度目标"))


def _completion(v: Decimal, t: Decimal, rate_unit: bool, label: str) -> str:
    if rate_unit:
        diff = _round(v - t, 1)
        if v == t or diff == 0:
            return word("达到" if v >= t else "基本达到") + label
        return f"{word('高于' if diff > 0 else '低于')}{label}{_plain(abs(diff))}{word('个百分点')}"
    if t == 0:
        return ""
    if v == t:
        return word("全面完成") + label
    text = f"{word('完成')}{label}{word('的')}{_unsigned_zero(format(_completion_rate(v, t), 'f'))}%"
    return text + word("，超额完成任务") if v > t else text


def figure_phrases(value: Any, previous: Any, target: Any, unit: str = "", previous_label: str | None = None,
                   target_label: str | None = None) -> tuple[str, str, str]:
    """``amount``, ``change`` and ``completion`` of one figure -- the parts of a metric sentence --
    with the value read once: (141, 120, 150, 所) → (141所, 较上年增长17.5%, 完成年度目标的94.0%)."""
    shown = amount(value, unit)
    if is_missing(value):
        return shown, "", ""
    v, rate_unit = _decimal(value), is_percent_unit(unit)
    changed = "" if is_missing(previous) else _change(v, _decimal(previous), unit, rate_unit,
                                                      _label(previous_label, "较上年"))
    reached = "" if is_missing(target) else _completion(v, _decimal(target), rate_unit, _label(target_label, "年度目标"))
    return shown, changed, reached


def change_short(value: Any, previous: Any, unit: str = "") -> str:
    """The change for a table cell: +17.5% / -2.1% / +2.1个百分点 / 持平; previous 0: +141.

    A missing value or previous value gives "".
    """
    if is_missing(value, previous):
        return ""
    v, p = _decimal(value), _decimal(previous)
    if is_percent_unit(unit):
        diff = _round(v - p, 1)
        return word("持平") if diff == 0 else f"{'+' if diff > 0 else '-'}{_plain(abs(diff))}{word('个百分点')}"
    if p == 0:
        return word("持平") if v == 0 else f"+{amount(v)}" if v > 0 else f"-{amount(-v)}"
    rate = _round((v - p) / abs(p) * 100, 1)
    return word("持平") if rate == 0 else f"{'+' if rate > 0 else '-'}{_fixed(abs(rate), 1)}%"


def completion_rate(value: Any, target: Any) -> str:
    """Completion for a table cell: (141, 150) → 94.0%; (99.96, 100) → 99.9%. Missing or zero target → ""."""
    if is_missing(value, target) or _decimal(target) == 0:
        return ""
    return f"{_fixed(_completion_rate(_decimal(value), _decimal(target)), 1)}%"


