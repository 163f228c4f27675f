"""Findings of a check (core Problems) and how they are shown (text for people, JSON for tools)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from edureport.core.errors import ERROR, WARNING, Problem, SortsFindings

_SEVERITY_CN = {ERROR: "错误", WARNING: "提示"}
SNIPPET_CHARS = 16

SIZE_NAMES = {42: "初号", 36: "小初", 26: "一号", 24: "小一", 22: "二号", 18: "小二", 16: "三号", 15: "小三",
              14: "四号", 12: "小四", 10.5: "五号", 9: "小五"}


def size_name(points: float) -> str:
    """16 → 三号（16磅）; 13 → 13磅."""
    name = SIZE_NAMES.get(points) or SIZE_NAMES.get(round(points * 2) / 2)
    number = f"{points:g}"
    return f"{name}（{number}磅）" if name else f"{number}磅"


def snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS] + "…"


def finding(rule: str, severity: str, message: str, location: str = "", paragraph: int | None = None,
            snippet: str = "", expected: str = "", found: str = "") -> Problem:
    """A problem the format checker found: ``rule`` is page | grid | font | size | bold | indent | align |
    numbering | page_number | date | punctuation | percent; ``severity`` ERROR (the standard says so) or
    WARNING (practice); ``location`` 第12段 / 表1第2行第3列 / 页面设置 / 页脚."""
    return Problem(message, location=location, expected=expected, found=found, severity=severity, rule=rule,
                   paragraph=paragraph, snippet=snippet)


def describe(problem: Problem) -> str:
    """[错误] 第12段「…」：正文字体不符（应为仿宋_GB2312，实际为宋体）"""
    where = problem.location + (f"「{problem.snippet}」" if problem.snippet else "")
    text = f"[{_SEVERITY_CN[problem.severity]}] {where}：{problem.message}"
    details = []
    if problem.expected:
        details.append(f"应为{problem.expected}")
    if problem.found:
        details.append(f"实际为{problem.found}")
    return text + (f"（{'，'.join(details)}）" if details else "")


def as_json_entry(problem: Problem) -> dict:
    return {"rule": problem.rule, "severity": problem.severity, "message": problem.message,
            "location": problem.location, "paragraph": problem.paragraph, "snippet": problem.snippet,
            "expected": problem.expected, "found": problem.found}


@dataclass
class Report(SortsFindings):
    path: str
    profile: str
    findings: list[Problem] = field(default_factory=list)
    paragraphs: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if not self.findings:
            return f"{self.path}：符合 {self.profile} 格式要求，未发现问题（共检查 {self.paragraphs} 段）"
        return (f"{self.path}：发现 {len(self.errors)} 处错误、{len(self.warnings)} 处提示"
                f"（样式 {self.profile}，共检查 {self.paragraphs} 段）")

    def format_text(self) -> str:
        lines = [describe(f) for f in self.findings]
        return "\n".join(lines + [self.summary()])

    def as_dict(self) -> dict:
        return {"file": self.path, "profile": self.profile, "paragraphs": self.paragraphs,
                "errors": len(self.errors), "warnings": len(self.warnings),
                "findings": [as_json_entry(f) for f in self.findings]}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)
