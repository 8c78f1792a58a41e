"""The run event log: `write` (atomic seq allocation, publication on commit) and `follow` (replay, then live).

Events are written to the database and published only after their transaction commits (services.outbox),
so a subscriber that sees a live event with a gap before it can always fill the gap from the database.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import col

from services import feeds, outbox
from services.db.models import Run, RunEvent
from services.db.types import utcnow
from services.memo import IdentityMemo
from services.pubsub import PubSub, run_channel
from services.runs.event_kinds import TERMINAL, EventKind, StatusChanged, decode

# How long a follower waits for a live event before it looks in the database itself: covers a
# subscription that became active just after an event was published.
POLL_SECONDS = 1.0
MAX_POLL_SECONDS = 8.0  # the longest a quiet follower waits before it looks again (doubling from POLL_SECONDS)


@dataclass(frozen=True)
class Event:
    """One entry of a run's log: its place (`seq`) and what happened (`kind`, one of services.runs.event_kinds)."""

    run_id: str
    seq: int
    kind: EventKind
    created_at: datetime
    # Handed as this one object to every follower in the process (`live`): what is derived from it can be shared.
    shared: bool = field(default=False, compare=False)

    @property
    def terminal(self) -> bool:
        return isinstance(self.kind, StatusChanged) and self.kind.terminal

    def to_message(self) -> dict[str, Any]:
        """The run channel's one message shape."""
        return {
            "run_id": self.run_id,
            "seq": self.seq,
            "type": self.kind.TYPE,
            "data": self.kind.to_data(),
            "at": self.created_at.isoformat(),
        }

    @classmethod
    def from_message(cls, message: dict[str, Any], *, shared: bool = False) -> Event:
        kind = decode(message["type"], message["data"])
        return cls(message["run_id"], message["seq"], kind, datetime.fromisoformat(message["at"]), shared)

    @classmethod
    def from_row(cls, row: Any) -> Event:
        return cls(row.run_id, row.seq, decode(row.type, row.data), row.created_at)


_LIVE: IdentityMemo[dict[str, Any], Event] = IdentityMemo(1024)


def live(message: dict[str, Any]) -> Event:
    """The event a run-channel message holds; the same Event for every follower handed the same message (they
    all are, in one process: services.pubsub), so what is derived from it can be derived once."""
    return _LIVE.get(message, _shared_event)


def _shared_event(message: dict[str, Any]) -> Event:
    return Event.from_message(message, shared=True)


# The log's two hot statements, built once: every streaming run flushes tokens many times a second. Core, on the
# session's connection: the ORM's bulk UPDATE (evaluating its criteria against the identity map) and unit of work
# cost more than SQLite's own work for them. One UPDATE takes the seqs of every run that appends the same number
# of events, however many runs a batch holds: on SQLite the write lock is held for a few statements, not one per run.
_NEXT_SEQS = (
    update(Run)
    .where(col(Run.id).in_(bindparam("b_run_ids", expanding=True)))
    .values(last_seq=col(Run.last_seq) + bindparam("b_count", type_=Integer))
    .returning(col(Run.id), col(Run.last_seq), col(Run.conversation_id))
)
_INSERT_EVENTS = insert(RunEvent)
BATCH = 500  # runs per UPDATE (well under SQLite's bound-parameter limit)


async def write(session: AsyncSession, run_id: str, kinds: Sequence[EventKind]) -> list[Event]:
    """Append events inside the caller's transaction; seqs come from an atomic counter on the run. They are
    published on the run's channel (and its conversation's feed) when the transaction commits."""
    return (await write_many(session, [(run_id, kinds)]))[0]


async def write_many(
    session: AsyncSession, appends: Sequence[tuple[str, Sequence[EventKind]]], *, missing_ok: bool = False
) -> list[list[Event]]:
    """`write` for many appends (of one run or many) in a few statements: the events of each append, in order.
    A run that does not exist raises LookupError, or with `missing_ok` gets no events."""
    totals: dict[str, int] = {}
    for run_id, kinds in appends:
        totals[run_id] = totals.get(run_id, 0) + len(kinds)
    by_count: dict[int, list[str]] = {}
    for run_id, count in totals.items():
        if count:
            by_count.setdefault(count, []).append(run_id)
    if not by_count:
        return [[] for _ in appends]
    connection = await session.connection()
    following: dict[str, tuple[int, str | None]] = {}  # run -> (its next seq to hand out, its conversation)
    for count, run_ids in by_count.items():
        for start in range(0, len(run_ids), BATCH):
            chunk = run_ids[start : start + BATCH]
            taken = await connection.execute(_NEXT_SEQS, {"b_run_ids": chunk, "b_count": count})
            for run_id, last, conversation_id in taken:
                following[run_id] = (last - count + 1, conversation_id)
                loaded = session.identity_map.get(identity_key(Run, run_id))
                if loaded is not None:  # what the ORM's UPDATE would have done: the loaded run shows its last seq
                    set_committed_value(loaded, "last_seq", last)
    if not missing_ok and (missing := [r for r in totals if totals[r] and r not in following]):
        raise LookupError(f"run {missing[0]} does not exist")
    written: list[list[Event]] = []
    rows: list[dict[str, Any]] = []
    for run_id, kinds in appends:
        if not kinds or run_id not in following:
            written.append([])
            continue
        first, conversation_id = following[run_id]
        events, run_rows = _record(session, run_id, conversation_id, first, kinds)
        following[run_id] = (first + len(kinds), conversation_id)
        written.append(events)
        rows += run_rows
    if rows:  # with `missing_ok` every run may be gone; an INSERT of no rows would insert one of defaults
        await connection.execute(_INSERT_EVENTS, rows)
    return written


async def write_first(session: AsyncSession, run: Run, kinds: Sequence[EventKind]) -> list[Event]:
    """Adds a new run (not in the database yet) with its first events: seqs from 1, set on the row as it is
    inserted, so no counter is updated."""
    if run.last_seq:
        raise ValueError(f"run {run.id} already has events")
    run.last_seq = len(kinds)
    session.add(run)
    await session.flush()  # the run's row before its events' (their foreign key)
    events, rows = _record(session, run.id, run.conversation_id, 1, kinds)
    await (await session.connection()).execute(_INSERT_EVENTS, rows)
    return events


def _record(
    session: AsyncSession, run_id: str, conversation_id: str | None, first: int, kinds: Sequence[EventKind]
) -> tuple[list[Event], list[dict[str, Any]]]:
    """The events from seq `first`, published when the transaction commits, and their rows."""
    now = utcnow()
    events = [Event(run_id, first + i, kind, now) for i, kind in enumerate(kinds)]
    rows = []
    for e in events:
        message = e.to_message()
        rows.append({"run_id": run_id, "seq": e.seq, "type": e.kind.TYPE, "data": message["data"], "created_at": now})
        outbox.record(session, run_channel(run_id), message)
        if conversation_id:
            feeds.run_event(session, conversation_id, message)
    return events, rows


async def write_each(session: AsyncSession, kinds: dict[str, EventKind]) -> None:
    """One event for each of many runs (a queue renumbering): the same log entries and publications as `write`,
    in a few statements per batch of runs instead of two per run. A run deleted meanwhile is skipped."""
    await write_many(session, [(run_id, [kind]) for run_id, kind in kinds.items()], missing_ok=True)


async def append(db: async_sessionmaker[AsyncSession], run_id: str, kinds: Sequence[EventKind]) -> list[Event]:
    """`write` in a transaction of its own."""
    async with db() as session, session.begin():
        return await write(session, run_id, kinds)


class EventWriter:
    """The one writer of running runs' events in a process: appends that arrive while a transaction is being
    written go together in the next one (group commit), so a hundred streaming runs cost a few transactions per
    flush window rather than one each. Each caller gets its events once they are committed and published, as
    with `append`; an append that fails (its run was deleted) fails alone. A caller cancelled while waiting does
    not take its events back: they are written, as a cancel never un-happens what a run already did."""

    def __init__(self, db: async_sessionmaker[AsyncSession]) -> None:
        self.db = db
        self._pending: list[tuple[str, Sequence[EventKind], asyncio.Future[list[Event]]]] = []
        self._task: asyncio.Task[None] | None = None
        self.transactions = 0  # committed batches, for tests and benches

    async def append(self, run_id: str, kinds: Sequence[EventKind]) -> list[Event]:
        if not kinds:
            return []
        future: asyncio.Future[list[Event]] = asyncio.get_running_loop().create_future()
        future.add_done_callback(_retrieved)  # a caller cancelled meanwhile leaves no unretrieved error behind
        self._pending.append((run_id, kinds, future))
        if self._task is None or self._task.done():
            # A context of its own: the writer serves every run, so it must not carry the first caller's log
            # bindings or trace.
            self._task = asyncio.create_task(self._run(), name="background:event-writer", context=contextvars.Context())
        return await asyncio.shield(future)

    async def _run(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                async with self.db() as session, session.begin():
                    written = await write_many(session, [(run_id, kinds) for run_id, kinds, _ in batch])
            except Exception:
                # One bad append must not fail the others: write each alone, and fail only those that fail.
                for run_id, kinds, future in batch:
                    try:
                        result = await append(self.db, run_id, kinds)
                    except Exception as exc:
                        future.set_exception(exc)
                    else:
                        future.set_result(result)
                continue
            self.transactions += 1
            for (_, _, future), events in zip(batch, written, strict=True):
                future.set_result(events)

    async def close(self) -> None:
        """Write what is pending, then stop."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)


def _retrieved(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


async def stored(session: AsyncSession, run_id: str, after: int, limit: int | None = None) -> list[Event]:
    stmt = select(RunEvent).where(col(RunEvent.run_id) == run_id, col(RunEvent.seq) > after).order_by(col(RunEvent.seq))
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = (await session.scalars(stmt)).all()
    return [Event.from_row(row) for row in rows]


async def follow(
    db: async_sessionmaker[AsyncSession], pubsub: PubSub, run_id: str, after: int = 0
) -> AsyncGenerator[Event, None]:
    """Every event with seq > after, in order, each once: stored ones first, then live ones.
    Ends after the run's final status event (a resumed run's earlier end is not final)."""
    last = after
    async with pubsub.subscribe(run_channel(run_id)) as subscription:
        # Subscribed before reading the log: nothing written from now on can be missed.
        async with db() as session:
            backlog = await stored(session, run_id, last)
        for item in backlog:
            yield item
            last = item.seq
            if item.terminal and await _ended(db, run_id, last):  # a resumed run goes on after its old end
                return
        if await _ended(db, run_id, last):  # e.g. resumed with the final seq: nothing more will come
            return
        wait = POLL_SECONDS
        while True:
            event: Event | None
            try:
                async with asyncio.timeout(wait):  # not wait_for: it can swallow a cancel on 3.11
                    message = await subscription.get()
                event = live(message)
                pending = [event]
                wait = POLL_SECONDS
            except TimeoutError:
                if subscription.pending():
                    # Not quiet, only late: an overloaded loop ran the timer before the woken reader. Reading the
                    # log now would cost every follower a query exactly when the process can least afford it.
                    continue
                # Quiet: look in the log (a message may have been lost), less often the longer it stays quiet, so a
                # thousand idle watchers cost a few cheap queries a second, not two thousand.
                event, pending = None, []
                wait = min(wait * 2, MAX_POLL_SECONDS)
            if event is None or event.seq > last + 1:  # quiet, or a gap: the log has the truth
                async with db() as session:
                    status, last_seq = await _state(session, run_id)
                    if last_seq > last:
                        pending = await stored(session, run_id, last)
                if not pending and (status is None or (status in TERMINAL and last_seq <= last)):
                    return
            for item in pending:
                if item.seq <= last:
                    continue  # already delivered (replayed, or seen live)
                yield item
                last = item.seq
                if item.terminal and await (_ended_at(db, item) if item.shared else _ended(db, run_id, last)):
                    return


_ENDINGS: IdentityMemo[Event, asyncio.Future[bool]] = IdentityMemo(256)


async def _ended_at(db: async_sessionmaker[AsyncSession], event: Event) -> bool:
    """`_ended` after a live final event, asked once for all its followers in this process: a thousand watchers of
    one run would otherwise each read the run's status the moment it ends."""
    ending = _ENDINGS.peek(event)
    if ending is None:
        ending = asyncio.ensure_future(_ended(db, event.run_id, event.seq))
        ending.add_done_callback(_retrieved)
        _ENDINGS.put(event, ending)
    return await asyncio.shield(ending)  # a follower that goes away does not cancel the others' answer


async def _state(session: AsyncSession, run_id: str) -> tuple[str | None, int]:
    """The run's status and last seq (None, 0 once it is deleted): one indexed read."""
    row = (await session.execute(select(col(Run.status), col(Run.last_seq)).where(col(Run.id) == run_id))).first()
    return (None, 0) if row is None else (row.status, row.last_seq)


async def _ended(db: async_sessionmaker[AsyncSession], run_id: str, last: int) -> bool:
    """The run is over and the follower has seen its whole log."""
    async with db() as session:
        status, last_seq = await _state(session, run_id)
    return status is None or (status in TERMINAL and last_seq <= last)
