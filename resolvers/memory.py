"""Memory queries and mutations: list, search, create, update, delete, clearMemories."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast

import strawberry

from resolvers.agents import DeleteResult
from resolvers.errors import returns_errors
from resolvers.permissions import Authenticated
from schema.common import After, Before, Connection, First, Last, ObjectID, value_of
from schema.errors import Deleted, NotFoundError, ValidationError
from schema.ids import decode_id
from schema.info import Info
from schema.memory import (
    CreateMemoryInput,
    MemoriesCleared,
    Memory,
    MemoryFilter,
    MemoryHit,
    MemoryKind,
    MemorySearchInput,
    UpdateMemoryInput,
)
from services.knowledge import memory as memories
from services.knowledge.index import Mode

MemoryResult = Annotated[
    Memory | ValidationError | NotFoundError,
    strawberry.union("MemoryResult", description="The memory, or why the change was refused."),
]
ClearMemoriesResult = Annotated[
    MemoriesCleared | ValidationError | NotFoundError,
    strawberry.union("ClearMemoriesResult", description="How many memories were deleted, or why none were."),
]


def _kinds(values: list[MemoryKind] | None) -> list[str] | None:
    return [value_of(k) for k in values] if values is not None else None


@strawberry.type
class MemoryQueries:
    @strawberry.field(description="One of your memories by ID.", permission_classes=[Authenticated])
    async def memory(self, info: Info, id: ObjectID) -> Memory:
        ctx = info.context
        return Memory.from_row(await ctx.loaders.memory_by_id.load(decode_id(id, "Memory")))

    @strawberry.field(
        description="Your memories, oldest first, optionally filtered. Expired ones are left out.",
        permission_classes=[Authenticated],
    )
    async def memories(
        self,
        info: Info,
        filter: Annotated[MemoryFilter | None, strawberry.argument(description="Conditions to meet.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Memory]:
        ctx = info.context
        args = ctx.page_args(first=first, after=after, last=last, before=before)
        where = None
        if filter is not None:
            where = memories.MemoryFilter(
                agent_id=decode_id(filter.agent_id, "Agent", "agentId") if filter.agent_id else None,
                kinds=_kinds(filter.kinds),
                include_expired=filter.include_expired,
            )
        async with ctx.read() as session:
            page = await memories.list_page(session, ctx.user, where, args)
        return ctx.connection(page, Memory.from_row)

    @strawberry.field(description="Search your memories by meaning, words or both.", permission_classes=[Authenticated])
    async def search_memories(
        self, info: Info, input: Annotated[MemorySearchInput, strawberry.argument(description="The search.")]
    ) -> list[MemoryHit]:
        ctx = info.context
        async with ctx.read() as session:
            hits = await memories.search(
                session,
                ctx.user.id,
                ctx.services.knowledge,
                query=input.query,
                mode=cast(Mode, value_of(input.mode)),
                agent_ids=[decode_id(input.agent_id, "Agent", "agentId")] if input.agent_id else None,
                kinds=_kinds(input.kinds),
                limit=input.limit,
            )
        return [MemoryHit(score=h.score, memory=Memory.from_row(h.memory)) for h in hits]


@strawberry.type
class MemoryMutations:
    @strawberry.mutation(
        description="Remember something for an agent; it is embedded and searchable at once.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def create_memory(
        self, info: Info, input: Annotated[CreateMemoryInput, strawberry.argument(description="It.")]
    ) -> MemoryResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await memories.create(
                session,
                ctx.user,
                ctx.services.knowledge,
                agent_id=decode_id(input.agent_id, "Agent", "agentId"),
                kind=value_of(input.kind),
                text=input.text,
                source_message_id=decode_id(input.source_message_id, "Message", "sourceMessageId")
                if input.source_message_id
                else None,
                expires_at=input.expires_at,
            )
        return Memory.from_row(row)

    @strawberry.mutation(description="Change a memory's text, kind or expiry.", permission_classes=[Authenticated])
    @returns_errors
    async def update_memory(
        self,
        info: Info,
        id: ObjectID,
        input: Annotated[UpdateMemoryInput, strawberry.argument(description="The changes.")],
    ) -> MemoryResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await memories.update(
                session,
                ctx.user,
                ctx.services.knowledge,
                decode_id(id, "Memory"),
                text=input.text,
                kind=value_of(input.kind) if input.kind else None,
                expires_at=input.expires_at,
                clear_expiry=input.clear_expiry,
            )
        return Memory.from_row(row)

    @strawberry.mutation(description="Forget a memory (its vector goes too).", permission_classes=[Authenticated])
    @returns_errors
    async def delete_memory(self, info: Info, id: ObjectID) -> DeleteResult:
        ctx = info.context
        async with ctx.transaction() as session:
            await memories.delete_one(session, ctx.user, ctx.services.knowledge, decode_id(id, "Memory"))
        return Deleted(id=id)

    @strawberry.mutation(
        description="A retention policy: delete an agent's memories, optionally only some kinds or those created "
        "before a time.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def clear_memories(
        self,
        info: Info,
        agent_id: Annotated[strawberry.ID, strawberry.argument(description="The agent.")],
        kinds: Annotated[list[MemoryKind] | None, strawberry.argument(description="Only these kinds.")] = None,
        older_than: Annotated[
            datetime | None, strawberry.argument(description="Only memories created before this time.")
        ] = None,
    ) -> ClearMemoriesResult:
        ctx = info.context
        async with ctx.transaction() as session:
            count = await memories.clear(
                session,
                ctx.user,
                ctx.services.knowledge,
                agent_id=decode_id(agent_id, "Agent", "agentId"),
                kinds=_kinds(kinds),
                older_than=older_than,
            )
        return MemoriesCleared(count=count)
