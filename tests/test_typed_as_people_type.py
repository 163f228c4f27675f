"""A catalogue of workbooks typed the way school clerks and bureau staff really type them.

Each variant ends in exactly one of: the right text in the document (and no
warning), a warning (the document is still made, the place is named), or an
error (nothing is made). Never a document that is silently wrong.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import openpyxl
import pytest
from conftest import open_docx

from edureport.core.errors import InputError
from edureport.pipeline import Pipeline

SUMMARY = [("项目", "内容"), ("文种", "工作总结"), ("单位", "某某区实验小学"), ("年度", 2024),
           ("成文日期", dt.datetime(2024, 12, 20))]
PLAN = [("项目", "内容"), ("文种", "实施方案"), ("单位", "某某区教育局"), ("标题", "某某区课后服务提质实施方案"),
        ("成文日期", dt.datetime(2024, 3, 1))]
ITEMS = ("标题", "内容", "要点", "上级")
TASKS = ("标题", "具体措施", "牵头单位", "配合单位", "完成时限")


@dataclass
class Variant:
    id: str
    sheets: dict[str, list]
    outcome: str  # text | warning | error
    expect: str  # in the document (text), in a warning, or in an error
    absent: list[str] = field(default_factory=list)  # must not be in the document
    formats: dict[str, str] = field(default_factory=dict)  # {"指标!B2": "0.0%"}
    merged: dict[str, str] = field(default_factory=dict)  # {"重点任务": "C2:C3"}


def summary(**sheets) -> dict:
    return {"基本信息": SUMMARY + sheets.pop("basic", []), **sheets}


def plan(**sheets) -> dict:
    return {"基本信息": PLAN + sheets.pop("basic", []), **sheets}


def achievement(*rows) -> dict:
    return summary(主要成绩=[ITEMS, *rows])


def tasks(*rows, header=TASKS) -> dict:
    return plan(重点任务=[header, *rows])


VARIANTS = [
    # -- several things in one cell ------------------------------------------------------------
    Variant("points-with-enumeration-commas", achievement(("德育", "开展活动。", "健全班主任、德育处、家长委员会三位一体育人机制", None)),
            "text", "一是健全班主任、德育处、家长委员会三位一体育人机制。", absent=["二是"]),
    Variant("points-on-two-lines", achievement(("德育", "开展活动。", "建立三级网络\n开设心理课", None)),
            "text", "一是建立三级网络；二是开设心理课。"),
    Variant("points-with-semicolons", achievement(("德育", "开展活动。", "建立三级网络；开设心理课;评选文明班级", None)),
            "text", "一是建立三级网络；二是开设心理课；三是评选文明班级。"),
    Variant("points-with-circled-numbers", achievement(("德育", "开展活动。", "①建立三级网络②开设心理、生涯课", None)),
            "text", "一是建立三级网络；二是开设心理、生涯课。"),
    Variant("points-numbered-1-2", achievement(("德育", "开展活动。", "1.建立三级网络 2.开设心理课", None)),
            "text", "一是建立三级网络；二是开设心理课。", absent=["1.建立"]),
    Variant("points-typed-as-yishi-ershi", achievement(("德育", "开展活动。", "一是建立三级网络，二是开设心理课", None)),
            "text", "一是建立三级网络；二是开设心理课。", absent=["一是一是"]),
    Variant("measure-with-commas", tasks(("丰富课后服务", "遴选非学科类培训机构、少年宫、科技馆等参与课后服务", "基础教育科", None, None)),
            "text", "一是遴选非学科类培训机构、少年宫、科技馆等参与课后服务。", absent=["二是"]),
    Variant("partners-with-commas", tasks(("新建学校", "新建学校5所", "基建科", "区财政局，区发改委、区自然资源局", None)),
            "text", "配合单位：区财政局、区发改委、区自然资源局"),
    Variant("two-leads", tasks(("新建学校", "新建学校5所", "基建科、财务科", None, None)),
            "text", "牵头单位：基建科、财务科"),
    Variant("paragraphs-on-two-lines", achievement(("德育", "第一段。\n第二段。", None, None)), "text", "第二段。"),
    # -- numbers and dates --------------------------------------------------------------------
    Variant("rate-as-fraction", summary(指标=[("指标名称", "数值", "计量单位"), ("巩固率", 0.956, "%")]),
            "warning", "是否应为 95.6%？"),
    Variant("rate-in-percent-cell", summary(指标=[("指标名称", "数值"), ("巩固率", 0.956)]),
            "text", "95.6", formats={"指标!B2": "0.0%"}),
    Variant("number-with-thousands-comma", summary(指标=[("指标名称", "数值", "计量单位"), ("在校学生", "2,136", "人")]),
            "text", "2136"),
    Variant("number-with-unit-in-cell", summary(指标=[("指标名称", "数值"), ("学校", "141所")]), "error", "把“所”写在“计量单位”中"),
    Variant("number-in-words", summary(指标=[("指标名称", "数值"), ("学校", "很多")]), "error", "不是数字"),
    Variant("negative-count", summary(指标=[("指标名称", "数值"), ("学校", -5)]), "error", "负号"),
    Variant("year-with-nian", {"基本信息": [("项目", "内容"), ("文种", "工作总结"), ("单位", "某某小学"), ("年度", "2024年")]},
            "error", "“年度”的数字后面带了文字"),
    Variant("date-with-dots", {"基本信息": SUMMARY[:4] + [("成文日期", "2024.12.20")]}, "text", "2024年12月20日"),
    Variant("impossible-month", {"基本信息": SUMMARY[:4] + [("成文日期", "2024年13月")]}, "error", "月份“13”不存在"),
    # -- data in the wrong place --------------------------------------------------------------
    Variant("metric-typed-into-text-sheet", achievement(("学生近视率", 35.2, "%", None)), "warning", "“内容”只有“35.2”"),
    Variant("unit-as-a-point", achievement(("德育", "开展活动。", "人", None)), "warning", "“要点”只有“人”"),
    Variant("title-without-text", achievement(("德育工作", None, None, None)), "warning", "只有标题，没有内容"),
    Variant("same-title-twice", achievement(("德育", "甲。", None, None), ("德育", "乙。", None, None)),
            "warning", "标题“德育”出现了两次"),
    Variant("child-above-parent", achievement(("作业管理", "分层作业。", None, "课堂改革"), ("课堂改革", "推进改革。", None, None)),
            "warning", "在它下面"),
    Variant("parent-misspelt", achievement(("课堂改革", "推进改革。", None, None), ("作业管理", "分层作业。", None, "课堂改")),
            "error", "找不到"),
    Variant("example-row-left-in", achievement(("坚持立德树人，德育工作更加扎实", "以“红领巾”系列主题活动为载体，开展升旗仪式、入队仪式、"
                                                "研学实践等活动36场，覆盖全体学生。", None, None)), "warning", "与本文种的示例相同"),
    # -- headers and sheets ---------------------------------------------------------------------
    Variant("header-row-deleted", summary(主要成绩=[("德育", "开展活动。", None, None), ("教学", "推进改革。", None, None)]),
            "error", "第 1 行不是列名行"),
    Variant("header-renamed", summary(主要成绩=[("名称", "内容"), ("德育", "开展活动。")]), "error", "未知的列“名称”"),
    Variant("sheet-misnamed", summary(主要成就=[("标题", "内容"), ("德育", "开展活动。")]), "error", "您是不是要写“主要成绩”"),
    Variant("headers-with-spaces", summary(主要成绩=[(" 标题 ", "内\n容"), ("德育", "开展活动。")]), "text", "开展活动。"),
    Variant("blank-rows-between", achievement(("德育", "开展活动。", None, None), (None, None, None, None), ("教学", "推进改革。", None, None)),
            "text", "推进改革。"),
    Variant("metric-headers-as-typed", summary(指标=[("指标", "本年", "上年", "目标", "单位"), ("在校学生", 2136, 2058, 2200, "人")]),
            "text", "2136"),
    Variant("no-partner-written-as-slash", tasks(("新建学校", "新建学校5所", "基建科", "/", None)),
            "text", "（牵头单位：基建科）", absent=["配合单位：", "/"]),
    Variant("none-written-in-points", achievement(("德育", "开展活动。", "无", None)), "text", "开展活动。", absent=["一是无"]),
    Variant("none-written-as-text", achievement(("德育", "/", None, None)), "warning", "“内容”只写了“/”"),
    Variant("unit-header-alias", summary(指标=[("指标名称", "数值", "单位"), ("学校", 141, "所")]), "text", "141"),
    # -- bureau task sheets ------------------------------------------------------------------------
    Variant("bureau-synonyms-and-number-column",
            tasks(("一", "扩大优质资源供给", None, None, None, None), ("1", "新建学校", "新建中小学校5所", "基建科", "区发改委", "2025年8月"),
                  header=("序号", "任务名称", "主要措施", "责任单位", "协办单位", "时间节点")),
            "text", "牵头单位：基建科；配合单位：区发改委；完成时限：2025年8月"),
    Variant("outline-numbers-in-titles", tasks(("一、扩大优质资源供给", None, None, None, None), ("（一）新建学校", "新建学校5所", "基建科", None, None)),
            "text", "扩大优质资源供给", absent=["一、一、", "（一）（一）"]),
    Variant("title-line-above-header", plan(重点任务=[("2025年重点任务分工表", None), ("工作任务", "牵头部门"), ("新建学校", "基建科")]),
            "text", "牵头单位：基建科"),
    Variant("merged-lead-cells", tasks(("新建学校", "新建学校5所", "基建科", None, None), ("改扩建学校", "改扩建8所", None, None, None)),
            "text", "改扩建8所", merged={"重点任务": "C2:C3"}),
    Variant("no-task-table", plan(basic=[("分工表", "否")], 重点任务=[TASKS, ("新建学校", "新建学校5所", "基建科", None, None)]),
            "text", "新建学校", absent=["重点任务分工表"]),
]


def build(tmp_path, variant: Variant):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in variant.sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    for place, number_format in variant.formats.items():
        name, ref = place.split("!")
        book[name][ref].number_format = number_format
    for name, ref in variant.merged.items():
        book[name].merge_cells(ref)
    path = tmp_path / f"{variant.id}.xlsx"
    book.save(path)
    return path


def document_text(data: bytes) -> str:
    document = open_docx(data)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_catalogue_is_large_and_covers_every_outcome():
    assert len(VARIANTS) >= 30 and {v.outcome for v in VARIANTS} == {"text", "warning", "error"}
    assert len({v.id for v in VARIANTS}) == len(VARIANTS)


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_typed_as_people_type(tmp_path, variant):
    pipeline = Pipeline()
    path = build(tmp_path, variant)
    try:
        _, validated = pipeline.check(path)
        errors, warnings = validated.errors, validated.warnings
    except InputError as exc:  # the workbook as a whole cannot be read
        errors, warnings = exc.problems, []
    messages = [p.format() for p in errors]
    if variant.outcome == "error":
        assert any(variant.expect in m for m in messages), messages
        return
    assert messages == []
    notes = [w.format() for w in warnings]
    if variant.outcome == "warning":
        assert any(variant.expect in w for w in notes), notes
        assert all("!" in w.location for w in warnings), notes  # every warning names its cell
        return
    assert notes == []
    text = document_text(pipeline.run(path).to_docx())
    assert variant.expect in text
    for wrong in variant.absent:
        assert wrong not in text
