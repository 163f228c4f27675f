"""`edureport format`: any Word file → the same text as a proper 公文.

read (readers.docx) → finish (heading numbers …) → write (writers.docx) → check the
result. The report lists every text fix, the numbering findings, what the reader
handled (tracked changes, comments, pictures) and the layout faults of the input
that rewriting through the style profile sets right.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from edureport.checker import check_content
from edureport.checker.docx_reader import read_docx
from edureport.checker.report import Report
from edureport.core.errors import InputError, Problem
from edureport.document.model import RedHead
from edureport.document.passes import finish
from edureport.readers.docx import Reading, read_docx_document
from edureport.readers.fixes import FIXES
from edureport.styles.profile import Profile, load_profile

REDHEAD_STYLE = "gbt9704-redhead"
CONVERTED = (".doc", ".wps", ".odt", ".rtf", ".wpt", ".dot", ".dotx", ".docm")
_LAYOUT_RULES = {"page": "页面设置", "grid": "文档网格", "font": "字体", "size": "字号", "bold": "加粗",
                 "indent": "缩进", "align": "对齐", "page_number": "页码", "spacing": "行距"}


@dataclass
class Formatted:
    reading: Reading
    profile: Profile
    input_report: Report
    data: bytes = b""
    output_report: Report | None = None
    converted_from: str = ""
    kept: set[str] = field(default_factory=set)

    def layout_fixes(self) -> list[str]:
        counts = Counter(f.rule for f in self.input_report.findings if f.rule in _LAYOUT_RULES)
        return [f"{_LAYOUT_RULES[rule]}：{count}处" for rule, count in counts.items()]

    def lines(self) -> list[str]:
        """The report, in Chinese: what changed (or would change) and why."""
        out = []
        if self.converted_from:
            out.append(f"已用 LibreOffice 把 {self.converted_from} 转为 .docx 后读取")
        layout = self.layout_fixes()
        out.append(f"版式：按样式 {self.profile.name} 重排（字体、字号、行距、页边距、版心网格、页码）"
                   + (f"；原文件的版式问题：{'，'.join(layout)}" if layout else "；原文件未发现版式问题"))
        changes = self.reading.changes
        by_fix = Counter(c.fix for c in changes)
        summary = "，".join(f"{FIXES[k]}{by_fix[k]}处" for k in FIXES if by_fix[k])
        out.append(f"文字修正：{summary or '无'}" + (f"（按要求未修正：{'、'.join(FIXES[k] for k in sorted(self.kept))}）"
                                                   if self.kept else ""))
        out += [f"  {c.format()}" for c in changes]
        if self.reading.numbering:
            out.append("标题序号：")
            out += [f"  {line}" for line in self.reading.numbering]
        if self.reading.notes:
            out.append("其他：")
            out += [f"  {note}" for note in self.reading.notes]
        if self.output_report is not None:
            report = self.output_report
            out.append(f"排版后检查：{len(report.errors)}处错误，{len(report.warnings)}处提示")
            out += [f"  {f.format()}" for f in report.errors]
        return out


def converted_docx(path: Path, workdir: Path) -> Path:
    """.doc/.wps/.odt/.rtf → .docx in ``workdir`` through LibreOffice; a clear message when it is missing."""
    from edureport.writers.pdf import SOFFICE_ENV, find_soffice

    soffice = find_soffice()
    if soffice is None:
        raise InputError(Problem(f"要读取 {path.suffix} 文件需要 LibreOffice，但未找到 soffice", location=str(path),
                                 suggestion=f"请安装 LibreOffice（或用环境变量 {SOFFICE_ENV} 指明 soffice 的位置），"
                                            "或在 Word/WPS 中把文件“另存为” .docx"))
    profile = workdir / "lo-profile"
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", str(workdir), str(path)]
    try:
        subprocess.run(command, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(Problem(f"LibreOffice 转换失败：{exc}", location=str(path),
                                 suggestion="请在 Word/WPS 中把文件“另存为” .docx 后再排版")) from None
    produced = workdir / (path.stem + ".docx")
    if not produced.is_file():
        raise InputError(Problem("LibreOffice 无法读取该文件", location=str(path),
                                 suggestion="请确认文件未损坏，或在 Word/WPS 中“另存为” .docx"))
    return produced


def read_any(source: str | Path | bytes, profile: Profile, *, keep: set[str] = frozenset(),
             renumber: bool = False) -> tuple[Reading, str]:
    """Read a .docx (or, through LibreOffice, .doc/.wps/.odt/.rtf) into the model: (reading, converted-from
    suffix or "")."""
    converted_from = ""
    workdir = None
    try:
        if not isinstance(source, bytes) and Path(source).suffix.lower() in CONVERTED:
            path = Path(source)
            if not path.is_file():
                raise InputError(Problem("找不到要读取的文件", location=str(path), suggestion="请检查文件路径"))
            workdir = Path(tempfile.mkdtemp(prefix="edureport-read-"))
            converted_from, source = path.suffix, converted_docx(path, workdir)
        return read_docx_document(source, profile, keep=keep, renumber=renumber), converted_from
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def format_document(source: str | Path | bytes, style: str | Profile | None = None, *,
                    keep: set[str] = frozenset(), renumber: bool = False, write: bool = True) -> Formatted:
    """Read, fix, rewrite and re-check a document; ``write=False`` only works out what would change."""
    from edureport.writers.docx import write_docx

    profile = style if isinstance(style, Profile) else load_profile(style)
    reading, converted_from = read_any(source, profile, keep=keep, renumber=renumber)
    # the layout faults of the input, from what the reader read (tracked changes accepted): one read, not two
    input_report = check_content(reading.content, profile)
    if style is None and profile.redhead is None and any(isinstance(b, RedHead) for b in reading.document.blocks):
        profile = load_profile(REDHEAD_STYLE)  # the file has a 红头: set it in red, as GB/T 9704 7.2 says
        reading.notes.append(f"原文件有红头（发文机关标志），按样式 {REDHEAD_STYLE} 排版")
    result = Formatted(reading, profile, input_report, converted_from=converted_from, kept=set(keep))
    finish(reading.document, profile)
    if write:
        result.data = write_docx(reading.document, profile, {"edureport-formatted-from": _name(source)})
        result.output_report = check_content(read_docx(result.data), profile)
    return result


def _name(source) -> str:
    return "<bytes>" if isinstance(source, bytes) else Path(source).name
