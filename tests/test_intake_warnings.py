"""Valid data that are probably not what the person meant end in a warning, never silently."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES
from test_excel import BASIC, spec, workbook
from typer.testing import CliRunner

from edureport.cli import app
from edureport.intake.validate import check
from edureport.sources import read_source, source_from_dict


def warnings_of(path_or_data, template: str = "work-summary") -> tuple[list[str], list[str]]:
    source = read_source(path_or_data) if isinstance(path_or_data, Path) else source_from_dict(path_or_data)
    _, errors, warnings = check(source, spec(template))
    assert all(w.severity == "warning" for w in warnings)
    return [p.format() for p in errors], [w.format() for w in warnings]


def test_rate_typed_as_fraction_asks_if_it_is_a_percentage(tmp_path):
    """Defect: 0.956 in a General cell with unit % printed 本年 1.0, 完成率 1.0%, no warning."""
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC,
        "指标": [("指标名称", "数值", "计量单位", "目标值"), ("巩固率", 0.956, "%", 0.95)],
    })
    errors, warnings = warnings_of(path)
    assert errors == []
    assert warnings[0] == ("指标!B2：指标 第1项 › 数值：“数值”是 0.956，计量单位是 %：是否应为 95.6%？"
                           "百分数请填 95.6（不带 %）；若确实是 0.956%，可忽略本提示")
    assert "指标!D2" in warnings[1] and "是否应为 95%？" in warnings[1]


def test_percent_formatted_cell_is_no_fraction(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"基本信息": BASIC, "指标": [("指标名称", "数值"), ("巩固率", 0.956)]},
                    formats={"指标!B2": "0.0%"})
    assert warnings_of(path) == ([], [])


def test_metric_typed_into_a_text_sheet_is_pointed_out(tmp_path):
    """Defect: 标题 学生近视率, 内容 35.2, 要点 % printed “学生近视率。35.2 … 一是%。”."""
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC,
        "主要成绩": [("标题", "内容", "要点"), ("学生近视率", 35.2, "%")],
    })
    errors, warnings = warnings_of(path)
    assert errors == []
    assert warnings == ["主要成绩!B2：主要成绩 第1项 › 内容：“内容”只有“35.2”：这是数字或单位，不是一句话。"
                        "数据请填在“指标”工作表（指标名称、数值、计量单位）；或把这一格写成完整的句子",
                        "主要成绩!C2：主要成绩 第1项 › 要点：“要点”只有“%”：这是数字或单位，不是一句话。"
                        "数据请填在“指标”工作表（指标名称、数值、计量单位）；或把这一格写成完整的句子"]


def test_child_row_above_its_parent_is_linked_with_a_warning(tmp_path):
    """Defect: a child row above its parent passed without comment."""
    path = workbook(tmp_path / "a.xlsx", {
        "基本信息": BASIC,
        "主要成绩": [("标题", "内容", "上级"), ("作业管理", "推行分层作业。", "课堂改革"), ("课堂改革", "推进改革。", None)],
    })
    errors, warnings = warnings_of(path)
    assert errors == []
    assert warnings == ["主要成绩!C2：这一行的上级“课堂改革”在它下面（主要成绩!第3行）。下级应写在上级之后：请把这一行移到上级那一行的下面"]


def test_title_without_text_and_repeated_title():
    data = {"单位": "某某小学", "年度": 2024,
            "主要成绩": [{"标题": "德育工作"}, {"标题": "课堂改革", "内容": "推进改革。"},
                     {"标题": "课堂改革", "内容": "推进改革。"}]}
    errors, warnings = warnings_of(data)
    assert errors == []
    assert warnings == ["<数据>：主要成绩 第1项 › 标题：“德育工作”只有标题，没有内容。请在“内容”中写这一项的具体内容，或删除这一项",
                        "<数据>：主要成绩 第3项 › 标题：“主要成绩”中标题“课堂改革”出现了两次（<数据> 已有）。若是重复粘贴，请删除其中一项"]


def test_group_title_with_children_is_fine():
    data = {"单位": "某某小学", "年度": 2024, "主要成绩": [{"标题": "德育", "子项": [{"标题": "活动", "内容": "开展活动。"}]}]}
    assert warnings_of(data) == ([], [])


@pytest.mark.parametrize("command", ["validate", "render"])
def test_warnings_block_only_with_strict(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    Path("data.yaml").write_text("单位: 某某小学\n年度: 2024\n指标:\n  - {指标名称: 巩固率, 数值: 0.956, 计量单位: '%'}\n",
                                 encoding="utf-8")
    relaxed = CliRunner().invoke(app, [command, "data.yaml", "-t", "工作总结"])
    assert relaxed.exit_code == 0, relaxed.output
    assert "提示：data.yaml:4:21：指标 第1项 › 数值：“数值”是 0.956，计量单位是 %：是否应为 95.6%？" in relaxed.stderr
    for made in tmp_path.glob("*.docx"):
        made.unlink()
    strict = CliRunner().invoke(app, [command, "data.yaml", "-t", "工作总结", "--strict"])
    assert strict.exit_code == 2, strict.output
    assert "是否应为 95.6%？" in strict.stderr and "--strict" in strict.stderr
    assert not list(tmp_path.glob("*.docx"))


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".xlsx")))
def test_every_shipped_example_validates_without_a_warning(example):
    result = CliRunner().invoke(app, ["validate", str(EXAMPLES / example), "--strict"])
    assert result.exit_code == 0, result.output
    assert "提示" not in result.output and "数据检查通过" in result.output


def test_validate_checks_a_batch_workbook_unit_by_unit(tmp_path):
    from test_batch import batch_workbook

    path = batch_workbook(tmp_path / "b.xlsx", bad_value="很多")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "指标!C4：指标 第1项 › 数值：“数值”不是数字" in result.stderr and "3 个单位" in result.stderr


def test_example_rows_of_a_template_from_another_folder(tmp_path):
    import shutil

    from test_excel import workbook as make_workbook

    from edureport.pipeline import Pipeline

    folder = tmp_path / "templates" / "my-summary"
    shutil.copytree(EXAMPLES.parent / "templates" / "work-summary", folder)
    meta = folder / "template.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("id: work-summary", "id: my-summary")
                    .replace("name: 工作总结", "name: 我的总结"), encoding="utf-8")
    example = folder / "example.yaml"  # its example names its own 文种, unknown to the built-in registry
    example.write_text(example.read_text(encoding="utf-8").replace("文种: 工作总结", "文种: 我的总结"), encoding="utf-8")
    path = make_workbook(tmp_path / "a.xlsx", {
        "基本信息": [("项目", "内容"), ("文种", "我的总结"), ("单位", "某某小学"), ("年度", 2024)],
        "主要成绩": [("标题", "内容"), ("坚持立德树人，德育工作更加扎实",
                                    "以“红领巾”系列主题活动为载体，开展升旗仪式、入队仪式、研学实践等活动36场，覆盖全体学生。")],
    })
    _, validated = Pipeline([tmp_path / "templates"]).check(path)
    assert validated.errors == []
    assert [w.message for w in validated.warnings] == ["“坚持立德树人，德育工作更加扎实”与本文种的示例相同：可能是示例行没有删除"]


def _copied_example(tmp_path, org: str) -> Path:
    """``init --format yaml`` (the template's example with comments) with its 单位 set to ``org``."""
    path = tmp_path / "data.yaml"
    assert CliRunner().invoke(app, ["init", "-t", "工作总结", "--format", "yaml", "-o", str(path)]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "单位: 某某区第一实验小学\n" in text
    path.write_text(text.replace("单位: 某某区第一实验小学\n", f"单位: {org}\n"), encoding="utf-8")
    return path


def test_yaml_still_holding_the_example_under_ones_own_unit_is_warned_about(tmp_path):
    """Defect: a YAML copied from the example, only 单位 changed, printed the example's 主要成绩 silently."""
    path = _copied_example(tmp_path, "某某县城关中学")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "“坚持立德树人，德育工作更加扎实”与本文种的示例相同：可能是示例行没有删除" in result.stderr
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if "标题: 坚持立德树人，德育工作更加扎实" in text)
    assert f"提示：data.yaml:{line}:" in result.stderr  # the line of the example record
    assert CliRunner().invoke(app, ["validate", str(path), "--strict"]).exit_code == 2


def test_the_example_itself_is_no_sample(tmp_path):
    """The unchanged example (init's YAML, examples/, the templates' example.yaml) is rendered as a demonstration."""
    _, warnings = warnings_of(_copied_example(tmp_path, "某某区第一实验小学"))
    assert warnings == []
    _, warnings = warnings_of(EXAMPLES.parent / "templates" / "work-summary" / "example.yaml")
    assert warnings == []


def test_form_filled_with_the_example_under_ones_own_unit_is_warned_about():
    """The web form's 填入示例 then a new 单位: the same as a copied YAML."""
    from edureport.sources.yaml_source import load_yaml

    data = load_yaml(EXAMPLES.parent / "templates" / "work-summary" / "example.yaml").data
    _, warnings = warnings_of({**data, "单位": "某某县城关中学"})
    assert any("与本文种的示例相同" in w for w in warnings), warnings
