"""edureport rollup WORKBOOK [-o OUTPUT.yaml] [--org NAME] [--rank METRIC]"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from edureport.cli import app
from edureport.cli.common import echo_warning, refuse_warnings, run, strict_option, templates_dirs_option


def _dumper():
    import yaml

    class Dumper(yaml.SafeDumper):
        """Flow style for records (one metric a line), block style for lists of sentences."""

    def sentences(dumper, items):
        flow = not all(isinstance(i, str) and len(i) > 30 for i in items) if items else True
        return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow and None)

    Dumper.add_representer(list, sentences)
    return Dumper


@app.command()
def rollup(
    workbook: Path = typer.Argument(..., metavar="工作簿", help="批量工作簿（.xlsx）：“基本信息”每个单位一行，“指标”第一列为“单位”",
                                    show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="汇总文件",
                                          help="输出的汇总数据文件（.yaml）；默认为“工作簿名-汇总.yaml”"),
    org: Optional[str] = typer.Option(None, "--org", metavar="单位", help="汇总单位（发文单位）；默认为各单位共同的主送机关"),
    rank: Optional[list[str]] = typer.Option(None, "--rank", metavar="指标", show_default=False,
                                             help="按该指标给各单位排名（可多次），附在汇总表后"),
    charts: bool = typer.Option(False, "--charts", help="在汇总数据中写“图表: 是”（各单位对比图等）"),
    template: Optional[str] = typer.Option(None, "-t", "--template", help="读工作簿所用的模板，默认 工作总结"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的输出文件"),
    templates_dir: Optional[list[Path]] = templates_dirs_option(),
    strict: bool = strict_option(),
) -> None:
    """把各单位的批量工作簿汇总为一份数据文件（合计、加权平均、最高最低、缺报单位），再用 render 生成公文。"""

    def action() -> None:
        import yaml

        from edureport.links.rollup import bureau_name, read_workbook, roll_up, rolled_data
        from edureport.output import write_atomic

        given = read_workbook(workbook, template, templates_dir or ())
        results, rollup_warnings = roll_up(given.units, given.rules)
        warnings = given.warnings + rollup_warnings
        if strict:
            refuse_warnings(warnings)
        data = rolled_data(results, given.units, bureau_name(org, given.recipients, given.units), given.year, rank or [])
        if charts:
            data["图表"] = True
        for warning in warnings:
            echo_warning(warning.format())
        target = output or Path(f"{workbook.stem}-汇总.yaml")
        if target.suffix.lower() not in (".yaml", ".yml"):
            target = target.with_name(target.name + ".yaml")
        head = (f"# 由 edureport rollup 从 {workbook.name} 汇总（{len(given.units)} 个单位）。\n"
                f"# 请补充“基本情况”“主要成绩”等内容后生成公文：edureport render {target.name}\n")
        text = head + yaml.dump(data, Dumper=_dumper(), allow_unicode=True, sort_keys=False, default_flow_style=None,
                                width=1000)
        write_atomic(target, text.encode("utf-8"), force=force)
        typer.echo(f"已生成：{target}（{len(given.units)} 个单位，{len(data['指标'])} 项汇总指标）")

    run(action)
