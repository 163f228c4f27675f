"""The C YAML parser (libyaml), used when installed for speed, reads every file exactly as the Python one."""
from __future__ import annotations

import pytest
from conftest import EXAMPLES

from edureport.sources import yaml_source

TRICKY = "标题: ~\n单位: null\n年度: 2024\n内容: |\n  第一段\n  第二段\n要点: [一, '二', \"三\"]\n备注: ''\n日期: 2024-03-01\n"


def _read(text: str, monkeypatch, fast: bool):
    if not fast:
        monkeypatch.setattr(yaml_source, "_FAST_LOADER", None)
    source = yaml_source.load_yaml_text(text, "data.yaml")
    monkeypatch.undo()
    return source.data, source.locations, getattr(source, "key_locations", None)


@pytest.mark.skipif(yaml_source._FAST_LOADER is None, reason="PyYAML 未带 libyaml（C 解析器）")
@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")) + ["tricky"])
def test_fast_and_python_parsers_give_the_same_data_and_locations(name, monkeypatch):
    text = TRICKY if name == "tricky" else (EXAMPLES / name).read_text(encoding="utf-8")
    assert _read(text, monkeypatch, fast=True) == _read(text, monkeypatch, fast=False)
