"""Citations: what a reply was given to read, recorded before it generates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.auth import Actor
from services.db.models import Citation, Content, Memory
from services.ownership import get_owned_many, owned


async def for_messages(session: AsyncSession, actor: Actor, message_ids: Sequence[str]) -> dict[str, list[Any]]:
    """Each message's citations in rank order, in one statement."""
    stmt = owned(select(Citation).where(col(Citation.message_id).in_(list(set(message_ids)))), Citation, actor)
    out: dict[str, list[Any]] = defaultdict(list)
    for row in (await session.scalars(stmt.order_by(col(Citation.message_id), col(Citation.rank)))).all():
        out[row.message_id].append(row)
    return out


async def get_contents(session: AsyncSession, actor: Actor, ids: Sequence[str]) -> dict[str, Any]:
    return await get_owned_many(session, Content, actor, ids)


async def get_memories(session: AsyncSession, actor: Actor, ids: Sequence[str]) -> dict[str, Any]:
    return await get_owned_many(session, Memory, actor, ids)
