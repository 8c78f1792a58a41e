"""Content: text and files, stored content-addressed and deduplicated per owner; ingestion is queued."""

from __future__ import annotations

import asyncio
import json
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services import validation
from services.auth import Actor
from services.db.models import Agent, Chunk, Content, Run
from services.db.types import utcnow
from services.errors import ContentTooLarge, ValidationFailed
from services.knowledge import sparse
from services.knowledge.blobs import BlobStore, sha256_of
from services.knowledge.chunking import word_tokens
from services.knowledge.extract import INDEXED, Bounds, Extracted, ExtractionFailed, LimitExceeded, probe
from services.knowledge.index import Knowledge
from services.knowledge.vectors import VectorPoint
from services.knowledge.vectors.payloads import chunk_payload
from services.ownership import get_owned, owned
from services.pagination import Page, PageArgs, paginate, row_select
from services.providers.base import split_model_name
from services.runs import queue
from services.settings import Settings

STATUSES = ("pending", "processing", "ready", "failed", "cancelled")
MAX_METADATA_BYTES = 16_000


@dataclass
class ContentFilter:
    agent_id: str | None = None
    media_types: list[str] | None = None
    status: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class Added:
    content: Content
    created: bool  # False: the same bytes were already stored for this owner
    run: Run | None  # the INGEST run, when the content has text to index (text, documents, images)


def _metadata(value: dict[str, Any] | None) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationFailed("metadata must be a JSON object", "metadata")
    if len(json.dumps(value)) > MAX_METADATA_BYTES:
        raise ValidationFailed(f"metadata must be at most {MAX_METADATA_BYTES} bytes as JSON", "metadata")
    return value


async def _agent_id(session: AsyncSession, actor: Actor, agent_id: str | None) -> str | None:
    if agent_id is None:
        return None
    return (await get_owned(session, Agent, actor, agent_id)).id


async def add(
    session: AsyncSession,
    actor: Actor,
    blobs: BlobStore,
    settings: Settings,
    *,
    embedding_model: str,
    data: bytes,
    filename: str | None,
    declared_mime: str | None,
    title: str | None,
    agent_id: str | None = None,
    metadata: dict[str, Any] | None = None,
    probed: Extracted | None = None,
) -> Added:
    """Everything is checked before a byte is written, so a refused upload leaves nothing behind.

    The file is only probed here (its type; for media, its metadata; the extraction bounds that need no
    extraction), unless the caller probed it already (`probe_upload`); a text-bearing one is extracted once, by
    its INGEST run, which ends FAILED past a bound."""
    meta = _metadata(metadata)
    name = validation.name(title if title is not None else (filename or "Untitled"), "title", settings.limits)
    # In worker threads, and before the session's first statement (which takes SQLite's write lock).
    probed = probed or await probe_upload(data, filename, declared_mime, settings)
    digest = await asyncio.to_thread(sha256_of, data)
    agent = await _agent_id(session, actor, agent_id)
    existing = await session.scalar(
        select(Content).where(col(Content.owner_id) == actor.id, col(Content.sha256) == digest)
    )
    if existing is not None:
        return Added(existing, False, None)
    await asyncio.to_thread(blobs.put, data)
    indexable = probed.media_type in INDEXED  # the INGEST run extracts the text (OCR for images), once
    content = Content(
        owner_id=actor.id,
        agent_id=agent,
        title=name,
        media_type=probed.media_type,
        mime=probed.mime,
        filename=filename,
        size_bytes=len(data),
        sha256=digest,
        meta=meta,
        status="pending" if indexable else "ready",
    )
    content_meta = {k: v for k, v in probed.metadata.items() if k not in ("mime",)}
    content.meta = {**content_meta, **meta}
    session.add(content)
    await session.flush()
    if not indexable:
        return Added(content, True, None)
    return Added(content, True, await queue_ingest(session, content, embedding_model))


async def probe_upload(
    data: bytes, filename: str | None, declared_mime: str | None, settings: Settings, field: str = "file"
) -> Extracted:
    """The upload's type and what can be refused without extracting its text (size; in a worker thread, the
    bounds that need no extraction), or a ValidationFailed / ContentTooLarge naming `field`."""
    if len(data) > settings.limits.max_upload_bytes:
        raise ValidationFailed(
            f"{filename or 'the file'} is {len(data)} bytes; the limit is {settings.limits.max_upload_bytes}", field
        )
    try:
        return await asyncio.to_thread(probe, data, filename, declared_mime, Bounds.of(settings.limits))
    except LimitExceeded as exc:
        raise ContentTooLarge(exc.message, field) from None
    except ExtractionFailed as exc:
        raise ValidationFailed(exc.message, field) from None


async def queue_ingest(session: AsyncSession, content: Content, embedding_model: str) -> Run:
    provider, _ = split_model_name(embedding_model)
    return await queue.enqueue(
        session,
        owner_id=content.owner_id,
        kind="ingest",
        provider=provider,
        model=embedding_model,
        agent_id=content.agent_id,
        input={"contentId": content.id},
    )


async def get(session: AsyncSession, actor: Actor, content_id: str) -> Content:
    return await get_owned(session, Content, actor, content_id)


async def list_page(session: AsyncSession, actor: Actor, where: ContentFilter | None, args: PageArgs) -> Page[Any]:
    stmt = owned(row_select(Content), Content, actor)
    if where is not None:
        if where.agent_id:
            stmt = stmt.where(col(Content.agent_id) == where.agent_id)
        if where.media_types:
            stmt = stmt.where(col(Content.media_type).in_(where.media_types))
        if where.status:
            stmt = stmt.where(col(Content.status) == where.status)
        for key, value in where.metadata.items():
            stmt = stmt.where(Content.__table__.c.metadata[key].as_string() == str(value))  # type: ignore[attr-defined]
    return await paginate(session, stmt, Content, args)


async def update(
    session: AsyncSession,
    actor: Actor,
    content_id: str,
    settings: Settings,
    *,
    title: str | None,
    metadata: dict[str, Any] | None,
) -> Content:
    content = await get(session, actor, content_id)
    if title is not None:
        content.title = validation.name(title, "title", settings.limits)
    if metadata is not None:
        content.meta = _metadata(metadata)
    content.updated_at = utcnow()
    await session.flush()
    return content


async def delete(db: async_sessionmaker[AsyncSession], knowledge: Knowledge, actor: Actor, content_id: str) -> Content:
    """Delete a content: the row (its chunks cascade) in one transaction; once that has committed, its vectors
    in every model's collection and, when no other content (of any owner) has the same bytes, its file."""
    async with db() as session, session.begin():
        content = await get(session, actor, content_id)
        await session.delete(content)
        await session.flush()
        count = await session.scalar(
            select(func.count()).select_from(Content).where(col(Content.sha256) == content.sha256)
        )
    await knowledge.delete_vectors(content_id=content.id)
    if not count:
        knowledge.blobs.delete(content.sha256)
    return content


EMBEDDING_MIME = "application/vnd.switchboard.embedding+json"


async def add_embedding(
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
    settings: Settings,
    *,
    text: str,
    vector: list[float],
    title: str | None,
    agent_id: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Added:
    """A caller-supplied vector with its text: stored, indexed and READY at once (no INGEST run).

    The vector must be in the configured embedding model's space (same dimension), as search embeds
    queries with that model. Its sparse vector is computed from the text, so SPARSE and HYBRID find it too."""
    text = validation.text(text, "text", settings.limits, required=True)
    embedder = knowledge.embedder()
    dimension = await embedder.dimension()
    if len(vector) != dimension:
        raise ValidationFailed(
            f"vector has {len(vector)} dimensions; the embedding model {embedder.name} makes {dimension}", "vector"
        )
    if not all(math.isfinite(v) for v in vector) or not any(vector):
        raise ValidationFailed("vector must hold finite numbers, not all zero", "vector")
    meta = _metadata(metadata)
    agent = await _agent_id(session, actor, agent_id)
    name = validation.name(title if title is not None else text.strip().splitlines()[0][:80], "title", settings.limits)
    data = json.dumps({"text": text, "vector": vector, "model": embedder.name}).encode()
    digest = sha256_of(data)
    existing = await session.scalar(
        select(Content).where(col(Content.owner_id) == actor.id, col(Content.sha256) == digest)
    )
    if existing is not None:
        return Added(existing, False, None)
    content = Content(
        owner_id=actor.id,
        agent_id=agent,
        title=name,
        media_type="embedding",
        mime=EMBEDDING_MIME,
        filename=None,
        size_bytes=len(data),
        sha256=digest,
        meta=meta,
        status="ready",
        text_chars=len(text),
        chunk_count=1,
        embedding_model=embedder.name,
    )
    session.add(content)
    await session.flush()
    chunk = Chunk(
        content_id=content.id, owner_id=actor.id, idx=0, text=text, start=0, end=len(text), tokens=word_tokens(text)
    )
    session.add(chunk)
    await session.flush()
    point = VectorPoint(
        id=chunk.id,
        dense=list(vector),
        sparse=sparse.document_vector(text),
        payload=chunk_payload(content, 0),
    )
    await knowledge.vectors.upsert(await knowledge.collection(embedder, session), [point])
    knowledge.blobs.put(data)  # last: a failure before leaves no file behind
    return Added(content, True, None)


async def latest_ingest_run(session: AsyncSession, content_id: str) -> Run | None:
    stmt = (
        select(Run)
        .where(col(Run.kind) == "ingest", Run.__table__.c.input["contentId"].as_string() == content_id)  # type: ignore[attr-defined]
        .order_by(col(Run.created_at).desc())
        .limit(1)
    )
    return await session.scalar(stmt)
