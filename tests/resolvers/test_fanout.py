"""One live event, many subscribers: executed once per document and actor, encoded once (resolvers.fanout).

The unit half drives a small Strawberry schema with the same executor and counts resolver calls; the end-to-end half
watches a real run from several WebSockets and counts executions with the Prometheus counter."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import strawberry
from strawberry.types import Info

from resolvers import fanout
from resolvers.fanout import SharedEventExecutor, SharedPayloads
from services import metrics
from services.auth import Actor
from services.memo import IdentityMemo
from services.runs import events
from tests.conftest import GQL, REDIS_URL
from tests.fakes.script import Script
from tests.gqlws import graphql_ws
from tests.http_streams import MULTIPART_ACCEPT, SSE_ACCEPT, frames
from tests.resolvers.test_runs import EVENTS, agent_id, send

CALLS: list[int] = []  # the `n` of every Tick.doubled resolver call


@strawberry.type
class Tick:
    n: int

    @strawberry.field
    def doubled(self, info: Info) -> int:
        CALLS.append(self.n)
        if self.n < 0:
            raise ValueError("negative")
        return self.n * 2


@dataclass(frozen=True)
class Source:
    n: int


shared_tick = SharedPayloads(lambda source: Tick(n=source.n))
SOURCES: list[Source] = []


@strawberry.type
class Query:
    ok: bool = True


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def ticks(self, stream: str, info: Info) -> AsyncGenerator[Tick, None]:
        for source in SOURCES:
            yield shared_tick(source)


SCHEMA = strawberry.Schema(query=Query, subscription=Subscription, execution_context_class=SharedEventExecutor)


@dataclass
class Ctx:
    actor: Actor | None


ALICE = Actor(id="a", username="alice", role="user")
BOB = Actor(id="b", username="bob", role="user")


async def results(query: str, actor: Actor | None, variables: dict[str, Any] | None = None) -> list[Any]:
    stream = await SCHEMA.subscribe(query, variable_values=variables, context_value=Ctx(actor))
    return [(result.data, [e.message for e in result.errors or []]) async for result in stream]


DOC = "subscription($s: String!) { ticks(stream: $s) { n doubled } }"


async def test_subscribers_of_one_document_share_each_events_execution() -> None:
    SOURCES[:] = [Source(1), Source(2), Source(3)]
    CALLS.clear()
    # Variables that only choose the stream (`$s` is the root field's argument) do not split the sharing.
    runs = await asyncio.gather(*(results(DOC, ALICE, {"s": f"x{i}"}) for i in range(5)))
    assert all(run == [({"ticks": {"n": n, "doubled": 2 * n}}, []) for n in (1, 2, 3)] for run in runs)
    assert CALLS == [1, 2, 3]  # once per event, not five times


async def test_actors_documents_and_selection_variables_split_the_sharing() -> None:
    SOURCES[:] = [Source(4)]
    CALLS.clear()
    await results(DOC, ALICE, {"s": "x"})
    await results(DOC, ALICE, {"s": "y"})
    await results(DOC, BOB, {"s": "x"})  # another user: executed for them
    await results(DOC, None, {"s": "x"})
    await results('subscription { ticks(stream: "x") { doubled } }', ALICE)  # another document
    include = 'subscription($i: Boolean!) { ticks(stream: "x") { n doubled @include(if: $i) } }'
    await results(include, ALICE, {"i": True})
    await results(include, ALICE, {"i": True})
    skipped = await results(include, ALICE, {"i": False})  # a variable the selection reads is part of the key
    assert skipped == [({"ticks": {"n": 4}}, [])]
    assert CALLS == [4, 4, 4, 4, 4]


async def test_results_with_errors_are_not_shared() -> None:
    SOURCES[:] = [Source(-1), Source(5)]
    CALLS.clear()
    first, second = await results(DOC, ALICE, {"s": "x"}), await results(DOC, ALICE, {"s": "x"})
    assert first == second
    assert first[0] == (None, ["negative"])
    assert CALLS == [-1, 5, -1]  # the failing event was executed again for the second subscriber; 5 was shared


async def test_payloads_that_are_not_shared_execute_as_before() -> None:
    @strawberry.type
    class PlainSubscription:
        @strawberry.subscription
        async def ticks(self, stream: str) -> AsyncGenerator[Tick, None]:
            yield Tick(n=7)

    schema = strawberry.Schema(query=Query, subscription=PlainSubscription, execution_context_class=SharedEventExecutor)
    CALLS.clear()
    for _ in range(2):
        stream = await schema.subscribe(DOC, variable_values={"s": "x"}, context_value=Ctx(ALICE))
        assert [r.data async for r in stream] == [{"ticks": {"n": 7, "doubled": 14}}]
    assert CALLS == [7, 7]


def test_encode_json_writes_what_json_dumps_writes() -> None:
    def dumps(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"))

    data = {"runEvents": {"seq": 3, "text": 'quote " and \u00e9'}}
    fanout._SHAREABLE_DATA.put(data, True)
    for message in (
        {"id": 'op-"1"', "type": "next", "payload": {"data": data}},
        {"id": "7", "type": "data", "payload": {"data": data}},
        {"data": data},
        {"payload": {"data": data}},
    ):
        assert fanout.encode_json(message, dumps) == dumps(message)
    # Not shared data, or a message with more than data: encoded as it is.
    other = {"x": 1}
    assert fanout.encode_json({"data": other}, dumps) == dumps({"data": other})
    with_errors = {"id": "1", "type": "next", "payload": {"data": data, "errors": [{"message": "m"}]}}
    assert fanout.encode_json(with_errors, dumps) == dumps(with_errors)


def test_identity_memo_is_bounded_and_never_confuses_objects() -> None:
    memo: IdentityMemo[object, int] = IdentityMemo(2)
    a, b, c = object(), object(), object()
    calls: list[object] = []

    def compute(key: object) -> int:
        calls.append(key)
        return len(calls)

    assert memo.get(a, compute) == 1 and memo.get(a, compute) == 1
    assert memo.get(b, compute) == 2 and memo.get(c, compute) == 3
    assert len(memo) == 2 and memo.peek(a) is None  # the oldest left
    assert memo.get(a, compute) == 4
    with pytest.raises(ValueError):
        IdentityMemo(0)


FIELDS_ONLY = "subscription($id: ID!) { runEvents(runId: $id) { seq ... on TokenDelta { text } } }"


def _count(execution: str) -> float:
    return (
        metrics.REGISTRY.get_sample_value("switchboard_subscription_event_results_total", {"execution": execution})
        or 0.0
    )


@pytest.mark.parametrize("live", ["memory://", REDIS_URL], indirect=True)
async def test_a_run_watched_from_many_sockets_executes_each_event_once_per_document(
    live: str, client: GQL, script: Script, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Followers look in the database after a quiet second; here every event must come live (shared), so none may.
    monkeypatch.setattr(events, "POLL_SECONDS", 60.0)
    script.hold = True
    script.tokens = [f"t{i} " for i in range(12)]
    script.tokens_per_second = 200
    turn = await send(client, agentId=await agent_id(client), text="hi")
    run_id = turn["run"]["id"]
    # Three WebSockets, an SSE stream and a multipart stream; four with one document, one with another.
    watchers = [("ws", EVENTS), ("ws", EVENTS), ("sse", EVENTS), ("multipart", EVENTS), ("ws", FIELDS_ONLY)]
    first_seen = [asyncio.Event() for _ in watchers]

    async def watch(index: int) -> list[dict[str, Any]]:
        transport, document = watchers[index]
        got: list[dict[str, Any]] = []
        if transport == "ws":
            async with graphql_ws(live) as ws:
                async for payload in ws.subscribe(document, {"id": run_id}):
                    got.append(payload["data"]["runEvents"])
                    first_seen[index].set()
            return got
        accept = SSE_ACCEPT if transport == "sse" else MULTIPART_ACCEPT
        body = {"query": document, "variables": {"id": run_id}}
        async with (
            httpx.AsyncClient(base_url=live, timeout=30) as http,
            http.stream("POST", "/graphql", json=body, headers={"accept": accept}) as response,
        ):
            async for frame in frames(response):
                if frame.kind == "next":
                    assert frame.payload is not None
                    got.append(frame.payload["data"]["runEvents"])
                    first_seen[index].set()
        return got

    encoded: list[Any] = []
    looked_up: list[Any] = []

    class CountingMemo(IdentityMemo[Any, str]):
        def get(self, key: Any, compute: Callable[[Any], str]) -> str:
            looked_up.append(key)
            return super().get(key, lambda data: encoded.append(data) or compute(data))

    monkeypatch.setattr(fanout, "_ENCODED", CountingMemo(fanout.MEMO_SIZE))
    executed, shared = _count("executed"), _count("shared")
    tasks = [asyncio.create_task(watch(i)) for i in range(len(watchers))]
    for seen in first_seen:
        await asyncio.wait_for(seen.wait(), 10)
    # Replayed events are read from the log by each subscriber alone; the rest come live.
    backlog = (await client("query($id: ID!) { run(id: $id) { lastSeq } }", {"id": run_id}))["run"]["lastSeq"]
    script.release()
    received = await asyncio.wait_for(asyncio.gather(*tasks), 30)

    full, *same, narrow = received
    assert all(other == full for other in same)
    assert [e["seq"] for e in full] == list(range(1, len(full) + 1))
    assert "".join(e.get("text", "") for e in full) == "".join(script.tokens)
    assert full[-1]["status"] == "SUCCEEDED"
    assert narrow == [{k: v for k, v in e.items() if k in ("seq", "text")} for e in full]
    # Each live event was executed once per document, over every transport, and shared by the other three
    # subscribers of EVENTS.
    live_events = len(full) - backlog
    assert live_events >= 2  # at least a TokenDelta and the final status
    assert _count("executed") - executed == 2 * live_events
    assert _count("shared") - shared == 3 * live_events
    # Every stream (WebSocket, SSE, multipart) took its JSON from the shared encoding: made once per document.
    assert len(looked_up) == 5 * live_events
    assert len(encoded) == 2 * live_events
