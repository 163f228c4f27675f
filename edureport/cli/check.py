"""edureport check FILE.docx [--style PROFILE] [--format text|json]

Exit codes: 0 no errors (warnings may remain), 1 the document has format
errors, 2 the file cannot be read or the command is misused, 3 internal error.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from edureport.cli import app
from edureport.cli.common import ReportFormat, run


@app.command()
def check(
    file: Path = typer.Argument(..., metavar="Word文件", help="要检查的 Word 文件（.docx，Word 或 WPS 制作的均可）", show_default=False),
    style: Optional[str] = typer.Option(None, "--style", help="样式名或样式文件路径，默认 gbt9704"),
    format: ReportFormat = typer.Option(ReportFormat.text, "-f", "--format", help="输出格式：text（逐条说明）或 json"),
) -> None:
    """检查 Word 文件是否符合公文格式（GB/T 9704）：页面、字体字号、缩进、标题序号、页码、日期和标点。"""

    def action() -> int:
        from edureport.checker import check as check_document

        report = check_document(file, style)
        typer.echo(report.to_json() if format is ReportFormat.json else report.format_text())
        return 0 if report.ok else 1

    code = run(action)
    if code:
        raise typer.Exit(code)
