"""The queue lives in the runs table: QUEUED runs of a provider, highest priority (1) first; within a priority,
users take turns (fair rounds), and each user's runs stay in the order they were queued. Any process may enqueue;
each process claims runs up to its concurrency limit. Claiming and queue positions use one order (QUEUE_ORDER),
so a run's reported position is where it will be dispatched."""

from __future__ import annotations

import zlib
from typing import Any, Protocol

import structlog
from sqlalchemy import case, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services import outbox, tracing
from services.db.models import Run
from services.db.types import utcnow
from services.errors import ValidationFailed
from services.runs import admission, events
from services.runs.event_kinds import QueuePosition, StatusChanged

log = structlog.get_logger("switchboard.runs")
QUEUE_ORDER = (col(Run.priority), col(Run.fair_round), col(Run.created_at), col(Run.id))


async def lock(session: AsyncSession, provider: str) -> None:
    """Serialise changes to one provider's queue. Every transaction that enqueues, claims or cancels
    takes this first, so two of them never lock queue rows in opposite orders (a Postgres deadlock).
    SQLite needs nothing: its transactions already take the write lock up front (BEGIN IMMEDIATE)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        key = zlib.crc32(f"switchboard-queue:{provider}".encode())
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


async def claim(session: AsyncSession, provider: str, worker_id: str, limit: int) -> list[Run]:
    """Move up to `limit` of the provider's first queued runs to RUNNING for this worker. Call after
    `lock`; the conditional UPDATE still guards against a claim racing a cancel."""
    if limit <= 0:
        return []
    ids = list(
        (
            await session.scalars(
                select(col(Run.id))
                .where(col(Run.status) == "queued", col(Run.provider) == provider)
                .order_by(*QUEUE_ORDER)
                .limit(limit)
            )
        ).all()
    )
    claimed: list[Run] = []
    now = utcnow()
    for run_id in ids:
        done = await session.execute(
            update(Run)
            .where(col(Run.id) == run_id, col(Run.status) == "queued")
            .values(
                status="running",
                attempts=col(Run.attempts) + 1,
                worker_id=worker_id,
                started_at=now,
                heartbeat_at=now,
                queue_position=None,
                updated_at=now,
            )
        )
        if done.rowcount == 1:  # type: ignore[attr-defined]
            run = await session.get(Run, run_id, populate_existing=True)
            if run is not None:
                claimed.append(run)
    return claimed


async def reposition(session: AsyncSession, provider: str) -> None:
    """Renumber the provider's queue; log a QueuePosition event for every run whose position changed."""
    rows = (
        await session.execute(
            select(col(Run.id), col(Run.queue_position))
            .where(col(Run.status) == "queued", col(Run.provider) == provider)
            .order_by(*QUEUE_ORDER)
        )
    ).all()
    moved = {run_id: position for position, (run_id, old) in enumerate(rows, start=1) if old != position}
    ids = list(moved)
    for start in range(0, len(ids), events.BATCH):  # one statement per batch, not one per run that moved
        chunk = ids[start : start + events.BATCH]
        await session.execute(
            update(Run)
            .where(col(Run.id).in_(chunk))
            .values(queue_position=case({run_id: moved[run_id] for run_id in chunk}, value=col(Run.id)))
        )
    await events.write_each(session, {run_id: QueuePosition(position) for run_id, position in moved.items()})


async def fair_round(session: AsyncSession, provider: str, priority: int, owner_id: str) -> int:
    """The round of a new run: one after the owner's last waiting run at this priority (their runs keep their
    order), or, when they have none waiting, the round now at the head of the queue (a newcomer waits for one
    turn of each user ahead, not for their whole backlog). One user's 200 queued runs take rounds r..r+199;
    another user's next run takes round r and is dispatched second."""
    lowest, mine = (
        await session.execute(
            select(
                func.min(col(Run.fair_round)),
                func.max(case((col(Run.owner_id) == owner_id, col(Run.fair_round)))),
            ).where(col(Run.status) == "queued", col(Run.provider) == provider, col(Run.priority) == priority)
        )
    ).one()
    if mine is not None:
        return int(mine) + 1
    return int(lowest or 0)


def check_priority(priority: int) -> int:
    if not 1 <= priority <= 10:
        raise ValidationFailed("priority must be between 1 (highest) and 10", "priority")
    return priority


async def enqueue(
    session: AsyncSession,
    *,
    owner_id: str,
    kind: str,
    provider: str,
    model: str | None = None,
    priority: int = 5,
    agent_id: str | None = None,
    conversation_id: str | None = None,
    message_id: str | None = None,
    input: dict[str, Any] | None = None,
    admit: bool = True,
) -> Run:
    """The one way a run of any kind is queued: the row, its queue position (as events) and a wake-up of
    every dispatcher of `provider`, all published when the caller's transaction commits. Unless `admit` is
    False (a follow-up the server queues itself), the queue caps and the owner's token quota are checked
    first (services/runs/admission.py): QueueFull or QuotaExceeded."""
    await lock(session, provider)
    queued = await admission.admit(session, owner_id=owner_id, provider=provider, kind=kind) if admit else None
    priority = check_priority(priority)
    starter = session.sync_session.info.get(STARTER)
    if starter is not None and not await _waiting(session, provider, queued) and starter.reserve(provider):
        return await _start_now(
            session,
            starter,
            Run(
                owner_id=owner_id,
                kind=kind,
                priority=priority,
                provider=provider,
                model=model,
                agent_id=agent_id,
                conversation_id=conversation_id,
                message_id=message_id,
                input=input or {},
            ),
        )
    run = Run(
        owner_id=owner_id,
        kind=kind,
        priority=priority,
        fair_round=await fair_round(session, provider, priority, owner_id),
        provider=provider,
        model=model,
        agent_id=agent_id,
        conversation_id=conversation_id,
        message_id=message_id,
        input=input or {},
    )
    session.add(run)
    await session.flush()
    await reposition(session, provider)
    outbox.wake(session, provider)
    await session.refresh(run)
    log.info("run queued", run_id=run.id, kind=kind, provider=provider, model=model)
    tracing.note_run(run.id)  # ties the operation's trace to the run's
    return run


STARTER = "switchboard.starter"


class Starter(Protocol):
    """This process's scheduler, as `enqueue` sees it: a run with a free slot and nobody waiting ahead of it starts
    in the transaction that creates it, and its task when that commits (services/runs/scheduler.py)."""

    worker_id: str

    def reserve(self, provider: str) -> bool: ...

    def adopt(self, run: Run) -> None: ...

    def release(self, provider: str) -> None: ...


def offer_slots(session: AsyncSession, starter: Starter) -> None:
    """Let runs this session creates start at once when a slot is free (request transactions do)."""
    session.sync_session.info[STARTER] = starter


STARTED = "switchboard.started"


def started_in(session: AsyncSession) -> bool:
    """A run this session created started at once (its task is launched when the transaction commits)."""
    return bool(session.sync_session.info.get(STARTED))


async def _waiting(session: AsyncSession, provider: str, queued: int | None) -> bool:
    """Some run of the provider waits; `queued` is the count admission read under the same lock, if it did."""
    if queued is not None:
        return queued > 0
    found = await session.scalar(
        select(col(Run.id)).where(col(Run.status) == "queued", col(Run.provider) == provider).limit(1)
    )
    return found is not None


async def _start_now(session: AsyncSession, starter: Starter, run: Run) -> Run:
    """The run is RUNNING from its first row (the row is still written: it is how a run is seen and recovered),
    its log starts with that status, and no dispatcher round-trip stands between the request and the provider."""
    now = utcnow()
    run.status, run.attempts, run.worker_id, run.started_at, run.heartbeat_at = (
        "running",
        1,
        starter.worker_id,
        now,
        now,
    )
    await events.write_first(session, run, [StatusChanged("running")])
    session.sync_session.info[STARTED] = True
    outbox.after_commit(session, lambda: starter.adopt(run), lambda: starter.release(run.provider))
    log.info("run started at once", run_id=run.id, kind=run.kind, provider=run.provider, model=run.model)
    tracing.note_run(run.id)
    return run


async def put_back(session: AsyncSession, run: Run, *, where: tuple[Any, ...] = (), **values: Any) -> bool:
    """A RUNNING, FAILED or CANCELLED run queued again as the same run (its log goes on); False when the
    conditions in `where` no longer hold (another process moved it first)."""
    await lock(session, run.provider)
    moved = await session.execute(
        update(Run)
        .where(col(Run.id) == run.id, *where)
        .values(status="queued", worker_id=None, heartbeat_at=None, updated_at=utcnow(), **values)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        return False
    await events.write(session, run.id, [StatusChanged("queued")])
    await reposition(session, run.provider)
    outbox.wake(session, run.provider)
    return True
