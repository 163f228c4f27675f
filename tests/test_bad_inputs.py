"""A catalogue of mistakes office staff make, each ending in a clear message.

Every case runs the real command line and checks three things: the exit code
(2 bad input or usage, 1 broken template), that the message points at the
exact place (``data.yaml:3:5``, ``body.md.j2:4``, ``命令行参数 -t``), and that no
document appeared and no existing file changed.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from edureport.cli import app

GOOD = "单位: 某某区实验小学\n年度: 2024\n"
TEMPLATE_META = 'id: broken\nname: 坏模板\nbody: body.md.j2\ntitle: "{{ org }}测试"\n'
EXTENDS = '{% extends "_base/document.md.j2" %}\n{% block body %}\n'
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole(*streams: str) -> bytes:
    """An OLE2 compound file header followed by directory names, as Office writes them."""
    return OLE2 + b"\x00" * 504 + b"".join(name.encode("utf-16-le") + b"\x00" * 8 for name in streams)


def _zip(entries: dict[str, str]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in entries.items():
            package.writestr(name, text)
    return buffer.getvalue()


def _hand_edited_docx() -> bytes:
    """A document edureport made, then edited in Word (here: python-docx) by the user."""
    from edureport.pipeline import render

    document = Document(io.BytesIO(render({"单位": "某某区实验小学", "年度": 2024}, "工作总结")))
    document.add_paragraph("办公室主任手工补充的一段")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass
class Case:
    id: str
    files: dict  # name → str, bytes or a function making bytes; written into an empty folder
    expect: list[str]  # every one must appear in the message
    code: int = 2
    input: str = "data.yaml"
    args: list[str] = field(default_factory=lambda: ["-t", "工作总结"])
    commands: tuple[str, ...] = ("render", "validate")


CASES = [
    # --- YAML the parser cannot read --------------------------------------------
    Case("yaml-bad-indent", {"data.yaml": GOOD + "  标题: 多缩进了\n"}, ["data.yaml:3:", "YAML 格式错误"]),
    Case("yaml-tab-indent", {"data.yaml": GOOD + "主要成绩:\n\t- 标题: 用了制表符\n"}, ["data.yaml:4:1", "不能用制表符（Tab）缩进"]),
    Case("yaml-colon-in-text", {"data.yaml": GOOD + "标题: 关于: 某某的通知: 2024\n"}, ["data.yaml:3:", "引号"]),
    Case("yaml-unclosed-quote", {"data.yaml": GOOD + '标题: "没有结束的引号\n署名: 学校\n'}, ["data.yaml:", "引号没有闭合"]),
    Case("yaml-two-documents", {"data.yaml": GOOD + "---\n单位: 另一所学校\n"}, ["data.yaml:3:1", "一个文件中有多份数据"]),
    Case("yaml-undefined-alias", {"data.yaml": GOOD + "标题: *重点工作\n"}, ["data.yaml:3:", "加上引号"]),
    Case("yaml-self-reference", {"data.yaml": GOOD + "主要成绩: &a\n  - *a\n"}, ["data.yaml:3:", "引用了自身"]),
    Case("yaml-billion-laughs", {"data.yaml": GOOD + 'l0: &l0 ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]\n'
                                 + "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 9))},
         ["data.yaml:", "展开后过大"]),
    Case("yaml-deep-nesting", {"data.yaml": GOOD + "标题: " + "[" * 600 + "\n"}, ["data.yaml", "嵌套"]),
    Case("yaml-full-width-colon", {"data.yaml": "单位: 学校\n年度：2024\n标题: 总结\n"}, ["data.yaml:2:3", "中文冒号"]),
    Case("yaml-full-width-colon-only-line", {"data.yaml": "单位：某某学校\n"}, ["data.yaml:1:3", "中文冒号"]),
    Case("yaml-full-width-colon-in-item", {"data.yaml": GOOD + "主要成绩:\n  - 标题：德育\n    内容: 开展活动\n"},
         ["data.yaml:4:7", "“标题”后面用了中文冒号"]),
    Case("yaml-no-space-after-colon", {"data.yaml": "单位:某某学校\n年度: 2024\n"}, ["data.yaml:1:3", "缺少空格"]),
    Case("yaml-wrong-list-indent", {"data.yaml": GOOD + "主要成绩:\n- 标题: a\n  内容: b\n -  标题: c\n"},
         ["data.yaml:6:2", "缩进"]),
    Case("yaml-text-after-brackets", {"data.yaml": GOOD + "主要成绩:\n  - 标题: [重点] 教学\n"},
         ["data.yaml:4:9", "“[”开头", "引号"]),
    Case("yaml-text-after-quotes", {"data.yaml": GOOD + '标题: "某某" 学校总结\n'}, ["data.yaml:3:5", "引号"]),
    Case("yaml-duplicate-key", {"data.yaml": GOOD + "单位: 又写了一遍\n"}, ["data.yaml:3:1", "重复", "data.yaml:1:1"]),
    Case("yaml-empty-file", {"data.yaml": ""}, ["data.yaml", "空"]),
    Case("yaml-only-comments", {"data.yaml": "# 还没填\n# 单位: \n"}, ["data.yaml", "空"]),
    Case("yaml-top-level-list", {"data.yaml": "- 单位: 学校\n- 年度: 2024\n"}, ["data.yaml:1:1", "映射"]),
    Case("yaml-top-level-text", {"data.yaml": "某某学校2024年工作总结\n"}, ["data.yaml:1:1", "映射"]),
    Case("yaml-not-utf8", {"data.yaml": (GOOD + "标题: 工作总结\n").encode("gbk")}, ["data.yaml:1", "GBK", "UTF-8", "不是 UTF-8"]),
    Case("yaml-binary-garbage", {"data.yaml": bytes(range(256)) * 40}, ["data.yaml", "不是文本文件"]),
    Case("yaml-is-really-xlsx", {"data.yaml": _zip({"xl/workbook.xml": "<workbook/>"})}, ["data.yaml", "Excel", "这不是文本文件"]),
    # --- data that does not fit the template --------------------------------------
    Case("list-where-map-belongs", {"data.yaml": GOOD + "指标:\n  - [在校学生, 2136]\n"},
         ["data.yaml:4:5", "指标 第1项", "指标"]),
    Case("map-where-text-belongs", {"data.yaml": GOOD + "标题:\n  正标题: 工作总结\n"}, ["data.yaml:4:3", "“标题”应为文字"]),
    Case("list-where-text-belongs", {"data.yaml": GOOD + "署名:\n  - 学校\n  - 教育局\n"}, ["data.yaml:4:3", "“署名”应为文字"]),
    Case("year-in-chinese-numerals", {"data.yaml": "单位: 学校\n年度: 二〇二四\n"}, ["data.yaml:2:5", "“年度”不是数字"]),
    Case("year-with-leading-zero", {"data.yaml": "单位: 学校\n年度: 010\n"}, ["data.yaml:2:5", "1900～2200", "“010”", "“年度”超出允许范围"]),
    Case("year-scientific", {"data.yaml": "单位: 学校\n年度: 1e3\n"}, ["data.yaml:2:5", "超出允许范围"]),
    Case("key-in-english-and-chinese", {"data.yaml": GOOD + "org: 某某区实验小学\n"}, ["data.yaml:3:1", "单位", "org", "只能写一个"]),
    Case("unknown-key-misspelt", {"data.yaml": GOOD + "主要成就:\n  - 完成了任务\n"}, ["data.yaml:3:1", "主要成就", "主要成绩"]),
    Case("unknown-key-in-item", {"data.yaml": GOOD + "主要成绩:\n  - 标题: 德育\n    内用: 开展活动\n"},
         ["data.yaml:5:5", "主要成绩 第1项 › 内用", "内容"]),
    Case("unknown-heading-section", {"data.yaml": GOOD + "章节标题:\n  主要成就: 工作成效\n"}, ["data.yaml:4:3", "章节标题 › 主要成就", "主要成绩"]),
    Case("unknown-template-option", {"data.yaml": GOOD}, ["命令行参数 -t", "工作纵结", "工作总结"], args=["-t", "工作纵结"]),
    Case("unknown-template-in-data", {"data.yaml": "文种: 工作总节\n" + GOOD}, ["data.yaml:1:5", "工作总结"], args=[]),
    Case("no-template-given", {"data.yaml": GOOD}, ["data.yaml", "没有指定文种", "-t"], args=[]),
    Case("missing-org", {"data.yaml": "年度: 2024\n标题: 工作总结\n"}, ["data.yaml:1:1", "缺少必填项“单位”"]),
    Case("required-left-empty", {"data.yaml": "单位: 学校\n标题: 总结\n年度:\n"}, ["data.yaml:3:1", "必填项“年度”是空的"]),
    Case("metric-name-left-empty", {"data.yaml": GOOD + "指标:\n  - 指标名称: ''\n    数值: 3\n"},
         ["data.yaml:4:5", "指标 第1项 › 指标名称", "是空的"]),
    Case("missing-year", {"data.yaml": "单位: 学校\n"}, ["data.yaml:1:1", "缺少必填项“年度”"]),
    Case("metric-without-value", {"data.yaml": GOOD + "指标:\n  - 指标名称: 在校学生\n"},
         ["data.yaml:4:5", "指标 第1项 › 数值", "缺少必填项"]),
    Case("date-feb-30", {"data.yaml": GOOD + "成文日期: 2024-02-30\n"}, ["data.yaml:3:7", "2024年2月没有30日"]),
    Case("date-month-13", {"data.yaml": GOOD + "成文日期: 2024年13月\n"}, ["data.yaml:3:7", "月份“13”不存在"]),
    Case("date-words", {"data.yaml": GOOD + "印发日期: 明年春天\n"}, ["data.yaml:3:7", "“印发日期”无法识别的日期"]),
    Case("metric-negative", {"data.yaml": GOOD + "指标:\n  - {指标名称: 在校学生, 数值: -2136}\n"},
         ["data.yaml:4:22", "指标 第1项 › 数值", "负号"]),
    Case("metric-not-a-number", {"data.yaml": GOOD + "指标:\n  - {指标名称: 在校学生, 数值: 约两千人}\n"},
         ["data.yaml:4:22", "不是数字"]),
    Case("metric-with-unit", {"data.yaml": GOOD + "指标:\n  - {指标名称: 新建学校, 数值: 3所}\n"},
         ["data.yaml:4:22", "“3”", "计量单位"]),
    Case("metric-nan", {"data.yaml": GOOD + "指标:\n  - {指标名称: 在校学生, 数值: .nan}\n"}, ["data.yaml:4:22", "NaN", "不是有效数字"]),
    Case("metric-infinite", {"data.yaml": GOOD + "指标:\n  - {指标名称: 在校学生, 数值: 1e999}\n"}, ["data.yaml:4:22", "无穷大"]),
    Case("metric-previous-hex", {"data.yaml": GOOD + "指标:\n  - {指标名称: 学生, 数值: 10, 上年数值: 0x10}\n"},
         ["data.yaml:4:30", "指标 第1项 › 上年数值"]),
    Case("nested-item-problem", {"data.yaml": GOOD + "主要成绩:\n  - 标题: 教学\n    子项:\n      - 标题: 课堂\n"
                                 "        指标:\n          - {指标名称: 公开课, 数值: 很多}\n"},
         ["data.yaml:8:29", "主要成绩 第1项 › 子项 第1项 › 指标 第1项 › 数值"]),
    # --- JSON ------------------------------------------------------------------------
    Case("json-syntax", {"data.json": '{"单位": "学校",\n "年度": 2024,,\n}'}, ["data.json:2:", "JSON", "JSON 格式错误"], input="data.json"),
    Case("json-value-located", {"data.json": '{\n  "单位": "学校",\n  "年度": 2024,\n  "指标": [\n'
                                           '    {"指标名称": "学生", "数值": -5}\n  ]\n}\n'},
         ["data.json:5:26", "指标 第1项 › 数值"], input="data.json"),
    Case("json-top-level-list", {"data.json": '[{"单位": "学校"}]'}, ["data.json", "对象"], input="data.json"),
    # --- files that are not what they claim ------------------------------------------------
    Case("missing-input", {}, ["nothing.yaml", "找不到输入文件"], input="nothing.yaml"),
    Case("input-is-folder", {"folder.yaml/readme.txt": "x"}, ["folder.yaml", "文件夹"], input="folder.yaml"),
    Case("unsupported-suffix", {"data.txt": GOOD}, ["data.txt", "不支持的文件类型"], input="data.txt"),
    Case("xlsx-not-a-zip", {"data.xlsx": "单位,年度\n学校,2024\n"}, ["data.xlsx", "不是有效的 Excel 工作簿", "另存为"],
         input="data.xlsx"),
    Case("xlsx-is-html", {"data.xlsx": "<html><table><tr><td>单位</td></tr></table></html>"}, ["data.xlsx", "网页"],
         input="data.xlsx"),
    Case("xlsx-encrypted", {"data.xlsx": _ole("EncryptionInfo", "EncryptedPackage")},
         ["data.xlsx", "工作簿已加密", "请先取消密码"], input="data.xlsx"),
    Case("xlsx-is-old-xls", {"data.xlsx": _ole("Workbook", "SummaryInformation")}, ["data.xlsx", "旧版", "另存为"],
         input="data.xlsx"),
    Case("xls-suffix", {"data.xls": _ole("Workbook")}, ["data.xls", "没有安装 LibreOffice", ".xlsx"], input="data.xls"),
    Case("xlsx-is-docx", {"data.xlsx": _zip({"word/document.xml": "<w:document/>"})}, ["data.xlsx", "Word 文档"],
         input="data.xlsx"),
    Case("xlsx-truncated", {"data.xlsx": _zip({"xl/workbook.xml": "<workbook/>" * 200})[:60]}, ["data.xlsx", "损坏"],
         input="data.xlsx"),
    Case("excel-lock-file", {"~$data.xlsx": b"\x0bowner" + b"\x00" * 100}, ["~$data.xlsx", "临时文件", "data.xlsx"],
         input="~$data.xlsx"),
    # --- broken templates (exit 1: not the data's fault) ------------------------------------
    Case("template-syntax-error", {"data.yaml": GOOD, "tpl/broken/template.yaml": TEMPLATE_META,
                                   "tpl/broken/body.md.j2": EXTENDS + "第一段\n{% if intro %}\n没有结束\n{% endblock %}\n"},
         ["broken/body.md.j2:6", "语法错误", "endif"], code=1, args=["-t", "broken", "--templates-dir", "tpl"],
         commands=("render",)),
    Case("template-touches-class", {"data.yaml": GOOD, "tpl/broken/template.yaml": TEMPLATE_META,
                                    "tpl/broken/body.md.j2": EXTENDS + "正文\n{{ org.__class__.__mro__ }}\n{% endblock %}\n"},
         ["broken/body.md.j2:4", "不允许", "__class__"], code=1, args=["-t", "broken", "--templates-dir", "tpl"],
         commands=("render",)),
    Case("template-reads-file", {"data.yaml": GOOD, "tpl/broken/template.yaml": TEMPLATE_META,
                                 "tpl/broken/body.md.j2": EXTENDS + '{% include "/etc/passwd" %}\n{% endblock %}\n'},
         ["broken/body.md.j2:3", "/etc/passwd", "找不到被引用的模板文件"], code=1, args=["-t", "broken", "--templates-dir", "tpl"],
         commands=("render",)),
    Case("template-undefined-variable", {"data.yaml": GOOD, "tpl/broken/template.yaml": TEMPLATE_META,
                                         "tpl/broken/body.md.j2": EXTENDS + "\n\n{{ orgg }}\n{% endblock %}\n"},
         ["broken/body.md.j2:5", "orgg", "org", "未定义"], code=1, args=["-t", "broken", "--templates-dir", "tpl"],
         commands=("render",)),
    Case("template-error-in-macro", {"data.yaml": GOOD, "tpl/broken/template.yaml": TEMPLATE_META,
                                     "tpl/broken/mine.j2": "{% macro bad(x) %}\n{{ x }}\n{{ x.nope.deeper }}\n{% endmacro %}\n",
                                     "tpl/broken/body.md.j2": '{% import "mine.j2" as mine %}\n' + EXTENDS
                                     + "{{ mine.bad(org) }}\n{% endblock %}\n"},
         ["broken/mine.j2:3", "nope", "没有“nope”这一项"], code=1, args=["-t", "broken", "--templates-dir", "tpl"], commands=("render",)),
    Case("template-error-in-parent", {"data.yaml": GOOD, "tpl/broken/template.yaml": TEMPLATE_META,
                                      "tpl/broken/parent.j2": "标题\n{% block body %}{% endblock %}\n{{ org|nosuchfilter }}\n",
                                      "tpl/broken/body.md.j2": '{% extends "parent.j2" %}\n{% block body %}正文{% endblock %}\n'},
         ["broken/parent.j2:3", "nosuchfilter", "没有名为“nosuchfilter”的过滤器"], code=1, args=["-t", "broken", "--templates-dir", "tpl"],
         commands=("render",)),
    Case("template-error-in-child-block", {"data.yaml": GOOD, "tpl/broken/template.yaml": TEMPLATE_META,
                                           "tpl/broken/parent.j2": "标题\n\n{% block body %}{% endblock %}\n",
                                           "tpl/broken/body.md.j2": '{% extends "parent.j2" %}\n{% block body %}\n'
                                           '正文\n{{ 1 // 0 }}\n{% endblock %}\n'},
         ["broken/body.md.j2:4", "ZeroDivisionError", "模板运行出错"], code=1, args=["-t", "broken", "--templates-dir", "tpl"],
         commands=("render",)),
    Case("template-title-error", {"data.yaml": GOOD, "tpl/broken/body.md.j2": "正文\n",
                                  "tpl/broken/template.yaml": TEMPLATE_META.replace("{{ org }}", "{{ org.__class__ }}")},
         ["broken/template.yaml", "{{ org.__class__ }}", "不允许"], code=1,
         args=["-t", "broken", "--templates-dir", "tpl"], commands=("render",)),
    Case("templates-dir-missing", {"data.yaml": GOOD}, ["no-such-folder", "模板目录不存在"],
         args=["-t", "工作总结", "--templates-dir", "no-such-folder"]),
    # --- where the document goes --------------------------------------------------------
    Case("output-is-a-folder", {"data.yaml": GOOD, "out/结果.docx/keep.txt": "x"}, ["out/结果.docx", "文件夹"],
         commands=("render",)),
    Case("output-exists-not-ours", {"data.yaml": GOOD, "out/结果.docx": "我自己写的重要文件"},
         ["out/结果.docx", "不是 edureport 生成的", "--force"], commands=("render",)),
    Case("output-hand-edited", {"data.yaml": GOOD, "out/结果.docx": _hand_edited_docx}, ["out/结果.docx", "生成后被修改过"],
         commands=("render",)),
    Case("output-parent-is-a-file", {"data.yaml": GOOD, "out": "一个文件挡住了文件夹"}, ["out", "输出文件夹"],
         commands=("render",)),
    # --- usage ------------------------------------------------------------------------------
    Case("usage-unknown-option", {"data.yaml": GOOD}, ["未知的选项“--colour”"], args=["--colour", "red"]),
    Case("usage-missing-input", {}, ["缺少参数：数据文件"], input="", args=[]),
    Case("usage-bad-format", {"data.yaml": GOOD}, ["“--format”的值“xml”不可用", "text、json"], args=["--format", "xml"],
         commands=("validate",)),
]


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_files(folder: Path, files: dict) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content = content()
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def command_line(command: str, case: Case) -> list[str]:
    given = [case.input] if case.input else []
    if command == "render":
        return ["render", *given, "-o", "out/结果.docx", *case.args]
    return ["validate", *given, *case.args]


ENGLISH_USAGE = ["Usage: ", "\nError: ", "Missing argument", "No such option", "Invalid value", "Try '"]
RUNS = [(case, command) for case in CASES for command in case.commands]


@pytest.mark.parametrize("case, command", RUNS, ids=[f"{case.id}-{command}" for case, command in RUNS])
def test_bad_input_gives_clear_message_and_writes_nothing(case: Case, command: str, tmp_path, monkeypatch):
    write_files(tmp_path, case.files)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EDUREPORT_SOFFICE", str(tmp_path / "no-soffice"))  # fast: .xls is not converted here
    before = snapshot(tmp_path)
    result = CliRunner().invoke(app, command_line(command, case))
    message = result.output  # stdout and stderr
    assert result.exit_code == case.code, message
    assert "Traceback" not in message
    for english in ENGLISH_USAGE:
        assert english not in message, f"English usage message {english!r} in:\n{message}"
    for expected in case.expect:
        assert expected in message, f"{expected!r} not in:\n{message}"
    assert snapshot(tmp_path) == before, "a file appeared or changed"


def test_every_case_expects_a_chinese_explanation():
    """A case passes only on what it expects; one that expects only a file name or an option
    would pass on any message mentioning it."""
    assert len({case.id for case in CASES}) == len(CASES)
    for case in CASES:
        assert any(re.search(r"[\u4e00-\u9fff]", text) for text in case.expect), case.id


def test_real_password_protected_workbook_is_recognised(tmp_path, monkeypatch):
    pytest.importorskip("msoffcrypto")
    import openpyxl
    from msoffcrypto.format.ooxml import OOXMLFile

    workbook = openpyxl.Workbook()
    workbook.active.title = "基本信息"
    workbook.active.append(["项目", "内容"])
    workbook.active.append(["单位", "某某学校"])
    plain, encrypted = io.BytesIO(), io.BytesIO()
    workbook.save(plain)
    plain.seek(0)
    OOXMLFile(plain).encrypt("口令123", encrypted)
    monkeypatch.chdir(tmp_path)
    Path("加密.xlsx").write_bytes(encrypted.getvalue())
    for command in (["validate", "加密.xlsx", "-t", "工作总结"], ["render", "加密.xlsx", "-t", "工作总结", "-o", "x.docx"]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 2
        assert "加密.xlsx" in result.output and "工作簿已加密" in result.output and "请先取消密码" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["加密.xlsx"]


# --- all problems at once, and the JSON report ------------------------------------------------
def test_validate_reports_every_problem_at_once_as_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("data.yaml").write_text(
        "单位: 学校\n年度: 20244\n成文日期: 2024-02-30\n主要成就: []\n"
        "指标:\n  - {指标名称: 学生, 数值: -1}\n  - {数值: 3}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "data.yaml", "-t", "工作总结", "--format", "json"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["template"] == "work-summary"
    by_path = {p["path"]: p for p in report["problems"]}
    assert set(by_path) == {"year", "date", "主要成就", "metrics[0].value", "metrics[1].name"}
    assert by_path["year"]["location"] == "data.yaml:2:5"
    assert by_path["year"]["found"] == "“20244”"
    assert "1900" in by_path["year"]["expected"]
    assert by_path["主要成就"]["suggestion"] == "您是不是要写“主要成绩”？"
    assert by_path["metrics[1].name"]["location"] == "data.yaml:7:5"
    assert all(p["severity"] == "error" for p in report["problems"])
    assert set(report["problems"][0]) == {"severity", "location", "path", "label", "message", "expected", "found",
                                          "suggestion"}
    assert by_path["metrics[1].name"]["label"] == "指标 第2项 › 指标名称"


def test_text_messages_name_fields_in_chinese_not_internal_paths(tmp_path, monkeypatch):
    """Defect: messages said metrics[0].value or org, which mean nothing to a clerk."""
    monkeypatch.chdir(tmp_path)
    Path("data.yaml").write_text("年度: 2024\n主要成绩:\n  - 标题: 德育\n    指标:\n      - {指标名称: 学生, 数值: 很多}\n",
                                 encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "data.yaml", "-t", "工作总结"])
    assert result.exit_code == 2
    assert "data.yaml:5:24：主要成绩 第1项 › 指标 第1项 › 数值：“数值”不是数字" in result.stderr
    assert "缺少必填项“单位”" in result.stderr
    assert "metrics" not in result.stderr and "achievements" not in result.stderr and "org" not in result.stderr


def test_validate_passes_with_warnings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("data.yaml").write_text("单位: 学校\n年度: 2024\n标题: \"总结\\v报告\"\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "data.yaml", "-t", "工作总结", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["valid"] is True and report["problems"] == []
    assert [(w["severity"], w["location"], w["path"]) for w in report["warnings"]] == [
        ("warning", "data.yaml:3:5", "title")]
    text = CliRunner().invoke(app, ["validate", "data.yaml", "-t", "工作总结"])
    assert text.exit_code == 0 and "数据检查通过" in text.stdout and "1 条提示" in text.stdout


def test_validate_uses_the_templates_declared_in_the_data(tmp_path, monkeypatch, examples_dir):
    result = CliRunner().invoke(app, ["validate", str(examples_dir / "school-summary.yaml")])
    assert result.exit_code == 0, result.output
    assert "工作总结" in result.stdout


# --- YAML 1.1 traps: the loader keeps text, the declared type decides ---------------------------
def test_yaml_1_1_traps_are_read_by_the_declared_type(tmp_path, monkeypatch):
    from edureport.pipeline import prepare

    monkeypatch.chdir(tmp_path)
    Path("data.yaml").write_text(
        "单位: 学校\n年度: 2024\n标题: no\n副标题: 2024-03\n主送机关: 010\n成文日期: 2024-03\n"
        "指标:\n  - {指标名称: on, 数值: 1e3, 上年数值: 010, 目标值: '1,200', 计量单位: yes}\n", encoding="utf-8")
    rendered = prepare("data.yaml", "工作总结")
    data = rendered.data
    assert (data["title"], data["subtitle"], data["recipient"]) == ("no", "2024-03", "010")  # text stays text
    assert str(data["date"]) == "2024年3月"  # a month is a valid 成文日期
    metric = data["metrics"][0]
    assert (metric["name"], metric["unit"]) == ("on", "yes")
    assert (metric["value"], metric["previous"], metric["target"]) == (1000, 10, 1200)  # decimal, never octal
    result = CliRunner().invoke(app, ["render", "data.yaml", "-t", "工作总结", "-o", "out.docx"])
    assert result.exit_code == 0, result.output
    document = Document("out.docx")
    assert document.paragraphs[0].text == "no"


def test_notepad_unicode_file_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("data.yaml").write_bytes("单位: 某某学校\n年度: 2024\n".encode("utf-16"))
    result = CliRunner().invoke(app, ["validate", "data.yaml", "-t", "工作总结"])
    assert result.exit_code == 0, result.output


# --- very big inputs work ---------------------------------------------------------------------
def test_ten_megabyte_text_field_renders(tmp_path):
    from edureport.pipeline import prepare

    sentence = "学校坚持立德树人根本任务，扎实推进课堂教学改革（2024年）。"
    paragraph = sentence * 2000
    count = 10 * 1024 * 1024 // len((paragraph + "\n").encode()) + 1
    rendered = prepare({"单位": "学校", "年度": 2024, "基本情况": "\n".join([paragraph] * count),
                        "主要成绩": [{"标题": "一段很长的话", "内容": sentence * 120_000}]}, "工作总结")
    document = Document(io.BytesIO(rendered.to_docx()))
    texts = [p.text for p in document.paragraphs]
    assert texts.count(paragraph) == count
    assert any(sentence * 120_000 in t for t in texts)  # one 3.6-million-character paragraph


def test_ten_thousand_items_render(tmp_path):
    from edureport.pipeline import prepare

    items = [{"标题": f"第{i}项工作", "内容": f"完成第{i}项任务。"} for i in range(1, 10_001)]
    rendered = prepare({"单位": "学校", "年度": 2024, "主要成绩": items}, "工作总结")
    text = "\n".join(p.text for p in Document(io.BytesIO(rendered.to_docx())).paragraphs)
    assert "第1项工作" in text and "第10000项工作" in text and "完成第9999项任务" in text
