"""REINDEX runs: re-embed an owner's contents and memories with an embedding model (by default the current one).

Vectors live in one collection per embedding model and dimension, so switching `models.embedding`
never mixes spaces: search simply looks in the new collection, and content indexed with the old model
is invisible there until a reindex writes it. Each content is switched over in one step (all its
points upserted, then its row updated), so a cancel or failure leaves every content either fully
on the old model or fully on the new one. The old collection's points stay: switching back is free.
Caller-supplied EMBEDDING contents cannot be re-embedded by another model and are skipped.

A content whose chunks do not all fit the new model's window (a reindex from a long-window model to a
short one) is chunked again from its file, so nothing is cut off; its old chunks are replaced.

A reindex to another model than the recorded one (`reindex(model: ...)` while `models.embedding` is unset:
the upgrade path) leaves search on the old model while it runs; when it succeeds and no content or
memory of any owner is left on another model, the new model becomes the recorded one.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services.auth import Actor
from services.db.models import Chunk, Content, Memory, Run
from services.db.types import utcnow
from services.knowledge import sparse
from services.knowledge.chunk_sizing import ChunkSizeError, room
from services.knowledge.embed import Embedder, EmbeddingError
from services.knowledge.extract import INDEXED, ExtractionFailed
from services.knowledge.index import Knowledge
from services.knowledge.ingest import (
    BATCH,
    chunk_content,
    embed_cached,
    failure_reason,
    merged_metadata,
    write_chunks,
)
from services.knowledge.vectors import VectorPoint
from services.knowledge.vectors.payloads import chunk_payload
from services.providers.base import split_model_name
from services.runs import queue
from services.runs.event_kinds import progress
from services.runs.scheduler import Outcome, RunContext


def _stale(model_column: Any, embedding: str) -> Any:
    return or_(model_column.is_(None), model_column != embedding)


async def status(session: AsyncSession, actor: Actor | None, embedding: str) -> dict[str, int]:
    """How much of the owner's knowledge (everyone's, for None) is (not yet) in `embedding`'s space."""
    mine = () if actor is None else (col(Content.owner_id) == actor.id,)
    my_memories = () if actor is None else (col(Memory.owner_id) == actor.id,)
    ready = (*mine, col(Content.status) == "ready", col(Content.media_type).in_(INDEXED))
    contents = await session.scalar(select(func.count()).select_from(Content).where(*ready))
    stale_contents = await session.scalar(
        select(func.count()).select_from(Content).where(*ready, _stale(col(Content.embedding_model), embedding))
    )
    memories = await session.scalar(select(func.count()).select_from(Memory).where(*my_memories))
    stale_memories = await session.scalar(
        select(func.count()).select_from(Memory).where(*my_memories, _stale(col(Memory.embedding_model), embedding))
    )
    return {
        "contents": contents or 0,
        "stale_contents": stale_contents or 0,
        "memories": memories or 0,
        "stale_memories": stale_memories or 0,
    }


async def start(session: AsyncSession, actor: Actor, model: str, *, force: bool) -> Run:
    """Queue a REINDEX run to `model` (a valid embedder name: the caller resolves and checks it)."""
    provider, _ = split_model_name(model)
    return await queue.enqueue(
        session, owner_id=actor.id, kind="reindex", provider=provider, model=model, priority=6, input={"force": force}
    )


class ReindexHandler:
    resumable = True  # idempotent: a run cut short by a crash or shutdown is queued again

    def __init__(self, db: async_sessionmaker[AsyncSession], knowledge: Knowledge) -> None:
        self.db, self.knowledge = db, knowledge

    async def interrupted(self, session: AsyncSession, run: Run, reason: str) -> None:
        return None  # every content switched over atomically; nothing is half-done

    async def execute(self, ctx: RunContext) -> Outcome:
        run = ctx.run
        embedder = self.knowledge.embedder(run.model)
        force = bool(run.input.get("force"))
        async with self.db() as session:
            stmt = select(Content).where(
                col(Content.owner_id) == run.owner_id,
                col(Content.status) == "ready",
                col(Content.media_type).in_((*INDEXED, "embedding")),
            )
            if not force:
                stmt = stmt.where(_stale(col(Content.embedding_model), embedder.name))
            contents = list((await session.scalars(stmt.order_by(col(Content.created_at)))).all())
            mem_stmt = select(Memory).where(col(Memory.owner_id) == run.owner_id)
            if not force:
                mem_stmt = mem_stmt.where(_stale(col(Memory.embedding_model), embedder.name))
            memories = list((await session.scalars(mem_stmt)).all())
        skipped = [c for c in contents if c.media_type == "embedding"]
        contents = [c for c in contents if c.media_type != "embedding"]
        total = len(contents) + len(memories)
        done = 0
        await ctx.emit([progress(0, total, None)])
        try:
            collection = await self.knowledge.collection(embedder)
            for content in contents:
                if ctx.cancelled.is_set():
                    return self._outcome("cancelled", done, contents, memories, skipped)
                await self._content(content, embedder, collection)
                done += 1
                await self._progress(ctx, done, total, content.title)
            for memory in memories:
                if ctx.cancelled.is_set():
                    return self._outcome("cancelled", done, contents, memories, skipped)
                name = await self.knowledge.index_memory(memory)
                async with self.db() as session, session.begin():
                    await session.execute(
                        update(Memory).where(col(Memory.id) == memory.id).values(embedding_model=name)
                    )
                done += 1
                await self._progress(ctx, done, total, "memory")
        except (EmbeddingError, ChunkSizeError, ExtractionFailed) as exc:
            message = failure_reason(exc)
            return Outcome("failed", error=message, result=self._result(done, contents, memories, skipped))
        await self._maybe_switch(embedder.name)
        return self._outcome("succeeded", done, contents, memories, skipped)

    async def _maybe_switch(self, name: str) -> None:
        """Make `name` the recorded embedder once every owner's knowledge is on it."""
        if self.knowledge.recorded_embedding == name:
            return
        async with self.db() as session:
            left = await status(session, None, name)
        if left["stale_contents"] == 0 and left["stale_memories"] == 0:
            await self.knowledge.switch_embedding(name)

    async def _content(self, content: Content, embedder: Embedder, collection: str) -> None:
        async with self.db() as session:
            chunks = list(
                (await session.scalars(select(Chunk).where(col(Chunk.content_id) == content.id).order_by("idx"))).all()
            )
        # An image stored before images were read (no chunks) is read now: OCR and its caption, if it has one.
        unread = not chunks and content.media_type == "image"
        if unread or not await asyncio.to_thread(_fits, embedder, [c.text for c in chunks]):
            await self._rechunk(content, embedder, collection)
            return
        points: list[VectorPoint] = []
        for start in range(0, len(chunks), BATCH):
            batch = chunks[start : start + BATCH]
            vectors, _ = await embed_cached(self.db, embedder, [c.text for c in batch])
            points += [
                VectorPoint(
                    id=c.id, dense=v, sparse=sparse.document_vector(c.text), payload=chunk_payload(content, c.idx)
                )
                for c, v in zip(batch, vectors, strict=True)
            ]
        await self.knowledge.vectors.upsert(collection, points)
        async with self.db() as session, session.begin():
            await session.execute(
                update(Content)
                .where(col(Content.id) == content.id)
                .values(embedding_model=embedder.name, updated_at=utcnow())
            )

    async def _rechunk(self, content: Content, embedder: Embedder, collection: str) -> None:
        """Chunk the content again for `embedder`, embed, and replace its chunks (points of a previous stay in
        `collection` are removed first, so none outlive their chunk rows)."""
        prepared = await chunk_content(self.knowledge, content, embedder)
        chunks = prepared.chunks
        vectors: list[list[float]] = []
        for start in range(0, len(chunks), BATCH):
            vectors += (await embed_cached(self.db, embedder, [c.text for c in chunks[start : start + BATCH]]))[0]
        await self.knowledge.vectors.delete_where(collection, content_id=content.id)
        # An image's OCR outcome (ocr_rotation, or an ocr_error now fixed) is what this extraction found.
        renewed = {"meta": merged_metadata(content.meta, prepared.metadata), "text_chars": prepared.text_chars}
        await write_chunks(
            self.db,
            self.knowledge,
            embedder,
            content,
            chunks,
            vectors,
            **(renewed if content.media_type == "image" else {}),
        )

    async def _progress(self, ctx: RunContext, done: int, total: int, what: str) -> None:
        await ctx.emit([progress(done, total, what)])

    def _result(self, done: int, contents: list[Any], memories: list[Any], skipped: list[Any]) -> dict[str, Any]:
        return {
            "done": done,
            "contents": len(contents),
            "memories": len(memories),
            "skippedEmbeddings": len(skipped),
        }

    def _outcome(self, status: str, done: int, contents: list[Any], memories: list[Any], skipped: list[Any]) -> Outcome:
        return Outcome(status, result=self._result(done, contents, memories, skipped))


def _fits(embedder: Embedder, texts: list[str]) -> bool:
    """Whether every text reaches the embedder whole (counting may wait for its worker: run it in a thread)."""
    limit = room(embedder)
    return limit is None or all(embedder.count_tokens(text) <= limit for text in texts)
