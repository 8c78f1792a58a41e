"""Run items: the ordered per-unit results of batch runs (test cases, benchmark iterations, generated items)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services.auth import Actor
from services.db.models import RunItem
from services.pagination import Page, PageArgs, paginate_grouped
from services.runs.event_kinds import ItemFinished
from services.runs.scheduler import RunContext


async def record(ctx: RunContext, db: async_sessionmaker[AsyncSession], idx: int, **fields: Any) -> RunItem:
    """Store one finished unit at once (results survive a cancel or a crash), then announce it as an
    `item` event on the run's log."""
    run = ctx.run
    item = RunItem(run_id=run.id, owner_id=run.owner_id, idx=idx, **fields)
    async with db() as session, session.begin():
        session.add(item)
    await ctx.emit([ItemFinished(event_data(item))])
    return item


def event_data(item: RunItem) -> dict[str, Any]:
    return {
        "index": item.idx,
        "target": item.target,
        "key": item.key,
        "status": item.status,
        "input": item.input,
        "output": item.output,
        "details": item.details,
        "error": item.error,
        "latencyMs": item.latency_ms,
        "ttftMs": item.ttft_ms,
        "tokensPerSecond": item.tokens_per_second,
        "promptTokens": item.prompt_tokens,
        "completionTokens": item.completion_tokens,
        "createdAt": item.created_at.isoformat(),
    }


async def pages_by_run(
    session: AsyncSession, actor: Actor, run_ids: Sequence[str], args: PageArgs
) -> dict[str, Page[Any]]:
    """A page of items per run (in the order they finished), in one statement."""
    where = [] if actor.is_admin else [col(RunItem.owner_id) == actor.id]
    return await paginate_grouped(session, RunItem, col(RunItem.run_id), run_ids, args, where)


async def all_of(session: AsyncSession, run_id: str) -> list[RunItem]:
    stmt = select(RunItem).where(col(RunItem.run_id) == run_id).order_by(col(RunItem.idx))
    return list((await session.scalars(stmt)).all())


async def finished(db: async_sessionmaker[AsyncSession], run_id: str) -> dict[int, RunItem]:
    """Items a run already stored, by index: a resumed run skips them."""
    async with db() as session:
        return {i.idx: i for i in await all_of(session, run_id)}
