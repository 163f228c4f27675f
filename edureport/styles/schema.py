"""The style-profile format, checked: every section, role, key and value a profile may hold.

One table says what each key takes (its parser in :mod:`edureport.styles.values`,
with the range it allows). :func:`check_profile` checks one profile file against
it and turns its values into canonical ones (points, twips, English keywords);
:func:`check_merged` checks what only the whole ``extends`` chain can tell (the
page keys every profile needs, margins narrower than the page). Every fault
names its file:line (in the file that set the value) and, where it can, a
suggestion -- nothing is silently ignored. ``docs/template-authoring.md``
carries the reference table :func:`reference_table` makes from this module.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from edureport.core.errors import InputError, Problem
from edureport.core.suggest import WRITE, suggest
from edureport.styles.values import (
    SIZE_NAMES,
    OutOfRange,
    ValueFault,
    align,
    between,
    chars,
    color,
    colors,
    font,
    level,
    line_pt,
    numbering,
    points,
    side,
    size_pt,
    text,
    twips,
    whole,
    yes_no,
)

__all__ = ["ROLE_KEYS", "ROLES", "GRID_ROLES", "PAGE_KEYS", "SECTIONS", "Places", "check_profile", "check_merged",
           "reference_table", "size_pt", "line_pt"]

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
    "indent": Key(between(chars, -20, 40, "字"), "首行缩进（字）", "2字"),
    "indent_left": Key(between(chars, 0, 40, "字"), "左缩进（字）", "1字"),
    "indent_right": Key(between(chars, 0, 40, "字"), "右缩进（字）", "1字"),
    "align": Key(align, "对齐", "两端对齐 / both"),
    "bold": Key(yes_no, "加粗", "否 / false"),
    "char_spacing": Key(between(points, -10, 10, "磅"), "字间距（磅，负数为紧缩）", "-0.25磅"),
    "outline": Key(level, "Word 大纲级别（导航窗格）", "1"),
    "color": Key(color, "文字颜色", "红色 / FF0000"),
    "chars_per_line": Key(between(points, 1, 200, "字"), "标题每行最多字数（回行用）", "20"),
    "blank_after": Key(between(whole, 0, 10, "行"), "标题下空行数", "1"),
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
_PAPER = between(twips, 2000, 40000, "缇（1 毫米约 57 缇）")
_MARGIN = between(twips, 0, 20000, "缇（1 毫米约 57 缇）")
PAGE_KEYS = {
    "width": Key(_PAPER, "纸宽", "11906 / 210mm"), "height": Key(_PAPER, "纸高", "16838 / 297mm"),
    "margin_top": Key(_MARGIN, "上白边", "37mm"), "margin_bottom": Key(_MARGIN, "下白边", "35mm"),
    "margin_left": Key(_MARGIN, "左白边", "28mm"), "margin_right": Key(_MARGIN, "右白边", "26mm"),
    "header": Key(_MARGIN, "页眉距页边", "851"), "footer": Key(_MARGIN, "页脚距页边", "1304"),
    "line_pitch": Key(between(twips, 100, 2000, "缇"), "文档网格行距（缇）；通常由 line 算出", "579"),
    "lines_per_page": Key(between(whole, 1, 200, "行"), "每页行数；通常由 line 算出", "22"),
    "chars_per_line": Key(between(whole, 1, 200, "字"), "每行字数", "28"),
}
REQUIRED_PAGE_KEYS = ("width", "height", "margin_top", "margin_bottom", "margin_left", "margin_right")
REQUIRED_SECTIONS = ("page", "roles", "numbering")
MIN_TEXT_WIDTH = 1000  # twips (about 18 mm): margins leaving less than this are surely a typo
SECTIONS = {
    "name": "样式名", "description": "说明", "extends": "继承的样式", "page": "页面", "line": "全文固定行距（文档网格）",
    "latin_font": "数字和西文字体", "numbering": "各级标题编号", "runin_end": "段中标题后的标点", "roles": "各类文字",
    "table": "表格线和单元格边距", "imprint": "版记分隔线", "check": "edureport check 的容差", "redhead": "红头",
    "script": "生成文字的字形", "script_variant": "繁体地区写法", "scripts": "其他字形改用的样式",
    "chart": "原生 Word 图表（::: chart）",
}


CHART_KEYS = {
    "height_mm": Key(points, "竖条图的高度（毫米）", "85"),
    "horizontal_from": Key(whole, "类别达到这个数目时改用横条图", "7"),
    "horizontal_chars": Key(whole, "或类别数 × 最长名称字数超过这个数时改用横条图", "48"),
    "row_mm": Key(points, "横条图每一条的高度（毫米）", "9"),
    "colors": Key(colors, "各组数据的颜色（依次使用）", "[404040, A6A6A6]"),
    "reference_color": Key(color, "参考线（100%、全区）的颜色", "C00000"),
    "gridline_color": Key(color, "网格线颜色", "D9D9D9"),
}
KEYED_SECTIONS = {"page": (PAGE_KEYS, "页面设置"), "chart": (CHART_KEYS, "图表设置")}
SECTION_PARSERS: dict[str, Callable[[Any], Any]] = {"line": line_pt, "latin_font": font, "runin_end": text,
                                                    "name": text, "description": text, "extends": text,
                                                    "numbering": numbering}


# -- checking a file ---------------------------------------------------------------------
class Places:
    """file:line of every key of a profile, by key path; along an ``extends`` chain, of the file
    that set the value."""

    def __init__(self, path: Path, lines: dict[tuple, str] | None = None):
        self.path, self.lines = path, lines or {}

    @classmethod
    def of(cls, path: Path, source: str) -> Places:
        places = cls(path)
        try:
            places._walk(yaml.compose(source), ())
        except yaml.YAMLError:
            pass  # the loader reports syntax errors itself
        return places

    def _walk(self, node, at: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = at + (str(key.value),)
                self.lines[here] = f"{self.path}:{key.start_mark.line + 1}"
                self._walk(value, here)

    def over(self, base: Places) -> Places:
        """These places on top of ``base``'s: this file extends that one."""
        return Places(self.path, {**base.lines, **self.lines})

    def __call__(self, *at: str) -> str:
        while at and at not in self.lines:
            at = at[:-1]
        return self.lines[at] if at else str(self.path)


def _suggest(name: str, choices) -> str:
    return suggest(name, choices, verb=WRITE) or f"可用的有：{'、'.join(choices)}"


def check_profile(data: dict, path: Path, source: str) -> tuple[dict, Places]:
    """``data`` (one profile file) with canonical values, and the file:line of its keys; every
    fault is raised together, each at file:line."""
    where = Places.of(path, source)
    problems: list[Problem] = []
    out: dict[str, Any] = {}

    def fault(at: tuple, message: str, expected: str = "", suggestion: str = "") -> None:
        problems.append(Problem(message, location=where(*at), expected=expected, suggestion=suggestion))

    def parsed(at: tuple, key: Key | Callable, value: Any, label: str) -> Any:
        try:
            return (key.parse if isinstance(key, Key) else key)(value)
        except ValueFault as exc:
            wrong = "超出允许范围" if isinstance(exc, OutOfRange) else "无法识别"
            fault(at, f"{label}的值“{value}”{wrong}", exc.expected, exc.suggestion)
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
    return out, where


def check_merged(data: dict, where: Places) -> list[Problem]:
    """What only the whole ``extends`` chain can tell: the sections and page keys every profile
    needs, and side margins that leave room for text. Each fault at the file:line that set the value."""
    problems = [Problem(f"样式文件缺少“{section}”部分", location=where(), suggestion="可写 extends: gbt9704，只写与默认样式不同之处")
                for section in REQUIRED_SECTIONS if section not in data]
    page = data.get("page") or {}
    missing = [key for key in REQUIRED_PAGE_KEYS if page.get(key) is None]
    problems += [Problem(f"样式文件的 page 中缺少“{key}”", location=where("page"), suggestion=f"{PAGE_KEYS[key].meaning}，如 {PAGE_KEYS[key].example}")
                 for key in missing]
    if not missing and page["margin_left"] + page["margin_right"] >= page["width"] - MIN_TEXT_WIDTH:
        problems.append(Problem("左右白边之和几乎等于或超过纸宽，版心放不下文字", location=where("page", "margin_left"),
                                expected=f"margin_left 与 margin_right 之和小于 {page['width'] - MIN_TEXT_WIDTH} 缇",
                                found=f"{page['margin_left']} + {page['margin_right']} = {page['margin_left'] + page['margin_right']} 缇"))
    return problems


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
