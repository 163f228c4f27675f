"""The text fixes `format` makes, each one named, switchable and reported.

Only these change characters; everything else in the text comes through as it was:

- ``punctuation``: half-width , ; : ? ! ( ) in Chinese text → full-width (never in
  numbers, dates, URLs, English or code: the same rule `check` uses);
- ``dates``: zero padding in dates (2024年03月01日 → 2024年3月1日), and the 成文日期
  in Arabic numerals without spaces;
- ``spaces``: spaces and tabs used to indent a paragraph;
- ``breaks``: soft line breaks (a new paragraph after 。！？；：, joined in mid-sentence);
- ``numbers``: heading numbers in the profile's form (1、 → 1.; (一) → （一）).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from edureport.checker.text_rules import _FULL, half_width_marks
from edureport.document.model import Run

FIXES = {
    "punctuation": "标点",
    "dates": "日期",
    "spaces": "空格",
    "breaks": "换行",
    "numbers": "序号",
}
_BY_NAME = {**{k: k for k in FIXES}, **{v: k for k, v in FIXES.items()}}

_PADDED = re.compile(r"(?P<year>\d{4}\s*年\s*)?(?<!\d)(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*日)?")
_LEADING = re.compile(r"^[ \t\u3000\u00a0]+")
_CN_DATE_DIGITS = "〇一二三四五六七八九"


def fix_names(values: list[str]) -> set[str]:
    """Names given to --keep (English or Chinese) → canonical names; unknown → ValueError with the name."""
    out = set()
    for value in values:
        for part in re.split(r"[,，、\s]+", value.strip()):
            if not part:
                continue
            if part not in _BY_NAME:
                raise ValueError(part)
            out.add(_BY_NAME[part])
    return out


@dataclass
class Change:
    fix: str  # a key of FIXES
    location: str
    before: str
    after: str

    def format(self) -> str:
        return f"[{FIXES.get(self.fix, self.fix)}] {self.location}：“{self.before}” → “{self.after}”"


Edit = tuple[int, int, str]  # start, end, replacement


def punctuation_edits(text: str, skip: int = 0) -> list[Edit]:
    return [(m.start(), m.end(), _FULL[m.group(0)]) for m in half_width_marks(text, skip)]


def date_edits(text: str) -> list[Edit]:
    """2024年03月01日 → 2024年3月1日, 03月05日 → 3月5日; spaces inside a date go too."""
    edits = []
    for match in _PADDED.finditer(text):
        month, day = match.group("month"), match.group("day")
        if not (1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
            continue
        if not match.group("year") and not day:
            continue  # "03月" alone is too vague to touch
        year = re.sub(r"\s+", "", match.group("year") or "")
        proper = f"{year}{int(month)}月" + (f"{int(day)}日" if day else "")
        if proper != match.group(0):
            edits.append((match.start(), match.end(), proper))
    return edits


def arabic_date(text: str) -> str | None:
    """二〇二四年三月一日 → 2024年3月1日 (a 成文日期 in Chinese numerals); None when not such a date."""
    from edureport.checker.roles import DATE_LINE, cn_to_int

    match = DATE_LINE.match(text)
    if not match or match.group("year").isdigit():
        return None
    year = "".join(str(_CN_DATE_DIGITS.index(c)) for c in match.group("year").replace("零", "〇").replace("○", "〇"))
    month, day = (int(v) if v.isdigit() else cn_to_int(v.replace("〇", "零")) for v in
                  (match.group("month"), match.group("day")))
    if month is None or day is None:
        return None
    return f"{year}年{month}月{day}日"


def leading_space(text: str) -> int:
    match = _LEADING.match(text)
    return match.end() if match else 0


def apply_edits(runs: list[Run], edits: list[Edit]) -> list[Run]:
    """Apply edits given in offsets of the joined text of ``runs``; a replacement takes the
    formatting of the run where its edit starts, every other character keeps its own."""
    if not edits:
        return runs
    owner = [index for index, run in enumerate(runs) for _ in run.text]
    text = "".join(r.text for r in runs)
    chars: list[tuple[str, int]] = []
    position = 0
    for start, end, replacement in sorted(edits):
        if start < position:
            continue  # overlapping edits: the first one wins
        chars += [(c, owner[i]) for i, c in enumerate(text[position:start], position)]
        at = owner[start] if start < len(owner) else (owner[-1] if owner else 0)
        chars += [(c, at) for c in replacement]
        position = end
    chars += [(c, owner[i]) for i, c in enumerate(text[position:], position)]
    out: list[Run] = []
    last = None
    for char, index in chars:
        if index != last:
            source = runs[index]
            out.append(Run("", source.bold, source.italic, source.underline, source.color))
            last = index
        out[-1].text += char
    return out


def edit_text(text: str, edits: list[Edit]) -> str:
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def excerpt(text: str, edits: list[Edit], context: int = 6) -> tuple[str, str]:
    """A short before/after pair around the edits, for the report."""
    first, last = min(e[0] for e in edits), max(e[1] for e in edits)
    left, right = max(first - context, 0), min(last + context, len(text))
    before = text[left:right]
    shifted = [(a - left, b - left, r) for a, b, r in edits if a >= left and b <= right]
    after = edit_text(before, shifted)
    return ("…" if left else "") + before + ("…" if right < len(text) else ""), \
        ("…" if left else "") + after + ("…" if right < len(text) else "")
