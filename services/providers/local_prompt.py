"""Completion-style prompts for base models that have no chat template (Gemma 3 270M).

A base model only continues text, so the conversation is written out as a transcript that ends
with ``Assistant:``; a short few-shot frame shows it the format and the length of a good answer,
and the stop sequences end the answer where the model would start writing the next turn itself.
The example questions deliberately differ from anything the tests ask, so a right answer is the
model's own.
"""

from __future__ import annotations

from collections.abc import Sequence

from services.providers.base import ChatMessage

INSTRUCTION = "A conversation between a user and a helpful assistant. The assistant answers briefly and correctly."

FEW_SHOT: tuple[tuple[str, str], ...] = (
    ("What is the largest planet in the solar system?", "Jupiter is the largest planet in the solar system."),
    ("What color is the sky on a clear day?", "The sky is blue on a clear day."),
)

# Where the model starts a turn of its own; the answer ends there.
STOP_SEQUENCES: tuple[str, ...] = ("\nUser:", "\nAssistant:")

_LABELS = {"user": "User", "assistant": "Assistant"}


def _line(role: str, content: str) -> str:
    # One turn per line keeps the frame the model saw in the examples; inner newlines stay, since
    # the stop sequences only fire on a newline followed by a speaker label.
    return f"{_LABELS[role]}: {content.strip()}"


def build_prompt(messages: Sequence[ChatMessage]) -> str:
    """The transcript for `messages`, ending with 'Assistant:' for the model to continue."""
    system = " ".join(m.content.strip() for m in messages if m.role == "system" and m.content.strip())
    lines = [f"{INSTRUCTION} {system}".rstrip(), ""]
    for question, answer in FEW_SHOT:
        lines += [_line("user", question), _line("assistant", answer)]
    lines += [_line(m.role, m.content) for m in messages if m.role != "system"]
    lines.append("Assistant:")
    return "\n".join(lines)


def conversation_tail(messages: Sequence[ChatMessage], drop: int) -> list[ChatMessage]:
    """`messages` without their `drop` oldest non-system turns (to fit the context window)."""
    turns = [m for m in messages if m.role != "system"]
    return [m for m in messages if m.role == "system"] + turns[drop:]


def stop_sequences(extra: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*STOP_SEQUENCES, *(s for s in extra if s)]))
