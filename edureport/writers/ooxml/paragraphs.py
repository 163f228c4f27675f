"""Paragraphs: their properties (pPr, in the order CT_PPr wants), tab stops, and the fast paths
for body text: the XML of a kind of paragraph between its texts is made once (:class:`TextParagraph`)
and a body paragraph is UTF-8 bytes, kept with the next one by :func:`keep_with_next`."""
from __future__ import annotations

from dataclasses import dataclass

from edureport.writers.ooxml.escaping import find_text_work
from edureport.writers.ooxml.runs import RUN_END, TEXT_NODE_CHARS, RunFormat, needs_work


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
            between.append(RUN_END)
        between[-1] += PARAGRAPH_END
        self._before, self._after = between[0], between[1:]  # the XML before the first text; after each

    def xml(self, *texts: str) -> bytes:
        """The paragraph of these texts, one per format (what :func:`run` and :func:`paragraph` make)."""
        if len(texts) == 1:  # the most frequent kind, in two joins
            content = texts[0]
            if find_text_work(content) is None and len(content) <= TEXT_NODE_CHARS:  # needs_work, inlined
                return self._before + content.encode() + self._after[0]
            return self._with_work(texts)
        parts = [self._before]
        for content, after in zip(texts, self._after):
            if needs_work(content):
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


def right_tab(position_twips: int) -> str:
    return f'<w:tab w:val="right" w:pos="{position_twips}"/>'


def left_tab(position_twips: int) -> str:
    return f'<w:tab w:val="left" w:pos="{position_twips}"/>'
