"""Completion-style prompts for base models that have no chat template (Gemma 3 270M).

A base model only continues text, so the conversation is written out as a transcript that ends
with ``Assistant:``; a short few-shot frame shows it the format and the length of a good answer,
and the stop sequences end the answer where the model would start writing the next turn itself.
The example questions deliberately differ from anything the tests ask, so a right answer is the
model's own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from services.providers.base import ChatMessage, ToolSpec, with_document_text

INSTRUCTION = "A conversation between a user and a helpful assistant. The assistant answers briefly and correctly."

FEW_SHOT: tuple[tuple[str, str], ...] = (
    ("What is the largest planet in the solar system?", "Jupiter is the largest planet in the solar system."),
    ("What color is the sky on a clear day?", "The sky is blue on a clear day."),
)

# Where the model starts a turn of its own; the answer ends there.
STOP_SEQUENCES: tuple[str, ...] = ("\nUser:", "\nAssistant:", "\nTool ")

_LABELS = {"user": "User", "assistant": "Assistant"}
CALL_MARK = "[tool call]"  # what precedes a tool call in the transcript; the grammar writes the JSON after it


def _line(role: str, content: str) -> str:
    # One turn per line keeps the frame the model saw in the examples; inner newlines stay, since
    # the stop sequences only fire on a newline followed by a speaker label.
    return f"{_LABELS[role]}: {content.strip()}"


def _message_lines(m: ChatMessage) -> list[str]:
    if m.role == "tool":
        return [f"Tool result ({m.tool_name or 'tool'}){' error' if m.is_error else ''}: {m.content.strip()}"]
    text = with_document_text(m)  # documents as their text; an image never reaches a model that cannot see
    lines = [_line(m.role, text)] if text.strip() or not m.tool_calls else []
    for call in m.tool_calls:
        lines.append(f"Assistant: {CALL_MARK} " + json.dumps({"name": call.name, "arguments": call.input}))
    return lines


def tools_instruction(tools: Sequence[ToolSpec]) -> str:
    """The tools, as the instruction line lists them for a model without a native tool format."""
    listed = "; ".join(f"{t.name} ({t.description.strip()})" for t in tools)
    return f"The assistant may call these tools: {listed}."


def build_prompt(messages: Sequence[ChatMessage], tools: Sequence[ToolSpec] = (), *, call: bool = False) -> str:
    """The transcript for `messages`, ending with 'Assistant:' for the model to continue (or, with `call`,
    with 'Assistant: [tool call]', where grammar-constrained generation writes the call)."""
    system = " ".join(m.content.strip() for m in messages if m.role == "system" and m.content.strip())
    if tools:
        system = f"{system} {tools_instruction(tools)}".strip()
    lines = [f"{INSTRUCTION} {system}".rstrip(), ""]
    for question, answer in FEW_SHOT:
        lines += [_line("user", question), _line("assistant", answer)]
    for m in messages:
        if m.role != "system":
            lines += _message_lines(m)
    lines.append(f"Assistant: {CALL_MARK}" if call else "Assistant:")
    return "\n".join(lines)


GRAMMAR_MAX_STRING = 120  # characters a string may have in a constrained call, so the whole call fits its tokens
GRAMMAR_MAX_RANGE = 100  # an integer range up to this wide becomes an enum: llama.cpp's grammars ignore bounds


def grammar_schema(schema: Any) -> Any:
    """`schema` narrowed to what a grammar can enforce: bounded strings, small integer ranges as enums. Everything
    the narrowed schema accepts, the original accepts too, so a constrained call always validates."""
    if isinstance(schema, list):
        return [grammar_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: grammar_schema(value) for key, value in schema.items()}
    if out.get("type") == "string" and "enum" not in out and "const" not in out:
        out["maxLength"] = min(int(out.get("maxLength", GRAMMAR_MAX_STRING)), GRAMMAR_MAX_STRING)
    low, high = out.get("minimum"), out.get("maximum")
    integer = out.get("type") == "integer" and isinstance(low, int) and isinstance(high, int)
    if integer and 0 <= int(high) - int(low) <= GRAMMAR_MAX_RANGE:  # type: ignore[arg-type]
        out = {k: v for k, v in out.items() if k not in ("type", "minimum", "maximum")}
        out["enum"] = list(range(int(low), int(high) + 1))  # type: ignore[arg-type]
    return out


def call_schema(tools: Sequence[ToolSpec]) -> dict[str, Any]:
    """The JSON Schema of one call to any of `tools`: {"name": <tool>, "arguments": <its input>}, narrowed to what
    a grammar enforces (`grammar_schema`)."""
    options = [
        {
            "type": "object",
            "properties": {"name": {"const": t.name}, "arguments": grammar_schema(t.input_schema)},
            "required": ["name", "arguments"],
            "additionalProperties": False,
        }
        for t in tools
    ]
    return options[0] if len(options) == 1 else {"anyOf": options}


def conversation_tail(messages: Sequence[ChatMessage], drop: int) -> list[ChatMessage]:
    """`messages` without their `drop` oldest non-system turns (to fit the context window)."""
    turns = [m for m in messages if m.role != "system"]
    return [m for m in messages if m.role == "system"] + turns[drop:]


def stop_sequences(extra: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*STOP_SEQUENCES, *(s for s in extra if s)]))
