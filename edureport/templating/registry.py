"""Finding templates: built-ins, installed packs, EDUREPORT_TEMPLATES, --templates-dir.

A template is a folder holding ``template.yaml`` (metadata and field
declarations), a body template (Jinja producing document markup) and an
example data file. Later sources override earlier ones with the same id.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from edureport.core.errors import InputError, Problem, TemplateError
from edureport.core.script import simplified
from edureport.core.suggest import suggest
from edureport.templating.schema import (
    SCALAR_TYPES,
    FieldSpec,
    RecordType,
    SchemaError,
    check_types_known,
    load_base_schema,
    parse_fields,
    parse_types,
)

METADATA_FILE = "template.yaml"
ENTRY_POINT_GROUP = "edureport.templates"
ENV_VAR = "EDUREPORT_TEMPLATES"
KNOWN_KEYS = {"id", "name", "description", "body", "example", "style", "title", "fields", "types", "links"}


def builtin_root() -> Path:
    """Templates shipped inside the wheel, or the repository's templates/ in a checkout."""
    packaged = Path(__file__).resolve().parent.parent / "builtin_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "templates"


def base_dir() -> Path:
    return builtin_root() / "_base"


@dataclass
class TemplateSpec:
    id: str
    name: str  # 中文名
    description: str
    folder: Path
    body: str
    example: str | None
    style: str
    title: str | None  # default title, Jinja text
    fields: dict[str, FieldSpec]
    types: dict[str, RecordType]
    source: str = "内置"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def body_path(self) -> Path:
        return self.folder / self.body

    @property
    def example_path(self) -> Path | None:
        return self.folder / self.example if self.example else None

    @property
    def own_fields(self) -> list[str]:
        """Keys declared in this template's own ``fields`` (not only inherited from types.yaml)."""
        return [str(k) for k in (self.meta.get("fields") or {})]

    def workbook_layout(self) -> tuple[list[FieldSpec], list[FieldSpec]]:
        """How the fields map to an Excel workbook: (rows of 基本信息, one sheet per field).

        Scalar fields (text, paras, list, date, int, number, bool …) are rows of
        the sheet 基本信息 named by their Chinese alias; each list-of-record
        field (``list[item]``, ``list[task]`` …) is a sheet named by its alias,
        whose columns are the record's fields. A ``map`` field (章节标题) is a
        row too, one ``键：值`` per line of its cell.
        """
        rows = [f for f in self.fields.values() if f.type in SCALAR_TYPES]
        sheets = [f for f in self.fields.values() if f.is_list]
        return rows, sheets

    def field_by_name(self, name: str) -> FieldSpec | None:
        """A field by canonical key or any alias."""
        if name in self.fields:
            return self.fields[name]
        for spec in self.fields.values():
            if name in spec.aliases:
                return spec
        return None


def load_template(folder: Path, source: str = "内置") -> TemplateSpec:
    meta_path = folder / METADATA_FILE
    where = str(meta_path)
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8-sig")) or {}
    except UnicodeDecodeError:
        raise TemplateError(f"{where}：模板元数据不是 UTF-8 编码（可能是 GBK/ANSI）；"
                            "请在记事本或 WPS 中“另存为”，编码选择“UTF-8”后重试") from None
    except OSError as exc:
        raise TemplateError(f"{where}：无法读取模板元数据：{exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"{where}:{mark.line + 1}" if mark else where
        raise TemplateError(f"{place}：模板元数据 YAML 格式错误：{getattr(exc, 'problem', exc)}") from None
    if not isinstance(meta, dict):
        raise TemplateError(f"{where}：模板元数据应为映射")
    for required in ("id", "name", "body"):
        if not meta.get(required):
            raise TemplateError(f"{where}：缺少必填项“{required}”")
    unknown = set(meta) - KNOWN_KEYS
    if unknown:
        raise TemplateError(f"{where}：未知的元数据项：{'、'.join(sorted(map(str, unknown)))}"
                            f"（可用：{'、'.join(sorted(KNOWN_KEYS))}）")
    base = load_base_schema(base_dir() / "types.yaml")
    try:
        types = dict(base.types)
        types.update(parse_types(meta.get("types"), where))
        fields = dict(base.common)
        for key, spec in parse_fields(meta.get("fields"), where).items():
            if key in fields:  # partial override of a common field keeps its aliases
                spec.aliases = spec.aliases or fields[key].aliases
                spec.description = spec.description or fields[key].description
                if spec.type == fields[key].type:  # and its limits (e.g. 年度 1900–2200)
                    spec.minimum = fields[key].minimum if spec.minimum is None else spec.minimum
                    spec.maximum = fields[key].maximum if spec.maximum is None else spec.maximum
            fields[key] = spec
        check_types_known(fields, types, where)
    except SchemaError as exc:
        raise TemplateError(str(exc)) from None
    return TemplateSpec(
        id=str(meta["id"]),
        name=str(meta["name"]),
        description=str(meta.get("description", "")),
        folder=folder,
        body=str(meta["body"]),
        example=meta.get("example"),
        style=str(meta.get("style", "gbt9704")),
        title=meta.get("title"),
        fields=fields,
        types=types,
        source=source,
        meta=meta,
    )


def template_folders(root: Path) -> Iterable[Path]:
    """A directory is either a template itself or holds template folders."""
    if (root / METADATA_FILE).is_file():
        yield root
        return
    if not root.is_dir():
        return
    for child in sorted(root.iterdir()):
        if child.name.startswith(("_", ".")):
            continue
        if (child / METADATA_FILE).is_file():
            yield child


def _entry_point_dirs() -> list[tuple[str, Path]]:
    from importlib.metadata import entry_points

    found = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            target = ep.load()
            if callable(target):
                target = target()
            if hasattr(target, "__file__"):  # a module: its folder
                target = Path(target.__file__).parent
            package = ep.dist.name if getattr(ep, "dist", None) else ep.value
            found.append((f"扩展包 {package}", Path(target)))
        except Exception as exc:  # a broken pack must not break the others
            import warnings

            warnings.warn(f"模板扩展包 {ep.name} 无法加载：{exc}", stacklevel=2)
    return found


class Registry:
    """All templates visible to one run, by id; chosen by id or 中文名."""

    def __init__(self, extra_dirs: Iterable[str | Path] = ()):
        self.templates: dict[str, TemplateSpec] = {}
        self.broken: dict[Path, TemplateError] = {}  # one broken template must not hide the others
        sources: list[tuple[str, Path]] = [("内置", builtin_root())]
        sources += _entry_point_dirs()
        env = os.environ.get(ENV_VAR, "")
        sources += [(f"{ENV_VAR}", Path(p)) for p in env.split(os.pathsep) if p.strip()]
        sources += [("--templates-dir", Path(p)) for p in extra_dirs]
        for label, root in sources:
            if label != "内置" and not root.exists():
                raise InputError(Problem("模板目录不存在", location=str(root), suggestion=f"请检查 {label} 的设置"))
            for folder in template_folders(root):
                source = label if label == "内置" else f"{label}: {folder}"
                try:
                    spec = load_template(folder, source)
                except TemplateError as exc:
                    self.broken[folder] = exc
                    continue
                self.templates[spec.id] = spec

    def __iter__(self):
        return iter(self.templates.values())

    def get(self, name: str) -> TemplateSpec:
        name = (name or "").strip()
        if name in self.templates:
            return self.templates[name]
        plain = simplified(name)  # 工作總結 names 工作总结
        for spec in reversed(list(self.templates.values())):  # a later source wins for a 中文名 too
            if spec.name in (name, plain):
                return spec
        for folder, error in self.broken.items():
            if folder.name == name:
                raise error
        choices = list(self.templates) + [s.name for s in self.templates.values()]
        hint = suggest(name, choices)
        available = "、".join(f"{s.id}（{s.name}）" for s in self.templates.values())
        broken = "".join(f"；另有模板无法加载：{error}" for error in self.broken.values())
        raise InputError(Problem(f"找不到模板“{name}”", expected=available,
                                 suggestion=(hint + "可用 edureport templates list 查看全部模板").strip() + broken))


@lru_cache(maxsize=16)
def _cached_registry(extra: tuple[str, ...], env: str) -> Registry:
    return Registry(extra)


def get_registry(extra_dirs: Iterable[str | Path] = ()) -> Registry:
    """A registry, reused while the search path is unchanged (batch renders many documents)."""
    # resolved, so a relative --templates-dir means the same folder only from the same working directory
    return _cached_registry(tuple(str(Path(p).resolve()) for p in extra_dirs), os.environ.get(ENV_VAR, ""))


def forget_templates() -> None:
    """Drop cached registries (after installing a template pack or editing templates in-process)."""
    _cached_registry.cache_clear()
