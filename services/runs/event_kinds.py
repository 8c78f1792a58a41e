"""The kinds of run events: one frozen dataclass each, and one serialiser between them and storage.

Stored and published events are `(type, data)` pairs: `type` is the kind's `TYPE`, `data` a JSON object
with camelCase keys (the format rows already in the database use, so nothing is migrated). Adding a kind
means one dataclass here (with `TYPE`, `to_data`, `from_data`) and one converter in schema/run.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

TERMINAL = ("succeeded", "failed", "cancelled")


class EventKind(Protocol):
    TYPE: ClassVar[str]

    def to_data(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class TokenDelta:
    TYPE: ClassVar[str] = "token"
    text: str

    def to_data(self) -> dict[str, Any]:
        return {"text": self.text}

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> TokenDelta:
        return cls(text=d["text"])


@dataclass(frozen=True)
class StatusChanged:
    TYPE: ClassVar[str] = "status"
    status: str  # queued | running | waiting | succeeded | failed | cancelled
    error: str | None = None

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL

    def to_data(self) -> dict[str, Any]:
        return {"status": self.status, **({"error": self.error} if self.error is not None else {})}

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> StatusChanged:
        return cls(status=d["status"], error=d.get("error"))


@dataclass(frozen=True)
class QueuePosition:
    TYPE: ClassVar[str] = "queue"
    position: int

    def to_data(self) -> dict[str, Any]:
        return {"position": self.position}

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> QueuePosition:
        return cls(position=d["position"])


@dataclass(frozen=True)
class Progress:
    TYPE: ClassVar[str] = "progress"
    done: int
    total: int | None = None
    fraction: float | None = None
    message: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {"done": self.done, "total": self.total, "fraction": self.fraction, "message": self.message}

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> Progress:
        return cls(done=d["done"], total=d.get("total"), fraction=d.get("fraction"), message=d.get("message"))


def progress(done: int, total: int | None, message: str | None = None) -> Progress:
    """Progress with its fraction worked out (1.0 for an empty job, None when the total is unknown)."""
    fraction = None if total is None else (round(done / total, 4) if total else 1.0)
    return Progress(done=done, total=total, fraction=fraction, message=message)


@dataclass(frozen=True)
class UsageReported:
    TYPE: ClassVar[str] = "usage"
    prompt_tokens: int | None
    completion_tokens: int | None
    ttft_ms: float | None
    tokens_per_second: float | None

    def to_data(self) -> dict[str, Any]:
        return {
            "promptTokens": self.prompt_tokens,
            "completionTokens": self.completion_tokens,
            "ttftMs": self.ttft_ms,
            "tokensPerSecond": self.tokens_per_second,
        }

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> UsageReported:
        return cls(d.get("promptTokens"), d.get("completionTokens"), d.get("ttftMs"), d.get("tokensPerSecond"))


@dataclass(frozen=True)
class RetryScheduled:
    TYPE: ClassVar[str] = "retry"
    attempt: int
    delay_seconds: float
    reason: str

    def to_data(self) -> dict[str, Any]:
        return {"attempt": self.attempt, "delaySeconds": self.delay_seconds, "message": self.reason}

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> RetryScheduled:
        return cls(attempt=d["attempt"], delay_seconds=d["delaySeconds"], reason=d["message"])


@dataclass(frozen=True)
class FallbackUsed:
    """The run's model failed before its first token (after its retries); the next fallback model is tried."""

    TYPE: ClassVar[str] = "fallback"
    failed_model: str
    next_model: str
    reason: str

    def to_data(self) -> dict[str, Any]:
        return {"failedModel": self.failed_model, "nextModel": self.next_model, "message": self.reason}

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> FallbackUsed:
        return cls(failed_model=d["failedModel"], next_model=d["nextModel"], reason=d["message"])


@dataclass(frozen=True)
class CitationAdded:
    """What a CHAT run was given to read; `citation` is the stored citation's event form."""

    TYPE: ClassVar[str] = "citation"
    citation: dict[str, Any]

    def to_data(self) -> dict[str, Any]:
        return dict(self.citation)

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> CitationAdded:
        return cls(citation=d)


@dataclass(frozen=True)
class ItemFinished:
    """A batch run stored one unit; `item` is the stored item's event form (services.runs.items)."""

    TYPE: ClassVar[str] = "item"
    item: dict[str, Any]

    def to_data(self) -> dict[str, Any]:
        return dict(self.item)

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> ItemFinished:
        return cls(item=d)


@dataclass(frozen=True)
class RunCompacted:
    """Retention replaced a finished run's token deltas (seqs `from_seq`..`to_seq`) with their whole text; stored
    at `to_seq`, so seqs keep their meaning: a client resuming inside the range gets this and replaces what it
    had with `text`, then the events after the range."""

    TYPE: ClassVar[str] = "compacted"
    from_seq: int
    to_seq: int
    text: str
    usage: UsageReported

    def to_data(self) -> dict[str, Any]:
        return {"fromSeq": self.from_seq, "toSeq": self.to_seq, "text": self.text, "usage": self.usage.to_data()}

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> RunCompacted:
        return cls(d["fromSeq"], d["toSeq"], d["text"], UsageReported.from_data(d.get("usage") or {}))


@dataclass(frozen=True)
class ToolCallArguments:
    """A piece of a tool call's arguments as the model streams them (the whole JSON where it does not stream)."""

    TYPE: ClassVar[str] = "tool_args"
    call_id: str
    name: str
    delta: str

    def to_data(self) -> dict[str, Any]:
        return {"callId": self.call_id, "name": self.name, "delta": self.delta}

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> ToolCallArguments:
        return cls(call_id=d["callId"], name=d["name"], delta=d["delta"])


@dataclass(frozen=True)
class ToolCallStarted:
    """The agent loop runs a tool call; `message_id` is the assistant message that carries the call."""

    TYPE: ClassVar[str] = "tool_call"
    call_id: str
    name: str
    input: dict[str, Any]
    message_id: str
    round: int

    def to_data(self) -> dict[str, Any]:
        return {
            "callId": self.call_id,
            "name": self.name,
            "input": self.input,
            "messageId": self.message_id,
            "round": self.round,
        }

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> ToolCallStarted:
        return cls(d["callId"], d["name"], d.get("input") or {}, d["messageId"], d.get("round", 1))


@dataclass(frozen=True)
class ToolCallFinished:
    """A tool call's result (or error), as the model will read it; `message_id` is the TOOL message holding it."""

    TYPE: ClassVar[str] = "tool_result"
    call_id: str
    name: str
    output: str
    error: bool
    duration_ms: float
    message_id: str

    def to_data(self) -> dict[str, Any]:
        return {
            "callId": self.call_id,
            "name": self.name,
            "output": self.output,
            "error": self.error,
            "durationMs": self.duration_ms,
            "messageId": self.message_id,
        }

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> ToolCallFinished:
        return cls(d["callId"], d["name"], d["output"], bool(d["error"]), d["durationMs"], d["messageId"])


@dataclass(frozen=True)
class ToolCallWaiting:
    """A tool call waits for the user: `reason` is "approval" (an ASK tool) or "client" (a client tool)."""

    TYPE: ClassVar[str] = "tool_wait"
    call_id: str
    name: str
    input: dict[str, Any]
    reason: str
    message_id: str
    until: str  # ISO time after which the call is answered with a timeout error

    def to_data(self) -> dict[str, Any]:
        return {
            "callId": self.call_id,
            "name": self.name,
            "input": self.input,
            "reason": self.reason,
            "messageId": self.message_id,
            "until": self.until,
        }

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> ToolCallWaiting:
        return cls(d["callId"], d["name"], d.get("input") or {}, d["reason"], d["messageId"], d["until"])


KINDS: dict[str, Any] = {
    kind.TYPE: kind
    for kind in (
        TokenDelta,
        StatusChanged,
        QueuePosition,
        Progress,
        UsageReported,
        RetryScheduled,
        FallbackUsed,
        CitationAdded,
        ItemFinished,
        RunCompacted,
        ToolCallArguments,
        ToolCallStarted,
        ToolCallFinished,
        ToolCallWaiting,
    )
}


def decode(type_: str, data: dict[str, Any]) -> EventKind:
    """A stored or published (type, data) pair back to its kind."""
    try:
        kind = KINDS[type_]
    except KeyError:
        raise ValueError(f"unknown run event type {type_!r}") from None
    return kind.from_data(data)  # type: ignore[no-any-return]
