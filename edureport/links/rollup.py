"""A bureau's figures rolled up from its units' (学校) figures.

Input is a batch workbook (基本信息 one row per unit, 指标 with a 单位 column);
each unit's top-level metrics (所属 empty) are gathered by 指标名称 and rolled
up by a rule:

- 合计 (sum): counts and money (人, 所, 万元 …) — the default for those units;
- 加权平均 (weighted): a rate weighted by another metric of each unit (优良率 by
  在校学生) — the default for % when the rules sheet names a 权重指标;
- 平均 (mean): the plain mean, with a warning — the fallback for % without a base;
- 不汇总 (none): shown per unit only.

Rules are declared on an optional sheet ``汇总规则`` (指标名称 | 汇总方式 | 权重指标).
Every rolled-up figure keeps its units reporting, units missing, lowest and
highest unit, so nothing is averaged or summed silently over a gap.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from edureport.core.errors import InputError, Problem, said_once
from edureport.core.numbers import _decimal, _unit_scale, amount, is_percent_unit, number
from edureport.intake.layout import ROLLUP_RULES_SHEET
from edureport.sources.xlsx_tables import Sheet, Tables, header_text

RULES_SHEET = ROLLUP_RULES_SHEET
RULE_WORDS = {"合计": "sum", "求和": "sum", "sum": "sum", "加权平均": "weighted", "加权": "weighted", "weighted": "weighted",
              "平均": "mean", "简单平均": "mean", "算术平均": "mean", "mean": "mean", "不汇总": "none", "none": "none"}
RULE_NAMES = {"sum": "合计", "weighted": "加权平均", "mean": "平均", "none": "不汇总"}
COUNT_BASES = {"人", "人次", "名", "所", "个", "间", "套", "台", "项", "场", "次", "节", "班", "册", "元", "平方米",
               "亩", "门", "件", "篇", "座", "辆", "张", "户", "家", "支", "处"}
RATE_WORDS = ("率", "比例", "占比", "人均", "平均", "生均")
PLACES = Decimal("0.1")  # computed rates and means: one decimal (GB/T 15835 practice; typed figures keep theirs)


@dataclass
class Rule:
    method: str  # sum | weighted | mean | none
    base: str = ""  # 权重指标 for weighted
    where: str = ""  # 汇总规则!B3, or "" for a default


@dataclass
class UnitFigures:
    name: str
    metrics: dict[str, dict]  # 指标名称 → metric (value, unit, previous, target)


@dataclass
class Rolled:
    name: str
    unit: str
    rule: Rule
    value: Decimal | None = None
    previous: Decimal | None = None
    target: Decimal | None = None
    reporting: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    lowest: tuple[str, Decimal] | None = None
    highest: tuple[str, Decimal] | None = None
    with_previous: list[str] = field(default_factory=list)  # units that gave 上年数值
    without_previous: list[str] = field(default_factory=list)


# -- rules ----------------------------------------------------------------------------------
def read_rules(sheet: Sheet | None) -> dict[str, Rule]:
    """The 汇总规则 sheet: 指标名称 | 汇总方式 | 权重指标 (header names as written there)."""
    if sheet is None or not sheet.header_row:
        return {}
    columns = {header_text(cell.value): index for index, cell in sheet.header.items()}
    for needed in ("指标名称", "汇总方式"):
        if needed not in columns:
            raise InputError(Problem(f"“{RULES_SHEET}”缺少“{needed}”列", location=f"{sheet.name}!第{sheet.header_row}行",
                                     expected="指标名称 | 汇总方式 | 权重指标", found="、".join(columns)))
    rules: dict[str, Rule] = {}
    def cell_text(row, header: str) -> tuple[str, str]:
        cell = row.cells.get(columns.get(header, -1))
        return (header_text(cell.value), cell.ref) if cell else ("", "")

    for row in sheet.rows:
        name, _ = cell_text(row, "指标名称")
        word, ref = cell_text(row, "汇总方式")
        base, _ = cell_text(row, "权重指标")
        if not name:
            continue
        method = RULE_WORDS.get(word, "weighted" if not word and base else None)
        if method is None:
            raise InputError(Problem(f"指标“{name}”的汇总方式“{word}”无法识别", location=sheet.place(ref or f"第{row.number}行"),
                                     expected="合计、加权平均、平均 或 不汇总"))
        if method == "weighted" and not base:
            raise InputError(Problem(f"指标“{name}”按加权平均汇总，但没有写“权重指标”", location=sheet.place(ref),
                                     suggestion="在“权重指标”列写作为权重的指标名称，如 在校学生"))
        rules[name] = Rule(method, base, sheet.place(ref) if ref else sheet.row_place(row.number))
    return rules


def default_rule(name: str, unit: str) -> tuple[Rule, str]:
    """(rule, why it needs a warning or "") for a metric with no declared rule."""
    _, base_unit = _unit_scale(unit)
    if is_percent_unit(unit) or any(word in name for word in RATE_WORDS):
        return Rule("mean"), "没有指定权重指标，按各单位简单平均汇总，未考虑单位规模差异"
    if base_unit in COUNT_BASES:
        return Rule("sum"), ""
    return Rule("none"), f"计量单位“{unit or '（空）'}”无法判断能否相加，未汇总"


# -- rolling up -----------------------------------------------------------------------------
def _common_unit(name: str, figures: list[tuple[str, dict]]) -> str:
    units = Counter((m.get("unit") or "").strip() for _, m in figures)
    unit = units.most_common(1)[0][0]
    base = _unit_scale(unit)[1]
    for unit_name, metric in figures:
        other = (metric.get("unit") or "").strip()
        if other != unit and (_unit_scale(other)[1] != base or is_percent_unit(other) != is_percent_unit(unit)):
            raise InputError(Problem(f"指标“{name}”的计量单位不一致：{unit_name}为“{other}”，多数单位为“{unit}”",
                                     location=f"指标（{unit_name}）", suggestion="同一指标请使用同一计量单位，否则无法汇总"))
    return unit


def _in(value, from_unit: str, to_unit: str) -> Decimal:
    return _decimal(value) * _unit_scale(from_unit)[0] / _unit_scale(to_unit)[0]


def _field(figures: list[tuple[str, dict]], key: str, unit: str) -> list[tuple[str, Decimal | None]]:
    return [(u, None if m.get(key) is None else _in(m[key], (m.get("unit") or "").strip(), unit)) for u, m in figures]


def _total(pairs: list[tuple[str, Decimal | None]]) -> Decimal | None:
    """Σ when every unit has the figure; a partial sum would read as the whole district's."""
    if not pairs or any(v is None for _, v in pairs):
        return None
    return sum((v for _, v in pairs), Decimal(0))


def _weighted(pairs: list[tuple[str, Decimal | None]], weights: dict[str, Decimal | None]) -> Decimal | None:
    if not pairs or any(v is None or weights.get(u) is None for u, v in pairs):
        return None
    total_weight = sum((weights[u] for u, _ in pairs), Decimal(0))
    if total_weight == 0:
        return None
    return (sum((v * weights[u] for u, v in pairs), Decimal(0)) / total_weight).quantize(PLACES, ROUND_HALF_UP)


def _mean(pairs: list[tuple[str, Decimal | None]]) -> Decimal | None:
    if not pairs or any(v is None for _, v in pairs):
        return None
    return (sum((v for _, v in pairs), Decimal(0)) / len(pairs)).quantize(PLACES, ROUND_HALF_UP)


def roll_up(units: list[UnitFigures], rules: dict[str, Rule]) -> tuple[list[Rolled], list[Problem]]:
    """Every metric any unit reported, in first-seen order, rolled up by its rule."""
    warnings: list[Problem] = []
    names: list[str] = []
    for unit in units:
        names.extend(n for n in unit.metrics if n not in names)
    for name, rule in rules.items():
        if name not in names:
            warnings.append(Problem(f"汇总规则中的指标“{name}”没有任何单位填报", location=rule.where, severity="warning"))
    results = []
    for name in names:
        figures = [(u.name, u.metrics[name]) for u in units if name in u.metrics]
        unit = _common_unit(name, figures)
        rule = rules.get(name)
        if rule is None:
            rule, why = default_rule(name, unit)
            if why:
                warnings.append(Problem(f"指标“{name}”{why}", location=f"{RULES_SHEET}（未声明）", severity="warning",
                                        suggestion=f"可在工作表“{RULES_SHEET}”中写明：指标名称 | 汇总方式（合计、加权平均、平均、不汇总） | 权重指标"))
        rolled = Rolled(name, unit, rule, reporting=[u for u, _ in figures],
                        missing=[u.name for u in units if name not in u.metrics])
        values = _field(figures, "value", unit)
        rolled.lowest = min(values, key=lambda p: p[1])
        rolled.highest = max(values, key=lambda p: p[1])
        previous, target = _field(figures, "previous", unit), _field(figures, "target", unit)
        rolled.with_previous = [u for u, v in previous if v is not None]
        rolled.without_previous = [u for u, v in previous if v is None]
        if rule.method == "sum":
            rolled.value, rolled.previous, rolled.target = _total(values), _total(previous), _total(target)
        elif rule.method == "mean":
            rolled.value, rolled.previous, rolled.target = _mean(values), _mean(previous), _mean(target)
        elif rule.method == "weighted":
            rolled.value, rolled.previous, rolled.target = _weighted_figures(name, rule, units, values, previous, target)
        results.append(rolled)
    return results, warnings


def _weighted_figures(name: str, rule: Rule, units: list[UnitFigures], values, previous, target):
    """Weighted by the base metric: this year's rates by this year's base, last year's by last year's."""
    weights_now: dict[str, Decimal | None] = {}
    weights_before: dict[str, Decimal | None] = {}
    for unit in units:
        base = unit.metrics.get(rule.base)
        weights_now[unit.name] = None if base is None else _decimal(base["value"])
        weights_before[unit.name] = None if base is None or base.get("previous") is None else _decimal(base["previous"])
    lacking = [u for u, _ in values if weights_now.get(u) is None]
    if lacking:
        raise InputError(Problem(f"指标“{name}”按“{rule.base}”加权，但{'、'.join(lacking)}没有填报“{rule.base}”",
                                 location=rule.where, suggestion="请补齐权重指标，或把汇总方式改为“平均”"))
    return _weighted(values, weights_now), _weighted(previous, weights_before), _weighted(target, weights_now)


# -- notes ----------------------------------------------------------------------------------
def method_note(rolled: Rolled, unit_count: int) -> str:
    """How one figure was obtained, with its lowest and highest unit: one sentence part."""
    method = {"sum": f"为{len(rolled.reporting)}个单位合计",
              "weighted": f"按{rolled.rule.base}加权平均",
              "mean": f"为{len(rolled.reporting)}个单位简单平均",
              "none": "未汇总"}[rolled.rule.method]
    text = f"{rolled.name}{method}"
    if rolled.lowest and rolled.highest and len(rolled.reporting) > 1:
        (high_unit, high), (low_unit, low) = rolled.highest, rolled.lowest
        text += f"，最高为{high_unit}（{amount(high, rolled.unit)}），最低为{low_unit}（{amount(low, rolled.unit)}）"
    if rolled.missing:
        text += f"，{'、'.join(rolled.missing)}未填报"
    if rolled.previous is None and rolled.rule.method != "none" and rolled.without_previous and rolled.with_previous:
        text += f"；因{'、'.join(rolled.without_previous)}未填上年数值，未计算上年汇总值"
    return text


def notes(results: list[Rolled], units: list[UnitFigures]) -> list[str]:
    complete = [u.name for u in units if all(u.name in r.reporting for r in results)]
    head = (f"本汇总由{len(units)}个单位的填报数据生成，"
            + ("各单位均填报了全部指标。" if len(complete) == len(units) else f"其中{len(complete)}个单位填报了全部指标。"))
    return [head] + [method_note(r, len(units)) + "。" for r in results]


def _plain(value: Decimal | None):
    if value is None:
        return None
    text = number(value, 2)
    return int(text) if "." not in text else float(text)


def rolled_data(results: list[Rolled], units: list[UnitFigures], org: str, year, ranking: list[str]) -> dict:
    """The bureau's data file (work-summary fields, Chinese keys) from the rolled-up figures."""
    metrics = []
    for r in results:
        if r.value is None:
            continue
        metric = {"指标名称": r.name, "数值": _plain(r.value), "计量单位": r.unit}
        if r.previous is not None:
            metric["上年数值"] = _plain(r.previous)
        if r.target is not None:
            metric["目标值"] = _plain(r.target)
        metrics.append(metric)
    unknown = [name for name in ranking if name not in {r.name for r in results}]
    if unknown:
        raise InputError(Problem(f"排名指标“{'、'.join(unknown)}”没有任何单位填报", location="命令行参数 --rank",
                                 suggestion=f"可用的指标：{'、'.join(r.name for r in results)}"))
    unit_of = {r.name: r.unit for r in results}  # every unit's figure in the unit of the roll-up (元 → 万元)
    data = {"文种": "工作总结", "单位": org, "年度": year, "指标": metrics, "汇总说明": notes(results, units),
            "各单位指标": [{"填报单位": u.name, "指标名称": name, "数值": _plain(_in(m["value"], (m.get("unit") or "").strip(), unit_of[name])),
                          "计量单位": unit_of[name]}
                         for u in units for name, m in u.metrics.items()]}
    if ranking:
        data["排名指标"] = list(ranking)
    return data


# -- reading the workbook -------------------------------------------------------------------
@dataclass
class RollupInput:
    units: list[UnitFigures]
    rules: dict[str, Rule]
    year: int | None
    recipients: list[str]  # each unit's 主送机关: the bureau the units report to
    warnings: list[Problem]  # the units' own (hidden rows summed, a rate typed as a fraction…), each said once


def read_workbook(path: str | Path, template: str | None = None, templates_dirs=()) -> RollupInput:
    """Every unit's top-level metrics from a batch workbook, checked as the template checks them."""
    from edureport.intake.validate import check
    from edureport.intake.workbook import build_unit, split_workbook
    from edureport.sources.sniff import check_file_kind
    from edureport.sources.workbook import check_workbook
    from edureport.sources.xlsx_tables import read_tables
    from edureport.templating.registry import get_registry

    path = Path(path)
    if not path.is_file():
        raise InputError(Problem("找不到工作簿", location=str(path), suggestion="请检查文件名和路径"))
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError(Problem("汇总需要 Excel 批量工作簿", location=str(path), expected=".xlsx 或 .xlsm"))
    check_file_kind(path)
    spec = get_registry(templates_dirs).get(template or "work-summary")
    tables: Tables = read_tables(path)
    check_workbook(tables)
    rules = read_rules(tables.sheets.pop(RULES_SHEET, None))
    layout, units, stray = split_workbook(tables, spec)
    if stray:  # a row naming no unit would silently drop out of the totals
        raise InputError(stray)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    figures: list[UnitFigures] = []
    years, recipients = set(), []
    for unit in units:
        data, errors, unit_warnings = check(build_unit(layout, unit, []), spec)
        problems.extend(errors)
        warnings += unit_warnings
        metrics: dict[str, dict] = {}
        for metric in data.get("metrics") or []:
            name = str(metric.get("name") or "").strip()
            if name in metrics:
                problems.append(Problem(f"单位“{unit.name}”的指标“{name}”填了两次", location=f"{path.name} 指标",
                                        suggestion="每个单位的每项指标只填一行"))
            metrics[name] = metric
        figures.append(UnitFigures(unit.name or path.stem, metrics))
        if data.get("year"):
            years.add(int(data["year"]))
        if data.get("recipient"):
            recipients.append(str(data["recipient"]).strip())
    if len(years) > 1:
        problems.append(Problem(f"各单位的年度不一致：{'、'.join(str(y) for y in sorted(years))}", location=f"{path.name} 基本信息",
                                suggestion="一次汇总只能汇总同一年度的数据"))
    if problems:
        raise InputError(problems)
    return RollupInput(figures, rules, next(iter(years), None), recipients, said_once(warnings))


def bureau_name(given: str | None, recipients: list[str], units: list[UnitFigures]) -> str:
    """--org, else the one 主送机关 every unit reports to."""
    if given:
        return given.strip()
    names = set(recipients)
    if len(names) == 1 and len(recipients) == len(units):
        return names.pop()
    raise InputError(Problem("无法确定汇总单位的名称", location="命令行参数 --org",
                             found="、".join(sorted(names)) or "各单位没有填写“主送机关”",
                             suggestion="请用 --org 写明，如 --org 某某区教育局"))
