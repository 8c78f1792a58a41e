"""Built-in agent templates: a starting system prompt, model and sampling parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.errors import ValidationFailed


@dataclass(frozen=True)
class AgentTemplate:
    key: str
    title: str
    description: str
    model: str | None  # None: the server's default chat model
    system_prompt: str
    parameters: dict[str, Any] = field(default_factory=dict)
    vision: bool = False  # starts on a model that can see, when one is configured or installed (services/chat/vision)


TEMPLATES: dict[str, AgentTemplate] = {
    t.key: t
    for t in (
        AgentTemplate(
            key="GENERAL",
            title="General assistant",
            description="A concise, helpful assistant on the server's default chat model.",
            model=None,
            system_prompt=(
                "You are a helpful assistant. Answer clearly and briefly. If you do not know something, say so."
            ),
            parameters={"temperature": 0.7, "top_p": 0.95, "max_tokens": 512},
        ),
        AgentTemplate(
            key="CORECODER",
            title="CoreCoder",
            description="A coding assistant: reads code carefully, answers with working, minimal code.",
            model="ollama:qwen2.5-coder:3b",
            system_prompt=(
                "You are CoreCoder, an expert software engineer. Read the user's code and question "
                "carefully. Answer with correct, minimal, idiomatic code in fenced blocks, name the "
                "language, explain only what is not obvious, and point out bugs, edge cases and "
                "security problems you notice. Never invent APIs; say when you are unsure."
            ),
            parameters={"temperature": 0.2, "top_p": 0.9, "max_tokens": 2048},
        ),
        AgentTemplate(
            key="MULTIMODAL",
            title="Multimodal assistant",
            description="Works with text and images: describes, compares and extracts from what it sees.",
            model="ollama:gemma3:4b",
            system_prompt=(
                "You are a multimodal assistant. When the user shares images, documents or audio "
                "transcripts, describe what is actually there before interpreting it, quote text you "
                "read from images exactly, and say when something is unclear or unreadable."
            ),
            parameters={"temperature": 0.5, "top_p": 0.95, "max_tokens": 1024},
            vision=True,
        ),
    )
}


def get_template(key: str) -> AgentTemplate:
    try:
        return TEMPLATES[key]
    except KeyError:
        known = ", ".join(TEMPLATES)
        raise ValidationFailed(f"unknown template {key!r}; known templates: {known}", "template") from None
