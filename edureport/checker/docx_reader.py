"""Reading the formatting a .docx really has: what Word shows, not only what a
run sets directly.

Every property is resolved along the chain Word uses: run → character style
(basedOn chain) → paragraph style (basedOn chain) → table style → document
defaults. A Chinese font that comes from the theme (``w:eastAsiaTheme``) is
reported as a theme font together with the typeface the theme names.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn

from edureport.checker.list_numbers import ListNumbers
from edureport.checker.measures import HALF_POINTS, TWIPS, measure, whole
from edureport.checker.style_chain import Font, StyleChain
from edureport.core import limits
from edureport.core.errors import InputError, Problem
from edureport.core.guards import check_package, read_regular_file
from edureport.writers.ooxml import read_custom_properties

_TRUE = {"1", "true", "on", None}


@dataclass
class RunFormat:
    text: str
    start: int  # offset of the run in the paragraph's text
    east_asia: Font
    latin: Font
    size: float  # pt
    bold: bool
    spacing: float = 0  # pt added between characters (negative = condensed)
    italic: bool = False
    underline: bool = False
    color: str = ""  # RRGGBB as set (direct or by style); "" = automatic


@dataclass
class ParagraphFormat:
    """One paragraph with its effective formatting."""

    number: int | None  # 1-based among the body's top-level paragraphs; None in tables and footers
    location: str  # 第3段 / 表1第2行第1列 / 页脚（奇数页）
    text: str
    style_name: str
    outline: int | None  # 1..9, from the paragraph or its style
    align: str  # left | center | right | both | distribute
    first_line: float  # first-line indent in characters (negative = hanging)
    indent_left: float  # characters
    indent_right: float  # characters
    line: float | None  # line spacing in pt (exact/atLeast) or a multiple (auto)
    line_rule: str  # exact | atLeast | auto
    runs: list[RunFormat] = field(default_factory=list)
    table: int | None = None  # 1-based table number
    row: int | None = None
    header_row: bool = False
    page_break_before: bool = False
    has_page_field: bool = False
    label: str = ""  # the number Word draws for a numbered-list paragraph, e.g. "（二）"
    frame_align: str = ""  # w:framePr xAlign (WPS places page numbers in a frame: "outside", "right" …)
    element: object = field(default=None, repr=False, compare=False)  # the w:p, for readers that need more
    rule_color: str = ""  # colour of a line drawn with the paragraph (border below/above, or a drawn line)

    @property
    def main_size(self) -> float:
        sized = [r for r in self.runs if r.text.strip()]
        return sized[0].size if sized else (self.runs[0].size if self.runs else 0)


@dataclass
class Section:
    number: int
    width: int  # twips
    height: int
    margins: dict[str, int]  # top/bottom/left/right, twips
    landscape: bool
    grid_type: str  # default | lines | linesAndChars | snapToChars
    line_pitch: int | None
    char_space: int | None
    footers: dict[str, list[ParagraphFormat]]  # default/even/first → paragraphs
    title_page: bool


@dataclass
class DocxContent:
    path: str
    paragraphs: list[ParagraphFormat]  # body and table paragraphs, in reading order
    sections: list[Section]
    even_and_odd: bool
    properties: dict[str, str]


def _first(elements: list, child: str):
    for element in elements:
        found = element.find(qn(child))
        if found is not None:
            return found
    return None


def _attr(element, name: str) -> str | None:
    return element.get(qn(name)) if element is not None else None


def _flag(rprs: list, child: str) -> bool:
    found = _first(rprs, child)
    return found is not None and _attr(found, "w:val") in _TRUE


def _run_text(r) -> str:
    parts = []
    for child in r:
        tag = child.tag
        if tag == qn("w:t"):
            parts.append(child.text or "")
        elif tag == qn("w:tab"):
            parts.append("\t")
        elif tag in (qn("w:br"), qn("w:cr")):
            parts.append("" if child.get(qn("w:type")) == "page" else "\n")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


def _indent(pprs: list, font_twips: float) -> tuple[float, float, float]:
    """(first line, left, right) in characters; each attribute from the nearest level that sets it."""
    def value(chars_name: str, twips_name: str) -> float | None:
        for ppr in pprs:
            ind = ppr.find(qn("w:ind"))
            if ind is None:
                continue
            chars, twips = whole(ind.get(qn(chars_name))), measure(ind.get(qn(twips_name)), TWIPS)
            if chars:
                return chars / 100
            if twips is not None:
                return twips / font_twips
            if chars == 0:
                return 0.0
        return None

    for ppr in pprs:  # first line and hanging are one property: the nearest level decides
        ind = ppr.find(qn("w:ind"))
        if ind is not None and any(ind.get(qn(a)) is not None for a in
                                   ("w:firstLine", "w:firstLineChars", "w:hanging", "w:hangingChars")):
            hanging = value("w:hangingChars", "w:hanging") if (
                ind.get(qn("w:hanging")) or ind.get(qn("w:hangingChars"))) else None
            first = -hanging if hanging else (value("w:firstLineChars", "w:firstLine") or 0.0)
            break
    else:
        first = 0.0
    left = value("w:leftChars", "w:left") or value("w:startChars", "w:start") or 0.0
    right = value("w:rightChars", "w:right") or value("w:endChars", "w:end") or 0.0
    return first, left, right


_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_boxes(p) -> list:
    """The contents (w:txbxContent) of text boxes anchored in paragraph ``p``, each once: the VML copy
    Word keeps for old readers (mc:Fallback) is skipped."""
    return [box for box in p.iter(qn("w:txbxContent"))
            if not any(ancestor.tag == _FALLBACK for ancestor in box.iterancestors())]


def _rule_color(p, pprs: list) -> str:
    """The colour of a line drawn with paragraph ``p``: its bottom or top border, or a drawn line
    (VML ``v:line`` / DrawingML shape outline), as RRGGBB; "" when there is none."""
    for ppr in pprs:
        borders = ppr.find(qn("w:pBdr"))
        if borders is None:
            continue
        for side in ("w:bottom", "w:top"):
            line = borders.find(qn(side))
            if line is not None and (_attr(line, "w:val") or "nil") not in ("nil", "none"):
                return (_attr(line, "w:color") or "000000").upper()
    for element in p.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "line" and element.get("strokecolor"):
            color = element.get("strokecolor").lstrip("#").upper()
            return {"RED": "FF0000"}.get(color, color)
        if tag == "srgbClr" and element.getparent() is not None and element.getparent().tag.endswith("solidFill") \
                and element.getparent().getparent() is not None and element.getparent().getparent().tag.endswith("}ln"):
            return (element.get("val") or "").upper()
    return ""


class _Reader:
    def __init__(self, document):
        self.styles = StyleChain(document)
        self.paragraphs: list[ParagraphFormat] = []
        self.body_count = 0
        self.lists = ListNumbers(document)
        self.table_count = 0

    def paragraph(self, p, location: str | None = None, table_style: str | None = None,
                  table: int | None = None, row: int | None = None, header_row: bool = False) -> ParagraphFormat:
        pprs, para_rprs, style_name = self.styles.paragraph_chain(p, table_style)
        runs, offset, page_field = [], 0, False
        for r in p.iter(qn("w:r")):
            if next(r.iterancestors(qn("w:p"))) is not p:  # a text box inside this paragraph
                continue
            for instr in r.findall(qn("w:instrText")):
                if "PAGE" in (instr.text or "").upper().split():
                    page_field = True
            text = _run_text(r)
            rprs = self.styles.run_chain(r, para_rprs)
            size_el = _first(rprs, "w:sz")
            half_points = measure(_attr(size_el, "w:val"), HALF_POINTS)
            size = half_points / 2 if half_points else 10.0
            spacing_el = _first(rprs, "w:spacing")
            spacing = (measure(_attr(spacing_el, "w:val"), TWIPS) or 0) / 20
            underline = _attr(_first(rprs, "w:u"), "w:val")
            color = _attr(_first(rprs, "w:color"), "w:val") or ""
            runs.append(RunFormat(text, offset, self.styles.font(rprs, "eastAsia"), self.styles.font(rprs, "ascii"),
                                  size, _flag(rprs, "w:b"), spacing, italic=_flag(rprs, "w:i"),
                                  underline=_first(rprs, "w:u") is not None and underline != "none",
                                  color="" if color.lower() in ("auto", "000000") else color.upper()))
            offset += len(text)
        for simple in p.iter(qn("w:fldSimple")):
            if "PAGE" in (simple.get(qn("w:instr")) or "").upper().split():
                page_field = True
        text = "".join(r.text for r in runs)
        size = next((r.size for r in runs if r.text.strip()), runs[0].size if runs else 10.0)
        jc = _first(pprs, "w:jc")
        spacing = next((s for s in (ppr.find(qn("w:spacing")) for ppr in pprs)
                        if s is not None and s.get(qn("w:line")) is not None), None)
        line_rule = (_attr(spacing, "w:lineRule") or "auto") if spacing is not None else "auto"
        line = None
        raw = measure(_attr(spacing, "w:line"), TWIPS)
        if raw is not None:
            line = raw / 240 if line_rule == "auto" else raw / 20
        level = whole(_attr(_first(pprs, "w:outlineLvl"), "w:val"))
        outline = level + 1 if level is not None else None
        first, left, right = _indent(pprs, size * 20)
        if location is None:
            self.body_count += 1
        number = self.body_count if location is None else None
        return ParagraphFormat(
            number=number, location=location or f"第{number}段", text=text, style_name=style_name,
            outline=outline if outline and outline <= 9 else None,
            align={"start": "left", "end": "right", "justify": "both"}.get(_attr(jc, "w:val") or "left",
                                                                           _attr(jc, "w:val") or "left"),
            first_line=first, indent_left=left, indent_right=right, line=line, line_rule=line_rule, runs=runs,
            table=table, row=row, header_row=header_row, page_break_before=_flag(pprs, "w:pageBreakBefore"),
            has_page_field=page_field, label=self.lists.label(pprs),
            frame_align=_attr(_first(pprs, "w:framePr"), "w:xAlign") or "", element=p,
            rule_color=_rule_color(p, pprs))

    def block(self, element) -> None:
        for child in element:
            if child.tag == qn("w:p"):
                self.paragraphs.append(self.paragraph(child))
                for box in _text_boxes(child):  # a 版记 anchored at the foot of the page, a boxed note …
                    self.block(box)
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.block(content)

    def table(self, tbl) -> None:
        self.table_count += 1
        number = self.table_count
        style_el = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        table_style = style_el.get(qn("w:val")) if style_el is not None else None
        rows = tbl.findall(qn("w:tr"))
        for row_index, tr in enumerate(rows, 1):
            header = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None or (row_index == 1 and len(rows) > 1)
            for col_index, tc in enumerate(tr.findall(qn("w:tc")), 1):
                for child in tc:
                    if child.tag == qn("w:p"):
                        where = f"表{number}第{row_index}行第{col_index}列"
                        self.paragraphs.append(self.paragraph(child, where, table_style, number, row_index, header))
                    elif child.tag == qn("w:tbl"):
                        self.table(child)


def _section(number: int, section, reader: _Reader, even_and_odd: bool) -> Section:
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    pitch = _attr(grid, "w:linePitch")
    char_space = _attr(grid, "w:charSpace")
    footers: dict[str, list[ParagraphFormat]] = {}
    kinds = [("default", section.footer, "页脚")]
    if even_and_odd:
        kinds.append(("even", section.even_page_footer, "偶数页页脚"))
    if section.different_first_page_header_footer:
        kinds.append(("first", section.first_page_footer, "首页页脚"))
    for kind, footer, label in kinds:
        if footer.is_linked_to_previous and number > 1:
            continue
        element = footer._element if not footer.is_linked_to_previous else None
        if element is None:
            footers[kind] = []
            continue
        where = f"第{number}节{label}" if number > 1 else label
        footers[kind] = [reader.paragraph(p, where) for p in element.iter(qn("w:p"))]
    size, margin = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))

    def twips(element, name: str) -> int:
        return int(measure(_attr(element, name), TWIPS) or 0)

    line_pitch, char_spacing = measure(pitch, TWIPS), whole(char_space)
    return Section(
        number=number, width=twips(size, "w:w"), height=twips(size, "w:h"),
        margins={k: twips(margin, f"w:{k}") for k in ("top", "bottom", "left", "right")},
        landscape=_attr(size, "w:orient") == "landscape",
        grid_type=_attr(grid, "w:type") or "default",
        line_pitch=int(line_pitch) if line_pitch else None, char_space=char_spacing if char_spacing else None,
        footers=footers, title_page=bool(section.different_first_page_header_footer))


def read_docx(source: str | Path | bytes, prepare=None) -> DocxContent:
    """Open a .docx (a path or bytes) and read its effective formatting; unreadable → InputError.

    ``prepare(document)``, when given, may change the python-docx document before it is read
    (a reader accepts tracked changes there)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    name = "<bytes>" if isinstance(source, bytes) else str(source)
    if not isinstance(source, bytes):
        path = Path(source)
        if not path.exists():
            raise InputError(Problem("找不到要检查的文件", location=name, suggestion="请检查文件路径"))
        if path.suffix.lower() == ".doc":
            raise InputError(Problem("不支持旧版 Word 格式（.doc）", location=name,
                                     suggestion="请在 Word 或 WPS 中“另存为” .docx 后再检查"))
        source = read_regular_file(path)  # a FIFO, a device or a huge file is refused before reading
    elif len(source) > limits.MAX_INPUT_BYTES:
        raise InputError(Problem("文件太大", location=name, suggestion=limits.limit_hint("MAX_INPUT_BYTES")))
    unreadable = InputError(Problem("无法读取该文件，它不是有效的 Word 文档（.docx）", location=name,
                                    suggestion="请确认文件未损坏；WPS 文件请“另存为” .docx"))
    try:
        package = zipfile.ZipFile(io.BytesIO(source))
        check_package(package, name)  # before python-docx inflates every part
        document = docx.Document(io.BytesIO(source))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError):
        raise unreadable from None
    if prepare is not None:
        prepare(document)
    try:
        reader = _Reader(document)
        reader.block(document.element.body)
        even_and_odd = bool(document.settings.odd_and_even_pages_header_footer)
        sections = [_section(i, s, reader, even_and_odd) for i, s in enumerate(document.sections, 1)]
    except (KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile):
        # python-docx refuses an attribute value outside the schema (e.g. w:val="big")
        raise InputError(Problem("文档中有不合规范的格式属性或已损坏的部件，无法检查", location=name,
                                 suggestion="请在 Word 或 WPS 中打开后另存为 .docx 再检查")) from None
    return DocxContent(name, reader.paragraphs, sections, even_and_odd, read_custom_properties(package))
