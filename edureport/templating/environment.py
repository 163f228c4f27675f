"""The Jinja environment templates run in: sandboxed, strict, markup-escaping.

Values from data are always text: every ``{{ value }}`` is escaped for the
document markup (Markdown) so ``*``, ``#``, ``|``, ``<`` … come out literally,
while macro output and literal template text stay markup. Errors name the
template file and line.
"""
from __future__ import annotations

import re
import traceback
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

from edureport.core.errors import TemplateError
from edureport.core.suggest import suggest
from edureport.templating.filters import FILTERS
from edureport.templating.registry import builtin_root

# ASCII punctuation the markup parser can read as syntax anywhere in a line
# (emphasis, code, entities, escapes, table cells, containers, attributes, headings,
# list and rule markers). Common characters that are syntax only at the start of a
# line followed by a space -- "." and ")" after digits ("1. ", "1) ") -- are escaped
# there only, so figures like "95.2%" stay single text tokens and parse fast.
_MARKUP_PUNCT = re.compile(r"[\\`*_&<>\[\]|:{}#+\-=!~]")
_LIST_NUMBER = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")


def _backslash(match: re.Match) -> str:
    return "\\" + match.group()


def markup_escape(text: str) -> str:
    """Backslash-escape what the markup parser would read as syntax, so data stays literal text."""
    # a function replacement is about 3× faster than a template ("\\\1") for short values
    escaped = _MARKUP_PUNCT.sub(_backslash, text).replace("\n", " ")
    head = escaped[:1]
    if head.isdigit() or head.isspace():  # only then can it start like a list number
        return _LIST_NUMBER.sub(r"\1\\\2", escaped)
    return escaped


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
        hint = suggest(name, context) or "请在 template.yaml 的 fields 中声明它，或检查拼写"
        return f"变量“{name}”未定义；{hint}"
    match = re.search(r"has no attribute '([^']+)'", str(exc))
    if match:
        return f"没有属性“{match.group(1)}”（{exc}）"
    return f"使用了未定义的值：{exc}"


_SYNTAX_EXPLAINED = [
    (re.compile(r"unexpected end of template", re.I), "模板意外结束，有标签没有关闭"),
    (re.compile(r"No filter named '([^']+)'"), "没有名为“{0}”的过滤器"),
    (re.compile(r"No test named '([^']+)'"), "没有名为“{0}”的测试（is 后面的词）"),
    (re.compile(r"Encountered unknown tag '([^']+)'"), "标签“{0}”未知或放错了位置"),
    (re.compile(r"unexpected '([^']+)'"), "多余或不配对的“{0}”"),
    (re.compile(r"unexpected char '([^']+)'"), "无法识别的字符“{0}”"),
    (re.compile(r"Missing end of comment tag"), "注释“{{#”没有用“#}}”结束"),
    (re.compile(r"tag name expected"), "“{{%”后缺少标签名"),
    (re.compile(r"expected token 'end of print statement', got '([^']+)'"), "“{{{{ }}}}”中的表达式在“{0}”附近写错了"),
    (re.compile(r"expected token '([^']+)', got '([^']+)'"), "这里应为“{0}”，实际是“{1}”"),
]
_NEEDS_CLOSING = re.compile(r"innermost block that needs to be closed is '([^']+)'")


def _syntax_message(exc: jinja2.TemplateSyntaxError) -> str:
    original = exc.message or ""
    for pattern, chinese in _SYNTAX_EXPLAINED:
        match = pattern.search(original)
        if match:
            text = chinese.format(*match.groups())
            closing = _NEEDS_CLOSING.search(original)
            if closing:
                text += f"；最近一个未关闭的是“{{% {closing.group(1)} %}}”，请补上“{{% end{closing.group(1)} %}}”"
            filter_name = re.search(r"No filter named '([^']+)'", original)
            if filter_name:
                known = sorted(set(FILTERS) | set(jinja2.defaults.DEFAULT_FILTERS))
                text += "；" + (suggest(filter_name.group(1), known) or "请检查拼写")
            return f"模板语法错误：{text}（{original}）"
    return f"模板语法错误：{original}"


def explain(exc: BaseException, context: dict | None = None) -> str:
    """What went wrong in a template, in Chinese, without the place."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _syntax_message(exc)
    if isinstance(exc, SecurityError):
        return f"模板试图访问不允许的内容（出于安全考虑，模板不能读取文件、导入模块或访问 Python 内部属性）：{exc}"
    if isinstance(exc, jinja2.UndefinedError):
        return _undefined_message(exc, context or {})
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"找不到被引用的模板文件“{exc.name}”（只能引用模板文件夹和 _base 中的文件）"
    if isinstance(exc, OverflowError) and "MAX_RANGE" in str(exc):
        return f"range() 太大，沙箱最多允许 {jinja2.sandbox.MAX_RANGE} 项"
    return f"模板运行出错：{type(exc).__name__}: {exc}"


def translate_error(exc: BaseException, context: dict | None = None) -> TemplateError:
    """A Jinja exception as a Chinese message naming the template file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = _describe(exc.filename or exc.name or "", exc.lineno)
    else:
        where = _describe(*_template_line(exc))
    return TemplateError(f"{where}：{explain(exc, context)}")


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Sandbox(SandboxedEnvironment):
    """The sandbox, with a shortcut for the commonest lookup: ``item.title`` on a data dict.

    Jinja tries the attribute first and falls back to the key, so each such lookup raised and
    caught an AttributeError. A plain dict has no attributes besides its class's, so when the
    name is not one of those the result is the key's value (or undefined) — as before."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def _make(loader: jinja2.BaseLoader | None, markup: bool) -> SandboxedEnvironment:
    env = _Sandbox(
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
    if markup:
        # Jinja's own join/escape return HTML-escaped Markup under autoescape, which would
        # let markup characters in data through; ours return text that _finalize escapes.
        env.filters["join"] = _plain_join
        env.filters["escape"] = env.filters["e"] = lambda value: Markup(markup_escape(str(value)))
    return env


def _plain_join(values, separator: str = "", attribute=None) -> str:
    items = [getattr(v, attribute, None) if attribute and not isinstance(v, dict) else
             (v.get(attribute) if attribute else v) for v in values]
    return str(separator).join(str(v) for v in items if v is not None)


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
    """Render a short Jinja text from metadata; errors quote it and name ``where`` (the file)."""
    try:
        return _compiled_text(source).render(context)
    except Exception as exc:  # syntax, sandbox, undefined or runtime: all the template's fault
        place = f"{where} 中的“{source}”" if where else f"“{source}”"
        raise TemplateError(f"{place}：{explain(exc, context)}") from None


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
