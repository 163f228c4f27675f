"""edureport render INPUT [-t TEMPLATE] [-o OUTPUT]"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from edureport.cli import app
from edureport.cli.common import echo_warning, run, templates_dirs_option


@app.command()
def render(
    input: Path = typer.Argument(..., metavar="数据文件", help="数据文件：.yaml / .yml / .json / .xlsx", show_default=False),
    template: Optional[str] = typer.Option(None, "-t", "--template", help="模板 id 或中文名，如 工作总结"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出文件，或已有的文件夹（文件名取文件标题）；默认用文件标题命名，放在当前文件夹"),
    style: Optional[str] = typer.Option(None, "--style", help="样式名或样式文件路径，默认 gbt9704"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的（或被修改过的）输出文件"),
    templates_dir: Optional[list[Path]] = templates_dirs_option(),
    format: str = typer.Option("docx", "-f", "--format", help="输出格式：docx（默认）或 html（浏览器预览）"),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 生成同名 PDF（需安装 LibreOffice）"),
) -> None:
    """根据数据生成一份公文（.docx），或 HTML 预览；--pdf 同时生成 PDF。"""

    def action() -> None:
        from edureport.core.errors import InputError, Problem
        from edureport.output import output_target, write_atomic
        from edureport.pipeline import prepare

        if format not in ("docx", "html"):
            raise InputError(Problem("输出格式不正确", location="--format", expected="docx 或 html", found=format))
        if pdf and format != "docx":
            raise InputError(Problem("--pdf 只能与 docx 格式一起使用", location="--pdf",
                                     suggestion="去掉 -f html，或去掉 --pdf"))
        rendered = prepare(input, template, style=style, templates_dirs=templates_dir or ())
        for warning in rendered.warnings:
            echo_warning(warning.format())
        target = output_target(rendered.title, output, f".{format}")
        if format == "html":
            from edureport.writers.html import is_preview, stamped, write_html

            write_atomic(target, stamped(write_html(rendered.document, rendered.profile)),
                         force=force or is_preview(target))
            typer.echo(f"已生成预览：{target}")
            return
        if pdf:  # refuse before writing anything, not after the Word file and a slow conversion
            from edureport.writers.pdf import check_pdf_target

            check_pdf_target(target.with_suffix(".pdf"), force)
        write_atomic(target, rendered.to_docx(), force=force)
        typer.echo(f"已生成：{target}")
        if pdf:
            from edureport.writers.pdf import convert_one

            typer.echo(f"已生成：{convert_one(target, force=force)}")

    run(action)
