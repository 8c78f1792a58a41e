"""Chat turns: sendMessage / regenerateMessage store the messages and queue a CHAT run; clearing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services import feeds, validation
from services.auth import Actor
from services.chat import attachments
from services.db.models import Agent, Conversation, Message, Run
from services.db.types import utcnow
from services.errors import ValidationFailed
from services.knowledge.blobs import BlobStore
from services.ownership import get_owned
from services.providers.base import IMAGE_TYPES, split_model_name
from services.runs import lifecycle, queue
from services.settings import Settings
from services.tools import choice


@dataclass(frozen=True)
class Attached:
    """The attachments sendMessage was given, and what storing and checking them needs."""

    content_ids: list[str]
    files: list[attachments.NewFile]
    blobs: BlobStore
    embedding_model: str
    check_vision: attachments.VisionCheck  # refuses models that cannot see (services/chat/vision.py)

    @property
    def any(self) -> bool:
        return bool(self.content_ids or self.files)


@dataclass
class ChatStart:
    """What sendMessage/regenerateMessage return at once: the messages and the run that will fill them."""

    user_message: Message
    assistant_message: Message
    run: Run
    conversation: Conversation


async def send_message(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    *,
    text: str,
    conversation_id: str | None = None,
    agent_id: str | None = None,
    model: str | None = None,
    fallback_models: list[str] | None = None,
    priority: int = 5,
    tool_choice: dict[str, Any] | None = None,
    client_tools: list[dict[str, Any]] | None = None,
    attached: Attached | None = None,
) -> ChatStart:
    """Store the user message (with its attachments) and queue the reply. With attachments, `attached` checks them
    all, and that the model (and any fallback named here) can see images the message carries, before anything is
    written."""
    if (conversation_id is None) == (agent_id is None):
        raise ValidationFailed("give either conversationId or agentId", "conversationId")
    has_files = attached is not None and attached.any
    text = validation.text(text, "text", settings.limits, required=not has_files)
    priority = queue.check_priority(priority)
    if conversation_id is not None:
        conversation = await get_owned(session, Conversation, actor, conversation_id)
        agent = await session.get(Agent, conversation.agent_id)
        assert agent is not None
    else:
        agent = await get_owned(session, Agent, actor, agent_id or "")
        first = text.strip().splitlines()[0][:80] if text.strip() else ""
        title = first or "New conversation"
        conversation = Conversation(owner_id=agent.owner_id, agent_id=agent.id, title=title)
        session.add(conversation)
    model_name = validation.model_name(model) if model else agent.model
    fallbacks = None if fallback_models is None else validation.fallback_models(fallback_models)
    extra: dict[str, Any] = {}
    names = [t["name"] for t in agent.tools or []]
    if client_tools:
        extra["clientTools"] = validation.client_tools(client_tools, set(names))
        names += [t["name"] for t in extra["clientTools"]]
    if tool_choice is not None:
        extra["toolChoice"] = choice.stored(str(tool_choice.get("mode")), tool_choice.get("name"), names)
    stored: list[dict[str, Any]] | None = None
    if has_files:
        assert attached is not None
        planned = await attachments.plan(session, actor, settings, attached.content_ids, attached.files)
        if planned.has_images:
            await attached.check_vision([model_name, *(fallbacks or [])])
        stored = await attachments.store(session, actor, settings, attached.blobs, attached.embedding_model, planned)
    user = Message(
        owner_id=conversation.owner_id,
        conversation_id=conversation.id,
        role="user",
        content=text,
        attachments=stored,
    )
    session.add(user)
    await session.flush()
    feeds.message_added(session, conversation.id, user.id)
    # A conversation made here was inserted with updated_at = now: touching it again would cost an UPDATE.
    touch = conversation_id is not None
    return await _start_reply(session, conversation, agent, user, model_name, priority, fallbacks, extra, touch=touch)


async def regenerate(
    session: AsyncSession,
    actor: Actor,
    message_id: str,
    *,
    model: str | None,
    priority: int,
    check_vision: attachments.VisionCheck | None = None,
) -> ChatStart:
    """A new assistant reply to the same user turn; the old reply is kept (both point at the user message). A turn
    that carries images is refused for a model that cannot see them (`check_vision`)."""
    message = await get_owned(session, Message, actor, message_id)
    user: Message | None = message
    seen: set[str] = set()
    # A step of the agent loop answers its user turn through the steps before it: walk up to the user message.
    while user is not None and user.role != "user" and user.parent_id is not None and user.id not in seen:
        seen.add(user.id)
        user = await session.get(Message, user.parent_id)
    if user is None or user.role != "user":
        raise ValidationFailed("this message answers no user message, so there is nothing to regenerate", "id")
    conversation = await session.get(Conversation, message.conversation_id)
    assert user is not None and conversation is not None
    agent = await session.get(Agent, conversation.agent_id)
    assert agent is not None
    model_name = (
        validation.model_name(model)
        if model
        else (message.model if message.role == "assistant" and message.model else agent.model)
    )
    if check_vision is not None and any(a.get("mime") in IMAGE_TYPES for a in user.attachments or ()):
        await check_vision([model_name])
    return await _start_reply(session, conversation, agent, user, model_name, queue.check_priority(priority))


async def clear_conversation(session: AsyncSession, actor: Actor, conversation_id: str) -> Conversation:
    """Remove every message, cancelling the replies still queued or being generated."""
    conversation = await get_owned(session, Conversation, actor, conversation_id)
    await lifecycle.cancel_active(session, actor, conversation.id)
    await session.execute(delete(Message).where(col(Message.conversation_id) == conversation.id))
    conversation.updated_at = utcnow()
    return conversation


async def _start_reply(
    session: AsyncSession,
    conversation: Conversation,
    agent: Agent,
    user: Message,
    model_name: str,
    priority: int,
    fallback_models: list[str] | None = None,
    extra: dict[str, Any] | None = None,
    *,
    touch: bool = True,
) -> ChatStart:
    provider, _ = split_model_name(model_name)
    reply = Message(
        owner_id=conversation.owner_id,
        conversation_id=conversation.id,
        role="assistant",
        content="",
        status="streaming",
        model=model_name,
        parent_id=user.id,
    )
    session.add(reply)
    await session.flush()
    feeds.message_added(session, conversation.id, reply.id)
    if touch:
        conversation.updated_at = utcnow()
    run = await queue.enqueue(
        session,
        owner_id=conversation.owner_id,
        kind="chat",
        provider=provider,
        model=model_name,
        priority=priority,
        agent_id=agent.id,
        conversation_id=conversation.id,
        message_id=reply.id,
        # The message's own fallbacks, when it names some; otherwise the agent's, read when the run starts.
        input={
            "userMessageId": user.id,
            **({"fallbackModels": fallback_models} if fallback_models is not None else {}),
            **(extra or {}),
        },
    )
    return ChatStart(user, reply, run, conversation)
