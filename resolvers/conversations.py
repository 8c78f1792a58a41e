"""Conversation and message queries and mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.agents import DeleteResult
from resolvers.errors import returns_errors
from resolvers.permissions import Authenticated
from schema.common import After, Before, Connection, First, Last, ObjectID, value_of
from schema.conversation import Conversation, Message
from schema.errors import Deleted, NotFoundError, ValidationError
from schema.ids import decode_id
from schema.info import Info
from schema.inputs import AppendMessageInput, ConversationFilter, StartConversationInput
from services import conversations

ConversationResult = Annotated[
    Conversation | ValidationError | NotFoundError,
    strawberry.union("ConversationResult", description="The conversation, or why the change was refused."),
]
MessageResult = Annotated[
    Message | ValidationError | NotFoundError,
    strawberry.union("MessageResult", description="The message, or why it was refused."),
]


@strawberry.type
class ConversationQueries:
    @strawberry.field(
        description="One of your conversations by ID (NOT_FOUND if missing or not yours).",
        permission_classes=[Authenticated],
    )
    async def conversation(self, info: Info, id: ObjectID) -> Conversation:
        row = await info.context.loaders.conversation_by_id.load(decode_id(id, "Conversation"))
        return Conversation.from_row(row)

    @strawberry.field(
        description="Your conversations, oldest first, optionally for one agent.", permission_classes=[Authenticated]
    )
    async def conversations(
        self,
        info: Info,
        filter: Annotated[
            ConversationFilter | None, strawberry.argument(description="Conditions the conversations must meet.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Conversation]:
        ctx = info.context
        args = ctx.page_args(first=first, after=after, last=last, before=before)
        agent_id = decode_id(filter.agent_id, "Agent", "agentId") if filter and filter.agent_id else None
        async with ctx.read() as session:
            page = await conversations.list_page(session, ctx.user, agent_id, args)
        return ctx.connection(page, Conversation.from_row)

    @strawberry.field(
        description="One message by ID (NOT_FOUND if missing or not yours).", permission_classes=[Authenticated]
    )
    async def message(self, info: Info, id: ObjectID) -> Message:
        return Message.from_row(await info.context.loaders.message_by_id.load(decode_id(id, "Message")))


@strawberry.type
class ConversationMutations:
    @strawberry.mutation(description="Start a conversation with an agent.", permission_classes=[Authenticated])
    @returns_errors
    async def start_conversation(
        self,
        info: Info,
        input: Annotated[StartConversationInput, strawberry.argument(description="The agent and an optional title.")],
    ) -> ConversationResult:
        ctx = info.context
        agent_id = decode_id(input.agent_id, "Agent", "agentId")
        async with ctx.transaction() as session:
            row = await conversations.start(session, ctx.user, agent_id, input.title, ctx.settings)
        return Conversation.from_row(row)

    @strawberry.mutation(description="Rename a conversation.", permission_classes=[Authenticated])
    @returns_errors
    async def rename_conversation(
        self,
        info: Info,
        id: ObjectID,
        title: Annotated[str, strawberry.argument(description="The new title.")],
    ) -> ConversationResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await conversations.rename(session, ctx.user, decode_id(id, "Conversation"), title, ctx.settings)
        return Conversation.from_row(row)

    @strawberry.mutation(description="Delete a conversation and its messages.", permission_classes=[Authenticated])
    @returns_errors
    async def delete_conversation(self, info: Info, id: ObjectID) -> DeleteResult:
        ctx = info.context
        async with ctx.transaction() as session:
            await conversations.delete(session, ctx.user, decode_id(id, "Conversation"))
        return Deleted(id=id)

    @strawberry.mutation(
        description="Append a message as written (no generation); for imports, tools and tests.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def append_message(
        self,
        info: Info,
        input: Annotated[AppendMessageInput, strawberry.argument(description="The message.")],
    ) -> MessageResult:
        ctx = info.context
        conversation_id = decode_id(input.conversation_id, "Conversation", "conversationId")
        parent_id = decode_id(input.parent_id, "Message", "parentId") if input.parent_id else None
        async with ctx.transaction() as session:
            row = await conversations.append_message(
                session,
                ctx.user,
                conversation_id,
                value_of(input.role),
                input.content,
                ctx.settings,
                model=input.model,
                parent_id=parent_id,
                tool_calls=[{"id": c.id, "name": c.name, "input": c.input} for c in input.tool_calls]
                if input.tool_calls is not None
                else None,
                tool_call_id=input.tool_call_id,
                tool_error=input.tool_error,
            )
        return Message.from_row(row)
