"""The .docx writer: document model + style profile → Word file bytes."""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import math
from collections.abc import Callable
from functools import lru_cache

from edureport.core import textmetrics as layout
from edureport.core.titles import balance_title
from edureport.document.model import (
    AttachmentNote,
    AttachmentPage,
    Chart,
    Document,
    Heading,
    Image,
    Imprint,
    Marks,
    PageBreak,
    Paragraph,
    Recipient,
    RedHead,
    Run,
    Signature,
    Subtitle,
    Table,
    Title,
)
from edureport.document.passes import CC_LABEL
from edureport.styles.profile import Profile, Role
from edureport.writers import ooxml as x
from edureport.writers.package import CompressedPart, compress, zip_package

FINGERPRINT_PROPERTY = "edureport-fingerprint"


def _line(role: Role) -> int | None:
    return round(role.line * 20) if role.line else None


class _RoleStyle:
    """Pre-built XML fragments for one role (built once per profile)."""

    def __init__(self, role: Role):
        self.role = role
        spacing = round(role.char_spacing * 20)
        self.rpr = x.run_properties(role.font, role.latin, role.half_points, bold=role.bold, spacing_twips=spacing,
                                    color=role.color)
        self.rpr_bold = x.run_properties(role.font, role.latin, role.half_points, bold=True, spacing_twips=spacing,
                                         color=role.color)
        self.plain = x.RunFormat(self.rpr)
        self.bolder = x.RunFormat(self.rpr_bold) if not role.bold else self.plain  # a bold run of a regular role
        self.line = _line(role)
        self.char_twips = round(role.size * 20)
        self.indents: dict[tuple, str] = {}  # (first, left, right, hanging) → w:ind

    def runs(self, runs: list[Run]) -> bytes:
        if len(runs) == 1:  # most paragraphs
            return self.run(runs[0])
        return b"".join([self.run(r) for r in runs])

    def run(self, r: Run) -> bytes:
        if r.italic or r.underline or r.color:
            return x.run(r.text, self.emphasis(r)).encode()
        return (self.bolder if r.bold else self.plain).run(r.text)

    def run_of(self, text: str, bold: bool, italic: bool) -> bytes:
        """A run of this role's colour, not underlined (headings keep only bold and italic)."""
        return self.run(Run(text, bold, italic)) if italic else (self.bolder if bold else self.plain).run(text)

    def emphasis(self, r: Run) -> str:
        """rPr for a run with italic, underline or a colour of its own (kept from a document that was read)."""
        role = self.role
        return x.run_properties(role.font, role.latin, role.half_points, bold=role.bold or r.bold,
                                italic=r.italic, underline=r.underline, color=r.color or role.color,
                                spacing_twips=round(role.char_spacing * 20))

    def ppr(self, *, style: str | None = None, align: str | None = None, first: float | None = None,
            left: float | None = None, right: float | None = None, hanging: float = 0,
            **extra) -> x.ParagraphProperties:
        role = self.role
        ind = self.indents.get((first, left, right, hanging))
        if ind is None:
            ind = self.indents[first, left, right, hanging] = x.indent(
                first_chars=role.indent if first is None else first,
                left_chars=role.indent_left if left is None else left,
                right_chars=role.indent_right if right is None else right,
                hanging_chars=hanging, char_twips=self.char_twips)
        return x.ParagraphProperties(style=style, line_twips=self.line, ind=ind,
                                     align=align or role.align, outline=role.outline, **extra)


class DocxWriter:
    """Writes documents in one style profile; reuse it for many documents, from any thread: each
    document is written by a shallow copy (its own pending break, images and charts) that shares
    the profile's caches (roles, kinds of paragraph, static parts)."""

    def __init__(self, profile: Profile):
        self.profile = profile
        self.roles: dict[str, _RoleStyle] = {}
        self._handlers: dict[type, Callable] = {}  # block type → the (unbound) method that writes it
        # kinds of paragraph made once: (role, page break before) and (level, keep with next, with text, break)
        self._paragraph_kinds: dict[tuple[str, bool], x.TextParagraph] = {}
        self._heading_kinds: dict[tuple[int, bool, bool, bool], x.TextParagraph] = {}
        self._body = self.style("body")
        self.static_parts = self._static_parts()
        self.static_package = [compress(name, content) for name, content in self.static_parts.items()]
        self.section_xml = x.section_properties(profile.page, x.FOOTER_IDS)

    def style(self, name: str, base: str | None = None) -> _RoleStyle:
        key = f"{name}<{base}" if base else name
        if key not in self.roles:
            self.roles[key] = _RoleStyle(self.profile.role(name, base))
        return self.roles[key]

    # -- static package parts, built once ----------------------------------------
    def _static_parts(self) -> dict[str, bytes]:
        profile = self.profile
        body = self.style("body")
        defaults_rpr = x.run_properties(body.role.font, body.role.latin, body.role.half_points)
        defaults_ppr = x.paragraph_properties(line_twips=body.line)
        styles = [x.style("Normal", "Normal", x.paragraph_properties(line_twips=body.line, align="both"),
                          defaults_rpr, default=True, based_on=None, ui_priority=0)]
        for level in range(1, 5):
            heading = self.style(f"heading{level}")
            styles.append(x.style(f"Heading{level}", f"heading {level}", heading.ppr().xml(), heading.rpr,
                                  ui_priority=9))
        title = self.style("title")
        styles.append(x.style("Title", "Title", title.ppr().xml(), title.rpr, ui_priority=10))
        parts = {
            "[Content_Types].xml": x.CONTENT_TYPES,
            "_rels/.rels": x.PACKAGE_RELS,
            "word/_rels/document.xml.rels": x.DOCUMENT_RELS,
            "word/styles.xml": x.styles(defaults_rpr, defaults_ppr, "".join(styles)),
            "word/settings.xml": x.settings(),
            "word/fontTable.xml": x.font_table(sorted(profile.fonts())),
            "word/footer1.xml": x.footer(self._page_number("odd")),
            "word/footer2.xml": x.footer(self._page_number("even")),
            "docProps/app.xml": x.APP,
        }
        return {name: content.encode("utf-8") for name, content in parts.items()}

    def _page_number(self, parity: str) -> str:
        options = self.profile.role_options("page_number")
        style = self.style("page_number")
        side = options.get(parity, "right" if parity == "odd" else "left")
        offset = float(options.get("offset", 1))
        before, _, after = str(options.get("format", "— {page} —")).partition("{page}")
        ppr = style.ppr(align=side, first=0, left=offset if side == "left" else 0,
                        right=offset if side == "right" else 0, snap_to_grid=False)
        runs = x.run(before, style.rpr) + x.field_runs("PAGE", "1", style.rpr) + x.run(after, style.rpr)
        return x.paragraph(ppr.xml(), runs)

    # -- blocks ---------------------------------------------------------------------
    def write(self, document: Document, properties: dict[str, str] | None = None) -> bytes:
        return copy.copy(self)._write(document, properties)

    def _write(self, document: Document, properties: dict[str, str] | None) -> bytes:
        document_xml = x.document(self.body_parts(document), self.section_xml)
        custom = dict(properties or {})
        custom[FINGERPRINT_PROPERTY] = fingerprint(document_xml)
        created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
        parts = self.static_package if not self._images else self._static_parts_with_images()
        parts = parts + [compress(f"word/media/{_image_name(number, image)}", image.data)
                         for number, image in enumerate(self._images, 1)]
        parts.append(compress("word/document.xml", document_xml))
        parts.append(compress("docProps/core.xml",
                              x.core_properties(document.title, document.author, created).encode("utf-8")))
        parts.append(compress("docProps/custom.xml", x.custom_properties(custom).encode("utf-8")))
        package = zip_package(parts)
        if self._charts:  # hook (issue 17): chart parts, their rels and content types
            from edureport.writers.charts import add_chart_parts

            return add_chart_parts(package, self._charts, self.profile)
        return package

    def _static_parts_with_images(self) -> list[CompressedPart]:
        """The shared parts with the pictures' relationships and content types (documents that were read)."""
        parts = dict(self.static_parts)
        images = [(f"rIdImage{n}", _image_name(n, image), image.content_type) for n, image in enumerate(self._images, 1)]
        types, rels = x.with_images(parts["[Content_Types].xml"].decode("utf-8"),
                                    parts["word/_rels/document.xml.rels"].decode("utf-8"), images)
        parts["[Content_Types].xml"], parts["word/_rels/document.xml.rels"] = types.encode(), rels.encode()
        return [compress(name, content) for name, content in parts.items()]

    def body_parts(self, document: Document) -> list[x.BodyPart]:
        out: list[x.BodyPart] = []
        self._break_pending = False
        self._images: list[Image] = []  # Image blocks met so far, numbered in order
        self._charts: list[Chart] = []  # Chart blocks met so far, numbered in order
        in_title_group = False
        for block in document.blocks:
            kind = type(block)
            starts_title = kind is Title or kind is Subtitle
            if in_title_group and not starts_title:  # one blank line under the title (and subtitle)
                for _ in range(int(self.profile.role_options("title").get("blank_after", 0))):
                    self._blank(out)
            in_title_group = starts_title
            handler = self._handlers.get(kind)
            if handler is None:
                handler = self._handlers[kind] = getattr(DocxWriter, f"_{kind.__name__.lower()}")
            handler(self, block, out)
        if self._break_pending:
            out.append(x.body_paragraph(None, x.page_break_run()))
        if not out or isinstance(out[-1], x.Table):  # a body must end with a paragraph
            out.append(x.body_paragraph(self.style("body").ppr(first=0)))
        return out

    def _take_break(self) -> bool:
        pending, self._break_pending = self._break_pending, False
        return pending

    def _blank(self, out: list[x.BodyPart], role: str = "body") -> None:
        out.append(x.body_paragraph(self.style(role).ppr(first=0, page_break_before=self._take_break())))

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

    def _heading(self, block: Heading, out: list[x.BodyPart]) -> None:
        body = block.body  # None: a heading line of its own, kept with the next paragraph
        key = (block.level, body is None, bool(body), self._break_pending)  # the pending page break is taken here
        self._break_pending = False
        kind = self._heading_kinds.get(key)
        if kind is None:
            kind = self._heading_kinds[key] = self._heading_kind(*key)
        runs = block.runs
        number = block.number or ""  # in the first run with the heading text, so Word shows one font change
        if len(runs) == 1 and not (runs[0].bold or runs[0].italic) and (not body or len(body) == 1 and _is_plain(body[0])):
            out.append(kind.xml(number + runs[0].text, body[0].text) if body else kind.xml(number + runs[0].text))
            return
        style = self.style(f"heading{block.level}")
        if runs:  # headings keep only bold and italic of their runs
            xml = style.run_of(number + runs[0].text, runs[0].bold, runs[0].italic)
            for more in runs[1:]:
                xml += style.run_of(more.text, more.bold, more.italic)
        else:
            xml = style.plain.run(number)
        if body:
            xml += self._body.runs(body)
        out.append(kind.opening + xml + x.PARAGRAPH_END)

    def _heading_kind(self, level: int, keep_next: bool, with_body: bool, page_break_before: bool) -> x.TextParagraph:
        style = self.style(f"heading{level}")
        ppr = style.ppr(style=f"Heading{level}", keep_next=keep_next, page_break_before=page_break_before)
        return x.TextParagraph(ppr, (style.plain, self._body.plain) if with_body else (style.plain,))

    def _paragraph(self, block: Paragraph, out: list[x.BodyPart]) -> None:
        key = (block.role, self._break_pending)  # the pending page break is taken here
        self._break_pending = False
        kind = self._paragraph_kinds.get(key)
        if kind is None:
            kind = self._paragraph_kinds[key] = self._paragraph_kind(*key)
        runs = block.runs
        if len(runs) == 1 and not (runs[0].bold or runs[0].italic or runs[0].underline or runs[0].color):  # most
            out.append(kind.xml(runs[0].text))
        else:
            out.append(kind.opening + self._body.runs(runs) + x.PARAGRAPH_END)

    def _paragraph_kind(self, role: str, page_break_before: bool) -> x.TextParagraph:
        first = 0 if role in ("plain", "center") else None
        align = "center" if role == "center" else None
        ppr = self._body.ppr(first=first, align=align, page_break_before=page_break_before)
        return x.TextParagraph(ppr, (self._body.plain,))

    def _image(self, block: Image, out: list[x.BodyPart]) -> None:
        """A picture centred on its own line, no wider than the text block."""
        self._images.append(block)
        number = len(self._images)
        max_cx = self.profile.text_width * 635
        scale = min(1.0, max_cx / block.width_emu) if block.width_emu else 1.0
        ppr = x.ParagraphProperties(align="center", snap_to_grid=False, page_break_before=self._take_break())
        out.append(x.body_paragraph(ppr, x.inline_image(f"rIdImage{number}", number, block.name or f"图片{number}",
                                                   round(block.width_emu * scale), round(block.height_emu * scale))))

    def _chart(self, block: Chart, out: list[x.BodyPart]) -> None:
        from edureport.writers.charts import chart_paragraph

        self._charts.append(block)
        out.append(x.DrawingParagraph(chart_paragraph(block, len(self._charts), self.profile)))

    def _pagebreak(self, block: PageBreak, out: list[x.BodyPart]) -> None:
        self._break_pending = True

    def _table(self, block: Table, out: list[x.BodyPart]) -> None:
        """A 公文 table: full borders, 黑体 header row repeated on every page, rows that
        never split, cells centred vertically, numbers right-aligned, exactly text-block wide."""
        if self._take_break():
            out.append(x.body_paragraph(None, x.page_break_run()))
        elif out and isinstance(out[-1], x.Table):
            self._blank(out)  # two tables in a row would merge into one
        role = "table_dense" if block.dense else "table"
        cell_style = self.style(role)
        head_style = self.style("table_header", role)
        settings = self.profile.data.get("table", {})
        margin = int(settings.get("cell_margin", 85))
        widths = layout.column_widths(block.header, block.rows, self.profile.text_width,
                                      char_twips=round(cell_style.role.size * 20), padding_twips=2 * margin)
        columns = len(widths)
        align = [self._column_align(block, col) for col in range(columns)]
        rows = []
        if block.header:
            head_ppr = head_style.ppr(first=0, left=0, right=0, align="center", snap_to_grid=False).xml()
            cells = _cells([x.paragraph(head_ppr, x.run(t, head_style.rpr)) for t in block.header], widths, 0,
                           block.merged)
            rows.append(x.table_row(cells, header=block.repeat_header))
        cell_pprs = [cell_style.ppr(first=0, left=0, right=0, align=a, snap_to_grid=False).xml() for a in align]
        for number, row in enumerate(block.rows, 1):
            row = list(row) + [""] * (columns - len(row))
            cells = _cells([x.paragraph(cell_pprs[col], x.run(row[col], cell_style.rpr)) for col in range(columns)],
                           widths, number, block.merged)
            rows.append(x.table_row(cells))
        out.append(x.Table(x.table(rows, widths, border_size=int(settings.get("border", 4)), cell_margin=margin,
                                   cell_margin_vertical=int(settings.get("cell_margin_vertical", 0)))))

    @staticmethod
    def _column_align(block: Table, col: int) -> str:
        wanted = block.align[col] if col < len(block.align) else "left"
        if wanted != "left":
            return "both" if wanted == "justify" else wanted
        values = [r[col] for r in block.rows if col < len(r) and r[col].strip()]
        if values and all(layout.is_numeric_cell(v) for v in values):
            return "right"
        return "left"

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


def _cells(contents: list[str], widths: list[int], row: int, merged: list[tuple[int, int, int, int]]) -> list[str]:
    """One row's cells; a merged cell spans its columns and continues down its rows."""
    if not merged:
        return [x.table_cell(c, w) for c, w in zip(contents, widths)]
    cells, col = [], 0
    while col < len(contents):
        merge = next((m for m in merged if m[1] == col and m[0] <= row < m[0] + m[2]), None)
        if merge is None:
            cells.append(x.table_cell(contents[col], widths[col]))
            col += 1
            continue
        first_row, _, rows, columns = merge
        v_merge = None if rows == 1 else "restart" if row == first_row else "continue"
        content = contents[col] if row == first_row else x.paragraph("")
        cells.append(x.table_cell(content, sum(widths[col:col + columns]), grid_span=columns, v_merge=v_merge))
        col += max(columns, 1)
    return cells


def _is_plain(run: Run) -> bool:
    return not (run.bold or run.italic or run.underline or run.color)


def _image_name(number: int, image: Image) -> str:
    extension = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/bmp": "bmp",
                 "image/tiff": "tiff", "image/x-emf": "emf", "image/x-wmf": "wmf"}.get(image.content_type, "bin")
    return f"image{number}.{extension}"


def _mm_twips(mm) -> int:
    return round(float(mm) * 1440 / 25.4)


def fingerprint(document_xml: bytes) -> str:
    return hashlib.sha256(document_xml).hexdigest()[:32]


@lru_cache(maxsize=16)
def writer_for(profile: Profile) -> DocxWriter:
    return DocxWriter(profile)


def write_docx(document: Document, profile: Profile, properties: dict[str, str] | None = None) -> bytes:
    return writer_for(profile).write(document, properties)
