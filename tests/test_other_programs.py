"""Workbooks saved by other programs read the same as Excel's; .xls/.ods/.et go through LibreOffice."""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from conftest import soffice_available
from test_excel import BASIC, spec, workbook
from typer.testing import CliRunner

from edureport.cli import app
from edureport.intake.validate import validate
from edureport.sources import read_source
from edureport.sources.xlsx_tables import read_tables

needs_soffice = pytest.mark.skipif(not soffice_available(), reason="LibreOffice not installed")


def rich_workbook(path: Path) -> Path:
    """Text with line breaks and 、, numbers, a percent cell, dates, a month, merged cells, nesting."""
    path = workbook(path, {
        "基本信息": BASIC + [("基本情况", "第一段。\n第二段。"), ("抄送", "区委办、区政府办"),
                         ("印发日期", dt.datetime(2024, 12, 1))],
        "主要成绩": [("标题", "内容", "要点", "上级"),
                 ("德育工作", "开展活动36场。", "健全班主任、德育处、家长委员会三位一体育人机制\n开设心理课", None),
                 ("课堂改革", "推进改革。", None, None), ("作业管理", "推行分层作业。", None, "课堂改革")],
        "指标": [("指标名称", "数值", "计量单位", "上年数值", "所属"),
               ("在校学生", 2136, "人", 2058, None), ("课后服务参与率", 0.968, None, None, "作业管理")],
    }, formats={"指标!B3": "0.0%", "基本信息!B8": 'yyyy"年"m"月"'})
    return path


def convert(path: Path, to: str, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    done = subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                           "--convert-to", to, "--outdir", str(folder), str(path)], capture_output=True, timeout=120)
    made = folder / f"{path.stem}.{to}"
    if not made.is_file() and b"could not be loaded" in done.stdout + done.stderr:
        pytest.skip("LibreOffice is installed without Calc (libreoffice-calc)")
    assert made.is_file(), done
    return made


@pytest.mark.slow
@needs_soffice
def test_xlsx_saved_by_libreoffice_reads_the_same(tmp_path):
    original = rich_workbook(tmp_path / "a.xlsx")
    resaved = convert(original, "xlsx", tmp_path / "lo")
    ours, theirs = read_tables(original), read_tables(resaved)
    assert [s.name for s in ours.sheets.values()] == [s.name for s in theirs.sheets.values()]
    for name, sheet in ours.sheets.items():
        other = theirs.sheets[name]
        assert [(r.number, {i: (c.value, c.percent) for i, c in r.cells.items()}) for r in sheet.rows] == \
               [(r.number, {i: (c.value, c.percent) for i, c in r.cells.items()}) for r in other.rows], name
    assert validate(read_source(original), spec()).data == validate(read_source(resaved), spec()).data


@pytest.mark.slow
@needs_soffice
def test_xls_and_ods_are_converted_through_libreoffice(tmp_path):
    original = rich_workbook(tmp_path / "a.xlsx")
    expected = validate(read_source(original), spec()).data
    for suffix in ("xls", "ods"):  # one LibreOffice profile for the test's own conversions: faster
        other = convert(original, suffix, tmp_path / "lo")
        data = validate(read_source(other), spec()).data
        assert data == expected, suffix
        assert data["achievements"][0]["points"][0] == "健全班主任、德育处、家长委员会三位一体育人机制"
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "lo" / "a.ods")])
    assert result.exit_code == 0 and "a.ods（工作总结）" in result.output


def test_without_libreoffice_the_message_says_how_to_save_as_xlsx(tmp_path, monkeypatch):
    monkeypatch.setenv("EDUREPORT_SOFFICE", str(tmp_path / "missing-soffice"))
    path = tmp_path / "数据.ods"
    path.write_bytes(b"PK\x03\x04not really")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "数据.ods" in result.stderr and "没有安装 LibreOffice" in result.stderr and "另存为" in result.stderr
