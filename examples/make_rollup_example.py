"""Write examples/batch-district-schools-2024.xlsx: 12 schools' figures for `edureport rollup`.

    python examples/make_rollup_example.py            # (re)write the example
    edureport rollup examples/batch-district-schools-2024.xlsx -o 全区汇总.yaml --rank 学生体质健康测试优良率 --charts
    edureport render 全区汇总.yaml

基本信息 has one row per school; 指标 names each row's school in 单位; 汇总规则
says which rates are weighted by which base (the rest follow the defaults).
"""
from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

BUREAU = "某某区教育局"
# school, students (2024, 2023), teachers, 优良率 (2024, 2023), 课后服务参与率, 近视率, 经费投入（万元）
SCHOOLS = [
    ("某某区第一实验小学", 2136, 2058, 128, 62.4, 58.1, 96.8, 47.5, 126),
    ("某某区第二实验小学", 1580, 1532, 96, 60.2, 57.4, 95.1, 49.8, 98),
    ("某某区第三实验小学", 720, 0, 46, 58.0, None, 93.0, 45.2, 310),
    ("某某区东城小学", 1245, 1260, 78, 57.6, 55.0, 92.4, 51.3, 64),
    ("某某区西城小学", 980, 1002, 63, 55.9, 54.2, 90.7, 50.6, 52),
    ("某某区南湖小学", 640, 655, 44, 53.8, 52.9, 88.5, 48.9, 37),
    ("某某区北山小学", 412, 430, 31, 51.2, 50.6, None, 46.4, 28),
    ("某某区实验中学", 1954, 1890, 168, 64.8, 60.3, 97.6, 58.2, 185),
    ("某某区第二中学", 1620, 1588, 139, 61.5, 58.8, 94.9, 59.4, 420),
    ("某某区第三中学", 1108, 1120, 97, 58.7, 57.1, 91.3, 60.1, 76),
    ("某某区东城中学", 866, 880, 80, 56.3, 55.6, 89.2, 57.7, 58),
    ("某某区职业中学", 1350, 1296, 112, 59.1, 56.0, 86.4, 55.0, 143),
]


def build(path: Path) -> None:
    book = Workbook()
    basic = book.active
    basic.title = "基本信息"
    basic.append(["单位", "文种", "年度", "主送机关"])
    for school, *_ in SCHOOLS:
        basic.append([school, "工作总结", 2024, BUREAU])
    metrics = book.create_sheet("指标")
    metrics.append(["单位", "指标名称", "数值", "计量单位", "上年数值", "目标值"])
    for school, students, before, teachers, good, good_before, service, myopia, money in SCHOOLS:
        metrics.append([school, "在校学生", students, "人", before, None])
        metrics.append([school, "专任教师", teachers, "人", None, None])
        metrics.append([school, "学生体质健康测试优良率", good, "%", good_before, 60])
        if service is not None:
            metrics.append([school, "课后服务参与率", service, "%", None, None])
        metrics.append([school, "学生总体近视率", myopia, "%", None, None])
        metrics.append([school, "经费投入", money, "万元", None, None])
    rules = book.create_sheet("汇总规则")
    rules.append(["指标名称", "汇总方式", "权重指标"])
    for name in ("学生体质健康测试优良率", "课后服务参与率", "学生总体近视率"):
        rules.append([name, "加权平均", "在校学生"])
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 22
        sheet.column_dimensions["B"].width = 24
    book.save(path)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("batch-district-schools-2024.xlsx")
    build(target)
    print(f"已写入 {target}（{len(SCHOOLS)} 所学校）")
