"""Rules on how each paragraph looks: the Chinese font in effect, size, bold,
first-line indent and alignment, by the paragraph's role."""
from __future__ import annotations

import re

from edureport.checker.docx_reader import Font, ParagraphFormat, RunFormat
from edureport.checker.report import ERROR, WARNING, finding, size_name, snippet
from edureport.checker.roles import Classified
from edureport.core.errors import Problem
from edureport.styles.profile import Profile, Role

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019]")

# role in the document → (profile role, severity: error where GB/T 9704 says so, warning for practice)
ROLE_RULES = {
    "title": ("title", ERROR), "subtitle": ("subtitle", WARNING), "recipient": ("recipient", ERROR),
    "heading1": ("heading1", ERROR), "heading2": ("heading2", ERROR), "heading3": ("heading3", ERROR),
    "heading4": ("heading4", ERROR), "body": ("body", ERROR), "center": ("body", ERROR),
    "signature": ("signature", ERROR), "date": ("signature", ERROR), "attachment_note": ("attachment_note", ERROR),
    "attachment_label": ("attachment_label", ERROR), "attachment_title": ("attachment_title", WARNING),
    "table": ("table", WARNING), "table_header": ("table_header", WARNING), "imprint": ("imprint", ERROR),
    "redhead": ("redhead", WARNING), "doc_number": ("doc_number", ERROR),
}
ROLE_NAMES = {
    "title": "标题", "subtitle": "副标题", "recipient": "主送机关", "heading1": "一级标题", "heading2": "二级标题",
    "heading3": "三级标题", "heading4": "四级标题", "body": "正文", "center": "正文", "signature": "发文机关署名",
    "date": "成文日期", "attachment_note": "附件说明", "attachment_label": "附件标识", "attachment_title": "附件标题",
    "table": "表格", "table_header": "表头", "imprint": "版记", "redhead": "发文机关标志", "doc_number": "发文字号",
    "page_number": "页码",
}
INDENT_TOLERANCE = 0.15  # characters
LINE_TOLERANCE = 0.5  # pt


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


class FormatRules:
    def __init__(self, profile: Profile):
        self.profile = profile
        options = profile.data.get("check", {})
        self.similar: dict[str, list[str]] = options.get("similar_fonts", {})
        self.size_tolerance = float(options.get("size_tolerance", 0.25))
        self.roles_defined = set(profile.data["roles"])
        self.line_reported: set[tuple[str, float]] = set()

    def role(self, name: str) -> Role | None:
        if name not in self.roles_defined:
            return None
        if name == "table_header":
            return self.profile.role("table_header", "table")
        return self.profile.role(name)

    def table_sizes(self) -> set[float]:
        return {self.profile.role(name).size for name in ("table", "table_dense") if name in self.roles_defined}

    # -- fonts and sizes -------------------------------------------------------------
    def font_finding(self, expected: str, found: Font, where: Problem, severity: str, role_cn: str) -> Problem | None:
        if found.name == expected and not found.theme:
            return None
        if found.theme:
            return _with(where, "font", ERROR, f"{role_cn}的中文字体取自主题，换台电脑就会变样", expected, found.describe())
        if not found.name:
            return _with(where, "font", ERROR, f"{role_cn}没有设置中文字体", expected, "未设置")
        if found.name in self.similar.get(expected, []):
            return _with(where, "font", WARNING, f"{role_cn}使用了近似字体", expected, found.name)
        return _with(where, "font", severity, f"{role_cn}的中文字体不符", expected, found.name)

    def check_runs(self, runs: list[RunFormat], role_key: str, where: Problem, *,
                   check_bold: bool = True) -> list[Problem]:
        """Font, size and bold of ``runs`` against one role; at most one finding of each kind."""
        profile_role, severity = ROLE_RULES.get(role_key, (role_key, ERROR))
        role = self.role(profile_role)
        if role is None:
            return []
        role_cn = ROLE_NAMES.get(role_key, role_key)
        found: dict[str, Problem] = {}
        sizes = self.table_sizes() if role_key in ("table", "table_header") else {role.size}
        for run in runs:
            if not run.text.strip():
                continue
            if "font" not in found and has_cjk(run.text):
                problem = self.font_finding(role.font, run.east_asia, where, severity, role_cn)
                if problem:
                    found["font"] = problem
            if "size" not in found and role_key != "redhead" and \
                    all(abs(run.size - size) > self.size_tolerance for size in sizes):
                expected = "或".join(size_name(s) for s in sorted(sizes, reverse=True))
                found["size"] = _with(where, "size", severity, f"{role_cn}字号不符", expected, size_name(run.size))
            if check_bold and "bold" not in found and run.bold != role.bold and has_cjk(run.text):
                found["bold"] = _with(where, "bold", WARNING, f"{role_cn}{'应' if role.bold else '不应'}加粗",
                                      "加粗" if role.bold else "不加粗", "加粗" if run.bold else "不加粗")
        return list(found.values())

    # -- a paragraph -------------------------------------------------------------------
    def check(self, item: Classified) -> list[Problem]:
        p, role_key = item.paragraph, item.role
        if role_key == "blank":
            return []
        where = finding("", ERROR, "", p.location, p.number, snippet(p.text))
        findings: list[Problem] = []
        if role_key.startswith("heading"):
            end = item.heading_end or len(p.text)
            head = [r for r in p.runs if r.start < end]
            tail = [_tail(r, end) for r in p.runs if r.start + len(r.text) > end]
            findings += self.check_runs(head, role_key, where)
            findings += self.check_runs([r for r in tail if r.text.strip()], "body", where, check_bold=False)
        else:
            findings += self.check_runs(p.runs, role_key, where,
                                        check_bold=role_key in ("title", "attachment_label", "table_header"))
        findings += self.check_layout(p, role_key, where)
        findings += self.check_line(p, role_key, where)
        return _dedupe(findings)

    def check_line(self, p: ParagraphFormat, role_key: str, where: Problem) -> list[Problem]:
        """Exact line spacing of body text and headings against the profile (固定值28.95磅 in GB/T 9704)."""
        if role_key not in ("body", "recipient", "signature", "date") and not role_key.startswith("heading"):
            return []
        role = self.role(ROLE_RULES.get(role_key, (role_key,))[0])
        if role is None or not role.line or p.line is None or p.line_rule != "exact" or not p.text.strip():
            return []
        if abs(p.line - role.line) <= LINE_TOLERANCE or (role_key, p.line) in self.line_reported:
            return []
        self.line_reported.add((role_key, p.line))  # once per role and spacing, not on every paragraph
        role_cn = ROLE_NAMES.get(role_key, role_key)
        return [_with(where, "line", ERROR, f"{role_cn}行距不符", f"固定值{role.line:g}磅", f"固定值{p.line:g}磅")]

    def check_layout(self, p: ParagraphFormat, role_key: str, where: Problem) -> list[Problem]:
        role_cn = ROLE_NAMES.get(role_key, role_key)
        if role_key in ("title", "attachment_title", "subtitle") and p.align != "center":
            severity = ERROR if role_key == "title" else WARNING
            return [_with(where, "align", severity, f"{role_cn}应居中", "居中", _align_cn(p.align))]
        if role_key in ("body",) or role_key.startswith("heading"):
            role = self.role(role_key)
            expected = role.indent if role else 2
            found = effective_first_line(p)
            if abs(found - expected) > INDENT_TOLERANCE:
                severity = ERROR if role_key == "body" else WARNING
                return [_with(where, "indent", severity, f"{role_cn}首行缩进不符", f"首行缩进{expected:g}字",
                              _indent_cn(found))]
        return []


def effective_first_line(p: ParagraphFormat) -> float:
    """The first-line indent as the reader sees it: the indent plus leading spaces typed by hand."""
    leading = len(p.text) - len(p.text.lstrip(" \u3000"))
    spaces = p.text[:leading]
    return p.first_line + spaces.count("\u3000") + spaces.count(" ") * 0.5


def _tail(run: RunFormat, end: int) -> RunFormat:
    cut = max(end - run.start, 0)
    return RunFormat(run.text[cut:], run.start + cut, run.east_asia, run.latin, run.size, run.bold, run.spacing)


def _with(where: Problem, rule: str, severity: str, message: str, expected: str, found: str) -> Problem:
    return finding(rule, severity, message, where.location, where.paragraph, where.snippet, expected, found)


def _dedupe(findings: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for f in findings:
        key = (f.rule, f.expected, f.found)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _align_cn(align: str) -> str:
    return {"left": "左对齐", "right": "右对齐", "center": "居中", "both": "两端对齐",
            "distribute": "分散对齐"}.get(align, align)


def _indent_cn(chars: float) -> str:
    if abs(chars) < 0.05:
        return "无缩进"
    if chars < 0:
        return f"悬挂缩进{-chars:.1f}字".replace(".0字", "字")
    return f"首行缩进{chars:.1f}字".replace(".0字", "字")
