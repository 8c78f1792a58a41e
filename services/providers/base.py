"""The provider protocol: one shape for the embedded llama.cpp model, Ollama and Anthropic.

Model names are 'provider:model' (`local:gemma-3-270m`, `ollama:qwen2.5-coder:3b`,
`anthropic:claude-...`). A provider streams chat completions as `StreamChunk`s; closing the
iterator (``aclose()``) must stop generation upstream: the local model stops between tokens, HTTP
providers close their response stream.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Role = Literal["system", "user", "assistant", "tool"]


@dataclass(frozen=True)
class ToolCall:
    """A model's request to run a tool: the provider's call id (or one we made up), the tool and its input."""

    id: str
    name: str
    input: dict[str, Any]


@dataclass(frozen=True)
class ToolSpec:
    """A tool as a model is offered it: a name, what it does, and the JSON Schema of its input."""

    name: str
    description: str
    input_schema: dict[str, Any]


@dataclass(frozen=True)
class ToolChoice:
    """Whether the model may (auto), must not (none), must (required) call a tool, or must call `name`."""

    mode: Literal["auto", "none", "required", "tool"] = "auto"
    name: str | None = None


# What a provider's models can do when its listing does not say: every current Claude model reads images and PDFs
# and calls tools (the Models API lists no capabilities); the embedded llama.cpp models read text only (no vision
# projector). Ollama says per model, in /api/show.
KNOWN_CAPABILITIES: dict[str, tuple[str, ...]] = {
    "anthropic": ("completion", "vision", "documents", "tools"),
    "local": ("completion",),
}
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})  # what vision models take
DOCUMENT_TYPES = frozenset({"application/pdf"})  # what document-capable models take as a file


@dataclass(frozen=True)
class Attachment:
    """A file a user message carries to the model: an image (IMAGE_TYPES) or a PDF (DOCUMENT_TYPES).

    Providers send it in their own wire format (Anthropic image/document blocks, Ollama `images`);
    `text` is the extracted text, sent instead where a provider cannot take the file itself."""

    media_type: str
    data: bytes
    name: str | None = None
    text: str | None = None
    ref: str | None = None  # the stored content it came from; `data` is loaded from it when the prompt is built

    @property
    def is_image(self) -> bool:
        return self.media_type in IMAGE_TYPES


def with_document_text(message: ChatMessage) -> str:
    """The message's text followed by the extracted text of its documents: how a provider that cannot take a file
    sees one (each bounded by the prompt's budget when the attachments were loaded)."""
    parts = [message.content]
    for a in message.attachments:
        if not a.is_image and a.text is not None:
            parts.append(f"[Attached document: {a.name or 'untitled'}]\n{a.text}")
    return "\n\n".join(p for p in parts if p)


@dataclass(frozen=True)
class ChatMessage:
    """One prompt message. An assistant message may carry tool calls; a `tool` message is one call's result;
    a user message may carry attachments."""

    role: Role
    content: str
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    tool_name: str | None = None
    is_error: bool = False
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class GenerationOptions:
    """Sampling options; None means the model's default."""

    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    max_tokens: int | None = None
    stop: tuple[str, ...] = ()
    seed: int | None = None

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> GenerationOptions:
        known = {k: values.get(k) for k in ("temperature", "top_p", "top_k", "max_tokens", "seed")}
        return cls(**known, stop=tuple(values.get("stop") or ()))


@dataclass(frozen=True)
class ChatRequest:
    model: str  # the model name without the provider prefix
    messages: tuple[ChatMessage, ...]
    options: GenerationOptions = field(default_factory=GenerationOptions)
    tools: tuple[ToolSpec, ...] = ()
    tool_choice: ToolChoice = field(default_factory=ToolChoice)


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass(frozen=True)
class ToolCallDelta:
    """A piece of a tool call's arguments as the provider streams them (`index` orders calls of one turn)."""

    index: int
    id: str | None
    name: str | None
    arguments: str


@dataclass(frozen=True)
class StreamChunk:
    """A piece of generated text, a piece of a tool call, or (last) the token usage and the turn's tool calls.

    A tool call whose arguments are not valid JSON arrives with `input` {"_malformed": <text>}: the loop answers
    it with a tool error instead of failing the run."""

    text: str = ""
    usage: Usage | None = None
    done: bool = False
    stop_reason: str | None = None
    tool_delta: ToolCallDelta | None = None
    tool_calls: tuple[ToolCall, ...] = ()


@dataclass(frozen=True)
class ModelInfo:
    name: str  # 'provider:model'
    provider: str
    family: str | None = None
    parameter_size: str | None = None
    quantization: str | None = None
    context_length: int | None = None
    size_bytes: int | None = None
    digest: str | None = None  # content digest, where the provider has one (Ollama)
    capabilities: tuple[str, ...] = ()  # 'completion', 'vision', 'tools', ... (Ollama's /api/show words)

    @property
    def vision(self) -> bool:
        return "vision" in self.capabilities


@dataclass(frozen=True)
class PullProgress:
    """One frame of a model download: a phase ('pulling manifest', 'success'), or a layer's bytes."""

    status: str
    digest: str | None = None
    total: int | None = None
    completed: int | None = None


@dataclass(frozen=True)
class ProviderHealth:
    provider: str
    ok: bool
    detail: str


class ProviderError(Exception):
    """A provider failed. `transient` ones may be retried (before any token reached the client)."""

    transient = False

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


class TransientProviderError(ProviderError):
    """Connection refused, timeouts, 429, 503, 529: worth another try after a pause."""

    transient = True


class PermanentProviderError(ProviderError):
    """401, unknown model, invalid request: retrying cannot help."""


@runtime_checkable
class ChatProvider(Protocol):
    name: str

    def stream_chat(self, request: ChatRequest) -> AsyncIterator[StreamChunk]:
        """Open a completion stream. Raises ProviderError (before or during the stream)."""
        ...

    async def list_models(self) -> list[ModelInfo]: ...

    async def count_tokens(self, model: str, text: str) -> int: ...

    def context_length(self, model: str) -> int:
        """Tokens the model can attend to (prompt + completion); a safe default if unknown."""
        ...

    async def health(self) -> ProviderHealth: ...

    async def aclose(self) -> None: ...


def split_model_name(name: str) -> tuple[str, str]:
    provider, sep, model = name.partition(":")
    if not sep or not model:
        raise ValueError(f"model names look like 'provider:model', not {name!r}")
    return provider, model


MALFORMED = "_malformed"  # the key a tool call's input carries when its arguments were not a JSON object


def parse_tool_input(text: str) -> dict[str, Any]:
    """A streamed tool call's arguments as an object; anything else is kept, marked malformed, for the loop."""
    try:
        value = json.loads(text) if text.strip() else {}
    except ValueError:
        return {MALFORMED: text}
    return value if isinstance(value, dict) else {MALFORMED: text}
