"""The style-profile format, checked: every section, role, key and value a profile may hold.

A template author writes sizes the way an office does (三号, 小四, 16磅), line
spacing as Word shows it (固定值28磅, 28.95磅) or in twips (579缇), lengths in
millimetres or twips, Chinese alignment words and yes/no. :func:`check_profile`
turns one profile file into canonical values (points, twips, English keywords)
and reports every unknown section, role, key or value with its file:line and a
suggestion -- nothing is silently ignored. ``docs/template-authoring.md``
carries the reference table :func:`reference_table` makes from this module.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from edureport.core.errors import InputError, Problem
from edureport.core.suggest import WRITE, suggest

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
        raise ValueFault("1～200 磅之间的字号")
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
        raise ValueFault("1～200 磅之间的行距")
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
        raise ValueFault("1～4 的大纲级别")
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


@dataclass(frozen=True)
class Key:
    parse: Callable[[Any], Any]
    meaning: str
    example: str


ROLE_KEYS = {
    "font": Key(font, "中文字体（eastAsia）", "仿宋_GB2312"),
    "latin": Key(font, "数字和西文字体", "Times New Roman"),
    "size": Key(size_pt, "字号", "三号 / 16磅"),
    "line": Key(line_pt, "固定行距；不写则用全文的 line", "固定值28.95磅"),
    "indent": Key(chars, "首行缩进（字）", "2字"),
    "indent_left": Key(chars, "左缩进（字）", "1字"),
    "indent_right": Key(chars, "右缩进（字）", "1字"),
    "align": Key(align, "对齐", "两端对齐 / both"),
    "bold": Key(yes_no, "加粗", "否 / false"),
    "char_spacing": Key(points, "字间距（磅，负数为紧缩）", "-0.25磅"),
    "outline": Key(level, "Word 大纲级别（导航窗格）", "1"),
    "color": Key(color, "文字颜色", "红色 / FF0000"),
    "chars_per_line": Key(points, "标题每行最多字数（回行用）", "20"),
    "blank_after": Key(whole, "标题下空行数", "1"),
    "format": Key(text, "页码格式，{page} 为页码", "— {page} —"),
    "odd": Key(side, "奇数页页码位置", "right"),
    "even": Key(side, "偶数页页码位置", "left"),
    "offset": Key(chars, "页码离版心边缘（字）", "1字"),
}
ROLES = {
    "body": "正文", "title": "标题", "subtitle": "副标题", "recipient": "主送机关",
    "heading1": "一级标题（一、）", "heading2": "二级标题（（一））", "heading3": "三级标题（1.）", "heading4": "四级标题（（1））",
    "table": "表格", "table_dense": "小字表格（列多时）", "table_header": "表头（未写的项同表格）",
    "attachment_note": "附件说明", "signature": "署名和成文日期", "attachment_label": "附件标识（附件1）",
    "attachment_title": "附件标题", "page_number": "页码", "imprint": "版记", "redhead": "发文机关标志（红头）",
    "doc_number": "发文字号和“签发人：”", "head_mark": "份号、密级、紧急程度", "signer_name": "签发人姓名",
    "chart_title": "图表标题（图表内）", "chart_label": "图表的坐标轴、图例和数据标签",
}
# roles that follow the document's line spacing unless they set their own
GRID_ROLES = set(ROLES) - {"page_number", "redhead", "table", "table_dense", "table_header", "chart_title", "chart_label"}
PAGE_KEYS = {
    "width": Key(twips, "纸宽", "11906 / 210mm"), "height": Key(twips, "纸高", "16838 / 297mm"),
    "margin_top": Key(twips, "上白边", "37mm"), "margin_bottom": Key(twips, "下白边", "35mm"),
    "margin_left": Key(twips, "左白边", "28mm"), "margin_right": Key(twips, "右白边", "26mm"),
    "header": Key(twips, "页眉距页边", "851"), "footer": Key(twips, "页脚距页边", "1304"),
    "line_pitch": Key(twips, "文档网格行距（缇）；通常由 line 算出", "579"),
    "lines_per_page": Key(whole, "每页行数；通常由 line 算出", "22"),
    "chars_per_line": Key(whole, "每行字数", "28"),
}
SECTIONS = {
    "name": "样式名", "description": "说明", "extends": "继承的样式", "page": "页面", "line": "全文固定行距（文档网格）",
    "latin_font": "数字和西文字体", "numbering": "各级标题编号", "runin_end": "段中标题后的标点", "roles": "各类文字",
    "table": "表格线和单元格边距", "imprint": "版记分隔线", "check": "edureport check 的容差", "redhead": "红头",
    "script": "生成文字的字形", "script_variant": "繁体地区写法", "scripts": "其他字形改用的样式",
    "chart": "原生 Word 图表（::: chart）",
}


def _colors(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ValueFault("颜色列表，如 [\"404040\", \"A6A6A6\"]")
    return [color(item) for item in value]


CHART_KEYS = {
    "height_mm": Key(points, "竖条图的高度（毫米）", "85"),
    "horizontal_from": Key(whole, "类别达到这个数目时改用横条图", "7"),
    "horizontal_chars": Key(whole, "或类别数 × 最长名称字数超过这个数时改用横条图", "48"),
    "row_mm": Key(points, "横条图每一条的高度（毫米）", "9"),
    "colors": Key(_colors, "各组数据的颜色（依次使用）", "[404040, A6A6A6]"),
    "reference_color": Key(color, "参考线（100%、全区）的颜色", "C00000"),
    "gridline_color": Key(color, "网格线颜色", "D9D9D9"),
}
KEYED_SECTIONS = {"page": (PAGE_KEYS, "页面设置"), "chart": (CHART_KEYS, "图表设置")}
SECTION_PARSERS: dict[str, Callable[[Any], Any]] = {"line": line_pt, "latin_font": font, "runin_end": text,
                                                    "name": text, "description": text, "extends": text}


# -- checking a file ---------------------------------------------------------------------
class _Places:
    """file:line of every key in a YAML file, by key path."""

    def __init__(self, path: Path, source: str):
        self.path, self.lines = path, {}
        try:
            self._walk(yaml.compose(source), ())
        except yaml.YAMLError:
            pass  # the loader reports syntax errors itself

    def _walk(self, node, at: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = at + (str(key.value),)
                self.lines[here] = key.start_mark.line + 1
                self._walk(value, here)

    def __call__(self, *at: str) -> str:
        while at and at not in self.lines:
            at = at[:-1]
        return f"{self.path}:{self.lines[at]}" if at else str(self.path)


def _suggest(name: str, choices) -> str:
    return suggest(name, choices, verb=WRITE) or f"可用的有：{'、'.join(choices)}"


def check_profile(data: dict, path: Path, source: str) -> dict:
    """``data`` (one profile file) with canonical values; every fault is raised together, each at file:line."""
    where = _Places(path, source)
    problems: list[Problem] = []
    out: dict[str, Any] = {}

    def fault(at: tuple, message: str, expected: str = "", suggestion: str = "") -> None:
        problems.append(Problem(message, location=where(*at), expected=expected, suggestion=suggestion))

    def parsed(at: tuple, key: Key | Callable, value: Any, label: str) -> Any:
        try:
            return (key.parse if isinstance(key, Key) else key)(value)
        except ValueFault as exc:
            fault(at, f"{label}的值“{value}”无法识别", exc.expected, exc.suggestion)
            return None

    for section, value in data.items():
        if section not in SECTIONS:
            fault((section,), f"未知的样式项“{section}”", suggestion=_suggest(section, SECTIONS))
        elif section == "roles":
            out["roles"] = _roles(value, fault, parsed)
        elif section in KEYED_SECTIONS:  # page: {width: …}, chart: {height_mm: …}
            keys, label = KEYED_SECTIONS[section]
            if not isinstance(value, dict):
                fault((section,), f"“{section}”应为映射")
                continue
            values = {}
            for key, item in value.items():
                if key not in keys:
                    fault((section, key), f"{label}中没有“{key}”", suggestion=_suggest(key, keys))
                else:
                    values[key] = parsed((section, key), keys[key], item, f"{section}.{key}")
            out[section] = values
        elif section in SECTION_PARSERS:
            out[section] = parsed((section,), SECTION_PARSERS[section], value, section)
        else:
            out[section] = value
    if problems:
        raise InputError(problems)
    return out


def _roles(value: Any, fault, parsed) -> dict:
    if not isinstance(value, dict):
        fault(("roles",), "“roles”应为映射：角色名 → {font: …, size: …}")
        return {}
    roles = {}
    for role, options in value.items():
        if role not in ROLES:
            fault(("roles", role), f"未知的角色“{role}”", suggestion=_suggest(role, ROLES))
            continue
        if not isinstance(options, dict):
            fault(("roles", role), f"角色“{role}”应为映射，如 {{font: 仿宋_GB2312, size: 三号}}")
            continue
        checked = {}
        for key, item in options.items():
            if key not in ROLE_KEYS:
                fault(("roles", role, key), f"角色“{role}”中没有“{key}”这一项", suggestion=_suggest(key, ROLE_KEYS))
                continue
            checked[key] = parsed(("roles", role, key), ROLE_KEYS[key], item, f"{role}.{key}")
        roles[role] = checked
    return roles


def reference_table() -> str:
    """The Markdown reference of roles and keys for docs/template-authoring.md (a test keeps it current)."""
    lines = ["| 角色 | 用于 |", "|---|---|"]
    lines += [f"| `{name}` | {meaning} |" for name, meaning in ROLES.items()]
    lines += ["", "| 角色中的项 | 含义 | 写法举例 |", "|---|---|---|"]
    lines += [f"| `{name}` | {key.meaning} | {key.example} |" for name, key in ROLE_KEYS.items()]
    lines += ["", "| 样式项 | 含义 |", "|---|---|"]
    lines += [f"| `{name}` | {meaning} |" for name, meaning in SECTIONS.items()]
    lines += ["", "| `page` 中的项 | 含义 | 写法举例 |", "|---|---|---|"]
    lines += [f"| `{name}` | {key.meaning} | {key.example} |" for name, key in PAGE_KEYS.items()]
    sizes = "、".join(f"{name} {pt:g}" for name, pt in SIZE_NAMES.items())
    lines += ["", f"字号名（磅）：{sizes}。"]
    return "\n".join(lines)
