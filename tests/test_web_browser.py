"""edureport serve in a real headless browser (Debian's chromium driven by Playwright): flows 1–5.

Screenshots (1366×768) go to $EDUREPORT_SCREENSHOTS when set, otherwise to pytest's temporary folder.
"""
from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, open_docx
from web_server import running_server

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("EDUREPORT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT = 30_000


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="需要 Python 包 playwright（pip install -e '.[test]'）")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"找不到 chromium（{CHROMIUM}）：浏览器测试需要 apt install chromium")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server():
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("EDUREPORT_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, base_url=server,
                                  locale="zh-CN")
    context.set_default_timeout(TIMEOUT)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    yield opened
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def downloaded(page, click) -> tuple[str, bytes]:
    with page.expect_download() as info:
        click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in open_docx(content).paragraphs)


def preview_text(page) -> str:
    return page.frame_locator("#preview").locator("body").inner_text()


def upload(page, path_or_payload) -> None:
    page.goto("/upload")
    page.set_input_files("#file", path_or_payload)


# -- 1. 新建 ---------------------------------------------------------------------------------

def test_new_lists_templates_and_gives_the_blank_workbook(page, shots):
    from openpyxl import load_workbook

    page.goto("/new")
    assert page.locator("section.template").count() >= 4
    assert "学校、教育局年度工作总结" in page.locator("section[data-template=work-summary]").inner_text()
    page.screenshot(path=shots / "1-new.png")
    name, content = downloaded(page, lambda: page.click("section[data-template=work-summary] >> text=下载空白工作簿（Excel）"))
    assert name == "工作总结数据.xlsx"
    assert "基本信息" in load_workbook(io.BytesIO(content)).sheetnames


def test_form_fill_preview_download_passes_check(page, shots):
    from edureport.checker import check

    page.goto("/new/work-summary")
    page.wait_for_selector("form[data-ready='1']")
    page.click("#example")
    page.wait_for_selector("#status.ok")
    page.fill("[data-key=org]", "某某区网页测试小学")
    records = page.locator(".records[data-key=problems]")
    records.locator("button.add").first.click()
    records.locator(".record").last.locator("[data-key=title]").first.fill("网页表单新增的问题")
    page.click("#preview-button")
    page.wait_for_function("document.querySelector('#preview').srcdoc.includes('网页表单新增的问题')")
    assert "某某区网页测试小学" in preview_text(page)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=shots / "1-form.png")
    name, content = downloaded(page, lambda: page.click("#get-docx"))
    assert name == "某某区网页测试小学2024年工作总结.docx"
    text = docx_text(content)
    assert "某某区网页测试小学2024年工作总结" in text and "网页表单新增的问题" in text
    report = check(content)
    assert report.ok, report.format_text()


def test_form_checks_numbers_as_typed_and_saves_a_workbook_that_reopens(page):
    page.goto("/new/work-summary")
    page.wait_for_selector("form[data-ready='1']")
    page.click("#example")
    page.wait_for_selector("#status.ok")
    page.fill("[data-key=year]", "1800")
    assert "不能小于 1900" in page.locator(".field:has([data-key=year]) .why").inner_text()
    page.click("#preview-button")
    assert "请先修改" in page.locator("#status").inner_text()
    page.fill("[data-key=year]", "2025")
    name, content = downloaded(page, lambda: page.click("#save-xlsx"))
    assert name.endswith(".xlsx")
    page.click("#clear")
    assert page.input_value("[data-key=org]") == ""
    page.set_input_files("#open", {"name": name, "mimeType": "application/octet-stream", "buffer": content})
    page.wait_for_selector("#status.ok")
    assert page.input_value("[data-key=year]") == "2025"
    assert page.locator(".records[data-key=achievements] > .record").count() == 4


def test_form_adds_reorders_and_removes_items_sub_items_and_metrics(page):
    page.goto("/new/work-summary")
    page.wait_for_selector("form[data-ready='1']")
    page.fill("[data-key=org]", "某某区排序小学")
    page.fill("[data-key=year]", "2024")
    achievements = page.locator(".records[data-key=achievements]")
    for title in ("第一项", "第二项", "第三项"):
        achievements.locator(":scope > button.add").click()
        achievements.locator(":scope > .record").last.locator("[data-key=title]").first.fill(title)
    first = achievements.locator(":scope > .record").first
    first.locator(".records[data-key=items] > button.add").click()  # a 子项 under 第一项
    first.locator(".records[data-key=items] .record [data-key=title]").first.fill("第一项的子项")
    first.locator(".records[data-key=metrics] > button.add").first.click()
    metric = first.locator(".records[data-key=metrics] .record").first
    metric.locator("[data-key=name]").fill("新增学位")
    metric.locator("[data-key=value]").fill("2700")
    metric.locator("[data-key=unit]").fill("个")
    first.locator(":scope > .record-head button[title=下移]").click()  # 第一项 ↔ 第二项
    achievements.locator(":scope > .record").last.locator(":scope > .record-head button.remove").click()  # 第三项
    page.click("#preview-button")
    page.wait_for_selector("#status.ok")
    text = preview_text(page)
    assert text.index("第二项") < text.index("第一项") < text.index("第一项的子项")
    assert "第三项" not in text and "新增学位2700个" in text
    assert [t.split()[-1] for t in achievements.locator(":scope > .record > .record-head span").all_inner_texts()] == ["1", "2"]


# -- 2. 上传生成 ------------------------------------------------------------------------------

def _names_a_plan(path: Path) -> bool:
    return "依据方案:" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml") if not _names_a_plan(p)))
def test_upload_each_example_previews_and_downloads(page, shots, example):
    upload(page, EXAMPLES / example)
    page.wait_for_selector("#status.ok")
    title = page.locator("#status").inner_text()
    assert "数据检查通过" in title
    page.frame_locator("#preview").locator("h1.title").wait_for()
    if example == "school-summary.yaml":
        page.screenshot(path=shots / "2-upload.png")
    name, content = downloaded(page, lambda: page.click("#get-docx"))
    assert name.endswith(".docx") and name[: -len(".docx")] in docx_text(content).replace("\n", "")


def test_upload_of_a_summary_naming_a_plan_file_says_the_plan_is_missing(page):
    """An uploaded file comes alone: the plan it names beside it on the clerk's disk is not there."""
    example = next(p for p in sorted(EXAMPLES.glob("*.yaml")) if _names_a_plan(p))
    upload(page, example)
    page.wait_for_selector("#problems li")
    assert "依据的方案文件" in page.locator("#problems").inner_text()


def test_upload_gives_the_pdf_when_libreoffice_is_installed(page):
    from conftest import soffice_available

    if not soffice_available():
        pytest.skip("需要 LibreOffice（soffice）才能生成 PDF")
    upload(page, EXAMPLES / "work-points.yaml")
    page.wait_for_selector("#status.ok")
    with page.expect_download(timeout=120_000) as info:
        page.click("#get-pdf")
    assert info.value.suggested_filename.endswith(".pdf")
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")


def test_upload_with_errors_lists_them_by_cell_and_offers_nothing(page, shots, tmp_path):
    from openpyxl import load_workbook

    from edureport.web import services

    content, _ = services.starter(services.template("work-summary"), "xlsx")
    book = load_workbook(io.BytesIO(content))
    book["基本信息"]["B4"] = "明年"
    book["基本信息"]["B3"] = None
    bad = tmp_path / "有错误的数据.xlsx"
    book.save(bad)
    upload(page, bad)
    page.wait_for_selector("#status.error")
    problems = page.locator("#problems li.error").all_inner_texts()
    assert any("基本信息!B4" in p and "整数" in p for p in problems), problems
    assert any("基本信息" in p and "单位" in p for p in problems), problems
    assert page.locator("#downloads").is_hidden()
    assert "数据检查通过后" in preview_text(page)
    page.screenshot(path=shots / "2-upload-errors.png")


# -- 3. 批量 ---------------------------------------------------------------------------------

def test_batch_shows_progress_results_and_one_zip(page, shots):
    from openpyxl import load_workbook

    units = load_workbook(EXAMPLES / "batch-schools.xlsx")["基本信息"].max_row - 1
    page.goto("/batch")
    page.set_input_files("#file", EXAMPLES / "batch-schools.xlsx")
    page.wait_for_selector("#zip:not([hidden])")
    assert page.locator("#progress-text").inner_text() == f"已完成 {units} / {units}"
    rows = page.locator("#results tbody tr")
    assert rows.count() == units
    page.screenshot(path=shots / "3-batch.png")
    name, content = downloaded(page, lambda: page.click("#zip"))
    assert name == "batch-schools-生成结果.zip"
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    ok = page.locator("#results td.ok").count()
    assert len([n for n in names if n.endswith(".docx")]) == ok and "生成结果.xlsx" in names


def test_batch_can_be_cancelled(page, tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(EXAMPLES / "batch-schools.xlsx")
    basic = book["基本信息"]
    template = [cell.value for cell in basic[2]]
    for number in range(400):  # enough units that the batch is still running when 取消 is pressed
        basic.append([f"某某区第{number}小学"] + template[1:])
    big = tmp_path / "大批量.xlsx"
    book.save(big)
    page.goto("/batch")
    page.set_input_files("#file", big)
    page.wait_for_function("document.querySelector('#progress-text').textContent.startsWith('已完成 ') && "
                           "!document.querySelector('#progress-text').textContent.startsWith('已完成 0 /')")
    page.click("#cancel")
    page.wait_for_selector("#status:has-text('已取消')")
    assert page.locator("#zip").is_hidden() and page.locator("#cancel").is_hidden()


# -- 4. 检查 ---------------------------------------------------------------------------------

def test_check_groups_findings_by_page_element(page, shots, tmp_path):
    from edureport.pipeline import render

    document = open_docx(render(EXAMPLES / "school-summary.yaml"))
    for run in document.paragraphs[0].runs:  # the title in the wrong size
        run.font.size = 203200  # 16 pt in EMU
    path = tmp_path / "改过的总结.docx"
    document.save(path)
    page.goto("/check")
    page.set_input_files("#file", path)
    page.wait_for_selector("#report .group")
    assert "改过的总结.docx" in page.locator("#status").inner_text()
    groups = page.locator("#report .group h2").all_inner_texts()
    assert any(g.startswith("标题") for g in groups), groups
    page.wait_for_selector("#correct-box:not([hidden])")
    page.screenshot(path=shots / "4-check.png")
    from edureport.checker import check as check_document

    name, content = downloaded(page, lambda: page.click("#correct"))  # `edureport format` on the page
    assert name.endswith(".docx") and not check_document(content).errors


# -- 5. 样式 ---------------------------------------------------------------------------------

def test_style_switch_changes_the_preview(page, shots):
    upload(page, EXAMPLES / "bureau-plan.yaml")
    page.wait_for_selector("#status.ok")
    page.wait_for_function("document.querySelector('#preview').srcdoc.length > 1000")
    assert "redhead" not in page.eval_on_selector("#preview", "f => f.srcdoc").split("<body>")[1]
    page.check("input[name=style][value=gbt9704-redhead]")
    page.frame_locator("#preview").locator("p.redhead").wait_for()
    page.screenshot(path=shots / "5-style-redhead.png")
    page.check("input[name=style][value=zh-hant]")
    page.wait_for_function("document.querySelector('#preview').srcdoc.includes('標楷體')")
