"""What a reader does to a Word document's XML before reading it: tracked changes
accepted, comments taken out, soft line breaks resolved. Each step counts what it
did so the report can say so.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn

_REMOVED = [qn(t) for t in ("w:del", "w:moveFrom", "w:rPrChange", "w:pPrChange", "w:sectPrChange",
                             "w:tblPrChange", "w:trPrChange", "w:tcPrChange", "w:tblGridChange",
                             "w:numberingChange", "w:moveFromRangeStart", "w:moveFromRangeEnd",
                             "w:moveToRangeStart", "w:moveToRangeEnd", "w:commentRangeStart",
                             "w:commentRangeEnd")]
_UNWRAPPED = [qn("w:ins"), qn("w:moveTo")]
_BREAK = qn("w:br")
_RUN = qn("w:r")
_P = qn("w:p")
_PPR = qn("w:pPr")
_RPR = qn("w:rPr")
# A line that ends like this closes a paragraph; the next line is a new one.
_LINE_CLOSES = re.compile(r"[。！？；：…”」』）)!?;:]\s*$")
_LINE_OPENS = re.compile(r"^(\s|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d))")


@dataclass
class Cleaning:
    tracked_changes: int = 0
    comments: int = 0
    breaks_split: list[str] = field(default_factory=list)  # where a soft break became a new paragraph
    breaks_joined: list[str] = field(default_factory=list)  # where a line wrapped by pasting was joined


def accept_changes(body, cleaning: Cleaning) -> None:
    """Accept every tracked change: insertions stay, deletions go, formatting changes keep the new formatting."""
    for tag in _REMOVED:
        for element in list(body.iter(tag)):
            if tag in (qn("w:del"), qn("w:moveFrom")):
                if element.getparent() is not None and element.getparent().tag == _RPR:
                    continue  # a deleted paragraph mark: handled below
                cleaning.tracked_changes += 1
            elif tag not in (qn("w:commentRangeStart"), qn("w:commentRangeEnd")):
                cleaning.tracked_changes += 1
            element.getparent().remove(element)
    for tag in _UNWRAPPED:
        for element in list(body.iter(tag)):
            parent = element.getparent()
            if parent.tag == _RPR:  # an inserted paragraph mark: nothing to unwrap
                parent.remove(element)
                continue
            cleaning.tracked_changes += 1
            index = parent.index(element)
            for child in list(element):
                parent.insert(index, child)
                index += 1
            parent.remove(element)
    for reference in list(body.iter(qn("w:commentReference"))):
        run = reference.getparent()
        run.remove(reference)
    for mark in list(body.iter(qn("w:del"))):  # deleted paragraph marks: join with the next paragraph
        paragraph = mark.getparent().getparent().getparent()
        mark.getparent().remove(mark)
        following = paragraph.getnext()
        if paragraph.tag == _P and following is not None and following.tag == _P:
            for child in list(following):
                if child.tag != _PPR:
                    paragraph.append(child)
            following.getparent().remove(following)
            cleaning.tracked_changes += 1


def _text_of(elements) -> str:
    parts = []
    for element in elements:
        for node in element.iter(qn("w:t"), qn("w:tab")):
            parts.append(node.text or "" if node.tag == qn("w:t") else "\t")
    return "".join(parts)


def _split_run(run, br) -> None:
    """Make ``br`` the only content of its own run, so a paragraph can be cut there."""
    rpr = run.find(_RPR)
    children = [c for c in run if c.tag != _RPR]
    at = children.index(br)
    before, after = children[:at], children[at + 1:]
    parent = run.getparent()
    index = parent.index(run)
    for part in (before, after):
        if not part:
            continue
        clone = copy.deepcopy(rpr) if rpr is not None else None
        new_run = run.makeelement(_RUN, {})
        if clone is not None:
            new_run.append(clone)
        for child in part:
            new_run.append(child)
        if part is before:
            parent.insert(index, new_run)
            index += 1
        else:
            parent.insert(index + 1, new_run)


def resolve_breaks(body, cleaning: Cleaning) -> None:
    """Soft line breaks (Shift+Enter, or text pasted from a web page or PDF) inside a paragraph:
    a break after a closing mark (。！？；：) or before a heading number or an indented line
    starts a new paragraph; a break in mid-sentence (a pasted line wrap) is removed."""
    number = 0
    for paragraph in list(body.iterchildren(_P)):
        number += 1
        breaks = [br for br in paragraph.iter(_BREAK) if br.get(qn("w:type")) in (None, "textWrapping")]
        if not breaks:
            continue
        current = paragraph
        jc = paragraph.find(f"{_PPR}/{qn('w:jc')}")
        centred = jc is not None and jc.get(qn("w:val")) == "center"
        for br in breaks:
            run = br.getparent()
            if run.tag != _RUN or run.getparent() is not current:
                continue  # inside a hyperlink or field: leave it as a break
            _split_run(run, br)
            before = _text_of(e for e in current if current.index(e) < current.index(run))
            after = _text_of(e for e in current if current.index(e) > current.index(run))
            where = f"第{number}段"
            if centred:  # a title's lines: the writer balances them again, nothing to report
                current.remove(run)
                continue
            if not before.strip() or not after.strip() or _LINE_CLOSES.search(before) or _LINE_OPENS.match(after):
                if not after.strip():
                    current.remove(run)
                    continue
                new = paragraph.makeelement(_P, {})
                ppr = current.find(_PPR)
                if ppr is not None:
                    new.append(copy.deepcopy(ppr))
                for element in [e for e in current if current.index(e) > current.index(run)]:
                    new.append(element)
                current.remove(run)
                current.addnext(new)
                current = new
                cleaning.breaks_split.append(where)
            else:
                if before[-1:].isascii() and after[:1].isascii() and before[-1:].isalnum() and after[:1].isalnum():
                    br.getparent().replace(br, _text_run_content(br, " "))
                else:
                    current.remove(run)
                cleaning.breaks_joined.append(where)


def _text_run_content(br, text: str):
    t = br.makeelement(qn("w:t"), {})
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return t
