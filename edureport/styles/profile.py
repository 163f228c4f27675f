"""Style profiles: the look of a document as data (a YAML file), not code."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from edureport.core.errors import InputError, Problem
from edureport.core.suggest import suggest
from edureport.styles.schema import GRID_ROLES, Places, check_merged, check_profile

PROFILE_DIR = Path(__file__).parent / "profiles"
SCRIPT_ROLE_KEYS = ("font", "latin", "bold")  # what a script overlay (zh-hant) changes in a role
DEFAULT_PROFILE = "gbt9704"


@dataclass(frozen=True)
class Role:
    """How one kind of text looks."""

    font: str
    latin: str
    size: float  # pt
    line: float | None = None  # exact line spacing, pt
    indent: float = 0  # first-line indent, characters
    indent_left: float = 0
    indent_right: float = 0
    align: str = "both"
    bold: bool = False
    char_spacing: float = 0  # pt, added between characters
    outline: int | None = None  # 1..4: real Word heading level
    color: str | None = None  # RRGGBB, e.g. the red of the 发文机关标志

    @property
    def half_points(self) -> int:
        return round(self.size * 2)


class Profile:
    def __init__(self, data: dict, name: str, path: Path | None = None):
        self.data = data
        self.name = name
        self.path = path
        self.page: dict[str, int] = dict(data["page"])
        # line spacing is set once (``line``): the document grid and every role that does not set its own
        self.line: float = float(data.get("line") or self.page.get("line_pitch", 579) / 20)
        self.page["line_pitch"] = round(self.line * 20)
        text_height = (self.page["height"] - self.page["margin_top"] - self.page["margin_bottom"]) / 20
        self.page.setdefault("lines_per_page", int(text_height / self.line + 0.05))
        self.latin_font: str = data.get("latin_font", "Times New Roman")
        self.numbering: list[str] = list(data["numbering"])
        self.runin_end: str = data.get("runin_end", "。")
        self._roles: dict[str, Role] = {}
        self.description = data.get("description", "")
        self.redhead: dict[str, Any] | None = data.get("redhead") or None
        self.script: str = str(data.get("script", "hans"))  # hans | hant: the script generated words are in
        self.script_variant: str = str(data.get("script_variant", ""))  # t | tw | twp | hk (hant only)
        self._for_script: dict[str, Profile] = {}

    def for_script(self, script: str) -> Profile:
        """This profile for a document in ``script``: a Traditional document takes the fonts of the
        profile named in ``scripts: {hant: zh-hant}`` (仿宋_GB2312 has no Traditional glyphs) and
        writes its generated words in Traditional; everything else stays as it is."""
        if script == self.script:
            return self
        if script not in self._for_script:
            data = copy.deepcopy(self.data)
            overlay_name = (self.data.get("scripts") or {}).get(script)
            if overlay_name:
                overlay = load_profile(str(overlay_name), str(self.path.parent) if self.path else None).data
                for role, options in (overlay.get("roles") or {}).items():
                    fonts = {k: v for k, v in options.items() if k in SCRIPT_ROLE_KEYS}
                    data["roles"].setdefault(role, {}).update(fonts)
                for key in ("script_variant",):
                    if key in overlay:
                        data[key] = copy.deepcopy(overlay[key])
            data["script"] = script
            self._for_script[script] = Profile(data, f"{self.name}+{script}", self.path)
        return self._for_script[script]

    def redhead_text(self, org: str) -> str:
        """The 发文机关标志 this profile prints for ``org`` (``redhead.org_text``, e.g. "{org}文件")."""
        pattern = str((self.redhead or {}).get("org_text", "{org}文件"))
        return pattern.replace("{org}", org)

    @property
    def text_width(self) -> int:
        """Width of the text block in twips."""
        return self.page["width"] - self.page["margin_left"] - self.page["margin_right"]

    def role_options(self, name: str) -> dict[str, Any]:
        return dict(self.data["roles"].get(name, {}))

    def role(self, name: str, base: str | None = None) -> Role:
        """A role's look; ``base`` fills what the role leaves out (table_header ← table)."""
        key = f"{name}<{base}" if base else name
        if key not in self._roles:
            options = self.role_options(base) if base else {}
            options.update(self.role_options(name))
            if not options:
                options = self.role_options("body")
            fields = {k: v for k, v in options.items() if k in Role.__dataclass_fields__}
            fields.setdefault("latin", self.latin_font)
            if (base or name) in GRID_ROLES:
                fields.setdefault("line", self.line)
            fields.setdefault("size", 16)
            fields.setdefault("font", "仿宋_GB2312")
            self._roles[key] = Role(**fields)
        return self._roles[key]

    def fonts(self) -> set[str]:
        names = {self.latin_font}
        for options in self.data["roles"].values():
            names.add(options.get("font", ""))
            names.add(options.get("latin", ""))
        return {n for n in names if n}


def _read(path: Path) -> tuple[dict, Places]:
    from edureport.core.guards import read_regular_file

    raw = read_regular_file(path)
    try:
        source = raw.decode("utf-8-sig")
        data = yaml.safe_load(source)
    except UnicodeDecodeError:
        raise InputError(Problem("样式文件不是 UTF-8 编码（可能是 GBK/ANSI）", location=str(path),
                                 suggestion="请在记事本或 WPS 中“另存为”，编码选择“UTF-8”后重试")) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise InputError(Problem(f"样式文件 YAML 格式错误：{getattr(exc, 'problem', exc)}", location=where)) from None
    if not isinstance(data, dict):
        raise InputError(Problem("样式文件应为映射", location=str(path)))
    return check_profile(data, path, source)  # canonical values; unknown roles, keys, values are errors


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


@lru_cache(maxsize=32)
def load_profile(name_or_path: str | None = None, search_dir: str | None = None) -> Profile:
    """A profile by name (built in, or in ``search_dir``) or by file path.

    A profile may say ``extends: gbt9704`` and list only what differs.
    """
    path = _find(name_or_path or DEFAULT_PROFILE, search_dir)
    data, places = _resolve(path, search_dir, ())
    problems = check_merged(data, places)  # each file's own values were checked as it was read
    if problems:
        raise InputError(problems)
    return Profile(data, str(data.get("name", path.stem)), path)


def _find(name: str, search_dir: str | None) -> Path:
    """The file of a style given by name (in ``search_dir``, or built in) or by path."""
    candidates = [Path(name)] if name.endswith((".yaml", ".yml")) else []
    if search_dir:
        candidates.append(Path(search_dir) / f"{name}.yaml")
    candidates.append(PROFILE_DIR / f"{name}.yaml")
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise InputError(Problem(f"找不到样式“{name}”", expected="、".join(available_profiles()),
                                 suggestion=suggest(name, available_profiles()) or "可以给出样式文件的路径"))
    return path


def _resolve(path: Path, search_dir: str | None, chain: tuple[Path, ...]) -> tuple[dict, Places]:
    """A style file's data with the ``extends`` chain merged in, and where each value was set;
    a chain that returns to itself is refused."""
    real = path.resolve()
    if real in chain:
        names = " → ".join(p.name for p in (*chain, real))
        raise InputError(Problem(f"样式的 extends 形成了循环（{names}）", location=str(path),
                                 suggestion="extends 应指向另一个样式，如 extends: gbt9704"))
    if len(chain) > 10:
        raise InputError(Problem("样式的 extends 层数过多", location=str(path), suggestion="最多 10 层"))
    data, places = _read(path)
    if "line_pitch" in data.get("page", {}) and "line" not in data:  # an older file: its grid sets the spacing
        data["line"] = data["page"]["line_pitch"] / 20
        places.lines.setdefault(("line",), places("page", "line_pitch"))
    parent = data.get("extends")
    if not parent:
        return data, places
    try:
        parent_path = _find(parent, search_dir)
    except InputError as exc:  # say which line named it
        for problem in exc.problems:
            problem.location = problem.location or places("extends")
        raise
    base, base_places = _resolve(parent_path, search_dir, (*chain, real))
    return _merge(base, {k: v for k, v in data.items() if k != "extends"}), places.over(base_places)
