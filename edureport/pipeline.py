"""The pipeline: load → validate → Jinja → document model → writer.

Each stage only sees the previous stage's output; this module wires them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edureport.core.errors import InputError, Problem
from edureport.core.values import DateValue
from edureport.document.markup import parse
from edureport.document.model import Document, number_headings
from edureport.intake.validate import validate
from edureport.sources import Source, load_input, source_from_dict
from edureport.styles.profile import Profile, load_profile
from edureport.templating.environment import render_markup, render_text
from edureport.templating.registry import Registry, TemplateSpec, get_registry


@dataclass
class Rendered:
    """One rendered document and what it took to make it."""

    spec: TemplateSpec
    data: dict
    document: Document
    profile: Profile
    warnings: list[Problem] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.document.title

    def to_docx(self) -> bytes:
        from edureport.writers.docx import write_docx

        return write_docx(self.document, self.profile, {"edureport-template": self.spec.id})


def to_source(data: dict | str | Path | Source) -> Source:
    if isinstance(data, Source):
        return data
    if isinstance(data, dict):
        return source_from_dict(data)
    return load_input(data)


def choose_template(source: Source, template: str | None, registry: Registry) -> TemplateSpec:
    """CLI ``-t`` wins; otherwise the data's own 文种/template field."""
    if template:
        try:
            return registry.get(template)
        except InputError as exc:
            exc.problems[0].location = exc.problems[0].location or "命令行参数 -t"
            raise
    for key in ("template", "文种"):
        value = source.data.get(key)
        if isinstance(value, str) and value.strip():
            try:
                return registry.get(value)
            except InputError as exc:
                exc.problems[0].location = source.locate((key,))
                raise
    raise InputError(Problem("没有指定文种", location=source.name,
                             suggestion="请用 -t 指定模板（如 -t 工作总结），或在数据中写“文种: 工作总结”"))


def build_context(spec: TemplateSpec, data: dict) -> dict[str, Any]:
    """What templates see: the data plus resolved defaults (title, date, signature, headings)."""
    context = dict(data)
    context["date"] = data.get("date") or DateValue.today()
    context["signature"] = data.get("signature") or data.get("org") or ""
    meta_file = str(spec.folder / "template.yaml")
    if not data.get("title") and spec.title:
        context["title"] = render_text(spec.title, context, meta_file).strip()
    headings = {}
    for key, field_spec in spec.fields.items():
        if field_spec.heading is not None:
            override = (data.get("headings") or {}).get(key)
            headings[key] = override or render_text(str(field_spec.heading), context, meta_file).strip()
    context["h"] = headings
    context["template_name"] = spec.name
    return context


def render_model(spec: TemplateSpec, data: dict, profile: Profile) -> Document:
    context = build_context(spec, data)
    markup = render_markup(spec.folder, spec.body, context)
    document = parse(markup, title=str(context.get("title") or spec.name), author=str(context.get("org") or ""))
    number_headings(document, profile.numbering)
    return document


def prepare(data: dict | str | Path | Source, template: str | None = None, *, style: str | None = None,
            templates_dirs: Iterable[str | Path] = (), plans: Iterable[str | Path] = ()) -> Rendered:
    """Run the pipeline up to the document model; ``plans``: plan files to report against (--plan)."""
    registry = get_registry(templates_dirs)
    source = to_source(data)
    spec = choose_template(source, template, registry)
    validated = validate(source, spec)
    # -- hook (issue 17): link the plan(s) the data names (依据方案) or --plan gives; templates see `plan_link`
    from edureport.links.plan import link_plans

    data_file = Path(data) if isinstance(data, (str, Path)) else None
    plan_link, link_warnings = link_plans(spec, source, validated.data, plans, templates_dirs, data_file)
    validated.data["plan_link"] = plan_link
    validated.warnings.extend(link_warnings)
    # -- end hook
    profile = load_profile(style or spec.style, str(spec.folder))
    document = render_model(spec, validated.data, profile)
    return Rendered(spec, validated.data, document, profile, validated.warnings)


def render(data: dict | str | Path, template: str | None = None, *, style: str | None = None,
           templates_dirs: Iterable[str | Path] = (), plans: Iterable[str | Path] = ()) -> bytes:
    """Render data (a dict, or a path to .yaml/.json/.xlsx) to .docx bytes."""
    return prepare(data, template, style=style, templates_dirs=templates_dirs, plans=plans).to_docx()
