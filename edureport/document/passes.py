"""Model passes: the document conventions of a 公文, applied once to the parsed model.

After :func:`finish` the model is final: every writer (docx, html) prints what
it says and decides nothing about wording. Each pass is idempotent, so
finishing a finished document changes nothing.

- :func:`add_red_head`: the profile's 版头 (发文机关标志) when the markup has none;
- :func:`number_headings`: 一、（一）1.（1） by level;
- :func:`close_recipients`: the colon after the 主送机关;
- :func:`end_runin_headings`: the full stop after a run-in heading;
- :func:`number_attachments`: 附件：1.××  2.×× (GB/T 9704 7.3.4);
- :func:`finish_imprint`: the 抄送 line with its closing period, and the 印发 line.
"""
from __future__ import annotations

import re

from edureport.core.numbers import cn_number
from edureport.core.script import word
from edureport.document.model import (
    AttachmentNote,
    AttachmentPage,
    Document,
    HeadFields,
    Heading,
    Imprint,
    Marks,
    Recipient,
    RedHead,
    Run,
    Title,
)
from edureport.styles.profile import Profile

ATTACHMENT_LABEL = "附件："
SIGNER_LABEL = "签发人："
CC_LABEL = "抄送："
RECIPIENT_ENDS = ("：", ":")
SENTENCE_ENDS = "。！？：；.!?:;"


def finish(document: Document, profile: Profile) -> Document:
    """Apply every document convention of ``profile`` to ``document`` (in place); returns it.
    Labels are written in the current script (``core.script.writing``)."""
    add_red_head(document, profile)
    number_headings(document, profile.numbering)
    close_recipients(document)
    end_runin_headings(document, profile.runin_end)
    number_attachments(document)
    finish_imprint(document)
    return document


def _kinds(blocks: list) -> list[type]:
    """The class of each block: the passes look for rare blocks (a title, a red head) in this list,
    which is searched at C speed (model blocks are never subclassed)."""
    return list(map(type, blocks))


def _of_kind(blocks: list, kind: type) -> list:
    kinds = _kinds(blocks)
    return [blocks[i] for i, k in enumerate(kinds) if k is kind] if kind in kinds else []


def add_red_head(document: Document, profile: Profile) -> None:
    """The 版头 (GB/T 9704 7.2): 份号, 密级★保密期限, 紧急程度 flush left at the top; a profile with
    ``redhead:`` puts its 发文机关标志 (e.g. 某某区教育局文件) before the title, a document whose markup
    has its own ``::: redhead`` keeps that one; the 发文字号 (〔〕 around the year) and, for a 上行文,
    签发人 on the same line. A style without a red head prints the 发文字号 line without the red line."""
    blocks, head = document.blocks, document.head
    marks = head_marks(head)
    kinds = _kinds(blocks)
    if marks and Marks not in kinds:
        blocks.insert(0, Marks(marks))
        kinds.insert(0, Marks)
    at = kinds.index(Title) if Title in kinds else len(blocks)
    existing = blocks[kinds.index(RedHead)] if RedHead in kinds else None
    if existing is None:
        if profile.redhead and document.author:
            existing = RedHead(profile.redhead_text(document.author))
        elif head.number or head.signers:
            existing = RedHead("")
        else:
            return
        blocks.insert(at, existing)
    existing.number = doc_number(existing.number or head.number)
    existing.signers = existing.signers or [s.strip() for s in head.signers if s.strip()]
    existing.signer_label = word(SIGNER_LABEL)
    existing.lines_above = len(marks)


def head_marks(head: HeadFields) -> list[str]:
    """份号 (six digits), 密级★保密期限, 紧急程度, top to bottom (GB/T 9704 7.2.3)."""
    lines = []
    if head.copy:
        copy = head.copy.strip()
        lines.append(copy.zfill(6) if copy.isdigit() else copy)
    if head.secrecy:
        period = head.period.strip()
        if period and period[-1].isdigit():
            period += word("年")
        lines.append(head.secrecy.strip() + (f"★{period}" if period else ""))
    if head.urgency:
        lines.append(head.urgency.strip())
    return lines


_YEAR_BRACKETS = re.compile(r"[\[［【(（〔]\s*(\d{4})\s*[\]］】)）〕]\s*")


def doc_number(text: str) -> str:
    """发文字号 with the year in 六角括号: 某教发[2024]12号 → 某教发〔2024〕12号 (GB/T 9704 7.2.5)."""
    return _YEAR_BRACKETS.sub(r"〔\1〕", text.strip())


def number_headings(document: Document, schemes: list[str]) -> None:
    """Number headings 一、（一）1.（1） by level, restarting under each parent.

    ``schemes`` come from the style profile, e.g. ``["{cn}、", "（{cn}）", "{n}.", "（{n}）"]``.
    Numbering restarts on every attachment page. A heading with a ``source_number``
    (read from a document, not renumbered) keeps that number and the count goes on from it.
    """
    depth = len(schemes)
    counters = [0] * depth
    in_words = ["{cn" in scheme for scheme in schemes]  # (cn_number is the costly part: only where printed)
    for block in document.blocks:
        kind = block.__class__
        if kind is AttachmentPage:
            counters = [0] * depth
            continue
        if kind is not Heading or not block.numbered:
            continue
        level = min(max(block.level, 1), depth)
        n = counters[level - 1] = block.source_number if block.source_number is not None else counters[level - 1] + 1
        counters[level:] = [0] * (depth - level)
        block.number = schemes[level - 1].format(n=n, cn=cn_number(n) if in_words[level - 1] else "")


def close_recipients(document: Document) -> None:
    """主送机关 ends with a full-width colon (GB/T 9704 7.3.2)."""
    for block in _of_kind(document.blocks, Recipient):
        if not block.text.endswith(RECIPIENT_ENDS):
            block.text += "："


def end_runin_headings(document: Document, end: str) -> None:
    """A run-in heading is a sentence of its own: it ends with ``end`` (the profile's
    ``runin_end``, 。) unless it already ends with a stop."""
    for block in document.blocks:
        if block.__class__ is not Heading or block.body is None:
            continue
        last = _last_character(block)
        if not last or last in SENTENCE_ENDS:
            continue
        if block.runs:
            last = block.runs[-1]
            block.runs[-1] = Run(last.text + end, last.bold, last.italic)
        else:
            block.runs.append(Run(end))


def _last_character(heading: Heading) -> str:
    """The last character of the heading's number + text ("" for none), without joining its runs."""
    for run in reversed(heading.runs):
        if run.text:
            return run.text[-1]
    return heading.number[-1:]


def number_attachments(document: Document) -> None:
    """附件说明 starts with 附件：; several attachments are numbered 1. 2. …, a single one is not."""
    for block in _of_kind(document.blocks, AttachmentNote):
        block.label = word(ATTACHMENT_LABEL)
        block.numbers = [f"{i}." for i in range(1, len(block.items) + 1)] if len(block.items) > 1 else []


def finish_imprint(document: Document) -> None:
    """版记 lines: 抄送：甲，乙。 (the list closes with a period) and ××××年×月×日印发."""
    for block in _of_kind(document.blocks, Imprint):
        if block.cc:
            block.cc_line = word(CC_LABEL) + (block.cc if block.cc.endswith("。") else block.cc + "。")
        block.issued = f"{block.date}{word('印发')}" if block.date else ""
