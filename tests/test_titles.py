"""Title lines (GB/T 9704 7.3.1): broken between words into balanced lines, never a line of one or two
characters, never inside a number and its unit or a short bracket. Run with -s to read every broken title."""
import re
import subprocess
from pathlib import Path

import pytest
from conftest import open_docx

import edureport
from edureport.core.textmetrics import measure
from edureport.core.titles import balance_title, cut_points
from edureport.writers import pdf

TITLES = [line.strip() for line in (Path(__file__).parent / "fixtures" / "titles.txt").read_text(encoding="utf-8")
          .splitlines() if line.strip() and not line.startswith("#")]
PER_LINE = 20  # the title role's chars_per_line


def test_every_title_breaks_well():
    print()
    for title in TITLES:
        lines = balance_title(title, PER_LINE)
        print(" ｜ ".join(lines))
        assert "".join(lines) == title
        assert all(measure(line) <= PER_LINE for line in lines), lines
        if len(lines) > 1:
            assert all(len(line) >= 3 for line in lines), lines  # never one or two characters alone
            assert len(lines) <= -(-measure(title) // PER_LINE) + 1
            widths = [measure(line) for line in lines]
            assert max(widths) - min(widths) <= 8, lines  # 长短适宜
        for before, after in zip(lines, lines[1:]):
            assert not (before[-1].isdigit() and after[0] in "年月日度所个人项"), lines  # 2014|年
            assert not (before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalnum())
            assert after[0] not in "，。、；：）》”%" and before[-1] not in "（《“"


@pytest.mark.parametrize("title, lines", [
    ("茅箭教育改革创新工作总结和2014年工作思路", ["茅箭教育改革创新", "工作总结和2014年工作思路"]),  # never 路 alone
    ("某某市教育局关于2024年度全市教育系统安全生产专项整治工作情况的汇报",
     ["某某市教育局关于2024年度全市教育系统", "安全生产专项整治工作情况的汇报"]),
    ("某某县教育体育局关于印发《某某县推进县域普通高中振兴三年行动计划（2024—2026年）》的通知",
     ["某某县教育体育局关于印发", "《某某县推进县域普通高中振兴", "三年行动计划（2024—2026年）》的通知"]),
    ("區教育局關於2022年工作總結與2023年工作打算範文", ["區教育局關於2022年", "工作總結與2023年工作打算範文"]),
])
def test_known_titles(title, lines):
    assert balance_title(title, PER_LINE) == lines


def test_cuts_keep_numbers_units_and_short_brackets_whole():
    title = "学校提质培优三年行动计划实施方案（2020—2023年）"
    cuts = cut_points(title)
    start = title.index("（")
    assert not any(start < c < len(title) for c in cuts)
    assert title.index("年") + 1 not in cuts or title[title.index("年") - 1] != "0"


def test_title_lines_in_the_docx():
    title = "茅箭教育改革创新工作总结和2014年工作思路"
    doc = open_docx(edureport.render({"org": "茅箭区教育局", "year": 2013, "title": title}, "work-summary"))
    assert doc.paragraphs[0].text == "茅箭教育改革创新\n工作总结和2014年工作思路"


def test_title_lines_in_the_html_preview():
    from edureport.pipeline import prepare

    title = "茅箭教育改革创新工作总结和2014年工作思路"
    html = prepare({"org": "茅箭区教育局", "year": 2013, "title": title}, "work-summary").to_html()
    assert "茅箭教育改革创新<br>工作总结和2014年工作思路" in html


@pytest.mark.slow
@pytest.mark.skipif(not pdf.available(), reason="LibreOffice（soffice）未安装")
def test_title_lines_in_the_pdf(tmp_path):
    """LibreOffice sets each title line as broken: no line wraps again (no 路 alone)."""
    titles = ["茅箭教育改革创新工作总结和2014年工作思路",
              "某某自治区某某市某某县教育和体育局关于开展2024年秋季学期中小学教育教学质量专项督导评估工作的通知"]
    for index, title in enumerate(titles):
        docx = tmp_path / f"t{index}.docx"
        docx.write_bytes(edureport.render({"org": "某单位", "year": 2024, "title": title}, "work-summary"))
        out = pdf.convert([docx], tmp_path)[0]
        text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(out), "-"], capture_output=True,
                              text=True, check=True).stdout
        printed = [re.sub(r"\s+", "", line) for line in text.splitlines() if line.strip()]
        expected = balance_title(title, PER_LINE)
        assert printed[:len(expected)] == expected, printed[:4]
