"""The Jinja environment templates run in: sandboxed, strict, markup-escaping.

Values from data are always text: every ``{{ value }}`` is escaped for the
document markup (Markdown) so ``*``, ``#``, ``|``, ``<`` … come out literally,
while macro output and literal template text stay markup. Errors name the
template file and line.
"""
from __future__ import annotations

import difflib
import re
import traceback
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

from .errors import TemplateError
from .filters import FILTERS
from .templates import builtin_root

_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def markup_escape(text: str) -> str:
    """Backslash-escape ASCII punctuation so the markup parser reads it as plain text."""
    return _ASCII_PUNCT.sub(r"\\\1", text).replace("\n", " ")


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(markup_escape(str(value)))


def _template_line(exc: BaseException) -> tuple[str, int | None]:
    """The innermost template frame of a Jinja traceback: (file, line)."""
    place: tuple[str, int | None] = ("", None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".j2", ".jinja", ".md", ".html")) or "<template>" in frame.filename:
            place = (frame.filename, frame.lineno)
    return place


def _describe(template_file: str, line: int | None) -> str:
    if not template_file:
        return "模板"
    return f"{template_file}:{line}" if line else template_file


def _undefined_message(exc: jinja2.UndefinedError, context: dict) -> str:
    match = re.search(r"'([^']+)' is undefined", str(exc))
    if match:
        name = match.group(1)
        close = difflib.get_close_matches(name, list(context), n=1, cutoff=0.6)
        hint = f"；您是不是要用“{close[0]}”？" if close else "；请在 template.yaml 的 fields 中声明它，或检查拼写"
        return f"变量“{name}”未定义{hint}"
    match = re.search(r"has no attribute '([^']+)'", str(exc))
    if match:
        return f"没有属性“{match.group(1)}”（{exc}）"
    return f"使用了未定义的值：{exc}"


def translate_error(exc: BaseException, context: dict | None = None) -> TemplateError:
    """A Jinja exception as a Chinese message naming the template file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = _describe(exc.filename or exc.name or "", exc.lineno)
        return TemplateError(f"{where}：模板语法错误：{exc.message}")
    file, line = _template_line(exc)
    where = _describe(file, line)
    if isinstance(exc, SecurityError):
        return TemplateError(f"{where}：模板试图访问不允许的内容（出于安全考虑，模板不能读取文件、导入模块或访问 Python 内部属性）：{exc}")
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateError(f"{where}：{_undefined_message(exc, context or {})}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"{where}：找不到被引用的模板文件“{exc.name}”")
    return TemplateError(f"{where}：模板运行出错：{type(exc).__name__}: {exc}")


def _make(loader: jinja2.BaseLoader | None, markup: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=markup,
        finalize=_finalize if markup else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=64)
def markup_environment(template_folder: Path) -> SandboxedEnvironment:
    """Environment for a template's body: its folder first, then the shared ``_base``."""
    loader = jinja2.FileSystemLoader([str(template_folder), str(builtin_root())], encoding="utf-8")
    return _make(loader, markup=True)


@lru_cache(maxsize=1)
def text_environment() -> SandboxedEnvironment:
    """Environment for short metadata strings (default titles, headings): plain text out."""
    return _make(None, markup=False)


@lru_cache(maxsize=256)
def _compiled_text(source: str) -> jinja2.Template:
    return text_environment().from_string(source)


def render_text(source: str, context: dict, where: str = "") -> str:
    try:
        return _compiled_text(source).render(context)
    except jinja2.TemplateError as exc:
        error = translate_error(exc, context)
        raise TemplateError(f"{where}：{error.message}" if where else error.message) from None


def render_markup(template_folder: Path, name: str, context: dict) -> str:
    env = markup_environment(template_folder)
    try:
        template = env.get_template(name)
        return template.render(context)
    except jinja2.TemplateSyntaxError as exc:
        if exc.filename is None:
            exc.filename = str(template_folder / name)
        raise translate_error(exc, context) from None
    except (jinja2.TemplateError, SecurityError) as exc:
        raise translate_error(exc, context) from None
    except Exception as exc:  # runtime errors inside template expressions
        raise translate_error(exc, context) from None
