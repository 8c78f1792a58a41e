"""Types for running the server: `stats` and `serverLogs`. No I/O."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, cast

import strawberry

from schema.common import JSON
from schema.ids import to_global_id

if TYPE_CHECKING:
    from services import logbuffer, stats


@strawberry.enum(description="How serious a log line is.")
class LogLevel(Enum):
    DEBUG = strawberry.enum_value("debug", description="Detail for finding a fault.")
    INFO = strawberry.enum_value("info", description="What the server did (runs queued, started, finished).")
    WARNING = strawberry.enum_value("warning", description="Something went wrong and was handled.")
    ERROR = strawberry.enum_value("error", description="Something failed.")
    CRITICAL = strawberry.enum_value("critical", description="The server cannot go on as it is.")


@strawberry.type(description="One line of the server's structured log (secrets are redacted before it is kept).")
class LogLine:
    seq: int = strawberry.field(description="Its place in this process's log; 0 for a note that lines were dropped.")
    at: datetime = strawberry.field(description="When it was logged.")
    level: LogLevel = strawberry.field(description="Its level.")
    message: str = strawberry.field(description="The event, e.g. 'run failed unexpectedly'.")
    request_id: str | None = strawberry.field(description="The HTTP request or WebSocket it was logged in.")
    run_id: strawberry.ID | None = strawberry.field(description="The run it was logged in.")
    fields: JSON = strawberry.field(description="The line's other key/value pairs, as text.")

    @classmethod
    def of(cls, line: logbuffer.LogLine) -> LogLine:
        return cls(
            seq=line.seq,
            at=line.at,
            level=LogLevel(line.level),
            message=line.message,
            request_id=line.request_id,
            run_id=strawberry.ID(to_global_id("Run", line.run_id)) if line.run_id else None,
            fields=cast(JSON, dict(line.fields)),
        )


@strawberry.type(description="Rows in one table.")
class TableCount:
    table: str = strawberry.field(description="The table, e.g. 'messages'.")
    count: int = strawberry.field(description="Its rows.")


@strawberry.type(description="Bytes on disk (Float: they outgrow GraphQL's 32-bit Int).")
class StorageBytes:
    database: float | None = strawberry.field(description="The database (SQLite files, or Postgres' database size).")
    blobs: float | None = strawberry.field(description="Uploaded files in the content store, deduplicated.")
    vectors: float | None = strawberry.field(description="The embedded vector store; null with a Qdrant server.")


@strawberry.type(description="Runs waiting and running for one provider queue.")
class QueueDepth:
    provider: str = strawberry.field(description="The queue: 'local', 'ollama', 'anthropic' or 'model_pull'.")
    queued: int = strawberry.field(description="Runs waiting.")
    running: int = strawberry.field(description="Runs executing (on any process).")


@strawberry.type(description="How many runs of a kind ended (or stand) in a status.")
class RunCount:
    kind: str = strawberry.field(description="The run kind, lower case: 'chat', 'ingest', ...")
    status: str = strawberry.field(description="The status, lower case: 'queued', 'succeeded', ...")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="Tokens one user spent on one model on one day (UTC).")
class TokenUsage:
    day: str = strawberry.field(description="YYYY-MM-DD, UTC.")
    user_id: strawberry.ID = strawberry.field(description="The user.")
    username: str | None = strawberry.field(description="Their name.")
    model: str = strawberry.field(description="'provider:model'.")
    runs: int = strawberry.field(description="Runs that reported usage.")
    prompt_tokens: float = strawberry.field(description="Prompt tokens.")
    completion_tokens: float = strawberry.field(description="Completion tokens.")


@strawberry.type(description="What the server holds and does (admin).")
class Stats:
    counts: list[TableCount] = strawberry.field(description="Rows per table.")
    bytes: StorageBytes = strawberry.field(description="Bytes on disk.")
    queues: list[QueueDepth] = strawberry.field(description="Queue depth per provider (queues with runs only).")
    runs: list[RunCount] = strawberry.field(description="Runs by kind and status.")
    tokens: list[TokenUsage] = strawberry.field(
        description="Tokens by user, model and day, newest day first (bounded by `days` and `limit`)."
    )

    @classmethod
    def of(cls, s: stats.Stats) -> Stats:
        return cls(
            counts=[TableCount(table=t, count=n) for t, n in s.counts.items()],
            bytes=StorageBytes(
                database=_float(s.bytes.database), blobs=_float(s.bytes.blobs), vectors=_float(s.bytes.vectors)
            ),
            queues=[QueueDepth(provider=q.provider, queued=q.queued, running=q.running) for q in s.queues],
            runs=[RunCount(kind=r.kind, status=r.status, count=r.count) for r in s.runs],
            tokens=[
                TokenUsage(
                    day=t.day,
                    user_id=strawberry.ID(to_global_id("User", t.user_id)),
                    username=t.username,
                    model=t.model,
                    runs=t.runs,
                    prompt_tokens=float(t.prompt_tokens),
                    completion_tokens=float(t.completion_tokens),
                )
                for t in s.tokens
            ],
        )


def _float(value: int | None) -> float | None:
    return None if value is None else float(value)
