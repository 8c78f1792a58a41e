"""Conversations and their messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services import validation
from services.auth import Actor
from services.db.models import Agent, Conversation, Message
from services.db.types import utcnow
from services.errors import ValidationFailed
from services.ownership import get_owned, get_owned_many, owned
from services.pagination import Page, PageArgs, paginate, paginate_grouped, row_select
from services.settings import Settings

ROLES = ("system", "user", "assistant", "tool")
STATUSES = ("streaming", "complete", "cancelled", "failed")
DEFAULT_TITLE = "New conversation"


async def start(
    session: AsyncSession, actor: Actor, agent_id: str, title: str | None, settings: Settings
) -> Conversation:
    agent = await get_owned(session, Agent, actor, agent_id)
    checked = validation.name(title, "title", settings.limits) if title is not None else DEFAULT_TITLE
    conversation = Conversation(owner_id=agent.owner_id, agent_id=agent.id, title=checked)
    session.add(conversation)
    await session.flush()
    return conversation


async def get(session: AsyncSession, actor: Actor, conversation_id: str) -> Conversation:
    return await get_owned(session, Conversation, actor, conversation_id)


async def get_many(session: AsyncSession, actor: Actor, ids: Sequence[str]) -> dict[str, Any]:
    return await get_owned_many(session, Conversation, actor, ids)


async def rename(
    session: AsyncSession, actor: Actor, conversation_id: str, title: str, settings: Settings
) -> Conversation:
    checked = validation.name(title, "title", settings.limits)
    conversation = await get(session, actor, conversation_id)
    conversation.title = checked
    conversation.updated_at = utcnow()
    await session.flush()
    return conversation


async def delete(session: AsyncSession, actor: Actor, conversation_id: str) -> None:
    conversation = await get(session, actor, conversation_id)
    await session.delete(conversation)
    await session.flush()


async def list_page(session: AsyncSession, actor: Actor, agent_id: str | None, args: PageArgs) -> Page[Any]:
    stmt = owned(row_select(Conversation), Conversation, actor)
    if agent_id is not None:
        stmt = stmt.where(col(Conversation.agent_id) == agent_id)
    return await paginate(session, stmt, Conversation, args)


async def pages_by_agent(
    session: AsyncSession, actor: Actor, agent_ids: Sequence[str], args: PageArgs
) -> dict[str, Page[Any]]:
    where = [] if actor.is_admin else [col(Conversation.owner_id) == actor.id]
    return await paginate_grouped(session, Conversation, col(Conversation.agent_id), agent_ids, args, where)


async def append_message(
    session: AsyncSession,
    actor: Actor,
    conversation_id: str,
    role: str,
    content: str,
    settings: Settings,
    *,
    model: str | None = None,
    parent_id: str | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    tool_call_id: str | None = None,
    tool_error: bool = False,
) -> Message:
    if role not in ROLES:
        raise ValidationFailed(f"role must be one of {', '.join(ROLES)}", "role")
    checked = validation.text(content, "content", settings.limits)
    if tool_calls and role != "assistant":
        raise ValidationFailed("only an ASSISTANT message carries tool calls", "toolCalls")
    if (tool_call_id is not None or tool_error) and role != "tool":
        raise ValidationFailed("only a TOOL message answers a tool call", "toolCallId")
    calls = validation.tool_calls(tool_calls) if tool_calls else None
    conversation = await get(session, actor, conversation_id)
    tool_name = await _called(session, conversation.id, tool_call_id) if tool_call_id is not None else None
    if parent_id is not None:
        parent = await get_owned(session, Message, actor, parent_id)
        if parent.conversation_id != conversation.id:
            raise ValidationFailed("parent message belongs to another conversation", "parentId")
    if model is not None:
        model = validation.model_name(model)
    message = Message(
        owner_id=conversation.owner_id,
        conversation_id=conversation.id,
        role=role,
        content=checked,
        model=model,
        parent_id=parent_id,
        tool_calls=calls,
        tool_call_id=tool_call_id,
        tool_name=tool_name,
        tool_error=tool_error,
    )
    session.add(message)
    conversation.updated_at = utcnow()
    await session.flush()
    return message


async def _called(session: AsyncSession, conversation_id: str, call_id: str) -> str:
    """The tool a call of this conversation named; a TOOL message must answer a call that was made."""
    rows = await session.scalars(
        select(Message).where(
            col(Message.conversation_id) == conversation_id,
            col(Message.role) == "assistant",
            col(Message.tool_calls).is_not(None),
        )
    )
    for row in rows:
        for call in row.tool_calls or ():
            if call.get("id") == call_id:
                return str(call.get("name"))
    raise ValidationFailed(
        f"no earlier message of this conversation made a tool call with id {call_id!r}", "toolCallId"
    )


async def get_message(session: AsyncSession, actor: Actor, message_id: str) -> Message:
    return await get_owned(session, Message, actor, message_id)


async def get_messages(session: AsyncSession, actor: Actor, ids: Sequence[str]) -> dict[str, Any]:
    return await get_owned_many(session, Message, actor, ids)


async def message_page(session: AsyncSession, actor: Actor, conversation_id: str, args: PageArgs) -> Page[Any]:
    await get(session, actor, conversation_id)
    stmt = owned(row_select(Message), Message, actor).where(col(Message.conversation_id) == conversation_id)
    return await paginate(session, stmt, Message, args)


async def message_pages_by_conversation(
    session: AsyncSession, actor: Actor, conversation_ids: Sequence[str], args: PageArgs
) -> dict[str, Page[Any]]:
    where = [] if actor.is_admin else [col(Message.owner_id) == actor.id]
    return await paginate_grouped(session, Message, col(Message.conversation_id), conversation_ids, args, where)
