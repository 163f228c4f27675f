"""Style profiles are a checked format: office units accepted, every unknown role, key or value an error
at file:line with a suggestion; line spacing set once; a reference table generated from the code."""
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, open_docx
from docx.oxml.ns import qn

from edureport.checker import check
from edureport.core.errors import InputError
from edureport.pipeline import render
from edureport.styles.profile import load_profile
from edureport.styles.schema import line_pt, reference_table, size_pt

DOCS = Path(__file__).resolve().parent.parent / "docs" / "template-authoring.md"


def _style(tmp_path, body: str, name: str = "house") -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"name: {name}\nextends: gbt9704\n{body}", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("value, pt", [("三号", 16), ("小四", 12), ("初号", 42), ("八号", 5), (16, 16), ("16磅", 16)])
def test_size_names(value, pt):
    assert size_pt(value) == pt


@pytest.mark.parametrize("value, pt", [("固定值28磅", 28), ("28.95磅", 28.95), (28.95, 28.95), ("579缇", 28.95)])
def test_line_spacing_as_offices_write_it(value, pt):
    assert line_pt(value) == pytest.approx(pt)


def test_office_units_in_a_profile(tmp_path):
    profile = load_profile(_style(tmp_path, "roles:\n  body: {size: 小三, indent: 2字, bold: 否, align: 两端对齐}\n"
                                            "  title: {line: 固定值36磅}\npage:\n  margin_top: 37mm\n"))
    body = profile.role("body")
    assert (body.size, body.indent, body.bold, body.align) == (15, 2, False, "both")
    assert profile.role("title").line == 36
    assert profile.page["margin_top"] == 2098


@pytest.mark.parametrize("body, line, message, suggestion", [
    ("roles:\n  heading_1: {font: 黑体}\n", 4, "未知的角色“heading_1”", "heading1"),
    ("roles:\n  body:\n    font_size: 16\n", 5, "角色“body”中没有“font_size”", "size"),
    ("roles:\n  body: {size: 三呺}\n", 4, "body.size的值“三呺”无法识别", "三号"),
    ("roles:\n  body: {bold: 可能}\n", 4, "body.bold的值“可能”无法识别", ""),
    ("roles:\n  body: {font: 仿宋GB2312}\n", 4, "body.font的值“仿宋GB2312”无法识别", "仿宋_GB2312"),
    ("rolse:\n  body: {size: 16}\n", 3, "未知的样式项“rolse”", "roles"),
    ("page:\n  margin_up: 2000\n", 4, "页面设置中没有“margin_up”", "margin_top"),
])
def test_faults_are_errors_at_file_and_line(tmp_path, body, line, message, suggestion):
    path = _style(tmp_path, body)
    with pytest.raises(InputError) as caught:
        load_profile(path)
    text = str(caught.value)
    assert message in text and f"{path}:{line}" in text and suggestion in text, text


def test_several_faults_reported_together(tmp_path):
    with pytest.raises(InputError) as caught:
        load_profile(_style(tmp_path, "roles:\n  body: {size: 三呺, bold: 可能}\n"))
    assert len(caught.value.problems) == 2


def test_line_spacing_set_once_is_followed_by_every_role(tmp_path):
    profile = load_profile(_style(tmp_path, "line: 30\n"))
    assert {profile.role(r).line for r in ("body", "heading1", "heading2", "recipient", "signature")} == {30}
    assert profile.role("title").line == 35 and profile.role("table").line == 22  # their own
    assert profile.page["line_pitch"] == 600 and profile.page["lines_per_page"] == 21
    doc = open_docx(render(EXAMPLES / "school-summary.yaml", style=str(tmp_path / "house.yaml")))
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "600"
    heading = next(p for p in doc.paragraphs if p.style.name.startswith("Heading"))
    assert heading.paragraph_format.line_spacing.pt == 30


def test_check_notices_a_different_line_spacing(tmp_path):
    docx = render(EXAMPLES / "school-summary.yaml", style=_style(tmp_path, "line: 40\n", "wide"))
    findings = [f for f in check(docx).findings if f.rule == "line"]
    assert findings and "固定值28.95磅" in findings[0].expected and "40" in findings[0].found
    assert [f for f in check(docx, str(tmp_path / "wide.yaml")).findings if f.rule == "line"] == []


def test_builtin_profiles_load():
    for name in ("gbt9704", "gbt9704-redhead", "zh-hant"):
        assert load_profile(name).role("body").line == 28.95


def test_reference_table_in_the_docs_is_current():
    text = DOCS.read_text(encoding="utf-8")
    table = re.search(r"<!-- style-reference:start -->\n(.*?)\n<!-- style-reference:end -->", text, re.S).group(1)
    assert table == reference_table(), "docs/template-authoring.md: 样式参考表已过时，请用 reference_table() 重新生成"


@pytest.mark.parametrize("body, line, message, expected", [
    ("roles:\n  body: {indent: 50}\n", 4, "body.indent的值“50”超出允许范围", "-20～40 字"),
    ("roles:\n  title: {blank_after: 20}\n", 4, "title.blank_after的值“20”超出允许范围", "0～10 行"),
    ("roles:\n  body: {char_spacing: 12磅}\n", 4, "body.char_spacing的值“12磅”超出允许范围", "-10～10 磅"),
    ("page:\n  width: 100\n", 4, "page.width的值“100”超出允许范围", "2000～40000 缇"),
    ("page:\n  margin_top: 900mm\n", 4, "page.margin_top的值“900mm”超出允许范围", "0～20000 缇"),
    ("numbering: 一、\n", 3, "numbering的值“一、”无法识别", "各级标题序号的列表"),
    ("roles:\n  body: {size: 500}\n", 4, "body.size的值“500”超出允许范围", "1～200 磅之间的字号"),
])
def test_values_out_of_range_are_errors_at_file_and_line(tmp_path, body, line, message, expected):
    """One checker: a value beyond its range is reported like any other fault, at the line that wrote it."""
    path = _style(tmp_path, body)
    with pytest.raises(InputError) as caught:
        load_profile(path)
    assert [p.location for p in caught.value.problems] == [f"{path}:{line}"]
    assert message in str(caught.value) and expected in str(caught.value), str(caught.value)


def test_margins_wider_than_the_page_point_at_the_file_that_set_them(tmp_path):
    """Checked on the merged profile (the width comes from gbt9704), reported where the margin was written."""
    path = _style(tmp_path, "page:\n  margin_top: 37mm\n  margin_left: 10000\n")
    with pytest.raises(InputError) as caught:
        load_profile(path)
    (problem,) = caught.value.problems
    assert problem.location == f"{path}:5" and "左右白边之和" in problem.message
    assert "10000 + 1474" in problem.found


def test_a_profile_of_its_own_needs_every_part(tmp_path):
    path = tmp_path / "bare.yaml"
    path.write_text("name: bare\npage:\n  width: 210mm\n  height: 297mm\nroles:\n  body: {size: 三号}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(str(path))
    found = {p.message: p.location for p in caught.value.problems}
    assert found["样式文件缺少“numbering”部分"] == str(path)
    assert found["样式文件的 page 中缺少“margin_top”"] == f"{path}:2"
    assert len(found) == 5  # numbering and the four margins


def test_an_unknown_parent_style_is_named_at_its_extends_line(tmp_path):
    path = tmp_path / "house.yaml"
    path.write_text("name: house\nextends: gbt9740\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(str(path))
    assert caught.value.problems[0].location == f"{path}:2" and "找不到样式“gbt9740”" in str(caught.value)
