"""A fake Ollama server speaking the real wire format, scripted by a `Script`.

    script = Script(tokens=["a", "b"], models=["qwen2.5-coder:3b"])
    with running(script) as host:            # host like "http://127.0.0.1:53211"
        client = ollama.AsyncClient(host=host)

Endpoints:
- POST /api/chat: with `"stream": true` (the client's default for our provider) NDJSON lines
  `{"model", "created_at", "message": {"role": "assistant", "content": <token>}, "done": false}`,
  then `{"done": true, "done_reason": "stop"|"length", "prompt_eval_count", "eval_count", durations}`.
  `options.num_predict` caps the tokens (done_reason "length"). With `"stream": false` one JSON object.
- GET /api/tags, POST /api/show (details; model_info with `<family>.context_length`), GET /api/version.
- POST /api/pull: NDJSON progress as Ollama streams it: `{"status": "pulling manifest"}`, per layer
  `{"status": "pulling <12 hex>", "digest": "sha256:...", "total": N, "completed": k}` (the first frame
  without `completed`, which Ollama omits while it is 0), then `verifying sha256 digest`,
  `writing manifest`, `success`. An unknown model still answers 200: the stream carries
  `{"error": "pull model manifest: file does not exist"}` after `pulling manifest`. A client that closes
  the stream early counts in `script.disconnects`.
- DELETE /api/delete `{"model"}`: 200 with an empty body, or 404 `{"error": "model 'x' not found"}`.
- Errors as Ollama sends them: `{"error": "..."}` with the status (404 for unknown models, scripted
  `Failure`s with an optional Retry-After header). A mid-stream error is a `{"error": ...}` line.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.fakes.script import Script, StreamOutcome
from tests.fakes.server import serve
from tests.fakes.streaming import scripted_body

CONTEXT_LENGTH = 32768
FAMILY = "qwen2"


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _line(payload: dict[str, Any]) -> bytes:
    return (json.dumps(payload) + "\n").encode()


def _error(status: int, message: str, retry_after: float | None = None) -> JSONResponse:
    headers = {"retry-after": f"{retry_after:g}"} if retry_after is not None else None
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _details() -> dict[str, Any]:
    return {
        "parent_model": "",
        "format": "gguf",
        "family": FAMILY,
        "families": [FAMILY],
        "parameter_size": "3.1B",
        "quantization_level": "Q4_K_M",
    }


def _is_base64(value: Any) -> bool:
    try:
        return isinstance(value, str) and bool(base64.b64decode(value, validate=True))
    except ValueError:
        return False


def _not_found(model: str) -> JSONResponse:
    return _error(404, f'model "{model}" not found, try pulling it first')


async def _record(script: Script, request: Request) -> Any:
    body = await request.body()
    payload = json.loads(body) if body else None
    script.record(request.method, request.url.path, dict(request.headers), payload)
    return payload


def _tagged(name: str) -> str:
    """Ollama stores `llama3.2` as `llama3.2:latest`."""
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


def _known(script: Script, name: str) -> str | None:
    for candidate in (name, _tagged(name)):
        if candidate in script.models:
            return candidate
    return None


def _layer_digest(model: str, index: int) -> str:
    return "sha256:" + hashlib.sha256(f"{model}/{index}".encode()).hexdigest()


def create_app(script: Script) -> Starlette:
    sizes: dict[str, int] = {}  # pulled models' sizes; the scripted ones get a fixed size

    async def chat(request: Request) -> Response:
        body = await _record(script, request)
        if (failure := script.next_failure()) is not None:
            return _error(failure.status, failure.message or f"scripted failure {failure.status}", failure.retry_after)
        model = body.get("model", "")
        if model not in script.models:
            return _not_found(model)
        images = [image for m in body.get("messages") or [] for image in m.get("images") or []]
        if images and model not in script.vision_models:
            return _error(400, f"{model} does not support images")
        if not all(_is_base64(image) for image in images):
            return _error(400, "illegal base64 data in images")
        limit = (body.get("options") or {}).get("num_predict")
        turn = script.next_turn()
        scripted = turn.tokens if turn is not None else script.tokens_by_model.get(model, script.tokens)
        calls = [
            {"function": {"name": c.name, "arguments": c.arguments}} for c in (turn.calls if turn is not None else [])
        ]
        tokens = scripted[:limit] if limit is not None and limit >= 0 else list(scripted)
        done_reason = "length" if len(tokens) < len(scripted) else "stop"

        def final(count: int, content: str = "") -> dict[str, Any]:
            return {
                "model": model,
                "created_at": _now(),
                "message": {"role": "assistant", "content": content},
                "done": True,
                "done_reason": done_reason,
                "total_duration": 1_000_000,
                "load_duration": 100_000,
                "prompt_eval_count": script.prompt_tokens,
                "prompt_eval_duration": 200_000,
                "eval_count": count,
                "eval_duration": 700_000,
            }

        if body.get("stream") is False:
            return JSONResponse(final(len(tokens), "".join(tokens)))

        def token_frame(token: str) -> bytes:
            message = {"role": "assistant", "content": token}
            return _line({"model": model, "created_at": _now(), "message": message, "done": False})

        def call_frame(call: dict[str, Any]) -> bytes:
            message = {"role": "assistant", "content": "", "tool_calls": [call]}
            return _line({"model": model, "created_at": _now(), "message": message, "done": False})

        frames = scripted_body(
            script,
            tokens,
            token_frame=token_frame,
            end_frames=lambda count: [*(call_frame(c) for c in calls), _line(final(count))],
            error_frame=_line({"error": "an error was encountered while running the model"}),
        )
        return StreamingResponse(frames, media_type="application/x-ndjson")

    async def tags(request: Request) -> Response:
        await _record(script, request)
        models = [
            {
                "name": name,
                "model": name,
                "modified_at": _now(),
                "size": sizes.get(name, 1_929_912_432),
                "digest": f"{index:064x}",
                "details": _details(),
            }
            for index, name in enumerate(script.models)
        ]
        return JSONResponse({"models": models})

    async def show(request: Request) -> Response:
        body = await _record(script, request)
        model = body.get("model", "")
        if model not in script.models:
            return _not_found(model)
        return JSONResponse(
            {
                "modelfile": f"FROM {model}",
                "parameters": 'stop "<|im_end|>"',
                "template": "{{ .Prompt }}",
                "details": _details(),
                "model_info": {
                    "general.architecture": FAMILY,
                    "general.parameter_count": 3_085_938_688,
                    f"{FAMILY}.context_length": CONTEXT_LENGTH,
                },
                "capabilities": ["completion", "vision"] if model in script.vision_models else ["completion"],
                "modified_at": _now(),
            }
        )

    async def pull(request: Request) -> Response:
        body = await _record(script, request)
        model = body.get("model") or body.get("name") or ""
        layers = script.pullable.get(model)
        if layers is None:
            layers = script.pullable.get(_tagged(model))
        if body.get("stream") is False:  # the non-streaming form answers once, at the end
            if layers is None:
                return _error(500, "pull model manifest: file does not exist")
            _pulled(model, layers)
            return JSONResponse({"status": "success"})
        return StreamingResponse(_pull_frames(model, layers), media_type="application/x-ndjson")

    def _pulled(model: str, layers: list[int]) -> None:
        name = _tagged(model)
        sizes[name] = sum(layers)
        if name not in script.models:
            script.models.append(name)

    async def _pull_frames(model: str, layers: list[int] | None) -> AsyncIterator[bytes]:
        script.stream_started()
        outcome: StreamOutcome = "disconnected"
        delay = 1.0 / script.pull_frames_per_second if script.pull_frames_per_second else 0.0
        try:
            yield _line({"status": "pulling manifest"})
            if layers is None:
                await asyncio.sleep(delay)
                outcome = "broken"
                yield _line({"error": "pull model manifest: file does not exist"})
                return
            for index, total in enumerate(layers):
                digest = _layer_digest(model, index)
                status = f"pulling {digest[7:19]}"
                yield _line({"status": status, "digest": digest, "total": total})
                steps = max(1, script.pull_steps)
                for step in range(1, steps + 1):
                    if delay:
                        await asyncio.sleep(delay)
                    completed = total * step // steps
                    yield _line({"status": status, "digest": digest, "total": total, "completed": completed})
            for status in ("verifying sha256 digest", "writing manifest"):
                yield _line({"status": status})
            _pulled(model, layers)
            yield _line({"status": "success"})
            outcome = "completed"
        finally:
            script.stream_finished(outcome)

    async def delete(request: Request) -> Response:
        body = await _record(script, request)
        model = body.get("model") or body.get("name") or ""
        known = _known(script, model)
        if known is None:
            return _error(404, f"model '{model}' not found")
        script.models.remove(known)
        sizes.pop(known, None)
        return Response(status_code=200)

    async def version(request: Request) -> Response:
        return JSONResponse({"version": "0.12.6"})

    async def root(request: Request) -> Response:
        return PlainTextResponse("Ollama is running")

    return Starlette(
        routes=[
            Route("/", root),
            Route("/api/chat", chat, methods=["POST"]),
            Route("/api/tags", tags),
            Route("/api/show", show, methods=["POST"]),
            Route("/api/version", version),
            Route("/api/pull", pull, methods=["POST"]),
            Route("/api/delete", delete, methods=["DELETE"]),
        ]
    )


@contextmanager
def running(script: Script) -> Iterator[str]:
    """Serve a fake Ollama for `script` on loopback; yields its base URL."""
    with serve(create_app(script)) as base_url:
        yield base_url
