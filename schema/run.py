"""Run types and the run event stream. No I/O beyond the request's dataloaders."""

from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from schema.common import After, Before, Connection, First, Last, Node, value_of
from schema.conversation import Conversation, Message
from schema.evals import RunItem, RunReport, report
from schema.ids import to_global_id
from schema.info import Info
from schema.memory import Citation

if TYPE_CHECKING:
    from schema.agent import Agent
    from services.db import models
    from services.runs import event_kinds as kinds
    from services.runs.events import Event


@strawberry.enum(description="What a run does.")
class RunKind(Enum):
    CHAT = strawberry.enum_value("chat", description="Generates an assistant reply.")
    GENERATION = strawberry.enum_value("generation", description="Batch generation over items.")
    TEST = strawberry.enum_value("test", description="A model test suite.")
    BENCHMARK = strawberry.enum_value("benchmark", description="A model benchmark.")
    INGEST = strawberry.enum_value("ingest", description="Content ingestion.")
    MODEL_PULL = strawberry.enum_value("model_pull", description="Downloads a model.")
    MEMORY = strawberry.enum_value("memory", description="Proposes memories from a chat turn.")
    REINDEX = strawberry.enum_value("reindex", description="Re-embeds contents and memories with the current model.")
    BACKUP = strawberry.enum_value("backup", description="Writes a backup artifact (admin); download it when done.")
    CLEANUP = strawberry.enum_value("cleanup", description="Applies the retention policies, or reports them.")


@strawberry.enum(description="Where a run is in its life.")
class RunStatus(Enum):
    QUEUED = strawberry.enum_value("queued", description="Waiting in its provider's queue.")
    RUNNING = strawberry.enum_value("running", description="Executing.")
    WAITING = strawberry.enum_value(
        "waiting", description="A CHAT run waits for a client tool's answer or a call's approval (`pendingToolCalls`)."
    )
    SUCCEEDED = strawberry.enum_value("succeeded", description="Finished normally.")
    FAILED = strawberry.enum_value("failed", description="Failed; see `error`.")
    CANCELLED = strawberry.enum_value("cancelled", description="Cancelled; partial output kept.")


@strawberry.type(description="Token counts and speed of a run.")
class RunUsage:
    prompt_tokens: int | None = strawberry.field(description="Tokens in the prompt.")
    completion_tokens: int | None = strawberry.field(description="Tokens generated.")
    time_to_first_token_ms: float | None = strawberry.field(description="From start to the first token, in ms.")
    tokens_per_second: float | None = strawberry.field(description="Generation speed after the first token.")


@strawberry.enum(description="What a paused tool call waits for.")
class ToolWaitReason(Enum):
    APPROVAL = strawberry.enum_value("approval", description="The user's approval (`approveToolCall`/`denyToolCall`).")
    CLIENT = strawberry.enum_value("client", description="The client's result (`answerToolCall`).")


@strawberry.type(description="A tool call a WAITING run waits for.")
class PendingToolCall:
    call_id: str = strawberry.field(description="The call's id.")
    name: str = strawberry.field(description="The tool called.")
    input: JSON = strawberry.field(description="The arguments (valid for the tool's input schema).")
    reason: ToolWaitReason = strawberry.field(description="What it waits for.")
    message_id: strawberry.ID = strawberry.field(description="The assistant message carrying the call.")
    until: datetime = strawberry.field(description="When it times out (it is then answered with an error).")

    @classmethod
    def of(cls, call: dict[str, Any]) -> "PendingToolCall":
        return cls(
            call_id=call["id"],
            name=call["name"],
            input=cast(JSON, call.get("input") or {}),
            reason=ToolWaitReason(call["reason"]),
            message_id=strawberry.ID(to_global_id("Message", call["messageId"])),
            until=datetime.fromisoformat(call["until"]),
        )


@strawberry.type(description="A long job with an ordered event log you can follow with `runEvents`.")
class Run(Node):
    kind: RunKind = strawberry.field(description="What the run does.")
    status: RunStatus = strawberry.field(description="Current status.")
    priority: int = strawberry.field(description="1 (highest) to 10.")
    queue_position: int | None = strawberry.field(description="1-based place in its provider's queue while QUEUED.")
    model: str | None = strawberry.field(description="Model used, 'provider:model'.")
    answered_by: str | None = strawberry.field(
        description="The model that produced the output: `model`, or the fallback that answered when it failed "
        "before its first token (see the `FallbackUsed` event). Null until a model answers."
    )
    progress: float | None = strawberry.field(description="Fraction done, 0 to 1, when known.")
    result: JSON | None = strawberry.field(description="Kind-specific result.")
    error: str | None = strawberry.field(description="Why it failed.")
    usage: RunUsage = strawberry.field(description="Tokens and speed.")
    last_seq: int = strawberry.field(description="Seq of its latest event; resume `runEvents` after it.")
    created_at: datetime = strawberry.field(description="When it was queued (UTC).")
    started_at: datetime | None = strawberry.field(description="When it started running (UTC).")
    finished_at: datetime | None = strawberry.field(description="When it ended (UTC).")
    _id: strawberry.Private[str]
    _conversation_id: strawberry.Private[str | None]
    _message_id: strawberry.Private[str | None]
    _agent_id: strawberry.Private[str | None]
    _pending: strawberry.Private[list[dict[str, Any]]]

    @classmethod
    def from_row(cls, row: "models.Run") -> "Run":
        from services.chat.waiting import pending

        return cls(
            id=strawberry.ID(to_global_id("Run", row.id)),
            kind=RunKind(row.kind),
            status=RunStatus(row.status),
            priority=row.priority,
            queue_position=row.queue_position,
            model=row.model,
            answered_by=row.answered_by,
            progress=row.progress,
            result=cast(JSON | None, row.result),
            error=row.error,
            usage=RunUsage(
                prompt_tokens=row.prompt_tokens,
                completion_tokens=row.completion_tokens,
                time_to_first_token_ms=row.ttft_ms,
                tokens_per_second=row.tokens_per_second,
            ),
            last_seq=row.last_seq,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
            _id=row.id,
            _conversation_id=row.conversation_id,
            _message_id=row.message_id,
            _agent_id=row.agent_id,
            _pending=pending(row),
        )

    @strawberry.field(description="The tool calls a WAITING run waits for (empty otherwise).")
    def pending_tool_calls(self) -> list[PendingToolCall]:
        return [PendingToolCall.of(c) for c in self._pending]

    @strawberry.field(description="The conversation of a CHAT run.")
    async def conversation(self, info: Info) -> Conversation | None:
        if self._conversation_id is None:
            return None
        return Conversation.from_row(await info.context.loaders.conversation_by_id.load(self._conversation_id))

    @strawberry.field(description="The message a CHAT run writes.")
    async def message(self, info: Info) -> Message | None:
        if self._message_id is None:
            return None
        return Message.from_row(await info.context.loaders.message_by_id.load(self._message_id))

    @strawberry.field(
        description="Per-unit results of a batch run (TEST, BENCHMARK, GENERATION), in the order they finished."
    )
    async def items(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[RunItem]:
        args = info.context.page_args(first=first, after=after, last=last, before=before)
        page = await info.context.loaders.items_by_run.load((self._id, args))
        return info.context.connection(page, RunItem.from_row)

    @strawberry.field(description="The typed result of a TEST, BENCHMARK or GENERATION run (null for other kinds).")
    def report(self) -> RunReport | None:
        return report(value_of(self.kind), cast(dict | None, self.result))

    @strawberry.field(description="The agent the run works for.")
    async def agent(self, info: Info) -> Annotated["Agent", strawberry.lazy("schema.agent")] | None:
        from schema.agent import Agent

        if self._agent_id is None:
            return None
        return Agent.from_row(await info.context.loaders.agent_by_id.load(self._agent_id))


@strawberry.interface(description="One entry of a run's event log. `seq` counts 1, 2, 3, ... per run.")
class RunEvent:
    seq: int = strawberry.field(description="Position in the run's log; pass the last one seen as `after`.")
    run_id: strawberry.ID = strawberry.field(description="The run.")
    at: datetime = strawberry.field(description="When it happened (UTC).")


@strawberry.type(description="Generated text (one or more tokens, coalesced over a few ms).")
class TokenDelta(RunEvent):
    text: str = strawberry.field(description="Text to append.")


@strawberry.type(description="The run changed status; a final status is the last event.")
class RunStatusChanged(RunEvent):
    status: RunStatus = strawberry.field(description="The new status.")
    error: str | None = strawberry.field(description="Why it failed, if it did.")


@strawberry.type(description="The run moved in its provider's queue.")
class QueuePositionChanged(RunEvent):
    position: int = strawberry.field(description="1-based place in the queue.")


@strawberry.type(description="Progress of a long run.")
class RunProgress(RunEvent):
    done: int = strawberry.field(description="Units done.")
    total: int | None = strawberry.field(description="Units in all, when known.")
    fraction: float | None = strawberry.field(description="done / total.")
    message: str | None = strawberry.field(description="What is happening.")


@strawberry.type(description="Token counts and speed, sent when generation ends.")
class RunUsageReported(RunEvent):
    usage: RunUsage = strawberry.field(description="The figures.")


@strawberry.type(description="A transient provider failure; the request will be retried.")
class RetryScheduled(RunEvent):
    attempt: int = strawberry.field(description="Retry number, from 1.")
    delay_seconds: float = strawberry.field(description="Wait before the retry.")
    reason: str = strawberry.field(description="What failed.")


@strawberry.type(
    description="The run's model failed before its first token (connection refused, server errors after retries, "
    "model missing); the next fallback model answers instead. Never sent once a token has reached the client."
)
class FallbackUsed(RunEvent):
    failed_model: str = strawberry.field(description="The model that failed ('provider:model').")
    next_model: str = strawberry.field(description="The fallback model tried next.")
    reason: str = strawberry.field(description="Why the failed model was given up.")


@strawberry.type(description="A CHAT run is given this to read (a content chunk or a memory); sent before its tokens.")
class CitationAdded(RunEvent):
    citation: Citation = strawberry.field(description="What was retrieved, with its score and rank.")


@strawberry.type(description="A batch run finished one unit (test case, benchmark iteration, generated item).")
class RunItemFinished(RunEvent):
    item: RunItem = strawberry.field(description="The stored result.")


@strawberry.type(
    description="Retention compacted the run's token deltas from `fromSeq` to `toSeq` (this event's seq) into one "
    "text: replace whatever text you had for the run with `text`; the events after `toSeq` follow as usual."
)
class RunCompacted(RunEvent):
    from_seq: int = strawberry.field(description="The first seq the compacted range covered.")
    to_seq: int = strawberry.field(description="The last seq it covered (this event's own seq).")
    text: str = strawberry.field(description="The run's whole generated text.")
    usage: RunUsage = strawberry.field(description="The run's token counts and speed.")


@strawberry.type(description="A piece of a tool call's arguments as the model streams them.")
class ToolCallArgumentsDelta(RunEvent):
    call_id: str = strawberry.field(description="The call (its id on the assistant message's `toolCalls`).")
    name: str = strawberry.field(description="The tool called.")
    delta: str = strawberry.field(description="JSON text to append to the call's arguments so far.")


@strawberry.type(description="The agent loop started a tool call.")
class ToolCallStarted(RunEvent):
    call_id: str = strawberry.field(description="The call's id.")
    name: str = strawberry.field(description="The tool called.")
    input: JSON = strawberry.field(description="The arguments, as the model gave them.")
    message_id: strawberry.ID = strawberry.field(description="The assistant message carrying the call.")
    round: int = strawberry.field(description="Which model round (1, 2, ...) asked for it.")


@strawberry.type(description="A tool call finished; its output (or error) goes back to the model.")
class ToolCallFinished(RunEvent):
    call_id: str = strawberry.field(description="The call's id.")
    name: str = strawberry.field(description="The tool called.")
    output: str = strawberry.field(description="What the tool returned, or its error.")
    is_error: bool = strawberry.field(description="The call failed (invalid input, a failure, a timeout, a denial).")
    duration_ms: float = strawberry.field(description="How long it ran, in ms.")
    message_id: strawberry.ID = strawberry.field(description="The TOOL message holding the result.")


@strawberry.type(description="A tool call waits for the user: its approval, or the client's result.")
class ToolCallWaiting(RunEvent):
    call: PendingToolCall = strawberry.field(description="The call, what it waits for and until when.")


def _token(base: dict[str, Any], k: "kinds.TokenDelta") -> RunEvent:
    return TokenDelta(**base, text=k.text)


def _status(base: dict[str, Any], k: "kinds.StatusChanged") -> RunEvent:
    return RunStatusChanged(**base, status=RunStatus(k.status), error=k.error)


def _queue(base: dict[str, Any], k: "kinds.QueuePosition") -> RunEvent:
    return QueuePositionChanged(**base, position=k.position)


def _progress(base: dict[str, Any], k: "kinds.Progress") -> RunEvent:
    return RunProgress(**base, done=k.done, total=k.total, fraction=k.fraction, message=k.message)


def _run_usage(k: "kinds.UsageReported") -> RunUsage:
    return RunUsage(
        prompt_tokens=k.prompt_tokens,
        completion_tokens=k.completion_tokens,
        time_to_first_token_ms=k.ttft_ms,
        tokens_per_second=k.tokens_per_second,
    )


def _usage(base: dict[str, Any], k: "kinds.UsageReported") -> RunEvent:
    return RunUsageReported(**base, usage=_run_usage(k))


def _compacted(base: dict[str, Any], k: "kinds.RunCompacted") -> RunEvent:
    return RunCompacted(**base, from_seq=k.from_seq, to_seq=k.to_seq, text=k.text, usage=_run_usage(k.usage))


def _retry(base: dict[str, Any], k: "kinds.RetryScheduled") -> RunEvent:
    return RetryScheduled(**base, attempt=k.attempt, delay_seconds=k.delay_seconds, reason=k.reason)


def _fallback(base: dict[str, Any], k: "kinds.FallbackUsed") -> RunEvent:
    return FallbackUsed(**base, failed_model=k.failed_model, next_model=k.next_model, reason=k.reason)


def _citation(base: dict[str, Any], k: "kinds.CitationAdded") -> RunEvent:
    return CitationAdded(**base, citation=Citation.from_event(k.citation))


def _item(base: dict[str, Any], k: "kinds.ItemFinished") -> RunEvent:
    return RunItemFinished(**base, item=RunItem.from_event(k.item))


def _tool_args(base: dict[str, Any], k: "kinds.ToolCallArguments") -> RunEvent:
    return ToolCallArgumentsDelta(**base, call_id=k.call_id, name=k.name, delta=k.delta)


def _tool_call(base: dict[str, Any], k: "kinds.ToolCallStarted") -> RunEvent:
    message_id = strawberry.ID(to_global_id("Message", k.message_id))
    return ToolCallStarted(
        **base, call_id=k.call_id, name=k.name, input=cast(JSON, k.input), message_id=message_id, round=k.round
    )


def _tool_result(base: dict[str, Any], k: "kinds.ToolCallFinished") -> RunEvent:
    message_id = strawberry.ID(to_global_id("Message", k.message_id))
    return ToolCallFinished(
        **base,
        call_id=k.call_id,
        name=k.name,
        output=k.output,
        is_error=k.error,
        duration_ms=k.duration_ms,
        message_id=message_id,
    )


def _tool_wait(base: dict[str, Any], k: "kinds.ToolCallWaiting") -> RunEvent:
    call = PendingToolCall.of(
        {
            "id": k.call_id,
            "name": k.name,
            "input": k.input,
            "reason": k.reason,
            "messageId": k.message_id,
            "until": k.until,
        }
    )
    return ToolCallWaiting(**base, call=call)


# One converter per event kind (services.runs.event_kinds), keyed by the kind's TYPE.
CONVERTERS: dict[str, Callable[[dict[str, Any], Any], RunEvent]] = {
    "token": _token,
    "status": _status,
    "queue": _queue,
    "progress": _progress,
    "usage": _usage,
    "retry": _retry,
    "fallback": _fallback,
    "citation": _citation,
    "item": _item,
    "compacted": _compacted,
    "tool_args": _tool_args,
    "tool_call": _tool_call,
    "tool_result": _tool_result,
    "tool_wait": _tool_wait,
}


def run_event(event: "Event") -> RunEvent:
    """Converts a stored/live event (services.runs.events.Event) to its GraphQL type."""
    base: dict[str, Any] = {
        "seq": event.seq,
        "run_id": strawberry.ID(to_global_id("Run", event.run_id)),
        "at": event.created_at,
    }
    return CONVERTERS[event.kind.TYPE](base, event.kind)


RUN_EVENT_TYPES = [
    TokenDelta,
    RunStatusChanged,
    QueuePositionChanged,
    RunProgress,
    RunUsageReported,
    RetryScheduled,
    FallbackUsed,
    CitationAdded,
    RunItemFinished,
    RunCompacted,
    ToolCallArgumentsDelta,
    ToolCallStarted,
    ToolCallFinished,
    ToolCallWaiting,
]


@strawberry.type(description="A message was added to the conversation (user turn or a new reply).")
class MessageAdded:
    message: Message = strawberry.field(description="The new message.")


@strawberry.type(description="A run of the conversation produced an event.")
class ConversationRunEvent:
    event: RunEvent = strawberry.field(description="The run event.")


ConversationEvent = Annotated[
    MessageAdded | ConversationRunEvent,
    strawberry.union("ConversationEvent", description="What a chat screen needs to stay live."),
]


@strawberry.type(description="What sendMessage and regenerateMessage start.")
class ChatTurn:
    user_message: Message = strawberry.field(description="The user's message.")
    assistant_message: Message = strawberry.field(description="The reply being generated (STREAMING).")
    run: Run = strawberry.field(description="The CHAT run; follow it with `runEvents`.")
    conversation: Conversation = strawberry.field(description="The conversation (new when started from an agent).")


@strawberry.type(description="A model a provider offers.")
class ModelDetails:
    name: str = strawberry.field(description="'provider:model', usable as an agent's or message's model.")
    provider: str = strawberry.field(description="Provider name.")
    family: str | None = strawberry.field(description="Model family.")
    parameter_size: str | None = strawberry.field(description="Parameter count, e.g. '3B'.")
    quantization: str | None = strawberry.field(description="Quantization, e.g. 'Q4_K_M'.")
    context_length: int | None = strawberry.field(description="Context window in tokens.")
    size_bytes: float | None = strawberry.field(description="Size on disk.")
    capabilities: list[str] = strawberry.field(
        description="What the model can do, in its provider's words: 'completion', 'vision' (reads images), "
        "'documents' (reads PDFs whole), 'tools', ... (Ollama's /api/show list; every current Anthropic model "
        "reads images and PDFs; the embedded llama.cpp models are text-only)."
    )
    vision: bool = strawberry.field(description="Whether it can see images a message carries.")


@strawberry.type(description="Whether a provider is reachable.")
class ProviderStatus:
    name: str = strawberry.field(description="Provider name.")
    ok: bool = strawberry.field(description="Reachable and configured.")
    detail: str = strawberry.field(description="What was found, or what is wrong.")
