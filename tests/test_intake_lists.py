"""Several items in one cell: sentences split only where the person split them, names also at 、."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import open_docx
from test_excel import BASIC, spec, workbook

from edureport.intake.lists import split_names, split_sentences
from edureport.intake.validate import validate
from edureport.pipeline import prepare
from edureport.sources import read_source

SEEDS = [line.strip() for line in (Path(__file__).parent / "fixtures" / "seed_sentences.txt")
         .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
PLAN_BASIC = [("项目", "内容"), ("文种", "实施方案"), ("单位", "某某区教育局"), ("标题", "某某区课后服务实施方案")]


def body_text(data: bytes) -> str:
    document = open_docx(data)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("sentence", SEEDS)
def test_a_sentence_with_enumeration_commas_is_one_item(sentence):
    assert split_sentences(sentence) == [sentence]


def test_points_cell_with_commas_prints_one_point(tmp_path):
    """Defect: 健全班主任、德育处、家长委员会三位一体育人机制 printed as 一是…；二是…；三是…."""
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC,
        "主要成绩": [("标题", "要点"), ("德育工作", SEEDS[8])],
    })
    data = validate(read_source(path), spec()).data
    assert data["achievements"][0]["points"] == [SEEDS[8]]
    text = body_text(prepare(path).to_docx())
    assert f"一是{SEEDS[8]}。" in text and "二是" not in text


def test_measures_cell_with_commas_is_one_measure_in_body_and_table(tmp_path):
    """Defect: 遴选非学科类培训机构、少年宫、科技馆等参与课后服务 became three measures."""
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": PLAN_BASIC,
        "重点任务": [("标题", "具体措施", "牵头单位", "配合单位"),
                 ("丰富课后服务资源", SEEDS[9], "基础教育科", "区文旅局、区科协，团区委")],
    })
    task = validate(read_source(path), spec("implementation-plan")).data["tasks"][0]
    assert task["measures"] == [SEEDS[9]]
    assert task["partners"] == ["区文旅局", "区科协", "团区委"]
    text = body_text(prepare(path).to_docx())
    assert f"一是{SEEDS[9]}。" in text
    assert "1." + SEEDS[9] not in text and SEEDS[9] in text  # one measure: a table cell without numbers
    assert "配合单位：区文旅局、区科协、团区委" in text


def test_every_seed_sentence_comes_through_whole(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": PLAN_BASIC,
        "重点任务": [("标题", "具体措施")] + [(f"任务{i}", s) for i, s in enumerate(SEEDS, 1)],
    })
    text = body_text(prepare(path).to_docx())
    for sentence in SEEDS:
        assert f"一是{sentence.rstrip('。')}。" in text


@pytest.mark.parametrize("typed, items", [
    ("加强组织领导\n落实经费保障", ["加强组织领导", "落实经费保障"]),
    ("加强组织领导；落实经费保障;强化督导", ["加强组织领导", "落实经费保障", "强化督导"]),
    ("①加强组织领导②落实经费、场地保障", ["加强组织领导", "落实经费、场地保障"]),
    ("1.加强组织领导 2.落实经费、场地保障", ["加强组织领导", "落实经费、场地保障"]),
    ("1、加强领导\n2、落实保障", ["加强领导", "落实保障"]),
    ("一是加强组织领导，二是落实经费、场地保障。", ["加强组织领导", "落实经费、场地保障。"]),
    ("（1）加强领导（2）落实保障", ["加强领导", "落实保障"]),
    ("新增学位1.5万个，2.3万名学生受益", ["新增学位1.5万个，2.3万名学生受益"]),
    ("三是创新教体融合、艺教结合", ["三是创新教体融合、艺教结合"]),
])
def test_sentence_lists_split_where_the_person_split(typed, items):
    assert split_sentences(typed) == items


def test_name_lists_split_on_commas_too():
    assert split_names("区财政局、区发改委，区人社局,团区委\n区科协") == ["区财政局", "区发改委", "区人社局", "团区委", "区科协"]


def test_yaml_string_lists_follow_the_field_type():
    data = {"文种": "工作总结", "单位": "某某小学", "年度": 2024, "抄送": "区委办、区政府办",
            "主要成绩": [{"标题": "德育", "要点": SEEDS[0]}]}
    checked = prepare(data)
    assert checked.data["cc"] == ["区委办", "区政府办"]
    assert checked.data["achievements"][0]["points"] == [SEEDS[0]]


def test_yaml_list_items_lose_their_own_numbers():
    data = {"文种": "工作总结", "单位": "某某小学", "年度": 2024,
            "主要成绩": [{"标题": "德育", "要点": ["1.建立三级网络", "2.开设心理课"]}]}
    assert prepare(data).data["achievements"][0]["points"] == ["建立三级网络", "开设心理课"]


def test_names_print_as_written_in_a_template_that_prints_them_whole():
    from edureport.templating.environment import render_text

    task = prepare({"文种": "实施方案", "单位": "某某区教育局", "标题": "某方案",
                    "重点任务": [{"标题": "新建学校", "牵头单位": "基建科、财务科"}]}).data["tasks"][0]
    assert task["lead"] == ["基建科", "财务科"]
    assert render_text("{{ t.lead }}牵头", {"t": task}, "x.j2") == "基建科、财务科牵头"
