"""Native Word charts: ::: chart markup → Chart → DrawingML parts with an
embedded workbook; shown by LibreOffice in the PDF and as SVG in HTML."""
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from conftest import EXAMPLES, open_docx
from lxml import etree
from openpyxl import load_workbook

from edureport.core.errors import RenderError
from edureport.document.markup import parse
from edureport.document.model import Chart
from edureport.pipeline import prepare
from edureport.styles.profile import load_profile
from edureport.writers import pdf
from edureport.writers.docx import write_docx
from edureport.writers.html import write_html

MARKUP = """::: chart
标题：主要指标本年与上年对比

单位：%

| 指标 | 本年 | 上年 |
|---|---:|---:|
| 优良率 | 62.4 | 58.1 |
| 参与率 | 96.8 | — |
:::

::: chart
标题：方案目标完成率

单位：%

参考线：100

参考线名称：目标（100%）

| 指标 | 完成率 |
|---|---:|
| 新增学位 | 115 |
| 智慧校园 | 90 |
:::
"""
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def chart_docx() -> bytes:
    return write_docx(parse("正文。\n\n" + MARKUP, title="图表"), load_profile("gbt9704"))


def test_markup_gives_chart_blocks():
    compare, completion = [b for b in parse(MARKUP).blocks if isinstance(b, Chart)]
    assert compare == Chart("主要指标本年与上年对比", ["优良率", "参与率"], [("本年", [62.4, 96.8]), ("上年", [58.1, None])], "%")
    assert completion.reference == 100 and completion.reference_label == "目标（100%）"


@pytest.mark.parametrize("markup, message", [
    ("::: chart\n标题：x\n:::\n", "表格"),
    ("::: chart\n标题：x\n\n| a | b |\n|---|---|\n| 优良率 | 很多 |\n:::\n", "很多"),
    ("::: chart\n颜色：红\n\n| a | b |\n|---|---|\n| c | 1 |\n:::\n", "颜色"),
])
def test_bad_chart_markup_is_an_error_saying_what(markup, message):
    with pytest.raises(RenderError) as caught:
        parse(markup)
    assert message in str(caught.value)


def test_package_has_well_formed_chart_parts_linked_and_typed():
    package = zipfile.ZipFile(io.BytesIO(chart_docx()))
    names = package.namelist()
    for n in (1, 2):
        assert f"word/charts/chart{n}.xml" in names and f"word/embeddings/chart{n}.xlsx" in names
    for name in names:
        if name.endswith((".xml", ".rels")):
            etree.fromstring(package.read(name))  # well-formed, or this raises
    types = package.read("[Content_Types].xml").decode()
    assert types.count("drawingml.chart+xml") == 2 and 'Extension="xlsx"' in types
    rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    document = package.read("word/document.xml").decode()
    used = re.findall(r'<c:chart [^>]*r:id="([^"]+)"', document)
    assert [targets[i] for i in used] == ["charts/chart1.xml", "charts/chart2.xml"]
    assert "<wp:inline" in document and 'w:lineRule="auto"' in document  # not clipped by the exact body line height
    assert open_docx(chart_docx()).paragraphs[0].text == "正文。"  # python-docx still opens it


def test_chart_is_flat_restrained_and_in_gongwen_fonts():
    package = zipfile.ZipFile(io.BytesIO(chart_docx()))
    chart = etree.fromstring(package.read("word/charts/chart2.xml"))
    assert chart.find(f".//{C}view3D") is None and chart.find(f".//{C}bar3DChart") is None
    assert chart.find(f".//{C}barChart/{C}barDir").get("val") == "col"
    title_fonts = {e.tag: e.get("typeface") for e in chart.find(f"{C}chart/{C}title").iter(f"{A}ea", f"{A}latin")}
    assert title_fonts == {f"{A}ea": "黑体", f"{A}latin": "Times New Roman"}
    label_fonts = {e.get("typeface") for e in chart.find(f"{C}txPr").iter(f"{A}ea")}
    assert label_fonts == {"仿宋_GB2312"}
    fills = {e.get("val") for e in chart.iter(f"{A}srgbClr")}
    assert fills <= {"000000", "404040", "C00000", "D9D9D9"}  # grey bars, one red reference line
    line = chart.find(f".//{C}lineChart/{C}ser")
    assert [p.text for p in line.iter(f"{C}v")][-2:] == ["100.0", "100.0"]
    assert line.find(f".//{A}prstDash").get("val") == "dash"


def test_embedded_workbook_holds_the_figures():
    package = zipfile.ZipFile(io.BytesIO(chart_docx()))
    sheet = load_workbook(io.BytesIO(package.read("word/embeddings/chart1.xlsx"))).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        [None, "本年", "上年"], ["优良率", 62.4, 58.1], ["参与率", 96.8, None]]


def test_html_preview_draws_the_chart_as_svg():
    html = write_html(parse(MARKUP, title="图表"), load_profile("gbt9704"))
    assert html.count("<svg") == 2
    assert "主要指标本年与上年对比" in html and "目标（100%）" in html
    assert html.count("<rect") >= 3 + 2  # bars (a missing value draws none) and legend keys
    assert 'stroke-dasharray="6 4"' in html  # the 100% line


def summary_with_charts(tmp_path, charts: bool):
    text = (EXAMPLES / "school-summary.yaml").read_text(encoding="utf-8")
    path = tmp_path / "summary.yaml"
    path.write_text(text.replace("年度: 2024\n", f"年度: 2024\n图表: {'是' if charts else '否'}\n"), encoding="utf-8")
    return prepare(path)


def test_work_summary_draws_charts_only_when_asked(tmp_path):
    with_charts = summary_with_charts(tmp_path, True)
    charts = [b for b in with_charts.document.blocks if isinstance(b, Chart)]
    assert [c.unit for c in charts] == ["%", "人"]  # one chart per unit: no bar read on another's scale
    assert charts[0].series == [("本年", [62.4, 96.8]), ("上年", [58.1, 93.5])]
    assert not [c for c in charts if c.unit.endswith("元")]  # a lone metric gets no chart
    assert not [b for b in summary_with_charts(tmp_path, False).document.blocks if isinstance(b, Chart)]


def test_chart_figures_are_in_the_unit_the_table_shows():
    from edureport.templating.filters import chart_figures

    rows = chart_figures([{"name": "校舍维修投入", "value": 1260000, "previous": 980000, "unit": "元"},
                          {"name": "在校学生", "value": 2136, "previous": None, "unit": "人"}])
    assert rows == [{"name": "校舍维修投入", "unit": "万元", "value": 126.0, "previous": 98.0}]


@pytest.mark.slow
@pytest.mark.skipif(not pdf.available() or not shutil.which("pdftotext"), reason="需要 LibreOffice 和 poppler")
def test_libreoffice_draws_the_chart_in_the_pdf(tmp_path):
    source = tmp_path / "图表.docx"
    source.write_bytes(chart_docx())
    [produced] = pdf.convert([source], tmp_path / "pdf")
    text = subprocess.run(["pdftotext", str(produced), "-"], capture_output=True, text=True, check=True).stdout
    for label in ("主要指标本年与上年对比", "方案目标完成率", "新增学位", "115.0%", "目标（100%）"):
        assert label in text.replace(" ", ""), label


def test_many_units_are_horizontal_bars_with_the_district_figure_in_the_title():
    schools = [f"某某区第{n}小学" for n in "一二三四五六七八"]
    chart = Chart("各单位优良率", schools, [("优良率", [60.0 + i for i in range(8)])], "%", 63.25, "全区")
    document = parse("正文。", title="t")
    document.blocks.append(chart)
    package = zipfile.ZipFile(io.BytesIO(write_docx(document, load_profile("gbt9704"))))
    xml = etree.fromstring(package.read("word/charts/chart1.xml"))
    assert xml.find(f".//{C}barDir").get("val") == "bar"
    assert xml.find(f".//{C}catAx/{C}scaling/{C}orientation").get("val") == "maxMin"  # first school on top
    assert xml.find(f".//{C}lineChart") is None  # no line across horizontal bars …
    assert "".join(xml.find(f"{C}chart/{C}title").itertext()) == "各单位优良率（全区63.25%）"  # … the title says it, as given
    assert xml.find(f".//{C}legend") is None  # one series: the title names it
    html = write_html(document, load_profile("gbt9704"))
    assert html.count("<rect") == 8 and "（全区63.25%）" in html


def test_a_reference_label_with_its_value_is_not_repeated_in_the_title():
    from edureport.writers.charts import chart_title_text

    names = ["义务教育优质均衡达标学校占比", "学生体质健康测试优良率", "区级以上骨干教师", "新增中小学学位"]
    chart = Chart("方案目标完成率", names, [("完成率", [83.5, 103.0, 97.5, 108.0])], "%", 100, "目标100%")
    assert chart_title_text(chart, load_profile("gbt9704")) == "方案目标完成率（目标100%）"
