"""edureport init: ready-to-fill files that render exactly like the template's example."""
from __future__ import annotations

import io

import openpyxl
import pytest
import yaml
from conftest import open_docx
from typer.testing import CliRunner

from edureport.cli import app
from edureport.intake.layout import EXAMPLE_SHEET, GUIDE_SHEET
from edureport.pipeline import Pipeline, prepare
from edureport.templating.registry import get_registry
from edureport.workbook.starter import commented_example, starter_bytes

BUILTIN = [spec.id for spec in get_registry() if spec.source == "内置" and spec.example_path]


def visible_text(docx: bytes) -> list[str]:
    document = open_docx(docx)
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts


def test_every_builtin_template_is_covered():
    assert {"work-summary"} <= set(BUILTIN) and len(BUILTIN) >= 1


def example_blocks(book) -> dict[str, list[list]]:
    """The 示例 sheet's blocks: 【sheet name】, then its header and rows, up to a blank row."""
    blocks: dict[str, list[list]] = {}
    current = None
    for row in book[EXAMPLE_SHEET].iter_rows(min_row=2, values_only=True):
        first = row[0] if row else None
        if isinstance(first, str) and first.startswith("【") and first.endswith("】"):
            current = blocks.setdefault(first[1:-1], [])
        elif current is not None and any(v is not None for v in row):
            current.append(list(row))
    return blocks


def copied_example(tmp_path, spec, units=None):
    """A clerk copying every example block into its sheet: the workbook the example stands for."""
    book = openpyxl.load_workbook(io.BytesIO(starter_bytes(spec, "xlsx", units)))
    copy = openpyxl.Workbook()
    copy.remove(copy.active)
    for name, rows in example_blocks(book).items():
        sheet = copy.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "copied.xlsx"
    copy.save(path)
    return path


@pytest.mark.parametrize("template", BUILTIN)
def test_yaml_starter_renders_like_the_example(tmp_path, template):
    spec = get_registry().get(template)
    path = tmp_path / "starter.yaml"
    path.write_bytes(starter_bytes(spec, "yaml"))
    expected = visible_text(prepare(spec.example_path).to_docx())
    assert visible_text(prepare(path).to_docx()) == expected
    assert len(expected) > 10


@pytest.mark.parametrize("template", BUILTIN)
def test_example_sheet_holds_the_whole_example_and_is_never_read(tmp_path, template):
    """Defect: init wrote a filled-in sample workbook whose rows printed in the user's document."""
    spec = get_registry().get(template)
    starter = tmp_path / "starter.xlsx"
    starter.write_bytes(starter_bytes(spec, "xlsx"))
    book = openpyxl.load_workbook(starter)
    for name in book.sheetnames:
        if name not in ("基本信息", EXAMPLE_SHEET, GUIDE_SHEET):
            assert book[name].max_row == 1, name  # data sheets: the header row only
    basic = {row[0].value: row[1].value for row in book["基本信息"].iter_rows(min_row=2)}
    assert {k for k, v in basic.items() if v is not None} == {"文种"}
    _, validated = Pipeline().check(starter)
    assert [p.message for p in validated.errors if "单位" in p.message] == ["缺少必填项“单位”"]
    expected = visible_text(prepare(spec.example_path).to_docx())
    copied = prepare(copied_example(tmp_path, spec))
    assert visible_text(copied.to_docx()) == expected
    assert any("与本文种的示例相同" in w.message for w in copied.warnings)  # left in: pointed out


@pytest.mark.parametrize("template", BUILTIN)
def test_starter_workbook_layout(tmp_path, template):
    spec = get_registry().get(template)
    book = openpyxl.load_workbook(io.BytesIO(starter_bytes(spec, "xlsx")))
    assert book.sheetnames[0] == "基本信息" and book.sheetnames[-2:] == [EXAMPLE_SHEET, GUIDE_SHEET]
    basic = book["基本信息"]
    assert [c.value for c in basic[1]] == ["项目", "内容", "说明"]
    items = [row[0].value for row in basic.iter_rows(min_row=2)]
    assert "单位" in items and "文种" in items
    assert basic.cell(items.index("文种") + 2, 2).value == spec.name
    for name in book.sheetnames[:-2]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert all(c.value for c in sheet[1]), name  # a header in every column
        assert all(8 <= sheet.column_dimensions[c.column_letter].width <= 62 for c in sheet[1]), name
    guide = book[GUIDE_SHEET]
    described = {(row[0].value, row[1].value) for row in guide.iter_rows() if row[1].value}
    for name in book.sheetnames[1:-2]:
        for header in book[name][1]:
            assert (name, header.value) in described, (name, header.value)


def test_starter_workbook_checks_and_hints():
    spec = get_registry().get("work-summary")
    book = openpyxl.load_workbook(io.BytesIO(starter_bytes(spec, "xlsx")))
    metrics = book["指标"]
    checks = {str(v.sqref): v for v in metrics.data_validations.dataValidation}
    value_check = next(v for ref, v in checks.items() if ref.startswith("B2"))
    assert value_check.type == "decimal" and value_check.formula1 == "0" and value_check.prompt
    basic = book["基本信息"]
    rows = {row[0].value: row[0].row for row in basic.iter_rows(min_row=2)}
    by_cell = {str(v.sqref): v for v in basic.data_validations.dataValidation}
    assert by_cell[f"B{rows['年度']}"].type == "whole"
    assert by_cell[f"B{rows['成文日期']}"].type == "date" and by_cell[f"B{rows['成文日期']}"].errorStyle == "warning"
    assert basic[f"B{rows['成文日期']}"].number_format == 'yyyy"年"m"月"d"日"'
    red = [row[0].value for row in basic.iter_rows(min_row=2) if row[0].font.color and row[0].font.color.rgb == "00C00000"]
    assert red == ["单位", "年度"]  # required items stand out


def test_commented_yaml_describes_every_field():
    spec = get_registry().get("work-summary")
    text = commented_example(spec)
    assert "# 单位（org）：文字，必填。发文单位" in text
    assert "#   每项可写：标题、内容、要点、指标、子项" in text
    assert "# 副标题:" in text  # fields the example leaves out, commented
    data = yaml.safe_load(text)
    assert data["单位"] == "某某区第一实验小学" and "副标题" not in data


def test_cli_init_writes_and_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    target = tmp_path / "数据.xlsx"
    first = runner.invoke(app, ["init", "-t", "工作总结", "-o", str(target)])
    assert first.exit_code == 0, first.output
    stamp = target.stat().st_mtime_ns
    again = runner.invoke(app, ["init", "-o", str(target)])
    assert again.exit_code == 2 and "已存在" in again.output and target.stat().st_mtime_ns == stamp
    forced = runner.invoke(app, ["init", "-o", str(target), "--force"])
    assert forced.exit_code == 0


def test_cli_init_yaml_from_suffix_and_bad_suffix(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["init", "-o", str(tmp_path / "a.yml")])
    assert result.exit_code == 0 and (tmp_path / "a.yml").read_text(encoding="utf-8").startswith("# 工作总结")
    mismatch = runner.invoke(app, ["init", "--format", "xlsx", "-o", str(tmp_path / "b.yaml")])
    assert mismatch.exit_code == 2 and "b.yaml" in mismatch.output
    unknown = runner.invoke(app, ["init", "-t", "工作总节", "-o", str(tmp_path / "c.xlsx")])
    assert unknown.exit_code == 2 and "工作总结" in unknown.output


def test_cli_init_units_makes_a_batch_workbook(tmp_path):
    runner = CliRunner()
    named = tmp_path / "批量.xlsx"
    result = runner.invoke(app, ["init", "-o", str(named), "--units", "第一小学、第二小学，第三小学"])
    assert result.exit_code == 0, result.output
    basic = openpyxl.load_workbook(named)["基本信息"]
    header = [c.value for c in basic[1]]
    assert header[0] == "单位" and "年度" in header and "文种" in header
    assert [row[0].value for row in basic.iter_rows(min_row=2)] == ["第一小学", "第二小学", "第三小学"]
    assert [c.value for c in openpyxl.load_workbook(named)["主要成绩"][1]][0] == "单位"
    counted = tmp_path / "五个.xlsx"
    assert runner.invoke(app, ["init", "-o", str(counted), "--units", "5"]).exit_code == 0
    assert openpyxl.load_workbook(counted)["基本信息"].max_row == 6
    bad = runner.invoke(app, ["init", "-o", str(tmp_path / "x.yaml"), "--units", "3"])
    assert bad.exit_code == 2 and "--units" in bad.output


def test_batch_starter_example_sheet_renders_per_unit(tmp_path):
    spec = get_registry().get("work-summary")
    path = copied_example(tmp_path, spec, units=["甲校", "乙校"])
    from edureport.batch import plan_batch

    plan = plan_batch(path, None, tmp_path / "out")
    assert [job.name for job in plan.jobs] == ["某某区第一实验小学"]
