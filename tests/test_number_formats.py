"""Excel number formats: the document prints a figure with the decimals Excel shows the clerk."""
from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import open_docx

from edureport.pipeline import Pipeline, render
from edureport.sources.number_formats import format_sections, shown_number
from edureport.sources.xlsx_tables import read_tables
from edureport.templating.registry import get_registry
from edureport.workbook.style import write_workbook

BASIC = [("项目", "内容"), ("文种", "工作总结"), ("单位", "某某区实验小学"), ("年度", 2024),
         ("成文日期", dt.datetime(2024, 12, 20))]
METRICS = [("指标名称", "数值", "计量单位", "上年数值", "目标值"),
           ("学生体质健康优良率", 0.624, "%", 0.58, 0.6),   # 0.00%: shows 62.40%
           ("校舍维修投入", 26.3, "万元", 20, None),        # 0.00: shows 26.30
           ("图书藏量", 1250, "册", 1100, None),            # #,##0.0: shows 1,250.0, printed whole
           ("巩固率", 0.95555, "%", None, None),            # 0.0%: shows 95.6%
           ("在校学生", 2136, "人", 2058, None)]            # #,##0: a count stays whole
FORMATS = {"B2": "0.00%", "D2": "0.00%", "E2": "0.00%", "B3": "0.00", "B4": "#,##0.0", "B5": "0.0%",
           "B6": "#,##0", "D6": "#,##0"}


def workbook(path: Path, metrics=METRICS, formats=FORMATS, basic=BASIC, **sheets) -> Path:
    """A workbook of 基本信息, 指标 and ``sheets``; ``formats`` are number formats of 指标 cells (基本信息 B4: the
    year, shown as 0, and B5: the date, as a Chinese date)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in {"基本信息": basic, "指标": metrics, **sheets}.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    for ref, number_format in formats.items():
        book["指标"][ref].number_format = number_format
    book["基本信息"]["B4"].number_format = "0"
    book["基本信息"]["B5"].number_format = 'yyyy"年"m"月"d"日"'
    book.save(path)
    return path


def document(path: Path):
    return open_docx(Pipeline().run(path).to_docx())


def table_rows(doc) -> dict[str, list[str]]:
    """Metric table rows by name: 序号 指标 单位 本年 上年 增减 目标 完成率."""
    return {row.cells[1].text: [cell.text for cell in row.cells] for row in doc.tables[0].rows[1:]}


def body_text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_figures_print_with_the_decimals_excel_shows(tmp_path):
    metrics = [row + ("",) for row in METRICS] + [("体质测试优良率", 0.624, "%", 0.58, None, "体育工作"),
                                                  ("场地投入", 26.3, "万元", None, None, "体育工作")]
    metrics[0] = METRICS[0] + ("所属",)
    formats = {**FORMATS, "B7": "0.00%", "D7": "0.00%", "B8": "0.00"}
    achievements = [("标题", "内容"), ("体育工作", "开展阳光体育活动。")]
    doc = document(workbook(tmp_path / "data.xlsx", metrics, formats, 主要成绩=achievements))
    rows = table_rows(doc)
    assert rows["学生体质健康优良率"][3:5] == ["62.40", "58.00"]  # 0.00%: 62.40, not 62.4 (the row keeps one precision)
    assert rows["学生体质健康优良率"][6] == "60.00"
    assert rows["校舍维修投入"][3] == "26.30"
    assert rows["图书藏量"][3] == "1250"  # #,##0.0 shows 1,250.0: a whole number adds nothing with .0 (nor a separator)
    assert rows["巩固率"][3] == "95.6"  # 0.95555 shows 95.6%: rounded as Excel rounds it, not 95.56
    assert rows["在校学生"][3:5] == ["2136", "2058"]  # #,##0: no invented decimals
    text = body_text(doc)
    assert "体质测试优良率62.40%，较上年提高4.4个百分点" in text  # computed: one decimal
    assert "场地投入26.30万元" in text
    assert "某某区实验小学2024年工作总结" in text and "2024年12月20日" in text  # the year (0) and the date unchanged


def test_more_decimals_stored_than_shown_round_half_up_as_excel_shows(tmp_path):
    # 1.005 is stored as 1.00499999…; Excel shows 1.01 (it rounds the 15-digit value half up)
    metrics = [("指标名称", "数值", "计量单位"), ("生均经费", 1.005, "万元"), ("达标率", 0.98765, "%")]
    doc = document(workbook(tmp_path / "data.xlsx", metrics, {"B2": "0.00", "B3": "0.0%"}))
    rows = table_rows(doc)
    assert rows["生均经费"][3] == "1.01" and rows["达标率"][3] == "98.8"


def test_formula_result_prints_as_its_format_shows_it(tmp_path):
    metrics = [("指标名称", "数值", "计量单位"), ("巩固率", "=B3/B4", "%")]
    path = workbook(tmp_path / "data.xlsx", metrics, {"B2": "0.00%"})
    # openpyxl writes no cached result; put in what Excel would save (2868/3000 = 0.956)
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    assert b"<f>B3/B4</f><v></v>" in parts[sheet]
    parts[sheet] = parts[sheet].replace(b"<f>B3/B4</f><v></v>", b"<f>B3/B4</f><v>0.956</v>")
    with zipfile.ZipFile(path, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    assert table_rows(document(path))["巩固率"][3] == "95.60"


def test_only_digit_placeholders_count_and_other_formats_keep_the_value(tmp_path):
    metrics = [("指标名称", "数值", "计量单位"), ("平均分", 85.5, "分"), ("教师", 126, "人"), ("比例", 3, "倍"),
               ("甲", 62.4, "%"), ("乙", 1.5, "万元"), ("丙", 7.25, "万元"), ("丁", 2400, "册")]
    formats = {"B2": '0.00"分"', "B3": '[Blue]#,##0" 人";[Red]-#,##0', "B4": '0.0\\0_)',
               # General, a fraction (1 1/2), text, and thousands (2.4): the value as stored
               "B5": "General", "B6": "# ?/?", "B7": "@", "B8": "#,##0.0,"}
    path = workbook(tmp_path / "data.xlsx", metrics, formats)
    rows = table_rows(document(path))
    assert rows["平均分"][3] == "85.50" and rows["教师"][3] == "126" and rows["比例"][3] == "3"
    assert [rows[name][3] for name in "甲乙丙丁"] == ["62.4", "1.5", "7.25", "2400"]
    values = [row.cells[2].value for row in read_tables(path).sheets["指标"].rows[3:]]
    assert values == [62.4, 1.5, 7.25, 2400] and not any(isinstance(v, Decimal) for v in values)


@pytest.mark.parametrize(("code", "value", "percent", "shown"), [
    ("0.00", 62.4, False, "62.40"), ("#,##0.00", 1250, False, "1250"), ("0.00", 2136, False, "2136"), ("0.00%", 0.624, True, "62.40"),
    ("0.0%", 0.95555, True, "95.6"), ("0", 85, False, "85"), ("#,##0", 1250.4, False, "1250"),
    ("0.0#", 1.5, False, "1.5"), ("0.0#", 1.234, False, "1.23"), ("0.0#", 2, False, "2"),
    ("0.00E+00", 1234.5, False, "1230"), ("0.00E+00", 0.000123456, False, "0.000123"),
    ("0.00;[Red]-0.0", -3.14159, False, "-3.1"), ("0.00", -0.001, False, "0"),
    ('"¥"#,##0.00;"¥"-#,##0.00', 12.5, False, "12.50"), ("0.00_);(0.00)", 2.5, False, "2.50"),
    ("[$-804]0.0", 2.25, False, "2.3"), ('0!.0000"万"', 12345, False, "12345"),
])
def test_shown_number(code, value, percent, shown):
    result = shown_number(value, format_sections(code), percent)
    assert str(result) == shown and isinstance(result, int if "." not in shown else Decimal)


@pytest.mark.parametrize("code", ["General", "@", "# ?/?", "#,##0,", "0.0,,", "[>=100]0;0.00"])
def test_formats_that_keep_the_value_as_stored(code):
    sections = format_sections(code)
    for value in (1.5, -2.25, 0):
        assert shown_number(value, sections, False) is None


def test_zero_shown_as_a_dash_keeps_zero():
    assert shown_number(0, format_sections('0.00;-0.00;"-"'), False) is None
    assert str(shown_number(-1.5, format_sections('0.00;-0.00;"-"'), False)) == "-1.50"


def test_init_workbook_keeps_typed_decimals_through_excel(tmp_path):
    """YAML “62.40” saved as a workbook (web form, batch examples) shows 62.40 in Excel and prints 62.40 again."""
    source = tmp_path / "data.yaml"
    source.write_text("文种: 工作总结\n单位: 某某区实验小学\n年度: 2024\n成文日期: 2024年12月20日\n指标:\n"
                      '  - {指标名称: 作业完成率, 数值: "96.50", 计量单位: "%"}\n'
                      '  - {指标名称: 在校学生, 数值: 2136, 计量单位: 人}\n', encoding="utf-8")
    spec = get_registry().get("work-summary")
    data = Pipeline().validate(Pipeline().read(source), spec).data
    data.setdefault("template", spec.name)
    saved = tmp_path / "saved.xlsx"
    saved.write_bytes(write_workbook(spec, [data]))
    cells = {c.value: c.number_format for row in openpyxl.load_workbook(saved)["指标"].iter_rows() for c in row}
    assert cells[96.5] == "0.00" and cells[2136] == "General"
    rows = table_rows(open_docx(render(saved)))
    assert rows["作业完成率"][3] == "96.50" and rows["在校学生"][3] == "2136"
