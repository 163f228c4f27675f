"""Excel workbooks as input: layout rules, values, and every error naming its cell."""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import open_docx

from edureport.core.errors import InputError
from edureport.core.values import DateValue
from edureport.intake.validate import check, validate
from edureport.pipeline import prepare
from edureport.sources import read_source
from edureport.sources.number_formats import builtin_kind, format_kind
from edureport.sources.xlsx_tables import FormulaError, Uncalculated, read_tables
from edureport.templating.registry import get_registry

BASIC = [("项目", "内容"), ("文种", "工作总结"), ("单位", "某某区实验小学"), ("年度", 2024),
         ("成文日期", dt.datetime(2024, 12, 20))]


def spec(name: str = "work-summary"):
    return get_registry().get(name)


def workbook(path: Path, sheets: dict[str, list], *, formats: dict[str, str] | None = None) -> Path:
    """A workbook from {sheet: rows}; ``formats`` sets number formats: {"指标!B2": "0.0%"}."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    for place, number_format in (formats or {}).items():
        name, ref = place.split("!")
        book[name][ref].number_format = number_format
    book.save(path)
    return path


def patch_sheet_xml(path: Path, sheet_index: int, old: str, new: str) -> None:
    """Edit one worksheet's XML (openpyxl cannot write cached formula results or error values)."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    name = f"xl/worksheets/sheet{sheet_index}.xml"
    assert old.encode() in parts[name], parts[name][:2000]
    parts[name] = parts[name].replace(old.encode(), new.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for part, data in parts.items():
            package.writestr(part, data)


def problems_of(path: Path, template: str = "work-summary") -> list[str]:
    _, errors, _ = check(read_source(path), spec(template))
    return [p.format() for p in errors]


def only_problem(path: Path, template: str = "work-summary") -> str:
    found = problems_of(path, template)
    assert len(found) == 1, found
    return found[0]


# -- layout ------------------------------------------------------------------------------------
def test_two_column_basic_and_item_sheets_with_nesting(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC + [("基本情况", "第一段。\n第二段。")],
        "主要成绩": [("标题", "内容", "要点", "上级"),
                   ("德育工作", "开展活动36场。", "建立三级育人网络；开设心理课", None),
                   ("课堂改革", None, None, None),
                   (None, None, None, None),
                   ("作业管理", "推行分层作业。", None, "课堂改革")],
        "指标": [("指标名称", "数值", "计量单位", "上年数值", "所属"),
               ("在校学生", 2136, "人", "2058", None),
               ("课后服务参与率", 96.8, "%", 93.5, "作业管理")],
    })
    data = validate(read_source(path), spec()).data
    assert data["org"] == "某某区实验小学" and data["year"] == 2024
    assert data["date"] == DateValue(2024, 12, 20)
    assert data["intro"] == ["第一段。", "第二段。"]
    first, second = data["achievements"]
    assert first["points"] == ["建立三级育人网络", "开设心理课"]
    assert second["title"] == "课堂改革" and second["items"][0]["title"] == "作业管理"
    assert second["items"][0]["metrics"][0]["value"] == 96.8
    assert [m["name"] for m in data["metrics"]] == ["在校学生"]
    assert data["metrics"][0]["previous"] == 2058  # a number typed as text is fine


def test_wide_basic_with_one_unit(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": [("单位", "年度", "文种"), ("某某区第二小学", 2023, "工作总结")],
        "存在问题": [("单位", "标题", "内容"), ("某某区第二小学", "场地紧张", "功能教室不足。")],
    })
    data = validate(read_source(path), spec()).data
    assert data["org"] == "某某区第二小学" and data["problems"][0]["title"] == "场地紧张"


def test_headerless_two_column_basic(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": [("单位", "某某中学"), ("年度", "2024")]})
    data = validate(read_source(path), spec()).data
    assert (data["org"], data["year"]) == ("某某中学", 2024)


def test_repeated_paragraph_rows_add_paragraphs(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC + [("基本情况", "第一段。"), ("基本情况", "第二段。")]})
    assert validate(read_source(path), spec()).data["intro"] == ["第一段。", "第二段。"]


def test_list_cells_split_on_separators_and_lines(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC + [("抄送", "区委办、区政府办；区人大办;区政协办")],
        "主要成绩": [("标题", "要点"), ("甲", "建立班主任、德育干事、家长三级网络\n开设心理课"), ("乙", "一是、二是")],
    })
    data = validate(read_source(path), spec()).data
    assert data["cc"] == ["区委办", "区政府办", "区人大办", "区政协办"]
    assert data["achievements"][0]["points"] == ["建立班主任、德育干事、家长三级网络", "开设心理课"]
    assert data["achievements"][1]["points"] == ["一是、二是"]  # a sentence list is never split at 、


def test_dates_percentages_and_merged_cells(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC[:-1] + [("成文日期", dt.datetime(2024, 3, 1)), ("印发日期", "2024年3月5日")],
        "指标": [("指标名称", "数值", "计量单位"), ("优良率", 0.624, "%"), ("合格率", 0.98, "%")],
        "存在问题": [("标题", "内容"), ("师资不足", "编制和经费都紧张。"), ("场地不足", None)],
    }, formats={"基本信息!B5": 'yyyy"年"m"月"', "指标!B2": "0.0%", "指标!B3": "0%"})
    book = openpyxl.load_workbook(path)
    book["存在问题"].merge_cells("B2:B3")  # one reason for both rows
    book.save(path)
    data = validate(read_source(path), spec()).data
    assert data["date"] == DateValue(2024, 3)  # formatted without a day: a month
    assert data["print_date"] == DateValue(2024, 3, 5)
    assert [str(m["value"]) for m in data["metrics"]] == ["62.4", "98"]  # as shown: 0.0% and 0%
    assert [p["text"] for p in data["problems"]] == [["编制和经费都紧张。"], ["编制和经费都紧张。"]]


def test_formula_uses_cached_value(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC, "指标": [("指标名称", "数值"), ("学生", "=100+41")]})
    patch_sheet_xml(path, 2, "<f>100+41</f><v></v>", "<f>100+41</f><v>141</v>")
    assert validate(read_source(path), spec()).data["metrics"][0]["value"] == 141


def test_reader_shows_cells_as_people_see_them(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC + [("是否", True), ("附件", 3.0000000000000004)],
        "指标": [("指标名称", "数值", "计量单位"), ("优良率", 0.624, "%"), ("X", "=1/0", None), ("Y", "=B2", None)],
        "存在问题": [("标题", "内容"), ("甲", "  "), ("乙", "丙"), ("丁", None), (None, "戊")],
    }, formats={"指标!B2": "0.0%", "基本信息!B5": 'yyyy"年"m"月"'})
    book = openpyxl.load_workbook(path)
    book["存在问题"].merge_cells("A4:A5")  # 丁 for both rows
    book.save(path)
    patch_sheet_xml(path, 2, "<f>1/0</f><v></v>", '<f>1/0</f><v>#DIV/0!</v>')  # after openpyxl, which drops it
    patch_sheet_xml(path, 2, '<c r="B3"', '<c t="e" r="B3"')
    tables = read_tables(path)

    def cells(sheet: str) -> dict:
        return {(row.number, cell.ref): (cell.value, cell.percent) for row in tables.sheets[sheet].rows
                for cell in row.cells.values()}

    basic = cells("基本信息")
    assert basic[(5, "B5")] == ("2024年12月", False)  # a date shown without its day is a month
    assert basic[(6, "B6")] == (True, False) and basic[(7, "B7")] == (3, False)  # float noise rounded away
    assert cells("指标") == {(2, "A2"): ("优良率", False), (2, "B2"): (Decimal("62.4"), True), (2, "C2"): ("%", False),
                           (3, "A3"): ("X", False), (3, "B3"): (FormulaError("#DIV/0!"), False),
                           (4, "A4"): ("Y", False), (4, "B4"): (Uncalculated("=B2"), False)}
    assert cells("存在问题") == {(2, "A2"): ("甲", False), (3, "A3"): ("乙", False), (3, "B3"): ("丙", False),
                             (4, "A4"): ("丁", False), (5, "A4"): ("丁", False), (5, "B5"): ("戊", False)}


def test_unreadable_workbook_is_reported_not_guessed(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC})
    patch_sheet_xml(path, 1, "<sheetData>", "<sheetData><row r=\"x\">")
    with pytest.raises(InputError) as error:
        read_tables(path)
    assert "a.xlsx 中的 xl/worksheets/sheet1.xml" in str(error.value) and "工作簿已损坏" in str(error.value)  # the part named


def test_number_format_kinds():
    assert builtin_kind(31) == "date" and builtin_kind(57) == "month" and builtin_kind(14) == "date"
    assert builtin_kind(9) == "percent" and builtin_kind(0) == "" and builtin_kind(20) == "time"
    assert format_kind('yyyy"年"m"月"d"日"') == "date"
    assert format_kind('yyyy"年"m"月"') == "month" and format_kind("mmm-yy") == "month"
    assert format_kind("h:mm") == "time" and format_kind("0.0%") == "percent"
    assert format_kind('#,##0"元"') == "" and format_kind("General") == ""


def test_render_accepts_xlsx(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC + [("基本情况", "学校现有教学班48个。")],
        "主要成绩": [("标题", "内容"), ("德育工作", "开展活动36场。")],
    })
    document = open_docx(prepare(path).to_docx())
    texts = [p.text for p in document.paragraphs]
    assert "某某区实验小学2024年工作总结" in texts
    assert any("开展活动36场" in t for t in texts)


def test_template_option_rearranges_the_workbook(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": [("项目", "内容"), ("单位", "某某区教育局"), ("标题", "某某方案"), ("年度", 2024)],
        "重点任务": [("标题", "牵头单位", "上级任务"), ("扩大学位供给", "基建科", None), ("新建学校", None, "扩大学位供给")],
    })
    source = read_source(path)  # no 文种: arranged as written
    data = validate(source, spec("implementation-plan")).data
    assert data["tasks"][0]["lead"] == ["基建科"] and data["tasks"][0]["items"][0]["title"] == "新建学校"


# -- errors: each names its cell -----------------------------------------------------------------
def test_number_with_unit_names_the_cell(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC,
                                          "指标": [("指标名称", "数值", "计量单位"), ("学生", 2136, "人"), ("学校", "141所", None)]})
    message = only_problem(path)
    assert message.startswith("指标!B3：指标 第2项 › 数值：")
    assert "“141”" in message and "计量单位" in message


def test_uncalculated_formula_names_the_cell(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC, "指标": [("指标名称", "数值"), ("学生", "=B3*2")]})
    message = only_problem(path)
    assert message.startswith("指标!B2：指标 第1项 › 数值：") and "=B3*2" in message and "保存" in message


def test_formula_error_value_names_the_cell(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC, "指标": [("指标名称", "数值"), ("学生", "=1/0")]})
    patch_sheet_xml(path, 2, '<c r="B2"><f>1/0</f><v></v>', '<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v>')
    message = only_problem(path)
    assert message.startswith("指标!B2：") and "#DIV/0!" in message


def test_unknown_sheet_suggests_the_right_name(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC, "主要成就": [("标题",), ("甲",)]})
    message = only_problem(path)
    assert message.startswith("主要成就!A1：") and "未知的工作表" in message and "主要成绩" in message


def test_scalar_field_as_sheet_is_explained(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC, "附件": [("名称",), ("荣誉一览表",)]})
    assert "应填在“基本信息”" in only_problem(path)


def test_unknown_column_suggests_the_right_name(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC, "指标": [("指标名", "数值"), ("学生", 1), ("教师", 2)]})
    found = problems_of(path)
    assert found[0].startswith("指标!A1：") and "未知的列“指标名”" in found[0] and "指标名称" in found[0]
    assert len([f for f in found if "未知的列" in f]) == 1  # once per column, not per row


def test_record_list_column_points_to_its_sheet(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC, "主要成绩": [("标题", "指标"), ("甲", "学生2136人")]})
    message = only_problem(path)
    assert message.startswith("主要成绩!B1：") and "所属" in message


def test_unknown_basic_item_suggests_the_right_name(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC + [("成文时间", "2024-12-20")]})
    message = only_problem(path)
    assert message.startswith("基本信息!A6：") and "成文日期" in message


def test_duplicate_basic_item_names_both_cells(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC + [("单位", "另一个学校")]})
    message = only_problem(path)
    assert message.startswith("基本信息!A6：") and "基本信息!A3" in message


def test_duplicate_and_nameless_columns(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC,
                                          "存在问题": [("标题", "内容", "内容"), ("甲", "乙", "丙", "丁")]})
    found = problems_of(path)
    assert any(f.startswith("存在问题!C1：") and "重复" in f for f in found)
    assert any(f.startswith("存在问题!D1：") and "没有列名" in f for f in found)


def test_parent_not_found_names_the_cell(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC,
                                          "主要成绩": [("标题", "上级"), ("课堂改革", None), ("作业", "课堂改")]})
    message = only_problem(path)
    assert message.startswith("主要成绩!B3：") and "“课堂改革”" in message


def test_parent_cycle_is_reported(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC,
                                          "主要成绩": [("标题", "上级"), ("甲", "乙"), ("乙", "甲")]})
    assert any(f.startswith("主要成绩!B3：") and "循环" in f for f in problems_of(path))


def test_owner_not_found_and_ambiguous(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC,
        "主要成绩": [("标题",), ("队伍建设",)],
        "工作打算": [("标题",), ("队伍建设",)],
        "指标": [("指标名称", "数值", "所属"), ("骨干教师", 21, "队伍建"), ("教师", 142, "队伍建设"),
               ("学生", 9, "工作打算/队伍建设")],
    })
    found = problems_of(path)
    assert len(found) == 2, found
    assert found[0].startswith("指标!C2：") and "“队伍建设”" in found[0]
    assert found[1].startswith("指标!C3：") and "主要成绩!第2行" in found[1] and "工作打算!第2行" in found[1]


def test_qualified_owner_attaches_to_that_sheet(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC, "主要成绩": [("标题",), ("队伍建设",)], "工作打算": [("标题",), ("队伍建设",)],
        "指标": [("指标名称", "数值", "所属"), ("学生", 9, "工作打算/队伍建设")],
    })
    data = validate(read_source(path), spec()).data
    assert data["plans"][0]["metrics"][0]["name"] == "学生" and not data["achievements"][0]["metrics"]


def test_nested_only_sheet_needs_an_owner(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": [("项目", "内容"), ("文种", "实施方案"), ("单位", "某某区教育局"), ("标题", "某某方案")],
        "重点任务": [("标题",), ("扩大学位供给",)],
        "指标": [("指标名称", "数值", "所属"), ("新增学位", 2700, None)],
    })
    message = only_problem(path, "implementation-plan")
    assert message.startswith("指标!C2：") and "所属" in message


def test_missing_required_value_points_at_the_empty_cell(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC,
                                          "指标": [("指标名称", "数值", "计量单位"), ("学生", 10, "人"), (None, 5, "所")]})
    message = only_problem(path)
    assert message.startswith("指标!A3：指标 第2项 › 指标名称：") and "指标名称" in message


def test_missing_org_points_at_basic_sheet(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": [("项目", "内容"), ("文种", "工作总结"), ("年度", 2024)]})
    message = only_problem(path)
    assert message.startswith("基本信息：") and "单位" in message


def test_bad_date_text_names_the_cell(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC[:-1] + [("成文日期", "2024年13月")]})
    message = only_problem(path)
    assert message.startswith("基本信息!B5：") and "月份" in message


def test_batch_workbook_given_to_render_suggests_batch(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": [("单位", "年度"), ("甲校", 2024), ("乙校", 2024)]})
    with pytest.raises(InputError) as caught:
        prepare(path, "work-summary")
    assert "edureport batch" in str(caught.value) and "2 个单位" in str(caught.value)


def test_missing_basic_sheet_suggests_name(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本情况": BASIC})
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert "基本信息" in str(caught.value) and "基本情况" in str(caught.value)


def test_validation_errors_collected_together_with_reader_errors(tmp_path):
    basic = [row for row in BASIC if row[0] != "年度"] + [("年度", "二〇二四")]
    path = workbook(tmp_path / "a.xlsx", {"基本信息": basic,
                                          "指标": [("指标名称", "数值", "备考"), ("学生", "很多", None)]})
    found = problems_of(path)
    places = sorted(re.match(r"^(\S+?)：", f).group(1) for f in found)
    assert places == ["基本信息!B5", "指标!B2", "指标!C1"], found


def test_cli_render_xlsx_reports_cells(tmp_path):
    from typer.testing import CliRunner

    from edureport.cli import app

    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC, "指标": [("指标名称", "数值"), ("学校", "141所")]})
    result = CliRunner().invoke(app, ["render", str(path), "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2
    assert "指标!B2" in result.output and not (tmp_path / "out.docx").exists()


def test_workbook_written_by_edureport_reads_back(tmp_path):
    from edureport.workbook.content import example_data
    from edureport.workbook.style import write_workbook

    path = tmp_path / "a.xlsx"
    path.write_bytes(write_workbook(spec(), [example_data(spec())]))
    basic = read_tables(path).sheets["基本信息"]
    assert {row.cells[1].value: row.cells[2].value for row in basic.rows if 2 in row.cells}["单位"] == "某某区第一实验小学"


def test_section_headings_map_in_one_cell(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC + [("章节标题", "主要成绩：主要做法和成效\n存在问题: 不足之处")]})
    data = validate(read_source(path), spec()).data
    assert data["headings"] == {"achievements": "主要做法和成效", "problems": "不足之处"}
    broken = workbook(tmp_path / "b.xlsx", {"基本信息": BASIC + [("章节标题", "主要成绩换个标题")]})
    message = only_problem(broken)
    assert message.startswith("基本信息!B6：") and "键：值" in message


def excel_style_package(path: Path) -> Path:
    """A workbook as Excel and WPS save it: shared strings (one with rich text and a phonetic guide),
    built-in Chinese date formats stored by id only, cells without an ``r`` attribute, a merged range."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package_rel = "http://schemas.openxmlformats.org/package/2006/relationships"
    strings = ["项目", "内容", "单位", "某某区实验小学", "年度", "成文日期", "印发日期", "文种", "工作总结", "标题", "数值",
               "指标名称", "在校学生", "优良率", "计量单位", "%", "人"]
    shared = "".join(f"<si><t>{s}</t></si>" for s in strings)
    shared += '<si><r><t>学生</t></r><r><rPr><b/></rPr><t>人数</t></r><rPh sb="0" eb="1"><t>ガク</t></rPh></si>'
    sheet1 = (f'<worksheet xmlns="{main}"><sheetData>'
              '<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>'
              '<row r="2"><c r="A2" t="s"><v>7</v></c><c r="B2" t="s"><v>8</v></c></row>'
              '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>3</v></c></row>'
              '<row r="4"><c r="A4" t="s"><v>4</v></c><c r="B4"><v>2024</v></c></row>'
              '<row r="5"><c r="A5" t="s"><v>5</v></c><c r="B5" s="1"><v>45646</v></c></row>'
              '<row r="6"><c r="A6" t="s"><v>6</v></c><c r="B6" s="2"><v>45352</v></c></row>'
              '</sheetData></worksheet>')
    sheet2 = (f'<worksheet xmlns="{main}"><sheetData>'
              '<row r="1"><c r="A1" t="s"><v>11</v></c><c r="B1" t="s"><v>10</v></c><c r="C1" t="s"><v>14</v></c></row>'
              '<row r="2"><c r="A2" t="s"><v>17</v></c><c r="B2"><v>2136</v></c><c r="C2" t="s"><v>16</v></c></row>'
              '<row r="3"><c r="A3" t="s"><v>13</v></c><c r="B3" s="3"><v>0.624</v></c><c r="C3" t="s"><v>15</v></c></row>'
              '<row r="4"><c r="A4" t="str"><f>A3</f><v>合格率</v></c><c r="B4" s="3"><v>0.98</v></c>'
              '<c r="C4" s="4"/></row>'
              '</sheetData><mergeCells count="1"><mergeCell ref="C3:C4"/></mergeCells></worksheet>')
    styles = (f'<styleSheet xmlns="{main}"><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="31"/>'
              '<xf numFmtId="57"/><xf numFmtId="10"/><xf numFmtId="0"/></cellXfs></styleSheet>')
    workbook_xml = (f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="基本信息" sheetId="1" r:id="rId1"/>'
                    '<sheet name="指标" sheetId="2" r:id="rId2"/></sheets></workbook>')
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    workbook_rels = (f'<Relationships xmlns="{package_rel}">'
                     f'<Relationship Id="rId1" Type="{kind}/worksheet" Target="worksheets/sheet1.xml"/>'
                     f'<Relationship Id="rId2" Type="{kind}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
                     f'<Relationship Id="rId3" Type="{kind}/sharedStrings" Target="sharedStrings.xml"/>'
                     f'<Relationship Id="rId4" Type="{kind}/styles" Target="styles.xml"/></Relationships>')
    root_rels = (f'<Relationships xmlns="{package_rel}"><Relationship Id="rId1" Type="{kind}/officeDocument" '
                 'Target="xl/workbook.xml"/></Relationships>')
    content_types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                     'spreadsheetml.sheet.main+xml"/></Types>')
    with zipfile.ZipFile(path, "w") as package:
        for name, text in {"[Content_Types].xml": content_types, "_rels/.rels": root_rels,
                           "xl/workbook.xml": workbook_xml, "xl/_rels/workbook.xml.rels": workbook_rels,
                           "xl/sharedStrings.xml": f'<sst xmlns="{main}">{shared}</sst>', "xl/styles.xml": styles,
                           "xl/worksheets/sheet1.xml": sheet1, "xl/worksheets/sheet2.xml": sheet2}.items():
            package.writestr(name, text.encode("utf-8"))
    return path


def test_workbook_as_excel_and_wps_save_it(tmp_path):
    path = excel_style_package(tmp_path / "saved.xlsx")
    data = validate(read_source(path), spec()).data
    assert data["org"] == "某某区实验小学" and data["year"] == 2024
    assert data["date"] == DateValue(2024, 12, 20)  # built-in format 31: yyyy"年"m"月"d"日"
    assert data["print_date"] == DateValue(2024, 3)  # built-in format 57: yyyy"年"m"月"
    assert [(m["name"], m["value"], m["unit"]) for m in data["metrics"]] == [
        ("学生人数", 2136, "人"), ("优良率", Decimal("62.40"), "%"), ("合格率", Decimal("98.00"), "%")]  # 10: 0.00%


def test_misnamed_required_column_is_one_error_not_one_per_row(tmp_path):
    rows = [("指标名", "数值", "计量单位", "所属")] + [(f"指标{i}", i, "人", "课堂改革" if i % 2 else None) for i in range(8)]
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC, "主要成绩": [("标题", "内容"), ("课堂改革", "推进改革")],
                                          "指标": rows})
    assert only_problem(path) == "指标!A1：工作表“指标”中有未知的列“指标名”。您是不是要写“指标名称”？"


def test_misnamed_column_beside_the_right_one_still_checks_its_cells(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC, "指标": [("指标名称", "指标名", "数值", "计量单位"),
                                                                       ("学生", "甲", 1, "人"), (None, "乙", 2, "人")]})
    found = problems_of(path)
    assert len(found) == 2 and found[0].startswith("指标!B1：") and "未知的列“指标名”" in found[0]
    assert found[1].startswith("指标!A3：") and "缺少必填项“指标名称”" in found[1]


def test_percent_formatted_value_without_unit_is_a_percentage(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC,
        "指标": [("指标名称", "数值", "计量单位", "上年数值"), ("优良率", 0.624, None, 0.55), ("在校学生", 2136, None, 2000)],
    }, formats={"指标!B2": "0.0%", "指标!D2": "0.0%"})
    data = validate(read_source(path), spec()).data
    assert [(str(m["value"]), m["unit"]) for m in data["metrics"]] == [("62.4", "%"), ("2136", None)]
    lines = [cell.text for table in open_docx(prepare(path).to_docx()).tables
             for row in table.rows for cell in row.cells]
    assert any("7.4个百分点" in line for line in lines), lines
    assert not any("+7.4%" in line for line in lines)
