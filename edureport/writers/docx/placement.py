"""Tables, pictures and charts placed in the body: a 公文 table exactly text-block wide with its
merged cells, a picture no wider than the text block, a chart's drawing (its parts come later)."""
from __future__ import annotations

from edureport.core import textmetrics as layout
from edureport.document.model import Chart, Image, Table
from edureport.writers import ooxml as x


class PlacementBlocks:
    """Block handlers of :class:`~edureport.writers.docx.blocks.BlockWriter` for tables, pictures and charts."""

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



def image_name(number: int, image: Image) -> str:
    extension = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/bmp": "bmp",
                 "image/tiff": "tiff", "image/x-emf": "emf", "image/x-wmf": "wmf"}.get(image.content_type, "bin")
    return f"image{number}.{extension}"

