"""The .docx writer's fast paths make the same XML as the plain functions, and its zip is a valid package."""
import io
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from docx import Document as open_word
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from edureport.document.model import Document, Heading, PageBreak, Paragraph, Run
from edureport.styles.profile import load_profile
from edureport.writers import ooxml
from edureport.writers.docx import write_docx
from edureport.writers.package import compress, zip_package

RPR = ooxml.run_properties("仿宋_GB2312", "Times New Roman", 32)
BOLD_RPR = ooxml.run_properties("黑体", "Times New Roman", 32, bold=True)
# texts with what needs work: escapes, line breaks (\x0b), characters XML forbids, lone surrogates
TEXTS = st.text(alphabet=st.sampled_from(list("教育局工作ab &<>\"'\x0b\x01\x85\ufffe\ud800\u3000")), max_size=30)
PROPERTIES = st.builds(ooxml.ParagraphProperties,
                       style=st.sampled_from([None, "Heading1", "Title"]), line_twips=st.sampled_from([None, 579]),
                       ind=st.sampled_from(["", '<w:ind w:firstLine="640" w:firstLineChars="200"/>']),
                       align=st.sampled_from([None, "center"]), outline=st.sampled_from([None, 1]),
                       keep_next=st.booleans(), page_break_before=st.booleans(),
                       borders=st.sampled_from(["", ooxml.border("bottom", 12)]), snap_to_grid=st.booleans())


@given(TEXTS)
def test_a_run_format_makes_the_run_xml(text):
    assert ooxml.RunFormat(RPR).run(text) == ooxml.run(text, RPR).encode()


@settings(max_examples=200)
@given(st.none() | PROPERTIES, TEXTS, st.none() | TEXTS)
def test_a_text_paragraph_makes_the_paragraph_xml(properties, first, second):
    formats = (ooxml.RunFormat(RPR),) if second is None else (ooxml.RunFormat(RPR), ooxml.RunFormat(BOLD_RPR))
    texts = (first,) if second is None else (first, second)
    runs = "".join(ooxml.run(text, run_format.rpr) for text, run_format in zip(texts, formats))
    expected = ooxml.paragraph(properties.xml() if properties else "", runs).encode()
    assert ooxml.TextParagraph(properties, formats).xml(*texts) == expected
    assert ooxml.body_paragraph(properties, runs) == expected


def test_a_giant_text_is_split_into_text_nodes_in_the_fast_path_too():
    text = "教" * 1_500_000
    made = ooxml.TextParagraph(None, (ooxml.RunFormat(RPR),)).xml(text)
    assert made == ooxml.paragraph("", ooxml.run(text, RPR)).encode()
    assert made.count(b"<w:t ") == 2


@given(st.none() | PROPERTIES, TEXTS)
def test_keep_with_next_is_the_property_set(properties, text):
    runs = ooxml.run(text, RPR)
    kept = ooxml.ParagraphProperties(keep_next=True) if properties is None else replace(properties, keep_next=True)
    assert ooxml.keep_with_next(ooxml.body_paragraph(properties, runs)) == ooxml.body_paragraph(kept, runs)


def test_the_document_joins_its_parts_once():
    table = ooxml.Table(ooxml.table([], [100], border_size=4, cell_margin=85))
    made = ooxml.document([ooxml.body_paragraph(None, ooxml.run("甲", RPR)), table], "<w:sectPr/>")
    assert made.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ')
    assert made.endswith(table.content.encode() + b"<w:sectPr/></w:body></w:document>")
    assert "甲".encode() in made


def test_the_package_is_a_zip_any_reader_opens():
    contents = {"[Content_Types].xml": b"<Types/>", "word/document.xml": "正文".encode() * 5000,
                "word/media/图片.png": bytes(range(256)) * 10, "empty.xml": b""}
    package = zip_package([compress(name, content) for name, content in contents.items()])
    with zipfile.ZipFile(io.BytesIO(package)) as opened:
        assert opened.testzip() is None  # every CRC checks
        assert opened.namelist() == list(contents)  # in order, non-ASCII names too
        assert {name: opened.read(name) for name in contents} == contents
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in opened.infolist())
        assert opened.getinfo("word/document.xml").compress_size < 1000
        assert opened.getinfo("word/document.xml").date_time[0] >= 2024


def test_paragraphs_and_headings_of_every_kind_open_in_word_as_written():
    blocks = [Heading(1, [Run("主要工作")], number="一、"),
              Heading(2, [Run("抓好课堂。")], body=[Run("甲 & 乙 <丙>\x0b第二行")], number="（一）"),
              Heading(2, [Run("重点"), Run("斜体", italic=True)], body=[Run("正文"), Run("加粗", bold=True)], number="（二）"),
              Paragraph([Run("甲 & 乙 <丙> 的工作。")]), PageBreak(), Paragraph([Run("新页。")], role="plain"),
              Paragraph([Run("居中", underline=True)], role="center"), PageBreak(), Heading(1, [Run("新页标题")])]
    document = open_word(io.BytesIO(write_docx(Document(blocks), load_profile())))
    paragraphs = [(p.text, p.paragraph_format.first_line_indent is not None, p.alignment,
                   p._p.pPr.find(qn("w:pageBreakBefore")) is not None, p._p.pPr.find(qn("w:keepNext")) is not None)
                  for p in document.paragraphs]
    assert [p[0] for p in paragraphs] == ["一、主要工作", "（一）抓好课堂。甲 & 乙 <丙>\n第二行", "（二）重点斜体正文加粗",
                                          "甲 & 乙 <丙> 的工作。", "新页。", "居中", "新页标题"]
    assert [p[3:] for p in paragraphs] == [(False, True), (False, False), (False, False), (False, False),
                                           (True, False), (False, False), (True, True)]
    assert [p[1] for p in paragraphs[3:6]] == [True, False, False]  # plain and center: no first-line indent
    assert paragraphs[5][2] == WD_ALIGN_PARAGRAPH.CENTER
    assert [p.style.name for p in document.paragraphs[:3]] == ["Heading 1", "Heading 2", "Heading 2"]
    runs = document.paragraphs[2].runs
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in runs] == [
        ("（二）重点", False, False), ("斜体", False, True), ("正文", False, False), ("加粗", True, False)]
    assert document.paragraphs[5].runs[0].underline
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            fonts = run._r.rPr.find(qn("w:rFonts"))
            assert all(fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs"))


def test_documents_written_at_once_in_threads_are_each_as_written_alone():
    """The web page writes documents in a thread pool with one cached writer per profile."""
    profile = load_profile()
    with_breaks = Document([block for n in range(300) for block in (Paragraph([Run(f"甲{n}")]), PageBreak())])
    plain = Document([Paragraph([Run(f"乙{n}")]) for n in range(600)])
    alone = [_document_xml(write_docx(document, profile)) for document in (with_breaks, plain)]
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # let the threads take turns inside a document
    try:
        with ThreadPoolExecutor(4) as pool:
            together = list(pool.map(lambda document: _document_xml(write_docx(document, profile)),
                                     [with_breaks, plain] * 16))
    finally:
        sys.setswitchinterval(switch)
    assert together == alone * 16


def _document_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as opened:
        return opened.read("word/document.xml")
