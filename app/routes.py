"""Plain HTTP routes beside /graphql: health and readiness, Prometheus metrics and run exports."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from app.credentials import authenticate, bearer
from app.responses import error_response
from resolvers.context import AppServices
from schema.ids import decode_id
from services.auth import Actor
from services.backup.runs import artifact_of
from services.db.types import is_uuid
from services.errors import Forbidden, NotFound, ServiceError
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


async def _caller(request: Request) -> Actor | Response:
    """The authenticated caller of a download route, or the 401 to answer with."""
    services: AppServices = request.app.state.services
    actor, auth_error = await authenticate(services, services.config.current, bearer(request.headers))
    if actor is None:
        return JSONResponse({"error": auth_error or "authentication required"}, status_code=401)
    return actor


def _refused(exc: ServiceError) -> Response:
    status = 403 if isinstance(exc, Forbidden) else 404 if isinstance(exc, NotFound) else 400
    return JSONResponse({"error": exc.message}, status_code=status)


def _run_id(request: Request) -> str:
    ident: str = request.path_params["run_id"]
    return ident if is_uuid(ident) else decode_id(ident, "Run")


async def export_run(request: Request) -> Response:
    """A run's items as a file: GET /runs/<global or raw id>/export.csv|json, same auth as /graphql."""
    services: AppServices = request.app.state.services
    actor = await _caller(request)
    if isinstance(actor, Response):
        return actor
    fmt = request.path_params["fmt"]
    if fmt not in ("csv", "json"):
        return JSONResponse({"error": "the format is csv or json"}, status_code=404)
    try:
        run_id = _run_id(request)
        async with services.read_db() as session:
            body = await render_export(session, actor, run_id, fmt)
    except ServiceError as exc:
        return _refused(exc)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    disposition = f'attachment; filename="run-{run_id}.{fmt}"'
    return Response(body, media_type=media, headers={"content-disposition": disposition})


async def download_backup(request: Request) -> Response:
    """A BACKUP run's artifact: GET /backups/<global or raw run id>, for an admin's bearer token or API key."""
    services: AppServices = request.app.state.services
    actor = await _caller(request)
    if isinstance(actor, Response):
        return actor
    try:
        run_id = _run_id(request)
        async with services.read_db() as session:
            path = await artifact_of(session, actor, run_id, services.config.current.data_dir)
    except ServiceError as exc:
        return _refused(exc)
    return FileResponse(path, media_type="application/gzip", filename=f"switchboard-backup-{run_id}.tar.gz")


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
