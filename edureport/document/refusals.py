"""How the model builder refuses markup: :class:`MarkupError` names the markup line (and its text,
to find it in the template); the {.classes} each kind of block takes."""
from __future__ import annotations

import re
from collections.abc import Sequence

from edureport.core.errors import RenderError
from edureport.templating.names import did_you_mean

# the {.classes} each kind of block takes
CLASSES = {"heading": {"runin", "nonumber"}, "paragraph": {"plain", "center"}, "table": {"dense"}}
_LINE_BREAK = re.compile(r"\r\n?|\n")  # where markdown-it ends a line


class MarkupError(RenderError):
    """Markup the document model has no meaning for; ``line`` is the line of the markup (1-based)."""

    def __init__(self, message: str, line: int | None, source: str = ""):
        super().__init__(message)
        self.line = line
        self.source = source  # the offending markup line, to find it in the template


class SourceLines(Sequence[str]):
    """The markup's lines for error messages, split only when a message or a markdown-it paragraph
    asks for one. Split where markdown-it counts lines (not ``str.splitlines``, which also breaks
    at the vertical tab ``cell_lines`` writes in table cells and would name the wrong line)."""

    def __init__(self, markup: str):
        self.markup = markup
        self._lines: list[str] | None = None

    def _split(self) -> list[str]:
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self.markup)
        return self._lines

    def __len__(self) -> int:
        return len(self._split())

    def __getitem__(self, index):
        return self._split()[index]


def line_of(token) -> int | None:
    return token.map[0] + 1 if token.map else None


def refusal(message: str, token, lines: Sequence[str], attribute: bool = False) -> MarkupError:
    """The error at the token's first line (``attribute``: at the {.class} line written above it)."""
    line = line_of(token)
    if attribute and line:
        while line > 1 and lines[line - 2].lstrip().startswith("{"):
            line -= 1
    source = lines[line - 1] if line and line <= len(lines) else ""
    return MarkupError(message, line, source)


def block_classes(token, kind: str, lines: Sequence[str]) -> set[str]:
    """The {.classes} on a block, each one this kind of block takes (else a MarkupError)."""
    attrs = dict(token.attrs or {})
    value = str(attrs.pop("class", ""))
    if kind == "table":
        attrs.pop("style", None)  # column alignment, set by the table rule itself
    if kind == "list":
        attrs.pop("start", None)  # "3. " starts an ordered list at 3
    if attrs:
        written = "、".join(f"{k}={v}" for k, v in attrs.items())
        raise refusal(f"不认识的属性“{written}”；属性只能写 {{.类名}}，如 {{.runin}}", token, lines, True)
    classes = set(value.split())
    allowed = CLASSES.get(kind, set())
    for name in sorted(classes - allowed):
        known = sorted(set().union(*CLASSES.values()))
        close = did_you_mean(name, known)
        if close in allowed:
            hint = f"您是不是要写“{{.{close}}}”？"
        elif close:
            owner = next(k for k, v in CLASSES.items() if close in v)
            hint = f"“{{.{close}}}”只能用于{_KIND_NAMES[owner]}"
        else:
            hint = f"{_KIND_NAMES.get(kind, '这里')}可用：" + ("、".join(f"{{.{c}}}" for c in sorted(allowed)) or "无")
        raise refusal(f"{_KIND_NAMES.get(kind, '这一块')}前的“{{.{name}}}”不认识；{hint}", token, lines, True)
    return classes


_KIND_NAMES = {"heading": "标题", "paragraph": "段落", "table": "表格", "list": "列表", "container": "容器",
               "page break": "分页线"}
