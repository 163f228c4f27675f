"""Plain blocks of document markup, turned into model blocks without running markdown-it.

Most of what templates emit is plain: paragraphs of Chinese text, ATX headings,
a ``{.runin}`` line before a heading. markdown-it spends most of its time on
those (every block rule is tried on every line, three tokens per block, an
inline pass per block), and the model builder then reads its tokens back.
:func:`read` splits the markup at blank lines with one regular expression that
also recognises a plain chunk: no line starts with a character that can begin
another kind of block, no character that any enabled inline rule reacts to
(only backslash escapes of ASCII punctuation, which stand for the character),
no leading or trailing whitespace on any line, headings of level 1–4 only and
{.classes} their block takes. Such a chunk becomes :class:`Paragraph` and
:class:`Heading` blocks here, in one pass. Every other chunk (tables,
containers, lists, emphasis, anything the builder refuses…) is given to
markdown-it, in runs of neighbouring chunks and only where nothing from
before can still be open (a container, a fence, an attribute line waiting
for its block), and its tokens to the model builder (markup.py). The result is
the model markdown-it and the builder alone would give, errors included;
``tests/test_markup_fast_path.py`` checks that on every template's output and
on random markup.
"""
from __future__ import annotations

import re
from typing import Protocol

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim

from edureport.core.values import join_lines
from edureport.document.model import Heading, Paragraph, Run
from edureport.document.refusals import CLASSES

# characters an enabled inline rule (backticks, emphasis, entity, escape) or a disabled one
# that might be enabled later (link, image, html, autolink) reacts to; \r and NUL are normalised
_SPECIAL = r"\\`*_&<>\[\]!~\r\x00"
# characters that can begin a block other than a paragraph or an ATX heading
_BLOCK_START = r" \t>\-*+_=|:{`~<\["
# a backslash before ASCII punctuation (what markup_escape writes for data) stands for the character
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ESCAPED = r"\\[!-/:-@\[-`{-~]"
_ESCAPED_BUT_HASH = r"\\[!-\"$-/:-@\[-`{-~]"
_TEXT = rf"[^\n{_SPECIAL}]*(?:{_ESCAPED}[^\n{_SPECIAL}]*)*"
_HEADING_TEXT = rf"[^\n#{_SPECIAL}]*(?:{_ESCAPED_BUT_HASH}[^\n#{_SPECIAL}]*)*"
# a paragraph line: not starting like another block (nor with any whitespace, so it is never
# a stray ":::" or attribute line) and not ending with whitespace (a hard break, or cut)
_PARAGRAPH_LINE = rf"(?!\d{{1,9}}[.)])(?:[^\s#{_BLOCK_START}{_SPECIAL}]|{_ESCAPED}){_TEXT}(?<!\s)"
# a heading of level 1-4 without closing #s (levels 5 and 6 are refused by the builder)
_HEADING_LINE = rf"#{{1,4}}(?:[ \t]+{_HEADING_TEXT})?(?<![ \t])"
_CLASS_LINE = r"\{\.[A-Za-z][A-Za-z0-9-]*(?: \.[A-Za-z][A-Za-z0-9-]*)*\}\n"
_LINE = rf"(?:{_HEADING_LINE}|{_PARAGRAPH_LINE})"
_CHUNK_END = r"(?=\n[ \t]*(?:\n|\Z)|\n?\Z)"  # a blank line (spaces and tabs only, as markdown-it sees it) or the end
# a run of non-blank lines, after the blank lines before it (skipped here: searching for the
# next chunk position by position costs more); the last group that took part (``lastindex``) says
# which kind of chunk it is, group 1 (empty) marks where it starts
OTHER, ONE_LINE_PARAGRAPH, HEADING, PLAIN = 1, 2, 5, 6
_CHUNK = re.compile(
    r"(?:[ \t]*\n)*()(?:"
    rf"({_PARAGRAPH_LINE}){_CHUNK_END}"  # 2: a paragraph of one line (most chunks)
    # 3-5: a heading, perhaps after a class line, its text neither starting nor ending with whitespace
    rf"|(?:\{{\.(runin|nonumber)\}}\n)?(#{{1,4}})[ \t]+((?:[^\s#{_SPECIAL}]|{_ESCAPED_BUT_HASH}){_HEADING_TEXT}(?<!\s)){_CHUNK_END}"
    rf"|((?:{_CLASS_LINE})?{_LINE}(?:\n{_LINE})*){_CHUNK_END}"  # 6: any other plain chunk
    r"|[ \t]*[^ \t\n][^\n]*(?:\n[ \t]*[^ \t\n][^\n]*)*)")  # anything else (OTHER): markdown-it reads it
_HEADING = re.compile(r"(#{1,4})(?:[ \t]+(.*))?")
# the {.classes} each kind of plain block takes (any other is refused by the builder)
_HEADING_CLASSES = frozenset(CLASSES["heading"])
_PARAGRAPH_CLASSES = frozenset(CLASSES["paragraph"])
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


class Builder(Protocol):
    """What :func:`read` needs of the model builder (markup.py)."""

    blocks: list
    runin_waiting: Heading | None  # a run-in heading whose paragraph would be the next block

    def build(self, tokens: list) -> None: ...


def _runs(text: str) -> list[Run]:
    """The runs of plain content: escapes become their character, lines join (no space between Chinese)."""
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "\n" in text:
        text = join_lines(text)
    return [Run(text)] if text else []


def plain_blocks(chunk: str) -> tuple[list, Heading | None] | None:
    """The blocks of a chunk matched as plain, and the run-in heading at its end still waiting
    for a paragraph; None when the builder would refuse a class (markdown-it then reads the chunk)."""
    lines = chunk.split("\n")
    classes: frozenset[str] = frozenset()
    if lines[0][0] == "{":
        classes = frozenset(lines.pop(0)[2:-1].split(" ."))
    pieces: list = []  # heading lines and paragraphs (lists of lines), in order
    for line in lines:
        if line[0] == "#":
            pieces.append(line)
        elif pieces and pieces[-1].__class__ is list:
            pieces[-1].append(line)
        else:
            pieces.append([line])
    blocks: list = []
    waiting = None
    for piece in pieces:
        if piece.__class__ is list:
            if not classes <= _PARAGRAPH_CLASSES:
                return None
            runs = _runs("\n".join(piece))
            if waiting is not None:  # the run-in heading's paragraph (its classes are not read)
                waiting.body, waiting = runs, None
            elif runs:
                blocks.append(Paragraph(runs, "plain" if "plain" in classes else
                                        "center" if "center" in classes else "body"))
        else:
            if not classes <= _HEADING_CLASSES:
                return None
            heading = _HEADING.fullmatch(piece)
            waiting = Heading(len(heading[1]), _runs(mdTrim(heading[2] or "")), numbered="nonumber" not in classes)
            blocks.append(waiting)
            if "runin" not in classes:
                waiting = None
        classes = frozenset()  # the class line is for the first block only
    return blocks, waiting


class _OpenBlocks:
    """What a run of chunks for markdown-it leaves open past a blank line, so that the next chunk
    belongs to it too: a container (by marker length), a fence, an attribute line waiting for its block."""

    def __init__(self):
        self.containers: list[int] = []
        self.fenced = False

    def note(self, chunk: str) -> bool:
        """Read one more chunk of the run; whether anything is still open after it."""
        for text in chunk.split("\n"):
            if ":::" in text:
                closing = _CONTAINER_CLOSE.fullmatch(text)
                if closing:
                    if self.containers and len(closing[1]) >= self.containers[-1]:
                        self.containers.pop()
                elif (opening := _CONTAINER_OPEN.match(text)):
                    self.containers.append(len(opening[1]))
            if _FENCE.match(text):
                self.fenced = True  # rare in document markup: markdown-it reads the rest
        waiting_attrs = chunk[chunk.rfind("\n") + 1:].lstrip(" \t").startswith("{")
        return bool(self.containers) or self.fenced or waiting_attrs


def read(markup: str, md: MarkdownIt, builder: Builder) -> None:
    """Build the model blocks of ``markup`` into ``builder``: plain chunks here, all else by markdown-it."""
    if "\r" in markup or "\x00" in markup or not _known_configuration(md):
        builder.build(md.parse(markup))
        return
    blocks = builder.blocks
    waiting = builder.runin_waiting  # a run-in heading: the paragraph right after it is its body
    slow_start = slow_end = -1  # the run of chunks for markdown-it
    line = counted = 0  # the lines before ``counted``
    open_blocks = _OpenBlocks()
    still_open = False  # the run for markdown-it must take the next chunk too
    for match in _CHUNK.finditer(markup):
        kind = match.lastindex
        if still_open or kind == OTHER or (kind == PLAIN and (made := plain_blocks(match[PLAIN])) is None):
            # markdown-it reads this chunk (plain_blocks gives None for what the builder refuses)
            if slow_start < 0:
                slow_start = match.start(OTHER)
            slow_end = match.end()
            still_open = open_blocks.note(markup[match.start(OTHER):slow_end])
            continue
        if slow_start >= 0:  # markdown-it's run before this chunk
            line += markup.count("\n", counted, slow_start)
            counted = slow_start
            builder.runin_waiting = waiting
            builder.build(_parse(md, markup[slow_start:slow_end], line))
            waiting = builder.runin_waiting
            slow_start = -1
        if kind == ONE_LINE_PARAGRAPH:
            text = match[ONE_LINE_PARAGRAPH]
            runs = [Run(_ESCAPE.sub(r"\1", text) if "\\" in text else text)]
            if waiting is None:
                blocks.append(Paragraph(runs))
            else:
                waiting.body = runs
                waiting = None
        elif kind == HEADING:
            runin, hashes, text = match.group(3, 4, 5)
            heading = Heading(len(hashes), [Run(_ESCAPE.sub(r"\1", text) if "\\" in text else text)],
                              numbered=runin != "nonumber")
            blocks.append(heading)
            waiting = heading if runin == "runin" else None
        else:
            made_blocks, trailing = made
            if waiting is not None and made_blocks[0].__class__ is Paragraph:
                waiting.body = made_blocks.pop(0).runs
            blocks += made_blocks
            waiting = trailing
    builder.runin_waiting = waiting
    if slow_start >= 0:
        line += markup.count("\n", counted, slow_start)
        builder.build(_parse(md, markup[slow_start:slow_end], line))


def _parse(md: MarkdownIt, text: str, first_line: int) -> list:
    """markdown-it's tokens for ``text``, their lines counted in the whole markup."""
    tokens = md.parse(text)
    if first_line:
        for token in tokens:
            if token.map:
                token.map = [token.map[0] + first_line, token.map[1] + first_line]
    return tokens
