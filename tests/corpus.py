"""The reader corpus: Word files made from tests/fixtures/reader_corpus.yaml the ways people
make them, each with the text `format` must give back (the clean fixture text).

- ``normal_direct``: everything in Normal, direct formatting 宋体 小四, spaces for indentation,
  half-width commas and semicolons, (一) and 1、 typed, zero-padded dates;
- ``word_numbered``: Word heading styles with automatic multi-level numbering (numbering.xml);
- ``soft_breaks``: text pasted with soft returns (Shift+Enter) inside paragraphs;
- ``table_heavy``: a 实施方案 with a 重点任务分工表 on an attachment page;
- ``traditional``: a Traditional-Chinese summary (for the zh-hant style);
- ``redhead``: red head, 发文字号 and 版记;
- ``pandoc_like``: pandoc's default style names (Title, Heading n, First Paragraph, Body Text).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

FIXTURE = Path(__file__).parent / "fixtures" / "reader_corpus.yaml"
_HAN = r"[\u4e00-\u9fff“”]"


def texts() -> dict:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def line_text(entry: list[str]) -> str:
    return "".join(entry[1:])


def expected_text(entries: list[list[str]], table: dict | None = None) -> str:
    """What the formatted document must say: every paragraph (and table cell) in order, joined."""
    parts = [line_text(e) for e in entries]
    if table is not None:
        parts += ["附件1", "重点任务分工表", *table["header"], *(c for row in table["rows"] for c in row)]
    return "".join(parts)


def _paragraph_of(node):
    while node is not None and node.tag != qn("w:p"):
        node = node.getparent()
    return node


def document_text(data: bytes) -> str:
    """All text of a .docx in reading order (body paragraphs and table cells), line breaks and tabs removed."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    parts = []
    for p in body.iter(qn("w:p")):  # a text box's paragraphs sit inside its anchor paragraph: count them once
        parts.append("".join(t.text or "" for t in p.iter(qn("w:t")) if _paragraph_of(t) is p))
    return "".join(parts).replace("\t", "").replace("\n", "")


# -- how people mess text up ---------------------------------------------------------
def half_width(text: str) -> str:
    """，；between two Chinese characters → , ; (what a half-width input mode types)."""
    text = re.sub(rf"(?<={_HAN})，(?={_HAN})", ",", text)
    return re.sub(rf"(?<={_HAN})；(?={_HAN})", ";", text)


def padded_dates(text: str) -> str:
    text = re.sub(r"(\d{4}年)(\d)月", r"\g<1>0\2月", text)
    return re.sub(r"(月)(\d)日", r"\g<1>0\2日", text)


def typed_number_forms(text: str) -> str:
    """（一） → (一), 1. → 1、 (forms people type)."""
    text = re.sub(r"^（([一二三四五六七八九十]+)）", r"(\1)", text)
    return re.sub(r"^(\d+)\.", r"\1、", text)


# -- building ---------------------------------------------------------------------------
def _font(run, name: str = "宋体", size: float = 12, bold: bool = False, color: str | None = None) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def _para(document, text: str, *, align=None, size: float = 12, bold: bool = False, font: str = "宋体",
          color: str | None = None, style: str | None = None):
    p = document.add_paragraph(style=style)
    if text:
        _font(p.add_run(text), font, size, bold, color)
    if align is not None:
        p.alignment = align
    return p


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def normal_direct(entries: list[list[str]], *, table: dict | None = None) -> bytes:
    """Everything in Normal with direct formatting, as typed by someone in a hurry."""
    document = docx.Document()
    for entry in entries:
        kind, text = entry[0], line_text(entry)
        if kind == "title":
            _para(document, text, align=WD_ALIGN_PARAGRAPH.CENTER, size=18, bold=True)
        elif kind in ("h1", "h2", "h3"):
            _para(document, "    " + half_width(typed_number_forms(text)), bold=kind == "h1")
        elif kind in ("signature",):
            _para(document, " " * 40 + text)
        elif kind == "date":
            _para(document, " " * 38 + padded_dates(text))
        elif kind == "recipient":
            _para(document, text.replace("：", ":"))
        else:
            _para(document, "    " + padded_dates(half_width(text)))
    if table is not None:
        _division_table(document, table)
    return _save(document)


def _division_table(document, table: dict) -> None:
    """附件说明 before the signature is left out; 附件1 and the 分工表 on a new page."""
    document.add_page_break()
    _para(document, "附件1", font="黑体", size=16)
    _para(document, "重点任务分工表", align=WD_ALIGN_PARAGRAPH.CENTER, size=18, bold=True)
    grid = document.add_table(rows=1 + len(table["rows"]), cols=len(table["header"]))
    grid.style = "Table Grid"
    for row_index, row in enumerate([table["header"], *table["rows"]]):
        for col, value in enumerate(row):
            cell = grid.cell(row_index, col)
            cell.text = ""
            _font(cell.paragraphs[0].add_run(half_width(value)), size=10.5, bold=row_index == 0)


_NUMBERING = """<w:abstractNum {ns} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""


def _strip_number(text: str) -> str:
    return re.sub(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.)", "", text)


def word_numbered(entries: list[list[str]]) -> bytes:
    """Word heading styles; the numbers 一、（一）1. come from a multi-level list, not from the text."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_NUMBERING.format(ns=nsdecls("w"))))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(p, level: int) -> None:
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    for entry in entries:
        kind, text = entry[0], line_text(entry)
        if kind == "title":
            document.add_paragraph(text, style="Title")
        elif kind in ("h1", "h2", "h3"):
            level = int(kind[1])
            if len(entry) > 2:  # a run-in heading: a numbered Normal paragraph
                p = document.add_paragraph()
                p.add_run(_strip_number(entry[1])).bold = True
                p.add_run(entry[2])
            else:
                p = document.add_paragraph(_strip_number(text), style=f"Heading {level}")
            numbered(p, level - 1)
        elif kind in ("signature", "date"):
            document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            p = document.add_paragraph(text)
            if kind == "body":
                p.paragraph_format.first_line_indent = Pt(24)
    return _save(document)


def soft_breaks(entries: list[list[str]]) -> bytes:
    """Text pasted from a web page: each section one paragraph, lines ended by soft returns
    (indented with full-width spaces), and one long line wrapped in mid-sentence."""
    document = docx.Document()
    current = None
    wrapped = False
    for entry in entries:
        kind, text = entry[0], line_text(entry)
        if kind in ("title", "recipient", "signature", "date"):
            align = {"title": WD_ALIGN_PARAGRAPH.CENTER, "signature": WD_ALIGN_PARAGRAPH.RIGHT,
                     "date": WD_ALIGN_PARAGRAPH.RIGHT}.get(kind)
            _para(document, text, align=align, size=18 if kind == "title" else 12)
            current = None
            continue
        if kind == "h1" or current is None:
            current = document.add_paragraph()
        else:
            current.add_run().add_break()
        if kind == "body" and len(text) > 40 and not wrapped:
            cut = next(i for i in range(20, len(text)) if text[i - 1] not in "。！？；：”）" and
                       text[i] not in "（“")
            _font(current.add_run("\u3000\u3000" + text[:cut]))
            current.add_run().add_break()
            _font(current.add_run(text[cut:]))
            wrapped = True
        else:
            _font(current.add_run(("\u3000\u3000" if kind == "body" else "") + text))
    return _save(document)


def table_heavy(entries: list[list[str]], table: dict) -> bytes:
    plan = list(entries)
    at = next(i for i, e in enumerate(plan) if e[0] == "signature")
    plan.insert(at, ["attachment", "附件：重点任务分工表"])
    return normal_direct(plan, table=table)


def redhead(entries: list[list[str]]) -> bytes:
    """A 红头文件 typed by hand: red 发文机关标志, 发文字号, a red rule, and the 版记 as a table."""
    document = docx.Document()
    for entry in entries:
        kind, text = entry[0], line_text(entry)
        if kind == "redhead":
            _para(document, text, align=WD_ALIGN_PARAGRAPH.CENTER, size=26, bold=True, font="方正小标宋简体",
                  color="FF0000")
        elif kind == "doc_number":
            _para(document, text, align=WD_ALIGN_PARAGRAPH.CENTER, size=16, font="仿宋")
            rule = _para(document, "")
            rule._p.get_or_add_pPr().append(parse_xml(
                f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="12" w:space="1" w:color="FF0000"/></w:pBdr>'))
        elif kind == "title":
            _para(document, text, align=WD_ALIGN_PARAGRAPH.CENTER, size=22, font="方正小标宋简体")
        elif kind in ("signature", "date"):
            _para(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT, size=16, font="仿宋")
        elif kind in ("cc", "printed"):
            continue
        else:
            p = _para(document, text, size=16, font="黑体" if kind == "h1" else "仿宋")
            p.paragraph_format.first_line_indent = Pt(32)
    imprint = [e for e in entries if e[0] in ("cc", "printed")]
    grid = document.add_table(rows=len(imprint), cols=1)
    for row, entry in zip(grid.rows, imprint):
        text = entry[1] if entry[0] == "cc" else f"{entry[1]}\t\t{entry[2]}"
        row.cells[0].text = ""
        _font(row.cells[0].paragraphs[0].add_run(text), "仿宋", 14)
    return _save(document)


def pandoc_like(entries: list[list[str]]) -> bytes:
    """pandoc's default reference.docx names: Title, Heading n, First Paragraph, Body Text; no Chinese fonts set."""
    document = docx.Document()
    styles = document.styles
    for name in ("First Paragraph", "Body Text"):
        if name not in [s.name for s in styles]:
            styles.add_style(name, 1).base_style = styles["Normal"]
    first = True
    for entry in entries:
        kind, text = entry[0], line_text(entry)
        if kind == "title":
            document.add_paragraph(text, style="Title")
        elif kind in ("h1", "h2", "h3"):
            if len(entry) > 2:
                p = document.add_paragraph(style="Body Text")
                p.add_run(entry[1]).bold = True
                p.add_run(entry[2])
            else:
                document.add_paragraph(text, style=f"Heading {kind[1]}")
            first = True
        else:
            document.add_paragraph(text, style="First Paragraph" if first else "Body Text")
            first = False
    return _save(document)


def redhead_expected(entries: list[list[str]]) -> str:
    return "".join(line_text(e) for e in entries)
