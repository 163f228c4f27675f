"""The pages (server-rendered Jinja); what they do happens in static/*.js against the /api routes."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from edureport.core.errors import InputError
from edureport.web import services
from edureport.web.responses import HERE

SECTIONS = [  # (path, label, what it does)
    ("/new", "新建", "选择文种，下载空白工作簿，或直接在网页上填写"),
    ("/upload", "上传生成", "上传填好的 Excel / YAML，查看问题和预览，下载 Word"),
    ("/batch", "批量", "一个工作簿里有多个单位：每个单位生成一份，打包下载"),
    ("/check", "检查", "检查任意 Word 文件是否符合公文格式"),
]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def page(request: Request, name: str, **context) -> HTMLResponse:
    settings = request.app.state.settings
    html = environment().get_template(name).render(
        sections=SECTIONS, current=request.url.path, styles=services.style_names(),
        max_upload_mb=settings.max_upload / 1024 / 1024, **context)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


def download(content: bytes, name: str, media_type: str) -> Response:
    """A file download named in Chinese (RFC 6266), with a plain fallback for old browsers."""
    fallback = "document" + name[name.rfind("."):] if "." in name else "document"
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition,
                                                             "Cache-Control": "no-store"})


async def home(request: Request) -> Response:
    dirs = request.app.state.settings.templates_dirs
    templates = await run_in_threadpool(services.template_list, dirs)
    return page(request, "home.html", templates=templates)


async def new(request: Request) -> Response:
    dirs = request.app.state.settings.templates_dirs
    templates = await run_in_threadpool(services.template_list, dirs)
    return page(request, "new.html", templates=templates)


async def form(request: Request) -> Response:
    try:
        spec = await run_in_threadpool(services.template, request.path_params["template"],
                                       request.app.state.settings.templates_dirs)
    except InputError as exc:
        response = page(request, "message.html", heading="找不到这个文种", message=str(exc))
        response.status_code = 404
        return response
    return page(request, "form.html", spec=spec)


async def upload(request: Request) -> Response:
    return page(request, "upload.html", pdf=await run_in_threadpool(services.pdf_available))


async def batch(request: Request) -> Response:
    return page(request, "batch.html")


async def check(request: Request) -> Response:
    return page(request, "check.html", can_correct=services.corrector() is not None)


def routes() -> list[Route]:
    return [Route("/", home), Route("/new", new), Route("/new/{template}", form), Route("/upload", upload),
            Route("/batch", batch), Route("/check", check)]
