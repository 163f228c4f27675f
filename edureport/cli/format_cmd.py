"""edureport format FILE [-o OUT] [--check] [--renumber] [--keep 标点,日期…]
edureport extract FILE [-o OUT.yaml] [-t TEMPLATE]

Exit codes of format: 0 written (or nothing to change with --check), 1 the result
still has format errors (e.g. a numbering gap without --renumber) or --check found
changes, 2 the file cannot be read or the command is misused.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from edureport.cli import app
from edureport.cli.common import run, templates_dirs_option


def _keep_option():
    return typer.Option(None, "--keep", metavar="修正项",
                        help="不做的文字修正（可重复或用逗号分隔）：标点、日期、空格、换行、序号")


@app.command("format")
def format_command(
    file: Path = typer.Argument(..., metavar="Word文件", help="要排版的文件：.docx；装有 LibreOffice 时也可 .doc/.wps/.odt/.rtf",
                                show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出文件，默认为“原文件名（排版后）.docx”"),
    style: Optional[str] = typer.Option(None, "--style", help="样式名或样式文件路径：gbt9704（默认）、gbt9704-redhead、zh-hant"),
    check: bool = typer.Option(False, "--check", help="只列出将要修改的内容，不写文件"),
    renumber: bool = typer.Option(False, "--renumber", help="标题序号不连续时重新编号（默认只报告）"),
    keep: Optional[list[str]] = _keep_option(),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的输出文件"),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 生成同名 PDF"),
) -> None:
    """一键排版：把任意 Word 文件按公文格式（GB/T 9704）重排，文字只做列出的修正。"""

    def action() -> int:
        from edureport.core.errors import InputError, Problem
        from edureport.output import write_atomic
        from edureport.readers.fixes import fix_names
        from edureport.readers.formatting import format_document

        try:
            kept = fix_names(keep or [])
        except ValueError as exc:
            raise InputError(Problem(f"不认识的修正项“{exc}”", location="--keep",
                                     expected="标点、日期、空格、换行、序号")) from None
        target = output or file.with_name(f"{file.stem}（排版后）.docx")
        if target.suffix.lower() != ".docx":
            target = target.with_name(target.name + ".docx")
        if not check and pdf:
            from edureport.writers.pdf import check_pdf_target

            check_pdf_target(target.with_suffix(".pdf"), force)
        result = format_document(file, style, keep=kept, renumber=renumber, write=not check)
        for line in result.lines():
            typer.echo(line)
        if check:
            would_change = bool(result.reading.changes or result.layout_fixes())
            typer.echo("以上为将要做的修改，未写入文件（去掉 --check 即可排版）")
            return 1 if would_change else 0
        write_atomic(target, result.data, force=force)
        typer.echo(f"已生成：{target}")
        if pdf:
            from edureport.writers.pdf import convert_one

            typer.echo(f"已生成：{convert_one(target, force=force)}")
        return 0 if result.output_report is None or result.output_report.ok else 1

    code = run(action)
    if code:
        raise typer.Exit(code)


@app.command()
def extract(
    file: Path = typer.Argument(..., metavar="Word文件", help="已有的工作总结或实施方案（.docx 等）", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出的数据文件（.yaml），默认与原文件同名"),
    template: Optional[str] = typer.Option(None, "-t", "--template", help="模板 id 或中文名；默认按标题判断（总结/方案）"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的输出文件"),
    templates_dir: Optional[list[Path]] = templates_dirs_option(),
) -> None:
    """从已有的 Word 文件提取数据文件（YAML），作为今年文件的起点。"""

    def action() -> None:
        from edureport.output import write_atomic
        from edureport.readers.extract import extract_file

        extracted = extract_file(file, template, templates_dir or ())
        target = output or file.with_suffix(".yaml")
        write_atomic(target, extracted.to_yaml().encode("utf-8"), force=force)
        for line in extracted.lines():
            typer.echo(line)
        typer.echo(f"已生成：{target}")

    run(action)
