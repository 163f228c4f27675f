"""The .docx package: a zip of deflated parts, written here.

Parts are deflated by ISA-L (``isal``): about six times less CPU than zlib's
fastest level and a smaller file (×100 work summary: document.xml of 2.4 MB in
0.8 ms → 137 KB, zlib level 1: 5 ms → 149 KB). ``zipfile`` cannot take parts
compressed elsewhere, so the zip structure (APPNOTE 4.3: local headers, central
directory, end record) is written here; parts that are the same for every
document of a profile are compressed once (:func:`compress`) and only placed.
"""
from __future__ import annotations

import struct
import time
from dataclasses import dataclass

from isal import isal_zlib

_LEVEL = 1  # as fast as ISA-L's level 0, a tenth smaller; higher levels gain under 1% here
_RAW_DEFLATE = -15  # zip holds deflate streams without zlib's header and checksum
_MAX_SIZE = 0xFFFFFFFF  # without ZIP64; a .docx never comes near 4 GB (the input limits)

_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_CENTRAL_HEADER = struct.Struct("<IHHHHHHIIIHHHHHII")
_END_RECORD = struct.Struct("<IHHHHIIH")
_VERSION = 20  # 2.0: deflate
_MADE_BY = (3 << 8) | _VERSION  # Unix, as zipfile writes it
_DEFLATED = 8
_UTF8_NAME = 0x800
_FILE_MODE = 0o600 << 16  # rw for the owner, as zipfile.writestr gives a part


@dataclass(frozen=True, slots=True)
class CompressedPart:
    """One part of the package, deflated, with what the zip headers say about it."""

    name: str
    crc: int
    size: int
    deflated: bytes


def compress(name: str, content: bytes) -> CompressedPart:
    if len(content) >= _MAX_SIZE:
        raise ValueError(f"{name}: {len(content)} bytes, more than a .docx part can hold without ZIP64")
    deflate = isal_zlib.compressobj(_LEVEL, isal_zlib.DEFLATED, _RAW_DEFLATE)
    return CompressedPart(name, isal_zlib.crc32(content), len(content), deflate.compress(content) + deflate.flush())


def zip_package(parts: list[CompressedPart]) -> bytes:
    """The zip file of ``parts`` in order, dated now (local time, as zipfile does)."""
    now = time.localtime()
    dos_time = (now.tm_hour << 11) | (now.tm_min << 5) | (now.tm_sec // 2)
    dos_date = ((now.tm_year - 1980) << 9) | (now.tm_mon << 5) | now.tm_mday
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for part in parts:
        name = part.name.encode("utf-8")
        flags = 0 if part.name.isascii() else _UTF8_NAME
        described = (_VERSION, flags, _DEFLATED, dos_time, dos_date, part.crc, len(part.deflated), part.size, len(name))
        local = _LOCAL_HEADER.pack(0x04034B50, *described, 0)
        directory.append(_CENTRAL_HEADER.pack(0x02014B50, _MADE_BY, *described, 0, 0, 0, 0, _FILE_MODE, offset) + name)
        chunks += (local, name, part.deflated)
        offset += len(local) + len(name) + len(part.deflated)
        if offset >= _MAX_SIZE:
            raise ValueError("a .docx package over 4 GB (ZIP64 is not written)")
    central = b"".join(directory)
    chunks += (central, _END_RECORD.pack(0x06054B50, 0, 0, len(parts), len(parts), len(central), offset, 0))
    return b"".join(chunks)
