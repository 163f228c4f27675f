"""The .docx package: the body from :class:`~edureport.writers.docx.blocks.BlockWriter`, the
profile's fixed parts (styles, fonts, footers with page numbers) built once, pictures, document
properties with the fingerprint, zipped by :mod:`edureport.writers.package`."""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
from functools import lru_cache

from edureport.document.model import Document
from edureport.styles.profile import Profile
from edureport.writers import ooxml as x
from edureport.writers.docx.blocks import BlockWriter
from edureport.writers.docx.placement import image_name
from edureport.writers.package import CompressedPart, compress, zip_package

FINGERPRINT_PROPERTY = "edureport-fingerprint"


class DocxWriter(BlockWriter):
    """Writes documents in one style profile; reuse it for many documents, from any thread: each
    document is written by a shallow copy (its own pending break, images and charts) that shares
    the profile's caches (roles, kinds of paragraph, static parts)."""

    def __init__(self, profile: Profile):
        super().__init__(profile)
        self.static_parts = self._static_parts()
        self.static_package = [compress(name, content) for name, content in self.static_parts.items()]
        self.section_xml = x.section_properties(profile.page, x.FOOTER_IDS)

    # -- static package parts, built once ----------------------------------------
    def _static_parts(self) -> dict[str, bytes]:
        profile = self.profile
        body = self.style("body")
        defaults_rpr = x.run_properties(body.role.font, body.role.latin, body.role.half_points)
        defaults_ppr = x.paragraph_properties(line_twips=body.line)
        styles = [x.style("Normal", "Normal", x.paragraph_properties(line_twips=body.line, align="both"),
                          defaults_rpr, default=True, based_on=None, ui_priority=0)]
        for level in range(1, 5):
            heading = self.style(f"heading{level}")
            styles.append(x.style(f"Heading{level}", f"heading {level}", heading.ppr().xml(), heading.rpr,
                                  ui_priority=9))
        title = self.style("title")
        styles.append(x.style("Title", "Title", title.ppr().xml(), title.rpr, ui_priority=10))
        parts = {
            "[Content_Types].xml": x.CONTENT_TYPES,
            "_rels/.rels": x.PACKAGE_RELS,
            "word/_rels/document.xml.rels": x.DOCUMENT_RELS,
            "word/styles.xml": x.styles(defaults_rpr, defaults_ppr, "".join(styles)),
            "word/settings.xml": x.settings(),
            "word/fontTable.xml": x.font_table(sorted(profile.fonts())),
            "word/footer1.xml": x.footer(self._page_number("odd")),
            "word/footer2.xml": x.footer(self._page_number("even")),
            "docProps/app.xml": x.APP,
        }
        return {name: content.encode("utf-8") for name, content in parts.items()}

    def _page_number(self, parity: str) -> str:
        options = self.profile.role_options("page_number")
        style = self.style("page_number")
        side = options.get(parity, "right" if parity == "odd" else "left")
        offset = float(options.get("offset", 1))
        before, _, after = str(options.get("format", "— {page} —")).partition("{page}")
        ppr = style.ppr(align=side, first=0, left=offset if side == "left" else 0,
                        right=offset if side == "right" else 0, snap_to_grid=False)
        runs = x.run(before, style.rpr) + x.field_runs("PAGE", "1", style.rpr) + x.run(after, style.rpr)
        return x.paragraph(ppr.xml(), runs)

    # -- the package, per document -------------------------------------------------
    def write(self, document: Document, properties: dict[str, str] | None = None) -> bytes:
        return copy.copy(self)._write(document, properties)

    def _write(self, document: Document, properties: dict[str, str] | None) -> bytes:
        document_xml = x.document(self.body_parts(document), self.section_xml)
        custom = dict(properties or {})
        custom[FINGERPRINT_PROPERTY] = fingerprint(document_xml)
        created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
        parts = self.static_package if not self._images else self._static_parts_with_images()
        parts = parts + [compress(f"word/media/{image_name(number, image)}", image.data)
                         for number, image in enumerate(self._images, 1)]
        parts.append(compress("word/document.xml", document_xml))
        parts.append(compress("docProps/core.xml",
                              x.core_properties(document.title, document.author, created).encode("utf-8")))
        parts.append(compress("docProps/custom.xml", x.custom_properties(custom).encode("utf-8")))
        package = zip_package(parts)
        if self._charts:  # hook (issue 17): chart parts, their rels and content types
            from edureport.writers.charts import add_chart_parts

            return add_chart_parts(package, self._charts, self.profile)
        return package

    def _static_parts_with_images(self) -> list[CompressedPart]:
        """The shared parts with the pictures' relationships and content types (documents that were read)."""
        parts = dict(self.static_parts)
        images = [(f"rIdImage{n}", image_name(n, image), image.content_type) for n, image in enumerate(self._images, 1)]
        types, rels = x.with_images(parts["[Content_Types].xml"].decode("utf-8"),
                                    parts["word/_rels/document.xml.rels"].decode("utf-8"), images)
        parts["[Content_Types].xml"], parts["word/_rels/document.xml.rels"] = types.encode(), rels.encode()
        return [compress(name, content) for name, content in parts.items()]


def fingerprint(document_xml: bytes) -> str:
    return hashlib.sha256(document_xml).hexdigest()[:32]


@lru_cache(maxsize=16)
def writer_for(profile: Profile) -> DocxWriter:
    return DocxWriter(profile)


def write_docx(document: Document, profile: Profile, properties: dict[str, str] | None = None) -> bytes:
    return writer_for(profile).write(document, properties)
