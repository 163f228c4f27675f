"""Which template line wrote a given line of markup.

Jinja does not map output lines to template lines, but markup syntax can only
come from a template's literal text (values from data are escaped), so the
offending line is found by matching it against each template line, with every
``{{ … }}`` standing for any text. The author's own files are searched before
the built-in ``_base``.
"""
from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2 import nodes

from edureport.core.errors import TemplateError
from edureport.templating.environment import markup_environment
from edureport.templating.registry import builtin_root

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


def _line_pattern(line: str) -> tuple[re.Pattern, int] | None:
    """A template line as a regex over the markup it writes, and how many literal
    characters it has; None for lines without literal text (tags or a bare ``{{ x }}``)."""
    parts = _TAG.split(line.strip())
    literal = len("".join(parts).strip())
    if not literal:
        return None
    tags = _TAG.findall(line.strip())
    regex = ""
    for i, part in enumerate(parts):
        regex += re.escape(part)
        if i < len(tags):
            regex += "" if tags[i].startswith(("{%", "{#")) else ".*?"
    return re.compile(regex), literal


def template_files(folder: Path, body: str) -> list[str]:
    """The body and every template it extends, imports or includes, body first."""
    env = markup_environment(folder)
    names, pending = [], [body]
    while pending:
        name = pending.pop(0)
        if name in names:
            continue
        try:
            source, filename, _ = env.loader.get_source(env, name)
            ast = env.parse(source)
        except jinja2.TemplateError:
            continue
        names.append(filename)
        for node in ast.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str):
                pending.append(node.template.value)
    base = builtin_root() / "_base"
    return sorted(names, key=lambda f: Path(f).resolve().is_relative_to(base))  # the author's first


def find_template_line(folder: Path, body: str, markup_line: str) -> tuple[str, int] | None:
    """(file, line) of the template line that wrote ``markup_line``: of the lines that
    match it, the one with the most literal text (the author's files first on a tie)."""
    wanted = markup_line.strip()
    if not wanted:
        return None
    best: tuple[int, str, int] | None = None
    for filename in template_files(folder, body):
        lines = Path(filename).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            found = _line_pattern(line)
            if found is not None and found[0].fullmatch(wanted) and (best is None or found[1] > best[0]):
                best = (found[1], filename, number)
    return (best[1], best[2]) if best else None


def markup_error_in_template(exc, folder: Path, body: str) -> TemplateError:
    """A :class:`~edureport.document.markup.MarkupError` as a TemplateError at the template's file:line."""
    place = find_template_line(folder, body, exc.source)
    if place is not None:
        return TemplateError(f"{place[0]}:{place[1]}：{exc.message}（生成的标记：“{exc.source.strip()}”）")
    where = f"{folder / body}（生成的标记第 {exc.line} 行：“{exc.source.strip()}”）" if exc.line else str(folder / body)
    return TemplateError(f"{where}：{exc.message}")
