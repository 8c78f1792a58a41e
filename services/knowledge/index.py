"""The knowledge facade the app holds: blobs, the vector store and the embedders, plus search.

Which embedder: `models.embedding` when it is set; otherwise the one this deployment's vectors are built with,
recorded in the database (table knowledge_state) when the first vectors are written, and moved only by a reindex
that leaves nothing on the old model; a deployment without vectors gets DEFAULT_EMBEDDING. So an upgrade that
changes the default re-embeds nothing: existing vectors keep being searched with the model that made them.
Each process reads the record at start-up and keeps it; another replica sees a reindex's switch when it restarts
(set `models.embedding` to switch every replica at once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services.db.models import Chunk, Content, Memory
from services.errors import ValidationFailed
from services.knowledge import sparse
from services.knowledge.blobs import BlobStore
from services.knowledge.chunk_sizing import ChunkSizeError, ChunkSizing, chunk_sizing, size_problem
from services.knowledge.embed import Embedder, EmbeddingError, make_embedder
from services.knowledge.embedder_record import EmbedderRecord
from services.knowledge.extract import Bounds
from services.knowledge.vectors import Hit, VectorPoint, VectorStore, collection_name, open_vector_store
from services.knowledge.vectors.copy import upgrade_legacy
from services.knowledge.vectors.payloads import content_meta, memory_payload
from services.settings import DEFAULT_EMBEDDING, Settings

Mode = Literal["dense", "sparse", "hybrid"]
MAX_QUERY_CHARS = 4000
log = structlog.get_logger("switchboard.knowledge")


@dataclass(frozen=True)
class Effective:
    """What unset knowledge settings resolve to now: the embedder and the chunk sizes chunking uses with it."""

    embedding: str
    chunk_size: int
    chunk_overlap: int


@dataclass
class SearchHit:
    score: float
    chunk: Any  # a Chunk row
    content: Any  # its Content row


class Knowledge:
    def __init__(
        self,
        settings: Callable[[], Settings],
        blobs: BlobStore,
        db: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self._settings = settings
        self.blobs = blobs
        self._vectors: VectorStore | None = None
        self._embedders: dict[str, Embedder] = {}
        self.record = EmbedderRecord(db)

    async def open(self) -> None:
        """Read the recorded embedder (services.knowledge.embedder_record)."""
        await self.record.load()

    @property
    def recorded_embedding(self) -> str | None:
        """What this deployment's vectors are built with, per the database."""
        return self.record.name

    @property
    def embedding_model(self) -> str:
        """The embedder search and ingestion use now (see the module docstring)."""
        return self.embedding_model_for(self._settings())

    def embedding_model_for(self, settings: Settings) -> str:
        return settings.models.embedding or self.record.name or DEFAULT_EMBEDDING

    async def switch_embedding(self, name: str) -> None:
        """After a reindex left nothing on another model: `name` becomes the recorded embedder."""
        await self.record.switch(name)

    @property
    def vectors(self) -> VectorStore:
        """A Qdrant server is contacted on first use; the embedded store is opened at start-up (`prepare_vectors`)."""
        if self._vectors is None:
            s = self._settings()
            self._vectors = open_vector_store(url=s.qdrant_url, data_dir=Path(s.data_dir))
        return self._vectors

    async def prepare_vectors(self) -> int | None:
        """At start-up, for the embedded store: take its folder (so a second process is refused now, not on
        its first search) and move in the vectors an earlier version kept in qdrant-client's local mode.
        Returns how many points moved, None when there was nothing to move."""
        s = self._settings()
        if s.qdrant_url:  # a server was configured then too: an old local-mode folder is not in use
            return None
        return await upgrade_legacy(Path(s.data_dir), self.vectors)

    async def warm(self) -> None:
        """At start-up, when the embedded store holds vectors of the embedder searches use, load it and open its
        collection: both hold the GIL for a second or more, better before serving than inside the first search."""
        embedder = self.embedder()
        if self._settings().qdrant_url or not embedder.name.startswith("local:"):  # nothing in-process to warm
            return
        prefix = collection_name(embedder.name, 0).removesuffix("0")
        if not any(n.startswith(prefix) for n in await self.vectors.collection_names()):
            return  # no vectors yet: nothing a search would load
        try:
            await self.vectors.count_where(collection_name(embedder.name, await embedder.dimension()))
        except EmbeddingError as exc:  # the first search reports it to its caller
            log.warning("embedder not loaded at start-up", embedder=embedder.name, error=exc.message)

    def embedder(self, name: str | None = None) -> Embedder:
        s = self._settings()
        name = name or self.embedding_model_for(s)
        if name not in self._embedders:
            try:
                self._embedders[name] = make_embedder(
                    name,
                    data_dir=Path(s.data_dir),
                    ollama_host=s.providers.ollama_host,
                    local_models=dict(s.providers.local_models),
                    threads=s.providers.local_threads,
                )
            except ValueError as exc:
                raise ValidationFailed(str(exc), "model") from None
        return self._embedders[name]

    def effective(self, settings: Settings) -> Effective:
        """The embedder and chunk sizes `settings` resolve to (for showing the configuration)."""
        embedder = self.embedder(self.embedding_model_for(settings))
        try:
            sizing = chunk_sizing(embedder, settings.retrieval.chunk_size, settings.retrieval.chunk_overlap)
        except ChunkSizeError:  # refused at start-up and on change; shown as configured if it happens anyway
            return Effective(embedder.name, settings.retrieval.chunk_size or 0, settings.retrieval.chunk_overlap or 0)
        return Effective(embedder.name, sizing.size, sizing.overlap)

    def chunk_sizing(self, embedder: Embedder) -> ChunkSizing:
        """How to chunk text for `embedder` (ChunkSizeError when `retrieval.chunk_size` exceeds its window)."""
        retrieval = self._settings().retrieval
        return chunk_sizing(embedder, retrieval.chunk_size, retrieval.chunk_overlap)

    def extraction_bounds(self) -> Bounds:
        """The extraction bounds (`limits.max_extracted_chars`, ...) as configured now."""
        return Bounds.of(self._settings().limits)

    def settings_problems(self, candidate: Settings) -> list[tuple[str, str]]:
        """(path, message) for what in `candidate` the knowledge index cannot work with: an unknown embedder,
        or a chunk size beyond its window. The config service refuses such a change."""
        name = self.embedding_model_for(candidate)
        try:  # made from the candidate's own provider settings (it may add the local model it names)
            embedder = self._embedders.get(name) or make_embedder(
                name,
                data_dir=Path(candidate.data_dir),
                ollama_host=candidate.providers.ollama_host,
                local_models=dict(candidate.providers.local_models),
            )
        except ValueError as exc:
            return [("models.embedding", str(exc))]
        retrieval = candidate.retrieval
        problem = size_problem(embedder, retrieval.chunk_size, retrieval.chunk_overlap)
        if problem is None:
            return []
        return [("retrieval.chunk_overlap" if problem.startswith("chunk_overlap") else "retrieval.chunk_size", problem)]

    async def collection(self, embedder: Embedder, session: AsyncSession | None = None) -> str:
        """The embedder's collection, created if need be. The first vectors ever written record their embedder;
        pass the session of a transaction the caller holds, so the record is written in it."""
        name = collection_name(embedder.name, await embedder.dimension())
        await self.vectors.ensure_collection(name, await embedder.dimension())
        if self.record.name is None:
            await self.record.first(embedder.name, session)
        return name

    async def delete_vectors(self, *, content_id: str) -> None:
        """Vectors of every embedding model ever used for this content."""
        for name in await self.vectors.collection_names():
            await self.vectors.delete_where(name, content_id=content_id)

    async def update_content_payload(self, content: Content) -> None:
        """After a metadata change: filtered search must see the new values, in every model's collection."""
        meta = content_meta(content)
        for name in await self.vectors.collection_names():
            await self.vectors.set_content_payload(name, content.id, {"meta": meta})

    async def query(
        self,
        *,
        query: str,
        mode: Mode,
        owner_id: str,
        kind: Literal["chunk", "memory"],
        limit: int,
        agent_ids: list[str] | None = None,
        media_types: list[str] | None = None,
        metadata: dict[str, str] | None = None,
        memory_kinds: list[str] | None = None,
    ) -> list[Hit]:
        """Vector hits of one owner's points of one kind, in the configured embedder's space."""
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
        name = collection_name(embedder.name, await embedder.dimension())
        return await self.vectors.search(
            name,
            mode=mode,
            dense=dense,
            sparse=sparse.query_vector(query) if mode != "dense" else None,
            owner_id=owner_id,
            agent_ids=agent_ids,
            media_types=media_types,
            metadata=metadata,
            kind=kind,
            memory_kinds=memory_kinds,
            limit=limit,
        )

    async def search(
        self,
        session: AsyncSession,
        owner_id: str,
        *,
        query: str,
        mode: Mode,
        agent_ids: list[str] | None,
        media_types: list[str] | None,
        metadata: dict[str, str] | None,
        limit: int,
    ) -> list[SearchHit]:
        """Hits from the owner's content only, whatever their role: knowledge never leaks."""
        hits = await self.query(
            query=query,
            mode=mode,
            owner_id=owner_id,
            kind="chunk",
            agent_ids=agent_ids,
            media_types=media_types,
            metadata=metadata,
            limit=limit,
        )
        if not hits:
            return []
        # One statement for the hit chunks and their contents: a search's only SQL, whatever the limit.
        rows = await session.execute(
            select(Chunk, Content)
            .join(Content, col(Content.id) == col(Chunk.content_id))
            .where(col(Chunk.id).in_([h.id for h in hits]), col(Content.owner_id) == owner_id)
        )
        found: dict[str, tuple[Chunk, Content]] = {chunk.id: (chunk, content) for chunk, content in rows}
        return [SearchHit(h.score, *found[h.id]) for h in hits if h.id in found]

    async def index_memory(self, memory: Memory, session: AsyncSession | None = None) -> str:
        """Embed a memory's text and (re)write its point; returns the embedding model's name. `session`: the
        transaction the caller holds, if any (see `collection`)."""
        embedder = self.embedder()
        try:
            vector = (await embedder.embed([memory.text]))[0]
        except EmbeddingError as exc:
            raise ValidationFailed(f"cannot embed the memory: {exc}", "text") from None
        collection = await self.collection(embedder, session)
        point = VectorPoint(
            id=memory.id,
            dense=vector,
            sparse=sparse.document_vector(memory.text),
            payload=memory_payload(memory),
        )
        await self.vectors.upsert(collection, [point])
        return embedder.name

    async def delete_memory_vectors(self, memory_ids: list[str]) -> None:
        if not memory_ids:
            return
        for name in await self.vectors.collection_names():
            for start in range(0, len(memory_ids), 500):
                await self.vectors.delete_where(name, memory_ids=memory_ids[start : start + 500])

    async def aclose(self) -> None:
        for embedder in self._embedders.values():
            await embedder.aclose()
        if self._vectors is not None:
            await self._vectors.aclose()
