"""Hidden rows, columns and sheets of a workbook are still read, but never silently: each sheet a
document reads hidden content from gets one warning naming it (and --strict stops the document)."""
from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
from conftest import open_docx
from test_batch import UNITS, batch_workbook
from typer.testing import CliRunner

from edureport.cli import app
from edureport.intake.validate import check
from edureport.sources import read_source
from edureport.sources.hidden import spans
from edureport.sources.xlsx_cells import column_name
from edureport.templating.registry import get_registry

BASIC = [("项目", "内容"), ("文种", "工作总结"), ("单位", "某某区实验小学"), ("年度", 2024),
         ("主送机关", "区教育局"), ("成文日期", dt.datetime(2024, 12, 20))]
ACHIEVEMENTS = [("标题", "内容", "要点")] + [(f"第{n}项成绩", f"第{n}项的内容。", None) for n in range(1, 10)]


def book(path: Path, change=None) -> Path:
    """基本信息 and 主要成绩 (rows 2–10 hold 第1项…第9项成绩); ``change(workbook)`` hides what a test needs."""
    workbook = openpyxl.Workbook()
    basic = workbook.active
    basic.title = "基本信息"
    for row in BASIC:
        basic.append(row)
    achievements = workbook.create_sheet("主要成绩")
    for row in ACHIEVEMENTS:
        achievements.append(row)
    if change:
        change(workbook)
    workbook.save(path)
    return path


def warnings_of(path: Path) -> tuple[list[str], dict]:
    data, errors, warnings = check(read_source(path), get_registry().get("work-summary"))
    assert errors == [], [p.format() for p in errors]
    return [w.format() for w in warnings], data


def hide_rows(sheet: str, *rows: int):
    def change(workbook):
        for row in rows:
            workbook[sheet].row_dimensions[row].hidden = True
    return change


def test_spans_name_runs_of_rows_and_columns():
    assert spans([9, 5, 7, 8], "行") == "5、7～9 行"
    assert spans([2, 3, 5], "列", column_name) == "B～C、E 列"
    assert spans(range(1, 40, 2), "行") == "1、3、5、7、9、11、13、15等 20 行"


def test_hidden_rows_are_read_and_named_in_one_warning(tmp_path):
    warnings, data = warnings_of(book(tmp_path / "a.xlsx", hide_rows("主要成绩", 6, 8, 9, 10)))
    assert [a["title"] for a in data["achievements"]] == [f"第{n}项成绩" for n in range(1, 10)]  # still read
    assert warnings == ["主要成绩：第 6、8～10 行是隐藏的（在 Excel 中看不到），其内容仍会印进文件。"
                        "不需要的请删除；需要的请取消隐藏后核对"]


def test_nothing_hidden_nothing_said(tmp_path):
    assert warnings_of(book(tmp_path / "a.xlsx"))[0] == []


def test_hidden_empty_rows_and_a_hidden_header_row_say_nothing(tmp_path):
    """Only content that reaches the document counts: a hidden blank row or column names is not printed."""
    assert warnings_of(book(tmp_path / "a.xlsx", hide_rows("主要成绩", 1, 20, 21)))[0] == []


def test_rows_hidden_by_a_filter_say_so(tmp_path):
    def filtered(workbook):
        sheet = workbook["主要成绩"]
        sheet.auto_filter.ref = "A1:C10"
        sheet.auto_filter.add_filter_column(0, ["第1项成绩", "第2项成绩"])
        hide_rows("主要成绩", *range(4, 11))(workbook)

    warnings, _ = warnings_of(book(tmp_path / "a.xlsx", filtered))
    assert warnings == ["主要成绩：第 4～10 行被筛选隐藏了（在 Excel 中看不到），其内容仍会印进文件。"
                        "不需要的请删除；需要的请取消筛选后核对"]


def test_hidden_column_with_content_names_its_header(tmp_path):
    def hide(workbook):
        workbook["主要成绩"]["C3"] = "一个要点"
        workbook["主要成绩"].column_dimensions["C"].hidden = True

    warnings, data = warnings_of(book(tmp_path / "a.xlsx", hide))
    assert data["achievements"][1]["points"] == ["一个要点"]
    assert warnings == ["主要成绩：C 列（要点）是隐藏的（在 Excel 中看不到），其内容仍会印进文件。不需要的请删除；需要的请取消隐藏后核对"]
    # an empty hidden column prints nothing: no warning
    assert warnings_of(book(tmp_path / "b.xlsx", lambda w: w["主要成绩"].column_dimensions["C"].__setattr__(
        "hidden", True)))[0] == []


def test_rows_and_columns_of_one_sheet_make_one_warning(tmp_path):
    def hide(workbook):
        hide_rows("主要成绩", 3)(workbook)
        workbook["主要成绩"].column_dimensions["B"].hidden = True

    warnings, _ = warnings_of(book(tmp_path / "a.xlsx", hide))
    assert len(warnings) == 1 and warnings[0].startswith("主要成绩：第 3 行和 B 列（内容）是隐藏的"), warnings


def test_hidden_row_of_the_basic_sheet(tmp_path):
    warnings, data = warnings_of(book(tmp_path / "a.xlsx", hide_rows("基本信息", 5)))
    assert data["recipient"] == "区教育局"
    assert warnings and warnings[0].startswith("基本信息：第 5 行是隐藏的")


def test_hidden_data_sheets_are_read_with_a_warning(tmp_path):
    def hide(state):
        return lambda workbook: setattr(workbook["主要成绩"], "sheet_state", state)

    warnings, data = warnings_of(book(tmp_path / "a.xlsx", hide("hidden")))
    assert len(data["achievements"]) == 9
    assert warnings == ["主要成绩：这张工作表是隐藏的，其内容仍会印进文件。不需要的请删除这张工作表；"
                        "需要的请右键工作表标签 →“取消隐藏”后核对"]
    warnings, _ = warnings_of(book(tmp_path / "b.xlsx", hide("veryHidden")))
    assert len(warnings) == 1 and "深度隐藏" in warnings[0] and "Alt+F11" in warnings[0]


def test_hidden_sheets_the_loader_does_not_read_say_nothing(tmp_path):
    def guide(workbook):
        sheet = workbook.create_sheet("填表说明")
        sheet.append(["请按示例填写"])
        sheet.sheet_state = "hidden"

    assert warnings_of(book(tmp_path / "a.xlsx", guide))[0] == []


def test_unknown_hidden_sheet_error_says_it_is_hidden(tmp_path):
    def choices(workbook):
        sheet = workbook.create_sheet("下拉选项")
        sheet.append(["是", "否"])
        sheet.sheet_state = "hidden"

    _, errors, _ = check(read_source(book(tmp_path / "a.xlsx", choices)), get_registry().get("work-summary"))
    assert [e.format() for e in errors][0].startswith(
        "下拉选项!A1：未知的工作表“下拉选项”（这张表是隐藏的：右键工作表标签 →“取消隐藏”后可以看到）")


def test_cli_validate_and_render_warn_and_strict_stops(tmp_path):
    path = book(tmp_path / "a.xlsx", hide_rows("主要成绩", 3))
    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0 and "提示：主要成绩：第 3 行是隐藏的" in result.output, result.output
    assert runner.invoke(app, ["validate", str(path), "--strict"]).exit_code == 2

    strict = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "s.docx"), "--strict"])
    assert strict.exit_code == 2 and "主要成绩：第 3 行是隐藏的" in strict.output
    assert not (tmp_path / "s.docx").exists()

    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 0 and "主要成绩：第 3 行是隐藏的" in result.output, result.output
    assert any("第2项的内容" in p.text for p in open_docx((tmp_path / "a.docx").read_bytes()).paragraphs)


def test_batch_names_the_hidden_rows_at_the_unit_they_belong_to(tmp_path):
    path = batch_workbook(tmp_path / "b.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["主要成绩"].row_dimensions[5].hidden = True  # the second unit's 课堂改革 row
    workbook.save(path)
    result = CliRunner().invoke(app, ["batch", str(path), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    with open(tmp_path / "out" / "结果.csv", encoding="utf-8-sig", newline="") as stream:
        by_unit = {row[0]: row for row in list(csv.reader(stream))[1:]}
    assert by_unit[UNITS[0]][1] == by_unit[UNITS[2]][1] == "已生成"
    assert by_unit[UNITS[1]][1] == "已生成（有警告）" and "主要成绩：第 5 行是隐藏的" in by_unit[UNITS[1]][3]

    strict = CliRunner().invoke(app, ["batch", str(path), "-o", str(tmp_path / "strict"), "--jobs", "1", "--strict"])
    assert strict.exit_code == 2
    assert sorted(p.name for p in (tmp_path / "strict").glob("*.docx")) == sorted(f"{u}.docx" for u in (UNITS[0], UNITS[2]))


def test_validate_of_a_batch_says_a_hidden_column_once(tmp_path):
    path = batch_workbook(tmp_path / "b.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["主要成绩"].column_dimensions["C"].hidden = True  # 内容, read for every unit
    workbook.save(path)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.count("主要成绩：C 列（内容）是隐藏的") == 1, result.output


def test_rows_of_zero_height_and_columns_of_zero_width_are_hidden_too(tmp_path):
    """Dragging a row's border shut (行高 0) or a column's (列宽 0) hides it just as 隐藏 does."""
    path = book(tmp_path / "a.xlsx")
    with zipfile.ZipFile(path) as package:  # openpyxl leaves a size of 0 out: written as Excel writes it
        parts = {name: package.read(name) for name in package.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    parts[sheet] = parts[sheet].replace(b'<row r="4">', b'<row r="4" ht="0" customHeight="1">').replace(
        b"<sheetData>", b'<cols><col min="2" max="2" width="0" customWidth="1"/></cols><sheetData>')
    with zipfile.ZipFile(path, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    warnings, data = warnings_of(path)
    assert len(data["achievements"]) == 9  # still read
    assert len(warnings) == 1 and "第 4 行和 B 列（内容）是隐藏的" in warnings[0], warnings


def test_rows_hidden_by_default_height_zero_are_hidden(tmp_path):
    """sheetFormatPr zeroHeight: every row without a height of its own is hidden."""
    def rows_hidden_by_default(workbook):
        sheet = workbook["主要成绩"]
        sheet.sheet_format.zeroHeight = True
        for row in range(1, 8):  # the header and 第1–6项 keep a height: visible
            sheet.row_dimensions[row].height = 15

    warnings, _ = warnings_of(book(tmp_path / "a.xlsx", rows_hidden_by_default))
    assert len(warnings) == 1 and "第 8～10 行是隐藏的" in warnings[0], warnings
