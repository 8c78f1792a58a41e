"""The typed per-request context (DESIGN.md convention 2) and the shared app services behind it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from resolvers.dataloaders import Loaders
from schema.common import connection
from services.auth import Actor, TokenCodec
from services.config import ConfigService
from services.errors import Forbidden, Unauthenticated
from services.knowledge.blobs import BlobStore
from services.knowledge.index import Knowledge
from services.outbox import Outbox
from services.pagination import Page, PageArgs, count_rows, encode_cursor
from services.providers import Providers
from services.pubsub import PubSub
from services.runs.scheduler import Scheduler
from services.settings import Settings


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
    scheduler: Scheduler
    knowledge: Knowledge

    @property
    def blobs(self) -> BlobStore:
        return self.knowledge.blobs


@dataclass
class Context:
    services: AppServices
    settings: Settings
    request_id: str
    actor: Actor | None
    auth_error: str | None = None
    request: Any = None
    response: Any = None
    connection_params: dict[str, Any] | None = None  # graphql-transport-ws `connection_init` payload
    _loaders: Loaders | None = field(default=None, repr=False)

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
        if self._loaders is None:
            self._loaders = Loaders.build(self.read, self.user)
        return self._loaders

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session that commits when the block succeeds and rolls back when it raises."""
        async with self.db() as session, session.begin():
            yield session

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

    def connection(self, page: Page[Any], convert: Callable[[Any], Any]) -> Any:
        async def total() -> int:
            if page.total is not None:
                return page.total
            async with self.read() as session:
                return await count_rows(session, page)

        return connection(page, convert, encode_cursor, total)
