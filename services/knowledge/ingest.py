"""INGEST runs: [caption] -> extract -> chunk -> embed in batches (cached) -> upsert dense + sparse vectors -> READY.

Images are read by OCR during extraction; when `models.caption` names a vision model, the CAPTION step first asks
it to describe the image (services.knowledge.caption), and the caption is indexed ahead of the OCR text. A caption
that fails is recorded (a progress event and `caption_error` in the content's metadata) and the run goes on.
An image without text and without a caption is READY with no chunks.

Chunks are cut for the run's embedder, in its own tokens, to fit its window (services.knowledge.chunk_sizing);
a configured chunk size that does not fit fails the run with a message naming the window.

Vectors are written in one upsert after every chunk is embedded, and the chunk rows in the same step,
so a failure or a cancel at any point leaves no half-written index: the content ends FAILED or
CANCELLED with its error, and whatever reached Qdrant is deleted again."""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services import metrics
from services.db.models import Chunk, Content, EmbeddingCache, Run
from services.db.types import utcnow
from services.knowledge import caption, chunking, sparse
from services.knowledge.blobs import BlobStore
from services.knowledge.chunk_sizing import ChunkSizeError, ChunkSizing
from services.knowledge.embed import Embedder, EmbeddingError
from services.knowledge.extract import Bounds, ExtractionFailed, LimitExceeded, extract, ocr
from services.knowledge.index import Knowledge
from services.knowledge.vectors import VectorPoint
from services.knowledge.vectors.payloads import chunk_payload
from services.providers import Providers
from services.runs.event_kinds import progress
from services.runs.scheduler import Outcome, RunContext
from services.settings import Settings

# Chunks per embedding call: progress and cancel come between calls. The local embedders' speed per token is
# flat from 1 to 64 texts per call (bench/knowledge_bench.py); 16 full MiniLM chunks take about a second on 2 cores.
BATCH = 16


class Cancelled(Exception):
    pass


class IngestHandler:
    resumable = True  # idempotent: a run cut short by a crash or shutdown is queued again

    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        knowledge: Knowledge,
        providers: Providers | None = None,
        settings: Callable[[], Settings] | None = None,
    ) -> None:
        self.db, self.knowledge = db, knowledge
        self.providers, self.settings = providers, settings  # for captions; without them images get none

    async def interrupted(self, session: AsyncSession, run: Run, reason: str) -> None:
        content_id = (run.input or {}).get("contentId")
        if content_id:
            await session.execute(
                update(Content)
                .where(col(Content.id) == content_id)
                .values(status="failed", error=reason, updated_at=utcnow())
            )
            await self.knowledge.delete_vectors(content_id=content_id)

    async def execute(self, ctx: RunContext) -> Outcome:
        content_id = str(ctx.run.input.get("contentId"))
        async with self.db() as session, session.begin():
            content = await session.get(Content, content_id)
            if content is None:
                return Outcome("failed", error="the content was deleted before it was ingested")
            content.status, content.updated_at = "processing", utcnow()
        try:
            result = await self._ingest(ctx, content)
        except (Cancelled, caption.Cancelled):
            await self._end(content_id, "cancelled", None)
            return Outcome("cancelled")
        except (ExtractionFailed, EmbeddingError, ChunkSizeError) as exc:
            message = failure_reason(exc)
            await self._end(content_id, "failed", message)
            return Outcome("failed", error=message)
        except Exception as exc:
            await self._end(content_id, "failed", f"internal error: {type(exc).__name__}")
            raise
        return Outcome("succeeded", result=result)

    async def _end(self, content_id: str, status: str, error: str | None) -> None:
        await self.knowledge.delete_vectors(content_id=content_id)
        async with self.db() as session, session.begin():
            await session.execute(
                update(Content)
                .where(col(Content.id) == content_id)
                .values(status=status, error=error, updated_at=utcnow())
            )

    async def _ingest(self, ctx: RunContext, content: Content) -> dict[str, Any]:
        embedder = self.knowledge.embedder(ctx.run.model)
        captioned = await self._caption(ctx, content)
        prepared = await chunk_content(self.knowledge, content, embedder, captioned=captioned)
        chunks, total = prepared.chunks, len(prepared.chunks)
        await ctx.emit([progress(0, total, "chunked")])
        vectors: list[list[float]] = []
        cached_hits = 0
        for start in range(0, total, BATCH):
            if ctx.cancelled.is_set():
                raise Cancelled
            batch = [c.text for c in chunks[start : start + BATCH]]
            found, hits = await embed_cached(self.db, embedder, batch)
            vectors += found
            cached_hits += hits
            done = min(start + BATCH, total)
            await ctx.emit([progress(done, total, "embedded")])
        if ctx.cancelled.is_set():
            raise Cancelled
        # A run again after a crash replaces what an earlier pass wrote, in every model's collection.
        await self.knowledge.delete_vectors(content_id=content.id)
        meta = merged_metadata(content.meta, prepared.metadata, captioned.metadata() if captioned else None)
        await write_chunks(
            self.db, self.knowledge, embedder, content, chunks, vectors,
            status="ready", error=None, text_chars=prepared.text_chars, meta=meta,
        )  # fmt: skip
        metrics.ingested(embedder.name, total)
        result: dict[str, Any] = {"contentId": content.id, "chunks": total, "cachedEmbeddings": cached_hits}
        if captioned is not None:
            result["captioned"] = captioned.text is not None
        return result

    async def _caption(self, ctx: RunContext, content: Content) -> caption.Caption | None:
        """The CAPTION step, for an image when a caption model is configured: its outcome, reported as progress
        ("captioned" or "caption failed: <why>"). None when there is nothing to caption."""
        settings = self.settings() if self.settings is not None else None
        model = settings.models.caption if settings is not None else None
        if content.media_type != "image" or model is None or self.providers is None or settings is None:
            return None
        await ctx.emit([progress(0, 1, "captioning")])
        data = await asyncio.to_thread(self.knowledge.blobs.read, content.sha256)
        captioned = await caption.caption_image(
            self.providers,
            model,
            data,
            content.mime,
            label=content.filename or content.title,
            bounds=self.knowledge.extraction_bounds(),
            seconds=settings.providers.request_timeout_seconds,
            cancelled=ctx.cancelled,
        )
        message = "captioned" if captioned.error is None else f"caption failed: {captioned.error}"
        await ctx.emit([progress(1, 1, message)])
        return captioned


async def write_chunks(
    db: async_sessionmaker[AsyncSession],
    knowledge: Knowledge,
    embedder: Embedder,
    content: Content,
    chunks: list[chunking.Chunk],
    vectors: list[list[float]],
    **values: Any,
) -> None:
    """Upsert the chunks' points, then in one transaction replace the content's chunk rows and record the embedder
    and `values` on the content: the database points at the new points only once they exist. Point and chunk ids
    follow from (content, index), so writing again (a run re-queued after a crash) replaces, never adds."""
    ids = [chunk_id(content.id, c.index) for c in chunks]
    points = [
        VectorPoint(id=i, dense=v, sparse=sparse.document_vector(c.text), payload=chunk_payload(content, c.index))
        for i, c, v in zip(ids, chunks, vectors, strict=True)
    ]
    await knowledge.vectors.upsert(await knowledge.collection(embedder), points)
    async with db() as session, session.begin():
        await session.execute(delete(Chunk).where(col(Chunk.content_id) == content.id))
        session.add_all(
            Chunk(
                id=i,
                content_id=content.id,
                owner_id=content.owner_id,
                idx=c.index,
                text=c.text,
                start=c.start,
                end=c.end,
                tokens=c.tokens,
            )
            for i, c in zip(ids, chunks, strict=True)
        )
        await session.execute(
            update(Content)
            .where(col(Content.id) == content.id)
            .values(chunk_count=len(chunks), embedding_model=embedder.name, updated_at=utcnow(), **values)
        )


def merged_metadata(
    current: dict[str, Any] | None, extracted: dict[str, Any], captioned: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What extraction measured joins the content's metadata; keys the owner set win, except those this extraction
    (OCR) and this run's caption, when it asked for one, write afresh."""
    renewed = (*ocr.METADATA_KEYS, *(caption.CAPTION_KEYS if captioned is not None else ()))
    kept = {k: v for k, v in (current or {}).items() if k not in renewed}
    return {**extracted, **kept, **(captioned or {})}


def chunk_id(content_id: str, index: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"switchboard:chunk:{content_id}:{index}"))


def failure_reason(exc: Exception) -> str:
    """A failed run's error for the user; an extraction bound's is led by its code (CONTENT_TOO_LARGE: ...)."""
    return exc.coded if isinstance(exc, LimitExceeded) else getattr(exc, "message", str(exc))


@dataclass(frozen=True)
class Prepared:
    """A content's chunks, with what extraction measured (the text itself is not kept beside its chunks)."""

    chunks: list[chunking.Chunk]
    text_chars: int
    metadata: dict[str, Any]


async def chunk_content(
    knowledge: Knowledge, content: Content, embedder: Embedder, *, captioned: caption.Caption | None = None
) -> Prepared:
    """The content's text, extracted once from its file within the extraction bounds (LimitExceeded past one) and
    cut to fit `embedder` (ChunkSizeError if the configured size does not); in a worker thread. An image's caption
    leads its text: this run's (`captioned`), or without one the caption its metadata recorded."""
    sizing = knowledge.chunk_sizing(embedder)
    bounds = knowledge.extraction_bounds()
    recorded = (content.meta or {}).get("caption") if content.media_type == "image" else None
    text = captioned.text if captioned is not None else recorded if isinstance(recorded, str) else None
    return await asyncio.to_thread(_prepare, knowledge.blobs, content, sizing, bounds, text)


def _prepare(
    blobs: BlobStore, content: Content, sizing: ChunkSizing, bounds: Bounds, caption: str | None = None
) -> Prepared:
    extracted = extract(blobs.read(content.sha256), content.filename, content.mime, bounds)
    text = "\n\n".join(piece for piece in (caption, extracted.text) if piece)
    try:
        chunks = chunking.chunk_text(
            text,
            size=sizing.size,
            overlap=sizing.overlap,
            count_tokens=sizing.count_tokens,
            max_chunks=bounds.max_chunks,
        )
    except chunking.TooManyChunks:
        label = content.filename or "the content"
        raise LimitExceeded(
            label, "max_chunks", "its number of chunks", bounds.max_chunks + 1, bounds.max_chunks, at_least=True
        ) from None
    metadata = {k: v for k, v in extracted.metadata.items() if k not in ("mime", "size_bytes")}
    return Prepared(chunks, len(text), metadata)


async def embed_cached(
    db: async_sessionmaker[AsyncSession], embedder: Embedder, texts: list[str]
) -> tuple[list[list[float]], int]:
    """Embeddings by (model, sha256 of the text); only the misses go to the model. Returns (vectors, hits)."""
    keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    async with db() as session:
        rows = (
            await session.scalars(
                select(EmbeddingCache).where(
                    col(EmbeddingCache.model) == embedder.name, col(EmbeddingCache.text_sha256).in_(keys)
                )
            )
        ).all()
    known = {r.text_sha256: list(r.vector) for r in rows}
    missing = [i for i, k in enumerate(keys) if k not in known]
    if missing:
        began = time.perf_counter()
        fresh = await embedder.embed([texts[i] for i in missing])
        metrics.embedded(embedder.name, time.perf_counter() - began)
        async with db() as session, session.begin():
            for i, vector in zip(missing, fresh, strict=True):
                if keys[i] not in known:
                    known[keys[i]] = vector
                    await session.merge(EmbeddingCache(model=embedder.name, text_sha256=keys[i], vector=vector))
    return [known[k] for k in keys], len(keys) - len(missing)
