"""edureport render INPUT [-t TEMPLATE] [-o OUTPUT]"""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import app
from .common import echo_warning, run, templates_dirs_option


@app.command()
def render(
    input: Path = typer.Argument(..., help="数据文件：.yaml / .yml / .json / .xlsx", show_default=False),
    template: Optional[str] = typer.Option(None, "-t", "--template", help="模板 id 或中文名，如 工作总结"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出文件；默认用文件标题命名"),
    style: Optional[str] = typer.Option(None, "--style", help="样式名或样式文件路径，默认 gbt9704"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的（或被修改过的）输出文件"),
    templates_dir: Optional[List[Path]] = templates_dirs_option(),
) -> None:
    """根据数据生成一份公文（.docx）。"""

    def action() -> None:
        from ..output import safe_filename, write_atomic
        from ..pipeline import prepare

        rendered = prepare(input, template, style=style, templates_dirs=templates_dir or ())
        for warning in rendered.warnings:
            echo_warning(warning.format())
        target = output or Path(safe_filename(rendered.title))
        if target.suffix.lower() != ".docx" and not target.is_dir():
            target = target.with_name(target.name + ".docx")
        write_atomic(target, rendered.to_docx(), force=force)
        typer.echo(f"已生成：{target}")

    run(action)
