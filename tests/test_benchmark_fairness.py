"""The benchmark compares like with like: docxtpl's template and pandoc's
Markdown print exactly the paragraphs edureport prints for the same data, and
the typical document has the size the benchmark claims."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from docx import Document

import edureport

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import sample_data  # noqa: E402


def _paragraphs(docx: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs if p.text.strip()]


@pytest.fixture(scope="module")
def typical() -> dict:
    return sample_data.work_summary(8)


def test_typical_document_has_the_advertised_shape(typical):
    paragraphs = _paragraphs(edureport.render(typical, "work-summary"))
    assert paragraphs[0] == "某某市某某区教育局2024年工作总结"
    assert "二、主要工作及成效" in paragraphs
    assert sum(p.startswith("（") and "）" in p[:6] for p in paragraphs) == 8 + 3 + 6  # run-in items
    # about 5 pages of 22 × 28 characters, plus the key-figure table and headings: 6–8 pages
    # (bench.py counts them with LibreOffice)
    assert 2800 < sum(len(p) for p in paragraphs) < 4000
    assert sample_data.work_summary(8) == typical  # reproducible


def test_docxtpl_prints_what_edureport_prints(typical):
    pytest.importorskip("docxtpl")
    import docxtpl_template
    ours = _paragraphs(edureport.render(typical, "work-summary"))
    theirs = _paragraphs(docxtpl_template.render(docxtpl_template.build_template(), typical,
                                                 docxtpl_template.jinja_environment()))
    assert theirs == ours


def test_pandoc_markdown_carries_the_same_text(typical, tmp_path):
    import pandoc_markdown

    if not pandoc_markdown.available():
        pytest.skip("pandoc 未安装")
    docx = pandoc_markdown.render(pandoc_markdown.to_markdown(typical), tmp_path, None)
    theirs = "".join(_paragraphs(docx))
    ours = "".join(_paragraphs(edureport.render(typical, "work-summary")))
    assert theirs == ours
