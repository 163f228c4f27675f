"""The limits module, its documentation, and the defects of issue 13 one by one (in-process, fast)."""
from __future__ import annotations

import re
import time
from pathlib import Path

import hostile_inputs as make
import pytest
from conftest import ROOT, open_docx

from edureport.core import limits
from edureport.core.errors import InputError, TemplateError


def test_docs_list_every_limit_with_its_value():
    documented = dict(re.findall(r"^\| `([A-Z_]+)` \| (\d+)", (ROOT / "docs" / "limits.md").read_text(encoding="utf-8"), re.M))
    defined = {name: getattr(limits, name) for name in dir(limits) if name.isupper() and name not in ("MB", "RATIO_APPLIES_ABOVE")}
    assert documented == {name: str(value) for name, value in defined.items()}


def test_a_limit_is_raised_by_environment(monkeypatch):
    monkeypatch.setenv("EDUREPORT_LIMIT_MAX_ITEM_DEPTH", "9")
    assert limits._setting("MAX_ITEM_DEPTH", 6) == 9
    monkeypatch.setenv("EDUREPORT_LIMIT_MAX_ITEM_DEPTH", "many")
    assert limits._setting("MAX_ITEM_DEPTH", 6) == 6


# -- xlsx ------------------------------------------------------------------------------------------
def test_excel_escapes_are_decoded(tmp_path):
    from edureport.pipeline import prepare

    rendered = prepare(make.escaped_text(tmp_path / "a.xlsx"))
    text = "\n".join(p.text for p in open_docx(rendered.to_docx()).paragraphs)
    assert "_x000D_" not in text and "_x0009_" not in text
    assert "另有分校一所" in text


def test_escape_decoding_keeps_escaped_underscores():
    from edureport.sources.xlsx_cells import decode_escapes

    assert decode_escapes("a_x000D_b") == "a\rb"
    assert decode_escapes("_x005F_x000D_") == "_x000D_"  # Excel writes a literal “_x000D_” this way
    assert decode_escapes("plain_text") == "plain_text"


def test_serial_guess_only_for_eight_digit_dates():
    from edureport.sources.xlsx_tables import OutOfRangeDate

    assert OutOfRangeDate(20241220, "date").guess() == "2024年12月20日"
    assert OutOfRangeDate(20241340, "date").guess() == ""
    assert OutOfRangeDate(-5, "date").guess() == ""


def test_merged_range_is_filled_only_where_data_is(tmp_path):
    from edureport.sources.xlsx_tables import read_tables

    started = time.perf_counter()
    sheet = read_tables(make.merged_range(tmp_path / "a.xlsx")).sheets["主要成绩"]
    assert time.perf_counter() - started < 2
    assert [row.number for row in sheet.rows] == [2] and max(sheet.rows[0].cells) <= 3  # merges fill downward only


# -- nesting ---------------------------------------------------------------------------------------
def test_parent_chain_within_the_limit_still_nests(tmp_path):
    from edureport.intake.validate import validate
    from edureport.sources import read_source
    from edureport.templating.registry import get_registry

    path = make.deep_parent_chain(tmp_path / "a.xlsx", depth=limits.MAX_ITEM_DEPTH + 1)  # top row + 6 levels
    data = validate(read_source(path), get_registry().get("work-summary")).data
    item, depth = data["achievements"][0], 0
    while item.get("items"):
        item, depth = item["items"][0], depth + 1
    assert depth == limits.MAX_ITEM_DEPTH


def test_parent_cycle_is_still_reported(tmp_path):
    from edureport.intake.validate import check
    from edureport.sources import read_source
    from edureport.templating.registry import get_registry

    rows = [("标题", "内容", "上级"), ("甲", "内容。", "乙"), ("乙", "内容。", "甲")]
    path = make.basic_workbook(tmp_path / "a.xlsx", extra={"主要成绩": rows})
    _, errors, _ = check(read_source(path), get_registry().get("work-summary"))
    assert any("循环" in p.message for p in errors)


# -- numbers ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["1" * 41, "12345678901234567", "1234567890.1234567", "1e16"])
def test_numbers_beyond_fifteen_digits_are_refused(typed):
    from edureport.core.values import ValueProblem, parse_number

    with pytest.raises(ValueProblem, match="位数过多"):
        parse_number(typed)


@pytest.mark.parametrize("typed, number", [("123456789012345", 123456789012345), ("0.000001234", 0.000001234),
                                           ("1,260,000", 1260000), ("62.40", 62.4)])
def test_ordinary_numbers_pass(typed, number):
    from edureport.core.values import parse_number

    assert float(parse_number(typed)) == number  # (a Decimal keeps the typed decimals: 62.40)


# -- check -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, per_point, value", [("32", 2, 32), ("32.0", 2, 32), ("16pt", 2, 32), ("28.95pt", 20, 579),
                                                    ("1in", 20, 1440), ("2.54cm", 20, 1440), ("10mm", 1, 72 / 2.54),
                                                    ("1pc", 1, 12), ("big", 2, None), (None, 2, None)])
def test_every_measure_form(text, per_point, value):
    from edureport.checker.measures import measure

    assert measure(text, per_point) == pytest.approx(value) if value is not None else measure(text, per_point) is None


def test_check_reads_decimal_and_unit_measures(tmp_path):
    from edureport.checker import check

    report = check(make.docx_with_measures(tmp_path / "a.docx"))
    assert report.ok, report.format_text()


# -- file names ------------------------------------------------------------------------------------
@pytest.mark.parametrize("title", ["😀" * 200, "长" * 300, "某某学校\u202excod.exe", "\u200b\u2066隐藏\u2069"])
def test_file_names_fit_and_hide_nothing(title):
    from edureport.output import safe_filename

    name = safe_filename(title)
    assert len(name.encode("utf-8")) <= 200 and name.endswith(".docx")
    assert not any(ord(c) in (0x202E, 0x200B, 0x2066, 0x2069) for c in name)


def test_explicit_long_output_name_is_refused(tmp_path):
    from edureport.output import write_atomic

    with pytest.raises(InputError, match="文件名太长"):
        write_atomic(tmp_path / ("长" * 90 + ".docx"), b"x")


# -- templates -------------------------------------------------------------------------------------
def test_text_templates_are_bounded_too():
    from edureport.templating.environment import render_text

    with pytest.raises(TemplateError, match="乘方结果过大"):
        render_text("{{ 9 ** 999999 }}", {})
    with pytest.raises(TemplateError, match="重复后的内容过长"):
        render_text("{{ '字' * 100000000 }}", {})


def test_render_time_is_bounded(monkeypatch):
    from edureport.templating.environment import render_text

    monkeypatch.setattr(limits, "MAX_RENDER_SECONDS", 1)
    started = time.perf_counter()
    with pytest.raises(TemplateError, match="超过 1 秒"):
        render_text("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", {})
    assert time.perf_counter() - started < 3


def test_the_render_deadline_fires_once_so_a_late_alarm_cannot_hide_the_template_line():
    from edureport.templating import sandbox

    with sandbox.render_deadline():
        sandbox._deadline.at = time.monotonic() - 1  # the render ran out of time
        with pytest.raises(sandbox.RenderLimitExceeded):
            sandbox._check_deadline()  # raised in the template's frame (range() or the alarm)
        sandbox._check_deadline()  # a second check while that error unwinds (the alarm) stays quiet


# -- batch -----------------------------------------------------------------------------------------
def test_jobs_are_capped_by_cpus_and_memory(monkeypatch):
    from edureport import workers as pool

    monkeypatch.setattr(pool, "default_workers", lambda: 4)
    monkeypatch.setattr(pool, "_available_memory", lambda: 10 * limits.WORKER_MEMORY_BYTES)
    assert pool.worker_cap(10000) == (4, "本机只有 4 个 CPU 核")
    monkeypatch.setattr(pool, "_available_memory", lambda: 2 * limits.WORKER_MEMORY_BYTES)
    workers, reason = pool.worker_cap(10000)
    assert workers == 2 and "内存" in reason
    assert pool.worker_cap(1) == (1, "")


# -- YAML ------------------------------------------------------------------------------------------
def test_line_separators_do_not_shift_line_numbers():
    from edureport.sources.yaml_source import load_yaml_text

    source = load_yaml_text("单位: 某某\u2028学校\x85分校\n年度: 2024\n", "a.yaml")
    assert source.locations[("年度",)] == "a.yaml:2:5"
    assert source.data["单位"] == "某某\u2028学校\x85分校"


def test_unclosed_quote_is_reported_where_it_opens():
    from edureport.sources.yaml_source import load_yaml_text

    with pytest.raises(InputError, match=r"a\.yaml:2:5：YAML 格式错误：引号没有闭合"):
        load_yaml_text("年度: 2024\n单位: '某某学校\n基本情况: 文字\n其他: 文字\n", "a.yaml")


def test_style_limits_name_the_key(tmp_path):
    from edureport.styles.profile import load_profile

    path = tmp_path / "house.yaml"
    path.write_text((ROOT / "edureport/styles/profiles/gbt9704.yaml").read_text(encoding="utf-8")
                    .replace("align: center, chars_per_line: 20, blank_after: 1", "align: middle"), encoding="utf-8")
    with pytest.raises(InputError, match=r"title\.align的值“middle”无法识别"):
        load_profile(str(path))


def test_guards_refuse_a_folder_as_input(tmp_path):
    from edureport.core.guards import check_regular_file

    with pytest.raises(InputError, match="文件夹"):
        check_regular_file(Path(tmp_path))


def test_templates_cannot_pile_up_memory_in_loops():
    from edureport.templating.environment import render_text

    with pytest.raises(TemplateError, match="namespace 中的“s”过长"):
        render_text("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", {})
    with pytest.raises(TemplateError, match="不允许"):
        render_text("{% set l = [1] %}{% for i in range(100) %}{{ l.append(i) or '' }}{% endfor %}", {})
