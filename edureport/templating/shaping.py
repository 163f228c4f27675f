"""Data shaping for the built-in macros, as filters: what goes into a section, a
table or an opening, decided in Python (and tested); templates only lay it out.

- ``item_parts`` / ``task_parts``: the paragraphs of one 条目 / 重点任务;
- ``outline``: a tree of items or tasks as a flat list of entries (heading level,
  title, run-in or not, paragraphs), children one level down;
- ``metric_table``, ``target_table``, ``task_table``: a table as header, column
  alignment, rows and density, printed by the ``table`` macro; subtasks in the
  分工表 take their parent's 牵头单位/配合单位/完成时限 when they have none;
- ``with_note``, ``phase_title``, ``lead_in``: small sentence-level helpers.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from edureport.core.errors import TemplateError
from edureport.core.numbers import amount, is_missing
from edureport.core.script import word
from edureport.templating.filters import (
    _get,
    cell_lines,
    date,
    date_range,
    duty_line,
    end_with,
    join_cn,
    metric_cells,
    metric_sentences,
    points_sentence,
)


def _list(value: Any) -> list:
    if value is None or value == "":
        return []
    return [value] if isinstance(value, str | dict) else list(value)


def _records(value: Any, what: str) -> list:
    """Records (条目, 重点任务 …); a text where a record belongs is the template's mistake, not dropped."""
    records = _list(value)
    for record in records:
        if not isinstance(record, dict):
            raise TemplateError(f"{what}需要条目（有 标题、内容 等项的记录），这里是“{str(record)[:20]}”"
                                f"（{type(record).__name__}）；一段段文字请用 m.paragraphs 印出")
    return records


# -- items and tasks ------------------------------------------------------------------
def item_parts(item: Any, previous_label: str = "较上年", target_label: str = "年度目标") -> list[str]:
    """An item's paragraphs: its text, its points as 一是……；二是……。, its metrics as sentences."""
    parts = [str(p) for p in _list(_get(item, "text"))]
    points, metrics = _get(item, "points"), _get(item, "metrics")
    if points:
        parts.append(points_sentence(points))
    if metrics:
        parts.append(metric_sentences(metrics, previous_label, target_label))
    return parts


def task_parts(task: Any, previous_label: str = "较上年", target_label: str = "年度目标") -> list[str]:
    """A 重点任务's paragraphs: as an item's, then 具体措施 (一是……) and “（牵头单位：…；…）”."""
    parts = item_parts(task, previous_label, target_label)
    if _get(task, "measures"):
        parts.append(points_sentence(_get(task, "measures")))
    duty = duty_line(task)
    if duty:
        parts.append(f"（{duty}）")
    return parts


def outline(items: Iterable[Any], level: int = 2, previous_label: str = "较上年", target_label: str = "年度目标",
            tasks: bool = False, extra: Iterable[Any] = ()) -> list[dict]:
    """Items (or tasks) and their sub-items as entries ``{level, title, runin, paragraphs}``.

    An entry with a title is a heading of ``level``; it runs in (标题。内容) when it
    has paragraphs and no sub-items. Sub-items follow one level down; ``extra``
    paragraphs follow each top-level item's own."""
    entries: list[dict] = []
    parts_of = task_parts if tasks else item_parts
    for item in _records(items, "m.section / m.item / m.task（outline）"):
        parts = parts_of(item, previous_label, target_label) + [str(p) for p in extra or []]
        children = _list(_get(item, "items"))
        entries.append({"level": level, "title": _get(item, "title") or "", "runin": bool(parts and not children),
                        "paragraphs": parts})
        entries.extend(outline(children, level + 1, previous_label, target_label, tasks))
    return entries


def heading_marks(level: int) -> Markup:
    """The marks that start a heading line of ``level``: 1 → “#”, 3 → “###”; the writer numbers four
    levels (一、（一）1.（1）), so deeper levels print as the fourth. Markup, so they are not escaped."""
    return Markup("#" * min(level, 4))


def with_note(parts: Iterable[Any], note: str) -> list[str]:
    """Paragraphs with ``note`` appended to the last one: [甲, 乙] + （××牵头） → [甲, 乙（××牵头）]."""
    parts = [str(p) for p in _list(parts)] or [""]
    parts[-1] += note or ""
    return parts


def phase_title(phase: Any) -> str:
    """A 实施步骤's heading: 动员部署 (2024-03 to 2024-04) → 动员部署阶段（2024年3月—4月）."""
    name = str(_get(phase, "name") or "")
    name = name if name.endswith(("阶段", word("阶段"))) else name + word("阶段")
    period = date_range(_get(phase, "start"), _get(phase, "end"))
    return f"{name}（{period}）" if period else name


def lead_in(opening: Iterable[Any], sentence: str, alone: str | None = None) -> list[str]:
    """Opening paragraphs ending in a lead-in such as 现将有关情况汇报如下。

    The last paragraph gets ``sentence`` unless it already leads in (ends with
    如下。 or 如下：); no opening gives ``alone`` (or ``sentence``) by itself."""
    parts = [str(p) for p in _list(opening)]
    if not parts:
        return [alone or sentence]
    if not parts[-1].strip().rstrip("。：:").endswith(("如下", word("如下"))):
        parts[-1] = end_with(parts[-1]) + sentence
    return parts


# -- tables -----------------------------------------------------------------------------
def _table(header: list[str], align: list[str], rows: list[list[Any]], dense: bool) -> dict:
    return {"header": [word(h) for h in header], "align": align, "dense": bool(dense),  # headers: generated words
            "rows": [["" if is_missing(c) else str(c) for c in row] for row in rows]}


def metric_table(metrics: Iterable[Any], current_label: str = "本年", dense: bool | None = None) -> dict:
    """序号 | 指标 | 单位 | 本年 [| 上年 | 增减] [| 目标 | 完成率]: 上年 and 目标 only when some
    metric has them; each row in the unit of its largest figure; dense (小四) when all eight columns are there."""
    metrics = _list(metrics)
    has_previous = any(_get(m, "previous") is not None for m in metrics)
    has_target = any(_get(m, "target") is not None for m in metrics)
    header = ["序号", "指标", "单位", current_label] + (["上年", "增减"] if has_previous else []) \
        + (["目标", "完成率"] if has_target else [])
    align = ["center", "left", "center", "right"] + ["right"] * (2 * has_previous + 2 * has_target)
    rows = []
    for n, metric in enumerate(metrics, 1):
        cells = metric_cells(metric)
        rows.append([n, _get(metric, "name"), cells["unit"], cells["value"]]
                    + ([cells["previous"], cells["change"]] if has_previous else [])
                    + ([cells["target"], cells["completion"]] if has_target else []))
    return _table(header, align, rows, (has_previous and has_target) if dense is None else dense)


def target_table(targets: Iterable[Any], dense: bool = False) -> dict:
    """指标 | 基期值 | 目标值 | 完成时限, figures with their unit, “—” where there is no value."""
    rows = [[_get(t, "name"), amount(_get(t, "baseline"), _get(t, "unit")) or "—",
             amount(_get(t, "target"), _get(t, "unit")), date(_get(t, "deadline")) or "—"] for t in _list(targets)]
    return _table(["指标", "基期值", "目标值", "完成时限"], ["left", "right", "right", "center"], rows, dense)


def _task_rows(tasks: Iterable[Any], prefix: str, inherited: tuple) -> list[list[Any]]:
    rows = []
    for n, task in enumerate(_records(tasks, "分工表（task_table）"), 1):
        number = f"{prefix}{n}"
        lead, partners, deadline = (_get(task, key) or parent
                                    for key, parent in zip(("lead", "partners", "deadline"), inherited, strict=True))
        title = _get(task, "title") or join_cn(_list(_get(task, "text")), "")
        rows.append([number, title, cell_lines(_get(task, "measures") or _get(task, "points")), join_cn(_list(lead)),
                     join_cn(_list(partners)), date(deadline)])
        rows.extend(_task_rows(_get(task, "items"), number + ".", (lead, partners, deadline)))
    return rows


def task_table(tasks: Iterable[Any]) -> dict:
    """重点任务分工表, numbered 1, 1.1, 1.1.1 …; a subtask without its own 牵头单位/配合单位/完成时限 takes its parent's."""
    return _table(["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"],
                  ["center", "left", "left", "left", "left", "center"], _task_rows(tasks, "", (None, None, None)), True)


SHAPING_FILTERS = {
    "item_parts": item_parts,
    "task_parts": task_parts,
    "outline": outline,
    "heading_marks": heading_marks,
    "with_note": with_note,
    "phase_title": phase_title,
    "lead_in": lead_in,
    "metric_table": metric_table,
    "target_table": target_table,
    "task_table": task_table,
}
