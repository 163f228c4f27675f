"""A summary linked to the plan(s) it reports on.

The plan (实施方案, 工作要点 …) sets targets (指标名称, 基期值, 目标值, 完成时限,
方向) and tasks (牵头单位, 完成时限). A summary names its plan with
``依据方案:`` (a path relative to the data file) or ``--plan``; this module
matches the plan's targets to the summary's metrics *by exact name*, judges
each one, and lists the plan's tasks whose 时限 has passed by the summary's
成文日期. A near miss in a name is a warning with a did-you-mean, never a
silent match; a target with no reported value is listed as 未报送, not dropped.

Templates see the result as ``plan_link`` (see :func:`link_context`).
"""
from __future__ import annotations

import calendar
import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from edureport.core.errors import InputError, Problem
from edureport.core.numbers import (
    _decimal,
    _unit_scale,
    amount,
    completion,
    completion_rate,
    is_missing,
    is_percent_unit,
    number,
)
from edureport.core.values import DateValue, ValueProblem, parse_date
from edureport.sources import Source, read_source

LOWER_IS_BETTER = {"越低越好", "越小越好", "逆向", "逆向指标", "lower", "lower is better"}
HIGHER_IS_BETTER = {"越高越好", "越大越好", "正向", "正向指标", "higher", "higher is better"}
STATUSES = ("超额完成", "已完成", "未完成", "推进中", "未报送")
DEFAULT_PLAN_TEMPLATE = "implementation-plan"


@dataclass
class PlanFile:
    """One plan, loaded and validated against its own template."""

    path: Path
    title: str
    data: dict
    source: Source

    def locate(self, field_key: str, aliases: Sequence[str], *rest) -> str:
        raw_key = next((k for k in (field_key, *aliases) if k in (self.source.data or {})), field_key)
        return self.source.locate((raw_key, *rest))


@dataclass
class PlanLink:
    """What a summary template gets as ``plan_link``."""

    plans: list[str]  # plan titles
    rows: list[dict] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    summary: str = ""
    sentences: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


# -- finding and loading plans ------------------------------------------------------------
def plan_paths(source: Source, data: dict, cli_plans: Iterable[str | Path],
               data_file: Path | None = None) -> list[tuple[Path, str]]:
    """The plans to link, with where each was named: ``--plan`` paths as given,
    ``依据方案`` paths relative to the data file (to the current folder for data given as a dict)."""
    named = [(Path(p), "命令行参数 --plan") for p in cli_plans or ()]
    listed = data.get("plan") or []
    base = data_file.parent if data_file is not None else Path.cwd()
    raw_key = "依据方案" if "依据方案" in (source.data or {}) else "plan"
    for index, text in enumerate(listed):
        path = Path(str(text).strip())
        where = source.locate((raw_key, index)) if isinstance(source.data.get(raw_key), list) else source.locate((raw_key,))
        named.append((path if path.is_absolute() else base / path, where))
    return named


def load_plan(path: Path, where: str, registry) -> PlanFile:
    from edureport.intake.validate import validate
    from edureport.intake.workbook import shape

    if not path.is_file():
        raise InputError(Problem(f"找不到依据的方案文件“{path}”", location=where,
                                 suggestion="“依据方案”写方案数据文件的路径（相对于本数据文件所在文件夹）"))
    source = read_source(path)
    declared = source.declared_templates()
    spec = registry.get(declared[0][0] if declared else DEFAULT_PLAN_TEMPLATE)
    source = shape(source, spec)
    data = validate(source, spec).data
    if not data.get("targets") and not plan_tasks(data):
        raise InputError(Problem("依据的方案中没有“目标指标”，也没有“重点任务”，无法对照", location=str(path),
                                 suggestion="方案应有“目标指标”（指标名称、目标值）或“重点任务”（牵头单位、完成时限）"))
    return PlanFile(path, str(data.get("title") or path.stem), data, source)


def plan_tasks(data: dict) -> list[dict]:
    """重点任务 of a 实施方案 (tasks) or of 工作要点 (task_groups)."""
    return data.get("tasks") or data.get("task_groups") or []


# -- dates ----------------------------------------------------------------------------------
def _last_day(value: DateValue) -> dt.date:
    day = value.day or calendar.monthrange(value.year, value.month)[1]
    return dt.date(value.year, value.month, day)


def _as_date(value: Any) -> DateValue | None:
    if isinstance(value, DateValue):
        return value
    if is_missing(value):
        return None
    try:
        return parse_date(value)
    except ValueProblem:
        return None  # 每年8月底前: a deadline, but not one date


def report_date(data: dict) -> dt.date:
    """The day the summary speaks from: its 成文日期, else the last day of its 年度."""
    written = _as_date(data.get("date"))
    if written is not None:
        return _last_day(written)
    year = data.get("year")
    return dt.date(int(year), 12, 31) if year else dt.date.today()


# -- judging targets ------------------------------------------------------------------------
def direction_of(target: dict, plan: PlanFile, index: int) -> bool:
    """True when lower is better (近视率, 辍学率); declared in the plan's 方向 column."""
    word = str(target.get("direction") or "").strip()
    if word in LOWER_IS_BETTER:
        return True
    if not word or word in HIGHER_IS_BETTER:
        return False
    raise InputError(Problem(f"目标指标“{target.get('name')}”的方向“{word}”无法识别",
                             location=plan.locate("targets", ("目标指标",), index, "方向"),
                             expected="越高越好 或 越低越好（不填为越高越好）", found=word))


def _in_unit(value: Any, unit: str, wanted: str, name: str, where: str) -> Decimal:
    """``value`` in ``unit`` converted to ``wanted`` (元 → 万元); units that cannot convert are an error."""
    if (unit or "").strip() == (wanted or "").strip() or not unit or not wanted:
        return _decimal(value)
    (from_factor, from_base), (to_factor, to_base) = _unit_scale(unit.strip()), _unit_scale(wanted.strip())
    if from_base != to_base or is_percent_unit(unit) or is_percent_unit(wanted):
        raise InputError(Problem(f"指标“{name}”在总结中的单位“{unit}”与方案目标的单位“{wanted}”不一致，无法对照",
                                 location=where, suggestion="请统一计量单位"))
    return _decimal(value) * from_factor / to_factor


def _difference(a: Decimal, b: Decimal, unit: str) -> str:
    if is_percent_unit(unit):
        return f"{number(abs(a - b), 1)}个百分点"
    return amount(abs(a - b), unit)


def judge(value: Decimal | None, target: Decimal, lower: bool, due: bool) -> str:
    if value is None:
        return "未报送"
    if value == target:
        return "已完成"
    better = value < target if lower else value > target
    if better:
        return "超额完成"
    return "未完成" if due else "推进中"


def _sentence(row: dict) -> str:
    name, unit = row["name"], row["unit"]
    if row["status"] == "未报送":
        return f"{name}未报送完成值（方案目标{amount(row['target'], unit)}）"
    value, target = row["value"], row["target"]
    shown = f"{name}{amount(value, unit)}"
    if not row["lower"]:
        verdict = completion(value, target, "方案目标", unit)
    elif value == target:
        verdict = "达到方案目标"
    elif value < target:
        verdict = f"低于方案目标（{amount(target, unit)}）{_difference(value, target, unit)}，达到目标要求"
    else:
        verdict = f"高于方案目标（{amount(target, unit)}）{_difference(value, target, unit)}，未达到目标要求"
    if row["status"] == "推进中":
        verdict += f"，按方案{row['deadline']}前完成"
    return f"{shown}，{verdict}"


def _rate(value: Decimal | None, target: Decimal, lower: bool) -> str:
    """完成率 for the table: 完成值/目标值; for a lower-is-better target 目标值/完成值 (逆向指标)."""
    if value is None:
        return ""
    if lower:
        return completion_rate(target, value) if value != 0 else "—"
    return completion_rate(value, target)


# -- the summary's metrics ------------------------------------------------------------------
def _walk_metrics(data: dict) -> Iterable[dict]:
    yield from data.get("metrics") or []
    stack = [it for key, value in data.items() if isinstance(value, list) for it in value if isinstance(it, dict)]
    while stack:
        item = stack.pop(0)
        yield from item.get("metrics") or []
        stack.extend(it for it in item.get("items") or [] if isinstance(it, dict))


def reported_metrics(data: dict, source: Source) -> dict[str, dict]:
    """The summary's metrics by name; the same name with two different values is an error."""
    found: dict[str, dict] = {}
    for metric in _walk_metrics(data):
        name = str(metric.get("name") or "").strip()
        if not name or is_missing(metric.get("value")):
            continue
        earlier = found.get(name)
        if earlier is not None and (_decimal(earlier["value"]), earlier.get("unit")) != (_decimal(metric["value"]), metric.get("unit")):
            raise InputError(Problem(f"指标“{name}”在总结中出现两次，数值不同（{earlier['value']} 与 {metric['value']}）",
                                     location=source.name, suggestion="同一指标请只写一个数值，否则无法对照方案目标"))
        found.setdefault(name, metric)
    return found


# -- linking --------------------------------------------------------------------------------
def link(plans: list[PlanFile], data: dict, source: Source) -> tuple[PlanLink, list[Problem]]:
    """Match the plans' targets to the summary's metrics and list overdue tasks."""
    metrics = reported_metrics(data, source)
    as_of = report_date(data)
    year = data.get("year") or as_of.year
    warnings: list[Problem] = []
    result = PlanLink([p.title for p in plans])
    matched: set[str] = set()
    for plan in plans:
        for index, target in enumerate(plan.data.get("targets") or []):
            name = str(target["name"]).strip()
            where = plan.locate("targets", ("目标指标",), index)
            lower = direction_of(target, plan, index)
            unit = (target.get("unit") or "").strip()
            deadline = _as_date(target.get("deadline"))
            due = deadline is None or deadline.year <= int(year)
            metric = metrics.get(name)
            value = None
            if metric is None:
                candidates = [m for m in metrics if m not in matched]
                close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
                if close:
                    warnings.append(Problem(
                        f"方案目标“{name}”在总结中没有同名指标，按“未报送”列出", location=where, severity="warning",
                        suggestion=f"总结中有“{close[0]}”，如是同一指标，请把两处名称改为一致"))
            else:
                matched.add(name)
                value = _in_unit(metric["value"], metric.get("unit") or "", unit, name, where)
            target_value = _decimal(target["target"])
            row = {"name": name, "unit": unit, "baseline": target.get("baseline"), "target": target_value,
                   "value": value, "lower": lower, "deadline": _deadline_text(target.get("deadline")),
                   "due": due, "plan": plan.title}
            row["status"] = judge(value, target_value, lower, due)
            row["rate"] = _rate(value, target_value, lower)
            row["rate_value"] = float(row["rate"].rstrip("%")) if row["rate"] not in ("", "—") else None
            row["sentence"] = _sentence(row)
            result.rows.append(row)
        result.overdue.extend(overdue_tasks(plan_tasks(plan.data), as_of, plan.title))
    result.counts = {s: sum(r["status"] == s for r in result.rows) for s in STATUSES}
    result.sentences = [r["sentence"] for r in result.rows]
    result.summary = _summary(result)
    return result, warnings


def _deadline_text(value: Any) -> str:
    from edureport.templating.filters import date

    return date(value)


def _summary(result: PlanLink) -> str:
    if not result.rows:
        return ""
    titles = "".join(f"《{t}》" for t in result.plans)
    parts = [f"{status}{count}项" for status, count in result.counts.items() if count]
    return f"对照{titles}确定的{len(result.rows)}项目标指标，{'、'.join(parts)}。"


def overdue_tasks(tasks: list[dict], as_of: dt.date, plan_title: str, lead: str = "",
                  deadline: Any = None) -> list[dict]:
    """Tasks (and subtasks, which inherit 牵头单位 and 时限) whose 完成时限 ended before ``as_of``.

    A deadline that is not one date (每年8月底前) cannot be judged and is left out.
    """
    out = []
    for task in tasks:
        own_lead, own_deadline = task.get("lead") or lead, task.get("deadline") or deadline
        children = task.get("items") or []
        when = _as_date(own_deadline)
        if not children and when is not None and _last_day(when) < as_of:
            title = task.get("title") or "".join(task.get("text") or [])[:40]
            out.append({"title": title, "lead": own_lead or "", "deadline": _deadline_text(own_deadline),
                        "plan": plan_title})
        out.extend(overdue_tasks(children, as_of, plan_title, own_lead, own_deadline))
    return out


def link_plans(spec, source: Source, data: dict, cli_plans: Iterable[str | Path], registry,
               data_file: Path | None = None) -> tuple[dict | None, list[Problem]]:
    """The pipeline's entry: ``plan_link`` for the template context (None without a plan) and warnings.

    Only a template declaring ``links: [plan]`` in its template.yaml reads a plan; naming one
    for another kind is a warning, so the user knows the comparison is not in the document."""
    named = plan_paths(source, data, cli_plans, data_file)
    if not named:
        return None, []
    if "plan" not in (spec.meta.get("links") or []):
        return None, [Problem(f"文种“{spec.name}”不对照方案，所给的方案未使用", location=named[0][1], severity="warning",
                              suggestion="对照方案请用声明了 links: [plan] 的文种，如 工作总结")]
    plans = [load_plan(path, where, registry) for path, where in named]
    result, warnings = link(plans, data, source)
    return link_context(result), warnings


def link_context(result: PlanLink) -> dict:
    return {"plans": result.plans, "rows": result.rows, "overdue": result.overdue, "summary": result.summary,
            "sentences": result.sentences, "counts": result.counts}
