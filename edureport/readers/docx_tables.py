"""A Word table read into the document model: its rows with cells spanning columns (gridSpan) or
continuing downwards (vMerge) kept as merges; a one-column table of 抄送 / 印发 lines is the 版记."""
from __future__ import annotations

import re

from docx.oxml.ns import qn

from edureport.checker.roles import Classified
from edureport.document.model import Imprint, Table
from edureport.templating.filters import CELL_BREAK

_CC = re.compile(r"^\s*抄\s*送\s*[：:]\s*")
_PRINTED = re.compile(r"^(?P<printer>.*?)(?:\t+|\s{2,}|\u3000+)(?P<date>\S.*?)\s*印\s*发\s*$")


def table_block(items: list[Classified], texts: dict[int, str]) -> Table | Imprint:
    """The table holding ``items`` (its paragraphs); ``texts``: each paragraph's text (by id of its element), fixed."""
    tbl = next(items[0].paragraph.element.iterancestors(qn("w:tbl")))
    cells = [t for t in texts.values() if t]
    if any(i.role == "imprint" for i in items) and len(cells) <= 3 and \
            all(len(tr.findall(qn("w:tc"))) == 1 for tr in tbl.findall(qn("w:tr"))):
        return imprint_block(cells)  # a one-column table of 抄送 / 印发 lines: the 版记
    rows: list[list[str]] = []
    merged: list[list[int]] = []  # row, column, rows, columns
    downwards: dict[int, list[int]] = {}  # column → the merge a vMerge there continues
    for row_index, tr in enumerate(tbl.findall(qn("w:tr"))):
        row: list[str] = []
        for tc in tr.findall(qn("w:tc")):
            span_el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            vmerge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            continued = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
            column = len(row)
            if continued and column in downwards:
                downwards[column][2] += 1
                text = ""
            else:
                text = CELL_BREAK.join(t for t in (texts.get(id(c), "") for c in tc.findall(qn("w:p"))) if t)
                if span > 1 or vmerge is not None:
                    merged.append([row_index, column, 1, span])
                    if vmerge is not None:
                        downwards[column] = merged[-1]
                    else:
                        downwards.pop(column, None)
                else:
                    downwards.pop(column, None)
            row += [text] + [""] * (span - 1)
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    merges = [tuple(m) for m in merged if m[2] > 1 or m[3] > 1]
    header = rows[0] if rows else []
    return Table(header, rows[1:], ["left"] * width, dense=width >= 6, merged=merges)


def imprint_block(texts: list[str]) -> Imprint:
    """The 版记 from its lines: 抄送, then the printer and the date it was 印发."""
    imprint = Imprint()
    for text in texts:
        if imprint.printer and not _CC.match(text):
            imprint.printer += text  # never lose a line
        if _CC.match(text):
            imprint.cc = _CC.sub("", text).rstrip("。")
            continue
        match = _PRINTED.match(text)
        if match:
            imprint.printer, imprint.date = match.group("printer").strip(), match.group("date").strip()
        elif text.endswith("印发"):
            imprint.date = text[:-2].strip()
        else:
            imprint.printer = text
    return imprint
