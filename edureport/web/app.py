"""The web application: ``edureport serve`` runs it with uvicorn.

Stateless between requests: every request works in its own temporary folder,
removed when it is answered; the only thing kept after a response is a batch's
.zip, in a shared folder under a random name, until it is downloaded or an hour
has passed — so any number of worker processes can answer any request.
"""
from __future__ import annotations

import contextlib
import gc
import ipaddress
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from edureport.core.errors import EdureportError, InputError, TemplateError
from edureport.web.responses import HERE, error_response
from edureport.web.uploads import DEFAULT_LIMIT, UploadTooLarge, too_large_message

TOKEN_COOKIE = "edureport_token"
MOST_DEFAULT_WORKERS = 4  # enough for an office of users; each process holds about 170 MB
TOKEN_HEADER = "x-edureport-token"
MULTIPART_OVERHEAD = 64 * 1024  # form fields and boundaries around the file itself


@dataclass
class WebSettings:
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    max_upload: int = DEFAULT_LIMIT
    templates_dirs: tuple[str, ...] = ()
    spool: Path = field(default_factory=lambda: Path(os.environ.get("EDUREPORT_WEB_SPOOL") or
                                                     Path(tempfile.gettempdir()) / "edureport-web-results"))
    batch_workers: int = 1  # per request; the server's --workers gives the parallelism across users
    warm_up: bool = True  # render each example once at start-up
    own_process: bool = False  # the server is all this process does (edureport serve): its collector is tuned

    def to_environment(self) -> dict[str, str]:
        """For worker processes started by uvicorn (``--workers N``), which rebuild the app from these."""
        return {"EDUREPORT_WEB_HOST": self.host, "EDUREPORT_WEB_PORT": str(self.port),
                "EDUREPORT_WEB_TOKEN": self.token or "", "EDUREPORT_WEB_MAX_UPLOAD": str(self.max_upload),
                "EDUREPORT_WEB_TEMPLATES_DIRS": os.pathsep.join(self.templates_dirs),
                "EDUREPORT_WEB_SPOOL": str(self.spool), "EDUREPORT_WEB_BATCH_WORKERS": str(self.batch_workers)}

    @classmethod
    def from_environment(cls) -> WebSettings:
        env = os.environ
        dirs = tuple(d for d in env.get("EDUREPORT_WEB_TEMPLATES_DIRS", "").split(os.pathsep) if d)
        defaults = cls()
        return cls(host=env.get("EDUREPORT_WEB_HOST", defaults.host), port=int(env.get("EDUREPORT_WEB_PORT", defaults.port)),
                   token=env.get("EDUREPORT_WEB_TOKEN") or None,
                   max_upload=int(env.get("EDUREPORT_WEB_MAX_UPLOAD", defaults.max_upload)), templates_dirs=dirs,
                   spool=Path(env.get("EDUREPORT_WEB_SPOOL") or defaults.spool),
                   batch_workers=int(env.get("EDUREPORT_WEB_BATCH_WORKERS", defaults.batch_workers)), own_process=True)


def default_workers() -> int:
    """Server processes when ``--workers`` is not given: one per CPU core (a process renders on one core
    at a time), at most a few, and no more than the free memory holds."""
    from edureport.workers import default_workers as cores
    from edureport.workers import worker_cap

    return worker_cap(min(cores(), MOST_DEFAULT_WORKERS))[0]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(12)


def _problems_response(exc: InputError) -> JSONResponse:
    errors = [p for p in exc.problems if p.severity == "error"] or exc.problems
    return error_response(422, "数据有误，未生成文件", errors)


async def _on_input_error(request: Request, exc: InputError) -> Response:
    return _problems_response(exc)


async def _on_too_large(request: Request, exc: UploadTooLarge) -> Response:
    return error_response(413, too_large_message(exc.limit))


async def _on_known_error(request: Request, exc: EdureportError) -> Response:
    prefix = "模板出错，未生成文件：" if isinstance(exc, TemplateError) else "未能完成："
    return error_response(500, prefix + str(exc))


async def _on_bug(request: Request, exc: Exception) -> Response:
    if os.environ.get("EDUREPORT_DEBUG"):
        raise exc
    return error_response(500, f"程序内部出错（{type(exc).__name__}: {exc}）。您的文件未被改动；"
                               "请把这条信息和数据文件发给维护人员")


class GuardMiddleware:
    """Access token (LAN binds) and the upload limit, before any request body is read."""

    def __init__(self, app, settings: WebSettings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        token = self.settings.token
        if token:
            offered = request.query_params.get("token") or request.headers.get(TOKEN_HEADER) or \
                request.cookies.get(TOKEN_COOKIE) or ""
            if not secrets.compare_digest(offered.encode(), token.encode()):
                return await self._refuse(request, scope, receive, send)
            if request.query_params.get("token") and request.method == "GET":  # from the printed link: keep it in a cookie
                rest = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
                response = RedirectResponse(request.url.path + (f"?{rest}" if rest else ""), status_code=303)
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
                return await response(scope, receive, send)
        limit = self.settings.max_upload + MULTIPART_OVERHEAD
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return await error_response(413, too_large_message(self.settings.max_upload))(scope, receive, send)
        received = 0

        async def counted():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:  # no Content-Length (chunked): stop reading as soon as it is too much
                raise UploadTooLarge(self.settings.max_upload)
            return message

        return await self.app(scope, counted, send)

    async def _refuse(self, request, scope, receive, send):
        text = "需要访问口令：请使用启动 edureport serve 时显示的完整网址（含 ?token=…），或向管理员索取。"
        if request.url.path.startswith("/api/"):
            response = error_response(401, text)
        else:
            response = HTMLResponse(f"<!DOCTYPE html><html lang='zh-CN'><meta charset='utf-8'><title>需要访问口令</title>"
                                    f"<body style='font: 18px sans-serif; margin: 3em'><h1>需要访问口令</h1><p>{text}</p>",
                                    status_code=401)
        return await response(scope, receive, send)


def tune_collector() -> None:
    """What is loaded by now (modules, templates, profiles) lives as long as the process: keep it out of
    the cyclic collector's scans, and let a request's many short-lived objects go by reference counting
    before a collection runs (the default thresholds cost about a tenth of a render)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def create_app(settings: WebSettings | None = None) -> Starlette:
    from edureport.web import pages, routes_batch, routes_documents

    settings = settings or WebSettings()
    routes = pages.routes() + routes_documents.routes() + routes_batch.routes()
    routes.append(Mount("/static", StaticFiles(directory=HERE / "static"), name="static"))
    middleware = [Middleware(GuardMiddleware, settings=settings)]
    if is_loopback(settings.host):  # a page on another site cannot reach us through DNS rebinding
        middleware.insert(0, Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1"]))

    @contextlib.asynccontextmanager
    async def lifespan(app):
        from starlette.concurrency import run_in_threadpool

        from edureport.web.services import warm_up

        if settings.warm_up:
            await run_in_threadpool(warm_up, settings.templates_dirs)
        if settings.own_process:
            tune_collector()
        yield

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers={
        InputError: _on_input_error, UploadTooLarge: _on_too_large, EdureportError: _on_known_error,
        Exception: _on_bug, HTTPException: _on_http_error})
    app.state.settings = settings
    return app


async def _not_found(request: Request, exc) -> Response:
    if request.url.path.startswith("/api/"):
        return error_response(404, "没有这个功能地址")
    return PlainTextResponse("页面不存在。请从首页 / 进入。", status_code=404)


_HTTP_MESSAGES = {400: "上传的内容无法读取，请刷新页面后重新选择文件", 405: "不支持这种请求方式",
                  413: "上传的内容太大", 431: "请求头太大"}


async def _on_http_error(request: Request, exc: HTTPException) -> Response:
    """Starlette's own refusals (a malformed or over-full form …), in Chinese."""
    if exc.status_code == 404:
        return await _not_found(request, exc)
    return error_response(exc.status_code, _HTTP_MESSAGES.get(exc.status_code, "请求无法处理") + f"（{exc.detail}）")


def app_from_environment() -> Starlette:
    """uvicorn's factory for worker processes (``edureport serve --workers N``)."""
    return create_app(WebSettings.from_environment())
