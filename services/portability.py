"""Export an agent with its conversations, memories and knowledge to one JSON document (the "agent file"), and
import it back with new IDs.

Versions: 1 has the agent and its conversations; 3 adds `memories` (kind, text, mentions, expiry) and
`knowledge` (each text-bearing content's title, type, metadata and extracted text); 4 adds a user message's
`attachments` with their bytes (base64), stored again as contents on import. Vectors are never in the file:
an import queues an INGEST run per content and, when it brings memories, a REINDEX run that embeds them, with
whatever embedding model the importing server uses. Every older version still imports.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services import agents, validation
from services.auth import Actor
from services.chat import attachments
from services.conversations import ROLES, STATUSES
from services.db.models import Agent, Content, Conversation, Memory, Message, Run
from services.db.types import new_id, utcnow
from services.errors import ImportFailed, ValidationFailed
from services.knowledge import content as contents
from services.knowledge import memory as memories
from services.knowledge import reindex
from services.knowledge.content import EMBEDDING_MIME
from services.knowledge.extract import TEXT_BEARING, ExtractionFailed, extract
from services.knowledge.index import Knowledge
from services.settings import Settings
from services.templates import TEMPLATES

FORMAT = "switchboard.agent"
# 2: tools and tool choice on the agent, tool calls and results on messages; 3: memories, knowledge; 4: attachments
FORMAT_VERSION = 4
READS = (1, 2, 3, 4)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class AttachmentDoc(_Strict):
    """Version 4: a file a user message carried, with its bytes."""

    name: str = Field(min_length=1, max_length=255)
    mime: str = Field(min_length=1, max_length=127)
    data: str  # base64


class MessageDoc(_Strict):
    ref: str = Field(min_length=1, max_length=64)
    parent: str | None = None
    role: Literal[ROLES]  # type: ignore[valid-type]
    content: str
    status: Literal[STATUSES] = "complete"  # type: ignore[valid-type]
    model: str | None = None
    error: str | None = None
    prompt_tokens: int | None = Field(default=None, ge=0, alias="promptTokens")
    completion_tokens: int | None = Field(default=None, ge=0, alias="completionTokens")
    tool_calls: list[dict[str, Any]] | None = Field(default=None, alias="toolCalls")  # version 2
    tool_call_id: str | None = Field(default=None, max_length=128, alias="toolCallId")  # version 2
    tool_name: str | None = Field(default=None, max_length=200, alias="toolName")  # version 2
    tool_error: bool = Field(default=False, alias="toolError")  # version 2
    attachments: list[AttachmentDoc] = Field(default_factory=list)  # version 4
    created_at: validation.UTCMoment = Field(alias="createdAt")


class ConversationDoc(_Strict):
    title: str
    created_at: validation.UTCMoment = Field(alias="createdAt")
    messages: list[MessageDoc] = Field(default_factory=list)


class AgentDoc(_Strict):
    name: str
    description: str = ""
    template: Literal[tuple(TEMPLATES)] | None = None  # type: ignore[valid-type]
    model: str
    system_prompt: str = Field(default="", alias="systemPrompt")
    parameters: dict[str, Any] = Field(default_factory=dict)
    retrieval: dict[str, Any] = Field(default_factory=dict)  # added later in version 1: optional
    tools: list[dict[str, Any]] = Field(default_factory=list)  # version 2
    tool_choice: str = Field(default="auto", max_length=232, alias="toolChoice")  # version 2, as stored
    created_at: validation.UTCMoment | None = Field(default=None, alias="createdAt")


class MemoryDoc(_Strict):
    """Version 3."""

    kind: Literal[memories.KINDS]  # type: ignore[valid-type]
    text: str = Field(min_length=1, max_length=memories.MAX_MEMORY_CHARS)
    mentions: int = Field(default=1, ge=1)
    expires_at: validation.UTCMoment | None = Field(default=None, alias="expiresAt")
    created_at: validation.UTCMoment | None = Field(default=None, alias="createdAt")


class KnowledgeDoc(_Strict):
    """Version 3: a content as text (its original bytes stay behind: a PDF comes back as its extracted text)."""

    title: str
    media_type: str = Field(alias="mediaType")
    mime: str
    filename: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    text: str
    created_at: validation.UTCMoment | None = Field(default=None, alias="createdAt")


class ExportDoc(_Strict):
    format: Literal["switchboard.agent"]
    version: int
    exported_at: datetime | None = Field(default=None, alias="exportedAt")
    agent: AgentDoc
    conversations: list[ConversationDoc] = Field(default_factory=list)
    memories: list[MemoryDoc] = Field(default_factory=list)
    knowledge: list[KnowledgeDoc] = Field(default_factory=list)


@dataclass
class Imported:
    agent: Agent
    runs: list[Run] = field(default_factory=list)  # the INGEST and REINDEX runs that rebuild its vectors


async def export_agent(
    session: AsyncSession, actor: Actor, agent_id: str, knowledge: Knowledge | None = None
) -> dict[str, Any]:
    """The agent file; `knowledge` (the blob store) is needed to include the text of the agent's contents."""
    agent = await agents.get(session, actor, agent_id)
    conversations = (
        await session.scalars(
            select(Conversation)
            .where(col(Conversation.agent_id) == agent.id)
            .order_by(col(Conversation.created_at), col(Conversation.id))
        )
    ).all()
    messages = (
        await session.scalars(
            select(Message)
            .join(Conversation, col(Conversation.id) == col(Message.conversation_id))
            .where(col(Conversation.agent_id) == agent.id)
            .order_by(col(Message.created_at), col(Message.id))
        )
    ).all()
    files = await _attachment_docs(session, messages, knowledge)
    by_conversation: dict[str, list[dict[str, Any]]] = {c.id: [] for c in conversations}
    for m in messages:
        by_conversation[m.conversation_id].append(
            MessageDoc(
                ref=m.id,
                parent=m.parent_id,
                role=m.role,
                content=m.content,
                status=m.status,
                model=m.model,
                error=m.error,
                prompt_tokens=m.prompt_tokens,
                completion_tokens=m.completion_tokens,
                tool_calls=m.tool_calls,
                tool_call_id=m.tool_call_id,
                tool_name=m.tool_name,
                tool_error=m.tool_error,
                attachments=[files[a["contentId"]] for a in m.attachments or () if a.get("contentId") in files],
                created_at=m.created_at,
            ).model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=False)
        )
    doc = ExportDoc(
        format=FORMAT,
        version=FORMAT_VERSION,
        exported_at=utcnow(),
        agent=AgentDoc(
            name=agent.name,
            description=agent.description,
            template=agent.template,
            model=agent.model,
            system_prompt=agent.system_prompt,
            parameters=agent.parameters,
            retrieval=agent.retrieval,
            tools=agent.tools,
            tool_choice=agent.tool_choice,
            created_at=agent.created_at,
        ),
        conversations=[],
    ).model_dump(mode="json", by_alias=True, exclude_none=True)
    doc["conversations"] = [
        {"title": c.title, "createdAt": c.created_at.isoformat(), "messages": by_conversation[c.id]}
        for c in conversations
    ]
    doc["memories"] = await _memory_docs(session, agent.id)
    doc["knowledge"] = await _knowledge_docs(session, agent.id, knowledge) if knowledge is not None else []
    return doc


async def _attachment_docs(
    session: AsyncSession, messages: Sequence[Message], knowledge: Knowledge | None
) -> dict[str, AttachmentDoc]:
    """The files messages carry, by content id, with their bytes (a deleted or unreadable one is left out)."""
    ids = {a["contentId"] for m in messages for a in m.attachments or () if a.get("contentId")}
    if not ids or knowledge is None:
        return {}
    rows = (await session.scalars(select(Content).where(col(Content.id).in_(ids)))).all()

    def read() -> dict[str, AttachmentDoc]:
        out = {}
        for c in rows:
            try:
                data = knowledge.blobs.read(c.sha256)
            except OSError:
                continue
            out[c.id] = AttachmentDoc(name=c.filename or c.title, mime=c.mime, data=base64.b64encode(data).decode())
        return out

    return await asyncio.to_thread(read)


async def _memory_docs(session: AsyncSession, agent_id: str) -> list[dict[str, Any]]:
    rows = (
        await session.scalars(
            memories._live(select(Memory).where(col(Memory.agent_id) == agent_id)).order_by(
                col(Memory.created_at), col(Memory.id)
            )
        )
    ).all()
    return [
        MemoryDoc(
            kind=m.kind, text=m.text, mentions=m.mentions, expires_at=m.expires_at, created_at=m.created_at
        ).model_dump(mode="json", by_alias=True, exclude_none=True)
        for m in rows
    ]


async def _knowledge_docs(session: AsyncSession, agent_id: str, knowledge: Knowledge) -> list[dict[str, Any]]:
    rows = (
        await session.scalars(
            select(Content)
            .where(col(Content.agent_id) == agent_id, col(Content.media_type).in_(TEXT_BEARING))
            .order_by(col(Content.created_at), col(Content.id))
        )
    ).all()
    docs = []
    for c in rows:
        if c.mime == EMBEDDING_MIME:  # caller-supplied vectors: no text another embedder could use
            continue
        text = await asyncio.to_thread(_text_of, knowledge, c)
        if not text:
            continue
        docs.append(
            KnowledgeDoc(
                title=c.title,
                media_type=c.media_type,
                mime=c.mime,
                filename=c.filename,
                metadata=c.meta,
                text=text,
                created_at=c.created_at,
            ).model_dump(mode="json", by_alias=True, exclude_none=True)
        )
    return docs


def _text_of(knowledge: Knowledge, content: Content) -> str | None:
    """The content's extracted text, from its stored bytes (extraction is bounded; off the event loop)."""
    try:
        data = knowledge.blobs.read(content.sha256)
        return extract(data, content.filename, content.mime, knowledge.extraction_bounds()).text
    except (OSError, ExtractionFailed):
        return None


def parse_document(document: Any, settings: Settings) -> ExportDoc:
    """Check the envelope first so an old or foreign document gets a precise message."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"document is not valid JSON: {exc.msg} at line {exc.lineno}") from None
        except RecursionError:  # the parser recurses per level; the limit below is the real bound
            limit = settings.limits.max_json_nesting
            raise ImportFailed(f"document is nested more than {limit} levels deep") from None
    if problem := validation.decoded_problem(document, settings.limits.max_json_nesting):
        raise ImportFailed(problem)
    if not isinstance(document, dict):
        raise ImportFailed("document must be a JSON object")
    size = len(json.dumps(document))
    if size > settings.limits.max_import_bytes:
        raise ImportFailed(f"document is {size} bytes; the limit is {settings.limits.max_import_bytes}")
    if document.get("format") != FORMAT:
        raise ImportFailed(f"document format must be {FORMAT!r}", "format")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportFailed("document version must be an integer", "version")
    if version not in READS:
        raise ImportFailed(
            f"document version {version} is not supported; this server reads versions {', '.join(map(str, READS))}",
            "version",
        )
    try:
        return ExportDoc.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(part) for part in first["loc"])
        raise ImportFailed(f"{path}: {first['msg'].removeprefix('Value error, ')}", path) from None


def _choice(stored: str) -> dict[str, Any]:
    """A stored tool choice ('auto', 'none', 'required', 'tool:<name>') in the form agents.create takes."""
    if stored.startswith("tool:"):
        return {"mode": "tool", "name": stored.removeprefix("tool:")}
    return {"mode": stored, "name": None}


async def import_agent(
    session: AsyncSession, actor: Actor, document: Any, settings: Settings, knowledge: Knowledge | None = None
) -> Imported:
    """Create the agent, conversations, messages, memories and contents with new IDs, all or nothing, and queue the
    runs that embed the memories and contents (`knowledge` is needed when the document has either)."""
    doc = parse_document(document, settings)
    carried = any(m.attachments for c in doc.conversations for m in c.messages)
    if (doc.memories or doc.knowledge or carried) and knowledge is None:
        raise ImportFailed("this server cannot import memories, knowledge and attachments here", "knowledge")
    try:
        agent = await agents.create(
            session,
            actor,
            agents.AgentCreate(
                name=doc.agent.name,
                description=doc.agent.description,
                template=doc.agent.template,
                model=doc.agent.model,
                system_prompt=doc.agent.system_prompt,
                parameters=doc.agent.parameters,
                retrieval=doc.agent.retrieval,
                tools=doc.agent.tools,
                tool_choice=_choice(doc.agent.tool_choice),
            ),
            settings,
        )
    except ValidationFailed as exc:
        raise ImportFailed(f"agent.{exc.message}", f"agent.{exc.field}") from None
    try:
        if doc.agent.created_at:
            agent.created_at = doc.agent.created_at
        for c_index, conv in enumerate(doc.conversations):
            conversation = Conversation(
                owner_id=actor.id,
                agent_id=agent.id,
                title=validation.name(conv.title, f"conversations.{c_index}.title", settings.limits),
                created_at=conv.created_at,
                updated_at=conv.created_at,
            )
            session.add(conversation)
            ids: dict[str, str] = {}
            calls: set[str] = set()  # tool call ids made so far in this conversation
            for m_index, msg in enumerate(conv.messages):
                where = f"conversations.{c_index}.messages.{m_index}"
                made = validation.tool_calls(msg.tool_calls, f"{where}.toolCalls") if msg.tool_calls else None
                if made and msg.role != "assistant":
                    raise ImportFailed(f"{where}.toolCalls: only an assistant message makes tool calls", where)
                if msg.tool_call_id is not None and (msg.role != "tool" or msg.tool_call_id not in calls):
                    raise ImportFailed(f"{where}.toolCallId: answers no earlier tool call", f"{where}.toolCallId")
                calls.update(c["id"] for c in made or ())
                if msg.ref in ids:
                    raise ImportFailed(f"{where}.ref: duplicate ref {msg.ref!r}", f"{where}.ref")
                if msg.parent is not None and msg.parent not in ids:
                    raise ImportFailed(f"{where}.parent: no earlier message has ref {msg.parent!r}", f"{where}.parent")
                ids[msg.ref] = new_id()
                files = await _import_attachments(session, actor, msg, where, settings, knowledge)
                session.add(
                    Message(
                        id=ids[msg.ref],
                        owner_id=actor.id,
                        conversation_id=conversation.id,
                        parent_id=ids.get(msg.parent) if msg.parent else None,
                        role=msg.role,
                        content=validation.text(msg.content, f"{where}.content", settings.limits),
                        status=msg.status,
                        model=validation.model_name(msg.model, f"{where}.model") if msg.model else None,
                        error=msg.error,
                        prompt_tokens=msg.prompt_tokens,
                        completion_tokens=msg.completion_tokens,
                        tool_calls=made,
                        tool_call_id=msg.tool_call_id,
                        tool_name=msg.tool_name if msg.role == "tool" else None,
                        tool_error=msg.tool_error and msg.role == "tool",
                        attachments=files,
                        created_at=msg.created_at,
                        updated_at=msg.created_at,
                    )
                )
        await session.flush()
    except ValidationFailed as exc:
        raise ImportFailed(exc.message, exc.field) from None
    imported = Imported(agent)
    if knowledge is not None:
        await _import_memories(session, doc, agent, imported, knowledge)
        await _import_knowledge(session, actor, doc, agent, imported, knowledge, settings)
    return imported


async def _import_attachments(
    session: AsyncSession,
    actor: Actor,
    msg: MessageDoc,
    where: str,
    settings: Settings,
    knowledge: Knowledge | None,
) -> list[dict[str, Any]] | None:
    """A message's files, stored as contents (an identical one already stored is reused)."""
    if not msg.attachments or knowledge is None:
        return None
    if msg.role != "user":
        raise ImportFailed(f"{where}.attachments: only a user message carries files", f"{where}.attachments")
    if len(msg.attachments) > settings.limits.max_attachments:
        raise ImportFailed(
            f"{where}.attachments: at most {settings.limits.max_attachments} files a message", f"{where}.attachments"
        )
    out = []
    for index, file in enumerate(msg.attachments):
        field = f"{where}.attachments.{index}"
        if len(file.data) > (settings.limits.max_upload_bytes + 2) // 3 * 4:  # checked before decoding
            raise ImportFailed(f"{field}.data: larger than {settings.limits.max_upload_bytes} bytes", field)
        try:
            data = base64.b64decode(file.data, validate=True)
        except ValueError:
            raise ImportFailed(f"{field}.data: not base64", field) from None
        try:
            planned = await attachments.plan(
                session, actor, settings, [], [attachments.NewFile(data, file.name, file.mime)]
            )
            [stored] = await attachments.store(
                session, actor, settings, knowledge.blobs, knowledge.embedding_model, planned
            )
        except ValidationFailed as exc:
            raise ImportFailed(f"{field}: {exc.message}", field) from None
        out.append(stored)
    return out


async def _import_memories(
    session: AsyncSession, doc: ExportDoc, agent: Agent, imported: Imported, knowledge: Knowledge
) -> None:
    now = utcnow()
    live = [m for m in doc.memories if m.expires_at is None or m.expires_at > now]
    for m in live:
        session.add(
            Memory(
                owner_id=agent.owner_id,
                agent_id=agent.id,
                kind=m.kind,
                text=m.text.strip(),
                mentions=m.mentions,
                expires_at=m.expires_at,
                embedding_model=None,  # the REINDEX run embeds it
                created_at=m.created_at or now,
                updated_at=m.created_at or now,
            )
        )
    if live:
        await session.flush()
        run = await reindex.start(session, Actor(agent.owner_id, "", "user"), knowledge.embedding_model, force=False)
        imported.runs.append(run)


async def _import_knowledge(
    session: AsyncSession,
    actor: Actor,
    doc: ExportDoc,
    agent: Agent,
    imported: Imported,
    knowledge: Knowledge,
    settings: Settings,
) -> None:
    for index, k in enumerate(doc.knowledge):
        markdown = k.mime == "text/markdown"
        try:
            added = await contents.add(
                session,
                actor,
                knowledge.blobs,
                settings,
                embedding_model=knowledge.embedding_model,
                data=k.text.encode(),
                filename=k.filename if k.mime.startswith("text/") else None,
                declared_mime="text/markdown" if markdown else "text/plain",
                title=k.title,
                agent_id=agent.id,
                metadata=k.metadata,
            )
        except ValidationFailed as exc:
            raise ImportFailed(f"knowledge.{index}.{exc.field}: {exc.message}", f"knowledge.{index}") from None
        if added.run is not None:
            imported.runs.append(added.run)
