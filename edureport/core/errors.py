"""Errors users see. Every message is Chinese and says *where* the problem is.

Exit codes (documented in README): 0 success, 1 rendering failed (``check``:
format errors found), 2 bad input or usage, 3 internal error (a bug), 130/143
interrupted by Ctrl-C / SIGTERM.
"""
from __future__ import annotations

from dataclasses import dataclass, field

EXIT_OK = 0
EXIT_RENDER = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3  # a bug in edureport, never the user's input


@dataclass
class Problem:
    """One thing wrong with the user's input."""

    message: str  # what is wrong, in Chinese
    location: str = ""  # data.yaml:12:5 or 重点任务!C4
    path: str = ""  # achievements[2].metrics[0].value
    expected: str = ""
    found: str = ""
    suggestion: str = ""
    severity: str = "error"  # or "warning"

    def format(self) -> str:
        head = "：".join(p for p in (self.location, self.path) if p)
        text = f"{head}：{self.message}" if head else self.message
        if self.expected:
            text += f"（应为：{self.expected}"
            text += f"；实际为：{self.found}）" if self.found else "）"
        elif self.found:
            text += f"（实际为：{self.found}）"
        if self.suggestion:
            text += f"。{self.suggestion}"
        return text

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "location": self.location,
            "path": self.path,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
            "suggestion": self.suggestion,
        }


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
        errors = [p for p in self.problems if p.severity == "error"] or self.problems
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


@dataclass
class Warnings:
    """Non-fatal problems collected along the pipeline (e.g. removed control characters)."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        problem.severity = "warning"
        self.items.append(problem)
