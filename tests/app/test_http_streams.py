"""Subscriptions over plain HTTP, under a real uvicorn: GraphQL over SSE (graphql-sse, distinct connections) and
Apollo's multipart subscriptions carry the same events as graphql-transport-ws, with the same `after` resume and
the same authentication, keep idle streams alive, and release the pub/sub subscription when the client goes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from app import create_app
from schema.ids import decode_id
from tests.app.test_hostile_input import LIMIT_CASES
from tests.conftest import GQL, MULTI_SECRET, REDIS_URL, chat_settings, register
from tests.fakes.script import Script
from tests.fakes.server import serve
from tests.gqlws import graphql_ws
from tests.http_streams import MULTIPART_ACCEPT, SSE_ACCEPT, Frame, frames, payloads, subscribe
from tests.resolvers.test_runs import EVENTS, agent_id, send

STREAMS = pytest.mark.parametrize("accept", [SSE_ACCEPT, MULTIPART_ACCEPT], ids=["sse", "multipart"])
CANCEL = "mutation($id: ID!) { cancelRun(id: $id) { __typename } }"


@pytest.fixture
def served_app(request: pytest.FixtureRequest, make_settings: Any, ollama_host: str) -> Iterator[tuple[Starlette, str]]:
    overrides = getattr(request, "param", {})
    app = create_app(chat_settings(make_settings, ollama_host, stream_heartbeat_seconds=0.05, **overrides))
    with serve(app, lifespan="on") as base:
        yield app, base


@pytest.fixture
async def http(served_app: tuple[Starlette, str]) -> AsyncIterator[GQL]:
    async with httpx.AsyncClient(base_url=served_app[1], timeout=30) as client:
        yield GQL(client)


async def ws_events(base: str, run_id: str, after: int = 0, token: str | None = None) -> list[dict[str, Any]]:
    async with graphql_ws(base, token) as ws:
        return [p["data"]["runEvents"] async for p in ws.subscribe(EVENTS, {"id": run_id, "after": after})]


@STREAMS
async def test_a_run_streams_every_event_once_in_order_and_resumes_after_a_seq(
    served_app: tuple[Starlette, str], http: GQL, script: Script, accept: str
) -> None:
    turn = await send(http, agentId=await agent_id(http), text="What is the answer?")
    run_id = turn["run"]["id"]
    streamed = [p["data"]["runEvents"] for p in payloads(await subscribe(http.client, accept, EVENTS, {"id": run_id}))]
    assert [e["seq"] for e in streamed] == list(range(1, len(streamed) + 1))
    assert "".join(e["text"] for e in streamed if e["__typename"] == "TokenDelta") == "The answer is 42."
    assert streamed[-1]["status"] == "SUCCEEDED"
    assert streamed == await ws_events(served_app[1], run_id)  # the same events as over the WebSocket
    for cut in (1, len(streamed) // 2, len(streamed)):
        resumed = await subscribe(http.client, accept, EVENTS, {"id": run_id, "after": cut})
        assert [p["data"]["runEvents"] for p in payloads(resumed)] == streamed[cut:]


@pytest.mark.parametrize("served_app", [{}, {"pubsub_url": REDIS_URL}], indirect=True, ids=["memory", "redis"])
@STREAMS
async def test_an_idle_stream_gets_heartbeats_and_a_closed_one_releases_its_subscription(
    served_app: tuple[Starlette, str], http: GQL, script: Script, accept: str
) -> None:
    app, _ = served_app
    script.tokens, script.tokens_per_second = ["x"] * 1000, 20  # the first run holds the only slot
    agent = await agent_id(http)
    first = (await send(http, agentId=agent, text="one"))["run"]["id"]
    waiting = (await send(http, agentId=agent, text="two"))["run"]["id"]  # queued behind it: a quiet stream
    active = app.state.services.pubsub.active
    channel = f"run:{decode_id(waiting, 'Run')}"
    seen: list[Frame] = []
    body = {"query": EVENTS, "variables": {"id": waiting}}
    async with http.client.stream("POST", "/graphql", json=body, headers={"accept": accept}) as response:
        async for frame in frames(response):
            seen.append(frame)
            if [f.kind for f in seen if f.kind == "heartbeat"] == ["heartbeat"] * 3 and any(
                f.kind == "next" for f in seen
            ):
                break
        assert active[channel] == 1
    # The client went away: the server closes the subscription's generators down to the pub/sub subscription,
    # and broadcaster's own subscription behind it.
    subscribers = app.state.services.pubsub._broadcast._subscribers
    deadline = time.monotonic() + 10
    while active.get(channel) or subscribers.get(channel):
        assert time.monotonic() < deadline, (dict(active), subscribers)
        await asyncio.sleep(0.01)
    assert channel not in active and channel not in subscribers
    queued = next(f.payload for f in seen if f.kind == "next")
    assert queued is not None and queued["data"]["runEvents"]["__typename"] == "QueuePositionChanged"
    for run_id in (waiting, first):
        await http(CANCEL, {"id": run_id})


@pytest.mark.parametrize("served_app", [{"auth_mode": "multi", "secret_key": MULTI_SECRET}], indirect=True)
@STREAMS
async def test_streams_authenticate_like_http(served_app: tuple[Starlette, str], http: GQL, accept: str) -> None:
    alice = await register(http, "alice")
    run_id = (await send(alice, agentId=await agent_id(alice), text="hi"))["run"]["id"]
    as_alice = payloads(
        await subscribe(http.client, accept, EVENTS, {"id": run_id}, authorization=f"Bearer {alice.token}")
    )
    assert as_alice[-1]["data"]["runEvents"]["status"] == "SUCCEEDED"
    key = (await alice('mutation { createApiKey(name: "sse") { ... on ApiKeyCreated { secret } } }'))["createApiKey"]
    by_key = await subscribe(http.client, accept, EVENTS, {"id": run_id}, **{"x-api-key": key["secret"]})
    assert payloads(by_key) == as_alice
    anonymous = payloads(await subscribe(http.client, accept, EVENTS, {"id": run_id}))
    assert [e["extensions"]["code"] for p in anonymous for e in p["errors"]] == ["UNAUTHENTICATED"]
    bob = await register(http, "bob")
    as_bob = payloads(await subscribe(http.client, accept, EVENTS, {"id": run_id}, authorization=f"Bearer {bob.token}"))
    assert [e["extensions"]["code"] for p in as_bob for e in p["errors"]] == ["NOT_FOUND"]


# ----------------------------------------------------------------- refusals before execution, on every transport
# In-process (httpx's ASGI transport reads a finite stream whole): each refusal is one `next` with the error.
def _refusal(collected: list[Frame]) -> dict[str, Any]:
    (payload,) = payloads(collected)
    assert set(payload) == {"errors"}, payload  # refused before execution: no `data`
    (error,) = payload["errors"]
    return dict(error)


@STREAMS
@pytest.mark.parametrize(("document", "limit"), LIMIT_CASES, ids=[limit for _, limit in LIMIT_CASES])
async def test_every_document_limit_applies_to_streams(gql: GQL, accept: str, document: str, limit: str) -> None:
    error = _refusal(await subscribe(gql.client, accept, document))  # the streams run queries too
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX", error
    assert error["extensions"]["limit"] == limit


@STREAMS
async def test_parse_and_validation_errors_are_coded_on_streams(gql: GQL, accept: str) -> None:
    assert (
        _refusal(await subscribe(gql.client, accept, "subscription {"))["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    )
    unknown = _refusal(await subscribe(gql.client, accept, "subscription { nope }"))
    assert unknown["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


BAD_VARIABLE = "subscription($id: ID!, $after: Int) { runEvents(runId: $id, after: $after) { seq } }"


async def test_an_invalid_variable_is_bad_user_input_on_every_transport(make_settings: Any) -> None:
    variables = {"id": "UnVuOjE=", "after": "seven"}
    expected = "Variable '$after' has invalid value: Int cannot represent non-integer value: 'seven'"
    query = "query($n: Int) { runs(first: $n) { totalCount } }"
    app = create_app(make_settings())
    with serve(app, lifespan="on") as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            for accept in (SSE_ACCEPT, MULTIPART_ACCEPT):
                error = _refusal(await subscribe(client, accept, BAD_VARIABLE, variables))
                assert (error["message"], error["extensions"]["code"]) == (expected, "BAD_USER_INPUT")
            for accept, status in (("application/json", 200), ("application/graphql-response+json", 400)):
                response = await client.post(
                    "/graphql", json={"query": query, "variables": {"n": "x"}}, headers={"accept": accept}
                )
                assert response.status_code == status
                assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["BAD_USER_INPUT"]
        async with graphql_ws(base) as ws:
            with pytest.raises(RuntimeError, match="BAD_USER_INPUT"):
                async for _ in ws.subscribe(BAD_VARIABLE, variables):
                    pass


async def test_a_subscription_in_a_plain_json_post_is_a_400_not_a_crash(gql: GQL) -> None:
    for accept in ("application/json", "application/graphql-response+json", None):
        headers = {"accept": accept} if accept else {}
        response = await gql.client.post("/graphql", json={"query": BAD_VARIABLE}, headers=headers)
        assert response.status_code == 400, response.text
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "STREAMING_TRANSPORT_REQUIRED"
        assert "text/event-stream" in error["message"] and "graphql-transport-ws" in error["message"]


async def test_a_subscription_streams_when_the_client_lists_a_stream_after_json(gql: GQL) -> None:
    accept = "application/graphql-response+json, application/json, text/event-stream, multipart/mixed"
    collected = await subscribe(gql.client, accept, 'subscription { contentStatus(id: "Q29udGVudDox") { done } }')
    (error,) = payloads(collected)[0]["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"  # it ran, as a subscription, over SSE


async def test_queries_and_mutations_run_over_the_streams_too(gql: GQL) -> None:
    for accept in (SSE_ACCEPT, MULTIPART_ACCEPT):
        assert payloads(await subscribe(gql.client, accept, "{ ok }")) == [{"data": {"ok": True}}]


async def test_sse_lines_end_with_lf(gql: GQL) -> None:
    """The SSE spec allows CRLF or LF; urql's parser splits events only at a blank LF line."""
    response = await gql.client.post("/graphql", json={"query": "{ ok }"}, headers={"accept": SSE_ACCEPT})
    assert response.headers["content-type"] == "text/event-stream"
    assert response.text == 'event: next\ndata: {"data":{"ok":true}}\n\nevent: complete\ndata: \n\n'


async def test_sse_over_get_for_event_source(gql: GQL) -> None:
    """A browser's EventSource can only GET (and sends `Accept: text/event-stream`)."""
    params = {"query": 'subscription { contentStatus(id: "Q29udGVudDox") { done } }'}
    async with gql.client.stream("GET", "/graphql", params=params, headers={"accept": SSE_ACCEPT}) as response:
        (payload,) = payloads([frame async for frame in frames(response)])
    assert payload["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # it ran
