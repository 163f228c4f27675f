"""edureport batch WORKBOOK [-t TEMPLATE] [-o DIR] [--jobs N] [--force] [--strict] [--pdf]"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from edureport.cli import app
from edureport.cli.common import echo_warning, run, strict_option, templates_dirs_option

LIST_ALL_UP_TO = 30  # larger batches list only the failures in the closing table


def _progress():
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("生成中"), BarColumn(), MofNCompleteColumn(), TextColumn("剩余"),
                    TimeRemainingColumn(), console=Console(stderr=True), transient=False)


def _summary(results, out_dir: Path, seconds: float, workers: int, stray_rows=(), signum: int = 0) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from edureport.batch_report import unclaimed

    console = Console()
    ok = [r for r in results if r.ok]
    failed = [r for r in results if not r.ok]
    from edureport.batch import NOT_STARTED

    not_started = [r for r in failed if r.label == NOT_STARTED]  # counted in the closing line, not listed
    warned = [r for r in ok if r.warnings]
    stray_rows = unclaimed(results, list(stray_rows))
    shown = [r for r in (results if len(results) <= LIST_ALL_UP_TO else failed + warned) if r.label != NOT_STARTED]
    if shown or stray_rows:
        table = Table(title="批量生成结果" if shown is results else "未生成的单位", show_lines=False)
        table.add_column("单位", overflow="fold")
        table.add_column("结果")
        table.add_column("文件 / 原因", overflow="fold")
        for result in shown:
            if result.ok:
                note = "\n".join([result.target, *(f"提示：{w}" for w in result.warnings)])
                colour = "yellow" if result.warnings else "green"
                table.add_row(escape(result.unit), f"[{colour}]{result.status}[/{colour}]", escape(note))
            else:
                table.add_row(escape(result.unit), f"[red]{escape(result.status)}[/red]", escape(result.reason))
        for problem in stray_rows:  # rows that belong to no unit: nothing was written for them
            table.add_row(problem.location, "[red]无法归属[/red]", problem.format())
        console.print(table)
    rate = len(ok) / seconds if seconds > 0 else 0.0
    if signum:
        import signal

        name = "Ctrl-C" if signum == signal.SIGINT else "结束信号 SIGTERM"
        others = len(failed) - len(not_started)
        console.print(f"已中断（收到 {name}）：已生成 {len(ok)} 份，都是完整的文件；{len(not_started)} 个单位没有开始生成"
                      + (f"；{others} 个单位未能生成（见上表）" if others else "") + f"。输出文件夹：{out_dir}")
        return
    console.print(f"共 {len(results)} 个单位：成功 {len(ok)}" + (f"（其中 {len(warned)} 个有警告）" if warned else "")
                  + f"，失败 {len(failed)}。"
                  f"用时 {seconds:.1f} 秒（{workers} 个进程，每秒 {rate:.0f} 份）。输出文件夹：{out_dir}")
    if stray_rows:
        console.print(f"另有 {len(stray_rows)} 行不属于“基本信息”中的任何单位，未写入任何文件（见上表“无法归属”）。")


def _convert(results, out_dir: Path, force: bool) -> None:
    """PDFs of the written documents, in one LibreOffice run; a unit whose PDF fails says so."""
    from edureport.core.errors import EXIT_RENDER, EdureportError
    from edureport.writers.pdf import convert

    written = [r for r in results if r.ok]
    if not written:
        return
    try:
        pdfs = convert([r.target for r in written], out_dir, force=force)
    except EdureportError as exc:
        for result in written:
            result.exit_code, result.label, result.reason = EXIT_RENDER, "PDF 未生成", f"{result.target} 已生成；{exc}"
        return
    for result, made in zip(written, pdfs):
        result.pdf = str(made)


@app.command()
def batch(
    workbook: Path = typer.Argument(..., metavar="工作簿",
                                    help="批量工作簿（.xlsx；.xls / .ods / .et 需安装 LibreOffice）："
                                         "“基本信息”每个单位一行，其他工作表第一列为“单位”",
                                    show_default=False),
    template: Optional[str] = typer.Option(None, "-t", "--template", help="模板 id 或中文名；默认用“基本信息”中的文种"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出文件夹；默认为与工作簿同名的文件夹"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="N", help="并行进程数；默认为 CPU 核数"),
    style: Optional[str] = typer.Option(None, "--style", help="样式名或样式文件路径，默认 gbt9704"),
    script: Optional[str] = typer.Option(None, "--script", help="生成文字的字形：简体（hans）或繁体（hant）；默认按各单位数据的用字判断"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的（或被修改过的）文件"),
    templates_dir: Optional[list[Path]] = templates_dirs_option(),
    strict: bool = strict_option(),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 为每份文件生成同名 PDF（需安装 LibreOffice）"),
) -> None:
    """从一个工作簿为每个单位各生成一份公文（并行）；结果另存为输出文件夹中的“结果.csv”。"""

    def action() -> None:
        import time

        from edureport.batch import Settings, exit_code, plan_batch, run_batch
        from edureport.workers import Interruption, default_workers, worker_cap

        started = time.perf_counter()
        out_dir = output or Path(workbook.stem)
        if out_dir.exists() and not out_dir.is_dir():
            from edureport.core.errors import InputError, Problem

            raise InputError(Problem("输出位置是一个文件，不是文件夹", location=str(out_dir),
                                     suggestion="请用 -o 指定一个文件夹"))
        if pdf:  # refuse before writing anything, not after every document
            from edureport.writers.pdf import MISSING_MESSAGE, available

            if not available():
                from edureport.core.errors import RenderError

                raise RenderError(MISSING_MESSAGE)
        dirs = tuple(str(d) for d in templates_dir or ())
        plan = plan_batch(workbook, template, out_dir, dirs)
        workers = jobs or default_workers()
        workers, reason = worker_cap(workers)
        if jobs and reason:
            echo_warning(f"--jobs {jobs} 过多：{reason}，改用 {workers} 个进程")
        settings = Settings(plan.spec_id, dirs, style, force, strict=strict, script=script)
        with Interruption() as interruption, _progress() as progress:
            task = progress.add_task("生成", total=plan.total)
            results = run_batch(plan, settings, workers, lambda n: progress.advance(task, n), interruption)
        if pdf and not interruption.signum:
            _convert(results, out_dir, force)
        _summary(results, out_dir, time.perf_counter() - started, min(workers, max(1, len(plan.jobs))),
                 plan.stray_rows, interruption.signum)
        from edureport.batch_report import write_report

        typer.echo(f"结果清单：{write_report(out_dir, results, plan.stray_rows)}")
        code = interruption.exit_code or exit_code(results, plan.stray_rows)
        if code:
            raise typer.Exit(code)

    run(action)
