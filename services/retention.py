"""Retention: the policies in `[retention]` applied by a CLEANUP run, or reported without changing anything
(a dry run). Also the schedule that queues a CLEANUP run on an interval.

- Compaction: a finished run's token deltas older than the policy become one `RunCompacted` event, stored at the
  last delta's seq. Every other event keeps its seq and the run its `last_seq`, so `runEvents(after: k)` still
  means "what came after k": inside the compacted range it yields the compacted text, then what followed.
- Deletion: finished runs (with their events and items; a BACKUP run's artifact too), contents (their vectors
  and, when no other content shares them, their files) and conversations (by last activity; their messages and
  runs cascade) older than their policy. A policy left unset deletes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services.auth import Actor
from services.backup.runs import MAINTENANCE_QUEUE, artifact_path
from services.db.models import Content, Conversation, Run, RunEvent
from services.db.types import utcnow
from services.errors import Forbidden
from services.knowledge import content as contents
from services.knowledge.index import Knowledge
from services.runs import queue
from services.runs.event_kinds import TERMINAL, RunCompacted, TokenDelta, UsageReported, progress
from services.runs.scheduler import Outcome, RunContext
from services.settings import RetentionSettings, Settings

log = structlog.get_logger("switchboard.retention")
BATCH = 200  # runs compacted or rows deleted per transaction: short write locks


@dataclass
class CleanupReport:
    """What a cleanup removed, or would remove (`dry_run`)."""

    dry_run: bool
    compacted_runs: int = 0
    compacted_events: int = 0
    deleted_runs: int = 0
    deleted_contents: int = 0
    deleted_conversations: int = 0

    def to_result(self) -> dict[str, Any]:
        words = asdict(self)
        return {"".join(w.capitalize() if i else w for i, w in enumerate(k.split("_"))): v for k, v in words.items()}


def _cutoff(now: datetime, days: float | None) -> datetime | None:
    return None if days is None else now - timedelta(days=days)


Step = Callable[[str], Awaitable[None]]


async def _nothing(message: str) -> None:
    return None


async def apply(
    db: async_sessionmaker[AsyncSession],
    knowledge: Knowledge,
    data_dir: Path,
    policy: RetentionSettings,
    actor: Actor,
    *,
    dry_run: bool,
    now: datetime | None = None,
    step: Step = _nothing,
) -> CleanupReport:
    now = now or utcnow()
    report = CleanupReport(dry_run=dry_run)
    if (cutoff := _cutoff(now, policy.compact_run_events_after_days)) is not None:
        await step("compacting finished runs' token deltas")
        report.compacted_runs, report.compacted_events = await compact_runs(db, cutoff, dry_run=dry_run)
    if (cutoff := _cutoff(now, policy.delete_runs_after_days)) is not None:
        await step("deleting finished runs")
        report.deleted_runs = await _delete_runs(db, data_dir, cutoff, dry_run=dry_run)
    if (cutoff := _cutoff(now, policy.delete_contents_after_days)) is not None:
        await step("deleting contents")
        report.deleted_contents = await _delete_contents(db, knowledge, actor, cutoff, dry_run=dry_run)
    if (cutoff := _cutoff(now, policy.delete_conversations_after_days)) is not None:
        await step("deleting conversations")
        report.deleted_conversations = await _delete_conversations(db, cutoff, dry_run=dry_run)
    return report


def _finished_before(cutoff: datetime) -> tuple[Any, ...]:
    return (col(Run.status).in_(TERMINAL), col(Run.finished_at) < cutoff)


async def compact_runs(db: async_sessionmaker[AsyncSession], cutoff: datetime, *, dry_run: bool) -> tuple[int, int]:
    """(runs, token events) compacted; a dry run counts them."""
    stmt = (
        select(col(RunEvent.run_id), func.count())
        .join(Run, col(Run.id) == col(RunEvent.run_id))
        .where(col(RunEvent.type) == TokenDelta.TYPE, *_finished_before(cutoff))
        .group_by(col(RunEvent.run_id))
    )
    if dry_run:
        async with db() as session:
            rows = (await session.execute(stmt)).all()
        return len(rows), sum(n for _, n in rows)
    runs = events = 0
    while True:
        async with db() as session, session.begin():
            batch = (await session.execute(stmt.order_by(col(RunEvent.run_id)).limit(BATCH))).all()
            for run_id, _count in batch:
                events += await _compact(session, run_id)
        runs += len(batch)
        if len(batch) < BATCH:
            return runs, events


async def _compact(session: AsyncSession, run_id: str) -> int:
    tokens = (
        await session.execute(
            select(col(RunEvent.seq), col(RunEvent.data))
            .where(col(RunEvent.run_id) == run_id, col(RunEvent.type) == TokenDelta.TYPE)
            .order_by(col(RunEvent.seq))
        )
    ).all()
    if not tokens:
        return 0
    run = await session.get(Run, run_id)
    assert run is not None
    first, last = tokens[0][0], tokens[-1][0]
    kind = RunCompacted(
        from_seq=first,
        to_seq=last,
        text="".join(str(data.get("text", "")) for _, data in tokens),
        usage=UsageReported(run.prompt_tokens, run.completion_tokens, run.ttft_ms, run.tokens_per_second),
    )
    await session.execute(delete(RunEvent).where(col(RunEvent.run_id) == run_id, col(RunEvent.type) == TokenDelta.TYPE))
    await session.execute(
        insert(RunEvent).values(run_id=run_id, seq=last, type=kind.TYPE, data=kind.to_data(), created_at=utcnow())
    )
    return len(tokens)


async def _delete_runs(db: async_sessionmaker[AsyncSession], data_dir: Path, cutoff: datetime, *, dry_run: bool) -> int:
    where = _finished_before(cutoff)
    if dry_run:
        async with db() as session:
            return int(await session.scalar(select(func.count()).select_from(Run).where(*where)) or 0)
    deleted = 0
    while True:
        async with db() as session, session.begin():
            rows = (await session.execute(select(col(Run.id), col(Run.kind)).where(*where).limit(BATCH))).all()
            if rows:
                await session.execute(delete(Run).where(col(Run.id).in_([r for r, _ in rows])))
        for run_id, kind in rows:
            if kind == "backup":
                artifact_path(data_dir, run_id).unlink(missing_ok=True)
        deleted += len(rows)
        if len(rows) < BATCH:
            return deleted


async def _delete_contents(
    db: async_sessionmaker[AsyncSession], knowledge: Knowledge, actor: Actor, cutoff: datetime, *, dry_run: bool
) -> int:
    where = col(Content.created_at) < cutoff
    async with db() as session:
        if dry_run:
            return int(await session.scalar(select(func.count()).select_from(Content).where(where)) or 0)
        ids = list((await session.scalars(select(col(Content.id)).where(where))).all())
    for content_id in ids:  # one at a time: each also removes its vectors and file after its row
        await contents.delete(db, knowledge, actor, content_id)
    return len(ids)


async def _delete_conversations(db: async_sessionmaker[AsyncSession], cutoff: datetime, *, dry_run: bool) -> int:
    active = select(col(Run.conversation_id)).where(
        col(Run.status).in_(("queued", "running")), col(Run.conversation_id).is_not(None)
    )
    where = (col(Conversation.updated_at) < cutoff, col(Conversation.id).not_in(active))
    if dry_run:
        async with db() as session:
            return int(await session.scalar(select(func.count()).select_from(Conversation).where(*where)) or 0)
    deleted = 0
    while True:
        async with db() as session, session.begin():
            ids = list((await session.scalars(select(col(Conversation.id)).where(*where).limit(BATCH))).all())
            if ids:
                await session.execute(delete(Conversation).where(col(Conversation.id).in_(ids)))
        deleted += len(ids)
        if len(ids) < BATCH:
            return deleted


async def start(session: AsyncSession, actor: Actor, *, dry_run: bool, priority: int = 5) -> Run:
    """Queue a CLEANUP run (admins only)."""
    if not actor.is_admin:
        raise Forbidden("only an admin may do this")
    return await queue.enqueue(
        session,
        owner_id=actor.id,
        kind="cleanup",
        provider=MAINTENANCE_QUEUE,
        priority=priority,
        input={"dryRun": dry_run},
    )


class CleanupHandler:
    resumable = True  # every step converges when run again

    def __init__(
        self, db: async_sessionmaker[AsyncSession], knowledge: Knowledge, settings: Callable[[], Settings]
    ) -> None:
        self.db, self.knowledge, self.settings = db, knowledge, settings

    async def execute(self, ctx: RunContext) -> Outcome:
        settings = self.settings()
        actor = Actor(id=ctx.run.owner_id, username="cleanup", role="admin")
        steps = 0

        async def step(message: str) -> None:
            nonlocal steps
            await ctx.emit([progress(steps, 4, message)])
            steps += 1

        report = await apply(
            self.db,
            self.knowledge,
            settings.data_dir,
            settings.retention,
            actor,
            dry_run=bool(ctx.run.input.get("dryRun")),
            step=step,
        )
        await ctx.emit([progress(4, 4, "done")])
        return Outcome("succeeded", result=report.to_result())

    async def interrupted(self, session: AsyncSession, run: Run, reason: str) -> None:
        return None


class CleanupSchedule:
    """Queues a CLEANUP run every `retention.cleanup_interval_seconds` (read on each round), unless one is
    already queued or running; off when the interval is unset."""

    def __init__(self, db: async_sessionmaker[AsyncSession], owner: Actor, settings: Callable[[], Settings]) -> None:
        self.db, self.owner, self.settings = db, owner, settings
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.settings().retention.cleanup_interval_seconds is not None:
            self._task = asyncio.create_task(self._loop(), name="background:cleanup-schedule")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while (interval := self.settings().retention.cleanup_interval_seconds) is not None:
            await asyncio.sleep(interval)
            try:
                await self.queue_once()
            except Exception:  # the schedule must survive a database hiccup
                log.exception("could not queue the scheduled cleanup")

    async def queue_once(self) -> Run | None:
        async with self.db() as session, session.begin():
            await queue.lock(session, MAINTENANCE_QUEUE)
            pending = await session.scalar(
                select(func.count())
                .select_from(Run)
                .where(col(Run.kind) == "cleanup", col(Run.status).in_(("queued", "running")))
            )
            if pending:
                return None
            return await start(session, self.owner, dry_run=False, priority=10)
