"""What ``{{ value }}`` and the built-in entry macros print, character for character.

The markup environment compiles ``{{ value }}`` to its finalize call alone (no
HTML-escaping wrapper) and ``entries`` writes its heading and paragraph lines
itself; these tests pin the text both produce, so a speed change cannot alter
a document.
"""
from edureport.templating.environment import markup_environment
from edureport.templating.registry import builtin_root
from edureport.templating.shaping import heading_marks

DATA = "1. a*b<c>&'\""
ESCAPED = "1\\. a\\*b\\<c\\>\\&'\""


def render(source: str, **values) -> str:
    return markup_environment(builtin_root() / "work-summary").from_string(source).render(**values)


def test_data_is_backslash_escaped_everywhere_it_is_printed():
    assert render("{{ x }}|{{ x|e }}|{% set s %}{{ x }}{% endset %}{{ s }}|{{ x ~ '*' }}|{{ [x]|join(',') }}",
                  x=DATA) == "|".join([ESCAPED, ESCAPED, ESCAPED, ESCAPED + "\\*", ESCAPED])


def test_safe_values_none_and_numbers_print_as_they_are():
    assert render("{{ x|safe }}|{{ n }}|{{ y }}|{{ 3.5 }}", x=DATA, n=None, y=42) == f"{DATA}||42|3.5"


def test_data_stays_escaped_with_autoescape_turned_off():
    assert render("{% autoescape false %}{{ x }}|{{ 'c*' }}{% endautoescape %}", x=DATA) == f"{ESCAPED}|c\\*"


def test_heading_marks_stop_at_the_fourth_level():
    assert [heading_marks(level) for level in (1, 2, 4, 6)] == ["#", "##", "####", "####"]


def test_item_section_and_heading_macros_print_the_same_lines_as_before():
    item = {"title": "加强*管理*", "text": ["1. 第一段", "二段 # 号"],
            "metrics": [{"name": "率", "value": 62.4, "unit": "%", "previous": 58.1}],
            "items": [{"title": "子项", "text": "子内容<b>"}, {"title": "空子项"}]}
    own = "1\\. 第一段\n\n二段 \\# 号\n\n率62.4%，较上年提高4.3个百分点。\n\n\n"

    def children(marks):
        return f"{{.runin}}\n{marks} 子项\n\n\n子内容\\<b\\>\n\n\n{marks} 空子项\n\n\n\n\n"

    assert render('{% import "_base/macros.md.j2" as m %}{{ m.item(it, 4) }}{{ m.section("第*一", [it]) }}'
                  '{{ m.heading(6, "深#层") }}', it=item) == (
        "#### 加强\\*管理\\*\n\n\n" + own + children("####")
        + "# 第\\*一\n\n\n## 加强\\*管理\\*\n\n\n" + own + children("###")
        + "#### 深\\#层\n\n")
