"""Documents in Traditional characters: detected from the data, generated words converted, user text untouched."""
import io
import re
import zipfile
from pathlib import Path

import opencc
import pytest
import yaml
from conftest import EXAMPLES

from edureport.core import script
from edureport.core.numbers import amount, change, completion
from edureport.pipeline import prepare
from edureport.styles.profile import load_profile
from edureport.templating.filters import duty_line

FIXTURE = Path(__file__).parent / "fixtures" / "hant-summary.yaml"
SEED_002 = "區教育局關於2022年工作總結與2023年工作打算範文。深化教育領域綜合改革，優化教育資源布局。"
TRADITIONAL_FONTS = {"標楷體", "新細明體", "微軟正黑體"}
_S2T = opencc.OpenCC("s2t")


def simplified_only(text: str) -> set[str]:
    """Characters of ``text`` that Traditional writing does not use (总, 较, 个 …)."""
    return {ch for ch in set(text) if re.match(r"[\u4e00-\u9fff]", ch) and _S2T.convert(ch) != ch}


def _xml_parts(docx: bytes) -> dict[str, str]:
    package = zipfile.ZipFile(io.BytesIO(docx))
    return {name: package.read(name).decode("utf-8") for name in package.namelist() if name.endswith(".xml")}


def _data_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] + [line.strip() for line in value.splitlines()]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _data_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _data_strings(item)]
    return []


@pytest.fixture(scope="module")
def hant_docx() -> bytes:
    return prepare(FIXTURE).to_docx()


def test_traditional_data_detected_without_options():
    rendered = prepare(FIXTURE)
    assert rendered.profile.script == script.HANT
    assert rendered.title == "某區教育局2022年工作總結"


def test_every_generated_run_is_traditional(hant_docx):
    """Every run's text, with the user's own strings taken out, has no Simplified-only character."""
    document = _xml_parts(hant_docx)["word/document.xml"]
    runs = [re.sub(r"<[^>]+>", "", run) for run in re.findall(r"<w:r>.*?</w:r>", document)]
    data = sorted({s for s in _data_strings(yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))) if s},
                  key=len, reverse=True)
    generated = []
    for text in runs:
        for value in data:
            text = text.replace(value, "")
        generated.append(text)
    leftover = "".join(generated)
    assert "較上年增長" in leftover and "萬" in leftover and "百分點" in leftover and "印發" in leftover
    assert "主要指標完成情況" in leftover and "工作打算" in leftover
    assert simplified_only(leftover) == set(), leftover


def test_every_role_has_a_traditional_font(hant_docx):
    parts = _xml_parts(hant_docx)
    fonts = set()
    for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        fonts |= set(re.findall(r'w:eastAsia="([^"]+)"', parts[name]))
    assert fonts and fonts <= TRADITIONAL_FONTS, fonts


def test_user_text_is_never_converted():
    """A Simplified 单位 in a document forced to Traditional stays as typed; the words around it convert."""
    rendered = prepare(EXAMPLES / "school-summary.yaml", script="繁体")
    text = "\n".join(getattr(b, "text", "") for b in rendered.document.blocks)
    assert "某某区第一实验小学2024年工作總結" in text
    assert "学校现有教学班48个" in text  # the user's paragraph, as typed


def test_simplified_data_stays_simplified():
    rendered = prepare(EXAMPLES / "school-summary.yaml")
    assert rendered.profile.script == script.HANS
    assert rendered.profile.role("body").font == "仿宋_GB2312"


def test_script_field_in_data_wins(tmp_path):
    data = yaml.safe_load((EXAMPLES / "school-summary.yaml").read_text(encoding="utf-8"))
    data["字形"] = "繁體"
    rendered = prepare(data)
    assert rendered.profile.script == script.HANT
    assert rendered.title.endswith("工作總結")


def test_unknown_script_is_an_input_error():
    from edureport.core.errors import InputError

    with pytest.raises(InputError) as caught:
        prepare(EXAMPLES / "school-summary.yaml", script="日文")
    assert "--script" in str(caught.value)


@pytest.mark.parametrize("text, expected", [
    (SEED_002, script.HANT),
    ("区教育局关于2022年工作总结与2023年工作打算", script.HANS),
    ("学校与台湾“國立師範大學”开展交流，全年接待来访12次。", script.HANS),  # one quoted Traditional name
    ("", script.HANS),
])
def test_detect(text, expected):
    assert script.detect({"intro": text}) == expected


def test_number_language_in_traditional():
    with script.writing(script.HANT):
        assert change(108.3, 100) == "較上年增長8.3%"
        assert change(100, 100) == "與上年持平"
        assert change(62.4, 58.1, "%") == "較上年提高4.3個百分點"
        assert completion(105.2, 100) == "完成年度目標的105.2%，超額完成任務"
        assert completion(58.5, 60, unit="%") == "低於年度目標1.5個百分點"
        assert amount(12500, "萬元") == "1.25億元"
        assert amount(10800, "個") == "1.08萬個"
        assert duty_line({"lead": "区教育局"}) == "牽頭單位：区教育局"  # the lead as typed
    assert change(108.3, 100) == "较上年增长8.3%"


def test_taiwan_and_hong_kong_variants_are_a_profile_option(tmp_path):
    style = tmp_path / "tw.yaml"
    style.write_text("extends: zh-hant\nname: tw\nscript_variant: tw\n", encoding="utf-8")
    profile = load_profile(str(style))
    assert profile.script == script.HANT and profile.script_variant == "tw"
    assert script.convert("里面", script.HANT, "tw") == "裡面"
    assert script.convert("里面", script.HANT, "hk") == "裏面"
    rendered = prepare(FIXTURE, style=str(style))
    assert rendered.profile.script_variant == "tw"


def test_red_head_style_in_traditional_uses_traditional_fonts():
    rendered = prepare(FIXTURE, style="gbt9704-redhead")
    assert rendered.profile.role("redhead").font in TRADITIONAL_FONTS
    assert rendered.profile.redhead  # still the red-head style
    fonts = set(re.findall(r'w:eastAsia="([^"]+)"', _xml_parts(rendered.to_docx())["word/document.xml"]))
    assert fonts <= TRADITIONAL_FONTS


def test_check_reads_a_traditional_document_against_traditional_fonts(hant_docx):
    from edureport.checker import check

    assert check(hant_docx).errors == []
    assert check(prepare(FIXTURE, style="gbt9704-redhead").to_docx(), "gbt9704-redhead").errors == []


def test_simplified_data_in_the_traditional_style_keep_simplified_words():
    """--style zh-hant chooses the fonts; the words follow the data's script (no mixed document)."""
    rendered = prepare(EXAMPLES / "school-summary.yaml", style="zh-hant")
    assert rendered.profile.role("body").font == "標楷體"
    assert rendered.title.endswith("工作总结")


def test_too_little_text_to_tell_keeps_the_style_script():
    assert script.detect({"org": "區"}, default=script.HANS) == script.HANS
    assert script.detect({"org": "学校"}, default=script.HANT) == script.HANT


def test_batch_takes_the_script_option(tmp_path):
    from conftest import open_docx
    from typer.testing import CliRunner

    from edureport.cli import app

    result = CliRunner().invoke(app, ["batch", str(EXAMPLES / "batch-schools.xlsx"), "-o", str(tmp_path / "out"),
                                      "--jobs", "1", "--script", "hant"])
    assert result.exit_code == 0, result.output
    first = sorted((tmp_path / "out").glob("*.docx"))[0]
    assert open_docx(first.read_bytes()).paragraphs[0].text.endswith("工作總結")
