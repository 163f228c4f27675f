"""What each paragraph of a document is (title, heading, body, signature …).

Works for files made by hand in Word or WPS as well as for edureport's own:
headings by their number prefix (一、 / （一） / 1. / （1）), else by outline
level or style name; the title is the centred text before the body; the
signature and 成文日期 are the lines closing the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from edureport.checker.docx_reader import ParagraphFormat
from edureport.core.script import simplified

CN_DIGITS = "零〇一二三四五六七八九"
_CN = "一二三四五六七八九十百零〇"

# level, pattern; groups: open, number, close
HEADING_PATTERNS = [
    (2, re.compile(rf"^\s*(?P<open>[（(])\s*(?P<num>[{_CN}]+)\s*(?P<close>[）)])")),
    (4, re.compile(r"^\s*(?P<open>[（(])\s*(?P<num>\d{1,2})\s*(?P<close>[）)])")),
    (1, re.compile(rf"^\s*(?P<open>)(?P<num>[{_CN}]+)\s*(?P<close>[、.．])")),
    (3, re.compile(r"^\s*(?P<open>)(?P<num>\d{1,2})\s*(?P<close>[.．、])(?!\d)")),
]
DATE_LINE = re.compile(r"^\s*(?P<year>\d{4}|[〇零一二三四五六七八九○]{4})\s*年\s*(?P<month>\d{1,2}|[〇零一二三四五六七八九十○]{1,2})"
                       r"\s*月\s*(?P<day>\d{1,2}|[〇零一二三四五六七八九十○]{1,3})\s*日\s*$")
_STYLE_LEVEL = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)
_DOC_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号")
_ATTACHMENT_LABEL = re.compile(r"^\s*附件\s*\d*\s*$")
_ATTACHMENT_NOTE = re.compile(r"^\s*附\s*件\s*[：:]")
_FRONT_MATTER = re.compile(r"^\s*(\d{6}|(绝密|机密|秘密)\S{0,8}|特急|加急|签发人[：:]\S{0,12})\s*$")


REDHEAD_MIN_SIZE = 22  # pt: a 发文机关标志 is set large (GB/T 9704 7.2.4: 小标宋, red, centred)


def is_red(color: str) -> bool:
    """RRGGBB that reads as red (FF0000, E60012, C00000 …)."""
    if len(color) != 6:
        return False
    try:
        r, g, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r >= 0xB0 and g <= 0x60 and b <= 0x60


def _looks_like_redhead(p: ParagraphFormat) -> bool:
    """Red, large and centred: a 发文机关标志 whatever its words (…文件, …教育局, several organisations)."""
    runs = [r for r in p.runs if r.text.strip()]
    return bool(runs) and p.align == "center" and all(is_red(r.color) for r in runs) and \
        max(r.size for r in runs) >= REDHEAD_MIN_SIZE


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105; None when not a Chinese numeral."""
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS.index(ch) - 1 if ch != "零" else 0
            current = max(current, 0)
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current or None


@dataclass
class HeadingNumber:
    level: int
    value: int
    prefix: str  # as written, e.g. "（一）" or "1、"
    open: str
    close: str


def heading_number(text: str) -> HeadingNumber | None:
    for level, pattern in HEADING_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        raw = match.group("num")
        value = int(raw) if raw.isdigit() else cn_to_int(raw)
        if value is None:
            continue
        if level == 1 and match.group("close") != "、" and len(raw) > 2:
            continue
        return HeadingNumber(level, value, match.group(0).strip(), match.group("open"), match.group("close"))
    return None


@dataclass
class Classified:
    paragraph: ParagraphFormat
    role: str  # see ROLES
    level: int | None = None  # heading level 1..4
    number: HeadingNumber | None = None
    heading_end: int = 0  # where a run-in heading ends (offset in text); 0 = the whole paragraph
    restart: bool = False  # numbering restarts here (attachment page)


def _outline_level(p: ParagraphFormat) -> int | None:
    if p.outline and p.outline <= 4:
        return p.outline
    match = _STYLE_LEVEL.search(p.style_name or "")
    if match and 1 <= int(match.group(1)) <= 4:
        return int(match.group(1))
    return None


def _runin_end(text: str) -> int:
    """Offset just after a run-in heading's closing mark (。？！), or 0 when the heading is the whole paragraph."""
    match = re.search(r"[。？！]", text)
    if match and text[match.end():].strip():
        return match.end()
    return 0


def _right_placed(p: ParagraphFormat) -> bool:
    return p.align == "right" or p.indent_left >= 8 or p.first_line >= 8 or p.text.startswith(" " * 8) or \
        p.text.startswith("\u3000" * 4) or p.text.startswith("\t")


def classify(paragraphs: list[ParagraphFormat]) -> list[Classified]:
    """A role for every body and table paragraph."""
    body = [p for p in paragraphs if p.table is None]
    out: dict[int, Classified] = {}
    _classify_tables(paragraphs, out)
    before_body, title_size = True, None
    after_label = after_note = False
    # the 版头's red separator line: a 发文机关标志 is recognised above it, by its look, not its words
    red_rule = next((i for i, p in enumerate(body[:12]) if is_red(p.rule_color)), None)
    for _index, p in enumerate(body):
        text = p.text.strip()
        item = Classified(p, "body")
        out[id(p)] = item
        if not text:
            item.role = "blank"
            continue
        number = heading_number((p.label + text).strip())
        level = number.level if number else _outline_level(p)
        if after_label and p.align == "center":
            item.role, after_label = "attachment_title", False
            continue
        after_label = False
        if _ATTACHMENT_LABEL.match(text) and len(text) <= 6:
            item.role, item.restart, after_label, before_body = "attachment_label", True, True, False
            continue
        if _ATTACHMENT_NOTE.match(text):
            item.role, after_note = "attachment_note", True
            continue
        if after_note and (p.first_line < 0 or p.indent_left >= 2):
            item.role = "attachment_note"
            continue
        after_note = False
        if DATE_LINE.match(text):
            item.role = "date"
            continue
        if before_body:
            if _DOC_NUMBER.search(text) and title_size is None:
                # centred; in a 上行文 flush left with the 签发人 on its line (their own rules)
                item.role = "doc_number" if p.align == "center" else "front_matter"
                continue
            if red_rule is not None and _index <= red_rule and title_size is None and _looks_like_redhead(p):
                item.role = "redhead"
                continue
            if (p.align == "center" or p.style_name.lower() == "title") and not number:
                if title_size is None or (abs(p.main_size - title_size) < 0.5 and not text.startswith(("—", "－"))):
                    item.role, title_size = "title", title_size or p.main_size
                else:
                    item.role = "subtitle"
                continue
            if title_size is not None and text.endswith(("：", ":")) and len(text) <= 40 and not level:
                item.role, before_body = "recipient", False
                continue
            if title_size is None and not level and (_FRONT_MATTER.match(text) or p.align == "right"):
                item.role = "front_matter"  # 份号、密级、紧急程度、签发人: their own rules, not checked here
                continue
            before_body = False
        if level:
            item.role, item.level, item.number = f"heading{level}", level, number
            item.heading_end = _runin_end(text)
            continue
        if p.align == "center":
            item.role = "center"
    _classify_signature(body, out)
    return [out[id(p)] for p in paragraphs]


def _classify_signature(body: list[ParagraphFormat], out: dict[int, Classified]) -> None:
    """The organisation line right above a 成文日期 that closes the body is the signature."""
    for index, p in enumerate(body):
        if out[id(p)].role != "date":
            continue
        previous = next((q for q in reversed(body[:index]) if q.text.strip()), None)
        if previous is None:
            continue
        item = out[id(previous)]
        if item.role in ("body", "center") and _right_placed(previous) and len(previous.text.strip()) <= 40:
            item.role = "signature"
        if item.role != "signature" and not _right_placed(p):
            out[id(p)].role = "body"  # a date on its own line inside the text


def _classify_tables(paragraphs: list[ParagraphFormat], out: dict[int, Classified]) -> None:
    tables: dict[int, list[ParagraphFormat]] = {}
    for p in paragraphs:
        if p.table is not None:
            tables.setdefault(p.table, []).append(p)
    for cells in tables.values():
        texts = [c.text.strip() for c in cells]
        plain = [simplified(t) for t in texts]  # 印發 in a Traditional document
        imprint = any(t.startswith(("抄送", "印发")) or t.endswith("印发") for t in plain)
        for p in cells:
            role = "imprint" if imprint else "table_header" if p.header_row else "table"
            out[id(p)] = Classified(p, role if p.text.strip() else "blank")
