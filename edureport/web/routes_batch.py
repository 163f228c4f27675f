"""批量: the progress is streamed in the response itself (one JSON line per event), so it needs
no state shared between worker processes; closing the page or pressing 取消 ends the stream,
and the units not yet started are not rendered. The finished .zip waits in the spool folder
under a random name until it is downloaded (or an hour has passed)."""
from __future__ import annotations

import asyncio
import json
import re
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from edureport.output import safe_filename
from edureport.web import services
from edureport.web.pages import download
from edureport.web.responses import error_response
from edureport.web.uploads import WORKBOOK_KINDS, save_upload

KEEP_SECONDS = 3600
SLICE = 16  # units rendered between two looks at the cancel flag
_ZIP_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _line(event: dict) -> bytes:
    return (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8")


def forget_old(spool: Path, now: float | None = None) -> None:
    now = now or time.time()
    for path in spool.glob("*.zip"):
        try:
            if now - path.stat().st_mtime > KEEP_SECONDS:
                path.unlink()
        except OSError:
            pass


async def start(request: Request) -> Response:
    settings = request.app.state.settings
    folder = Path(tempfile.mkdtemp(prefix="edureport-web-"))
    handed_over = False
    try:
        async with request.form(max_files=1, max_fields=10) as form:
            stored, shown = await save_upload(form.get("file"), folder, WORKBOOK_KINDS, "批量工作簿（.xlsx）",
                                              settings.max_upload)
            style = services.check_style(str(form.get("style") or "") or None)
        plan = await run_in_threadpool(services.plan_batch, stored, folder / "out", shown, settings.templates_dirs)
        handed_over = True
        return StreamingResponse(_progress(plan, style, settings, folder, shown),
                                 media_type="application/x-ndjson", headers={"Cache-Control": "no-store",
                                                                            "X-Accel-Buffering": "no"})
    finally:
        if not handed_over:
            shutil.rmtree(folder, ignore_errors=True)


async def _progress(plan, style, settings, folder: Path, shown: str):
    loop = asyncio.get_running_loop()
    events: asyncio.Queue = asyncio.Queue()
    cancel = threading.Event()

    def advance(count: int) -> None:
        loop.call_soon_threadsafe(events.put_nowait, count)

    def work():
        results = services.run_batch_slices(plan, style, settings.templates_dirs, settings.batch_workers, SLICE,
                                            cancel.is_set, advance)
        if cancel.is_set():
            return None
        settings.spool.mkdir(parents=True, exist_ok=True)
        forget_old(settings.spool)
        key = secrets.token_urlsafe(18)
        staging = settings.spool / f".{key}.part"
        services.batch_zip(results, plan.stray_rows, staging)
        staging.replace(settings.spool / f"{key}.zip")
        return results, key

    task = asyncio.ensure_future(asyncio.to_thread(work))
    try:
        yield _line({"event": "start", "total": plan.total, "template": plan.template_name})
        done = 0
        while not task.done():
            try:
                done += await asyncio.wait_for(events.get(), timeout=0.5)
            except asyncio.TimeoutError:
                continue
            yield _line({"event": "progress", "done": done, "total": plan.total})
        try:
            results, key = task.result()
        except Exception as exc:  # the zip could not be written (disk full …): say so, keep serving
            yield _line({"event": "error", "message": f"未能完成：{type(exc).__name__}: {exc}"})
            return
        ok = sum(1 for r in results if r.ok)
        name = safe_filename(Path(shown).stem + "-生成结果", suffix=".zip")
        rows = [services.result_row(r) for r in results]
        rows += [{"unit": p.location, "ok": False, "status": "无法归属", "detail": p.format(), "warnings": []}
                 for p in plan.stray_rows]
        yield _line({"event": "done", "total": len(results), "ok": ok, "failed": len(results) - ok, "results": rows,
                     "download": f"/api/batch/{key}?name={name}"})
    finally:
        cancel.set()  # the page went away or pressed 取消: units not started are skipped
        if task.done():
            shutil.rmtree(folder, ignore_errors=True)
        else:
            task.add_done_callback(lambda _: shutil.rmtree(folder, ignore_errors=True))


async def fetch(request: Request) -> Response:
    key = request.path_params["key"]
    if not _ZIP_ID.match(key):
        return error_response(404, "没有这个结果文件")
    path = request.app.state.settings.spool / f"{key}.zip"
    if not path.is_file():
        return error_response(404, "结果文件已过期或已被清理（保留一小时），请重新批量生成")
    name = safe_filename(request.query_params.get("name") or "批量生成结果", suffix="")
    if not name.endswith(".zip"):
        name += ".zip"
    return download(await run_in_threadpool(path.read_bytes), name, "application/zip")


def routes() -> list[Route]:
    return [Route("/api/batch", start, methods=["POST"]), Route("/api/batch/{key}", fetch)]
