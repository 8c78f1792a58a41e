"""What the server holds and does, for the admin `stats` query: rows per table, bytes on disk, queue depth per
provider, runs by kind and status, and tokens by user, model and day (bounded: at most `days` days and
`limit` rows). Every figure is one aggregate query or one walk of a folder off the event loop."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col

from services.db.models import Run, User
from services.db.types import utcnow
from services.errors import ValidationFailed

MAX_DAYS = 366
MAX_ROWS = 1000


@dataclass(frozen=True)
class Bytes:
    database: int | None
    blobs: int | None
    vectors: int | None  # None when the vectors live in a Qdrant server


@dataclass(frozen=True)
class RunCount:
    kind: str
    status: str
    count: int


@dataclass(frozen=True)
class QueueDepth:
    provider: str
    queued: int
    running: int


@dataclass(frozen=True)
class TokenUsage:
    day: str  # YYYY-MM-DD, UTC
    user_id: str
    username: str | None
    model: str
    runs: int
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class Stats:
    counts: dict[str, int]
    bytes: Bytes
    queues: list[QueueDepth]
    runs: list[RunCount]
    tokens: list[TokenUsage]


async def table_counts(session: AsyncSession) -> dict[str, int]:
    """Rows in every table, in one statement."""
    tables = sorted(SQLModel.metadata.tables)
    parts = [select(func.count()).select_from(SQLModel.metadata.tables[name]).scalar_subquery() for name in tables]
    row = (await session.execute(select(*parts))).one()
    return dict(zip(tables, (int(v) for v in row), strict=True))


async def queue_depths(session: AsyncSession) -> list[QueueDepth]:
    rows = (
        await session.execute(
            select(col(Run.provider), col(Run.status), func.count())
            .where(col(Run.status).in_(("queued", "running")))
            .group_by(col(Run.provider), col(Run.status))
        )
    ).all()
    found: dict[str, dict[str, int]] = {}
    for provider, status, count in rows:
        found.setdefault(provider, {})[status] = int(count)
    return [QueueDepth(p, c.get("queued", 0), c.get("running", 0)) for p, c in sorted(found.items())]


async def runs_by_kind(session: AsyncSession) -> list[RunCount]:
    rows = (
        await session.execute(
            select(col(Run.kind), col(Run.status), func.count())
            .group_by(col(Run.kind), col(Run.status))
            .order_by(col(Run.kind), col(Run.status))
        )
    ).all()
    return [RunCount(kind, status, int(count)) for kind, status, count in rows]


async def tokens_by_day(session: AsyncSession, *, days: int, limit: int) -> list[TokenUsage]:
    """Prompt and completion tokens of the runs created in the last `days` days (UTC), per user, model and
    day, newest day first, at most `limit` rows."""
    postgres = session.get_bind().dialect.name == "postgresql"
    day = func.date(func.timezone("UTC", col(Run.created_at))) if postgres else func.date(col(Run.created_at))
    since = utcnow() - timedelta(days=days)
    prompt = func.coalesce(func.sum(col(Run.prompt_tokens)), 0)
    completion = func.coalesce(func.sum(col(Run.completion_tokens)), 0)
    rows = (
        await session.execute(
            select(day, col(Run.owner_id), col(User.username), col(Run.model), func.count(), prompt, completion)
            .join(User, col(User.id) == col(Run.owner_id), isouter=True)
            .where(
                col(Run.created_at) >= since,
                col(Run.model).is_not(None),
                (col(Run.prompt_tokens).is_not(None)) | (col(Run.completion_tokens).is_not(None)),
            )
            .group_by(day, col(Run.owner_id), col(User.username), col(Run.model))
            .order_by(day.desc(), (prompt + completion).desc(), col(Run.owner_id), col(Run.model))
            .limit(limit)
        )
    ).all()
    return [
        TokenUsage(str(d), owner, username, model, int(n), int(p), int(c))
        for d, owner, username, model, n, p, c in rows
    ]


async def database_bytes(session: AsyncSession, database_path: Path | None) -> int | None:
    if session.get_bind().dialect.name == "postgresql":
        return int((await session.execute(text("SELECT pg_database_size(current_database())"))).scalar_one())
    if database_path is None:
        return None
    return await asyncio.to_thread(
        lambda: sum(p.stat().st_size for p in database_path.parent.glob(database_path.name + "*") if p.is_file())
    )


def folder_bytes(root: Path) -> int:
    """Bytes of every file under `root` (blocking: call it off the event loop)."""
    total = 0
    stack = [root]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue
    return total


async def collect(
    session: AsyncSession,
    *,
    database_path: Path | None,
    blobs_root: Path,
    vectors_root: Path | None,
    days: int = 7,
    limit: int = 100,
) -> Stats:
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed(f"days must be between 1 and {MAX_DAYS}", field="days")
    if not 1 <= limit <= MAX_ROWS:
        raise ValidationFailed(f"limit must be between 1 and {MAX_ROWS}", field="limit")
    counts = await table_counts(session)
    queues = await queue_depths(session)
    runs = await runs_by_kind(session)
    tokens = await tokens_by_day(session, days=days, limit=limit)
    db_bytes = await database_bytes(session, database_path)
    blobs, vectors = await asyncio.gather(
        asyncio.to_thread(folder_bytes, blobs_root),
        asyncio.to_thread(folder_bytes, vectors_root) if vectors_root is not None else _none(),
    )
    return Stats(counts, Bytes(db_bytes, blobs, vectors), queues, runs, tokens)


async def _none() -> Any:
    return None
