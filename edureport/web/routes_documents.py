"""One document at a time: blank workbooks, the form, uploads, and 检查."""
from __future__ import annotations

import asyncio
import json
import threading

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from edureport.core.errors import InputError, Problem
from edureport.web import services
from edureport.web.pages import download
from edureport.web.responses import error_response
from edureport.web.uploads import DATA_KINDS, WORD_KINDS, RequestFolder, request_folder, save_upload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA = {"docx": DOCX, "pdf": "application/pdf", "xlsx": XLSX, "yaml": "application/x-yaml; charset=utf-8"}
DATA_FILE = "填好的数据文件（.xlsx、.yaml 或 .json）"
MAX_FORM_JSON = 5 * 1024 * 1024


def _rows(problems, severity: str) -> list[dict]:
    return [{"severity": severity, "text": p.format(), "location": p.location} for p in problems]


def _settings(request: Request):
    return request.app.state.settings


async def starter(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in ("xlsx", "yaml"):
        return error_response(404, "只能下载 xlsx 或 yaml 格式")
    spec = await run_in_threadpool(services.template, request.path_params["template"], _settings(request).templates_dirs)
    content, name = await run_in_threadpool(services.starter, spec, kind)
    return download(content, name, MEDIA[kind])


async def schema(request: Request) -> Response:
    spec = await run_in_threadpool(services.template, request.path_params["template"], _settings(request).templates_dirs)
    return JSONResponse(await run_in_threadpool(services.form_schema, spec))


async def _pdf_until_the_page_leaves(request: Request, rendered, folder: RequestFolder) -> Response:
    """LibreOffice takes seconds: when the page goes away (取消, closed tab) it is stopped, not left running."""
    gone = threading.Event()

    async def watch() -> None:
        while not gone.is_set():
            if await request.is_disconnected():
                gone.set()
                return
            await asyncio.sleep(0.5)

    watcher = asyncio.ensure_future(watch())
    try:
        return download(*await run_in_threadpool(services.pdf, rendered, folder.path, gone.is_set), MEDIA["pdf"])
    finally:
        gone.set()
        watcher.cancel()


async def _answer(request: Request, outcome: services.Outcome, action: str, folder: RequestFolder) -> Response:
    """``check``: problems and preview as JSON; ``docx``/``pdf``: the file, only when nothing is wrong
    (the preview and the .docx were made with the outcome, see ``services.examine_for``)."""
    if not outcome.ok:
        message = f"发现 {len(outcome.problems)} 处错误，请修改后再生成" if outcome.problems else "数据有误，未生成文件"
        response = error_response(422, message, outcome.problems, outcome.warnings)
        if action == "check":  # the page lists the problems; nothing to download
            body = json.loads(response.body)
            body.update(template=outcome.template_name)
            return JSONResponse(body)
        return response
    if action == "docx":
        return download(*outcome.made, DOCX)
    if action == "pdf":
        return await _pdf_until_the_page_leaves(request, outcome.rendered, folder)
    return JSONResponse({"ok": True, "template": outcome.template_name, "title": outcome.title,
                         "filename": services.docx_name(outcome.rendered), "problems": [],
                         "warnings": _rows(outcome.warnings, "warning"), "preview": outcome.made,
                         "message": "数据检查通过" + (f"，另有 {len(outcome.warnings)} 条提示" if outcome.warnings else "")
                                    + "，可以下载"})


async def from_upload(request: Request) -> Response:
    action = request.path_params["action"]
    if action not in ("check", "docx", "pdf"):
        return error_response(404, "没有这个功能地址")
    settings = _settings(request)
    async with request_folder() as folder:
        async with request.form(max_files=1, max_fields=10) as form:
            stored, shown = await save_upload(form.get("file"), folder.path, DATA_KINDS, DATA_FILE, settings.max_upload)
            style = services.check_style(str(form.get("style") or "") or None)
        outcome = await run_in_threadpool(services.examine_for, action, stored, style, shown, settings.templates_dirs)
        return await _answer(request, outcome, action, folder)


async def _form_body(request: Request) -> tuple:
    raw = await request.body()
    if len(raw) > MAX_FORM_JSON:
        raise InputError(Problem("表单内容太多", suggestion="请把数据拆成几个文件"))
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise InputError(Problem("表单内容无法读取", suggestion="请刷新页面后重试")) from None
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise InputError(Problem("表单内容无法读取", suggestion="请刷新页面后重试"))
    spec = await run_in_threadpool(services.template, str(body.get("template") or ""), _settings(request).templates_dirs)
    return spec, data, services.check_style(body.get("style") or None)


async def from_form(request: Request) -> Response:
    action = request.path_params["action"]
    if action not in ("check", "docx", "pdf", "xlsx", "yaml"):
        return error_response(404, "没有这个功能地址")
    spec, data, style = await _form_body(request)
    if action in ("xlsx", "yaml"):
        return download(*await run_in_threadpool(services.form_file, spec, data, action), MEDIA[action])
    async with request_folder() as folder:
        outcome = await run_in_threadpool(services.examine_for, action, {**data, "template": spec.id}, style, "表单",
                                          _settings(request).templates_dirs, spec.id)
        return await _answer(request, outcome, action, folder)


async def open_in_form(request: Request) -> Response:
    """A saved .xlsx/.yaml back into the form (its data as the form holds them)."""
    settings = _settings(request)
    async with request_folder() as folder:
        async with request.form(max_files=1, max_fields=10) as form:
            stored, shown = await save_upload(form.get("file"), folder.path, DATA_KINDS, DATA_FILE, settings.max_upload)
        outcome = await run_in_threadpool(services.examine, stored, None, shown, settings.templates_dirs)
        if not outcome.ok:
            return error_response(422, "这个文件有错误，无法在表单中打开；请用“上传生成”查看问题", outcome.problems,
                                  outcome.warnings)
        return JSONResponse({"ok": True, "template": outcome.template_id, "data": services.plain(outcome.rendered.data)})


async def check(request: Request) -> Response:
    settings = _settings(request)
    async with request_folder() as folder:
        async with request.form(max_files=1, max_fields=10) as form:
            stored, shown = await save_upload(form.get("file"), folder.path, WORD_KINDS, "Word 文件（.docx）",
                                              settings.max_upload)
            style = services.check_style(str(form.get("style") or "") or None)
            correct = form.get("correct") == "1"
        if correct:
            return download(*await run_in_threadpool(services.corrected_copy, stored, style), DOCX)
        report = await run_in_threadpool(services.check_docx, stored, style, shown)
        report["can_correct"] = services.corrector() is not None
        return JSONResponse(report)


def routes() -> list[Route]:
    return [Route("/download/{template}/{kind}", starter), Route("/api/schema/{template}", schema),
            Route("/api/upload/{action}", from_upload, methods=["POST"]),
            Route("/api/form/{action}", from_form, methods=["POST"]),
            Route("/api/open", open_in_form, methods=["POST"]),
            Route("/api/check", check, methods=["POST"])]
