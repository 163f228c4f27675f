"""`edureport extract` → `render` gives back the same sections; `format` on the command line."""
import io
import os

import corpus
import docx
import pytest
import yaml
from conftest import soffice_available
from typer.testing import CliRunner

from edureport.cli import app
from edureport.document.model import Table
from edureport.pipeline import prepare
from edureport.readers.extract import UNSORTED, extract_file, table_metrics
from edureport.readers.formatting import format_document

TEXTS = corpus.texts()
runner = CliRunner()


def sections(data: bytes) -> dict[str, list[str]]:
    """Level-1 heading → the texts of the paragraphs under it (as Word shows them)."""
    out, current = {}, None
    for p in docx.Document(io.BytesIO(data)).paragraphs:
        if p.style is not None and p.style.name.lower() == "heading 1":
            current = p.text
            out[current] = []
        elif current and p.text.strip():
            out[current].append(p.text)
    return out


def _round_trip(tmp_path, source: bytes) -> tuple[dict, dict, dict]:
    path = tmp_path / "原文件.docx"
    path.write_bytes(source)
    extracted = extract_file(path)
    data_file = tmp_path / "数据.yaml"
    data_file.write_text(extracted.to_yaml(), encoding="utf-8")
    rendered = prepare(data_file)
    return sections(format_document(source).data), sections(rendered.to_docx()), extracted.data


def test_summary_round_trips_through_extract_and_render(tmp_path):
    original, rendered, data = _round_trip(tmp_path, corpus.normal_direct(TEXTS["summary"]))
    assert list(original) == ["一、教育改革创新主要做法", "二、存在的问题和不足", "三、2025年工作打算"]
    assert rendered == original
    assert data["章节标题"] == {"主要成绩": "教育改革创新主要做法", "工作打算": "2025年工作打算"}
    item = data["主要成绩"][1]
    assert item["标题"] == "落实“两大机制”，优化教师资源配置"
    assert item["要点"] == ["完善教师县管校聘", "推进校长职级制改革", "健全教师培训体系"]
    assert data["主要成绩"][0]["子项"][0]["标题"] == "坚持高位主导，确保城乡学校一样建设"


def test_plan_round_trips_through_extract_and_render(tmp_path):
    original, rendered, data = _round_trip(tmp_path, corpus.word_numbered(TEXTS["plan"]))
    assert list(original) == ["一、总体要求", "二、重点任务", "三、实施步骤", "四、保障措施"]
    assert rendered == original
    task = data["重点任务"][0]
    assert task["具体措施"] == ["建立青年教师成长档案", "开展校本研修活动", "选派骨干教师外出跟岗学习"]
    assert (task["牵头单位"], task["配合单位"], task["完成时限"]) == ("教务处", ["办公室", "人事处"], "2026年12月")
    assert data["实施步骤"][0] == {"阶段": "动员部署", "开始时间": "2024年3月", "结束时间": "2024年4月",
                               "内容": ["成立工作专班，制定任务清单，召开动员大会，明确责任分工。"]}


def test_content_that_fits_no_section_is_kept_and_rendering_says_so(tmp_path):
    entries = TEXTS["summary"][:5] + [["h1", "二、其他事项"], ["body", "这一段不属于任何部分。"]] + TEXTS["summary"][-2:]
    path = tmp_path / "总结.docx"
    path.write_bytes(corpus.normal_direct(entries))
    extracted = extract_file(path)
    assert extracted.data[UNSORTED] == ["【其他事项】", "这一段不属于任何部分。"]
    data_file = tmp_path / "数据.yaml"
    data_file.write_text(extracted.to_yaml(), encoding="utf-8")
    assert any("未归类内容" in w.message for w in prepare(data_file).warnings)


def test_attachment_tables_of_a_plan_are_kept(tmp_path):
    path = tmp_path / "方案.docx"
    path.write_bytes(corpus.table_heavy(TEXTS["plan"], TEXTS["division_table"]))
    data = extract_file(path).data
    assert data["分工表"] == "是"
    assert any("加强学生心理健康教育" in line for line in data[UNSORTED])


def test_metrics_come_from_a_table_with_indicator_and_value_columns():
    table = Table(["序号", "指标", "单位", "本年", "上年"], [["1", "在校学生", "人", "2,136", "2058"],
                                                         ["2", "优良率", "%", "62.4", "58.1"]], ["left"] * 5)
    assert table_metrics(table) == [
        {"指标名称": "在校学生", "数值": 2136, "计量单位": "人", "上年数值": 2058},
        {"指标名称": "优良率", "数值": 62.4, "计量单位": "%", "上年数值": 58.1}]
    assert table_metrics(Table(["任务", "单位"], [["甲", "教务处"]], ["left"] * 2)) is None


def test_extract_command_writes_a_yaml_data_file(tmp_path):
    source = tmp_path / "去年总结.docx"
    source.write_bytes(corpus.normal_direct(TEXTS["summary"]))
    result = runner.invoke(app, ["extract", str(source), "-o", str(tmp_path / "今年.yaml")])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "今年.yaml").read_text(encoding="utf-8"))
    assert data["文种"] == "工作总结" and data["单位"] == "某某区教育局"


def test_format_command_writes_next_to_the_input_and_never_overwrites(tmp_path):
    source = tmp_path / "草稿.docx"
    source.write_bytes(corpus.normal_direct(TEXTS["summary"]))
    result = runner.invoke(app, ["format", str(source)])
    assert result.exit_code == 0, result.output
    target = tmp_path / "草稿（排版后）.docx"
    assert target.is_file() and "[标点]" in result.output and "已生成" in result.output
    target.write_bytes(b"edited by someone")
    again = runner.invoke(app, ["format", str(source)])
    assert again.exit_code == 2 and target.read_bytes() == b"edited by someone"
    forced = runner.invoke(app, ["format", str(source), "--force"])
    assert forced.exit_code == 0 and target.read_bytes() != b"edited by someone"


def test_format_check_lists_changes_without_writing(tmp_path):
    source = tmp_path / "草稿.docx"
    source.write_bytes(corpus.normal_direct(TEXTS["summary"]))
    result = runner.invoke(app, ["format", str(source), "--check"])
    assert result.exit_code == 1
    assert "“区人民政府:” → “区人民政府：”" in result.output and "未写入文件" in result.output
    assert list(tmp_path.iterdir()) == [source]


def test_format_refuses_an_unknown_fix_name(tmp_path):
    source = tmp_path / "草稿.docx"
    source.write_bytes(corpus.normal_direct(TEXTS["summary"]))
    result = runner.invoke(app, ["format", str(source), "--keep", "颜色"])
    assert result.exit_code == 2 and "颜色" in result.output


def test_old_formats_need_libreoffice_and_say_so(tmp_path, monkeypatch):
    source = tmp_path / "旧文件.doc"
    source.write_bytes(b"not really a doc")
    monkeypatch.setenv("EDUREPORT_SOFFICE", str(tmp_path / "no-such-soffice"))
    result = runner.invoke(app, ["format", str(source)])
    assert result.exit_code == 2 and "LibreOffice" in result.output and "另存为" in result.output


@pytest.mark.slow
@pytest.mark.skipif(not soffice_available(), reason="LibreOffice not installed")
def test_odt_is_read_through_libreoffice(tmp_path):
    import subprocess

    source = tmp_path / "总结.docx"
    source.write_bytes(corpus.normal_direct(TEXTS["traditional"]))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "odt",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120,
                   env={**os.environ})
    result = format_document(tmp_path / "总结.odt", "zh-hant")
    assert result.converted_from == ".odt"
    assert corpus.document_text(result.data) == corpus.expected_text(TEXTS["traditional"])
