"""The default path with no network: the embedded llama.cpp model streams a reply over a real WebSocket."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app import create_app
from tests.conftest import GQL
from tests.fakes.server import serve
from tests.gqlws import graphql_ws
from tests.resolvers.test_runs import EVENTS, RUN, send

pytestmark = pytest.mark.parametrize(
    "database_url", ["sqlite"], indirect=True
)  # the model, not the database, is under test


@pytest.fixture
def live(make_settings: Any) -> Iterator[str]:
    with serve(create_app(make_settings()), lifespan="on") as base:
        yield base


async def test_local_model_streams_real_tokens(live: str) -> None:
    async with httpx.AsyncClient(base_url=live, timeout=120) as http:
        gql = GQL(http)
        agent = await gql(
            'mutation { createAgent(input: {name: "Local", parameters: {maxTokens: 24, temperature: 0}}) { ... on Agent { id model } } }'
        )
        assert agent["createAgent"]["model"] == "local:gemma-3-270m"  # the default needs no network
        turn = await send(gql, agentId=agent["createAgent"]["id"], text="What is the capital of France?")
        async with graphql_ws(live) as ws:
            events = [p["data"]["runEvents"] async for p in ws.subscribe(EVENTS, {"id": turn["run"]["id"]})]
        deltas = [e["text"] for e in events if e["__typename"] == "TokenDelta"]
        assert events[-1]["status"] == "SUCCEEDED", events[-1]
        assert deltas, "no tokens streamed"
        run = (await gql(RUN, {"id": turn["run"]["id"]}))["run"]
        assert run["message"]["content"] == "".join(deltas)
        assert "Paris" in run["message"]["content"]
        assert run["usage"]["completionTokens"] > 0 and run["usage"]["promptTokens"] > 0


async def test_local_agent_calls_a_forced_tool(live: str) -> None:
    """As a new user would in GraphiQL: give an agent current_time, force it, and watch the call and its result."""
    from tests.resolvers.test_tools import tool_events

    async with httpx.AsyncClient(base_url=live, timeout=120) as http:
        gql = GQL(http)
        agent = await gql(
            """mutation { createAgent(input: {name: "Clock", parameters: {maxTokens: 24, temperature: 0},
                 tools: [{name: "current_time"}], toolChoice: {mode: TOOL, name: "current_time"}}) {
                 ... on Agent { id } } }"""
        )
        turn = await send(gql, agentId=agent["createAgent"]["id"], text="What time is it?")
        events = await tool_events(live, turn["run"]["id"])
    kinds = [e["__typename"] for e in events]
    assert events[-1]["status"] == "SUCCEEDED", events[-1]
    started = next(e for e in events if e["__typename"] == "ToolCallStarted")
    finished = next(e for e in events if e["__typename"] == "ToolCallFinished")
    assert started["name"] == "current_time" and finished["callId"] == started["callId"]
    assert not finished["isError"] and "UTC" in finished["output"]
    assert kinds.index("ToolCallArgumentsDelta") < kinds.index("ToolCallStarted") < kinds.index("ToolCallFinished")
    assert "TokenDelta" in kinds[kinds.index("ToolCallFinished") :]  # the second round answers in text
