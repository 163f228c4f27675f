"""Layout arithmetic in character units, shared by writers: column widths,
signature offsets (title lines: core/titles.py). A full-width (Chinese) character is 1, a
half-width (ASCII) one 0.5."""
from __future__ import annotations

import math
import re
import unicodedata

_NUMERIC_CELL = re.compile(r"^[-+]?[\d,.]+\s*(%|％|万|亿|万元|亿元|元|个|所|人|人次|项|次|名|班|间|台|套|册|平方米|亩)?$")
_FIGURE_CELL = re.compile(r"^[-+]?[\d.,]+\s*[^\d\s]{0,4}$")  # 126万元, +4.3个百分点, 85.0%
_DATE_CELL = re.compile(r"^\d{4}年\d{1,2}月(\d{1,2}日)?$")
_NO_LINE_START = set("，。、；：？！）》」』”’%％")
_NO_LINE_END = set("（《「『“‘")


def char_width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") and not ch.isascii() else 0.5


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text)


def is_numeric_cell(text: str) -> bool:
    return bool(_NUMERIC_CELL.match(text.strip())) if text.strip() else False


# Advance widths (in ems) of half-width characters in Times New Roman, the Latin font of every role.
_LATIN_WIDTHS = {".": 0.25, ",": 0.25, ":": 0.28, ";": 0.28, "%": 0.83, "+": 0.56, "-": 0.33, " ": 0.25,
                 "(": 0.33, ")": 0.33, "/": 0.28, "~": 0.54, "I": 0.33, "i": 0.28, "l": 0.28, "j": 0.28,
                 "t": 0.28, "f": 0.33, "r": 0.33, "m": 0.78, "w": 0.72, "M": 0.89, "W": 0.94}
_AUTOSPACE = 0.25  # Word and LibreOffice put a quarter em between Chinese and Latin/digits


def _is_wide(ch: str) -> bool:
    return char_width(ch) == 1.0


def _latin_alnum(pair: str) -> bool:
    return any(c.isascii() and c.isalnum() for c in pair)


def measure(text: str) -> float:
    """Printed width of one line in ems: Chinese 1, Latin by its Times New Roman width,
    plus the automatic quarter-em gap wherever Chinese meets Latin letters or digits."""
    width, previous, previous_wide = 0.0, "", False
    for ch in text:
        wide = _is_wide(ch)
        if wide:
            width += 1.0
        else:
            width += _LATIN_WIDTHS.get(ch, 0.72 if ch.isupper() else 0.5)
        if previous and previous_wide != wide and _latin_alnum(previous + ch):
            width += _AUTOSPACE
        previous, previous_wide = ch, wide
    return width


def _lines(text: str) -> list[str]:
    return text.split("\x0b") or [""]


def _unbreakable(text: str, short: float) -> float:
    """Width that must not wrap: a figure or date up to ``short`` ems whole (126万元,
    2026年12月), else the longest Latin/digit run."""
    widths = []
    for line in _lines(text):
        if measure(line) <= short and (_FIGURE_CELL.match(line) or _DATE_CELL.match(line)):
            widths.append(measure(line))
        else:
            widths.append(max([measure(run) for run in re.findall(r"[\x21-\x7e]+", line)] + [0.0]))
    return max(widths)


def _line_count(line_widths: list[float], width: float) -> int:
    """Lines a cell takes at ``width`` ems (Chinese text wraps at any character)."""
    return sum(max(1, math.ceil(w / width - 1e-6)) for w in line_widths)


def _cost(counts: list[list[int]], cell_weight: float) -> float:
    """Table height in lines, plus a little for every wrapped line in any cell (so
    columns that do not set a row's height still avoid needless wrapping)."""
    return sum(max(row) + cell_weight * sum(row) for row in counts)


def _grow(widths: list[float], cells: list[list[list[float]]], spare: float, step: float,
          cell_weight: float = 0.2) -> float:
    """Give ``spare`` ems, ``step`` at a time, to the column whose widening lowers the
    table's cost the most per em; stop when no widening helps. Returns what is left."""
    counts = [[_line_count(cell, widths[col]) for col, cell in enumerate(row)] for row in cells]
    known: dict[tuple[int, float], list[int]] = {}  # (column, width) → its line counts; most trials repeat

    def column_at(col: int, width: float) -> list[int]:
        if (col, width) not in known:
            known[col, width] = [_line_count(row[col], width) for row in cells]
        return known[col, width]

    while spare >= step:
        before = _cost(counts, cell_weight)
        best = None  # (saving per em, column, extra ems, new line counts of that column)
        for col in range(len(widths)):
            current = [row[col] for row in counts]
            if all(n == len(row[col]) for n, row in zip(current, cells)):
                continue  # every cell of this column is already on its fewest lines
            k = 1
            while k * step <= spare:
                column = column_at(col, widths[col] + k * step)
                if column != current:  # the same line counts save nothing
                    trial = [r[:col] + [n] + r[col + 1:] for r, n in zip(counts, column)]
                    saving = before - _cost(trial, cell_weight)
                    if saving > 1e-9:
                        if best is None or saving / (k * step) > best[0]:
                            best = (saving / (k * step), col, k * step, column)
                        break
                k += 1
        if best is None:
            break
        _, col, extra, column = best
        widths[col] += extra
        spare -= extra
        for row, n in zip(counts, column):
            row[col] = n
    return spare


def column_widths(header: list[str], rows: list[list[str]], total: int, *, char_twips: int = 280,
                  padding_twips: int = 170, short: float = 6.0, header_short: float = 3.0,
                  text_min: float = 4.0, phrase: float = 12.0, slack: float = 0.25, step: float = 0.5) -> list[int]:
    """Column widths (twips) adding up to ``total`` (the text block width).

    Every column first gets room for what must not wrap: figures and dates up
    to ``short`` ems, headers up to ``header_short`` ems (longer ones wrap into
    two balanced lines), text up to ``text_min`` + 1 ems on one line, phrases up
    to ``phrase`` ems (重点任务, 牵头单位) in at most two lines, longer text
    ``text_min`` (it wraps: a 具体措施 column). The rest goes where it saves the most lines: a column is
    widened while that makes the table shorter, so a 具体措施 column full of
    long text takes most of the width and short columns stay on one line.
    Width left over after that goes first to columns that still wrap, then to
    all columns in proportion to their widths.
    ``slack`` ems per column absorb font differences between Word and LibreOffice.
    """
    columns = len(header) or max((len(r) for r in rows), default=1)
    table = ([header] if header else []) + [list(r) for r in rows]
    cells = [[[measure(line) for line in _lines(row[col] if col < len(row) else "")] for col in range(columns)]
             for row in table]
    needs = []
    for col in range(columns):
        head = header[col] if col < len(header) else ""
        # a longer header may wrap into two balanced lines: 牵头/单位
        head_need = measure(head) if measure(head) <= header_short else math.ceil(measure(head) / 2)
        body = [r[col] if col < len(r) else "" for r in rows]
        body_lines = [w for row in cells[1 if header else 0:] for w in row[col]]
        longest = max(body_lines, default=0.0)
        # a phrase column (重点任务, 牵头单位) wraps into two balanced lines at most; a short one not at all
        if longest <= text_min + 1:
            text_need = longest
        elif longest <= phrase:
            text_need = math.ceil(longest / 2 * 2) / 2 + 0.5
        else:
            text_need = text_min
        needs.append(max([_unbreakable(c, short) for c in body] + [head_need, text_need, 1.0]))
    per_column = slack + padding_twips / char_twips
    room = total / char_twips - columns * per_column
    if sum(needs) >= room:
        ems = [n * room / sum(needs) for n in needs]
    else:
        ems = list(needs)
        spare = _grow(ems, cells, room - sum(needs), step)
        longest = [max((w for row in cells for w in row[col]), default=0.0) for col in range(columns)]
        short_of = [max(want - w, 0.0) for want, w in zip(longest, ems)]
        if sum(short_of) > 0:  # first to columns that still wrap, up to what they hold
            share = min(1.0, spare / sum(short_of))
            ems = [w + d * share for w, d in zip(ems, short_of)]
            spare -= sum(short_of) * share
        ems = [w + spare * w / sum(ems) for w in ems]
    widths = [int((w + per_column) * char_twips) for w in ems]
    widest = widths.index(max(widths))
    widths[widest] += total - sum(widths)
    return widths


def signature_offsets(org: str, date: str, *, margin: float = 2, date_shift: float = 2) -> tuple[float, float]:
    """Right indents (characters) for the signature and the date below it.

    GB/T 9704 7.3.5.2: the organisation ends ``margin`` characters from the
    right; the date starts ``date_shift`` characters right of the
    organisation's start. When the date is the longer, the date keeps the
    right margin and the organisation moves left.
    """
    org_w, date_w = text_width(org), text_width(date)
    date_right = margin + org_w - date_shift - date_w
    if date_right < margin:
        date_right = margin
        org_right = margin + date_w + date_shift - org_w
        return org_right, date_right
    return margin, date_right
