"""What every command shares: error reporting and exit codes."""
from __future__ import annotations

import sys
from typing import Callable, TypeVar

import typer

T = TypeVar("T")


def echo_error(message: str) -> None:
    typer.secho(f"错误：{message}", fg=typer.colors.RED, err=True)


def echo_warning(message: str) -> None:
    typer.secho(f"提示：{message}", fg=typer.colors.YELLOW, err=True)


def run(action: Callable[[], T]) -> T:
    """Run a command body; a known error becomes a message and its exit code."""
    from ..errors import EdureportError

    try:
        return action()
    except EdureportError as exc:
        echo_error(str(exc))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        echo_error("已中断，未写入任何文件")
        raise typer.Exit(130) from None


def templates_dirs_option():
    return typer.Option(None, "--templates-dir", help="额外的模板文件夹（可重复）", show_default=False)


def stdout_is_tty() -> bool:
    return sys.stdout.isatty()
