"""The typed per-request context (DESIGN.md convention 2) and the shared app services behind it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from resolvers.dataloaders import Loaders
from schema.common import Connection, connection
from services import usage
from services.auth import Actor, TokenCodec
from services.cache import SharedCache
from services.config import ConfigService
from services.errors import Forbidden, Unauthenticated
from services.knowledge.blobs import BlobStore
from services.knowledge.index import Knowledge
from services.outbox import Outbox
from services.pagination import Page, PageArgs, count_rows, encode_cursor
from services.persisted_queries import PersistedQueries
from services.providers import Providers
from services.pubsub import PubSub
from services.rate_limits import RateLimiter
from services.runs import queue
from services.runs.scheduler import Scheduler
from services.settings import Settings
from services.tools.mcp import McpServers

T = TypeVar("T")


@dataclass
class AppServices:
    """Long-lived resources owned by the lifespan; one per app instance."""

    config: ConfigService
    engine: AsyncEngine
    db: async_sessionmaker[AsyncSession]  # writers (IMMEDIATE transactions on SQLite)
    read_db: async_sessionmaker[AsyncSession]  # readers
    tokens: TokenCodec
    local_admin: Actor
    database_url: str
    pubsub: PubSub
    outbox: Outbox
    providers: Providers
    cache: SharedCache  # short-TTL answers: models, providers, hardware
    scheduler: Scheduler
    knowledge: Knowledge
    mcp: McpServers  # MCP tool servers' tool lists, health and calls
    documents: PersistedQueries  # APQ and trusted documents
    limiter: RateLimiter  # per-user rates and login throttling

    @property
    def blobs(self) -> BlobStore:
        return self.knowledge.blobs


class _Slot:
    """Holds one operation's loaders; shared by reference with the tasks its field resolvers run in."""

    loaders: Loaders | None = None


# The current operation's loader slot. A context var, not a Context field: over a WebSocket one Context serves
# every operation of the connection for its whole life, while each operation runs in a task of its own. The
# slot is set when the operation (or a subscription's next event) starts, before graphql-core spreads field
# resolvers over child tasks: they copy the var, so they share the slot and batch together.
_loaders: ContextVar[_Slot | None] = ContextVar("switchboard_loaders", default=None)


def fresh_loaders() -> None:
    """A new, empty slot for this task: the operation (or the next event) that starts now gets new loaders."""
    _loaders.set(_Slot())


@dataclass
class Context:
    """What every resolver gets. Lives per HTTP request, or per WebSocket connection: nothing request-scoped
    (sessions, loader caches, settings) is stored on it."""

    services: AppServices
    request_id: str
    actor: Actor | None
    auth_error: str | None = None
    request: Any = None
    response: Any = None
    connection_params: dict[str, Any] | None = None  # graphql-transport-ws `connection_init` payload

    @property
    def settings(self) -> Settings:
        """The live settings: a config change reaches sockets opened before it."""
        return self.services.config.current

    @property
    def db(self) -> async_sessionmaker[AsyncSession]:
        return self.services.db

    @property
    def read(self) -> async_sessionmaker[AsyncSession]:
        """Sessions for reading: queries, subscriptions and loaders never take SQLite's write lock."""
        return self.services.read_db

    @property
    def user(self) -> Actor:
        """The acting user; UNAUTHENTICATED when the request has no valid credentials."""
        if self.actor is None:
            raise Unauthenticated(self.auth_error or "authentication required: send a bearer token or API key")
        return self.actor

    @property
    def admin(self) -> Actor:
        user = self.user
        if not user.is_admin:
            raise Forbidden("only an admin may do this")
        return user

    @property
    def loaders(self) -> Loaders:
        """This operation's dataloaders (this event's, in a subscription): batched and cached for it alone."""
        slot = _loaders.get()
        if slot is None:  # outside an operation (a direct call in a test): one slot for this task
            slot = _Slot()
            _loaders.set(slot)
        if slot.loaders is None:
            slot.loaders = Loaders.build(self.read, self.user)
        return slot.loaders

    async def usage_of(self, user_id: str) -> list[usage.ProviderUsage]:
        """A user's token usage today and their quotas; yours, or anyone's for an admin."""
        actor = self.user
        if user_id != actor.id and not actor.is_admin:
            raise Forbidden("only an admin may see another user's usage")
        async with self.read() as session:
            role = actor.role if user_id == actor.id else await usage.role_of(session, user_id)
            quotas = self.settings.quotas
            return await usage.standing(session, user_id, role == "admin", quotas)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session that commits when the block succeeds and rolls back when it raises."""
        async with self.db() as session:
            async with session.begin():
                queue.offer_slots(session, self.services.scheduler)  # a run it creates may start at once
                yield session
            if queue.started_in(session):
                # Let the run's task reach its provider request before this request builds its response.
                await asyncio.sleep(0)

    def page_args(self, *, first: int | None, after: str | None, last: int | None, before: str | None) -> PageArgs:
        limits = self.settings.limits
        return PageArgs.build(
            first=first,
            after=after,
            last=last,
            before=before,
            default_size=limits.default_page_size,
            max_size=limits.max_page_size,
        )

    def connection(self, page: Page[Any], convert: Callable[[Any], T]) -> Connection[T]:
        async def total() -> int:
            if page.total is not None:
                return page.total
            async with self.read() as session:
                return await count_rows(session, page)

        return connection(page, convert, encode_cursor, total)
