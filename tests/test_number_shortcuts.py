"""The number language's shortcuts (issue 18) say exactly what the general path says.

``amount`` prints a small integer without Decimal arithmetic, ``_unit_scale`` reads
the scale word without converting the unit to Simplified, ``percent`` of a figure
as typed skips rounding, and a metric sentence reads its value once
(``figure_phrases``). Each is checked against the general rule it replaces.
"""
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edureport.core import script as scripts
from edureport.core.numbers import (
    _SCALES,
    _unit_scale,
    amount,
    change,
    completion,
    figure_phrases,
    percent,
    typed_places,
)
from edureport.core.script import simplified


def _scale_by_conversion(unit: str) -> tuple[Decimal, str]:
    """The rule before the shortcut: convert the unit's start to Simplified and compare."""
    for scale_word, factor in _SCALES:
        if simplified(unit[:len(scale_word)]) == scale_word:
            return factor, unit[len(scale_word):]
    return Decimal(1), unit


def test_unit_scale_agrees_with_converting_the_unit_for_every_chinese_first_character():
    firsts = [chr(c) for c in range(0x4E00, 0xA000)] + list("㐀㑇")
    for first in firsts:
        assert _unit_scale(first + "元") == _scale_by_conversion(first + "元"), first
    for first in "万萬亿億":
        for second in "亿億元人万萬":
            unit = first + second + "元"
            assert _unit_scale(unit) == _scale_by_conversion(unit), unit


@pytest.mark.parametrize("script,expected", [(scripts.HANS, ["427万元", "-9999万元", "1亿元", "9999亿人", "5所"]),
                                             (scripts.HANT, ["427萬元", "-9999萬元", "1億元", "9999億人", "5所"])])
def test_small_integers_keep_the_unit_s_scale_written_in_the_document_s_script(script, expected):
    with scripts.writing(script):
        assert [amount(427, "万元"), amount(-9999, "萬元"), amount(10000, "万元"), amount(9999, "亿人"),
                amount(5, " 所 ")] == expected


def test_typed_places_and_percent_as_typed():
    assert [typed_places(v) for v in ("62.40", "1E+3", "1E-7", 1e-7, 85, 98.0, "-0.0")] == [2, 0, 7, 7, 0, 0, 1]
    assert [percent(v) for v in ("95.20", "-0.0", 1e-7, "1E+3", 62.4, 95)] == \
        ["95.20%", "0.0%", "0.0000001%", "1000%", "62.4%", "95%"]


def test_a_huge_change_keeps_every_digit_of_its_rounded_rate():
    assert change(123456789012345678, 1.5e-10) == "较上年增长82304526008230451999999999870.0%"


figures = st.one_of(st.none(), st.just(""), st.integers(-20000, 20000), st.integers(-10**14, 10**14),
                    st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 2)),
                    st.sampled_from(["62.40", "-0.0", "abc", "1,234.5", "0", 0.0, True]))
units = st.sampled_from(["", "所", "元", "万元", "萬元", "亿人次", "%", "％", "百分比", " 万元 "])
labels = st.sampled_from([None, "较2023年", "计划目标"])


def _outcome(function, *args):
    try:
        return function(*args)
    except ValueError as error:
        return f"ValueError: {error}"


@settings(max_examples=400, deadline=None)
@given(figures, figures, figures, units, labels, labels)
def test_figure_phrases_are_amount_change_and_completion(value, previous, target, unit, previous_label, target_label):
    together = _outcome(figure_phrases, value, previous, target, unit, previous_label, target_label)
    if isinstance(together, str):  # an error: the first of the three calls reports the same one
        separately = [_outcome(amount, value, unit), _outcome(change, value, previous, unit, previous_label),
                      _outcome(completion, value, target, target_label, unit)]
        assert together == next(s for s in separately if s.startswith("ValueError"))
    else:
        assert together == (amount(value, unit), change(value, previous, unit, previous_label),
                            completion(value, target, target_label, unit))
