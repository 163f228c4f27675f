"""Checks that run before an expensive step: is this a regular file of a sane size,
does this zip package inflate to a sane size? See :mod:`edureport.core.limits`."""
from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from edureport.core import limits
from edureport.core.errors import InputError, Problem


def check_regular_file(path: Path) -> int:
    """The size of ``path``; refuse anything but a regular file within ``MAX_INPUT_BYTES``.

    A FIFO would block the reader forever and ``/dev/zero`` never ends, so the
    kind is decided by ``stat`` before a single byte is read.
    """
    where = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(Problem("找不到文件", location=where, suggestion="请检查文件名和路径")) from None
    except OSError as exc:
        raise InputError(Problem(f"无法读取文件：{exc.strerror or exc}", location=where)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(Problem("输入应为文件，这是一个文件夹", location=where))
    if not stat.S_ISREG(info.st_mode):
        raise InputError(Problem("这不是普通文件（而是设备、管道或套接字），无法作为输入读取", location=where,
                                 suggestion="请选择保存在磁盘上的文件"))
    if info.st_size > limits.MAX_INPUT_BYTES:
        raise InputError(Problem(f"文件太大（{limits.human_bytes(info.st_size)}），超过了 "
                                 f"{limits.human_bytes(limits.MAX_INPUT_BYTES)} 的上限", location=where,
                                 suggestion="请确认选对了文件；数据很多时请拆成几个文件。" + limits.limit_hint("MAX_INPUT_BYTES")))
    return info.st_size


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file within the size limit (never more, even if it grows meanwhile)."""
    check_regular_file(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(limits.MAX_INPUT_BYTES + 1)
    except PermissionError:
        raise InputError(Problem("没有权限读取文件", location=str(path),
                                 suggestion="请检查文件权限，或先把文件复制到自己的文件夹")) from None
    except OSError as exc:
        raise InputError(Problem(f"无法读取文件：{exc.strerror or exc}", location=str(path),
                                 suggestion="如果文件正在被其他程序使用，请先关闭它")) from None
    if len(data) > limits.MAX_INPUT_BYTES:
        raise InputError(Problem("文件太大", location=str(path), suggestion=limits.limit_hint("MAX_INPUT_BYTES")))
    return data


def check_package(package: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip package (.xlsx/.docx) whose parts inflate beyond the limits, before inflating any.

    ``zipfile`` never returns more bytes than a member's declared size (it stops
    there and fails the CRC check), so the declared sizes are a safe bound.
    """
    total = 0
    for info in package.infolist():
        size = info.file_size
        total += size
        where = f"{name} 中的 {info.filename}"
        if size > limits.MAX_PART_BYTES:
            raise InputError(Problem(f"文件中的一个部件解压后有 {limits.human_bytes(size)}，超过了 "
                                     f"{limits.human_bytes(limits.MAX_PART_BYTES)} 的上限（可能是“压缩炸弹”或已损坏）",
                                     location=where, suggestion="请用 Excel / Word 打开后另存一份再试。"
                                     + limits.limit_hint("MAX_PART_BYTES")))
        if size > limits.RATIO_APPLIES_ABOVE and size > limits.MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise InputError(Problem(f"文件中的一个部件压缩比异常（{info.compress_size} 字节解压为 "
                                     f"{limits.human_bytes(size)}），可能是“压缩炸弹”", location=where,
                                     suggestion="请用 Excel / Word 打开后另存一份再试。" + limits.limit_hint("MAX_COMPRESSION_RATIO")))
    if total > limits.MAX_PACKAGE_BYTES:
        raise InputError(Problem(f"文件解压后共有 {limits.human_bytes(total)}，超过了 "
                                 f"{limits.human_bytes(limits.MAX_PACKAGE_BYTES)} 的上限", location=name,
                                 suggestion="请确认选对了文件。" + limits.limit_hint("MAX_PACKAGE_BYTES")))


def check_text_length(text: str, where: str, limit: int, name: str) -> None:
    if len(text) > limit:
        raise InputError(Problem(f"内容过长（{len(text):,} 个字符），超过了 {limit:,} 个字符的上限", location=where,
                                 suggestion="请确认内容无误，长段文字请分成几段。" + limits.limit_hint(name)))


NAME_BYTES = 255  # the longest file name (in UTF-8 bytes) ext4, NTFS and APFS all accept


def check_name_length(path: Path) -> None:
    """Refuse a file name the disk cannot hold, with a message instead of an OS error."""
    for part in (path.name, *(p.name for p in path.parents)):
        if len(part.encode("utf-8")) > NAME_BYTES:
            raise InputError(Problem(f"文件名太长（{len(part.encode('utf-8'))} 字节），磁盘最多允许 {NAME_BYTES} 字节",
                                     location=str(path)[:120] + "…",
                                     suggestion="请用 -o 给一个短一些的文件名（一个汉字占 3 字节）"))
