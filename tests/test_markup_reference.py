"""Issue 19: the markup reference table in docs/template-authoring.md is what the tool
does. Each row's example is rendered through a template; what the row says is printed
(「…」) appears in the .docx, and rows marked 错误 fail with that message."""
import io
import re
from pathlib import Path

import pytest
from conftest import boxed_tables
from docx import Document

from edureport.core.errors import TemplateError
from edureport.pipeline import Pipeline

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "template-authoring.md"


def reference_rows() -> list[tuple[str, str, str]]:
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## 六、文档标记"):text.index("## 七、")]
    rows = []
    for line in section.splitlines():
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        if len(cells) != 3 or not cells[1].strip().startswith("`"):
            continue
        example = cells[1].strip().strip("`").replace("\\|", "|").replace("⏎", "\n")
        rows.append((cells[0].strip(), example, cells[2].strip()))
    return rows


def docx_texts(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables + boxed_tables(document):  # the 版记 sits in a text box at the page foot
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_the_reference_lists_every_construct():
    construct = " ".join(row[0] for row in reference_rows())
    for name in ("#", "{.runin}", "{.nonumber}", "{.plain}", "**文字**", "1. ", "- ", "表格", "{.dense}", "---",
                 "::: title", "::: subtitle", "::: recipient", "::: attachments", "::: signature",
                 "::: attachment-page", "::: imprint", "::: redhead", "::: chart"):
        assert name in construct, name


@pytest.mark.parametrize(("construct", "example", "printed"), reference_rows(), ids=lambda v: str(v)[:24])
def test_each_row_of_the_reference_renders_as_it_says(tmp_path, construct, example, printed):
    folder = tmp_path / "ref"
    folder.mkdir()
    (folder / "template.yaml").write_text("id: ref\nname: 标记参考\nbody: body.md.j2\n", encoding="utf-8")
    (folder / "body.md.j2").write_text('{% extends "_base/document.md.j2" %}\n{% block body %}\n'
                                       f"{example}\n\n{{% endblock %}}\n", encoding="utf-8")
    style = "gbt9704-redhead" if "gbt9704-redhead" in printed else "gbt9704"
    expected = re.findall(r"「(.+?)」", printed)
    assert expected, f"row without 「expected text」: {construct}"
    pipeline = Pipeline([tmp_path], style=style)
    if printed.startswith("错误"):
        with pytest.raises(TemplateError) as error:
            pipeline.run({"单位": "某某区教育局"}, "ref")
        place = re.match(rf"{re.escape(str(folder / 'body.md.j2'))}:(\d+)：", str(error.value))
        assert place and 3 <= int(place.group(1)) < 3 + example.count("\n") + 1, str(error.value)  # a line of it
        assert all(text in str(error.value) for text in expected), str(error.value)
        return
    content = pipeline.run({"单位": "某某区教育局"}, "ref").to_docx()
    texts = docx_texts(content)
    if "::: chart" in construct:  # a native chart: its title is in the chart part, not in the body text
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(content)) as package:
            texts = [package.read(n).decode("utf-8") for n in package.namelist() if n.startswith("word/charts/chart")]
        assert texts, "no chart part"
        texts = ["".join(texts)]
        assert all(any(text in t for t in texts) for text in expected)
        return
    for text in expected:
        assert text in texts, f"{construct}: {text!r} not in {texts!r}"
