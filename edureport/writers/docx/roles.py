"""A style profile's role (body, heading1, title…) as ready-made XML: run properties, run formats
and paragraph properties, built once per profile and shared by every document it writes."""
from __future__ import annotations

from edureport.document.model import Run
from edureport.styles.profile import Role
from edureport.writers import ooxml as x


def _line_twips(role: Role) -> int | None:
    return round(role.line * 20) if role.line else None


class RoleStyle:
    """Pre-built XML fragments for one role (built once per profile)."""

    def __init__(self, role: Role):
        self.role = role
        spacing = round(role.char_spacing * 20)
        self.rpr = x.run_properties(role.font, role.latin, role.half_points, bold=role.bold, spacing_twips=spacing,
                                    color=role.color)
        self.rpr_bold = x.run_properties(role.font, role.latin, role.half_points, bold=True, spacing_twips=spacing,
                                         color=role.color)
        self.plain = x.RunFormat(self.rpr)
        self.bolder = x.RunFormat(self.rpr_bold) if not role.bold else self.plain  # a bold run of a regular role
        self.line = _line_twips(role)
        self.char_twips = round(role.size * 20)
        self.indents: dict[tuple, str] = {}  # (first, left, right, hanging) → w:ind

    def runs(self, runs: list[Run]) -> bytes:
        if len(runs) == 1:  # most paragraphs
            return self.run(runs[0])
        return b"".join([self.run(r) for r in runs])

    def run(self, r: Run) -> bytes:
        if r.italic or r.underline or r.color:
            return x.run(r.text, self.emphasis(r)).encode()
        return (self.bolder if r.bold else self.plain).run(r.text)

    def run_of(self, text: str, bold: bool, italic: bool) -> bytes:
        """A run of this role's colour, not underlined (headings keep only bold and italic)."""
        return self.run(Run(text, bold, italic)) if italic else (self.bolder if bold else self.plain).run(text)

    def emphasis(self, r: Run) -> str:
        """rPr for a run with italic, underline or a colour of its own (kept from a document that was read)."""
        role = self.role
        return x.run_properties(role.font, role.latin, role.half_points, bold=role.bold or r.bold,
                                italic=r.italic, underline=r.underline, color=r.color or role.color,
                                spacing_twips=round(role.char_spacing * 20))

    def ppr(self, *, style: str | None = None, align: str | None = None, first: float | None = None,
            left: float | None = None, right: float | None = None, hanging: float = 0,
            **extra) -> x.ParagraphProperties:
        role = self.role
        ind = self.indents.get((first, left, right, hanging))
        if ind is None:
            ind = self.indents[first, left, right, hanging] = x.indent(
                first_chars=role.indent if first is None else first,
                left_chars=role.indent_left if left is None else left,
                right_chars=role.indent_right if right is None else right,
                hanging_chars=hanging, char_twips=self.char_twips)
        return x.ParagraphProperties(style=style, line_twips=self.line, ind=ind,
                                     align=align or role.align, outline=role.outline, **extra)
