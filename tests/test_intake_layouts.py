"""Workbooks laid out the way bureaus and schools type them: 序号, outline numbers, synonyms, title lines."""
from __future__ import annotations

import openpyxl
import pytest
from test_excel import BASIC, problems_of, spec, workbook

from edureport.core.errors import InputError
from edureport.intake.validate import check, validate
from edureport.sources import read_source

PLAN_BASIC = [("项目", "内容"), ("文种", "实施方案"), ("单位", "某某区教育局"), ("标题", "某某区教育质量提升实施方案")]


def tasks_of(path):
    return validate(read_source(path), spec("implementation-plan")).data["tasks"]


def shape(tasks):
    return [(t["title"], shape(t["items"])) if t["items"] else t["title"] for t in tasks]


def test_bureau_task_sheet_with_number_column_and_synonyms(tmp_path):
    """Defect: 序号 was an unknown column, 任务名称 suggested 上级任务, the hierarchy needed 上级任务."""
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": PLAN_BASIC,
        "重点任务": [("序号", "任务名称", "主要措施", "责任单位", "协办单位", "时间节点"),
                 ("一", "扩大优质资源供给", None, None, None, None),
                 ("1", "新建学校", "新建中小学校5所", "基建科", "区发改委、区财政局", "2025年8月"),
                 ("2", "集团化办学", "组建教育集团3个", "基础教育科", None, "2025年12月"),
                 ("二", "提升教师素质", None, None, None, None),
                 ("1", "名师培养", "培养区级名师50名", "人事科", None, None)],
    })
    tasks = tasks_of(path)
    assert shape(tasks) == [("扩大优质资源供给", ["新建学校", "集团化办学"]), ("提升教师素质", ["名师培养"])]
    first = tasks[0]["items"][0]
    assert (first["measures"], first["lead"], first["partners"]) == (["新建中小学校5所"], ["基建科"], ["区发改委", "区财政局"])
    assert str(first["deadline"]) == "2025年8月"


def test_dotted_numbers_give_three_levels(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": PLAN_BASIC,
        "重点任务": [("序号", "标题"), ("1", "甲"), ("1.1", "甲一"), ("1.1.1", "甲一子"), ("1.2", "甲二"), ("2", "乙")],
    })
    assert shape(tasks_of(path)) == [("甲", [("甲一", ["甲一子"]), "甲二"]), "乙"]


def test_outline_numbers_in_titles_give_the_hierarchy_and_are_taken_off(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {  # 上级任务 column left empty: the numbers tell
        "基本信息": PLAN_BASIC,
        "重点任务": [("标题", "内容", "上级任务"), ("一、扩大供给", None), ("（一）新建学校", "新建5所。"), ("1.小学", "3所。"),
                 ("（二）集团化办学", "组建3个。"), ("二、提升素质", None), ("（一）名师培养", "50名。")],
    })
    assert shape(tasks_of(path)) == [("扩大供给", [("新建学校", ["小学"]), "集团化办学"]), ("提升素质", ["名师培养"])]


def test_numbers_that_are_not_outline_numbers_stay(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": PLAN_BASIC,
        "重点任务": [("标题", "内容"), ("1.5万名学生受益", "甲。"), ("2024年新建学校", "乙。")],
    })
    assert shape(tasks_of(path)) == ["1.5万名学生受益", "2024年新建学校"]


def test_title_line_above_the_header_and_merged_cells_downward(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": PLAN_BASIC,
        "重点任务": [("2025年重点任务分工表", None, None), ("序号", "工作任务", "牵头部门"),
                 ("1", "新建学校", "基建科"), ("2", "改扩建学校", None), ("3", "集团化办学", "基础教育科")],
    })
    book = openpyxl.load_workbook(path)
    book["重点任务"].merge_cells("A1:C1")
    book["重点任务"].merge_cells("C3:C4")
    book.save(path)
    tasks = tasks_of(path)
    assert [(t["title"], t["lead"]) for t in tasks] == [("新建学校", ["基建科"]), ("改扩建学校", ["基建科"]),
                                                        ("集团化办学", ["基础教育科"])]


def test_deleted_header_row_is_said_once(tmp_path):
    """Defect: a deleted header row gave 16 errors, none saying the first row must be the column names."""
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC,
        "主要成绩": [("德育工作", "开展活动36场。", "建立三级育人网络、开设心理课", None),
                 ("课堂改革", "推进改革。", None, None), ("作业管理", "分层作业。", None, "课堂改革")],
        "指标": [("指标名称", "数值", "所属"), ("作业完成率", 98, "作业管理")],
    })
    assert problems_of(path) == [
        "主要成绩!A1：工作表“主要成绩”的第 1 行不是列名行（应为：第一行是列名，如：标题 | 内容 | 要点；"
        "实际为：德育工作 | 开展活动36场。 | 建立三级育人网络、开设心…）。请在最上面插入一行，填写各列的列名（可用 edureport init 生成的空白表对照）"]


def test_renamed_title_header_is_one_error(tmp_path):
    """Defect: one renamed header gave 5 errors (every 上级 and 所属 naming its rows)."""
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC,
        "主要成绩": [("名称", "内容", "上级"), ("课堂改革", "推进改革。", None), ("作业管理", "分层作业。", "课堂改革"),
                 ("课后服务", "开展服务。", "课堂改革")],
        "指标": [("指标名称", "数值", "所属"), ("作业完成率", 98, "作业管理"), ("参与率", 96, "课后服务")],
    })
    found = problems_of(path)
    assert len(found) == 1 and "未知的列“名称”" in found[0], found


def test_deleted_header_of_two_column_basic_is_read_as_is(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": [("文种", "工作总结", "说明"), ("单位", "某某小学", "发文单位"),
                                                   ("年度", 2024, None)]})
    data = validate(read_source(path), spec()).data
    assert (data["org"], data["year"]) == ("某某小学", 2024)


def test_deleted_header_of_wide_basic_is_said_once(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": [("某某小学", 2024, "工作总结"), ("某某中学", 2024, "工作总结")]})
    with pytest.raises(InputError) as raised:
        problems_of(path)
    assert len(raised.value.problems) == 1
    assert raised.value.problems[0].format().startswith("基本信息!A1：“基本信息”的第 1 行不是列名行")


def test_text_merged_across_columns_is_not_printed_twice(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC,
        "主要成绩": [("标题", "内容", "要点"), ("德育", "开展活动36场，覆盖全体学生。", None), ("教学", "推进改革。", "分层作业")],
    })
    book = openpyxl.load_workbook(path)
    book["主要成绩"].merge_cells("B2:C2")  # a long text given room over the next column
    book.save(path)
    first, second = validate(read_source(path), spec()).data["achievements"]
    assert first["text"] == ["开展活动36场，覆盖全体学生。"] and first["points"] == []
    assert second["points"] == ["分层作业"]


def test_title_line_above_basic_information(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": [("某某小学2024年工作总结基本信息", None)] + BASIC})
    book = openpyxl.load_workbook(path)
    book["基本信息"].merge_cells("A1:B1")
    book.save(path)
    data = validate(read_source(path), spec()).data
    assert (data["org"], data["year"]) == ("某某区实验小学", 2024)


def test_partly_numbered_rows_stay_flat_with_a_warning(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": PLAN_BASIC,
        "重点任务": [("标题", "内容"), ("扩大供给", "甲。"), ("（一）新建学校", "乙。"), ("提升素质", "丙。")],
    })
    _, errors, warnings = check(read_source(path), spec("implementation-plan"))
    assert errors == [] and [w.location for w in warnings] == ["重点任务!第2行"]
    assert "无法判断层级" in warnings[0].message
    assert shape(tasks_of(path)) == ["扩大供给", "新建学校", "提升素质"]
