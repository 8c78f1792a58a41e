"""Cursor pagination in stable (created_at, id) order.

`paginate` serves a top-level list; `paginate_grouped` serves one page per parent for many
parents in a single statement (a window function), which is what keeps nested connections at
one SQL statement per level.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from services.db.types import is_uuid
from services.errors import ValidationFailed
from services.validation import utc_moment

T = TypeVar("T", bound=SQLModel)


@dataclass(frozen=True)
class PageArgs:
    """Relay arguments, already checked: exactly one direction, a size within the cap."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    @classmethod
    def build(
        cls,
        *,
        first: int | None,
        after: str | None,
        last: int | None,
        before: str | None,
        default_size: int,
        max_size: int,
    ) -> PageArgs:
        if first is not None and last is not None:
            raise ValidationFailed("pass either `first` or `last`, not both", "first")
        for name, value in (("first", first), ("last", last)):
            if value is not None and not 0 <= value <= max_size:
                raise ValidationFailed(f"`{name}` must be between 0 and {max_size}", name)
        if after is not None and before is not None:
            raise ValidationFailed("pass either `after` or `before`, not both", "after")
        for name, cursor in (("after", after), ("before", before)):
            if cursor is not None:
                decode_cursor(cursor, name)
        if last is None and first is None:
            if before is not None:
                last = default_size
            else:
                first = default_size
        return cls(first=first, after=after, last=last, before=before)

    @property
    def backward(self) -> bool:
        return self.last is not None

    @property
    def size(self) -> int:
        return self.last if self.last is not None else (self.first or 0)

    @property
    def cursor(self) -> str | None:
        return self.before if self.backward else self.after


@dataclass
class Page(Generic[T]):
    """Rows of one page. Nested pages know their total; top-level pages carry the query to count,
    run only if a client asks for totalCount."""

    items: list[T]
    has_next: bool
    has_previous: bool
    total: int | None = None
    count_query: Select[Any] | None = field(default=None, repr=False)


async def count_rows(session: AsyncSession, page: Page[Any]) -> int:
    if page.total is None:
        assert page.count_query is not None
        stmt = select(func.count()).select_from(page.count_query.order_by(None).subquery())
        page.total = int((await session.execute(stmt)).scalar_one())
    return page.total


def encode_cursor(row: Any) -> str:
    raw = json.dumps([row.created_at.isoformat(), row.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, name: str = "after") -> tuple[datetime, str]:
    """The (created_at, id) a cursor names. What it decodes to is the client's input, checked as such: the moment
    must have a UTC equivalent and the id must be an id (a NUL or an unpaired surrogate from a JSON escape inside
    the cursor reached the database driver and was an internal error)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, ident = json.loads(base64.urlsafe_b64decode(padded.encode()))
        moment = utc_moment(datetime.fromisoformat(created))
    except (ValueError, TypeError) as exc:
        raise ValidationFailed(f"`{name}` is not a valid cursor", name) from exc
    if not isinstance(ident, str) or not is_uuid(ident):
        raise ValidationFailed(f"`{name}` is not a valid cursor", name)
    return moment, ident


def _beyond(model: type[SQLModel], args: PageArgs) -> ColumnElement[bool] | None:
    """Rows strictly after the cursor in the direction of travel."""
    if args.cursor is None:
        return None
    created, ident = decode_cursor(args.cursor)
    created_col, id_col = model.created_at, model.id  # type: ignore[attr-defined]
    if args.backward:
        return or_(created_col < created, and_(created_col == created, id_col < ident))
    return or_(created_col > created, and_(created_col == created, id_col > ident))


def _order(model: type[SQLModel], backward: bool) -> list[Any]:
    created_col, id_col = model.created_at, model.id  # type: ignore[attr-defined]
    return [created_col.desc(), id_col.desc()] if backward else [created_col.asc(), id_col.asc()]


def _trim(rows: Sequence[T], args: PageArgs) -> tuple[list[T], bool]:
    more = len(rows) > args.size
    items = list(rows[: args.size])
    if args.backward:
        items.reverse()
    return items, more


def row_select(model: type[SQLModel]) -> Select[Any]:
    """Plain rows (attribute access, typed values) for read paths: building ORM instances costs
    more than the query itself when a page holds thousands of rows."""
    return select(*model.__table__.columns)  # type: ignore[attr-defined]


async def paginate(session: AsyncSession, stmt: Select[Any], model: type[SQLModel], args: PageArgs) -> Page[Any]:
    """One page of ``stmt`` (rows of ``model``, filtered by owner etc.); totals are counted only if asked."""
    page_stmt = stmt
    if (beyond := _beyond(model, args)) is not None:
        page_stmt = page_stmt.where(beyond)
    page_stmt = page_stmt.order_by(*_order(model, args.backward)).limit(args.size + 1)
    rows = (await session.execute(page_stmt)).all()
    items, more = _trim(rows, args)
    has_next, has_previous = (args.cursor is not None, more) if args.backward else (more, args.cursor is not None)
    return Page(items=items, has_next=has_next, has_previous=has_previous, count_query=stmt)


async def paginate_grouped(
    session: AsyncSession,
    model: type[SQLModel],
    parent_column: Any,
    parent_ids: Sequence[str],
    args: PageArgs,
    where: Sequence[ColumnElement[bool]] = (),
) -> dict[str, Page[Any]]:
    """A page per parent in one statement; each page knows its parent's total count."""
    columns = list(model.__table__.columns)  # type: ignore[attr-defined]
    order = _order(model, args.backward)
    ranked = select(*columns, func.row_number().over(partition_by=parent_column, order_by=order).label("sb_rn")).where(
        parent_column.in_(parent_ids), *where
    )
    if (beyond := _beyond(model, args)) is not None:
        ranked = ranked.where(beyond)
    ranked_sub = ranked.subquery()
    totals = (
        select(parent_column.label("sb_parent"), func.count().label("sb_total"))
        .where(parent_column.in_(parent_ids), *where)
        .group_by(parent_column)
        .subquery()
    )
    # Start from the totals so a parent whose page is empty (cursor past its end) keeps its count.
    stmt = (
        select(totals.c.sb_parent, totals.c.sb_total, *(ranked_sub.c[c.name] for c in columns))
        .outerjoin(
            ranked_sub,
            and_(ranked_sub.c[parent_column.key] == totals.c.sb_parent, ranked_sub.c.sb_rn <= args.size + 1),
        )
        .order_by(totals.c.sb_parent, ranked_sub.c.sb_rn)
    )
    grouped: dict[str, list[Any]] = {pid: [] for pid in parent_ids}
    totals_by_parent: dict[str, int] = {}
    for row in (await session.execute(stmt)).all():
        totals_by_parent[row.sb_parent] = int(row.sb_total)
        if row.id is not None:
            grouped[row.sb_parent].append(row)
    pages: dict[str, Page[Any]] = {}
    for pid, rows in grouped.items():
        items, more = _trim(rows, args)
        has_next, has_previous = (args.cursor is not None, more) if args.backward else (more, args.cursor is not None)
        pages[pid] = Page(items, has_next, has_previous, total=totals_by_parent.get(pid, 0))
    return pages
