"""Command line: ``edureport render|validate|init|batch|templates|check|format|extract``.

Each command lives in its own module and imports the heavy machinery
(Jinja, lxml, openpyxl) only when it runs, so ``edureport --help`` is quick.
"""
from __future__ import annotations

import typer

from edureport.cli.usage import ChineseTyper

app = ChineseTyper(
    name="edureport",
    help="把教育单位的年度数据生成为符合 GB/T 9704 的公文（Word）。\n\n"
         "Turn an education organisation's data into GB/T 9704 official documents (.docx).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from edureport import __version__

        typer.echo(f"edureport {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="显示版本号")) -> None:
    """把教育单位的年度数据生成为符合 GB/T 9704 的公文（Word）。"""


from edureport.cli import batch as _batch  # noqa: E402,F401
from edureport.cli import check as _check  # noqa: E402,F401
from edureport.cli import format_cmd as _format_cmd  # noqa: E402,F401
from edureport.cli import init as _init  # noqa: E402,F401
from edureport.cli import render as _render  # noqa: E402,F401  (registers commands)
from edureport.cli import rollup as _rollup  # noqa: E402,F401
from edureport.cli import serve as _serve  # noqa: E402,F401
from edureport.cli import templates_cmd as _templates_cmd  # noqa: E402,F401
from edureport.cli import validate as _validate  # noqa: E402,F401


def main() -> None:
    """Run the command line; usage mistakes are reported in Chinese with exit code 2 (see usage.py)."""
    app(prog_name="edureport")
