"""edureport validate INPUT [-t TEMPLATE] [--templates-dir D] [--format text|json]

Checks a data file against the template's declared fields and lists every
problem at once. Exit 0 when the data can be rendered (warnings allowed),
2 when it cannot, 1 when a template itself is broken.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from edureport.cli import app
from edureport.cli.common import ReportFormat, echo_error, run, strict_option, templates_dirs_option


def _check(input: Path, template: Optional[str], templates_dirs: list[Path], strict: bool = False) -> dict:
    """Load and check; every outcome (including a file that cannot be read) becomes a report."""
    from edureport.core.errors import ERROR, InputError
    from edureport.pipeline import Pipeline

    report: dict = {"input": str(input), "template": None, "valid": False, "problems": [], "warnings": []}
    pipeline = Pipeline(templates_dirs)
    try:
        source = pipeline.read(input)
        spec = pipeline.choose(source, template)
        errors, warnings, units = _check_units(pipeline, source, spec, input)
    except InputError as exc:
        report["problems"] = [p for p in exc.problems if p.severity == ERROR]
        report["warnings"] = [p for p in exc.problems if p.severity != ERROR]
        return report
    report["template"] = spec.id
    report["template_name"] = spec.name
    if units > 1:
        report["units"] = units
    report["problems"], report["warnings"] = errors, warnings
    report["valid"] = not errors and not (strict and warnings)
    report["strict"] = strict
    return report


def _check_units(pipeline, source, spec, input: Path) -> tuple[list, list, int]:
    """(errors, warnings, number of units): a batch workbook is checked unit by unit, as batch renders it."""
    from edureport.core.errors import said_once
    from edureport.sources.workbook import WorkbookSource

    if isinstance(source, WorkbookSource):
        from edureport.intake.workbook import build_unit, split_workbook

        layout, units, stray = split_workbook(source.tables, spec)
        if len(units) > 1:
            errors, warnings = list(stray), []
            for unit in units:
                validated = pipeline.validate(build_unit(layout, unit, []), spec)
                errors += validated.errors
                warnings += validated.warnings
            return errors, said_once(warnings), len(units)
    shaped = pipeline.shape(source, spec)
    validated = pipeline.link(spec, shaped, pipeline.validate(shaped, spec), input)  # and the plan it names
    return validated.errors, validated.warnings, 1


def _print_text(report: dict) -> None:
    for problem in report["problems"]:
        typer.echo(f"错误：{problem.format()}", err=True)
    for warning in report["warnings"]:
        typer.echo(f"提示：{warning.format()}", err=True)
    errors, warnings = len(report["problems"]), len(report["warnings"])
    template = f"（{report['template_name']}）" if report.get("template_name") else ""
    if report.get("units"):
        template += f"（批量工作簿，{report['units']} 个单位）"
    if errors:
        typer.echo(f"{report['input']}{template}：发现 {errors} 处错误" + (f"、{warnings} 条提示" if warnings else "")
                   + "，请修改后再生成。", err=True)
    elif not report["valid"]:
        typer.echo(f"{report['input']}{template}：有 {warnings} 条提示，使用了 --strict，视为未通过；"
                   "请修改数据，或去掉 --strict。", err=True)
    else:
        typer.echo(f"{report['input']}{template}：数据检查通过" + (f"，另有 {warnings} 条提示" if warnings else "")
                   + "，可以生成。")


def _print_json(report: dict) -> None:
    out = dict(report)
    out["problems"] = [p.as_dict() for p in report["problems"]]
    out["warnings"] = [p.as_dict() for p in report["warnings"]]
    out["error_count"], out["warning_count"] = len(out["problems"]), len(out["warnings"])
    typer.echo(json.dumps(out, ensure_ascii=False, indent=2))


@app.command()
def validate(
    input: Path = typer.Argument(..., metavar="数据文件", show_default=False,
                                 help="数据文件：.yaml / .yml / .json / .xlsx（.xls / .ods / .et 需安装 LibreOffice）"),
    template: Optional[str] = typer.Option(None, "-t", "--template", help="模板 id 或中文名；不填时用数据中的“文种”"),
    templates_dir: Optional[list[Path]] = templates_dirs_option(),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", help="text：给人看；json：给程序用"),
    strict: bool = strict_option(),
) -> None:
    """检查数据文件：一次列出所有问题（位置、字段、应为、实际、建议），不生成文档。"""

    def action() -> None:
        from edureport.core.errors import EXIT_INPUT, EdureportError

        try:
            report = _check(input, template, templates_dir or [], strict)
        except EdureportError as exc:  # a broken template: not the data's fault
            if format is ReportFormat.json:
                typer.echo(json.dumps({"input": str(input), "valid": False, "fatal": str(exc),
                                       "exit_code": exc.exit_code}, ensure_ascii=False, indent=2))
            else:
                echo_error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        (_print_json if format is ReportFormat.json else _print_text)(report)
        if not report["valid"]:
            raise typer.Exit(EXIT_INPUT)

    run(action)
