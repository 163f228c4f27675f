"""A quick HTML preview of the document model, for a browser.

Not a second layout engine: headings carry their numbers, tables and the
signature are there, page breaks show as a rule, and the CSS approximates the
style profile's fonts, sizes, line spacing and indents (with common fallback
font names so the page reads sensibly on any machine). The .docx stays the
document of record.
"""
from __future__ import annotations

from html import escape

from edureport.core import textmetrics as layout
from edureport.core.fingerprint import HTML_STAMP, stamp
from edureport.core.titles import balance_title
from edureport.document.model import (
    AttachmentNote,
    AttachmentPage,
    Document,
    Heading,
    Imprint,
    Marks,
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
from edureport.styles.profile import Profile

# fallbacks a browser may have when the standard font is missing
FONT_FALLBACKS = {
    "仿宋_GB2312": ["仿宋", "FangSong", "STFangsong", "FandolFang", "AR PL UMing CN", "serif"],
    "楷体_GB2312": ["楷体", "KaiTi", "STKaiti", "FandolKai", "AR PL UKai CN", "serif"],
    "方正小标宋简体": ["方正小标宋_GBK", "STZhongsong", "Noto Serif CJK SC", "Source Han Serif SC", "serif"],
    "黑体": ["SimHei", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", "sans-serif"],
    "宋体": ["SimSun", "STSong", "AR PL UMing CN", "Noto Serif CJK SC", "serif"],
}
ROLE_CLASSES = ("title", "subtitle", "recipient", "heading1", "heading2", "heading3", "heading4", "body", "table",
                "table_dense", "table_header", "attachment_note", "signature", "attachment_label",
                "attachment_title", "imprint", "page_number", "redhead", "doc_number", "head_mark",
                "signer_name")
GENERATOR = '<meta name="generator" content="edureport preview">'
_ALIGN = {"both": "justify", "left": "left", "right": "right", "center": "center", "distribute": "justify"}


def _font_stack(profile: Profile, role_name: str) -> str:
    role = profile.role(role_name)
    names = [role.latin, role.font] + FONT_FALLBACKS.get(role.font, ["serif"])
    seen = dict.fromkeys(n for n in names if n)
    return ", ".join(n if n in ("serif", "sans-serif") else f'"{n}"' for n in seen)


def stylesheet(profile: Profile) -> str:
    page = profile.page
    twips_mm = 25.4 / 1440
    width_mm = (page["width"] - page["margin_left"] - page["margin_right"]) * twips_mm
    rules = [
        "body { background: #eee; margin: 0; }",
        f".page {{ background: #fff; width: {width_mm:.1f}mm; margin: 12mm auto; "
        f"padding: {page['margin_top'] * twips_mm:.0f}mm {page['margin_right'] * twips_mm:.0f}mm "
        f"{page['margin_bottom'] * twips_mm:.0f}mm {page['margin_left'] * twips_mm:.0f}mm; "
        "box-shadow: 0 0 4px #999; }",
        "p, h1, h2, h3, h4, h5 { margin: 0; font-weight: normal; }",
        "hr.page-break { border: none; border-top: 1px dashed #999; margin: 2em 0; }",
        "table { border-collapse: collapse; margin: 0 auto; width: 100%; }",
        "td, th { border: 0.5pt solid #000; padding: 0 1.5mm; vertical-align: middle; }",
        ".imprint { margin-top: 2em; border-top: 1pt solid #000; border-bottom: 1pt solid #000; }",
        ".imprint p + p { border-top: 0.75pt solid #000; }",
        ".imprint .printer { display: flex; justify-content: space-between; }",
        ".redhead { color: #e00; }",
        ".redhead-rule { border-bottom: 1.5pt solid #e00; margin-bottom: 2em; }",
        ".doc_number.signed { display: flex; justify-content: space-between; padding: 0 1em; }",
        ".blank { height: 1em; }",
    ]
    for name in ROLE_CLASSES:
        if name not in profile.data["roles"]:
            continue
        role = profile.role(name, "table" if name == "table_header" else None)
        parts = [f"font-family: {_font_stack(profile, name)}", f"font-size: {role.size:g}pt",
                 f"text-align: {_ALIGN.get(role.align, 'left')}"]
        if role.line:
            parts.append(f"line-height: {role.line:g}pt")
        if role.indent:
            parts.append(f"text-indent: {role.indent:g}em")
        if role.indent_left:
            parts.append(f"padding-left: {role.indent_left:g}em")
        if role.indent_right:
            parts.append(f"padding-right: {role.indent_right:g}em")
        if role.char_spacing:
            parts.append(f"letter-spacing: {role.char_spacing:g}pt")
        parts.append(f"font-weight: {'bold' if role.bold else 'normal'}")
        if getattr(role, "color", None):
            parts.append(f"color: #{role.color}")
        rules.append(f".{name} {{ {'; '.join(parts)}; }}")
    rules.append(".plain { text-indent: 0; } .center { text-indent: 0; text-align: center; }")
    rules.append(".runin-body { font-family: " + _font_stack(profile, "body") + "; font-weight: normal; }")
    return "\n".join(rules)


def _runs(runs: list[Run]) -> str:
    out = []
    for run in runs:
        text = escape(run.text).replace("\x0b", "<br>")
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.italic:
            text = f"<em>{text}</em>"
        out.append(text)
    return "".join(out)


class HtmlWriter:
    def __init__(self, profile: Profile):
        self.profile = profile

    def write(self, document: Document) -> str:
        body = "\n".join(self.block(block) for block in document.blocks)
        return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                f"{GENERATOR}\n"
                f"<title>{escape(document.title)}</title>\n<style>\n{stylesheet(self.profile)}\n</style>\n"
                f"</head>\n<body>\n<div class=\"page\">\n{body}\n</div>\n</body>\n</html>\n")

    def block(self, block) -> str:
        handler = getattr(self, f"_{type(block).__name__.lower()}", None)
        if handler is not None:
            return handler(block)
        text = getattr(block, "text", None)  # a block kind this preview does not know yet
        return f'<p class="body">{escape(text)}</p>' if isinstance(text, str) else ""

    def _marks(self, block: Marks) -> str:
        return "".join(f'<p class="head_mark">{escape(line)}</p>' for line in block.lines)

    def _redhead(self, block: RedHead) -> str:
        number = ""
        if block.signers:  # 上行文: 发文字号 left, 签发人 right, on one line
            names = "\u3000".join(escape(n) for n in block.signers)
            number = (f'<p class="doc_number signed"><span>{escape(block.number)}</span>'
                      f'<span>{escape(block.signer_label)}<span class="signer_name">{names}</span></span></p>')
        elif block.number:
            number = f'<p class="doc_number">{escape(block.number)}</p>'
        if not block.org_text:
            return number
        return f'<p class="redhead">{escape(block.org_text)}</p>{number}<div class="redhead-rule"></div>'

    def _title(self, block: Title, role: str = "title") -> str:
        per_line = float(self.profile.role_options(role).get("chars_per_line", 20))
        lines = "<br>".join(escape(line) for line in balance_title(block.text, per_line))  # as in the .docx
        return f'<h1 class="{role}">{lines}</h1>\n<p class="blank"></p>'

    def _subtitle(self, block: Subtitle) -> str:
        return f'<p class="subtitle">{escape(block.text)}</p>'

    def _recipient(self, block: Recipient) -> str:
        return f'<p class="recipient">{escape(block.text)}</p>'

    def _heading(self, block: Heading) -> str:
        level = min(max(block.level, 1), 4)
        head = escape(block.number) + _runs(block.runs)
        if block.body is not None:
            body = f'<span class="runin-body">{_runs(block.body)}</span>' if block.body else ""
            return f'<p class="heading{level}"><span>{head}</span>{body}</p>'
        return f'<h{level + 1} class="heading{level}">{head}</h{level + 1}>'

    def _paragraph(self, block: Paragraph) -> str:
        extra = f" {block.role}" if block.role in ("plain", "center") else ""
        return f'<p class="body{extra}">{_runs(block.runs)}</p>'

    def _table(self, block: Table) -> str:
        role = "table_dense" if block.dense else "table"
        head = "".join(f'<th class="table_header">{escape(h)}</th>' for h in block.header)
        columns = max([len(block.header)] + [len(r) for r in block.rows])
        rows = []
        for row in block.rows:
            cells = list(row) + [""] * (columns - len(row))
            aligned = []
            for col, cell in enumerate(cells):
                align = block.align[col] if col < len(block.align) else "left"
                aligned.append(f'<td class="{role}" style="text-align: {_ALIGN.get(align, align)}">'
                               f"{escape(cell).replace(chr(11), '<br>')}</td>")
            rows.append("<tr>" + "".join(aligned) + "</tr>")
        thead = f"<thead><tr>{head}</tr></thead>" if block.header else ""
        return f"<table>{thead}<tbody>{''.join(rows)}</tbody></table>"

    def _attachmentnote(self, block: AttachmentNote) -> str:
        """附件：1.×× with further names aligned under the first (as in the .docx)."""
        label = escape(block.label)
        number_start = 2 + layout.text_width(block.label)
        if not block.numbers:
            return '<p class="blank"></p>' + "".join(
                f'<p class="attachment_note" style="padding-left: {number_start:g}em; '
                f'text-indent: -{number_start - 2:g}em">{label}{escape(item)}</p>' for item in block.items)
        lines = []
        for index, (number, item) in enumerate(zip(block.numbers, block.items)):
            name_start = number_start + layout.text_width(number)
            line_start = 2 if index == 0 else number_start
            lines.append(f'<p class="attachment_note" style="padding-left: {name_start:g}em; '
                         f'text-indent: -{name_start - line_start:g}em">'
                         f'{label if index == 0 else ""}{number}{escape(item)}</p>')
        return '<p class="blank"></p>' + "".join(lines)

    def _signature(self, block: Signature) -> str:
        margin = float(self.profile.role_options("signature").get("indent_right", 2))
        org_right, date_right = layout.signature_offsets(block.org, block.date, margin=margin)
        org = f'<p class="signature" style="padding-right: {org_right:g}em">{escape(block.org)}</p>'
        date = (f'<p class="signature" style="padding-right: {date_right:g}em">{escape(block.date)}</p>'
                if block.date else "")
        return f'<p class="blank"></p>{org}{date}'

    def _chart(self, block) -> str:  # hook (issue 17): the native chart's preview as inline SVG
        from edureport.writers.chart_svg import chart_svg

        return f'<figure class="chart" style="margin: 1em 0">{chart_svg(block, self.profile)}</figure>'

    def _pagebreak(self, block: PageBreak) -> str:
        return '<hr class="page-break">'

    def _attachmentpage(self, block: AttachmentPage) -> str:
        title = self._title(Title(block.title), role="attachment_title") if block.title else ""
        return (f'<hr class="page-break">\n<p class="attachment_label">{escape(block.label)}</p>'
                f'<p class="blank"></p>{title}')

    def _imprint(self, block: Imprint) -> str:
        lines = []
        if block.cc_line:
            lines.append(f'<p class="imprint">{escape(block.cc_line)}</p>')
        lines.append(f'<p class="imprint printer"><span>{escape(block.printer)}</span>'
                     f'<span>{escape(block.issued)}</span></p>')
        return f'<div class="imprint">{"".join(lines)}</div>'


def write_html(document: Document, profile: Profile) -> str:
    """The document as one self-contained HTML page."""
    return HtmlWriter(profile).write(document)


def stamped(html: str) -> bytes:
    """The preview's bytes with a closing fingerprint, so an edited copy is recognised and kept."""
    return stamp(html.encode("utf-8"), *HTML_STAMP)
