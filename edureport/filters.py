"""The language of numbers in 公文 (GB/T 15835 and office practice), as Jinja filters.

Every template gets these. Rounding is 四舍五入 (half up) on the decimal value
the user typed, never on a binary float.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable

from .values import DateValue, ValueProblem, parse_date

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ["", "十", "百", "千"]
_BIG_UNITS = ["", "万", "亿", "万亿"]
PERCENT_UNITS = {"%", "％", "百分比"}
_END_PUNCT = "。；;，,、.！!？?"


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
    """1→一, 11→十一, 20→二十, 105→一百零五, 10010→一万零一十."""
    n = int(n)
    if n < 0:
        return "负" + cn_number(-n)
    if n == 0:
        return "零"
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
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
    return out


def sequence(n: Any) -> str:
    """1 → 一是."""
    return f"{cn_number(n)}是"


def _strip_end(text: str) -> str:
    return str(text).strip().rstrip(_END_PUNCT)


def points_sentence(points: Iterable[Any]) -> str:
    """[a, b] → 一是a；二是b。"""
    items = [_strip_end(p) for p in points if str(p).strip()]
    if not items:
        return ""
    return "；".join(f"{sequence(i)}{p}" for i, p in enumerate(items, 1)) + "。"


# -- numbers -------------------------------------------------------------------
def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number(value: Any, places: int = 2) -> str:
    """At most ``places`` decimals, trailing zeros dropped; tiny values keep two significant digits."""
    if value is None or value == "":
        return ""
    d = _decimal(value)
    rounded = _round(d, places)
    if rounded == 0 and d != 0:
        exponent = d.adjusted()  # e.g. -4 for 0.0004
        rounded = _round(d, -exponent + 1)
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def amount(value: Any, unit: str = "") -> str:
    """12500元 → 1.25万元; 263000000元 → 2.63亿元; 12500万元 → 1.25亿元."""
    if value is None or value == "":
        return ""
    unit = unit or ""
    if unit in PERCENT_UNITS:
        return percent(value)
    d = _decimal(value)
    scale = ""
    if unit.startswith("万") and abs(d) >= 10000:
        d, unit = d / 10000, "亿" + unit[1:]
    elif unit.startswith(("万", "亿")):
        pass
    elif abs(d) >= 100000000:
        d, scale = d / 100000000, "亿"
    elif abs(d) >= 10000:
        d, scale = d / 10000, "万"
    return f"{number(d)}{scale}{unit}"


def percent(value: Any, places: int = 1) -> str:
    """95.23 → 95.2% (the value is already in percent)."""
    if value is None or value == "":
        return ""
    return f"{_round(_decimal(value), places):f}%"


def num_range(low: Any, high: Any, unit: str = "") -> str:
    """63, 68, % → 63%～68%."""
    if unit in PERCENT_UNITS:
        return f"{number(low)}%～{number(high)}%"
    return f"{number(low)}{unit}～{number(high)}{unit}"


def is_percent_unit(unit: str | None) -> bool:
    return (unit or "").strip() in PERCENT_UNITS


def change(value: Any, previous: Any, unit: str = "", label: str = "较上年") -> str:
    """较上年增长8.3% / 下降2.1% / 与上年持平; for % units 提高2.1个百分点."""
    if value is None or previous is None or value == "" or previous == "":
        return ""
    v, p = _decimal(value), _decimal(previous)
    same = label.replace("较", "与", 1) if label.startswith("较") else label
    if is_percent_unit(unit):
        diff = _round(v - p, 1)
        if diff == 0:
            return f"{same}持平" if v == p else f"{same}基本持平"
        return f"{label}{'提高' if diff > 0 else '降低'}{abs(diff):f}个百分点"
    if v == p:
        return f"{same}持平"
    if p == 0:
        return f"{label}{'增加' if v > 0 else '减少'}{amount(abs(v), unit)}"
    rate = _round((v - p) / abs(p) * 100, 1)
    if rate == 0:
        return f"{same}基本持平"
    return f"{label}{'增长' if rate > 0 else '下降'}{abs(rate):f}%"


def completion(value: Any, target: Any, label: str = "年度目标") -> str:
    """完成年度目标的94.0%; over target: …，超额完成任务; exactly: 全面完成年度目标."""
    if value is None or target is None or value == "" or target == "":
        return ""
    t = _decimal(target)
    if t == 0:
        return ""
    rate = _round(_decimal(value) / t * 100, 1)
    text = f"完成{label}的{rate:f}%"
    if _decimal(value) > t:
        text += "，超额完成任务"
    elif _decimal(value) == t:
        text = f"全面完成{label}"
    return text


def change_short(value: Any, previous: Any, unit: str = "") -> str:
    """For table cells: +17.5% / -2.1% / +2.1个百分点 / 持平."""
    if value is None or previous is None or value == "" or previous == "":
        return ""
    v, p = _decimal(value), _decimal(previous)
    if is_percent_unit(unit):
        diff = _round(v - p, 1)
        return "持平" if diff == 0 else f"{'+' if diff > 0 else '-'}{abs(diff):f}个百分点"
    if p == 0:
        return "持平" if v == 0 else f"+{amount(v)}" if v > 0 else f"-{amount(-v)}"
    rate = _round((v - p) / abs(p) * 100, 1)
    return "持平" if rate == 0 else f"{'+' if rate > 0 else '-'}{abs(rate):f}%"


def completion_rate(value: Any, target: Any) -> str:
    """For table cells: 94.0%."""
    if value is None or target is None or value == "" or target == "" or _decimal(target) == 0:
        return ""
    return percent(_decimal(value) / _decimal(target) * 100)


# -- dates ---------------------------------------------------------------------
def date(value: Any) -> str:
    """2024-03-01 → 2024年3月1日 (Arabic numerals, full year, no zero padding)."""
    if value is None or value == "":
        return ""
    try:
        return str(parse_date(value))
    except ValueProblem:
        return str(value)


def date_range(start: Any, end: Any) -> str:
    """2024年3月—4月; 2024年3月1日—15日; 2024年11月—2025年2月."""
    if not start and not end:
        return ""
    if not end:
        return f"{date(start)}起"
    if not start:
        return f"{date(end)}前"
    try:
        a, b = parse_date(start), parse_date(end)
    except ValueProblem:
        return f"{start}—{end}"
    left = str(a)
    if a.year != b.year:
        right = str(b)
    elif a.month != b.month or a.day is None or b.day is None:
        right = f"{b.month}月" + (f"{b.day}日" if b.day else "")
    else:
        right = f"{b.day}日"
    return f"{left}—{right}"


# -- metrics -------------------------------------------------------------------
def _get(metric: Any, key: str) -> Any:
    if isinstance(metric, dict):
        return metric.get(key)
    return getattr(metric, key, None)


def metric_value(metric: Any) -> str:
    """The value with its unit: 141所, 1.25万元, 95.2%."""
    return amount(_get(metric, "value"), _get(metric, "unit") or "")


def metric_sentence(metric: Any, previous_label: str = "较上年", target_label: str = "年度目标") -> str:
    """新改扩建中小学校141所，较上年增长17.5%，完成年度目标的94.0%"""
    unit = _get(metric, "unit") or ""
    value = _get(metric, "value")
    parts = [f"{_get(metric, 'name') or ''}{metric_value(metric)}"]
    parts.append(change(value, _get(metric, "previous"), unit, previous_label))
    parts.append(completion(value, _get(metric, "target"), target_label))
    return "，".join(p for p in parts if p)


def metric_sentences(metrics: Iterable[Any], previous_label: str = "较上年", target_label: str = "年度目标") -> str:
    """Several metric sentences joined with ；and closed with 。"""
    parts = [metric_sentence(m, previous_label, target_label) for m in metrics or []]
    parts = [p for p in parts if p]
    return "；".join(parts) + "。" if parts else ""


def join_cn(items: Iterable[Any], sep: str = "、") -> str:
    return sep.join(str(i) for i in items or [] if str(i).strip())


def end_with(text: Any, mark: str = "。") -> str:
    """Ensure a sentence ends with punctuation: adds ``mark`` unless one is there."""
    text = str(text or "").strip()
    if not text or text[-1] in "。！？；：…”’）)":
        return text
    return text.rstrip("，,、;；") + mark


FILTERS = {
    "cn_number": cn_number,
    "sequence": sequence,
    "points_sentence": points_sentence,
    "number": number,
    "amount": amount,
    "percent": percent,
    "num_range": num_range,
    "change": change,
    "completion": completion,
    "change_short": change_short,
    "completion_rate": completion_rate,
    "date": date,
    "date_range": date_range,
    "metric_value": metric_value,
    "metric_sentence": metric_sentence,
    "metric_sentences": metric_sentences,
    "join_cn": join_cn,
    "end_with": end_with,
}

__all__ = list(FILTERS) + ["FILTERS", "DateValue", "is_percent_unit"]
