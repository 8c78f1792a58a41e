"""A conversation's history as prompt messages: each user turn with its latest reply, tool calls and results.

Messages form a tree through `parent_id`: a reply points at the user message it answers; a step of the agent
loop (an assistant message with tool calls) has its TOOL results and the assistant message that continues it as
children. Regenerating adds a sibling reply, so history follows the latest complete reply of each turn and then
its chain. Every tool call is answered in the prompt, by its result or, when the run ended before one was
stored, by an error result: providers refuse a call without a result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.chat.attachments import placeholders
from services.db.models import Message
from services.providers.base import ChatMessage, ToolCall

NO_RESULT = "no result: the run ended before this call finished"


def call_of(data: dict[str, object]) -> ToolCall:
    raw = data.get("input")
    return ToolCall(id=str(data["id"]), name=str(data["name"]), input=dict(raw) if isinstance(raw, dict) else {})


def prompt_message(row: Message) -> ChatMessage:
    """One stored message as the provider sees it."""
    if row.role == "tool":
        return ChatMessage(
            "tool", row.content, tool_call_id=row.tool_call_id, tool_name=row.tool_name, is_error=row.tool_error
        )
    calls = tuple(call_of(c) for c in row.tool_calls or ())
    return ChatMessage(
        row.role,  # type: ignore[arg-type]
        row.content,
        tool_calls=calls,
        attachments=placeholders(row.attachments),
    )


def _latest_complete_assistant(children: Sequence[Message]) -> Message | None:
    done = [m for m in children if m.role == "assistant" and m.status == "complete"]
    return done[-1] if done else None


def answered(step: Message, results: dict[str, Message], used: set[str]) -> list[ChatMessage]:
    """An assistant message followed by a result for each of its tool calls (an error for a missing one)."""
    message = prompt_message(step)
    out = [message]
    for call in message.tool_calls:
        result = results.get(call.id)
        if result is not None:
            used.add(result.id)
            out.append(prompt_message(result))
        else:
            out.append(ChatMessage("tool", NO_RESULT, tool_call_id=call.id, tool_name=call.name, is_error=True))
    return out


def turns(rows: Sequence[Message], until: Message) -> list[list[ChatMessage]]:
    """History up to and including the user message `until`, in groups that must be kept or dropped whole (a
    top-level message with the reply chain that follows it), oldest first. `rows` are the conversation's messages
    in (created_at, id) order."""
    children: dict[str, list[Message]] = defaultdict(list)
    results: dict[str, Message] = {}
    for row in rows:
        if row.parent_id is not None:
            children[row.parent_id].append(row)
        if row.role == "tool" and row.tool_call_id and row.status == "complete":
            results.setdefault(row.tool_call_id, row)
    used: set[str] = set()  # TOOL messages already placed after their call

    def chain(start: Message | None) -> list[ChatMessage]:
        out: list[ChatMessage] = []
        seen: set[str] = set()
        while start is not None and start.id not in seen:  # `seen` bounds a (corrupt) cycle
            seen.add(start.id)
            step = answered(start, results, used)
            out += step
            if not step[0].tool_calls:
                break
            start = _latest_complete_assistant(children.get(start.id, ()))
        return out

    groups: list[list[ChatMessage]] = []
    for row in rows:
        if row.parent_id is not None or row.id in used:
            continue
        if row.role == "user" and row.status == "complete":
            group = [prompt_message(row)]
            if row.id == until.id:
                groups.append(group)
                break
            groups.append(group + chain(_latest_complete_assistant(children.get(row.id, ()))))
        elif row.role == "assistant" and row.status == "complete":  # written directly (imports, appendMessage)
            groups.append(chain(row))
        elif (row.role == "tool" and row.status == "complete") or row.role == "system":
            groups.append([prompt_message(row)])
    return groups


async def history(session: AsyncSession, reply: Message) -> list[list[ChatMessage]]:
    """The groups of `turns` for the user message `reply` answers; the last group also holds the steps this reply
    has taken so far (a resumed agent loop), each with its results."""
    rows = (
        await session.scalars(
            select(Message)
            .where(col(Message.conversation_id) == reply.conversation_id)
            .order_by(col(Message.created_at), col(Message.id))
        )
    ).all()
    by_id = {row.id: row for row in rows}
    path: list[Message] = []
    node = by_id.get(reply.id)
    while node is not None and node.role != "user" and len(path) <= len(rows):
        path.append(node)
        node = by_id.get(node.parent_id) if node.parent_id else None
    if node is None:
        return []
    groups = turns(rows, node)
    results = {r.tool_call_id: r for r in rows if r.role == "tool" and r.tool_call_id and r.status == "complete"}
    for step in reversed(path):
        if step.status == "complete" and step.tool_calls:
            groups[-1] += answered(step, results, set())
    return groups
