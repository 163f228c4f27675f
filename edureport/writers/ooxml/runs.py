"""Runs: their properties (rPr, all four font slots), text nodes, breaks, tabs and fields. The XML
of a run up to its text is made once per formatting (:class:`RunFormat`)."""
from __future__ import annotations

from edureport.writers.ooxml.escaping import attr, find_text_work, text


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


TEXT_NODE_CHARS = 1_000_000  # XML readers (lxml, hence python-docx) refuse text nodes over 10 MB
RUN_END = b"</w:t></w:r>"


def needs_work(content: str) -> bool:
    """Whether a run's text needs more than encoding: escapes, line breaks, dropped characters, several nodes."""
    return find_text_work(content) is not None or len(content) > TEXT_NODE_CHARS


class RunFormat:
    """One run formatting (its rPr) with the XML of a run up to the text made once: a document's
    thousands of runs share a handful of formats, so a run is one encode and two joins."""

    __slots__ = ("rpr", "opening")

    def __init__(self, rpr: str):
        self.rpr = rpr
        self.opening = f'<w:r>{rpr}<w:t xml:space="preserve">'.encode()  # up to the text

    def run(self, content: str) -> bytes:
        """:func:`run` as UTF-8 bytes."""
        if needs_work(content):
            return run(content, self.rpr).encode()
        return self.opening + content.encode() + RUN_END


def _text_nodes(content: str) -> str:
    """One <w:t>, or several in a row for a giant text (a run may hold many)."""
    if len(content) <= TEXT_NODE_CHARS:
        return f'<w:t xml:space="preserve">{text(content)}</w:t>'
    return "".join(f'<w:t xml:space="preserve">{text(content[i:i + TEXT_NODE_CHARS])}</w:t>'
                   for i in range(0, len(content), TEXT_NODE_CHARS))


def page_break_run() -> str:
    return '<w:r><w:br w:type="page"/></w:r>'


def field_runs(instruction: str, placeholder: str, rpr: str) -> str:
    """A complex field (PAGE, NUMPAGES) that Word and LibreOffice both update."""
    return (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{rpr}<w:t>{text(placeholder)}</w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')


def tab_run(rpr: str) -> str:
    return f"<w:r>{rpr}<w:tab/></w:r>"
