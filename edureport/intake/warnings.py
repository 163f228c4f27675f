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

# field key (or a list item's index) → (its place: cell or file:line, its English path)
Where = Callable[[str | int], tuple[str, str]]

# What a text must start with (after spaces) for data_as_text to warn: a sign, a digit, or the first
# character of a unit or of a “none” word. Ordinary sentences fail this one match and are not looked at further.
_MAYBE_DATA = re.compile(r"\s*[+\-\d" + "".join(sorted({re.escape(word[0]) for word in _UNIT_WORDS | NO_NAME})) + "]")


def _warning(message: str, where: tuple[str, str], suggestion: str = "") -> Problem:
    place, path = where
    return Problem(message, location=place, path=path, suggestion=suggestion, severity="warning")


def looks_like_data(text: str) -> bool:
    """35.2, 96.8%, 人, % — a figure or a unit, not a sentence."""
    text = text.strip().rstrip("。")
    return bool(_NUMBER_ONLY.match(text)) or text in _UNIT_WORDS


def _percent_text(number: float | Decimal) -> str:
    return f"{float(number) * 100:.4g}%"


_EMPTY = (None, "", [], {})  # what a field holds when nothing was written in it


class RecordWarnings:
    """The warnings one record type can give, with the fields each looks at worked out once per type
    (this runs for every record: a check that cannot apply to the type is not called at all)."""

    def __init__(self, record_type: RecordType):
        fields = record_type.fields
        self.fields = fields
        # a fraction typed for a percentage needs a unit beside the number
        self.number_keys = [key for key, spec in fields.items() if spec.type == "number"] if "unit" in fields else []
        self.sentence_keys = [key for key in SENTENCE_FIELDS if key in fields]
        # what may stand under a title; the text first, as it is what is usually there
        self.below_title = sorted((key for key in fields if key != "title"), key=lambda key: key != "text") if "text" in fields else None
        # the checks that can find something in this type (in the order their warnings are listed)
        self.checks = [check for check, applies in ((self.fraction_as_percent, self.number_keys),
                                                    (self.data_as_text, self.sentence_keys),
                                                    (self.title_without_text, self.below_title is not None)) if applies]

    def fraction_as_percent(self, record: dict, where: Where) -> list[Problem]:
        """0 < value ≤ 1 with unit %: most likely a rate typed as a fraction (or a General cell)."""
        unit = str(record.get("unit") or "").strip()
        if unit not in PERCENT_UNITS:
            return []
        found = []
        for key in self.number_keys:
            value = record.get(key)
            if isinstance(value, (int, float, Decimal)) and 0 < value <= 1:
                found.append(_warning(f"“{self.fields[key].alias}”是 {value:g}，计量单位是 %：是否应为 {_percent_text(value)}？",
                                      where(key), f"百分数请填 {value * 100:g}（不带 %）；若确实是 {value:g}%，可忽略本提示"))
        return found

    def data_as_text(self, record: dict, where: Where) -> list[Problem]:
        """A number or a unit as a title, a paragraph or a point: a figure typed into a text sheet."""
        found = []
        for key in self.sentence_keys:
            value = record.get(key)
            if not value:
                continue
            texts = value if isinstance(value, list) else (value,)
            for text in texts:
                if isinstance(text, str) and _MAYBE_DATA.match(text):
                    problem = self._data_as_text(key, text, where)
                    if problem is not None:
                        found.append(problem)
                        break
        return found

    def _data_as_text(self, key: str, text: str, where: Where) -> Problem | None:
        alias = self.fields[key].alias
        if text.strip() in NO_NAME:
            return _warning(f"“{alias}”只写了“{text.strip()}”：文件中会照印这个字", where(key), "没有内容时请留空")
        if looks_like_data(text):
            metrics = self.fields.get("metrics")
            sheet = f"“{metrics.alias}”工作表（指标名称、数值、计量单位）" if metrics else "数值类字段"
            return _warning(f"“{alias}”只有“{text}”：这是数字或单位，不是一句话", where(key),
                            f"数据请填在{sheet}；或把这一格写成完整的句子")
        return None

    def title_without_text(self, record: dict, where: Where) -> list[Problem]:
        """A titled item with nothing under it, in a record type meant to hold text."""
        if not record.get("title"):
            return []
        for key in self.below_title:
            if record.get(key) not in _EMPTY:
                return []
        text_field = self.fields["text"]
        return [_warning(f"“{record['title']}”只有标题，没有{text_field.alias}", where("title"),
                         f"请在“{text_field.alias}”中写这一项的具体内容，或删除这一项")]


def repeated_titles(records: list[dict], place: Callable[[int], str], list_path: str, list_name: str) -> list[Problem]:
    """The same title twice in one list: usually a row pasted twice. ``place(index)`` is where an item is."""
    first_index: dict[str, int] = {}
    found = []
    for index, record in enumerate(records):
        title = record.get("title") if isinstance(record, dict) else None
        if not title:
            continue
        if title in first_index:
            found.append(_warning(f"“{list_name}”中标题“{title}”出现了两次（{place(first_index[title])} 已有）",
                                  (place(index), f"{list_path}[{index}].title"), "若是重复粘贴，请删除其中一项"))
        else:
            first_index[title] = index
    return found
