"""The full 版头 (GB/T 9704 7.2): 份号, 密级★保密期限, 紧急程度, 发文机关标志, 发文字号, 签发人, red line."""
import re
import subprocess

import pytest
import yaml
from conftest import EXAMPLES, open_docx
from docx.oxml.ns import qn

from edureport.checker import check
from edureport.checker.docx_reader import read_docx
from edureport.checker.roles import classify
from edureport.core.errors import InputError
from edureport.pipeline import prepare
from edureport.writers import pdf

HEAD = {"发文字号": "某小[2024]12号", "份号": "123", "密级": "秘密", "保密期限": "1", "紧急程度": "加急"}


def _data(**extra):
    data = yaml.safe_load((EXAMPLES / "school-summary.yaml").read_text(encoding="utf-8"))
    data.update(HEAD)
    data.update(extra)
    return data


def _east_asia(run) -> str:
    return run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def _red_rule_index(doc) -> int:
    for index, p in enumerate(doc.paragraphs):
        bottom = p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
        if bottom is not None and bottom.get(qn("w:color")) == "FF0000":
            return index
    raise AssertionError("no red line")


def test_full_red_head_in_order():
    docx = prepare(_data(), style="gbt9704-redhead").to_docx()
    doc = open_docx(docx)
    texts = [p.text for p in doc.paragraphs]
    assert texts[:4] == ["000123", "秘密★1年", "加急", "某某区第一实验小学文件"]
    for p in doc.paragraphs[:3]:  # flush left, 3号黑体
        assert p.paragraph_format.alignment in (None, 0) and _east_asia(p.runs[0]) == "黑体"
        assert p.runs[0].font.size.pt == 16
    org = doc.paragraphs[3]
    assert org.runs[0].font.color.rgb is not None and str(org.runs[0].font.color.rgb) == "FF0000"
    # 35 mm from the text block top to the 发文机关标志, three mark lines (28.95 pt) included
    before = int(org._p.find(f"{qn('w:pPr')}/{qn('w:spacing')}").get(qn("w:before")))
    assert abs(before + 3 * 579 - round(35 * 1440 / 25.4)) <= 1
    number = next(p for p in doc.paragraphs if "〔2024〕" in p.text)
    assert number.text == "某小〔2024〕12号" and number.alignment == 1  # centred, 六角括号
    assert _red_rule_index(doc) == texts.index("某小〔2024〕12号") + 1
    assert check(docx, "gbt9704-redhead").errors == []


def test_upward_document_puts_signers_on_the_number_line():
    docx = prepare(_data(签发人=["张三", "李四"]), style="gbt9704-redhead").to_docx()
    doc = open_docx(docx)
    line = next(p for p in doc.paragraphs if "〔2024〕" in p.text)
    assert line.text == "某小〔2024〕12号\t签发人：张三\u3000李四"
    assert line.paragraph_format.left_indent.pt == 16  # 发文字号 1 character in from the left
    fonts = {r.text: _east_asia(r) for r in line.runs if r.text.strip()}
    assert fonts["签发人："] == "仿宋_GB2312" and fonts["张三\u3000李四"] == "楷体_GB2312"
    label_at = int(line._p.find(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}").get(qn("w:pos")))
    assert label_at + (4 + 5) * 320 == 11906 - 1588 - 1474 - 320  # 签发人：张三　李四 ends 1 character in
    assert check(docx, "gbt9704-redhead").errors == []


def test_more_signers_wrap_two_a_line_aligned_under_the_first_name():
    doc = open_docx(prepare(_data(签发人=["张三", "李四", "王五"]), style="gbt9704-redhead").to_docx())
    texts = [p.text for p in doc.paragraphs]
    at = texts.index("\t签发人：张三\u3000李四")
    assert texts[at + 1] == "某小〔2024〕12号\t\t王五"  # the 发文字号 on the line of the last name
    stops = [int(t.get(qn("w:pos"))) for t in doc.paragraphs[at + 1]._p.iter(qn("w:tab")) if t.get(qn("w:pos"))]
    assert stops[1] - stops[0] == 4 * 320  # the names' stop is right after 签发人：


def test_plain_style_keeps_marks_and_number_without_red_line():
    doc = open_docx(prepare(_data()).to_docx())
    texts = [p.text for p in doc.paragraphs]
    assert texts[:4] == ["000123", "秘密★1年", "加急", "某小〔2024〕12号"]
    assert not any(r.font.color.rgb for p in doc.paragraphs for r in p.runs)
    with pytest.raises(AssertionError):
        _red_rule_index(doc)


@pytest.mark.parametrize("field, value", [("密级", "内部"), ("紧急程度", "很急")])
def test_unknown_secrecy_or_urgency_is_an_error(field, value):
    with pytest.raises(InputError) as caught:
        prepare(_data(**{field: value}))
    assert field in str(caught.value)


def test_unknown_secrecy_is_reported_at_its_line(tmp_path):
    from edureport.pipeline import Pipeline

    source = tmp_path / "data.yaml"
    source.write_text("文种: 工作总结\n单位: 某小学\n年度: 2024\n密级: 内部\n", encoding="utf-8")
    _, validated = Pipeline().check(source)
    assert [p.location for p in validated.errors] == ["data.yaml:4:5"]


def test_traditional_red_head_labels():
    data = _data(签发人=["張三"])
    rendered = prepare(data, style="gbt9704-redhead", script="hant")
    line = next(p for p in open_docx(rendered.to_docx()).paragraphs if "〔2024〕" in p.text)
    assert "簽發人：張三" in line.text


def _red_head_docx(org_text: str) -> bytes:
    """A hand-made red head: the 发文机关标志 is the organisation's name only (no 文件)."""
    rendered = prepare(_data(), style="gbt9704-redhead")
    rendered.document.blocks[1].org_text = org_text
    return rendered.to_docx()


def test_check_recognises_a_red_head_by_its_look_not_its_words():
    docx = _red_head_docx("某某区教育局")
    roles = {c.paragraph.text: c.role for c in classify(read_docx(docx).paragraphs)}
    assert roles["某某区教育局"] == "redhead"
    assert roles["某某区第一实验小学2024年工作总结"] == "title"
    assert check(docx, "gbt9704-redhead").errors == []


def test_a_black_title_ending_in_wenjian_is_a_title():
    docx = prepare(_data(标题="关于转发上级文件"), style="gbt9704").to_docx()
    roles = {c.paragraph.text: c.role for c in classify(read_docx(docx).paragraphs)}
    assert roles["关于转发上级文件"] == "title"


@pytest.mark.slow
@pytest.mark.skipif(not pdf.available(), reason="LibreOffice（soffice）未安装")
def test_red_head_positions_in_the_pdf(tmp_path):
    """发文机关标志 35 mm below the text block top (37 mm margin), the marks above it flush left."""
    target = tmp_path / "head.docx"
    target.write_bytes(prepare(_data(), style="gbt9704-redhead").to_docx())
    out = pdf.convert([target], tmp_path)[0]
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = {m.group(5): tuple(float(m.group(i)) for i in range(1, 5)) for m in
             re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', bbox)}
    mm = 72 / 25.4
    top_of_block = 37 * mm
    assert abs(words["某某区第一实验小学文件"][1] - top_of_block - 35 * mm) < 3 * mm
    assert abs(words["000123"][0] - 28 * mm) < 1 * mm  # flush left in the text block
    assert words["000123"][1] < words["加急"][1] < words["某某区第一实验小学文件"][1]


def test_html_preview_shows_the_same_head():
    html = prepare(_data(签发人=["张三"]), style="gbt9704-redhead").to_html()
    marks = re.findall(r'<p class="head_mark">([^<]+)</p>', html)
    assert marks == ["000123", "秘密★1年", "加急"]
    assert "某小〔2024〕12号" in html and '签发人：<span class="signer_name">张三</span>' in html


def test_red_rule_drawn_as_a_line_shape_counts_too():
    """Word files made by hand often draw the red line as a shape (VML v:line), not a paragraph border."""
    import io
    import zipfile

    docx = _red_head_docx("某某区教育局")
    package = zipfile.ZipFile(io.BytesIO(docx))
    parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    border = re.search(r"<w:pBdr>.*?</w:pBdr>", xml).group(0)
    shape = ('<w:r><w:pict xmlns:v="urn:schemas-microsoft-com:vml"><v:line from="0,0" to="442pt,0" '
             'strokecolor="red" strokeweight="1.5pt"/></w:pict></w:r>')
    end = xml.index("</w:pPr>", xml.index(border)) + len("</w:pPr>")
    xml = (xml[:end] + shape + xml[end:]).replace(border, "", 1)  # the rule paragraph now holds a drawn line
    assert 'strokecolor="red"' in xml
    parts["word/document.xml"] = xml.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as changed:
        for name, data in parts.items():
            changed.writestr(name, data)
    roles = {c.paragraph.text: c.role for c in classify(read_docx(out.getvalue()).paragraphs)}
    assert roles["某某区教育局"] == "redhead" and roles["某某区第一实验小学2024年工作总结"] == "title"
