"""Issue 18: the validator's fast paths and the lazy Chinese-name records give what the general way gives.

The checker handles the usual clean value (a printable text, a whole number in range …) without
building its place and path; these tests run the same inputs with the fast paths switched off and
demand the same data, problems and warnings (messages, places, paths), and pin the assumptions the
fast paths rest on.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle
import sys
from pathlib import Path

import pytest

from edureport.core import script as scripts
from edureport.core.values import NEEDS_CLEANING, clean_text
from edureport.intake import field_plan
from edureport.intake.validate import check
from edureport.pipeline import Pipeline, build_context
from edureport.sources import read_source, source_from_dict
from edureport.templating.names import Record

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import sample_data  # noqa: E402

PIPELINE = Pipeline()
# values a person (or a program) may put anywhere: each takes the fast path or falls back to the general one
ODD_VALUES = [None, "", [], {}, "  两端有空格  ", "第一行\n第二行", "含\x07控制字符", "制表\t符\r\n", "x\x85y", "\u3000全角空格开头",
              0, -3, 0.956, 3.0, 1e20, float("nan"), float("inf"), 12345678901234567, True, "12所", "１２", "1,234.50",
              dt.date(2024, 3, 1), ["甲", None, {"x": 1}], ["1.加强", "2.落实"], "区财政局、区发改委", ["无"], "35.2", "人。",
              {"k": "v"}, [["嵌套"]], 2201, 1899]


def _without_fast_paths(monkeypatch) -> None:
    monkeypatch.setattr(field_plan, "fast_path", lambda spec: field_plan._general)
    monkeypatch.setattr(field_plan, "_inline", lambda spec: (None, None, None))


def _result(source, template: str) -> tuple:
    spec = PIPELINE.template(template)
    data, errors, warnings = check(source, spec)
    return repr(data), [dataclasses.astuple(p) for p in errors], [dataclasses.astuple(p) for p in warnings]


def _inputs() -> list[tuple[str, object]]:
    """(template, data) pairs: the benchmark's document, and one odd value in each place of it."""
    base = sample_data.work_summary(3)
    cases = [("work-summary", base)]
    for index, odd in enumerate(ODD_VALUES):
        data = copy.deepcopy(base)
        item = data["achievements"][index % 3]
        metric = item["metrics"][index % 2]
        item[("title", "text")[index % 2]] = odd
        metric[("name", "value", "unit", "previous", "target")[index % 5]] = odd
        data[("org", "year", "recipient", "cc", "attachments")[index % 5]] = odd
        cases.append(("work-summary", data))
    return cases


@pytest.mark.parametrize("case", range(len(ODD_VALUES) + 1))
def test_fast_paths_give_what_the_general_checker_gives(case, monkeypatch):
    template, data = _inputs()[case]
    fast = _result(source_from_dict(copy.deepcopy(data)), template)
    _without_fast_paths(monkeypatch)
    assert _result(source_from_dict(copy.deepcopy(data)), template) == fast


@pytest.mark.parametrize("name", ["school-summary.yaml", "district-plan-2024.yaml", "batch-schools.xlsx"])
def test_files_check_the_same_with_and_without_fast_paths(name, monkeypatch):
    source = read_source(ROOT / "examples" / name)
    template = next((value for value, _ in source.declared_templates()), "work-summary")
    try:
        fast = _result(source, template)
    except Exception as exc:  # a batch workbook is refused the same way both times
        fast = repr(exc)
    _without_fast_paths(monkeypatch)
    try:
        slow = _result(read_source(ROOT / "examples" / name), template)
    except Exception as exc:
        slow = repr(exc)
    assert slow == fast


def test_every_character_clean_text_changes_is_unprintable():
    """The text fast path takes a printable text as clean without searching it."""
    changed = [chr(code) for code in range(0x110000) if NEEDS_CLEANING.search(chr(code))]
    assert changed and not any(char.isprintable() for char in changed)
    assert all(clean_text(char)[0] != char for char in changed)


def test_records_keep_their_chinese_names_when_copied_or_pickled():
    spec, validated = PIPELINE.check(sample_data.work_summary(2), "work-summary")
    with scripts.writing("hans"):
        context = build_context(spec, validated.data)
    item = context["主要成绩"][0]
    assert isinstance(item, Record) and item["标题"] == item["title"]
    assert item["指标"][0]["数值"] == validated.data["achievements"][0]["metrics"][0]["value"]
    for twin in (copy.copy(item), copy.deepcopy(item), pickle.loads(pickle.dumps(item))):
        assert twin == item and twin["标题"] == item["title"] and twin._kind == "条目"
    assert context["h"]["主要成绩"] == context["h"]["achievements"] == "主要工作及成效"


def test_plain_and_jinja_headings_come_out_in_the_documents_script():
    spec, validated = PIPELINE.check(sample_data.work_summary(2), "work-summary")
    with scripts.writing("hant"):
        headings = build_context(spec, validated.data)["h"]
    assert headings["achievements"] == "主要工作及成效"  # no character here differs in Traditional
    assert headings["problems"] == "存在的問題和不足"  # a plain heading is converted without Jinja
    assert headings["plans"] == "2025年工作打算"  # "{{ year + 1 }}年工作打算" is rendered
