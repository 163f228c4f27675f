"""实施方案: the bureau plan example renders with every section, the phases, the
targets table and 附件1 重点任务分工表 as users see them in Word."""
import copy
import re
import shutil
import subprocess

import pytest
import yaml
from conftest import EXAMPLES, open_docx
from docx.oxml.ns import qn

from edureport.core.errors import InputError
from edureport.pipeline import prepare, render
from edureport.templating.registry import builtin_root
from edureport.writers import pdf

PLAN = EXAMPLES / "bureau-plan.yaml"
TASK_TABLE_HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]


def plan_data() -> dict:
    return yaml.safe_load(PLAN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plan_doc():
    return open_docx(render(PLAN))


def headings(doc, levels=(1, 2)) -> list[str]:
    names = {f"Heading {n}" for n in levels}
    return [p.text for p in doc.paragraphs if p.style.name in names]


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def content_tables(doc) -> list:
    """Tables in the text (the 版记 at the end is a table too)."""
    return [t for t in doc.tables if not t.rows[0].cells[0].text.startswith(("抄送", "印发"))]


def task_table(doc):
    [table] = [t for t in content_tables(doc) if [c.text for c in t.rows[0].cells] == TASK_TABLE_HEADER]
    return table


def test_example_is_the_template_example():
    assert (builtin_root() / "implementation-plan" / "example.yaml").read_text(encoding="utf-8") == \
        PLAN.read_text(encoding="utf-8")


def test_sections_in_order_with_numbering(plan_doc):
    assert headings(plan_doc, levels=(1,)) == ["一、总体要求", "二、重点任务", "三、实施步骤", "四、保障措施"]
    level2 = headings(plan_doc)
    start = level2.index("一、总体要求")
    assert level2[start:start + 4] == ["一、总体要求", "（一）指导思想", "（二）基本原则", "（三）工作目标"]
    tasks = level2[level2.index("二、重点任务") + 1:level2.index("三、实施步骤")]
    assert [t[:t.index("）") + 1] for t in tasks] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
    assert tasks[0] == "（一）扩大优质教育资源供给"  # has subtasks: a heading of its own
    assert tasks[1].startswith("（二）深化课堂教学改革。全面落实")  # run-in heading
    assert headings(plan_doc)[-4:] == [p for p in level2 if p.startswith(("（一）加强", "（二）强化", "（三）严格", "（四）营造"))]


def test_principles_and_subtasks_are_numbered_one_level_down(plan_doc):
    level3 = headings(plan_doc, levels=(3,))
    assert [h[:2] for h in level3[:4]] == ["1.", "2.", "3.", "4."]
    assert level3[0].startswith("1.坚持育人为本。把促进学生")
    subtasks = [h for h in level3 if h.startswith(("1.加快", "2.推进集团", "1.实施骨干", "2.推进教师"))]
    assert len(subtasks) == 4  # numbering restarts under each task


def test_phases_print_their_date_ranges(plan_doc):
    phases = headings(plan_doc)[headings(plan_doc).index("三、实施步骤") + 1:headings(plan_doc).index("四、保障措施")]
    assert phases == ["（一）动员部署阶段（2024年3月—4月）", "（二）全面实施阶段（2024年5月—2025年12月）",
                      "（三）深化提升阶段（2026年1月—8月）", "（四）总结验收阶段（2026年9月—12月）"]


def test_tasks_carry_measures_and_division_of_labour(plan_doc):
    body = texts(plan_doc)
    assert "（牵头单位：区教育局规划建设科；配合单位：区发改委、区财政局、区自然资源局、区住建局；完成时限：2026年8月）" in body
    assert "（牵头单位：区教育局人事科；配合单位：区委编办、区人社局；完成时限：每年8月底前）" in body
    assert any(t.startswith("一是新建中小学校5所、改扩建学校8所，新增学位6000个；二是") for t in body)


def test_targets_table_under_goals(plan_doc):
    table = plan_doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["指标", "基期值", "目标值", "完成时限"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows[0] == ["义务教育优质均衡达标学校占比", "62%", "85%", "2026年12月"]  # as typed: 62, 85
    assert rows[2] == ["新增中小学学位", "—", "6000个", "2026年8月"]
    assert rows[4][3] == "每年9月"
    right = table.rows[1].cells[1].paragraphs[0]._p.pPr.find(qn("w:jc")).get(qn("w:val"))
    assert right == "right"


def test_task_table_on_its_own_page(plan_doc):
    body = texts(plan_doc)
    label = body.index("附件1")
    assert "重点任务分工表" in body[label + 1:label + 4]
    label_para = plan_doc.paragraphs[label]._p
    assert label_para.pPr.find(qn("w:pageBreakBefore")) is not None
    assert [[c.text for c in t.rows[0].cells] for t in content_tables(plan_doc)][1] == TASK_TABLE_HEADER
    assert len(content_tables(plan_doc)) == 2


def test_task_table_rows(plan_doc):
    table = task_table(plan_doc)
    rows = table._tbl.tr_lst
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None  # header row repeats on every page
    assert all(r.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])
    assert all(r.trPr.find(qn("w:cantSplit")) is not None for r in rows)  # rows never split
    data = plan_data()["重点任务"]
    expected_rows = sum(1 + len(t.get("子项", [])) for t in data)
    assert len(table.rows) == 1 + expected_rows == 11
    numbers = [r.cells[0].text for r in table.rows[1:]]
    assert numbers == ["1", "1.1", "1.2", "2", "3", "3.1", "3.2", "4", "5", "6"]
    school = table.rows[2]
    assert [c.text for c in school.cells][3:] == ["区教育局规划建设科", "区发改委、区财政局、区自然资源局、区住建局",
                                                  "2026年8月"]
    measures = school.cells[2]._tc
    assert len(measures.findall(".//" + qn("w:br"))) == 2  # three measures, one line each
    assert school.cells[2].text.startswith("1.新建中小学校5所")
    assert table.rows[8].cells[2].text.startswith("1.保障中小学生每天校内体育活动")  # points when no measures


def test_task_table_is_small_type_with_black_header(plan_doc):
    table = task_table(plan_doc)
    head_run = table.rows[0].cells[0].paragraphs[0].runs[0]
    body_run = table.rows[1].cells[1].paragraphs[0].runs[0]
    assert head_run._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert body_run._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body_run.font.size.pt == 12  # 小四
    assert plan_doc.tables[0].rows[1].cells[0].paragraphs[0].runs[0].font.size.pt == 14  # 四号
    widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    section = plan_doc.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) // 635  # EMU → twips
    assert sum(widths) == text_width
    assert max(widths) == widths[2]  # 具体措施 takes most of the width
    assert table.rows[1].cells[0]._tc.tcPr.find(qn("w:vAlign")).get(qn("w:val")) == "center"


def test_attachment_note_above_signature(plan_doc):
    body = texts(plan_doc)
    note = body.index("附件：重点任务分工表")
    assert body[note + 1:note + 4] == ["", "某某区教育局", "2024年3月8日"]
    assert note < body.index("附件1")


def test_closing_keeps_the_last_paragraph_on_its_page(plan_doc):
    paragraphs = plan_doc.paragraphs
    note = texts(plan_doc).index("附件：重点任务分工表")
    chain = paragraphs[note - 2:note + 3]  # last 保障措施, blank, note, blank, signature organisation
    assert chain[0].text.startswith("（四）营造良好氛围")
    assert all(p._p.pPr.find(qn("w:keepNext")) is not None for p in chain)


def test_user_attachments_follow_the_task_table():
    data = plan_data()
    data["附件"] = ["区基础教育质量提升行动领导小组成员名单"]
    body = texts(open_docx(render(data)))
    assert "附件：1.重点任务分工表" in body
    assert "2.区基础教育质量提升行动领导小组成员名单" in body


@pytest.mark.parametrize("off", [False, "否"])
def test_task_table_false_drops_page_and_note(off):
    data = plan_data()
    data["分工表"] = off
    doc = open_docx(render(data))
    body = texts(doc)
    assert "附件1" not in body
    assert not any(t.startswith("附件：") for t in body)
    assert len(content_tables(doc)) == 1  # only the targets table
    assert headings(doc, levels=(1,)) == ["一、总体要求", "二、重点任务", "三、实施步骤", "四、保障措施"]


def test_subtasks_take_their_parents_division_of_labour():
    data = {"文种": "实施方案", "单位": "某某区教育局", "标题": "某某区课后服务提质实施方案",
            "重点任务": [{"标题": "丰富服务内容", "牵头单位": "区教育局基础教育科", "配合单位": "区文旅局",
                      "完成时限": "2024-09",
                      "子项": [{"标题": "开设兴趣课程", "具体措施": ["每校开设兴趣课程不少于10门"]},
                             {"标题": "引进校外资源", "牵头单位": "区教育局校外教育科"}]}]}
    doc = open_docx(render(data))
    rows = [[c.text for c in r.cells] for r in task_table(doc).rows[1:]]
    assert rows[1] == ["1.1", "开设兴趣课程", "每校开设兴趣课程不少于10门", "区教育局基础教育科", "区文旅局", "2024年9月"]
    assert rows[2][3:] == ["区教育局校外教育科", "区文旅局", "2024年9月"]
    assert headings(doc, levels=(1,)) == ["一、重点任务"]  # empty sections drop out, numbering closes up


def test_empty_sections_and_heading_override():
    data = plan_data()
    for key in ("指导思想", "基本原则", "实施步骤"):
        del data[key]
    data["章节标题"] = {"保障措施": "组织保障", "工作目标": "主要目标"}
    doc = open_docx(render(data))
    assert headings(doc, levels=(1,)) == ["一、总体要求", "二、重点任务", "三、组织保障"]
    assert "（一）主要目标" in headings(doc)


def test_title_is_required():
    data = plan_data()
    del data["标题"]
    with pytest.raises(InputError) as caught:
        prepare(data)
    assert "标题" in str(caught.value)


def test_long_measures_do_not_break_the_table():
    data = copy.deepcopy(plan_data())
    long_measure = "统筹推进" * 60 + "确保按期完成。"
    data["重点任务"][1]["具体措施"] = [long_measure, "建立台账"]
    doc = open_docx(render(data))
    cell = task_table(doc).rows[4].cells[2]
    assert cell.text == f"1.{long_measure.rstrip('。')}\n2.建立台账"


def test_html_preview_keeps_one_measure_a_line():
    from edureport.writers.html import write_html

    rendered = prepare(PLAN)
    html = write_html(rendered.document, rendered.profile)
    assert "新增学位6000个<br>2.对新建住宅小区" in html
    assert "\x0b" not in html


@pytest.mark.slow
@pytest.mark.skipif(not pdf.available() or not shutil.which("pdftotext"),
                    reason="LibreOffice（soffice）或 pdftotext 未安装")
def test_task_table_header_repeats_on_every_page(tmp_path):
    docx_path = tmp_path / "plan.docx"
    docx_path.write_bytes(render(PLAN))
    [pdf_path] = pdf.convert([docx_path], tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.split("\f")
    first = next(i for i, page in enumerate(pages) if re.search(r"^\s*附件\s?1\s*$", page, re.M))
    header = re.compile(r"序号\s+重点任务\s+具体措施\s+牵头单位\s+配合单位\s+完成时限")
    continued = [page for page in pages[first + 1:] if page.strip()]
    assert header.search(pages[first])
    assert continued, "the task table should run onto further pages"
    assert all(header.search(page) for page in continued)
    assert "提升学前教育普惠水平" in text.replace(" ", "").replace("\n", "")
