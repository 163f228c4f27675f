"""The document model: the blocks a 公文 is made of, independent of any writer."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Title:
    text: str


@dataclass
class Subtitle:
    text: str


@dataclass
class Recipient:
    text: str


@dataclass
class RedHead:
    """版头 (GB/T 9704 7.2): 发文机关标志 in red, optional 发文字号, the red separator line."""

    org_text: str  # e.g. 某某区教育局文件
    number: str = ""  # 发文字号, e.g. 某教发〔2024〕12号


@dataclass
class Heading:
    level: int  # 1..4
    runs: list[Run]
    body: list[Run] | None = None  # run-in: the paragraph continues after the heading
    numbered: bool = True
    number: str = ""  # filled in by number_headings

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Paragraph:
    runs: list[Run]
    role: str = "body"  # body | plain (no first-line indent) | center

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    align: list[str]  # per column: left | center | right
    dense: bool = False  # 小四 instead of 四号, for wide tables
    repeat_header: bool = True


@dataclass
class AttachmentNote:
    items: list[str]


@dataclass
class Signature:
    org: str
    date: str


@dataclass
class PageBreak:
    pass


@dataclass
class AttachmentPage:
    """Starts a new page: label (附件1) flush left, then the attachment title centred."""

    label: str
    title: str


@dataclass
class Imprint:
    """版记: 抄送 line, printer and 印发日期."""

    cc: str = ""
    printer: str = ""
    date: str = ""


@dataclass
class Chart:
    """A native chart (bars, optionally a reference line such as 100% for 完成率).

    ``series`` are (name, values) with one value per category (None: no bar);
    ``reference`` draws a horizontal line at that value, labelled ``reference_label``."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    unit: str = ""
    reference: float | None = None
    reference_label: str = ""


Block = RedHead | Title | Subtitle | Recipient | Heading | Paragraph | Table | AttachmentNote | Signature | PageBreak | AttachmentPage | Imprint | Chart


@dataclass
class Document:
    blocks: list = field(default_factory=list)
    title: str = ""
    author: str = ""

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]


def number_headings(document: Document, schemes: list[str]) -> None:
    """Number headings 一、（一）1.（1） by level, restarting under each parent.

    ``schemes`` come from the style profile, e.g. ``["{cn}、", "（{cn}）", "{n}.", "（{n}）"]``.
    Numbering restarts on every attachment page.
    """
    from edureport.templating.filters import cn_number

    counters = [0] * len(schemes)
    for block in document.blocks:
        if isinstance(block, AttachmentPage):
            counters = [0] * len(schemes)
            continue
        if not isinstance(block, Heading) or not block.numbered:
            continue
        level = min(max(block.level, 1), len(schemes))
        counters[level - 1] += 1
        for deeper in range(level, len(counters)):
            counters[deeper] = 0
        n = counters[level - 1]
        block.number = schemes[level - 1].format(n=n, cn=cn_number(n))
