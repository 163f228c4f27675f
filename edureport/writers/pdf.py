"""PDF through LibreOffice (``soffice``), with the standard Chinese fonts mapped
to installed substitutes.

The .docx keeps the fonts GB/T 9704 names (仿宋_GB2312, 黑体 …). On a machine
without them, a generated fontconfig file (the system configuration plus the
aliases in ``resources/fonts.conf``) tells LibreOffice which installed font to
draw each one with; nothing inside the document is renamed. Every run uses its
own LibreOffice profile folder, so parallel runs (batch, CI) never collide.

    >>> from edureport.pdf import convert
    >>> convert(["通知.docx", "总结.docx"], "pdf/")   # → [Path("pdf/通知.pdf"), Path("pdf/总结.pdf")]
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from edureport.core.errors import InputError, Problem, RenderError
from edureport.core.fingerprint import PDF_STAMP, stamp
from edureport.writers.ownership import check_target

SOFFICE_ENV = "EDUREPORT_SOFFICE"  # path to soffice when it is not on PATH
DEFAULT_TIMEOUT = 180  # seconds for one LibreOffice run (it converts several files per run)
ALIASES = Path(__file__).parent / "resources" / "fonts.conf"
_SYSTEM_INCLUDE = '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
_SYSTEM_CONF_CANDIDATES = ("/etc/fonts/fonts.conf", "/usr/local/etc/fonts/fonts.conf",
                           "/opt/homebrew/etc/fonts/fonts.conf", "/opt/local/etc/fonts/fonts.conf")
_SOFFICE_CANDIDATES = ("soffice", "libreoffice",
                       "/Applications/LibreOffice.app/Contents/MacOS/soffice",
                       r"C:\Program Files\LibreOffice\program\soffice.exe",
                       r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
MISSING_MESSAGE = ("未找到 LibreOffice（soffice），无法生成 PDF。请安装 LibreOffice"
                   "（Debian/Ubuntu：sudo apt install libreoffice-writer；Windows/macOS：从 libreoffice.org 下载），"
                   f"或用环境变量 {SOFFICE_ENV} 指明 soffice 的位置")


def find_soffice() -> str | None:
    """The LibreOffice executable: $EDUREPORT_SOFFICE, then PATH, then the usual install folders."""
    configured = os.environ.get(SOFFICE_ENV, "").strip()
    if configured:
        return configured if Path(configured).is_file() else shutil.which(configured)
    for candidate in _SOFFICE_CANDIDATES:
        found = shutil.which(candidate) or (candidate if os.path.isabs(candidate) and Path(candidate).is_file()
                                            else None)
        if found:
            return found
    return None


def available() -> bool:
    return find_soffice() is not None


def system_fontconfig() -> str | None:
    """The configuration fontconfig would read without us (so installed fonts stay visible)."""
    current = os.environ.get("FONTCONFIG_FILE", "")
    if current and Path(current).is_file() and Path(current).resolve() != ALIASES.resolve():
        return current
    folder = os.environ.get("FONTCONFIG_PATH", "")
    if folder and (Path(folder) / "fonts.conf").is_file():
        return str(Path(folder) / "fonts.conf")
    return next((c for c in _SYSTEM_CONF_CANDIDATES if Path(c).is_file()), None)


def write_fontconfig(folder: Path) -> Path:
    """A fonts.conf that includes the system configuration and our aliases for the standard fonts."""
    aliases = ALIASES.read_text(encoding="utf-8")
    system = system_fontconfig()
    include = f'<include ignore_missing="yes">{system}</include>' if system else ""
    if _SYSTEM_INCLUDE in aliases:
        text = aliases.replace(_SYSTEM_INCLUDE, include)
    else:
        text = aliases.replace("<fontconfig>", f"<fontconfig>\n  {include}", 1)
    target = folder / "fonts.conf"
    target.write_text(text, encoding="utf-8")
    return target


def _groups(paths: list[Path]) -> list[list[Path]]:
    """Split inputs so no run gets two files with the same name (their PDFs would collide)."""
    groups: list[list[Path]] = []
    for path in paths:
        for group in groups:
            if all(p.stem.lower() != path.stem.lower() for p in group):
                group.append(path)
                break
        else:
            groups.append([path])
    return groups


class Cancelled(RenderError):
    """The caller withdrew (the web page was closed or 取消 pressed); LibreOffice was stopped."""


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)  # soffice starts soffice.bin: end the whole group
    except (ProcessLookupError, PermissionError, AttributeError):
        process.kill()
    process.communicate()


def _run(command: list[str], env: dict[str, str], timeout: float,
         cancelled: Callable[[], bool] | None = None) -> subprocess.CompletedProcess:
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    deadline = time.monotonic() + timeout
    while True:
        try:
            out, err = process.communicate(timeout=min(0.5, max(0.01, deadline - time.monotonic())))
            break
        except subprocess.TimeoutExpired:
            if cancelled is not None and cancelled():
                _stop(process)
                raise Cancelled("已取消 PDF 转换") from None
            if time.monotonic() >= deadline:
                _stop(process)
                raise RenderError(f"LibreOffice 转换超时（超过 {timeout:g} 秒），已终止。"
                                  "文件很大时可调大超时时间，或检查 LibreOffice 能否正常启动") from None
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _place(produced: Path, target: Path, force: bool) -> Path:
    check_target(target, force)
    staging = target.with_name(f".{target.stem[:40]}.pdf.part")
    try:
        staging.write_bytes(stamp(produced.read_bytes(), *PDF_STAMP))
        os.replace(staging, target)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    return target


def convert(docx_paths: Iterable[str | Path], outdir: str | Path, *, timeout: float = DEFAULT_TIMEOUT,
            force: bool = False, cancelled: Callable[[], bool] | None = None) -> list[Path]:
    """Convert .docx files to PDF in ``outdir`` (same names, .pdf); returns the PDF paths in input order.

    Raises RenderError (exit 1) when LibreOffice is missing, fails or times out; InputError (exit 2)
    for a missing input or an existing PDF that LibreOffice did not make (unless ``force``).
    ``cancelled`` is asked twice a second while LibreOffice runs; once it answers True, LibreOffice
    is stopped and :class:`Cancelled` raised (the web page was closed).
    """
    paths = [Path(p) for p in docx_paths]
    for path in paths:
        if not path.is_file():
            raise InputError(Problem("找不到要转换的 Word 文件", location=str(path)))
    if not paths:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise RenderError(MISSING_MESSAGE)
    outdir = Path(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(Problem(f"无法创建 PDF 输出文件夹：{exc.strerror or exc}", location=str(outdir))) from None
    results: dict[Path, Path] = {}
    with tempfile.TemporaryDirectory(prefix="edureport-pdf-") as work:
        work_dir = Path(work)
        env = dict(os.environ, FONTCONFIG_FILE=str(write_fontconfig(work_dir)))
        profile = (work_dir / "profile").resolve().as_uri()
        for index, group in enumerate(_groups(paths)):
            staging = work_dir / f"out{index}"
            staging.mkdir()
            command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
                       "--nodefault", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
                       "--outdir", str(staging), *(str(p.resolve()) for p in group)]
            try:
                done = _run(command, env, timeout, cancelled)
            except OSError as exc:
                raise RenderError(f"无法启动 LibreOffice（{soffice}）：{exc.strerror or exc}") from None
            for path in group:
                produced = staging / f"{path.stem}.pdf"
                if not produced.is_file():
                    detail = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip()[-300:]
                    raise RenderError(f"{path}：LibreOffice 未能生成 PDF（退出码 {done.returncode}）"
                                      + (f"：{detail}" if detail else ""))
                results[path] = _place(produced, outdir / f"{path.stem}.pdf", force)
    return [results[p] for p in paths]


def convert_one(docx_path: str | Path, pdf_path: str | Path | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                force: bool = False, cancelled: Callable[[], bool] | None = None) -> Path:
    """One .docx to one PDF (default: next to it, same name)."""
    docx_path = Path(docx_path)
    target = Path(pdf_path) if pdf_path else docx_path.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="edureport-pdf-out-") as staging:
        produced = convert([docx_path], staging, timeout=timeout, force=True, cancelled=cancelled)[0]
        return _place(produced, target, force)
