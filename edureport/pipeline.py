"""The one pipeline every front end runs, as named stages:

    read → choose → shape → validate → link → compose (Jinja → markup → model → passes) → write

The CLI commands, ``batch``, ``templates check``, the Python API and any
later front end call these stages and nothing else; each stage only sees the
previous stage's output.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edureport.core import script as scripts
from edureport.core.collector import fewer_collections
from edureport.core.errors import InputError, Problem
from edureport.core.values import DateValue
from edureport.document.markup import MarkupError, parse
from edureport.document.model import Document, HeadFields
from edureport.document.passes import finish
from edureport.intake.validate import Validated, check
from edureport.intake.workbook import shape
from edureport.links.plan import link_plans
from edureport.sources import Source, read_source, source_from_dict
from edureport.styles.profile import Profile, load_profile
from edureport.templating.environment import render_markup, render_text
from edureport.templating.locate import markup_error_in_template
from edureport.templating.names import refresh_names, with_chinese_names
from edureport.templating.registry import Registry, TemplateSpec, get_registry

DataInput = dict | str | Path | Source
TEMPLATE_OPTION = "命令行参数 -t"


@dataclass
class Rendered:
    """One finished document model and what it took to make it."""

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

        with fewer_collections():
            return write_docx(self.document, self.profile, {"edureport-template": self.spec.id})

    def to_html(self) -> str:
        from edureport.writers.html import write_html

        return write_html(self.document, self.profile)


class Pipeline:
    """The stages, bound to one template registry (built-ins plus ``templates_dirs``) and an optional style."""

    def __init__(self, templates_dirs: Iterable[str | Path] = (), *, style: str | None = None,
                 registry: Registry | None = None, plans: Iterable[str | Path] = (), script: str | None = None):
        self.registry = registry or get_registry(templates_dirs)
        self.style = style
        self.plans = tuple(plans)  # --plan: plans to report against besides those the data names
        self.script = script  # hans | hant; None: the data's 字形, else detected from the data

    # -- 1. read: a file (or a dict) → a Source that knows nothing of templates ---------------
    def read(self, data: DataInput) -> Source:
        if isinstance(data, Source):
            return data
        if isinstance(data, dict):
            return source_from_dict(data)
        return read_source(data)

    # -- 2. choose: -t wins, else the 文种 the data names ------------------------------------
    def choose(self, source: Source, template: str | TemplateSpec | None = None) -> TemplateSpec:
        if isinstance(template, TemplateSpec):
            return template
        if template:
            return self.template(template, TEMPLATE_OPTION)
        declared = source.declared_templates()
        names = dict(declared)  # name → first place it is written
        if len(names) > 1:
            raise InputError(Problem(f"各单位的“文种”不一致：{'、'.join(names)}", location=declared[0][1],
                                     suggestion="一个工作簿只能生成同一种文件；请统一“文种”，或用 -t 指定"))
        if declared:
            return self.template(*declared[0])
        where = "“基本信息”中加一项“文种”" if source.kind == "xlsx" else "数据中写“文种: 工作总结”"
        raise InputError(Problem("没有指定文种", location=source.name,
                                 suggestion=f"请用 -t 指定模板（如 -t 工作总结），或在{where}"))

    def template(self, name: str, place: str = "") -> TemplateSpec:
        """The template called ``name`` (id or Chinese name); an unknown one is reported at ``place``."""
        try:
            return self.registry.get(name)
        except InputError as exc:
            if place:
                exc.problems[0].location = place
            raise

    # -- 3. shape: a workbook is laid out for the chosen template, once ----------------------
    def shape(self, source: Source, spec: TemplateSpec) -> Source:
        return shape(source, spec)

    # -- 4. validate: canonical field names, typed values, every problem with its place -------
    def validate(self, source: Source, spec: TemplateSpec) -> Validated:
        data, errors, warnings = check(source, spec)
        return Validated(data, warnings, errors + head_problems(data, source, spec))

    # -- 5. link: the plans the data names (依据方案) or --plan gives, against this year's figures ------
    def link(self, spec: TemplateSpec, source: Source, validated: Validated, data: DataInput) -> Validated:
        """Templates see ``plan_link`` (None without a plan); near misses and unreported targets warn."""
        if validated.errors:
            return validated
        data_file = Path(data) if isinstance(data, (str, Path)) else None
        try:
            plan_link, warnings = link_plans(spec, source, validated.data, self.plans, self.registry, data_file)
        except InputError as exc:
            validated.errors.extend(exc.problems)
            return validated
        if plan_link is not None:  # the data stay the user's: no plan, no key (templates see None)
            validated.data["plan_link"] = plan_link
        validated.warnings.extend(warnings)
        return validated

    # -- 6. compose: Jinja → markup → document model → document conventions -------------------
    def profile(self, spec: TemplateSpec, data: dict | None = None) -> Profile:
        """The style for ``spec``; given the data, in the data's script (a Traditional document
        gets Traditional fonts and generated words)."""
        profile = load_profile(self.style or spec.style, str(spec.folder))
        if data is None:
            return profile
        return profile.for_script(self.script_of(data, profile))

    def script_of(self, data: dict, profile: Profile) -> str:
        """--script, else the data's 字形, else the script the data are written in, else the style's."""
        chosen = self.script or data.get("script")
        if chosen:
            try:
                return scripts.parse_script(chosen)
            except ValueError as exc:
                where = "命令行参数 --script" if self.script else "数据中的“字形”（script）"
                raise InputError(Problem(str(exc), location=where, expected="简体（hans）或 繁体（hant）")) from None
        return scripts.detect(data, default=profile.script)

    def compose(self, spec: TemplateSpec, data: dict, profile: Profile | None = None) -> Document:
        profile = profile or self.profile(spec, data)
        with scripts.writing(profile.script, profile.script_variant):
            context = build_context(spec, data)
            markup = render_markup(spec.folder, spec.body, context)
            try:
                document = parse(markup, title=str(context.get("title") or spec.name), author=str(context.get("org") or ""),
                                 numbering=profile.numbering, redhead=profile.redhead is not None)
            except MarkupError as exc:
                raise markup_error_in_template(exc, spec.folder, spec.body) from None
            document.head = head_fields(data)
            return finish(document, profile)

    # -- the whole way ---------------------------------------------------------------------------
    def check(self, data: DataInput, template: str | TemplateSpec | None = None) -> tuple[TemplateSpec, Validated]:
        """Read, choose, shape and validate; problems are returned, not raised."""
        with fewer_collections():
            source = self.read(data)
            spec = self.choose(source, template)
            shaped = self.shape(source, spec)
            return spec, self.link(spec, shaped, self.validate(shaped, spec), data)

    def run(self, data: DataInput, template: str | TemplateSpec | None = None) -> Rendered:
        """Every stage up to the finished document model; bad data raise :class:`InputError`."""
        spec, validated = self.check(data, template)
        if validated.errors:
            raise InputError(validated.errors + validated.warnings)
        return self.render(spec, validated, source_name(data))

    def render(self, spec: TemplateSpec, validated: Validated, name: str = "<数据>") -> Rendered:
        """Compose checked data (no errors) into the finished document; ``name`` is where warnings point."""
        with fewer_collections():
            return self._render(spec, validated, name)

    def _render(self, spec: TemplateSpec, validated: Validated, name: str) -> Rendered:
        profile = self.profile(spec, validated.data)
        warnings = list(validated.warnings)
        if validated.data.get("unsorted"):  # left by `extract`: kept in the data, never printed silently
            warnings.append(Problem(f"“未归类内容”有{len(validated.data['unsorted'])}段，未印入文件", location=name,
                                    suggestion="请把这些内容移到合适的部分（或删除），再重新生成"))
        return Rendered(spec, validated.data, self.compose(spec, validated.data, profile), profile, warnings)


def source_name(data: DataInput) -> str:
    return data.name if isinstance(data, Source) else "<数据>" if isinstance(data, dict) else str(data)


def build_context(spec: TemplateSpec, data: dict) -> dict[str, Any]:
    """What templates see: the data plus resolved defaults (title, date, signature, headings)."""
    context = dict(data)
    context["date"] = data.get("date") or DateValue.today()
    context["signature"] = data.get("signature") or data.get("org") or ""
    context = with_chinese_names(spec.fields, spec.types, context)  # titles may use Chinese names too (records wrapped once)
    meta_file = str(spec.folder / "template.yaml")
    if not data.get("title") and spec.title:
        context["title"] = _render_words(spec.title, context, meta_file)
    headings = {}
    for key, field_spec in spec.fields.items():
        if field_spec.heading is not None:
            override = (data.get("headings") or {}).get(key)
            headings[key] = override or _render_words(str(field_spec.heading), context, meta_file)
    context["h"] = headings
    context["template_name"] = spec.name
    context.setdefault("plan_link", None)
    return refresh_names(spec.fields, context)  # title and h were set: their Chinese names follow


def _render_words(text: str, context: dict, meta_file: str) -> str:
    """A default title or heading from template.yaml, rendered and stripped. Plain words (主要工作及成效)
    come back from Jinja as they are, so they skip it; \r is left to Jinja, which turns \r\n into \n."""
    if "{" not in text and "\r" not in text:
        return scripts.word(text).strip()
    return render_text(text, context, meta_file).strip()


SECRECY_LEVELS = ("绝密", "机密", "秘密")
URGENCY_LEVELS = ("特急", "加急", "特提", "平急")  # 特提, 平急: telegrams


def head_problems(data: dict, source: Source, spec: TemplateSpec) -> list[Problem]:
    """A 密级 or 紧急程度 GB/T 9704 does not know, a 保密期限 without 密级, a 字形 that is neither 简体 nor
    繁体: errors at their place, never guessed."""
    def place(key: str) -> str:
        field_spec = spec.fields.get(key)
        names = [key, *(field_spec.aliases if field_spec else [])]
        given = next((k for k in (source.data if isinstance(source.data, dict) else {})
                      if scripts.simplified(str(k).strip()) in names), key)
        return source.locate((given,))

    problems = []
    for key, name, allowed in (("secrecy", "密级", SECRECY_LEVELS), ("urgency", "紧急程度", URGENCY_LEVELS)):
        value = str(data.get(key) or "").strip()
        if value and scripts.simplified(value) not in allowed:
            problems.append(Problem(f"{name}“{value}”不是 GB/T 9704 规定的写法", location=place(key),
                                    expected="、".join(allowed)))
    if data.get("script"):
        try:
            scripts.parse_script(data["script"])
        except ValueError as exc:
            problems.append(Problem(str(exc), location=place("script"), expected="简体（hans）或 繁体（hant）"))
    if data.get("secrecy_period") and not data.get("secrecy"):
        problems.append(Problem("写了保密期限，但没有写密级", location=place("secrecy_period"),
                                suggestion="请同时填写“密级”（绝密、机密或秘密）"))
    return problems


def head_fields(data: dict) -> HeadFields:
    """The 版头 fields of the (validated) data."""
    signers = data.get("signers") or []
    return HeadFields(number=str(data.get("doc_number") or ""), copy=str(data.get("copy_number") or ""),
                      secrecy=str(data.get("secrecy") or ""), period=str(data.get("secrecy_period") or ""),
                      urgency=str(data.get("urgency") or ""),
                      signers=[str(s) for s in ([signers] if isinstance(signers, str) else signers)])


def prepare(data: DataInput, template: str | None = None, *, style: str | None = None,
            templates_dirs: Iterable[str | Path] = (), plans: Iterable[str | Path] = (), script: str | None = None) -> Rendered:
    """Run the pipeline up to the finished document model."""
    return Pipeline(templates_dirs, style=style, plans=plans, script=script).run(data, template)


def render(data: DataInput, template: str | None = None, *, style: str | None = None,
           templates_dirs: Iterable[str | Path] = (), plans: Iterable[str | Path] = (), script: str | None = None) -> bytes:
    """Render data (a dict, or a path to .yaml/.json/.xlsx) to .docx bytes."""
    return prepare(data, template, style=style, templates_dirs=templates_dirs, plans=plans, script=script).to_docx()
