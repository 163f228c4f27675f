"""Outline numbers as bureaus type them: 一、 / （一） / 1. / （1） / ①, or 1 / 1.1 / 1.1.1.

In a 序号 column or at the start of a title they give the hierarchy when a
sheet has no 上级 column; in a title they are taken off (the document numbers
its headings itself, so 一、一、… would print twice).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "一二三四五六七八九十"
STYLE_ORDER = ("cn", "cn-paren", "num", "num-paren", "circled")  # the order of 公文 heading levels

# In a title the marker must be followed by text, and a number needs its punctuation (1.5万 is no marker).
_TITLE_MARKERS = (
    ("dotted", re.compile(r"^(\d{1,3}(?:[.．]\d{1,3})+)(?:[.．、]\s*|\s+)(?=\S)")),
    ("cn", re.compile(rf"^[{_CN}]{{1,3}}[、.．]\s*(?=\S)")),
    ("cn-paren", re.compile(rf"^[（(][{_CN}]{{1,3}}[)）]\s*(?=\S)")),
    ("num", re.compile(r"^\d{1,3}(?:[、.．](?!\d)|\s)\s*(?=\S)")),
    ("num-paren", re.compile(r"^[（(]\d{1,3}[)）]\s*(?=\S)")),
    ("circled", re.compile(r"^[①-⑳]\s*(?=\S)")),
)
# A 序号 cell holds the marker alone (an Excel number 1 or 1.1 arrives as text here).
_NUMBER_CELL = (
    ("dotted", re.compile(r"^\d{1,3}(?:[.．]\d{1,3})+[.．]?$")),
    ("num", re.compile(r"^\d{1,3}[.．、]?$")),
    ("cn", re.compile(rf"^[{_CN}]{{1,3}}[、.．]?$")),
    ("cn-paren", re.compile(rf"^[（(][{_CN}]{{1,3}}[)）]$")),
    ("num-paren", re.compile(r"^[（(]\d{1,3}[)）]$")),
    ("circled", re.compile(r"^[①-⑳]$")),
)


@dataclass(frozen=True)
class Marker:
    style: str
    depth: int = 1  # 1.1.1 → 3


def _marker(style: str, text: str) -> Marker:
    if style == "dotted":
        return Marker("num", len(re.split(r"[.．]", text.rstrip(".．"))))
    return Marker(style)


def title_marker(title: str) -> tuple[Marker | None, str]:
    """(marker, title without it): ``（一）加强领导`` → (cn-paren, 加强领导)."""
    for style, pattern in _TITLE_MARKERS:
        found = pattern.match(title)
        if found:
            return _marker(style, found.group(1) if style == "dotted" else ""), title[found.end():].strip()
    return None, title


def number_marker(text: str) -> Marker | None:
    """The marker of a 序号 cell, or None when it is no outline number."""
    text = text.strip()
    for style, pattern in _NUMBER_CELL:
        if pattern.match(text):
            return _marker(style, text)
    return None


def levels(markers: list[Marker | None]) -> list[int | None]:
    """Outline level (1 = top) of each marker; styles rank in 公文 order among those present."""
    present = [s for s in STYLE_ORDER if any(m is not None and m.style == s for m in markers)]
    out: list[int | None] = []
    for marker in markers:
        if marker is None:
            out.append(None)
        else:
            out.append(present.index(marker.style) + marker.depth)
    return out


def parents(row_levels: list[int]) -> list[int | None]:
    """Index of each row's parent: the nearest row above with a lower level."""
    stack: list[tuple[int, int]] = []  # (level, row index)
    out: list[int | None] = []
    for index, level in enumerate(row_levels):
        while stack and stack[-1][0] >= level:
            stack.pop()
        out.append(stack[-1][1] if stack else None)
        stack.append((level, index))
    return out
