"""Field declarations: what data a template accepts, read from YAML metadata.

A field has a canonical key (used by templates), one or more Chinese aliases
(typed by people), a type, and optional required/default/min/description.
Types are scalars (text, paras, list, names, date, date_or_text, int, number,
bool, map) or record types (item, metric, …) possibly as lists: ``list[metric]``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

SCALAR_TYPES = {"text", "paras", "list", "names", "date", "date_or_text", "int", "number", "bool", "map"}
TYPE_NAMES_ZH = {
    "text": "文字",
    "paras": "段落（一段文字或多段的列表）",
    "list": "列表（每项一行，或用分号分隔）",
    "names": "名称列表（用顿号、逗号或换行分隔）",
    "date": "日期（如 2024年3月1日 或 2024-03-01）",
    "date_or_text": "日期或文字",
    "int": "整数",
    "number": "数字",
    "bool": "是/否",
    "map": "“键: 值”映射",
}
_LIST_RE = re.compile(r"^list\[(\w+)\]$")


class SchemaError(ValueError):
    """A metadata file declares something impossible (a template author's mistake)."""


@dataclass
class FieldSpec:
    key: str
    aliases: list[str]
    type: str  # scalar type name, or a record type name
    is_list: bool = False  # list[record]
    required: bool = False
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""
    example: Any = None
    heading: str | None = None  # default section heading (Jinja text)

    @property
    def alias(self) -> str:
        return self.aliases[0] if self.aliases else self.key

    @property
    def type_label(self) -> str:
        if self.is_list:
            return f"list[{self.type}]"
        return self.type

    def describe_type(self, types: dict[str, RecordType]) -> str:
        if self.type in TYPE_NAMES_ZH:
            return TYPE_NAMES_ZH[self.type]
        record = types.get(self.type)
        name = record.name if record else self.type
        return f"{name}列表" if self.is_list else name


@dataclass
class RecordType:
    key: str
    name: str  # Chinese name
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    bare: str | None = None  # field a bare string maps to
    parent_column: str | None = None  # Excel column naming a parent row


def parse_field(key: str, raw: Any, where: str) -> FieldSpec:
    if isinstance(raw, str):
        raw = {"type": raw}
    if not isinstance(raw, dict):
        raise SchemaError(f"{where}：字段“{key}”的声明应为映射，如 {{alias: 中文名, type: text}}")
    aliases = raw.get("alias") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    type_name = str(raw.get("type", "text"))
    is_list = False
    match = _LIST_RE.match(type_name)
    if match:
        type_name, is_list = match.group(1), True
    unknown = set(raw) - {"alias", "type", "required", "default", "min", "max", "description", "example", "heading"}
    if unknown:
        raise SchemaError(f"{where}：字段“{key}”有未知的声明项：{'、'.join(sorted(unknown))}")
    return FieldSpec(
        key=key,
        aliases=[str(a) for a in aliases],
        type=type_name,
        is_list=is_list,
        required=bool(raw.get("required", False)),
        default=raw.get("default"),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        description=str(raw.get("description", "")),
        example=raw.get("example"),
        heading=raw.get("heading"),
    )


def parse_fields(raw: Any, where: str) -> dict[str, FieldSpec]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise SchemaError(f"{where}：fields 应为映射（字段名: 声明）")
    return {str(k): parse_field(str(k), v, where) for k, v in raw.items()}


def parse_types(raw: Any, where: str) -> dict[str, RecordType]:
    types: dict[str, RecordType] = {}
    for key, body in (raw or {}).items():
        if not isinstance(body, dict):
            raise SchemaError(f"{where}：类型“{key}”的声明应为映射")
        types[key] = RecordType(
            key=key,
            name=str(body.get("name", key)),
            fields=parse_fields(body.get("fields"), f"{where} types.{key}"),
            bare=body.get("bare"),
            parent_column=body.get("parent_column"),
        )
    return types


def check_types_known(fields: dict[str, FieldSpec], types: dict[str, RecordType], where: str) -> None:
    for spec in fields.values():
        if spec.type not in SCALAR_TYPES and spec.type not in types:
            raise SchemaError(f"{where}：字段“{spec.key}”的类型“{spec.type}”不存在；可用：{'、'.join(sorted(SCALAR_TYPES | set(types)))}")
        if spec.is_list and spec.type in SCALAR_TYPES:
            raise SchemaError(f"{where}：list[...] 只能用于记录类型（如 list[item]），“{spec.key}”请直接写 type: list")


@dataclass
class BaseSchema:
    common: dict[str, FieldSpec]
    types: dict[str, RecordType]


@lru_cache(maxsize=8)
def load_base_schema(path: Path) -> BaseSchema:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    types = parse_types(raw.get("types"), path.name)
    common = parse_fields(raw.get("common"), path.name)
    for record in types.values():
        check_types_known(record.fields, types, f"{path.name} types.{record.key}")
    return BaseSchema(common, types)
