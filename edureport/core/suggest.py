"""Did-you-mean hints: one matcher and one wording for every “您是不是要…” in edureport."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

# Similarity (0…1) a choice needs to be offered. Chinese names are short: two-character names that
# share one character (年度/年份) score 0.5, so a stricter cutoff would miss the typical slip.
CUTOFF = 0.5
WRITE = "写"  # the user typed a value or a header in their data
USE = "用"  # the user picked a name: a template, style, option, command, variable or filter


def closest(word: str, choices: Iterable[str], *, cutoff: float = CUTOFF) -> str | None:
    """The choice most like ``word``, or None when none is close enough."""
    names = sorted({str(c) for c in choices if c})
    matches = difflib.get_close_matches(word, names, n=1, cutoff=cutoff)
    if matches:
        return matches[0]
    return {n.lower(): n for n in names}.get(word.lower())  # ORG for org


def suggest(word: str, choices: Iterable[str], *, verb: str = USE, cutoff: float = CUTOFF) -> str:
    """“您是不是要用“render”？”, or "" when nothing is close."""
    match = closest(word, choices, cutoff=cutoff)
    return f"您是不是要{verb}“{match}”？" if match else ""
