"""Data that are valid but probably not what the person meant: warnings, never silent.

A warning does not stop a document (unless ``--strict``); it is shown by
``validate``, ``render`` and the ``batch`` table, at its place. Each check
here looks at one validated record (or one list of records):

- a rate typed as a fraction: 0.956 with unit % (是否应为 95.6%？);
- a bare number or unit where a sentence belongs (标题 “学生近视率”, 内容 35.2);
- a title with nothing under it, where the record holds text;
- the same title twice in one list.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from edureport.core.errors import Problem
from edureport.intake.lists import NO_NAME
from edureport.templating.schema import RecordType

PERCENT_UNITS = ("%", "％", "百分比")
_NUMBER_ONLY = re.compile(r"^[+-]?\d+(?:[.,]\d+)?\s*(?:%|％|‰)?$")
_UNIT_WORDS = {"%", "％", "‰", "人", "名", "人次", "所", "个", "项", "次", "场", "元", "万元", "亿元", "间", "台",
               "套", "册", "节", "班", "平方米", "亩", "小时", "天", "年", "件", "篇", "家", "户", "位", "座", "辆"}
SENTENCE_FIELDS = ("title", "text", "points", "measures")

Locate = Callable[[str], str]  # field key → its place (cell or file:line)


def _warning(message: str, place: str, path: str, suggestion: str = "") -> Problem:
    return Problem(message, location=place, path=path, suggestion=suggestion, severity="warning")


def looks_like_data(text: str) -> bool:
    """35.2, 96.8%, 人, % — a figure or a unit, not a sentence."""
    text = text.strip().rstrip("。")
    return bool(_NUMBER_ONLY.match(text)) or text in _UNIT_WORDS


def _percent_text(number: float | Decimal) -> str:
    return f"{float(number) * 100:.4g}%"


def fraction_as_percent(record: dict, record_type: RecordType, locate: Locate, path: str) -> list[Problem]:
    """0 < value ≤ 1 with unit %: most likely a rate typed as a fraction (or a General cell)."""
    unit = str(record.get("unit") or "").strip()
    if unit not in PERCENT_UNITS:
        return []
    found = []
    for key, spec in record_type.fields.items():
        value = record.get(key)
        if spec.type == "number" and isinstance(value, (int, float, Decimal)) and 0 < value <= 1:
            found.append(_warning(f"“{spec.alias}”是 {value:g}，计量单位是 %：是否应为 {_percent_text(value)}？",
                                  locate(key), f"{path}.{key}",
                                  f"百分数请填 {value * 100:g}（不带 %）；若确实是 {value:g}%，可忽略本提示"))
    return found


def data_as_text(record: dict, record_type: RecordType, locate: Locate, path: str) -> list[Problem]:
    """A number or a unit as a title, a paragraph or a point: a figure typed into a text sheet."""
    found = []
    for key in SENTENCE_FIELDS:
        spec = record_type.fields.get(key)
        value = record.get(key)
        if spec is None or not value:
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and text.strip() in NO_NAME:
                found.append(_warning(f"“{spec.alias}”只写了“{text.strip()}”：文件中会照印这个字", locate(key),
                                      f"{path}.{key}", "没有内容时请留空"))
                break
            if isinstance(text, str) and looks_like_data(text):
                metrics = record_type.fields.get("metrics")
                where = f"“{metrics.alias}”工作表（指标名称、数值、计量单位）" if metrics else "数值类字段"
                found.append(_warning(f"“{spec.alias}”只有“{text}”：这是数字或单位，不是一句话", locate(key),
                                      f"{path}.{key}", f"数据请填在{where}；或把这一格写成完整的句子"))
                break
    return found


def title_without_text(record: dict, record_type: RecordType, locate: Locate, path: str) -> list[Problem]:
    """A titled item with nothing under it, in a record type meant to hold text."""
    if "text" not in record_type.fields or not record.get("title"):
        return []
    if any(record.get(key) not in (None, "", [], {}) for key in record_type.fields if key != "title"):
        return []
    text_field = record_type.fields["text"]
    return [_warning(f"“{record['title']}”只有标题，没有{text_field.alias}", locate("title"), f"{path}.title",
                     f"请在“{text_field.alias}”中写这一项的具体内容，或删除这一项")]


def record_warnings(record: dict, record_type: RecordType, locate: Locate, path: str) -> list[Problem]:
    return (fraction_as_percent(record, record_type, locate, path) + data_as_text(record, record_type, locate, path)
            + title_without_text(record, record_type, locate, path))


def repeated_titles(records: list[dict], places: list[str], path: str, list_name: str) -> list[Problem]:
    """The same title twice in one list: usually a row pasted twice."""
    seen: dict[str, str] = {}
    found = []
    for index, (record, place) in enumerate(zip(records, places)):
        title = record.get("title") if isinstance(record, dict) else None
        if not title:
            continue
        if title in seen:
            found.append(_warning(f"“{list_name}”中标题“{title}”出现了两次（{seen[title]} 已有）", place,
                                  f"{path}[{index}].title", "若是重复粘贴，请删除其中一项"))
        else:
            seen[title] = place
    return found
