"""`edureport extract`: an existing 工作总结 or 实施方案 (.docx) → a data file for its template.

Sections are found by the words of their level-1 (and, in a 实施方案, level-2)
headings; items keep their run-in titles; “一是……；二是……。” is split back into
要点 (or 具体措施) only when writing the points again gives the very same sentence;
metrics come from tables with 指标/数值 columns. A section's own heading is kept in
章节标题 so the rendered document says what the original said. Whatever cannot be
mapped goes, with its heading, into 未归类内容 — nothing is dropped.
This module finds the sections and maps them to fields; the items and metrics in a section are
read by :mod:`edureport.readers.extract_items`.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from edureport.document.model import (
    AttachmentNote,
    AttachmentPage,
    Heading,
    Imprint,
    Paragraph,
    Recipient,
    Signature,
    Subtitle,
    Table,
    Title,
)
from edureport.readers.extract_items import UNSORTED, block_texts, item_from, table_metrics

SUMMARY_SECTIONS = [  # (field alias, words in the heading)
    ("指标", ("主要指标", "指标完成")),
    ("存在问题", ("问题", "不足", "短板", "差距")),
    ("工作打算", ("打算", "思路", "计划", "安排", "下一步", "展望")),
    ("经验体会", ("经验", "体会", "启示")),
    ("主要成绩", ("成绩", "做法", "成效", "主要工作", "亮点", "进展", "举措", "情况")),
]
PLAN_SECTIONS = [
    ("总体要求", ("总体要求", "总体思路", "目标要求")),
    ("重点任务", ("任务", "主要内容", "工作内容", "重点工作")),
    ("实施步骤", ("步骤", "阶段", "进度", "时间安排")),
    ("保障措施", ("保障", "措施", "要求")),
]
PLAN_REQUIREMENTS = [("指导思想", ("指导思想",)), ("基本原则", ("原则",)), ("工作目标", ("目标",))]
_PHASE = re.compile(r"^(?P<name>.+?)(?:阶段)?(?:[（(](?P<period>[^（）()]+)[）)])?$")
_PERIOD = re.compile(r"^(?P<y1>\d{4})年(?P<m1>\d{1,2})月(?:(?P<d1>\d{1,2})日)?—(?:(?P<y2>\d{4})年)?"
                     r"(?:(?P<m2>\d{1,2})月)?(?:(?P<d2>\d{1,2})日)?$")


@dataclass
class Section:
    heading: Heading | None
    blocks: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.text.strip() if self.heading else ""


@dataclass
class Extracted:
    template: str  # template id
    template_name: str
    data: dict
    mapping: list[str] = field(default_factory=list)

    def to_yaml(self) -> str:
        import yaml

        head = (f"# 从 Word 文件提取的数据（文种：{self.template_name}）。请核对后修改为今年的内容，再用\n"
                "#   edureport render 本文件.yaml\n# 生成。“章节标题”保留了原文件的标题；"
                f"“{UNSORTED}”中是未能归入任何部分的内容（不会印出），请移到合适的位置或删除。\n")
        return head + yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False, width=1000)

    def lines(self) -> list[str]:
        out = [f"文种：{self.template_name}"] + [f"  {line}" for line in self.mapping]
        unsorted = self.data.get(UNSORTED) or []
        if unsorted:
            out.append(f"提示：{len(unsorted)}段内容未能归类，已放在“{UNSORTED}”中，请人工处理")
        return out



def _sections(blocks: list) -> tuple[list, list[Section], list]:
    """(blocks before the first level-1 heading, level-1 sections, blocks after the body)."""
    head, sections, tail = [], [], []
    closing = (AttachmentNote, Signature, AttachmentPage, Imprint)
    for index, block in enumerate(blocks):
        if isinstance(block, closing):
            tail = blocks[index:]
            break
        if isinstance(block, Heading) and block.level == 1:
            sections.append(Section(block))
        elif sections:
            sections[-1].blocks.append(block)
        else:
            head.append(block)
    return head, sections, tail


def _match(title: str, table: list[tuple[str, tuple[str, ...]]]) -> str | None:
    return next((alias for alias, words in table if any(w in title for w in words)), None)


class _Extractor:
    def __init__(self, spec):
        self.spec = spec
        self.data: dict = {"文种": spec.name}
        self.headings: dict[str, str] = {}
        self.unsorted: list[str] = []
        self.mapping: list[str] = []

    def keep_unsorted(self, section: Section, why: str) -> None:
        self.unsorted.append(f"【{section.title}】")
        for block in section.blocks:
            self.unsorted += block_texts(block)
        self.mapping.append(f"“{section.title}” → {UNSORTED}（{why}）")

    def heading(self, alias: str, section: Section) -> None:
        default = self.spec.fields[self._key(alias)].heading
        if section.title != default:
            self.headings[alias] = section.title
        self.mapping.append(f"“{section.title}” → {alias}")

    def _key(self, alias: str) -> str:
        return next(k for k, f in self.spec.fields.items() if f.alias == alias or k == alias)

    def items(self, section: Section, *, task: bool = False) -> list:
        wrapper = Heading(section.heading.level if section.heading else 0, [])
        item = item_from(wrapper, section.blocks, task=task, split=False)
        if isinstance(item, str):
            return [item]
        extra = item.get(UNSORTED, [])
        if extra:
            self.unsorted += [f"【{section.title}】", *extra]
        return item.get("内容", []) + item.get("子项", [])

    def paragraphs(self, section: Section) -> list[str]:
        out = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            else:
                self.unsorted += block_texts(block)
        return out


def extract_document(blocks: list, spec) -> Extracted:
    extractor = _Extractor(spec)
    data = extractor.data
    head, sections, tail = _sections(blocks)
    title = next((b.text for b in head if isinstance(b, Title)), "")
    if title:
        data["标题"] = title
        year = re.search(r"(\d{4})\s*年", title)
        if year and spec.id != "implementation-plan":
            data["年度"] = int(year.group(1))
    for block in head:
        if isinstance(block, Subtitle):
            data["副标题"] = block.text
        elif isinstance(block, Recipient):
            data["主送机关"] = block.text.rstrip("：:")
    signature = next((b for b in tail if isinstance(b, Signature)), None)
    if signature:
        data["单位"] = signature.org
        if signature.date:
            data["成文日期"] = signature.date
    opening = [b.text for b in head if isinstance(b, Paragraph)]
    if spec.id == "implementation-plan":
        _plan(extractor, opening, sections, tail)
    else:
        _summary(extractor, opening, sections)
    note = next((b for b in tail if isinstance(b, AttachmentNote)), None)
    if note:
        items = [i for i in note.items if not (spec.id == "implementation-plan" and "分工" in i)]
        if items:
            data["附件"] = items
    imprint = next((b for b in tail if isinstance(b, Imprint)), None)
    if imprint:
        if imprint.cc:
            data["抄送"] = [c for c in re.split("[，、,]", imprint.cc) if c]
        if imprint.printer:
            data["印发机关"] = imprint.printer
        if imprint.date:
            data["印发日期"] = imprint.date
    if extractor.headings:
        data["章节标题"] = extractor.headings
    if extractor.unsorted:
        data[UNSORTED] = extractor.unsorted
    return Extracted(spec.id, spec.name, data, extractor.mapping)


def _mapped(extractor: _Extractor, sections: list[Section], names) -> Iterator[tuple[str, Section]]:
    """(field alias, section) for each section whose heading names a part not yet filled;
    any other section is kept whole in 未归类内容, with the reason."""
    for section in sections:
        alias = _match(section.title, names)
        if alias is None or alias in extractor.data:
            extractor.keep_unsorted(section, "没有对应的部分" if alias is None else f"“{alias}”已有内容")
            continue
        yield alias, section


def _summary(extractor: _Extractor, opening: list[str], sections: list[Section]) -> None:
    data = extractor.data
    if opening:
        data["基本情况"] = opening
    for alias, section in _mapped(extractor, sections, SUMMARY_SECTIONS):
        if alias == "指标":
            tables = [b for b in section.blocks if isinstance(b, Table)]
            metrics = table_metrics(tables[0]) if len(tables) == 1 and len(section.blocks) == 1 else None
            if metrics is None:
                extractor.keep_unsorted(section, "表格没有“指标”“数值”列")
                continue
            data[alias] = metrics
        else:
            data[alias] = extractor.items(section)
        extractor.heading(alias, section)


def _plan(extractor: _Extractor, opening: list[str], sections: list[Section], tail: list) -> None:
    data = extractor.data
    if opening:
        data["开头"] = opening
    for alias, section in _mapped(extractor, sections, PLAN_SECTIONS):
        extractor.heading(alias, section)
        if alias == "总体要求":
            _requirements(extractor, section)
        elif alias == "重点任务":
            data[alias] = extractor.items(section, task=True)
        elif alias == "实施步骤":
            data[alias] = _phases(extractor, section)
        else:
            data[alias] = extractor.items(section)
    pages = [b for b in tail if isinstance(b, AttachmentPage)]
    data["分工表"] = "是" if any("分工" in p.title for p in pages) else "否"
    page = None
    for block in tail:  # the original attachment tables: the 分工表 is made again from 重点任务, so keep them
        if isinstance(block, AttachmentPage):
            page = block
        elif isinstance(block, Table):
            extractor.unsorted.append(f"【{page.label if page else '附件'}{page.title if page else ''}（原表格）】")
            extractor.unsorted += block_texts(block)


def _requirements(extractor: _Extractor, section: Section) -> None:
    data = extractor.data
    subsections: list[Section] = [Section(None)]
    for block in section.blocks:
        if isinstance(block, Heading) and block.level == 2:
            subsections.append(Section(block))
        else:
            subsections[-1].blocks.append(block)
    lead = subsections.pop(0)
    if lead.blocks:
        data["总体要求"] = extractor.paragraphs(lead)
    for sub in subsections:
        alias = _match(sub.title, PLAN_REQUIREMENTS)
        if alias is None or alias in data:
            extractor.keep_unsorted(sub, "没有对应的部分")
            continue
        extractor.heading(alias, sub)
        if alias == "基本原则":
            data[alias] = extractor.items(sub)
        else:
            data[alias] = extractor.paragraphs(sub)


def _phases(extractor: _Extractor, section: Section) -> list[dict]:
    phases: list[dict] = []
    for block in section.blocks:
        if isinstance(block, Heading) and block.level == 2:
            match = _PHASE.match(block.text.strip())
            phase = {"阶段": match.group("name")}
            period = _PERIOD.match(match.group("period") or "")
            if period:
                y1, m1, d1 = period.group("y1"), period.group("m1"), period.group("d1")
                y2, m2, d2 = period.group("y2") or y1, period.group("m2") or m1, period.group("d2")
                phase["开始时间"] = f"{y1}年{m1}月" + (f"{d1}日" if d1 else "")
                phase["结束时间"] = f"{y2}年{m2}月" + (f"{d2}日" if d2 else "")
            elif match.group("period"):
                phase["阶段"] = block.text.strip()
            phases.append(phase)
        elif phases and isinstance(block, Paragraph):
            phases[-1].setdefault("内容", []).append(block.text)
        else:
            extractor.unsorted += block_texts(block)
    return phases


def extract_file(path: str | Path, template: str | None = None, templates_dirs=()) -> Extracted:
    """Read a Word file and map it onto a template's fields (by -t, else 方案 → 实施方案, else 工作总结)."""
    from edureport.readers.formatting import read_any
    from edureport.styles.profile import load_profile
    from edureport.templating.registry import get_registry

    reading, _ = read_any(path, load_profile(None))
    registry = get_registry(templates_dirs)
    if template is None:
        title = reading.document.title
        template = "implementation-plan" if "方案" in title else "work-summary"
    return extract_document(reading.document.blocks, registry.get(template))
