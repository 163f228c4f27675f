"""An .xlsx file as a package of XML parts: opened with the guards every input file passes
(size, zip bomb, DTD), parts parsed without entities or network, relationships resolved."""
from __future__ import annotations

import posixpath
import zipfile

from lxml import etree

from edureport.core.errors import InputError, Problem
from edureport.core.guards import check_package

REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


class Unsupported(Exception):
    """A workbook this reader cannot make sense of (damaged, Strict Open XML …); the text says what."""


# OOXML parts never have a DTD; one in a part is an entity bomb or an XXE attempt.
PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def damaged(part: str, name: str, exc: Exception) -> InputError:
    """A part that cannot be read, said in Chinese (the parser's English message stays out)."""
    if isinstance(exc, zipfile.BadZipFile):
        detail = "压缩数据校验失败"
    elif "huge" in str(exc).lower():
        detail = f"有一段内容超过 10 MB（第 {getattr(exc, 'lineno', '?')} 行）"
    else:
        detail = f"第 {getattr(exc, 'lineno', '?')} 行的 XML 格式不正确"
    return InputError(Problem(f"Excel 工作簿已损坏，无法读取其中的部件：{detail}", location=f"{name} 中的 {part}",
                              suggestion="请用 Excel 或 WPS 打开后另存为 .xlsx 再试"))


class XlsxPackage:
    def __init__(self, path):
        self.name = getattr(path, "name", str(path))
        try:
            self.zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise Unsupported(str(exc)) from None
        check_package(self.zip, self.name)  # before any part is inflated
        self.names = set(self.zip.namelist())

    def refuse_dtd(self, part: str) -> None:
        with self.zip.open(part) as stream:
            head = stream.read(4096)
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise InputError(Problem("工作簿的部件中含有 DTD（实体定义），这不是 Excel 会写出的内容，可能是恶意构造的文件",
                                     location=f"{self.name} 中的 {part}", suggestion="请用 Excel 或 WPS 打开后另存为 .xlsx 再试"))

    def close(self) -> None:
        self.zip.close()

    def xml(self, name: str):
        if name not in self.names:
            raise Unsupported(f"缺少 {name}")
        self.refuse_dtd(name)
        try:
            return etree.fromstring(self.zip.read(name), parser=etree.XMLParser(**PARSER_OPTIONS))
        except (etree.XMLSyntaxError, zipfile.BadZipFile) as exc:
            raise damaged(name, self.name, exc) from None

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, package path) for ``part``."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        if rels_name not in self.names:
            return {}
        found = {}
        for rel in self.xml(rels_name).iter("{%s}Relationship" % PACKAGE_RELS):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
        return found

    def workbook_part(self) -> str:
        for kind, path in self.rels("").values():
            if kind == "officeDocument":
                return path
        raise Unsupported("找不到 workbook.xml")
