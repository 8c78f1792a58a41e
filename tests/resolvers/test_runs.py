"""CHAT runs end to end over a real WebSocket: streaming, resume, queue order, cancel, retries, failures.

The provider is the official `ollama` client talking to the wire-faithful fake in tests/fakes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.conftest import GQL, REDIS_URL
from tests.fakes.script import Failure, Script
from tests.gqlws import graphql_ws

SEND = """mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  __typename
  ... on ChatTurn { userMessage { id content } assistantMessage { id status } run { id status kind priority queuePosition } conversation { id } }
  ... on Error { message code } } }"""
EVENTS = """subscription($id: ID!, $after: Int) { runEvents(runId: $id, after: $after) {
  __typename seq
  ... on TokenDelta { text }
  ... on RunStatusChanged { status error }
  ... on QueuePositionChanged { position }
  ... on RunUsageReported { usage { promptTokens completionTokens timeToFirstTokenMs tokensPerSecond } }
  ... on RetryScheduled { attempt delaySeconds reason } } }"""
RUN = "query($id: ID!) { run(id: $id) { status error queuePosition usage { promptTokens completionTokens } message { content status } } }"


async def agent_id(gql: GQL, model: str = "ollama:test-model") -> str:
    data = await gql(
        'mutation($m: String!) { createAgent(input: {name: "Bot", model: $m, systemPrompt: "Be brief."}) { ... on Agent { id } } }',
        {"m": model},
    )
    return str(data["createAgent"]["id"])


async def send(gql: GQL, **input_: Any) -> dict[str, Any]:
    data = (await gql(SEND, {"input": input_}))["sendMessage"]
    assert data["__typename"] == "ChatTurn", data
    return data


async def collect(base: str, run_id: str, after: int = 0) -> list[dict[str, Any]]:
    async with graphql_ws(base) as ws:
        return [payload["data"]["runEvents"] async for payload in ws.subscribe(EVENTS, {"id": run_id, "after": after})]


async def test_chat_streams_tokens_over_websocket(live: str, client: GQL, script: Script) -> None:
    turn = await send(client, agentId=await agent_id(client), text="What is the answer?")
    assert turn["userMessage"]["content"] == "What is the answer?"
    assert turn["assistantMessage"]["status"] == "STREAMING"
    assert turn["run"]["kind"] == "CHAT"
    events = await collect(live, turn["run"]["id"])

    seqs = [e["seq"] for e in events]
    assert seqs == list(range(1, len(seqs) + 1))  # ordered, no gap, no duplicate
    text = "".join(e["text"] for e in events if e["__typename"] == "TokenDelta")
    assert text == "The answer is 42."
    assert events[-1] == {"__typename": "RunStatusChanged", "seq": seqs[-1], "status": "SUCCEEDED", "error": None}
    usage = next(e["usage"] for e in events if e["__typename"] == "RunUsageReported")
    assert usage["promptTokens"] == script.prompt_tokens and usage["completionTokens"] == 5
    assert usage["timeToFirstTokenMs"] > 0

    run = (await client(RUN, {"id": turn["run"]["id"]}))["run"]
    assert run["status"] == "SUCCEEDED" and run["message"] == {"content": text, "status": "COMPLETE"}
    # The provider got the system prompt and the user's message through the official client.
    body = script.chat_requests[-1].body
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "What is the answer?"},
    ]


@pytest.mark.parametrize("live", ["memory://", REDIS_URL], indirect=True)
async def test_resume_and_two_subscribers(live: str, client: GQL, script: Script) -> None:
    script.tokens_per_second = 50
    turn = await send(client, agentId=await agent_id(client), text="hi")
    # Two live subscribers on one run, plus one that joins late: all see the same complete log.
    first, second = await asyncio.gather(collect(live, turn["run"]["id"]), collect(live, turn["run"]["id"]))
    assert first == second
    assert [e["seq"] for e in first] == list(range(1, len(first) + 1))
    assert first[-1]["status"] == "SUCCEEDED"
    for cut in (0, 1, len(first) // 2, len(first) - 1, len(first)):
        assert await collect(live, turn["run"]["id"], after=cut) == first[cut:]

    # Resume in the middle of a live run: disconnect after 3 events, reconnect with the last seq.
    script.tokens = [f"w{i} " for i in range(30)]
    turn = await send(client, agentId=await agent_id(client), text="again")
    head: list[dict[str, Any]] = []
    async with graphql_ws(live) as ws:
        async for payload in ws.subscribe(EVENTS, {"id": turn["run"]["id"]}):
            head.append(payload["data"]["runEvents"])
            if len(head) == 3:
                break
    tail = await collect(live, turn["run"]["id"], after=head[-1]["seq"])
    events = head + tail
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert "".join(e["text"] for e in events if e["__typename"] == "TokenDelta") == "".join(script.tokens)


async def test_second_turn_sends_history(live: str, client: GQL, script: Script) -> None:
    first = await send(client, agentId=await agent_id(client), text="one")
    await collect(live, first["run"]["id"])
    second = await send(client, conversationId=first["conversation"]["id"], text="two")
    await collect(live, second["run"]["id"])
    roles = [(m["role"], m["content"]) for m in script.chat_requests[-1].body["messages"]]
    assert roles == [("system", "Be brief."), ("user", "one"), ("assistant", "The answer is 42."), ("user", "two")]


async def test_queue_runs_by_priority_then_fifo(live: str, client: GQL, script: Script) -> None:
    script.tokens = ["x"] * 400
    script.tokens_per_second = 40  # the first run holds the only slot until we cancel it
    agent = await agent_id(client)
    first = await send(client, agentId=agent, text="first")
    for _ in range(100):  # until it is running
        if (await client(RUN, {"id": first["run"]["id"]}))["run"]["status"] == "RUNNING":
            break
        await asyncio.sleep(0.05)
    later = [await send(client, agentId=agent, text=f"p{p}-{i}", priority=p) for i, p in enumerate((5, 9, 1, 5))]
    positions = [(await client(RUN, {"id": t["run"]["id"]}))["run"]["queuePosition"] for t in later]
    assert positions == [2, 4, 1, 3]
    script.tokens = ["y"]
    await client("mutation($id: ID!) { cancelRun(id: $id) { __typename } }", {"id": first["run"]["id"]})
    for turn in [first, *later]:
        await collect(live, turn["run"]["id"])
    order = [r.body["messages"][-1]["content"] for r in script.chat_requests]
    assert order == ["first", "p1-2", "p5-0", "p5-3", "p9-1"]
    # The lowest-priority run saw itself move up the queue.
    moves = [
        e["position"] for e in await collect(live, later[1]["run"]["id"]) if e["__typename"] == "QueuePositionChanged"
    ]
    assert moves == [2, 3, 4, 3, 2, 1]  # pushed back by higher priorities, then up as runs start


async def test_cancel_queued_and_running(live: str, client: GQL, script: Script) -> None:
    script.tokens = [f"t{i} " for i in range(200)]
    script.tokens_per_second = 50
    agent = await agent_id(client)
    running = await send(client, agentId=agent, text="long")
    queued = await send(client, agentId=agent, text="waiting")
    cancel = "mutation($id: ID!) { cancelRun(id: $id) { __typename ... on Run { status } ... on RunFinishedError { status code } } }"

    assert (await client(cancel, {"id": queued["run"]["id"]}))["cancelRun"] == {
        "__typename": "Run",
        "status": "CANCELLED",
    }
    async with graphql_ws(live) as ws:  # wait for a few tokens, then cancel mid-stream
        seen = 0
        async for payload in ws.subscribe(EVENTS, {"id": running["run"]["id"]}):
            if payload["data"]["runEvents"]["__typename"] == "TokenDelta":
                seen += 1
                if seen == 3:
                    await client(cancel, {"id": running["run"]["id"]})
            last = payload["data"]["runEvents"]
    assert last["__typename"] == "RunStatusChanged" and last["status"] == "CANCELLED"
    await script.wait_for_disconnect()  # the provider saw the HTTP stream close
    assert script.tokens_sent < 200

    run = (await client(RUN, {"id": running["run"]["id"]}))["run"]
    assert run["status"] == "CANCELLED" and run["message"]["status"] == "CANCELLED"
    assert run["message"]["content"].startswith("t0 t1 t2")  # partial output kept
    assert run["usage"]["completionTokens"] >= 3
    assert len(script.chat_requests) == 1  # the queued one never reached the provider
    again = (await client(cancel, {"id": running["run"]["id"]}))["cancelRun"]
    assert again == {"__typename": "RunFinishedError", "status": "CANCELLED", "code": "RUN_FINISHED"}


async def test_transient_errors_are_retried_permanent_ones_fail_at_once(live: str, client: GQL, script: Script) -> None:
    agent = await agent_id(client)
    script.failures = [Failure(429, retry_after=0.05), Failure(503)]
    turn = await send(client, agentId=agent, text="retry me")
    events = await collect(live, turn["run"]["id"])
    retries = [e for e in events if e["__typename"] == "RetryScheduled"]
    assert [r["attempt"] for r in retries] == [
        1,
        2,
    ]  # (the ollama client exposes no Retry-After; see test_providers_http)
    assert "429" in retries[0]["reason"] or "rate" in retries[0]["reason"].lower()
    assert events[-1]["status"] == "SUCCEEDED"

    script.failures = [Failure(401, message="unauthorized")]
    requests_before = len(script.chat_requests)
    turn = await send(client, agentId=agent, text="no")
    events = await collect(live, turn["run"]["id"])
    assert events[-1]["status"] == "FAILED" and events[-1]["error"]
    assert len(script.chat_requests) == requests_before + 1  # not retried
    unknown = await send(client, agentId=agent, text="x", model="ollama:no-such-model")
    events = await collect(live, unknown["run"]["id"])
    assert events[-1]["status"] == "FAILED" and "no-such-model" in events[-1]["error"]


async def test_stream_breaking_midway_fails_and_keeps_partial_text(live: str, client: GQL, script: Script) -> None:
    script.break_after = 2
    turn = await send(client, agentId=await agent_id(client), text="break")
    events = await collect(live, turn["run"]["id"])
    assert events[-1]["status"] == "FAILED"
    assert not [e for e in events if e["__typename"] == "RetryScheduled"]  # never after a token
    run = (await client(RUN, {"id": turn["run"]["id"]}))["run"]
    assert run["message"] == {"content": "The answer", "status": "FAILED"}


async def test_bad_chat_input(client: GQL) -> None:
    agent = await agent_id(client)
    for input_, field in (
        ({"agentId": agent, "text": ""}, "text"),
        ({"agentId": agent, "text": "x", "priority": 0}, "priority"),
        ({"text": "x"}, "conversationId"),
        ({"agentId": agent, "text": "x", "model": "nonsense"}, "model"),
    ):
        result = (
            await client(
                "mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename ... on ValidationError { field } } }",
                {"input": input_},
            )
        )["sendMessage"]
        assert result == {"__typename": "ValidationError", "field": field}, input_
    assert (await client("{ conversations { totalCount } }"))["conversations"]["totalCount"] == 0


async def test_a_run_with_a_free_slot_starts_in_the_request_that_creates_it(
    live: str, client: GQL, script: Script
) -> None:
    script.tokens, script.tokens_per_second = [f"t{i} " for i in range(10)], 20  # half a second: the slot stays taken
    agent = await agent_id(client)
    first = await send(client, agentId=agent, text="one")
    assert (first["run"]["status"], first["run"]["queuePosition"]) == ("RUNNING", None)
    second = await send(client, agentId=agent, text="two")  # ollama's one slot is taken: this one waits
    assert (second["run"]["status"], second["run"]["queuePosition"]) == ("QUEUED", 1)

    started_at_once = await collect(live, first["run"]["id"])
    assert started_at_once[0] == {"__typename": "RunStatusChanged", "seq": 1, "status": "RUNNING", "error": None}
    assert started_at_once[-1]["status"] == "SUCCEEDED"
    dispatched = await collect(live, second["run"]["id"])
    assert [e["__typename"] for e in dispatched[:2]] == ["QueuePositionChanged", "RunStatusChanged"]
    assert dispatched[-1]["status"] == "SUCCEEDED"
