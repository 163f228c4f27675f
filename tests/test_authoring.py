"""Issue 6: template authors — `templates check` finds each kind of mistake with
file and line; the built-in 情况汇报 and 工作要点 are plain template files; the
red-head and Traditional-Chinese style profiles give the fonts and colours they
promise."""
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, open_docx
from docx.oxml.ns import qn
from docx.shared import RGBColor

import edureport
from edureport.authoring.check import check_template, describe
from edureport.authoring.scaffold import scaffold_template
from edureport.pipeline import prepare
from edureport.writers.pdf import ALIASES


@pytest.fixture
def template(tmp_path) -> Path:
    """A fresh copy of 工作总结 named 述职报告, good before each test breaks it."""
    return scaffold_template("debriefing-report", "work-summary", "述职报告", tmp_path)


def insert_line(path: Path, after: int, text: str) -> int:
    """Insert ``text`` as a new line after line ``after``; return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(after, text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return after + 1


def block_body_line(body: Path) -> int:
    lines = body.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if "{% block body %}" in line)


def errors(report) -> list[str]:
    return [describe(f) for f in report.errors]


def test_fresh_copy_passes(template):
    report = check_template(template)
    assert report.findings == []
    assert report.docx and open_docx(report.docx).paragraphs


def test_syntax_error_is_reported_with_file_and_line(template):
    body = template / "body.md.j2"
    line = insert_line(body, block_body_line(body), "{% if year > 2000 %}去年{% endfi %}")
    found = errors(check_template(template))
    assert len(found) == 1
    assert found[0].startswith(f"{body}:{line}：错误：模板语法错误")
    assert "标签“endfi”未知或放错了位置" in found[0] and "{% endif %}" in found[0]  # explained in Chinese, as render does


def test_undeclared_variable_is_reported_with_file_line_and_suggestion(template):
    body = template / "body.md.j2"
    line = insert_line(body, block_body_line(body), "{{ acheivements }}")
    found = errors(check_template(template))
    assert any(f.startswith(f"{body}:{line}：") and "“acheivements”没有声明为字段" in f
               and "您是不是要写“主要成绩”（achievements）" in f for f in found), found


def test_heading_of_a_field_without_heading_is_reported(template):
    body = template / "body.md.j2"
    line = insert_line(body, block_body_line(body), "{{ m.heading(1, h.intro) }}")
    found = errors(check_template(template))
    assert any(f.startswith(f"{body}:{line}：") and "h.intro" in f and "heading" in f for f in found), found


def test_declared_but_unused_field_is_a_warning_at_its_declaration(template):
    meta = template / "template.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text + "  duties: {alias: 履职情况, type: \"list[item]\", description: 履职情况}\n",
                    encoding="utf-8")
    line = len(meta.read_text(encoding="utf-8").splitlines())
    report = check_template(template)
    assert report.errors == []
    warnings = [describe(f) for f in report.warnings]
    assert warnings == [f"{meta}:{line}：警告：字段“duties”（履职情况）已声明但模板中从未使用，用户填写的内容不会出现在文件里"]


def test_example_that_does_not_validate_is_reported_at_the_example_line(template):
    example = template / "example.yaml"
    text = example.read_text(encoding="utf-8").replace("年度: 2024", "年度: 明年")
    example.write_text(text, encoding="utf-8")
    line = next(i for i, text_line in enumerate(text.splitlines(), 1) if text_line.startswith("年度:"))
    found = errors(check_template(template))
    assert any(f.startswith(f"{example}:{line}:") and "示例数据不符合字段声明" in f and "年度" in f
               for f in found), found


def test_sandbox_violation_is_reported_with_file_and_line(template):
    body = template / "body.md.j2"
    line = insert_line(body, block_body_line(body), "{{ org.__class__.__mro__ }}")
    found = errors(check_template(template))
    assert any(f.startswith(f"{body}:{line}：") and "__class__" in f and "安全" in f for f in found), found


def test_runtime_error_in_the_body_names_file_and_line(template):
    body = template / "body.md.j2"
    line = insert_line(body, block_body_line(body), "{{ year|amount(intro.nothing.deeper) }}")
    found = errors(check_template(template))
    assert any(f.startswith(f"{body}:{line}：") for f in found), found


def test_missing_included_template_is_reported_where_it_is_referenced(template):
    body = template / "body.md.j2"
    line = insert_line(body, block_body_line(body), '{% include "parts/nothing.md.j2" %}')
    found = errors(check_template(template))
    assert any(f.startswith(f"{body}:{line}：") and "parts/nothing.md.j2" in f for f in found), found


def test_example_of_another_kind_is_a_warning(template):
    example = template / "example.yaml"
    example.write_text(example.read_text(encoding="utf-8").replace("文种: 述职报告", "文种: 工作总结"),
                       encoding="utf-8")
    report = check_template(template)
    assert any("文种: 工作总结" in f.message for f in report.warnings)


def test_skipped_heading_level_is_reported(template):
    body = template / "body.md.j2"
    insert_line(body, block_body_line(body), "### 跳级的标题\n")
    found = errors(check_template(template))
    assert any("标题层级跳跃" in f and "跳级的标题" in f for f in found), found


def test_broken_metadata_is_reported_and_does_not_break_other_templates(template, tmp_path):
    meta = template / "template.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    found = errors(check_template(template))
    assert found and "未知的元数据项：colour" in found[0] and str(meta) in found[0]
    from edureport.templating.registry import Registry

    registry = Registry([tmp_path])
    assert "work-summary" in registry.templates and template in registry.broken


# -- the built-in kinds written only through files ------------------------------------
@pytest.mark.parametrize("kind", ["situation-report", "work-points"])
def test_builtin_kind_passes_check_and_example_copy_matches(kind):
    root = Path(edureport.__file__).resolve().parent.parent / "templates" / kind
    report = check_template(root)
    assert report.findings == []
    assert (EXAMPLES / f"{kind}.yaml").read_text(encoding="utf-8") == (root / "example.yaml").read_text(
        encoding="utf-8")
    assert not list(root.glob("*.py"))


def test_situation_report_reads_as_a_report():
    doc = open_docx(edureport.render(EXAMPLES / "situation-report.yaml"))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert doc.core_properties.title == "某某区教育局关于义务教育课后服务工作情况的汇报"
    assert texts[doc_index(texts, "市教育局")] == "市教育局："
    opening = texts[doc_index(texts, "市教育局") + 1]
    assert opening.endswith("全面梳理。现将有关情况汇报如下。")
    headings = [t for t in texts if re.match("^[一二三四五六七八九十]+、", t)]
    assert headings == ["一、基本情况", "二、主要做法及成效", "三、存在的问题", "四、下一步工作打算", "五、意见建议"]
    assert "课后服务学生参与率94.6%，较上年提高3.4个百分点" in texts[doc_index(texts, "一、基本情况") + 2]
    closing = doc_index(texts, "特此汇报。")
    assert texts[closing + 1].startswith("附件：") and texts[-2:] == ["某某区教育局", "2024年11月15日"]


def doc_index(texts: list[str], wanted: str) -> int:
    return next(i for i, t in enumerate(texts) if t == wanted or t.startswith(wanted))


def test_work_points_group_tasks_with_lead_and_partners():
    doc = open_docx(edureport.render(EXAMPLES / "work-points.yaml"))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert [t for t in texts if re.match("^[一二三]、", t)] == ["一、总体要求", "二、重点任务", "三、保障措施"]
    groups = [t for t in texts if t.startswith("（") and "）" in t[:4]]
    assert groups[0] == "（一）坚持党建引领，落实立德树人根本任务"
    task = texts[doc_index(texts, "（一）坚持党建引领") + 1]
    assert task == "1.加强党对教育工作的全面领导。健全中小学校党组织领导的校长负责制，年内实现全区中小学全覆盖。（局组织人事科牵头，各中小学校配合）"
    third = texts[doc_index(texts, "（一）坚持党建引领") + 3]
    assert third.startswith("3.健全学生心理健康工作体系。") and third.endswith("（局德育科牵头，区卫生健康局、各中小学校配合，2025年9月前完成）")
    # numbering restarts in the next group; the task title is its own bold run
    second_group = doc_index(texts, "（二）")
    assert texts[second_group + 1].startswith("1.加快学校建设。")
    paragraph = next(p for p in doc.paragraphs if p.text.startswith("1.加快学校建设"))
    assert paragraph.runs[0].bold and paragraph.runs[0].text.startswith("1.")
    assert not paragraph.runs[-1].bold and paragraph.runs[-1].text.endswith("区自然资源局配合）")


# -- style profiles ---------------------------------------------------------------------
def east_asia(run) -> str:
    return run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_redhead_profile_prints_red_org_mark_and_red_rule_before_the_title():
    rendered = prepare(EXAMPLES / "school-summary.yaml", style="gbt9704-redhead")
    doc = open_docx(rendered.to_docx())
    mark = doc.paragraphs[0]
    assert mark.text == "某某区第一实验小学文件"
    run = mark.runs[0]
    assert run.font.color.rgb == RGBColor(0xFF, 0, 0)
    assert east_asia(run) == "方正小标宋简体"
    assert mark.alignment == 1  # centred
    # as large as fits on one line of the 156 mm text block, at most 初号
    size = run.font.size.pt
    assert size <= 42 and len(mark.text) * size <= 156 / 25.4 * 72 + 0.5 and size >= 38
    assert mark.paragraph_format.space_before.mm == pytest.approx(35, abs=0.2)
    rule = doc.paragraphs[1]
    bottom = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000" and bottom.get(qn("w:val")) == "single"
    assert rule.paragraph_format.left_indent is None and rule.paragraph_format.right_indent is None
    # the title two blank lines under the rule, in black
    assert [p.text for p in doc.paragraphs[2:4]] == ["", ""]
    title = doc.paragraphs[4]
    assert title.text.replace("\n", "") == "某某区第一实验小学2024年工作总结"
    assert title.runs[0].font.color.rgb is None
    assert sum(1 for p in doc.paragraphs if p.text == "某某区第一实验小学文件") == 1


def test_redhead_from_template_metadata_and_own_container_with_document_number(template):
    meta = template / "template.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("style: gbt9704", "style: gbt9704-redhead"),
                    encoding="utf-8")
    body = template / "body.md.j2"
    body.write_text(body.read_text(encoding="utf-8").replace(
        "{% block body %}",
        "{% block head %}\n::: redhead\n{{ org }}文件\n\n某教发〔2024〕12号\n:::\n\n"
        "{{ m.title_block(title, subtitle, recipient) }}\n{% endblock %}\n{% block body %}"), encoding="utf-8")
    report = check_template(template)
    assert report.errors == [], [describe(f) for f in report.findings]
    doc = open_docx(report.docx)
    texts = [p.text for p in doc.paragraphs]
    assert texts[:4] == ["某某区第一实验小学文件", "", "", "某教发〔2024〕12号"]
    number = doc.paragraphs[3]
    assert number.alignment == 1 and east_asia(number.runs[0]) == "仿宋_GB2312"
    assert number.runs[0].font.color.rgb is None
    assert doc.paragraphs[4]._p.pPr.find(qn("w:pBdr")) is not None
    assert texts.count("某某区第一实验小学文件") == 1


def test_plain_profile_has_no_redhead():
    doc = open_docx(edureport.render(EXAMPLES / "school-summary.yaml"))
    assert not any(r.font.color.rgb for p in doc.paragraphs for r in p.runs)
    assert "文件" not in doc.paragraphs[0].text


def test_zh_hant_profile_uses_fonts_covering_traditional_characters():
    data = {"文种": "情况汇报", "单位": "某某區教育局", "汇报事项": "課後服務工作", "主送机关": "市教育局",
            "基本情况": "全區共有義務教育學校46所。",
            "主要做法": [{"标题": "健全工作機制", "内容": "成立領導小組，每月召開推進會。"}],
            "成文日期": "2024-11-15"}
    doc = open_docx(prepare(data, style="zh-hant").to_docx())
    fonts = {p.text: {east_asia(r) for r in p.runs} for p in doc.paragraphs if p.runs}
    title = doc.paragraphs[0]
    assert title.text.startswith("某某區教育局關於課後服務工作") or title.text.startswith("某某區教育局关于課後")
    assert {east_asia(r) for r in title.runs} == {"新細明體"} and title.runs[0].bold
    assert fonts["一、基本情況"] == {"微軟正黑體"}  # generated heading in the style's script
    assert fonts["全區共有義務教育學校46所。"] == {"標楷體"}
    assert fonts["某某區教育局"] == {"標楷體"}  # signature
    assert all("GB2312" not in name and "简体" not in name for names in fonts.values() for name in names)


# -- seen through LibreOffice ------------------------------------------------------------
def _pdf(docx: bytes, tmp_path: Path, name: str) -> Path:
    import os
    import subprocess

    source = tmp_path / f"{name}.docx"
    source.write_bytes(docx)
    env = dict(os.environ, FONTCONFIG_FILE=str(ALIASES))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180, env=env)
    return tmp_path / f"{name}.pdf"


@pytest.mark.slow
def test_zh_hant_and_redhead_render_with_real_fonts_in_libreoffice(tmp_path):
    import shutil
    import subprocess

    if not shutil.which("soffice") or not shutil.which("pdffonts"):
        pytest.skip("LibreOffice / poppler 未安装")
    data = {"文种": "情况汇报", "单位": "某某區教育局", "汇报事项": "課後服務工作", "基本情况": "全區學校46所。",
            "成文日期": "2024-11-15"}
    pdf = _pdf(prepare(data, style="zh-hant").to_docx(), tmp_path, "hant")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "UKai" in fonts and "UMing" in fonts
    pdf = _pdf(prepare(EXAMPLES / "work-points.yaml", style="gbt9704-redhead").to_docx(), tmp_path, "red")
    text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[0].replace(" ", "") == "某某区教育局文件"
    assert lines[1].replace(" ", "") == "某某区教育局2025年工作要点"


def test_format_checker_runs_on_the_rendered_example(template):
    body = template / "body.md.j2"
    insert_line(body, block_body_line(body), "本方案自2024年03月01日起施行。\n")
    report = check_template(template)
    found = [describe(f) for f in report.findings]
    assert any(f.startswith(f"{body}（示例渲染结果）：") and "公文格式" in f and "补零" in f for f in found), found


def test_template_folder_style_extends_a_builtin(template):
    (template / "my-style.yaml").write_text(
        "name: my-style\ndescription: 本局样式\nextends: gbt9704-redhead\nroles:\n  body: {line: 30}\n"
        "redhead:\n  top_mm: 25\n", encoding="utf-8")
    meta = template / "template.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("style: gbt9704", "style: my-style"), encoding="utf-8")
    report = check_template(template)
    assert report.errors == [], [describe(f) for f in report.findings]
    doc = open_docx(report.docx)
    assert doc.paragraphs[0].text == "某某区第一实验小学文件"
    assert doc.paragraphs[0].runs[0].font.color.rgb == RGBColor(0xFF, 0, 0)
    assert doc.paragraphs[0].paragraph_format.space_before.mm == pytest.approx(25, abs=0.2)
    body = next(p for p in doc.paragraphs if p.text.startswith("学校现有教学班"))
    assert body.paragraph_format.line_spacing.pt == 30
    assert east_asia(body.runs[0]) == "仿宋_GB2312"
