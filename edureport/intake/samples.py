"""Records of the template's example left in the data: printed under the user's name, so warned about.

`init` keeps its example on a 示例 sheet the loader never reads, but people
copy example rows into their sheets (and workbooks made by older versions
still hold them). A record whose title — and text, when it has some — is the
example's is most likely one of them.

A YAML or JSON file (or the web form after 填入示例) is often the example
itself: ``init --format yaml`` writes the template's example.yaml with comments,
and the shipped examples are rendered as they are (``edureport render
examples/school-summary.yaml``). While its 单位 is still the example's, the
document is plainly the example and says so on its first line; once the 单位
is the person's own, example records still in it would be printed under their
name, and each is warned about as in a workbook.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from edureport.core.script import simplified

EXAMPLE = "example"  # the kind of source the example file is read as
NO_SAMPLES: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
_CACHE: dict[tuple[str, float], tuple[frozenset[str], frozenset[str], str]] = {}


def _example_texts(spec, path: Path, check) -> tuple[frozenset[str], frozenset[str], str]:
    """(titles, paragraphs, 单位) of the template's example file: the titles and paragraphs of
    every record, read by ``check`` (the validator, handed in: it calls this module)."""
    from edureport.core.errors import InputError
    from edureport.sources.yaml_source import load_yaml

    try:
        example = replace(load_yaml(path), kind=EXAMPLE)  # not compared with itself (see sample_texts)
        data, _, _ = check(example, spec)
    except InputError:  # a broken example is the template author's business (templates check)
        return frozenset(), frozenset(), ""
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
    org = data.get("org")
    return frozenset(titles), frozenset(paragraphs), org.strip() if isinstance(org, str) else ""


def example_texts(spec, check) -> tuple[frozenset[str], frozenset[str], str]:
    path = spec.example_path
    if path is None or not Path(path).is_file():
        return frozenset(), frozenset(), ""
    key = (str(path), Path(path).stat().st_mtime)
    if key not in _CACHE:
        _CACHE[key] = _example_texts(spec, Path(path), check)
    return _CACHE[key]


def sample_texts(source, spec, check) -> tuple[frozenset[str], frozenset[str]]:
    """(titles, paragraphs) that mark a record of ``source`` as the example's; none when
    ``source`` is the example itself (a YAML file under the example's 单位, see above)."""
    if source.kind == EXAMPLE:
        return NO_SAMPLES
    titles, paragraphs, example_org = example_texts(spec, check)
    if source.kind != "xlsx" and _written_org(source.data, spec) in ("", example_org):
        return NO_SAMPLES
    return titles, paragraphs


def _written_org(data, spec) -> str:
    """The 单位 as the file writes it ("" when it has none)."""
    org = spec.fields.get("org")
    if org is None or not isinstance(data, dict):
        return ""
    names = {org.key, *org.aliases}
    value = next((v for k, v in data.items() if simplified(str(k).strip()) in names), None)  # 單位 too
    return value.strip() if isinstance(value, str) else ""


def is_sample(record: dict, titles: frozenset[str], paragraphs: frozenset[str]) -> bool:
    title = record.get("title")
    if not title or title not in titles:
        return False
    text = record.get("text") or []
    return not text or any(p in paragraphs for p in text)
