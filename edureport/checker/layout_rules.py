"""Rules on the page: paper size, margins, lines per page and characters per
line, and the page number in the footer."""
from __future__ import annotations

import math
from collections import Counter

from edureport.checker.docx_reader import DocxContent, ParagraphFormat, Section
from edureport.checker.format_rules import FormatRules
from edureport.checker.report import ERROR, WARNING, finding, size_name, snippet
from edureport.checker.roles import Classified
from edureport.core.errors import Problem
from edureport.styles.profile import Profile

TWIPS_PER_MM = 1440 / 25.4
PAGE_TOLERANCE = 20  # twips
_MARGIN_CN = {"top": "上", "bottom": "下", "left": "左", "right": "右"}


def _mm(twips: float) -> str:
    return f"{twips / TWIPS_PER_MM:.1f}".rstrip("0").rstrip(".") + "毫米"


def check_page(content: DocxContent, profile: Profile) -> list[Problem]:
    page = profile.page
    tolerance = int(profile.data.get("check", {}).get("margin_tolerance", 28))
    findings = []
    for section in content.sections:
        where = "页面设置" if len(content.sections) == 1 else f"第{section.number}节页面设置"
        width, height = (section.height, section.width) if section.landscape else (section.width, section.height)
        if abs(width - page["width"]) > PAGE_TOLERANCE or abs(height - page["height"]) > PAGE_TOLERANCE:
            findings.append(finding("page", ERROR, "纸张大小不符", where,
                                    expected=f"A4（{_mm(page['width'])}×{_mm(page['height'])}）",
                                    found=f"{_mm(section.width)}×{_mm(section.height)}"))
        if section.landscape:
            continue  # a landscape attachment page has its own margins
        for side in ("top", "bottom", "left", "right"):
            expected, found = page[f"margin_{side}"], section.margins[side]
            if abs(found - expected) > tolerance:
                findings.append(finding("page", ERROR, f"{_MARGIN_CN[side]}页边距不符", where,
                                        expected=_mm(expected), found=_mm(found)))
    return findings


def _body_line(items: list[Classified]) -> tuple[float | None, str, ParagraphFormat | None]:
    """The line spacing most body paragraphs use, and the first paragraph using it."""
    body = [c.paragraph for c in items if c.role in ("body", "heading1", "heading2", "heading3", "heading4")]
    if not body:
        return None, "auto", None
    (line, rule), _ = Counter((p.line, p.line_rule) for p in body).most_common(1)[0]
    first = next(p for p in body if (p.line, p.line_rule) == (line, rule))
    return line, rule, first


def check_grid(content: DocxContent, items: list[Classified], profile: Profile) -> list[Problem]:
    """22 lines of 28 characters a page (GB/T 9704 5.2.2)."""
    page, findings = profile.page, []
    section = next((s for s in content.sections if not s.landscape), None)
    if section is None:
        return []
    line, rule, sample = _body_line(items)
    if sample is None:
        return []
    body = profile.role("body")
    where = finding("grid", ERROR, "", sample.location, sample.number, snippet(sample.text))
    text_height = (section.height - section.margins["top"] - section.margins["bottom"]) / 20
    if rule in ("exact", "atLeast") and line:
        pitch = line
    elif section.grid_type in ("lines", "linesAndChars", "snapToChars") and section.line_pitch:
        pitch = section.line_pitch / 20 * max(line or 1, 1)
    else:
        pitch = sample.main_size * 1.3 * (line or 1)  # single spacing of a CJK font is about 1.3 × its size
    lines = math.floor(text_height / pitch + 0.01)
    expected_lines = int(page.get("lines_per_page", 22))
    spacing = f"固定值{line:g}磅" if rule == "exact" else f"最小值{line:g}磅" if rule == "atLeast" \
        else f"{line or 1:g}倍行距"
    if lines != expected_lines:
        findings.append(_at(where, ERROR, "每页行数不符（正文行距决定）",
                            f"每页{expected_lines}行（固定值{(body.line or 0):g}磅）", f"约每页{lines}行（{spacing}）"))
    elif section.grid_type == "default":
        findings.append(_at(where, WARNING, "没有设置文档网格（每页行数），换台电脑或改字号后行数可能变化",
                            f"文档网格每页{expected_lines}行", "无网格"))
    char_findings = _chars_per_line(section, items, page, where)
    return findings + char_findings


def _chars_per_line(section: Section, items: list[Classified], page: dict, where: Problem) -> list[Problem]:
    runs = [r for c in items if c.role == "body" for r in c.paragraph.runs if r.text.strip()]
    if not runs:
        return []
    size, spacing = Counter((r.size, r.spacing) for r in runs).most_common(1)[0][0]
    extra = section.char_space / 4096 if section.grid_type == "linesAndChars" and section.char_space else 0
    text_width = (section.width - section.margins["left"] - section.margins["right"]) / 20
    chars = math.floor(text_width / (size + spacing + extra) + 0.01)
    expected = int(page.get("chars_per_line", 28))
    if chars == expected:
        return []
    return [_at(where, WARNING, "每行字数不符（字号、字间距和版心宽度决定）", f"每行{expected}字", f"每行约{chars}字")]


def _at(where: Problem, severity: str, message: str, expected: str, found: str) -> Problem:
    return finding(where.rule, severity, message, where.location, where.paragraph, where.snippet, expected, found)


def check_page_number(content: DocxContent, profile: Profile, rules: FormatRules) -> list[Problem]:
    """页码 (GB/T 9704 7.5): 4号半角宋体阿拉伯数字 between dashes; odd pages right, even pages left."""
    options = profile.role_options("page_number")
    if not options:
        return []
    role = profile.role("page_number")
    findings: list[Problem] = []
    section = content.sections[0] if content.sections else None
    if section is None:
        return []
    numbered = {kind: next((p for p in paragraphs if p.has_page_field), None)
                for kind, paragraphs in section.footers.items()}
    if not any(numbered.values()):
        return [finding("page_number", ERROR, "页脚中没有页码", "页脚", expected="“— 1 —”式页码（四号宋体）",
                        found="无页码")]
    if not content.even_and_odd and not any(p and p.frame_align == "outside" for p in numbered.values()):
        findings.append(finding("page_number", WARNING, "没有设置“奇偶页不同”，双页页码无法居左", "页脚",
                                expected="单页居右、双页居左", found="各页相同"))
    before, _, after = str(options.get("format", "— {page} —")).partition("{page}")
    for kind, side in (("default", options.get("odd", "right")), ("even", options.get("even", "left"))):
        p = numbered.get(kind)
        if kind == "even" and not content.even_and_odd:
            continue
        if p is None:
            label = "偶数页页脚" if kind == "even" else "页脚"
            findings.append(finding("page_number", ERROR, "页脚中没有页码", label, found="无页码"))
            continue
        where = finding("page_number", ERROR, "", p.location, None, snippet(p.text))
        placed = p.frame_align or p.align
        if placed != side and placed != "outside":  # a frame "outside" is right on odd, left on even pages
            findings.append(_at(where, ERROR, "页码位置不符", "居右" if side == "right" else "居左",
                                {"left": "居左", "right": "居右", "center": "居中"}.get(placed, placed)))
        sizes = {r.size for r in p.runs if r.text.strip()}
        wrong = [s for s in sizes if abs(s - role.size) > rules.size_tolerance]
        if wrong:
            findings.append(_at(where, ERROR, "页码字号不符", size_name(role.size), size_name(wrong[0])))
        text = p.text.strip()
        if before.strip() and not (text.startswith(before.strip()) and text.endswith(after.strip())):
            findings.append(_at(where, WARNING, "页码两侧应有一字线", options.get("format", "— {page} —")
                                .replace("{page}", "1"), text or "仅数字"))
        for run in p.runs:
            if run.text.strip() and run.latin.name and run.latin.name != role.latin and \
                    run.latin.name not in rules.similar.get(role.latin, []):
                findings.append(_at(where, WARNING, "页码数字字体不符", role.latin, run.latin.describe()))
                break
    return findings
