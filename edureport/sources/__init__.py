"""Readers: turn an input file (or a dict) into a :class:`Source`."""
from __future__ import annotations

from pathlib import Path

from edureport.core.errors import InputError, Problem
from edureport.sources.source import Source

__all__ = ["Source", "read_source", "source_from_dict"]

YAML_SUFFIXES = {".yaml", ".yml"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


def source_from_dict(data: dict, name: str = "<数据>") -> Source:
    if not isinstance(data, dict):
        raise InputError(Problem("数据应为字典（映射）", location=name))
    return Source(data, name, {(): name}, kind="dict")


def read_source(path: str | Path) -> Source:
    """Read one input file; the kind is chosen by its suffix."""
    from edureport.core.guards import check_regular_file
    from edureport.sources.sniff import check_file_kind

    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise InputError(Problem("找不到输入文件", location=str(path), suggestion="请检查文件名和路径"))
    check_regular_file(path)  # a folder, FIFO or /dev/zero is refused before anything is read

    check_file_kind(path)  # renamed, encrypted, HTML-as-Excel, lock files, unreadable …
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        from edureport.sources.yaml_source import load_yaml

        return load_yaml(path)
    if suffix == ".json":
        from edureport.sources.yaml_source import load_json

        return load_json(path)
    if suffix in EXCEL_SUFFIXES:
        from edureport.sources.workbook import read_workbook

        return read_workbook(path)
    from edureport.sources.convert import CONVERTIBLE, read_converted

    if suffix in CONVERTIBLE:
        return read_converted(path)
    raise InputError(Problem(f"不支持的文件类型“{path.suffix or '（无扩展名）'}”", location=str(path),
                             expected=".yaml、.yml、.json、.xlsx（.xls、.ods、.et 需安装 LibreOffice）"))
