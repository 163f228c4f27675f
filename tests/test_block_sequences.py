"""Every built-in kind, rendered in every built-in style, gives the model blocks
recorded before the macros were refactored (tests/fixtures/block_sequences.json).

Regenerate only on purpose: ``python tests/test_block_sequences.py`` rewrites the fixture.
"""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest

from edureport.pipeline import prepare
from edureport.styles.profile import available_profiles

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "block_sequences.json"
DATA_FILES = sorted(ROOT.glob("templates/*/example.yaml")) + sorted(ROOT.glob("examples/*.yaml"))


def _text(value) -> str:
    if isinstance(value, list):
        return " / ".join(_text(v) for v in value)
    if dataclasses.is_dataclass(value):
        return "|".join(_text(getattr(value, f.name)) for f in dataclasses.fields(value))
    return "" if value is None else str(value)


def block_sequence(data_file: Path, style: str) -> list[str]:
    document = prepare(data_file, style=style).document
    return [f"{type(block).__name__}: {_text(block)}" for block in document.blocks]


def _cases() -> list[tuple[str, str]]:
    return [(str(path.relative_to(ROOT)), style) for path in DATA_FILES for style in available_profiles()]


def _record() -> dict[str, list[str]]:
    return {f"{path} @ {style}": block_sequence(ROOT / path, style) for path, style in _cases()}


@pytest.mark.parametrize(("path", "style"), _cases())
def test_blocks_unchanged(path, style):
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert block_sequence(ROOT / path, style) == expected[f"{path} @ {style}"]


def test_fixture_covers_every_kind():
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert set(expected) == {f"{path} @ {style}" for path, style in _cases()}


if __name__ == "__main__":
    FIXTURE.write_text(json.dumps(_record(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sys.exit(0)
