"""Where a property's value comes from: direct formatting → character style →
paragraph style (basedOn chain) → table style → document defaults, and the
theme for fonts given as theme slots (w:eastAsiaTheme)."""
from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn

_CJK_SCRIPT = "Hans"


@dataclass
class Font:
    """The font in effect for one slot: a name, or a theme font (then ``theme`` says which)."""

    name: str = ""
    theme: str = ""  # minorEastAsia / majorEastAsia when the font comes from the theme

    def describe(self) -> str:
        if self.theme:
            return f"主题字体（{self.name}）" if self.name else "主题字体"
        return self.name or "未设置"


class StyleChain:
    """Style lookups and the resolution chain for one package."""

    def __init__(self, document):
        styles_el = document.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in styles_el.findall(qn("w:style"))}
        self.default_para = next((s for s in self.by_id.values()
                                  if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")), None)
        defaults = styles_el.find(qn("w:docDefaults"))
        self.default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self.default_ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None
        self.theme_fonts = _theme_fonts(document)

    def chain(self, style_id: str | None, fallback=None) -> list:
        """The style and its basedOn ancestors, nearest first."""
        found, seen = [], set()
        style = self.by_id.get(style_id) if style_id else fallback
        while style is not None and id(style) not in seen:
            seen.add(id(style))
            found.append(style)
            based = style.find(qn("w:basedOn"))
            style = self.by_id.get(based.get(qn("w:val"))) if based is not None else None
        return found

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id) if style_id else self.default_para
        if style is None:
            return ""
        name = style.find(qn("w:name"))
        return name.get(qn("w:val")) if name is not None else style_id or ""

    def paragraph_chain(self, p, table_style: str | None) -> tuple[list, list, str]:
        """(pPr chain, rPr chain of the paragraph level, style name) for a paragraph."""
        ppr = p.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = style_el.get(qn("w:val")) if style_el is not None else None
        styles = self.chain(style_id, self.default_para)
        table_styles = self.chain(table_style) if table_style else []
        pprs = [ppr] + [s.find(qn("w:pPr")) for s in styles + table_styles] + [self.default_ppr]
        rprs = [s.find(qn("w:rPr")) for s in styles + table_styles] + [self.default_rpr]
        return [e for e in pprs if e is not None], [e for e in rprs if e is not None], self.name(style_id)

    def run_chain(self, r, paragraph_rprs: list) -> list:
        rpr = r.find(qn("w:rPr"))
        style_el = rpr.find(qn("w:rStyle")) if rpr is not None else None
        char_styles = self.chain(style_el.get(qn("w:val"))) if style_el is not None else []
        chain = [rpr] + [s.find(qn("w:rPr")) for s in char_styles] + paragraph_rprs
        return [e for e in chain if e is not None]

    def font(self, rprs: list, slot: str) -> Font:
        """The font for ``slot`` (eastAsia or ascii): the nearest level that names it or its theme font."""
        for rpr in rprs:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                continue
            theme = fonts.get(qn(f"w:{slot}Theme"))
            if theme:
                return Font(self.theme_fonts.get(theme, ""), theme)
            name = fonts.get(qn(f"w:{slot}"))
            if name:
                return Font(name)
        return Font()


def _theme_fonts(document) -> dict[str, str]:
    """minorEastAsia → the theme's East Asian typeface (the Hans one when ``a:ea`` is empty)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    try:
        theme = etree.fromstring(document.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError, ValueError):
        return {}
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    fonts = {}
    for kind in ("major", "minor"):
        scheme = theme.find(f".//a:{kind}Font", ns)
        if scheme is None:
            continue
        ea = scheme.find("a:ea", ns)
        hans = scheme.find(f"a:font[@script='{_CJK_SCRIPT}']", ns)
        latin = scheme.find("a:latin", ns)
        east = (ea.get("typeface") if ea is not None else "") or (hans.get("typeface") if hans is not None else "")
        fonts[f"{kind}EastAsia"] = east
        fonts[f"{kind}HAnsi"] = fonts[f"{kind}Ascii"] = latin.get("typeface") if latin is not None else ""
        fonts[f"{kind}Bidi"] = ""
    return fonts
