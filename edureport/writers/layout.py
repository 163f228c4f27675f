"""Layout arithmetic in character units, shared by writers: title lines,
column widths, signature offsets. A full-width (Chinese) character is 1, a
half-width (ASCII) one 0.5."""
from __future__ import annotations

import math
import re
import unicodedata

_NUMERIC_CELL = re.compile(r"^[-+]?[\d,.]+\s*(%|％|万|亿|万元|亿元|元|个|所|人|人次|项|次|名|班|间|台|套|册|平方米|亩)?$")
_NO_LINE_START = set("，。、；：？！）》」』”’%％")
_NO_LINE_END = set("（《「『“‘")


def char_width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") and not ch.isascii() else 0.5


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text)


def balance_title(text: str, max_chars: float) -> list[str]:
    """Break a long title into lines of nearly equal width (GB/T 9704: 排列对称).

    Never breaks inside a run of Latin letters or digits, before closing
    punctuation or after opening punctuation.
    """
    total = text_width(text)
    if total <= max_chars:
        return [text]
    count = math.ceil(total / max_chars)
    target = total / count
    lines, current, width = [], "", 0.0
    for index, ch in enumerate(text):
        nxt = text[index + 1] if index + 1 < len(text) else ""
        current += ch
        width += char_width(ch)
        remaining = count - len(lines) - 1
        if remaining <= 0 or not nxt:
            continue
        ok_break = not (ch.isascii() and ch.isalnum() and nxt.isascii() and nxt.isalnum()) \
            and nxt not in _NO_LINE_START and ch not in _NO_LINE_END
        if ok_break and (width >= target - 0.25 or width + char_width(nxt) > max_chars):
            lines.append(current)
            current, width = "", 0.0
    if current:
        lines.append(current)
    return lines


def is_numeric_cell(text: str) -> bool:
    return bool(_NUMERIC_CELL.match(text.strip())) if text.strip() else False


def _unbreakable(text: str) -> float:
    """Width of the longest piece that must not wrap: short cells whole, else Latin/digit runs."""
    if text_width(text) <= 6:
        return text_width(text)
    return max((text_width(run) for run in re.findall(r"[\x21-\x7e]+", text)), default=1.0)


def column_widths(header: list[str], rows: list[list[str]], total: int, *, char_twips: int = 280,
                  padding_twips: int = 170, cap: float = 20.0) -> list[int]:
    """Column widths (twips) adding up to ``total``: every column first gets room
    for what must not wrap (numbers, short cells, headers of up to 5 characters),
    the rest goes to columns with long text, in proportion to what they hold."""
    columns = len(header) or max((len(r) for r in rows), default=1)
    needs, wants = [], []
    for col in range(columns):
        head = header[col] if col < len(header) else ""
        cells = [r[col] if col < len(r) else "" for r in rows]
        need = max([_unbreakable(c) for c in cells] + [text_width(head) if text_width(head) <= 5 else 2.0, 1.0])
        want = min(max([text_width(c) for c in cells] + [text_width(head), need]), cap)
        needs.append(need * char_twips + padding_twips)
        wants.append(want * char_twips + padding_twips)
    if sum(needs) >= total:
        widths = [int(n * total / sum(needs)) for n in needs]
    else:
        spare = total - sum(needs)
        extra = [w - n for w, n in zip(wants, needs)]
        if sum(extra) <= spare:  # everything fits on one line: share the rest evenly by want
            widths = [int(w * total / sum(wants)) for w in wants]
        else:
            widths = [int(n + e * spare / sum(extra)) for n, e in zip(needs, extra)]
    widths[-1] += total - sum(widths)
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
