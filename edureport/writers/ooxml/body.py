"""word/document.xml: the body's parts joined once, and the section properties (page size,
margins, footers, line grid) that close it."""
from __future__ import annotations

from edureport.writers.ooxml.drawings import DrawingParagraph
from edureport.writers.ooxml.escaping import R_NS, W_NS
from edureport.writers.ooxml.tables import Table

BodyPart = bytes | Table | DrawingParagraph  # bytes: a paragraph (body_paragraph, paragraph_opening)

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

