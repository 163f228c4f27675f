"""Title lines (GB/T 9704 7.3.1): 回行时要做到词意完整、排列对称、长短适宜，使用梯形或菱形.

A long title is cut only between words, found by a real segmenter (jieba: pure
Python, its dictionary bundled, the common choice for Chinese word
segmentation), with the units a 公文 reader keeps together glued back on:
a number and its unit (2014年, 3所), a place and its level (某某区, 教育局),
anything in a short bracket (（2024—2026年）). Among those cuts the fewest lines
that fit are chosen, as equal as possible, preferring natural places (after
关于 or the issuing organisation, before the document kind) and never leaving one
or two characters on a line of their own; three or more lines form a trapezoid or
diamond, never an hourglass.
"""
from __future__ import annotations

import math
from functools import lru_cache
from itertools import combinations

from edureport.core.script import simplified
from edureport.core.textmetrics import measure

# Words of education 公文 the general dictionary splits or mis-joins (系统安全|生产).
DOMAIN_WORDS = ("安全生产", "课后服务", "学前教育", "义务教育", "普通高中", "新时代", "工作总结", "工作要点", "工作思路",
                "工作打算", "实施方案", "工作方案", "行动方案", "行动计划", "情况汇报", "专项整治", "督导评估", "提质培优",
                "产教融合", "校企合作", "优质均衡", "普及普惠", "高质量发展", "教育体育局", "教育和体育局", "心理健康教育",
                "教育系统", "教育教学", "三年行动计划", "三年行动方案", "工作情况", "开展情况")
# A single-character word that belongs to the word before it: 某某|区, 体育|局, 2024|年.
_SUFFIXES = set("省市县区镇乡村局厅委部处科室院校园所站会组办年月日度届期次个名人项篇")
_PREFIXES = set("第")
_NO_LINE_START = set("，。、；：？！）》」』”’%％—～")
_NO_LINE_END = set("（《「『“‘—～")
_BRACKETS = {"（": "）", "(": ")", "《": "》", "“": "”"}
_SHORT_BRACKET = 14  # characters: a bracket this short is never split
# Natural places for a cut: after 关于/的/和 or an organisation, before the document kind.
_GOOD_LINE_START = ("实施方案", "工作方案", "行动方案", "工作总结", "工作要点", "情况汇报", "情况的", "述职报告", "工作计划",
                    "三年行动", "行动计划", "工作", "的通知", "的报告", "的意见", "的汇报", "的实施", "（", "——", "《", "关于")
_GOOD_LINE_END = ("关于", "的", "和", "与", "及", "局", "厅", "委", "学校", "小学", "中学", "幼儿园", "》")
_PLAIN_BREAK_COST = 3.0  # a cut between two words that is not a natural place
_HOURGLASS_COST = 4.0
_MIN_LINE = 3  # characters: a line never holds only one or two


@lru_cache(maxsize=1)
def _tokenizer():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on the user's terminal
    tokenizer = jieba.Tokenizer()
    for word in DOMAIN_WORDS:
        tokenizer.add_word(word, freq=100000)
    return tokenizer


def _words(text: str) -> list[str]:
    plain = simplified(text)  # the dictionary is Simplified: 工作總結 segments as 工作总结
    if len(plain) != len(text):
        plain = text
    words, at = [], 0
    for w in _tokenizer().cut(plain):
        words.append(text[at:at + len(w)])
        at += len(w)
    glued: list[str] = []
    for w in words:
        if glued and (w in _SUFFIXES or glued[-1] in _PREFIXES or glued[-1][-1] in _NO_LINE_END or w[0] in _NO_LINE_START
                      or (glued[-1][-1].isascii() and glued[-1][-1].isalnum() and w[0].isascii() and w[0].isalnum())
                      or (glued[-1][-1].isdigit() and w[:1] in _SUFFIXES)):
            glued[-1] += w
        else:
            glued.append(w)
    return glued


def _short_bracket_spans(text: str) -> list[tuple[int, int]]:
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch in _BRACKETS:
            stack.append((ch, i))
        elif stack and ch == _BRACKETS[stack[-1][0]]:
            _, start = stack.pop()
            if i - start <= _SHORT_BRACKET:
                spans.append((start, i + 1))
    return spans


def cut_points(text: str) -> list[int]:
    """Indexes where a line of ``text`` may end: between words, outside short brackets."""
    points, at = [], 0
    for w in _words(text)[:-1]:
        at += len(w)
        points.append(at)
    spans = _short_bracket_spans(text)
    return [p for p in points if not any(a < p < b for a, b in spans)]


def _inside_bracket(text: str, end: int) -> bool:
    depth = 0
    for ch in text[:end]:
        depth += ch in _BRACKETS
        depth -= ch in _BRACKETS.values()
    return depth > 0


def _good(text: str, end: int) -> bool:
    return text[end:].startswith(_GOOD_LINE_START) or text[:end].endswith(_GOOD_LINE_END)


def balance_title(text: str, max_chars: float) -> list[str]:
    """``text`` as title lines of at most ``max_chars`` characters (see the module doc)."""
    total = measure(text)  # as printed: digits by their Times New Roman width, with the gap around them
    if total <= max_chars:
        return [text]
    widths = [measure(text[:i]) for i in range(len(text) + 1)]
    cuts = cut_points(text) + [len(text)]
    for count in range(math.ceil(total / max_chars), math.ceil(total / max_chars) + 3):
        lines = _best(text, widths, cuts, count, max_chars)
        if lines:
            return lines
    return [text]  # nothing fits (one unbreakable run): let the word processor wrap it


_MAX_TRIES = 20_000  # choices of cuts tried for one line count; a real title has far fewer
_NEAREST_CUTS = 6  # beyond that, the cuts nearest each ideal line end


def _best(text: str, widths: list[float], cuts: list[int], count: int, max_chars: float) -> list[str] | None:
    """The cheapest ``count`` lines (every choice of cuts is tried: a title has a few dozen words at most)."""
    target = widths[-1] / count

    def cost(bounds: tuple[int, ...]) -> float:
        line_widths, total = [], 0.0
        for start, end in zip(bounds, bounds[1:]):
            width = widths[end] - widths[start]
            if width > max_chars or width < _MIN_LINE:
                return math.inf
            line_widths.append(width)
            total += abs(width - target) + (0 if end == len(text) or _good(text, end) else _PLAIN_BREAK_COST)
            total += _PLAIN_BREAK_COST if _inside_bracket(text, end) else 0  # 《a long name》 split: only if need be
        return total + _shape_cost(line_widths)

    inner = [c for c in cuts if c < len(text)]
    if math.comb(len(inner), count - 1) > _MAX_TRIES:  # a long run without words (emoji, digits): near the ideal cuts only
        near: set[int] = set()
        for k in range(1, count):
            near.update(sorted(inner, key=lambda c: abs(widths[c] - target * k))[:_NEAREST_CUTS])
        inner = sorted(near)
    if math.comb(len(inner), count - 1) > _MAX_TRIES:  # no title is this long: fill lines greedily instead
        return _greedy(text, widths, cuts, max_chars)
    best = min(((cost((0, *chosen, len(text))), chosen) for chosen in combinations(inner, count - 1)),
               default=(math.inf, ()))
    if best[0] == math.inf:
        return None
    bounds = (0, *best[1], len(text))
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def _greedy(text: str, widths: list[float], cuts: list[int], max_chars: float) -> list[str] | None:
    """Each line as full as it can be, broken at the last cut that fits."""
    lines, start = [], 0
    while start < len(text):
        fitting = [c for c in cuts if c > start and widths[c] - widths[start] <= max_chars]
        if not fitting:
            return None
        lines.append(text[start:fitting[-1]])
        start = fitting[-1]
    return lines


def _shape_cost(line_widths: list[float]) -> float:
    """梯形 or 菱形: no line narrower than both its neighbours (an hourglass)."""
    return sum(_HOURGLASS_COST for a, b, c in zip(line_widths, line_widths[1:], line_widths[2:]) if b + 1 < min(a, c))
