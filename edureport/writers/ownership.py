"""Did edureport write this file? One answer for every format it writes.

An existing output file is replaced only when we made it and nobody edited it
since, or when the user says --force. Each format carries its own mark: a
.docx its fingerprint in the custom document properties, an HTML preview its
generator meta tag, a PDF LibreOffice's producer entry (we convert with it).
"""
from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from edureport.core.errors import InputError, Problem
from edureport.core.fingerprint import HTML_STAMP, PDF_STAMP, unchanged
from edureport.core.guards import check_name_length, check_package
from edureport.writers.docx import FINGERPRINT_PROPERTY, fingerprint
from edureport.writers.ooxml import read_custom_properties

OURS, EDITED, FOREIGN = "ours", "edited", "foreign"


def _docx_ownership(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as package:
            check_package(package, str(path))  # an existing file in the way may be a zip bomb too
            document = package.read("word/document.xml")
            recorded = read_custom_properties(package).get(FINGERPRINT_PROPERTY)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, InputError):
        return FOREIGN
    if not recorded:
        return FOREIGN
    return OURS if recorded == fingerprint(document) else EDITED


_OWNERSHIP: dict[str, Callable[[Path], str]] = {
    ".docx": _docx_ownership,
    ".html": lambda path: OURS if unchanged(path, *HTML_STAMP) else FOREIGN,  # an annotated preview is kept
    ".pdf": lambda path: OURS if unchanged(path, *PDF_STAMP) else FOREIGN,  # so is a PDF the user exported
}
_NOT_OURS = {EDITED: "生成后被修改过", FOREIGN: "不是 edureport 生成的"}
_NOT_OURS_BY_SUFFIX = {".pdf": {FOREIGN: "不是由 edureport 转换生成的（或生成后被修改过）"}}


def ownership(path: Path) -> str:
    """Who made an existing file: OURS (edureport, unchanged since), EDITED (edureport,
    changed since: its fingerprint no longer matches) or FOREIGN (anything else)."""
    recognise = _OWNERSHIP.get(Path(path).suffix.lower())
    return recognise(Path(path)) if recognise else FOREIGN


def check_target(path: Path, force: bool) -> None:
    """Raise unless ``path`` may be (over)written: new, ours and unchanged, or --force."""
    path = Path(path)
    check_name_length(path)
    if path.is_dir():
        raise InputError(Problem("输出路径是一个文件夹", location=str(path),
                                 suggestion="请在 -o 中给出文件名，如 -o 输出/2024年工作总结.docx"))
    if path.exists() and not force:
        state = ownership(path)
        if state != OURS:
            reason = _NOT_OURS_BY_SUFFIX.get(path.suffix.lower(), {}).get(state) or _NOT_OURS[state]
            raise InputError(Problem(f"输出文件已存在，且{reason}，为避免覆盖您的文件，本次未写入", location=str(path),
                                     suggestion="如确需覆盖，请加 --force；或用 -o 换一个文件名"))
