"""A fake Ollama /api/embed speaking the real wire format, with deterministic vectors.

    script = Script(models=["nomic-embed-text"])
    with running(script) as host:
        client = ollama.AsyncClient(host=host)

POST /api/embed takes `{"model", "input": str | [str], "truncate"?, ...}` and answers like Ollama:
`{"model", "embeddings": [[float]...], "total_duration", "load_duration", "prompt_eval_count"}`,
one L2-normalised vector (Ollama normalises) of `DIMENSION` floats per input, derived from a hash of
the text: the same text always gets the same vector, different texts different ones. An unknown
model answers 404 `{"error": ...}`, and `script.failures` are served first, one per request (after
the first `failures_after` requests, which are answered normally: a failure part-way through a run).
Requests are recorded in `script.requests`.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.script import Script
from tests.fakes.server import serve

DIMENSION = 8


def vector(text: str) -> list[float]:
    """The fake's embedding of `text`: hash bytes centred on zero, then normalised."""
    digest = hashlib.sha256(text.encode()).digest()
    raw = [b - 127.5 for b in digest[:DIMENSION]]
    norm = math.sqrt(sum(x * x for x in raw))
    return [x / norm for x in raw]


def create_app(script: Script, *, failures_after: int = 0) -> Starlette:
    seen = 0  # requests so far; the server thread's event loop is the only writer

    async def embed(request: Request) -> Response:
        nonlocal seen
        body = await request.body()
        payload = json.loads(body) if body else {}
        script.record(request.method, request.url.path, dict(request.headers), payload)
        seen += 1
        if seen > failures_after and (failure := script.next_failure()) is not None:
            return JSONResponse({"error": failure.message or f"scripted failure {failure.status}"}, failure.status)
        model = payload.get("model", "")
        if model not in script.models:
            return JSONResponse({"error": f'model "{model}" not found, try pulling it first'}, 404)
        inputs = payload.get("input", [])
        texts = [inputs] if isinstance(inputs, str) else list(inputs)
        return JSONResponse(
            {
                "model": model,
                "embeddings": [vector(t) for t in texts],
                "total_duration": 1_000_000,
                "load_duration": 100_000,
                "prompt_eval_count": sum(len(t.split()) for t in texts),
            }
        )

    return Starlette(routes=[Route("/api/embed", embed, methods=["POST"])])


@contextmanager
def running(script: Script, *, failures_after: int = 0) -> Iterator[str]:
    """Serve the fake /api/embed for `script` on loopback; yields its base URL."""
    with serve(create_app(script, failures_after=failures_after)) as base_url:
        yield base_url
