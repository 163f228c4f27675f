"""Rows of the template's example left in a workbook: printed under the user's name, so warned about.

`init` keeps its example on a 示例 sheet the loader never reads, but people
copy example rows into their sheets (and workbooks made by older versions
still hold them). A record whose title — and text, when it has some — is the
example's is most likely one of them.
"""
from __future__ import annotations

from pathlib import Path

_CACHE: dict[tuple[str, float], tuple[frozenset[str], frozenset[str]]] = {}


def _example_texts(spec, path: Path, check) -> tuple[frozenset[str], frozenset[str]]:
    """(titles, paragraphs) of every record in the template's example file, read by ``check``
    (the validator, handed in: it calls this module)."""
    from edureport.core.errors import InputError
    from edureport.sources.yaml_source import load_yaml

    try:
        data, _, _ = check(load_yaml(path), spec)
    except InputError:  # a broken example is the template author's business (templates check)
        return frozenset(), frozenset()
    titles: set[str] = set()
    paragraphs: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("title"), str):
                titles.add(value["title"])
            if isinstance(value.get("text"), list):
                paragraphs.update(p for p in value["text"] if isinstance(p, str))
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for value in data.values():
        if isinstance(value, list):
            walk(value)
    return frozenset(titles), frozenset(paragraphs)


def example_texts(spec, check) -> tuple[frozenset[str], frozenset[str]]:
    path = spec.example_path
    if path is None or not Path(path).is_file():
        return frozenset(), frozenset()
    key = (str(path), Path(path).stat().st_mtime)
    if key not in _CACHE:
        _CACHE[key] = _example_texts(spec, Path(path), check)
    return _CACHE[key]


def is_sample(record: dict, titles: frozenset[str], paragraphs: frozenset[str]) -> bool:
    title = record.get("title")
    if not title or title not in titles:
        return False
    text = record.get("text") or []
    return not text or any(p in paragraphs for p in text)
