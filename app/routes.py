"""Plain HTTP routes beside /graphql: health and readiness, Prometheus metrics and run exports."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.credentials import authenticate, bearer
from app.responses import error_response
from resolvers.context import AppServices
from schema.ids import decode_id
from services.db.types import is_uuid
from services.errors import NotFound, ServiceError
from services.health import readiness
from services.metrics import REGISTRY, set_queue_depths
from services.runs.export import render as render_export
from services.stats import queue_depths


async def health(request: Request) -> Response:
    """Liveness: the process answers HTTP. No dependency is touched, so a database outage never gets a
    healthy process restarted; `/ready` is the check that looks at them."""
    return JSONResponse({"status": "ok"}, headers={"cache-control": "no-store"})


async def ready(request: Request) -> Response:
    """Readiness: database, vector store, pub/sub and each configured provider, with latency and error;
    503 when a required part is down (services/health.py)."""
    services: AppServices = request.app.state.services
    report = await readiness(
        services.config.current,
        services.read_db,
        services.knowledge,
        services.pubsub,
        services.providers,
        services.cache,
    )
    return JSONResponse(
        report.to_json(), status_code=200 if report.ready else 503, headers={"cache-control": "no-store"}
    )


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
        async with services.read_db() as session:
            body = await render_export(session, actor, run_id, fmt)
    except ServiceError as exc:
        return JSONResponse({"error": exc.message}, status_code=404 if isinstance(exc, NotFound) else 400)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    disposition = f'attachment; filename="run-{run_id}.{fmt}"'
    return Response(body, media_type=media, headers={"content-disposition": disposition})


def metrics_route(registry: CollectorRegistry) -> Callable[[Request], Awaitable[Response]]:
    """Prometheus metrics: public in `local` mode; in `multi` mode for an admin's bearer token or API key
    (a scraper's `authorization` header), unless `metrics` says otherwise."""

    async def metrics(request: Request) -> Response:
        services: AppServices = request.app.state.services
        settings = services.config.current
        request_id = request.scope.get("request_id", "")
        if settings.metrics_policy == "off":
            return error_response(404, "metrics are turned off on this server", request_id)
        if settings.metrics_policy == "admin":
            actor, why = await authenticate(services, settings, bearer(request.headers))
            if actor is None:
                return error_response(401, why or "metrics need an admin's bearer token or API key", request_id)
            if not actor.is_admin:
                return error_response(403, "only an admin may read metrics", request_id)
        async with services.read_db() as session:  # queue depth is the database's, whoever queued
            depths = await queue_depths(session)
        set_queue_depths(((q.provider, q.queued, q.running) for q in depths), services.scheduler.providers)
        body = generate_latest(registry) + generate_latest(REGISTRY)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return metrics
