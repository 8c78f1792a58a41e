"""Token quotas, queue caps and fair queues through GraphQL, on a real server with the Ollama fake, in multi mode;
and rate-limit refusals over the WebSocket."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from app import create_app
from tests.conftest import GQL, MULTI_SECRET, REGISTER, chat_settings
from tests.fakes.script import Script
from tests.fakes.server import serve
from tests.gqlws import graphql_ws
from tests.resolvers.test_runs import SEND

USAGE = "{ me { usage { provider totalTokens promptTokens completionTokens runs dailyQuota remaining day } } }"
EVENTS = "subscription($id: ID!) { runEvents(runId: $id) { seq ... on RunStatusChanged { status } } }"
CANCEL = "mutation($id: ID!) { cancelRun(id: $id) { __typename } }"


@pytest.fixture
def quotas() -> dict[str, Any]:
    return {}


@pytest.fixture
def multi_live(make_settings: Any, ollama_host: str, quotas: dict[str, Any]) -> Iterator[str]:
    settings = chat_settings(make_settings, ollama_host, auth_mode="multi", secret_key=MULTI_SECRET, quotas=quotas)
    with serve(create_app(settings), lifespan="on") as base:
        yield base


@pytest.fixture
async def anon(multi_live: str) -> AsyncIterator[GQL]:
    async with httpx.AsyncClient(base_url=multi_live, timeout=30) as http:
        yield GQL(http)


async def _user(anon: GQL, name: str) -> GQL:
    data = (await anon(REGISTER, {"u": name, "p": "correct horse battery"}))["register"]
    return anon.as_user(data["accessToken"])


async def _agent(gql: GQL) -> str:
    data = await gql(
        'mutation { createAgent(input: {name: "Bot", model: "ollama:test-model"}) { ... on Agent { id } } }'
    )
    return str(data["createAgent"]["id"])


async def _send(gql: GQL, agent: str) -> dict[str, Any]:
    return await gql.raw(SEND, {"input": {"agentId": agent, "text": "hi"}})


async def _finish(base: str, token: str | None, run_id: str) -> None:
    async with graphql_ws(base, token) as ws:
        async for _ in ws.subscribe(EVENTS, {"id": run_id}):
            pass


@pytest.mark.parametrize("quotas", [{"daily_tokens": {"ollama": 20}, "runs": "off"}])
async def test_daily_token_quota(multi_live: str, anon: GQL, script: Script) -> None:
    admin = await _user(anon, "root")
    alice = await _user(anon, "alice")
    agent = await _agent(alice)
    assert (await alice(USAGE))["me"]["usage"] == [
        {
            "provider": "ollama",
            "totalTokens": 0,
            "promptTokens": 0,
            "completionTokens": 0,
            "runs": 0,
            "dailyQuota": 20,
            "remaining": 20,
            "day": (await alice(USAGE))["me"]["usage"][0]["day"],
        }
    ]
    for _ in range(2):  # 11 prompt + 5 completion tokens each: the second starts with 16 of 20 spent
        turn = (await _send(alice, agent))["data"]["sendMessage"]
        await _finish(multi_live, alice.token, turn["run"]["id"])
    usage = (await alice(USAGE))["me"]["usage"][0]
    assert (usage["totalTokens"], usage["promptTokens"], usage["runs"], usage["remaining"]) == (32, 22, 2, 0)
    refused = await _send(alice, agent)
    assert refused["errors"][0]["extensions"]["code"] == "QUOTA_EXCEEDED"
    assert refused["errors"][0]["extensions"]["retryAfter"] > 0
    assert refused["data"] is None or refused["data"]["sendMessage"] is None
    # Nothing was queued or stored for the refused message.
    assert len(script.chat_requests) == 2
    # Admins are exempt, and see no quota of their own.
    admin_agent = await _agent(admin)
    turn = (await _send(admin, admin_agent))["data"]["sendMessage"]
    await _finish(multi_live, admin.token, turn["run"]["id"])
    assert [u["dailyQuota"] for u in (await admin(USAGE))["me"]["usage"]] == [None]


@pytest.mark.parametrize("quotas", [{"max_queued_per_user": 2, "runs": "off"}])
async def test_queue_cap_per_user_and_fair_positions(multi_live: str, anon: GQL, script: Script) -> None:
    script.tokens = [f"t{i} " for i in range(400)]
    script.tokens_per_second = 40  # the first run holds the only slot
    await _user(anon, "root")
    alice, bob = await _user(anon, "alice"), await _user(anon, "bob")
    a_agent, b_agent = await _agent(alice), await _agent(bob)
    turns = [await _send(alice, a_agent) for _ in range(4)]
    codes = [t["errors"][0]["extensions"]["code"] if "errors" in t else "OK" for t in turns]
    # The first may already run (it leaves the queue), so alice gets 2 or 3 in before QUEUE_FULL.
    assert codes[:2] == ["OK", "OK"] and codes[-1] == "QUEUE_FULL"
    bobs = (await _send(bob, b_agent))["data"]["sendMessage"]
    # Bob's message waits one turn of alice's (her next queued run), not her whole backlog.
    assert bobs["run"]["queuePosition"] == 2
    for turn in turns:
        if "data" in turn and turn["data"] and turn["data"]["sendMessage"]:
            await alice(CANCEL, {"id": turn["data"]["sendMessage"]["run"]["id"]})
    await bob(CANCEL, {"id": bobs["run"]["id"]})


@pytest.mark.parametrize("quotas", [{"queries": "1/hour"}])
async def test_rate_limit_refusals_reach_websocket_clients(multi_live: str, anon: GQL) -> None:
    await _user(anon, "root")
    alice = await _user(anon, "alice")
    assert (await alice("{ me { username } }"))["me"]["username"] == "alice"
    async with graphql_ws(multi_live, alice.token) as ws:
        with pytest.raises(RuntimeError, match="RATE_LIMITED") as refused:
            async for _ in ws.subscribe(EVENTS, {"id": "UnVuOjE="}):
                pass
    assert "retryAfter" in str(refused.value)
