"""Content types. No I/O beyond the request's dataloaders."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from strawberry.scalars import JSON

from schema.common import Node
from schema.ids import to_global_id
from schema.info import Info

if TYPE_CHECKING:
    from schema.agent import Agent
    from services.db import models


@strawberry.enum(description="What kind of content it is.")
class MediaType(Enum):
    TEXT = strawberry.enum_value("text", description="Plain text, markdown, HTML, CSV, JSON.")
    DOCUMENT = strawberry.enum_value(
        "document", description="PDF and DOCX documents; PDF pages without a text layer (scans) are read by OCR."
    )
    IMAGE = strawberry.enum_value(
        "image",
        description="Images: text-indexed by the text OCR finds in them and, when `models.caption` is set, a "
        "caption from a vision model. An image with neither is stored READY with no chunks.",
    )
    AUDIO = strawberry.enum_value("audio", description="Audio: metadata only (duration, channels), not text-indexed.")
    VIDEO = strawberry.enum_value("video", description="Video: metadata only (duration), not text-indexed.")
    EMBEDDING = strawberry.enum_value("embedding", description="Caller-supplied vectors with their text.")


@strawberry.enum(description="Where a content is in ingestion.")
class ContentStatus(Enum):
    PENDING = strawberry.enum_value("pending", description="Waiting for its INGEST run.")
    PROCESSING = strawberry.enum_value("processing", description="Being extracted, chunked and embedded.")
    READY = strawberry.enum_value(
        "ready", description="Searchable (or stored, for audio, video and images in which no text was found)."
    )
    FAILED = strawberry.enum_value("failed", description="Ingestion failed; see `error`. No vectors were kept.")
    CANCELLED = strawberry.enum_value("cancelled", description="Ingestion was cancelled. No vectors were kept.")


@strawberry.type(description="A stored document, file or text, with its extracted metadata and ingestion status.")
class Content(Node):
    title: str = strawberry.field(description="Title (the file name unless given).")
    media_type: MediaType = strawberry.field(description="What kind of content it is.")
    mime: str = strawberry.field(description="Detected MIME type.")
    filename: str | None = strawberry.field(description="Uploaded file name.")
    size_bytes: float = strawberry.field(description="Size of the stored bytes.")
    sha256: str = strawberry.field(description="SHA-256 of the bytes; identical uploads share storage.")
    status: ContentStatus = strawberry.field(description="Ingestion status.")
    error: str | None = strawberry.field(description="Why ingestion failed.")
    metadata: JSON = strawberry.field(
        description="Your metadata merged with what extraction found (size, pages, title, ...; a text-bearing "
        "file's or an image's once its INGEST run has read it). Images add `caption` and `caption_model` (or "
        "`caption_error`) when captioned, `ocr_rotation` when the picture was read turned, and `ocr_error` when "
        "OCR is not installed; PDFs add `ocr_pages`, the scanned pages read by OCR."
    )
    chunk_count: int | None = strawberry.field(description="Chunks indexed, once READY.")
    embedding_model: str | None = strawberry.field(description="Model its vectors were made with.")
    created_at: datetime = strawberry.field(description="When it was added (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")
    _id: strawberry.Private[str]
    _agent_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: "models.Content") -> "Content":
        return cls(
            id=strawberry.ID(to_global_id("Content", row.id)),
            title=row.title,
            media_type=MediaType(row.media_type),
            mime=row.mime,
            filename=row.filename,
            size_bytes=float(row.size_bytes),
            sha256=row.sha256,
            status=ContentStatus(row.status),
            error=row.error,
            metadata=cast(
                JSON, row.meta if hasattr(row, "meta") else row.metadata
            ),  # rows from Core selects say `metadata`
            chunk_count=row.chunk_count,
            embedding_model=row.embedding_model,
            created_at=row.created_at,
            updated_at=row.updated_at,
            _id=row.id,
            _agent_id=row.agent_id,
        )

    @strawberry.field(description="The agent it belongs to, if any.")
    async def agent(self, info: Info) -> Annotated["Agent", strawberry.lazy("schema.agent")] | None:
        from schema.agent import Agent

        if self._agent_id is None:
            return None
        return Agent.from_row(await info.context.loaders.agent_by_id.load(self._agent_id))


@strawberry.input(description="Narrows a content list; all given conditions must hold.")
class ContentFilter:
    agent_id: strawberry.ID | None = strawberry.field(default=None, description="Only this agent's content.")
    media_types: list[MediaType] | None = strawberry.field(default=None, description="Only these media types.")
    status: ContentStatus | None = strawberry.field(default=None, description="Only content in this status.")
    metadata: JSON | None = strawberry.field(default=None, description="Metadata keys that must equal these values.")


@strawberry.input(description="Text or markdown to store and index.")
class AddTextInput:
    title: str = strawberry.field(description="Title.")
    text: str = strawberry.field(description="The text (markdown is fine).")
    markdown: bool = strawberry.field(default=False, description="Store it as text/markdown.")
    agent_id: strawberry.ID | None = strawberry.field(default=None, description="Attach it to this agent.")
    metadata: JSON | None = strawberry.field(default=None, description="Your metadata (a JSON object).")


@strawberry.input(description="Details of an uploaded file.")
class UploadContentInput:
    title: str | None = strawberry.field(default=None, description="Title; the file name if omitted.")
    agent_id: strawberry.ID | None = strawberry.field(default=None, description="Attach it to this agent.")
    metadata: JSON | None = strawberry.field(default=None, description="Your metadata (a JSON object).")


@strawberry.type(description="What addText and uploadContent did.")
class ContentAdded:
    content: Content = strawberry.field(description="The stored content (the existing one for a duplicate).")
    created: bool = strawberry.field(description="False when the same bytes were already stored by you.")
    ingest_run_id: strawberry.ID | None = strawberry.field(description="The INGEST run; follow it with `runEvents`.")


@strawberry.enum(description="How search matches.")
class SearchMode(Enum):
    DENSE = strawberry.enum_value("dense", description="By meaning (embedding similarity).")
    SPARSE = strawberry.enum_value("sparse", description="By words (BM25-style).")
    HYBRID = strawberry.enum_value("hybrid", description="Both, fused with reciprocal rank fusion.")


@strawberry.input(description="A knowledge search.")
class SearchInput:
    query: str = strawberry.field(description="What to look for.")
    mode: SearchMode = strawberry.field(default=SearchMode.HYBRID, description="How to match.")
    agent_id: strawberry.ID | None = strawberry.field(default=None, description="Only this agent's content.")
    media_types: list[MediaType] | None = strawberry.field(default=None, description="Only these media types.")
    metadata: JSON | None = strawberry.field(default=None, description="Metadata keys that must equal these values.")
    limit: int = strawberry.field(default=10, description="Most hits to return (1-100).")


@strawberry.type(description="A chunk of content that matched a search.")
class SearchHit:
    score: float = strawberry.field(description="Relevance; comparable only within one search and mode.")
    text: str = strawberry.field(description="The matching chunk's text.")
    chunk_index: int = strawberry.field(description="Position of the chunk in its content, from 0.")
    start: int = strawberry.field(description="Character offset of the chunk in the extracted text.")
    end: int = strawberry.field(description="End offset (exclusive).")
    content: Content = strawberry.field(description="The content it comes from (with its agent).")


@strawberry.type(description="A content's ingestion state, sent by `contentStatus` when it changes.")
class ContentStatusUpdate:
    content: Content = strawberry.field(description="The content as it is now (status, error, chunkCount).")
    done: int | None = strawberry.field(description="Chunks embedded so far, while PROCESSING.")
    total: int | None = strawberry.field(description="Chunks in all, once known.")
    fraction: float | None = strawberry.field(description="done / total, 0 to 1.")
    ingest_run_id: strawberry.ID | None = strawberry.field(description="The INGEST run, if the content has one.")


@strawberry.input(description="A caller-supplied vector with the text it embeds (media type EMBEDDING).")
class AddEmbeddingInput:
    text: str = strawberry.field(description="The text the vector stands for (searched by SPARSE and shown in hits).")
    vector: list[float] = strawberry.field(
        description="The dense vector, in the configured embedding model's space (same dimension)."
    )
    title: str | None = strawberry.field(default=None, description="Title; the text's first line if omitted.")
    agent_id: strawberry.ID | None = strawberry.field(default=None, description="Attach it to this agent.")
    metadata: JSON | None = strawberry.field(default=None, description="Your metadata (a JSON object).")


@strawberry.type(description="How much of your knowledge is indexed with the current embedding model.")
class IndexStatus:
    embedding_model: str = strawberry.field(description="The configured embedding model; search uses its vectors.")
    contents: int = strawberry.field(description="Your READY text and document contents.")
    stale_contents: int = strawberry.field(description="Of those, indexed with another model: run `reindex`.")
    memories: int = strawberry.field(description="Your memories.")
    stale_memories: int = strawberry.field(description="Of those, indexed with another model.")
