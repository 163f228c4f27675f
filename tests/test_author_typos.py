"""Issue 19, done means: a new kind written only with Chinese names; a typo planted in
a field name, a filter name, a macro argument or the markup is each reported by
`templates check` at the author's file:line with a suggestion."""
import shutil
from pathlib import Path

import pytest

from edureport.authoring.check import check_template, describe

KIND = Path(__file__).parent / "fixtures" / "debriefing-report"


@pytest.fixture
def kind(tmp_path) -> Path:
    return Path(shutil.copytree(KIND, tmp_path / "debriefing-report"))


def test_the_chinese_kind_passes_as_written(kind):
    report = check_template(kind)
    assert report.findings == [], [describe(f) for f in report.findings]
    body = (kind / "body.md.j2").read_text(encoding="utf-8")
    assert "主要荣誉" in body and "achievements" not in body  # only Chinese names


@pytest.mark.parametrize(("right", "wrong", "expected"), [
    ("{% for 荣誉 in 主要荣誉 %}", "{% for 荣誉 in 主要荣耀 %}",
     "变量“主要荣耀”没有声明为字段；您是不是要写“主要荣誉”（honours）？"),
    ("{{ 荣誉.时间|date }}", "{{ 荣誉.时间|dat }}",
     "模板语法错误：没有名为“dat”的过滤器；您是不是要写“date”？"),
    ("{{ m.section(h.努力方向, 努力方向) }}", "{{ m.section(h.努力方向, 努力方向, levle=1) }}",
     "宏“section”没有参数“levle”；您是不是要写“level”？"),
    ("{{ m.heading(1, h.主要荣誉) }}", "{.runni}\n# {{ h.主要荣誉 }}",
     "属性“{.runni}”不认识；您是不是要写“{.runin}”？"),
    ("{{ 荣誉.名称 }}", "{{ 荣誉.名字 }}",
     "“荣誉”没有“名字”这一项；您是不是要写“名称”？"),
    ("{{ m.heading(1, h.主要荣誉) }}", "{{ m.heading(1, h.主要荣耀) }}",
     "h.主要荣耀 是某部分的默认标题，但没有叫“主要荣耀”的字段；您是不是要写“h.主要荣誉”？"),
    ("{{ m.heading(1, h.主要荣誉) }}", "{{ m.heading(1, h.honors) }}",
     "h.honors 是某部分的默认标题，但没有叫“honors”的字段；您是不是要写“h.honours”？"),
    ("{{ m.section(h.存在不足, 存在不足) }}", "{{ m.sectoin(h.存在不足, 存在不足) }}",
     "“_base/macros.md.j2”中没有宏“sectoin”；您是不是要写“m.section”？"),
])
def test_a_typo_is_reported_at_the_authors_line_with_a_suggestion(kind, right, wrong, expected):
    body = kind / "body.md.j2"
    text = body.read_text(encoding="utf-8")
    assert right in text
    line = text[:text.index(right)].count("\n") + 1
    body.write_text(text.replace(right, wrong), encoding="utf-8")
    found = [describe(f) for f in check_template(kind).errors]
    assert found and found[0].startswith(f"{body}:{line}：错误：{expected}"), found


def test_markup_typos_in_a_branch_the_example_does_not_reach_are_found(kind):
    body = kind / "body.md.j2"
    text = body.read_text(encoding="utf-8").replace(
        "{% endblock %}", "{% if 年度 == 1900 %}\n::: subtitel\n旧标题\n:::\n\n{.nonumbr}\n# 附则\n{% endif %}\n"
                          "{% endblock %}", 1)
    body.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    found = [describe(f) for f in check_template(kind).errors]
    assert found == [
        f"{body}:{lines.index('::: subtitel') + 1}：错误：不认识的容器“::: subtitel”；您是不是要写“::: subtitle”？",
        f"{body}:{lines.index('{.nonumbr}') + 1}：错误：属性“{{.nonumbr}}”不认识；您是不是要写“{{.nonumber}}”？",
    ]
