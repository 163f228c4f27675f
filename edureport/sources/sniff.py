"""Look at a file's first bytes before a loader opens it.

Office staff rename files, save “Excel” from web sites (HTML), protect
workbooks with passwords and pick Excel's ``~$`` lock files by mistake. Each
of these gets its own message here instead of a parser's stack trace.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from edureport.core.errors import InputError, Problem

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files and encrypted new ones
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
_TEXT_SUFFIXES = {".yaml", ".yml", ".json"}
_SAVE_AS_XLSX = "请在 Excel 中打开，选择“文件 → 另存为 → Excel 工作簿（*.xlsx）”后重试"


def _read(path: Path) -> bytes:
    from edureport.core.guards import read_regular_file

    return read_regular_file(path)


def _is_encrypted_ole(raw: bytes) -> bool:
    return raw.startswith(OLE2_MAGIC) and _ENCRYPTED_STREAM in raw


def check_file_kind(path: Path) -> None:
    """Raise :class:`InputError` when the file is not what its suffix says."""
    suffix = path.suffix.lower()
    where = str(path)
    if path.name.startswith("~$"):
        raise InputError(Problem("这是 Office 打开文件时产生的临时文件，不是数据文件", location=where,
                                 suggestion=f"请选择原文件“{path.name[2:]}”"))
    raw = _read(path)
    if not raw.strip():
        raise InputError(Problem("文件是空的", location=where, suggestion="请确认选对了文件并已保存"))
    if suffix == ".xls":
        if _is_encrypted_ole(raw):
            raise _encrypted(where, "清空密码后保存为 .xlsx")
        return  # converted to .xlsx through LibreOffice (sources.convert), or a message says how
    if suffix in _EXCEL_SUFFIXES:
        _check_workbook(raw, path)
    elif suffix in _TEXT_SUFFIXES and raw.startswith((ZIP_MAGIC, OLE2_MAGIC)):
        raise InputError(Problem(f"这不是文本文件：看起来是 Word 或 Excel 文件被改成了 {suffix} 扩展名", location=where,
                                 suggestion="Excel 数据请保存为 .xlsx 后直接使用；YAML 数据请用文本编辑器编写"))


def _encrypted(where: str, then: str) -> InputError:
    return InputError(Problem("工作簿已加密（设置了打开密码），无法读取", location=where,
                              suggestion="请先取消密码：在 Excel 中打开，“文件 → 信息 → 保护工作簿 → 用密码进行加密”，" + then))


def _check_workbook(raw: bytes, path: Path) -> None:
    where = str(path)
    if raw.startswith(OLE2_MAGIC):
        if _is_encrypted_ole(raw):
            raise _encrypted(where, "清空密码后保存，再重试")
        raise InputError(Problem("这是旧版 Excel（.xls）文件，只是扩展名写成了 .xlsx", location=where,
                                 suggestion=_SAVE_AS_XLSX))
    if not raw.startswith(ZIP_MAGIC):
        head = raw[:512].lstrip().lower()
        if head.startswith((b"<", b"\xef\xbb\xbf<")):
            kind = "网页（HTML/XML）文件，常见于从网站或系统导出的“Excel”"
        elif b"," in head or b"\t" in head:
            kind = "文本表格（CSV 等）文件"
        else:
            kind = "其他格式的文件"
        raise InputError(Problem(f"这不是有效的 Excel 工作簿：文件内容是{kind}，只是扩展名为 {path.suffix}",
                                 location=where, suggestion=_SAVE_AS_XLSX))
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError):
        raise InputError(Problem("Excel 工作簿已损坏（文件不完整）", location=where,
                                 suggestion="请确认文件已完整下载或保存；可在 Excel 中打开后重新另存")) from None
    if "xl/workbook.xml" not in names:
        other = "Word 文档" if "word/document.xml" in names else "压缩包"
        raise InputError(Problem(f"这不是 Excel 工作簿，而是{other}", location=where,
                                 suggestion="请选择 .xlsx 格式的数据工作簿"))
