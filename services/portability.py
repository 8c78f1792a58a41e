"""Export an agent with its conversations to one JSON document, and import it back with new IDs."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services import agents, validation
from services.auth import Actor
from services.conversations import ROLES, STATUSES
from services.db.models import Agent, Conversation, Message
from services.db.types import new_id, utcnow
from services.errors import ImportFailed, ValidationFailed
from services.settings import Settings
from services.templates import TEMPLATES

FORMAT = "switchboard.agent"
FORMAT_VERSION = 2  # 2: tools and tool choice on the agent, tool calls and results on messages


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


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
    created_at: datetime = Field(alias="createdAt")


class ConversationDoc(_Strict):
    title: str
    created_at: datetime = Field(alias="createdAt")
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
    created_at: datetime | None = Field(default=None, alias="createdAt")


class ExportDoc(_Strict):
    format: Literal["switchboard.agent"]
    version: int
    exported_at: datetime | None = Field(default=None, alias="exportedAt")
    agent: AgentDoc
    conversations: list[ConversationDoc] = Field(default_factory=list)


async def export_agent(session: AsyncSession, actor: Actor, agent_id: str) -> dict[str, Any]:
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
    return doc


def parse_document(document: Any, settings: Settings) -> ExportDoc:
    """Check the envelope first so an old or foreign document gets a precise message."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"document is not valid JSON: {exc.msg} at line {exc.lineno}") from None
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
    if version > FORMAT_VERSION or version < 1:
        raise ImportFailed(
            f"document version {version} is not supported; this server reads versions 1 to {FORMAT_VERSION}",
            "version",
        )
    try:
        return ExportDoc.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(part) for part in first["loc"])
        raise ImportFailed(f"{path}: {first['msg']}", path) from None


def _choice(stored: str) -> dict[str, Any]:
    """A stored tool choice ('auto', 'none', 'required', 'tool:<name>') in the form agents.create takes."""
    if stored.startswith("tool:"):
        return {"mode": "tool", "name": stored.removeprefix("tool:")}
    return {"mode": stored, "name": None}


async def import_agent(session: AsyncSession, actor: Actor, document: Any, settings: Settings) -> Agent:
    """Create the agent, conversations and messages with new IDs; all or nothing."""
    doc = parse_document(document, settings)
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
                        created_at=msg.created_at,
                        updated_at=msg.created_at,
                    )
                )
        await session.flush()
    except ValidationFailed as exc:
        raise ImportFailed(exc.message, exc.field) from None
    return agent
