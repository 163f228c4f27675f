"""Check any Word file against the 公文 standard (GB/T 9704 and its style profile).

    >>> from edureport.checker import check, describe
    >>> report = check("通知.docx")
    >>> report.ok, [describe(f) for f in report.errors]

Reads the formatting in effect (styles, document defaults and theme fonts, not
only direct formatting), works out what each paragraph is, and reports every
deviation with where it is, what was expected and what was found. Errors are
what the standard says explicitly; warnings are office practice.
"""
from __future__ import annotations

from pathlib import Path

from edureport.checker.docx_reader import DocxContent, read_docx
from edureport.checker.format_rules import FormatRules
from edureport.checker.layout_rules import check_grid, check_page, check_page_number
from edureport.checker.report import ERROR, WARNING, Report, describe
from edureport.checker.roles import classify
from edureport.checker.text_rules import check_dates, check_numbering, check_percent_points, check_punctuation
from edureport.core.errors import Problem
from edureport.core.script import HANT, detect
from edureport.styles.profile import Profile, load_profile

__all__ = ["check", "check_content", "describe", "Report", "Problem", "ERROR", "WARNING"]


def check_content(content: DocxContent, profile: Profile) -> Report:
    items = classify(content.paragraphs)
    rules = FormatRules(profile)
    findings: list[Problem] = []
    findings += check_page(content, profile)
    findings += check_grid(content, items, profile)
    findings += check_page_number(content, profile, rules)
    per_paragraph: list[Problem] = []
    for item in items:
        per_paragraph += rules.check(item)
    per_paragraph += check_numbering(items, profile)
    per_paragraph += check_dates(items)
    per_paragraph += check_punctuation(items)
    per_paragraph += check_percent_points(items)
    reading_order = {item.paragraph.location: index for index, item in enumerate(items)}
    per_paragraph.sort(key=lambda f: reading_order.get(f.location, len(items)))  # stable: rule order kept
    return Report(content.path, profile.name, findings + per_paragraph,
                  paragraphs=sum(1 for p in content.paragraphs if p.table is None))


def check(source: str | Path | bytes, style: str | Profile | None = None) -> Report:
    """Check a .docx (path or bytes) against a style profile (name, path or Profile; default gbt9704)."""
    profile = style if isinstance(style, Profile) else load_profile(style)
    content = read_docx(source)
    # a document written in Traditional characters is checked against the style's Traditional fonts
    if detect([p.text for p in content.paragraphs]) == HANT:
        profile = profile.for_script(HANT)
    return check_content(content, profile)
