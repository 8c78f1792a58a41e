"""Apply Alembic migrations at start-up (and from `make migration` during development)."""

from __future__ import annotations

import asyncio
import fcntl
from pathlib import Path
from typing import IO

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant: replicas starting together take turns instead of racing on DDL.
_PG_LOCK_KEY = 0x5B_0A7D


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    command.upgrade(alembic_config(connection), "head")


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Workers starting together take turns: an advisory lock on Postgres, a file lock beside SQLite."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    lock = None
    if database and database != ":memory:":
        lock = await asyncio.to_thread(_file_lock, Path(database).with_suffix(".migrate.lock"))
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade)
    finally:
        if lock is not None:
            lock.close()


def _file_lock(path: Path) -> IO[bytes]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("ab")
    fcntl.flock(handle, fcntl.LOCK_EX)  # released when the handle closes
    return handle


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()
