"""edureport templates list | show T | new ID | check DIR"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from edureport.cli import app
from edureport.cli.common import run, templates_dirs_option
from edureport.cli.usage import ChineseTyper

templates_app = ChineseTyper(help="查看、新建和检查模板（文种）。", no_args_is_help=True)
app.add_typer(templates_app, name="templates")

DEFAULT_FROM = "work-summary"


def _width(text: str) -> int:
    from edureport.core.textmetrics import text_width

    return round(text_width(text) * 2)


def _table(header: list[str], rows: list[list[str]]) -> str:
    """Columns padded by display width (a Chinese character is two columns)."""
    widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, ["-" * w for w in widths], *rows]:
        cells = [str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


@templates_app.command("list")
def list_templates(templates_dir: Optional[list[Path]] = templates_dirs_option()) -> None:
    """列出可用的模板：id、中文名、来源、说明。"""

    def action() -> None:
        from edureport.templating.registry import Registry

        registry = Registry(templates_dir or ())
        rows = [[s.id, s.name, s.source, s.description] for s in registry]
        typer.echo(_table(["id", "中文名", "来源", "说明"], rows))
        for folder, error in registry.broken.items():
            typer.secho(f"无法加载的模板：{folder}：{error}", fg=typer.colors.YELLOW, err=True)

    run(action)


def _default_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


def _field_rows(fields, types) -> list[list[str]]:
    return [[f.key, " / ".join(f.aliases), f.type_label, "是" if f.required else "",
             _default_text(f.default if f.default is not None else f.heading), f.description]
            for f in fields.values()]


@templates_app.command("show")
def show(template: str = typer.Argument(..., metavar="模板", help="模板 id 或中文名"),
         templates_dir: Optional[list[Path]] = templates_dirs_option()) -> None:
    """显示一个模板接受的字段（键、中文名、类型、是否必填、默认值、说明）。"""

    def action() -> None:
        from edureport.templating.registry import Registry

        spec = Registry(templates_dir or ()).get(template)
        typer.echo(f"{spec.name}（{spec.id}）：{spec.description}")
        typer.echo(f"来源：{spec.source}；文件夹：{spec.folder}；样式：{spec.style}")
        if spec.title:
            typer.echo(f"默认标题：{spec.title}")
        typer.echo("")
        header = ["键", "中文", "类型", "必填", "默认值 / 默认标题", "说明"]
        typer.echo(_table(header, _field_rows(spec.fields, spec.types)))
        used = {f.type for f in spec.fields.values() if f.type in spec.types}
        pending = sorted(used)
        while pending:  # record types, including those nested in records
            key = pending.pop(0)
            record = spec.types[key]
            typer.echo(f"\n{record.name}（{key}）的字段：")
            typer.echo(_table(header, _field_rows(record.fields, spec.types)))
            for sub in record.fields.values():
                if sub.type in spec.types and sub.type not in used:
                    used.add(sub.type)
                    pending.append(sub.type)
        rows, sheets = spec.workbook_layout()
        typer.echo(f"\nExcel：工作表“基本信息”的项目：{'、'.join(f.alias for f in rows)}")
        if sheets:
            typer.echo(f"Excel：另设工作表：{'、'.join(f.alias for f in sheets)}")

    run(action)


@templates_app.command("new")
def new(
    template_id: str = typer.Argument(..., metavar="ID", help="新模板的 id：小写字母、数字和连字符，如 debriefing-report"),
    source: str = typer.Option(DEFAULT_FROM, "--from", help="以哪个模板为底稿（id 或中文名）"),
    name: Optional[str] = typer.Option(None, "--name", help="模板的中文名，如 述职报告；用 -t 选模板时可用"),
    output: Path = typer.Option(Path("."), "-o", "--output", help="在此文件夹下创建“ID”子文件夹"),
    templates_dir: Optional[list[Path]] = templates_dirs_option(),
) -> None:
    """复制一个模板作为新文种的起点（改写 id 和中文名）。"""

    def action() -> None:
        from edureport.authoring.scaffold import scaffold_template

        target = scaffold_template(template_id, source, name, output, templates_dir or ())
        typer.echo(f"已创建模板：{target}")
        typer.echo(f"下一步：编辑 {target / 'template.yaml'}（字段）和正文模板，然后运行\n"
                   f"  edureport templates check {target}\n"
                   f"  edureport render {target / 'example.yaml'} --templates-dir {output}")

    run(action)


@templates_app.command("check")
def check(
    folder: Path = typer.Argument(..., metavar="模板文件夹", help="模板文件夹（含 template.yaml），或包含若干模板的文件夹"),
    style: Optional[str] = typer.Option(None, "--style", help="用此样式试渲染，默认用模板声明的样式"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="把示例数据的渲染结果另存为 .docx"),
) -> None:
    """检查模板：语法、未声明和未使用的字段、安全限制、示例数据能否校验和渲染、公文格式。"""

    def action() -> int:
        from edureport.authoring.check import check_template, describe
        from edureport.core.errors import ERROR
        from edureport.templating.registry import template_folders

        folders = list(template_folders(folder)) or [folder]
        if output and len(folders) > 1:
            typer.secho("提示：检查多个模板时不保存示例渲染结果（-o 只用于单个模板）", fg=typer.colors.YELLOW, err=True)
        failed = 0
        for one in folders:
            report = check_template(one, style=style)
            for finding in report.findings:
                colour = typer.colors.RED if finding.severity == ERROR else typer.colors.YELLOW
                typer.secho(describe(finding), fg=colour)
            if output and report.docx and len(folders) == 1:
                from edureport.output import write_atomic

                write_atomic(output, report.docx, force=True)
                typer.echo(f"示例渲染结果：{output}")
            if report.errors:
                failed += 1
                typer.echo(f"检查未通过：{one}：{len(report.errors)} 个错误，{len(report.warnings)} 个警告")
            else:
                typer.echo(f"检查通过：{one}" + (f"（{len(report.warnings)} 个警告）" if report.warnings else ""))
        return 1 if failed else 0

    code = run(action)
    if code:
        raise typer.Exit(code)
