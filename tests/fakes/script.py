"""What a fake provider server does, and what it saw: one `Script` per test, shared with the server thread.

A test (or benchmark) builds a `Script`, starts a fake with it, and reads the records afterwards::

    script = Script(tokens=["Hel", "lo"], tokens_per_second=50, failures=[Failure(429, retry_after=2)])
    with tests.fakes.ollama.running(script) as base_url:
        ...
    assert len(script.chat_requests) == 2          # the 429, then the stream
    assert script.chat_requests[-1].body["options"]["temperature"] == 0.2

Behaviour knobs (set before the request; the server thread reads them per request):

- `tokens`: the text pieces a chat stream emits, one frame each.
- `turns`: scripted replies with tool calls (`Turn(tokens, calls=[ScriptedCall(name, arguments)])`), one per chat
  request in order, before `tokens` answers; `every_turn` answers every request after them (a model that never
  stops calling tools). Ollama sends each call whole in its own frame; Anthropic streams a `tool_use` block per
  call with its input in `input_json_delta` pieces and stops with `stop_reason: tool_use`.
- `tokens_by_model`: other pieces for requests naming these models (e.g. a second model's answers).
- `tokens_per_second`: fixed pace; the server sleeps 1/rate before every token after the first.
  None streams as fast as it can. A paced stream is what cancel/disconnect tests need: an unpaced one
  may be written in full to the socket before the client gets to close it.
- `first_token_delay`: seconds between the response headers and the first token ("prompt processing").
- `hold`: streams wait before their first token until the test calls `script.release()` (so subscribers can be
  made live before a single token exists).
- `failures`: answered first, one per chat request, in order (status, Retry-After, message).
- `break_after` / `break_mode`: after k tokens, "abort" drops the connection without finishing the
  HTTP body, "eof" ends the body cleanly but without the final frame, "error" sends the provider's
  own mid-stream error frame (Ollama `{"error": ...}`, Anthropic `event: error`).
- `models`: the model names the fake knows; chat with another name answers 404.
- `vision_models`: (Ollama) the known models whose /api/show capabilities include "vision"; a chat sending
  `images` to any other model answers 400 as Ollama does. Both fakes answer 400 to an image that is not valid
  base64 or (Anthropic) a block whose media type the API does not take.
- `api_key`: the Anthropic fake answers 401 unless the request's key (`x-api-key`, or the
  `Authorization: Bearer` this SDK sends) equals it. None accepts anything.
- `prompt_tokens`: the prompt token count reported in usage.
- `pullable`: models the Ollama fake's /api/pull can download, each with its layer sizes in bytes;
  `pull_steps` progress frames per layer, paced by `pull_frames_per_second` (None: as fast as it can).
  A finished pull adds the model (tagged `:latest` when it has no tag) to `models`.

Records (written by the server thread): `requests` (every request, in order), `chat_requests`,
`disconnects` (streams, chat or pull, the client closed before they finished), `completed_streams`, `broken_streams`
(ended on purpose by `break_after`), `tokens_sent` (tokens the most recent stream handed to the
server), `most_open_streams` (the most streams served at once). `await script.wait_for_disconnect()` waits for the first disconnect without polling.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any, Literal

BreakMode = Literal["abort", "eof", "error"]
StreamOutcome = Literal["completed", "broken", "disconnected"]


@dataclass(frozen=True)
class Failure:
    """One error response served instead of a chat stream."""

    status: int
    retry_after: float | None = None
    message: str | None = None


@dataclass(frozen=True)
class ScriptedCall:
    """A tool call a scripted model makes. `arguments` is a JSON object, or (Anthropic) raw text sent as the
    streamed input JSON, to script a malformed input."""

    name: str
    arguments: dict[str, Any] | str = field(default_factory=dict)


@dataclass(frozen=True)
class Turn:
    """One scripted model reply: text pieces, then tool calls (none: a plain answer)."""

    tokens: list[str] = field(default_factory=list)
    calls: list[ScriptedCall] = field(default_factory=list)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any  # the decoded JSON body, or None


@dataclass
class Script:
    tokens: list[str] = field(default_factory=lambda: ["Hello", ",", " world", "!"])
    tokens_by_model: dict[str, list[str]] = field(default_factory=dict)
    tokens_per_second: float | None = None
    first_token_delay: float = 0.0
    hold: bool = False
    failures: list[Failure] = field(default_factory=list)
    break_after: int | None = None
    break_mode: BreakMode = "abort"
    models: list[str] = field(default_factory=lambda: ["test-model"])
    api_key: str | None = None
    prompt_tokens: int = 11
    pullable: dict[str, list[int]] = field(default_factory=dict)
    pull_steps: int = 4
    pull_frames_per_second: float | None = None
    turns: list[Turn] = field(default_factory=list)  # answer chat requests in order, before `tokens`
    every_turn: Turn | None = None  # when `turns` is used up: answer every request with this (a model that loops)
    vision_models: list[str] = field(default_factory=list)  # Ollama: models whose /api/show lists "vision"

    requests: list[RecordedRequest] = field(default_factory=list)
    disconnects: int = 0
    completed_streams: int = 0
    broken_streams: int = 0
    tokens_sent: int = 0
    open_streams: int = 0
    most_open_streams: int = 0  # the most streams open at once: what a client's concurrency really was

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._disconnected = threading.Event()
        self._released = threading.Event()

    # --- used by the fake servers -------------------------------------------------------------

    def record(self, method: str, path: str, headers: dict[str, str], body: Any) -> None:
        with self._lock:
            self.requests.append(RecordedRequest(method, path, headers, body))

    def next_failure(self) -> Failure | None:
        with self._lock:
            return self.failures.pop(0) if self.failures else None

    def next_turn(self) -> Turn | None:
        with self._lock:
            if self.turns:
                return self.turns.pop(0)
            return self.every_turn

    def token_delay(self, index: int) -> float:
        if index == 0:
            return self.first_token_delay
        return 1.0 / self.tokens_per_second if self.tokens_per_second else 0.0

    async def held(self) -> None:
        """Waits (off the fake's loop) until the test releases a held stream; at most 30 s."""
        if self.hold:
            await asyncio.to_thread(self._released.wait, 30)

    def stream_started(self) -> None:
        with self._lock:
            self.tokens_sent = 0
            self.open_streams += 1
            self.most_open_streams = max(self.most_open_streams, self.open_streams)

    def token_written(self) -> None:
        with self._lock:
            self.tokens_sent += 1

    def stream_finished(self, outcome: StreamOutcome) -> None:
        with self._lock:
            self.open_streams -= 1
            if outcome == "disconnected":
                self.disconnects += 1
            elif outcome == "broken":
                self.broken_streams += 1
            else:
                self.completed_streams += 1
        if outcome == "disconnected":
            self._disconnected.set()

    # --- used by tests ---------------------------------------------------------------------------

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path in ("/api/chat", "/v1/messages")]

    def release(self) -> None:
        """Lets held streams (`hold`) go on."""
        self._released.set()

    async def wait_for_disconnect(self, within: float = 2.0) -> bool:
        """True once a client has closed a stream early; False if none did within `within` seconds."""
        return await asyncio.to_thread(self._disconnected.wait, within)
