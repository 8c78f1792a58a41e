"""Retrieval for chat: the chunks and memories an agent reads before it answers, and their citations.

Content hits and memory hits come from the same query in the same collection and mode, so their
scores are comparable and the two lists merge by score. What fits the prompt's budget is used and
recorded as citations, in that order; what does not fit is neither used nor cited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.db.models import Agent, Citation
from services.knowledge import memory as memories
from services.knowledge.index import MAX_QUERY_CHARS, Knowledge, SearchHit
from services.settings import Settings
from services.validation import RetrievalOptions

CONTEXT_HEADER = (
    "Use the numbered context below when it helps to answer, and cite what you use by its number, like [1]. "
    "If the context does not contain the answer, say so rather than guessing."
)


@dataclass
class Retrieved:
    kind: str  # "content" | "memory"
    score: float
    text: str
    title: str | None = None
    content_id: str | None = None
    chunk_id: str | None = None
    chunk_index: int | None = None
    memory_id: str | None = None

    @classmethod
    def of_hit(cls, hit: SearchHit) -> Retrieved:
        return cls(
            kind="content",
            score=hit.score,
            text=hit.chunk.text,
            title=hit.content.title,
            content_id=hit.content.id,
            chunk_id=hit.chunk.id,
            chunk_index=hit.chunk.idx,
        )

    def line(self, number: int) -> str:
        source = f"{self.title}" if self.kind == "content" else "memory"
        return f"[{number}] ({source}) {self.text.strip()}"

    def event(self, rank: int) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rank": rank,
            "score": self.score,
            "text": self.text,
            "contentId": self.content_id,
            "chunkIndex": self.chunk_index,
            "memoryId": self.memory_id,
        }


def options(agent: Agent | None) -> RetrievalOptions:
    return RetrievalOptions.model_validate((agent.retrieval if agent else None) or {})


async def retrieve(
    session: AsyncSession, knowledge: Knowledge, agent: Agent, query: str, settings: Settings
) -> list[Retrieved]:
    """Best first, at most top_k chunks and top_k memories, none below the score threshold."""
    opts = options(agent)
    if not (opts.use_knowledge or opts.use_memory) or not query.strip():
        return []
    top_k = opts.top_k or settings.retrieval.top_k
    threshold = opts.score_threshold if opts.score_threshold is not None else settings.retrieval.score_threshold
    query = query.strip()[:MAX_QUERY_CHARS]
    found: list[Retrieved] = []
    if opts.use_knowledge:
        for hit in await knowledge.search(
            session,
            agent.owner_id,
            query=query,
            mode=opts.mode,
            agent_ids=[agent.id] if opts.knowledge_scope == "agent" else None,
            media_types=None,
            metadata=None,
            limit=top_k,
        ):
            found.append(Retrieved.of_hit(hit))
    if opts.use_memory:
        for m in await memories.search(
            session,
            agent.owner_id,
            knowledge,
            query=query,
            mode=opts.mode,
            agent_ids=[agent.id],
            kinds=None,
            limit=top_k,
        ):
            found.append(Retrieved(kind="memory", score=m.score, text=m.memory.text, memory_id=m.memory.id))
    return sorted((r for r in found if r.score >= threshold), key=lambda r: -r.score)


def context_message(items: list[Retrieved]) -> str:
    return "\n".join([CONTEXT_HEADER, "", *(item.line(i) for i, item in enumerate(items, start=1))])


def citation_rows(items: list[Retrieved], *, message_id: str, owner_id: str, first: int = 1) -> list[Citation]:
    return [
        Citation(
            message_id=message_id,
            owner_id=owner_id,
            rank=rank,
            score=item.score,
            content_id=item.content_id,
            chunk_id=item.chunk_id,
            chunk_index=item.chunk_index,
            memory_id=item.memory_id,
            text=item.text,
        )
        for rank, item in enumerate(items, start=first)
    ]
