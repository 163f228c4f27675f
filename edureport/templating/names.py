"""Chinese names in templates: every declared field answers to its Chinese alias too.

``{{ 单位 }}`` is ``{{ org }}``, ``{% for 项 in 主要成绩 %}{{ 项.标题 }}`` is
``{% for it in achievements %}{{ it.title }}``, ``h.主要成绩`` is ``h.achievements``.
English keys stay valid. The context gets one extra key per alias (pointing at
the same value); records are :class:`Record` dicts that look aliases up on a miss,
so their keys, equality and iteration are exactly the data's.

A name that is not there is reported in Chinese with a did-you-mean drawn from
the declared fields (see :class:`FieldUndefined`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import jinja2

from edureport.core.suggest import closest as did_you_mean  # noqa: F401  (one did-you-mean for the project)
from edureport.templating.schema import FieldSpec, RecordType


class Record(dict):
    """A record (条目, 指标 …) whose fields also answer to their Chinese names.

    Each record type has its own subclass (see :func:`record_class`) that holds the type's
    Chinese name and alias map, so wrapping a record is one dict copy made in C."""

    __slots__ = ()
    _kind = ""  # Chinese name of the record type, for messages
    _aliases: dict[str, str] = {}  # alias → canonical key, shared by all records of a type

    def __missing__(self, key):
        canonical = self._aliases.get(key) if isinstance(key, str) else None
        if canonical is not None and dict.__contains__(self, canonical):
            return dict.__getitem__(self, canonical)
        raise KeyError(key)

    def __reduce__(self):  # copy and pickle: the class is made per record type, so it is made again by name
        return _rebuild_record, (self._kind, self._aliases, dict(self))

    def field_names(self) -> list[str]:
        """Every name a template may use: canonical keys and aliases."""
        return list(self) + list(self._aliases)

    def label(self, key: str) -> str:
        """“标题（title）” for a canonical key, or the key itself."""
        alias = next((a for a, k in self._aliases.items() if k == key), None)
        return f"{alias}（{key}）" if alias else key


_RECORD_CLASSES: dict[tuple, type[Record]] = {}  # (kind, aliases) → its Record subclass


def record_class(kind: str, aliases: dict[str, str]) -> type[Record]:
    """The Record subclass for records of ``kind`` (made once per record type and alias map)."""
    key = (kind, tuple(aliases.items()))
    cls = _RECORD_CLASSES.get(key)
    if cls is None:
        cls = _RECORD_CLASSES[key] = type("Record", (Record,), {"__slots__": (), "_kind": kind, "_aliases": aliases})
    return cls


def _rebuild_record(kind: str, aliases: dict[str, str], values: dict) -> Record:
    return record_class(kind, aliases)(values)


def _alias_map(fields: Iterable[FieldSpec]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for spec in fields:
        for alias in spec.aliases:
            if alias != spec.key:
                aliases.setdefault(alias, spec.key)
    return aliases


def _wrapping(wrap_one: Callable[[dict], Record]) -> Callable[[Any], Any]:
    """Applies ``wrap_one`` to a record or to each record of a list; what is already a Record,
    or is not a record at all, is kept as it is."""
    def wrap(value: Any) -> Any:
        if isinstance(value, list):  # a plain dict (what the validator gives) is checked first: it is the usual item
            return [wrap_one(v) if v.__class__ is dict or isinstance(v, dict) and not isinstance(v, Record) else v for v in value]
        return wrap_one(value) if isinstance(value, dict) and not isinstance(value, Record) else value
    return wrap


class _Namer:
    """Wraps data in :class:`Record` following the field declarations: per record type, one
    function that wraps a record (or a list of them) and the records in its fields."""

    def __init__(self, types: dict[str, RecordType]):
        self.types = types
        self.wrappers: dict[str, Callable[[Any], Any]] = {}
        nested_fields = []
        for key, record in types.items():
            nested = [(name, spec.type) for name, spec in record.fields.items() if spec.type in types]
            self.wrappers[key] = self._wrapper(record, nested)
            nested_fields.append(nested)
        for nested in nested_fields:  # now that every type has its wrapper (an item holds items)
            nested[:] = [(name, self.wrappers[inner]) for name, inner in nested]

    @staticmethod
    def _wrapper(record: RecordType, nested: list[tuple]) -> Callable[[Any], Any]:
        cls = record_class(record.name, _alias_map(record.fields.values()))
        if not nested:  # 指标 …: the class call is the whole wrapping (a dict copy made in C)
            return _wrapping(cls)

        def wrap_one(value: dict) -> Record:
            named = cls(value)
            for name, wrap in nested:
                inner = named.get(name, _ABSENT)
                if inner.__class__ is list and not inner:
                    named[name] = []  # what wrap gives, without a call for every empty 子项
                elif inner is not _ABSENT:
                    named[name] = wrap(inner)
            return named
        return _wrapping(wrap_one)

    def value(self, spec: FieldSpec | None, value: Any) -> Any:
        wrap = self.wrappers.get(spec.type) if spec is not None else None
        return value if wrap is None else wrap(value)


_ABSENT = object()


class NamedContext(dict):
    """A template context that remembers the field declarations, for did-you-mean messages."""

    fields: dict[str, FieldSpec]


def with_chinese_names(fields: dict[str, FieldSpec], types: dict[str, RecordType], context: dict) -> NamedContext:
    """The context with records wrapped and one key per Chinese alias of a declared field.

    Calling it again on its own result refreshes the alias keys (after ``title`` or ``h`` changed)."""
    namer = _Namer(types)
    named = NamedContext((key, namer.value(fields.get(key), value)) for key, value in context.items())
    return refresh_names(fields, named)


def refresh_names(fields: dict[str, FieldSpec], named: NamedContext) -> NamedContext:
    """After ``title``, ``h`` … were set in a named context (its records are wrapped already):
    ``h`` answers to Chinese names and every alias key points at its field's value again."""
    named.fields = fields
    headings = named.get("h")
    if isinstance(headings, dict):
        heading_fields = [f for f in fields.values() if f.key in headings]
        named["h"] = record_class("章节标题（h）", _alias_map(heading_fields))(headings)
    for alias, key in _alias_map(fields.values()).items():
        if key in named and alias not in fields:
            named[alias] = named[key]
    return named


class FieldUndefinedError(jinja2.UndefinedError):
    """A record field that is not there; the message is already Chinese and has a suggestion."""


class FieldUndefined(jinja2.StrictUndefined):
    """StrictUndefined that names a record's missing field in Chinese and suggests the closest one."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        obj, name = self._undefined_obj, self._undefined_name
        if isinstance(obj, Record) and isinstance(name, str):
            close = did_you_mean(name, obj.field_names())
            fields = "、".join(obj.label(k) for k in obj)
            hint = f"您是不是要写“{close}”？" if close else f"可用的有：{fields}"
            return f"“{obj._kind}”没有“{name}”这一项；{hint}"
        return super()._undefined_message

    def _fail_with_undefined_error(self, *args, **kwargs):
        obj = self._undefined_obj
        if isinstance(obj, Record) and isinstance(self._undefined_name, str):
            raise FieldUndefinedError(self._undefined_message)
        return super()._fail_with_undefined_error(*args, **kwargs)

    # StrictUndefined routes these through _fail_with_undefined_error already
    __str__ = __iter__ = __len__ = __bool__ = __eq__ = __ne__ = __hash__ = __contains__ = \
        _fail_with_undefined_error


def name_suggestion(name: str, context: dict, fields: dict[str, FieldSpec] | None = None) -> str:
    """“；您是不是要写“主要成绩”（achievements）？” for an undefined top-level name, or how to declare it."""
    fields = fields or {}
    candidates = [k for k in context if isinstance(k, str) and k.isidentifier()]
    close = did_you_mean(name, candidates)
    if close is None:
        return "；请在 template.yaml 的 fields 中声明它，或检查拼写"
    spec = fields.get(close)
    if spec is None:
        spec = next((f for f in fields.values() if close in f.aliases), None)
    if spec is not None and close == spec.key and spec.aliases:
        return f"；您是不是要写“{spec.alias}”（{spec.key}）？"
    if spec is not None and close != spec.key:
        return f"；您是不是要写“{close}”（{spec.key}）？"
    return f"；您是不是要写“{close}”？"
