"""A lean, fast reader for .xlsx cell values (lxml over the package XML).

openpyxl builds a full object model (styles, rich text, every cell object) and
takes seconds for a batch workbook of a thousand schools; this reader takes
only what the loader needs: each sheet's non-empty cells with the cached value
of formulas, the number format (dates, percentages), and merged ranges. It
also understands the date formats Chinese Excel and WPS store by number only
(ids 27–36 and 50–58, e.g. 2024年3月1日), which openpyxl reads as plain numbers.
It is the only reader (it reads 1,000 units in 0.76 s against 1.16 s for
openpyxl ``read_only=True``); anything it does not recognise raises
:class:`Unsupported`, which the caller reports as an unreadable workbook.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree

from edureport.sources.xlsx_cells import (
    CELL_REF,
    COLUMNS,
    WHITESPACE,
    Cell,
    FormulaError,
    Uncalculated,
    cell_text,
    clean_number,
    column_index,
    column_name,
    month_text,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_M = "{%s}" % MAIN

# Built-in number formats that are dates or times (the id alone says so, no code is stored).
_DAY_DATES = {14, 15, 16, 22, 30, 31}
_MONTH_DATES = {17, 27, 36, 50, 52, 57}  # year and month, no day
_DAY_MONTH = {28, 29, 51, 53, 54, 58}  # month and day, no year: still a full date
_TIMES = {18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56}
_PERCENT = {9, 10}


class Unsupported(Exception):
    """A workbook this reader cannot make sense of (damaged, Strict Open XML …); the text says what."""


def format_kind(code: str) -> str:
    """What a custom number format shows: a date, a month, a time, a percentage or a plain number."""
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", code).lower()
    if "%" in plain:
        return "percent"
    if "general" in plain or not re.search(r"[ymdhs]", plain):
        return ""
    if "y" in plain or "d" in plain or ("m" in plain and "h" not in plain and "s" not in plain):
        return "date" if "d" in plain or "y" not in plain else "month"
    return "time"


def builtin_kind(number_format_id: int) -> str:
    if number_format_id in _DAY_DATES or number_format_id in _DAY_MONTH:
        return "date"
    if number_format_id in _MONTH_DATES:
        return "month"
    if number_format_id in _TIMES:
        return "time"
    return "percent" if number_format_id in _PERCENT else ""


class XlsxPackage:
    def __init__(self, path):
        try:
            self.zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise Unsupported(str(exc)) from None
        self.names = set(self.zip.namelist())

    def close(self) -> None:
        self.zip.close()

    def xml(self, name: str):
        if name not in self.names:
            raise Unsupported(f"缺少 {name}")
        return etree.fromstring(self.zip.read(name), parser=etree.XMLParser(resolve_entities=False, huge_tree=True))

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, package path) for ``part``."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        if rels_name not in self.names:
            return {}
        found = {}
        for rel in self.xml(rels_name).iter("{%s}Relationship" % PACKAGE_RELS):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
        return found

    def workbook_part(self) -> str:
        for kind, path in self.rels("").values():
            if kind == "officeDocument":
                return path
        raise Unsupported("找不到 workbook.xml")


def shared_strings(package: XlsxPackage, path: str | None) -> list[str]:
    if not path:
        return []
    return [_text(item) for item in package.xml(path).iter(_M + "si")]


def cell_formats(package: XlsxPackage, path: str | None) -> list[str]:
    """Kind of each cell style index (the ``s`` attribute of a cell)."""
    if not path:
        return []
    root = package.xml(path)
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in root.iter(_M + "numFmt")}
    kinds = []
    xfs = root.find(_M + "cellXfs")
    for xf in (xfs if xfs is not None else []):
        number_format_id = int(xf.get("numFmtId", "0"))
        kinds.append(format_kind(custom[number_format_id]) if number_format_id in custom
                     else builtin_kind(number_format_id))
    return kinds


def from_serial(serial: float, date1904: bool) -> dt.datetime:
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    return base + dt.timedelta(days=serial)


_V, _F, _IS, _RPH, _T, _C = _M + "v", _M + "f", _M + "is", _M + "rPh", _M + "t", _M + "c"


def _text(element) -> str:
    """The text of a string item: one ``<t>``, or rich-text runs (without phonetic guides)."""
    if len(element) == 1 and element[0].tag == _T:
        return element[0].text or ""
    if element.find(".//" + _RPH) is None:
        return "".join(element.itertext(_T))
    return "".join(t.text or "" for t in element.iter(_T) if t.getparent().tag != _RPH)


_DIGITS = "0123456789"


def _column_of(ref: str) -> int:
    match = CELL_REF.match(ref)
    if not match:
        raise Unsupported(f"无法识别的单元格 {ref}")
    return column_index(match.group(1))


class SheetReader:
    """Turns ``<c>`` elements into values as a person sees them (see xlsx_cells)."""

    def __init__(self, strings: list[str], kinds: list[str], date1904: bool):
        self.strings = strings
        self.kinds = kinds
        self.date1904 = date1904

    def value(self, cell) -> Any:
        raw = formula = None
        for child in cell:
            tag = child.tag
            if tag == _V:
                raw = child.text
            elif tag == _IS:
                return cell_text(_text(child))
            elif tag == _F:
                formula = child
        if not raw:
            return Uncalculated("=" + (formula.text or "")) if formula is not None else None
        kind_attr = cell.get("t")
        if kind_attr == "s":
            return cell_text(self.strings[int(raw)])
        if kind_attr is None or kind_attr == "n":
            return self.number(raw, cell.get("s"))
        if kind_attr == "str":
            return cell_text(raw)
        if kind_attr == "b":
            return raw.strip() in ("1", "true")
        if kind_attr == "e":
            return FormulaError(raw)
        if kind_attr == "d":
            try:
                return dt.datetime.fromisoformat(raw.rstrip("Z"))
            except ValueError:
                raise Unsupported(f"无法识别的日期 {raw}") from None
        raise Unsupported(f"未知的单元格类型 {kind_attr}")

    def shows_percent(self, style: str | None, value: Any) -> bool:
        """True for a number shown as a percentage (its value is already the number shown)."""
        index = int(style) if style else 0
        return (isinstance(value, (int, float)) and not isinstance(value, bool)
                and index < len(self.kinds) and self.kinds[index] == "percent")

    def number(self, raw: str, style: str | None) -> Any:
        number: int | float = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
        index = int(style) if style else 0
        kind = self.kinds[index] if index < len(self.kinds) else ""
        if not kind:
            return clean_number(number, False)
        if kind == "percent":
            return clean_number(number, True)
        moment = from_serial(float(number), self.date1904)
        if kind == "month":
            return month_text(moment)
        return moment.strftime("%H:%M") if kind == "time" else moment

    def read(self, package: XlsxPackage, path: str) -> tuple[dict[int, dict[int, Cell]], list[str]]:
        """Non-empty cells of one worksheet by row and column, and its merged ranges."""
        rows: dict[int, dict[int, Cell]] = {}
        merged: list[str] = []
        strings = self.strings
        if path not in package.names:
            raise Unsupported(f"缺少 {path}")
        with package.zip.open(path) as stream:
            row_number = 0
            for _, element in etree.iterparse(stream, events=("end",), tag=(_M + "row", _M + "mergeCell"),
                                              resolve_entities=False, huge_tree=True):
                if element.tag != _M + "row":
                    merged.append(element.get("ref", ""))
                    continue
                row_number = int(element.get("r") or row_number + 1)
                column = 0
                found: dict[int, Cell] = {}
                for cell in element.iterchildren(_C):
                    ref = cell.get("r")
                    if ref:
                        column = COLUMNS.get(ref.rstrip(_DIGITS)) or _column_of(ref)
                    else:
                        column += 1
                    children = list(cell)
                    if not children:
                        continue  # a formatted but empty cell
                    first = children[0]
                    kind = cell.get("t")
                    if kind == "s" and first.tag == _V:  # the common cases, inlined for speed
                        text = strings[int(first.text)]
                        value = text if text.strip(WHITESPACE) else None
                    elif kind == "inlineStr" and first.tag == _IS and len(first) == 1 and first[0].tag == _T:
                        text = first[0].text or ""
                        value = text if text.strip(WHITESPACE) else None
                    else:
                        value = self.value(cell)
                    if value is not None:
                        found[column] = Cell(value, ref or f"{column_name(column)}{row_number}",
                                             kind in (None, "n") and self.shows_percent(cell.get("s"), value))
                if found:
                    rows[row_number] = found
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del element.getparent()[0]
        return rows, merged


def read_workbook(path) -> Iterator[tuple[str, dict[int, dict[int, Cell]], list[str]]]:
    """(sheet name, non-empty cells by row and column, merged ranges) for every worksheet, in order."""
    package = XlsxPackage(path)
    try:
        workbook = package.workbook_part()
        rels = package.rels(workbook)
        root = package.xml(workbook)
        if root.tag != _M + "workbook":
            raise Unsupported("不是常规的 SpreadsheetML（可能是 Strict 格式）")
        properties = root.find(_M + "workbookPr")
        date1904 = properties is not None and properties.get("date1904") in ("1", "true")
        by_kind = {kind: part for kind, part in rels.values()}
        reader = SheetReader(shared_strings(package, by_kind.get("sharedStrings")),
                             cell_formats(package, by_kind.get("styles")), date1904)
        sheets = root.find(_M + "sheets")
        for sheet in (sheets if sheets is not None else []):
            kind, part = rels.get(sheet.get(REL_ID), ("", ""))
            if kind != "worksheet":
                continue  # chart sheets, dialog sheets
            rows, merged = reader.read(package, part)
            yield sheet.get("name", ""), rows, merged
    except (etree.XMLSyntaxError, KeyError, ValueError, IndexError, AttributeError) as exc:
        raise Unsupported(str(exc)) from None
    finally:
        package.close()
