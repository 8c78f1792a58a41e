"""The knowledge search query."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from schema.common import value_of
from schema.content import Content, SearchHit, SearchInput
from schema.ids import decode_id
from services.errors import ValidationFailed


@strawberry.type
class SearchQueries:
    @strawberry.field(description="Search your content: dense, sparse (BM25-style) or hybrid (RRF), with filters.")
    async def search(
        self, info: strawberry.Info, input: Annotated[SearchInput, strawberry.argument(description="The search.")]
    ) -> list[SearchHit]:
        ctx = info.context
        metadata: Any = input.metadata or {}
        if not isinstance(metadata, dict):
            raise ValidationFailed("metadata must be a JSON object", "metadata")
        async with ctx.read() as session:
            hits = await ctx.services.knowledge.search(
                session,
                ctx.user.id,
                query=input.query,
                mode=value_of(input.mode),
                agent_ids=[decode_id(input.agent_id, "Agent", "agentId")] if input.agent_id else None,
                media_types=[value_of(m) for m in input.media_types] if input.media_types else None,
                metadata={str(k): str(v) for k, v in metadata.items()},
                limit=input.limit,
            )
        return [
            SearchHit(
                score=h.score,
                text=h.chunk.text,
                chunk_index=h.chunk.idx,
                start=h.chunk.start,
                end=h.chunk.end,
                content=Content.from_row(h.content),
            )
            for h in hits
        ]
