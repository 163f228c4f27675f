"""YAML (and JSON) reader that keeps line:column for every value.

Scalars are kept as text; the validator converts them by the declared field
type. That sidesteps YAML 1.1 traps (``no`` → False, ``010`` → 8, ``2024-03``)
because nothing is guessed from the text alone.
"""
from __future__ import annotations

import json
import re
from pathlib import Path as FsPath

import yaml

from edureport.core import limits
from edureport.core.errors import InputError, Problem
from edureport.core.guards import read_regular_file
from edureport.sources.source import Source

_NULLS = {"", "~", "null", "Null", "NULL"}
# Characters YAML refuses to read but people paste from other programs (vertical
# tab, form feed …). They are swapped for private-use stand-ins while parsing and
# restored afterwards, so the validator can remove them with a warning naming the
# field instead of the whole file being rejected.
# NEL and the Unicode line/paragraph separators are swapped too: YAML counts them as
# line breaks, editors do not, and every line number after one would be off by one.
_REFUSED = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF)
            if chr(c) not in "\t\n\r\x85"] + ["\x85", "\u2028", "\u2029"]
_TO_STAND_IN = {ord(char): chr(0x10FF00 + index) for index, char in enumerate(_REFUSED)}
_HAS_REFUSED = re.compile("[" + re.escape("".join(_REFUSED)) + "]")
_FROM_STAND_IN = {ord(stand_in): char for char, stand_in in zip(_REFUSED, _TO_STAND_IN.values())}
_HAS_STAND_IN = re.compile("[\U0010FF00-\U0010FF7F]")
_MAX_REPEATS = 100_000  # values reached again through *aliases (“billion laughs”)


def _restore(text: str) -> str:
    return text.translate(_FROM_STAND_IN) if _HAS_STAND_IN.search(text) else text


def _mark(name: str, mark) -> str:
    return f"{name}:{mark.line + 1}:{mark.column + 1}"


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's “Unicode” (UTF-16)
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    head = raw[:8192]
    controls = sum(head.count(bytes([c])) for c in (*range(0, 9), *range(14, 32)))
    if controls > max(2, len(head) // 50):  # text has almost none; binary files have many
        raise InputError(Problem("这不是文本文件（可能是改了扩展名的二进制文件）", location=name,
                                 suggestion="请用文本编辑器另存为 UTF-8 编码的 .yaml 文件"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            found = "文件是 GBK（ANSI）编码，不是 UTF-8"
        except UnicodeDecodeError:
            found = "文件不是 UTF-8 编码"
        raise InputError(Problem(found, location=f"{name}:{line}",
                                 suggestion="请在记事本或 WPS 中“另存为”，编码选择“UTF-8”后重试")) from None


_CHECK_LINE = "请检查这一行及上一行的缩进、冒号（英文半角“:”后要有空格）和引号是否配对"
# (words in PyYAML's message, what it means in Chinese, how to fix it)
_SYNTAX_HINTS = [
    ("tab character", "不能用制表符（Tab）缩进", "请把这一行开头的 Tab 换成空格（建议每级缩进 2 个空格）"),
    ("'\\t'", "不能用制表符（Tab）缩进", "请把这一行开头的 Tab 换成空格（建议每级缩进 2 个空格）"),
    ("mapping values are not allowed", "这里不能出现“: ”", "冒号后的内容如果本身含有“: ”，请给整段文字加上引号；或检查缩进"),
    ("could not find expected ':'", "缺少“键: 值”中的冒号", "这一行缺少冒号，或上一行引号没有闭合"),
    ("unexpected end of stream", "引号没有闭合", "请检查这段文字两端的引号是否成对"),
    ("unknown escape character", "双引号中的反斜杠“\\”用法不对", "文字中含有 \\ 时请改用单引号，或写成 \\\\"),
    ("single document", "一个文件中有多份数据（出现了多个 ---）", "一个文件只写一份数据，请删除多余的 ---"),
    ("scanning an alias", "以 * 开头的文字被当作引用", "以 * 或 & 开头的文字请加上引号"),
    ("scanning an anchor", "以 & 开头的文字被当作锚点", "以 * 或 & 开头的文字请加上引号"),
    ("undefined alias", "以 * 开头的文字被当作引用", "以 * 或 & 开头的文字请加上引号"),
    ("duplicate anchor", "以 & 开头的文字被当作锚点", "以 * 或 & 开头的文字请加上引号"),
    ("unhashable key", "以 [ 或 { 开头的键", "以 [ { 开头的文字请加上引号"),
    ("cannot start any token", "这一行以 YAML 保留符号开头（如 @ ` % 等）", "请给这段文字加上引号"),
    ("expected '-' indicator", "列表项的缩进不一致", "同一列表的各项“- ”应上下对齐"),
    ("expected key", "缩进不一致", "同一层的键应上下对齐；续行文字请多缩进两格"),
    ("expected <block end>", "缩进不一致", "同一层的键应上下对齐；续行文字请多缩进两格"),
    ("expected ',' or ']'", "方括号列表 [...] 没有写完整", "请检查逗号和右方括号“]”，含逗号的文字请加引号"),
    ("expected ',' or '}'", "花括号映射 {...} 没有写完整", "请检查逗号和右花括号“}”，含逗号的文字请加引号"),
]


# The two slips behind most “YAML errors” in Chinese offices: a full-width colon
# (单位：某某学校) and no space after the colon (单位:某某学校). The parser notices
# them a line or two later, so the line is looked for here.
_KEY = r"^[ ]*(?:-[ ]+)?([^\s:：#'\"\[\]{}|>*&!%@`-][^:：\n]{0,30}?)"
_FULL_WIDTH_COLON = re.compile(_KEY + r"[ ]*：")
_NO_SPACE_AFTER_COLON = re.compile(_KEY + r":(?=[^\s:/\\])")
_CLOCK = re.compile(r"\d:\d")


def _repair_helps(lines: list[str], number: int, repaired: str, error_line: int) -> bool:
    """Does the file read further (or as a mapping) once line ``number`` is repaired?"""
    text = "\n".join(lines[:number] + [repaired] + lines[number + 1:])
    try:
        node = yaml.compose(text.translate(_TO_STAND_IN), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark is not None and mark.line > error_line
    except (yaml.YAMLError, RecursionError):
        return False
    return isinstance(node, yaml.MappingNode)


def colon_slip(text: str, error_line: int) -> Problem | None:
    """A line up to ``error_line`` (0-based) written with a wrong colon, nearest first,
    if repairing it lets the file read on. Its location has ``{name}`` for the file."""
    lines = text.split("\n")
    for number in range(min(error_line, len(lines) - 1), max(-1, error_line - 6), -1):
        line = lines[number]
        if ": " in line or line.rstrip().endswith(":"):
            continue
        match = _FULL_WIDTH_COLON.match(line)
        if match and _repair_helps(lines, number, line[: match.end() - 1] + ": " + line[match.end():], error_line):
            return Problem(f"“{match.group(1).strip()}”后面用了中文冒号“：”", location=f"{{name}}:{number + 1}:{match.end()}",
                           suggestion="请改成英文半角冒号加一个空格，如“单位: 某某学校”")
        match = _NO_SPACE_AFTER_COLON.match(line)
        if (match and not _CLOCK.search(line[: match.end() + 1])
                and _repair_helps(lines, number, line[: match.end()] + " " + line[match.end():], error_line)):
            return Problem(f"“{match.group(1).strip()}”后面的冒号后缺少空格", location=f"{{name}}:{number + 1}:{match.end()}",
                           suggestion="冒号后要有一个空格，如“单位: 某某学校”")
    return None


def _with_name(problem: Problem | None, name: str) -> Problem | None:
    if problem is not None:
        problem.location = problem.location.replace("{name}", name)
    return problem


# 标题: [重点] 教学 / 内容: "开展" 活动: a bracket or quote opens the value and text follows it
_OPENED_VALUE = re.compile(r"^[ ]*(?:-[ ]+)?[^\s:#][^:]*?:[ ]+([\[{\"'])")


def _text_after_brackets(text: str, name: str, mark) -> Problem | None:
    lines = text.split("\n")
    match = _OPENED_VALUE.match(lines[mark.line]) if mark.line < len(lines) else None
    if not match or mark.column <= match.start(1):
        return None
    opener = match.group(1)
    closer = {"[": "]", "{": "}"}.get(opener, opener)
    return Problem(f"YAML 格式错误：内容以“{opener}”开头，“{closer}”后面又接着写了文字",
                   location=f"{name}:{mark.line + 1}:{match.start(1) + 1}",
                   suggestion="以 [ { 开头的文字请整段加上引号，如 标题: '[重点] 课堂教学改革'" if opener in "[{" else
                   "引号要括住整段文字；文字中的引号请用中文引号“”")


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if "quoted scalar" in (exc.context or "") and exc.context_mark is not None:
        # an unclosed quote is noticed at the end of the file; the place to fix is where it opens
        return Problem("YAML 格式错误：引号没有闭合", location=_mark(name, exc.context_mark),
                       suggestion="这里的引号一直没有配对的另一半：请在文字末尾补上引号，或去掉开头的引号")
    slip = _with_name(colon_slip(text, mark.line), name) if mark else None
    if slip is not None:
        slip.message = f"YAML 格式错误：{slip.message}"
        return slip
    location = _mark(name, mark) if mark else name
    problem = " ".join(p for p in (exc.context or "", exc.problem or "") if p).strip()
    bracketed = _text_after_brackets(text, name, mark) if mark and "expected <block end>" in problem else None
    if bracketed is not None:
        return bracketed
    for words, meaning, hint in _SYNTAX_HINTS:
        if words in problem:
            return Problem(f"YAML 格式错误：{meaning}", location=location, suggestion=hint)
    return Problem(f"YAML 格式错误（{problem or exc}）", location=location, suggestion=_CHECK_LINE)


class _Builder:
    def __init__(self, name: str):
        self.name = name
        self.locations: dict = {}
        self.key_locations: dict = {}
        self.problems: list[Problem] = []
        self.open_nodes: set[int] = set()  # nodes being built: an alias to one is a loop
        self.seen: set[int] = set()
        self.repeats = 0
        self.characters = 0  # of all text values, aliases expanded

    def build(self, node, path: tuple):
        if id(node) in self.seen:
            self.repeats += 1
        else:
            self.seen.add(id(node))
        if self.repeats > _MAX_REPEATS:
            raise InputError(Problem("文件展开后过大（&锚点和 *引用 层层套用）", location=_mark(self.name, node.start_mark),
                                     suggestion="请不要用 & 和 * 反复引用；以 * 或 & 开头的文字请加上引号"))
        if len(path) > limits.MAX_DATA_DEPTH:
            raise InputError(Problem(f"嵌套超过 {limits.MAX_DATA_DEPTH} 层", location=_mark(self.name, node.start_mark),
                                     suggestion="请检查缩进或括号是否配对；子项最多 "
                                     f"{limits.MAX_ITEM_DEPTH} 层。" + limits.limit_hint("MAX_DATA_DEPTH")))
        self.locations.setdefault(path, _mark(self.name, node.start_mark))
        if isinstance(node, yaml.ScalarNode):
            self.count(node)
            value = _restore(node.value)
            if not node.style and value in _NULLS:  # plain (style None, or "" from libyaml); they come trimmed
                return None
            return value
        if id(node) in self.open_nodes:
            raise InputError(Problem("引用了自身（*引用 指向包含它的 &锚点）", location=_mark(self.name, node.start_mark),
                                     suggestion="请删除这个 * 引用；以 * 或 & 开头的文字请加上引号"))
        self.open_nodes.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
            return self.mapping(node, path)
        finally:
            self.open_nodes.discard(id(node))

    def count(self, node: yaml.ScalarNode) -> None:
        """Refuse a value too long, or a file too long once its *aliases are expanded, before building on."""
        length = len(node.value)
        if length > limits.MAX_VALUE_CHARS:
            raise InputError(Problem(f"这个值过长（{length:,} 个字符），超过了 {limits.MAX_VALUE_CHARS:,} 个字符的上限",
                                     location=_mark(self.name, node.start_mark),
                                     suggestion="请确认内容无误，长段文字请分成几段。" + limits.limit_hint("MAX_VALUE_CHARS")))
        self.characters += length
        if self.characters > limits.MAX_EXPANDED_CHARS:
            raise InputError(Problem(f"文件展开后过大（超过 {limits.MAX_EXPANDED_CHARS:,} 个字符）：&锚点 被 *引用 反复套用",
                                     location=_mark(self.name, node.start_mark),
                                     suggestion="请不要用 & 和 * 反复引用长文字；以 * 或 & 开头的文字请加上引号。"
                                     + limits.limit_hint("MAX_EXPANDED_CHARS")))

    def mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem("键必须是一段文字", location=_mark(self.name, key_node.start_mark),
                                             suggestion="以 [ { ? 开头的文字请加上引号"))
                continue
            key = _restore(key_node.value).strip()
            if key == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem("不支持“<<”合并写法", location=_mark(self.name, key_node.start_mark),
                                             suggestion="请把要合并的内容直接写出来"))
                continue
            if key in result:
                first = self.key_locations.get(path + (key,), "")
                self.problems.append(Problem(
                    f"键“{key}”重复出现", location=_mark(self.name, key_node.start_mark),
                    suggestion=f"第一次出现在 {first}，请删除或合并其中一个" if first else "请删除其中一个"))
                continue
            self.key_locations[path + (key,)] = _mark(self.name, key_node.start_mark)
            result[key] = self.build(value_node, path + (key,))
        return result


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml: ~15× faster (a typical 工作总结: 1.5 ms, not 21 ms)


def _compose(text: str):
    """The YAML node tree; the C parser when installed, and the Python one for any error
    (so every message, and what counts as an error, stays as the Python parser has it)."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def load_yaml_text(text: str, name: str) -> Source:
    try:
        if _HAS_REFUSED.search(text):
            text = text.translate(_TO_STAND_IN)
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        raise InputError(_syntax_problem(exc, name, text)) from None
    except yaml.YAMLError as exc:  # reader errors: characters YAML cannot hold
        raise InputError(Problem(f"YAML 无法读取：{exc}", location=name)) from None
    except RecursionError:
        raise InputError(Problem("嵌套层数过多", location=name,
                                 suggestion="请检查括号 [ ] { } 是否配对")) from None
    if node is None:
        raise InputError(Problem("文件是空的", location=name, expected="至少包含“单位”等字段的 YAML 映射"))
    builder = _Builder(name)
    data = builder.build(node, ())
    if builder.problems:
        raise InputError(builder.problems)
    if not isinstance(data, dict):
        slip = _with_name(colon_slip(text, node.start_mark.line), name)
        if slip is not None:
            raise InputError(slip)
        raise InputError(Problem("文件最外层应为“键: 值”形式的映射", location=_mark(name, node.start_mark),
                                 expected="如 单位: 某某学校", found="列表" if isinstance(data, list) else "一段文字"))
    return Source(data, name, builder.locations, builder.key_locations, kind="yaml")


def load_yaml(path: FsPath) -> Source:
    return load_yaml_text(_decode(read_regular_file(path), path.name), path.name)


_JSON_MESSAGES = {
    "Expecting ',' delimiter": "缺少逗号“,”",
    "Expecting ':' delimiter": "缺少冒号“:”",
    "Expecting value": "这里应有一个值（可能多了逗号，或文字没有加双引号）",
    "Expecting property name enclosed in double quotes": "键名要用英文双引号括起来（或多了一个逗号）",
    "Unterminated string starting at": "引号没有闭合",
    "Extra data": "对象结束后还有多余的内容",
    "Invalid \\escape": "反斜杠“\\”用法不对，请写成 \\\\",
}


def _json_locations(text: str, name: str) -> tuple[dict, dict]:
    """line:column for every value, by reading the JSON again as YAML (a superset)."""
    try:
        node = _compose(text.translate(_TO_STAND_IN) if _HAS_REFUSED.search(text) else text)
        builder = _Builder(name)
        builder.build(node, ())
        return builder.locations, builder.key_locations
    except (yaml.YAMLError, RecursionError):  # JSON that YAML 1.1 reads differently
        return {(): name}, {}


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}\n]', re.S)


def _check_json_depth(text: str, name: str) -> None:
    """Refuse brackets nested beyond ``MAX_DATA_DEPTH`` at the line where it happens (before parsing)."""
    depth, line = 0, 1
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token[0] == '"':
            line += token.count("\n")
        elif token == "\n":
            line += 1
        elif token in "[{":
            depth += 1
            if depth > limits.MAX_DATA_DEPTH:
                raise InputError(Problem(f"嵌套超过 {limits.MAX_DATA_DEPTH} 层", location=f"{name}:{line}",
                                         suggestion=f"子项最多 {limits.MAX_ITEM_DEPTH} 层，请减少层级。"
                                         + limits.limit_hint("MAX_DATA_DEPTH")))
        elif token in "]}":
            depth -= 1


def _json_int(text: str) -> int | str:
    """Digits beyond any 公文 figure stay text: the validator refuses them at their place."""
    return text if len(text.lstrip("-")) > limits.MAX_NUMBER_DIGITS else int(text)


def load_json(path: FsPath) -> Source:
    text = _decode(read_regular_file(path), path.name)
    name = path.name

    def no_duplicates(pairs):
        seen: dict = {}
        for key, value in pairs:
            if key in seen:
                raise InputError(Problem(f"键“{key}”重复出现", location=name, suggestion="请删除或合并其中一个"))
            seen[key] = value
        return seen

    _check_json_depth(text, name)
    try:
        data = json.loads(text, object_pairs_hook=no_duplicates, strict=False, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        meaning = next((zh for en, zh in _JSON_MESSAGES.items() if exc.msg.startswith(en)), exc.msg)
        raise InputError(Problem(f"JSON 格式错误：{meaning}", location=f"{name}:{exc.lineno}:{exc.colno}")) from None
    except RecursionError:
        raise InputError(Problem("嵌套层数过多", location=name)) from None
    if not isinstance(data, dict):
        raise InputError(Problem("文件最外层应为对象（{…}）", location=name))
    locations, key_locations = _json_locations(text, name)
    return Source(data, name, locations, key_locations, kind="json")
