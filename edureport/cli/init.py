"""edureport init [-t TEMPLATE] [--format xlsx|yaml] [-o FILE] [--force]"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from edureport.cli import app
from edureport.cli.common import StarterFormat, run, templates_dirs_option

DEFAULT_TEMPLATE = "work-summary"


def _format_for(output: Optional[Path], chosen: Optional[StarterFormat]) -> str:
    if chosen is not None:
        return chosen.value
    if output is not None and output.suffix.lower() in (".yaml", ".yml"):
        return "yaml"
    return "xlsx"


@app.command()
def init(
    template: str = typer.Option(DEFAULT_TEMPLATE, "-t", "--template", help="模板 id 或中文名，如 工作总结、实施方案"),
    file_format: Optional[StarterFormat] = typer.Option(None, "--format", help="xlsx（Excel 工作簿，默认）或 yaml（带注释的示例）"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出文件；默认为“<文种>数据.xlsx”"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的文件"),
    templates_dir: Optional[list[Path]] = templates_dirs_option(),
) -> None:
    """生成待填写的数据文件：每个工作表和列名、填表说明，并填好示例。"""

    def action() -> None:
        from edureport.core.errors import InputError, Problem
        from edureport.output import write_atomic
        from edureport.templating.registry import get_registry
        from edureport.workbook.starter import starter_bytes

        spec = get_registry(templates_dir or ()).get(template)
        kind = _format_for(output, file_format)
        suffix = ".xlsx" if kind == "xlsx" else ".yaml"
        target = output or Path(f"{spec.name}数据{suffix}")
        if target.suffix.lower() not in ((".xlsx",) if kind == "xlsx" else (".yaml", ".yml")):
            raise InputError(Problem(f"文件扩展名与格式 {kind} 不一致", location=str(target),
                                     suggestion=f"请把文件名改为以 {suffix} 结尾，或去掉 --format"))
        if target.exists() and not force:
            raise InputError(Problem("文件已存在，为避免覆盖您已填写的内容，本次未写入", location=str(target),
                                     suggestion="请用 -o 换一个文件名；确需覆盖时加 --force"))
        write_atomic(target, starter_bytes(spec, kind), force=force)
        typer.echo(f"已生成：{target}（{spec.name}）")
        typer.echo(f"填写后运行：edureport render {target}")

    run(action)
