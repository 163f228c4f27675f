"""The Jinja environment templates run in: sandboxed, strict, markup-escaping.

Values from data are always text: every ``{{ value }}`` is escaped for the
document markup (Markdown) so ``*``, ``#``, ``|``, ``<`` … come out literally,
while macro output and literal template text stay markup. Errors name the
template file and line.

A template is written once, in Simplified characters; for a Traditional
document its source text (the words and string literals, never the data it
prints) is converted when it is loaded (:class:`ScriptLoader`), so headings and
phrases come out in the document's script.
"""
from __future__ import annotations

import linecache
import re
import traceback
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

from edureport.core import script as scripts
from edureport.core.errors import TemplateError
from edureport.templating.filters import FILTERS
from edureport.templating.names import FieldUndefined, FieldUndefinedError, did_you_mean, name_suggestion
from edureport.templating.registry import builtin_root
from edureport.templating.sandbox import BoundedSandbox, ConfinedLoader, RenderLimitExceeded, bounded_output, prepare, render_deadline
from edureport.templating.shaping import SHAPING_FILTERS

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


def _finalize(value: Any) -> str:
    """What ``{{ value }}`` prints in markup: macro output and ``|safe`` as they are, data escaped."""
    if type(value) is str:  # most values: data text (Markup is a subclass, so it is not caught here)
        return markup_escape(value)
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return markup_escape(str(value))


class _FinalizedOutput(CodeGenerator):
    """Compiles ``{{ value }}`` to ``finalize(value)`` alone.

    Jinja writes ``escape(finalize(value))`` under autoescape (``str(...)`` without it). Our
    finalize already returns the text to print -- markup kept, data backslash-escaped -- and its
    result must never be HTML-escaped, so the wrapper only built a second Markup copy of every
    printed value (thousands in a long document)."""

    def _output_child_pre(self, node, frame, finalize) -> None:
        self.write(finalize.src)

    def _output_child_post(self, node, frame, finalize) -> None:
        self.write(")")


_TEMPLATE_SUFFIXES = (".j2", ".jinja", ".md", ".html")


def _template_frames(exc: BaseException) -> list[tuple[str, int, str]]:
    """The template frames of a Jinja traceback, outermost first: (file, line, macro or "")."""
    frames: list[tuple[str, int, str]] = []
    macro = ""
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name == "_invoke" and isinstance(tb.tb_frame.f_locals.get("self"), jinja2.runtime.Macro):
            macro = tb.tb_frame.f_locals["self"].name  # the next template frame runs inside it
        elif code.co_filename.endswith(_TEMPLATE_SUFFIXES) or "<template>" in code.co_filename:
            frames.append((code.co_filename, tb.tb_lineno, macro))
            macro = ""
        tb = tb.tb_next
    return frames


def _is_builtin(filename: str) -> bool:
    return Path(filename).resolve().is_relative_to(builtin_root() / "_base")


def _template_place(exc: BaseException) -> tuple[str, int | None, str]:
    """Where to point the author: the innermost frame in the author's own files, and
    the built-in macro the error happened in, if any ("" when it happened in the author's line)."""
    frames = _template_frames(exc)
    if not frames:
        return "", None, ""
    own = [i for i, f in enumerate(frames) if not _is_builtin(f[0])]
    if not own or own[-1] == len(frames) - 1:
        filename, line, _ = frames[own[-1] if own else -1]
        return filename, line, ""
    filename, line, _ = frames[own[-1]]
    called = next((f[2] for f in frames[own[-1] + 1:] if f[2]), "")  # the macro the author's line called
    inner = frames[-1]
    name = f"内置宏 {called}" if called else "内置模板"
    return filename, line, (f"（错误发生在这一行调用的{name}内部，_base/{Path(inner[0]).name}:{inner[1]}；"
                            f"请检查这一行传给它的值）")


def _template_line(exc: BaseException) -> tuple[str, int | None]:
    """The innermost template frame of a Jinja traceback: (file, line)."""
    place: tuple[str, int | None] = ("", None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".j2", ".jinja", ".md", ".html")) or "<template>" in frame.filename:
            place = (frame.filename, frame.lineno)
    return place


def _recurring_line(exc: BaseException) -> tuple[str, int | None]:
    """The template line that occurs most often in a runaway recursion's traceback (the include or call)."""
    counts: dict[tuple[str, int | None], int] = {}
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".j2", ".jinja", ".md", ".html")) or "<template>" in frame.filename:
            counts[(frame.filename, frame.lineno)] = counts.get((frame.filename, frame.lineno), 0) + 1
    if not counts:
        return "", None
    including = {place: n for place, n in counts.items() if "include" in (linecache.getline(place[0], place[1] or 0))}
    return max(including or counts, key=(including or counts).get)


def _describe(template_file: str, line: int | None) -> str:
    if not template_file:
        return "模板"
    return f"{template_file}:{line}" if line else template_file


def _undefined_message(exc: jinja2.UndefinedError, context: dict) -> str:
    if isinstance(exc, FieldUndefinedError):
        return str(exc)
    match = re.search(r"'([^']+)' is undefined", str(exc))
    if match:
        name = match.group(1)
        return f"变量“{name}”未定义" + name_suggestion(name, context, getattr(context, "fields", None))
    match = re.search(r"^'?([\w ]+?) object'? has no attribute '([^']+)'", str(exc))
    if match:
        kind = _VALUE_KINDS.get(match.group(1), match.group(1))
        return f"这个值是{kind}，没有“{match.group(2)}”这一项（{exc}）"
    return f"使用了未定义的值：{exc}"


_VALUE_KINDS = {"str": "文字", "list": "列表", "dict": "映射", "int": "整数", "float": "数字",
                "None": "空值（没有填写）", "DateValue": "日期", "bool": "是/否"}
_MACRO_KEYWORD = re.compile(r"macro '([^']+)' takes no keyword argument '([^']+)'")
_MACRO_COUNT = re.compile(r"macro '([^']+)' takes not more than (\d+) argument")


def macro_arguments(env: jinja2.Environment | None, macro: str) -> list[str]:
    """The argument names of macro ``macro`` as the template folder or ``_base`` defines it."""
    if env is None or env.loader is None:
        return []
    own_then_base = sorted((n for n in env.loader.list_templates() if n.endswith(".j2")
                            and ("/" not in n or n.startswith("_base/"))), key=lambda n: (n.startswith("_base/"), n))
    for name in own_then_base:  # the author's own files first: their macro of that name is the one called
        try:
            ast = env.parse(*env.loader.get_source(env, name)[:2])
        except jinja2.TemplateError:
            continue
        for node in ast.find_all(jinja2.nodes.Macro):
            if node.name == macro:
                return [arg.name for arg in node.args]
    return []


def _macro_call_message(exc: TypeError, env: jinja2.Environment | None) -> str | None:
    keyword = _MACRO_KEYWORD.search(str(exc))
    count = _MACRO_COUNT.search(str(exc))
    if not (keyword or count):
        return None
    macro = (keyword or count).group(1)
    arguments = macro_arguments(env, macro)
    listed = f"（它的参数：{'、'.join(arguments)}）" if arguments else ""
    if count:
        return f"宏“{macro}”最多接受 {count.group(2)} 个参数{listed}"
    close = did_you_mean(keyword.group(2), arguments)
    hint = f"；您是不是要写“{close}”？" if close else ""
    return f"宏“{macro}”没有参数“{keyword.group(2)}”{hint}{listed}"


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
                known = sorted(set(FILTERS) | set(SHAPING_FILTERS) | set(jinja2.defaults.DEFAULT_FILTERS))
                close = did_you_mean(filter_name.group(1), known)
                text += f"；您是不是要写“{close}”？" if close else "；请检查拼写（可用的过滤器见 docs/template-authoring.md）"
            return f"模板语法错误：{text}（{original}）"
    return f"模板语法错误：{original}"


def explain(exc: BaseException, context: dict | None = None, env: jinja2.Environment | None = None) -> str:
    """What went wrong in a template, in Chinese, without the place."""
    if isinstance(exc, TemplateError):  # raised by a filter, already in Chinese
        return exc.message
    if isinstance(exc, TypeError):
        message = _macro_call_message(exc, env)
        if message:
            return message
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _syntax_message(exc)
    if isinstance(exc, SecurityError) and not isinstance(exc, RenderLimitExceeded):
        return f"模板试图访问不允许的内容（出于安全考虑，模板不能读取文件、导入模块或访问 Python 内部属性）：{exc}"
    if isinstance(exc, jinja2.UndefinedError):
        return _undefined_message(exc, context or {})
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"找不到被引用的模板文件“{exc.name}”（只能引用模板文件夹和 _base 中的文件）"
    if isinstance(exc, OverflowError) and "MAX_RANGE" in str(exc):
        return f"range() 太大，沙箱最多允许 {jinja2.sandbox.MAX_RANGE} 项"
    if isinstance(exc, RenderLimitExceeded):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "模板层层引用自身（include 自己，或宏调用自己）太深，无法生成；请检查 include 和宏的调用关系"
    return f"模板运行出错：{type(exc).__name__}: {exc}"


def translate_error(exc: BaseException, context: dict | None = None,
                    env: jinja2.Environment | None = None) -> TemplateError:
    """A Jinja exception as a Chinese message naming the author's template file and line."""
    inside = ""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = _describe(exc.filename or exc.name or "", exc.lineno)
    else:
        filename, line, inside = _template_place(exc)
        where = _describe(filename, line)
    return TemplateError(f"{where}：{explain(exc, context, env)}{inside}")


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Sandbox(BoundedSandbox):
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
        undefined=FieldUndefined,
        autoescape=markup,
        finalize=_finalize if markup else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.filters.update(SHAPING_FILTERS)
    prepare(env)
    if markup:
        env.code_generator_class = _FinalizedOutput
        # Jinja's own join/escape return HTML-escaped Markup under autoescape, which would
        # let markup characters in data through; ours return text that _finalize escapes.
        env.filters["join"] = _plain_join
        env.filters["escape"] = env.filters["e"] = lambda value: Markup(markup_escape(str(value)))
    return env


def _plain_join(values, separator: str = "", attribute=None) -> str:
    items = [getattr(v, attribute, None) if attribute and not isinstance(v, dict) else
             (v.get(attribute) if attribute else v) for v in values]
    return str(separator).join(str(v) for v in items if v is not None)


class ScriptLoader(ConfinedLoader):
    """Template files with their text in the document's script (Jinja syntax is ASCII, so only
    the template's own words and string literals change; data arrive later, unconverted)."""

    def __init__(self, searchpath: list[str], script: str, variant: str):
        super().__init__(searchpath, encoding="utf-8")  # confined to the template folders, links resolved
        self.script, self.variant = script, variant

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return scripts.convert(source, self.script, self.variant), filename, uptodate


@lru_cache(maxsize=64)
def markup_environment(template_folder: Path, script: str = scripts.HANS, variant: str = "") -> SandboxedEnvironment:
    """Environment for a template's body: its folder first, then the shared ``_base``; template
    text in ``script`` (the filters write their words in the script set by ``script.writing``)."""
    folders = [str(template_folder), str(builtin_root())]
    if script == scripts.HANT:
        return _make(ScriptLoader(folders, script, variant), markup=True)
    return _make(ConfinedLoader(folders, encoding="utf-8"), markup=True)


@lru_cache(maxsize=1)
def text_environment() -> SandboxedEnvironment:
    """Environment for short metadata strings (default titles, headings): plain text out."""
    return _make(None, markup=False)


@lru_cache(maxsize=256)
def _compiled_text(source: str) -> jinja2.Template:
    return text_environment().from_string(source)


def render_text(source: str, context: dict, where: str = "") -> str:
    """Render a short Jinja text from metadata, its words in the current script (data as given);
    errors quote it and name ``where`` (the file)."""
    try:
        with render_deadline():
            return bounded_output(_compiled_text(scripts.word(source)).generate(context))
    except Exception as exc:  # syntax, sandbox, undefined or runtime: all the template's fault
        place = f"{where} 中的“{source}”" if where else f"“{source}”"
        raise TemplateError(f"{place}：{explain(exc, context)}") from None


def render_markup(template_folder: Path, name: str, context: dict) -> str:
    """The template's markup, its own words in the current script (``script.writing``)."""
    script, variant = scripts.current()
    env = markup_environment(template_folder, script, variant) if script == scripts.HANT else markup_environment(template_folder)
    try:
        template = env.get_template(name)
        with render_deadline():
            return bounded_output(template.generate(context))
    except RenderLimitExceeded as exc:
        where = _describe(*_template_line(exc)) if _template_line(exc)[0] else str(template_folder / name)
        raise TemplateError(f"{where}：{explain(exc, context)}") from None
    except jinja2.TemplateSyntaxError as exc:
        if exc.filename is None:
            exc.filename = str(template_folder / name)
        raise translate_error(exc, context, env) from None
    except RecursionError as exc:  # a template including itself: name the line that repeats
        raise TemplateError(f"{_describe(*_recurring_line(exc))}：{explain(exc, context)}") from None
    except Exception as exc:  # undefined, sandbox or runtime errors inside template expressions
        raise translate_error(exc, context, env) from None
