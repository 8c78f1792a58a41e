"""The server's recent log lines, kept in memory for the admin `serverLogs` query and subscription.

The structured logger (app/logs.py) hands every line it writes to `LOGS.processor` after the redaction
processor below, so the buffer never holds a secret. The buffer is a ring (`capacity` lines, the oldest
dropped first) and belongs to this process: behind a load balancer each replica keeps its own. A line may
be logged from any thread (work done with `asyncio.to_thread`); followers get it on their own event loop,
each through a bounded queue, so a slow subscriber loses lines (it is told how many) instead of growing.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import re
import threading
from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

LEVELS = {"debug": 10, "info": 20, "warning": 30, "error": 40, "critical": 50}
MAX_FIELD_CHARS = 4000  # one value kept per field at most (a traceback is cut here)
MAX_FIELDS = 50
FOLLOW_QUEUE = 1000
REDACTED = "[redacted]"

# Keys whose string values are secrets wherever they appear (counts such as `prompt_tokens` are numbers, kept).
SECRET_KEY = re.compile(
    r"pass(word|wd|phrase)?$|secret|(^|_)token$|api_?key|authori[sz]ation|cookie|credential|private_?key|^key$",
    re.IGNORECASE,
)
# Secrets inside any text: bearer credentials, JWTs, Anthropic/OpenAI-style keys, Switchboard API keys,
# passwords in URLs and `name=value` pairs of secret-looking names.
SECRET_TEXT = [
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 " + REDACTED),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"), REDACTED),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{12,}"), REDACTED),
    (re.compile(r"\bsb_[A-Za-z0-9_-]{12,}"), REDACTED),
    (re.compile(r"(\w+://[^/\s:@]+):[^@\s/]+@"), r"\1:" + REDACTED + "@"),
    (
        re.compile(
            r"(?i)\b((?:api_?key|token|access_token|refresh_token|password|secret|x-api-key)[\"']?\s*[=:]\s*[\"']?)[^\s\"'&,}]+"
        ),
        r"\1" + REDACTED,
    ),
]


def redact_text(text: str) -> str:
    for pattern, replacement in SECRET_TEXT:
        text = pattern.sub(replacement, text)
    return text


def redact(value: Any, depth: int = 0) -> Any:
    """A copy of `value` with secrets replaced; linear in its size, nested at most 4 levels."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, bytes):
        return redact_text(value.decode("utf-8", "replace"))
    if depth >= 4:
        return value if isinstance(value, (int, float, bool, type(None))) else REDACTED
    if isinstance(value, Mapping):
        return {k: _redact_item(str(k), v, depth) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v, depth + 1) for v in value]
    if hasattr(value, "get_secret_value"):  # pydantic SecretStr
        return REDACTED
    return value


def _redact_item(key: str, value: Any, depth: int) -> Any:
    if SECRET_KEY.search(key) and not isinstance(value, (int, float, bool, type(None))):
        return REDACTED
    return redact(value, depth + 1)


def redaction_processor(logger: Any, method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: every line leaves without tokens, passwords or API keys."""
    return {k: _redact_item(k, v, 0) for k, v in event_dict.items()}


@dataclass(frozen=True)
class LogLine:
    seq: int
    at: datetime
    level: str
    message: str
    request_id: str | None
    run_id: str | None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class _Follower:
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[LogLine]
    level: int
    dropped: int = 0


class LogBuffer:
    def __init__(self, capacity: int = 2000) -> None:
        self._lines: collections.deque[LogLine] = collections.deque(maxlen=capacity)
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._followers: list[_Follower] = []

    @property
    def capacity(self) -> int:
        return self._lines.maxlen or 0

    def resize(self, capacity: int) -> None:
        with self._lock:
            self._lines = collections.deque(self._lines, maxlen=capacity)

    def processor(self, logger: Any, method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
        """structlog processor: keep the line (already redacted) and pass it on unchanged."""
        self.append(event_dict, method)
        return event_dict

    def append(self, event_dict: Mapping[str, Any], method: str = "info") -> LogLine:
        level = str(event_dict.get("level") or method).lower()
        level = "warning" if level == "warn" else level
        rest = {
            str(k): _text(v)
            for k, v in itertools.islice(event_dict.items(), MAX_FIELDS)
            if k not in ("event", "level", "timestamp", "request_id", "run_id")
        }
        with self._lock:
            line = LogLine(
                seq=next(self._seq),
                at=datetime.now(UTC),
                level=level if level in LEVELS else "info",
                message=_text(event_dict.get("event", "")),
                request_id=_optional(event_dict.get("request_id")),
                run_id=_optional(event_dict.get("run_id")),
                fields=rest,
            )
            self._lines.append(line)
            followers = list(self._followers)
        for follower in followers:
            if LEVELS[line.level] >= follower.level:
                with contextlib.suppress(RuntimeError):  # its loop has closed: it is about to unregister
                    follower.loop.call_soon_threadsafe(_offer, follower, line)
        return line

    def lines(self, *, level: str = "info", since: datetime | None = None, limit: int = 100) -> list[LogLine]:
        """The most recent `limit` lines at `level` or above, newer than `since`, oldest first."""
        floor = LEVELS.get(level, 20)
        with self._lock:
            snapshot = list(self._lines)
        picked: list[LogLine] = []
        for line in reversed(snapshot):
            if len(picked) >= limit or (since is not None and line.at <= since):
                break
            if LEVELS[line.level] >= floor:
                picked.append(line)
        return picked[::-1]

    async def follow(self, *, level: str = "info") -> AsyncGenerator[LogLine, None]:
        """New lines at `level` or above as they are written, until the caller stops."""
        follower = _Follower(asyncio.get_running_loop(), asyncio.Queue(FOLLOW_QUEUE), LEVELS.get(level, 20))
        with self._lock:
            self._followers.append(follower)
        try:
            while True:
                line = await follower.queue.get()
                if follower.dropped:
                    lost, follower.dropped = follower.dropped, 0
                    yield LogLine(
                        0, line.at, "warning", f"{lost} log lines were dropped: the reader was slow", None, None
                    )
                yield line
        finally:
            with self._lock:
                self._followers.remove(follower)

    @property
    def followers(self) -> int:
        return len(self._followers)


def _offer(follower: _Follower, line: LogLine) -> None:
    try:
        follower.queue.put_nowait(line)
    except asyncio.QueueFull:
        follower.dropped += 1


def _text(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= MAX_FIELD_CHARS else text[:MAX_FIELD_CHARS] + "…"


def _optional(value: Any) -> str | None:
    return None if value is None else _text(value)


LOGS = LogBuffer()  # the process's one buffer: logging is process-wide
