"""edureport rollup: a 12-unit batch workbook rolled up into the bureau's data.

Totals and weighted rates are checked against figures computed here, directly
from the rows written into the workbook."""
from pathlib import Path

import pytest
import yaml
from conftest import open_docx
from openpyxl import Workbook
from typer.testing import CliRunner

from edureport.cli import app
from edureport.pipeline import prepare

SCHOOLS = [f"某某区第{n}小学" for n in "一二三四五六七八九十"] + ["某某区实验中学", "某某区第二中学"]
BUREAU = "某某区教育局"


def one_decimal(value: float):
    """A computed rate as printed: one decimal, half up (the typed figures keep theirs)."""
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(f"{value:.10f}").quantize(Decimal("0.1"), ROUND_HALF_UP))


def school_rows():
    """Per school: students (now, last year), teachers, 优良率 (now, last year), 课后服务参与率, 经费."""
    rows = []
    for i, school in enumerate(SCHOOLS):
        rows.append({
            "school": school,
            "students": 800 + 137 * i, "students_before": 780 + 131 * i,
            "teachers": 50 + 7 * i,
            "good": round(52.5 + 1.7 * i, 1), "good_before": round(50.1 + 1.3 * i, 1), "good_target": 60,
            "service": round(90 + 0.6 * i, 1),
            "money": 120 + 15 * i,  # 万元
        })
    return rows


def write_workbook(path: Path, rows, *, rules=True, skip_service_for=SCHOOLS[5], money_in_yuan_for=SCHOOLS[2]):
    book = Workbook()
    basic = book.active
    basic.title = "基本信息"
    basic.append(["单位", "文种", "年度", "主送机关"])
    for r in rows:
        basic.append([r["school"], "工作总结", 2024, BUREAU])
    metrics = book.create_sheet("指标")
    metrics.append(["单位", "指标名称", "数值", "计量单位", "上年数值", "目标值"])
    for r in rows:
        metrics.append([r["school"], "在校学生", r["students"], "人", r["students_before"], None])
        metrics.append([r["school"], "专任教师", r["teachers"], "人", None, None])
        metrics.append([r["school"], "学生体质健康测试优良率", r["good"], "%", r["good_before"], r["good_target"]])
        if r["school"] != skip_service_for:
            metrics.append([r["school"], "课后服务参与率", r["service"], "%", None, None])
        if r["school"] == money_in_yuan_for:
            metrics.append([r["school"], "经费投入", r["money"] * 10000, "元", None, None])
        else:
            metrics.append([r["school"], "经费投入", r["money"], "万元", None, None])
    if rules:
        sheet = book.create_sheet("汇总规则")
        sheet.append(["指标名称", "汇总方式", "权重指标"])
        sheet.append(["学生体质健康测试优良率", "加权平均", "在校学生"])
    book.save(path)
    return path


def rollup(tmp_path, *extra, rows=None, **workbook_options):
    book = write_workbook(tmp_path / "各校数据.xlsx", rows or school_rows(), **workbook_options)
    out = tmp_path / "全区汇总.yaml"
    result = CliRunner().invoke(app, ["rollup", str(book), "-o", str(out), *extra])
    return result, out


def metrics_of(out: Path) -> dict:
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    return {m["指标名称"]: m for m in data["指标"]}


def test_totals_and_weighted_rates_match_an_independent_computation(tmp_path):
    rows = school_rows()
    result, out = rollup(tmp_path)
    assert result.exit_code == 0, result.output
    got = metrics_of(out)
    students = sum(r["students"] for r in rows)
    assert got["在校学生"]["数值"] == students == 18642
    assert got["在校学生"]["上年数值"] == sum(r["students_before"] for r in rows)
    assert got["专任教师"]["数值"] == sum(r["teachers"] for r in rows)
    assert got["经费投入"] == {"指标名称": "经费投入", "数值": sum(r["money"] for r in rows), "计量单位": "万元"}
    weighted = sum(r["good"] * r["students"] for r in rows) / students
    assert got["学生体质健康测试优良率"]["数值"] == one_decimal(weighted)
    weighted_before = sum(r["good_before"] * r["students_before"] for r in rows) / sum(r["students_before"] for r in rows)
    assert got["学生体质健康测试优良率"]["上年数值"] == one_decimal(weighted_before)
    plain_mean = sum(r["good"] for r in rows) / len(rows)
    assert abs(weighted - plain_mean) > 0.3  # the weighting matters for these figures
    service = [r["service"] for r in rows if r["school"] != SCHOOLS[5]]
    assert got["课后服务参与率"]["数值"] == one_decimal(sum(service) / len(service))


def test_notes_say_how_each_figure_was_made_and_who_is_missing(tmp_path):
    result, out = rollup(tmp_path)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    notes = "".join(data["汇总说明"])
    assert "本汇总由12个单位的填报数据生成，其中11个单位填报了全部指标。" in notes
    assert "在校学生为12个单位合计，最高为某某区第二中学（2307人），最低为某某区第一小学（800人）" in notes
    assert "学生体质健康测试优良率按在校学生加权平均" in notes
    assert "课后服务参与率为11个单位简单平均" in notes and "某某区第六小学未填报" in notes
    # the plain mean is a guess about weights: the user is told
    assert "课后服务参与率" in result.output and "简单平均" in result.output
    assert data["单位"] == BUREAU and data["年度"] == 2024


def test_without_a_rules_sheet_a_rate_is_averaged_with_a_warning(tmp_path):
    result, out = rollup(tmp_path, rules=False)
    assert result.exit_code == 0
    assert "学生体质健康测试优良率" in result.output and "汇总规则" in result.output
    rows = school_rows()
    got = metrics_of(out)
    assert got["学生体质健康测试优良率"]["数值"] == one_decimal(sum(r["good"] for r in rows) / 12)


def test_rolled_up_data_renders_as_the_bureau_summary(tmp_path):
    result, out = rollup(tmp_path, "--rank", "学生体质健康测试优良率")
    assert result.exit_code == 0, result.output
    document = open_docx(prepare(out).to_docx())
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "某某区教育局2024年工作总结"
    assert "各单位主要指标汇总表" in texts
    first, second = [t for t in document.tables if t.rows[0].cells[0].text == "单位"]  # 5 metrics: 3 + 2 columns
    header = [c.text for c in first.rows[0].cells]
    assert header == ["单位", "在校学生（人）", "专任教师（人）", "学生体质健康测试优良率（%）"]
    assert len(first.rows) == len(second.rows) == 1 + 12 + 1
    assert [c.text for c in first.rows[-1].cells][:2] == ["全区", "18642"]
    header = [c.text for c in second.rows[0].cells]
    assert header == ["单位", "课后服务参与率（%）", "经费投入（万元）"]
    sixth = [c.text for c in second.rows[6].cells]
    assert sixth[0] == SCHOOLS[5] and sixth[1] == "—"
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text == "名次")
    assert [c.text for c in ranking.rows[1].cells][:2] == ["1", "某某区第二中学"]
    assert len(ranking.rows) == 13


def test_a_row_naming_no_unit_stops_the_rollup(tmp_path):
    rows = school_rows()
    book = write_workbook(tmp_path / "各校数据.xlsx", rows)
    from openpyxl import load_workbook

    wb = load_workbook(book)
    wb["指标"].append(["某某区不存在小学", "在校学生", 500, "人", None, None])
    wb.save(book)
    result = CliRunner().invoke(app, ["rollup", str(book), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "某某区不存在小学" in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_weighting_by_a_metric_a_unit_lacks_is_an_error(tmp_path):
    rows = school_rows()
    book = write_workbook(tmp_path / "各校数据.xlsx", rows)
    from openpyxl import load_workbook

    wb = load_workbook(book)
    wb["汇总规则"].append(["课后服务参与率", "加权平均", "学生数"])
    wb.save(book)
    result = CliRunner().invoke(app, ["rollup", str(book), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "学生数" in result.output and "汇总规则!" in result.output


def test_the_rollup_example_is_what_the_script_and_rollup_make(tmp_path, monkeypatch):
    import runpy

    examples = Path(__file__).resolve().parent.parent / "examples"
    script = runpy.run_path(str(examples / "make_rollup_example.py"))
    script["build"](tmp_path / "batch-district-schools-2024.xlsx")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["rollup", "batch-district-schools-2024.xlsx", "-o", "district-rollup-2024.yaml",
                                      "--rank", "学生体质健康测试优良率", "--charts"])
    assert result.exit_code == 0, result.output
    made = (tmp_path / "district-rollup-2024.yaml").read_text(encoding="utf-8")
    assert made == (examples / "district-rollup-2024.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule, message", [(["在校学生", "乘方", None], "乘方"),
                                           (["学生体质健康测试优良率", "加权平均", None], "权重指标")])
def test_a_bad_rule_names_its_cell(tmp_path, rule, message):
    book = write_workbook(tmp_path / "各校数据.xlsx", school_rows())
    from openpyxl import load_workbook

    wb = load_workbook(book)
    wb["汇总规则"].append(rule)
    wb.save(book)
    result = CliRunner().invoke(app, ["rollup", str(book), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert message in result.output and "汇总规则!" in result.output


def test_units_that_cannot_be_added_stop_the_rollup(tmp_path):
    rows = school_rows()
    book = write_workbook(tmp_path / "各校数据.xlsx", rows)
    from openpyxl import load_workbook

    wb = load_workbook(book)
    wb["指标"].append([SCHOOLS[0], "经费投入", 5, "%", None, None])
    wb["指标"].delete_rows(6)  # the first school's 经费投入 in 万元
    wb.save(book)
    result = CliRunner().invoke(app, ["rollup", str(book), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2 and "计量单位不一致" in result.output


def test_a_rule_of_none_keeps_the_metric_out_of_the_totals(tmp_path):
    book = write_workbook(tmp_path / "各校数据.xlsx", school_rows())
    from openpyxl import load_workbook

    wb = load_workbook(book)
    wb["汇总规则"].append(["专任教师", "不汇总", None])
    wb.save(book)
    out = tmp_path / "x.yaml"
    result = CliRunner().invoke(app, ["rollup", str(book), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert "专任教师" not in {m["指标名称"] for m in data["指标"]}
    assert any(v["指标名称"] == "专任教师" for v in data["各单位指标"])  # still in the per-unit table


def test_unit_table_puts_every_figure_in_its_columns_unit():
    from edureport.templating.filters import unit_matrix

    rows = [{"unit_name": "甲校", "name": "经费投入", "value": 126, "unit": "万元"},
            {"unit_name": "乙校", "name": "经费投入", "value": 1500000, "unit": "元"}]
    table = unit_matrix(rows, [{"name": "经费投入", "value": 276, "unit": "万元"}], "全区")
    assert table == {"header": ["单位", "经费投入（万元）"], "rows": [["甲校", "126"], ["乙校", "150"], ["全区", "276"]]}
    with pytest.raises(ValueError, match="计量单位不一致"):
        unit_matrix(rows + [{"unit_name": "丙校", "name": "经费投入", "value": 3, "unit": "%"}])


def hide_a_schools_metric_rows(path: Path) -> Path:
    """The clerk filtered the 指标 sheet down to some schools: the hidden rows are still summed."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["指标"]
    for row in range(2, 7):  # the first school's five rows
        sheet.row_dimensions[row].hidden = True
    book.save(path)
    return path


def test_hidden_rows_summed_by_the_rollup_are_said(tmp_path):
    book = hide_a_schools_metric_rows(write_workbook(tmp_path / "各校数据.xlsx", school_rows()))
    out = tmp_path / "全区汇总.yaml"
    result = CliRunner().invoke(app, ["rollup", str(book), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "指标：第 2～6 行" in result.output and "隐藏" in result.output
    assert result.output.count("第 2～6 行") == 1  # one fact, said once (not once per unit)
    assert metrics_of(out)["在校学生"]["数值"] == sum(r["students"] for r in school_rows())  # still summed


def test_strict_rollup_stops_on_a_warning_and_writes_nothing(tmp_path):
    book = hide_a_schools_metric_rows(write_workbook(tmp_path / "各校数据.xlsx", school_rows()))
    out = tmp_path / "全区汇总.yaml"
    result = CliRunner().invoke(app, ["rollup", str(book), "-o", str(out), "--strict"])
    assert result.exit_code != 0
    assert "隐藏" in result.output and "--strict" in result.output
    assert not out.exists()


def test_counts_in_the_default_numeric_format_roll_up_as_whole_numbers(tmp_path):
    """Chinese Excel's 数值 format shows 2 decimals: 936.00 students are still 936 students."""
    from openpyxl import load_workbook

    book = write_workbook(tmp_path / "各校数据.xlsx", school_rows())
    workbook = load_workbook(book)
    for row in workbook["指标"].iter_rows(min_row=2):
        row[2].number_format = row[4].number_format = "0.00"
    workbook.save(book)
    out = tmp_path / "全区汇总.yaml"
    result = CliRunner().invoke(app, ["rollup", str(book), "-o", str(out)])
    assert result.exit_code == 0, result.output
    students = metrics_of(out)["在校学生"]
    assert students["数值"] == sum(r["students"] for r in school_rows()) and isinstance(students["数值"], int)
    text = out.read_text(encoding="utf-8")
    assert ".00人" not in text and f"{SCHOOLS[0]}" in text
    units = yaml.safe_load(text)["各单位指标"]
    assert all(isinstance(u["数值"], int) for u in units if u["指标名称"] == "在校学生")
