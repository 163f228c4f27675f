"""The head of a document: 份号/密级/紧急程度, the red 版头 with the 发文字号 (and 签发人), the title,
subtitle and 主送机关 (GB/T 9704 7.2, 7.3.1–7.3.2)."""
from __future__ import annotations

from edureport.core import textmetrics as layout
from edureport.core.titles import balance_title
from edureport.document.model import Marks, Recipient, RedHead, Subtitle, Title
from edureport.writers import ooxml as x


class HeadBlocks:
    """Block handlers of :class:`~edureport.writers.docx.blocks.BlockWriter` for the document head."""

    def _marks(self, block: Marks, out: list[x.BodyPart]) -> None:
        """份号, 密级★保密期限, 紧急程度 flush left, one per line (GB/T 9704 7.2.1–7.2.3)."""
        style = self.style("head_mark")
        for line in block.lines:
            ppr = style.ppr(first=0, left=0, align="left", page_break_before=self._take_break())
            out.append(x.body_paragraph(ppr, x.run(line, style.rpr)))

    def _redhead(self, block: RedHead, out: list[x.BodyPart]) -> None:
        """版头 (GB/T 9704 7.2): red 发文机关标志 sized to fit one line, its top 35 mm below the text block's
        top; 发文字号 two lines below (with 签发人 on its line in a 上行文); the red line 4 mm under it."""
        settings = self.profile.redhead or {}
        if block.org_text:
            role = self.style("redhead").role
            chars = max(layout.text_width(block.org_text), 1)
            fitting = self.profile.text_width / 20 / chars - role.char_spacing
            size = max(min(role.size, fitting), float(settings.get("min_size", 16)))
            half_points = int(size * 2)
            rpr = x.run_properties(role.font, role.latin, half_points, bold=role.bold,
                                   spacing_twips=round(role.char_spacing * 20), color=role.color)
            above = block.lines_above * (self.style("head_mark").line or 579)  # the marks' lines count in the 35 mm
            ppr = x.ParagraphProperties(line_twips=round(half_points * 10 * float(settings.get("line_factor", 1.2))),
                                        align="center", snap_to_grid=False, page_break_before=self._take_break(),
                                        space_before_twips=max(0, _mm_twips(settings.get("top_mm", 0)) - above))
            out.append(x.body_paragraph(ppr, x.run(block.org_text, rpr)))
            if block.number or block.signers:
                for _ in range(int(settings.get("blank_lines_before_number", 2))):
                    self._blank(out)
        if block.number or block.signers:
            self._doc_number_lines(block, out)
        if not block.org_text:  # no red head: one blank line between the 发文字号 and the title
            self._blank(out)
            return
        rule = settings.get("rule", {})
        line = x.border("bottom", int(rule.get("width", 12)), color=str(rule.get("color", "FF0000")))
        out.append(x.body_paragraph(x.ParagraphProperties(line_twips=max(_mm_twips(rule.get("gap_mm", 4)), 20),
                                                     borders=line, snap_to_grid=False)))
        for _ in range(int(settings.get("blank_lines_after", 2))):
            self._blank(out)

    def _doc_number_lines(self, block: RedHead, out: list[x.BodyPart]) -> None:
        """发文字号 centred; in a 上行文 it sits 1 character in from the left and the 签发人 1 character in
        from the right on the same line, two names a line, the 发文字号 on the line of the last ones (7.2.6)."""
        number = self.style("doc_number")
        if not block.signers:
            out.append(x.body_paragraph(number.ppr(first=0, align="center", page_break_before=self._take_break()),
                                   x.run(block.number, number.rpr)))
            return
        names = self.style("signer_name")
        rows = [block.signers[i:i + 2] for i in range(0, len(block.signers), 2)]
        label = block.signer_label
        # the 签发人 block ends 1 character in from the right; later rows' names line up under the first name
        char = number.char_twips
        label_width = round(layout.text_width(label) * char)
        widest = max(round(layout.text_width("\u3000".join(row)) * char) for row in rows)
        label_at = self.profile.text_width - char - widest - label_width
        tabs = x.left_tab(label_at) + x.left_tab(label_at + label_width)
        for index, row in enumerate(rows):
            last = index == len(rows) - 1
            lead = x.run(block.number, number.rpr) if last else ""
            signer = (x.tab_run(number.rpr) + x.run(label, number.rpr) if index == 0
                      else x.tab_run(number.rpr) + x.tab_run(number.rpr))
            ppr = number.ppr(first=0, left=1, align="left", tabs=tabs, page_break_before=self._take_break())
            out.append(x.body_paragraph(ppr, lead + signer + x.run("\u3000".join(row), names.rpr)))

    def _title(self, block: Title, out: list[x.BodyPart], role: str = "title") -> None:
        style = self.style(role)
        per_line = float(self.profile.role_options(role).get("chars_per_line", 20))
        lines = balance_title(block.text, per_line)
        runs = x.run("\x0b".join(lines), style.rpr)
        out.append(x.body_paragraph(style.ppr(style="Title", page_break_before=self._take_break()), runs))

    def _subtitle(self, block: Subtitle, out: list[x.BodyPart]) -> None:
        style = self.style("subtitle")
        out.append(x.body_paragraph(style.ppr(), x.run(block.text, style.rpr)))

    def _recipient(self, block: Recipient, out: list[x.BodyPart]) -> None:
        style = self.style("recipient")
        out.append(x.body_paragraph(style.ppr(first=0), x.run(block.text, style.rpr)))


def _mm_twips(mm) -> int:
    return round(float(mm) * 1440 / 25.4)
