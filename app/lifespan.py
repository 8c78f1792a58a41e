"""The lifespan: every long-lived resource, entered in one AsyncExitStack (DESIGN.md convention 1).

Teardown runs in reverse order of entry, so everything that uses the engine closes before it, and
the scheduler (entered last) stops first: running jobs record how they ended while the database,
pub/sub and providers are still open.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import structlog
from sqlalchemy.exc import IntegrityError
from starlette.applications import Starlette

from app.tracing import start_tracing, stop_tracing
from resolvers.context import AppServices
from services import auth, hardware
from services.auth import Actor, TokenCodec
from services.backup.runs import MAINTENANCE_QUEUE, BackupHandler
from services.cache import SharedCache
from services.chat.runner import ChatHandler
from services.chat.waiting import WaitingExpiry
from services.config import ConfigService
from services.db.engine import create_engine, read_session_factory, redact_url, session_factory
from services.db.migrate import upgrade_to_head
from services.evals.benchmark_runs import BenchmarkHandler
from services.evals.generation_runs import GenerationHandler
from services.evals.suite_runs import SuiteRunHandler
from services.knowledge.blobs import BlobStore
from services.knowledge.index import Knowledge
from services.knowledge.ingest import IngestHandler
from services.knowledge.memory import MemoryCleanup
from services.knowledge.memory_extraction import MemoryExtractor
from services.knowledge.reindex import ReindexHandler
from services.model_management import PULL_QUEUE, PullHandler
from services.outbox import Outbox
from services.persisted_queries import PersistedQueries, load_manifest
from services.providers import Providers, preload_provider_modules
from services.pubsub import PubSub
from services.rate_limits import RateLimiter, storage_for
from services.retention import CleanupHandler, CleanupSchedule
from services.runs import admission
from services.runs.scheduler import RunHandler, Scheduler, SchedulerConfig
from services.settings import PROVIDERS, Settings
from services.tools.mcp import McpServers

log = structlog.get_logger("switchboard")


def lifespan_for(settings: Settings) -> Any:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            # First in, last out: spans of everything that stops after it are still sent.
            app.state.tracer_provider = start_tracing(settings)
            stack.callback(stop_tracing, app.state.tracer_provider)
            app.state.services = await open_services(settings, stack)
            # What start-up built (schema, models, tokenizers: ~400k objects) lives as long as the process; moved
            # out of the collector's generations, a full collection no longer walks it on every request's heap
            # growth (a quarter of the nested 20x10x10 query's time, measured in bench/http_bench.py). Collected
            # first, so no garbage is frozen with it.
            gc.collect()
            gc.freeze()
            log.info("switchboard ready", auth_mode=settings.auth_mode, database=app.state.services.database_url)
            yield

    return lifespan


async def open_services(settings: Settings, stack: AsyncExitStack) -> AppServices:
    """Open every long-lived resource on `stack`; closing the stack tears them down in reverse."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # Read first: a bad manifest stops the start before anything opens.
    trusted = (
        load_manifest(settings.documents_manifest)
        if settings.documents_manifest and settings.documents == "trusted"
        else None
    )
    url = settings.resolved_database_url
    engine = create_engine(url)
    stack.push_async_callback(engine.dispose)
    await upgrade_to_head(engine)
    pubsub = PubSub(settings.pubsub_url)
    await pubsub.connect()
    stack.push_async_callback(pubsub.disconnect)
    config = ConfigService(settings, overrides=_overrides_of(settings))
    outbox = Outbox(pubsub)
    outbox.start()
    stack.push_async_callback(outbox.stop)  # after everything that writes has stopped: sends what they committed
    db = session_factory(engine, outbox.session_class)
    admission.install(db, lambda: config.current.quotas)
    local_admin = await _local_admin(db)
    secret = auth.load_or_create_secret(
        settings.data_dir, settings.secret_key.get_secret_value() if settings.secret_key else None
    )
    cache = SharedCache(settings.pubsub_url)  # Redis-shared when pub/sub is Redis
    stack.push_async_callback(cache.aclose)
    await preload_provider_modules()
    providers = Providers(lambda: config.current, cache)
    stack.push_async_callback(providers.aclose)
    knowledge = Knowledge(lambda: config.current, BlobStore(settings.data_dir / "files"), db)
    stack.push_async_callback(knowledge.aclose)
    await knowledge.open()
    await knowledge.prepare_vectors()  # before any run or request can use the vectors
    config.checks.append(knowledge.settings_problems)
    config.ensure_valid()  # a chunk size the embedder's window cannot hold is refused at start-up too
    await knowledge.warm()  # the first search loads no model and no shard
    extractor = MemoryExtractor(db, providers, knowledge, lambda: config.current)
    mcp_servers = McpServers()  # MCP tool servers: connections per call, tool lists cached
    scheduler = Scheduler(
        db,
        pubsub,
        {
            **_handlers(db, read_session_factory(engine), config, providers, knowledge, extractor, mcp_servers),
            "backup": BackupHandler(engine, knowledge, lambda: config.current),
            "cleanup": CleanupHandler(db, knowledge, lambda: config.current),
        },
        (*PROVIDERS, PULL_QUEUE, MAINTENANCE_QUEUE),  # downloads and maintenance queue apart from generation
        SchedulerConfig(
            concurrency=lambda provider: config.current.providers.concurrency.get(provider, 1),
            heartbeat_seconds=settings.run_heartbeat_seconds,
            stale_after_seconds=settings.run_stale_after_seconds,
        ),
    )
    await scheduler.start()
    stack.push_async_callback(scheduler.stop)
    cleanup = MemoryCleanup(db, knowledge, lambda: config.current.retrieval.memory_cleanup_seconds)
    cleanup.start()
    stack.push_async_callback(cleanup.stop)
    retention = CleanupSchedule(db, local_admin, lambda: config.current)
    retention.start()
    stack.push_async_callback(retention.stop)
    expiry = WaitingExpiry(db, lambda: config.current.run_heartbeat_seconds)  # tool calls nobody answered
    expiry.start()
    stack.push_async_callback(expiry.stop)
    read_db = read_session_factory(engine)
    limiter = RateLimiter(lambda: config.current.quotas, storage_for(settings.pubsub_url, url))
    return AppServices(
        config=config,
        engine=engine,
        db=db,
        read_db=read_db,
        tokens=TokenCodec(secret, settings.access_token_ttl_s),
        local_admin=local_admin,
        database_url=redact_url(url),
        pubsub=pubsub,
        outbox=outbox,
        providers=providers,
        cache=cache,
        scheduler=scheduler,
        knowledge=knowledge,
        mcp=mcp_servers,
        documents=PersistedQueries(
            db,
            read_db,
            trusted=trusted,
            max_documents=settings.persisted_queries_max,
            max_bytes=settings.persisted_queries_max_bytes,
        ),
        limiter=limiter,
    )


def _handlers(
    db: Any,
    read_db: Any,
    config: ConfigService,
    providers: Providers,
    knowledge: Knowledge,
    extractor: MemoryExtractor,
    mcp_servers: McpServers,
) -> dict[str, RunHandler]:
    """One handler per run kind."""
    current = lambda: config.current  # noqa: E731 - read per use, so config updates apply at once
    return {
        "chat": ChatHandler(db, providers, current, knowledge, extractor.queue_for, mcp_servers, read_db),
        "ingest": IngestHandler(db, knowledge, providers, current),
        "memory": extractor,
        "reindex": ReindexHandler(db, knowledge),
        "test": SuiteRunHandler(db, providers, current, knowledge),
        "benchmark": BenchmarkHandler(db, providers, current, lambda: dataclasses.asdict(hardware.snapshot())),
        "generation": GenerationHandler(db, providers, current),
        "model_pull": PullHandler(db, providers),
    }


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
