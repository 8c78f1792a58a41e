"""Pure ASGI middleware in front of every route: request ids, the loopback guard of `local` mode,
request size limits and HTTP metrics."""

from __future__ import annotations

import time
import uuid
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Receive, Scope, Send

from app.network import is_loopback
from app.responses import error_response
from services.settings import Settings

log = structlog.get_logger("switchboard.http")


class RequestTooLarge(Exception):
    pass


class RequestGuard:
    """Pure ASGI: request ids, the loopback guard of `local` mode, and request metrics."""

    def __init__(self, app: ASGIApp, settings: Settings, registry: CollectorRegistry) -> None:
        self.app = app
        self.local = settings.auth_mode == "local"
        self.requests = Counter(
            "switchboard_http_requests_total", "HTTP requests", ["method", "path", "status"], registry=registry
        )
        self.latency = Histogram(
            "switchboard_http_request_duration_seconds", "HTTP request latency", ["path"], registry=registry
        )

    @staticmethod
    def _local_refusal(scope: Scope, headers: dict[bytes, bytes]) -> str | None:
        """In `local` mode every request is the admin, so only loopback clients, and only requests
        addressed to a loopback name: a web page on a DNS-rebinding domain arrives with its own Host."""
        client = scope.get("client")
        if client and not is_loopback(client[0]):
            return "local auth mode serves loopback clients only"
        host = headers.get(b"host", b"").decode("latin-1")
        hostname = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        if host and not is_loopback(hostname):
            return f"local auth mode only answers requests addressed to localhost, not {hostname!r}"
        return None

    @staticmethod
    def _limit(scope: Scope) -> int | None:
        services = getattr(scope["app"].state, "services", None) if "app" in scope else None
        return None if services is None else int(services.config.current.limits.max_request_bytes)

    def _too_big(self, scope: Scope, headers: dict[bytes, bytes]) -> str | None:
        limit = self._limit(scope)
        if limit is None:
            return None
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            return f"request body is {int(length)} bytes; the limit is {limit}"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        scope["request_id"] = headers.get(b"x-request-id", b"").decode()[:64] or uuid.uuid4().hex
        # Every line logged while serving it carries the request id (app/logs.py).
        with structlog.contextvars.bound_contextvars(request_id=scope["request_id"]):
            await self._guarded(scope, receive, send, headers)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, headers: dict[bytes, bytes]) -> None:
        accept = headers.get(b"accept", b"").decode("latin-1") or None
        if self.local and (refusal := self._local_refusal(scope, headers)):
            if scope["type"] == "http":
                await error_response(403, refusal, scope["request_id"], accept=accept)(scope, receive, send)
            else:
                await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        if (too_big := self._too_big(scope, headers)) is not None:
            await error_response(413, too_big, scope["request_id"], accept=accept)(scope, receive, send)
            return
        status = {"code": 500, "started": False}
        started = time.perf_counter()
        limit = self._limit(scope)
        received = 0

        async def counted_receive() -> Any:
            # Bodies without a Content-Length (chunked) are counted as they arrive.
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if limit is not None and received > limit:
                    raise RequestTooLarge(f"request body exceeds the limit of {limit} bytes")
            return message

        async def send_wrapper(message: Any) -> None:
            if message["type"] == "http.response.start":
                status["code"], status["started"] = message["status"], True
                message.setdefault("headers", []).append((b"x-request-id", scope["request_id"].encode()))
            await send(message)

        try:
            await self.app(scope, counted_receive, send_wrapper)
        except Exception as exc:
            if status["started"]:
                raise  # too late for an error response: the client sees the connection end
            if isinstance(exc, RequestTooLarge):
                response = error_response(413, str(exc), scope["request_id"], accept=accept)
            else:
                # Anything the app did not turn into a response: logged with the request id, and the
                # client gets that id instead of a bare 500 page.
                log.error("unhandled error in request", request_id=scope["request_id"], exc_info=exc)
                response = error_response(500, "Internal server error", scope["request_id"], accept=accept)
            await response(scope, receive, send_wrapper)
        finally:
            path = scope["path"] if scope["path"] in ("/graphql", "/health", "/ready", "/metrics") else "other"
            self.requests.labels(scope["method"], path, str(status["code"])).inc()
            self.latency.labels(path).observe(time.perf_counter() - started)
