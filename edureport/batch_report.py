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


def _ours(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return next(csv.reader(stream), None) == HEADER
    except (OSError, UnicodeDecodeError, csv.Error):
        return False


def report_target(folder: Path) -> Path:
    """结果.csv, replaced on every run; a file of that name that is not ours is left alone (结果（2）.csv …)."""
    stem, suffix = REPORT_NAME.rsplit(".", 1)
    candidate, number = folder / REPORT_NAME, 2
    while candidate.exists() and not _ours(candidate):
        candidate = folder / f"{stem}（{number}）.{suffix}"
        number += 1
    return candidate


def write_report(folder: Path, results, stray_rows: list[Problem]) -> Path:
    """Write the report in ``folder``; returns where it went."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(report_rows(results, stray_rows))
    folder.mkdir(parents=True, exist_ok=True)
    target = report_target(folder)
    staging = folder / f".{target.name}.part"
    staging.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    os.replace(staging, target)
    return target
