"""Issue 2: a 工作总结 from YAML into a GB/T 9704 Word document.

Every assertion opens the produced .docx with python-docx and looks at what a
user would see in Word: page set-up, fonts in all four slots, sizes, spacing,
heading numbers, footers and the date.
"""
import io
import re
import zipfile

import pytest
from conftest import EXAMPLES, imprint_table, open_docx
from docx.oxml.ns import qn
from docx.shared import Pt

import edureport
from edureport.templating.registry import get_registry

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUMMARY = EXAMPLES / "school-summary.yaml"


@pytest.fixture(scope="module")
def summary_bytes() -> bytes:
    return edureport.render(SUMMARY)


@pytest.fixture(scope="module")
def doc(summary_bytes):
    return open_docx(summary_bytes)


def run_fonts(run) -> dict:
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return {slot: fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")}


def para_role(paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def test_every_example_renders():
    files = sorted(EXAMPLES.glob("*.yaml"))
    assert files, "examples/ must hold example data"
    for path in files:
        data = edureport.render(path)
        assert data[:2] == b"PK"
        assert len(open_docx(data).paragraphs) > 5, path.name


def test_every_builtin_template_example_renders():
    for spec in get_registry():
        if spec.example_path and spec.example_path.exists():
            assert open_docx(edureport.render(spec.example_path, spec.id)).paragraphs


def test_page_size_and_margins(doc):
    section = doc.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)  # A4
    assert section.top_margin.twips == 2098  # 37 mm
    assert section.bottom_margin.twips == 1984  # 35 mm
    assert section.left_margin.twips == 1588  # 28 mm
    assert section.right_margin.twips == 1474  # 26 mm
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"


def test_body_paragraphs_exact_line_spacing_and_indent(doc):
    body = [p for p in doc.paragraphs if p.text.startswith("学校现有教学班")]
    assert body, "intro paragraph missing"
    fmt = body[0].paragraph_format
    assert fmt.line_spacing == Pt(28.95)
    assert fmt.line_spacing_rule is not None and "EXACTLY" in str(fmt.line_spacing_rule)
    ind = body[0]._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert ind.get(qn("w:firstLine")) == "640"
    assert body[0].alignment is not None and "JUSTIFY" in str(body[0].alignment)


def test_every_run_sets_four_font_slots(doc):
    runs = [r for p in doc.paragraphs for r in p.runs if r.text]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert len(runs) > 50
    for run in runs:
        fonts = run_fonts(run)
        assert all(fonts.values()), (run.text, fonts)
        assert fonts["ascii"] == fonts["hAnsi"] == fonts["cs"] == "Times New Roman"
        assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:hint")) == "eastAsia"


def test_doc_defaults_have_no_theme_fonts(summary_bytes):
    styles = zipfile.ZipFile(io.BytesIO(summary_bytes)).read("word/styles.xml").decode()
    assert "Theme" not in styles  # asciiTheme / eastAsiaTheme would override the fonts


def _first(doc, predicate):
    return next(p for p in doc.paragraphs if predicate(p))


@pytest.mark.parametrize("role, font, size, bold", [
    ("title", "方正小标宋简体", 22, None),
    ("body", "仿宋_GB2312", 16, None),
    ("recipient", "仿宋_GB2312", 16, None),
    ("heading1", "黑体", 16, False),
    ("heading2", "楷体_GB2312", 16, False),
    ("heading3", "仿宋_GB2312", 16, True),
    ("signature", "仿宋_GB2312", 16, None),
])
def test_fonts_and_sizes_by_role(doc, role, font, size, bold):
    finders = {
        "title": lambda p: p.text.startswith("某某区第一实验小学2024年工作总结"),
        "body": lambda p: p.text.startswith("学校现有教学班"),
        "recipient": lambda p: p.text == "区教育局：",
        "heading1": lambda p: p.text == "二、主要工作及成效",
        "heading2": lambda p: p.text.startswith("（二）深化课堂改革"),
        "heading3": lambda p: p.text.startswith("1.推进"),
        "signature": lambda p: p.text == "某某区第一实验小学" and p.alignment is not None,
    }
    paragraph = _first(doc, finders[role])
    run = paragraph.runs[0]
    assert run_fonts(run)["eastAsia"] == font
    assert run.font.size == Pt(size)
    if bold is not None:
        assert bool(run.font.bold) is bold


def test_title_is_centred_with_blank_line_after(doc):
    paragraphs = doc.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text.startswith("某某区第一实验小学2024年"))
    assert "CENTER" in str(paragraphs[index].alignment)
    assert paragraphs[index + 1].text == ""


def test_headings_are_real_word_headings(doc):
    levels = {p.style.name for p in doc.paragraphs if p.text.startswith(("一、", "二、"))}
    assert levels == {"Heading 1"}
    assert _first(doc, lambda p: p.text.startswith("（一）")).style.name == "Heading 2"
    outline = _first(doc, lambda p: p.text.startswith("（一）"))._p.pPr.find(qn("w:outlineLvl"))
    assert outline.get(qn("w:val")) == "1"


def test_heading_numbers_restart_under_each_parent(doc):
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    level1 = [h.split("、")[0] for h in heads if p_level(h) == 1]
    assert level1 == ["一", "二", "三", "四", "五"]
    assert heads[1].startswith("二、主要工作及成效")
    # under 二、: （一）…（四）; under 三、 it restarts at （一）
    index_3 = next(i for i, h in enumerate(heads) if h.startswith("三、"))
    assert heads[index_3 + 1].startswith("（一）以制度建设")
    # level 3 restarts under each （x）
    level3 = [h[:2] for h in heads if re.match(r"^\d\.", h)]
    assert level3 == ["1.", "2.", "3."]
    assert heads[-1].startswith("（三）推进校园改扩建")
    assert any(h.startswith("五、2025年工作打算") for h in heads)


def p_level(text: str) -> int:
    if re.match(r"^[一二三四五六七八九十]+、", text):
        return 1
    if re.match(r"^（[一二三四五六七八九十]+）", text):
        return 2
    if re.match(r"^\d+\.", text):
        return 3
    return 4


def test_runin_heading_continues_in_body_font(doc):
    paragraph = _first(doc, lambda p: p.text.startswith("（一）坚持立德树人"))
    assert paragraph.runs[0].text.endswith("扎实。")
    assert run_fonts(paragraph.runs[0])["eastAsia"] == "楷体_GB2312"
    assert run_fonts(paragraph.runs[1])["eastAsia"] == "仿宋_GB2312"
    assert paragraph.runs[1].text.startswith("以“红领巾”")


def test_points_and_metric_sentences(doc):
    texts = [p.text for p in doc.paragraphs]
    assert "一是建立班主任、德育干事、家长志愿者三级育人网络；二是开设心理健康课程并配备专职心理教师2名；" \
           "三是评选“文明班级”16个、“美德少年”120名。" in texts
    assert "校舍维修投入126万元，较上年增长28.6%。" in texts
    assert "课后服务参与率96.8%，较上年提高3.3个百分点。" in texts


def test_footer_page_numbers_odd_right_even_left(doc, summary_bytes):
    settings = doc.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = doc.sections[0]
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    for paragraph, side in ((odd, "RIGHT"), (even, "LEFT")):
        assert side in str(paragraph.alignment)
        xml = paragraph._p.xml
        assert "PAGE" in xml and "fldChar" in xml
        assert paragraph.runs[0].text == "— " and paragraph.runs[-1].text == " —"
        assert paragraph.runs[0].font.size == Pt(14)
        assert run_fonts(paragraph.runs[0])["eastAsia"] == "宋体"
    assert odd._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "100"
    assert even._p.pPr.find(qn("w:ind")).get(qn("w:leftChars")) == "100"


def test_date_and_signature(doc):
    texts = [p.text for p in doc.paragraphs]
    assert "2024年12月20日" in texts
    org = texts.index("某某区第一实验小学", len(texts) - 6)
    assert texts[org + 1] == "2024年12月20日"
    org_ind = doc.paragraphs[org]._p.pPr.find(qn("w:ind"))
    date_ind = doc.paragraphs[org + 1]._p.pPr.find(qn("w:ind"))
    # org (9 chars) ends 2 chars from the right; the date (7 chars: digits are half width)
    # starts 2 chars right of the org's start, so it ends 2 + 9 - 2 - 7 = 2 chars from the right
    assert org_ind.get(qn("w:rightChars")) == "200"
    assert date_ind.get(qn("w:rightChars")) == "200"


def test_long_date_moves_the_signature_left():
    data = {"org": "某校", "year": 2024, "date": "2024-12-20", "achievements": ["甲。"]}
    doc = open_docx(edureport.render(data, "work-summary"))
    org = _first(doc, lambda p: p.text == "某校" and "RIGHT" in str(p.alignment))
    date = doc.paragraphs[[p._p for p in doc.paragraphs].index(org._p) + 1]
    # the date (7 chars) keeps 2 chars from the right; the org starts 2 chars left of the date: 2 + 7 + 2 - 2 = 9
    assert date._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "200"
    assert org._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "900"


def test_date_formats_without_zero_padding():
    base = {"org": "某学校", "year": 2024, "achievements": ["做了工作。"]}
    for given in ("2024-03-01", "2024年3月1日", "2024/3/1"):
        texts = [p.text for p in open_docx(edureport.render({**base, "date": given}, "work-summary")).paragraphs]
        assert "2024年3月1日" in texts, given


def test_attachment_note_aligns_names(doc):
    first = _first(doc, lambda p: p.text.startswith("附件："))
    assert first.text == "附件：1.某某区第一实验小学2024年主要荣誉一览表"
    nxt = doc.paragraphs[[p._p for p in doc.paragraphs].index(first._p) + 1]
    assert nxt.text == "2.某某区第一实验小学2025年工作计划"
    ind1, ind2 = (p._p.pPr.find(qn("w:ind")) for p in (first, nxt))
    # first line starts 2 chars in; wrapped lines align under the first character of the name
    assert ind1.get(qn("w:leftChars")) == "600" and ind1.get(qn("w:hangingChars")) == "400"
    assert ind2.get(qn("w:leftChars")) == "600" and ind2.get(qn("w:hangingChars")) == "100"


def test_metrics_table(doc):
    table = doc.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["序号", "指标", "单位", "本年", "上年", "增减", "目标", "完成率"]
    assert [c.text for c in table.rows[2].cells][1:] == ["市区级骨干教师", "人", "21", "17", "+23.5%", "20", "105.0%"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    value_cell = table.rows[1].cells[3].paragraphs[0]
    assert "RIGHT" in str(value_cell.alignment)
    header_run = table.rows[0].cells[1].paragraphs[0].runs[0]
    assert run_fonts(header_run)["eastAsia"] == "黑体"
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(widths) == 11906 - 1588 - 1474


def test_xml_specials_and_illegal_characters_are_text():
    data = {
        "org": "A&B <学校> \"引号\" 'x'",
        "year": 2024,
        "intro": ["**不是粗体** # 不是标题 | 不是表格 <b>不是标签</b> & 1. 不是列表\x0b\x0c\x00尾"],
        "achievements": [{"title": "_下划线_ [链接](http://x)", "text": "`代码` \\反斜杠"}],
    }
    texts = [p.text for p in open_docx(edureport.render(data, "work-summary")).paragraphs]
    assert "A&B <学校> \"引号\" 'x'2024年工作总结" in texts
    assert "**不是粗体** # 不是标题 | 不是表格 <b>不是标签</b> & 1. 不是列表尾" in texts
    assert any(t.startswith("（一）_下划线_ [链接](http://x)。`代码` \\反斜杠") for t in texts)


def test_heading_overrides_and_defaults():
    data = {"org": "某学校", "year": 2023, "achievements": ["甲。"], "plans": ["乙。"],
            "章节标题": {"主要成绩": "一年来的主要工作"}}
    texts = [p.text for p in open_docx(edureport.render(data, "work-summary")).paragraphs]
    assert "一、一年来的主要工作" in texts
    assert "二、2024年工作打算" in texts


def test_subtitle_and_imprint():
    data = {"org": "某某区教育局", "year": 2024, "subtitle": "——某某区经验做法", "achievements": ["甲。"],
            "cc": ["市教育局", "区政府办"], "printer": "某某区教育局办公室", "print_date": "2024-12-25"}
    doc = open_docx(edureport.render(data, "work-summary"))
    texts = [p.text for p in doc.paragraphs]
    assert texts[1] == "——某某区经验做法" and texts[2] == ""
    imprint = imprint_table(doc)
    cells = [c.text for row in imprint.rows for c in row.cells]
    assert cells == ["抄送：市教育局，区政府办。", "某某区教育局办公室\t2024年12月25日印发"]


def test_python_api_returns_docx_bytes_from_yaml_text_path_or_dict(tmp_path):
    assert edureport.render(str(SUMMARY))[:2] == b"PK"
    assert edureport.render({"单位": "某学校", "年度": 2024}, "工作总结")[:2] == b"PK"


@pytest.mark.parametrize("title, lines", [
    ("某某区第一实验小学2024年工作总结", ["某某区第一实验小学2024年工作总结"]),
    ("某某区基础教育质量提升三年行动实施方案（2024—2026年）", ["某某区基础教育质量提升三年行动", "实施方案（2024—2026年）"]),
    ("某某区教育局关于义务教育课后服务工作情况的汇报", ["某某区教育局关于义务教育", "课后服务工作情况的汇报"]),
    ("关于2024年度全区中小学教师培训工作情况的汇报", ["关于2024年度全区中小学", "教师培训工作情况的汇报"]),
])
def test_long_titles_break_between_words_into_balanced_lines(title, lines):
    from edureport.core.titles import balance_title

    assert balance_title(title, 20) == lines
    doc = open_docx(edureport.render({"org": "某单位", "year": 2024, "title": title}, "work-summary"))
    assert doc.paragraphs[0].text == "\n".join(lines)  # a line break (w:br) between the lines
