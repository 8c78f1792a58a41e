"""services/db/sqlite_driver.py: one round trip to the connection's thread per statement, with results,
errors and streaming exactly as with aiosqlite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from services.db import sqlite_driver
from services.db.engine import create_engine, session_factory


class Trips:
    """Counts calls queued to each connection's thread: awaited ones (round trips) and queued-only ones."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.awaited = 0
        self.queued = 0
        original = sqlite_driver.Connection._execute

        async def counted(connection: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
            self.awaited += 1
            return await original(connection, fn, *args, **kwargs)

        monkeypatch.setattr(sqlite_driver.Connection, "_execute", counted)
        close = sqlite_driver.Cursor.close

        async def queued(cursor: Any) -> None:
            self.queued += 1
            await close(cursor)

        monkeypatch.setattr(sqlite_driver.Cursor, "close", queued)

    def reset(self) -> None:
        self.awaited = self.queued = 0


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER UNIQUE)"))
        await conn.execute(text("INSERT INTO t (x) VALUES (:x)"), [{"x": i} for i in range(1000)])
    yield engine
    await engine.dispose()


async def test_the_engine_uses_the_driver(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        assert isinstance(raw.driver_connection, sqlite_driver.Connection)


async def test_a_statement_is_one_round_trip(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    trips = Trips(monkeypatch)
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))  # the pool's first checkout of this connection is done
        trips.reset()
        rows = (await conn.execute(text("SELECT x FROM t WHERE x < 3 ORDER BY x"))).all()
        assert [r.x for r in rows] == [0, 1, 2]
        assert (trips.awaited, trips.queued) == (1, 1)  # execute with its rows; the close is only queued


async def test_a_write_transaction_is_one_trip_per_statement(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BEGIN IMMEDIATE with the UPDATE ... RETURNING, the INSERT, COMMIT: three round trips (aiosqlite took a
    dozen). The pool's reset of the connection after the commit costs none: SQLite is in no transaction."""
    trips = Trips(monkeypatch)
    db = session_factory(engine)
    async with db() as session, session.begin():
        await session.execute(text("SELECT 1"))
    trips.reset()
    async with db() as session, session.begin():
        updated = await session.execute(text("UPDATE t SET x = x + 1000 WHERE x = 5 RETURNING x"))
        assert updated.scalar_one() == 1005
        inserted = await session.execute(text("INSERT INTO t (x) VALUES (5)"))
        assert inserted.rowcount == 1
    assert trips.awaited == 3
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t WHERE x IN (5, 1005)"))).scalar_one() == 2


async def test_results_longer_than_the_prefetch_are_read_whole(engine: AsyncEngine) -> None:
    assert sqlite_driver.PREFETCH < 1000
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT x FROM t ORDER BY x"))).all()
    assert [r.x for r in rows] == list(range(1000))


async def test_a_server_side_cursor_streams_in_bounded_batches(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`stream_results` with `yield_per` (backups read tables this way) reads rows as they are consumed, never
    more than a batch ahead."""
    sizes: list[int] = []
    fetchmany = sqlite_driver.Cursor.fetchmany

    async def recorded(cursor: Any, size: int | None = None) -> list[Any]:
        before = len(cursor._rows)
        rows = await fetchmany(cursor, size)
        sizes.append(before)
        return rows

    monkeypatch.setattr(sqlite_driver.Cursor, "fetchmany", recorded)
    seen: list[int] = []
    async with engine.connect() as conn:
        result = await conn.stream(text("SELECT x FROM t ORDER BY x"), execution_options={"yield_per": 100})
        async for partition in result.partitions():
            seen += [r.x for r in partition]
    assert seen == list(range(1000))
    assert max(sizes) <= sqlite_driver.PREFETCH  # never all 1,000 rows held at once


async def test_errors_are_the_drivers_and_the_connection_stays_usable(engine: AsyncEngine) -> None:
    db = session_factory(engine)
    with pytest.raises(IntegrityError, match="UNIQUE constraint failed"):
        async with db() as session, session.begin():
            await session.execute(text("INSERT INTO t (x) VALUES (7)"))
    async with db() as session, session.begin():
        await session.execute(text("INSERT INTO t (x) VALUES (-1)"))
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 1001


async def test_a_rolled_back_transaction_is_undone(engine: AsyncEngine) -> None:
    db = session_factory(engine)
    async with db() as session:
        await session.begin()
        await session.execute(text("DELETE FROM t"))
        await session.rollback()
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 1000


async def test_a_connection_returned_mid_transaction_is_rolled_back(engine: AsyncEngine) -> None:
    """The free rollback is only for a connection in no transaction: one given back inside a transaction (a
    request cut short) is still rolled back on SQLite's side."""
    conn = await engine.connect()
    await conn.begin()
    await conn.execute(text("DELETE FROM t"))
    await conn.close()  # back to the pool; the pool's reset rolls the open transaction back
    async with engine.connect() as other:
        assert (await other.execute(text("SELECT count(*) FROM t"))).scalar_one() == 1000


async def test_a_transaction_that_runs_nothing_costs_nothing(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    trips = Trips(monkeypatch)
    db = session_factory(engine)
    async with db() as session, session.begin():
        await session.connection()  # SQLAlchemy begins here; the BEGIN waits for a statement that never comes
    assert trips.awaited == 0
