"""Usage mistakes and help text in Chinese.

typer reports a mistyped command line in English ("Missing argument",
"No such option") and labels ``--help`` "Show this message and exit.".
The root group runs its commands with ``standalone_mode=False`` and hands a
usage exception to :func:`report_usage_error`, which says in Chinese which
command was wrong, what was wrong and where to read the usage; so every way
of running the app (``python -m edureport``, the ``edureport`` script, a test
runner) speaks Chinese. The command classes also relabel the help option.
"""
from __future__ import annotations

import re
import sys

import typer
from typer.core import TyperCommand, TyperGroup

from edureport.core.suggest import suggest

# The exception classes typer raises for a bad command line; typer re-exports
# only BadParameter, the others live in its bundled click.
try:
    from typer._click.exceptions import (
        BadOptionUsage,
        MissingParameter,
        NoArgsIsHelpError,
        NoSuchOption,
        UsageError,
    )
except ImportError:  # typer releases that use the click package itself
    from click.exceptions import (  # type: ignore
        BadOptionUsage,
        MissingParameter,
        NoArgsIsHelpError,
        NoSuchOption,
        UsageError,
    )

HELP_OPTION_TEXT = "显示帮助并退出"


class _ChineseHelpOption:
    def get_help_option(self, ctx):  # type: ignore[no-untyped-def]
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option


class ChineseCommand(_ChineseHelpOption, TyperCommand):
    """A command whose ``--help`` is described in Chinese."""


class ChineseGroup(_ChineseHelpOption, TyperGroup):
    """A command group whose ``--help`` and usage mistakes are described in Chinese."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[no-untyped-def]
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        arguments = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(arguments, prog_name, complete_var, standalone_mode=False, **extra)
        except UsageError as error:
            code = report_usage_error(error, self, arguments)
        except typer.Abort:
            typer.secho("错误：已取消", fg=typer.colors.RED, err=True)
            code = 1
        sys.exit(code if isinstance(code, int) else 0)


class ChineseTyper(typer.Typer):
    """``typer.Typer`` whose groups and commands describe ``--help`` in Chinese."""

    def __init__(self, *args, cls=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, cls=cls or ChineseGroup, **kwargs)

    def command(self, *args, cls=None, **kwargs):  # type: ignore[no-untyped-def]
        return super().command(*args, cls=cls or ChineseCommand, **kwargs)


def _is_option(param) -> bool:  # type: ignore[no-untyped-def]
    return getattr(param, "param_type_name", "") == "option"


def _param_label(param) -> str:  # type: ignore[no-untyped-def]
    """数据文件（说明：…） for an argument, “--output / -o” for an option."""
    if _is_option(param):
        return "“" + " / ".join(sorted(param.opts, key=len, reverse=True)) + "”"
    name = param.metavar or (param.name or "").upper()
    return f"{name}（说明：{param.help.strip()}）" if param.help else name


_VALUE_PROBLEMS: list[tuple[str, str]] = [
    (r"valid integer", "应为整数"),
    (r"valid (number|float)", "应为数字"),
    (r"greater than or equal to (\S+)", r"应不小于 \1"),
    (r"greater than (\S+)", r"应大于 \1"),
    (r"less than or equal to (\S+)", r"应不大于 \1"),
    (r"less than (\S+)", r"应小于 \1"),
    (r"valid boolean", "应为 true 或 false"),
    (r"does not exist", "指向的文件不存在"),
]


def _value_problem(message: str) -> str:
    choice = re.search(r"'(.*?)' is not one of (.*?)\.?$", message)
    if choice:
        allowed = "、".join(re.findall(r"'(.*?)'", choice.group(2)))
        return f"“{choice.group(1)}”不可用，应为以下之一：{allowed}"
    for pattern, chinese in _VALUE_PROBLEMS:
        found = re.search(pattern, message)
        if found:
            return found.expand(chinese)
    return f"不正确（{message}）"


def _suggest(word: str, choices: list[str]) -> str:
    hint = suggest(word, choices)
    return f"，{hint}" if hint else ""


def _describe(error: UsageError) -> str:
    """What was wrong, in Chinese."""
    ctx = error.ctx
    if isinstance(error, MissingParameter):
        kind = "选项" if getattr(error.param, "param_type_name", "") == "option" else "参数"
        return f"缺少{kind}：{_param_label(error.param)}" if error.param else f"缺少{kind}"
    if isinstance(error, NoSuchOption):
        possible = list(error.possibilities or ())
        if ctx is not None and not possible:
            possible = [o for p in ctx.command.params for o in p.opts if o.startswith("--")]
        return f"未知的选项“{error.option_name}”" + _suggest(error.option_name, possible)
    if isinstance(error, BadOptionUsage):
        if "requires" in error.message:
            return f"选项“{error.option_name}”后面缺少值"
        if "does not take a value" in error.message:
            return f"选项“{error.option_name}”是开关，不能带值"
        return f"选项“{error.option_name}”用法不正确（{error.message}）"
    if isinstance(error, typer.BadParameter):
        if error.param is None:
            return f"参数的值{_value_problem(error.message)}"
        kind = "选项" if _is_option(error.param) else "参数"
        return f"{kind}{_param_label(error.param)}的值{_value_problem(error.message)}"
    unknown = re.match(r"No such command '(.*?)'\.", error.message)
    if unknown:
        commands = list(getattr(ctx.command, "commands", {})) if ctx is not None else []
        return f"未知的命令“{unknown.group(1)}”" + _suggest(unknown.group(1), commands)
    if error.message.startswith("Missing command"):
        return "缺少命令"
    extra = re.match(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", error.message)
    if extra:
        return f"多余的参数：{extra.group(1)}"
    return f"用法不正确（{error.message}）"


def _command_path(root, args: list[str]) -> str:  # type: ignore[no-untyped-def]
    """``edureport templates new`` from the command line, for errors raised without a context."""
    words, group = ["edureport"], root if isinstance(root, TyperGroup) else typer.main.get_command(root)
    for arg in args:
        command = getattr(group, "commands", {}).get(arg)
        if command is None:
            break
        words.append(arg)
        group = command
    return " ".join(words)


def report_usage_error(error: UsageError, root: typer.Typer | TyperGroup, args: list[str]) -> int:
    """Print a usage mistake in Chinese; return the exit code (2)."""
    if isinstance(error, NoArgsIsHelpError):  # ``edureport`` alone: show the help
        error.show()
        return error.exit_code
    command = error.ctx.command_path if error.ctx is not None else _command_path(root, args)
    typer.secho(f"错误：{command}：{_describe(error)}", fg=typer.colors.RED, err=True)
    typer.echo(f"请运行 {command} --help 查看用法", err=True)
    return error.exit_code


__all__ = ["ChineseTyper", "HELP_OPTION_TEXT", "UsageError", "report_usage_error"]
