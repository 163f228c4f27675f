"""Uploads: size limit, accepted kinds, zip-bomb guard, and each request's own folder.

The name the browser sends is only ever shown back to the user; the copy on
disk is always ``<request folder>/edureport-upload.<suffix>``, the suffix taken
from a fixed list. The folder is removed when the request is answered.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from starlette.concurrency import run_in_threadpool

from edureport.core.errors import InputError, Problem

DEFAULT_LIMIT = 20 * 1024 * 1024
STORED_STEM = "edureport-upload"
DATA_KINDS = (".xlsx", ".xlsm", ".yaml", ".yml", ".json")
WORKBOOK_KINDS = (".xlsx", ".xlsm")
WORD_KINDS = (".docx",)
# an Office file unpacks to a few times its size; far beyond that it is built to exhaust memory
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UploadTooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def too_large_message(limit: int) -> str:
    return (f"文件太大：网页上传最多 {limit / 1024 / 1024:g} MB。"
            "请确认选对了文件；数据确实很多时，可拆成几个文件分别上传，或在命令行用 edureport 处理")


def shown_name(client_name: str | None) -> str:
    """The browser's file name, for messages only: no folders, no control characters, not too long."""
    name = _CONTROL.sub("", (client_name or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return name[:80] or "上传的文件"


def suffix_of(client_name: str, accepted: tuple[str, ...], what: str) -> str:
    suffix = Path(shown_name(client_name)).suffix.lower()
    if suffix not in accepted:
        raise InputError(Problem(f"不支持的文件类型“{suffix or '（无扩展名）'}”", location=shown_name(client_name),
                                 expected="、".join(accepted), suggestion=f"请选择{what}"))
    return suffix


def check_zip(path: Path, shown: str) -> None:
    """Refuse a package whose contents would unpack to far more than any real Office file."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip at all: the pipeline's own check says what it is instead
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO and unpacked > 10 * 1024 * 1024:
        raise InputError(Problem("文件解压后异常巨大（疑似“压缩炸弹”），为保护服务器未予处理", location=shown,
                                 found=f"解压后约 {unpacked / 1024 / 1024:.0f} MB、{len(members)} 个部件",
                                 suggestion="请在 Excel 或 Word 中打开该文件并重新保存后再上传"))


class RequestFolder:
    """A request's own temporary folder, made when first needed (a form's .docx needs none)."""

    def __init__(self) -> None:
        self._path: Path | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix="edureport-web-"))
        return self._path

    def remove(self) -> None:
        if self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)
            self._path = None


@asynccontextmanager
async def request_folder() -> AsyncIterator[RequestFolder]:
    """Removed when the request is answered, in a thread: removing a folder can wait on the disk for
    milliseconds (4 ms on an ext4 mounted with ``discard``), which the event loop serves other requests in."""
    folder = RequestFolder()
    try:
        yield folder
    finally:
        with anyio.CancelScope(shield=True):  # a client that goes away still gets its folder removed
            await run_in_threadpool(folder.remove)


async def save_upload(upload, folder: Path, accepted: tuple[str, ...], what: str, limit: int) -> tuple[Path, str]:
    """Copy a form's file into ``folder`` (counting bytes), check its kind; returns (stored path, shown name)."""
    if upload is None or not hasattr(upload, "read"):
        raise InputError(Problem("没有收到文件", suggestion=f"请选择{what}，或把它拖到虚线框中"))
    shown = shown_name(upload.filename)
    suffix = suffix_of(upload.filename or "", accepted, what)
    stored = folder / f"{STORED_STEM}{suffix}"
    size = 0
    with open(stored, "wb") as out:
        while chunk := await upload.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                raise UploadTooLarge(limit)
            out.write(chunk)
    if size == 0:
        raise InputError(Problem("文件是空的", location=shown, suggestion="请确认选对了文件并已保存"))
    if suffix in WORKBOOK_KINDS + WORD_KINDS:
        check_zip(stored, shown)
    return stored, shown
