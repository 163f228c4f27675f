"""The docxtpl side of the benchmark: a Word template with Jinja tags, built
here with python-docx (so no binary file is committed), that produces the
same 工作总结 as edureport's work-summary template: title, 主送机关, intro,
一、（一） numbering, a key-figure table, run-in item headings, metric
sentences, signature and date, with GB/T 9704 page, fonts, line spacing and
odd/even page numbers set once in the template's styles.

docxtpl gets edureport's number filters (cn_number, metric_sentences, …) so
both sides compute the same words; what differs is the engine.
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

BODY_FONT, HEADING1_FONT, HEADING2_FONT, TITLE_FONT = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"
LINE = Pt(28.95)


def _fonts(rpr_owner, east_asia: str, size: float, latin: str = "Times New Roman") -> None:
    """Set Latin and East Asian fonts and the size on a style or a run."""
    font = rpr_owner.font
    font.name = latin
    font.size = Pt(size)
    rpr = rpr_owner.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):  # theme fonts would win
        fonts.attrib.pop(qn(theme), None)


def _first_line_chars(style_or_paragraph, chars: int) -> None:
    ppr = style_or_paragraph._element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(chars * 320))


def _style(doc, name: str, east_asia: str, size: float, *, indent: int = 2, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
           line=LINE):
    style = doc.styles[name]
    _fonts(style, east_asia, size)
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = None
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = align
    _first_line_chars(style, indent)
    return style


def _page_number_footer(footer, align) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run("— ")
    _fonts(run, "宋体", 14, latin="宋体")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    field.append(number)
    paragraph._p.append(field)
    tail = paragraph.add_run(" —")
    _fonts(tail, "宋体", 14, latin="宋体")


def _line(doc, text: str, style: str = "Normal", **kwargs):
    paragraph = doc.add_paragraph(style=style)
    paragraph.add_run(text)
    for key, value in kwargs.items():
        setattr(paragraph.paragraph_format, key, value)
    return paragraph


def _runin(doc, heading: str, body: str) -> None:
    """A run-in heading: 楷体 heading and 仿宋 text in one paragraph."""
    paragraph = doc.add_paragraph(style="Heading 2")
    paragraph.add_run(heading)
    run = paragraph.add_run(body)
    _fonts(run, BODY_FONT, 16)


def _items(doc, collection: str, previous_label: str, target_label: str) -> None:
    """Items of a section: run-in heading + first paragraph, more paragraphs, metric sentences."""
    _line(doc, "{%p for it in " + collection + " %}")
    _line(doc, "{%p set parts = (it.text if it.text is not string else [it.text]) + "
               f"([it.metrics|metric_sentences('{previous_label}', '{target_label}')] if it.metrics else []) %}}")
    _runin(doc, "（{{ loop.index|cn_number }}）{{ it.title }}。", "{{ parts[0] }}")
    _line(doc, "{%p for p in parts[1:] %}")
    _line(doc, "{{ p }}")
    _line(doc, "{%p endfor %}")
    _line(doc, "{%p endfor %}")


def _heading1(doc, text: str) -> None:
    _line(doc, "{% set ns.h1 = ns.h1 + 1 %}{{ ns.h1|cn_number }}、" + text, "Heading 1")


def _metric_table(doc) -> None:
    header = ["序号", "指标", "单位", "本年", "上年", "增减", "目标", "完成率"]
    cells = ["{{ loop.index }}", "{{ mt.name }}", "{{ mt.unit }}", "{{ mt.value|amount }}", "{{ mt.previous|amount }}",
             "{{ mt.value|change_short(mt.previous, mt.unit) }}", "{{ mt.target|amount }}",
             "{{ mt.value|completion_rate(mt.target) }}"]
    table = doc.add_table(rows=4, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for mt in metrics %}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for column, (head, cell) in enumerate(zip(header, cells)):
        for row, text in ((0, head), (2, cell)):
            paragraph = table.rows[row].cells[column].paragraphs[0]
            paragraph.style = doc.styles["Table Text"]
            run = paragraph.add_run(text)
            if row == 0:
                _fonts(run, HEADING1_FONT, 14)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def build_template() -> bytes:
    """The docxtpl template as .docx bytes."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)
    section.top_margin, section.bottom_margin = Twips(2098), Twips(1984)
    section.left_margin, section.right_margin = Twips(1588), Twips(1474)
    section.footer_distance = Twips(1304)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    _style(doc, "Normal", BODY_FONT, 16)
    _style(doc, "Title", TITLE_FONT, 22, indent=0, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(35))
    _style(doc, "Heading 1", HEADING1_FONT, 16)
    _style(doc, "Heading 2", HEADING2_FONT, 16)
    table_text = doc.styles.add_style("Table Text", doc.styles["Normal"].type)
    table_text.base_style = doc.styles["Normal"]
    _style(doc, "Table Text", BODY_FONT, 14, indent=0, align=WD_ALIGN_PARAGRAPH.LEFT, line=Pt(22))
    doc.styles["Title"].element.get_or_add_pPr()  # keep Word's bottom border off the title
    for border in doc.styles["Title"].element.pPr.findall(qn("w:pBdr")):
        border.getparent().remove(border)

    _line(doc, "{%p set ns = namespace(h1=0) %}")
    _line(doc, "{{ org }}{{ year }}年工作总结", "Title")
    _line(doc, "")
    recipient = _line(doc, "{{ recipient }}：")
    _first_line_chars(recipient, 0)
    _line(doc, "{%p for p in intro %}")
    _line(doc, "{{ p }}")
    _line(doc, "{%p endfor %}")
    _line(doc, "{%p if metrics %}")
    _heading1(doc, "主要指标完成情况")
    _metric_table(doc)
    _line(doc, "{%p endif %}")
    _heading1(doc, "主要工作及成效")
    _items(doc, "achievements", "较上年", "年度目标")
    _heading1(doc, "存在的问题和不足")
    _items(doc, "problems", "较上年", "年度目标")
    _heading1(doc, "{{ year + 1 }}年工作打算")
    _items(doc, "plans", "较上年", "计划目标")
    _line(doc, "")
    for text in ("{{ org }}", "{{ date|date }}"):
        signature = _line(doc, text, alignment=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=Pt(32))
        _first_line_chars(signature, 0)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def jinja_environment():
    """The Jinja environment docxtpl renders with: autoescaped XML and edureport's number filters."""
    import jinja2

    from edureport.templating.filters import FILTERS

    env = jinja2.Environment(autoescape=True)
    env.filters.update(FILTERS)
    return env


def render(template: bytes, data: dict, env) -> bytes:
    """One document the way docxtpl is used: load the template, render, save."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(template))
    document.render(data, env)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
