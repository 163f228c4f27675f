"""Generators for hostile and careless inputs (the catalogue in test_hostile.py runs every command over them).

Each generator writes its file(s) into a folder and returns the path. They are
cheap: bombs are written by streaming a compressor, never by holding the
inflated bytes in memory.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MB = 1024 * 1024

UNITS = ["某某区第一小学", "某某区第二小学", "某某区实验中学"]


# -- workbooks ------------------------------------------------------------------------------
def basic_workbook(path: Path, *, date_value=dt.datetime(2024, 12, 20), date_format: str | None = None,
                   extra: dict[str, list] | None = None) -> Path:
    """A valid single-unit 工作总结 workbook; 成文日期 is 基本信息!B5."""
    book = openpyxl.Workbook()
    basic = book.active
    basic.title = "基本信息"
    for row in [("项目", "内容"), ("文种", "工作总结"), ("单位", "某某区实验小学"), ("年度", 2024),
                ("成文日期", date_value), ("基本情况", "学校现有教学班48个。")]:
        basic.append(list(row))
    if date_format:
        basic["B5"].number_format = date_format
    achievements = book.create_sheet("主要成绩")
    achievements.append(["标题", "内容", "上级"])
    achievements.append(["课堂改革", "推进课堂改革。", None])
    for name, rows in (extra or {}).items():
        sheet = book.create_sheet(name) if name not in book.sheetnames else book[name]
        if name in ("主要成绩",):
            sheet.delete_rows(1, sheet.max_row)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def batch_workbook(path: Path, units=UNITS, *, dates: dict[int, object] | None = None,
                   date_format: str | None = None, basic_rows: list | None = None) -> Path:
    """A wide 基本信息 workbook, one row per unit; ``dates`` overrides 成文日期 by unit position."""
    book = openpyxl.Workbook()
    basic = book.active
    basic.title = "基本信息"
    basic.append(["单位", "年度", "文种", "成文日期", "基本情况"])
    for number, unit in enumerate(units):
        date = (dates or {}).get(number, dt.datetime(2024, 12, 20))
        basic.append([unit, 2024, "工作总结", date, f"学校现有教学班{20 + number}个。"])
        if date_format:
            basic.cell(row=number + 2, column=4).number_format = date_format
    for row in basic_rows or []:
        basic.append(row)
    achievements = book.create_sheet("主要成绩")
    achievements.append(["单位", "标题", "内容"])
    for unit in units:
        achievements.append([unit, "课堂改革", f"{unit}推进课堂改革。"])
    book.save(path)
    return path


def rewrite_parts(path: Path, change: dict[str, object]) -> Path:
    """Replace parts of a zip package: {part: bytes | callable(old bytes) -> bytes | Streamed}."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1) as package:
        for name, data in parts.items():
            new = change.get(name, data)
            if callable(new) and not isinstance(new, Streamed):
                new = new(data)
            if isinstance(new, Streamed):
                new.write(package, name)
            else:
                package.writestr(name, new)
        for name, new in change.items():
            if name not in parts:
                new.write(package, name) if isinstance(new, Streamed) else package.writestr(name, new)
    return path


class Streamed:
    """A part written from head + repeated filler + tail, compressed on the fly (a zip bomb)."""

    def __init__(self, head: bytes, filler: bytes, size: int, tail: bytes):
        self.head, self.filler, self.size, self.tail = head, filler, size, tail

    def write(self, package: zipfile.ZipFile, name: str) -> None:
        chunk = self.filler * max(1, MB // len(self.filler))
        with package.open(name, "w", force_zip64=True) as stream:
            stream.write(self.head)
            written = 0
            while written < self.size:
                piece = chunk[: self.size - written]
                stream.write(piece)
                written += len(piece)
            stream.write(self.tail)


SHARED_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


_SHARED_REL = (b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
               b'Target="sharedStrings.xml" Id="rIdShared"/></Relationships>')


def with_shared_strings(path: Path, part, *, cell: str = "B6", index: int = 0) -> Path:
    """Make 基本信息!``cell`` a shared-string cell (item ``index``) and put ``part`` in as the shared strings."""
    def use_shared(xml: bytes) -> bytes:
        new = b'<c r="%s" t="s"><v>%d</v></c>' % (cell.encode(), index)
        return re.sub(rb'<c r="%s"[^>]*>.*?</c>' % cell.encode(), new, xml, count=1)
    return rewrite_parts(path, {
        "xl/worksheets/sheet1.xml": use_shared,
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>", _SHARED_REL),
        "xl/sharedStrings.xml": part,
    })


def shared_strings_bomb(path: Path, inflated: int = 128 * MB) -> Path:
    """A small workbook whose sharedStrings part inflates to ``inflated`` bytes."""
    basic_workbook(path)
    return with_shared_strings(path, Streamed(SHARED_HEAD, b"<si><t>AAAAAAAA</t></si>", inflated, b"</sst>"))


def one_huge_cell(path: Path, inflated: int = 128 * MB) -> Path:
    """One shared string of ``inflated`` characters (the “1 GiB cell”)."""
    basic_workbook(path)
    return with_shared_strings(path, Streamed(SHARED_HEAD + b"<si><t>", b"A", inflated, b"</t></si></sst>"))


def long_cell(path: Path, length: int = 40_000) -> Path:
    """A cell just beyond Excel's own 32,767-character limit (基本信息!B6)."""
    basic_workbook(path)
    book = openpyxl.load_workbook(path)
    book["基本信息"]["B6"] = "长" * length
    book.save(path)
    return path


def entity_bomb(path: Path) -> Path:
    basic_workbook(path)
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
            + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')
    return with_shared_strings(path, bomb)


def shared_index_out_of_range(path: Path) -> Path:
    basic_workbook(path)
    return with_shared_strings(path, SHARED_HEAD + "<si><t>学校现有教学班48个。</t></si></sst>".encode(), index=99999)


def merged_range(path: Path, ref: str = "A2:XFD1048576") -> Path:
    basic_workbook(path)

    def patch(xml: bytes) -> bytes:
        merge = b'<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % ref.encode()
        return re.sub(rb"(</sheetData>)", rb"\1" + merge, xml, count=1)
    return rewrite_parts(path, {"xl/worksheets/sheet2.xml": patch})


def merged_far_cell(path: Path) -> Path:
    """One cell far out at XFD20000 makes the used range huge; then the whole sheet is merged."""
    merged_range(path, "A2:XFD20000")

    def patch(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'<row r="20000"><c r="XFD20000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    return rewrite_parts(path, {"xl/worksheets/sheet2.xml": patch})


def many_cells(path: Path, rows: int = 45_000, columns: int = 10) -> Path:
    """A sheet of 450,000 small numbers (a few MB compressed)."""
    basic_workbook(path)
    cells = b"".join(b'<c t="n"><v>%d</v></c>' % i for i in range(columns))
    body = Streamed(b"", b"<row>" + cells + b"</row>", rows * (len(cells) + 11), b"")

    def sheet(folder_xml: bytes) -> Streamed:
        head, _, rest = folder_xml.partition(b"<sheetData>")
        body.head, body.tail = head + b"<sheetData>", b"</sheetData>" + rest.partition(b"</sheetData>")[2]
        return body
    with zipfile.ZipFile(path) as package:
        original = package.read("xl/worksheets/sheet2.xml")
    return rewrite_parts(path, {"xl/worksheets/sheet2.xml": sheet(original)})


def odd_headers(path: Path) -> Path:
    """Column headers that are a date, a TRUE and a formula error (#REF!), as careless copying leaves them."""
    basic_workbook(path, extra={"主要成绩": [("标题", dt.datetime(2024, 1, 1), True, "备用"), ("甲", "x", "y", "z")]})

    def patch(xml: bytes) -> bytes:
        return re.sub(rb'<c r="D1"[^>]*>.*?</c>', b'<c r="D1" t="e"><f>A0</f><v>#REF!</v></c>', xml, count=1)
    return rewrite_parts(path, {"xl/worksheets/sheet2.xml": patch})


def deep_parent_chain(path: Path, depth: int = 400) -> Path:
    rows = [("标题", "内容", "上级")] + [(f"第{i}项", "内容。", f"第{i - 1}项" if i else None) for i in range(depth)]
    return basic_workbook(path, extra={"主要成绩": rows})


def wide_parent_rows(path: Path, rows: int = 20_000) -> Path:
    """20,000 rows each naming an earlier row as 上级 (depth 2): the linking must be linear."""
    table = [("标题", "内容", "上级"), ("总项", "内容。", None)]
    table += [(f"第{i}项", "内容。", "总项") for i in range(rows)]
    return basic_workbook(path, extra={"主要成绩": table})


def escaped_text(path: Path) -> Path:
    """A cell as Excel writes a carriage return: ``_x000D_``."""
    basic_workbook(path)
    text = "<si><t>学校现有教学班48个。_x000D_\n另有分校一所_x0009_。</t></si></sst>"
    return with_shared_strings(path, SHARED_HEAD + text.encode())


# -- YAML and JSON ------------------------------------------------------------------------------
SCHOOL_YAML = EXAMPLES / "school-summary.yaml"


def alias_bomb(path: Path, anchor_chars: int = 1_000_000, aliases: int = 5000) -> Path:
    lines = ["文种: 工作总结", "单位: 某某区实验小学", "年度: 2024", f"基本情况: &big {'长' * anchor_chars}", "存在问题:"]
    lines += ["  - {标题: 问题, 内容: *big}"] * aliases
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def deep_json(path: Path, depth: int = 300) -> Path:
    item: dict = {"标题": "最深一项", "内容": "内容。"}
    for level in range(depth):
        item = {"标题": f"第{level}层", "内容": "内容。", "子项": [item]}
    data = {"文种": "工作总结", "单位": "某某区实验小学", "年度": 2024, "主要成绩": [item]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def huge_json_integer(path: Path, digits: int = 5000) -> Path:
    text = ('{"文种": "工作总结", "单位": "某某区实验小学", "年度": 2024,\n'
            '"指标": [{"指标名称": "在校学生", "数值": ' + "9" * digits + ', "计量单位": "人"}]}\n')
    path.write_text(text, encoding="utf-8")
    return path


def long_number_yaml(path: Path, digits: int = 41) -> Path:
    text = SCHOOL_YAML.read_text(encoding="utf-8").replace("数值: 2136,", f"数值: {'1' * digits},", 1)
    path.write_text(text, encoding="utf-8")
    return path


def long_title_yaml(path: Path, title: str) -> Path:
    text = SCHOOL_YAML.read_text(encoding="utf-8").replace("单位: 某某区第一实验小学", f"单位: {title}", 1)
    path.write_text(text, encoding="utf-8")
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


# -- Word documents -------------------------------------------------------------------------------
DOCUMENT_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')


def a_docx(path: Path) -> Path:
    from edureport.pipeline import render

    path.write_bytes(render(SCHOOL_YAML))
    return path


def docx_bomb(path: Path, inflated: int = 128 * MB) -> Path:
    a_docx(path)
    return rewrite_parts(path, {"word/document.xml": Streamed(DOCUMENT_HEAD, b"<w:p/>", inflated, b"</w:body></w:document>")})


def docx_with_measures(path: Path) -> Path:
    """Schema-valid measure forms Word itself never writes but other programs do."""
    a_docx(path)

    def patch(xml: bytes) -> bytes:
        xml = re.sub(rb'<w:sz w:val="(\d+)"/>', rb'<w:sz w:val="\1.0"/>', xml)
        xml = re.sub(rb'w:line="(\d+)"', b'w:line="28.95pt"', xml)
        return re.sub(rb'w:firstLine="(\d+)"', b'w:firstLine="0.5in"', xml)
    return rewrite_parts(path, {"word/document.xml": patch, "word/styles.xml": patch})


def copy_template(folder: Path, name: str = "work-summary") -> Path:
    target = folder / name
    shutil.copytree(ROOT / "templates" / name, target)
    return target
