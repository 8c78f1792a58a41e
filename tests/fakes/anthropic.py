"""A fake Anthropic Messages API speaking the real wire format, scripted by a `Script`.

    script = Script(tokens=["a", "b"], models=["claude-test"], api_key="sk-test")
    with running(script) as base_url:        # pass as AsyncAnthropic(base_url=...)
        client = anthropic.AsyncAnthropic(api_key="sk-test", base_url=base_url)

Endpoints:
- POST /v1/messages: with `"stream": true` a `text/event-stream` of `event: <type>\\ndata: <json>\\n\\n`
  frames in the API's order: message_start (usage.input_tokens), content_block_start, ping,
  content_block_delta (text_delta) per token, content_block_stop, message_delta (stop_reason,
  usage.output_tokens), message_stop. `max_tokens` caps the tokens (stop_reason "max_tokens").
  Without `stream` one Message object.
- GET /v1/models: one page listing `script.models`.
- Errors as the API sends them: `{"type": "error", "error": {"type": <error type>, "message": ...}}`
  with the status (401 on a wrong key, see `api_key_of`; 404 for unknown models, scripted `Failure`s with a
  `retry-after` header). A mid-stream error is an `event: error` frame (overloaded_error).
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.fakes.script import Script
from tests.fakes.server import serve
from tests.fakes.streaming import scripted_body

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}
CONTEXT_WINDOW = 200_000


def _error(status: int, message: str, retry_after: float | None = None) -> JSONResponse:
    headers = {"request-id": f"req_{uuid.uuid4().hex[:24]}"}
    if retry_after is not None:
        headers["retry-after"] = f"{retry_after:g}"
    error = {"type": ERROR_TYPES.get(status, "api_error"), "message": message}
    return JSONResponse({"type": "error", "error": error}, status_code=status, headers=headers)


def api_key_of(headers: Mapping[str, str]) -> str | None:
    """The key a request presents: `x-api-key` (the documented header) or `Authorization: Bearer`, which
    is what this SDK generation sends for an api_key."""
    if key := headers.get("x-api-key"):
        return key
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


def _event(payload: dict[str, Any]) -> bytes:
    return f"event: {payload['type']}\ndata: {json.dumps(payload)}\n\n".encode()


async def _record(script: Script, request: Request) -> Any:
    body = await request.body()
    payload = json.loads(body) if body else None
    script.record(request.method, request.url.path, dict(request.headers), payload)
    return payload


def _message(
    model: str, content: list[dict[str, Any]], stop_reason: str | None, usage: dict[str, int]
) -> dict[str, Any]:
    return {
        "id": f"msg_{uuid.uuid4().hex[:24]}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": usage,
    }


_SOURCE_TYPES = {
    "image": {"image/jpeg", "image/png", "image/gif", "image/webp"},
    "document": {"application/pdf"},
}


def _invalid_blocks(messages: list[dict[str, Any]]) -> str | None:
    """What the Messages API says about a malformed image or document block, or None."""
    for i, message in enumerate(messages):
        content = message.get("content")
        for j, block in enumerate(content if isinstance(content, list) else []):
            kind = block.get("type")
            if kind not in _SOURCE_TYPES:
                continue
            where = f"messages.{i}.content.{j}.{kind}.source.base64"
            source = block.get("source") or {}
            if source.get("type") != "base64":
                return f"{where}: only base64 sources are supported here"
            if source.get("media_type") not in _SOURCE_TYPES[kind]:
                return f"{where}.media_type: Input should be one of {sorted(_SOURCE_TYPES[kind])}"
            try:
                base64.b64decode(source.get("data") or "", validate=True)
            except ValueError:
                return f"{where}.data: invalid base64 data"
    return None


def create_app(script: Script) -> Starlette:
    async def messages(request: Request) -> Response:
        body = await _record(script, request)
        if (failure := script.next_failure()) is not None:
            return _error(failure.status, failure.message or f"scripted failure {failure.status}", failure.retry_after)
        if script.api_key is not None and api_key_of(request.headers) != script.api_key:
            return _error(401, "invalid x-api-key")
        model = body.get("model", "")
        if model not in script.models:
            return _error(404, f"model: {model}")
        if (problem := _invalid_blocks(body.get("messages") or [])) is not None:
            return _error(400, problem)
        turn = script.next_turn()
        scripted = turn.tokens if turn is not None else script.tokens
        calls = turn.calls if turn is not None else []
        tokens = scripted[: body.get("max_tokens", len(scripted))]
        stop_reason = "max_tokens" if len(tokens) < len(scripted) else ("tool_use" if calls else "end_turn")

        if not body.get("stream"):
            text = [{"type": "text", "text": "".join(tokens)}]
            usage = {"input_tokens": script.prompt_tokens, "output_tokens": len(tokens)}
            return JSONResponse(_message(model, text, stop_reason, usage))

        start = _message(model, [], None, {"input_tokens": script.prompt_tokens, "output_tokens": 1})
        prelude = [
            _event({"type": "message_start", "message": start}),
            _event({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
            _event({"type": "ping"}),
        ]

        def token_frame(token: str) -> bytes:
            return _event({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": token}})

        def tool_frames() -> list[bytes]:
            frames = []
            for index, call in enumerate(calls, start=1):
                block = {"type": "tool_use", "id": f"toolu_{uuid.uuid4().hex[:20]}", "name": call.name, "input": {}}
                frames.append(_event({"type": "content_block_start", "index": index, "content_block": block}))
                text = call.arguments if isinstance(call.arguments, str) else json.dumps(call.arguments)
                for piece in (text[i : i + 7] for i in range(0, len(text), 7)):  # streamed in small pieces
                    delta = {"type": "input_json_delta", "partial_json": piece}
                    frames.append(_event({"type": "content_block_delta", "index": index, "delta": delta}))
                frames.append(_event({"type": "content_block_stop", "index": index}))
            return frames

        def end_frames(count: int) -> list[bytes]:
            delta = {"stop_reason": stop_reason, "stop_sequence": None}
            return [
                _event({"type": "content_block_stop", "index": 0}),
                *tool_frames(),
                _event({"type": "message_delta", "delta": delta, "usage": {"output_tokens": count + len(calls)}}),
                _event({"type": "message_stop"}),
            ]

        overloaded = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
        frames = scripted_body(
            script,
            tokens,
            token_frame=token_frame,
            end_frames=end_frames,
            error_frame=_event(overloaded),
            prelude=prelude,
        )
        return StreamingResponse(frames, media_type="text/event-stream", headers={"cache-control": "no-cache"})

    async def models(request: Request) -> Response:
        await _record(script, request)
        data = [
            {
                "type": "model",
                "id": name,
                "display_name": name.replace("-", " ").title(),
                "created_at": "2025-01-01T00:00:00Z",
                "lifecycle": "active",
                "max_input_tokens": CONTEXT_WINDOW,
                "max_tokens": 64_000,
            }
            for name in script.models
        ]
        first, last = (data[0]["id"], data[-1]["id"]) if data else (None, None)
        return JSONResponse({"data": data, "has_more": False, "first_id": first, "last_id": last})

    return Starlette(
        routes=[
            Route("/v1/messages", messages, methods=["POST"]),
            Route("/v1/models", models),
        ]
    )


@contextmanager
def running(script: Script) -> Iterator[str]:
    """Serve a fake Anthropic API for `script` on loopback; yields its base URL."""
    with serve(create_app(script)) as base_url:
        yield base_url
