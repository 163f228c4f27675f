"""render -f html: a browser preview of the document model."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from edureport.cli import app
from edureport.pipeline import prepare
from edureport.writers.html import write_html

ROOT = Path(__file__).resolve().parent.parent


class _Collector(HTMLParser):
    """Text of the headings (h2–h5 and run-in heading paragraphs), table cells and rules."""

    def __init__(self):
        super().__init__()
        self.headings, self.cells, self.rules, self.classes = [], [], 0, []
        self._stack: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class", "") or ""
        self.classes.append(cls)
        if tag == "hr":
            self.rules += 1
            return
        self._stack.append((tag, cls))
        if tag in ("h2", "h3", "h4", "h5") or cls.startswith("heading"):
            self.headings.append("")
        if tag in ("td", "th"):
            self.cells.append("")

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        tags = [t for t, _ in self._stack]
        classes = [c for _, c in self._stack]
        if any(t in ("h2", "h3", "h4", "h5") for t in tags) or any(c.startswith("heading") for c in classes):
            if "runin-body" not in classes:
                self.headings[-1] += data
        if tags and tags[-1] in ("td", "th"):
            self.cells[-1] += data


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_preview_has_numbered_headings_table_and_signature():
    rendered = prepare(ROOT / "examples" / "school-summary.yaml")
    html = write_html(rendered.document, rendered.profile)
    page = _parse(html)
    assert page.headings[0] == "一、主要指标完成情况"
    assert "二、主要工作及成效" in page.headings
    assert any(h.startswith("（一）") for h in page.headings)
    assert any(re.match(r"1\.\S", h) for h in page.headings)
    assert "序号" in page.cells and "在校学生" in page.cells
    assert "<thead>" in html and "<th class=\"table_header\">指标</th>" in html
    assert "某某区第一实验小学</p>" in html and "2024年12月20日" in html  # signature and 成文日期
    assert "<h1 class=\"title\">" in html


def test_css_follows_the_style_profile():
    rendered = prepare(ROOT / "examples" / "school-summary.yaml")
    html = write_html(rendered.document, rendered.profile)
    body_rule = re.search(r"\.body \{([^}]*)\}", html).group(1)
    assert "仿宋_GB2312" in body_rule and "font-size: 16pt" in body_rule and "text-indent: 2em" in body_rule
    assert "line-height: 28.95pt" in body_rule
    title_rule = re.search(r"\.title \{([^}]*)\}", html).group(1)
    assert "方正小标宋简体" in title_rule and "font-size: 22pt" in title_rule and "text-align: center" in title_rule
    assert re.search(r"\.heading1 \{[^}]*黑体", html)


def test_attachment_page_starts_after_a_rule(tmp_path):
    rendered = prepare(ROOT / "examples" / "bureau-plan.yaml")
    html = write_html(rendered.document, rendered.profile)
    page = _parse(html)
    assert page.rules >= 1
    assert html.index('<hr class="page-break">') < html.index('class="attachment_label"')


def test_cli_render_html_writes_a_preview_and_may_replace_it(tmp_path):
    runner = CliRunner()
    target = tmp_path / "preview.html"
    args = ["render", str(ROOT / "examples" / "school-summary.yaml"), "-f", "html", "-o", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "一、主要指标完成情况" in _parse(target.read_text(encoding="utf-8")).headings
    assert runner.invoke(app, args).exit_code == 0  # its own preview is replaced without --force
    annotated = target.read_text(encoding="utf-8").replace("<body>", "<body><p>我的批注</p>")
    target.write_text(annotated, encoding="utf-8")
    edited = runner.invoke(app, args)
    assert edited.exit_code == 2 and "--force" in edited.output  # an annotated preview is kept
    assert target.read_text(encoding="utf-8") == annotated
    other = tmp_path / "mine.html"
    other.write_text("<p>我的网页</p>", encoding="utf-8")
    result = runner.invoke(app, args[:-1] + [str(other)])
    assert result.exit_code == 2 and other.read_text(encoding="utf-8") == "<p>我的网页</p>"
    result = runner.invoke(app, args[:3] + ["xml"])
    assert result.exit_code == 2 and "选项“--format / -f”的值“xml”不可用，应为以下之一：docx、html" in result.output


def test_preview_in_the_redhead_style_shows_the_red_header_the_docx_has():
    rendered = prepare(ROOT / "examples" / "bureau-plan.yaml", style="gbt9704-redhead")
    body = write_html(rendered.document, rendered.profile).split("<body>", 1)[1]
    collector = _Collector()
    collector.feed(body)
    assert "redhead" in collector.classes
    assert '<p class="redhead">某某区教育局文件</p>' in body
    assert body.index('class="redhead"') < body.index('class="title"')
