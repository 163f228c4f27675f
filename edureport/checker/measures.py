"""Numbers in WordprocessingML attributes, in every form the schema allows.

Word writes ``w:sz="32"`` and ``w:line="560"``, but the schema also allows a
decimal (``32.0``) and universal measures with a unit (``28.95pt``, ``1.5cm``,
``0.5in``); other programs write those. An attribute that is none of these
counts as not set, never as a crash.
"""
from __future__ import annotations

import re

_UNIVERSAL = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?|[-+]?\.\d+)\s*(mm|cm|in|pt|pc|pi)?\s*$")
_POINTS_PER = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, "pc": 12.0, "pi": 12.0}


def measure(text: str | None, units_per_point: float) -> float | None:
    """The value of a measure attribute in its own unit (twips: 20 per point; half-points: 2 per point).

    A bare number is already in that unit; ``28.95pt`` and ``1cm`` are converted.
    """
    if text is None:
        return None
    match = _UNIVERSAL.match(text)
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2)
    return number * _POINTS_PER[unit] * units_per_point if unit else number


def whole(text: str | None) -> int | None:
    """An ST_DecimalNumber (``3``, also ``3.0``); None when absent or not a number."""
    value = measure(text, 1.0) if text is not None and not text.strip().endswith(tuple(_POINTS_PER)) else None
    return int(value) if value is not None else None


TWIPS, HALF_POINTS = 20.0, 2.0
