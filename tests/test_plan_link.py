"""A summary linked to its plan: targets met, exceeded, missed, unreported,
misspelt (warning) and lower-is-better; overdue tasks with their 牵头单位."""
from pathlib import Path

import pytest
import yaml
from conftest import open_docx
from typer.testing import CliRunner

from edureport.cli import app
from edureport.core.errors import InputError
from edureport.pipeline import prepare

PLAN = {
    "文种": "实施方案", "单位": "某某区教育局", "标题": "某某区2024年教育工作实施方案", "成文日期": "2024-02-20",
    "目标指标": [
        {"指标名称": "市级骨干教师", "目标值": 100, "计量单位": "人", "完成时限": "2024-12"},
        {"指标名称": "新增学位", "目标值": 2000, "计量单位": "个"},
        {"指标名称": "智慧校园达标学校", "目标值": 40, "计量单位": "所"},
        {"指标名称": "课后服务参与率", "目标值": 95, "计量单位": "%"},
        {"指标名称": "学生近视率", "目标值": 50, "计量单位": "%", "方向": "越低越好"},
        {"指标名称": "辍学率", "目标值": 0.5, "计量单位": "%", "方向": "越低越好"},
        {"指标名称": "学生体质健康测试优良率", "目标值": 60, "计量单位": "%"},
        {"指标名称": "集团化办学覆盖率", "目标值": 100, "计量单位": "%", "完成时限": "2026-12"},
    ],
    "重点任务": [
        {"标题": "新建学校", "牵头单位": "区教育局基建科", "完成时限": "2024-09"},
        {"标题": "教师培训", "牵头单位": "区教师发展中心", "完成时限": "每年8月底前"},
        {"标题": "改扩建", "牵头单位": "区教育局基建科", "完成时限": "2025-06"},
        {"标题": "集团化办学", "牵头单位": "基础教育科",
         "子项": [{"标题": "组建教育集团", "完成时限": "2024-06"}]},
    ],
}
SUMMARY = {
    "文种": "工作总结", "单位": "某某区教育局", "年度": 2024, "成文日期": "2024-12-20", "依据方案": "plan.yaml",
    "指标": [
        {"指标名称": "市级骨干教师", "数值": 100, "计量单位": "人"},
        {"指标名称": "新增学位", "数值": 2300, "计量单位": "个"},
        {"指标名称": "智慧校园达标学校", "数值": 36, "计量单位": "所"},
        {"指标名称": "学生近视率", "数值": 48.2, "计量单位": "%"},
        {"指标名称": "辍学率", "数值": 0.8, "计量单位": "%"},
        {"指标名称": "学生体质健康优良率", "数值": 62.4, "计量单位": "%"},
        {"指标名称": "集团化办学覆盖率", "数值": 80, "计量单位": "%"},
    ],
}


def write_pair(folder: Path, plan=PLAN, summary=SUMMARY) -> Path:
    (folder / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    path = folder / "summary.yaml"
    path.write_text(yaml.safe_dump(summary, allow_unicode=True), encoding="utf-8")
    return path


def table_rows(document, first_header: str = "序号", second: str = "指标") -> list[list[str]]:
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:2] == [first_header, second] and "状态" in header:
            return [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError("no 目标完成情况 table")


@pytest.fixture
def rendered(tmp_path):
    return prepare(write_pair(tmp_path))


def test_each_target_is_judged_and_printed(rendered):
    rows = {row[1]: row[2:] for row in table_rows(open_docx(rendered.to_docx()))}
    assert rows["市级骨干教师"] == ["100人", "100人", "100.0%", "已完成"]
    assert rows["新增学位"] == ["2000个", "2300个", "115.0%", "超额完成"]
    assert rows["智慧校园达标学校"] == ["40所", "36所", "90.0%", "未完成"]
    assert rows["课后服务参与率"] == ["95%", "—", "—", "未报送"]  # listed, not dropped
    assert rows["学生近视率（越低越好）"] == ["50%", "48.2%", "103.7%", "超额完成"]  # 50/48.2
    assert rows["辍学率（越低越好）"] == ["0.5%", "0.8%", "62.5%", "未完成"]
    assert rows["学生体质健康测试优良率"] == ["60%", "—", "—", "未报送"]  # misspelt: never matched silently
    assert rows["集团化办学覆盖率"] == ["100%", "80%", "80.0%", "推进中"]  # due 2026: not judged 未完成


def test_sentences_use_the_number_language(rendered):
    text = "\n".join(p.text for p in open_docx(rendered.to_docx()).paragraphs)
    assert "对照《某某区2024年教育工作实施方案》确定的8项目标指标，超额完成2项、已完成1项、未完成2项、推进中1项、未报送2项。" in text
    assert "新增学位2300个，完成方案目标的115.0%，超额完成任务" in text
    assert "智慧校园达标学校36所，完成方案目标的90.0%；" in text
    assert "学生近视率48.2%，低于方案目标（50%）1.8个百分点，达到目标要求" in text
    assert "辍学率0.8%，高于方案目标（0.5%）0.3个百分点，未达到目标要求" in text
    assert "课后服务参与率未报送完成值（方案目标95%）" in text


def test_overdue_tasks_are_listed_with_their_lead(rendered):
    text = "\n".join(p.text for p in open_docx(rendered.to_docx()).paragraphs)
    assert "新建学校（牵头单位：区教育局基建科；完成时限：2024年9月）" in text
    assert "组建教育集团（牵头单位：基础教育科；完成时限：2024年6月）" in text  # inherits the lead
    assert "改扩建" not in text  # due 2025
    assert "教师培训" not in text  # 每年8月底前 is not one date


def test_a_near_miss_is_a_warning_with_did_you_mean(rendered):
    [warning] = [w for w in rendered.warnings if w.location.startswith("plan.yaml:")]  # (0.8% also asks 是否应为 80%)
    assert warning.severity == "warning"
    assert "学生体质健康测试优良率" in warning.message
    assert "学生体质健康优良率" in warning.suggestion
    assert warning.location.startswith("plan.yaml:")


def test_render_prints_the_warning(tmp_path, monkeypatch):
    write_pair(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["render", "summary.yaml", "-o", "out.docx"])
    assert result.exit_code == 0, result.output
    assert "学生体质健康优良率" in result.output
    assert (tmp_path / "out.docx").exists()


def test_plan_option_on_the_command_line(tmp_path, monkeypatch):
    summary = dict(SUMMARY)
    del summary["依据方案"]
    write_pair(tmp_path, summary=summary)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["render", "summary.yaml", "--plan", "plan.yaml", "-o", "out.docx"])
    assert result.exit_code == 0, result.output
    rows = table_rows(open_docx((tmp_path / "out.docx").read_bytes()))
    assert len(rows) == 8


def test_unknown_direction_is_an_error_naming_the_cell(tmp_path):
    plan = {**PLAN, "目标指标": [{"指标名称": "近视率", "目标值": 50, "计量单位": "%", "方向": "越少越妙"}]}
    with pytest.raises(InputError) as caught:
        prepare(write_pair(tmp_path, plan=plan))
    assert "越少越妙" in str(caught.value) and "plan.yaml:" in str(caught.value)


def test_missing_plan_file_is_an_error_naming_the_field(tmp_path):
    summary = {**SUMMARY, "依据方案": "没有这个方案.yaml"}
    with pytest.raises(InputError) as caught:
        prepare(write_pair(tmp_path, summary=summary))
    assert "没有这个方案.yaml" in str(caught.value) and "summary.yaml:" in str(caught.value)


def test_units_that_cannot_be_compared_are_an_error(tmp_path):
    summary = {**SUMMARY, "指标": [{"指标名称": "新增学位", "数值": 23, "计量单位": "%"}]}
    with pytest.raises(InputError) as caught:
        prepare(write_pair(tmp_path, summary=summary))
    assert "单位" in str(caught.value)


def test_without_a_plan_nothing_changes(tmp_path):
    summary = dict(SUMMARY)
    del summary["依据方案"]
    rendered = prepare(write_pair(tmp_path, summary=summary))
    assert "对照方案" not in "".join(p.text for p in open_docx(rendered.to_docx()).paragraphs)


def test_batch_refuses_a_plan_rather_than_dropping_the_section(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    basic = book.active
    basic.title = "基本信息"
    basic.append(["单位", "文种", "年度", "依据方案"])
    basic.append(["某某区第一小学", "工作总结", 2024, "plan.yaml"])
    basic.append(["某某区第二小学", "工作总结", 2024, None])
    book.save(tmp_path / "各校.xlsx")
    write_pair(tmp_path)
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "各校.xlsx"), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 2
    assert "依据方案" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["某某区第二小学.docx", "结果.csv"]  # and the batch report


def test_a_kind_that_does_not_link_plans_says_so(tmp_path):
    summary = {"文种": "情况汇报", "单位": "某某区教育局", "汇报事项": "课后服务工作", "依据方案": "plan.yaml",
               "开头": ["现将有关情况汇报如下。"]}
    rendered = prepare(write_pair(tmp_path, summary=summary))
    [warning] = [w for w in rendered.warnings if "方案" in w.message]
    assert "情况汇报" in warning.message and warning.location.startswith("summary.yaml:")


def test_validate_checks_the_plan_too(tmp_path, monkeypatch):
    write_pair(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "summary.yaml"])
    assert result.exit_code == 0, result.output
    assert "学生体质健康优良率" in result.output  # the did-you-mean, before anything is rendered
    summary = {**SUMMARY, "依据方案": "没有这个方案.yaml"}
    write_pair(tmp_path, summary=summary)
    result = CliRunner().invoke(app, ["validate", "summary.yaml"])
    assert result.exit_code == 2 and "没有这个方案.yaml" in result.output
