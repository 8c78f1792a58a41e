"""Row ownership: every owned row carries owner_id; admins see everything."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from services.auth import Actor
from services.db.types import is_uuid
from services.errors import NotFound, ValidationFailed
from services.pagination import Page, PageArgs, paginate, row_select

T = TypeVar("T", bound=SQLModel)
MAX_NAME_SEARCH = 200  # names are at most 200 characters (the columns' size)


def owned(stmt: Select[Any], model: type[SQLModel], actor: Actor) -> Select[Any]:
    if actor.is_admin:
        return stmt
    return stmt.where(model.owner_id == actor.id)  # type: ignore[attr-defined]


async def get_owned(session: AsyncSession, model: type[T], actor: Actor, ident: str) -> T:
    """The row, or NotFound when it is missing or belongs to someone else."""
    row = await session.get(model, ident) if is_uuid(ident) else None
    if row is None or not (actor.is_admin or row.owner_id == actor.id):  # type: ignore[attr-defined]
        raise NotFound(model.__name__, ident)
    return row


async def get_owned_many(session: AsyncSession, model: type[T], actor: Actor, idents: Sequence[str]) -> dict[str, T]:
    """The visible rows among ``idents`` in one statement, keyed by id (missing ones absent)."""
    wanted = [i for i in set(idents) if is_uuid(i)]
    if not wanted:
        return {}
    stmt = owned(select(model).where(model.id.in_(wanted)), model, actor)  # type: ignore[attr-defined]
    return {row.id: row for row in (await session.scalars(stmt)).all()}


async def delete_owned(session: AsyncSession, model: type[T], actor: Actor, ident: str) -> T:
    """Delete the row (NotFound as `get_owned`); what hangs off it goes by the foreign keys' cascades."""
    row = await get_owned(session, model, actor, ident)
    await session.delete(row)
    await session.flush()
    return row


async def named_page(
    session: AsyncSession, model: type[SQLModel], actor: Actor, search: str | None, args: PageArgs
) -> Page[Any]:
    """A page of the actor's rows (everyone's for an admin), oldest first, optionally only those whose `name`
    contains `search` (case-insensitive, literally: `%` and `_` are no wildcards). A search longer than any name
    is refused before it reaches the database (SQLite refuses LIKE patterns past 50,000 bytes)."""
    stmt = owned(row_select(model), model, actor)
    if search and search.strip():
        if len(search) > MAX_NAME_SEARCH:
            raise ValidationFailed(f"filter.search must be at most {MAX_NAME_SEARCH} characters", "filter.search")
        escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(model.name.ilike(f"%{escaped}%", escape="\\"))  # type: ignore[attr-defined]
    return await paginate(session, stmt, model, args)
