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
from edureport.core.script import simplified
from edureport.core.values import NEEDS_CLEANING, join_lines  # NEEDS_CLEANING: what clean_text would change
from edureport.intake.lists import NameList, split_items, strip_numbering
from edureport.templating.schema import FieldSpec

SLOW = object()  # the fast path does not apply: the general checker decides (and reports)
FastPath = Callable[[Any], Any]


# A value is *clean* when it is a plain str that clean_text leaves as it is. Written out below, as it runs
# for every value: ``type(value) is str and (value.isprintable() or NEEDS_CLEANING.search(value) is None)``.
# Every character clean_text changes is unprintable, so a printable text (the usual one-line text) is clean,
# and isprintable() reads a text about twice as fast as the search; a text with a line break, a no-break
# space … is searched.


def _text(value: Any) -> Any:
    if type(value) is str and (value.isprintable() or NEEDS_CLEANING.search(value) is None):
        return value.strip() if "\n" not in value else join_lines(value)
    return SLOW


def _paras(value: Any) -> Any:
    if type(value) is str and (value.isprintable() or NEEDS_CLEANING.search(value) is None):
        return [line.strip() for line in value.split("\n") if line.strip()]
    if type(value) is not list:
        return SLOW
    paras = []
    for item in value:
        if type(item) is not str or not item.isprintable() and NEEDS_CLEANING.search(item) is not None:
            return SLOW  # None, a number, a dict … or a character to remove
        if "\n" in item:
            paras += [line.strip() for line in item.split("\n") if line.strip()]
        elif item.strip():
            paras.append(item.strip())
    return paras


def _items(kind: str) -> FastPath:
    """``list`` (sentences) or ``names``: a list of clean texts, or one clean text to split."""
    def items(value: Any) -> Any:
        if type(value) is str and (value.isprintable() or NEEDS_CLEANING.search(value) is None):
            return split_items(value, kind)
        if type(value) is not list:
            return SLOW
        out = []
        for item in value:
            if type(item) is not str or not item.isprintable() and NEEDS_CLEANING.search(item) is not None:
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


def _general(value: Any) -> Any:
    return SLOW


def fast_path(spec: FieldSpec) -> FastPath:
    """The fast path for ``spec``'s values (one that always says SLOW when every value takes the general way)."""
    kind = spec.type
    if kind == "text":
        return _text
    if kind == "paras":
        return _paras
    if kind in ("list", "names"):
        return _items(kind)
    if kind in ("int", "number"):
        return _number(spec, whole=kind == "int")
    return _general  # dates, yes/no, maps and records are few, or are checked field by field


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


def _default_parts(spec: FieldSpec) -> tuple[Callable[[], Any] | None, Any]:
    """(a factory, or None and the value itself): a new empty list for every record, never a shared one."""
    empty = default_value(spec)
    if isinstance(empty, (list, dict)) and spec.default is None:
        return type(empty), None  # list, NameList or dict
    return None, empty


# The two commonest values are handled in the checker's loop itself, without calling the fast path
# (a Python call costs about as much as the rest of the loop): a printable text (one line, nothing to
# clean: stripped, it is what _text gives) and a whole number within the field's bounds.
INLINE_TEXT = "text"
INLINE_INT = "int"


def _inline(spec: FieldSpec) -> tuple[str | None, Any, Any]:
    """(what the loop handles itself, lowest and highest whole number allowed)."""
    if spec.type == "text":
        return INLINE_TEXT, None, None
    bounds = (spec.minimum, spec.maximum)
    if spec.type in ("int", "number") and all(b is None or type(b) in (int, float) for b in bounds):
        largest = 10 ** limits.MAX_NUMBER_DIGITS - 1  # parse_number refuses more digits
        low = -largest if spec.minimum is None else max(spec.minimum, -largest)
        high = largest if spec.maximum is None else min(spec.maximum, largest)
        return INLINE_INT, low, high
    return None, None, None


# canonical key, its declaration, its fast path, what the loop handles itself and the bounds of a whole number
FieldEntry = tuple[str, FieldSpec, FastPath, "str | None", Any, Any]


@dataclass
class FieldPlan:
    """How to check the records of one field set (a template's top level, or a record type)."""

    fields: dict[str, FieldSpec]
    by_name: dict[str, FieldEntry]  # key or alias (as written, stripped) → field
    # every field in declared order, for what was not given: (key, declaration, factory or None, default value)
    defaults: list[tuple[str, FieldSpec, Callable[[], Any] | None, Any]]

    @classmethod
    def of(cls, fields: dict[str, FieldSpec]) -> FieldPlan:
        by_name: dict[str, FieldEntry] = {}
        for spec in fields.values():
            entry = (spec.key, spec, fast_path(spec), *_inline(spec))
            by_name[spec.key] = entry  # a key wins over an earlier field's alias
            for alias in spec.aliases:
                by_name.setdefault(alias, entry)
        # people's keys are looked up stripped: a name with spaces around it never matches, and
        # without it a key as written (the usual case) can be looked up before it is stripped
        by_name = {name: entry for name, entry in by_name.items() if name == name.strip()}
        return cls(fields, by_name, [(key, spec, *_default_parts(spec)) for key, spec in fields.items()])


def key_name(raw_key: Any, by_name: dict[str, FieldEntry]) -> str:
    """A key as the person wrote it, as the checker names it: a declared name as is, else as text, stripped."""
    return raw_key if raw_key in by_name else str(raw_key).strip()


def written_name(raw: dict, plan: FieldPlan, key: str) -> str:
    """The name (stripped) under which field ``key`` was first written in ``raw``, or ``key``: where its
    value is in the input. Worked out again when a message needs it, instead of for every record."""
    by_name = plan.by_name
    for raw_key in raw:
        name = key_name(raw_key, by_name)
        entry = by_name.get(name) or by_name.get(simplified(name))
        if entry is not None and entry[0] == key:
            return name
    return key
