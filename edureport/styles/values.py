"""Values of a style profile as an office writes them, turned into canonical ones.

Sizes the way an office does (三号, 小四, 16磅), line spacing as Word shows it
(固定值28磅, 28.95磅) or in twips (579缇), lengths in millimetres or twips,
Chinese alignment words and yes/no. Each parser returns the canonical value
(points, twips, English keywords) or raises :class:`ValueFault` saying what
was expected; :func:`between` adds the range a key allows. Which key takes
which parser is :mod:`edureport.styles.schema`.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

# 字号 names → points (GB/T 148 and Word's size list)
SIZE_NAMES = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
              "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5}
ALIGN_NAMES = {"left": "left", "center": "center", "right": "right", "both": "both", "distribute": "distribute",
               "左": "left", "左对齐": "left", "居左": "left", "居中": "center", "中": "center", "右": "right",
               "右对齐": "right", "居右": "right", "两端对齐": "both", "分散对齐": "distribute"}
YES = {True, "true", "yes", "是", "加粗", "粗体"}
NO = {False, "false", "no", "否", "不加粗", "常规"}
# Font families a 公文 uses (Windows, WPS, 方正, macOS, Linux substitutes); others are caught as typos.
KNOWN_FONTS = {
    "仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "仿宋_GBK", "楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312",
    "楷体_GBK", "黑体", "SimHei", "宋体", "SimSun", "新宋体", "NSimSun", "微软雅黑", "Microsoft YaHei", "等线", "DengXian",
    "小标宋", "华文中宋", "华文仿宋", "华文楷体", "华文宋体", "华文黑体", "STZhongsong", "STFangsong", "STKaiti", "STSong",
    "STHeiti", "標楷體", "新細明體", "細明體", "微軟正黑體", "DFKai-SB", "PMingLiU", "MingLiU", "Microsoft JhengHei",
    "Times New Roman", "Arial", "Calibri", "Cambria", "Courier New", "Helvetica",
}
KNOWN_FONT_PREFIXES = ("方正", "汉仪", "華康", "华康", "文鼎", "思源", "Noto ", "Source Han", "AR PL", "FZ", "WenQuanYi")
COLOR_NAMES = {"红": "FF0000", "红色": "FF0000", "黑": "000000", "黑色": "000000", "red": "FF0000", "black": "000000"}


class ValueFault(ValueError):
    """A value that is not what its key expects; ``expected`` says what would be."""

    def __init__(self, expected: str, suggestion: str = ""):
        super().__init__(expected)
        self.expected, self.suggestion = expected, suggestion


class OutOfRange(ValueFault):
    """A value read fine but beyond what its key allows (a 500 磅 字号, a page 2 cm wide)."""


def between(parse: Callable[[Any], float], low: float, high: float, noun: str) -> Callable[[Any], Any]:
    """``parse``, then refuse a result outside ``low``…``high`` (``noun`` names what is counted)."""
    def parse_within(value: Any) -> Any:
        result = parse(value)
        if not low <= result <= high:
            raise OutOfRange(f"{low:g}～{high:g} {noun}")
        return result
    return parse_within


def _number(value: Any, units: tuple[str, ...] = ()) -> float:
    if isinstance(value, bool):
        raise ValueFault("数字")
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    for unit in units:
        if text.endswith(unit):
            text = text[: -len(unit)].strip()
            break
    try:
        return float(text)
    except ValueError:
        raise ValueFault("数字" + (f"（可带单位 {'、'.join(units)}）" if units else "")) from None


def size_pt(value: Any) -> float:
    """三号 → 16, 小四 → 12, 16 / 16磅 / 16pt → 16."""
    if isinstance(value, str) and value.strip() in SIZE_NAMES:
        return float(SIZE_NAMES[value.strip()])
    try:
        size = _number(value, ("磅", "pt", "point"))
    except ValueFault:
        typed = str(value).strip()
        close = [n for n in SIZE_NAMES if typed[:1] == n[:1]] or \
            difflib.get_close_matches(typed, list(SIZE_NAMES), n=1, cutoff=0.3)  # 三呺 → 三号, not 小三
        raise ValueFault("字号名（初号…八号、小四）或磅值（16、16磅）",
                         f"您是不是要写“{close[0]}”？" if close else "") from None
    if not 1 <= size <= 200:
        raise OutOfRange("1～200 磅之间的字号")
    return size


def line_pt(value: Any) -> float:
    """Exact line spacing: 28.95 / 28.95磅 / 固定值28磅 / 579缇 (twips) / 579twips → points."""
    text = str(value).strip()
    if text.startswith("固定值"):
        text = text[3:]
    for unit in ("缇", "twips", "twip"):
        if text.endswith(unit):
            return _number(text[: -len(unit)]) / 20
    try:
        line = _number(text if isinstance(value, str) else value, ("磅", "pt"))
    except ValueFault:
        raise ValueFault("固定行距：磅值（28.95、28.95磅、固定值28磅）或缇值（579缇）") from None
    if not 1 <= line <= 200:
        raise OutOfRange("1～200 磅之间的行距")
    return line


def chars(value: Any) -> float:
    """Indents in characters: 2 / 2字 / 2字符."""
    return _number(value, ("字符", "字"))


def points(value: Any) -> float:
    return _number(value, ("磅", "pt"))


def twips(value: Any) -> int:
    """Page lengths: twips (an integer), or 37mm / 37毫米 / 3.7cm / 3.7厘米."""
    text = str(value).strip()
    for unit, factor in (("毫米", 1), ("mm", 1), ("厘米", 10), ("cm", 10)):
        if text.endswith(unit):
            return round(_number(text[: -len(unit)]) * factor * 1440 / 25.4)
    number = _number(value, ("缇", "twips"))
    return round(number)


def align(value: Any) -> str:
    text = str(value).strip()
    if text in ALIGN_NAMES:
        return ALIGN_NAMES[text]
    raise ValueFault("left、center、right、both（或 左对齐、居中、右对齐、两端对齐）")


def yes_no(value: Any) -> bool:
    key = value.strip().lower() if isinstance(value, str) else value
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueFault("true 或 false（是 / 否）")


def font(value: Any) -> str:
    name = str(value).strip()
    if len(name) > 31:  # Word's limit for a font name
        raise OutOfRange("1～31 个字符的字体名称")
    if name in KNOWN_FONTS or name.startswith(KNOWN_FONT_PREFIXES):
        return name
    close = difflib.get_close_matches(name, sorted(KNOWN_FONTS), n=1, cutoff=0.5)
    raise ValueFault("已知的字体名（如 仿宋_GB2312、黑体、楷体_GB2312、方正小标宋简体、Times New Roman）",
                     f"您是不是要写“{close[0]}”？" if close else "字体名要和 Word 字体列表中的写法完全一致")


def color(value: Any) -> str:
    text = str(value).strip().lstrip("#")
    if text in COLOR_NAMES:
        return COLOR_NAMES[text]
    if re.fullmatch(r"[0-9A-Fa-f]{6}", text):
        return text.upper()
    raise ValueFault("六位十六进制颜色（FF0000）或 红色、黑色")


def level(value: Any) -> int:
    number = _number(value)
    if number not in (1, 2, 3, 4):
        raise OutOfRange("1～4 的大纲级别")
    return int(number)


def whole(value: Any) -> int:
    number = _number(value)
    if number != int(number) or number < 0:
        raise ValueFault("不小于 0 的整数")
    return int(number)


def text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise ValueFault("一段文字")
    return str(value)


def side(value: Any) -> str:
    result = align(value)
    if result not in ("left", "right", "center"):
        raise ValueFault("left、right 或 center")
    return result


def colors(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ValueFault("颜色列表，如 [\"404040\", \"A6A6A6\"]")
    return [color(item) for item in value]


def numbering(value: Any) -> list[str]:
    """Heading numbers by level: [“{cn}、”, “（{cn}）”, “{n}.”, “（{n}）”]."""
    if not (isinstance(value, list) and value and all(isinstance(item, str) for item in value)):
        raise ValueFault("各级标题序号的列表，如 [\"{cn}、\", \"（{cn}）\"]")
    return value
