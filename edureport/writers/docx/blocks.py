"""The block writer: a document's blocks → the body's parts (paragraph bytes, tables, drawings).

Body text and headings go through kinds of paragraph made once per profile (the hot path);
the head, tables/pictures/charts and the closing parts are written by the mixins in
:mod:`.head`, :mod:`.placement` and :mod:`.closing`. A block of type ``Foo`` is written by the
method ``_foo(block, out)``, which appends to ``out``.
"""
from __future__ import annotations

from collections.abc import Callable

from edureport.document.model import Chart, Document, Heading, Image, PageBreak, Paragraph, Run, Subtitle, Title
from edureport.styles.profile import Profile
from edureport.writers import ooxml as x
from edureport.writers.docx.closing import ClosingBlocks
from edureport.writers.docx.head import HeadBlocks
from edureport.writers.docx.placement import PlacementBlocks
from edureport.writers.docx.roles import RoleStyle


class BlockWriter(HeadBlocks, PlacementBlocks, ClosingBlocks):
    """Writes a document's body in one style profile; the roles and kinds of paragraph it makes
    are kept for the profile's next documents."""

    def __init__(self, profile: Profile):
        self.profile = profile
        self.roles: dict[str, RoleStyle] = {}
        self._handlers: dict[type, Callable] = {}  # block type → the (unbound) method that writes it
        # kinds of paragraph made once: (role, page break before) and (level, keep with next, with text, break)
        self._paragraph_kinds: dict[tuple[str, bool], x.TextParagraph] = {}
        self._heading_kinds: dict[tuple[int, bool, bool, bool], x.TextParagraph] = {}
        self._body = self.style("body")

    def style(self, name: str, base: str | None = None) -> RoleStyle:
        key = f"{name}<{base}" if base else name
        if key not in self.roles:
            self.roles[key] = RoleStyle(self.profile.role(name, base))
        return self.roles[key]

    def body_parts(self, document: Document) -> list[x.BodyPart]:
        out: list[x.BodyPart] = []
        self._break_pending = False
        self._images: list[Image] = []  # Image blocks met so far, numbered in order
        self._charts: list[Chart] = []  # Chart blocks met so far, numbered in order
        in_title_group = False
        for block in document.blocks:
            kind = type(block)
            starts_title = kind is Title or kind is Subtitle
            if in_title_group and not starts_title:  # one blank line under the title (and subtitle)
                for _ in range(int(self.profile.role_options("title").get("blank_after", 0))):
                    self._blank(out)
            in_title_group = starts_title
            handler = self._handlers.get(kind)
            if handler is None:
                handler = self._handlers[kind] = getattr(type(self), f"_{kind.__name__.lower()}")
            handler(self, block, out)
        if self._break_pending:
            out.append(x.body_paragraph(None, x.page_break_run()))
        if not out or isinstance(out[-1], x.Table):  # a body must end with a paragraph
            out.append(x.body_paragraph(self.style("body").ppr(first=0)))
        return out

    def _take_break(self) -> bool:
        pending, self._break_pending = self._break_pending, False
        return pending

    def _blank(self, out: list[x.BodyPart], role: str = "body") -> None:
        out.append(x.body_paragraph(self.style(role).ppr(first=0, page_break_before=self._take_break())))

    def _heading(self, block: Heading, out: list[x.BodyPart]) -> None:
        body = block.body  # None: a heading line of its own, kept with the next paragraph
        key = (block.level, body is None, bool(body), self._break_pending)  # the pending page break is taken here
        self._break_pending = False
        kind = self._heading_kinds.get(key)
        if kind is None:
            kind = self._heading_kinds[key] = self._heading_kind(*key)
        runs = block.runs
        number = block.number or ""  # in the first run with the heading text, so Word shows one font change
        if len(runs) == 1 and not (runs[0].bold or runs[0].italic) and (not body or len(body) == 1 and _is_plain(body[0])):
            out.append(kind.xml(number + runs[0].text, body[0].text) if body else kind.xml(number + runs[0].text))
            return
        style = self.style(f"heading{block.level}")
        if runs:  # headings keep only bold and italic of their runs
            xml = style.run_of(number + runs[0].text, runs[0].bold, runs[0].italic)
            for more in runs[1:]:
                xml += style.run_of(more.text, more.bold, more.italic)
        else:
            xml = style.plain.run(number)
        if body:
            xml += self._body.runs(body)
        out.append(kind.opening + xml + x.PARAGRAPH_END)

    def _heading_kind(self, level: int, keep_next: bool, with_body: bool, page_break_before: bool) -> x.TextParagraph:
        style = self.style(f"heading{level}")
        ppr = style.ppr(style=f"Heading{level}", keep_next=keep_next, page_break_before=page_break_before)
        return x.TextParagraph(ppr, (style.plain, self._body.plain) if with_body else (style.plain,))

    def _paragraph(self, block: Paragraph, out: list[x.BodyPart]) -> None:
        key = (block.role, self._break_pending)  # the pending page break is taken here
        self._break_pending = False
        kind = self._paragraph_kinds.get(key)
        if kind is None:
            kind = self._paragraph_kinds[key] = self._paragraph_kind(*key)
        runs = block.runs
        if len(runs) == 1 and not (runs[0].bold or runs[0].italic or runs[0].underline or runs[0].color):  # most
            out.append(kind.xml(runs[0].text))
        else:
            out.append(kind.opening + self._body.runs(runs) + x.PARAGRAPH_END)

    def _paragraph_kind(self, role: str, page_break_before: bool) -> x.TextParagraph:
        first = 0 if role in ("plain", "center") else None
        align = "center" if role == "center" else None
        ppr = self._body.ppr(first=first, align=align, page_break_before=page_break_before)
        return x.TextParagraph(ppr, (self._body.plain,))

    def _pagebreak(self, block: PageBreak, out: list[x.BodyPart]) -> None:
        self._break_pending = True


def _is_plain(run: Run) -> bool:
    return not (run.bold or run.italic or run.underline or run.color)
