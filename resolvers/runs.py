"""Run queries, cancelRun and the runEvents subscription."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry

from resolvers.errors import returns_errors
from resolvers.fanout import SharedPayloads
from resolvers.permissions import Authenticated
from schema.common import After, Before, Connection, First, Last, ObjectID, value_of
from schema.errors import Error, ErrorCode, NotFoundError, ValidationError
from schema.evals import ExportFormat
from schema.ids import decode_id
from schema.info import Info
from schema.run import Run, RunEvent, RunKind, RunStatus, run_event
from services.runs import events, export
from services.runs import lifecycle as runs


@strawberry.type(description="The run had already ended, so there was nothing to cancel.")
class RunFinishedError(Error):
    status: RunStatus = strawberry.field(description="How it ended.")


CancelRunResult = Annotated[
    Run | RunFinishedError | NotFoundError | ValidationError,
    strawberry.union("CancelRunResult", description="The run (CANCELLED, or stopping), or why not."),
]


@strawberry.input(description="Narrows a run list.")
class RunFilter:
    kind: RunKind | None = strawberry.field(default=None, description="Only runs of this kind.")
    status: RunStatus | None = strawberry.field(default=None, description="Only runs in this status.")
    conversation_id: strawberry.ID | None = strawberry.field(default=None, description="Only this conversation's runs.")
    created_after: datetime | None = strawberry.field(default=None, description="Only runs queued after this time.")
    model: str | None = strawberry.field(default=None, description="Only runs of this model ('provider:model').")
    agent_id: strawberry.ID | None = strawberry.field(default=None, description="Only runs for this agent.")


@strawberry.type
class RunQueries:
    @strawberry.field(description="One of your runs by ID.", permission_classes=[Authenticated])
    async def run(self, info: Info, id: ObjectID) -> Run:
        ctx = info.context
        async with ctx.read() as session:
            return Run.from_row(await runs.get(session, ctx.user, decode_id(id, "Run")))

    @strawberry.field(description="Your runs, oldest first.", permission_classes=[Authenticated])
    async def runs(
        self,
        info: Info,
        filter: Annotated[RunFilter | None, strawberry.argument(description="Conditions the runs must meet.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Run]:
        ctx = info.context
        args = ctx.page_args(first=first, after=after, last=last, before=before)
        where = None
        if filter is not None:
            where = runs.RunFilter(
                kind=value_of(filter.kind) if filter.kind else None,
                status=value_of(filter.status) if filter.status else None,
                conversation_id=decode_id(filter.conversation_id, "Conversation", "conversationId")
                if filter.conversation_id
                else None,
                created_after=filter.created_after,
                model=filter.model,
                agent_id=decode_id(filter.agent_id, "Agent", "agentId") if filter.agent_id else None,
            )
        async with ctx.read() as session:
            page = await runs.list_page(session, ctx.user, where, args)
        return ctx.connection(page, Run.from_row)

    @strawberry.field(
        description="A run and its items as CSV or JSON text (also downloadable at GET /runs/<id>/export.csv|json).",
        permission_classes=[Authenticated],
    )
    async def run_export(
        self,
        info: Info,
        id: ObjectID,
        format: Annotated[ExportFormat, strawberry.argument(description="CSV or JSON.")] = ExportFormat.JSON,
    ) -> str:
        ctx = info.context
        async with ctx.read() as session:
            return await export.render(session, ctx.user, decode_id(id, "Run"), value_of(format))

    @strawberry.field(
        description="A run's stored events after `after`, oldest first (at most 1000).",
        permission_classes=[Authenticated],
    )
    async def run_event_log(
        self,
        info: Info,
        run_id: ObjectID,
        after: Annotated[int, strawberry.argument(description="Only events with a larger seq.")] = 0,
    ) -> list[RunEvent]:
        ctx = info.context
        async with ctx.read() as session:
            stored = await runs.events_page(session, ctx.user, decode_id(run_id, "Run", "runId"), after, 1000)
        return [run_event(e) for e in stored]


@strawberry.type
class RunMutations:
    @strawberry.mutation(
        description="Cancel a run: a queued one leaves the queue; a running one stops, keeping its partial output.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def cancel_run(self, info: Info, id: ObjectID) -> CancelRunResult:
        ctx = info.context
        try:
            async with ctx.transaction() as session:
                row = await runs.cancel(session, ctx.user, decode_id(id, "Run"))
        except runs.RunFinished as exc:
            return RunFinishedError(message=exc.message, code=ErrorCode.RUN_FINISHED, status=RunStatus(exc.status))
        return Run.from_row(row)


ResumeRunResult = Annotated[
    Run | ValidationError | NotFoundError,
    strawberry.union("ResumeRunResult", description="The run, queued again, or why it cannot be resumed."),
]


@strawberry.type
class RunResumeMutations:
    @strawberry.mutation(
        description="Queue a FAILED or CANCELLED TEST, BENCHMARK or GENERATION run again, as the same run: the "
        "items it stored are kept and skipped, the rest run. Follow it with `runEvents(after: lastSeq)`.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def resume_run(self, info: Info, id: ObjectID) -> ResumeRunResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await runs.resume(session, ctx.user, decode_id(id, "Run"))
        return Run.from_row(row)


# A live event is one object for all its followers here: one GraphQL payload for them all (resolvers.fanout).
shared_run_event = SharedPayloads(run_event)


@strawberry.type
class RunSubscriptions:
    @strawberry.subscription(
        description="A run's events with seq > `after` (stored ones first, then live), each once, in order; "
        "completes after the final status. Reconnect with the last seq you saw to get exactly the rest.",
        permission_classes=[Authenticated],
    )
    async def run_events(
        self,
        info: Info,
        run_id: ObjectID,
        after: Annotated[int, strawberry.argument(description="The last seq already seen (0: from the start).")] = 0,
    ) -> AsyncGenerator[RunEvent, None]:
        ctx = info.context
        ident = decode_id(run_id, "Run", "runId")
        async with ctx.read() as session:
            await runs.get(session, ctx.user, ident)  # ownership; NOT_FOUND otherwise
        stream = events.follow(ctx.read, ctx.services.pubsub, ident, after)
        try:
            async for event in stream:
                yield shared_run_event(event) if event.shared else run_event(event)
        finally:
            await stream.aclose()
