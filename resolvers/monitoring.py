"""Running the server (admin): `stats`, and the server's own log as the `serverLogs` query and subscription."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from pathlib import Path
from typing import Annotated

import strawberry
from sqlalchemy.engine import make_url

from resolvers.permissions import Admin
from schema.common import value_of
from schema.info import Info
from schema.ops import LogLevel, LogLine, Stats
from services import stats
from services.errors import ValidationFailed
from services.knowledge.vectors import EDGE_FOLDER
from services.logbuffer import LOGS

MAX_LOG_LINES = 1000


@strawberry.type
class MonitoringQueries:
    @strawberry.field(
        description="What the server holds and does (admin): rows per table, bytes on disk, queue depth per "
        "provider, runs by kind and status, tokens by user, model and day.",
        permission_classes=[Admin],
    )
    async def stats(
        self,
        info: Info,
        days: Annotated[int, strawberry.argument(description="Token usage of the last N days (1-366).")] = 7,
        limit: Annotated[int, strawberry.argument(description="At most this many token rows (1-1000).")] = 100,
    ) -> Stats:
        ctx = info.context
        settings = ctx.settings
        url = make_url(settings.resolved_database_url)
        database = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
        async with ctx.read() as session:
            found = await stats.collect(
                session,
                database_path=database,
                blobs_root=ctx.services.blobs.root,
                vectors_root=None if settings.qdrant_url else Path(settings.data_dir) / EDGE_FOLDER,
                days=days,
                limit=limit,
            )
        return Stats.of(found)

    @strawberry.field(
        description="The most recent lines of this server process's log (admin), oldest first. Each replica keeps "
        "its own; secrets are redacted before a line is kept.",
        permission_classes=[Admin],
    )
    def server_logs(
        self,
        info: Info,
        level: Annotated[LogLevel, strawberry.argument(description="This level and above.")] = LogLevel.INFO,
        since: Annotated[datetime | None, strawberry.argument(description="Only lines logged after this.")] = None,
        limit: Annotated[int, strawberry.argument(description=f"At most this many (1-{MAX_LOG_LINES}).")] = 100,
    ) -> list[LogLine]:
        if not 1 <= limit <= MAX_LOG_LINES:
            raise ValidationFailed(f"limit must be between 1 and {MAX_LOG_LINES}", field="limit")
        return [LogLine.of(line) for line in LOGS.lines(level=value_of(level), since=since, limit=limit)]


@strawberry.type
class MonitoringSubscriptions:
    @strawberry.subscription(
        description="This server process's log lines as they are written (admin), at `level` and above. A reader "
        "too slow for the log gets a WARNING line saying how many lines it missed.",
        permission_classes=[Admin],
    )
    async def server_logs(
        self,
        info: Info,
        level: Annotated[LogLevel, strawberry.argument(description="This level and above.")] = LogLevel.INFO,
    ) -> AsyncGenerator[LogLine, None]:
        stream = LOGS.follow(level=value_of(level))
        try:
            async for line in stream:
                yield LogLine.of(line)
        finally:
            await stream.aclose()
