"""Document markup (a small Markdown dialect) → document model.

Parsed by markdown-it-py. What authors write:

- ``#`` … ``####``: headings of level 1–4, numbered by a model pass (passes.py); put
  ``{.runin}`` on the line before a heading to run it into the next paragraph,
  ``{.nonumber}`` to leave it unnumbered.
- paragraphs separated by blank lines; ``**bold**``; ``{.plain}`` before a
  paragraph drops its first-line indent, ``{.center}`` centres it.
- ordered lists (``1. ``): each item a paragraph numbered with the style's last
  heading number (（1）（2）…), which looks like body text; 1. and the levels
  above it are headings (``###``). Bulleted lists (``- ``): items numbered 一是、二是….
- pipe tables (``---:`` right-aligns a column); ``{.dense}`` before a table
  sets it in 小四; a vertical tab (``\\x0b``, what the ``cell_lines`` filter
  puts between items) is a line break inside a cell.
- ``---`` (after a blank line): page break.
- ``::: redhead`` (发文机关标志 such as 某某区教育局文件, then optionally the
  发文字号): the red 版头 of GB/T 9704 7.2; a profile with ``redhead:`` adds one
  by itself when the markup has none.
- ``::: chart`` (paragraphs ``标题：…``, optionally ``单位：%`` and ``参考线：100`` /
  ``参考线名称：目标``, then a pipe table: first column the categories, each
  further column a series named by its header, plain numbers): a native chart
  (see ``writers/charts.py``); the ``chart_*`` macros write it.
- containers ``::: title``, ``::: subtitle``, ``::: recipient``,
  ``::: attachments`` (a list), ``::: signature`` (organisation, date),
  ``::: attachment-page`` (label, title), ``::: imprint`` (抄送：… / 印发机关：… /
  印发日期：…), closed by ``:::``.

Anything else (block quotes, code blocks, ``#####``, italics, HTML, links,
unknown containers or ``{.classes}``, a red head in a style without one) is a
:class:`MarkupError` naming the markup line, never silently dropped.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.container import container_plugin

from edureport.core.errors import RenderError
from edureport.core.numbers import cn_number, sequence
from edureport.core.script import simplified
from edureport.core.values import join_lines
from edureport.document.model import (
    AttachmentNote,
    AttachmentPage,
    Chart,
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
from edureport.document.plain import read
from edureport.document.refusals import CLASSES, MarkupError, SourceLines, block_classes, line_of, refusal  # noqa: F401 (CLASSES: read by authoring)
from edureport.templating.names import did_you_mean

CONTAINERS = ("redhead", "title", "subtitle", "recipient", "attachments", "signature", "attachment-page", "imprint", "chart")
DEFAULT_NUMBERING = ["{cn}、", "（{cn}）", "{n}.", "（{n}）"]
_RAW_HTML = re.compile(r"(?<!\\)<[A-Za-z/!][^>\n]*>")
_RAW_LINK = re.compile(r"(?<!\\)\]\(")
CHART_OPTIONS = {"标题": "title", "单位": "unit", "参考线": "reference", "参考线名称": "reference_label"}


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    # a line of "---" under text is a page break, not a setext heading
    md.disable(["html_block", "html_inline", "link", "image", "autolink", "reference", "lheading"])
    # one rule for all containers (tested once per line, not once per container name);
    # the container's name is the first word of the opening line; unknown names are refused later
    md.use(container_plugin, "block", validate=lambda params, *_: bool(params.strip()))
    md.use(attrs_block_plugin)
    return md


def _runs(inline, lines: Sequence[str]) -> list[Run]:
    raw = inline.content  # as written: markdown-it keeps escapes here (``\<b\>`` is text, ``<b>`` is refused)
    if _RAW_HTML.search(raw):
        raise refusal("公文标记中不能写 HTML 标签（如 <br>）；换行请另起一段，强调请用 **粗体**", inline, lines)
    if _RAW_LINK.search(raw):
        raise refusal("公文中不能有链接 [文字](地址)；请直接写出文字", inline, lines)
    runs: list[Run] = []
    bold = False
    for child in inline.children or []:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            raise refusal("公文不用斜体：*文字* 或 _文字_ 会印成斜体；强调请用 **粗体**，"
                          "要印出星号请写 \\*", inline, lines)
        elif kind == "code_inline":
            raise refusal("公文中没有代码格式：反引号 `…` 之间的文字请直接写出", inline, lines)
        elif kind == "text":
            runs.append(Run(child.content, bold))
        elif kind == "softbreak":
            runs.append(Run("\n", bold))  # folded below
        elif kind == "hardbreak":
            runs.append(Run("\x0b", bold))  # explicit line break
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


class _Builder:
    """Model blocks from markdown-it's tokens, given run by run (:meth:`build`); plain.py adds the
    plain blocks between the runs to the same ``blocks``."""

    def __init__(self, lines: Sequence[str], numbering: list[str], redhead: bool):
        self.tokens: list = []
        self.lines = lines
        self.numbering = numbering
        self.redhead = redhead
        self.pos = 0
        self.blocks: list = []
        self.runin_waiting: Heading | None = None  # a run-in heading that ended the last run

    def next(self):
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def refuse(self, message: str, token) -> MarkupError:
        return refusal(message, token, self.lines)

    def paragraphs_until(self, close_type: str) -> list[str]:
        """Texts of the paragraphs / list items inside a container."""
        texts = []
        while self.pos < len(self.tokens):
            token = self.next()
            if token.type == close_type:
                break
            if token.type == "inline":
                texts.append(_text(_runs(token, self.lines)))
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
                current.append(_text(_runs(token, self.lines)))
        return Table(header, rows, align, dense=dense)

    def build(self, tokens: list) -> list:
        """Add the blocks of ``tokens`` (a run of markdown-it's tokens) to ``blocks``; returns them."""
        self.tokens, self.pos = tokens, 0
        if self.runin_waiting is not None and tokens:
            heading, self.runin_waiting = self.runin_waiting, None
            if tokens[0].type == "paragraph_open":
                self.run_in(heading)
        while self.pos < len(self.tokens):
            token = self.next()
            kind = token.type
            if kind == "heading_open":
                self.heading(token)
            elif kind == "paragraph_open":
                classes = block_classes(token, "paragraph", self.lines)
                inline = self.next()
                self.refuse_stray_syntax(inline)
                runs = _runs(inline, self.lines)
                self.next()
                if runs:
                    self.blocks.append(Paragraph(runs, "plain" if "plain" in classes else
                                                 "center" if "center" in classes else "body"))
            elif kind == "table_open":
                self.blocks.append(self.table("dense" in block_classes(token, "table", self.lines)))
            elif kind == "hr":
                block_classes(token, "page break", self.lines)
                self.blocks.append(PageBreak())
            elif kind == "container_block_open":
                block_classes(token, "container", self.lines)
                self.container(token.info.strip().split(" ", 1)[0], token)
            elif kind in ("ordered_list_open", "bullet_list_open"):
                block_classes(token, "list", self.lines)
                self.list(token)
            elif kind == "blockquote_open":
                raise self.refuse("公文中没有引用块：行首的“>”请删去（要印出“>”请写 \\>）", token)
            elif kind in ("code_block", "fence"):
                raise self.refuse("行首缩进 4 个以上空格（或 ``` 围起）的文字会成为代码块，公文中没有代码块；"
                                  "请去掉行首的空格", token)
        return self.blocks

    def chart(self, close: str) -> Chart:
        """``::: chart``: option lines (标题：…) and one table of plain numbers."""
        options: dict[str, str] = {}
        table = None
        while self.pos < len(self.tokens):
            token = self.next()
            if token.type == close:
                break
            if token.type == "table_open":
                table = self.table(False)
            elif token.type == "inline":
                for line in _text(_runs(token, self.lines)).split("\x0b"):
                    key, sep, value = line.partition("：")
                    if sep and key.strip() in CHART_OPTIONS:
                        options[CHART_OPTIONS[key.strip()]] = value.strip()
                    elif line.strip():
                        raise RenderError(f"::: chart 中无法识别的一行“{line}”；可写：{'、'.join(CHART_OPTIONS)}（后跟全角冒号），再写一个表格")
        if table is None or not table.rows or len(table.header) < 2:
            raise RenderError("::: chart 中要有一个表格：第一列为类别，其后每列为一组数值")
        series = [(name, [_chart_number(row[i + 1] if i + 1 < len(row) else "") for row in table.rows])
                  for i, name in enumerate(table.header[1:])]
        reference = options.pop("reference", "")
        return Chart(categories=[row[0] for row in table.rows], series=series,
                     reference=_chart_number(reference), **{"title": "", **options})

    def refuse_stray_syntax(self, inline) -> None:
        """A paragraph line that looks like markup the parser did not take (an unpaired
        ``:::``, an attribute line not right above its block): refused, not printed as text."""
        for offset, content in enumerate(inline.content.split("\n")):
            line = line_of(inline) + offset if line_of(inline) else None
            source = self.lines[line - 1] if line and line <= len(self.lines) else content
            raw = source.strip()  # the line as written (escapes kept: \{.runin} is text), on either parsing path
            if raw.startswith(":::"):
                raise MarkupError("“:::”只能用来开始或结束一个容器，这一行没有配对的开头或结尾；"
                                  "容器写法：“::: title”……“:::”", line, source)
            if raw.startswith(("{.", "{#")) and raw.endswith("}"):
                raise MarkupError(f"属性行“{raw}”要写在它所修饰的标题、段落或表格的上一行：上面空一行，下面不空行",
                                  line, source)

    def heading(self, token) -> None:
        level = int(token.tag[1:])
        if level > 4:
            raise self.refuse(f"公文标题最多 4 级（# 到 ####，即 一、（一）1.（1）），这里写了 {level} 个 #", token)
        classes = block_classes(token, "heading", self.lines)
        runs = _runs(self.next(), self.lines)
        self.next()  # heading_close
        heading = Heading(level, runs, numbered="nonumber" not in classes)
        self.blocks.append(heading)
        if "runin" in classes:
            if self.pos == len(self.tokens):
                self.runin_waiting = heading  # its paragraph may start the next run or be plain (plain.py)
            elif self.tokens[self.pos].type == "paragraph_open":
                self.run_in(heading)

    def run_in(self, heading: Heading) -> None:
        """The paragraph the tokens go on with is the run-in heading's body (its classes are not read)."""
        self.next()
        heading.body = _runs(self.next(), self.lines)
        self.next()

    def list(self, token) -> None:
        """An ordered list as paragraphs numbered （1）（2）…, a bulleted one as 一是、二是…"""
        ordered = token.type == "ordered_list_open"
        close = token.type.replace("_open", "_close")
        count = int(token.attrs.get("start", 1)) - 1 if token.attrs else 0
        while True:
            item = self.next()
            if item.type == close:
                return
            if item.type != "list_item_open":
                continue
            count += 1
            label = self.numbering[-1].format(n=count, cn=cn_number(count)) if ordered else sequence(count)
            first = True
            while True:
                inner = self.next()
                if inner.type == "list_item_close":
                    break
                if inner.type == "paragraph_open":
                    runs = _runs(self.next(), self.lines)
                    self.next()
                    if first:
                        runs = [Run(label, runs[0].bold if runs else False)] + runs
                        first = False
                    self.blocks.append(Paragraph(_fold(runs)))
                elif inner.type in ("ordered_list_open", "bullet_list_open"):
                    raise self.refuse("列表不能嵌套：编号列表印为（1）（2）…，是公文最末一级序号，下面不能再分；"
                                      "要分层请用标题（### 印为 1.），“一是、二是”也不能再分", inner)
                else:
                    raise self.refuse("列表项中只能写文字段落", inner)

    def container(self, name: str, token) -> None:
        if name not in CONTAINERS:
            close = did_you_mean(name, CONTAINERS)
            hint = f"您是不是要写“::: {close}”？" if close else f"可用：{'、'.join(CONTAINERS)}"
            raise self.refuse(f"不认识的容器“::: {name}”；{hint}", token)
        if name == "redhead" and not self.redhead:
            raise self.refuse("“::: redhead”（红头）需要带红头的样式，当前样式没有；"
                              "请用 --style gbt9704-redhead 或在 template.yaml 写 style: gbt9704-redhead，"
                              "或删去这个容器", token)
        close = token.type.replace("_open", "_close")
        if name == "chart":
            self.blocks.append(self.chart(close))
            return
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
                raise self.refuse("::: attachment-page 中至少要写附件标号（如 附件1）", token)
            self.blocks.append(AttachmentPage(texts[0], texts[1] if len(texts) > 1 else ""))
        elif name == "imprint":
            imprint = Imprint()
            for text in texts:
                key, _, value = text.partition("：")
                key = simplified(key)  # 印發機關 in a Traditional document
                if key == "抄送":
                    imprint.cc = value
                elif key == "印发机关":
                    imprint.printer = value
                elif key == "印发日期":
                    imprint.date = value
            if imprint.cc or imprint.printer:
                self.blocks.append(imprint)


def _chart_number(text: str) -> float | None:
    text = text.strip().rstrip("%％")
    if text in ("", "—", "-"):
        return None
    try:
        return float(text)
    except ValueError:
        raise RenderError(f"::: chart 的表格中“{text}”不是数字") from None


def _text(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def parse(markup: str, title: str = "", author: str = "", *, numbering: list[str] | None = None,
          redhead: bool = True) -> Document:
    """Parse document markup into a :class:`Document`.

    ``numbering`` (the style's heading numbers) numbers ordered lists; ``redhead`` says
    whether the style can print a ``::: redhead``."""
    builder = _Builder(SourceLines(markup), list(numbering or DEFAULT_NUMBERING), redhead)
    read(markup, parser(), builder)  # plain paragraphs and headings without markdown-it (see plain.py)
    return Document(builder.blocks, title=title, author=author)
