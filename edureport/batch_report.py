"""What a batch did, unit by unit, in a file next to the documents: 结果.csv.

Opened with Excel or WPS (UTF-8 with BOM), one row per unit — 单位, 结果
(已生成 / 已生成（有警告） / 数据有误 …), 文件, 问题 — and one row per workbook
row that belongs to no unit. A clerk sending thirty documents upward keeps it
as the record of what was checked.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from edureport.core.errors import Problem

REPORT_NAME = "结果.csv"
HEADER = ["单位", "结果", "文件", "问题"]


def report_rows(results, stray_rows: list[Problem]) -> list[list[str]]:
    rows = []
    for result in results:
        files = "\n".join(Path(p).name for p in (result.target, result.pdf) if p)
        problems = result.warnings if result.ok else [result.reason]
        rows.append([result.unit, result.status, files, "\n".join(p for p in problems if p)])
    rows += [[p.location, "无法归属", "", p.format()] for p in unclaimed(results, stray_rows)]
    return rows


def unclaimed(results, stray_rows: list[Problem]) -> list[Problem]:
    """Rows naming no unit that no unit's result mentions already (a misspelt name is told to its unit)."""
    told = [w for r in results for w in r.warnings]
    return [p for p in stray_rows if not any(p.location in warning for warning in told)]


def write_report(folder: Path, results, stray_rows: list[Problem]) -> Path:
    """Write (or replace: it is this program's own file) 结果.csv in ``folder``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(report_rows(results, stray_rows))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / REPORT_NAME
    staging = folder / f".{REPORT_NAME}.part"
    staging.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    os.replace(staging, target)
    return target
