"""Figures keep the precision they were typed with; computed rates and changes have one decimal."""
from conftest import open_docx

from edureport.core.values import parse_int, parse_number
from edureport.pipeline import render

DATA = """文种: 工作总结
单位: 某某区实验小学
年度: 2024
指标:
  - {指标名称: 课后服务参与率, 数值: 85, 计量单位: "%", 上年数值: 80, 目标值: 100}
  - {指标名称: 学生体质健康优良率, 数值: 62.4, 计量单位: "%", 上年数值: 58, 目标值: 60}
  - {指标名称: 作业完成率, 数值: 96.50, 计量单位: "%"}
  - {指标名称: 校舍维修投入, 数值: 26.30, 计量单位: 万元, 上年数值: 20}
主要成绩:
  - 标题: 课后服务
    指标:
      - {指标名称: 课后服务参与率, 数值: 85, 计量单位: "%", 上年数值: 80, 目标值: 100}
"""


def test_typed_text_keeps_its_decimals():
    assert parse_number("85") == 85 and isinstance(parse_number("85"), int)
    assert str(parse_number("96.50")) == "96.50"
    assert parse_int("2024.0") == 2024


def test_figures_print_as_typed(tmp_path):
    source = tmp_path / "data.yaml"
    source.write_text(DATA, encoding="utf-8")
    doc = open_docx(render(source))
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in doc.tables[0].rows[1:]}
    # 序号 指标 单位 本年 上年 增减 目标 完成率
    assert rows["课后服务参与率"][3:7] == ["85", "80", "+5个百分点", "100"]  # not 85.0 / 100.0
    assert rows["学生体质健康优良率"][3:5] == ["62.4", "58.0"]  # a row aligns to its most precise figure
    assert rows["作业完成率"][3] == "96.50"
    assert rows["校舍维修投入"][3:6] == ["26.30", "20", "+31.5%"]  # the change is computed: one decimal
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "课后服务参与率85%，较上年提高5个百分点，低于年度目标15个百分点" in text
