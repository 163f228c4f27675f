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
    units: Optional[str] = typer.Option(None, "--units", metavar="N|单位名单",
                                        help="生成批量工作簿：单位个数（如 5），或用顿号分隔的单位名单（如 第一小学、第二小学）"),
    templates_dir: Optional[list[Path]] = templates_dirs_option(),
) -> None:
    """生成待填写的数据文件：每个工作表和列名、填表说明，以及单独的“示例”工作表（不会被读取）。"""

    def action() -> None:
        from edureport.core.errors import InputError, Problem
        from edureport.output import write_atomic
        from edureport.templating.registry import get_registry
        from edureport.workbook.starter import starter_bytes, unit_names

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
        names = unit_names(units) if units is not None else None
        if names is not None and (kind != "xlsx" or not names or len(names) > 10000):
            raise InputError(Problem("--units 需要 1～10000 个单位，且只能用于 Excel 工作簿", location="--units",
                                     found=units, suggestion="如 --units 5，或 --units 第一小学、第二小学"))
        write_atomic(target, starter_bytes(spec, kind, names), force=force)
        typer.echo(f"已生成：{target}（{spec.name}{f'，{len(names)} 个单位' if names else ''}）")
        typer.echo(f"各工作表只有列名，填法见“示例”工作表。填写后运行：edureport {'batch' if names else 'render'} {target}")

    run(action)
