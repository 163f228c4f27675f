"""A real edureport web server on a free 127.0.0.1 port, in a thread (browser tests, load test)."""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

import uvicorn

from edureport.web.app import WebSettings, create_app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(settings: WebSettings | None = None):
    settings = settings or WebSettings(port=free_port())
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host=settings.host, port=settings.port,
                                          log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://{settings.host}:{settings.port}"
    finally:
        server.should_exit = True
        thread.join(5)
