"""Writing results without losing anything.

Documents are written to a temporary file in the target folder and renamed
into place, so an interrupted run never leaves half a document. An existing
file is replaced only when edureport made it and nobody edited it since, or
when the user says --force (see :mod:`edureport.writers.ownership`).
"""
from __future__ import annotations

import errno
import glob
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from edureport.core.errors import InputError, Problem, RenderError
from edureport.core.guards import NAME_BYTES, check_name_length  # noqa: F401  (re-exported)
from edureport.writers.ownership import EDITED, FOREIGN, OURS, check_target, ownership

__all__ = ["EDITED", "FOREIGN", "OURS", "check_target", "ownership", "safe_filename", "write_atomic"]

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


_STEM_BYTES = 180  # leaves room for “（12）”, the suffix and the temporary name's additions
# Invisible characters that reorder or hide text (U+202E turns “报告‮xcod.exe” into “报告exe.docx”),
# and line separators: none belongs in a file name.
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}


def _shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, never inside a character."""
    encoded = text.encode("utf-8")
    return text if len(encoded) <= limit else encoded[:limit].decode("utf-8", "ignore")


def safe_filename(name: str, suffix: str = ".docx", limit: int = 80) -> str:
    """A file name from a title or unit name that is valid on Windows, macOS and Linux: no hidden
    characters, at most ``limit`` characters and well under 255 bytes (emoji take four)."""
    visible = "".join(c for c in name if unicodedata.category(c) not in _HIDDEN_CATEGORIES)
    stem = _UNSAFE.sub("_", visible).strip(" ._") or "文档"
    if stem.upper().split(".")[0] in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                                      *(f"LPT{i}" for i in range(1, 10))}:
        stem = "_" + stem
    return _shorten(stem[:limit], _STEM_BYTES).rstrip(" .") + suffix


def output_target(title: str, output: Path | None, suffix: str) -> Path:
    """Where a document goes: ``output`` as given, a file named from the title inside an existing
    folder, or the title in the current folder; the suffix is added when missing."""
    default_name = safe_filename(title, suffix=suffix)
    if output is not None:
        check_name_length(output)
    into_folder = output is not None and output.is_dir() and output.suffix.lower() != suffix
    target = output / default_name if into_folder else output or Path(default_name)
    if target.suffix.lower() != suffix:
        target = target.with_name(target.name + suffix)
    return target


_OS_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "磁盘是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EEXIST: "路径中有一个同名的文件挡住了文件夹",
    errno.ENOTDIR: "路径中有一个同名的文件挡住了文件夹",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被其他程序使用",
}


def _reason(exc: OSError) -> str:
    return _OS_REASONS.get(exc.errno, exc.strerror or str(exc))


def _file_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (not mkstemp's 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


_partial_files: set[str] = set()  # temporary files being written by this process


def discard_partial_files() -> None:
    """Remove the temporary files of writes in progress (a worker told to end at once calls this)."""
    for name in list(_partial_files):
        try:
            os.unlink(name)
        except OSError:
            pass


def _temporary_prefix(path: Path) -> str:
    return f".{path.stem[:40]}."


def remove_orphaned_temporary(path: Path) -> None:
    """Remove what a killed process left of its write to ``path`` (its temporary file)."""
    path = Path(path)
    for leftover in path.parent.glob(glob.escape(_temporary_prefix(path)) + "*.part"):
        try:
            leftover.unlink()
        except OSError:
            pass


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` via a temporary file and rename; never leaves a partial file."""
    path = Path(path)
    check_target(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(Problem(f"无法创建输出文件夹：{_reason(exc)}", location=str(folder),
                                 suggestion="请检查路径，或用 -o 指定其他位置")) from None
    try:
        handle, temp_name = tempfile.mkstemp(prefix=_temporary_prefix(path), suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError(Problem(f"输出文件夹不可写：{_reason(exc)}", location=str(folder),
                                 suggestion="请检查文件夹权限，或用 -o 指定其他位置")) from None
    _partial_files.add(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, _file_mode(path))
        os.replace(temp_name, path)
    except BaseException as exc:  # Ctrl-C, full disk …: remove the half-written temporary file
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise RenderError(f"{path}：写入失败：{_reason(exc)}，原有文件未被改动。"
                              "请检查磁盘空间，以及文件是否正被 Word 等程序打开") from None
        raise
    finally:
        _partial_files.discard(temp_name)
    return path
