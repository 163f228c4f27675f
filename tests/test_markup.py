"""Issue 19: markup is complete or refuses. Every construct an author may write has a
公文 meaning; anything else is an error naming the line, never silently dropped."""
import shutil
from pathlib import Path

import pytest

from edureport.core.errors import TemplateError
from edureport.document.markup import MarkupError, parse
from edureport.document.model import Paragraph
from edureport.pipeline import prepare

KIND = Path(__file__).parent / "fixtures" / "debriefing-report"


def paragraphs(markup: str) -> list[str]:
    return [b.text for b in parse(markup).blocks if isinstance(b, Paragraph)]


def test_an_ordered_list_is_numbered_with_the_last_heading_number():
    assert paragraphs("1. 甲\n2. 乙\n") == ["（1）甲", "（2）乙"]
    assert paragraphs("## 措施\n\n1. 甲\n2. 乙\n") == ["（1）甲", "（2）乙"]


def test_a_list_starting_at_three_keeps_its_numbers():
    assert paragraphs("3. 丙\n4. 丁\n") == ["（3）丙", "（4）丁"]


def test_a_bulleted_list_becomes_yi_shi_er_shi():
    assert paragraphs("- 建立制度；\n- 配齐教师。\n") == ["一是建立制度；", "二是配齐教师。"]


@pytest.mark.parametrize(("markup", "line", "words"), [
    ("段落\n\n> 引用\n", 3, "引用块"),
    ("段落\n\n    缩进的文字\n", 3, "代码块"),
    ("##### 第五级\n", 1, "最多 4 级"),
    ("一段 *斜体* 文字\n", 1, "斜体"),
    ("一段 `代码` 文字\n", 1, "代码格式"),
    ("换行<br>文字\n", 1, "HTML"),
    ("见[通知](http://x)\n", 1, "链接"),
    ("::: titel\n标题\n:::\n", 1, "您是不是要写“::: title”"),
    ("正文\n\n:::\n", 3, "没有配对"),
    ("正文\n:::\n", 2, "没有配对"),
    ("正文\n{.runin}\n## 标题\n", 2, "上面空一行"),
    ("{.runni}\n# 标题\n", 1, "您是不是要写“{.runin}”"),
    ("{.dense}\n段落\n", 1, "只能用于表格"),
    ("{.center}\n::: title\n标题\n:::\n", 1, "只能用于段落"),
    ("- 一\n  - 二\n", 2, "不能嵌套"),
    ("1. 甲\n   1. 乙\n", 2, "不能嵌套"),
])
def test_markup_without_a_gongwen_meaning_is_refused_at_its_line(markup, line, words):
    with pytest.raises(MarkupError) as error:
        parse(markup)
    assert error.value.line == line
    assert words in error.value.message


def test_a_page_break_under_text_stays_a_page_break():
    from edureport.document.model import Heading, PageBreak

    blocks = parse("段落\n---\n").blocks
    assert [type(b) for b in blocks] == [Paragraph, PageBreak]
    assert not any(isinstance(b, Heading) for b in blocks)


@pytest.fixture
def kind(tmp_path) -> Path:
    return Path(shutil.copytree(KIND, tmp_path / "debriefing-report"))


def render(folder: Path, style: str | None = None):
    return prepare(folder / "example.yaml", templates_dirs=[folder.parent], style=style)


def test_a_numbered_line_in_a_template_keeps_its_number(kind):
    texts = [getattr(b, "text", "") for b in render(kind).document.blocks]
    assert "（1）区优秀校长（某某区教育局，2024年9月）" in texts
    assert "（2）市教学成果二等奖（某某市教育局，2024年6月）" in texts


def test_a_redhead_in_a_style_without_one_is_an_error_at_the_template_line(kind):
    body = kind / "body.md.j2"
    lines = body.read_text(encoding="utf-8").splitlines()
    at = lines.index("{% block body %}") + 1
    lines[at:at] = ["::: redhead", "{{ 单位 }}文件", ":::", ""]
    body.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        render(kind, style="gbt9704")
    assert str(error.value).startswith(f"{body}:{at + 1}：“::: redhead”（红头）需要带红头的样式")
    assert any(type(b).__name__ == "RedHead" for b in render(kind, style="gbt9704-redhead").document.blocks)


def test_a_markup_error_from_a_template_names_the_template_line(kind):
    body = kind / "body.md.j2"
    text = body.read_text(encoding="utf-8").replace("{{ m.heading(1, h.主要荣誉) }}", "{.runni}\n# {{ h.主要荣誉 }}")
    body.write_text(text, encoding="utf-8")
    line = text.splitlines().index("{.runni}") + 1
    with pytest.raises(TemplateError) as error:
        render(kind)
    assert str(error.value).startswith(f"{body}:{line}：标题前的“{{.runni}}”不认识；您是不是要写“{{.runin}}”？")


def test_the_template_line_found_is_the_one_with_the_markup_not_a_looser_match(kind):
    body = kind / "body.md.j2"
    lines = body.read_text(encoding="utf-8").splitlines()
    at = lines.index("{% block body %}") + 1
    lines[at:at] = ["{{ 单位 }}说明", "", "> {{ 单位 }}说明", ""]
    body.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        render(kind)
    assert str(error.value).startswith(f"{body}:{at + 3}：公文中没有引用块")


# a table cell of three lines, as the cell_lines filter writes it (vertical tabs between the lines)
CELL_OF_LINES = "| 项目 | 内容 |\n|---|---|\n| 甲 | 一\x0b二\x0b三 |\n\n"


def test_lines_after_a_cell_of_several_lines_are_read_where_they_are():
    """The markup's lines are counted as markdown-it counts them: a vertical tab in a cell
    once shifted them, so a correct paragraph was refused as a stray ':::' two lines above."""
    blocks = parse(CELL_OF_LINES + "::: title\n标题\n:::\n\n正文\n").blocks
    assert isinstance(blocks[-1], Paragraph) and blocks[-1].text == "正文"
    with pytest.raises(MarkupError) as refused:
        parse(CELL_OF_LINES + "> 引用\n")
    assert refused.value.line == 5 and refused.value.source == "> 引用"
