"""A record type's fields, worked out once per check instead of once per record.

The validator looks up every key a person wrote (key, alias, 單位 in Traditional
characters) and converts every value. Most values are already what their field
wants: a text without control characters, a whole number in range, a list of such
texts. For those a *fast path* gives exactly what the general checker would give,
without building the value's place (``data.yaml:12:5``) and field path
(``achievements[2].text``) — which are only needed when something is reported.
Anything else (a problem, a control character to remove, a number typed as text,
a date, a record) returns :data:`SLOW` and the general checker decides.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from edureport.core import limits
from edureport.core.values import _NEEDS_CLEANING as NEEDS_CLEANING  # what clean_text would change
from edureport.core.values import join_lines
from edureport.intake.lists import NameList, split_items, strip_numbering
from edureport.templating.schema import FieldSpec

SLOW = object()  # the fast path does not apply: the general checker decides (and reports)
FastPath = Callable[[Any], Any]


# A value is *clean* when it is a plain str that clean_text leaves as it is:
# ``type(value) is str and NEEDS_CLEANING.search(value) is None`` (written out: this runs for every value).


def _text(value: Any) -> Any:
    if type(value) is str and NEEDS_CLEANING.search(value) is None:
        return value.strip() if "\n" not in value else join_lines(value)
    return SLOW


def _paras(value: Any) -> Any:
    if type(value) is str and NEEDS_CLEANING.search(value) is None:
        return [line.strip() for line in value.split("\n") if line.strip()]
    if type(value) is not list:
        return SLOW
    paras = []
    for item in value:
        if type(item) is not str or NEEDS_CLEANING.search(item) is not None:
            return SLOW  # None, a number, a dict … or a character to remove
        if "\n" in item:
            paras += [line.strip() for line in item.split("\n") if line.strip()]
        elif item.strip():
            paras.append(item.strip())
    return paras


def _items(kind: str) -> FastPath:
    """``list`` (sentences) or ``names``: a list of clean texts, or one clean text to split."""
    def items(value: Any) -> Any:
        if type(value) is str and NEEDS_CLEANING.search(value) is None:
            return split_items(value, kind)
        if type(value) is not list:
            return SLOW
        out = []
        for item in value:
            if type(item) is not str or NEEDS_CLEANING.search(item) is not None:
                return SLOW
            text = item.strip() if "\n" not in item else join_lines(item)
            if text:
                out.append(text)
        return strip_numbering(out) if kind == "list" else NameList(out)
    return items


def _number(spec: FieldSpec, whole: bool) -> FastPath:
    """An int (or, for ``number``, a float) that parse_number keeps and the field's range allows."""
    low, high = spec.minimum, spec.maximum
    too_big = 10 ** limits.MAX_NUMBER_DIGITS

    def number(value: Any) -> Any:
        if type(value) is int:
            if abs(value) >= too_big:
                return SLOW
        elif type(value) is float and not whole:
            if not abs(value) < too_big:  # also NaN and infinity
                return SLOW
            if value.is_integer() and abs(value) < 1e15:
                value = int(value)  # as parse_number: 3.0 from a program is 3
        else:
            return SLOW  # text, bool, a float for an int field …
        if (low is None or value >= low) and (high is None or value <= high):
            return value
        return SLOW
    return number


def fast_path(spec: FieldSpec) -> FastPath | None:
    """The fast path for ``spec``'s values, or None when every value takes the general way."""
    kind = spec.type
    if kind == "text":
        return _text
    if kind == "paras":
        return _paras
    if kind in ("list", "names"):
        return _items(kind)
    if kind in ("int", "number"):
        return _number(spec, whole=kind == "int")
    return None  # dates, yes/no, maps and records are few, or are checked field by field


def default_value(spec: FieldSpec) -> Any:
    """What a field that was not given holds (a new empty list each time, never a shared one)."""
    if spec.default is not None:
        return spec.default
    if spec.type == "names":
        return NameList()
    if spec.is_list or spec.type in ("paras", "list"):
        return []
    if spec.type == "map":
        return {}
    return None


def _default_maker(spec: FieldSpec) -> Callable[[], Any]:
    empty = default_value(spec)
    if isinstance(empty, (list, dict)) and spec.default is None:
        return type(empty)  # list, NameList or dict: made anew for every record
    return lambda: empty


@dataclass
class FieldPlan:
    """How to check the records of one field set (a template's top level, or a record type)."""

    fields: dict[str, FieldSpec]
    by_name: dict[str, tuple[str, FieldSpec, FastPath | None]]  # key or alias (as written, stripped) → field
    defaults: list[tuple[str, FieldSpec, Callable[[], Any]]]  # every field in declared order, for what was not given

    @classmethod
    def of(cls, fields: dict[str, FieldSpec]) -> FieldPlan:
        by_name: dict[str, tuple[str, FieldSpec, FastPath | None]] = {}
        for spec in fields.values():
            entry = (spec.key, spec, fast_path(spec))
            by_name[spec.key] = entry  # a key wins over an earlier field's alias
            for alias in spec.aliases:
                by_name.setdefault(alias, entry)
        # people's keys are looked up stripped: a name with spaces around it never matches, and
        # without it a key as written (the usual case) can be looked up before it is stripped
        by_name = {name: entry for name, entry in by_name.items() if name == name.strip()}
        return cls(fields, by_name, [(key, spec, _default_maker(spec)) for key, spec in fields.items()])
