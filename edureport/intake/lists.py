"""Several items typed into one cell or one line: split only where the person split them.

A field's type says what its items are. A list of sentences (``list``: 要点,
具体措施, 附件) is split on line breaks (Alt+Enter), on ；/; and on an explicit
enumeration (①②…, 1. 2. …, 一是…二是…) — never on 、 or ，, which Chinese
prose uses inside one sentence all the time (健全班主任、德育处、家长委员会三位
一体育人机制 is one measure). A list of names (``names``: 配合单位, 抄送) may
also be split on 、 and ，: 区财政局、区发改委 is two units.
"""
from __future__ import annotations

import re

SENTENCE_BREAKS = re.compile(r"[\n；;]")
NAME_BREAKS = re.compile(r"[\n；;、，,]")
NO_NAME = {"无", "/", "／", "-", "—", "——", "暂无"}  # what a table says for “none”: no item
_CN_DIGITS = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _cn_number(n: int) -> str:
    if n <= 10:
        return _CN_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens - 1]) + "十" + (_CN_DIGITS[ones - 1] if ones else "")


# Enumeration styles: the marker of item n as a regex, and whether it needs a boundary before it.
# 1. and 一是 count only at the start or after punctuation / a space, so 1.5万 or 第一是 are never
# taken for one; ①, （1） and （一） mark themselves.
_STYLES = (
    (lambda n: re.escape(_CIRCLED[n - 1]) if n <= len(_CIRCLED) else None, False),
    (lambda n: f"{n}[.．、](?!\\d)", True),
    (lambda n: f"[（(]{n}[)）]", False),
    (lambda n: f"{_cn_number(n)}是", True),
    (lambda n: f"[（(]{_cn_number(n)}[)）]", False),
    (lambda n: f"{_cn_number(n)}、", True),
)
_BOUNDARY = r"(?:^|(?<=[\s。；;，,：:]))"


def _marker(style, n: int) -> re.Pattern | None:
    make, bounded = style
    body = make(n)
    return re.compile((_BOUNDARY if bounded else "") + body) if body else None


def split_enumeration(text: str) -> list[str]:
    """``①甲②乙`` / ``1.甲 2.乙`` / ``一是甲，二是乙`` → [甲, 乙]; anything else → [text].

    The text must start with marker 1 and the numbers must follow one another;
    the markers (and the punctuation before them) are dropped.
    """
    text = text.strip()
    for style in _STYLES:
        first = _marker(style, 1)
        if first is None or not first.match(text):
            continue
        starts = [(0, first.match(text).end())]
        n = 2
        while (pattern := _marker(style, n)) is not None:
            found = pattern.search(text, starts[-1][1])
            if found is None:
                break
            starts.append((found.start(), found.end()))
            n += 1
        if len(starts) < 2:
            continue
        bounds = [end for _, end in starts]
        ends = [start for start, _ in starts[1:]] + [len(text)]
        return [text[b:e].strip().rstrip("，,；;").strip() for b, e in zip(bounds, ends) if text[b:e].strip()]
    return [text]


def strip_numbering(parts: list[str]) -> list[str]:
    """Items typed one per line with their own numbers (1. 甲 / 2. 乙): the numbers go, the writer adds its own."""
    if len(parts) < 2:
        return parts
    for style in _STYLES:
        markers = [_marker(style, n) for n in range(1, len(parts) + 1)]
        if all(m is not None and m.match(part) for m, part in zip(markers, parts)):
            return [part[m.match(part).end():].strip() for m, part in zip(markers, parts)]
    return parts


def split_sentences(text: str) -> list[str]:
    """A list of sentences in one cell: split on lines, ；/; and explicit enumerations."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = [p.strip() for p in SENTENCE_BREAKS.split(text) if p.strip()]
    parts = [piece for part in parts for piece in split_enumeration(part) if piece not in NO_NAME]
    return [p for p in strip_numbering(parts) if p]


class NameList(list):
    """Names as a list that prints as people write it: {{ t.lead }} → 区教育局、区财政局
    (a template written when 牵头单位 was one text keeps working; |join_cn still joins)."""

    def __str__(self) -> str:
        return "、".join(str(name) for name in self)


def split_names(text: str) -> NameList:
    """A list of names in one cell: split on lines, ；/;, 、 and ，/,; “无” or “/” is none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return NameList(p.strip() for p in NAME_BREAKS.split(text) if p.strip() and p.strip() not in NO_NAME)


def split_items(text: str, kind: str) -> list[str]:
    """Items of a field of type ``kind`` (``list`` or ``names``) typed as one text."""
    return split_names(text) if kind == "names" else split_sentences(text)
