"""SQLite transactions: writers take the write lock up front; readers never take it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, text

from services.db.engine import create_engine, read_session_factory, session_factory


@pytest.fixture
async def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (x INTEGER)"))
    yield engine
    await engine.dispose()


async def test_readers_begin_deferred_and_writers_immediate(engine) -> None:  # type: ignore[no-untyped-def]
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    async with read_session_factory(engine)() as session:
        await session.execute(text("SELECT count(*) FROM t"))
    async with session_factory(engine)() as session, session.begin():
        await session.execute(text("INSERT INTO t VALUES (1)"))
    assert [s for s in statements if s.startswith("BEGIN")] == ["BEGIN", "BEGIN IMMEDIATE"]


async def test_an_open_read_transaction_does_not_block_a_writer(engine) -> None:  # type: ignore[no-untyped-def]
    """A subscription cut short inside a read may leave its transaction open until the connection is
    collected; with IMMEDIATE reads that held the write lock and every writer waited out the busy timeout."""
    async with read_session_factory(engine)() as reader:
        await reader.execute(text("SELECT count(*) FROM t"))  # the read transaction stays open here
        async with session_factory(engine)() as writer, writer.begin():
            await writer.execute(text("PRAGMA busy_timeout = 0"))  # would fail at once if the lock were held
            await writer.execute(text("INSERT INTO t VALUES (1)"))
        assert (await reader.execute(text("SELECT count(*) FROM t"))).scalar() == 0  # its snapshot
    async with read_session_factory(engine)() as reader:
        assert (await reader.execute(text("SELECT count(*) FROM t"))).scalar() == 1
