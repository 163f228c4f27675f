"""The plain-block fast path (document/plain.py) reads markup exactly as markdown-it does."""
import random

import pytest

from edureport.document.markup import DEFAULT_NUMBERING, MarkupError, _Builder, parse, parser
from edureport.document.model import Heading, Paragraph, Table
from edureport.document.plain import PlainToken, tokenize
from edureport.pipeline import Pipeline, build_context, prepare
from edureport.templating.environment import render_markup
from edureport.templating.registry import get_registry
from tests.conftest import EXAMPLES


def _build(tokens, markup: str) -> list:
    """The blocks, or the refusal (markup that has no 公文 meaning is refused the same way on both paths)."""
    try:
        return _Builder(tokens, markup.splitlines(), list(DEFAULT_NUMBERING), True).build()
    except MarkupError as exc:
        return [("refused", str(exc), exc.line)]


def model_by_markdown_it(markup: str) -> list:
    return _build(parser().parse(markup), markup)


def model_by_fast_path(markup: str) -> list:
    return _build(tokenize(markup, parser()), markup)


def template_outputs() -> list[str]:
    pipeline = Pipeline()
    outputs = []
    sources = [(spec.example_path, spec.id) for spec in get_registry() if spec.example_path]
    sources += [(path, None) for path in sorted(EXAMPLES.glob("*.yaml"))]
    for path, template in sources:
        spec, validated = pipeline.check(path, template)
        outputs.append(render_markup(spec.folder, spec.body, build_context(spec, validated.data)))
    return outputs


def test_every_template_output_reads_the_same():
    outputs = template_outputs()
    assert len(outputs) >= 8
    for markup in outputs:
        assert model_by_fast_path(markup) == model_by_markdown_it(markup)


def test_plain_blocks_skip_markdown_it_and_keep_their_source_lines():
    markup = "::: title\n标题\n:::\n\n{.runin}\n## 一项工作\n\n正文第一行\n第二行\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    tokens = tokenize(markup, parser())
    plain = [t for t in tokens if isinstance(t, PlainToken)]
    assert [t.type for t in plain] == ["heading_open", "inline", "heading_close", "paragraph_open", "inline", "paragraph_close"]
    assert plain[0].attrs == {"class": "runin"} and plain[0].map == [5, 6] and plain[3].map == [7, 9]
    table = next(t for t in tokens if t.type == "table_open")
    assert table.map[0] == 10  # markdown-it's tokens keep their line in the whole markup
    blocks = parse(markup).blocks
    heading = next(b for b in blocks if isinstance(b, Heading))
    assert heading.body[0].text == "正文第一行第二行" and isinstance(blocks[-1], Table)


LINES = [
    "普通的一段中文正文", "第二行继续", "2024年完成任务", "1. 有序列表", "1.紧接的数字", "- 列表项", "* 星号", "+ 加号",
    "# 一级标题", "## 二级标题 ##", "###没有空格", "#######七级", "{.runin}", "{.plain}", "{.dense .center}", "{#id}",
    "{.bad", "::: title", "::: signature", ":::", "::::", "::: unknown", "```", "~~~", "    缩进四格", "  缩进两格",
    "| 序号 | 指标 |", "|---|---:|", "|:---:|---|", "---", "***", "===", "> 引用", "**加粗**", "*斜体*", "a_b_c",
    "\\*转义", "`代码`", "&amp;", "<b>", "[链接](x)", "![图](x)", "行尾两个空格  ", "行尾一个空格 ", "行尾制表符\t",
    "\u3000\u3000全角空格开头", "全角空格结尾\u3000", "垂直\x0b制表", "含有 # 号", "冒号：说明", "a:::b", "{不是属性}",
    "正文**加粗**继续", "正文*斜体*继续", "正文_下划线_", "正文\\转义", "正文`代码`", "正文&lt;", "正文<i>", "正文[链接](x)",
    "正文![图](x)", "正文~~删除~~", "行尾反斜杠\\", "", " ", "\t",
    "坚持“基本托管\\+特色课程”模式", "\\#不是标题", "\\- 不是列表", "2024\\-2025学年", "双反斜杠\\\\后面", "反斜杠\\\\*星号",
    "反斜杠\\字母", "路径C:\\data", "## 标题\\:冒号", "## 标题\\#井号", "\\{.runin}", "末尾转义\\.", "{.runin}\\",
]
PLAIN_LINES = ["普通的一段中文正文", "正文\\+加号\\(括号\\)",
               "第二行继续", "2024年完成任务", "## 二级标题", "## \u3000全角空格标题", "#### 四级标题", "{.runin}", "含有 # 号"]


def random_markup(rng: random.Random) -> str:
    """Chunks of one to four lines, mostly plain (so the fast path is taken), with any line mixed in."""
    chunks = []
    for _ in range(rng.randint(1, 12)):
        lines = [rng.choice(PLAIN_LINES if rng.random() < 0.7 else LINES) for _ in range(rng.randint(1, 4))]
        chunks.append("\n".join(lines))
    return "".join(chunk + rng.choice(["\n", "\n\n", "\n \n\n"]) for chunk in chunks)


@pytest.mark.parametrize("seed", range(400))
def test_random_markup_reads_the_same(seed):
    rng = random.Random(seed)
    markup = random_markup(rng)
    assert model_by_fast_path(markup) == model_by_markdown_it(markup), markup


def test_long_document_is_mostly_plain_and_identical():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import sample_data

    rendered = prepare(sample_data.work_summary(40), "work-summary")
    markup = render_markup(rendered.spec.folder, rendered.spec.body, build_context(rendered.spec, rendered.data))
    tokens = tokenize(markup, parser())
    by_markdown_it = [t for t in tokens if t.type in ("paragraph_open", "heading_open") and not isinstance(t, PlainToken)]
    assert len(by_markdown_it) <= 4  # only the paragraphs inside ::: title / recipient / signature
    assert model_by_fast_path(markup) == model_by_markdown_it(markup)
    assert sum(isinstance(b, Paragraph) for b in model_by_fast_path(markup)) > 40


@pytest.mark.parametrize("change", ["typographer", "strikethrough", "linkify"])
def test_another_parser_configuration_is_read_by_markdown_it_alone(change):
    """If the markup parser gains a rule or option (smart quotes, ~~strike~~ …), plain chunks
    are no longer plain: the fast path must step aside rather than drop the new meaning."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"typographer": change == "typographer", "linkify": change == "linkify"})
    if change == "strikethrough":
        md.enable("strikethrough")
    markup = "正文 -- 含有(c)与~~删除~~的一段\n\n第二段"
    assert not any(isinstance(t, PlainToken) for t in tokenize(markup, md))
    assert [t.type for t in tokenize(markup, md)] == [t.type for t in md.parse(markup)]
