"""The wire-faithful fake Ollama (tests/fakes) wrapped so that it timestamps what it sends, for stream_bench.py.

    .venv/bin/python -m uvicorn --factory bench.stream_fake:create_app --port 8123   # run from the repo root

The wrapper leaves the fake's wire format and pacing alone (`Script.tokens_per_second`, a sleep before
every token after the first) and adds, per chat stream, keyed by the content of the request's last
message (the benchmark makes it unique per run):

- `received`: `time.monotonic()` when the request reached the server;
- `sent`: `[monotonic time, text]` for every token frame, taken as the frame is handed to uvicorn
  (only with `detail`; without it just `first`, `last` and `count`, which cost next to nothing).

CLOCK_MONOTONIC is system-wide on Linux, so these compare directly with the benchmark's own
`time.monotonic()` in another process. Control endpoints (not part of Ollama's API):

- `POST /_bench/script` `{"tokens": [...], "tokens_per_second": R, "detail": bool, "hold": bool}`: set the
  script and clear the records; with `hold`, every chat request is recorded as received and then waits,
  before its response starts, until `POST /_bench/release` (a run parked on its provider, for as long as a
  bench needs: ws_idle_bench.py and fanout_bench.py subscribe first, then let the tokens flow);
- `POST /_bench/release`: let the held requests (and any later ones) go on;
- `GET /_bench/records`: the records so far.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.fakes import ollama as fake_ollama
from tests.fakes.script import Script

MODEL = "test-model"


class TimestampingFake:
    def __init__(self) -> None:
        self.script = Script(tokens=["Hello", " world"], tokens_per_second=None, models=[MODEL])
        self.inner: ASGIApp = fake_ollama.create_app(self.script)
        self.detail = True
        self.records: dict[str, dict[str, Any]] = {}
        self.gate: asyncio.Event | None = None  # set by `hold`: chat requests wait for it

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        path = scope["path"]
        if path == "/_bench/script":
            await self._configure(receive, send)
        elif path == "/_bench/release":
            if self.gate is not None:
                self.gate.set()
            await _respond(send, 200, {"ok": True})
        elif path == "/_bench/records":
            await _respond(send, 200, self.records)
        elif path == "/api/chat":
            await self._chat(scope, receive, send)
        else:
            await self.inner(scope, receive, send)

    async def _configure(self, receive: Receive, send: Send) -> None:
        body = json.loads(await _read_body(receive) or b"{}")
        self.script.tokens = list(body["tokens"])
        self.script.tokens_per_second = body.get("tokens_per_second")
        self.detail = bool(body.get("detail", True))
        if self.gate is not None:
            self.gate.set()  # nothing stays held past a new script
        self.gate = asyncio.Event() if body.get("hold") else None
        self.records = {}
        await _respond(send, 200, {"ok": True})

    async def _chat(self, scope: Scope, receive: Receive, send: Send) -> None:
        received = time.monotonic()
        raw = await _read_body(receive)
        try:
            key = str(json.loads(raw)["messages"][-1]["content"])
        except (ValueError, KeyError, IndexError, TypeError):
            key = f"unkeyed-{received}"
        record: dict[str, Any] = {"received": received, "first": None, "last": None, "count": 0}
        if self.detail:
            record["sent"] = []
        self.records[key] = record
        detail = self.detail
        replayed = False
        if self.gate is not None:
            await self.gate.wait()

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": raw, "more_body": False}
            return await receive()  # the disconnect, when the client goes

        async def timestamped(message: Message) -> None:
            if message["type"] == "http.response.body":
                chunk = message.get("body", b"")
                if b'"done": false' in chunk:  # a token frame (the final frame says "done": true)
                    now = time.monotonic()
                    if record["first"] is None:
                        record["first"] = now
                    record["last"] = now
                    record["count"] += 1
                    if detail:
                        record["sent"].append([now, json.loads(chunk)["message"]["content"]])
            await send(message)

        await self.inner(scope, replay, timestamped)


async def _read_body(receive: Receive) -> bytes:
    parts = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(parts)


async def _respond(send: Send, status: int, payload: Any) -> None:
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def create_app() -> TimestampingFake:
    return TimestampingFake()
