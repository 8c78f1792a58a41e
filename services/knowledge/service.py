"""The knowledge facade the app holds: blobs, the vector store and the embedders, plus search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.auth import Actor
from services.db.models import Chunk, Content
from services.errors import ValidationFailed
from services.knowledge import sparse
from services.knowledge.blobs import BlobStore
from services.knowledge.embed import Embedder, EmbeddingError, make_embedder
from services.knowledge.vectors import VectorStore
from services.settings import Settings

Mode = Literal["dense", "sparse", "hybrid"]
MAX_QUERY_CHARS = 4000


@dataclass
class SearchHit:
    score: float
    chunk: Any  # a Chunk row
    content: Any  # its Content row


class Knowledge:
    def __init__(self, settings: Callable[[], Settings], blobs: BlobStore) -> None:
        self._settings = settings
        self.blobs = blobs
        self._vectors: VectorStore | None = None
        self._embedders: dict[str, Embedder] = {}

    @property
    def vectors(self) -> VectorStore:
        """Opened on first use: embedded Qdrant locks its folder, so a process that never searches or
        ingests (a second worker answering other requests) must not take the lock."""
        if self._vectors is None:
            s = self._settings()
            self._vectors = (
                VectorStore(url=s.qdrant_url) if s.qdrant_url else VectorStore(path=Path(s.data_dir) / "qdrant")
            )
        return self._vectors

    def embedder(self, name: str | None = None) -> Embedder:
        s = self._settings()
        name = name or s.models.embedding
        if name not in self._embedders:
            try:
                self._embedders[name] = make_embedder(
                    name,
                    data_dir=Path(s.data_dir),
                    ollama_host=s.providers.ollama_host,
                    local_models=dict(s.providers.local_models),
                )
            except ValueError as exc:
                raise ValidationFailed(str(exc), "model") from None
        return self._embedders[name]

    async def collection(self, embedder: Embedder) -> str:
        name = VectorStore.collection_name(embedder.name, await embedder.dimension())
        await self.vectors.ensure_collection(name, await embedder.dimension())
        return name

    async def delete_vectors(self, *, content_id: str) -> None:
        """Vectors of every embedding model ever used for this content."""
        for name in await self.vectors.collection_names():
            await self.vectors.delete_where(name, content_id=content_id)

    async def search(
        self,
        session: AsyncSession,
        actor: Actor,
        *,
        query: str,
        mode: Mode,
        agent_ids: list[str] | None,
        media_types: list[str] | None,
        metadata: dict[str, str] | None,
        limit: int,
    ) -> list[SearchHit]:
        """Hits from the caller's own content only, whatever their role: knowledge never leaks."""
        query = query.strip()
        if not query:
            raise ValidationFailed("query must not be empty", "query")
        if len(query) > MAX_QUERY_CHARS:
            raise ValidationFailed(f"query must be at most {MAX_QUERY_CHARS} characters", "query")
        if not 1 <= limit <= 100:
            raise ValidationFailed("limit must be between 1 and 100", "limit")
        embedder = self.embedder()
        dense = None
        if mode != "sparse":
            try:
                dense = (await embedder.embed([query]))[0]
            except EmbeddingError as exc:
                raise ValidationFailed(f"cannot embed the query: {exc}", "query") from None
        name = VectorStore.collection_name(embedder.name, await embedder.dimension())
        hits = await self.vectors.search(
            name,
            mode=mode,
            dense=dense,
            sparse=sparse.query_vector(query) if mode != "dense" else None,
            owner_id=actor.id,
            agent_ids=agent_ids,
            media_types=media_types,
            metadata=metadata,
            kind="chunk",
            limit=limit,
        )
        if not hits:
            return []
        chunks = {
            c.id: c for c in (await session.scalars(select(Chunk).where(col(Chunk.id).in_([h.id for h in hits])))).all()
        }
        content_ids = {c.content_id for c in chunks.values()}
        rows = (
            await session.scalars(
                select(Content).where(col(Content.id).in_(content_ids), col(Content.owner_id) == actor.id)
            )
        ).all()
        by_id = {c.id: c for c in rows}
        return [
            SearchHit(h.score, chunks[h.id], by_id[chunks[h.id].content_id])
            for h in hits
            if h.id in chunks and chunks[h.id].content_id in by_id
        ]

    async def aclose(self) -> None:
        for embedder in self._embedders.values():
            await embedder.aclose()
        if self._vectors is not None:
            await self._vectors.aclose()
