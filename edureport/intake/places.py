"""A field path in people's words: ``achievements[1].metrics[0].value`` → 主要成绩 第2项 › 指标 第1项 › 数值.

Messages show this beside the file place (``指标!D7`` / ``data.yaml:12``);
the English path stays in ``--format json`` for programs.
"""
from __future__ import annotations

import re

from edureport.core.errors import Problem
from edureport.templating.schema import FieldSpec

_TOKEN = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
SEPARATOR = " › "


def describe_path(path: str, fields: dict[str, FieldSpec], types: dict) -> str:
    """The Chinese names along ``path``; keys the template does not know are shown as written."""
    segments: list[str] = []
    current = fields
    for index, name in _TOKEN.findall(path):
        if index:
            if segments:
                segments[-1] += f" 第{int(index) + 1}项"
            continue
        spec = current.get(name) if current else None
        if spec is None and current:
            spec = next((f for f in current.values() if name in f.aliases), None)
        segments.append(spec.alias if spec else name)
        record = types.get(spec.type) if spec is not None else None
        current = record.fields if record is not None else {}
    return SEPARATOR.join(segments)


def label_problems(problems: list[Problem], fields: dict[str, FieldSpec], types: dict) -> None:
    """Give every problem that has a field path its Chinese label."""
    for problem in problems:
        if problem.path and not problem.label:
            label = describe_path(problem.path, fields, types)
            if SEPARATOR in label or f"“{label}”" not in problem.message:  # “年度”不是数字 names it already
                problem.label = label
