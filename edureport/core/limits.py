"""Every size, depth, count and time bound edureport enforces, in one place.

Each bound is checked *before* the expensive step it protects (reading a file,
inflating a zip member, expanding YAML aliases, building a nested record,
rendering a template), so a hostile or careless input is refused quickly, with
a message naming the place, and without using much memory. docs/limits.md says
what each bound is for and how to raise it; the figures there and here must agree
(a test compares them).

A bound can be raised for one run with an environment variable named
``EDUREPORT_LIMIT_<NAME>`` (e.g. ``EDUREPORT_LIMIT_MAX_INPUT_BYTES=500000000``).
"""
from __future__ import annotations

import os

MB = 1024 * 1024


def _setting(name: str, default: int) -> int:
    raw = os.environ.get(f"EDUREPORT_LIMIT_{name}")
    if raw is None:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        return default
    return value if value > 0 else default


# -- files ----------------------------------------------------------------------------------
#: Largest data file (.yaml/.json/.xlsx) or .docx read at all. Real workbooks of 1,000 schools are ~2 MB.
MAX_INPUT_BYTES = _setting("MAX_INPUT_BYTES", 64 * MB)
#: Largest uncompressed part inside an .xlsx/.docx package (sharedStrings, a worksheet, document.xml).
MAX_PART_BYTES = _setting("MAX_PART_BYTES", 96 * MB)
#: Largest sum of uncompressed parts of one package.
MAX_PACKAGE_BYTES = _setting("MAX_PACKAGE_BYTES", 256 * MB)
#: Largest inflation ratio of a part above ``RATIO_APPLIES_ABOVE`` bytes (real XML inflates 5–30×).
MAX_COMPRESSION_RATIO = _setting("MAX_COMPRESSION_RATIO", 200)
RATIO_APPLIES_ABOVE = 4 * MB

# -- text -----------------------------------------------------------------------------------
#: Longest text in one cell (Excel's own limit is 32,767 characters).
MAX_CELL_CHARS = _setting("MAX_CELL_CHARS", 32_767)
#: Longest single value or paragraph in YAML/JSON data (a 10 MB text field of Chinese is ~3.5 million).
MAX_VALUE_CHARS = _setting("MAX_VALUE_CHARS", 4_000_000)
#: Characters of all values together after YAML aliases (*name) are expanded.
MAX_EXPANDED_CHARS = _setting("MAX_EXPANDED_CHARS", 20_000_000)

# -- structure ------------------------------------------------------------------------------
#: Levels of 子项 / 上级 below a top-level item (公文 headings have 4: 一、（一）1.（1）).
MAX_ITEM_DEPTH = _setting("MAX_ITEM_DEPTH", 6)
#: Nesting of mappings and lists in YAML/JSON data as a whole (items, their 子项, 指标 …).
MAX_DATA_DEPTH = _setting("MAX_DATA_DEPTH", 3 * MAX_ITEM_DEPTH + 8)
#: Non-empty cells in one workbook (a batch workbook of 1,000 schools has about 130,000).
MAX_CELLS = _setting("MAX_CELLS", 400_000)
#: Cells merged ranges may fill in one sheet (within the used range; a real sheet fills a few hundred).
MAX_MERGED_CELLS = _setting("MAX_MERGED_CELLS", 1_000_000)
#: Significant digits of a number (a float keeps 15 exactly; 公文 figures never need more).
MAX_NUMBER_DIGITS = _setting("MAX_NUMBER_DIGITS", 15)

# -- templates ------------------------------------------------------------------------------
#: Seconds one document's template may run (a 447-page document renders in 0.5 s).
MAX_RENDER_SECONDS = _setting("MAX_RENDER_SECONDS", 5)
#: Characters one template may output (a 100-page document is ~100,000; a 10 MB text field must still render).
MAX_RENDER_CHARS = _setting("MAX_RENDER_CHARS", 30_000_000)
#: Digits of an integer a template expression may produce ({{ 10**100000 }}).
MAX_TEMPLATE_INT_DIGITS = _setting("MAX_TEMPLATE_INT_DIGITS", 100)

# -- batch ----------------------------------------------------------------------------------
#: Memory one batch worker process may need (its share when capping --jobs by free memory).
WORKER_MEMORY_BYTES = _setting("WORKER_MEMORY_BYTES", 200 * MB)
#: Seconds an interrupted batch waits for units already being written before it gives up on them.
INTERRUPT_GRACE_SECONDS = _setting("INTERRUPT_GRACE_SECONDS", 5)


def limit_hint(name: str) -> str:
    """How a user raises the bound ``name`` (for the message that refuses an input)."""
    return f"如确属正常数据，可设置环境变量 EDUREPORT_LIMIT_{name} 放宽此限制（见 docs/limits.md）"


def human_bytes(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.0f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} 字节"
