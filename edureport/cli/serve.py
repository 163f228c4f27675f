"""edureport serve [--host H] [--port 8765] [--token T] [--workers N] [--no-browser]"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from edureport.cli import app
from edureport.cli.common import run, templates_dirs_option


def _open_when_ready(url: str, host: str, port: int) -> None:
    """Open the browser once the server accepts connections (not before: the page would fail)."""
    import socket
    import threading
    import time
    import webbrowser

    def wait_and_open() -> None:
        for _ in range(100):
            try:
                with socket.create_connection((host if host not in ("0.0.0.0", "::") else "127.0.0.1", port), timeout=0.2):
                    webbrowser.open(url)
                    return
            except OSError:
                time.sleep(0.1)

    threading.Thread(target=wait_and_open, daemon=True).start()


def _check_port_free(host: str, port: int) -> None:
    """A clear message now instead of uvicorn's English one after start-up."""
    import os
    import socket

    from edureport.core.errors import InputError, Problem

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # as uvicorn binds; on Windows the option would let a taken port pass
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(Problem(f"无法在 {host}:{port} 上启动网页版：{exc.strerror or exc}", location="--host / --port",
                                     suggestion=f"可能已经有一个 edureport serve 在运行（直接打开 http://127.0.0.1:{port}/），"
                                                "或用 --port 换一个端口，如 --port 8766")) from None


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", metavar="地址", help="监听地址；默认只允许本机访问。办公室局域网共用时写 0.0.0.0（需要访问口令）"),
    port: int = typer.Option(8765, "--port", min=1, max=65535, metavar="端口", help="端口号"),
    token: Optional[str] = typer.Option(None, "--token", metavar="口令", help="访问口令；局域网访问时必需，不填则自动生成并显示"),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, max=64, metavar="N",
                                          help="工作进程数；默认与 CPU 核数相同（最多 4 个）"),
    no_browser: bool = typer.Option(False, "--no-browser", help="不自动打开浏览器"),
    max_upload: int = typer.Option(20, "--max-upload", min=1, max=1024, metavar="MB", help="上传文件大小上限（MB）"),
    templates_dir: Optional[list[Path]] = templates_dirs_option(),
) -> None:
    """打开网页版：在浏览器中新建、上传生成、批量生成和检查公文，无需命令行。"""

    def action() -> None:
        import os

        import uvicorn

        from edureport.web.app import WebSettings, default_workers, is_loopback, new_token

        chosen = token
        if not is_loopback(host) and not chosen:
            chosen = new_token()
        settings = WebSettings(host=host, port=port, token=chosen, max_upload=max_upload * 1024 * 1024,
                               templates_dirs=tuple(str(Path(d).resolve()) for d in templates_dir or ()))
        from edureport.templating.registry import get_registry

        get_registry(settings.templates_dirs)  # a wrong --templates-dir is reported now, not on the first page
        _check_port_free(host, port)
        os.environ.update(settings.to_environment())  # worker processes build the app from these
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        url = f"http://{shown_host}:{port}/" + (f"?token={chosen}" if chosen else "")
        typer.echo(f"edureport 网页版已启动：{url}")
        if chosen:
            typer.echo(f"访问口令：{chosen}（同事在浏览器中打开 http://本机IP地址:{port}/?token={chosen}）")
        typer.echo("关闭本窗口或按 Ctrl+C 即停止。")
        if not no_browser:
            _open_when_ready(url, host, port)
        uvicorn.run("edureport.web.app:app_from_environment", factory=True, host=host, port=port,
                    workers=workers or default_workers(),
                    log_level="warning", proxy_headers=True, server_header=False)

    run(action)
