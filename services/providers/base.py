"""The provider protocol: one shape for the embedded llama.cpp model, Ollama and Anthropic.

Model names are 'provider:model' (`local:gemma-3-270m`, `ollama:qwen2.5-coder:3b`,
`anthropic:claude-...`). A provider streams chat completions as `StreamChunk`s; closing the
iterator (``aclose()``) must stop generation upstream: the local model stops between tokens, HTTP
providers close their response stream.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str


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


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass(frozen=True)
class StreamChunk:
    """Either a piece of generated text, or (usually last) the token usage, or both."""

    text: str = ""
    usage: Usage | None = None
    done: bool = False
    stop_reason: str | None = None


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
