"""Ready-to-fill data files for a template (``edureport init``).

The YAML starter is the template's own example.yaml with a comment above every
top-level key saying what it is (type, required, description, what each entry
of a list may hold), and the fields the example leaves out listed at the end
as commented lines. Comments do not change the data, so rendering the starter
gives the same document as rendering the example.
"""
from __future__ import annotations

import re

from edureport.templating.schema import FieldSpec

_TOP_KEY = re.compile(r"^(?P<key>[^\s#\-'\"\[{][^:#]*?)\s*:(?:\s|$)")


def describe_field(spec, spec_field: FieldSpec) -> str:
    parts = [spec_field.describe_type(spec.types)]
    if spec_field.required:
        parts.append("必填")
    text = f"{spec_field.alias}（{spec_field.key}）：{'，'.join(parts)}"
    if spec_field.description:
        text += f"。{spec_field.description}"
    return text


def record_hint(spec, spec_field: FieldSpec) -> str | None:
    record = spec.types.get(spec_field.type)
    if record is None:
        return None
    keys = "、".join(f"{f.alias}{'（必填）' if f.required else ''}" for f in record.fields.values())
    hint = f"每项可写：{keys}"
    if record.bare:
        hint += f"；只写一段文字时即为“{record.fields[record.bare].alias}”"
    return hint


def comment_block(spec, spec_field: FieldSpec) -> list[str]:
    lines = [f"# {describe_field(spec, spec_field)}"]
    hint = record_hint(spec, spec_field)
    if hint:
        lines.append(f"#   {hint}")
    return lines


def header_lines(spec) -> list[str]:
    lines = [f"# {spec.name}（{spec.id}）数据文件：由 edureport init 生成。"]
    if spec.description:
        lines.append(f"# {spec.description}")
    lines += [
        "# 以 # 开头的行是说明，不会被读取。键可以写中文名（如“单位”）或英文名（如 org），二者只写一个。",
        "# 下面已填的是示例，请替换为本单位的内容；生成文件：edureport render 本文件.yaml",
        "",
    ]
    return lines


def commented_example(spec) -> str:
    """The template's example.yaml with every field described in comments."""
    path = spec.example_path
    text = path.read_text(encoding="utf-8-sig") if path is not None and path.is_file() else \
        f"文种: {spec.name}\n单位: \n"
    out = header_lines(spec)
    seen: set[str] = set()
    lines = text.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)  # the example's own heading comment: replaced by ours
    for line in lines:
        match = _TOP_KEY.match(line)
        spec_field = spec.field_by_name(match.group("key").strip()) if match else None
        if spec_field is not None and spec_field.key not in seen:
            seen.add(spec_field.key)
            if out and out[-1].strip() and not out[-1].lstrip().startswith("#"):
                out.append("")
            out += comment_block(spec, spec_field)
        out.append(line)
    missing = [f for f in spec.fields.values() if f.key not in seen]
    if missing:
        out += ["", "# —— 以下字段示例中没有用到；需要时删去行首的“# ”再填写 ——"]
        for spec_field in missing:
            out += comment_block(spec, spec_field)
            out.append(f"# {spec_field.alias}:")
    return "\n".join(out).rstrip("\n") + "\n"


def unit_names(text: str) -> list[str]:
    """``--units``: a count (5: five blank rows) or names separated by 、，, or ；."""
    text = text.strip()
    if text.isdigit():
        return [""] * int(text)
    return [name.strip() for name in re.split(r"[、，,；;\n]", text) if name.strip()]


def starter_bytes(spec, file_format: str, units: list[str] | None = None) -> bytes:
    if file_format == "yaml":
        return commented_example(spec).encode("utf-8")
    from edureport.workbook.style import starter_workbook

    return starter_workbook(spec, units)
