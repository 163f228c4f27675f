"""edureport: education data → GB/T 9704 official documents in Word format.

    >>> import edureport
    >>> docx_bytes = edureport.render("examples/school-summary.yaml")
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["render", "__version__"]


def render(data, template: str | None = None, **options) -> bytes:
    """Render ``data`` (a dict, or a path to .yaml/.json/.xlsx) with ``template`` to .docx bytes."""
    from edureport.pipeline import render as _render

    return _render(data, template, **options)
