"""Writers know only the finished model: the .docx and the HTML preview of every example in
every built-in style show the same blocks (kind and text), read back from each output."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import open_docx
from docx.oxml.ns import qn

from edureport.pipeline import prepare
from edureport.writers.html import write_html

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
STYLES = sorted(p.stem for p in (ROOT / "edureport" / "styles" / "profiles").glob("*.yaml"))


def _flat(text: str) -> str:
    """Text without whitespace: the title's balanced line breaks and the imprint's tab are layout."""
    return "".join(text.split())


# -- .docx ---------------------------------------------------------------------------
def _docx_text(element) -> str:
    parts = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        parts.append(node.text or "" if node.tag == qn("w:t") else " ")
    return _flat("".join(parts))


def _docx_paragraph_kind(paragraph) -> str:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    name = style.get(qn("w:val")) if style is not None else ""
    if name == "Title":
        return "title"
    if name.startswith("Heading"):
        return "heading"
    color = paragraph.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:color')}")
    return "redhead" if color is not None and color.get(qn("w:val")) == "FF0000" else "text"


def docx_blocks(data: bytes) -> list[tuple[str, str]]:
    blocks = []
    for element in open_docx(data).element.body:
        if element.tag == qn("w:p"):
            if any(node.tag.endswith("}chart") for node in element.iter()):  # a native chart: compared by kind
                blocks.append(("chart", ""))
            boxed = element.find(f".//{qn('w:txbxContent')}")
            if boxed is not None:  # the 版记, in a text box at the foot of the last page
                rows = ["|".join(_docx_text(cell) for cell in row.iter(qn("w:tc"))) for row in boxed.iter(qn("w:tr"))]
                blocks.append(("imprint", "/".join(rows)))
                continue
            text = _docx_text(element)
            if text:  # blank lines, the red rule and page breaks are layout
                blocks.append((_docx_paragraph_kind(element), text))
        elif element.tag == qn("w:tbl"):
            floating = element.find(f"{qn('w:tblPr')}/{qn('w:tblpPr')}") is not None  # the 版记
            rows = ["|".join(_docx_text(cell) for cell in row.iter(qn("w:tc"))) for row in element.iter(qn("w:tr"))]
            blocks.append(("imprint" if floating else "table", "/".join(rows)))
    return blocks


# -- HTML ------------------------------------------------------------------------------
class _Element:
    def __init__(self, tag: str, cls: str):
        self.tag, self.cls, self.children, self.text = tag, cls, [], ""

    def all_text(self) -> str:
        return self.text + "".join(child.all_text() for child in self.children)

    def find_all(self, tag: str) -> list[_Element]:
        found = [self] if self.tag == tag else []
        return found + [e for child in self.children for e in child.find_all(tag)]


class _Tree(HTMLParser):
    VOID = {"hr", "br", "meta"}

    def __init__(self):
        super().__init__()
        self.root = _Element("root", "")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = _Element(tag, dict(attrs).get("class") or "")
        self.stack[-1].children.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        if tag not in self.VOID and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        # text kept in document order: a data node becomes a text-only child
        node = _Element("#text", "")
        node.text = data
        self.stack[-1].children.append(node)


def html_blocks(html: str) -> list[tuple[str, str]]:
    tree = _Tree()
    tree.feed(html)
    page = next(e for e in tree.root.find_all("div") if e.cls == "page")
    blocks = []
    for element in page.children:
        text = _flat(element.all_text())
        if element.tag == "#text" or element.cls in ("blank", "redhead-rule") or element.tag == "hr":
            continue
        if element.tag == "figure" and element.cls == "chart":  # the chart's SVG preview
            blocks.append(("chart", ""))
        elif element.tag == "table":
            rows = ["|".join(_flat(c.all_text()) for c in row.children if c.tag in ("td", "th"))
                    for row in element.find_all("tr")]
            blocks.append(("table", "/".join(rows)))
        elif element.tag == "div" and element.cls == "imprint":
            blocks.append(("imprint", "/".join(_flat(p.all_text()) for p in element.find_all("p"))))
        elif element.tag == "h1":
            blocks.append(("title", text))
        elif element.tag in ("h2", "h3", "h4", "h5") or element.cls.startswith("heading"):
            blocks.append(("heading", text))
        elif element.cls == "redhead":
            blocks.append(("redhead", text))
        elif text:
            blocks.append(("text", text))
    return blocks


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_docx_and_html_show_the_same_blocks(example, style):
    rendered = prepare(example, style=style)
    from_docx = docx_blocks(rendered.to_docx())
    from_html = html_blocks(write_html(rendered.document, rendered.profile))
    assert from_html == from_docx
    assert len(from_docx) > 5


def test_builtin_styles_and_examples_are_all_covered():
    assert {"gbt9704", "gbt9704-redhead", "zh-hant"} <= set(STYLES)
    assert {p.stem for p in EXAMPLES} >= {"school-summary", "bureau-plan", "work-points"}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_red_head_style_shows_the_red_head_in_both_writers(example):
    rendered = prepare(example, style="gbt9704-redhead")
    org = rendered.document.author
    html = write_html(rendered.document, rendered.profile)
    assert ("redhead", f"{org}文件") in html_blocks(html)
    assert ("redhead", f"{org}文件") in docx_blocks(rendered.to_docx())
    assert ".redhead {" in html and "color: #FF0000" in html
    # the red head comes before the title, in both
    kinds = [kind for kind, _ in html_blocks(html)]
    assert kinds.index("redhead") < kinds.index("title")


@pytest.mark.parametrize("style", ["gbt9704", "zh-hant"])
def test_plain_styles_have_no_red_head(style):
    rendered = prepare(EXAMPLES[0], style=style)
    assert "redhead" not in [kind for kind, _ in html_blocks(write_html(rendered.document, rendered.profile))]
