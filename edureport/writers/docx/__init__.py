"""The .docx writer: document model + style profile → Word file bytes.

- :mod:`.writer`    :class:`DocxWriter`, the package: fixed parts built once per profile, pictures,
  properties and fingerprint, zip; :func:`write_docx`
- :mod:`.blocks`    the block writer: blocks → body parts; body text and headings (the hot path)
- :mod:`.head`      份号/密级, 版头 and 发文字号, title, 主送
- :mod:`.placement` tables, pictures, charts
- :mod:`.closing`   附件说明, signature, attachment pages, 版记
- :mod:`.roles`     a profile role as ready-made XML (run and paragraph properties)

Raw XML is made only by :mod:`edureport.writers.ooxml`.
"""
from __future__ import annotations

from edureport.writers.docx.writer import FINGERPRINT_PROPERTY, DocxWriter, fingerprint, write_docx, writer_for

__all__ = ["FINGERPRINT_PROPERTY", "DocxWriter", "fingerprint", "write_docx", "writer_for"]
