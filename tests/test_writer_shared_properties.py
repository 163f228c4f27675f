"""Body paragraphs share their paragraph properties in the writer; changing one must not change the others."""
from docx.oxml.ns import qn

import edureport
from tests.conftest import open_docx

DATA = {"文种": "工作总结", "单位": "某某区实验小学", "年度": 2024, "成文日期": "2024-12-20",
        "基本情况": ["第一段正文。", "第二段正文。", "第三段正文。"]}


def test_only_the_paragraph_before_the_signature_keeps_with_next():
    doc = open_docx(edureport.render(DATA))
    body = [p for p in doc.paragraphs if p.text.endswith("段正文。")]
    assert [p.text for p in body] == ["第一段正文。", "第二段正文。", "第三段正文。"]
    keeps = [p._p.pPr.find(qn("w:keepNext")) is not None for p in body]
    assert keeps == [False, False, True]
