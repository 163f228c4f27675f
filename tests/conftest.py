import io
import shutil
from pathlib import Path

import pytest
from docx import Document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def boxed_tables(doc) -> list:
    """Tables inside text boxes (the 版记 sits in one at the foot of the last page), as python-docx tables."""
    from docx.oxml.ns import qn
    from docx.table import Table

    return [Table(tbl, doc._body) for box in doc.element.body.iter(qn("w:txbxContent")) for tbl in box.iter(qn("w:tbl"))]


def imprint_table(doc):
    """The 版记 table of a generated document."""
    tables = boxed_tables(doc)
    assert tables, "no 版记"
    return tables[-1]


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


def soffice_available() -> bool:
    return shutil.which("soffice") is not None
