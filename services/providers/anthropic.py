"""Anthropic through the official `anthropic.AsyncAnthropic`: streamed messages with usage, models, health.

The SDK's own retries are off (`max_retries=0`): `stream_with_retries` decides, because only it
knows whether a token already reached the client. Two details of the SDK shape the code below:
this SDK generation has no `temperature`/`top_p`/`top_k` parameters on `messages.stream`, so they
travel in `extra_body`; and an `event: error` frame inside a 200 stream is raised as a plain
`APIStatusError` whose `status_code` is 200, so errors are classified by `error.type` as well.
Transport failures while reading a stream surface as raw `httpx2` exceptions (unwrapped).
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import anthropic
import httpx2

from services.providers import tls
from services.providers.base import (
    DOCUMENT_TYPES,
    KNOWN_CAPABILITIES,
    ChatMessage,
    ChatRequest,
    ModelInfo,
    PermanentProviderError,
    ProviderError,
    ProviderHealth,
    StreamChunk,
    ToolCall,
    ToolCallDelta,
    ToolChoice,
    TransientProviderError,
    Usage,
    parse_tool_input,
)
from services.providers.retry import parse_retry_after

CONTEXT_LENGTH = 200_000
DEFAULT_MAX_TOKENS = 1024
NO_KEY_MESSAGE = "anthropic: no API key configured (set ANTHROPIC_API_KEY or providers.anthropic_api_key)"
TRANSIENT_ERROR_TYPES = frozenset({"rate_limit_error", "overloaded_error", "api_error", "timeout_error"})


class AnthropicProvider:
    name = "anthropic"
    health_from_listing = True  # the /v1/models listing is the health check (Providers.models)

    def __init__(self, api_key: str | None, *, base_url: str | None = None, timeout: float = 120.0) -> None:
        # Without a key no client is built: the SDK would otherwise go looking for credentials in the
        # environment and on disk, and settings are the one place configuration comes from.
        self._client = (
            anthropic.AsyncAnthropic(
                api_key=api_key,
                base_url=base_url,
                timeout=timeout,
                max_retries=0,
                http_client=anthropic.DefaultAsyncHttpxClient(verify=tls.context()),
            )
            if api_key
            else None
        )
        self._context_lengths: dict[str, int] = {}

    def _require_client(self) -> anthropic.AsyncAnthropic:
        if self._client is None:
            raise PermanentProviderError(NO_KEY_MESSAGE)
        return self._client

    async def stream_chat(self, request: ChatRequest) -> AsyncIterator[StreamChunk]:
        client = self._require_client()
        options = request.options
        kwargs: dict[str, Any] = {
            "model": request.model,
            "max_tokens": options.max_tokens or DEFAULT_MAX_TOKENS,
            "messages": wire_messages(request.messages),
        }
        system = "\n\n".join(m.content for m in request.messages if m.role == "system")
        if system:
            kwargs["system"] = system
        if options.stop:
            kwargs["stop_sequences"] = list(options.stop)
        if request.tools:
            kwargs["tools"] = [
                {"name": t.name, "description": t.description, "input_schema": t.input_schema} for t in request.tools
            ]
            kwargs["tool_choice"] = wire_tool_choice(request.tool_choice)
        # The API has no seed; the sampling knobs are sent as body fields the SDK no longer types.
        sampling = {"temperature": options.temperature, "top_p": options.top_p, "top_k": options.top_k}
        if extra := {key: value for key, value in sampling.items() if value is not None}:
            kwargs["extra_body"] = extra

        # The raw event stream, not `messages.stream`: that helper parses tool input as it accumulates and raises
        # on malformed JSON, which must reach the model as a tool error instead.
        calls: dict[int, dict[str, Any]] = {}
        usage: dict[str, int | None] = {"input": None, "output": None}
        stop_reason: str | None = None
        try:
            # Leaving this block by any route (end, error, or our consumer's aclose) closes the
            # HTTP response, so the connection drops and generation stops upstream.
            async with await client.messages.create(**kwargs, stream=True) as stream:
                stopped = False
                async for event in stream:
                    if event.type == "message_start":
                        usage["input"] = event.message.usage.input_tokens
                        usage["output"] = event.message.usage.output_tokens
                    elif event.type == "content_block_start" and event.content_block.type == "tool_use":
                        block = event.content_block
                        calls[event.index] = {"id": block.id, "name": block.name, "json": ""}
                        yield StreamChunk(tool_delta=ToolCallDelta(len(calls) - 1, block.id, block.name, ""))
                    elif event.type == "content_block_delta":
                        if event.delta.type == "text_delta" and event.delta.text:
                            yield StreamChunk(text=event.delta.text)
                        elif event.delta.type == "input_json_delta" and event.index in calls:
                            call = calls[event.index]
                            call["json"] += event.delta.partial_json
                            position = list(calls).index(event.index)
                            yield StreamChunk(
                                tool_delta=ToolCallDelta(position, call["id"], call["name"], event.delta.partial_json)
                            )
                    elif event.type == "message_delta":
                        stop_reason = event.delta.stop_reason
                        usage["output"] = event.usage.output_tokens
                    elif event.type == "message_stop":
                        stopped = True
                if not stopped:
                    raise TransientProviderError(
                        f"anthropic: the stream for '{request.model}' ended before message_stop"
                    )
        except (anthropic.APIError, httpx2.TransportError) as exc:
            raise map_error(exc, request.model) from exc
        tool_calls = tuple(ToolCall(c["id"], c["name"], parse_tool_input(c["json"])) for c in calls.values())
        yield StreamChunk(
            usage=Usage(prompt_tokens=usage["input"], completion_tokens=usage["output"]),
            done=True,
            stop_reason=stop_reason,
            tool_calls=tool_calls,
        )

    async def list_models(self) -> list[ModelInfo]:
        client = self._require_client()
        infos = []
        try:
            async for model in client.models.list():
                length = model.max_input_tokens or CONTEXT_LENGTH
                self._context_lengths[model.id] = length
                family = model.line if isinstance(model.line, str) else None
                infos.append(
                    ModelInfo(
                        name=f"{self.name}:{model.id}",
                        provider=self.name,
                        family=family,
                        context_length=length,
                        capabilities=KNOWN_CAPABILITIES[self.name],
                    )
                )
        except (anthropic.APIError, httpx2.TransportError) as exc:
            raise map_error(exc) from exc
        return infos

    def context_length(self, model: str) -> int:
        return self._context_lengths.get(model, CONTEXT_LENGTH)

    async def count_tokens(self, model: str, text: str) -> int:
        """An estimate (about four characters a token); the exact count would cost an API call."""
        return max(1, len(text) // 4)

    async def health(self) -> ProviderHealth:
        if self._client is None:
            return ProviderHealth(self.name, False, NO_KEY_MESSAGE)
        try:
            models = await self.list_models()
        except ProviderError as exc:
            return ProviderHealth(self.name, False, exc.message)
        return ProviderHealth(self.name, True, f"{len(models)} models")

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()


def wire_messages(messages: tuple[ChatMessage, ...]) -> list[dict[str, Any]]:
    """Our messages in the Messages API's shape: an assistant turn's tool calls become `tool_use` blocks, and the
    results that follow it (TOOL messages) one user turn of `tool_result` blocks."""
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.role == "system":
            continue
        if m.role == "tool" and not m.tool_call_id:  # output appended without a call: the model reads it as text
            out.append({"role": "user", "content": f"[{m.tool_name or 'tool'} output] {m.content}"})
        elif m.role == "tool":
            block = {
                "type": "tool_result",
                "tool_use_id": m.tool_call_id,
                "content": m.content,
                **({"is_error": True} if m.is_error else {}),
            }
            if out and out[-1]["role"] == "user" and isinstance(out[-1]["content"], list):
                out[-1]["content"].append(block)
            else:
                out.append({"role": "user", "content": [block]})
        elif m.role == "assistant" and m.tool_calls:
            blocks: list[dict[str, Any]] = [{"type": "text", "text": m.content}] if m.content else []
            blocks += [{"type": "tool_use", "id": c.id, "name": c.name, "input": c.input} for c in m.tool_calls]
            out.append({"role": "assistant", "content": blocks})
        elif m.attachments:
            text = [{"type": "text", "text": m.content}] if m.content else []  # the API refuses an empty text block
            out.append({"role": m.role, "content": [*attachment_blocks(m), *text]})
        else:
            out.append({"role": m.role, "content": m.content})
    return out


def attachment_blocks(message: ChatMessage) -> list[dict[str, Any]]:
    """Images as image blocks and PDFs as document blocks (base64 of the exact bytes, with their media type), placed
    before the text as the API recommends; any other document as its extracted text."""
    blocks: list[dict[str, Any]] = []
    for a in message.attachments:
        if a.is_image or a.media_type in DOCUMENT_TYPES:
            source = {"type": "base64", "media_type": a.media_type, "data": base64.b64encode(a.data).decode()}
            block: dict[str, Any] = {"type": "image" if a.is_image else "document", "source": source}
            if not a.is_image and a.name:
                block["title"] = a.name
            blocks.append(block)
        elif a.text is not None:
            blocks.append({"type": "text", "text": f"[Attached document: {a.name or 'untitled'}]\n{a.text}"})
    return blocks


def wire_tool_choice(choice: ToolChoice) -> dict[str, Any]:
    if choice.mode == "tool":
        return {"type": "tool", "name": choice.name}
    return {"type": {"required": "any"}.get(choice.mode, choice.mode)}


def map_error(exc: BaseException, model: str | None = None) -> ProviderError:
    """Translate what the anthropic SDK raises into our transient/permanent errors."""
    if isinstance(exc, ProviderError):
        return exc
    if isinstance(exc, anthropic.APITimeoutError):
        return TransientProviderError("anthropic: request timed out")
    if isinstance(exc, anthropic.APIConnectionError):
        url = exc.request.url
        where = f"{url.host}:{url.port}" if url.port else url.host
        return TransientProviderError(f"anthropic: cannot connect to {where}: {exc.__cause__ or exc}")
    if isinstance(exc, httpx2.TransportError):
        return TransientProviderError(f"anthropic: connection failed mid-response: {exc}")
    if not isinstance(exc, anthropic.APIStatusError):
        return TransientProviderError(f"anthropic: {exc}")

    status, kind = exc.status_code, exc.type
    detail = exc.api_message or exc.message
    if status == 200:  # an `event: error` frame inside the stream: only its type tells what happened
        if kind in TRANSIENT_ERROR_TYPES:
            return TransientProviderError(f"anthropic: {kind} during the stream: {detail}")
        return PermanentProviderError(f"anthropic: {kind or 'error'} during the stream: {detail}")
    if status in (408, 429) or status >= 500:
        retry_after = parse_retry_after(exc.response.headers)
        return TransientProviderError(
            f"anthropic: {kind or 'server error'} ({status}): {detail}", status=status, retry_after=retry_after
        )
    if status == 401:
        message = f"anthropic: authentication failed; check the API key ({detail})"
    elif status == 403:
        message = f"anthropic: permission denied ({detail})"
    elif status == 404:
        message = f"anthropic: model '{model}' not found ({detail})" if model else f"anthropic: not found ({detail})"
    elif status == 400:
        message = f"anthropic: invalid request ({detail})"
    else:
        message = f"anthropic: request rejected ({status} {kind}): {detail}"
    return PermanentProviderError(message, status=status)
