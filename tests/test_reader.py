"""`edureport format`: the reader corpus (tests/corpus.py) comes out as 公文 that pass `check`,
with the text unchanged except for the listed fixes."""
import io
import struct
import zlib

import corpus
import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from edureport.checker import check
from edureport.document.model import Document, Heading, Run, Signature, Table
from edureport.document.passes import number_headings
from edureport.readers.fixes import apply_edits, arabic_date, date_edits, edit_text, fix_names, punctuation_edits
from edureport.readers.formatting import format_document

TEXTS = corpus.texts()


def _plan_with_table():
    plan = list(TEXTS["plan"])
    at = next(i for i, e in enumerate(plan) if e[0] == "signature")
    plan.insert(at, ["attachment", "附件：重点任务分工表"])
    return corpus.expected_text(plan, TEXTS["division_table"])


CASES = {
    "normal_direct": (lambda: corpus.normal_direct(TEXTS["summary"]), None, lambda: corpus.expected_text(TEXTS["summary"])),
    "word_numbered": (lambda: corpus.word_numbered(TEXTS["summary"]), None, lambda: corpus.expected_text(TEXTS["summary"])),
    "word_numbered_plan": (lambda: corpus.word_numbered(TEXTS["plan"]), None, lambda: corpus.expected_text(TEXTS["plan"])),
    "soft_breaks": (lambda: corpus.soft_breaks(TEXTS["summary"]), None, lambda: corpus.expected_text(TEXTS["summary"])),
    "table_heavy": (lambda: corpus.table_heavy(TEXTS["plan"], TEXTS["division_table"]), None, _plan_with_table),
    "traditional": (lambda: corpus.normal_direct(TEXTS["traditional"]), "zh-hant",
                    lambda: corpus.expected_text(TEXTS["traditional"])),
    "redhead": (lambda: corpus.redhead(TEXTS["redhead"]), None, lambda: corpus.expected_text(TEXTS["redhead"])),
    "pandoc_like": (lambda: corpus.pandoc_like(TEXTS["plan"]), None, lambda: corpus.expected_text(TEXTS["plan"])),
}


@pytest.mark.parametrize("name", CASES)
def test_corpus_document_formats_to_a_clean_gongwen_with_the_same_text(name):
    build, style, expected = CASES[name]
    result = format_document(build(), style)
    assert check(result.data, style).errors == []
    assert corpus.document_text(result.data) == expected()


def test_messy_input_really_differs_and_every_fix_is_listed():
    data = corpus.normal_direct(TEXTS["plan"])
    assert corpus.document_text(data) != corpus.expected_text(TEXTS["plan"])
    result = format_document(data)
    kinds = {c.fix for c in result.reading.changes}
    assert kinds == {"punctuation", "dates", "spaces", "numbers"}
    report = "\n".join(result.lines())
    assert "[标点]" in report and "[日期]" in report and "[空格]" in report and "“(一)” → “（一）”" in report
    assert "“1、” → “1.”" in report
    assert "排版后检查：0处错误" in report


def test_typed_and_word_generated_numbers_read_the_same():
    typed = format_document(corpus.normal_direct(TEXTS["summary"])).reading.document
    generated = format_document(corpus.word_numbered(TEXTS["summary"])).reading.document
    assert [(h.level, h.number, h.text) for h in typed.headings()] == \
        [(h.level, h.number, h.text) for h in generated.headings()]
    assert typed.headings()[1].number == "（一）" and typed.headings()[1].text == "实施“四大工程”，推进义务教育均衡发展"


def test_output_uses_the_profile_fonts_in_all_four_slots():
    result = format_document(corpus.normal_direct(TEXTS["summary"]))
    document = docx.Document(io.BytesIO(result.data))
    body = next(p for p in document.paragraphs if p.text.startswith("2024年，我区"))
    fonts = body.runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert {fonts.get(qn(s)) for s in ("w:ascii", "w:hAnsi", "w:cs")} == {"Times New Roman"}
    assert body.runs[0].font.size.pt == 16


@pytest.mark.parametrize("keep, mark", [({"punctuation"}, ",在"), ({"dates"}, "2024年03月")])
def test_a_fix_switched_off_is_not_made(keep, mark):
    data = corpus.normal_direct([["body", "经评估，在2024年3月的监测中位列第一。"]])
    kept = format_document(data, keep=keep)
    made = format_document(data)
    assert mark in corpus.document_text(kept.data)
    assert mark not in corpus.document_text(made.data)
    assert not any(c.fix in keep for c in kept.reading.changes)


def test_fix_names_accept_chinese_and_english_and_refuse_others():
    assert fix_names(["标点,日期", "spaces"]) == {"punctuation", "dates", "spaces"}
    with pytest.raises(ValueError, match="颜色"):
        fix_names(["颜色"])


def test_punctuation_is_never_changed_in_numbers_urls_or_english():
    for text in ("共1,200人，比例3:1", "网址https://www.example.com/a,b?x=1", "使用 Python, Excel and Word 制作",
                 "代码 f(x, y) 不变"):
        assert punctuation_edits(text) == [], text
    assert edit_text("我区,全力推进(重点)工作;成效明显", punctuation_edits("我区,全力推进(重点)工作;成效明显")) == \
        "我区，全力推进（重点）工作；成效明显"


def test_dates_lose_their_zero_padding_and_chinese_numerals():
    assert edit_text("于2024年03月01日召开", date_edits("于2024年03月01日召开")) == "于2024年3月1日召开"
    assert edit_text("12月05日至10月10日", date_edits("12月05日至10月10日")) == "12月5日至10月10日"
    assert date_edits("共03月") == [] and date_edits("2024年10月1日") == []
    assert arabic_date("二〇二四年三月一日") == "2024年3月1日"


def test_edits_keep_each_runs_formatting():
    runs = [Run("重点,", bold=True), Run("工作;", italic=True)]
    fixed = apply_edits(runs, punctuation_edits("重点,工作;"))
    assert [(r.text, r.bold, r.italic) for r in fixed] == [("重点，", True, False), ("工作；", False, True)]


def _numbered(headings: list[str]) -> bytes:
    return corpus.normal_direct([["title", "关于做好有关工作的通知"]] + [["h1", h] for h in headings] +
                                [["body", "正文内容。"]])


def test_numbering_gap_is_reported_and_renumbered_only_on_request():
    data = _numbered(["一、总体要求", "三、重点任务"])
    kept = format_document(data)
    assert any("不连续" in line and "--renumber" in line for line in kept.reading.numbering)
    assert "三、重点任务" in corpus.document_text(kept.data)
    renumbered = format_document(data, renumber=True)
    assert "二、重点任务" in corpus.document_text(renumbered.data)
    assert check(renumbered.data).errors == []


def test_level_jump_is_reported():
    data = corpus.normal_direct([["title", "通知"], ["h1", "一、总体要求"], ["h3", "1.指导思想"], ["body", "正文。"]])
    assert any("层级跳跃" in line for line in format_document(data).reading.numbering)


def test_heading_read_from_a_file_keeps_its_number_when_numbered():
    document = Document([Heading(1, [Run("甲")], source_number=3), Heading(1, [Run("乙")])])
    number_headings(document, ["{cn}、", "（{cn}）"])
    assert [h.number for h in document.headings()] == ["三、", "四、"]


def _docx_with_body_xml(xml: str) -> bytes:
    document = docx.Document()
    document.add_paragraph("关于某项工作的报告").alignment = 1
    document.element.body.insert(1, parse_xml(xml))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_tracked_changes_are_accepted_and_said_so():
    data = _docx_with_body_xml(
        f'<w:p {nsdecls("w")}><w:r><w:t>全年新建学校</w:t></w:r>'
        '<w:ins w:id="1" w:author="a"><w:r><w:t>5所，</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>3所，</w:delText></w:r></w:del>'
        '<w:r><w:t>新增学位2700个。</w:t></w:r></w:p>')
    result = format_document(data)
    assert "全年新建学校5所，新增学位2700个。" in corpus.document_text(result.data)
    assert any("修订" in note and "接受" in note for note in result.reading.notes)


def test_field_result_text_is_kept():
    data = _docx_with_body_xml(
        f'<w:p {nsdecls("w")}><w:r><w:t>详见第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页。</w:t></w:r></w:p>')
    assert "详见第3页。" in corpus.document_text(format_document(data).data)


def test_comments_are_left_out_with_a_note():
    document = docx.Document()
    document.add_paragraph("关于某项工作的报告").alignment = 1
    paragraph = document.add_paragraph("全年新建学校5所。")
    document.add_comment(paragraph.runs, text="数字请核实", author="审稿人")
    buffer = io.BytesIO()
    document.save(buffer)
    result = format_document(buffer.getvalue())
    assert "数字请核实" not in corpus.document_text(result.data)
    assert "全年新建学校5所。" in corpus.document_text(result.data)
    assert any("批注1条" in note for note in result.reading.notes)


def _png(width: int = 4, height: int = 3) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_pictures_are_kept_in_place():
    document = docx.Document()
    document.add_paragraph("关于某项工作的报告").alignment = 1
    document.add_paragraph("校园面貌如下图所示。")
    document.add_picture(io.BytesIO(_png()), width=docx.shared.Cm(5))
    document.add_paragraph("图后的段落。")
    buffer = io.BytesIO()
    document.save(buffer)
    result = format_document(buffer.getvalue())
    out = docx.Document(io.BytesIO(result.data))
    assert len(out.inline_shapes) == 1
    assert abs(out.inline_shapes[0].width.cm - 5) < 0.01
    texts = [p.text for p in out.paragraphs if p.text or p._p.findall(f".//{qn('w:drawing')}")]
    at = texts.index("")
    assert texts[at - 1] == "校园面貌如下图所示。" and texts[at + 1] == "图后的段落。"
    assert check(result.data).errors == []


def test_inline_emphasis_is_kept():
    document = docx.Document()
    document.add_paragraph("关于某项工作的报告").alignment = 1
    p = document.add_paragraph("这一点")
    p.add_run("必须").italic = True
    run = p.add_run("落实")
    run.underline = True
    run.font.color.rgb = docx.shared.RGBColor(0xC0, 0, 0)
    p.add_run("到位。").bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    out = docx.Document(io.BytesIO(format_document(buffer.getvalue()).data))
    runs = {r.text: r for p in out.paragraphs for r in p.runs}
    assert runs["必须"].italic and runs["落实"].underline and str(runs["落实"].font.color.rgb) == "C00000"
    assert runs["到位。"].bold and not runs["这一点"].bold


def test_merged_cells_are_kept():
    document = docx.Document()
    document.add_paragraph("分工表").alignment = 1
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate([["任务", "牵头单位", "时限"], ["甲", "教务处", "3月"], ["乙", "", "4月"],
                             ["合计", "", ""]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 1).merge(table.cell(2, 1))
    table.cell(3, 0).merge(table.cell(3, 2))
    buffer = io.BytesIO()
    document.save(buffer)
    result = format_document(buffer.getvalue())
    assert result.reading.document.blocks[-1].merged == [(1, 1, 2, 1), (3, 0, 1, 3)]
    out = docx.Document(io.BytesIO(result.data)).tables[0]
    assert out.cell(2, 1).text == "教务处" and out.cell(1, 1).text == "教务处"
    assert out.cell(3, 0)._tc is out.cell(3, 2)._tc and out.cell(3, 0).text == "合计"
    assert corpus.document_text(result.data).endswith("甲教务处3月乙4月合计")
    assert check(result.data).errors == []


def test_a_red_head_read_from_the_file_is_set_in_red():
    result = format_document(corpus.redhead(TEXTS["redhead"]))
    assert result.profile.name == "gbt9704-redhead"
    out = docx.Document(io.BytesIO(result.data))
    head = next(p for p in out.paragraphs if p.text == "某某区教育局文件")
    assert str(head.runs[0].font.color.rgb) == "FF0000"
    assert any("红头" in note for note in result.reading.notes)


def test_signature_typed_flush_left_is_still_the_signature():
    document = format_document(corpus.pandoc_like(TEXTS["plan"])).reading.document
    assert document.blocks[-1] == Signature("某某学校", "2024年3月1日")


@pytest.mark.parametrize("example", ["bureau-plan", "school-summary", "metrics-summary", "situation-report",
                                     "work-points"])
def test_a_document_edureport_made_comes_back_unchanged(example):
    from edureport.pipeline import prepare

    rendered = prepare(corpus.FIXTURE.parent.parent.parent / "examples" / f"{example}.yaml")
    original = rendered.to_docx()
    result = format_document(original, rendered.profile)
    assert corpus.document_text(result.data) == corpus.document_text(original)
    assert result.reading.changes == [] and result.reading.numbering == []
    assert check(result.data, rendered.profile).errors == []


def test_a_table_that_mentions_printing_is_still_a_table():
    document = docx.Document()
    document.add_paragraph("文件清单").alignment = 1
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate([["文件", "状态"], ["关于印发实施方案的通知", "已印发"], ["工作要点", "起草中"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    result = format_document(buffer.getvalue())
    assert isinstance(result.reading.document.blocks[-1], Table)
    assert "工作要点起草中" in corpus.document_text(result.data)


def test_footnotes_headers_and_text_boxes_are_named_in_the_report():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "内部资料"
    document.add_paragraph("关于某项工作的报告").alignment = 1
    document.add_paragraph("正文。")
    buffer = io.BytesIO()
    document.save(buffer)
    notes = format_document(buffer.getvalue()).reading.notes
    assert any("页眉文字“内部资料”" in note for note in notes)


def test_text_after_a_run_in_heading_keeps_its_emphasis():
    document = docx.Document()
    document.add_paragraph("关于某项工作的报告").alignment = 1
    document.add_paragraph("一、总体情况")
    p = document.add_paragraph()
    p.add_run("（一）加强领导。").bold = True
    p.add_run("成立领导小组，")
    p.add_run("每月").italic = True
    p.add_run("召开例会。")
    buffer = io.BytesIO()
    document.save(buffer)
    heading = format_document(buffer.getvalue()).reading.document.headings()[1]
    assert [r.text for r in heading.runs] == ["加强领导。"] and not heading.runs[0].bold
    assert [(r.text, r.italic) for r in heading.body] == [("成立领导小组，", False), ("每月", True), ("召开例会。", False)]
