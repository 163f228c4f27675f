"""The model is final before any writer: document conventions are model passes, and the
custom document properties of a .docx have one reader (output guard and checker)."""
from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from conftest import EXAMPLES, imprint_table, open_docx

from edureport import output
from edureport.checker.docx_reader import read_docx
from edureport.document.markup import parse
from edureport.document.model import Heading, Imprint, Recipient, RedHead
from edureport.document.passes import finish
from edureport.pipeline import prepare
from edureport.styles.profile import load_profile
from edureport.writers.docx import FINGERPRINT_PROPERTY, write_docx

MARKUP = """::: title
关于做好2025年春季开学工作的通知
:::

::: recipient
各中小学
:::

{.runin}
# 加强组织领导

各校要成立工作专班。

{.runin}
# 落实安全责任？

开学前完成隐患排查。

::: imprint
抄送：区政府办公室，区财政局

印发机关：某某区教育局办公室

印发日期：2025年2月10日
:::
"""


def _finished(style: str = "gbt9704"):
    document = parse(MARKUP, title="通知", author="某某区教育局")
    return finish(document, load_profile(style))


def test_finished_model_carries_every_convention():
    document = _finished()
    recipient = next(b for b in document.blocks if isinstance(b, Recipient))
    assert recipient.text == "各中小学："
    runin = [b for b in document.blocks if isinstance(b, Heading)]
    assert [h.number + h.text for h in runin] == ["一、加强组织领导。", "二、落实安全责任？"]
    imprint = next(b for b in document.blocks if isinstance(b, Imprint))
    assert imprint.cc_line == "抄送：区政府办公室，区财政局。"
    assert imprint.issued == "2025年2月10日印发"
    assert not any(isinstance(b, RedHead) for b in document.blocks)


def test_red_head_style_adds_the_red_head_before_the_title_once():
    document = _finished("gbt9704-redhead")
    heads = [b for b in document.blocks if isinstance(b, RedHead)]
    assert [h.org_text for h in heads] == ["某某区教育局文件"]
    assert isinstance(document.blocks[0], RedHead)


def test_markup_red_head_is_kept_and_no_second_one_is_added():
    document = finish(parse("::: redhead\n某某区教育局\n\n某教发〔2025〕3号\n:::\n\n::: title\n通知\n:::\n",
                            author="某某区教育局"), load_profile("gbt9704-redhead"))
    heads = [b for b in document.blocks if isinstance(b, RedHead)]
    assert [(h.org_text, h.number) for h in heads] == [("某某区教育局", "某教发〔2025〕3号")]


def test_finishing_twice_changes_nothing():
    document = _finished("gbt9704-redhead")
    again = finish(copy.deepcopy(document), load_profile("gbt9704-redhead"))
    assert again == document


def test_writers_print_the_finished_model():
    rendered = prepare(EXAMPLES / "bureau-plan.yaml")
    imprint = next(b for b in rendered.document.blocks if isinstance(b, Imprint))
    imprint.cc_line = "抄送：模型里写的这一行。"  # a writer that re-derives the line would not show this
    imprint.issued = "模型里的印发日期"
    lines = [cell.text for row in imprint_table(open_docx(rendered.to_docx())).rows for cell in row.cells]
    assert lines[0] == "抄送：模型里写的这一行。"
    assert lines[-1].endswith("\t模型里的印发日期")


# -- custom document properties: one reader --------------------------------------------
def _resaved(docx: bytes, custom_xml: str) -> bytes:
    """The same package with docProps/custom.xml as another program might save it."""
    source, buffer = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = custom_xml.encode("utf-8") if item.filename == "docProps/custom.xml" else source.read(item)
            target.writestr(item, data)
    return buffer.getvalue()


def test_checker_reads_property_values_unescaped():
    document = parse("::: title\n通知\n:::\n")
    docx = write_docx(document, load_profile(), {"edureport-template": "计划&总结<甲>"})
    assert read_docx(docx).properties["edureport-template"] == "计划&总结<甲>"


def test_output_guard_recognises_its_document_after_properties_are_resaved(tmp_path: Path):
    document = parse("::: title\n通知\n:::\n")
    docx = write_docx(document, load_profile())
    fingerprint = read_docx(docx).properties[FINGERPRINT_PROPERTY]
    resaved = _resaved(docx, (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<op:Properties xmlns:op='http://schemas.openxmlformats.org/officeDocument/2006/custom-properties'\n"
        "    xmlns:t='http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes'>\n"
        f"  <op:property pid='2' name='{FINGERPRINT_PROPERTY}' fmtid='{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}'>\n"
        f"    <t:lpwstr>{fingerprint}</t:lpwstr>\n  </op:property>\n</op:Properties>\n"))
    path = tmp_path / "通知.docx"
    path.write_bytes(resaved)
    assert output.ownership(path) == output.OURS
    assert read_docx(resaved).properties[FINGERPRINT_PROPERTY] == fingerprint


def test_attachment_note_is_labelled_and_numbered_only_when_several():
    several = finish(parse("::: attachments\n\n- 甲表\n- 乙表\n\n:::\n"), load_profile())
    single = finish(parse("::: attachments\n\n- 甲表\n\n:::\n"), load_profile())
    assert (several.blocks[0].label, several.blocks[0].numbers) == ("附件：", ["1.", "2."])
    assert (single.blocks[0].label, single.blocks[0].numbers) == ("附件：", [])
