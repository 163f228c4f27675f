"""Document markup (a small Markdown dialect) → document model.

Parsed by markdown-it-py. What authors write:

- ``#`` … ``####``: headings of level 1–4, numbered by a model pass (passes.py); put
  ``{.runin}`` on the line before a heading to run it into the next paragraph,
  ``{.nonumber}`` to leave it unnumbered.
- paragraphs separated by blank lines; ``**bold**``.
- pipe tables (``---:`` right-aligns a column); ``{.dense}`` before a table
  sets it in 小四; a vertical tab (``\\x0b``, what the ``cell_lines`` filter
  puts between items) is a line break inside a cell.
- ``---`` (after a blank line): page break.
- ``::: redhead`` (发文机关标志 such as 某某区教育局文件, then optionally the
  发文字号): the red 版头 of GB/T 9704 7.2; a profile with ``redhead:`` adds one
  by itself when the markup has none.
- containers ``::: title``, ``::: subtitle``, ``::: recipient``,
  ``::: attachments`` (a list), ``::: signature`` (organisation, date),
  ``::: attachment-page`` (label, title), ``::: imprint`` (抄送：… / 印发机关：… /
  印发日期：…), closed by ``:::``.
"""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.container import container_plugin

from edureport.core.errors import RenderError
from edureport.core.values import join_lines
from edureport.document.model import (
    AttachmentNote,
    AttachmentPage,
    Document,
    Heading,
    Imprint,
    PageBreak,
    Paragraph,
    Recipient,
    RedHead,
    Run,
    Signature,
    Subtitle,
    Table,
    Title,
)
from edureport.document.plain import PlainToken, tokenize

CONTAINERS = ("redhead", "title", "subtitle", "recipient", "attachments", "signature", "attachment-page", "imprint")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.disable(["html_block", "html_inline", "link", "image", "autolink", "reference"])
    # one rule for all containers (tested once per line, not once per container name);
    # the container's name is the first word of the opening line
    md.use(container_plugin, "block", validate=lambda params, *_: params.strip().split(" ", 1)[0] in CONTAINERS)
    md.use(attrs_block_plugin)
    return md


def _runs(inline) -> list[Run]:
    if inline.__class__ is PlainToken:  # plain text: what markdown-it's text and softbreak tokens give
        text = inline.content
        return _fold([Run(text)]) if "\n" in text else [Run(text)] if text else []
    runs: list[Run] = []
    bold = italic = False
    for child in inline.children or []:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind in ("text", "code_inline"):
            runs.append(Run(child.content, bold, italic))
        elif kind == "softbreak":
            runs.append(Run("\n", bold, italic))  # folded below
        elif kind == "hardbreak":
            runs.append(Run("\x0b", bold, italic))  # explicit line break
    return _fold(runs)


def _fold(runs: list[Run]) -> list[Run]:
    """Merge neighbouring runs of the same look; soft breaks join lines (no space between Chinese)."""
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(Run(run.text, run.bold, run.italic))
    for run in merged:
        if "\n" in run.text:
            run.text = join_lines(run.text) if run.text.strip() else ""
    return [r for r in merged if r.text]


def _text(inline) -> str:
    return "".join(r.text for r in _runs(inline))


def _classes(token) -> set[str]:
    value = token.attrs.get("class", "") if token.attrs else ""
    return set(str(value).split())


class _Builder:
    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0
        self.blocks: list = []

    def next(self):
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def paragraphs_until(self, close_type: str) -> list[str]:
        """Texts of the paragraphs / list items inside a container."""
        texts = []
        while self.pos < len(self.tokens):
            token = self.next()
            if token.type == close_type:
                break
            if token.type == "inline":
                texts.append(_text(token))
        return texts

    def table(self, dense: bool) -> Table:
        header: list[str] = []
        rows: list[list[str]] = []
        align: list[str] = []
        current: list[str] | None = None
        in_head = False
        while True:
            token = self.next()
            if token.type == "table_close":
                break
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                current = []
            elif token.type == "tr_close":
                if in_head:
                    header = current or []
                else:
                    rows.append(current or [])
            elif token.type in ("th_open", "td_open"):
                style = str(token.attrs.get("style", "")) if token.attrs else ""
                if in_head:
                    align.append("right" if "right" in style else "center" if "center" in style else "left")
            elif token.type == "inline" and current is not None:
                current.append(_text(token))
        return Table(header, rows, align, dense=dense)

    def build(self) -> list:
        while self.pos < len(self.tokens):
            token = self.next()
            kind = token.type
            if kind == "heading_open":
                level = int(token.tag[1:])
                classes = _classes(token)
                runs = _runs(self.next())
                self.next()  # heading_close
                heading = Heading(min(level, 4), runs, numbered="nonumber" not in classes)
                if "runin" in classes and self.pos < len(self.tokens) and self.tokens[self.pos].type == "paragraph_open":
                    self.next()
                    heading.body = _runs(self.next())
                    self.next()
                self.blocks.append(heading)
            elif kind == "paragraph_open":
                classes = _classes(token) if token.attrs else ()
                role = "plain" if "plain" in classes else "center" if "center" in classes else "body"
                runs = _runs(self.next())
                self.next()
                if runs:
                    self.blocks.append(Paragraph(runs, role))
            elif kind == "table_open":
                self.blocks.append(self.table("dense" in _classes(token)))
            elif kind == "hr":
                self.blocks.append(PageBreak())
            elif kind == "container_block_open":
                self.container(token.info.strip().split(" ", 1)[0], token)
            elif kind in ("code_block", "fence"):
                for line in token.content.splitlines():
                    if line.strip():
                        self.blocks.append(Paragraph([Run(line.strip())]))
            elif kind == "inline":  # list items outside containers become paragraphs
                runs = _runs(token)
                if runs:
                    self.blocks.append(Paragraph(runs))
        return self.blocks

    def container(self, name: str, token) -> None:
        close = token.type.replace("_open", "_close")
        texts = [t for t in self.paragraphs_until(close) if t.strip()]
        if name == "redhead":
            if texts:
                self.blocks.append(RedHead(texts[0], texts[1] if len(texts) > 1 else ""))
        elif name == "title":
            self.blocks.extend(Title(t) for t in texts)
        elif name == "subtitle":
            self.blocks.extend(Subtitle(t) for t in texts)
        elif name == "recipient":
            self.blocks.extend(Recipient(t) for t in texts)
        elif name == "attachments":
            if texts:
                self.blocks.append(AttachmentNote(texts))
        elif name == "signature":
            if texts:
                self.blocks.append(Signature(texts[0], texts[1] if len(texts) > 1 else ""))
        elif name == "attachment-page":
            if not texts:
                raise RenderError("::: attachment-page 中至少要写附件标号（如 附件1）")
            self.blocks.append(AttachmentPage(texts[0], texts[1] if len(texts) > 1 else ""))
        elif name == "imprint":
            imprint = Imprint()
            for text in texts:
                key, _, value = text.partition("：")
                if key == "抄送":
                    imprint.cc = value
                elif key == "印发机关":
                    imprint.printer = value
                elif key == "印发日期":
                    imprint.date = value
            if imprint.cc or imprint.printer:
                self.blocks.append(imprint)


def parse(markup: str, title: str = "", author: str = "") -> Document:
    """Parse document markup into a :class:`Document`."""
    tokens = tokenize(markup, parser())
    return Document(_Builder(tokens).build(), title=title, author=author)
