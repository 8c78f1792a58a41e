"""One event, many subscribers: execute and encode it once for all of them.

A run watched by a thousand subscribers used to execute its subscription document, and JSON-encode the result, a
thousand times per event. Live events now reach every subscriber of the process as one object (services.pubsub,
services.runs.events.live), and:

- `SharedPayloads` turns one such object into one GraphQL payload for all of its subscribers;
- `SharedEventExecutor` executes the subscription document on a shared payload once per distinct *share key* (the
  document, its operation, the variables the selection can see, and the actor) and hands later subscribers with
  the same key the same `ExecutionResult`. Results with errors are not shared: each subscriber gets its own, as
  before. Variables used only by the subscription field's own arguments (`runId`, `after`) are not in the key:
  they chose the stream, not the shape of its events;
- `encoded_data` JSON-encodes a shared result's `data` once for every socket that sends it.

All three are bounded identity memos (services.memo): a miss costs the work again, never a wrong answer.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

from graphql import ExecutionResult, FieldNode, Node, Visitor, visit
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from services import metrics
from services.memo import IdentityMemo

S = TypeVar("S")
P = TypeVar("P")

MEMO_SIZE = 1024  # events in flight across every run of the process; more only recomputes
EXECUTED = metrics.SUBSCRIPTION_EVENTS.labels("executed")
SHARED = metrics.SUBSCRIPTION_EVENTS.labels("shared")

_RESULTS: IdentityMemo[Any, dict[Hashable, ExecutionResult]] = IdentityMemo(MEMO_SIZE)
_ENCODED: IdentityMemo[Any, str] = IdentityMemo(MEMO_SIZE)
_SHAREABLE_DATA: IdentityMemo[Any, bool] = IdentityMemo(MEMO_SIZE)


class SharedPayloads(Generic[S, P]):
    """`build(source)` once per source object; the payload is marked for `SharedEventExecutor`."""

    def __init__(self, build: Callable[[S], P]) -> None:
        self._build = build
        self._memo: IdentityMemo[S, P] = IdentityMemo(MEMO_SIZE)

    def __call__(self, source: S) -> P:
        return self._memo.get(source, self._make)

    def _make(self, source: S) -> P:
        payload = self._build(source)
        _RESULTS.put(payload, {})
        return payload


class SharedEventExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, with each shared payload executed once per share key (see the module)."""

    _share_key: Hashable | None = None
    _share_key_known = False

    def build_per_event_executor(self, payload: Any) -> Any:
        results = _RESULTS.peek(payload)
        key = self._key() if results is not None else None
        if results is None or key is None:
            return super().build_per_event_executor(payload)
        result = results.get(key)
        if result is not None:
            SHARED.inc()
            return _Replay(result)
        EXECUTED.inc()
        return _Recording(super().build_per_event_executor(payload), results, key)

    def _key(self) -> Hashable | None:
        if not self._share_key_known:
            self._share_key, self._share_key_known = self._compute_key(), True
        return self._share_key

    def _compute_key(self) -> Hashable | None:
        operation = self.operation
        if operation.loc is None:
            return None
        names = _selection_variables(operation.selection_set.selections, self.fragment_definitions.values())
        coerced = self.variable_values.coerced
        try:
            variables = json.dumps({name: coerced.get(name) for name in sorted(names)}, sort_keys=True, default=str)
        except (TypeError, ValueError):
            return None
        actor = getattr(self.context_value, "actor", None)
        who = None if actor is None else (actor.id, actor.role)
        name = operation.name.value if operation.name else None
        return (operation.loc.source.body, name, variables, who)


class _Replay:
    """A per-event executor whose work is already done."""

    def __init__(self, result: ExecutionResult) -> None:
        self._result = result

    def execute_operation(self, serially: bool | None = None) -> ExecutionResult:
        return self._result


class _Recording:
    """Runs the real per-event executor once and keeps its result for the subscribers after it."""

    def __init__(self, executor: Any, results: dict[Hashable, ExecutionResult], key: Hashable) -> None:
        self._executor, self._results, self._key = executor, results, key

    def execute_operation(self, serially: bool | None = None) -> Any:
        result = self._executor.execute_operation(serially)
        if self._executor.is_awaitable(result):
            return self._keep_when_done(result)
        self._keep(result)
        return result

    async def _keep_when_done(self, pending: Awaitable[Any]) -> Any:
        result = await pending
        self._keep(result)
        return result

    def _keep(self, result: Any) -> None:
        if isinstance(result, ExecutionResult) and not result.errors and not result.extensions:
            self._results.setdefault(self._key, result)
            if result.data is not None:
                _SHAREABLE_DATA.put(result.data, True)


def encoded_data(data: Any, encode: Callable[[Any], str]) -> str | None:
    """`encode(data)` computed once for a shared result's data; None for data no shared result holds."""
    if _SHAREABLE_DATA.peek(data) is None:
        return None
    return _ENCODED.get(data, encode)


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_variable(self, node: Any, *_: Any) -> None:
        self.names.add(node.name.value)


def _selection_variables(selections: Any, fragments: Any) -> set[str]:
    """The variables an event's result can depend on: all of them but those used only in the root fields'
    arguments (which select the event stream itself)."""
    visitor = _Variables()
    nodes: list[Node] = []
    for selection in selections:
        if isinstance(selection, FieldNode):
            nodes.extend(selection.directives or ())
            if selection.selection_set is not None:
                nodes.append(selection.selection_set)
        else:
            nodes.append(selection)
    nodes.extend(fragments)
    for node in nodes:
        visit(node, visitor)
    return visitor.names


def encode_json(message: Any, dumps: Callable[[Any], str]) -> str:
    """`dumps(message)` for a transport message, with a shared result's data encoded once for every subscriber:
    `{"data": ...}` (an SSE or multipart part) and `{"id", "type", "payload": {"data": ...}}` (a WebSocket
    `next`) and `{"payload": {"data": ...}}` (a multipart subscription part) are assembled around it, byte for
    byte what `dumps` would write."""
    if type(message) is dict:
        if len(message) == 1 and "data" in message:
            shared = encoded_data(message["data"], dumps)
            if shared is not None:
                return f'{{"data":{shared}}}'
        elif len(message) == 1 and type(message.get("payload")) is dict and message["payload"].keys() == {"data"}:
            shared = encoded_data(message["payload"]["data"], dumps)
            if shared is not None:
                return f'{{"payload":{{"data":{shared}}}}}'
        elif len(message) == 3 and message.get("type") in ("next", "data") and "id" in message:
            payload = message.get("payload")
            if type(payload) is dict and len(payload) == 1 and "data" in payload:
                shared = encoded_data(payload["data"], dumps)
                if shared is not None:
                    head = dumps({"id": message["id"], "type": message["type"]})
                    return f'{head[:-1]},"payload":{{"data":{shared}}}}}'
    return dumps(message)
