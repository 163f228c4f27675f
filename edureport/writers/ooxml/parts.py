"""The package's fixed parts: styles, settings, font table, footers, content types and relationships."""
from __future__ import annotations

from edureport.writers.ooxml.escaping import R_NS, W_NS, attr


def footer(paragraph_xml: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{paragraph_xml}</w:ftr>')


def style(style_id: str, name: str, ppr: str, rpr: str, *, kind: str = "paragraph", default: bool = False,
          based_on: str | None = "Normal", ui_priority: int | None = None) -> str:
    attrs = ' w:default="1"' if default else ""
    based = f'<w:basedOn w:val="{based_on}"/><w:next w:val="Normal"/>' if based_on else ""
    priority = f'<w:uiPriority w:val="{ui_priority}"/><w:qFormat/>' if ui_priority is not None else ""
    return (f'<w:style w:type="{kind}" w:styleId="{style_id}"{attrs}><w:name w:val="{name}"/>'
            f"{based}{priority}{ppr}{rpr}</w:style>")


def styles(doc_defaults_rpr: str, doc_defaults_ppr: str, styles_xml: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault>{doc_defaults_rpr}</w:rPrDefault>'
            f"<w:pPrDefault>{doc_defaults_ppr}</w:pPrDefault></w:docDefaults>"
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
            '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
            '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
            '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
            f"{styles_xml}</w:styles>")


def settings() -> str:
    # evenAndOddHeaders: page numbers sit right on odd pages, left on even pages.
    # doNotCompress: full-width punctuation keeps its width, so 28 characters fill a line.
    # Children follow the CT_Settings sequence (defaultTabStop before evenAndOddHeaders): Word is strict.
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
            '<w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat></w:settings>')


def font_table(fonts: list[str]) -> str:
    entries = "".join(f'<w:font w:name="{attr(name)}"><w:charset w:val="86"/><w:family w:val="auto"/></w:font>'
                      if not name.isascii() else f'<w:font w:name="{attr(name)}"><w:family w:val="roman"/></w:font>'
                      for name in fonts)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:fonts xmlns:w="{W_NS}">{entries}</w:fonts>')


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '<Override PartName="/docProps/custom.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
    "</Types>")

PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{R_NS}/extended-properties" Target="docProps/app.xml"/>'
    f'<Relationship Id="rId4" Type="{R_NS}/custom-properties" Target="docProps/custom.xml"/>'
    "</Relationships>")

FOOTER_IDS = {"default": "rId11", "even": "rId12"}  # default = odd pages
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{R_NS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{R_NS}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{R_NS}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rId11" Type="{R_NS}/footer" Target="footer1.xml"/>'
    f'<Relationship Id="rId12" Type="{R_NS}/footer" Target="footer2.xml"/>'
    "</Relationships>")

APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
       "<Application>edureport</Application></Properties>")

