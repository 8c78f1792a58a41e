"""aiosqlite with one thread round trip per statement, for SQLAlchemy's aiosqlite dialect.

aiosqlite runs each sqlite3 call on the connection's own thread, and every call is a round trip: the event loop
queues it, the thread wakes, runs it, and wakes the loop. SQLAlchemy's adapter makes four such calls per
statement (open a cursor, execute, fetch the rows, close the cursor) and one more to roll back a connection
returned to the pool, even after a commit. On a small machine a round trip costs 50-100 µs of CPU, far more
than SQLite's own work for the statements Switchboard runs: a token's event write was a dozen round trips.

Here a statement is one round trip:
- `BEGIN` goes with the transaction's first statement, in its round trip (a transaction that runs none costs none);
- the sqlite3 cursor is made on the calling thread (a Python object; `check_same_thread=False` allows it, and
  every call that touches the database still runs on the connection's thread, one at a time);
- executing fetches the first `PREFETCH` rows in the same call, so most results need no second trip, and a
  larger one (or a server-side cursor's `yield_per` batches) fetches the rest as it is read, never all at once;
- closing the cursor is queued behind the next call, not waited for (its rows are already read);
- rolling back a connection that is in no transaction (the pool's reset after a commit) is no call at all.

Everything else, errors included, is aiosqlite's: they are subclasses of its Connection and Cursor.
"""

from __future__ import annotations

import sqlite3
import types
from collections import deque
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import aiosqlite
from aiosqlite.context import contextmanager
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_dbapi

PREFETCH = 256  # rows read with the statement itself; more are read in batches as the caller asks for them


class Cursor(aiosqlite.Cursor):
    """A cursor whose `execute` also reads the first rows, in the same round trip."""

    def __init__(self, conn: aiosqlite.Connection, cursor: sqlite3.Cursor) -> None:
        super().__init__(conn, cursor)
        self._rows: deque[Any] = deque()
        self._more = False  # rows may remain in sqlite3's cursor beyond those read

    def _run(self, begin: str | None, sql: str, parameters: Any) -> tuple[list[Any], bool]:
        """On the connection's thread: the transaction's BEGIN if it is pending, the statement, then up to
        PREFETCH of its rows."""
        if begin is not None:
            self._cursor.execute(begin)
        self._cursor.execute(sql, parameters)
        if self._cursor.description is None:
            return [], False
        rows = self._cursor.fetchmany(PREFETCH)
        return rows, len(rows) == PREFETCH

    def _run_many(self, begin: str | None, sql: str, parameters: Any) -> None:
        if begin is not None:
            self._cursor.execute(begin)
        self._cursor.executemany(sql, parameters)

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> Cursor:
        conn = self._connection()
        self._rows, self._more = deque(), False
        if sql in BEGINS:
            conn.begin(sql)
            return self
        rows, self._more = await conn.run(self._run, sql, [] if parameters is None else parameters)
        self._rows = deque(rows)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> Cursor:
        self._rows, self._more = deque(), False
        await self._connection().run(self._run_many, sql, parameters)
        return self

    def _connection(self) -> Connection:
        conn = self._conn
        assert isinstance(conn, Connection)
        return conn

    async def fetchall(self) -> list[Any]:
        rows = list(self._rows)
        self._rows.clear()
        if self._more:
            self._more = False
            rows.extend(await self._execute(self._cursor.fetchall))  # type: ignore[no-untyped-call]  # aiosqlite's
        return rows

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        size = self._cursor.arraysize if size is None else size
        if len(self._rows) < size and self._more:
            wanted = max(size - len(self._rows), PREFETCH)
            more = await self._execute(self._cursor.fetchmany, wanted)  # type: ignore[no-untyped-call]  # aiosqlite's
            self._more = len(more) == wanted
            self._rows.extend(more)
        return [self._rows.popleft() for _ in range(min(size, len(self._rows)))]

    async def fetchone(self) -> Any:
        rows = await self.fetchmany(1)
        return rows[0] if rows else None

    async def close(self) -> None:
        # Its rows are read (or the caller is done with them): free the statement behind whatever the thread runs
        # next. Nothing waits for it; a close that fails (the connection closed first) has nothing left to free.
        self._rows.clear()
        self._conn._tx.put_nowait((None, self._cursor.close))


class Connection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors are made without a round trip, whose BEGIN waits for the first
    statement, and whose idle rollback is free."""

    def __init__(self, connector: Any, iter_chunk_size: int) -> None:
        super().__init__(connector, iter_chunk_size)
        self._begin: str | None = None  # a BEGIN not yet sent: it goes with the next statement

    @contextmanager
    async def cursor(self) -> Cursor:  # type: ignore[override]  # aiosqlite's decorator types its own Cursor
        return Cursor(self, self._conn.cursor())

    def begin(self, sql: str) -> None:
        """Start a transaction with the next statement."""
        self._begin = sql

    async def run(self, fn: Any, *args: Any) -> Any:
        """`fn(begin, *args)` on the connection's thread, `begin` being the pending BEGIN (sent by `fn` first)."""
        begin, self._begin = self._begin, None
        return await self._execute(fn, begin, *args)  # type: ignore[no-untyped-call]  # aiosqlite's

    async def commit(self) -> None:
        if self._begin is not None:
            self._begin = None  # nothing was run: there is nothing to commit
        else:
            await super().commit()

    async def rollback(self) -> None:
        if self._begin is not None:
            self._begin = None
        elif self._conn.in_transaction:
            await super().rollback()


BEGINS = frozenset({"BEGIN", "BEGIN IMMEDIATE"})  # how services/db/engine.py begins reads and writes


def connect(database: str | bytes | Path, *, iter_chunk_size: int = 64, **kwargs: Any) -> Connection:
    """As `aiosqlite.connect`, with `check_same_thread=False` (cursors are made on the event loop's thread)."""
    location = database.decode() if isinstance(database, bytes) else str(database)
    kwargs["check_same_thread"] = False
    return Connection(partial(sqlite3.connect, location, **kwargs), iter_chunk_size)


def dbapi() -> AsyncAdapt_aiosqlite_dbapi:
    """The `module=` for `create_async_engine` on a sqlite+aiosqlite URL: SQLAlchemy's aiosqlite adapter over
    this module's connections."""
    module = types.ModuleType("switchboard_aiosqlite")
    module.__dict__.update(vars(aiosqlite))
    module.__dict__.update(connect=connect, Connection=Connection, Cursor=Cursor)
    return AsyncAdapt_aiosqlite_dbapi(module, sqlite3)
