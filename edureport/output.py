"""Writing results without losing anything.

Documents are written to a temporary file in the target folder and renamed
into place, so an interrupted run never leaves half a document. An existing
file is replaced only when edureport made it and nobody edited it since
(its fingerprint still matches), or when the user says --force.
"""
from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

from .errors import InputError, Problem

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_filename(name: str, suffix: str = ".docx", limit: int = 80) -> str:
    """A file name from a title or unit name that is valid on Windows, macOS and Linux."""
    stem = _UNSAFE.sub("_", name).strip(" ._") or "文档"
    if stem.upper().split(".")[0] in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                                      *(f"LPT{i}" for i in range(1, 10))}:
        stem = "_" + stem
    return stem[:limit] + suffix


def made_by_edureport_unchanged(path: Path) -> bool | None:
    """True: edureport made it and it is unchanged; False: edited or foreign; None: not a .docx."""
    from .writers.docx import FINGERPRINT_PROPERTY, fingerprint

    try:
        with zipfile.ZipFile(path) as package:
            custom = package.read("docProps/custom.xml").decode("utf-8")
            document = package.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    match = re.search(rf'name="{FINGERPRINT_PROPERTY}"><vt:lpwstr>([0-9a-f]+)</vt:lpwstr>', custom)
    if not match:
        return False
    return match.group(1) == fingerprint(document)


def check_target(path: Path, force: bool) -> None:
    """Raise unless ``path`` may be (over)written."""
    if path.is_dir():
        raise InputError(Problem("输出路径是一个文件夹", location=str(path),
                                 suggestion="请在 -o 中给出文件名，如 -o 输出/2024年工作总结.docx"))
    if path.exists() and not force:
        state = made_by_edureport_unchanged(path) if path.suffix.lower() == ".docx" else None
        if state is not True:
            reason = "已被修改过" if state is False else "不是 edureport 生成的"
            raise InputError(Problem(f"输出文件已存在，且{reason}，为避免覆盖您的文件，本次未写入", location=str(path),
                                     suggestion="如确需覆盖，请加 --force；或用 -o 换一个文件名"))


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` via a temporary file and rename; never leaves a partial file."""
    path = Path(path)
    check_target(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(Problem(f"无法创建输出文件夹：{exc.strerror or exc}", location=str(folder))) from None
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError(Problem(f"输出文件夹不可写：{exc.strerror or exc}", location=str(folder),
                                 suggestion="请检查文件夹权限，或用 -o 指定其他位置")) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException as exc:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(Problem(f"写入失败：{exc.strerror or exc}", location=str(path),
                                     suggestion="请检查磁盘空间和文件是否被 Word 等程序占用")) from None
        raise
    return path
