"""edureport batch: one workbook, one document per unit, in parallel; failures stay per unit."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES, open_docx
from typer.testing import CliRunner

from edureport.batch import Settings, chunk_size, chunks, exit_code, plan_batch, render_in_turn, run_batch, unique_targets
from edureport.cli import app
from edureport.core.errors import InputError
from edureport.sources.xlsx_tables import read_tables

UNITS = ["某某区第一小学", "某某区第二小学", "某某区实验中学"]


def batch_workbook(path: Path, units=UNITS, *, bad_value: str | None = None, extra: dict | None = None) -> Path:
    book = openpyxl.Workbook()
    basic = book.active
    basic.title = "基本信息"
    basic.append(["单位", "年度", "文种", "基本情况"])
    for number, unit in enumerate(units):
        basic.append([unit, 2024, "工作总结", f"学校现有教学班{20 + number}个。"])
    achievements = book.create_sheet("主要成绩")
    achievements.append(["单位", "标题", "内容", "上级"])
    for unit in units:
        achievements.append([unit, "课堂改革", f"{unit}推进课堂改革。", None])
        achievements.append([unit, "作业管理", "推行分层作业。", "课堂改革"])
    metrics = book.create_sheet("指标")
    metrics.append(["单位", "指标名称", "数值", "计量单位", "所属"])
    for number, unit in enumerate(units):
        value = bad_value if (bad_value and number == 1) else 900 + number
        metrics.append([unit, "在校学生", value, "人", None])
        metrics.append([unit, "课后服务参与率", 95.5, "%", "作业管理"])
    for name, rows in (extra or {}).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def texts(path: Path) -> list[str]:
    return [p.text for p in open_docx(path.read_bytes()).paragraphs]


@pytest.mark.parametrize("workers", [1, 2])
def test_one_document_per_unit(tmp_path, workers):
    plan = plan_batch(batch_workbook(tmp_path / "b.xlsx"), None, tmp_path / "out")
    results = run_batch(plan, Settings(plan.spec_id), workers)
    assert [r.unit for r in results] == UNITS and all(r.ok for r in results)
    assert exit_code(results) == 0
    for unit in UNITS:
        lines = texts(tmp_path / "out" / f"{unit}.docx")
        assert f"{unit}2024年工作总结" in lines
        assert any(f"{unit}推进课堂改革" in line for line in lines)
        assert not any(other in line for line in lines for other in UNITS if other != unit)


def test_bad_unit_is_reported_and_others_are_written(tmp_path):
    plan = plan_batch(batch_workbook(tmp_path / "b.xlsx", bad_value="900所"), None, tmp_path / "out")
    results = run_batch(plan, Settings(plan.spec_id), 2)
    bad = results[1]
    assert not bad.ok and bad.exit_code == 2 and bad.target is None
    assert "指标!C4" in bad.reason and "计量单位" in bad.reason
    assert not (tmp_path / "out" / f"{UNITS[1]}.docx").exists()
    assert (tmp_path / "out" / f"{UNITS[0]}.docx").exists() and (tmp_path / "out" / f"{UNITS[2]}.docx").exists()
    assert exit_code(results) == 2


def test_render_failure_is_exit_1_and_stays_with_its_unit(tmp_path):
    broken = tmp_path / "templates" / "broken-summary"
    shutil.copytree(Path(__file__).resolve().parent.parent / "templates" / "work-summary", broken)
    meta = broken / "template.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("id: work-summary", "id: broken-summary")
                    .replace("name: 工作总结", "name: 坏的总结"), encoding="utf-8")
    body = broken / "body.md.j2"
    body.write_text(body.read_text(encoding="utf-8").replace(
        "{% block body %}", "{% block body %}{% if org == '某某区实验中学' %}{{ no_such_value }}{% endif %}"),
        encoding="utf-8")
    workbook = batch_workbook(tmp_path / "b.xlsx")
    result = CliRunner().invoke(app, ["batch", str(workbook), "-t", "broken-summary", "--templates-dir",
                                      str(tmp_path / "templates"), "-o", str(tmp_path / "out"), "--jobs", "2"])
    assert result.exit_code == 1, result.output
    assert "no_such_value" in result.output and "生成失败" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([f"{u}.docx" for u in UNITS[:2]] + ["结果.csv"])


def test_cli_closing_table_and_exit_code(tmp_path):
    workbook = batch_workbook(tmp_path / "b.xlsx", bad_value="很多")
    result = CliRunner().invoke(app, ["batch", str(workbook), "-o", str(tmp_path / "out"), "--jobs", "2"])
    assert result.exit_code == 2
    assert "数据有误" in result.output and "已生成" in result.output and "指标!C4" in result.output
    assert "成功 2，失败 1" in result.output


def test_existing_edited_file_is_not_overwritten(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{UNITS[0]}.docx").write_bytes(b"my own notes")
    plan = plan_batch(batch_workbook(tmp_path / "b.xlsx"), None, out)
    results = run_batch(plan, Settings(plan.spec_id), 1)
    assert not results[0].ok and "--force" in results[0].reason and results[1].ok
    assert (out / f"{UNITS[0]}.docx").read_bytes() == b"my own notes"
    forced = run_batch(plan, Settings(plan.spec_id, force=True), 1)
    assert all(r.ok for r in forced)


@pytest.mark.parametrize("workers", [1, 2])
def test_results_keep_workbook_order_while_documents_are_written_behind(tmp_path, workers):
    units = [f"某某区第{number}小学" for number in range(1, 21)]  # chunks of several units each
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{units[5]}.docx").write_bytes(b"my own notes")
    plan = plan_batch(batch_workbook(tmp_path / "b.xlsx", units, bad_value="900所"), None, out)
    results = run_batch(plan, Settings(plan.spec_id), workers)
    assert [r.unit for r in results] == units
    assert results[1].exit_code == 2 and "指标!C4" in results[1].reason
    assert results[5].label == "未覆盖" and (out / f"{units[5]}.docx").read_bytes() == b"my own notes"
    for unit, result in zip(units, results):
        if result.ok:
            assert f"{unit}2024年工作总结" in texts(Path(result.target))
    assert sum(r.ok for r in results) == 18


def test_a_unit_is_reported_once_its_file_is_on_disk(tmp_path):
    plan = plan_batch(batch_workbook(tmp_path / "b.xlsx", [f"某某区第{n}小学" for n in range(1, 7)]), None,
                      tmp_path / "out")
    reported = []

    def report(position, result):
        assert result.ok and Path(result.target).is_file()
        reported.append(position)

    render_in_turn(range(len(plan.jobs)), plan.jobs, Settings(plan.spec_id), plan.workbook, lambda: False, report)
    assert reported == list(range(6))


def test_cli_calls_a_file_in_the_way_not_overwritten_rather_than_bad_data(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{UNITS[0]}.docx").write_bytes(b"my own notes")
    result = CliRunner().invoke(app, ["batch", str(batch_workbook(tmp_path / "b.xlsx")), "-o", str(out)])
    assert result.exit_code == 2
    assert "未覆盖" in result.output and "数据有误" not in result.output
    assert (out / f"{UNITS[0]}.docx").read_bytes() == b"my own notes"


def test_file_names_are_safe_and_distinct(tmp_path):
    units = ["一中/高中部", "一中_高中部", "ABC", "abc", "CON"]
    targets = [p.name for p in unique_targets(units, tmp_path)]
    assert targets == ["一中_高中部.docx", "一中_高中部（2）.docx", "ABC.docx", "abc（2）.docx", "_CON.docx"]
    plan = plan_batch(batch_workbook(tmp_path / "b.xlsx", units=["一中/高中部", "一中_高中部"]), None, tmp_path / "o")
    assert [Path(job.target).name for job in plan.jobs] == ["一中_高中部.docx", "一中_高中部（2）.docx"]


def test_row_of_unknown_unit_is_reported_and_the_units_are_still_written(tmp_path):
    workbook = batch_workbook(tmp_path / "b.xlsx", extra={"存在问题": [["单位", "标题"], ["某某区第一小", "场地紧张"]]})
    book = openpyxl.load_workbook(workbook)
    book["指标"].append(["某某区第二小", "专任教师", 80, "人", None])
    book.save(workbook)
    plan = plan_batch(workbook, None, tmp_path / "out")
    assert [job.name for job in plan.jobs] == UNITS
    places = [p.location for p in plan.stray_rows]
    assert places == ["指标!A8", "存在问题!A2"]
    assert "您是不是要写“某某区第一小学”" in plan.stray_rows[1].format()
    results = run_batch(plan, Settings(plan.spec_id), 1)
    assert all(r.ok for r in results) and exit_code(results, plan.stray_rows) == 2
    assert not any("专任教师" in line for unit in UNITS for line in texts(tmp_path / "out" / f"{unit}.docx"))
    # Defect: the units whose rows were misspelt said 已生成, their documents silently missing the rows
    assert [r.status for r in results] == ["已生成（有警告）", "已生成（有警告）", "已生成"]
    assert results[0].warnings == ["存在问题!A2：这一行没有写进本单位的文件：“单位”写成了“某某区第一小”。"
                                   "若这一行属于本单位，请把“单位”改为“某某区第一小学”后重新生成"]
    assert "指标!A8" in results[1].warnings[0]

    result = CliRunner().invoke(app, ["batch", str(workbook), "-o", str(tmp_path / "cli"), "--jobs", "2"])
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in (tmp_path / "cli").iterdir()) == sorted([f"{u}.docx" for u in UNITS] + ["结果.csv"])
    assert "已生成（有警告）" in result.output and "指标!A8" in result.output and "存在问题!A2" in result.output
    assert "成功 3（其中 2 个有警告），失败 0" in result.output and "无法归属" not in result.output


def test_row_of_unknown_unit_is_reported_together_with_workbook_problems(tmp_path):
    workbook = batch_workbook(tmp_path / "b.xlsx", extra={"存在问题": [["单位", "标题"], ["某某区第一小", "场地紧张"]],
                                                          "主要成就": [["单位", "标题"], [UNITS[0], "x"]]})
    with pytest.raises(InputError) as caught:
        plan_batch(workbook, None, tmp_path / "out")
    assert "主要成就!A1" in str(caught.value) and "存在问题!A2" in str(caught.value)


def test_sheet_without_unit_column_is_reported(tmp_path):
    workbook = batch_workbook(tmp_path / "b.xlsx", extra={"存在问题": [["标题", "内容"], ["场地紧张", "不足"]]})
    with pytest.raises(InputError) as caught:
        plan_batch(workbook, None, tmp_path / "out")
    assert "存在问题!A1" in str(caught.value) and "单位" in str(caught.value)


def test_duplicate_and_empty_unit_rows(tmp_path):
    workbook = batch_workbook(tmp_path / "b.xlsx", units=["甲校", "乙校", "甲校"])
    book = openpyxl.load_workbook(workbook)
    book["基本信息"].append([None, 2024, "工作总结"])
    book.save(workbook)
    plan = plan_batch(workbook, None, tmp_path / "out")  # the rows concern their units only: 乙校 goes on
    assert [job.unit.name for job in plan.jobs] == ["乙校"]
    reported = "\n".join(p.format() for p in plan.stray_rows)
    assert "基本信息!A4" in reported and "基本信息!A2" in reported and "基本信息!A5" in reported
    results = run_batch(plan, Settings(plan.spec_id), 1)
    assert [r.unit for r in results if r.ok] == ["乙校"] and (tmp_path / "out" / "乙校.docx").exists()
    assert not (tmp_path / "out" / "甲校.docx").exists()
    assert exit_code(results, plan.stray_rows) == 2


def test_mixed_template_names_need_one(tmp_path):
    workbook = batch_workbook(tmp_path / "b.xlsx")
    book = openpyxl.load_workbook(workbook)
    book["基本信息"]["C3"] = "实施方案"
    book.save(workbook)
    with pytest.raises(InputError) as caught:
        plan_batch(workbook, None, tmp_path / "out")
    assert "文种" in str(caught.value) and "-t" in str(caught.value)


def test_not_a_workbook(tmp_path):
    data = tmp_path / "a.yaml"
    data.write_text("单位: 甲\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(data)])
    assert result.exit_code == 2 and ".xlsx" in result.output


def test_chunk_size_bounds():
    assert chunk_size(1, 2) == 1 and chunk_size(1000, 2) == 32 and chunk_size(40, 2) == 5


def test_chunks_cover_every_unit_once_in_order_and_shrink_towards_the_end():
    parts = chunks(list(range(1000)), 2)
    assert [p for part in parts for p in part] == list(range(1000))
    sizes = [len(part) for part in parts]
    assert sizes[0] == 32 and sizes[-1] == 1 and sizes == sorted(sizes, reverse=True)


def test_batch_example_workbook(tmp_path):
    example = EXAMPLES / "batch-schools.xlsx"
    result = CliRunner().invoke(app, ["batch", str(example), "-o", str(tmp_path / "out"), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(written) == 5 and "某某区实验中学.docx" in written and "结果.csv" in written
    assert "有警告" not in result.output  # the shipped example is clean
    lines = texts(tmp_path / "out" / "某某区实验中学.docx")
    assert "某某区实验中学2024年工作总结" in lines and "一、主要指标完成情况" in lines


def test_batch_example_is_what_the_script_makes(tmp_path, monkeypatch):
    import runpy

    target = tmp_path / "again.xlsx"
    monkeypatch.setattr("sys.argv", ["make_batch_example.py", str(target)])
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(EXAMPLES / "make_batch_example.py"), run_name="__main__")
    assert done.value.code == 0
    assert read_tables(target).sheets == read_tables(EXAMPLES / "batch-schools.xlsx").sheets


def test_merged_unit_cells_cover_their_rows(tmp_path):
    workbook = batch_workbook(tmp_path / "b.xlsx")
    book = openpyxl.load_workbook(workbook)
    sheet = book["主要成绩"]
    sheet["A3"] = None
    sheet.merge_cells("A2:A3")  # 某某区第一小学 written once for its two rows
    book.save(workbook)
    plan = plan_batch(workbook, None, tmp_path / "out")
    results = run_batch(plan, Settings(plan.spec_id), 1)
    assert all(r.ok for r in results)
    assert any("推行分层作业" in line for line in texts(tmp_path / "out" / f"{UNITS[0]}.docx"))


def test_row_naming_no_unit_at_all_is_listed_as_unassigned(tmp_path):
    workbook = batch_workbook(tmp_path / "b.xlsx", extra={"存在问题": [["单位", "标题"], ["县教育局", "场地紧张"]]})
    result = CliRunner().invoke(app, ["batch", str(workbook), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 2
    assert "无法归属" in result.output and "另有 1 行" in result.output
    assert "无法归属" in (tmp_path / "out" / "结果.csv").read_text(encoding="utf-8-sig")


def test_report_file_lists_every_unit_with_its_status_and_problems(tmp_path):
    import csv

    workbook = batch_workbook(tmp_path / "b.xlsx", bad_value="很多")
    book = openpyxl.load_workbook(workbook)
    book["指标"].append([UNITS[2], "巩固率", 0.97, "%", None])
    book.save(workbook)
    result = CliRunner().invoke(app, ["batch", str(workbook), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 2, result.output
    with open(tmp_path / "out" / "结果.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["单位", "结果", "文件", "问题"]
    by_unit = {row[0]: row for row in rows[1:]}
    assert by_unit[UNITS[0]][1:3] == ["已生成", f"{UNITS[0]}.docx"]
    assert by_unit[UNITS[1]][1] == "数据有误" and "很多" in by_unit[UNITS[1]][3]
    assert by_unit[UNITS[2]][1] == "已生成（有警告）" and "是否应为 97%？" in by_unit[UNITS[2]][3]
    assert "已生成（有警告）" in result.output and "是否应为 97%？" in result.output


def test_strict_batch_writes_no_unit_with_warnings(tmp_path):
    workbook = batch_workbook(tmp_path / "b.xlsx")
    book = openpyxl.load_workbook(workbook)
    book["指标"].append([UNITS[2], "巩固率", 0.97, "%", None])
    book.save(workbook)
    result = CliRunner().invoke(app, ["batch", str(workbook), "-o", str(tmp_path / "out"), "--jobs", "1", "--strict"])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "out" / f"{UNITS[2]}.docx").exists() and (tmp_path / "out" / f"{UNITS[0]}.docx").exists()
    assert "有提示，未生成（--strict）" in (tmp_path / "out" / "结果.csv").read_text(encoding="utf-8-sig")


@pytest.mark.slow
def test_batch_pdf_makes_a_pdf_per_unit(tmp_path):
    from conftest import soffice_available

    if not soffice_available():
        pytest.skip("LibreOffice not installed")
    workbook = batch_workbook(tmp_path / "b.xlsx", units=UNITS[:2])
    result = CliRunner().invoke(app, ["batch", str(workbook), "-o", str(tmp_path / "out"), "--jobs", "1", "--pdf"])
    assert result.exit_code == 0, result.output
    for unit in UNITS[:2]:
        assert (tmp_path / "out" / f"{unit}.pdf").read_bytes().startswith(b"%PDF")
    assert f"{UNITS[0]}.docx\n{UNITS[0]}.pdf" in (tmp_path / "out" / "结果.csv").read_text(encoding="utf-8-sig")


def test_report_never_replaces_a_file_of_the_user(tmp_path):
    from edureport.batch_report import write_report

    out = tmp_path / "out"
    out.mkdir()
    (out / "结果.csv").write_text("我的成绩单\n", encoding="utf-8")
    assert write_report(out, [], []).name == "结果（2）.csv"
    assert (out / "结果.csv").read_text(encoding="utf-8") == "我的成绩单\n"
    assert write_report(out, [], []).name == "结果（2）.csv"  # ours: replaced on the next run


def test_a_worker_told_to_end_lets_the_documents_being_written_finish_first():
    """A writing thread may have made its temporary file without registering it for removal yet:
    the SIGTERM handler waits for the writes (briefly) instead of leaving a .part behind."""
    import threading
    import time

    from edureport.workers import Writes

    pending, finished = Writes(), []
    pending.started()

    def write():
        time.sleep(0.2)
        finished.append(True)
        pending.ended()

    threading.Thread(target=write).start()
    pending.wait(timeout=5)
    assert finished
