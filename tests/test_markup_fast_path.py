"""The plain-block fast path (document/plain.py) gives the model markdown-it and the builder give."""
import random

import pytest

from edureport.document.markup import DEFAULT_NUMBERING, MarkupError, SourceLines, _Builder, parse, parser
from edureport.document.model import Document, Heading, Paragraph, Table
from edureport.document.passes import finish
from edureport.document.plain import read
from edureport.pipeline import Pipeline, build_context, prepare
from edureport.styles.profile import load_profile
from edureport.templating.environment import render_markup
from edureport.templating.registry import get_registry
from tests.conftest import EXAMPLES


def _model(markup: str, fast: bool) -> list:
    """The blocks, or the refusal (markup that has no 公文 meaning is refused the same way on both paths)."""
    try:
        if fast:
            return parse(markup).blocks
        builder = _Builder(SourceLines(markup), list(DEFAULT_NUMBERING), True)
        builder.build(parser().parse(markup))
        return builder.blocks
    except MarkupError as exc:
        return [("refused", str(exc), exc.line, exc.source)]


def model_by_markdown_it(markup: str) -> list:
    return _model(markup, fast=False)


def model_by_fast_path(markup: str) -> list:
    return _model(markup, fast=True)


class RecordingParser:
    """A markdown-it parser that notes the text it was given to read."""

    def __init__(self, md=None):
        self.md = md or parser()
        self.read: list[str] = []
        self.options = self.md.options

    def get_active_rules(self):
        return self.md.get_active_rules()

    def parse(self, text: str):
        self.read.append(text)
        return self.md.parse(text)


def read_with(md, markup: str) -> _Builder:
    builder = _Builder(SourceLines(markup), list(DEFAULT_NUMBERING), True)
    read(markup, md, builder)
    return builder


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
    profile = load_profile()
    for markup in outputs:
        fast = model_by_fast_path(markup)
        assert fast == model_by_markdown_it(markup)
        # and the finished model (numbers, run-in stops, labels) too
        by_markdown_it = _Builder(SourceLines(markup), list(DEFAULT_NUMBERING), True)
        by_markdown_it.build(parser().parse(markup))
        assert finish(parse(markup), profile) == finish(Document(by_markdown_it.blocks), profile)


def test_plain_blocks_skip_markdown_it_and_keep_their_source_lines():
    markup = "::: title\n标题\n:::\n\n{.runin}\n## 一项工作\n\n正文第一行\n第二行\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    md = RecordingParser()
    blocks = read_with(md, markup).blocks
    assert md.read == ["::: title\n标题\n:::", "| a | b |\n|---|---|\n| 1 | 2 |"]
    heading = next(b for b in blocks if isinstance(b, Heading))
    assert heading.body[0].text == "正文第一行第二行" and isinstance(blocks[-1], Table)
    # a refusal after plain chunks names its line in the whole markup
    with pytest.raises(MarkupError) as refused:
        parse(markup + "\n正文\n\n> 引用\n")
    assert refused.value.line == 17 and refused.value.source == "> 引用"


def test_a_run_in_heading_takes_its_paragraph_across_the_two_paths():
    """The paragraph right after a {.runin} heading is its body, whichever path reads either of them."""
    for markup in ["{.runin}\n## 甲\n\n正文**加粗**\n", "{.runin}\n## **甲**\n\n正文\n", "{.runin}\n## 甲\n\n{.dense}\n正文\n",
                   "{.runin}\n## **甲**\n\n{.plain}\n正文\n\n后文\n", "{.runin}\n## 甲\n正文\n"]:
        blocks = parse(markup).blocks
        assert blocks[0].body is not None and "正文" in "".join(r.text for r in blocks[0].body), markup
        assert blocks == model_by_markdown_it(markup)
    assert parse("{.runin}\n## 甲\n\n## 乙\n").blocks[0].body is None


@pytest.mark.parametrize("markup", [
    "{.plain}\n## 标题\n", "{.center}\n# 标题\n", "{.dense}\n## 标题\n", "{.runin .plain}\n## 甲\n", "{.runin}\n##### 五级\n",
    "{.nonumber .center}\n正文\n", "{.runin}\n正文\n", "##### 五级\n", "###### 六级\n", "\u3000::: title\n", "\u3000{.runin}\n",
    "正文\n\u3000:::\n", "{.runin}\n## 甲\n\n{.bogus}\n正文\n", "{.runin}\n## **甲**\n\n{.bogus}\n正文\n",
    "{.runin}\n## 甲\n\n\u3000:::\n", "## 甲\n\n{.runin}\n\n正文\n", "{.runin}\n## 甲\n\n## 乙\n\n正文\n",
])
def test_plain_looking_markup_is_refused_or_read_the_same(markup):
    assert model_by_fast_path(markup) == model_by_markdown_it(markup)


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
    # what the builder refuses or reads in a special way on plain-looking lines
    "{.nonumber}", "{.runin .nonumber}", "{.center}", "{.plain .center}", "{.bogus}", "{.runin .dense}", "{.center .runin}",
    "##### 五级标题", "###### 六级标题", "## 标题 ", "##\t制表符标题", "## \u3000全角开头", "## 全角结尾\u3000", "##",
    "\u3000:::", "\u3000::: title", "\u3000{.runin}", "\u3000{#id}", "\xa0{.plain}", "\\<b\\>转义标签", "\\[转义\\](x)",
    "竖\x0b制表符分行", "\x0c换页符开头", "结尾换页符\x0c", "1) 括号编号", "１. 全角数字", "12345678901. 长数字",
    "\\\\<b>", "正文\\", "## 标题\\", "2024.5月",
]
PLAIN_LINES = ["普通的一段中文正文", "正文\\+加号\\(括号\\)", "第二行继续", "2024年完成任务", "## 二级标题",
               "## \u3000全角空格标题", "#### 四级标题", "{.runin}", "{.runin}", "{.nonumber}", "{.plain}", "含有 # 号",
               "# 一级\\-标题"]


def random_markup(rng: random.Random) -> str:
    """Chunks of one to four lines, mostly plain (so the fast path is taken), with any line mixed in."""
    chunks = []
    for _ in range(rng.randint(1, 12)):
        lines = [rng.choice(PLAIN_LINES if rng.random() < 0.7 else LINES) for _ in range(rng.randint(1, 4))]
        chunks.append("\n".join(lines))
    return "".join(chunk + rng.choice(["\n", "\n\n", "\n \n\n"]) for chunk in chunks)


# markup the builder takes (most random markup above is refused somewhere): the blocks are compared
TAKEN_LINES = ["**加粗**", "正文**加粗**继续", "\\*转义", "&amp;", "正文&lt;", "- 列表项", "1. 有序列表", "1.紧接的数字",
               "| 序号 | 指标 |\n|---|---:|\n| 1 | 2 |", "{.dense}\n| a | b |\n|---|---|\n| 1 | 2 |", "::: title\n标题\n:::",
               "::: signature\n某某局\n2024年1月1日\n:::", "行尾两个空格  ", "  缩进两格", "\u3000\u3000全角空格开头",
               "全角空格结尾\u3000", "竖\x0b制表符分行", "a_b_c", "正文\\转义", "## **加粗标题**", "{.runin}\n## **加粗**",
               "{.center}\n居中**加粗**", "\\<b\\>转义标签", "## 全角结尾\u3000", "##", "\\#不是标题", "## 标题 "]


def taken_markup(rng: random.Random) -> str:
    """Chunks of one to three lines, a class line before the first when its kind of block takes one."""
    content = [line for line in PLAIN_LINES + TAKEN_LINES if not line.startswith("{")]
    chunks = []
    for _ in range(rng.randint(1, 12)):
        lines = [rng.choice(content) for _ in range(rng.randint(1, 3))]
        first = lines[0]
        takes = ([] if first.startswith(("-", "1.", ":::", "|")) else ["{.runin}", "{.nonumber}", "{.runin .nonumber}"]
                 if first.startswith("#") else ["{.plain}", "{.center}"])
        if takes and rng.random() < 0.5:
            lines.insert(0, rng.choice(takes))
        chunks.append("\n".join(lines))
    return "".join(chunk + rng.choice(["\n\n", "\n \n\n", "\n\t\n"]) for chunk in chunks)


@pytest.mark.parametrize("seed", range(400))
def test_random_markup_reads_the_same(seed):
    rng = random.Random(seed)
    markup = random_markup(rng)
    assert model_by_fast_path(markup) == model_by_markdown_it(markup), markup
    markup = taken_markup(rng)
    assert model_by_fast_path(markup) == model_by_markdown_it(markup), markup


def test_long_document_is_mostly_plain_and_identical():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import sample_data

    rendered = prepare(sample_data.work_summary(40), "work-summary")
    markup = render_markup(rendered.spec.folder, rendered.spec.body, build_context(rendered.spec, rendered.data))
    md = RecordingParser()
    blocks = read_with(md, markup).blocks
    # markdown-it reads only the containers (title, recipient, signature) and the table
    assert len(md.read) <= 4 and sum(len(text) for text in md.read) < len(markup) / 20
    assert blocks == model_by_markdown_it(markup)
    assert sum(isinstance(b, Paragraph) for b in blocks) > 40


@pytest.mark.parametrize("change", ["typographer", "strikethrough", "linkify"])
def test_another_parser_configuration_is_read_by_markdown_it_alone(change):
    """If the markup parser gains a rule or option (smart quotes, ~~strike~~ …), plain chunks
    are no longer plain: the fast path must step aside rather than drop the new meaning."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"typographer": change == "typographer", "linkify": change == "linkify"})
    if change == "strikethrough":
        md.enable("strikethrough")
    markup = "正文 -- 含有(c)与~~删除~~的一段\n\n第二段"
    recording = RecordingParser(md)
    read_with(recording, markup)
    assert recording.read == [markup]
