"""Spreadsheets from other programs (.xls, .ods, WPS .et): converted to .xlsx through LibreOffice.

The converted copy lives in a temporary folder only while it is read; every
message still names the user's own file. Without LibreOffice the message says
how to save the file as .xlsx instead.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from edureport.core.errors import InputError, Problem

CONVERTIBLE = {".xls": "旧版 Excel（.xls）", ".ods": "LibreOffice/OpenOffice（.ods）", ".et": "WPS 表格（.et）"}
SOFFICE_ENV = "EDUREPORT_SOFFICE"  # the same variable the PDF writer honours
TIMEOUT = 120
SAVE_AS = "请用 Excel、WPS 或 LibreOffice 打开，选择“文件 → 另存为 → Excel 工作簿（*.xlsx）”后重试"


def _soffice() -> str | None:
    configured = os.environ.get(SOFFICE_ENV, "").strip()
    if configured:
        return configured if Path(configured).is_file() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_converted(path: Path):
    """The workbook at ``path`` (.xls/.ods/.et) as a :class:`WorkbookSource`, read from an .xlsx copy."""
    from edureport.sources.workbook import read_workbook

    kind = CONVERTIBLE[path.suffix.lower()]
    soffice = _soffice()
    if soffice is None:
        raise InputError(Problem(f"这是{kind}文件；本机没有安装 LibreOffice，无法自动转换为 .xlsx", location=str(path),
                                 suggestion=SAVE_AS))
    with tempfile.TemporaryDirectory(prefix="edureport-xlsx-") as work:
        work_dir = Path(work)
        command = [soffice, f"-env:UserInstallation={(work_dir / 'profile').resolve().as_uri()}", "--headless",
                   "--norestore", "--nologo", "--nolockcheck", "--convert-to", "xlsx", "--outdir", str(work_dir),
                   str(path.resolve())]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InputError(Problem(f"用 LibreOffice 把{kind}文件转换为 .xlsx 时失败：{exc}", location=str(path),
                                     suggestion=SAVE_AS)) from None
        converted = work_dir / f"{path.stem}.xlsx"
        if not converted.is_file():
            detail = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip()[-200:]
            calc = "（本机的 LibreOffice 可能没有安装 Calc 表格组件）" if "could not be loaded" in detail else ""
            raise InputError(Problem(f"LibreOffice 无法把这个{kind}文件转换为 .xlsx{calc}" + (f"：{detail}" if detail else ""),
                                     location=str(path), suggestion=SAVE_AS))
        source = read_workbook(converted)
    source.tables.name = source.name = path.name
    source.locations[()] = path.name
    return source
