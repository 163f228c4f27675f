"""WordprocessingML as strings: the one place that knows raw .docx XML.

Functions here take plain values (twips, half-points, font names) and return
XML text. Building strings directly is several times faster than an object
tree and keeps documents small. Element order follows the OOXML schema
(rPr: rFonts, b, i, spacing, sz; pPr: pStyle, keepNext, pageBreakBefore, pBdr,
tabs, spacing, ind, jc, outlineLvl), which Word is strict about.

The body is a list of parts joined once into document.xml: each paragraph
as UTF-8 bytes (the text is encoded run by run, so the megabytes of markup
around it are never encoded at all), a table as :class:`Table`, a chart as
:class:`DrawingParagraph`, so a writer can still ask what the previous part
was and keep a paragraph with the next one (:func:`keep_with_next`). The XML
of a run up to its text is made once per formatting (:class:`RunFormat`).
This module also reads back what other programs may have changed: the custom
document properties (:func:`read_custom_properties`).
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape

from edureport.core.values import UNWRITABLE_CHARS

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ATTR = {'"': "&quot;"}


# one search finds whether a text needs any work (most body text needs none)
_TEXT_WORK = re.compile("[&<>]|" + UNWRITABLE_CHARS.pattern)


def text(value: str) -> str:
    """Escape element text; characters XML forbids are dropped, never crash."""
    if _TEXT_WORK.search(value) is None:
        return value
    return _escape(UNWRITABLE_CHARS.sub("", value))


def attr(value: str) -> str:
    return _escape(UNWRITABLE_CHARS.sub("", str(value)), _ATTR)


# -- runs ----------------------------------------------------------------------
def run_properties(east_asia: str, latin: str, half_points: int, *, bold: bool | None = None,
                   italic: bool = False, spacing_twips: int = 0, color: str | None = None,
                   underline: bool = False) -> str:
    """rPr with all four font slots set (eastAsia = the Chinese font)."""
    parts = [f'<w:rFonts w:ascii="{attr(latin)}" w:hAnsi="{attr(latin)}" w:eastAsia="{attr(east_asia)}" '
             f'w:cs="{attr(latin)}" w:hint="eastAsia"/>']
    if bold is True:
        parts.append("<w:b/><w:bCs/>")
    elif bold is False:
        parts.append('<w:b w:val="0"/><w:bCs w:val="0"/>')
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if color:
        parts.append(f'<w:color w:val="{attr(color.lstrip("#"))}"/>')
    if spacing_twips:
        parts.append(f'<w:spacing w:val="{spacing_twips}"/>')
    parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def run(content: str, rpr: str) -> str:
    """A run; "\\x0b" in content becomes a line break."""
    if "\x0b" in content:
        inner = '<w:br/>'.join(_text_nodes(p) for p in content.split("\x0b"))
        return f"<w:r>{rpr}{inner}</w:r>"
    return f"<w:r>{rpr}{_text_nodes(content)}</w:r>"


_TEXT_NODE_CHARS = 1_000_000  # XML readers (lxml, hence python-docx) refuse text nodes over 10 MB
_RUN_END = b"</w:t></w:r>"


def _needs_work(content: str) -> bool:
    """Whether a run's text needs more than encoding: escapes, line breaks, dropped characters, several nodes."""
    return _TEXT_WORK.search(content) is not None or len(content) > _TEXT_NODE_CHARS


class RunFormat:
    """One run formatting (its rPr) with the XML of a run up to the text made once: a document's
    thousands of runs share a handful of formats, so a run is one encode and two joins."""

    __slots__ = ("rpr", "opening")

    def __init__(self, rpr: str):
        self.rpr = rpr
        self.opening = f'<w:r>{rpr}<w:t xml:space="preserve">'.encode()  # up to the text

    def run(self, content: str) -> bytes:
        """:func:`run` as UTF-8 bytes."""
        if _needs_work(content):
            return run(content, self.rpr).encode()
        return self.opening + content.encode() + _RUN_END


def _text_nodes(content: str) -> str:
    """One <w:t>, or several in a row for a giant text (a run may hold many)."""
    if len(content) <= _TEXT_NODE_CHARS:
        return f'<w:t xml:space="preserve">{text(content)}</w:t>'
    return "".join(f'<w:t xml:space="preserve">{text(content[i:i + _TEXT_NODE_CHARS])}</w:t>'
                   for i in range(0, len(content), _TEXT_NODE_CHARS))


def page_break_run() -> str:
    return '<w:r><w:br w:type="page"/></w:r>'


def field_runs(instruction: str, placeholder: str, rpr: str) -> str:
    """A complex field (PAGE, NUMPAGES) that Word and LibreOffice both update."""
    return (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{rpr}<w:t>{text(placeholder)}</w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')


# -- paragraphs ----------------------------------------------------------------
def indent(*, first_chars: float = 0, left_chars: float = 0, right_chars: float = 0,
           hanging_chars: float = 0, char_twips: int = 320) -> str:
    """w:ind in character units with a twips fallback for programs that ignore *Chars."""
    attrs = []
    if left_chars:
        attrs.append(f'w:left="{round(left_chars * char_twips)}" w:leftChars="{round(left_chars * 100)}"')
    if right_chars:
        attrs.append(f'w:right="{round(right_chars * char_twips)}" w:rightChars="{round(right_chars * 100)}"')
    if hanging_chars:
        attrs.append(f'w:hanging="{round(hanging_chars * char_twips)}" w:hangingChars="{round(hanging_chars * 100)}"')
    elif first_chars:
        attrs.append(f'w:firstLine="{round(first_chars * char_twips)}" w:firstLineChars="{round(first_chars * 100)}"')
    return f"<w:ind {' '.join(attrs)}/>" if attrs else ""


_PPR_XML: dict[tuple, str] = {}


@dataclass(slots=True)
class ParagraphProperties:
    """w:pPr as values, so a writer can still change them (keep with next) before the XML is made."""

    style: str | None = None
    line_twips: int | None = None
    ind: str = ""
    align: str | None = None
    outline: int | None = None
    keep_next: bool = False
    page_break_before: bool = False
    borders: str = ""
    tabs: str = ""
    snap_to_grid: bool = True
    space_before_twips: int = 0

    def xml(self) -> str:
        key = (self.style, self.line_twips, self.ind, self.align, self.outline, self.keep_next, self.page_break_before,
               self.borders, self.tabs, self.snap_to_grid, self.space_before_twips)
        made = _PPR_XML.get(key)
        if made is None:  # a document has a handful of distinct paragraph properties, used thousands of times
            if len(_PPR_XML) > 4096:
                _PPR_XML.clear()
            made = _PPR_XML[key] = self._xml()
        return made

    def _xml(self) -> str:
        parts = []
        if self.style:
            parts.append(f'<w:pStyle w:val="{self.style}"/>')
        if self.keep_next:
            parts.append("<w:keepNext/>")
        if self.page_break_before:
            parts.append("<w:pageBreakBefore/>")
        if self.borders:
            parts.append(f"<w:pBdr>{self.borders}</w:pBdr>")
        if self.tabs:
            parts.append(f"<w:tabs>{self.tabs}</w:tabs>")
        if not self.snap_to_grid:
            parts.append('<w:snapToGrid w:val="0"/>')
        if self.line_twips:
            parts.append(f'<w:spacing w:before="{self.space_before_twips}" w:after="0" w:line="{self.line_twips}" '
                         'w:lineRule="exact"/>')
        elif self.space_before_twips:
            parts.append(f'<w:spacing w:before="{self.space_before_twips}" w:after="0"/>')
        parts.append(self.ind)
        if self.align:
            parts.append(f'<w:jc w:val="{self.align}"/>')
        if self.outline is not None:
            parts.append(f'<w:outlineLvl w:val="{self.outline - 1}"/>')
        return "<w:pPr>" + "".join(parts) + "</w:pPr>"


def paragraph_properties(**values) -> str:
    return ParagraphProperties(**values).xml()


def paragraph(ppr: str, runs: str = "") -> str:
    return f"<w:p>{ppr}{runs}</w:p>"


PARAGRAPH_END = b"</w:p>"


def paragraph_opening(properties: ParagraphProperties | None) -> bytes:
    """A body paragraph's XML up to its runs (None: no w:pPr); made once for paragraphs that look alike."""
    return ("<w:p>" + (properties.xml() if properties is not None else "")).encode()


def body_paragraph(properties: ParagraphProperties | None, runs: str = "") -> bytes:
    """A body paragraph as one of the bytes parts :func:`document` joins."""
    return paragraph_opening(properties) + runs.encode() + PARAGRAPH_END


class TextParagraph:
    """Paragraphs of one kind (properties) whose runs are plain text in known formats: the XML
    between the texts is made once, so a paragraph is one encode per run and one join."""

    __slots__ = ("opening", "_formats", "_before", "_after")

    def __init__(self, properties: ParagraphProperties | None, formats: tuple[RunFormat, ...]):
        self.opening = paragraph_opening(properties)
        self._formats = formats
        between = [self.opening]  # around and between the texts
        for run_format in formats:
            between[-1] += run_format.opening
            between.append(_RUN_END)
        between[-1] += PARAGRAPH_END
        self._before, self._after = between[0], between[1:]  # the XML before the first text; after each

    def xml(self, *texts: str) -> bytes:
        """The paragraph of these texts, one per format (what :func:`run` and :func:`paragraph` make)."""
        if len(texts) == 1:  # the most frequent kind, in two joins
            content = texts[0]
            if _TEXT_WORK.search(content) is None and len(content) <= _TEXT_NODE_CHARS:  # _needs_work, inlined
                return self._before + content.encode() + self._after[0]
            return self._with_work(texts)
        parts = [self._before]
        for content, after in zip(texts, self._after):
            if _needs_work(content):
                return self._with_work(texts)
            parts += (content.encode(), after)
        return b"".join(parts)

    def _with_work(self, texts: tuple[str, ...]) -> bytes:
        """Texts to escape, to break into lines or into several text nodes: each run made whole."""
        runs = [run_format.run(content) for run_format, content in zip(self._formats, texts)]
        return self.opening + b"".join(runs) + PARAGRAPH_END


_PPR_START = b"<w:p><w:pPr>"
_KEEP_NEXT = b"<w:keepNext/>"


def keep_with_next(paragraph_xml: bytes) -> bytes:
    """A body paragraph (made here) kept on one page with the next one: the same bytes as with
    ``keep_next=True`` in its properties. w:keepNext goes first in w:pPr but after w:pStyle (CT_PPr)."""
    if not paragraph_xml.startswith(_PPR_START):  # no w:pPr: ParagraphProperties(keep_next=True)
        return _PPR_START + _KEEP_NEXT + b"</w:pPr>" + paragraph_xml[len(b"<w:p>"):]
    at = len(_PPR_START)
    if paragraph_xml.startswith(b"<w:pStyle ", at):
        at = paragraph_xml.index(b"/>", at) + 2
    if paragraph_xml.startswith(_KEEP_NEXT, at):
        return paragraph_xml
    return paragraph_xml[:at] + _KEEP_NEXT + paragraph_xml[at:]


@dataclass(slots=True)
class Table:
    """A body table, made by :func:`table`."""

    content: str

    def xml(self) -> str:
        return self.content


@dataclass(slots=True)
class DrawingParagraph:
    """A paragraph holding one inline drawing (a chart), made whole by :mod:`edureport.writers.charts`."""

    content: str

    def keep_with_next(self) -> None:
        self.content = self.content.replace("<w:pPr>", "<w:pPr><w:keepNext/>", 1)

    def xml(self) -> str:
        return self.content


BodyPart = bytes | Table | DrawingParagraph  # bytes: a paragraph (body_paragraph, paragraph_opening)


def right_tab(position_twips: int) -> str:
    return f'<w:tab w:val="right" w:pos="{position_twips}"/>'


def left_tab(position_twips: int) -> str:
    return f'<w:tab w:val="left" w:pos="{position_twips}"/>'


def tab_run(rpr: str) -> str:
    return f"<w:r>{rpr}<w:tab/></w:r>"


def inline_image(rel_id: str, number: int, name: str, cx: int, cy: int) -> str:
    """A run holding a picture (``rel_id`` points at the image part) of cx × cy EMU."""
    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    return ('<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{number}" name="{attr(name)}"/>'
            '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            f'<a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}">'
            f'<pic:nvPicPr><pic:cNvPr id="{number}" name="{attr(name)}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            "</wp:inline></w:drawing></w:r>")


def with_images(content_types: str, document_rels: str, images: list[tuple[str, str, str]]) -> tuple[str, str]:
    """[Content_Types].xml and document.xml.rels with image parts added: (rel id, file name, content type)."""
    defaults = "".join(f'<Default Extension="{ext}" ContentType="{ctype}"/>' for ext, ctype in
                       sorted({(name.rsplit(".", 1)[-1].lower(), ctype) for _, name, ctype in images}))
    rels = "".join(f'<Relationship Id="{rid}" Type="{_REL}/image" Target="media/{attr(name)}"/>'
                   for rid, name, _ in images)
    return (content_types.replace("<Default Extension=\"xml\"", defaults + "<Default Extension=\"xml\"", 1),
            document_rels.replace("</Relationships>", rels + "</Relationships>"))


# -- tables --------------------------------------------------------------------
def border(side: str, size: int, value: str = "single", *, color: str = "000000", space_pt: int = 0) -> str:
    """A table or paragraph border line; ``size`` in eighths of a point, ``space_pt`` its distance from the text."""
    if size <= 0:
        return f'<w:{side} w:val="nil"/>'
    return (f'<w:{side} w:val="{value}" w:sz="{size}" w:space="{space_pt}" '
            f'w:color="{attr(color.lstrip("#"))}"/>')


def table(rows: list[str], widths: list[int], *, border_size: int, cell_margin: int,
          float_y: int | None = None, borders: str | None = None, cell_margin_vertical: int = 0) -> str:
    """A fixed-layout table of ``widths`` twips, centred in the text block (or floating at
    ``float_y``); cell margins
    ``cell_margin`` left/right and ``cell_margin_vertical`` top/bottom (twips)."""
    if borders is None:
        borders = "".join(border(side, border_size) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    # float_y: a floating table placed float_y twips below the top of the text block
    # (an absolute offset: LibreOffice ignores tblpYSpec="bottom")
    position = ('<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:vertAnchor="margin" '
                f'w:horzAnchor="margin" w:tblpXSpec="center" w:tblpY="{float_y}"/>' if float_y is not None else "")
    props = (f'<w:tblPr>{position}<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
             f"<w:tblBorders>{borders}</w:tblBorders>"
             '<w:tblLayout w:type="fixed"/>'
             f'<w:tblCellMar><w:top w:w="{cell_margin_vertical}" w:type="dxa"/>'
             f'<w:left w:w="{cell_margin}" w:type="dxa"/><w:bottom w:w="{cell_margin_vertical}" w:type="dxa"/>'
             f'<w:right w:w="{cell_margin}" w:type="dxa"/></w:tblCellMar>'
             '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
             'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>')
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    return f"<w:tbl>{props}{grid}{''.join(rows)}</w:tbl>"


def table_row(cells: list[str], *, header: bool = False) -> str:
    """A row that never splits across pages; a header row repeats on every page."""
    props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def table_cell(content: str, width: int, *, v_align: str = "center", grid_span: int = 1,
               v_merge: str | None = None) -> str:
    """A cell; ``grid_span`` columns wide, ``v_merge`` "restart"/"continue" for a cell merged downwards."""
    span = f'<w:gridSpan w:val="{grid_span}"/>' if grid_span > 1 else ""
    merge = f'<w:vMerge w:val="{v_merge}"/>' if v_merge == "restart" else "<w:vMerge/>" if v_merge else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="{v_align}"/></w:tcPr>'
            f"{content}</w:tc>")


# -- anchored text box ---------------------------------------------------------------
_WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_EMU_PER_TWIP = 635


def bottom_text_box(content: str, width_twips: int, height_twips: int, *, shape_id: int, name: str) -> str:
    """A run holding a borderless text box of ``content`` (body XML: tables, paragraphs) whose bottom
    is the text block's bottom edge on the page of its anchor paragraph; body text keeps clear of it
    (wrap top and bottom). Word, WPS and LibreOffice all place such a shape (LibreOffice ignores the
    vertical position of a floating table)."""
    cx, cy = width_twips * _EMU_PER_TWIP, height_twips * _EMU_PER_TWIP
    return (f'<w:r><w:drawing xmlns:wp="{_WP_NS}" xmlns:a="{_A_NS}" xmlns:wps="{_WPS_NS}">'
            '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" '
            'behindDoc="0" locked="1" layoutInCell="1" allowOverlap="0"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
            '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
            f'<wp:docPr id="{shape_id}" name="{attr(name)}"/><wp:cNvGraphicFramePr/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
            f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
            f'<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>'
            '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" '
            'anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            '</w:drawing></w:r>')


# -- document parts --------------------------------------------------------------
_DOCUMENT_START = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>').encode()


def document(body: list[BodyPart], sect_pr: str) -> bytes:
    """word/document.xml as UTF-8, the body's parts joined once."""
    parts = [_DOCUMENT_START]
    parts += [part if part.__class__ is bytes else part.xml().encode() for part in body]
    parts.append(f"{sect_pr}</w:body></w:document>".encode())
    return b"".join(parts)


def section_properties(page: dict, footer_ids: dict[str, str]) -> str:
    refs = "".join(f'<w:footerReference w:type="{kind}" r:id="{rid}"/>' for kind, rid in footer_ids.items())
    return (f"<w:sectPr>{refs}"
            f'<w:pgSz w:w="{page["width"]}" w:h="{page["height"]}"/>'
            f'<w:pgMar w:top="{page["margin_top"]}" w:right="{page["margin_right"]}" '
            f'w:bottom="{page["margin_bottom"]}" w:left="{page["margin_left"]}" '
            f'w:header="{page["header"]}" w:footer="{page["footer"]}" w:gutter="0"/>'
            '<w:pgNumType w:start="1"/><w:cols w:space="425"/>'
            f'<w:docGrid w:type="lines" w:linePitch="{page["line_pitch"]}"/></w:sectPr>')


def footer(paragraph_xml: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{paragraph_xml}</w:ftr>')


def style(style_id: str, name: str, ppr: str, rpr: str, *, kind: str = "paragraph", default: bool = False,
          based_on: str | None = "Normal", ui_priority: int | None = None) -> str:
    attrs = ' w:default="1"' if default else ""
    based = f'<w:basedOn w:val="{based_on}"/><w:next w:val="Normal"/>' if based_on else ""
    priority = f'<w:uiPriority w:val="{ui_priority}"/><w:qFormat/>' if ui_priority is not None else ""
    return (f'<w:style w:type="{kind}" w:styleId="{style_id}"{attrs}><w:name w:val="{name}"/>'
            f"{based}{priority}{ppr}{rpr}</w:style>")


def styles(doc_defaults_rpr: str, doc_defaults_ppr: str, styles_xml: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault>{doc_defaults_rpr}</w:rPrDefault>'
            f"<w:pPrDefault>{doc_defaults_ppr}</w:pPrDefault></w:docDefaults>"
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
            '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
            '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
            '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
            f"{styles_xml}</w:styles>")


def settings() -> str:
    # evenAndOddHeaders: page numbers sit right on odd pages, left on even pages.
    # doNotCompress: full-width punctuation keeps its width, so 28 characters fill a line.
    # Children follow the CT_Settings sequence (defaultTabStop before evenAndOddHeaders): Word is strict.
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
            '<w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat></w:settings>')


def font_table(fonts: list[str]) -> str:
    entries = "".join(f'<w:font w:name="{attr(name)}"><w:charset w:val="86"/><w:family w:val="auto"/></w:font>'
                      if not name.isascii() else f'<w:font w:name="{attr(name)}"><w:family w:val="roman"/></w:font>'
                      for name in fonts)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:fonts xmlns:w="{W_NS}">{entries}</w:fonts>')


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '<Override PartName="/docProps/custom.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
    "</Types>")

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    f'<Relationship Id="rId4" Type="{_REL}/custom-properties" Target="docProps/custom.xml"/>'
    "</Relationships>")

FOOTER_IDS = {"default": "rId11", "even": "rId12"}  # default = odd pages
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rId11" Type="{_REL}/footer" Target="footer1.xml"/>'
    f'<Relationship Id="rId12" Type="{_REL}/footer" Target="footer2.xml"/>'
    "</Relationships>")

APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
       "<Application>edureport</Application></Properties>")


def core_properties(title: str, creator: str, created_iso: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{text(title)}</dc:title><dc:creator>{text(creator)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created_iso}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created_iso}</dcterms:modified>'
            "</cp:coreProperties>")


CUSTOM_PROPERTIES_PART = "docProps/custom.xml"
_CUSTOM_PROPERTY = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"


def read_custom_properties(package: zipfile.ZipFile) -> dict[str, str]:
    """The custom document properties (name → text) of an open .docx package, as any program
    may have saved them (quoting, prefixes, entities); {} when there are none or they are unreadable."""
    from xml.etree import ElementTree  # only for reading existing files: keeps writing's start-up short

    try:
        root = ElementTree.fromstring(package.read(CUSTOM_PROPERTIES_PART))
    except (KeyError, ElementTree.ParseError):
        return {}
    values = {}
    for prop in root.iter(_CUSTOM_PROPERTY):
        value = next(iter(prop), None)  # one vt:* element holds the value
        if prop.get("name") and value is not None:
            values[prop.get("name")] = value.text or ""
    return values


def custom_properties(values: dict[str, str]) -> str:
    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{attr(name)}">'
        f"<vt:lpwstr>{text(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"{props}</Properties>")
