"""Nothing lost: atomic writes, overwrite protection, clear errors about folders."""
from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from edureport import output
from edureport.cli import app

DATA = "单位: 某某区实验小学\n年度: 2024\n基本情况: 全年工作顺利完成。\n"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("data.yaml").write_text(DATA, encoding="utf-8")
    return tmp_path


def render(*extra: str):
    return CliRunner().invoke(app, ["render", "data.yaml", "-t", "工作总结", *extra])


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*.part")]


def test_missing_output_folder_is_created(workdir):
    result = render("-o", "新建/子文件夹/总结.docx")
    assert result.exit_code == 0, result.output
    document = Document("新建/子文件夹/总结.docx")
    assert "某某区实验小学2024年工作总结" in document.paragraphs[0].text
    assert leftovers(workdir) == []


def test_existing_folder_as_output_gets_the_title_named_file_inside(workdir):
    Path("输出").mkdir()
    result = render("-o", "输出")
    assert result.exit_code == 0, result.output
    document = Document("输出/某某区实验小学2024年工作总结.docx")
    assert document.paragraphs[0].text == "某某区实验小学2024年工作总结"


def test_new_document_gets_normal_permissions_not_private_temp_ones(workdir):
    old = os.umask(0o022)
    try:
        assert render("-o", "总结.docx").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat("总结.docx").st_mode) == 0o644


def test_rendering_again_replaces_our_own_unchanged_document(workdir):
    assert render("-o", "总结.docx").exit_code == 0
    Path("data.yaml").write_text(DATA.replace("全年工作顺利完成", "全年工作圆满完成"), encoding="utf-8")
    result = render("-o", "总结.docx")
    assert result.exit_code == 0, result.output
    assert any("圆满完成" in p.text for p in Document("总结.docx").paragraphs)


def test_hand_edited_document_is_kept_unless_force(workdir):
    assert render("-o", "总结.docx").exit_code == 0
    document = Document("总结.docx")
    document.add_paragraph("校长手工补充的一段话")
    document.save("总结.docx")
    edited = Path("总结.docx").read_bytes()

    result = render("-o", "总结.docx")
    assert result.exit_code == 2
    assert "总结.docx" in result.output and "生成后被修改过" in result.output and "--force" in result.output
    assert Path("总结.docx").read_bytes() == edited

    forced = render("-o", "总结.docx", "--force")
    assert forced.exit_code == 0, forced.output
    assert not any("手工补充" in p.text for p in Document("总结.docx").paragraphs)


def test_unwritable_output_folder_is_a_clear_error(workdir, monkeypatch):
    folder = workdir / "只读"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):  # running as root: permissions do not stop us, so simulate them
            def refuse(*args, **kwargs):
                raise PermissionError(errno.EACCES, "Permission denied")

            monkeypatch.setattr(tempfile, "mkstemp", refuse)
        result = render("-o", "只读/总结.docx")
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    assert "只读" in result.output and "输出文件夹不可写" in result.output and "没有写入权限" in result.output
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")])
def test_interrupted_write_leaves_old_file_and_no_partial_document(workdir, monkeypatch, failure):
    assert render("-o", "总结.docx").exit_code == 0
    before = Path("总结.docx").read_bytes()
    Path("data.yaml").write_text(DATA.replace("顺利", "圆满"), encoding="utf-8")

    def fail(fd):
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    result = render("-o", "总结.docx")
    assert Path("总结.docx").read_bytes() == before
    assert leftovers(workdir) == []
    if isinstance(failure, KeyboardInterrupt):
        assert result.exit_code == 130 and "已中断" in result.output
    else:
        assert result.exit_code == 1
        assert "磁盘空间不足" in result.output and "原有文件未被改动" in result.output


def test_write_atomic_never_exposes_a_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    seen = []
    real_replace = os.replace

    def watch(src, dst):
        seen.append((Path(src).parent == tmp_path, Path(dst).exists()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", watch)
    output.write_atomic(target, b"PK-document")
    assert target.read_bytes() == b"PK-document"
    assert seen == [(True, False)]  # written next to the target, renamed in one step


def test_foreign_docx_is_recognised():
    buffer = io.BytesIO()
    Document().save(buffer)
    path = Path(tempfile.mkdtemp()) / "别人的.docx"
    path.write_bytes(buffer.getvalue())
    assert output.ownership(path) == output.FOREIGN
    path.write_text("not a zip")
    assert output.ownership(path) == output.FOREIGN


@pytest.mark.parametrize("name, expected", [("总结:2024/上半年", "总结_2024_上半年.docx"), ("总结：全角冒号可以", "总结：全角冒号可以.docx"),
                                            ("CON", "_CON.docx"), ("  ..  ", "文档.docx"), ("a" * 200, "a" * 80 + ".docx")])
def test_safe_filename(name, expected):
    assert output.safe_filename(name) == expected


def test_unexpected_error_is_reported_in_chinese_with_exit_3(workdir, monkeypatch):
    from edureport import pipeline

    def broken(*args, **kwargs):
        raise ValueError("something inside broke")

    monkeypatch.setattr(pipeline, "prepare", broken)
    result = render("-o", "总结.docx")
    assert result.exit_code == 3  # an internal error, distinct from 1 (rendering failed)
    assert "程序内部出错" in result.output and "something inside broke" in result.output
    assert "Traceback" not in result.output
    assert not Path("总结.docx").exists()
