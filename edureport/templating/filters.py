"""The language of numbers in 公文 (GB/T 15835 and office practice), as Jinja filters.

Every template gets these filters; use them as ``{{ value|amount("元") }}``.
Conventions they follow:

- statistics in Arabic numerals, large amounts in 万/亿/万亿 (2.63亿元, never
  2亿6300万元); sequence words and heading numbers in Chinese numerals (一是);
- rounding is 四舍五入 (half up) on the decimal value the user typed, never on
  a binary float: 2.675 → 2.68, 0.05 → 0.1;
- a change in an amount is a percentage (较上年增长8.3%), a change in a rate
  is in 百分点 (提高2.1个百分点);
- dates in Arabic numerals with the full year and no zero padding
  (2024年3月1日); date ranges with “—”, number ranges with “～”;
- a missing value (None or "") gives an empty string, so optional data
  simply drops out of a sentence;
- words they generate are in the document's script (core/script.py), data as typed.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from edureport.core.numbers import (
    PERCENT_UNITS,
    amount,
    change,
    change_short,
    cn_number,
    completion,
    completion_rate,
    figure_phrases,
    figures_in_one_unit,
    is_missing,
    is_percent_unit,
    num_range,
    number,
    percent,
    sequence,
)
from edureport.core.script import word
from edureport.core.values import DateValue, ValueProblem, parse_date
from edureport.templating.report_filters import REPORT_FILTERS, chart_figures, ranking, unit_matrix  # noqa: F401  (template filters)

_END_PUNCT = "。；;，,、.！!？?"
CELL_BREAK = "\x0b"  # a line break inside one paragraph (used in table cells)


# -- sentences -----------------------------------------------------------------
def _strip_end(text: Any) -> str:
    return str(text).strip().rstrip(_END_PUNCT)


def points_sentence(points: Iterable[Any]) -> str:
    """Short points as one sentence: ["建立制度。", "配齐教师"] → 一是建立制度；二是配齐教师。

    End punctuation the user typed is replaced; blank points are skipped; no
    points give "".
    """
    if isinstance(points, str):
        points = [points]
    items = [_strip_end(p) for p in points or [] if str(p).strip()]
    if not items:
        return ""
    return "；".join(f"{sequence(i)}{p}" for i, p in enumerate(items, 1)) + "。"


# -- dates ---------------------------------------------------------------------
def date(value: Any) -> str:
    """A date as 公文 write it: 2024-03-01 → 2024年3月1日; 2024-03 → 2024年3月.

    Arabic numerals, full year, no zero padding. Text that is not a date
    (2024年底) is printed as given. None → "".
    """
    if is_missing(value):
        return ""
    try:
        return str(parse_date(value))
    except ValueProblem:
        return str(value).strip()


def date_range(start: Any, end: Any) -> str:
    """A period with “—”, the shared year/month written once.

    Examples: (2024-03, 2024-04) → 2024年3月—4月; (2024-03-01, 2024-03-15) →
    2024年3月1日—15日; (2024-03-01, 2024-04-15) → 2024年3月1日—4月15日;
    (2024-11, 2025-02) → 2024年11月—2025年2月; (2024-03, 2024-03) → 2024年3月;
    only a start → 2024年3月起; only an end → 2024年4月前; neither → "".
    """
    if is_missing(start) and is_missing(end):
        return ""
    if is_missing(end):
        return f"{date(start)}起"
    if is_missing(start):
        return f"{date(end)}前"
    try:
        a, b = parse_date(start), parse_date(end)
    except ValueProblem:
        return f"{date(start)}—{date(end)}"
    if a == b:
        return str(a)
    if a.year != b.year:
        right = str(b)
    elif a.month != b.month or a.day is None or b.day is None:
        right = f"{b.month}月" + (f"{b.day}日" if b.day else "")
    else:
        right = f"{b.day}日"
    return f"{a}—{right}"


# -- metrics -------------------------------------------------------------------
def _get(metric: Any, key: str) -> Any:
    if isinstance(metric, dict):
        return metric.get(key)
    return getattr(metric, key, None)


def metric_value(metric: Any) -> str:
    """A metric's value with its unit: {value: 141, unit: 所} → 141所; 12500 元 → 1.25万元; 95.23 % → 95.2%."""
    return amount(_get(metric, "value"), _get(metric, "unit") or "")


def metric_sentence(metric: Any, previous_label: str | None = None, target_label: str | None = None) -> str:
    """A metric as one sentence part: name and value, change, completion.

    {name: 新改扩建中小学校, value: 141, unit: 所, previous: 120, target: 150}
    → 新改扩建中小学校141所，较上年增长17.5%，完成年度目标的94.0%.
    A rate: {name: 优良率, value: 62.4, unit: "%", previous: 58.1, target: 60}
    → 优良率62.4%，较上年提高4.3个百分点，高于年度目标2.4个百分点.
    Parts without data are left out.
    """
    get = metric.get if isinstance(metric, dict) else lambda key: getattr(metric, key, None)  # _get, once
    shown, changed, reached = figure_phrases(get("value"), get("previous"), get("target"), get("unit") or "",
                                             previous_label, target_label)
    return "，".join(filter(None, (f"{get('name') or ''}{shown}", changed, reached)))  # parts without data left out


def metric_sentences(metrics: Iterable[Any], previous_label: str | None = None, target_label: str | None = None) -> str:
    """Several metric sentences joined with “；” and closed with “。”; no metrics → ""."""
    parts = [metric_sentence(m, previous_label, target_label) for m in metrics or []]
    parts = [p for p in parts if p]
    return "；".join(parts) + "。" if parts else ""


def metric_cells(metric: Any) -> dict[str, str]:
    """The cells of a metric's table row, all in one display unit.

    The unit follows the row's largest figure: {value: 1260000, previous:
    980000, target: 1500000, unit: 元} → unit 万元, value 126, previous 98,
    target 150, change +28.6%, completion 84.0%. Rates keep “%” in the unit
    cell and one decimal in the figures: 62.4 → 62.4.
    Keys: unit, value, previous, target, change, completion.
    """
    unit = (_get(metric, "unit") or "").strip()
    value, previous, target = (_get(metric, k) for k in ("value", "previous", "target"))
    shown_unit, (value_text, previous_text, target_text) = figures_in_one_unit([value, previous, target], unit)
    return {
        "unit": shown_unit,
        "value": value_text,
        "previous": previous_text,
        "target": target_text,
        "change": change_short(value, previous, unit),
        "completion": completion_rate(value, target),
    }


def duty_line(task: Any, form: str = "full") -> str:
    """A task's division of labour, parts without data left out:
    {lead: 区教育局基础教育科, partners: [区财政局, 区发改委], deadline: 2024-12}
    → 牵头单位：区教育局基础教育科；配合单位：区财政局、区发改委；完成时限：2024年12月;
    ``form="short"`` (工作要点) → 区教育局基础教育科牵头，区财政局、区发改委配合，2024年12月前完成.
    A text deadline (每年12月底前) is printed as given."""
    lead = join_cn(_get(task, "lead") or [])  # one unit, or several (names)
    partners = join_cn(_get(task, "partners") or [])
    deadline = date(_get(task, "deadline"))
    if form == "short":
        parts = [f"{lead}{word('牵头')}" if lead else "", f"{partners}{word('配合')}" if partners else "",
                 (deadline if deadline.endswith(("前", word("前"))) else deadline + word("前")) + word("完成") if deadline else ""]
        return "，".join(p for p in parts if p)
    parts = [(word("牵头单位"), lead), (word("配合单位"), partners), (word("完成时限"), deadline)]
    return "；".join(f"{label}：{value}" for label, value in parts if value)


# -- text ----------------------------------------------------------------------
def join_cn(items: Iterable[Any], sep: str = "、") -> str:
    """Join non-blank items with “、” (or ``sep``): [区财政局, 区发改委] → 区财政局、区发改委."""
    if isinstance(items, str):
        items = [items]
    return sep.join(str(i).strip() for i in items or [] if str(i).strip())


def cell_lines(items: Iterable[Any], numbered: bool = True) -> str:
    """Items on separate lines of one table cell: [a, b] → “1.a” / “2.b”.

    One item is printed without a number; ``numbered=False`` leaves numbers
    out. End punctuation is dropped (a cell holds phrases, not sentences).
    """
    if isinstance(items, str):
        items = [items]
    texts = [_strip_end(i) for i in items or [] if str(i).strip()]
    if numbered and len(texts) > 1:
        texts = [f"{n}.{t}" for n, t in enumerate(texts, 1)]
    return CELL_BREAK.join(texts)


def end_with(text: Any, mark: str = "。") -> str:
    """Make a sentence end with punctuation: 加强领导 → 加强领导。; 加强领导， → 加强领导。;
    text already ending in 。！？；：… or a closing bracket is kept."""
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
    "metric_cells": metric_cells,
    "duty_line": duty_line,
    "join_cn": join_cn,
    "cell_lines": cell_lines,
    "end_with": end_with,
}
FILTERS.update(REPORT_FILTERS)  # 各单位主要指标汇总表, rankings, chart rows (plan links, roll-ups, charts)

__all__ = list(FILTERS) + ["FILTERS", "DateValue", "PERCENT_UNITS", "is_percent_unit", "CELL_BREAK"]
