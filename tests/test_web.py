"""edureport serve without a browser: the API, hostile requests, and what is left on disk."""
from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, open_docx
from starlette.testclient import TestClient
from web_server import free_port

from edureport.web.app import WebSettings, create_app

SUMMARY = EXAMPLES / "school-summary.yaml"


@pytest.fixture
def spool(tmp_path) -> Path:
    return tmp_path / "spool"


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """Where request folders go: checked empty after each test that uses it."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def client(**settings) -> TestClient:
    return TestClient(create_app(WebSettings(**settings)), base_url="http://127.0.0.1")


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in open_docx(content).paragraphs)


def upload(c: TestClient, action: str, name: str, content: bytes, **data):
    return c.post(f"/api/upload/{action}", files={"file": (name, content)}, data=data)


def test_every_page_is_served_and_uses_only_its_own_assets():
    c = client()
    for path in ("/", "/new", "/new/work-summary", "/upload", "/batch", "/check"):
        response = c.get(path)
        assert response.status_code == 200, path
        assert "http://" not in response.text and "https://" not in response.text, path
    static = Path(__file__).resolve().parent.parent / "edureport" / "web" / "static"
    for asset in static.iterdir():
        assert "http://" not in asset.read_text() and "https://" not in asset.read_text(), asset.name
        assert c.get(f"/static/{asset.name}").status_code == 200


def test_upload_check_then_docx_named_from_the_title(scratch):
    c = client()
    report = upload(c, "check", "学校.yaml", SUMMARY.read_bytes()).json()
    assert report["ok"] and report["template"] == "工作总结"
    assert report["filename"] == "某某区第一实验小学2024年工作总结.docx"
    assert "某某区第一实验小学2024年工作总结" in report["preview"]
    response = upload(c, "docx", "学校.yaml", SUMMARY.read_bytes())
    assert "filename*=UTF-8''%E6%9F%90" in response.headers["content-disposition"]
    assert "某某区第一实验小学2024年工作总结" in docx_text(response.content)
    assert list(scratch.iterdir()) == []  # every request folder removed


def test_problems_use_the_validate_wording_and_the_users_file_name():
    bad = "文种: 工作总结\n单位: 某小学\n年度: 明年\n".encode()
    report = upload(client(), "check", "我的数据.yaml", bad).json()
    assert not report["ok"] and "preview" not in report
    assert report["problems"][0]["text"].startswith("我的数据.yaml:3:5：“年度”不是数字")
    assert "edureport-upload" not in json.dumps(report, ensure_ascii=False)
    refused = upload(client(), "docx", "我的数据.yaml", bad)
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("application/json")


def test_oversize_upload_is_refused_in_chinese_and_the_server_keeps_serving():
    c = client(max_upload=1024 * 1024)
    response = upload(c, "check", "大.yaml", b"#" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert "文件太大：网页上传最多 1 MB" in response.json()["message"]
    assert upload(c, "check", "学校.yaml", SUMMARY.read_bytes()).json()["ok"]


def test_oversize_upload_without_a_length_header_is_stopped_while_reading():
    c = client(max_upload=1024 * 1024)
    boundary = "b0undary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.yaml\"\r\n\r\n").encode()

    def body():
        yield head
        for _ in range(40):
            yield b"#" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    response = c.post("/api/upload/check", content=body(),
                      headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413 and "文件太大" in response.json()["message"]


@pytest.mark.parametrize("name", ["病毒.exe", "数据.txt", "没有扩展名", "表格.xls.exe"])
def test_wrong_file_types_are_named_and_refused(name):
    response = upload(client(), "check", name, b"whatever")
    assert response.status_code == 422
    assert "不支持的文件类型" in response.json()["problems"][0]["text"]


def test_a_path_like_name_never_becomes_a_path(scratch):
    c = client()
    text = SUMMARY.read_text(encoding="utf-8").replace("年度: 2024", "年度: 明年")
    report = upload(c, "check", "../../x.yaml", text.encode()).json()
    assert report["problems"][0]["location"].startswith("x.yaml:")  # shown without its folders
    report = upload(c, "check", "..\\..\\..\\etc\\passwd.yaml", b"a: [").json()
    assert report["problems"][0]["location"].startswith("passwd.yaml")
    assert not (scratch.parent / "x.yaml").exists() and not (scratch / "x.yaml").exists()
    assert list(scratch.iterdir()) == []


def test_a_zip_bomb_is_refused_and_the_server_keeps_serving():
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    c = client()
    response = upload(c, "check", "炸弹.xlsx", package.getvalue())
    assert response.status_code == 422
    assert "压缩炸弹" in response.json()["problems"][0]["text"]
    assert c.post("/api/check", files={"file": ("炸弹.docx", package.getvalue())}).status_code == 422
    assert upload(c, "check", "学校.yaml", SUMMARY.read_bytes()).json()["ok"]


def test_a_broken_template_gives_a_chinese_message_and_the_server_keeps_serving(tmp_path):
    folder = tmp_path / "templates" / "broken"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text("id: broken\nname: 坏模板\nbody: body.md.j2\n", encoding="utf-8")
    (folder / "body.md.j2").write_text("{{ org.missing.deeper }}\n", encoding="utf-8")
    (folder / "example.yaml").write_text("文种: 坏模板\n单位: 某小学\n", encoding="utf-8")
    (folder / "template.yaml").write_text("id: broken\nname: 坏模板\nbody: body.md.j2\nexample: example.yaml\n",
                                          encoding="utf-8")
    with client(templates_dirs=(str(tmp_path / "templates"),)) as c:  # starting up (warm-up included) still works
        response = upload(c, "check", "数据.yaml", "文种: 坏模板\n单位: 某小学\n".encode())
        assert response.status_code == 500
        assert response.json()["message"].startswith("模板出错，未生成文件：")
        assert upload(c, "check", "学校.yaml", SUMMARY.read_bytes()).json()["ok"]


def test_a_lan_bind_needs_the_token():
    c = TestClient(create_app(WebSettings(host="0.0.0.0", token="s3cret")), base_url="http://192.168.1.5:8765")
    assert c.get("/").status_code == 401 and "需要访问口令" in c.get("/").text
    assert c.get("/?token=wrong").status_code == 401
    assert upload(c, "check", "学校.yaml", SUMMARY.read_bytes()).status_code == 401
    entered = c.get("/upload?token=s3cret", follow_redirects=False)
    assert entered.status_code == 303 and entered.headers["location"] == "/upload"
    assert c.get("/upload").status_code == 200  # the cookie from the link
    fresh = TestClient(create_app(WebSettings(host="0.0.0.0", token="s3cret")), base_url="http://192.168.1.5:8765")
    response = fresh.post("/api/upload/check", files={"file": ("学校.yaml", SUMMARY.read_bytes())},
                          headers={"X-Edureport-Token": "s3cret"})
    assert response.json()["ok"]


def test_serve_on_a_lan_address_generates_and_prints_a_token(monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from edureport.cli import app

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: started.update(kwargs))
    monkeypatch.delenv("EDUREPORT_WEB_TOKEN", raising=False)
    port = str(free_port())  # the default 8765 may be taken on a shared machine
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--no-browser", "--workers", "3", "--port", port])
    assert result.exit_code == 0, result.output
    token = WebSettings.from_environment().token
    assert token and f"访问口令：{token}" in result.output and started["workers"] == 3
    monkeypatch.setenv("EDUREPORT_WEB_TOKEN", "")
    result = CliRunner().invoke(app, ["serve", "--no-browser", "--port", port])
    assert "访问口令" not in result.output and WebSettings.from_environment().token is None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    assert 1 <= started["workers"] <= min(cores, 4)  # one process per core by default: ten users share all cores
    if cores >= 2:
        assert started["workers"] >= 2


def test_serve_on_a_port_in_use_says_so_in_chinese():
    import socket

    from typer.testing import CliRunner

    from edureport.cli import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--no-browser", "--port", str(port)])
    assert result.exit_code == 2
    assert f"无法在 127.0.0.1:{port} 上启动网页版" in result.output and "--port 8766" in result.output


def test_a_loopback_server_refuses_other_host_names():
    c = TestClient(create_app(WebSettings()), base_url="http://evil.example")
    assert c.get("/").status_code == 400


def test_only_the_shipped_styles_are_accepted():
    response = upload(client(), "check", "学校.yaml", SUMMARY.read_bytes(), style="../../etc/x")
    assert response.status_code == 422 and "未知的样式" in response.json()["problems"][0]["text"]


def test_blank_workbook_and_schema_for_each_template():
    c = client()
    for template in c.get("/api/schema/work-summary").json()["fields"]:
        assert template["label"]
    response = c.get("/download/implementation-plan/xlsx")
    assert response.status_code == 200 and zipfile.is_zipfile(io.BytesIO(response.content))
    assert "实施方案" in c.get("/download/实施方案/yaml").text
    assert c.get("/download/work-summary/exe").status_code == 404
    assert c.get("/download/不存在/xlsx").status_code == 422


def test_form_data_saved_as_yaml_and_xlsx_reopen_with_the_same_document():
    c = client()
    schema = c.get("/api/schema/work-summary").json()
    data = dict(schema["example"], org="某某区表单小学")
    body = {"template": "work-summary", "style": "", "data": data}
    first = c.post("/api/form/docx", json=body)
    assert "某某区表单小学2024年工作总结" in docx_text(first.content)
    for kind in ("yaml", "xlsx"):
        saved = c.post(f"/api/form/{kind}", json=body)
        assert saved.status_code == 200, saved.text
        reopened = c.post("/api/open", files={"file": (f"存档.{kind}", saved.content)}).json()
        assert reopened["template"] == "work-summary" and reopened["data"]["org"] == "某某区表单小学"
        again = c.post("/api/form/docx", json={**body, "data": reopened["data"]})
        assert docx_text(again.content) == docx_text(first.content)


def test_form_problems_name_the_place_with_the_forms_labels():
    metric = {"name": "新增学位", "value": -1}
    body = {"template": "work-summary", "data": {"org": "某小学", "year": 1800,
                                                 "achievements": [{"title": "一"}, {"title": "二", "metrics": [metric]}]}}
    texts = [p["text"] for p in client().post("/api/form/check", json=body).json()["problems"]]
    assert texts[0].startswith("表单 年度：“年度”超出允许范围（应为：1900～2200 之间的整数")
    assert texts[1].startswith("表单 主要成绩第2项 › 指标第1项 › 数值：“数值”超出允许范围")
    assert client().post("/api/form/check", content=b"not json").status_code == 422


def test_batch_streams_progress_and_keeps_one_zip_until_downloaded(spool, scratch):
    c = client(spool=spool)
    with c.stream("POST", "/api/batch", files={"file": ("学校.xlsx", (EXAMPLES / "batch-schools.xlsx").read_bytes())}) as r:
        events = [json.loads(line) for line in r.iter_lines() if line.strip()]
    assert events[0]["event"] == "start" and events[-1]["event"] == "done"
    assert [e["done"] for e in events if e["event"] == "progress"][-1] == events[0]["total"]
    done = events[-1]
    archive = zipfile.ZipFile(io.BytesIO(c.get(done["download"]).content))
    assert sorted(n for n in archive.namelist() if n.endswith(".docx")) == sorted(r["detail"] for r in done["results"])
    assert "生成结果.xlsx" in archive.namelist()
    assert list(scratch.iterdir()) == []  # the request folder went with the stream
    assert c.get("/api/batch/not-a-key").status_code == 404
    assert c.get("/api/batch/AAAAAAAAAAAAAAAAAAAAAAAA").status_code == 404


def test_batch_refuses_a_yaml_file_and_a_workbook_without_units():
    c = client()
    response = c.post("/api/batch", files={"file": ("学校.yaml", SUMMARY.read_bytes())})
    assert response.status_code == 422 and "不支持的文件类型" in response.json()["problems"][0]["text"]


def test_check_groups_by_page_element_and_refuses_other_files():
    from edureport.pipeline import render

    c = client()
    report = c.post("/api/check", files={"file": ("总结.docx", render(SUMMARY))}).json()
    assert report["ok"] and report["summary"].startswith("总结.docx：") and report["can_correct"] is True
    response = c.post("/api/check", files={"file": ("总结.docx", b"PK\x03\x04 not really")})
    assert response.status_code == 422 and "总结.docx" in response.json()["problems"][0]["text"]


@pytest.mark.slow
def test_pdf_download_named_from_the_title():
    from conftest import soffice_available

    if not soffice_available():
        pytest.skip("需要 LibreOffice（soffice）才能生成 PDF")
    response = upload(client(), "pdf", "学校.yaml", SUMMARY.read_bytes())
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"%PDF")
    assert "filename*=UTF-8''%E6%9F%90" in response.headers["content-disposition"]
    assert response.headers["content-disposition"].endswith(".pdf")


def test_a_cancelled_batch_stops_after_the_slice_it_is_in(tmp_path):
    from edureport.web import services

    plan = services.plan_batch(EXAMPLES / "batch-schools.xlsx", tmp_path / "out", "学校.xlsx")
    assert plan.total >= 3
    looks: list[int] = []

    def cancelled() -> bool:  # the page pressed 取消 while the first slice was rendering
        looks.append(1)
        return len(looks) > 1

    results = services.run_batch_slices(plan, None, (), 1, 1, cancelled, lambda n: None)
    assert len(results) == 1 and results[0].ok
    assert [p.name for p in (tmp_path / "out").iterdir()] == [Path(results[0].target).name]


def test_a_bad_unit_in_a_batch_is_reported_and_the_others_are_in_the_zip(tmp_path, spool):
    from openpyxl import load_workbook

    book = load_workbook(EXAMPLES / "batch-schools.xlsx")
    book["基本信息"]["C3"] = "明年"  # 某某区第二实验小学's 年度
    bad = tmp_path / "有一个单位出错.xlsx"
    book.save(bad)
    c = client(spool=spool)
    with c.stream("POST", "/api/batch", files={"file": (bad.name, bad.read_bytes())}) as r:
        done = [json.loads(line) for line in r.iter_lines() if line.strip()][-1]
    assert done["event"] == "done" and done["failed"] == 1 and done["ok"] == done["total"] - 1
    failed = next(row for row in done["results"] if not row["ok"])
    assert failed["unit"] == "某某区第二实验小学" and failed["status"] == "数据有误" and "基本信息!C3" in failed["detail"]
    archive = zipfile.ZipFile(io.BytesIO(c.get(done["download"]).content))
    assert "某某区第二实验小学.docx" not in archive.namelist()
    assert len([n for n in archive.namelist() if n.endswith(".docx")]) == done["ok"]
    table = load_workbook(io.BytesIO(archive.read("生成结果.xlsx")))["生成结果"]
    assert ["某某区第二实验小学", "数据有误"] in [[row[0], row[1]] for row in table.iter_rows(values_only=True)]


def test_malformed_requests_get_chinese_answers():
    c = client()
    two = c.post("/api/upload/check", files=[("file", ("a.yaml", b"a: 1")), ("file", ("b.yaml", b"b: 2"))])
    assert two.status_code == 400 and two.json()["message"].startswith("上传的内容无法读取")
    assert "没有收到文件" in c.post("/api/upload/check", json={"x": 1}).json()["problems"][0]["text"]
    assert c.get("/api/upload/check").json()["message"].startswith("不支持这种请求方式")
    assert c.get("/api/nothing").json()["message"] == "没有这个功能地址"
    missing = c.get("/new/不存在的文种")
    assert missing.status_code == 404 and "找不到模板“不存在的文种”" in missing.text and "<html" in missing.text


def test_advice_meant_for_the_command_line_points_to_the_page():
    c = client()
    report = c.post("/api/upload/check", files={"file": ("批量.xlsx", (EXAMPLES / "batch-schools.xlsx").read_bytes())}).json()
    assert "请到“批量”页面为每个单位各生成一份文件" in report["problems"][0]["text"]
    report = c.post("/api/upload/check", files={"file": ("无文种.yaml", "单位: 某小学\n".encode())}).json()
    assert "没有指定文种" in report["problems"][0]["text"] and "-t" not in report["problems"][0]["text"]


def test_unit_names_in_a_batch_never_become_paths(tmp_path, spool, scratch):
    from openpyxl import load_workbook

    book = load_workbook(EXAMPLES / "batch-schools.xlsx")
    old = book["基本信息"]["A2"].value
    for sheet in book.worksheets:  # rename the unit everywhere it is named
        for row in sheet.iter_rows():
            if row[0].value == old:
                row[0].value = "../../逃出去/evil"
    hostile = tmp_path / "hostile.xlsx"
    book.save(hostile)
    c = client(spool=spool)
    with c.stream("POST", "/api/batch", files={"file": (hostile.name, hostile.read_bytes())}) as r:
        done = [json.loads(line) for line in r.iter_lines() if line.strip()][-1]
    assert done["ok"] == done["total"]
    names = zipfile.ZipFile(io.BytesIO(c.get(done["download"]).content)).namelist()
    assert all("/" not in n and "\\" not in n and not n.startswith(".") for n in names), names
    assert not (tmp_path / "逃出去").exists() and not (scratch.parent / "逃出去").exists()


def test_check_offers_a_corrected_copy_that_passes_check():
    """检查 → 下载排版后的文件: the Word reader re-sets a hand-typed draft as a 公文."""
    import docx

    from edureport.checker import check as check_document

    draft = docx.Document()
    for text in ("某某小学2024年工作总结", "一、主要工作", "今年,我们开展了活动36场,覆盖全体学生。", "二、存在问题", "师资仍显不足。"):
        draft.add_paragraph(text)
    buffer = io.BytesIO()
    draft.save(buffer)
    c = client()
    assert check_document(buffer.getvalue()).errors  # the draft is not a 公文 yet
    response = c.post("/api/check", files={"file": ("草稿.docx", buffer.getvalue())}, data={"correct": "1"})
    assert response.status_code == 200
    assert not check_document(response.content).errors
    assert "今年，我们开展了活动36场，覆盖全体学生。" in docx_text(response.content)
