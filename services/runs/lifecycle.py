"""Run queries and commands shared by every kind: read, list, cancel."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services import outbox
from services.auth import Actor
from services.db.models import Run, RunItem
from services.db.types import utcnow
from services.errors import ServiceError, ValidationFailed
from services.ownership import get_owned, owned
from services.pagination import Page, PageArgs, paginate, row_select
from services.runs import events, queue
from services.runs.event_kinds import StatusChanged

KINDS = ("chat", "generation", "test", "benchmark", "ingest", "model_pull", "memory", "reindex", "backup", "cleanup")
STATUSES = ("queued", "running", "waiting", "succeeded", "failed", "cancelled")


class RunFinished(ServiceError):
    """The run already ended; there is nothing to cancel."""

    code = "RUN_FINISHED"

    def __init__(self, run_id: str, status: str) -> None:
        super().__init__(f"run {run_id!r} already ended with status {status.upper()}")
        self.run_id = run_id
        self.status = status


@dataclass
class RunFilter:
    kind: str | None = None
    status: str | None = None
    conversation_id: str | None = None
    created_after: datetime | None = None
    model: str | None = None
    agent_id: str | None = None


async def get(session: AsyncSession, actor: Actor, run_id: str) -> Run:
    return await get_owned(session, Run, actor, run_id)


async def list_page(session: AsyncSession, actor: Actor, where: RunFilter | None, args: PageArgs) -> Page[Any]:
    stmt = owned(row_select(Run), Run, actor)
    if where is not None:
        if where.kind:
            stmt = stmt.where(col(Run.kind) == where.kind)
        if where.status:
            stmt = stmt.where(col(Run.status) == where.status)
        if where.conversation_id:
            stmt = stmt.where(col(Run.conversation_id) == where.conversation_id)
        if where.created_after:
            stmt = stmt.where(col(Run.created_at) > where.created_after)
        if where.model:
            stmt = stmt.where(col(Run.model) == where.model)
        if where.agent_id:
            stmt = stmt.where(col(Run.agent_id) == where.agent_id)
    return await paginate(session, stmt, Run, args)


async def cancel(session: AsyncSession, actor: Actor, run_id: str) -> Run:
    """Cancel a run. A queued or waiting run is cancelled here and now; a running one is flagged, and after commit
    the process executing it (wherever it is) stops the provider stream and records CANCELLED with the partial
    output."""
    run = await get(session, actor, run_id)
    # A waiting run first (an answer may have queued it meanwhile), then a queued one (it may have started).
    for status in ("waiting", "queued"):
        if run.status == status and await _cancel_parked(session, run, status):
            return run
    if run.status == "running":
        await session.execute(
            update(Run).where(col(Run.id) == run.id).values(cancel_requested=True, updated_at=utcnow())
        )
        outbox.cancel(session, run.id)
        return run
    raise RunFinished(run.id, run.status)


async def _cancel_parked(session: AsyncSession, run: Run, status: str) -> bool:
    """Cancel a run that no process is executing (QUEUED or WAITING) at once; False if it moved on meanwhile."""
    now = utcnow()
    await queue.lock(session, run.provider)  # enqueue, claim, answers and expiry take it too
    done = await session.execute(
        update(Run)
        .where(col(Run.id) == run.id, col(Run.status) == status)
        .values(
            status="cancelled",
            finished_at=now,
            updated_at=now,
            queue_position=None,
            cancel_requested=True,
            waiting=None,
        )
    )
    moved: bool = done.rowcount == 1  # type: ignore[attr-defined]
    if moved:
        await events.write(session, run.id, [StatusChanged("cancelled")])
        if status == "queued":
            await queue.reposition(session, run.provider)
    await session.refresh(run)
    return moved


async def cancel_active(session: AsyncSession, actor: Actor, conversation_id: str) -> None:
    """Cancel every run of a conversation that is still queued, running or waiting."""
    stmt = select(col(Run.id)).where(
        col(Run.conversation_id) == conversation_id, col(Run.status).in_(("queued", "running", "waiting"))
    )
    for run_id in (await session.scalars(stmt)).all():
        with contextlib.suppress(RunFinished):
            await cancel(session, actor, run_id)


RESUMABLE = ("test", "benchmark", "generation")


async def resume(session: AsyncSession, actor: Actor, run_id: str) -> Run:
    """Queue a FAILED or CANCELLED batch run again, as the same run: its stored items stay and are skipped,
    items it had cancelled are redone, and its event log goes on after the old end."""
    run = await get(session, actor, run_id)
    if run.kind not in RESUMABLE:
        raise ValidationFailed(f"{run.kind.upper()} runs cannot be resumed, only TEST, BENCHMARK and GENERATION", "id")
    if run.status not in ("failed", "cancelled"):
        raise ValidationFailed(f"only a FAILED or CANCELLED run can be resumed; this one is {run.status.upper()}", "id")
    await session.execute(delete(RunItem).where(col(RunItem.run_id) == run.id, col(RunItem.status) == "cancelled"))
    await queue.put_back(session, run, error=None, finished_at=None, cancel_requested=False, attempts=0)
    await session.refresh(run)
    return run


async def events_page(session: AsyncSession, actor: Actor, run_id: str, after: int, limit: int) -> list[events.Event]:
    await get(session, actor, run_id)
    return await events.stored(session, run_id, after, limit)
