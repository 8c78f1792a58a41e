"""The queue lives in the runs table: QUEUED runs of a provider, highest priority (1) first, FIFO
within a priority. Any process may enqueue; each process claims runs up to its concurrency limit."""

from __future__ import annotations

import zlib
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.db.models import Run
from services.db.types import utcnow
from services.runs import events

QUEUE_ORDER = (col(Run.priority), col(Run.created_at), col(Run.id))


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


async def reposition(session: AsyncSession, provider: str) -> list[tuple[str, list[events.Event]]]:
    """Renumber the provider's queue; write a `queue` event for every run whose position changed."""
    rows = (
        await session.execute(
            select(col(Run.id), col(Run.queue_position))
            .where(col(Run.status) == "queued", col(Run.provider) == provider)
            .order_by(*QUEUE_ORDER)
        )
    ).all()
    written: list[tuple[str, list[events.Event]]] = []
    for position, (run_id, old) in enumerate(rows, start=1):
        if old != position:
            await session.execute(update(Run).where(col(Run.id) == run_id).values(queue_position=position))
            written.append((run_id, await events.write(session, run_id, [("queue", {"position": position})])))
    return written


def status_event(status: str, **extra: Any) -> tuple[str, dict[str, Any]]:
    return ("status", {"status": status, **{k: v for k, v in extra.items() if v is not None}})
