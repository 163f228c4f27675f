"""The pieces every stage shares: did-you-mean hints, the problem's place, list splitting,
characters Word cannot hold and the check that a file is ours to replace."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from edureport.cli import app
from edureport.core.errors import Place, Problem
from edureport.core.suggest import WRITE, suggest
from edureport.pipeline import prepare
from edureport.writers import ooxml
from edureport.writers.ownership import FOREIGN, OURS, check_target, ownership

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("word, choices, hint", [
    ("年份", ["年度", "单位"], "您是不是要用“年度”？"),  # two Chinese characters, one shared
    ("rendr", ["render", "validate"], "您是不是要用“render”？"),
    ("标题", ["单位", "年度"], ""),
])
def test_suggest_offers_the_close_choice_only(word, choices, hint):
    assert suggest(word, choices) == hint


def test_suggest_words_data_and_names_alike_in_every_command(tmp_path, monkeypatch):
    assert suggest("主要成就", ["主要成绩"], verb=WRITE) == "您是不是要写“主要成绩”？"
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text("单位: 学校\n年度: 2024\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["render", "x.yaml", "-t", "工作总结", "--style", "gbt970"])
    assert result.exit_code == 2 and "您是不是要用“gbt9704”？" in result.output


@pytest.mark.parametrize("location, place", [
    ("data.yaml:12:5", Place(file="data.yaml", line=12, col=5)),
    ("模板/body.md.j2:3", Place(file="模板/body.md.j2", line=3)),
    ("重点任务!C4", Place(sheet="重点任务", cell="C4")),
    ("基本信息!B", Place(sheet="基本信息", cell="B")),
    ("第12段", Place(text="第12段")),
    ("", Place()),
])
def test_problem_place_has_its_parts(location, place):
    assert Problem("错", location=location).place == place


def test_problem_from_data_names_its_field_in_chinese():
    from edureport.core.errors import InputError

    with pytest.raises(InputError) as error:
        prepare({"单位": "学校", "年度": "明年"}, "工作总结")
    problem = error.value.problems[0]
    assert (problem.path, problem.severity) == ("year", "error")
    assert "“年度”" in problem.format() and "year" not in problem.format()  # the English path: JSON only


def test_a_list_reads_the_same_from_yaml_as_from_an_excel_cell():
    """Several lines: one item per line (an item may hold 、); one line: split on 、；;"""
    data = prepare({"单位": "学校", "年度": 2024, "抄送": "区委办、区政府办；区人大办;区政协办",
                    "附件": "2024年工作要点、任务分工表\n经费预算表"}, "工作总结").data
    assert data["cc"] == ["区委办", "区政府办", "区人大办", "区政协办"]
    assert data["attachments"] == ["2024年工作要点、任务分工表", "经费预算表"]


@pytest.mark.parametrize("char", ["\x01", "\x0c", "\x7f", "\x9f", "\ufffe"])
def test_the_writer_drops_what_intake_drops(char):
    assert ooxml.text(f"前{char}后") == "前后"


def test_every_format_we_write_is_recognised_as_ours(tmp_path):
    rendered = prepare(ROOT / "examples" / "school-summary.yaml")
    docx = tmp_path / "a.docx"
    docx.write_bytes(rendered.to_docx())
    from edureport.core.fingerprint import PDF_STAMP, stamp
    from edureport.writers.html import stamped, write_html

    html = tmp_path / "a.html"
    html.write_bytes(stamped(write_html(rendered.document, rendered.profile)))  # as render -f html writes it
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(stamp(b"%PDF-1.7\n...\n/Producer (LibreOffice 7.4)\n%%EOF", *PDF_STAMP))  # as --pdf places it
    assert [ownership(p) for p in (docx, html, pdf)] == [OURS, OURS, OURS]
    for path in (docx, html, pdf):
        check_target(path, force=False)  # ours: may be replaced
    html.write_text("<p>我的网页</p>", encoding="utf-8")
    pdf.write_bytes(b"%PDF-1.7 scanned")
    assert [ownership(p) for p in (html, pdf)] == [FOREIGN, FOREIGN]
    with pytest.raises(Exception, match="不是 edureport 生成的"):
        check_target(html, force=False)
