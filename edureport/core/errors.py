"""Errors users see. Every message is Chinese and says *where* the problem is.

Exit codes (documented in README): 0 success, 1 rendering failed (``check``:
format errors found), 2 bad input or usage, 3 internal error (a bug), 130/143
interrupted by Ctrl-C / SIGTERM.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

EXIT_OK = 0
EXIT_RENDER = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3  # a bug in edureport, never the user's input


ERROR = "error"
WARNING = "warning"

_LINE_PLACE = re.compile(r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<col>\d+))?$")
_CELL_PLACE = re.compile(r"^(?:(?P<file>[^!]+?\.xls[xm]) )?(?P<sheet>[^!]+)!(?P<cell>\$?[A-Z]{1,3}\$?\d*)$")


@dataclass(frozen=True)
class Place:
    """Where a problem is, taken apart: a file with line and column (data.yaml:12:5), a cell
    (重点任务!C4), or only a description (第12段, 页脚, --format) in ``text``."""

    file: str = ""
    line: int | None = None
    col: int | None = None
    sheet: str = ""
    cell: str = ""
    text: str = ""

    @classmethod
    def parse(cls, location: str) -> Place:
        """The parts of a location as the readers write it (``Source.locate``, ``Sheet.place``)."""
        at_line = _LINE_PLACE.match(location)
        if at_line:
            col = at_line.group("col")
            return cls(file=at_line.group("file"), line=int(at_line.group("line")), col=int(col) if col else None)
        at_cell = _CELL_PLACE.match(location)
        if at_cell:
            return cls(file=at_cell.group("file") or "", sheet=at_cell.group("sheet"), cell=at_cell.group("cell"))
        return cls(text=location)


@dataclass
class Problem:
    """One thing wrong with the user's input, a template or a document; a warning is a
    Problem with severity WARNING. Every command reports these (`validate`, `render`,
    `batch`, `templates check`, `check`), each in its own layout."""

    message: str  # what is wrong, in Chinese
    location: str = ""  # data.yaml:12:5, 重点任务!C4, 第12段 (see ``place`` for its parts)
    path: str = ""  # achievements[2].metrics[0].value
    expected: str = ""
    found: str = ""
    suggestion: str = ""
    severity: str = ERROR  # or WARNING
    label: str = ""  # the same place in people's words: 主要成绩 第3项 › 指标 第1项 › 数值
    rule: str = ""  # the check that found it (`edureport check`: page, font, numbering …)
    paragraph: int | None = None  # in a checked document: the paragraph's number
    snippet: str = ""  # in a checked document: the start of the paragraph's text

    @property
    def place(self) -> Place:
        return Place.parse(self.location)

    def format(self) -> str:
        head = "：".join(p for p in (self.location, self.label) if p)  # path: only in as_dict
        text = f"{head}：{self.message}" if head else self.message
        if self.expected:
            text += f"（应为：{self.expected}"
            text += f"；实际为：{self.found}）" if self.found else "）"
        elif self.found:
            text += f"（实际为：{self.found}）"
        if self.suggestion:
            text += ("" if text.endswith(("。", "？", "！")) else "。") + self.suggestion
        return text

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "location": self.location,
            "path": self.path,
            "label": self.label,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
            "suggestion": self.suggestion,
        }


def said_once(problems: list[Problem]) -> list[Problem]:
    """``problems`` without repeats of the same wording, in order: a fact every unit of a workbook
    shares (a hidden column they all read) is one fact."""
    return list({problem.format(): problem for problem in problems}.values())


class SortsFindings:
    """For a report holding ``findings`` (Problems): its errors and its warnings."""

    findings: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [f for f in self.findings if f.severity == WARNING]


class EdureportError(Exception):
    exit_code = EXIT_RENDER

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(EdureportError):
    """Bad data, bad usage or a missing file: exit code 2. Carries all problems.

    The message is built from ``problems`` when read, so a caller may still
    add a location to a problem before the error reaches the user."""

    exit_code = EXIT_INPUT

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        Exception.__init__(self, self.message)

    @property
    def message(self) -> str:  # type: ignore[override]
        errors = [p for p in self.problems if p.severity == ERROR] or self.problems
        lines = [p.format() for p in errors]
        if len(lines) > 1:
            return f"输入数据有 {len(lines)} 处问题：\n" + "\n".join(f"  - {line}" for line in lines)
        return lines[0] if lines else "输入数据有误"

    def __str__(self) -> str:
        return self.message


class TemplateError(EdureportError):
    """A template is broken (syntax, undefined variable, sandbox violation): exit code 1."""

    exit_code = EXIT_RENDER


class RenderError(EdureportError):
    exit_code = EXIT_RENDER

