"""A trailing fingerprint that says “edureport wrote this file and nobody changed it since”.

A file that carries its own hash as a last line (a PDF comment, an HTML comment)
may be replaced by the next run; a file without one, or whose content no longer
matches it (the user annotated a preview, exported a PDF of their own), is never
overwritten without --force. Word files keep theirs in a custom property instead.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from edureport.core import limits


def stamp(data: bytes, opening: bytes, closing: bytes = b"") -> bytes:
    """``data`` followed by a line ``opening + sha256(data) + closing``."""
    return data + b"\n" + opening + hashlib.sha256(data).hexdigest().encode("ascii") + closing + b"\n"


def unchanged(path: Path, opening: bytes, closing: bytes = b"") -> bool:
    """True when the file at ``path`` ends with a stamp that matches its content."""
    try:
        if Path(path).stat().st_size > limits.MAX_INPUT_BYTES:
            return False
        data = Path(path).read_bytes()
    except OSError:
        return False
    position = data.rfind(b"\n" + opening)
    if position < 0:
        return False
    expected = data[position + 1 + len(opening):].rstrip(b"\n")
    if closing:
        if not expected.endswith(closing):
            return False
        expected = expected[: -len(closing)]
    return expected == hashlib.sha256(data[:position]).hexdigest().encode("ascii")


# where each kind of file keeps its stamp (a .docx keeps its fingerprint in a custom property)
PDF_STAMP = (b"%edureport-sha256 ", b"")  # a PDF comment after %%EOF: readers ignore it
HTML_STAMP = (b"<!-- edureport-sha256 ", b" -->")
