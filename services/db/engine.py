"""The async engine and session factory (created by the app lifespan, never at import time)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from services.db import sqlite_driver

SQLITE_BUSY_TIMEOUT_MS = 15_000


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An engine for ``sqlite+aiosqlite://`` or ``postgresql+asyncpg://`` URLs."""
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url.removeprefix("postgresql://")
    elif url.startswith("sqlite:///"):
        url = "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    kwargs: dict[str, Any] = {"echo": echo}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if url.startswith("sqlite+aiosqlite"):
            kwargs["module"] = sqlite_driver.dbapi()  # one thread round trip per statement, not four
    else:
        kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
    return engine


READ_ONLY = "switchboard_read_only"


def _sqlite_begin(connection: Any) -> None:
    # Writers: IMMEDIATE takes the write lock up front. A deferred transaction that reads and then writes
    # while another connection writes fails with "database is locked" at once (SQLite cannot wait there
    # without risking deadlock); an immediate one waits its turn under the busy timeout instead.
    # Readers (sessions from `read_session_factory`): a deferred BEGIN takes no write lock, so reads run
    # beside a writer under WAL, and a read cut short (a client gone mid-subscription) that leaves its
    # connection unreturned for a while blocks no writer.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # Leave BEGIN to us (see _sqlite_begin): the driver's own implicit BEGIN is always deferred.
    dbapi_connection.isolation_level = None


def session_factory(engine: AsyncEngine, session_class: type[Session] = Session) -> async_sessionmaker[AsyncSession]:
    """Sessions for writing. `session_class` is the outbox's, so what a transaction records is published when it
    commits. expire_on_commit=False: objects stay readable after commit without lazy loads under async."""
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=session_class)


def read_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for reads only (queries, subscriptions, dataloaders): a deferred BEGIN on SQLite.
    Writing through one fails loudly ("database is locked") when it meets another writer."""
    return async_sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)


def redact_url(url: str) -> str:
    """The URL without its password, for logs and the config query."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
