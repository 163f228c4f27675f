"""Issue 6: docs/template-authoring.md is followed literally and works.

The ```bash blocks of the walkthrough are run, in order, as one script in an
empty folder with the installed `edureport`; every filter and macro that
templates can use is documented there.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from edureport.templating.filters import FILTERS
from edureport.templating.shaping import SHAPING_FILTERS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "template-authoring.md"


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def shell_blocks() -> list[str]:
    return re.findall(r"^```bash\n(.*?)^```", guide(), re.S | re.M)


def test_guide_has_the_walkthrough_commands():
    script = "\n".join(shell_blocks())
    for command in ("edureport templates new", "edureport templates check", "edureport render",
                    "--templates-dir", "EDUREPORT_TEMPLATES"):
        assert command in script


@pytest.mark.slow
def test_walkthrough_runs_as_written(tmp_path):
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("EDUREPORT_TEMPLATES", None)
    script = "set -euo pipefail\n" + "\n".join(shell_blocks())
    result = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "检查通过：my-templates/debriefing-report" in result.stdout
    doc = Document(str(tmp_path / "述职报告.docx"))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts[:2] == ["2024年度述职报告", "某某区第一实验小学校长　张某某"]
    assert "一、履行职责情况" in texts and "以上述职，请予评议。" in texts
    assert "三、获得的主要荣誉" in texts and "（1）区优秀校长（某某区教育局，2024年9月）" in texts
    assert texts[-2:] == ["述职人：张某某", "2025年1月10日"]
    red = Document(str(tmp_path / "述职报告-红头.docx"))
    assert red.paragraphs[0].text == "某某区第一实验小学文件"
    _typos_are_reported_as_the_guide_says(tmp_path, env)


# the typos the guide plants in its body.md.j2, in the order of the ```text block after them
TYPOS = [("{% for 荣誉 in 主要荣誉 %}", "{% for 荣誉 in 主要荣耀 %}"),
         ("|date }}）", "|dat }}）"),
         ("{{ m.section(h.存在不足, 存在不足) }}", "{{ m.section(h.存在不足, 存在不足, levle=1) }}"),
         ("{{ m.heading(1, h.主要荣誉) }}", "{.runni}\n# {{ h.主要荣誉 }}")]


def _typos_are_reported_as_the_guide_says(folder: Path, env: dict) -> None:
    text = guide()
    shown = re.search(r"^### 6\..*?^```text\n(.*?)^```", text, re.S | re.M).group(1).splitlines()
    assert len(shown) == len(TYPOS)
    body = folder / "my-templates" / "debriefing-report" / "body.md.j2"
    original = body.read_text(encoding="utf-8")
    for (right, wrong), expected in zip(TYPOS, shown, strict=True):
        assert right in original
        body.write_text(original.replace(right, wrong), encoding="utf-8")
        result = subprocess.run(["edureport", "templates", "check", "my-templates/debriefing-report"], cwd=folder,
                                env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 1 and result.stdout.splitlines()[0] == expected, result.stdout + result.stderr
    body.write_text(original, encoding="utf-8")


def test_every_filter_is_documented():
    text = guide()
    missing = [name for name in {**FILTERS, **SHAPING_FILTERS} if f"`{name}`" not in text and f"`{name}(" not in text]
    assert not missing, f"docs/template-authoring.md 缺少过滤器说明：{missing}"


def test_every_macro_is_documented():
    macros = re.findall(r"{%-?\s*macro\s+(\w+)\(", (ROOT / "templates/_base/macros.md.j2").read_text(encoding="utf-8"))
    text = guide()
    missing = [name for name in macros if f"`{name}(" not in text]
    assert macros and not missing, f"docs/template-authoring.md 缺少宏说明：{missing}"


def test_every_builtin_profile_is_documented():
    from edureport.styles.profile import available_profiles

    text = guide()
    assert all(f"`{name}`" in text for name in available_profiles())
