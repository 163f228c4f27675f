"""The script of a document: Simplified (hans) or Traditional (hant) Chinese characters.

A document's script is chosen once (``--script``, ``script:``/``字形:`` in the
data, or detected from the data's own text) and then every word edureport
*generates* -- template text, default headings, the number language
(较上年增长 → 較上年增長, 万 → 萬, 个百分点 → 個百分點), labels (印发 → 印發) --
is written in it. The user's own text is never converted: a clerk's words are
printed as typed. Conversion is OpenCC's (phrase-aware, with Taiwan and Hong
Kong variants); :func:`word` converts under the script set by :func:`writing`.
"""
from __future__ import annotations

import contextvars
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

HANS, HANT = "hans", "hant"
# Traditional variants (a profile's ``script_variant``): OpenCC configurations
VARIANTS = {"": "s2t", "t": "s2t", "tw": "s2tw", "twp": "s2twp", "hk": "s2hk"}
VARIANT_NAMES = {"t": "通用繁体（OpenCC 标准）", "tw": "台湾字形", "twp": "台湾字形和用词", "hk": "香港字形"}
_NAMES = {
    HANS: {"hans", "zh-hans", "simplified", "s", "简", "简体", "简体字", "簡", "簡體", "簡體字"},
    HANT: {"hant", "zh-hant", "traditional", "t", "繁", "繁体", "繁体字", "繁體", "繁體字", "正体", "正體"},
}
# Detection: a text is Traditional when enough of its Chinese characters exist only in
# Traditional writing (後, 總, 區 …) and they clearly outnumber Simplified-only ones.
TRADITIONAL_SHARE = 0.05
SAMPLE = 3000  # characters looked at
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_RUNS = re.compile(r"[\u4e00-\u9fff]+")

_current: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar("script", default=(HANS, ""))


@lru_cache(maxsize=8)
def _converter(config: str):
    import opencc  # loaded only when a document needs converting

    return opencc.OpenCC(config)


def parse_script(value: Any) -> str:
    """``hant``/``hans`` from what people write: 繁体, 簡體, traditional, zh-Hant …; ValueError otherwise."""
    text = str(value or "").strip().lower()
    for script, names in _NAMES.items():
        if text in names:
            return script
    raise ValueError(f"“{value}”不是字形")


def convert(text: str, script: str, variant: str = "") -> str:
    """``text`` (written in Simplified) in ``script``; Simplified text is returned as is."""
    if script != HANT or not text or not _HAN.search(text):
        return text
    return _cached(text, VARIANTS.get(variant, "s2t"))


@lru_cache(maxsize=4096)
def _cached(text: str, config: str) -> str:
    return _converter(config).convert(text)


def word(text: str) -> str:
    """Generated wording (a phrase edureport writes, never user data) in the current script."""
    script, variant = _current.get()
    return convert(text, script, variant) if script == HANT else text


def current() -> tuple[str, str]:
    """(script, variant) that :func:`word` writes in now."""
    return _current.get()


@contextmanager
def writing(script: str, variant: str = "") -> Iterator[None]:
    """Within this block, :func:`word` writes ``script`` (and its ``variant``)."""
    token = _current.set((script or HANS, variant or ""))
    try:
        yield
    finally:
        _current.reset(token)


def simplified(text: str) -> str:
    """``text`` in Simplified characters (to match names typed in Traditional: 單位 → 单位)."""
    if not text or not _HAN.search(text):
        return text
    return _cached_t2s(text)


@lru_cache(maxsize=4096)
def _cached_t2s(text: str) -> str:
    return _converter("t2s").convert(text)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _sample(texts: Iterable[str]) -> str:
    """The first ``SAMPLE`` Chinese characters of ``texts``: enough to tell, and a long document is not read whole."""
    found, count = [], 0
    for text in texts:
        for run in _HAN_RUNS.findall(text):
            found.append(run)
            count += len(run)
        if count >= SAMPLE:
            break
    return "".join(found)[:SAMPLE]


def traditional_share(texts: Iterable[str]) -> tuple[float, int, int]:
    """(share of Traditional-only characters among Chinese ones, Traditional-only count, Simplified-only count)."""
    han = _sample(texts)
    if not han:
        return 0.0, 0, 0
    as_simplified = _converter("t2s").convert(han)
    as_traditional = _converter("s2t").convert(han)
    if len(as_simplified) != len(han) or len(as_traditional) != len(han):  # never seen; count per character
        as_simplified = "".join(_converter("t2s").convert(ch) for ch in han)
        as_traditional = "".join(_converter("s2t").convert(ch) for ch in han)
    traditional_only = sum(a != b for a, b in zip(han, as_simplified))
    simplified_only = sum(a != b and a == c for a, b, c in zip(han, as_traditional, as_simplified))
    return traditional_only / len(han), traditional_only, simplified_only


MIN_CHARACTERS = 20  # fewer Chinese characters than this say nothing about a script


def detect(data: Any, default: str = HANS) -> str:
    """``hant`` when the data's text is written in Traditional characters, ``hans`` when in Simplified,
    ``default`` when there is too little Chinese text to tell."""
    han = _sample(_strings(data))
    if len(han) < MIN_CHARACTERS:
        return default
    if _converter("t2s").convert(han) == han:  # not one Traditional-only character: no need to count
        return HANS
    share, traditional_only, simplified_only = traditional_share([han])
    return HANT if share >= TRADITIONAL_SHARE and traditional_only > 2 * simplified_only else HANS
