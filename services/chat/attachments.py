"""The files a user message carries: stored contents (by id) or files uploaded with the message.

A message may carry images (IMAGE_TYPES, for models that can see) and documents (text, markdown, HTML, CSV, JSON,
PDF, DOCX). The files are stored as contents, so they are kept, searchable and exported like any other; the message
keeps, in order, which contents it carried with their names and types.

When a prompt is built, `load` reads each attachment's bytes back: the most recent `MAX_PROMPT_IMAGES` images go to
the model as they are (older ones become a line of text), and documents get their extracted text, cut to a share
of the prompt's budget, for providers that cannot take the file itself (services/providers/base.py
`with_document_text`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.auth import Actor
from services.db.models import Content
from services.errors import ValidationFailed
from services.knowledge import content as contents
from services.knowledge.blobs import BlobStore
from services.knowledge.extract import Bounds, Extracted, ExtractionFailed, extract
from services.ownership import get_owned
from services.providers.base import IMAGE_TYPES, Attachment, ChatMessage
from services.settings import Settings

ATTACHABLE_MEDIA = ("text", "document")  # besides images: what has text a model can read
MAX_PROMPT_IMAGES = 4  # images a prompt carries, most recent first; older ones are named in text
IMAGE_TOKENS = 1_600  # what an image costs in the prompt budget (Anthropic's ~1.15 megapixel image; llava's is less)
DOCUMENT_SHARE = 0.5  # of the prompt budget, at most, for attached documents' text (about 4 characters a token)


@dataclass(frozen=True)
class NewFile:
    """A file uploaded with the message."""

    data: bytes
    filename: str | None
    content_type: str | None


@dataclass(frozen=True)
class Planned:
    """What a message will carry, checked before anything is written: stored contents and files to store."""

    stored: list[Content]
    files: list[tuple[NewFile, Extracted]]  # each with what probing it found
    has_images: bool


def _refuse_kind(label: str, media_type: str, mime: str, field: str) -> ValidationFailed:
    return ValidationFailed(
        f"{label} is {media_type} ({mime}); a message can carry images (PNG, JPEG, GIF, WebP) and documents "
        "(text, Markdown, HTML, CSV, JSON, PDF, DOCX)",
        field,
    )


async def plan(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    content_ids: Sequence[str],
    files: Sequence[NewFile],
) -> Planned:
    """Check the attachments (count, ownership, kind, size, bounds) without writing anything."""
    limit = settings.limits.max_attachments
    if len(content_ids) + len(files) > limit:
        raise ValidationFailed(
            f"a message carries at most {limit} attachments; this one has {len(content_ids) + len(files)}",
            "attachments",
        )
    if len(set(content_ids)) != len(content_ids):
        raise ValidationFailed("attachmentIds names a content twice", "attachmentIds")
    stored = []
    images = False
    for index, content_id in enumerate(content_ids):
        row = await get_owned(session, Content, actor, content_id)
        if row.mime not in IMAGE_TYPES and row.media_type not in ATTACHABLE_MEDIA:
            raise _refuse_kind(f"content '{row.title}'", row.media_type, row.mime, f"attachmentIds.{index}")
        if row.status == "failed" and row.mime not in IMAGE_TYPES:
            raise ValidationFailed(f"content '{row.title}' failed to ingest: {row.error}", f"attachmentIds.{index}")
        images |= row.mime in IMAGE_TYPES
        stored.append(row)
    probed = []
    for index, file in enumerate(files):
        label, field = file.filename or f"file {index + 1}", f"files.{index}"
        # The size, the type and every bound that needs no extraction (pixels, pages, unpacked size), once: `store`
        # hands the result on to contents.add.
        found = await contents.probe_upload(file.data, file.filename, file.content_type, settings, field)
        if found.mime not in IMAGE_TYPES and found.media_type not in ATTACHABLE_MEDIA:
            raise _refuse_kind(label, found.media_type, found.mime, field)
        images |= found.mime in IMAGE_TYPES
        probed.append((file, found))
    return Planned(stored, probed, images)


async def store(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    blobs: BlobStore,
    embedding_model: str,
    planned: Planned,
) -> list[dict[str, Any]]:
    """Store the uploaded files as contents (an identical file already stored is reused) and return the message's
    attachment list, stored contents first, in the order given."""
    rows = list(planned.stored)
    for index, (file, probed) in enumerate(planned.files):
        try:
            added = await contents.add(
                session,
                actor,
                blobs,
                settings,
                embedding_model=embedding_model,
                data=file.data,
                filename=file.filename,
                declared_mime=file.content_type,
                title=None,
                probed=probed,
            )
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, f"files.{index}") from None
        rows.append(added.content)
    return [reference(row) for row in rows]


def reference(row: Content) -> dict[str, Any]:
    return {
        "contentId": row.id,
        "name": row.title,
        "mime": row.mime,
        "mediaType": row.media_type,
        "sizeBytes": row.size_bytes,
    }


def placeholders(stored: list[dict[str, Any]] | None) -> tuple[Attachment, ...]:
    """A stored message's attachments before their bytes are loaded (history builds these)."""
    return tuple(Attachment(str(a.get("mime")), b"", name=a.get("name"), ref=a.get("contentId")) for a in stored or ())


async def load(
    session: AsyncSession, blobs: BlobStore | None, groups: list[list[ChatMessage]], bounds: Bounds, budget: int
) -> list[list[ChatMessage]]:
    """The prompt's messages with their attachments' bytes and text read back (see the module's docstring)."""
    wanted = [a for group in groups for m in group for a in m.attachments]
    if not wanted:
        return groups
    ids = {a.ref for a in wanted if a.ref}
    rows = {c.id: c for c in (await session.scalars(select(Content).where(col(Content.id).in_(ids)))).all()}
    images = [a for a in wanted if a.is_image]
    sent_images = {id(a) for a in images[-MAX_PROMPT_IMAGES:]}
    documents = len(wanted) - len(images)
    share = max(1_000, int(budget * DOCUMENT_SHARE * 4) // max(1, documents))

    no_ocr = replace(bounds, ocr=False)  # every turn reads the documents again: a scan's OCR would cost each time

    def read(a: Attachment) -> Attachment:
        row = rows.get(a.ref or "")
        label = a.name or "attachment"
        if row is None or blobs is None:
            return replace(a, media_type="text/plain", text=f"({label} is no longer stored)")
        if a.is_image and id(a) not in sent_images:
            return replace(a, media_type="text/plain", text=f"(image {label}, shown earlier in the conversation)")
        try:
            data = blobs.read(row.sha256)
        except OSError:
            return replace(a, media_type="text/plain", text=f"({label} is no longer stored)")
        if a.is_image:
            return replace(a, data=data)
        try:
            text = extract(data, row.filename, row.mime, no_ocr).text or ""
        except ExtractionFailed as exc:
            text = f"(its text could not be read: {exc.message})"
        if len(text) > share:
            text = f"{text[:share]}\n(cut here: the first {share} of {len(text)} characters fit the prompt)"
        return replace(a, data=data, text=text)

    def load_all() -> list[list[ChatMessage]]:
        return [
            [replace(m, attachments=tuple(read(a) for a in m.attachments)) if m.attachments else m for m in group]
            for group in groups
        ]

    return await asyncio.to_thread(load_all)  # disk reads and extraction stay off the event loop


def prompt_tokens(message: ChatMessage) -> int:
    """The budget an attachment's image costs beyond its text (documents count as their text)."""
    return IMAGE_TOKENS * sum(1 for a in message.attachments if a.is_image and a.data)


VisionCheck = Callable[[list[str]], Awaitable[None]]
