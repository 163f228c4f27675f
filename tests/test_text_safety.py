"""Any text a user can type (or paste) ends up in a valid .docx, unchanged.

Hypothesis feeds arbitrary Unicode into every text field; the document must
open in python-docx and show the same text, minus the control characters XML
forbids (which are removed with a warning naming the field). What the document
should show is worked out here from the XML specification (``allowed``), not
with the cleaning functions under test.
"""
from __future__ import annotations

import io
import re

import pytest
from conftest import boxed_tables
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edureport.pipeline import prepare

# Every code point except surrogates (which cannot be encoded in a file at all).
any_char = st.characters(blacklist_categories=("Cs",))
any_text = st.text(any_char, min_size=1, max_size=40)
# Text that is sure to survive as something visible after trimming.
visible_text = st.builds(lambda a, b: f"{a}字{b}", any_text, any_text)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def document_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables + boxed_tables(document):
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def allowed(char: str) -> bool:
    """The oracle, written from the specs and not from the code: XML 1.0 ``Char`` (tab, line feed,
    carriage return, U+0020–U+D7FF, U+E000–U+FFFD, above U+FFFF), minus the C1 controls and DEL
    the data contract says are dropped as garbage; NEL (U+0085) is a line break."""
    point = ord(char)
    if char in "\t\n\r\x85":
        return True
    if point < 0x20 or 0x7F <= point <= 0x9F:
        return False
    return not (0xD800 <= point <= 0xDFFF or point in (0xFFFE, 0xFFFF))


def kept(text: str) -> str:
    return "".join(char for char in text if allowed(char))


def shown(text: str) -> str:
    """What a text field should look like in the document, white space aside (see squash)."""
    return kept(text)


def shown_paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split("\r\n|\r|\n|\x85", kept(text)) if p.strip()]


def squash(text: str) -> str:
    """Compare without white space: long titles are broken into balanced lines, and
    runs of spaces look alike in Word."""
    return re.sub(r"\s+", "", text)


def assert_shows(document: str, expected: str, field: str) -> None:
    expected = squash(expected)
    if expected:
        assert expected in squash(document), f"{field}: {expected!r} missing"


@SETTINGS
@given(title=visible_text, subtitle=visible_text, org=visible_text, recipient=visible_text,
       signature=visible_text, intro=visible_text, item_title=visible_text, item_text=visible_text,
       point=visible_text, metric_name=visible_text, unit=visible_text, attachment=visible_text,
       cc=visible_text, printer=visible_text)
def test_any_text_in_every_field_reaches_the_document(title, subtitle, org, recipient, signature, intro, item_title,
                                                      item_text, point, metric_name, unit, attachment, cc, printer):
    data = {
        "单位": org, "年度": 2024, "标题": title, "副标题": subtitle, "主送机关": recipient, "署名": signature,
        "基本情况": intro,
        "主要成绩": [{"标题": item_title, "内容": item_text, "要点": [point, "第二点"]}],
        "指标": [{"指标名称": metric_name, "数值": 12, "计量单位": unit}],
        "附件": [attachment], "抄送": [cc], "印发机关": printer,
    }
    rendered = prepare(data, "工作总结")
    text = document_text(rendered.to_docx())  # opens: the package and its XML are valid
    for field, value in [("标题", title), ("副标题", subtitle), ("主送机关", recipient), ("署名", signature),
                         ("条目标题", item_title), ("指标名称", metric_name), ("计量单位", unit),
                         ("附件", attachment), ("抄送", cc), ("印发机关", printer)]:
        assert_shows(text, shown(value), field)
    for paragraph in shown_paragraphs(intro) + shown_paragraphs(item_text):
        assert_shows(text, paragraph, "段落")
    # The points sentence: 一是<point without its end punctuation>；二是第二点。 — all of the point up to
    # its first 字 (a Han character, never trimmed) must follow 一是.
    assert_shows(text, "一是" + shown(point[:point.index("字") + 1]), "要点")
    assert_shows(text, "；二是第二点。", "要点")
    removed = any(not allowed(char) for v in data.values() if isinstance(v, str) for char in v)
    if removed:
        assert rendered.warnings, "removed control characters must be reported"


@SETTINGS
@given(text=st.text(st.sampled_from("<>&\"'*_`#|[]()!\\{}:-.~=$%@^+ \n\t\x0b\x0c\x00\x1f\x7f字a1"),
                    min_size=1, max_size=60))
def test_markup_and_xml_specials_render_literally(text):
    data = {"单位": "某某学校", "年度": 2024, "主要成绩": [{"标题": "条目" + text, "内容": "内容" + text}]}
    rendered = prepare(data, "工作总结")
    document = document_text(rendered.to_docx())
    assert_shows(document, shown("条目" + text), "标题")
    for paragraph in shown_paragraphs("内容" + text):
        assert_shows(document, paragraph, "内容")


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x9f", "\ufffe", "\uffff"])
def test_forbidden_character_is_removed_with_a_warning_naming_the_field(char):
    data = {"单位": "某某学校", "年度": 2024, "主要成绩": [{"标题": f"前{char}后", "内容": "正文"}]}
    rendered = prepare(data, "工作总结")
    assert "前后" in document_text(rendered.to_docx())
    assert [w.path for w in rendered.warnings] == ["achievements[0].title"]
    assert "控制字符" in rendered.warnings[0].message


# The loader keeps every scalar as the text that was typed. Plane-16 code points
# U+10FF00–U+10FF7F are reserved as stand-ins for pasted control characters, and
# YAML itself reads NEL, LS and PS as line breaks (folded like any line break).
yaml_char = st.characters(blacklist_categories=("Cs",),
                          blacklist_characters=[chr(0x10FF00 + i) for i in range(128)] + ["\x85", "\u2028", "\u2029"])


@SETTINGS
@given(text=st.text(yaml_char, max_size=60))
def test_yaml_loader_keeps_any_text_exactly(text):
    import yaml

    from edureport.sources.yaml_source import load_yaml_text

    dumped = yaml.safe_dump({"标题": text, "要点": [text]}, allow_unicode=True)
    source = load_yaml_text(dumped, "data.yaml")
    assert source.data["标题"] == text
    assert source.data["要点"] == [text]


@pytest.mark.parametrize("typed, kept", [("no", "no"), ("yes", "yes"), ("off", "off"), ("010", "010"),
                                         ("2024-03", "2024-03"), ("1e3", "1e3"), ("0x10", "0x10"), ("1_000", "1_000"),
                                         ("12:30:00", "12:30:00"), (".inf", ".inf"), ("~", None), ("null", None)])
def test_yaml_scalars_stay_text_until_the_field_type_decides(typed, kept):
    from edureport.sources.yaml_source import load_yaml_text

    assert load_yaml_text(f"标题: {typed}\n", "data.yaml").data["标题"] == kept
