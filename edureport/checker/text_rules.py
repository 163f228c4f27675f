"""Rules on the words: heading numbers in sequence, 成文日期, full-width
punctuation in Chinese text, and 个百分点 for a change in a rate."""
from __future__ import annotations

import re

from edureport.checker.report import ERROR, WARNING, finding, snippet
from edureport.checker.roles import DATE_LINE, Classified, cn_to_int
from edureport.core.errors import Problem
from edureport.styles.profile import Profile
from edureport.templating.filters import cn_number

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_TEXT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]")
_HALF_PUNCT = re.compile(r"[,;:?!()]")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_PADDED_DATE = re.compile(r"\d{4}年0\d月|\d{4}年\d{1,2}月0\d日|\d{1,2}月0\d日")
_RATE_CHANGE = re.compile(r"(?P<rate>率|比重|比例|占比)(?P<gap>[^，。；、,;！？\n]{0,12}?)"
                          r"(?P<verb>提高|提升|上升|增长|增加|下降|降低|减少|回落|下滑)了?\s*"
                          r"(?P<num>\d+(?:\.\d+)?)\s*(?P<pct>[%％])")
_TEXT_ROLES = {"body", "center", "title", "subtitle", "recipient", "heading1", "heading2", "heading3", "heading4",
               "signature", "attachment_note", "attachment_title", "table", "table_header", "imprint"}
_CONTEXT = 8


def _excerpt(text: str, start: int, end: int) -> str:
    left = max(start - _CONTEXT, 0)
    right = min(end + _CONTEXT, len(text))
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def check_numbering(items: list[Classified], profile: Profile) -> list[Problem]:
    """一、二、… without gaps; （一） restarts under each 一、; each level in its own form."""
    schemes = profile.numbering
    counters = [0] * len(schemes)
    findings = []
    for item in items:
        if item.restart:
            counters = [0] * len(schemes)
            continue
        number = item.number
        if number is None or item.paragraph.table is not None:
            continue
        p, level = item.paragraph, min(number.level, len(schemes))
        where = dict(location=p.location, paragraph=p.number, snippet=snippet(p.text))
        written = re.sub(r"\s+", "", number.prefix)
        proper = schemes[level - 1].format(n=number.value, cn=cn_number(number.value))
        if written != proper:
            findings.append(finding("numbering", ERROR, f"第{cn_number(level)}层标题序号格式不对",
                                    expected=f"“{proper}”", found=f"“{written}”", **where))
        expected = counters[level - 1] + 1
        if number.value != expected:
            wanted = schemes[level - 1].format(n=expected, cn=cn_number(expected))
            what = "不连续" if number.value > expected else "重复或倒序"
            findings.append(finding("numbering", ERROR, f"第{cn_number(level)}层标题序号{what}",
                                    expected=f"“{wanted}”", found=f"“{written}”", **where))
        if level == 2 and counters[0] == 0 and not any(counters[1:]):
            findings.append(finding("numbering", WARNING, "“（一）”层标题前没有“一、”层标题",
                                    expected="先有“一、”", found=f"“{written}”", **where))
        counters[level - 1] = number.value
        for deeper in range(level, len(counters)):
            counters[deeper] = 0
    return findings


def _arabic(part: str) -> int | None:
    """"03" → 3, "二〇二四" → 2024 (digit by digit), "十二" → 12."""
    if part.isdigit():
        return int(part)
    digits = "〇一二三四五六七八九"
    normalised = part.replace("零", "〇").replace("○", "〇")
    if len(normalised) == 4 and all(ch in digits for ch in normalised):
        return int("".join(str(digits.index(ch)) for ch in normalised))
    return cn_to_int(normalised)


def check_dates(items: list[Classified]) -> list[Problem]:
    """成文日期 as 2024年3月1日: Arabic numerals, full year, no zero padding (GB/T 9704 7.3.5)."""
    findings = []
    for item in items:
        p = item.paragraph
        text = p.text.strip()
        where = dict(location=p.location, paragraph=p.number, snippet=snippet(p.text))
        if item.role == "date" or (item.role == "imprint" and text.endswith("印发")):
            candidate = re.search(r"\S+年\S+?月\S+?日", text.rsplit("\t", 1)[-1].replace(" ", ""))
            if not candidate:
                continue
            written = candidate.group(0)
            match = DATE_LINE.match(written)
            if not match:
                continue
            year, month, day = (_arabic(match.group(k)) for k in ("year", "month", "day"))
            proper = f"{year}年{month}月{day}日" if None not in (year, month, day) else ""
            if written != proper:
                role = "成文日期" if item.role == "date" else "印发日期"
                reason = "应使用阿拉伯数字" if not match.group("year").isdigit() else "不应补零或加空格"
                findings.append(finding("date", ERROR, f"{role}{reason}", expected=proper or "如2024年3月1日",
                                        found=written, **where))
        elif item.role in _TEXT_ROLES:
            for match in _PADDED_DATE.finditer(p.text):
                findings.append(finding("date", WARNING, "日期中的月、日不应补零", expected="如2024年3月1日",
                                        found=match.group(0), location=p.location, paragraph=p.number,
                                        snippet=_excerpt(p.text, match.start(), match.end())))
                break
    return findings


def _cjk_neighbours(text: str, index: int) -> tuple[bool, bool]:
    before = text[:index].rstrip(" ")
    after = text[index + 1:].lstrip(" ")
    return bool(before and _CJK_TEXT.match(before[-1])), bool(after and _CJK_TEXT.match(after[0]))


def half_width_marks(text: str, skip: int = 0) -> list[re.Match]:
    """Half-width , ; : ? ! ( ) that belong to Chinese text (not to numbers, URLs or English),
    from offset ``skip`` on."""
    hits = []
    for match in _HALF_PUNCT.finditer(text, skip):
        before, after = _cjk_neighbours(text, match.start())
        mark = match.group(0)
        closes = before and mark in ",;:?!" and not text[match.end():].strip()  # “区教育局:”, “如下:”
        if (before and after) or closes or (mark == "(" and after) or (mark == ")" and before) or \
                (mark in "()" and (before or after) and _HAN.search(_paren_content(text, match.start()))):
            hits.append(match)
    return hits


def check_punctuation(items: list[Classified]) -> list[Problem]:
    """Half-width , ; : ? ! ( ) between Chinese characters should be full-width (GB/T 15834)."""
    findings = []
    for item in items:
        p = item.paragraph
        if item.role not in _TEXT_ROLES or not _HAN.search(p.text):
            continue
        typed = item.number and not p.label  # an automatic list number is not part of the text
        skip = len(item.number.prefix) + (len(p.text) - len(p.text.lstrip())) if typed else 0
        hits = half_width_marks(p.text, skip)
        if hits:
            marks = "、".join(dict.fromkeys(f"“{m.group(0)}”" for m in hits))
            proper = "、".join(dict.fromkeys(f"“{_FULL[m.group(0)]}”" for m in hits))
            first = hits[0]
            findings.append(finding("punctuation", ERROR, f"中文中使用了半角标点（{len(hits)}处）",
                                    location=p.location, paragraph=p.number,
                                    snippet=_excerpt(p.text, first.start(), first.end()),
                                    expected=f"全角{proper}", found=f"半角{marks}"))
    return findings


def _paren_content(text: str, index: int) -> str:
    if text[index] == "(":
        end = text.find(")", index)
        return text[index + 1:end] if end > 0 else ""
    start = text.rfind("(", 0, index)
    return text[start + 1:index] if start >= 0 else ""


def check_percent_points(items: list[Classified]) -> list[Problem]:
    """A change in a rate is counted in 个百分点, not "%" (practice; GB/T 15835 usage)."""
    findings = []
    for item in items:
        p = item.paragraph
        if item.role not in _TEXT_ROLES:
            continue
        for match in _RATE_CHANGE.finditer(p.text):
            if re.search(r"\d\s*[%％]", match.group("gap")) or "到" in match.group("gap") or "至" in match.group("gap"):
                continue
            written = match.group(0)[len(match.group("rate")) + len(match.group("gap")):]
            proper = written[: -len(match.group("pct"))].rstrip() + "个百分点"
            findings.append(finding("percent", WARNING, "比率的增减应使用“个百分点”", expected=f"“{proper}”",
                                    found=f"“{written}”", location=p.location, paragraph=p.number,
                                    snippet=_excerpt(p.text, match.start(), match.end())))
    return findings
