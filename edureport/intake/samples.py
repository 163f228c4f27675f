"""Rows of the template's example left in a workbook: printed under the user's name, so warned about.

`init` keeps its example on a 示例 sheet the loader never reads, but people
copy example rows into their sheets (and workbooks made by older versions
still hold them). A record whose title — and text, when it has some — is the
example's is most likely one of them.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=16)
def _example_texts(path: str, modified: float) -> tuple[frozenset[str], frozenset[str]]:
    """(titles, paragraphs) of every record in the example file."""
    from edureport.intake.validate import check
    from edureport.sources.yaml_source import load_yaml
    from edureport.templating.registry import get_registry

    source = load_yaml(Path(path))
    template = source.declared_templates()
    if not template:
        return frozenset(), frozenset()
    data, _, _ = check(source, get_registry().get(template[0][0]))
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


def example_texts(spec) -> tuple[frozenset[str], frozenset[str]]:
    path = spec.example_path
    if path is None or not Path(path).is_file():
        return frozenset(), frozenset()
    return _example_texts(str(path), Path(path).stat().st_mtime)


def is_sample(record: dict, titles: frozenset[str], paragraphs: frozenset[str]) -> bool:
    title = record.get("title")
    if not title or title not in titles:
        return False
    text = record.get("text") or []
    return not text or any(p in paragraphs for p in text)
