"""Drawings: inline pictures (with their package relationships) and the text box anchored to the
foot of the text block that holds the 版记."""
from __future__ import annotations

from dataclasses import dataclass

from edureport.writers.ooxml.escaping import R_NS, attr


@dataclass(slots=True)
class DrawingParagraph:
    """A paragraph holding one inline drawing (a chart), made whole by :mod:`edureport.writers.charts`."""

    content: str

    def keep_with_next(self) -> None:
        self.content = self.content.replace("<w:pPr>", "<w:pPr><w:keepNext/>", 1)

    def xml(self) -> str:
        return self.content


def inline_image(rel_id: str, number: int, name: str, cx: int, cy: int) -> str:
    """A run holding a picture (``rel_id`` points at the image part) of cx × cy EMU."""
    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    return ('<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{number}" name="{attr(name)}"/>'
            '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            f'<a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}">'
            f'<pic:nvPicPr><pic:cNvPr id="{number}" name="{attr(name)}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            "</wp:inline></w:drawing></w:r>")


def with_images(content_types: str, document_rels: str, images: list[tuple[str, str, str]]) -> tuple[str, str]:
    """[Content_Types].xml and document.xml.rels with image parts added: (rel id, file name, content type)."""
    defaults = "".join(f'<Default Extension="{ext}" ContentType="{ctype}"/>' for ext, ctype in
                       sorted({(name.rsplit(".", 1)[-1].lower(), ctype) for _, name, ctype in images}))
    rels = "".join(f'<Relationship Id="{rid}" Type="{R_NS}/image" Target="media/{attr(name)}"/>'
                   for rid, name, _ in images)
    return (content_types.replace("<Default Extension=\"xml\"", defaults + "<Default Extension=\"xml\"", 1),
            document_rels.replace("</Relationships>", rels + "</Relationships>"))


# -- anchored text box ---------------------------------------------------------------
_WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_EMU_PER_TWIP = 635


def bottom_text_box(content: str, width_twips: int, height_twips: int, *, shape_id: int, name: str) -> str:
    """A run holding a borderless text box of ``content`` (body XML: tables, paragraphs) whose bottom
    is the text block's bottom edge on the page of its anchor paragraph; body text keeps clear of it
    (wrap top and bottom). Word, WPS and LibreOffice all place such a shape (LibreOffice ignores the
    vertical position of a floating table)."""
    cx, cy = width_twips * _EMU_PER_TWIP, height_twips * _EMU_PER_TWIP
    return (f'<w:r><w:drawing xmlns:wp="{_WP_NS}" xmlns:a="{_A_NS}" xmlns:wps="{_WPS_NS}">'
            '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" '
            'behindDoc="0" locked="1" layoutInCell="1" allowOverlap="0"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
            '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
            f'<wp:docPr id="{shape_id}" name="{attr(name)}"/><wp:cNvGraphicFramePr/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
            f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
            f'<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>'
            '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" '
            'anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            '</w:drawing></w:r>')

