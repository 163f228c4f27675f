"""PDF through LibreOffice with the standard Chinese fonts mapped to installed
substitutes (fontconfig), never renamed inside the document."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edureport.cli import app
from edureport.document.model import AttachmentPage, Document, Heading, PageBreak, Paragraph, Run, Signature, Table, Title
from edureport.styles.profile import load_profile
from edureport.writers import ownership, pdf
from edureport.writers.docx import write_docx

ROOT = Path(__file__).resolve().parent.parent
needs_soffice = pytest.mark.skipif(not pdf.available(), reason="LibreOffice（soffice）未安装")
needs_poppler = pytest.mark.skipif(not shutil.which("pdffonts") or not shutil.which("pdfinfo"),
                                   reason="poppler-utils（pdfinfo、pdffonts）未安装")

# standard font → what the substitute's embedded name contains (resources/fonts.conf)
SUBSTITUTES = {
    "方正小标宋简体": ("NotoSerifCJK",),
    "黑体": ("NotoSansCJK", "WenQuanYi"),
    "楷体_GB2312": ("FandolKai", "UKai"),
    "仿宋_GB2312": ("FandolFang", "UMing", "NotoSerifCJK"),
}


def _three_page_document() -> Document:
    """Title, headings of three fonts, a table; a page break; an attachment page: exactly 3 pages."""
    return Document(blocks=[
        Title("某某区教育局关于开展2024年课后服务专项检查的通知"),
        Paragraph([Run("为进一步规范课后服务管理，决定开展专项检查。")]),
        Heading(1, [Run("检查内容")], number="一、"),
        Heading(2, [Run("课程安排")], number="（一）"),
        Table(["项目", "要求"], [["课后服务时长", "每天不少于2小时"]], ["left", "left"]),
        PageBreak(),
        Paragraph([Run("各校要认真组织自查，按时报送材料。")]),
        Signature("某某区教育局", "2024年3月1日"),
        AttachmentPage("附件", "自查情况汇总表"),
        Paragraph([Run("（由各校填报）")], role="center"),
    ], title="通知", author="某某区教育局")


def _pdffonts(path: Path) -> list[tuple[str, bool]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        embedded = parts[-5] == "yes"
        fonts.append((parts[0].split("+", 1)[-1], embedded))
    return fonts


def _pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@pytest.mark.slow
@needs_soffice
@needs_poppler
def test_pdf_has_the_pages_and_the_mapped_substitute_fonts(tmp_path):
    source = tmp_path / "通知.docx"
    source.write_bytes(write_docx(_three_page_document(), load_profile("gbt9704")))
    produced = pdf.convert([source], tmp_path / "pdf")
    assert produced == [tmp_path / "pdf" / "通知.pdf"]
    assert _pages(produced[0]) == 3
    fonts = _pdffonts(produced[0])
    assert all(embedded for _, embedded in fonts), fonts
    names = " ".join(name for name, _ in fonts)
    for standard, substitutes in SUBSTITUTES.items():
        assert any(s in names for s in substitutes), f"{standard} 未映射到 {substitutes}：{names}"
    assert "DejaVu" not in names  # the generic fallback means a mapping failed
    document_xml = zipfile.ZipFile(source).read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="仿宋_GB2312"' in document_xml  # the document keeps the standard names


@pytest.mark.slow
@needs_soffice
@needs_poppler
def test_render_pdf_cli_and_same_named_inputs(tmp_path):
    runner = CliRunner()
    target = tmp_path / "总结.docx"
    result = runner.invoke(app, ["render", str(ROOT / "examples" / "school-summary.yaml"), "-o", str(target), "--pdf"])
    assert result.exit_code == 0, result.output
    assert _pages(target.with_suffix(".pdf")) >= 2
    again = runner.invoke(app, ["render", str(ROOT / "examples" / "school-summary.yaml"), "-o", str(target), "--pdf"])
    assert again.exit_code == 0, again.output  # its own earlier PDF is replaced
    first, second = tmp_path / "a" / "x.docx", tmp_path / "b" / "x.docx"
    for path in (first, second):
        path.parent.mkdir()
        path.write_bytes(target.read_bytes())
    out = pdf.convert([first, second], tmp_path / "both", force=True)
    assert len(out) == 2 and out[0] == out[1] and out[0].is_file()


def test_missing_libreoffice_is_a_clear_chinese_error(tmp_path, monkeypatch):
    monkeypatch.setenv(pdf.SOFFICE_ENV, str(tmp_path / "no-soffice"))
    source = tmp_path / "a.docx"
    source.write_bytes(write_docx(_three_page_document(), load_profile("gbt9704")))
    runner = CliRunner()
    result = runner.invoke(app, ["render", str(ROOT / "examples" / "school-summary.yaml"),
                                 "-o", str(tmp_path / "b.docx"), "--pdf"])
    assert result.exit_code == 1
    assert "未找到 LibreOffice" in result.output
    assert (tmp_path / "b.docx").is_file()  # the Word file is still written
    with pytest.raises(Exception, match="未找到 LibreOffice"):
        pdf.convert([source], tmp_path)


def test_existing_foreign_pdf_is_not_overwritten(tmp_path, monkeypatch):
    mine = tmp_path / "a.pdf"
    mine.write_bytes(b"%PDF-1.4 my own scan")
    produced = tmp_path / "produced.pdf"
    produced.write_bytes(b"%PDF-1.4 /Producer (LibreOffice 7.4)")
    with pytest.raises(Exception, match="不是由 edureport 转换生成"):
        pdf._place(produced, mine, force=False)
    assert mine.read_bytes() == b"%PDF-1.4 my own scan"
    pdf._place(produced, mine, force=True)
    pdf._place(produced, mine, force=False)  # now it is ours: replaced without --force
    assert ownership.ownership(mine) == ownership.OURS


def test_a_pdf_the_user_exported_with_libreoffice_or_edited_is_kept(tmp_path):
    produced = tmp_path / "produced.pdf"
    produced.write_bytes(b"%PDF-1.4 /Producer (LibreOffice 7.4)")
    exported = tmp_path / "exported.pdf"
    exported.write_bytes(b"%PDF-1.4 /Producer (LibreOffice 7.6) exported by hand")
    with pytest.raises(Exception, match="不是由 edureport 转换生成"):
        pdf._place(produced, exported, force=False)
    assert exported.read_bytes() == b"%PDF-1.4 /Producer (LibreOffice 7.6) exported by hand"
    ours = pdf._place(produced, tmp_path / "ours.pdf", force=False)
    ours.write_bytes(ours.read_bytes().replace(b"7.4", b"7.5"))  # annotated in a PDF editor
    with pytest.raises(Exception, match="生成后被修改过"):
        pdf._place(produced, ours, force=False)


def test_render_pdf_refuses_a_foreign_pdf_before_writing_the_word_file(tmp_path):
    mine = tmp_path / "总结.pdf"
    mine.write_bytes(b"%PDF-1.4 my own scan")
    result = CliRunner().invoke(app, ["render", str(ROOT / "examples" / "school-summary.yaml"),
                                      "-o", str(tmp_path / "总结.docx"), "--pdf"])
    assert result.exit_code == 2
    assert "不是由 edureport 转换生成" in result.output
    assert not (tmp_path / "总结.docx").exists()  # nothing half-done
    assert mine.read_bytes() == b"%PDF-1.4 my own scan"


def test_generated_fontconfig_includes_system_and_aliases(tmp_path):
    conf = pdf.write_fontconfig(tmp_path).read_text(encoding="utf-8")
    system = pdf.system_fontconfig()
    if system:
        assert f"<include ignore_missing=\"yes\">{system}</include>" in conf
    assert "<family>仿宋_GB2312</family>" in conf and "<family>楷体_GB2312</family>" in conf


def test_a_cancelled_conversion_stops_libreoffice_at_once():
    import os
    import time

    from edureport.writers.pdf import Cancelled, _run

    asked = []
    started = time.monotonic()
    with pytest.raises(Cancelled):  # `sleep` stands in for a LibreOffice that would take 30 s
        _run(["sleep", "30"], dict(os.environ), 60, cancelled=lambda: asked.append(1) or len(asked) > 1)
    assert time.monotonic() - started < 5
