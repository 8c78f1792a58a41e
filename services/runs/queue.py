"""The queue lives in the runs table: QUEUED runs of a provider, highest priority (1) first, FIFO
within a priority. Any process may enqueue; each process claims runs up to its concurrency limit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.db.models import Run
from services.db.types import utcnow
from services.runs import events

QUEUE_ORDER = (col(Run.priority), col(Run.created_at), col(Run.id))


async def claim_next(session: AsyncSession, provider: str, worker_id: str) -> Run | None:
    """Move the first queued run of `provider` to RUNNING for this worker, or None if the queue is empty.
    The conditional UPDATE makes a claim exclusive even when several processes race for the same run."""
    for _ in range(5):
        stmt = (
            select(col(Run.id))
            .where(col(Run.status) == "queued", col(Run.provider) == provider)
            .order_by(*QUEUE_ORDER)
            .limit(1)
        )
        if session.bind is not None and session.bind.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        run_id = await session.scalar(stmt)
        if run_id is None:
            return None
        now = utcnow()
        claimed = await session.execute(
            update(Run)
            .where(col(Run.id) == run_id, col(Run.status) == "queued")
            .values(
                status="running",
                worker_id=worker_id,
                started_at=now,
                heartbeat_at=now,
                queue_position=None,
                updated_at=now,
            )
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            return await session.get(Run, run_id, populate_existing=True)
    return None


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
