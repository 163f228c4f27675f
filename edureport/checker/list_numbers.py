"""Numbers Word and WPS draw in front of a paragraph from a numbered list
(``w:numPr`` → numbering.xml), so headings numbered automatically (一、
（一） 1.) are checked like typed ones."""
from __future__ import annotations

import re

from docx.oxml.ns import qn

from edureport.checker.measures import whole
from edureport.templating.filters import cn_number

_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
                    "chineseLegalSimplified", "ideographLegalTraditional", "taiwaneseCounting",
                    "taiwaneseCountingThousand"}
_LEVEL_REF = re.compile(r"%([1-9])")


def _format(value: int, num_fmt: str) -> str:
    if num_fmt in _CHINESE_FORMATS:
        return cn_number(value)
    if num_fmt == "decimalZero":
        return f"{value:02d}"
    if num_fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if num_fmt == "upperLetter" else letter
    return str(value)


class ListNumbers:
    """Counts list items in document order and gives each its label (e.g. "（二）")."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, dict]] = {}  # numId → ilvl → {start, fmt, text}
        self.counters: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if definition is None:
                continue
            levels = {}
            for lvl in definition.findall(qn("w:lvl")):
                levels[whole(lvl.get(qn("w:ilvl"), "0")) or 0] = {
                    "start": whole(_val(lvl, "w:start")) or 1,
                    "fmt": _val(lvl, "w:numFmt") or "decimal",
                    "text": _val(lvl, "w:lvlText") or "",
                }
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                level = whole(override.get(qn("w:ilvl"), "0")) or 0
                if start is not None and level in levels and whole(start.get(qn("w:val"))) is not None:
                    levels[level]["start"] = whole(start.get(qn("w:val")))
            self.levels[num.get(qn("w:numId"))] = levels

    def label(self, pprs: list) -> str:
        """The label of a paragraph whose properties (nearest first) put it in a list; "" otherwise."""
        num_id = level = None
        for ppr in pprs:
            num_pr = ppr.find(qn("w:numPr"))
            if num_pr is None:
                continue
            if num_id is None and num_pr.find(qn("w:numId")) is not None:
                num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
            if level is None and num_pr.find(qn("w:ilvl")) is not None:
                level = whole(num_pr.find(qn("w:ilvl")).get(qn("w:val"))) or 0
        levels = self.levels.get(num_id or "")
        if not levels:
            return ""
        level = level or 0
        counters = self.counters.setdefault(num_id, [0] * 9)
        definition = levels.get(level)
        if definition is None or level >= 9:
            return ""
        counters[level] = counters[level] + 1 if counters[level] else definition["start"]
        for deeper in range(level + 1, 9):
            counters[deeper] = 0

        def number(match: re.Match) -> str:
            ref = int(match.group(1)) - 1
            info = levels.get(ref, definition)
            return _format(counters[ref] or info["start"], info["fmt"])

        if definition["fmt"] in ("bullet", "none"):
            return ""
        return _LEVEL_REF.sub(number, definition["text"])


def _val(element, child: str) -> str | None:
    found = element.find(qn(child))
    return found.get(qn("w:val")) if found is not None else None
