"""Run an ASGI app under a real uvicorn server in a background thread, for tests and benchmarks.

    with serve(app) as base_url:      # "http://127.0.0.1:<free port>"
        ...

A real server (not an in-process transport) is the point: clients then exercise their actual HTTP
stack, chunked bodies, SSE parsing, connection closes and refused connections. The thread has its
own event loop, so the server keeps streaming while a test's loop is busy, and sync benchmarks can
use it too.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp

HOST = "127.0.0.1"


@contextmanager
def serve(app: ASGIApp, *, startup_timeout: float = 10.0, lifespan: str = "off") -> Iterator[str]:
    """Serve `app` on a free loopback port until the block exits; yields the base URL.
    `lifespan="on"` runs the app's start-up and shut-down (the Switchboard app itself needs it)."""
    # Binding the socket here (port 0) and handing it to uvicorn avoids a pick-then-bind race.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        lifespan=lifespan,  # type: ignore[arg-type]
        access_log=False,
        # Leave the process's logging alone; a scripted abort then shows as an "Exception in ASGI
        # application" record in captured logs, which is the abort working as designed.
        log_config=None,
        log_level=None,
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=f"fake-server-{port}", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + startup_timeout
        while not server.started:  # start-up wait only; nothing is timed against this
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"fake server on port {port} did not start")
            time.sleep(0.005)
        yield f"http://{HOST}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=startup_timeout)
        sock.close()


def unused_port() -> int:
    """A loopback port with nothing listening (bound and released), for connection-refused tests."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])
