"""Filters for linked and rolled-up data: the 各单位主要指标汇总表 and rankings
(reading ``unit_values`` (各单位指标): rows of 填报单位, 指标名称, 数值, 计量单位),
and metrics shaped for charts.
"""
from __future__ import annotations

from typing import Any

from edureport.core.numbers import _decimal, _unit_scale, amount, figures_in_one_unit, is_missing, is_percent_unit, number


def _get(record: Any, key: str) -> Any:
    return record.get(key) if isinstance(record, dict) else getattr(record, key, None)


def _by_unit(unit_values) -> tuple[list[str], list[str], dict[tuple[str, str], Any], dict[str, str]]:
    """Units and metric names in first-seen order, values by (unit, metric), each metric's unit."""
    units: list[str] = []
    names: list[str] = []
    values: dict[tuple[str, str], Any] = {}
    measure: dict[str, str] = {}
    for row in unit_values or []:
        unit, name = str(_get(row, "unit_name")), str(_get(row, "name"))
        units += [unit] if unit not in units else []
        names += [name] if name not in names else []
        own = (_get(row, "unit") or "").strip()
        shown = measure.setdefault(name, own)
        values[(unit, name)] = _convert(_get(row, "value"), own, shown, name)
    return units, names, values, measure


def _convert(value: Any, unit: str, wanted: str, name: str) -> Any:
    """A unit's value in the unit the metric's column uses (150万元 in a 元 column → 1500000)."""
    if is_missing(value) or unit == wanted:
        return value
    (factor, base), (wanted_factor, wanted_base) = _unit_scale(unit), _unit_scale(wanted)
    if base != wanted_base or is_percent_unit(unit) != is_percent_unit(wanted):
        raise ValueError(f"各单位指标中“{name}”的计量单位不一致（{wanted}、{unit}），无法列在同一列")
    return _decimal(value) * factor / wanted_factor


def unit_matrix(unit_values, totals=(), total_label: str = "合计", columns=None) -> dict:
    """The 各单位主要指标汇总表: one row per unit, one column per metric, the
    roll-up (``totals``: the top-level metrics) as the last row.

    Each column shows its figures in one unit chosen by its largest figure
    (元 → 万元); a unit that did not report a metric shows “—”. ``columns``
    (metric names) picks some of the metrics, for a table split in parts.
    Returns ``{"header": [...], "rows": [[...], ...]}``.
    """
    units, names, values, measure = _by_unit(unit_values)
    if columns is not None:
        names = [n for n in names if n in set(columns)]
    total_by_name = {str(_get(m, "name")): _get(m, "value") for m in totals or []}
    header = ["单位"]
    columns = []
    for name in names:
        shown_unit, texts = figures_in_one_unit([values.get((u, name)) for u in units], measure[name])
        texts.append(_in_shown_unit(total_by_name.get(name), measure[name], shown_unit))
        header.append(f"{name}（{shown_unit}）" if shown_unit else name)
        columns.append([t or "—" for t in texts])
    rows = [[unit] + [col[i] for col in columns] for i, unit in enumerate(units)]
    if total_by_name:
        rows.append([total_label] + [col[-1] for col in columns])
    return {"header": header, "rows": rows}


def _in_shown_unit(value: Any, unit: str, shown_unit: str) -> str:
    """The roll-up in the unit the schools' figures are shown in (18642人, not 1.86万人 under 800人)."""
    if is_missing(value):
        return ""
    if is_percent_unit(unit):
        return figures_in_one_unit([value], unit)[1][0]
    return number(_decimal(value) * _unit_scale(unit)[0] / _unit_scale(shown_unit)[0])


def ranking(unit_values, name: str, lower_first: bool = False) -> list[dict]:
    """Units ranked by one metric (highest first; ``lower_first`` for 近视率 and the like).

    Equal values share a rank (1, 2, 2, 4). Units that did not report it are left out.
    Each entry: ``{"rank": 1, "unit": …, "value": "62.4%"}``.
    """
    units, _, values, measure = _by_unit(unit_values)
    reported = [(u, _decimal(values[(u, name)])) for u in units if values.get((u, name)) is not None]
    reported.sort(key=lambda pair: pair[1], reverse=not lower_first)
    out, previous, rank = [], None, 0
    for position, (unit, value) in enumerate(reported, 1):
        if value != previous:
            rank, previous = position, value
        out.append({"rank": rank, "unit": unit, "value": amount(value, measure.get(name, ""))})
    return out


def chart_figures(metrics) -> list[dict]:
    """Metrics with 上年数值 as chart rows in the unit their table row uses
    (1260000 元 and 980000 元 → 126 and 98 万元), so bars read like the table:
    ``{"name", "unit", "value", "previous"}`` with plain numbers."""
    rows = []
    for metric in metrics or []:
        value, previous = _get(metric, "value"), _get(metric, "previous")
        if is_missing(value) or is_missing(previous):
            continue
        unit, (value_text, previous_text) = figures_in_one_unit([value, previous], _get(metric, "unit") or "")
        rows.append({"name": _get(metric, "name"), "unit": unit, "value": float(value_text),
                     "previous": float(previous_text)})
    return rows


REPORT_FILTERS = {"unit_matrix": unit_matrix, "ranking": ranking, "chart_figures": chart_figures}
__all__ = ["unit_matrix", "ranking", "chart_figures", "REPORT_FILTERS"]
