"""edureport check: hand-made Word files (built here with python-docx, the way
people make them) are judged paragraph by paragraph; everything edureport
renders passes its own check."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from typer.testing import CliRunner

from edureport.checker import check, describe
from edureport.cli import app
from edureport.pipeline import prepare
from edureport.styles.profile import available_profiles
from edureport.templating.registry import get_registry

ROOT = Path(__file__).resolve().parent.parent

PARAGRAPHS = [  # (role, text, Chinese font, size)
    ("title", "某某区教育局关于做好2024年秋季开学工作的通知", "方正小标宋简体", 22),
    ("blank", "", "仿宋_GB2312", 16),
    ("recipient", "各中小学校：", "仿宋_GB2312", 16),
    ("body", "为切实做好秋季开学各项工作，现将有关事项通知如下。", "仿宋_GB2312", 16),
    ("heading", "一、加强安全检查", "黑体", 16),
    ("body", "开学前各校要对校舍、消防设施开展一次全面排查。", "仿宋_GB2312", 16),
    ("heading", "二、做好教学准备", "黑体", 16),
    ("heading", "（一）落实课程计划", "楷体_GB2312", 16),
    ("body", "严格按照国家课程方案开齐开足课程，体育课优良率较上年提高2.1个百分点。", "仿宋_GB2312", 16),
    ("heading", "（二）准备教材教辅", "楷体_GB2312", 16),
    ("body", "确保课前到书、人手一套。", "仿宋_GB2312", 16),
    ("blank", "", "仿宋_GB2312", 16),
    ("signature", "某某区教育局", "仿宋_GB2312", 16),
    ("date", "2024年8月20日", "仿宋_GB2312", 16),
]


def _east_asia(run_or_style, name: str) -> None:
    rpr = run_or_style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _page_field(paragraph) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph.add_run("— ")
    paragraph._p.append(simple)
    paragraph.add_run(" —")


def _footer(footer, align) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    _page_field(paragraph)
    for run in paragraph.runs:
        run.font.size = Pt(14)
        run.font.name = "宋体"
        _east_asia(run, "宋体")
    paragraph.style.font.size = Pt(14)


def make_docx(paragraphs=PARAGRAPHS, *, east_asia: bool = True, margins=(2098, 1984, 1588, 1474)) -> bytes:
    """A 公文 made by hand in python-docx; correct unless the arguments say otherwise."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (Twips(m) for m in margins)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    if east_asia:
        _east_asia(normal, "仿宋_GB2312")
    normal.font.size = Pt(16)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28.95)
    normal.paragraph_format.space_after = Pt(0)
    doc.settings.odd_and_even_pages_header_footer = True
    _footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    for role, text, font, size in paragraphs:
        paragraph = doc.add_paragraph()
        fmt = paragraph.paragraph_format
        if role == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.line_spacing = Pt(35)
        elif role in ("signature", "date"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.right_indent = Pt(32 if role == "signature" else 16)
        elif role in ("body", "heading"):
            fmt.first_line_indent = Pt(2 * size)
        if text:
            run = paragraph.add_run(text)
            run.font.size = Pt(size)
            if font != "仿宋_GB2312" or not east_asia:
                run.font.name = font  # only the Latin slots, as run.font.name does
                if east_asia:
                    _east_asia(run, font)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def replaced(index: int, **changes) -> list:
    """PARAGRAPHS with paragraph ``index`` (0-based) changed."""
    rows = [list(p) for p in PARAGRAPHS]
    keys = ("role", "text", "font", "size")
    for key, value in changes.items():
        rows[index][keys.index(key)] = value
    return [tuple(r) for r in rows]


def errors_at(report, paragraph: int, rule: str):
    return [f for f in report.errors if f.paragraph == paragraph and f.rule == rule]


def test_correct_hand_made_file_passes():
    report = check(make_docx())
    assert report.errors == [], report.format_text()
    assert report.ok


def test_wrong_margins_are_errors_in_page_setup():
    report = check(make_docx(margins=(1440, 1440, 1814, 1814)))
    margins = [f for f in report.errors if f.rule == "page"]
    assert {f.message for f in margins} == {"上页边距不符", "下页边距不符", "左页边距不符", "右页边距不符"}
    left = next(f for f in margins if f.message.startswith("左"))
    assert left.expected == "28毫米" and left.found == "32毫米"
    assert left.location == "页面设置"


def test_latin_only_fonts_leave_chinese_in_the_theme_font():
    report = check(make_docx(east_asia=False))
    body = errors_at(report, 4, "font")
    assert body, report.format_text()
    assert body[0].expected == "仿宋_GB2312"
    assert body[0].found.startswith("主题字体")
    assert "应为仿宋_GB2312，实际为主题字体" in describe(body[0])
    heading = errors_at(report, 5, "font")
    assert heading and heading[0].expected == "黑体" and "主题字体" in heading[0].found


def test_wrong_font_and_size_flagged_at_their_paragraph():
    report = check(make_docx(replaced(7, font="宋体", size=14)))
    font = errors_at(report, 8, "font")
    size = errors_at(report, 8, "size")
    assert font and font[0].expected == "楷体_GB2312" and font[0].found == "宋体"
    assert size and size[0].expected == "三号（16磅）" and size[0].found == "四号（14磅）"
    assert not [f for f in report.errors if f.paragraph not in (8, None)], report.format_text()


def test_title_size_and_similar_font():
    report = check(make_docx(replaced(0, size=18)))
    assert errors_at(report, 1, "size")[0].found == "小二（18磅）"
    report = check(make_docx(replaced(3, font="仿宋")))
    assert report.ok
    assert [f for f in report.warnings if f.paragraph == 4 and f.rule == "font"][0].found == "仿宋"


def test_numbering_gap_is_flagged_at_the_heading():
    report = check(make_docx(replaced(6, text="三、做好教学准备")))
    gap = errors_at(report, 7, "numbering")
    assert gap and gap[0].expected == "“二、”" and gap[0].found == "“三、”"
    assert "不连续" in gap[0].message


def test_second_level_restarts_under_each_first_level_and_wrong_form():
    rows = PARAGRAPHS[:8] + [("heading", "（三）落实课程计划", "楷体_GB2312", 16)] + PARAGRAPHS[8:]
    report = check(make_docx(rows))
    assert errors_at(report, 9, "numbering")[0].expected == "“（二）”"
    report = check(make_docx(replaced(4, text="一.加强安全检查")))
    assert errors_at(report, 5, "numbering")[0].expected == "“一、”"


def test_zero_padded_date_is_an_error_at_the_date_line():
    report = check(make_docx(replaced(13, text="2024年08月20日")))
    date = errors_at(report, 14, "date")
    assert date and date[0].expected == "2024年8月20日" and date[0].found == "2024年08月20日"
    report = check(make_docx(replaced(13, text="二〇二四年八月二十日")))
    assert errors_at(report, 14, "date")[0].expected == "2024年8月20日"


def test_half_width_comma_between_chinese_is_flagged():
    report = check(make_docx(replaced(5, text="开学前各校要对校舍,消防设施开展一次全面排查。")))
    comma = errors_at(report, 6, "punctuation")
    assert comma and comma[0].found == "半角“,”" and comma[0].expected == "全角“，”"
    assert "校舍,消防" in comma[0].snippet


def test_half_width_colon_closing_chinese_text_is_flagged():
    report = check(make_docx(replaced(2, text="各中小学校:")))
    colon = errors_at(report, 3, "punctuation")
    assert colon and colon[0].found == "半角“:”" and colon[0].expected == "全角“：”"
    report = check(make_docx(replaced(3, text="现将有关事项通知如下:")))
    assert errors_at(report, 4, "punctuation")


def test_half_width_comma_between_numbers_is_fine():
    report = check(make_docx(replaced(5, text="全年投入1,260,000元用于维修。")))
    assert not [f for f in report.findings if f.rule == "punctuation"]


def test_percent_for_a_change_in_a_rate_is_a_warning():
    report = check(make_docx(replaced(8, text="体育课优良率提高了2.1%，学生人数较上年增长3.5%。")))
    percent = [f for f in report.findings if f.rule == "percent"]
    assert len(percent) == 1
    assert percent[0].severity == "warning" and percent[0].paragraph == 9
    assert percent[0].found == "“提高了2.1%”" and percent[0].expected == "“提高了2.1个百分点”"


def test_missing_first_line_indent_is_an_error():
    doc = Document(io.BytesIO(make_docx()))
    doc.paragraphs[5].paragraph_format.first_line_indent = Pt(0)
    buffer = io.BytesIO()
    doc.save(buffer)
    report = check(buffer.getvalue())
    indent = errors_at(report, 6, "indent")
    assert indent and indent[0].found == "无缩进"


def test_missing_page_number_is_an_error(tmp_path):
    doc = Document(io.BytesIO(make_docx()))
    for footer in (doc.sections[0].footer, doc.sections[0].even_page_footer):
        for p in footer.paragraphs:
            p._p.getparent().remove(p._p)
    buffer = io.BytesIO()
    doc.save(buffer)
    report = check(buffer.getvalue())
    assert any(f.rule == "page_number" and f.severity == "error" for f in report.findings)


def test_cli_exit_codes_and_json(tmp_path):
    runner = CliRunner()
    good, bad = tmp_path / "good.docx", tmp_path / "bad.docx"
    good.write_bytes(make_docx())
    bad.write_bytes(make_docx(replaced(13, text="2024年08月20日")))
    assert runner.invoke(app, ["check", str(good)]).exit_code == 0
    result = runner.invoke(app, ["check", str(bad), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert data["errors"] == 1 and errors[0]["paragraph"] == 14 and errors[0]["rule"] == "date"
    broken = tmp_path / "broken.docx"
    broken.write_text("not a zip")
    result = runner.invoke(app, ["check", str(broken)])
    assert result.exit_code == 2 and "无法读取" in result.output
    assert runner.invoke(app, ["check", str(tmp_path / "missing.docx")]).exit_code == 2


def _rendered_documents():
    try:
        specs = list(get_registry())
    except Exception as exc:  # a broken template must fail a test, not the collection of this file
        yield pytest.param("registry", None, None, None, id=f"registry-{type(exc).__name__}")
        specs = []
    for spec in specs:
        if spec.example_path and spec.example_path.is_file():
            yield pytest.param(f"template:{spec.id}", spec.example_path, spec.id, None, id=f"template-{spec.id}")
    for path in sorted((ROOT / "examples").iterdir()):
        if path.suffix.lower() in (".yaml", ".yml", ".json", ".xlsx") and not path.name.startswith("batch-"):
            yield pytest.param(f"examples/{path.name}", path, None, None, id=f"examples-{path.stem}")
    for style in available_profiles():
        yield pytest.param(f"--style {style}", ROOT / "examples" / "school-summary.yaml", None, style,
                           id=f"style-{style}")


@pytest.mark.parametrize("label,path,template,style", list(_rendered_documents()))
def test_everything_edureport_renders_passes_its_own_check(label, path, template, style):
    if path is None:
        get_registry()  # the template registry itself is broken: show why
    rendered = prepare(path, template, style=style)
    report = check(rendered.to_docx(), rendered.profile)
    assert report.errors == [], f"{label}:\n{report.format_text()}"


def _numbering(doc, levels: list[tuple[str, str]]) -> str:
    """Add a multilevel list (numFmt, lvlText per level) to the document; returns its numId."""
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for index, (fmt, text) in enumerate(levels):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(index))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return "90"


def _number(paragraph, num_id: str, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", str(level)), ("w:numId", num_id)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        num_pr.append(child)
    ppr.insert(0, num_pr)


def test_automatically_numbered_headings_are_read_like_typed_ones():
    doc = Document(io.BytesIO(make_docx()))
    num_id = _numbering(doc, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")])
    headings = {4: 0, 6: 0, 7: 1, 9: 1}  # paragraph index → list level
    for index, level in headings.items():
        paragraph = doc.paragraphs[index]
        run = paragraph.runs[0]
        run.text = run.text.split("、", 1)[-1].split("）", 1)[-1]  # the number now comes from the list
        _number(paragraph, num_id, level)
    doc.paragraphs[9].runs[0].font.name = "宋体"
    doc.paragraphs[9].runs[0].element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    buffer = io.BytesIO()
    doc.save(buffer)
    report = check(buffer.getvalue())
    assert not [f for f in report.findings if f.rule == "numbering"], report.format_text()
    font = errors_at(report, 10, "font")
    assert font and font[0].expected == "楷体_GB2312", report.format_text()
    assert [f.paragraph for f in report.errors] == [10]


@pytest.mark.parametrize("workbook", sorted((ROOT / "examples").glob("batch-*.xlsx")), ids=lambda p: p.stem)
def test_every_document_of_a_batch_example_passes_its_own_check(workbook, tmp_path):
    result = CliRunner().invoke(app, ["batch", str(workbook), "-o", str(tmp_path), "-j", "1"])
    assert result.exit_code == 0, result.output
    produced = sorted(tmp_path.rglob("*.docx"))
    assert produced
    for path in produced:
        report = check(path)
        assert report.errors == [], f"{path.name}:\n{report.format_text()}"


def test_front_matter_before_the_title_does_not_hide_the_title():
    rows = [("front", "000123", "仿宋_GB2312", 16), ("front", "特急", "黑体", 16)] + PARAGRAPHS
    report = check(make_docx(rows))
    assert report.errors == [], report.format_text()
    report = check(make_docx([rows[0], rows[1]] + replaced(0, font="黑体")))
    assert errors_at(report, 3, "font")[0].expected == "方正小标宋简体"
