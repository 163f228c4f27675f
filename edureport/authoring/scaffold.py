"""``edureport templates new``: copy a template folder as the start of a new document kind."""
from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import yaml

from edureport.core.errors import InputError, Problem
from edureport.templating.registry import METADATA_FILE, get_registry

_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def _set_top_level(text: str, key: str, value: str) -> tuple[str, bool]:
    """Replace ``key: …`` at the start of a line, keeping comments and layout elsewhere."""
    line = f"{key}: {yaml.safe_dump(value, allow_unicode=True, default_flow_style=True).strip().removesuffix('...').strip()}"
    pattern = re.compile(rf"^{re.escape(key)}:[^\n]*$", re.M)
    new, count = pattern.subn(lambda _: line, text, count=1)
    return new, bool(count)


def scaffold_template(template_id: str, source: str, name: str | None, parent: Path,
                      templates_dirs: Iterable[str | Path] = ()) -> Path:
    """Copy template ``source`` to ``parent/template_id`` with a new id and 中文名; return the folder."""
    if not _ID.match(template_id):
        raise InputError(Problem(f"模板 id“{template_id}”不合规", location="命令行参数 ID",
                                 expected="小写英文字母开头，只含小写字母、数字和连字符，如 debriefing-report"))
    spec = get_registry(templates_dirs).get(source)
    target = Path(parent) / template_id
    if target.exists():
        raise InputError(Problem("目标文件夹已存在，未做任何改动", location=str(target),
                                 suggestion="请换一个 id，或用 -o 指定别的文件夹"))
    display_name = (name or "").strip() or template_id
    shutil.copytree(spec.folder, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))
    meta_path = target / METADATA_FILE
    text = meta_path.read_text(encoding="utf-8")
    description = f"{display_name}（以“{spec.name}”为底稿，请改写本说明）"
    text, replaced = _set_top_level(text, "description", description)
    if not replaced:
        text += f"\ndescription: {description}\n"
    for key, value in (("id", template_id), ("name", display_name)):
        text, replaced = _set_top_level(text, key, value)
        if not replaced:
            raise InputError(Problem(f"无法改写 {key}：底稿的 {METADATA_FILE} 中没有顶格的“{key}:”行",
                                     location=str(spec.folder / METADATA_FILE)))
    meta_path.write_text(text, encoding="utf-8")
    if spec.example:
        example = target / spec.example
        text = example.read_text(encoding="utf-8")
        for key in ("文种", "template"):
            text, _ = _set_top_level(text, key, display_name)
        example.write_text(text, encoding="utf-8")
    return target
