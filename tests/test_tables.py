"""公文 tables: column widths that fit the A4 text block and keep figures on one line,
and the cell formatting Word shows."""
import pytest
from conftest import open_docx
from docx.oxml.ns import qn

from edureport.core import textmetrics as layout
from edureport.document.model import Document, Table
from edureport.styles.profile import load_profile
from edureport.writers.docx import write_docx

TEXT_WIDTH = 8844  # A4 minus GB/T 9704 margins, twips
SMALL_FOUR = 240  # 小四 12 pt in twips per character


def ems(widths: list[int], char_twips: int = SMALL_FOUR, padding: int = 170) -> list[float]:
    """Usable width of each column in characters (what layout reserves for slack included)."""
    return [(w - padding) / char_twips for w in widths]


@pytest.mark.parametrize("text,expected", [
    ("序号", 2.0),
    ("105.0%", 3.08),
    ("2026年12月", 5.75),  # digits half width + quarter-em gaps where Chinese meets digits
    ("+4.3个百分点", 6.06),
])
def test_measure(text, expected):
    assert layout.measure(text) == pytest.approx(expected, abs=0.01)


def test_widths_fill_the_text_block_and_long_text_takes_the_rest():
    header = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
    rows = [[str(n), "扩大优质教育资源供给", "新建中小学校5所、改扩建学校8所，新增学位6000个" * 3,
             "区教育局规划建设科", "区发改委、区财政局", "2026年12月"] for n in range(1, 8)]
    widths = layout.column_widths(header, rows, TEXT_WIDTH, char_twips=SMALL_FOUR)
    assert sum(widths) == TEXT_WIDTH
    assert widths.index(max(widths)) == 2
    usable = ems(widths)
    assert usable[5] >= layout.measure("2026年12月")  # a date never wraps
    assert usable[0] >= layout.measure("序号")
    assert min(usable[1], usable[3], usable[4]) >= 4  # text columns stay readable


def test_figures_never_wrap_in_a_wide_metric_table():
    header = ["序号", "指标", "单位", "本年", "上年", "增减", "目标", "完成率"]
    rows = [["1", "学生体质健康测试优良率", "%", "62.4", "58.1", "+4.3个百分点", "60.0", "104.0%"],
            ["2", "教育经费总投入", "亿元", "26.3", "24.8", "+6.0%", "26", "101.2%"]]
    widths = layout.column_widths(header, rows, TEXT_WIDTH, char_twips=SMALL_FOUR)
    usable = ems(widths)
    for col in range(2, 8):
        widest = max(layout.measure(r[col]) for r in rows)
        assert usable[col] >= widest, header[col]


def test_short_table_is_shared_out_and_overfull_table_still_fits():
    widths = layout.column_widths(["指标", "目标值"], [["普惠性幼儿园覆盖率", "92.0%"]], TEXT_WIDTH)
    assert sum(widths) == TEXT_WIDTH and widths[0] > widths[1]
    crowded = layout.column_widths([f"第{n}列数值" for n in range(20)], [["123456.78"] * 20], TEXT_WIDTH)
    assert sum(crowded) == TEXT_WIDTH and min(crowded) > 0


def test_table_cells_as_word_shows_them():
    table = Table(["指标", "数值"], [["在校学生", "2136"], ["新建学校", "5"]], ["left", "left"])
    doc = open_docx(write_docx(Document([table]), load_profile()))
    word_table = doc.tables[0]
    first_row, body_row = word_table._tbl.tr_lst[0], word_table._tbl.tr_lst[1]
    assert first_row.trPr.find(qn("w:tblHeader")) is not None
    assert body_row.trPr.find(qn("w:cantSplit")) is not None
    number = word_table.rows[1].cells[1].paragraphs[0]._p.pPr
    assert number.find(qn("w:jc")).get(qn("w:val")) == "right"  # numbers right-aligned
    assert number.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"  # table lines keep their own spacing
    assert number.find(qn("w:ind")) is None  # no body first-line indent in cells
    head = word_table.rows[0].cells[0].paragraphs[0]
    assert head.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert head.runs[0].font.size.pt == 14  # 四号
    borders = word_table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.tag.split("}")[1] for b in borders if b.get(qn("w:val")) == "single"} == \
        {"top", "left", "bottom", "right", "insideH", "insideV"}
    margins = word_table._tbl.tblPr.find(qn("w:tblCellMar"))
    assert int(margins.find(qn("w:top")).get(qn("w:w"))) > 0


def test_metric_table_shows_each_row_in_one_unit():
    from conftest import EXAMPLES

    from edureport.pipeline import render

    doc = open_docx(render(EXAMPLES / "metrics-summary.yaml"))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "指标", "单位", "本年", "上年", "增减", "目标", "完成率"]
    rows = {r.cells[1].text: [c.text for c in r.cells[2:]] for r in table.rows[1:]}
    assert rows["教育经费总投入"] == ["亿元", "26.3", "24.8", "+6.0%", "26", "101.2%"]
    assert rows["新增学位"] == ["万个", "1.25", "0.98", "+27.6%", "1.2", "104.2%"]
    assert rows["高中阶段毛入学率"] == ["%", "97.8", "98.1", "-0.3个百分点", "98.0", "99.8%"]
    assert rows["课后服务经费"] == ["万元", "4850", "4300", "+12.8%", "", ""]
    assert rows["校园安全责任事故"][:4] == ["起", "0", "0", "持平"]
    assert table.rows[1].cells[1].paragraphs[0].runs[0].font.size.pt == 12  # eight columns: 小四
    body = [p.text for p in doc.paragraphs]
    assert any("教育经费总投入26.3亿元，较上年增长6.0%，完成年度目标的101.2%，超额完成任务" in t for t in body)
    assert any("高中阶段毛入学率97.8%，较上年降低0.3个百分点，低于年度目标0.2个百分点" in t for t in body)


def _lines(text: str, usable: float) -> int:
    return -(-layout.measure(text) // usable)


def test_task_names_wrap_into_two_lines_at_most_while_measures_take_the_rest():
    """分工表 of the example plan: 重点任务 (phrases) in one or two lines, never “扩大优质/教育资源/供给”;
    牵头单位 in two lines at most; 具体措施 (long text) takes the most room."""
    from conftest import EXAMPLES

    from edureport.pipeline import prepare

    table = next(b for b in prepare(EXAMPLES / "bureau-plan.yaml").document.blocks
                 if isinstance(b, Table) and "重点任务" in b.header)
    widths = layout.column_widths(table.header, table.rows, TEXT_WIDTH, char_twips=SMALL_FOUR)
    usable = [u - 0.25 for u in ems(widths)]  # what the layout keeps back for font differences
    assert all(_lines(row[1], usable[1]) <= 2 for row in table.rows), usable
    assert all(_lines(row[3], usable[3]) <= 2 for row in table.rows), usable
    assert widths.index(max(widths)) == 2
