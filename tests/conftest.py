import io
import shutil
from pathlib import Path

import pytest
from docx import Document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


def soffice_available() -> bool:
    return shutil.which("soffice") is not None
