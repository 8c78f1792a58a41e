"""Conversation and Message types. Nested fields go through the request's dataloaders."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from schema.common import After, Before, Connection, First, Last, Node
from schema.content import Content, MediaType
from schema.ids import to_global_id
from schema.info import Info
from services.errors import NotFound

if TYPE_CHECKING:
    from schema.agent import Agent
    from schema.memory import Citation
    from services.db import models


@strawberry.enum(description="Who wrote a message.")
class MessageRole(Enum):
    SYSTEM = strawberry.enum_value("system", description="Instructions to the model.")
    USER = strawberry.enum_value("user", description="The person.")
    ASSISTANT = strawberry.enum_value("assistant", description="The model.")
    TOOL = strawberry.enum_value("tool", description="A tool's output.")


@strawberry.enum(description="Where a message is in its life.")
class MessageStatus(Enum):
    STREAMING = strawberry.enum_value("streaming", description="Being generated (queued or receiving tokens).")
    COMPLETE = strawberry.enum_value("complete", description="Finished normally.")
    CANCELLED = strawberry.enum_value("cancelled", description="Stopped by a cancel; partial text kept.")
    FAILED = strawberry.enum_value("failed", description="Generation failed; see `error`.")


@strawberry.type(description="Token counts of a generated message.")
class MessageUsage:
    prompt_tokens: int | None = strawberry.field(description="Tokens in the prompt.")
    completion_tokens: int | None = strawberry.field(description="Tokens generated.")


@strawberry.type(description="A tool call an assistant message makes; its result is a TOOL message with its `id`.")
class ToolCall:
    id: str = strawberry.field(description="The call's id (the provider's, or one Switchboard made).")
    name: str = strawberry.field(description="The tool called.")
    input: JSON = strawberry.field(description="The arguments, a JSON object.")

    @classmethod
    def of(cls, call: dict[str, Any]) -> "ToolCall":
        return cls(id=call["id"], name=call["name"], input=cast(JSON, call.get("input") or {}))


@strawberry.type(
    description="A file a user message carries to the model: an image (for models that can see) or a document "
    "(providers that take files get it whole, others its extracted text). Its bytes are a stored Content."
)
class MessageAttachment:
    name: str = strawberry.field(description="The file's name (or the content's title).")
    mime_type: str = strawberry.field(description="Its detected MIME type, e.g. image/png or application/pdf.")
    media_type: MediaType = strawberry.field(description="Its kind: IMAGE, TEXT or DOCUMENT.")
    size_bytes: int = strawberry.field(description="Its size in bytes.")
    _content_id: strawberry.Private[str]

    @strawberry.field(description="The stored content with the file (null once that content is deleted).")
    async def content(self, info: Info) -> Content | None:
        row = await info.context.loaders.content_by_id.load(self._content_id)
        return None if isinstance(row, NotFound) else Content.from_row(row)


@strawberry.type(description="One message in a conversation.")
class Message(Node):
    role: MessageRole = strawberry.field(description="Who wrote it.")
    content: str = strawberry.field(description="The text.")
    status: MessageStatus = strawberry.field(description="Generation status (COMPLETE for written messages).")
    model: str | None = strawberry.field(description="Model that generated it, as 'provider:model'.")
    error: str | None = strawberry.field(description="Why generation failed, when it did.")
    usage: MessageUsage | None = strawberry.field(description="Token counts, for generated messages.")
    tool_calls: list[ToolCall] = strawberry.field(
        description="Tools this assistant message calls (empty for most messages); the agent loop runs them."
    )
    tool_call_id: str | None = strawberry.field(description="For a TOOL message: the call it answers.")
    tool_name: str | None = strawberry.field(description="For a TOOL message: the tool that produced it.")
    tool_error: bool = strawberry.field(description="For a TOOL message: the call failed and this is its error.")
    attachments: list[MessageAttachment] = strawberry.field(
        description="The files a user message carries, in order (empty for most messages)."
    )
    created_at: datetime = strawberry.field(description="When it was written (UTC).")
    _id: strawberry.Private[str]
    _conversation_id: strawberry.Private[str]
    _parent_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: "models.Message") -> "Message":
        has_usage = row.prompt_tokens is not None or row.completion_tokens is not None
        return cls(
            id=strawberry.ID(to_global_id("Message", row.id)),
            role=MessageRole(row.role),
            content=row.content,
            status=MessageStatus(row.status),
            model=row.model,
            error=row.error,
            usage=MessageUsage(prompt_tokens=row.prompt_tokens, completion_tokens=row.completion_tokens)
            if has_usage
            else None,
            tool_calls=[
                ToolCall(id=c["id"], name=c["name"], input=cast(JSON, c.get("input") or {}))
                for c in row.tool_calls or ()
            ],
            tool_call_id=row.tool_call_id,
            tool_name=row.tool_name,
            tool_error=row.tool_error,
            attachments=[
                MessageAttachment(
                    name=str(a.get("name") or "attachment"),
                    mime_type=str(a.get("mime")),
                    media_type=MediaType(a.get("mediaType") or "document"),
                    size_bytes=int(a.get("sizeBytes") or 0),
                    _content_id=str(a.get("contentId")),
                )
                for a in row.attachments or ()
            ],
            created_at=row.created_at,
            _id=row.id,
            _conversation_id=row.conversation_id,
            _parent_id=row.parent_id,
        )

    @strawberry.field(description="The conversation it belongs to.")
    async def conversation(self, info: Info) -> "Conversation":
        return Conversation.from_row(await info.context.loaders.conversation_by_id.load(self._conversation_id))

    @strawberry.field(description="The message this one answers (for regenerated replies), if any.")
    async def parent(self, info: Info) -> "Message | None":
        if self._parent_id is None:
            return None
        row = await info.context.loaders.message_by_id.load(self._parent_id)
        return Message.from_row(row) if row is not None else None

    @strawberry.field(
        description="What this reply was given to read (content chunks and memories), best first; empty when the "
        "agent does not use retrieval."
    )
    async def citations(self, info: Info) -> list[Annotated["Citation", strawberry.lazy("schema.memory")]]:
        from schema.memory import Citation

        return [Citation.from_row(r) for r in await info.context.loaders.citations_by_message.load(self._id)]


@strawberry.type(description="A conversation between a user and an agent.")
class Conversation(Node):
    title: str = strawberry.field(description="Title shown in lists.")
    created_at: datetime = strawberry.field(description="When it started (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")
    _id: strawberry.Private[str]
    _agent_id: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: "models.Conversation") -> "Conversation":
        return cls(
            id=strawberry.ID(to_global_id("Conversation", row.id)),
            title=row.title,
            created_at=row.created_at,
            updated_at=row.updated_at,
            _id=row.id,
            _agent_id=row.agent_id,
        )

    @strawberry.field(description="The agent this conversation is with.")
    async def agent(self, info: Info) -> Annotated["Agent", strawberry.lazy("schema.agent")]:
        from schema.agent import Agent

        return Agent.from_row(await info.context.loaders.agent_by_id.load(self._agent_id))

    @strawberry.field(description="Messages, oldest first.")
    async def messages(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[Message]:
        args = info.context.page_args(first=first, after=after, last=last, before=before)
        page = await info.context.loaders.messages_by_conversation.load((self._id, args))
        return info.context.connection(page, Message.from_row)
