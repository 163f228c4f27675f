"""The document model: the blocks a 公文 is made of, independent of any writer."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    color: str = ""  # RRGGBB; "" = the role's colour


@dataclass
class Title:
    text: str


@dataclass
class Subtitle:
    text: str


@dataclass
class Recipient:
    text: str  # ends with its colon once passes.close_recipients has run


@dataclass
class HeadFields:
    """The 版头 data as the user gave them (GB/T 9704 7.2); passes.add_red_head lays them out."""

    number: str = ""  # 发文字号
    copy: str = ""  # 份号
    secrecy: str = ""  # 密级: 绝密 | 机密 | 秘密
    period: str = ""  # 保密期限
    urgency: str = ""  # 紧急程度: 特急 | 加急
    signers: list[str] = field(default_factory=list)  # 签发人 (上行文)


@dataclass
class Marks:
    """份号, 密级★保密期限, 紧急程度: lines flush left at the top of the first page (GB/T 9704 7.2.1–7.2.3)."""

    lines: list[str]


@dataclass
class RedHead:
    """版头 (GB/T 9704 7.2): 发文机关标志 in red, 发文字号 (with 签发人 on its line in a 上行文),
    the red separator line. A style without a red head keeps only the 发文字号 line (org_text "")."""

    org_text: str  # e.g. 某某区教育局文件; "" for no 发文机关标志 and no red line
    number: str = ""  # 发文字号, e.g. 某教发〔2024〕12号
    signers: list[str] = field(default_factory=list)  # 签发人, printed as 签发人：甲　乙
    lines_above: int = 0  # Marks lines above the 发文机关标志 (its 35 mm are counted from the text block top)
    signer_label: str = ""  # 签发人： in the document's script


@dataclass
class Heading:
    level: int  # 1..4
    runs: list[Run]
    body: list[Run] | None = None  # run-in: the paragraph continues after the heading
    numbered: bool = True
    number: str = ""  # filled in by passes.number_headings
    source_number: int | None = None  # the number a read document gave it; kept (in the profile's form)

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
    # merged cells (from a document that was read): (row, column, rows, columns); row 0 is the header
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class Image:
    """A picture on a line of its own (from a document that was read), kept at its size."""

    data: bytes
    content_type: str  # image/png, image/jpeg …
    width_emu: int
    height_emu: int
    name: str = ""


@dataclass
class AttachmentNote:
    """附件说明: the attachment names; passes.number_attachments adds the label (附件：) and,
    for more than one, the numbers (1. 2. …) the writers print before each name."""

    items: list[str]
    label: str = ""
    numbers: list[str] = field(default_factory=list)


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
    """版记: 抄送 line, printer and 印发日期 as written in the markup; the printed lines
    (``cc_line`` 抄送：甲，乙。 and ``issued`` ××××年×月×日印发) are filled in by passes.finish_imprint."""

    cc: str = ""
    printer: str = ""
    date: str = ""
    cc_line: str = ""
    issued: str = ""


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


@dataclass
class Document:
    blocks: list = field(default_factory=list)
    title: str = ""
    author: str = ""
    head: HeadFields = field(default_factory=HeadFields)

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]
