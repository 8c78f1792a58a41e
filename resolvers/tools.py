"""Answering a WAITING chat run: a client tool's result, or the approval or denial of a call."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.errors import returns_errors
from resolvers.permissions import Authenticated
from schema.common import ObjectID
from schema.errors import ConflictError, NotFoundError, ValidationError
from schema.ids import decode_id
from schema.info import Info
from schema.run import Run
from services.chat import waiting

ToolAnswerResult = Annotated[
    Run | NotFoundError | ValidationError | ConflictError,
    strawberry.union(
        "ToolAnswerResult",
        description="The run (QUEUED again once nothing is pending), or why not: CONFLICT when it is not waiting "
        "for that call.",
    ),
]
CallId = Annotated[str, strawberry.argument(description="The call's id (from ToolCallWaiting or pendingToolCalls).")]


@strawberry.input(description="A client tool's result for a WAITING run: `output`, or `error` when it failed.")
class AnswerToolCallInput:
    run_id: strawberry.ID = strawberry.field(description="The waiting run.")
    call_id: str = strawberry.field(description="The call answered.")
    output: str | None = strawberry.field(default=None, description="The tool's result, as the model will read it.")
    error: str | None = strawberry.field(default=None, description="Why the tool failed (the model reads it).")


@strawberry.type
class ToolMutations:
    @strawberry.mutation(
        description="Give a client tool's result to a WAITING run (only its owner or an admin).",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def answer_tool_call(
        self, info: Info, input: Annotated[AnswerToolCallInput, strawberry.argument(description="The answer.")]
    ) -> ToolAnswerResult:
        ctx = info.context
        run_id = decode_id(input.run_id, "Run", "runId")
        async with ctx.transaction() as session:
            run = await waiting.answer(session, ctx.user, run_id, input.call_id, output=input.output, error=input.error)
        return Run.from_row(run)

    @strawberry.mutation(
        description="Let a call of an ASK tool run (only the run's owner or an admin).",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def approve_tool_call(self, info: Info, run_id: ObjectID, call_id: CallId) -> ToolAnswerResult:
        ctx = info.context
        async with ctx.transaction() as session:
            run = await waiting.approve(session, ctx.user, decode_id(run_id, "Run", "runId"), call_id)
        return Run.from_row(run)

    @strawberry.mutation(
        description="Refuse a call of an ASK tool; the model reads the refusal as its result.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def deny_tool_call(
        self,
        info: Info,
        run_id: ObjectID,
        call_id: CallId,
        reason: Annotated[str | None, strawberry.argument(description="Why, for the model to read.")] = None,
    ) -> ToolAnswerResult:
        ctx = info.context
        async with ctx.transaction() as session:
            run = await waiting.deny(session, ctx.user, decode_id(run_id, "Run", "runId"), call_id, reason)
        return Run.from_row(run)
