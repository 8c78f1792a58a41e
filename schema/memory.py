"""Memory and Citation types. Nested fields go through the request's dataloaders."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.common import Node
from schema.content import Content, SearchMode
from schema.conversation import Message
from schema.ids import to_global_id
from schema.info import Info
from services.errors import NotFound

if TYPE_CHECKING:
    from schema.agent import Agent
    from services.db import models


@strawberry.enum(description="What a memory is.")
class MemoryKind(Enum):
    PROFILE = strawberry.enum_value("profile", description="About the user: name, preferences, circumstances.")
    FACT = strawberry.enum_value("fact", description="A fact worth keeping.")
    CONVERSATION = strawberry.enum_value("conversation", description="A summary of an older conversation.")


@strawberry.type(description="Something an agent remembers, with where it came from. Vector-indexed and searchable.")
class Memory(Node):
    kind: MemoryKind = strawberry.field(description="What it is.")
    text: str = strawberry.field(description="What is remembered.")
    mentions: int = strawberry.field(description="How many times it was proposed; duplicates merge into one memory.")
    expires_at: datetime | None = strawberry.field(description="When it is forgotten (UTC), if ever.")
    embedding_model: str | None = strawberry.field(description="Model its vector was made with.")
    created_at: datetime = strawberry.field(description="When it was first remembered (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed or was mentioned again (UTC).")
    _id: strawberry.Private[str]
    _agent_id: strawberry.Private[str]
    _source_id: strawberry.Private[str | None]
    _sources: strawberry.Private[list[str]]

    @classmethod
    def from_row(cls, row: "models.Memory") -> "Memory":
        return cls(
            id=strawberry.ID(to_global_id("Memory", row.id)),
            kind=MemoryKind(row.kind),
            text=row.text,
            mentions=row.mentions,
            expires_at=row.expires_at,
            embedding_model=row.embedding_model,
            created_at=row.created_at,
            updated_at=row.updated_at,
            _id=row.id,
            _agent_id=row.agent_id,
            _source_id=row.source_message_id,
            _sources=list(row.sources or []),
        )

    @strawberry.field(description="The agent it belongs to.")
    async def agent(self, info: Info) -> Annotated["Agent", strawberry.lazy("schema.agent")]:
        from schema.agent import Agent

        return Agent.from_row(await info.context.loaders.agent_by_id.load(self._agent_id))

    @strawberry.field(description="The message it was first taken from (null if written directly or deleted).")
    async def source_message(self, info: Info) -> Message | None:
        if self._source_id is None:
            return None
        row = await info.context.loaders.message_by_id.load(self._source_id)
        return Message.from_row(row)

    @strawberry.field(description="Every message that said it, oldest first (deleted ones left out).")
    async def sources(self, info: Info) -> list[Message]:
        rows = await info.context.loaders.message_by_id.load_many(self._sources)
        return [Message.from_row(r) for r in rows if not isinstance(r, NotFound)]


@strawberry.enum(description="What a citation points at.")
class CitationKind(Enum):
    CONTENT = strawberry.enum_value("content", description="A chunk of a stored content.")
    MEMORY = strawberry.enum_value("memory", description="A memory of the agent.")


@strawberry.type(description="Something a reply was given to read before it was generated, with its retrieval score.")
class Citation:
    kind: CitationKind = strawberry.field(description="Content chunk or memory.")
    rank: int = strawberry.field(description="1 for the best-scoring item, then 2, 3, ...")
    score: float = strawberry.field(description="Retrieval score in the agent's search mode.")
    text: str = strawberry.field(description="The text the model saw, as it was then.")
    chunk_index: int | None = strawberry.field(description="Position of the chunk in its content, for CONTENT.")
    _content_id: strawberry.Private[str | None]
    _memory_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: "models.Citation") -> "Citation":
        return cls(
            kind=CitationKind.CONTENT if row.chunk_index is not None else CitationKind.MEMORY,
            rank=row.rank,
            score=row.score,
            text=row.text,
            chunk_index=row.chunk_index,
            _content_id=row.content_id,
            _memory_id=row.memory_id,
        )

    @classmethod
    def from_event(cls, data: dict) -> "Citation":
        return cls(
            kind=CitationKind(data["kind"]),
            rank=data["rank"],
            score=data["score"],
            text=data["text"],
            chunk_index=data.get("chunkIndex"),
            _content_id=data.get("contentId"),
            _memory_id=data.get("memoryId"),
        )

    @strawberry.field(description="The cited content (null for memories, or once the content is deleted).")
    async def content(self, info: Info) -> Content | None:
        if self._content_id is None:
            return None
        row = await info.context.loaders.content_by_id.load(self._content_id)
        return None if isinstance(row, NotFound) else Content.from_row(row)

    @strawberry.field(description="The cited memory (null for content, or once the memory is deleted).")
    async def memory(self, info: Info) -> Memory | None:
        if self._memory_id is None:
            return None
        row = await info.context.loaders.memory_by_id.load(self._memory_id)
        return None if isinstance(row, NotFound) else Memory.from_row(row)


@strawberry.input(description="Narrows a memory list; all given conditions must hold.")
class MemoryFilter:
    agent_id: strawberry.ID | None = strawberry.field(default=None, description="Only this agent's memories.")
    kinds: list[MemoryKind] | None = strawberry.field(default=None, description="Only these kinds.")
    include_expired: bool = strawberry.field(
        default=False, description="Also memories past their expiry that cleanup has not removed yet."
    )


@strawberry.input(description="A memory to keep.")
class CreateMemoryInput:
    agent_id: strawberry.ID = strawberry.field(description="The agent that remembers it.")
    kind: MemoryKind = strawberry.field(description="What it is.")
    text: str = strawberry.field(description="What to remember (at most 4000 characters).")
    source_message_id: strawberry.ID | None = strawberry.field(default=None, description="Where it came from.")
    expires_at: datetime | None = strawberry.field(default=None, description="Forget it after this time (UTC).")


@strawberry.input(description="Changes to a memory; omitted fields stay as they are.")
class UpdateMemoryInput:
    text: str | None = strawberry.field(default=None, description="New text (re-indexed).")
    kind: MemoryKind | None = strawberry.field(default=None, description="New kind.")
    expires_at: datetime | None = strawberry.field(default=None, description="New expiry.")
    clear_expiry: bool = strawberry.field(default=False, description="Keep it forever.")


@strawberry.input(description="A memory search.")
class MemorySearchInput:
    query: str = strawberry.field(description="What to look for.")
    agent_id: strawberry.ID | None = strawberry.field(default=None, description="Only this agent's memories.")
    kinds: list[MemoryKind] | None = strawberry.field(default=None, description="Only these kinds.")
    mode: SearchMode = strawberry.field(default=SearchMode.HYBRID, description="How to match.")
    limit: int = strawberry.field(default=10, description="Most hits to return (1-100).")


@strawberry.type(description="A memory that matched a search.")
class MemoryHit:
    score: float = strawberry.field(description="Relevance; comparable only within one search and mode.")
    memory: Memory = strawberry.field(description="The memory.")


@strawberry.type(description="What clearMemories removed.")
class MemoriesCleared:
    count: int = strawberry.field(description="Memories deleted (with their vectors).")
