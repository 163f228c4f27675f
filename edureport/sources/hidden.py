"""Rows, columns and sheets hidden in Excel: still read, but never silently.

A clerk hides last year's rows, filters a list down to this term, or collapses
a group, and then sees only what is left. The loader reads the file, not the
screen: hidden content is read and printed like any other. Guessing that hidden
means “leave it out” would silently drop a row someone hid only to make room,
so the content is kept and each sheet a document reads from gets ONE warning
naming its hidden rows and columns (with ``--strict`` it stops the document,
like every warning). The reader records what is hidden (:class:`Hidden`); the
layer that knows which rows make up a document asks :func:`hidden_warning`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from edureport.core.errors import WARNING, Problem
from edureport.sources.xlsx_cells import column_name, header_text

MAX_NAMED_SPANS = 8  # beyond this many runs of rows or columns the message says “等”
VISIBLE = "visible"


@dataclass(frozen=True)
class Hidden:
    """What one worksheet hides from the person looking at it."""

    rows: frozenset[int] = frozenset()  # row numbers hidden by hand, by a filter or in a collapsed group
    columns: frozenset[int] = frozenset()  # column indices
    filtered: bool = False  # an AutoFilter is set: hidden rows are most likely filtered out
    state: str = VISIBLE  # the sheet itself: visible | hidden | veryHidden


NOTHING_HIDDEN = Hidden()


def spans(numbers: Iterable[int], unit: str, name=str) -> str:
    """5, 7, 8, 9 → “5、7～9 行” (``name`` writes one number: a row number, or a column's letters)."""
    ordered = sorted(set(numbers))
    runs: list[tuple[int, int]] = []
    for number in ordered:
        if runs and runs[-1][1] + 1 == number:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    words = "、".join(name(first) if first == last else f"{name(first)}～{name(last)}"
                     for first, last in runs[:MAX_NAMED_SPANS])
    return f"{words} {unit}" if len(runs) <= MAX_NAMED_SPANS else f"{words}等 {len(ordered)} {unit}"


# a hidden sheet's state → (what it is, how to show it again)
SHEET_STATES = {"hidden": ("是隐藏的", "右键工作表标签 →“取消隐藏”"),
                "veryHidden": ("被设为“深度隐藏”", "在 Excel 中按 Alt+F11，把这张表的 Visible 属性改为“-1”")}


def hidden_warning(sheet, rows: Iterable) -> Problem | None:
    """The one warning for ``sheet`` (a :class:`~edureport.sources.xlsx_tables.Sheet`) when any of
    ``rows`` — the rows a document reads from it — is hidden or holds a cell in a hidden column."""
    hidden: Hidden = sheet.hidden
    if hidden is NOTHING_HIDDEN:
        return None
    rows = [row for row in rows if row.cells]
    if not rows:
        return None
    if hidden.state in SHEET_STATES:
        what, undo = SHEET_STATES[hidden.state]
        return Problem(f"这张工作表{what}，其内容仍会印进文件", location=sheet.name, severity=WARNING,
                       suggestion=f"不需要的请删除这张工作表；需要的请{undo}后核对")
    hidden_rows = [row.number for row in rows if row.number in hidden.rows]
    hidden_columns = {column for row in rows for column in row.cells if column in hidden.columns}
    if not hidden_rows and not hidden_columns:
        return None
    filtered = bool(hidden_rows) and hidden.filtered
    parts = []
    if hidden_rows:
        parts.append(f"第 {spans(hidden_rows, '行')}" + ("（被筛选掉）" if filtered and hidden_columns else ""))
    if hidden_columns:
        names = [header_text(sheet.header[c].value) for c in sorted(hidden_columns) if c in sheet.header]
        parts.append(spans(hidden_columns, "列", column_name) + (f"（{'、'.join(names[:MAX_NAMED_SPANS])}）" if names else ""))
    state = "被筛选隐藏了" if filtered and not hidden_columns else "是隐藏的"
    return Problem(f"{'和 '.join(parts)}{state}（在 Excel 中看不到），其内容仍会印进文件", location=sheet.name,
                   severity=WARNING, suggestion=f"不需要的请删除；需要的请{'取消筛选' if filtered else '取消隐藏'}后核对")


def hidden_sheet_note(sheet) -> str:
    """For an error about a whole sheet: that the person cannot see it (“” when they can)."""
    if sheet.hidden.state not in SHEET_STATES:
        return ""
    what, undo = SHEET_STATES[sheet.hidden.state]
    return f"（这张表{what}：{undo}后可以看到）"
