"""Issue 19: what the built-in macros print is decided by tested filters."""
import pytest

from edureport.core.errors import TemplateError
from edureport.templating.filters import duty_line
from edureport.templating.shaping import (
    lead_in,
    metric_table,
    outline,
    phase_title,
    target_table,
    task_table,
    with_note,
)


def test_outline_runs_in_items_without_children_and_puts_children_one_level_down():
    items = [{"title": "甲", "text": ["内容。"], "points": ["一", "二"], "items": [{"title": "子", "text": ["子内容。"]}]},
             {"title": "乙", "text": ["乙内容。"]}]
    assert outline(items, 2) == [
        {"level": 2, "title": "甲", "runin": False, "paragraphs": ["内容。", "一是一；二是二。"]},
        {"level": 3, "title": "子", "runin": True, "paragraphs": ["子内容。"]},
        {"level": 2, "title": "乙", "runin": True, "paragraphs": ["乙内容。"]},
    ]


def test_outline_of_tasks_adds_measures_and_duty():
    task = {"title": "建校", "measures": ["新建5所"], "lead": "基建科", "partners": ["财政局"], "deadline": "2024-12"}
    assert outline([task], 2, tasks=True)[0]["paragraphs"] == [
        "一是新建5所。", "（牵头单位：基建科；配合单位：财政局；完成时限：2024年12月）"]


def test_outline_refuses_text_where_items_belong():
    with pytest.raises(TemplateError, match="m.paragraphs"):
        outline(["一段文字"])


def test_task_table_subtasks_inherit_lead_partners_and_deadline():
    tasks = [{"title": "总任务", "lead": "甲科", "partners": ["乙局"], "deadline": "2025-06",
              "items": [{"title": "子任务", "measures": ["措施一", "措施二"]},
                        {"title": "另一子任务", "lead": "丙科"}]}]
    table = task_table(tasks)
    assert table["dense"] and table["header"][0] == "序号"
    assert table["rows"] == [["1", "总任务", "", "甲科", "乙局", "2025年6月"],
                             ["1.1", "子任务", "1.措施一\x0b2.措施二", "甲科", "乙局", "2025年6月"],
                             ["1.2", "另一子任务", "", "丙科", "乙局", "2025年6月"]]


def test_metric_table_shows_previous_and_target_columns_only_when_there_are_data():
    only_values = metric_table([{"name": "学校", "value": 141, "unit": "所"}])
    assert only_values["header"] == ["序号", "指标", "单位", "本年"] and not only_values["dense"]
    full = metric_table([{"name": "经费", "value": 1260000, "unit": "元", "previous": 980000, "target": 1500000}])
    assert full["header"][4:] == ["上年", "增减", "目标", "完成率"] and full["dense"]
    assert full["rows"] == [["1", "经费", "万元", "126", "98", "+28.6%", "150", "84.0%"]]


def test_target_table_marks_missing_values():
    rows = target_table([{"name": "学位", "target": 6000, "unit": "个", "baseline": None, "deadline": None}])["rows"]
    assert rows == [["学位", "—", "6000个", "—"]]


def test_lead_in_adds_the_sentence_unless_the_opening_already_leads_in():
    sentence = "现将有关情况汇报如下。"
    assert lead_in(["按照通知要求，我局开展了调研"], sentence) == ["按照通知要求，我局开展了调研。现将有关情况汇报如下。"]
    assert lead_in(["现将调研情况报告如下："], sentence) == ["现将调研情况报告如下："]
    assert lead_in(["我局按如下要求开展了调研。"], sentence) == ["我局按如下要求开展了调研。现将有关情况汇报如下。"]
    assert lead_in([], sentence, "现将课后服务有关情况汇报如下。") == ["现将课后服务有关情况汇报如下。"]


def test_duty_line_short_form_for_work_points():
    task = {"lead": "基础教育科", "partners": ["财政局", "发改委"], "deadline": "每年12月底前"}
    assert duty_line(task, "short") == "基础教育科牵头，财政局、发改委配合，每年12月底前完成"
    assert duty_line({"lead": "甲", "deadline": "2024-12"}, "short") == "甲牵头，2024年12月前完成"


def test_with_note_and_phase_title():
    assert with_note(["甲", "乙"], "（某科牵头）") == ["甲", "乙（某科牵头）"]
    assert with_note([], "（某科牵头）") == ["（某科牵头）"]
    assert phase_title({"name": "动员部署", "start": "2024-03", "end": "2024-04"}) == "动员部署阶段（2024年3月—4月）"
