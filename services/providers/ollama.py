"""Ollama through the official `ollama.AsyncClient`: streamed chat, models, pull, delete, health.

Error mapping follows what the client actually raises: `ResponseError` (with `status_code`, -1 for
an `{"error": ...}` line inside a stream), `ConnectionError` for a refused connection on plain
requests, but the raw `httpx` exception for a refused or dropped *streamed* request, which the
client does not wrap. `ResponseError` carries no headers, so a Retry-After from Ollama is not
visible here and retries fall back to backoff.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx
import ollama

from services.providers import tls
from services.providers.base import (
    ChatMessage,
    ChatRequest,
    GenerationOptions,
    ModelInfo,
    PermanentProviderError,
    ProviderError,
    ProviderHealth,
    PullProgress,
    StreamChunk,
    ToolCall,
    ToolCallDelta,
    TransientProviderError,
    Usage,
    with_document_text,
)

DEFAULT_CONTEXT_LENGTH = 4096
TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 529})


class OllamaProvider:
    name = "ollama"
    health_from_listing = True  # the /api/tags listing is the health check (Providers.models)

    def __init__(self, host: str, *, timeout: float = 120.0, keep_alive: str | None = "5m") -> None:
        self._host = host
        self._client = ollama.AsyncClient(host=host, timeout=timeout, verify=tls.context())
        self._keep_alive = keep_alive
        self._context_lengths: dict[str, int] = {}
        self._capabilities: dict[str, tuple[str, ...]] = {}

    async def stream_chat(self, request: ChatRequest) -> AsyncIterator[StreamChunk]:
        messages = wire_messages(request.messages)
        stream: AsyncIterator[ollama.ChatResponse] | None = None
        finished = False
        calls: list[ToolCall] = []
        try:
            # With stream=True the client returns a generator; the HTTP request starts on its first step.
            stream = await self._client.chat(
                model=request.model,
                messages=messages,
                stream=True,
                options=ollama_options(request.options),
                keep_alive=self._keep_alive,
                tools=wire_tools(request) or None,
            )
            async for part in stream:
                if part.message.content:
                    yield StreamChunk(text=part.message.content)
                # Ollama sends each call whole, in one frame; it has no call ids, so the call gets one here.
                for call in part.message.tool_calls or ():
                    arguments = dict(call.function.arguments or {})
                    made = ToolCall(f"call_{uuid.uuid4().hex[:12]}", call.function.name, arguments)
                    yield StreamChunk(tool_delta=ToolCallDelta(len(calls), made.id, made.name, json.dumps(arguments)))
                    calls.append(made)
                if part.done:
                    finished = True
                    usage = Usage(prompt_tokens=part.prompt_eval_count, completion_tokens=part.eval_count)
                    yield StreamChunk(usage=usage, done=True, stop_reason=part.done_reason, tool_calls=tuple(calls))
        except (ollama.ResponseError, ollama.RequestError, httpx.TransportError, ConnectionError, ValueError) as exc:
            raise map_error(exc, request.model, host=self._host) from exc
        finally:
            # Closing the client's generator exits its `async with client.stream(...)`: the response
            # is closed before being read to the end, so httpx drops the connection and Ollama
            # sees the disconnect and stops generating.
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()
        if not finished:
            raise TransientProviderError(f"ollama: the stream for '{request.model}' ended before it was done")

    async def list_models(self) -> list[ModelInfo]:
        try:
            listed = await self._client.list()
        except (ollama.ResponseError, httpx.TransportError, ConnectionError) as exc:
            raise map_error(exc, host=self._host) from exc
        names = [m.model for m in listed.models if m.model]
        # One /api/show per model is the only source of the context length; local and cheap.
        await asyncio.gather(*(self.fetch_context_length(name) for name in names), return_exceptions=True)
        infos = []
        for m in listed.models:
            if not m.model:
                continue
            details = m.details
            infos.append(
                ModelInfo(
                    name=f"{self.name}:{m.model}",
                    provider=self.name,
                    family=details.family if details else None,
                    parameter_size=details.parameter_size if details else None,
                    quantization=details.quantization_level if details else None,
                    context_length=self._context_lengths.get(m.model),
                    capabilities=self._capabilities.get(m.model, ()),
                    size_bytes=int(m.size) if m.size is not None else None,
                    digest=m.digest,
                )
            )
        return infos

    async def fetch_context_length(self, model: str) -> int | None:
        """Ask /api/show for the model's context length (remembered for `context_length`) and capabilities."""
        try:
            shown = await self._client.show(model)
        except (ollama.ResponseError, httpx.TransportError, ConnectionError) as exc:
            raise map_error(exc, model, host=self._host) from exc
        length = context_length_from_model_info(shown.modelinfo or {})
        self._capabilities[model] = tuple(str(c) for c in shown.capabilities or ())
        if length is not None:
            self._context_lengths[model] = length
        return length

    def context_length(self, model: str) -> int:
        """Known after `list_models`/`fetch_context_length` saw the model; a conservative default before."""
        return self._context_lengths.get(model, DEFAULT_CONTEXT_LENGTH)

    async def pull(self, model: str) -> AsyncIterator[PullProgress]:
        """Download a model, yielding Ollama's progress frames. Closing the iterator closes the HTTP
        stream (Ollama then stops the download). An unknown model is not an HTTP error: the stream
        starts and then carries `{"error": "pull model manifest: file does not exist"}`."""
        stream: AsyncIterator[ollama.ProgressResponse] | None = None
        try:
            stream = await self._client.pull(model, stream=True)
            async for part in stream:
                yield PullProgress(
                    status=part.status or "", digest=part.digest, total=part.total, completed=part.completed
                )
        except ollama.ResponseError as exc:
            if exc.status_code in TRANSIENT_STATUSES:
                raise map_error(exc, model, host=self._host) from exc
            raise PermanentProviderError(
                f"ollama: pulling '{model}' failed: {exc.error}", status=exc.status_code
            ) from exc
        except (ollama.RequestError, httpx.TransportError, ConnectionError, ValueError) as exc:
            raise map_error(exc, model, host=self._host) from exc
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()

    async def delete(self, model: str) -> None:
        """Remove a downloaded model. Raises PermanentProviderError with status 404 when Ollama has no such model."""
        try:
            await self._client.delete(model)
        except ollama.ResponseError as exc:
            if exc.status_code == 404:
                raise PermanentProviderError(f"ollama: {exc.error}", status=404) from exc
            raise map_error(exc, model, host=self._host) from exc
        except (httpx.TransportError, ConnectionError) as exc:
            raise map_error(exc, model, host=self._host) from exc
        self._context_lengths.pop(model, None)

    async def count_tokens(self, model: str, text: str) -> int:
        """An estimate (about four characters a token): Ollama has no tokenize endpoint."""
        return max(1, len(text) // 4)

    async def health(self) -> ProviderHealth:
        try:
            listed = await self._client.list()
        except Exception as exc:  # health reports any failure instead of raising
            return ProviderHealth(self.name, False, str(map_error(exc, host=self._host)))
        return ProviderHealth(self.name, True, f"{len(listed.models)} models")

    async def aclose(self) -> None:
        await self._client.close()  # type: ignore[no-untyped-call]  # untyped in the ollama package


def wire_messages(messages: tuple[ChatMessage, ...]) -> list[dict[str, Any]]:
    """Our messages as Ollama's chat takes them: `tool_calls` on an assistant turn, `role: tool` results, a
    message's images as `images` (base64 of the exact bytes) and its documents as their extracted text."""
    out: list[dict[str, Any]] = []
    for m in messages:
        wire: dict[str, Any] = {"role": m.role, "content": with_document_text(m)}
        if images := [ollama.Image(value=a.data) for a in m.attachments if a.is_image]:
            wire["images"] = images
        if m.tool_calls:
            wire["tool_calls"] = [{"function": {"name": c.name, "arguments": c.input}} for c in m.tool_calls]
        if m.role == "tool" and m.tool_name:
            wire["tool_name"] = m.tool_name
        out.append(wire)
    return out


def wire_tools(request: ChatRequest) -> list[dict[str, Any]]:
    """The tools offered. Ollama has no tool_choice: `none` offers none, a named tool is offered alone, and
    `required` offers them all (the model may still answer in text)."""
    choice = request.tool_choice
    if choice.mode == "none":
        return []
    tools = [t for t in request.tools if choice.mode != "tool" or t.name == choice.name]
    return [
        {"type": "function", "function": {"name": t.name, "description": t.description, "parameters": t.input_schema}}
        for t in tools
    ]


def ollama_options(options: GenerationOptions) -> dict[str, Any]:
    """Our sampling options under Ollama's names; unset ones are left to the model's defaults."""
    mapped: dict[str, Any] = {
        "temperature": options.temperature,
        "top_p": options.top_p,
        "top_k": options.top_k,
        "num_predict": options.max_tokens,
        "seed": options.seed,
        "stop": list(options.stop) or None,
    }
    return {key: value for key, value in mapped.items() if value is not None}


def context_length_from_model_info(model_info: Mapping[str, Any]) -> int | None:
    # Keys are prefixed by architecture ("llama.context_length", "qwen2.context_length", ...).
    for key, value in model_info.items():
        if key.endswith(".context_length") and isinstance(value, int):
            return value
    return None


def map_error(exc: BaseException, model: str | None = None, *, host: str | None = None) -> ProviderError:
    """Translate what the ollama client raises into our transient/permanent errors."""
    if isinstance(exc, ProviderError):
        return exc
    if isinstance(exc, ollama.ResponseError):
        status = exc.status_code
        if status == -1:  # an {"error": ...} line inside a 200 stream: the runner failed mid-generation
            return TransientProviderError(f"ollama: generation failed: {exc.error}")
        if status in TRANSIENT_STATUSES or status >= 500:
            return TransientProviderError(f"ollama: server busy or failing ({status}): {exc.error}", status=status)
        if status == 404:
            what = f"model '{model}' not found; pull it first" if model else f"not found: {exc.error}"
            return PermanentProviderError(f"ollama: {what}", status=status)
        if status in (401, 403):
            return PermanentProviderError(f"ollama: not authorized ({status}): {exc.error}", status=status)
        return PermanentProviderError(f"ollama: request rejected ({status}): {exc.error}", status=status)
    if isinstance(exc, httpx.TimeoutException):
        return TransientProviderError(f"ollama: timed out ({type(exc).__name__})")
    if isinstance(exc, httpx.ConnectError | ConnectionError):
        # The client words this differently for streamed and plain requests; say it one way.
        return TransientProviderError(f"ollama: cannot connect to {host or 'the server'}; is Ollama running there?")
    if isinstance(exc, httpx.TransportError):
        return TransientProviderError(f"ollama: connection failed mid-response: {exc}")
    if isinstance(exc, ollama.RequestError):
        return PermanentProviderError(f"ollama: invalid request: {exc.error}")
    if isinstance(exc, ValueError):  # a truncated or garbled NDJSON line
        return TransientProviderError(f"ollama: unreadable response: {exc}")
    return TransientProviderError(f"ollama: {exc}")
