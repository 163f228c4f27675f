"""Any .docx → the document model (title, headings, paragraphs, tables, signature …).

Built on the checker, which already knows what Word shows: formatting resolved
along the style chain, the numbers Word's automatic numbering draws, and the role
of every paragraph. Tracked changes are accepted (insertions kept, deletions
dropped); comments are left out; a field keeps the text it shows; pictures are kept.
Text is changed only by the fixes in ``readers.fixes``, each one recorded.
Tables (merged cells) and the 版记 are read by ``readers.docx_tables``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn

from edureport.checker.docx_reader import DocxContent, ParagraphFormat, read_docx
from edureport.checker.roles import DATE_LINE, Classified, _runin_end, classify
from edureport.document.model import (
    AttachmentNote,
    AttachmentPage,
    Document,
    Heading,
    Image,
    Imprint,
    Paragraph,
    Recipient,
    RedHead,
    Run,
    Signature,
    Subtitle,
    Table,
    Title,
)
from edureport.readers.clean import Cleaning, accept_changes, resolve_breaks
from edureport.readers.docx_tables import table_block
from edureport.readers.fixes import (
    Change,
    apply_edits,
    arabic_date,
    date_edits,
    edit_text,
    excerpt,
    leading_space,
    punctuation_edits,
)
from edureport.styles.profile import Profile
from edureport.templating.filters import cn_number

_ATTACHMENT_PREFIX = re.compile(r"^\s*附\s*件\s*[：:]\s*")
_ITEM_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*")
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


@dataclass
class Reading:
    """A document read from a file, with everything the reader changed or noticed."""

    document: Document
    content: DocxContent
    items: list[Classified]
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was handled: tracked changes, comments, pictures …
    numbering: list[str] = field(default_factory=list)  # numbering gaps and level jumps


def _runs(p: ParagraphFormat, keep_emphasis: bool = True) -> list[Run]:
    runs = [Run(r.text, r.bold, r.italic, r.underline, r.color) if keep_emphasis else Run(r.text)
            for r in p.runs if r.text]
    return runs or [Run("")]


def _split(runs: list[Run], offset: int) -> tuple[list[Run], list[Run]]:
    head, tail, position = [], [], 0
    for run in runs:
        end = position + len(run.text)
        if end <= offset:
            head.append(run)
        elif position >= offset:
            tail.append(run)
        else:
            cut = offset - position
            head.append(Run(run.text[:cut], run.bold, run.italic, run.underline, run.color))
            tail.append(Run(run.text[cut:], run.bold, run.italic, run.underline, run.color))
        position = end
    return head, tail


def _text(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


class _DocxReader:
    def __init__(self, profile: Profile, keep: set[str], renumber: bool):
        self.profile, self.keep, self.renumber = profile, keep, renumber
        self.changes: list[Change] = []
        self.notes: list[str] = []
        self.numbering: list[str] = []
        self.cleaning = Cleaning()
        self.package = None  # the python-docx document, for pictures

    # -- before reading ---------------------------------------------------------
    def prepare(self, document) -> None:
        self.package = document
        body = document.element.body
        accept_changes(body, self.cleaning)
        for rel in document.part.rels.values():
            if rel.reltype.endswith("/comments") and not rel.is_external:
                self.cleaning.comments = rel.target_part.blob.count(b"<w:comment ")
        if "breaks" not in self.keep:
            resolve_breaks(body, self.cleaning)
        self.left_out(document)

    def left_out(self, document) -> None:
        """Say what a 公文 has no place for, so nothing disappears without a word."""
        boxes = [box for box in document.element.body.iter(qn("w:txbxContent"))
                 if "".join(t.text or "" for t in box.iter(qn("w:t"))).strip()]
        if boxes:
            self.notes.append(f"文本框{len(boxes)}个：其中的文字未排入正文，请在原文件中查看并手工移入")
        for rel in document.part.rels.values():
            if rel.is_external or not rel.reltype.endswith(("/footnotes", "/endnotes")):
                continue
            count = len(re.findall(rb'<w:(?:footnote|endnote) (?![^>]*w:type=)', rel.target_part.blob))
            if count:
                kind = "脚注" if rel.reltype.endswith("/footnotes") else "尾注"
                self.notes.append(f"{kind}{count}条：公文不用{kind}，未保留，请改写进正文")
        headers = {"".join(t.text or "" for t in s.header._element.iter(qn("w:t"))).strip()
                   for s in document.sections if not s.header.is_linked_to_previous}
        headers.discard("")
        if headers:
            self.notes.append(f"页眉文字“{'、'.join(sorted(headers))}”：公文不设页眉，未保留")

    # -- text fixes -------------------------------------------------------------
    def fixed(self, runs: list[Run], location: str, *, skip_punctuation: int = 0, strip: bool = True) -> list[Run]:
        """The runs with the switched-on fixes applied; every change is recorded."""
        text = _text(runs)
        if strip and "spaces" not in self.keep and leading_space(text):
            lead = leading_space(text)
            if text[lead:].strip():
                self.changes.append(Change("spaces", location, text[:lead + 6], text[lead:lead + 6]))
            runs = apply_edits(runs, [(0, lead, "")])
            text = _text(runs)
            skip_punctuation = max(skip_punctuation - lead, 0)
        for fix, edits in (("punctuation", punctuation_edits(text, skip_punctuation)), ("dates", date_edits(text))):
            if fix in self.keep or not edits:
                continue
            before, after = excerpt(text, edits)
            self.changes.append(Change(fix, location, before, after))
            runs = apply_edits(runs, edits)
            text = _text(runs)
        return runs

    def fixed_text(self, text: str, location: str) -> str:
        return _text(self.fixed([Run(text)], location))

    # -- blocks -----------------------------------------------------------------
    def read(self, source: str | Path | bytes) -> Reading:
        content = read_docx(source, self.prepare)
        items = classify(content.paragraphs)
        document = Document()
        blocks = document.blocks
        index = 0
        while index < len(items):
            item = items[index]
            p = item.paragraph
            if p.table is not None:
                end = index
                while end < len(items) and items[end].paragraph.table == p.table:
                    end += 1
                blocks.append(self.table(items[index:end]))
                index = end
                continue
            index += 1
            self.block(item, blocks)
            blocks.extend(self.images(p))
        self.finish_headings(document, items)
        _closing_signature(blocks)
        title = next((b.text for b in blocks if isinstance(b, Title)), "")
        document.title = title or (Path(content.path).stem if content.path != "<bytes>" else "")
        signature = next((b for b in blocks if isinstance(b, Signature)), None)
        document.author = signature.org if signature else ""
        self.summarise(items)
        order = {p.location: n for n, p in enumerate(content.paragraphs)}
        self.changes.sort(key=lambda c: order.get(c.location, len(order)))  # stable: reading order
        return Reading(document, content, items, self.changes, self.notes, self.numbering)

    def block(self, item: Classified, blocks: list) -> None:
        p, role = item.paragraph, item.role
        where = p.location
        if role == "blank":
            return
        if role == "title":
            text = self.fixed_text(p.text, where)
            if blocks and isinstance(blocks[-1], Title):
                blocks[-1].text += text
            else:
                blocks.append(Title(text))
        elif role == "subtitle":
            blocks.append(Subtitle(self.fixed_text(p.text, where)))
        elif role == "redhead":
            blocks.append(RedHead(p.text.strip()))
        elif role == "doc_number":
            head = next((b for b in reversed(blocks) if isinstance(b, RedHead)), None)
            if head is None:
                blocks.append(RedHead("", p.text.strip()))
            else:
                head.number = p.text.strip()
        elif role == "recipient":
            blocks.append(Recipient(self.fixed_text(p.text, where).strip()))
        elif role.startswith("heading"):
            blocks.append(self.heading(item))
        elif role == "attachment_note":
            text = self.fixed_text(p.text, where).strip()
            text = _ITEM_NUMBER.sub("", _ATTACHMENT_PREFIX.sub("", text), count=1)
            if blocks and isinstance(blocks[-1], AttachmentNote) and not _ATTACHMENT_PREFIX.match(p.text):
                blocks[-1].items.append(text)
            else:
                blocks.append(AttachmentNote([text]))
        elif role == "signature":
            blocks.append(Signature(self.fixed_text(p.text, where).strip(), ""))
        elif role == "date":
            date = self.date(p)
            if blocks and isinstance(blocks[-1], Signature) and not blocks[-1].date:
                blocks[-1].date = date
            else:
                blocks.append(Signature("", date))
        elif role == "attachment_label":
            blocks.append(AttachmentPage(p.text.strip(), ""))
        elif role == "attachment_title":
            text = self.fixed_text(p.text, where).strip()
            if blocks and isinstance(blocks[-1], AttachmentPage) and not blocks[-1].title:
                blocks[-1].title = text
            else:
                blocks.append(Paragraph(self.fixed(_runs(p), where), role="center"))
        else:  # body, center, front_matter
            paragraph_role = {"center": "center", "front_matter": "plain"}.get(role, "body")
            blocks.append(Paragraph(self.fixed(_runs(p), where), role=paragraph_role))

    def date(self, p: ParagraphFormat) -> str:
        """The 成文日期: Arabic numerals, no zero padding, no spaces (GB/T 9704 7.3.5)."""
        text = p.text.strip()
        if "dates" in self.keep:
            return text
        proper = arabic_date(text) or re.sub(r"\s+", "", text)
        proper = edit_text(proper, date_edits(proper))
        if proper != text:
            self.changes.append(Change("dates", p.location, text, proper))
        return proper

    def heading(self, item: Classified) -> Heading:
        p = item.paragraph
        level = min(item.level or 1, len(self.profile.numbering))
        runs = _runs(p)
        number = item.number
        heading = Heading(level, runs, numbered=False)
        heading.location = p.location  # type: ignore[attr-defined]  # for the numbering report
        heading.written_number = number  # type: ignore[attr-defined]
        if number is not None and "numbers" in self.keep:
            if p.label:
                runs.insert(0, Run(p.label))
        elif number is not None:
            if not p.label:  # a typed number: take it (and the spaces around it) off the text
                text = _text(runs)
                lead = len(text) - len(text.lstrip())
                if lead and "spaces" not in self.keep:
                    self.changes.append(Change("spaces", p.location, text[:lead + 6], text[lead:lead + 6]))
                end = lead + len(number.prefix)
                end += len(text[end:]) - len(text[end:].lstrip())
                runs = apply_edits(runs, [(0, end, "")])
            heading.numbered = True
            heading.source_number = number.value
        runs = self.fixed(runs, p.location)
        cut = _runin_end(_text(runs)) if item.heading_end else 0
        head, body = _split(runs, cut) if cut else (runs, None)
        heading.runs = [Run(r.text) for r in head]  # a heading is set in its role's font, without emphasis
        heading.body = body  # the text after a run-in heading keeps its emphasis
        return heading

    def finish_headings(self, document: Document, items: list[Classified]) -> None:
        """Report numbering gaps and level jumps; with --renumber let the numbering pass count afresh."""
        schemes = self.profile.numbering
        counters = [0] * len(schemes)
        previous_level = 0
        for block in document.blocks:
            if isinstance(block, AttachmentPage):
                counters, previous_level = [0] * len(schemes), 0
                continue
            if not isinstance(block, Heading):
                continue
            number = getattr(block, "written_number", None)
            where = getattr(block, "location", "")
            if number is None:
                continue
            level = block.level
            if level > previous_level + 1:
                self.numbering.append(f"{where}：标题层级跳跃，“{number.prefix}”前没有第{cn_number(level - 1)}层标题")
            expected = counters[level - 1] + 1
            proper = schemes[level - 1].format(n=number.value, cn=cn_number(number.value))
            if number.value != expected:
                wanted = schemes[level - 1].format(n=expected, cn=cn_number(expected))
                done = "，已重新编号" if self.renumber and block.numbered else "（加 --renumber 可重新编号）"
                self.numbering.append(f"{where}：第{cn_number(level)}层标题序号不连续，应为“{wanted}”，"
                                      f"实际为“{number.prefix}”{done}")
            if block.numbered and not self.renumber and re.sub(r"\s+", "", number.prefix) != proper:
                self.changes.append(Change("numbers", where, number.prefix, proper))
            if self.renumber and block.numbered:
                block.source_number = None
            counters[level - 1] = expected if self.renumber else number.value
            for deeper in range(level, len(counters)):
                counters[deeper] = 0
            previous_level = level
        for block in document.blocks:
            if isinstance(block, Heading):
                for name in ("written_number", "location"):
                    block.__dict__.pop(name, None)

    def table(self, items: list[Classified]) -> Table | Imprint:
        texts = {id(i.paragraph.element): self.fixed_text(i.paragraph.text, i.paragraph.location).strip()
                 for i in items}
        return table_block(items, texts)

    def images(self, p: ParagraphFormat) -> list[Image]:
        out = []
        for blip in p.element.iter(_BLIP):
            rid = blip.get(_EMBED)
            part = self.package.part.related_parts.get(rid) if rid else None
            if part is None:
                continue
            drawing = next(blip.iterancestors(qn("w:drawing")), None)
            extent = drawing.find(f".//{_EXTENT}") if drawing is not None else None
            cx = int(extent.get("cx")) if extent is not None else 2_000_000
            cy = int(extent.get("cy")) if extent is not None else 1_500_000
            out.append(Image(part.blob, part.content_type, cx, cy, Path(str(part.partname)).name))
        if out:
            self.notes.append(f"{p.location}：图片{len(out)}张，原样保留")
        return out

    def summarise(self, items: list[Classified]) -> None:
        cleaning = self.cleaning
        if cleaning.tracked_changes:
            self.notes.append(f"修订（修订记录）{cleaning.tracked_changes}处：已全部接受（插入保留，删除去掉）")
        if cleaning.comments:
            self.notes.append(f"批注{cleaning.comments}条：未写入排版后的文件（请在原文件中查看）")
        for where, count in Counter(cleaning.breaks_split).items():
            self.changes.append(Change("breaks", where, f"软回车（Shift+Enter）{count}个", f"分为{count + 1}段"))
        for where, count in Counter(cleaning.breaks_joined).items():
            self.changes.append(Change("breaks", where, f"句中软回车{count}个", "接为一行"))
        blank = sum(1 for i in items if i.role == "blank" and i.paragraph.table is None)
        if blank:
            self.notes.append(f"空段{blank}个：去掉（段距由样式决定）")


def _closing_signature(blocks: list) -> None:
    """A short line and a date closing the body, typed flush left (no right alignment, no spaces
    to push them right), are still the signature and 成文日期."""
    end = next((i for i, b in enumerate(blocks) if isinstance(b, (AttachmentPage, Imprint))), len(blocks))
    if end < 2 or any(isinstance(b, Signature) for b in blocks[:end]):
        return
    org, date = blocks[end - 2], blocks[end - 1]
    if isinstance(org, Paragraph) and isinstance(date, Paragraph) and DATE_LINE.match(date.text.strip()) and \
            len(org.text.strip()) <= 30 and not org.text.strip().endswith(("。", "；", "：", "，")):
        blocks[end - 2:end] = [Signature(org.text.strip(), date.text.strip())]


def read_docx_document(source: str | Path | bytes, profile: Profile, *, keep: set[str] = frozenset(),
                       renumber: bool = False) -> Reading:
    """Read a .docx into the document model; ``keep`` names fixes not to make (see readers.fixes.FIXES)."""
    return _DocxReader(profile, set(keep), renumber).read(source)
