"""The end of a document: 附件说明, the signature (署名, 成文日期) kept with the text before it,
attachment pages and the 版记 at the foot of the last page (GB/T 9704 7.3.3–7.4)."""
from __future__ import annotations

import math

from edureport.core import textmetrics as layout
from edureport.document.model import AttachmentNote, AttachmentPage, Imprint, Signature, Title
from edureport.document.passes import CC_LABEL
from edureport.writers import ooxml as x


class ClosingBlocks:
    """Block handlers of :class:`~edureport.writers.docx.blocks.BlockWriter` for the closing parts."""

    def _keep_with_closing(self, out: list[x.BodyPart]) -> None:
        """Keep the paragraph before 附件说明/署名 on their page, so a signature never stands alone."""
        if out and isinstance(out[-1], bytes):  # a paragraph; not a table or a chart
            out[-1] = x.keep_with_next(out[-1])

    def _attachmentnote(self, block: AttachmentNote, out: list[x.BodyPart]) -> None:
        style = self.style("attachment_note")
        self._keep_with_closing(out)
        self._blank(out)
        self._keep_with_closing(out)
        label = block.label
        if not block.numbers:
            for item in block.items:
                name_start = 2 + layout.text_width(label)
                out.append(x.body_paragraph(style.ppr(left=name_start, hanging=name_start - 2, keep_next=True),
                                       x.run(label + item, style.rpr)))
            return
        for index, (number, item) in enumerate(zip(block.numbers, block.items)):
            prefix = label if index == 0 else ""
            number_start = 2 + layout.text_width(label)
            name_start = number_start + layout.text_width(number)
            line_start = 2 if index == 0 else number_start
            out.append(x.body_paragraph(style.ppr(left=name_start, hanging=name_start - line_start, keep_next=True),
                                   x.run(f"{prefix}{number}{item}", style.rpr)))

    def _signature(self, block: Signature, out: list[x.BodyPart]) -> None:
        style = self.style("signature")
        margin = float(self.profile.role_options("signature").get("indent_right", 2))
        org_right, date_right = layout.signature_offsets(block.org, block.date, margin=margin)
        self._keep_with_closing(out)
        self._blank(out)
        self._keep_with_closing(out)
        out.append(x.body_paragraph(style.ppr(first=0, right=org_right, align="right", keep_next=True),
                               x.run(block.org, style.rpr)))
        if block.date:
            out.append(x.body_paragraph(style.ppr(first=0, right=date_right, align="right"),
                                   x.run(block.date, style.rpr)))

    def _attachmentpage(self, block: AttachmentPage, out: list[x.BodyPart]) -> None:
        self._break_pending = False
        label = self.style("attachment_label")
        out.append(x.body_paragraph(label.ppr(first=0, page_break_before=True), x.run(block.label, label.rpr)))
        self._blank(out)
        if block.title:
            self._title(Title(block.title), out, role="attachment_title")
            self._blank(out)

    def _imprint(self, block: Imprint, out: list[x.BodyPart]) -> None:
        """版记 (GB/T 9704 7.4): a table with thick first and last rules and thin rules between, as wide as
        the text block, in a text box anchored to the last paragraph whose bottom is the text block's
        bottom edge: the foot of the last page in Word, WPS and LibreOffice (hence the PDF)."""
        style = self.style("imprint")
        settings = self.profile.data.get("imprint", {})
        thick, thin = int(settings.get("thick_rule", 8)), int(settings.get("thin_rule", 6))
        width = self.profile.text_width
        rows = []
        if block.cc_line:
            hanging = layout.text_width(CC_LABEL)
            ppr = style.ppr(first=0, left=style.role.indent_left + hanging, hanging=hanging)
            rows.append((block.cc_line, x.paragraph(ppr.xml(), x.run(block.cc_line, style.rpr))))
        tab_pos = width - 2 * 85 - round(style.role.indent_right * style.char_twips)
        ppr = style.ppr(first=0, tabs=x.right_tab(tab_pos), align="left")
        rows.append((block.printer, x.paragraph(ppr.xml(), x.run(block.printer, style.rpr) + x.tab_run(style.rpr) +
                                                x.run(block.issued, style.rpr))))
        usable = (width - 2 * 85) / style.char_twips - style.role.indent_left - style.role.indent_right
        text_lines = sum(max(1, math.ceil(layout.measure(text) / usable)) for text, _ in rows)
        cells = [x.table_row([x.table_cell(p, width)]) for _, p in rows]
        borders = (x.border("top", thick) + x.border("left", 0) + x.border("bottom", thick) +
                   x.border("right", 0) + x.border("insideH", thin) + x.border("insideV", 0))
        table = x.table(cells, [width], border_size=thin, cell_margin=85, borders=borders)
        # a text box ends with a paragraph: one point high, so the last rule sits on the text block's bottom
        closing = x.paragraph(x.paragraph_properties(line_twips=20, snap_to_grid=False),
                              x.run("", x.run_properties(style.role.font, style.role.latin, 2)))
        height = text_lines * (style.line or 440) + (2 * thick + thin) * 5 // 2 + 20 + 40
        box = x.bottom_text_box(table + closing, width, height, shape_id=1001, name="版记")
        anchor = x.ParagraphProperties(line_twips=20, snap_to_grid=False)  # takes no room of its own
        out.append(x.body_paragraph(anchor, box))

