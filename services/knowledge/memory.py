"""Memory: what an agent keeps about its user and the world, typed, with provenance and optional expiry.

Each memory is a row plus one vector point (kind "memory") in the configured embedder's collection.
The row is written first and the point second inside the caller's transaction, so a failed embedding
rolls the row back: a memory is either stored and searchable or not stored at all. Expired memories
are hidden from lists and retrieval at once and deleted by `expire`, which the app runs periodically.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services.auth import Actor
from services.db.models import Agent, Memory, Message
from services.db.types import utcnow
from services.errors import ValidationFailed
from services.knowledge.index import Knowledge, Mode
from services.ownership import get_owned, owned
from services.pagination import Page, PageArgs, paginate, row_select
from services.settings import Settings

log = structlog.get_logger("switchboard.memory")
KINDS = ("profile", "fact", "conversation")
MAX_MEMORY_CHARS = 4000


@dataclass
class MemoryFilter:
    agent_id: str | None = None
    kinds: list[str] | None = None
    include_expired: bool = False


@dataclass
class MemoryHit:
    score: float
    memory: Memory


@dataclass
class Remembered:
    memory: Memory
    merged: bool  # True: an existing memory said the same, and gained this source instead


def _text(value: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise ValidationFailed("text must not be empty", "text")
    if len(cleaned) > MAX_MEMORY_CHARS:
        raise ValidationFailed(f"text must be at most {MAX_MEMORY_CHARS} characters", "text")
    return cleaned


def _kind(value: str) -> str:
    if value not in KINDS:
        raise ValidationFailed(f"kind must be one of {', '.join(k.upper() for k in KINDS)}", "kind")
    return value


def _expiry(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValidationFailed("expiresAt must carry a time zone (e.g. 2026-12-01T00:00:00Z)", "expiresAt")
    if value is not None and value <= utcnow():
        raise ValidationFailed("expiresAt must be in the future", "expiresAt")
    return value


def _live(stmt: Any) -> Any:
    now = utcnow()
    return stmt.where((col(Memory.expires_at).is_(None)) | (col(Memory.expires_at) > now))


async def create(
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
    *,
    agent_id: str,
    kind: str,
    text: str,
    source_message_id: str | None = None,
    expires_at: datetime | None = None,
) -> Memory:
    agent = await get_owned(session, Agent, actor, agent_id)
    source = None
    if source_message_id is not None:
        source = await get_owned(session, Message, actor, source_message_id)
    memory = Memory(
        owner_id=agent.owner_id,
        agent_id=agent.id,
        kind=_kind(kind),
        text=_text(text),
        source_message_id=source.id if source else None,
        sources=[source.id] if source else [],
        expires_at=_expiry(expires_at),
    )
    session.add(memory)
    await session.flush()
    memory.embedding_model = await knowledge.index_memory(memory, session)
    return memory


async def get(session: AsyncSession, actor: Actor, memory_id: str) -> Memory:
    return await get_owned(session, Memory, actor, memory_id)


async def update(
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
    memory_id: str,
    *,
    text: str | None = None,
    kind: str | None = None,
    expires_at: datetime | None = None,
    clear_expiry: bool = False,
) -> Memory:
    memory = await get(session, actor, memory_id)
    if expires_at is not None and clear_expiry:
        raise ValidationFailed("give expiresAt or clearExpiry, not both", "expiresAt")
    reindex = False
    if text is not None and _text(text) != memory.text:
        memory.text, reindex = _text(text), True
    if kind is not None and _kind(kind) != memory.kind:
        memory.kind, reindex = kind, True  # the kind is in the point's payload, for filtered search
    if expires_at is not None:
        memory.expires_at = _expiry(expires_at)
    if clear_expiry:
        memory.expires_at = None
    memory.updated_at = utcnow()
    await session.flush()
    if reindex:
        memory.embedding_model = await knowledge.index_memory(memory, session)
    return memory


async def delete_one(session: AsyncSession, actor: Actor, knowledge: Knowledge, memory_id: str) -> Memory:
    memory = await get(session, actor, memory_id)
    await session.delete(memory)
    await session.flush()
    await knowledge.delete_memory_vectors([memory.id])
    return memory


async def clear(
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
    *,
    agent_id: str,
    kinds: list[str] | None = None,
    older_than: datetime | None = None,
) -> int:
    """A retention policy: the agent's memories of these kinds (all kinds if None) created before `older_than`."""
    agent = await get_owned(session, Agent, actor, agent_id)
    stmt = select(col(Memory.id)).where(col(Memory.agent_id) == agent.id)
    if kinds is not None:
        stmt = stmt.where(col(Memory.kind).in_([_kind(k) for k in kinds]))
    if older_than is not None:
        if older_than.tzinfo is None:
            raise ValidationFailed("olderThan must carry a time zone", "olderThan")
        stmt = stmt.where(col(Memory.created_at) < older_than)
    ids = list((await session.scalars(stmt)).all())
    if ids:
        await session.execute(delete(Memory).where(col(Memory.id).in_(ids)))
        await knowledge.delete_memory_vectors(ids)
    return len(ids)


async def expire(session: AsyncSession, knowledge: Knowledge) -> int:
    """Delete every memory whose expiry has passed, with its vectors. Returns how many."""
    now = utcnow()
    ids = list((await session.scalars(select(col(Memory.id)).where(col(Memory.expires_at) <= now).limit(10_000))).all())
    if ids:
        await session.execute(delete(Memory).where(col(Memory.id).in_(ids)))
        await knowledge.delete_memory_vectors(ids)
    return len(ids)


async def list_page(session: AsyncSession, actor: Actor, where: MemoryFilter | None, args: PageArgs) -> Page[Any]:
    stmt = owned(row_select(Memory), Memory, actor)
    where = where or MemoryFilter()
    if where.agent_id:
        stmt = stmt.where(col(Memory.agent_id) == where.agent_id)
    if where.kinds:
        stmt = stmt.where(col(Memory.kind).in_([_kind(k) for k in where.kinds]))
    if not where.include_expired:
        stmt = _live(stmt)
    return await paginate(session, stmt, Memory, args)


async def search(
    session: AsyncSession,
    owner_id: str,
    knowledge: Knowledge,
    *,
    query: str,
    mode: Mode,
    agent_ids: list[str] | None,
    kinds: list[str] | None,
    limit: int,
) -> list[MemoryHit]:
    """The owner's live memories nearest the query, best first."""
    hits = await knowledge.query(
        query=query,
        mode=mode,
        owner_id=owner_id,
        kind="memory",
        agent_ids=agent_ids,
        memory_kinds=[_kind(k) for k in kinds] if kinds is not None else None,
        limit=limit,
    )
    if not hits:
        return []
    rows = (
        await session.scalars(
            _live(select(Memory).where(col(Memory.id).in_([h.id for h in hits]), col(Memory.owner_id) == owner_id))
        )
    ).all()
    by_id = {m.id: m for m in rows}
    return [MemoryHit(h.score, by_id[h.id]) for h in hits if h.id in by_id]


def _normal(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


async def remember(
    session: AsyncSession,
    knowledge: Knowledge,
    agent: Agent,
    *,
    kind: str,
    text: str,
    source_message_id: str | None,
    settings: Settings,
) -> Remembered:
    """Keep a proposed memory; one that repeats an existing memory of the agent merges into it.

    A duplicate is the same text up to case and punctuation, or one whose dense similarity reaches
    `retrieval.memory_merge_threshold`. Merging keeps the existing text and adds the new source, so no
    provenance is lost and nothing is deleted."""
    text = _text(text)
    rows = (
        await session.scalars(
            _live(select(Memory).where(col(Memory.agent_id) == agent.id, col(Memory.kind) == _kind(kind)))
        )
    ).all()
    same = next((m for m in rows if _normal(m.text) == _normal(text)), None)
    if same is None and rows:
        hits = await search(
            session, agent.owner_id, knowledge, query=text, mode="dense", agent_ids=[agent.id], kinds=[kind], limit=1
        )
        threshold = settings.retrieval.memory_merge_threshold
        if hits and hits[0].score >= threshold:
            same = hits[0].memory
    if same is not None:
        if source_message_id and source_message_id in same.sources:
            return Remembered(same, merged=True)  # this message was counted already (a MEMORY run re-run)
        if source_message_id:
            same.sources = [*same.sources, source_message_id]
        same.mentions += 1
        same.updated_at = utcnow()
        await session.flush()
        return Remembered(same, merged=True)
    memory = Memory(
        owner_id=agent.owner_id,
        agent_id=agent.id,
        kind=kind,
        text=text,
        source_message_id=source_message_id,
        sources=[source_message_id] if source_message_id else [],
    )
    session.add(memory)
    await session.flush()
    memory.embedding_model = await knowledge.index_memory(memory, session)
    return Remembered(memory, merged=False)


class MemoryCleanup:
    """Deletes expired memories every `interval()` seconds (read each time, so config changes apply)."""

    def __init__(
        self, db: async_sessionmaker[AsyncSession], knowledge: Knowledge, interval: Callable[[], float]
    ) -> None:
        self.db, self.knowledge, self._interval = db, knowledge, interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="background:memory-cleanup")

    async def run_once(self) -> int:
        async with self.db() as session, session.begin():
            count = await expire(session, self.knowledge)
        if count:
            log.info("expired memories deleted", count=count)
        return count

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self._interval())
            try:
                await self.run_once()
            except Exception:  # a bad cycle (database briefly away) must not end the loop
                log.exception("memory cleanup failed")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
