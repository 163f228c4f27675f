"""YAML (and JSON) reader that keeps line:column for every value.

Scalars are kept as text; the validator converts them by the declared field
type. That sidesteps YAML 1.1 traps (``no`` → False, ``010`` → 8, ``2024-03``)
because nothing is guessed from the text alone.
"""
from __future__ import annotations

import json
from pathlib import Path as FsPath

import yaml

from ..errors import InputError, Problem
from .source import Source

_NULLS = {"", "~", "null", "Null", "NULL"}


def _mark(name: str, mark) -> str:
    return f"{name}:{mark.line + 1}:{mark.column + 1}"


def _decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw[:8192]:
        raise InputError(Problem("这不是文本文件（可能是改了扩展名的二进制文件）", location=name,
                                 suggestion="请用文本编辑器另存为 UTF-8 编码的 .yaml 文件"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(Problem("文件不是 UTF-8 编码", location=f"{name}:{line}",
                                 suggestion="请在编辑器中选择“另存为 → 编码 UTF-8”后重试")) from None


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    location = _mark(name, mark) if mark else name
    problem = (exc.problem or "").strip()
    if "'\\t'" in problem or "\\t" in problem:
        return Problem("YAML 不能用制表符（Tab）缩进", location=location,
                       suggestion="请把这一行开头的 Tab 换成空格（建议每级缩进 2 个空格）")
    message = "YAML 格式错误"
    hint = "请检查这一行及上一行的缩进、冒号（英文半角“:”后要有空格）和引号是否配对"
    if "mapping values are not allowed" in problem:
        hint = "冒号后的内容如果本身含有“: ”，请给整段文字加上引号"
    elif "could not find expected ':'" in problem:
        hint = "这一行缺少“键: 值”中的冒号，或上一行引号没有闭合"
    elif "found undefined alias" in problem or "found unhashable key" in problem:
        hint = "以 * 或 & 开头、或以 [ { 开头的文字请加上引号"
    return Problem(f"{message}：{problem or exc}", location=location, suggestion=hint)


class _Builder:
    def __init__(self, name: str):
        self.name = name
        self.locations: dict = {}
        self.key_locations: dict = {}
        self.problems: list[Problem] = []

    def build(self, node, path: tuple):
        self.locations[path] = _mark(self.name, node.start_mark)
        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(Problem("键必须是一段文字", location=_mark(self.name, key_node.start_mark)))
                    continue
                key = key_node.value.strip()
                if key in result:
                    first = self.key_locations.get(path + (key,), "")
                    self.problems.append(Problem(
                        f"键“{key}”重复出现", location=_mark(self.name, key_node.start_mark),
                        suggestion=f"第一次出现在 {first}，请删除或合并其中一个" if first else "请删除其中一个"))
                    continue
                self.key_locations[path + (key,)] = _mark(self.name, key_node.start_mark)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        value = node.value
        if node.style is None and value.strip() in _NULLS:
            return None
        return value


def load_yaml_text(text: str, name: str) -> Source:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise InputError(_syntax_problem(exc, name, text)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors (bad characters)
        raise InputError(Problem(f"YAML 无法读取：{exc}", location=name)) from None
    if node is None:
        raise InputError(Problem("文件是空的", location=name, expected="至少包含“单位”等字段的 YAML 映射"))
    builder = _Builder(name)
    data = builder.build(node, ())
    if builder.problems:
        raise InputError(builder.problems)
    if not isinstance(data, dict):
        raise InputError(Problem("文件最外层应为“键: 值”形式的映射", location=_mark(name, node.start_mark),
                                 expected="如 单位: 某某学校", found="列表" if isinstance(data, list) else "一段文字"))
    return Source(data, name, builder.locations, builder.key_locations, kind="yaml")


def load_yaml(path: FsPath) -> Source:
    return load_yaml_text(_decode(path.read_bytes(), path.name), path.name)


def load_json(path: FsPath) -> Source:
    text = _decode(path.read_bytes(), path.name)

    def no_duplicates(pairs):
        seen: dict = {}
        for key, value in pairs:
            if key in seen:
                raise InputError(Problem(f"键“{key}”重复出现", location=path.name))
            seen[key] = value
        return seen

    try:
        data = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(Problem(f"JSON 格式错误：{exc.msg}", location=f"{path.name}:{exc.lineno}:{exc.colno}")) from None
    if not isinstance(data, dict):
        raise InputError(Problem("文件最外层应为对象（{…}）", location=path.name))
    return Source(data, path.name, {(): path.name}, kind="json")
