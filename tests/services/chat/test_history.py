"""History carries tool calls and results: the message tree, and each provider's wire format for it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from services.chat.history import NO_RESULT, turns
from services.db.models import Message
from services.db.types import utcnow
from services.providers import anthropic, ollama
from services.providers.base import ChatMessage, ToolCall
from services.providers.local_prompt import build_prompt

START = utcnow()


def _rows(*specs: dict[str, Any]) -> list[Message]:
    rows = []
    for index, spec in enumerate(specs):
        spec.setdefault("content", "")
        rows.append(Message(owner_id="u", conversation_id="c", created_at=START + timedelta(seconds=index), **spec))
    return rows


def test_tool_messages_reach_the_prompt_after_their_call() -> None:
    rows = _rows(
        {"id": "u1", "role": "user", "content": "What time is it?"},
        {
            "id": "a1",
            "role": "assistant",
            "parent_id": "u1",
            "tool_calls": [{"id": "c1", "name": "current_time", "input": {}}],
        },
        {
            "id": "t1",
            "role": "tool",
            "parent_id": "a1",
            "content": "12:00",
            "tool_call_id": "c1",
            "tool_name": "current_time",
        },
        {"id": "a2", "role": "assistant", "parent_id": "a1", "content": "It is noon."},
        {"id": "u2", "role": "user", "content": "Thanks"},
    )
    groups = turns(rows, rows[-1])
    flat = [m for g in groups for m in g]
    assert [(m.role, m.content) for m in flat] == [
        ("user", "What time is it?"),
        ("assistant", ""),
        ("tool", "12:00"),
        ("assistant", "It is noon."),
        ("user", "Thanks"),
    ]
    assert flat[1].tool_calls == (ToolCall("c1", "current_time", {}),)
    assert flat[2].tool_call_id == "c1" and flat[2].tool_name == "current_time"
    assert len(groups) == 2  # a turn and its tool steps are kept or dropped together


def test_appended_tool_message_without_parent_is_kept_once() -> None:
    # As a user appends them: an assistant message with a call, then a TOOL message naming the call.
    rows = _rows(
        {"id": "a1", "role": "assistant", "tool_calls": [{"id": "c1", "name": "lookup", "input": {"q": "x"}}]},
        {"id": "t1", "role": "tool", "content": "found x", "tool_call_id": "c1", "tool_name": "lookup"},
        {"id": "u1", "role": "user", "content": "and?"},
    )
    flat = [m for g in turns(rows, rows[-1]) for m in g]
    assert [m.role for m in flat] == ["assistant", "tool", "user"]


def test_a_call_without_a_result_is_answered_with_an_error() -> None:
    rows = _rows(
        {"id": "u1", "role": "user", "content": "go"},
        {"id": "a1", "role": "assistant", "parent_id": "u1", "tool_calls": [{"id": "c1", "name": "slow", "input": {}}]},
        {"id": "u2", "role": "user", "content": "again"},
    )
    flat = [m for g in turns(rows, rows[-1]) for m in g]
    assert [(m.role, m.content, m.is_error) for m in flat][1:3] == [("assistant", "", False), ("tool", NO_RESULT, True)]


def test_regenerated_reply_replaces_the_whole_chain() -> None:
    rows = _rows(
        {"id": "u1", "role": "user", "content": "q"},
        {"id": "a1", "role": "assistant", "parent_id": "u1", "tool_calls": [{"id": "c1", "name": "t", "input": {}}]},
        {"id": "t1", "role": "tool", "parent_id": "a1", "content": "r", "tool_call_id": "c1"},
        {"id": "a2", "role": "assistant", "parent_id": "a1", "content": "old answer"},
        {"id": "b1", "role": "assistant", "parent_id": "u1", "content": "new answer"},
        {"id": "u2", "role": "user", "content": "next"},
    )
    flat = [m for g in turns(rows, rows[-1]) for m in g]
    assert [m.content for m in flat] == ["q", "new answer", "next"]


HISTORY = (
    ChatMessage("system", "Be brief."),
    ChatMessage("user", "Time in Paris and Tokyo?"),
    ChatMessage(
        "assistant",
        "Checking.",
        tool_calls=(ToolCall("c1", "current_time", {"timezone": "Europe/Paris"}), ToolCall("c2", "current_time", {})),
    ),
    ChatMessage("tool", "10:00", tool_call_id="c1", tool_name="current_time"),
    ChatMessage("tool", "bad zone", tool_call_id="c2", tool_name="current_time", is_error=True),
)


def test_anthropic_wire_format() -> None:
    assert anthropic.wire_messages(HISTORY) == [
        {"role": "user", "content": "Time in Paris and Tokyo?"},
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Checking."},
                {"type": "tool_use", "id": "c1", "name": "current_time", "input": {"timezone": "Europe/Paris"}},
                {"type": "tool_use", "id": "c2", "name": "current_time", "input": {}},
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "c1", "content": "10:00"},
                {"type": "tool_result", "tool_use_id": "c2", "content": "bad zone", "is_error": True},
            ],
        },
    ]


def test_ollama_wire_format() -> None:
    assert ollama.wire_messages(HISTORY)[2:] == [
        {
            "role": "assistant",
            "content": "Checking.",
            "tool_calls": [
                {"function": {"name": "current_time", "arguments": {"timezone": "Europe/Paris"}}},
                {"function": {"name": "current_time", "arguments": {}}},
            ],
        },
        {"role": "tool", "content": "10:00", "tool_name": "current_time"},
        {"role": "tool", "content": "bad zone", "tool_name": "current_time"},
    ]


def test_local_transcript_shows_calls_and_results() -> None:
    prompt = build_prompt(HISTORY)
    assert 'Assistant: [tool call] {"name": "current_time", "arguments": {"timezone": "Europe/Paris"}}' in prompt
    assert "Tool result (current_time): 10:00" in prompt
    assert "Tool result (current_time) error: bad zone" in prompt
    assert prompt.endswith("Assistant:")
