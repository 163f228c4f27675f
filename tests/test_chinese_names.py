"""Issue 19: templates may use the Chinese names of fields (English stays valid),
and a name that is not there is reported at the author's line with a suggestion."""
import re
import shutil
from pathlib import Path

import pytest

from edureport.core.errors import TemplateError
from edureport.pipeline import prepare

KIND = Path(__file__).parent / "fixtures" / "debriefing-report"


@pytest.fixture
def kind(tmp_path) -> Path:
    """A 述职报告 kind written only with Chinese names (a copy each test may break)."""
    return Path(shutil.copytree(KIND, tmp_path / "debriefing-report"))


def texts(folder: Path) -> list[str]:
    document = prepare(folder / "example.yaml", templates_dirs=[folder.parent]).document
    return [getattr(b, "text", "") for b in document.blocks]


def write_body(folder: Path, body: str) -> Path:
    path = folder / "body.md.j2"
    path.write_text(body, encoding="utf-8")
    return path


def test_chinese_names_reach_fields_records_and_headings(kind):
    found = texts(kind)
    assert found[0] == "某某区实验小学2024年度述职报告"  # the title template uses {{ 单位 }}{{ 年度 }}
    assert "主要荣誉" in found and "教育质量稳步提升。" in found  # a run-in heading ends with its stop (passes)


def test_english_and_chinese_names_give_the_same_document(kind):
    chinese = write_body(kind, '{% extends "_base/document.md.j2" %}{% block body %}'
                               "{% for 项 in 主要成绩 %}{{ 单位 }}：{{ 项.标题 }}，{{ h.主要成绩 }}{% endfor %}\n"
                               "{% endblock %}\n")
    chinese_texts = texts(kind)
    write_body(kind, chinese.read_text(encoding="utf-8").replace("项.标题", "项.title").replace("主要成绩", "achievements")
               .replace("单位", "org"))
    assert texts(kind) == chinese_texts
    assert "某某区实验小学：教育质量稳步提升，主要成绩" in chinese_texts


def test_a_misspelt_record_field_is_named_with_a_suggestion(kind):
    body = write_body(kind, '{% extends "_base/document.md.j2" %}{% block body %}\n'
                            "{% for 项 in 主要成绩 %}\n{{ 项.标惕 }}\n{% endfor %}\n{% endblock %}\n")
    with pytest.raises(TemplateError) as error:
        texts(kind)
    assert str(error.value) == f"{body}:3：“条目”没有“标惕”这一项；您是不是要写“标题”？"


def test_a_misspelt_top_level_name_suggests_the_declared_chinese_name(kind):
    body = write_body(kind, '{% extends "_base/document.md.j2" %}{% block body %}\n{{ 主要成急 }}\n{% endblock %}\n')
    with pytest.raises(TemplateError) as error:
        texts(kind)
    assert str(error.value) == f"{body}:2：变量“主要成急”未定义；您是不是要写“主要成绩”（achievements）？"


def test_an_error_inside_a_builtin_macro_is_reported_at_the_callers_line(kind):
    body = write_body(kind, '{% extends "_base/document.md.j2" %}\n{% import "_base/macros.md.j2" as m %}\n'
                            "{% block body %}\n{{ m.section(h.履职情况, 履职情况) }}\n{% endblock %}\n")
    with pytest.raises(TemplateError) as error:
        texts(kind)
    message = str(error.value)
    assert message.startswith(f"{body}:4：")
    assert "内置宏 section" in message and "_base/macros.md.j2" in message
    assert "这里是“本人任校长，主持学校全面工作。”" in message and "m.paragraphs" in message


def test_the_guides_side_by_side_chinese_and_english_names_print_the_same(kind):
    guide = (Path(__file__).resolve().parent.parent / "docs" / "template-authoring.md").read_text(encoding="utf-8")
    section = guide[guide.index("### 中文名和英文键"):]
    chinese, english = re.findall(r"^```jinja\n(.*?)^```", section, re.S | re.M)[:2]
    data = kind / "example.yaml"
    content = "    内容: 全年学生体质健康优良率达到62.4%。\n"
    data.write_text(data.read_text(encoding="utf-8").replace(content, content + "    子项: [{标题: 子项一, 内容: 子项内容。}]\n"),
                    encoding="utf-8")
    printed = []
    for number, snippet in enumerate((chinese, english)):
        folder = Path(shutil.copytree(kind, kind.parent / f"names{number}" / "debriefing-report"))
        write_body(folder, '{% extends "_base/document.md.j2" %}\n{% import "_base/macros.md.j2" as m %}\n'
                           "{% block body %}\n" + snippet + "{% endblock %}\n")
        printed.append(texts(folder))
    assert printed[0] == printed[1]
    assert "某某区实验小学：子项一" in printed[0] and "教育质量稳步提升" in printed[0]


def test_a_wrong_argument_to_the_authors_own_macro_is_checked_against_that_macro(kind):
    body = write_body(kind, '{% extends "_base/document.md.j2" %}\n'
                            "{% macro section(标题, 条目) %}{{ 标题 }}{% endmacro %}\n"
                            "{% block body %}\n{{ section(标题=单位, 条木=[]) }}\n{% endblock %}\n")
    with pytest.raises(TemplateError) as error:
        texts(kind)
    assert str(error.value) == f"{body}:4：宏“section”没有参数“条木”；您是不是要写“条目”？（它的参数：标题、条目）"
