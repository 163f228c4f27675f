"""Namespaces and the escaping of text and attribute values, shared by every part of the XML."""
from __future__ import annotations

import re
from xml.sax.saxutils import escape as _escape

from edureport.core.values import UNWRITABLE_CHARS

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"  # also the relationship types' prefix
_ATTR = {'"': "&quot;"}


# one search finds whether a text needs any work (most body text needs none)
_TEXT_WORK = re.compile("[&<>]|" + UNWRITABLE_CHARS.pattern)
# bound once for the modules that import it: a method called on an imported name costs an attribute
# lookup per call (Python compiles it as LOAD_ATTR, not LOAD_METHOD), and it is called once per run
find_text_work = _TEXT_WORK.search


def text(value: str) -> str:
    """Escape element text; characters XML forbids are dropped, never crash."""
    if _TEXT_WORK.search(value) is None:
        return value
    return _escape(UNWRITABLE_CHARS.sub("", value))


def attr(value: str) -> str:
    return _escape(UNWRITABLE_CHARS.sub("", str(value)), _ATTR)
