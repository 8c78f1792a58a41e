"""Switchboard: `create_app(settings)` builds the ASGI app; `main()` is the `switchboard` CLI."""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import os
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import structlog
from cross_web import HTTPException
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.file_uploads.utils import replace_placeholders_with_files
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET

from resolvers.context import AppServices, Context
from resolvers.schema import build_schema
from schema.ids import decode_id
from services import auth, hardware
from services.auth import Actor, TokenCodec
from services.chat import ChatHandler
from services.config import ConfigService
from services.db.engine import create_engine, redact_url, session_factory
from services.db.migrate import upgrade_to_head
from services.db.types import is_uuid
from services.errors import NotFound, ServiceError, Unauthenticated
from services.evals.benchmark import BenchmarkHandler
from services.evals.generation import GenerationHandler
from services.evals.testing import TestRunHandler
from services.knowledge.blobs import BlobStore
from services.knowledge.extraction import MemoryExtractor
from services.knowledge.ingest import IngestHandler
from services.knowledge.memory import MemoryCleanup
from services.knowledge.reindex import ReindexHandler
from services.knowledge.service import Knowledge
from services.model_management import PULL_QUEUE, PullHandler
from services.providers import Providers
from services.pubsub import PubSub
from services.runs.export import render as render_export
from services.runs.scheduler import Scheduler, SchedulerConfig
from services.settings import PROVIDERS, ConfigFileError, LimitSettings, Settings, load_settings

log = structlog.get_logger("switchboard")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_binding(settings: Settings) -> None:
    """`local` mode trusts every request, so it may only listen on a loopback address."""
    if settings.auth_mode == "local" and not is_loopback(settings.host):
        raise SystemExit(
            f"refusing to start: auth mode 'local' lets every request act as the admin, so it only binds "
            f"loopback addresses, not {settings.host!r}. Use SWITCHBOARD_HOST=127.0.0.1, or set "
            f"SWITCHBOARD_AUTH_MODE=multi to serve other machines with logins."
        )


def check_workers(settings: Settings) -> None:
    """Several processes need shared pub/sub and a Qdrant server: say so before starting them."""
    if settings.workers <= 1:
        return
    problems = []
    if settings.pubsub_url.startswith("memory://"):
        problems.append("memory:// pub/sub reaches only its own process: set SWITCHBOARD_PUBSUB_URL=redis://...")
    if not settings.qdrant_url:
        problems.append("embedded Qdrant locks its folder to one process: set SWITCHBOARD_QDRANT_URL to a server")
    if problems:
        raise SystemExit(f"refusing to start {settings.workers} workers: " + "; ".join(problems))


async def authenticate(services: AppServices, settings: Settings, token: str | None) -> tuple[Actor | None, str | None]:
    """(actor, why not): a bearer JWT or API key; no credentials means the local admin in `local` mode."""
    if not token:
        return (services.local_admin if settings.auth_mode == "local" else None), None
    try:
        if token.startswith(auth.API_KEY_PREFIX):
            async with services.db() as session:
                return await auth.authenticate_api_key(session, token), None
        return services.tokens.decode(token), None
    except Unauthenticated as exc:
        return None, exc.message


def bearer(headers: Any) -> str | None:
    value = headers.get("authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return headers.get("x-api-key") or None


CSRF_HEADERS = ("x-apollo-operation-name", "apollo-require-preflight")


class SwitchboardGraphQL(GraphQL):
    """Builds a typed Context per HTTP request (per connection over WebSockets)."""

    limits: Callable[[], LimitSettings]  # the live limits, set by create_app

    async def parse_multipart(self, request: Any) -> dict[str, str]:
        """GraphQL multipart uploads, with Apollo's CSRF rule and the configured limits.

        A browser may send a multipart form cross-site without a CORS preflight; requiring one of
        these headers forces the preflight, so another site cannot post uploads with your cookies."""
        if not any(request.headers.get(name) for name in CSRF_HEADERS):
            raise HTTPException(
                400,
                "multipart requests need a non-empty `apollo-require-preflight` or `x-apollo-operation-name` header "
                "(CSRF protection; Apollo's and urql's upload links can send it)",
            )
        limits = self.limits()
        form = await request.get_form_data()
        # The adapter hands over every form part; the uploads are the parts with a file name.
        files = {k: v for k, v in form.files.items() if not isinstance(v, str)}
        if len(files) > limits.max_upload_files:
            raise HTTPException(413, f"at most {limits.max_upload_files} files per request")
        for upload in files.values():
            size = getattr(upload, "size", None)
            if size is not None and size > limits.max_upload_bytes:
                raise HTTPException(
                    413,
                    f"{getattr(upload, 'filename', 'a file')} is {size} bytes; the limit is {limits.max_upload_bytes}",
                )
        operations = self.parse_json(form.form.get("operations", "{}"))
        files_map = self.parse_json(form.form.get("map", "{}"))
        try:
            return replace_placeholders_with_files(operations, files_map, files)  # type: ignore[no-any-return]
        except KeyError:
            raise HTTPException(400, "File(s) missing in form data") from None

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:  # type: ignore[override]
        services: AppServices = request.app.state.services
        settings = services.config.current
        actor, auth_error = await authenticate(services, settings, bearer(request.headers))
        return Context(
            services=services,
            settings=settings,
            request_id=request.scope.get("request_id", ""),
            actor=actor,
            auth_error=auth_error,
            request=request,
            response=response,
        )

    async def on_ws_connect(self, context: Context) -> Any:  # type: ignore[override]
        """Authenticate a WebSocket from its `connection_init` payload (browsers cannot set headers)."""
        token = connection_token(context.connection_params or {})
        if token is not None:
            context.actor, context.auth_error = await authenticate(context.services, context.settings, token)
            if context.actor is None:
                raise ConnectionRejectionError({"message": context.auth_error})
        elif context.actor is None:
            raise ConnectionRejectionError({"message": "authentication required in connection_init"})
        return UNSET


def connection_token(params: dict[str, Any]) -> str | None:
    """The credential in a `connection_init` payload: {"authorization": "Bearer ..."} or {"apiKey": ...}."""
    lowered = {str(k).lower(): v for k, v in params.items()}
    value = lowered.get("authorization") or lowered.get("apikey") or lowered.get("x-api-key")
    if not isinstance(value, str) or not value.strip():
        return None
    scheme, _, token = value.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else value.strip()


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
        if self.local and (refusal := self._local_refusal(scope, headers)):
            if scope["type"] == "http":
                await JSONResponse({"error": refusal}, status_code=403)(scope, receive, send)
            else:
                await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        if (too_big := self._too_big(scope, headers)) is not None:
            await JSONResponse({"error": too_big}, status_code=413)(scope, receive, send)
            return
        status = {"code": 500}
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
                status["code"] = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", scope["request_id"].encode()))
            await send(message)

        try:
            await self.app(scope, counted_receive, send_wrapper)
        except RequestTooLarge as exc:
            if status["code"] != 500:
                raise
            status["code"] = 413
            await JSONResponse({"error": str(exc)}, status_code=413)(scope, receive, send)
        finally:
            path = scope["path"] if scope["path"] in ("/graphql", "/health", "/metrics") else "other"
            self.requests.labels(scope["method"], path, str(status["code"])).inc()
            self.latency.labels(path).observe(time.perf_counter() - started)


def create_app(settings: Settings | None = None) -> Starlette:
    """A fresh app; nothing is opened until the lifespan starts."""
    settings = settings or load_settings()
    registry = CollectorRegistry()
    schema = build_schema()
    # Only graphql-transport-ws (what Apollo and urql speak through the `graphql-ws` library): it
    # refuses operations before connection_init, so every socket is authenticated first.
    graphql = SwitchboardGraphQL(
        schema,
        allowed_origins=settings.allowed_origins,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        multipart_uploads_enabled=True,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Teardown runs in reverse order of entry: everything that uses the engine closes before it.
        async with AsyncExitStack() as stack:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            url = settings.resolved_database_url
            engine = create_engine(url)
            stack.push_async_callback(engine.dispose)
            await upgrade_to_head(engine)
            db = session_factory(engine)
            local_admin = await _local_admin(db)
            secret = auth.load_or_create_secret(
                settings.data_dir, settings.secret_key.get_secret_value() if settings.secret_key else None
            )
            config = ConfigService(settings, overrides=_overrides_of(settings))
            pubsub = PubSub(settings.pubsub_url)
            await pubsub.connect()
            stack.push_async_callback(pubsub.disconnect)
            providers = Providers(lambda: config.current)
            stack.push_async_callback(providers.aclose)
            knowledge = Knowledge(lambda: config.current, BlobStore(settings.data_dir / "files"))
            stack.push_async_callback(knowledge.aclose)
            extractor = MemoryExtractor(db, providers, knowledge, lambda: config.current)
            scheduler = Scheduler(
                db,
                pubsub,
                {
                    "chat": ChatHandler(db, providers, lambda: config.current, knowledge, extractor.queue_for),
                    "ingest": IngestHandler(db, knowledge, lambda: config.current),
                    "memory": extractor,
                    "reindex": ReindexHandler(db, knowledge),
                    "test": TestRunHandler(db, providers, lambda: config.current),
                    "benchmark": BenchmarkHandler(
                        db, providers, lambda: config.current, lambda: dataclasses.asdict(hardware.snapshot())
                    ),
                    "generation": GenerationHandler(db, providers, lambda: config.current),
                    "model_pull": PullHandler(db, providers),
                },
                (*PROVIDERS, PULL_QUEUE),  # downloads queue apart from generation
                SchedulerConfig(
                    concurrency=lambda provider: config.current.providers.concurrency.get(provider, 1),
                    heartbeat_seconds=settings.run_heartbeat_seconds,
                    stale_after_seconds=settings.run_stale_after_seconds,
                ),
            )
            extractor.announce = scheduler.announce
            await scheduler.start()
            stack.push_async_callback(scheduler.stop)  # first to stop: running jobs record how they ended
            cleanup = MemoryCleanup(db, knowledge, lambda: config.current.retrieval.memory_cleanup_seconds)
            cleanup.start()
            stack.push_async_callback(cleanup.stop)
            app.state.engine = engine
            app.state.services = AppServices(
                config=config,
                db=db,
                tokens=TokenCodec(secret, settings.access_token_ttl_s),
                local_admin=local_admin,
                database_url=redact_url(url),
                pubsub=pubsub,
                providers=providers,
                scheduler=scheduler,
                knowledge=knowledge,
            )
            log.info("switchboard ready", auth_mode=settings.auth_mode, database=redact_url(url))
            yield

    async def health(request: Request) -> Response:
        services: AppServices = request.app.state.services
        try:
            async with services.db() as session:
                await session.execute(text("SELECT 1"))
        except Exception as exc:
            return JSONResponse({"status": "error", "database": str(exc)}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    async def export_run(request: Request) -> Response:
        """A run's items as a file: GET /runs/<global or raw id>/export.csv|json, same auth as /graphql."""
        services: AppServices = request.app.state.services
        settings = services.config.current
        actor, auth_error = await authenticate(services, settings, bearer(request.headers))
        if actor is None:
            return JSONResponse({"error": auth_error or "authentication required"}, status_code=401)
        fmt = request.path_params["fmt"]
        ident = request.path_params["run_id"]
        if fmt not in ("csv", "json"):
            return JSONResponse({"error": "the format is csv or json"}, status_code=404)
        try:
            run_id = ident if is_uuid(ident) else decode_id(ident, "Run")
            async with services.db() as session:
                body = await render_export(session, actor, run_id, fmt)
        except ServiceError as exc:
            return JSONResponse({"error": exc.message}, status_code=404 if isinstance(exc, NotFound) else 400)
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
        disposition = f'attachment; filename="run-{run_id}.{fmt}"'
        return Response(body, media_type=media, headers={"content-disposition": disposition})

    async def metrics(_: Request) -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    middleware = [Middleware(RequestGuard, settings=settings, registry=registry)]
    if settings.allowed_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.allowed_origins,
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["*"],
                expose_headers=["x-request-id"],
            )
        )
    routes: list[BaseRoute] = [
        Route("/graphql", graphql, methods=["GET", "POST", "OPTIONS"]),
        WebSocketRoute("/graphql", graphql),
        Route("/health", health),
        Route("/metrics", metrics),
        Route("/runs/{run_id}/export.{fmt:str}", export_run, methods=["GET"]),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    graphql.limits = lambda: app.state.services.config.current.limits
    app.state.settings = settings
    return app


async def _local_admin(db: Any) -> Actor:
    for attempt in range(2):  # replicas starting together may race to create it
        try:
            async with db() as session, session.begin():
                return Actor.of(await auth.ensure_local_admin(session))
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _overrides_of(settings: Settings) -> dict[str, Any]:
    """Explicitly passed values must survive a config reload; keep the ones that differ from env/file."""
    return {k: getattr(settings, k) for k in ("data_dir", "config_file", "database_url") if getattr(settings, k)}


# ---------------------------------------------------------------- CLI


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    for key, value in (("HOST", args.host), ("PORT", args.port), ("WORKERS", args.workers)):
        if value is not None:
            os.environ[f"SWITCHBOARD_{key}"] = str(value)
    try:
        settings = load_settings()
    except ConfigFileError as exc:
        raise SystemExit(str(exc)) from None
    check_binding(settings)
    if args.reload and settings.workers > 1:
        raise SystemExit("--reload runs a single worker; drop --workers or --reload")
    check_workers(settings)
    print(f"Switchboard on http://{settings.host}:{settings.port}/graphql (data in {settings.data_dir.resolve()})")
    uvicorn.run(
        "app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        reload=args.reload,
        log_level=settings.log_level,
        ws="websockets-sansio",
        # Importing the app takes seconds on a small machine; with several workers starting at once the
        # default 5 s health check would kill and restart them in a loop.
        timeout_worker_healthcheck=60,
    )


def _export_schema(args: argparse.Namespace) -> None:
    sdl = build_schema().as_str() + "\n"
    if args.output == "-":
        sys.stdout.write(sdl)
    else:
        Path(args.output).write_text(sdl)
        print(f"wrote {args.output}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="switchboard", description="Switchboard GraphQL server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the server")
    serve.add_argument("--host", help="bind address (default SWITCHBOARD_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default SWITCHBOARD_PORT or 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default 1)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (development)")
    serve.set_defaults(func=_serve)
    export = sub.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("-o", "--output", default="schema.graphql", help="file, or - for stdout")
    export.set_defaults(func=_export_schema)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
