"""What every command shares: error reporting and exit codes."""
from __future__ import annotations

import os
from collections.abc import Callable
from enum import Enum
from typing import TypeVar

import typer

T = TypeVar("T")


# The choices of every --format option: typer lists them in the help and refuses others (in Chinese, see usage.py).
class ReportFormat(str, Enum):
    """How `check` and `validate` report: text for people, json for programs."""

    text = "text"
    json = "json"


class DocumentFormat(str, Enum):
    """What `render` writes."""

    docx = "docx"
    html = "html"


class StarterFormat(str, Enum):
    """What `init` writes."""

    xlsx = "xlsx"
    yaml = "yaml"


def echo_error(message: str) -> None:
    typer.secho(f"错误：{message}", fg=typer.colors.RED, err=True)


def echo_warning(message: str) -> None:
    typer.secho(f"提示：{message}", fg=typer.colors.YELLOW, err=True)


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so a file being written is removed, not left half-written."""


def _terminate(signum, frame) -> None:
    raise Terminated()


def run(action: Callable[[], T]) -> T:
    """Run a command body; a known error becomes a message and its exit code."""
    import signal

    from edureport.core.errors import EXIT_INTERNAL, EdureportError

    try:
        signal.signal(signal.SIGTERM, _terminate)  # batch replaces it while its units run
    except ValueError:  # not the main thread (tests): keep the default
        pass
    try:
        return action()
    except EdureportError as exc:
        echo_error(str(exc))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        echo_error("已中断（Ctrl-C）。已写完的文件是完整的，没有留下写了一半的文件")
        raise typer.Exit(130) from None
    except Terminated:
        echo_error("收到结束信号（SIGTERM），已停止。已写完的文件是完整的，没有留下写了一半的文件")
        raise typer.Exit(143) from None
    except (typer.Exit, typer.Abort):
        raise
    except RecursionError:
        echo_error("数据嵌套层数过多，无法处理。您的文件未被改动；请减少子项的层级")
        raise typer.Exit(EXIT_INTERNAL) from None  # the depth limits should have refused it earlier: a bug
    except MemoryError:
        echo_error("内存不足，数据量太大。您的文件未被改动；请把数据拆成几个文件分别生成")
        raise typer.Exit(EXIT_INTERNAL) from None
    except Exception as exc:  # a bug: say so in Chinese, keep the details for the maintainer
        if os.environ.get("EDUREPORT_DEBUG"):
            raise
        echo_error(f"程序内部出错（{type(exc).__name__}: {exc}）。您的文件未被改动。"
                   "请把这条信息和数据文件发给维护人员；设置环境变量 EDUREPORT_DEBUG=1 可看到详细信息")
        raise typer.Exit(EXIT_INTERNAL) from None


def templates_dirs_option():
    return typer.Option(None, "--templates-dir", metavar="文件夹", help="额外的模板文件夹（可重复）", show_default=False)


def strict_option():
    return typer.Option(False, "--strict", help="把提示（可能填错的数据）也当作错误：有提示时不生成文件")


def refuse_warnings(warnings: list) -> None:
    """``--strict``: warnings stop the command like errors, each still naming its place."""
    from dataclasses import replace

    from edureport.core.errors import ERROR, InputError, Problem

    if warnings:
        raise InputError([replace(w, severity=ERROR) for w in warnings] + [Problem(
            f"使用了 --strict：以上 {len(warnings)} 条提示视为错误，未生成文件", suggestion="请修改数据，或去掉 --strict")])

