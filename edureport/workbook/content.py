"""Workbooks laid out as the Excel loader reads them (``edureport init``, batch examples);
:mod:`edureport.workbook.style` turns the layout into an .xlsx.

Data (validated, canonical keys) is flattened the way people fill a sheet:
scalar fields are rows of 基本信息 (or its columns, one row per unit, in a batch
workbook); each list of records is a sheet with one row per record, a sub-item
is a later row naming its parent's 标题 in ``上级``/``上级任务``, and a metric
of an item is a row of 指标 naming the item in ``所属``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from edureport.core.errors import TemplateError
from edureport.core.values import DateValue
from edureport.intake.layout import (
    BASIC_SHEET,
    KEY_HEADER,
    NOTE_HEADER,
    OWNER_HEADER,
    UNIT_HEADER,
    VALUE_HEADER,
    children_field,
    nested_fields,
)
from edureport.intake.lists import NAME_BREAKS, split_sentences
from edureport.templating.schema import FieldSpec, RecordType

DATE_FORMAT = 'yyyy"年"m"月"d"日"'


@dataclass
class Column:
    header: str
    field: FieldSpec | None = None  # None: a linking column (单位, 上级, 所属)
    note: str = ""


@dataclass
class SheetData:
    name: str
    record: RecordType
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    owners: list[tuple[str, str] | None] = field(default_factory=list)  # per row: (sheet, title) it belongs to


@dataclass
class WorkbookData:
    """What to write: 基本信息 fields and the record sheets, before any styling."""

    basic_fields: list[FieldSpec]
    basic_rows: list[dict[str, Any]]  # one per unit: field key → cell value
    sheets: dict[str, SheetData]
    batch: bool


def cell_value(spec: FieldSpec, value: Any) -> Any:
    """A validated value as it would be typed into one cell."""
    if value is None or value == [] or value == {}:
        return None
    kind = spec.type
    if isinstance(value, DateValue):
        return dt.datetime(value.year, value.month, value.day) if value.day else str(value)
    if kind == "bool":
        return "是" if value else "否"
    if kind == "paras":
        return "\n".join(value) if isinstance(value, list) else value
    if kind == "names":
        items = [str(item) for item in value]
        if not any(sep.search(item) for item in items for sep in (NAME_BREAKS,)):
            return "、".join(items)
        return "\n".join(items)  # a name with a comma in it: one name per line
    if kind == "list":
        items = [str(item) for item in value]
        if len(items) > 1 and not any(split_sentences(item) != [item.strip()] for item in items):
            return "；".join(items)  # read back the same way (split on ；)
        return "\n".join(items)
    if kind == "map":
        return "\n".join(f"{key}：{text}" for key, text in value.items())
    return value


def record_columns(spec, record: RecordType) -> list[Column]:
    columns = [Column(f.alias, f) for f in record.fields.values() if f.type not in spec.types]
    if children_field(record) is not None and record.parent_column:
        columns.append(Column(record.parent_column, note="子项：填写上一级那一行的“标题”；留空为第一级"))
    if nested_fields(spec, record.key):
        owners = "、".join(sorted({spec.types[k].name for k in nested_fields(spec, record.key)}))
        columns.append(Column(OWNER_HEADER, note=f"所属{owners}的“标题”；留空为全文的{record.name}"
                              if any(f.type == record.key for f in spec.fields.values())
                              else f"所属{owners}的“标题”（必填）"))
    return columns


def sheet_layout(spec) -> dict[str, SheetData]:
    """Every record sheet the template understands, in document order, empty."""
    sheets: dict[str, SheetData] = {}

    def add(name: str, record: RecordType) -> None:
        if name not in sheets:
            sheets[name] = SheetData(name, record, record_columns(spec, record))
        for nested in record.fields.values():
            if nested.type in spec.types and nested.type != record.key:
                add(nested.alias, spec.types[nested.type])

    for top in spec.fields.values():
        if top.type in spec.types:
            add(top.alias, spec.types[top.type])
    return sheets


def basic_fields(spec) -> list[FieldSpec]:
    # 未归类内容 (unsorted) is left by `extract` for a person to sort out, not a column to fill in
    return [f for f in spec.fields.values() if f.type not in spec.types and f.key != "unsorted"]


class _Flattener:
    def __init__(self, spec, sheets: dict[str, SheetData], unit: str | None):
        self.spec = spec
        self.sheets = sheets
        self.unit = unit

    def record(self, sheet: SheetData, item: dict, parent: str | None, owner: tuple[str, str] | None) -> None:
        row = [self.unit] if self.unit is not None else []
        for column in sheet.columns:
            if column.field is not None:
                row.append(cell_value(column.field, item.get(column.field.key)))
            elif column.header == OWNER_HEADER:
                row.append(None)  # filled in once all titles are known
            else:
                row.append(parent)
        sheet.rows.append(row)
        sheet.owners.append(owner)
        title = item.get("title")
        children = children_field(sheet.record)
        if children is not None and item.get(children.key):
            self.require_title(sheet, title, children.alias)
            for child in item[children.key]:
                self.record(sheet, child, title, None)
        for nested in sheet.record.fields.values():
            if nested.type in self.spec.types and nested.type != sheet.record.key and item.get(nested.key):
                self.require_title(sheet, title, nested.alias)
                for child in item[nested.key]:
                    self.record(self.sheets[nested.alias], child, None, (sheet.name, title))

    @staticmethod
    def require_title(sheet: SheetData, title: str | None, what: str) -> None:
        if not title:
            raise TemplateError(f"“{sheet.name}”中有一个条目带有{what}但没有标题，无法写成工作簿"
                                f"（工作簿里靠标题把{what}挂到条目下）；请给它加上标题")


def _fill_owners(sheets: dict[str, SheetData], start: dict[str, int]) -> None:
    """Write 所属: the owner's 标题, as 工作表/标题 when the title is used by items on several sheets."""
    titles: dict[str, set[str]] = {}
    for sheet in sheets.values():
        title_at = next((i for i, c in enumerate(sheet.columns) if c.field and c.field.key == "title"), None)
        if title_at is None:
            continue
        offset = len(sheet.rows[0]) - len(sheet.columns) if sheet.rows else 0
        for row in sheet.rows:
            if row[offset + title_at]:
                titles.setdefault(str(row[offset + title_at]), set()).add(sheet.name)
    for sheet in sheets.values():
        at = next((i for i, c in enumerate(sheet.columns) if c.header == OWNER_HEADER), None)
        if at is None:
            continue
        for index in range(start.get(sheet.name, 0), len(sheet.rows)):
            owner = sheet.owners[index]
            if owner is not None:
                offset = len(sheet.rows[index]) - len(sheet.columns)
                name, title = owner
                sheet.rows[index][offset + at] = title if len(titles.get(title, ())) <= 1 else f"{name}/{title}"


def flatten(spec, documents: list[dict], *, batch: bool = False) -> WorkbookData:
    """Lay out validated documents (one, or one per unit for a batch workbook)."""
    sheets = sheet_layout(spec)
    basic_rows = []
    for data in documents:
        unit = str(data.get("org") or "") if batch else None
        start = {name: len(sheet.rows) for name, sheet in sheets.items()}
        flattener = _Flattener(spec, sheets, unit)
        basic_rows.append({f.key: cell_value(f, data.get(f.key)) for f in basic_fields(spec)})
        basic_rows[-1]["template"] = spec.name
        for top in spec.fields.values():
            if top.type not in spec.types or not data.get(top.key):
                continue
            items = data[top.key] if top.is_list else [data[top.key]]
            for item in items:
                flattener.record(sheets[top.alias], item, None, None)
        _fill_owners(sheets, start)
    return WorkbookData(basic_fields(spec), basic_rows, sheets, batch)


def example_data(spec) -> dict:
    """The template's example.yaml, validated (canonical keys); {} when it has none."""
    from edureport.intake.validate import validate
    from edureport.sources.yaml_source import load_yaml

    path = spec.example_path
    if path is None or not path.is_file():
        return {"org": "", "template": spec.name}
    return validate(load_yaml(path), spec).data


__all__ = ["BASIC_SHEET", "KEY_HEADER", "NOTE_HEADER", "UNIT_HEADER", "VALUE_HEADER", "DATE_FORMAT",
           "WorkbookData", "SheetData", "Column", "flatten", "example_data"]
