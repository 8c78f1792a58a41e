"""`create_app(settings)`: the Starlette app, its middleware and routes. Nothing opens until the lifespan."""

from __future__ import annotations

from datetime import timedelta

from prometheus_client import CollectorRegistry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from strawberry.subscriptions import (
    GRAPHQL_SSE_PROTOCOL,
    GRAPHQL_TRANSPORT_WS_PROTOCOL,
    MULTIPART_SUBSCRIPTION_PROTOCOL,
)

from app.graphiql import ASSET_PREFIX, GraphiQLAssets
from app.guard import RequestGuard
from app.lifespan import lifespan_for
from app.logs import configure_logging
from app.oauth import token
from app.routes import download_backup, export_run, health, metrics_route, ready
from app.view import SwitchboardGraphQL
from resolvers.schema import build_schema
from services.settings import Settings, load_settings


def create_app(settings: Settings | None = None) -> Starlette:
    """A fresh app; nothing is opened until the lifespan starts."""
    settings = settings or load_settings()
    configure_logging(settings.log_level, settings.log_buffer_lines)
    registry = CollectorRegistry()
    # WebSockets speak graphql-transport-ws only (what Apollo and urql speak through the `graphql-ws` library):
    # it refuses operations before connection_init, so every socket is authenticated first. Over plain HTTP,
    # subscriptions stream as GraphQL over SSE or as Apollo's multipart subscriptions (app/streams).
    graphql = SwitchboardGraphQL(
        build_schema(traced=bool(settings.otlp_endpoint)),
        allowed_origins=settings.allowed_origins,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_SSE_PROTOCOL, MULTIPART_SUBSCRIPTION_PROTOCOL),
        multipart_uploads_enabled=True,
        # An idle socket that never authenticates is closed soon (4408), not held for a minute.
        connection_init_wait_timeout=timedelta(seconds=settings.ws_init_timeout_seconds),
    )
    graphql.heartbeat_seconds = settings.stream_heartbeat_seconds
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
        Route("/graphql", graphql),  # every method: the view answers the others with a GraphQL-shaped 405
        WebSocketRoute("/graphql", graphql),
        Route("/health", health),
        Route("/oauth/token", token, methods=["GET", "POST"]),  # RFC 6749 password and refresh_token grants
        Route("/ready", ready),
        Route("/metrics", metrics_route(registry)),
        Route("/runs/{run_id}/export.{fmt:str}", export_run, methods=["GET"]),
        Route("/backups/{run_id}", download_backup, methods=["GET"]),
        Mount(ASSET_PREFIX, app=GraphiQLAssets(), name="graphiql"),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan_for(settings))
    graphql.limits = lambda: app.state.services.config.current.limits
    app.state.settings = settings
    return app
