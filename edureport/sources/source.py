"""What every loader returns: plain data plus where each piece came from."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Path = tuple  # of str keys and int indices, as in the input (aliases kept)


@dataclass
class Source:
    """Loaded input. ``data`` holds dicts, lists and scalars (str, int, float,
    bool, date, datetime or None); ``locations`` maps a path in ``data`` to a
    human place such as ``data.yaml:12:5`` or ``重点任务!C4``."""

    data: Any
    name: str
    locations: dict[Path, str] = field(default_factory=dict)
    key_locations: dict[Path, str] = field(default_factory=dict)
    kind: str = "yaml"  # yaml | json | xlsx | dict
    problems: list = field(default_factory=list)  # found while reading, reported with the validator's
    # paths (raw path + field key) of required values whose absence one of ``problems`` already
    # explains (a misnamed column): the validator does not report them missing row by row
    explained_missing: set = field(default_factory=set)

    def declared_templates(self) -> list[tuple[str, str]]:
        """Every (文种, place) the data itself names; the pipeline chooses the template from these."""
        if not isinstance(self.data, dict):
            return []
        return [(value.strip(), self.locate((key,))) for key in ("template", "文种", "文種")
                if isinstance(value := self.data.get(key), str) and value.strip()]

    def locate(self, path: Path, *, key: bool = False) -> str:
        """The place of ``path`` (or of its key), falling back to the nearest parent."""
        table = self.key_locations if key else self.locations
        path = tuple(path)
        if key and path in table:
            return table[path]
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path[:-1]
        return self.locations.get((), self.name)
