"""版记 (GB/T 9704 7.4) at the foot of the last page: a text box whose bottom is the text block's bottom,
which Word, WPS and LibreOffice all honour (LibreOffice set the old floating table right after the signature)."""
import re
import subprocess

import pytest
import yaml
from conftest import EXAMPLES, imprint_table, open_docx
from docx.oxml.ns import qn

from edureport.checker import check
from edureport.pipeline import prepare
from edureport.writers import pdf

IMPRINT = {"抄送": ["区委办公室", "区政府办公室", "区财政局"], "印发机关": "某某区第一实验小学办公室", "印发日期": "2024-12-21"}
PT_PER_MM = 72 / 25.4
TEXT_BLOCK_BOTTOM = (297 - 35) * PT_PER_MM  # GB/T 9704: bottom margin 35 mm
LINE = 28.95  # pt, one line of the document grid


def _data(**extra) -> dict:
    data = yaml.safe_load((EXAMPLES / "school-summary.yaml").read_text(encoding="utf-8"))
    data.update(IMPRINT)
    data.update(extra)
    return data


def test_imprint_is_a_text_box_at_the_bottom_of_the_text_block():
    docx = prepare(_data()).to_docx()
    doc = open_docx(docx)
    anchor = doc.element.body.findall(qn("w:p"))[-1].find(f".//{{{'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing'}}}anchor")
    assert anchor is not None, "the last paragraph anchors the 版记"
    vertical = anchor.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}positionV")
    assert vertical.get("relativeFrom") == "margin" and vertical[0].text == "bottom"
    rows = [c.text for row in imprint_table(doc).rows for c in row.cells]
    assert rows == ["抄送：区委办公室，区政府办公室，区财政局。", "某某区第一实验小学办公室\t2024年12月21日印发"]
    assert check(docx).errors == []


def _last_page_words(docx: bytes, tmp_path, name: str) -> list[tuple[str, float, float]]:
    target = tmp_path / f"{name}.docx"
    target.write_bytes(docx)
    out = pdf.convert([target], tmp_path)[0]
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                                                             check=True).stdout).group(1))
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", str(pages), "-l", str(pages), str(out), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(m.group(3), float(m.group(1)), float(m.group(2)))
            for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', bbox)]


@pytest.mark.slow
@pytest.mark.skipif(not pdf.available(), reason="LibreOffice（soffice）未安装")
@pytest.mark.parametrize("extra", [{}, {"主要成绩": ["只有一项。"], "存在问题": [], "工作打算": [], "指标": [], "经验体会": [], "附件": []}],
                         ids=["long", "short"])
def test_imprint_at_the_foot_of_the_last_page_in_the_pdf(tmp_path, extra):
    words = _last_page_words(prepare(_data(**extra)).to_docx(), tmp_path, "imprint")
    issued = [w for w in words if w[0].endswith("印发")]
    assert issued, words[-5:]
    last_line_bottom = issued[-1][2]
    assert TEXT_BLOCK_BOTTOM - LINE <= last_line_bottom <= TEXT_BLOCK_BOTTOM + 1, (last_line_bottom, TEXT_BLOCK_BOTTOM)
    signature_date = [w for w in words if w[0].startswith("2024") and w[2] < issued[-1][1]]
    assert signature_date, "the signature stays above the 版记 on the same page"
