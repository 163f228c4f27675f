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
This layer also reads back what other programs may have changed: the custom
document properties (:func:`read_custom_properties`).

Modules by concern; writers use this package's names (``from edureport.writers import ooxml as x``):

- :mod:`.escaping`   namespaces, escaping of text and attribute values
- :mod:`.runs`       run properties, runs, :class:`RunFormat`, fields, tabs, page breaks
- :mod:`.paragraphs` paragraph properties, :class:`TextParagraph` (kinds of paragraph made once), tab stops
- :mod:`.tables`     tables, rows, cells, border lines
- :mod:`.drawings`   inline pictures, the text box at the foot of the page, chart paragraphs
- :mod:`.body`       document.xml: the body's parts and the section (page) properties
- :mod:`.parts`      the fixed parts: styles, settings, fonts, footers, content types, relationships
- :mod:`.properties` core and custom document properties, written and read back
"""
from __future__ import annotations

from edureport.writers.ooxml.body import BodyPart, document, section_properties
from edureport.writers.ooxml.drawings import DrawingParagraph, bottom_text_box, inline_image, with_images
from edureport.writers.ooxml.escaping import R_NS, W_NS, attr, text
from edureport.writers.ooxml.paragraphs import (
    PARAGRAPH_END,
    ParagraphProperties,
    TextParagraph,
    body_paragraph,
    indent,
    keep_with_next,
    left_tab,
    paragraph,
    paragraph_opening,
    paragraph_properties,
    right_tab,
)
from edureport.writers.ooxml.parts import (
    APP,
    CONTENT_TYPES,
    DOCUMENT_RELS,
    FOOTER_IDS,
    PACKAGE_RELS,
    font_table,
    footer,
    settings,
    style,
    styles,
)
from edureport.writers.ooxml.properties import (
    CUSTOM_PROPERTIES_PART,
    core_properties,
    custom_properties,
    read_custom_properties,
)
from edureport.writers.ooxml.runs import RunFormat, field_runs, page_break_run, run, run_properties, tab_run
from edureport.writers.ooxml.tables import Table, border, table, table_cell, table_row

__all__ = [
    "APP", "BodyPart", "CONTENT_TYPES", "CUSTOM_PROPERTIES_PART", "DOCUMENT_RELS", "DrawingParagraph", "FOOTER_IDS",
    "PACKAGE_RELS", "PARAGRAPH_END", "ParagraphProperties", "R_NS", "RunFormat", "Table", "TextParagraph", "W_NS",
    "attr", "body_paragraph", "border", "bottom_text_box", "core_properties", "custom_properties", "document",
    "field_runs", "font_table", "footer", "indent", "inline_image", "keep_with_next", "left_tab", "page_break_run",
    "paragraph", "paragraph_opening", "paragraph_properties", "read_custom_properties", "right_tab", "run",
    "run_properties", "section_properties", "settings", "style", "styles", "tab_run", "table", "table_cell",
    "table_row", "text", "with_images",
]
