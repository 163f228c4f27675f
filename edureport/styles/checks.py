"""What a style file may say: every value checked before it reaches a writer.

A wrong value (``size: 大``, ``color: red``, ``width: -5``) would otherwise crash
the writer or, worse, produce a .docx Word refuses to open. Each problem names
the file and the key.
"""
from __future__ import annotations

import re
from pathlib import Path

from edureport.core.errors import Problem

_NUMBER = (int, float)
_COLOR = re.compile(r"^[0-9A-Fa-f]{6}$")
_ALIGNMENTS = {"left", "right", "center", "both", "distribute", "justify"}
# role key → (check, what is expected)
_ROLE_KEYS = {
    "font": (lambda v: isinstance(v, str) and 0 < len(v) <= 31, "字体名称（1～31 个字符）"),
    "latin": (lambda v: isinstance(v, str) and 0 < len(v) <= 31, "字体名称（1～31 个字符）"),
    "size": (lambda v: _between(v, 1, 400), "1～400 之间的字号（磅）"),
    "line": (lambda v: v is None or _between(v, 1, 400), "1～400 之间的行距（磅）"),
    "indent": (lambda v: _between(v, -20, 40), "-20～40 之间的字符数"),
    "indent_left": (lambda v: _between(v, 0, 40), "0～40 之间的字符数"),
    "indent_right": (lambda v: _between(v, 0, 40), "0～40 之间的字符数"),
    "align": (lambda v: v in _ALIGNMENTS, "、".join(sorted(_ALIGNMENTS))),
    "bold": (lambda v: isinstance(v, bool), "true 或 false"),
    "char_spacing": (lambda v: _between(v, -10, 10), "-10～10 之间的磅值"),
    "outline": (lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 9), "1～9 的整数"),
    "color": (lambda v: v is None or (isinstance(v, str) and bool(_COLOR.match(v))), "六位十六进制颜色，如 FF0000"),
    "chars_per_line": (lambda v: _between(v, 1, 200), "1～200 的整数"),
    "blank_after": (lambda v: _between(v, 0, 10), "0～10 的整数"),
}
_PAGE_KEYS = {"width": (2000, 40000), "height": (2000, 40000), "margin_top": (0, 20000), "margin_bottom": (0, 20000),
              "margin_left": (0, 20000), "margin_right": (0, 20000), "header": (0, 20000), "footer": (0, 20000),
              "line_pitch": (100, 2000), "lines_per_page": (1, 200), "chars_per_line": (1, 200)}


def _between(value, low: float, high: float) -> bool:
    return isinstance(value, _NUMBER) and not isinstance(value, bool) and low <= value <= high


def check_style(data: dict, path: Path) -> list[Problem]:
    """Every problem of a (merged) style's data; an empty list when it can be used."""
    where = str(path)
    problems: list[Problem] = []

    def bad(key: str, expected: str, found) -> None:
        problems.append(Problem(f"样式文件中“{key}”的值不正确", location=where, expected=expected, found=str(found)[:60]))

    page = data.get("page")
    if not isinstance(page, dict):
        bad("page", "页面设置（width、height、margin_* 等，单位 twips）", page)
    else:
        for key, (low, high) in _PAGE_KEYS.items():
            if key in page and not (_between(page[key], low, high) and float(page[key]).is_integer()):
                bad(f"page.{key}", f"{low}～{high} 之间的整数", page[key])
        for key in ("width", "height", "margin_top", "margin_bottom", "margin_left", "margin_right"):
            if key not in page:
                problems.append(Problem(f"样式文件的 page 中缺少“{key}”", location=where))
        if not problems and page["margin_left"] + page["margin_right"] >= page["width"] - 1000:
            bad("page.margin_left/margin_right", "左右页边距之和小于页宽", page["margin_left"] + page["margin_right"])
    numbering = data.get("numbering")
    if not (isinstance(numbering, list) and numbering and all(isinstance(n, str) for n in numbering)):
        bad("numbering", "各级标题序号的列表，如 [\"{cn}、\", \"（{cn}）\"]", numbering)
    roles = data.get("roles")
    if not isinstance(roles, dict):
        bad("roles", "各类文字的样式（body、title 等）", roles)
        return problems
    for name, options in roles.items():
        if not isinstance(options, dict):
            bad(f"roles.{name}", "“键: 值”映射，如 {font: 仿宋_GB2312, size: 16}", options)
            continue
        for key, value in options.items():
            check = _ROLE_KEYS.get(key)
            if check is not None and not check[0](value):
                bad(f"roles.{name}.{key}", check[1], value)
    latin = data.get("latin_font", "Times New Roman")
    if not (isinstance(latin, str) and latin):
        bad("latin_font", "字体名称", latin)
    return problems
