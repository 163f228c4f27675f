"""Items and metrics from the blocks of a section, for `edureport extract`: an item (条目, 重点任务)
from its heading and the blocks under it, sub-headings becoming 子项; “一是……；二是……。” split
back into 要点 (or 具体措施) only when writing the points again gives the very same sentence;
牵头单位/配合单位/完成时限 from a task's last line; metrics from a 指标/数值 table."""
from __future__ import annotations

import re

from edureport.document.model import Heading, Paragraph, Table
from edureport.templating.filters import points_sentence

UNSORTED = "未归类内容"
_POINTS = re.compile(r"^一是.+；二是.+。$")
_POINT_SPLIT = re.compile(r"(?:^|；)(?:[一二三四五六七八九十]+)是")
_DUTY = re.compile(r"^[（(](?P<body>(?:牵头单位|配合单位|责任单位|完成时限)[：:].*)[）)]$")
_NUMBER = re.compile(r"^[+-]?[\d,]+(?:\.\d+)?$")


def _strip_runin(text: str) -> str:
    return text[:-1] if text.endswith("。") else text


def item_from(heading: Heading | None, blocks: list, *, task: bool = False, split: bool = True) -> dict | str:
    """One item (条目/重点任务) from its heading and the blocks under it (sub-headings → 子项)."""
    item: dict = {}
    if heading is not None:
        item["标题"] = _strip_runin(heading.text.strip()) if heading.body is not None else heading.text.strip()
    texts: list[str] = []
    if heading is not None and heading.body:
        texts.append("".join(r.text for r in heading.body))
    children: list[dict | str] = []
    level = heading.level + 1 if heading is not None else None
    current: tuple[Heading, list] | None = None
    unsorted: list[str] = []
    for block in blocks:
        if isinstance(block, Heading) and (level is None or block.level <= level):
            if current:
                children.append(item_from(*current, task=task))
            current = (block, [])
        elif current is not None:
            current[1].append(block)
        elif isinstance(block, Paragraph):
            texts.append(block.text)
        else:
            unsorted += block_texts(block)
    if current:
        children.append(item_from(*current, task=task))
    if split and task and texts and _DUTY.match(texts[-1]):
        item.update(_duty(_DUTY.match(texts.pop()).group("body")))
    if split and texts and _POINTS.match(texts[-1]):
        points = [p for p in _POINT_SPLIT.split(texts[-1].rstrip("。")) if p]
        if points_sentence(points) == texts[-1]:
            texts.pop()
            item["具体措施" if task else "要点"] = points
    if texts:
        item["内容"] = texts
    if children:
        item["子项"] = children
    if unsorted:
        item[UNSORTED] = unsorted
    if list(item) == ["内容"] and len(texts) == 1 and heading is None:
        return texts[0]
    return _reorder(item)


def _reorder(item: dict) -> dict:
    order = ["标题", "内容", "要点", "具体措施", "牵头单位", "配合单位", "完成时限", "子项", UNSORTED]
    return {k: item[k] for k in order if k in item}


def _duty(body: str) -> dict:
    out = {}
    for part in body.split("；"):
        key, _, value = part.partition("：")
        if key in ("牵头单位", "责任单位"):
            out["牵头单位"] = value
        elif key == "配合单位":
            out["配合单位"] = [v for v in value.split("、") if v]
        elif key == "完成时限":
            out["完成时限"] = value
    return out


def block_texts(block) -> list[str]:
    if isinstance(block, Heading):
        return [f"【标题】{block.text}" + ("".join(r.text for r in block.body) if block.body else "")]
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Table):
        return ["【表格】" + " ｜ ".join(block.header)] + [" ｜ ".join(r) for r in block.rows]
    return []


def _number(text: str) -> float | int | None:
    text = text.replace(",", "").strip().rstrip("%％")
    if not _NUMBER.match(text):
        return None
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def table_metrics(table: Table) -> list[dict] | None:
    """Metrics from a table whose header names 指标 and 数值 (or 本年/完成值) columns; None otherwise."""
    header = [h.strip() for h in table.header]

    def column(*names: str) -> int | None:
        return next((i for i, h in enumerate(header) for n in names if n in h), None)

    name_col = column("指标")
    value_col = column("数值", "本年", "完成值", "实际值", "现状")
    if name_col is None or value_col is None:
        return None
    unit_col, previous_col, target_col = column("单位"), column("上年"), column("目标")
    metrics = []
    for row in table.rows:
        value = _number(row[value_col]) if value_col < len(row) else None
        if value is None:
            return None
        metric = {"指标名称": row[name_col], "数值": value}
        unit = row[unit_col].strip() if unit_col is not None else ("%" if "%" in row[value_col] else "")
        if unit:
            metric["计量单位"] = unit
        for key, col in (("上年数值", previous_col), ("目标值", target_col)):
            if col is not None and _number(row[col]) is not None:
                metric[key] = _number(row[col])
        metrics.append(metric)
    return metrics

