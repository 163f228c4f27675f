"""Document properties: core (title, author, dates) and custom ones (the fingerprint), written and
read back from files other programs may have saved."""
from __future__ import annotations

import zipfile

from edureport.writers.ooxml.escaping import attr, text


def core_properties(title: str, creator: str, created_iso: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{text(title)}</dc:title><dc:creator>{text(creator)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created_iso}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created_iso}</dcterms:modified>'
            "</cp:coreProperties>")


CUSTOM_PROPERTIES_PART = "docProps/custom.xml"
_CUSTOM_PROPERTY = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"


def read_custom_properties(package: zipfile.ZipFile) -> dict[str, str]:
    """The custom document properties (name → text) of an open .docx package, as any program
    may have saved them (quoting, prefixes, entities); {} when there are none or they are unreadable."""
    from xml.etree import ElementTree  # only for reading existing files: keeps writing's start-up short

    try:
        root = ElementTree.fromstring(package.read(CUSTOM_PROPERTIES_PART))
    except (KeyError, ElementTree.ParseError):
        return {}
    values = {}
    for prop in root.iter(_CUSTOM_PROPERTY):
        value = next(iter(prop), None)  # one vt:* element holds the value
        if prop.get("name") and value is not None:
            values[prop.get("name")] = value.text or ""
    return values


def custom_properties(values: dict[str, str]) -> str:
    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{attr(name)}">'
        f"<vt:lpwstr>{text(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"{props}</Properties>")
