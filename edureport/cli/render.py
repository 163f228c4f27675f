"""edureport render INPUT [-t TEMPLATE] [-o OUTPUT]"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from edureport.cli import app
from edureport.cli.common import DocumentFormat, echo_warning, refuse_warnings, run, strict_option, templates_dirs_option


@app.command()
def render(
    input: Path = typer.Argument(..., metavar="数据文件", show_default=False,
                                 help="数据文件：.yaml / .yml / .json / .xlsx（.xls / .ods / .et 需安装 LibreOffice）"),
    template: Optional[str] = typer.Option(None, "-t", "--template", help="模板 id 或中文名，如 工作总结"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出文件，或已有的文件夹（文件名取文件标题）；默认用文件标题命名，放在当前文件夹"),
    style: Optional[str] = typer.Option(None, "--style", help="样式名或样式文件路径，默认 gbt9704"),
    script: Optional[str] = typer.Option(None, "--script", help="生成文字的字形：简体（hans）或繁体（hant）；默认按数据的用字判断"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的（或被修改过的）输出文件"),
    templates_dir: Optional[list[Path]] = templates_dirs_option(),
    format: DocumentFormat = typer.Option(DocumentFormat.docx, "-f", "--format", help="输出格式：docx（默认）或 html（浏览器预览）"),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 生成同名 PDF（需安装 LibreOffice）"),
    plan: Optional[list[Path]] = typer.Option(None, "--plan", metavar="方案文件", show_default=False,
                                              help="对照的方案数据文件（可多次），生成“目标完成情况”；也可在数据中写“依据方案”"),
    strict: bool = strict_option(),
) -> None:
    """根据数据生成一份公文（.docx），或 HTML 预览；--pdf 同时生成 PDF。"""

    def action() -> None:
        from edureport.core.errors import InputError, Problem
        from edureport.output import check_target, output_target, write_atomic
        from edureport.pipeline import prepare

        if pdf and format is not DocumentFormat.docx:
            raise InputError(Problem("--pdf 只能与 docx 格式一起使用", location="--pdf",
                                     suggestion="去掉 -f html，或去掉 --pdf"))
        rendered = prepare(input, template, style=style, templates_dirs=templates_dir or (), plans=plan or (), script=script)
        if strict:
            refuse_warnings(rendered.warnings)
        for warning in rendered.warnings:
            echo_warning(warning.format())
        target = output_target(rendered.title, output, f".{format.value}")
        if format is DocumentFormat.html:
            from edureport.writers.html import stamped, write_html

            write_atomic(target, stamped(write_html(rendered.document, rendered.profile)), force=force)
            typer.echo(f"已生成预览：{target}")
            return
        if pdf:  # refuse before writing anything, not after the Word file and a slow conversion
            check_target(target.with_suffix(".pdf"), force)
        write_atomic(target, rendered.to_docx(), force=force)
        typer.echo(f"已生成：{target}")
        if pdf:
            from edureport.writers.pdf import convert_one

            typer.echo(f"已生成：{convert_one(target, force=force)}")

    run(action)
