"""The knowledge search query."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from resolvers.permissions import Authenticated
from schema.common import value_of
from schema.content import Content, SearchHit, SearchInput
from schema.ids import decode_id
from schema.info import Info
from services import validation
from services.knowledge.index import Mode


@strawberry.type
class SearchQueries:
    @strawberry.field(
        description="Search your content: dense, sparse (BM25-style) or hybrid (RRF), with filters.",
        permission_classes=[Authenticated],
    )
    async def search(
        self, info: Info, input: Annotated[SearchInput, strawberry.argument(description="The search.")]
    ) -> list[SearchHit]:
        ctx = info.context
        async with ctx.read() as session:
            hits = await ctx.services.knowledge.search(
                session,
                ctx.user.id,
                query=input.query,
                mode=cast(Mode, value_of(input.mode)),
                agent_ids=[decode_id(input.agent_id, "Agent", "agentId")] if input.agent_id else None,
                media_types=[value_of(m) for m in input.media_types] if input.media_types else None,
                metadata=validation.metadata_filter(input.metadata),
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
