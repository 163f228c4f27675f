"""Turning laid-out workbook data into a friendly .xlsx: headers, widths, hints, checks.

Every sheet gets a frozen, shaded header row and column widths fitted to the
content; cells get Excel data validation where it helps (whole numbers,
numbers, dates, 是/否) with an input hint naming the field; a 填表说明 sheet
describes every column (type, required, example).
"""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from edureport.core.textmetrics import text_width
from edureport.intake.layout import EXAMPLE_SHEET, GUIDE_SHEET
from edureport.templating.schema import FieldSpec
from edureport.workbook.content import (
    BASIC_SHEET,
    DATE_FORMAT,
    KEY_HEADER,
    NOTE_HEADER,
    UNIT_HEADER,
    VALUE_HEADER,
    Column,
    WorkbookData,
    example_data,
    flatten,
)

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FONT = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="C00000")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
MIN_WIDTH, MAX_WIDTH = 8, 60
VALIDATED_ROWS = 1000  # data validation covers this many rows below the header

GUIDE_NOTES = [
    "填表说明",
    "1. “基本信息”每行填一项：左列是项目名，右列填内容；“说明”列只是提示，不会被读取。",
    "2. 其他工作表每行一条，按文档中的先后顺序填写；第一行是列名，请不要修改或删除。空行会被跳过。",
    "3. 子项：另起一行，在“上级”（重点任务为“上级任务”）列填写上一级那一行的“标题”；"
    "也可以不填这一列，用“序号”列或标题前的序号（一、（一）1.（1）或 1、1.1、1.1.1）分层。",
    "4. 指标：在“指标”表填写，“所属”列填写它所属条目的标题；留空表示全文的主要指标（生成指标表）。",
    "5. “要点”“具体措施”等每项是一句话：多项时每项占一行（Alt+Enter 换行）或用分号“；”分隔，句中的顿号不会被拆开；“配合单位”“抄送”等名称可用顿号“、”分隔。",
    "6. “内容”“基本情况”等段落：单元格内每一行是一段。",
    "7. 数值只填阿拉伯数字（如 141、26.3），单位写在“计量单位”列；百分比可写 62.4 并在计量单位填 %。",
    "8. 日期可以是日期格式的单元格，也可以写成 2024年3月1日、2024-03-01 或 2024年3月。",
    "9. 各工作表只有列名，请从第二行起填写；填法可参照“示例”工作表（不会被读取）。生成：edureport render 本文件.xlsx",
]


def display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 12
    lines = str(value).split("\n")
    return max(round(2 * text_width(line)) for line in lines)  # Excel widths count half-width characters


def type_label(spec, column: Column) -> str:
    if column.field is None:
        return "文字"
    return column.field.describe_type(spec.types)


def field_hint(spec, spec_field: FieldSpec) -> str:
    parts = [spec_field.description or spec_field.alias, type_label(spec, Column(spec_field.alias, spec_field))]
    if spec_field.type == "map":
        parts.append("每行一项，如“主要成绩：主要工作及成效”")
    elif spec_field.type == "list":
        parts.append("多项每项一行（Alt+Enter）或用分号分隔；项内的顿号不拆分")
    elif spec_field.type == "names":
        parts.append("多个名称用顿号分隔或每个一行")
    if spec_field.required:
        parts.append("必填")
    return "；".join(parts)[:250]


def validation_for(spec_field: FieldSpec | None) -> DataValidation | None:
    """An Excel check for the field's type; a warning (not a refusal) where text is also fine."""
    if spec_field is None:
        return None
    title = spec_field.alias[:30]
    kind = spec_field.type
    if kind in ("int", "number"):
        minimum = spec_field.minimum if spec_field.minimum is not None else -1e15
        maximum = getattr(spec_field, "maximum", None)
        check = DataValidation(type="whole" if kind == "int" else "decimal", operator="between",
                               formula1=str(minimum), formula2=str(maximum if maximum is not None else 1e15))
        check.error = "请只填阿拉伯数字（单位写在“计量单位”列）" if kind == "number" else "请填写整数"
        if spec_field.minimum is not None:
            check.error += f"，不小于 {spec_field.minimum}"
    elif kind == "bool":
        check = DataValidation(type="list", formula1='"是,否"')
        check.error = "请选择 是 或 否"
    elif kind == "date":
        check = DataValidation(type="date", operator="greaterThan", formula1="1")
        check.errorStyle = "warning"  # 2024年3月 typed as text is fine too
        check.error = "这不是日期格式的单元格；写成 2024年3月1日 或 2024年3月 也可以，点“是”保留"
    else:
        return None
    check.errorTitle = title
    check.showErrorMessage = True
    return check


def style_header(cells, required: list[bool]) -> None:
    for cell, is_required in zip(cells, required):
        cell.fill = HEADER_FILL
        cell.font = REQUIRED_FONT if is_required else HEADER_FONT
        cell.alignment = Alignment(vertical="center")


def fit_widths(sheet, widths: dict[int, int]) -> None:
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))


def write_cell(sheet, row: int, column: int, value: Any, spec_field: FieldSpec | None) -> None:
    if value is None:
        return  # empty cells stay unwritten: smaller files, faster reading
    cell = sheet.cell(row, column, value)
    if isinstance(value, dt.datetime):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Decimal) and value.as_tuple().exponent < 0:  # typed “62.40”: Excel shows 62.40, read back so
        cell.number_format = "0." + "0" * -value.as_tuple().exponent
    if isinstance(value, str) and ("\n" in value or display_width(value) > MAX_WIDTH):
        cell.alignment = WRAP
    else:
        cell.alignment = TOP
    if spec_field is not None and spec_field.type in ("list", "names", "paras", "text", "map") and not isinstance(value, dt.datetime):
        cell.number_format = "@"  # typed text stays text (Excel would turn 2024-03 into a date)


def add_validation(sheet, spec_field: FieldSpec | None, spec, ref: str) -> None:
    check = validation_for(spec_field)
    if spec_field is not None:
        check = check or DataValidation(type=None)
        check.promptTitle = spec_field.alias[:30]
        check.prompt = field_hint(spec, spec_field)
        check.showInputMessage = True
    if check is not None:
        sheet.add_data_validation(check)
        check.add(ref)


def basic_two_column(book: Workbook, spec, data: WorkbookData) -> None:
    sheet = book.create_sheet(BASIC_SHEET)
    sheet.append([KEY_HEADER, VALUE_HEADER, NOTE_HEADER])
    style_header(sheet[1], [False, False, False])
    widths = {1: display_width(KEY_HEADER), 2: 30, 3: 20}
    values = data.basic_rows[0]
    for number, spec_field in enumerate(data.basic_fields, start=2):
        sheet.cell(number, 1, spec_field.alias).font = REQUIRED_FONT if spec_field.required else HEADER_FONT
        write_cell(sheet, number, 2, values.get(spec_field.key), spec_field)
        if spec_field.type == "date":  # an empty cell to fill: a date typed there shows as 2024年12月20日
            sheet.cell(number, 2).number_format = DATE_FORMAT
        sheet.cell(number, 3, field_hint(spec, spec_field)).alignment = TOP
        add_validation(sheet, spec_field, spec, f"B{number}")
        widths[1] = max(widths[1], display_width(spec_field.alias))
        widths[2] = max(widths[2], min(display_width(values.get(spec_field.key)), MAX_WIDTH))
        widths[3] = max(widths[3], min(display_width(field_hint(spec, spec_field)), 40))
    sheet.freeze_panes = "A2"
    fit_widths(sheet, widths)


def basic_wide(book: Workbook, spec, data: WorkbookData, every_field: bool = False) -> None:
    sheet = book.create_sheet(BASIC_SHEET)
    used = [f for f in data.basic_fields if every_field or
            f.key in ("org", "template") or any(row.get(f.key) is not None for row in data.basic_rows)]
    used.sort(key=lambda f: f.key != "org")  # 单位 first
    sheet.append([f.alias for f in used])
    style_header(sheet[1], [f.required for f in used])
    widths = {i: display_width(f.alias) for i, f in enumerate(used, start=1)}
    for number, values in enumerate(data.basic_rows, start=2):
        for index, spec_field in enumerate(used, start=1):
            value = values.get(spec_field.key)
            write_cell(sheet, number, index, value, spec_field)
            widths[index] = max(widths[index], display_width(value))
    last = max(VALIDATED_ROWS, len(data.basic_rows) + 1)
    for index, spec_field in enumerate(used, start=1):
        letter = get_column_letter(index)
        add_validation(sheet, spec_field, spec, f"{letter}2:{letter}{last}")
    sheet.freeze_panes = "B2"
    fit_widths(sheet, widths)


def sheet_columns(sheet_data, batch: bool) -> list[Column]:
    return ([Column(UNIT_HEADER, note="这一行所属的单位，与“基本信息”中的单位一致")] if batch else []) \
        + sheet_data.columns


def record_sheet(book: Workbook, spec, sheet_data, batch: bool) -> None:
    sheet = book.create_sheet(sheet_data.name)
    columns = sheet_columns(sheet_data, batch)
    sheet.append([c.header for c in columns])
    style_header(sheet[1], [bool(c.field and c.field.required) for c in columns])
    widths = {i: display_width(c.header) for i, c in enumerate(columns, start=1)}
    for number, row in enumerate(sheet_data.rows, start=2):
        for index, (column, value) in enumerate(zip(columns, row), start=1):
            write_cell(sheet, number, index, value, column.field)
            widths[index] = max(widths[index], display_width(value))
    last = max(VALIDATED_ROWS, len(sheet_data.rows) + 1)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        add_validation(sheet, column.field, spec, f"{letter}2:{letter}{last}")
    sheet.freeze_panes = "A2"
    fit_widths(sheet, widths)


BATCH_NOTES = {
    1: "1. 批量工作簿：“基本信息”每个单位一行（第一行是字段名）；其他工作表第一列“单位”写明这一行属于哪个单位。",
    9: "9. 生成：edureport batch 本文件.xlsx（每个单位各生成一份文件）",
}


def guide_sheet(book: Workbook, spec, data: WorkbookData) -> None:
    sheet = book.create_sheet(GUIDE_SHEET)
    for number, note in enumerate(GUIDE_NOTES):
        sheet.append([BATCH_NOTES.get(number, note) if data.batch else note])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append(["工作表", "列（项目）", "类型", "必填", "说明", "示例"])
    style_header(sheet[header_row], [False] * 6)

    def describe(sheet_name: str, column: Column) -> None:
        spec_field = column.field
        if spec_field is None:
            sheet.append([sheet_name, column.header, "文字", "", column.note, ""])
            return
        example = spec_field.example if spec_field.example is not None else ""
        sheet.append([sheet_name, column.header, type_label(spec, column), "是" if spec_field.required else "",
                      spec_field.description or spec_field.alias, str(example)])

    for spec_field in data.basic_fields:
        describe(BASIC_SHEET, Column(spec_field.alias, spec_field))
    for sheet_data in data.sheets.values():
        for column in sheet_data.columns:
            describe(sheet_data.name, column)
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = TOP
    fit_widths(sheet, {1: 12, 2: 14, 3: 22, 4: 6, 5: 50, 6: 30})
    sheet.freeze_panes = f"A{header_row + 1}"


EXAMPLE_NOTE = ("本表是填写示例，不会被读取，也不会印进文件。请在前面各工作表中填写本单位的内容；"
                "可以复制示例的行，但要改成本单位的内容（留下示例原文会收到提示）。")


def example_sheet(book: Workbook, spec, example: WorkbookData) -> None:
    """The template's example, sheet by sheet as blocks (【主要成绩】, its header, its rows)."""
    sheet = book.create_sheet(EXAMPLE_SHEET)
    sheet.append([EXAMPLE_NOTE])
    sheet["A1"].font = Font(bold=True, color="C00000")
    widths: dict[int, int] = {1: 12}

    def block(name: str, header: list[str], rows: list[list[Any]], fields: list[FieldSpec | None]) -> None:
        sheet.append([])
        sheet.append([f"【{name}】"])
        sheet.cell(sheet.max_row, 1).font = HEADER_FONT
        sheet.append(header)
        style_header(sheet[sheet.max_row], [False] * len(header))
        for row in rows:
            number = sheet.max_row + 1
            for index, (value, spec_field) in enumerate(zip(row, fields), start=1):
                write_cell(sheet, number, index, value, spec_field)
                widths[index] = min(max(widths.get(index, 8), display_width(value)), MAX_WIDTH)

    values = example.basic_rows[0]
    if example.batch:
        used = [f for f in example.basic_fields if values.get(f.key) is not None]
        block(BASIC_SHEET, [f.alias for f in used], [[values.get(f.key) for f in used]], used)
    else:
        used = [f for f in example.basic_fields if values.get(f.key) is not None]
        block(BASIC_SHEET, [KEY_HEADER, VALUE_HEADER], [[f.alias, values.get(f.key)] for f in used],
              [None, *used])
    for sheet_data in example.sheets.values():
        if sheet_data.rows:
            columns = sheet_columns(sheet_data, example.batch)
            block(sheet_data.name, [c.header for c in columns], sheet_data.rows, [c.field for c in columns])
    fit_widths(sheet, widths)


def render_workbook(spec, data: WorkbookData, *, guide: bool = True, example: WorkbookData | None = None) -> bytes:
    book = Workbook()
    book.remove(book.active)
    if data.batch:
        basic_wide(book, spec, data, every_field=example is not None)
    else:
        basic_two_column(book, spec, data)
    for sheet_data in data.sheets.values():
        record_sheet(book, spec, sheet_data, data.batch)
    if example is not None:
        example_sheet(book, spec, example)
    if guide:
        guide_sheet(book, spec, data)
    book.properties.creator = "edureport"
    book.properties.title = f"{spec.name}数据"
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def write_workbook(spec, documents: list[dict], *, batch: bool = False, guide: bool = True,
                   example: WorkbookData | None = None) -> bytes:
    """An .xlsx holding ``documents``: two-column 基本信息 for one document, wide for a batch;
    ``example`` (laid out the same way) goes on a 示例 sheet the loader never reads."""
    return render_workbook(spec, flatten(spec, documents, batch=batch), guide=guide, example=example)


def blank_document(spec, unit: str = "") -> dict:
    return {"org": unit or None, "template": spec.name}


def starter_workbook(spec, units: list[str] | None = None) -> bytes:
    """``edureport init``: every sheet with its header and nothing else (a clerk cannot print the
    example by accident), the template's example on a 示例 sheet, and 填表说明.

    ``units`` makes a batch workbook: one 基本信息 row per unit (names may be left blank)."""
    example = flatten(spec, [example_data(spec)], batch=units is not None)
    if units is None:
        return write_workbook(spec, [blank_document(spec)], batch=False, guide=True, example=example)
    return write_workbook(spec, [blank_document(spec, unit) for unit in units], batch=True, guide=True,
                          example=example)
