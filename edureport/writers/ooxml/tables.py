"""Tables: fixed-layout 公文 tables (rows that never split, a repeated header row, merged cells)
and the border lines tables and paragraphs share."""
from __future__ import annotations

from dataclasses import dataclass

from edureport.writers.ooxml.escaping import attr


@dataclass(slots=True)
class Table:
    """A body table, made by :func:`table`."""

    content: str

    def xml(self) -> str:
        return self.content


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

