"""Plain blocks of document markup, recognised without running markdown-it.

Most of what templates emit is plain: paragraphs of Chinese text, ATX headings,
a ``{.runin}`` line before a heading. markdown-it spends most of its time on
those (every block rule is tried on every line, three tokens per block, an
inline pass per block). ``tokenize`` splits the markup at blank lines and
recognises a chunk itself only when markdown-it could not read it any other
way: no line starts with a character that can begin another kind of block, no
character that any enabled inline rule reacts to, no leading or trailing
whitespace on any line. Every other chunk (tables, containers, lists,
emphasis, escapes…) is given to markdown-it, in runs of neighbouring chunks,
and only where nothing from before can still be open (a container, a fence,
an attribute line waiting for its block). The result is the same token stream
markdown-it would give, with plain blocks as light :class:`PlainToken`
objects; ``tests/test_markup_fast_path.py`` checks that on every template's
output and on random markup.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim

# a run of non-blank lines (a blank line holds nothing but spaces and tabs, as markdown-it sees it)
_CHUNK = re.compile(r"[^\n]*[^ \t\n][^\n]*(?:\n[^\n]*[^ \t\n][^\n]*)*")
# characters an enabled inline rule (backticks, emphasis, entity, escape) or a disabled one
# that might be enabled later (link, image, html, autolink) reacts to; \r and NUL are normalised
_INLINE_SPECIAL = re.compile(r"[\\`*_&<>\[\]!~\r\x00]")
# a backslash before ASCII punctuation (what markup_escape writes for data): the character itself
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# characters that can begin a block other than a paragraph or an ATX heading
_BLOCK_START = frozenset(" \t>-*+_=|:{`~<[")
_ORDERED_ITEM = re.compile(r"\d{1,9}[.)]")
_HEADING = re.compile(r"(#{1,6})(?:[ \t]+([^#]*))?")
_CLASS_LINE = re.compile(r"\{\.[A-Za-z][A-Za-z0-9-]*(?: \.[A-Za-z][A-Za-z0-9-]*)*\}")
# what can stay open past a blank line: containers (by marker length) and fences
_CONTAINER_CLOSE = re.compile(r" {0,3}(:{3,})[ \t]*")
_CONTAINER_OPEN = re.compile(r"[ \t]*(:{3,})")
_FENCE = re.compile(r"[ \t]*(?:```|~~~)")


# the parser configuration this module reproduces; a parser with other rules or options
# (typographer, linkify, strikethrough, a new plugin) reads everything itself
_KNOWN_RULES = {
    "core": {"normalize", "block", "attr", "inline", "text_join"},
    "block": {"table", "code", "container_block", "attr", "fence", "blockquote", "hr", "list", "heading", "lheading",
              "paragraph", "reference", "html_block"},
    "inline": {"text", "newline", "escape", "backticks", "emphasis", "entity", "link", "image", "autolink", "html_inline"},
    "inline2": {"balance_pairs", "emphasis", "fragments_join"},
}


def _known_configuration(md: MarkdownIt) -> bool:
    """Whether ``md`` reads markup as this module assumes (checked per call: a few microseconds)."""
    rules = md.get_active_rules()
    return (not (md.options.get("typographer") or md.options.get("linkify") or md.options.get("breaks"))
            and all(set(rules.get(chain, ())) <= allowed for chain, allowed in _KNOWN_RULES.items()))


class PlainToken:
    """A token of a plain block: the fields of ``markdown_it.token.Token`` the model builder reads."""

    __slots__ = ("type", "tag", "attrs", "content", "map")

    def __init__(self, type_: str, tag: str, attrs: dict, content: str = "", map_: list[int] | None = None):
        self.type = type_
        self.tag = tag
        self.attrs = attrs
        self.content = content
        self.map = map_


_CLOSE = {"p": PlainToken("paragraph_close", "p", {}), **{f"h{n}": PlainToken("heading_close", f"h{n}", {}) for n in range(1, 7)}}


def _inline(content: str) -> str:
    """The text markdown-it's inline rules make of plain content: escapes become their character."""
    return _ESCAPE.sub(r"\1", content) if "\\" in content else content


def _paragraph(attrs: dict, lines: list[str], first: int) -> list[PlainToken]:
    where = [first, first + len(lines)]
    content = _inline(mdTrim("\n".join(lines)))
    return [PlainToken("paragraph_open", "p", attrs, map_=where), PlainToken("inline", "", {}, content, where), _CLOSE["p"]]


def _heading(attrs: dict, text: str, line: int) -> list[PlainToken] | None:
    heading = _HEADING.fullmatch(text)
    if heading is None:
        return None
    tag, where = f"h{len(heading[1])}", [line, line + 1]
    return [PlainToken("heading_open", tag, attrs, map_=where), PlainToken("inline", "", {}, _inline(mdTrim(heading[2] or "")), where),
            _CLOSE[tag]]


def plain_chunk(chunk: str, line: int) -> list[PlainToken] | None:
    """The tokens of a chunk (non-blank lines starting at ``line``) made only of paragraphs and
    headings, with an optional class line first; None when markdown-it must read it."""
    if _INLINE_SPECIAL.search(_ESCAPE.sub("", chunk) if "\\" in chunk else chunk):
        return None  # (a backslash left after the escapes: a hard break or a literal backslash)
    lines = chunk.split("\n")
    attrs: dict = {}
    if lines[0][0] == "{":
        if len(lines) < 2 or not _CLASS_LINE.fullmatch(lines[0]):
            return None
        attrs = {"class": lines[0][2:-1].replace(" .", " ")}
        del lines[0]
        line += 1
    tokens: list[PlainToken] = []
    paragraph = 0  # index of the first line of the paragraph being read
    for index, text in enumerate(lines):
        head = text[0]
        if text[-1] in " \t":  # trailing spaces make a hard break or are cut: markdown-it's business
            return None
        if head == "#":
            if paragraph < index:
                tokens += _paragraph(attrs, lines[paragraph:index], line + paragraph)
                attrs = {}
            heading = _heading(attrs, text, line + index)
            if heading is None:
                return None
            tokens += heading
            attrs = {}
            paragraph = index + 1
        elif head in _BLOCK_START or (head.isdigit() and _ORDERED_ITEM.match(text)):
            return None
    if paragraph < len(lines):
        tokens += _paragraph(attrs, lines[paragraph:], line + paragraph)
    return tokens


def tokenize(markup: str, md: MarkdownIt) -> list:
    """markdown-it's block tokens for ``markup``, plain blocks as :class:`PlainToken`."""
    if "\r" in markup or "\x00" in markup or not _known_configuration(md):
        return md.parse(markup)
    stream: list = []
    slow_start = slow_end = slow_line = -1
    containers: list[int] = []  # marker lengths of the containers open in the markdown-it run
    fenced = waiting_attrs = False
    line, counted = 0, 0

    def flush() -> None:
        nonlocal slow_start
        if slow_start < 0:
            return
        tokens = md.parse(markup[slow_start:slow_end])
        if slow_line:
            for token in tokens:
                if token.map:
                    token.map = [token.map[0] + slow_line, token.map[1] + slow_line]
        stream.extend(tokens)
        slow_start = -1

    for match in _CHUNK.finditer(markup):
        begin = match.start()
        line += markup.count("\n", counted, begin)
        counted = begin
        chunk = match.group()
        tokens = None if (containers or fenced or waiting_attrs) else plain_chunk(chunk, line)
        if tokens is not None:
            flush()
            stream.extend(tokens)
            continue
        if slow_start < 0:
            slow_start, slow_line = begin, line
        slow_end = match.end()
        for text in chunk.split("\n"):
            if ":::" in text:
                closing = _CONTAINER_CLOSE.fullmatch(text)
                if closing:
                    if containers and len(closing[1]) >= containers[-1]:
                        containers.pop()
                elif (opening := _CONTAINER_OPEN.match(text)):
                    containers.append(len(opening[1]))
            if _FENCE.match(text):
                fenced = True  # rare in document markup: markdown-it reads the rest
        waiting_attrs = chunk[chunk.rfind("\n") + 1:].lstrip(" \t").startswith("{")
    flush()
    return stream
