"""Model fallback: an agent's (or a message's) fallback models answer when the model fails before its first token,
never after; the run records which model answered and a FallbackUsed event says why. Against the Ollama fake."""

from __future__ import annotations

from typing import Any

from tests.conftest import GQL
from tests.fakes.script import Failure, Script
from tests.gqlws import graphql_ws
from tests.resolvers.test_runs import SEND, send

EVENTS = """subscription($id: ID!) { runEvents(runId: $id) {
  __typename seq
  ... on TokenDelta { text }
  ... on RunStatusChanged { status error }
  ... on RetryScheduled { attempt }
  ... on FallbackUsed { failedModel nextModel reason } } }"""
RUN = "query($id: ID!) { run(id: $id) { status error model answeredBy message { content model status } } }"
CREATE = """mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id fallbackModels } ... on ValidationError { field message } } }"""


async def _events(base: str, run_id: str) -> list[dict[str, Any]]:
    async with graphql_ws(base) as ws:
        return [payload["data"]["runEvents"] async for payload in ws.subscribe(EVENTS, {"id": run_id})]


async def _agent(client: GQL, model: str, fallbacks: list[str]) -> str:
    data = (await client(CREATE, {"input": {"name": "Bot", "model": model, "fallbackModels": fallbacks}}))[
        "createAgent"
    ]
    assert data["__typename"] == "Agent" and data["fallbackModels"] == fallbacks, data
    return str(data["id"])


async def test_a_missing_model_falls_back_to_the_next(live: str, client: GQL, script: Script) -> None:
    script.models = ["test-model", "backup"]
    script.tokens_by_model = {"backup": ["From", " backup"]}
    agent = await _agent(client, "ollama:gone", ["ollama:also-gone", "ollama:backup", "ollama:test-model"])
    turn = await send(client, agentId=agent, text="hello")
    events = await _events(live, turn["run"]["id"])
    fallbacks = [e for e in events if e["__typename"] == "FallbackUsed"]
    assert [(f["failedModel"], f["nextModel"]) for f in fallbacks] == [
        ("ollama:gone", "ollama:also-gone"),
        ("ollama:also-gone", "ollama:backup"),
    ]
    assert "not found" in fallbacks[0]["reason"]
    run = (await client(RUN, {"id": turn["run"]["id"]}))["run"]
    assert run["status"] == "SUCCEEDED" and run["model"] == "ollama:gone" and run["answeredBy"] == "ollama:backup"
    assert run["message"] == {"content": "From backup", "model": "ollama:backup", "status": "COMPLETE"}
    assert [r.body["model"] for r in script.chat_requests][-1] == "backup"


async def test_server_errors_fall_back_after_their_retries(live: str, client: GQL, script: Script) -> None:
    script.models = ["test-model", "backup"]
    script.failures = [Failure(503)] * 4  # the first model's request and its 3 retries
    agent = await _agent(client, "ollama:test-model", ["ollama:backup"])
    turn = await send(client, agentId=agent, text="hello")
    events = await _events(live, turn["run"]["id"])
    kinds = [e["__typename"] for e in events]
    assert kinds.count("RetryScheduled") == 3
    assert kinds.index("FallbackUsed") > max(i for i, k in enumerate(kinds) if k == "RetryScheduled")
    fallback = next(e for e in events if e["__typename"] == "FallbackUsed")
    assert "503" in fallback["reason"]
    assert [r.body["model"] for r in script.chat_requests] == ["test-model"] * 4 + ["backup"]
    run = (await client(RUN, {"id": turn["run"]["id"]}))["run"]
    assert (run["status"], run["answeredBy"]) == ("SUCCEEDED", "ollama:backup")


async def test_never_after_a_token_reached_the_client(live: str, client: GQL, script: Script) -> None:
    script.models = ["test-model", "backup"]
    script.break_after, script.break_mode = 2, "error"
    agent = await _agent(client, "ollama:test-model", ["ollama:backup"])
    turn = await send(client, agentId=agent, text="hello")
    events = await _events(live, turn["run"]["id"])
    assert "FallbackUsed" not in [e["__typename"] for e in events]
    assert len(script.chat_requests) == 1
    run = (await client(RUN, {"id": turn["run"]["id"]}))["run"]
    assert run["status"] == "FAILED" and run["answeredBy"] == "ollama:test-model"
    assert run["message"]["content"] == "The answer"  # the partial reply stays, from the model that wrote it


async def test_a_message_names_its_own_fallbacks(live: str, client: GQL, script: Script) -> None:
    agent = await _agent(client, "ollama:test-model", [])
    turn = await send(client, agentId=agent, text="hi", model="ollama:gone", fallbackModels=["ollama:test-model"])
    events = await _events(live, turn["run"]["id"])
    assert [e["nextModel"] for e in events if e["__typename"] == "FallbackUsed"] == ["ollama:test-model"]
    no_fallbacks = await send(client, agentId=agent, text="hi", model="ollama:gone", fallbackModels=[])
    await _events(live, no_fallbacks["run"]["id"])
    run = (await client(RUN, {"id": no_fallbacks["run"]["id"]}))["run"]
    assert run["status"] == "FAILED" and run["answeredBy"] is None and "not found" in run["error"]


async def test_fallback_models_are_validated(live: str, client: GQL) -> None:
    too_many = [f"ollama:m{i}" for i in range(6)]
    for bad in (too_many, ["nonsense"], ["ollama:a", "ollama:a"]):
        data = (await client(CREATE, {"input": {"name": "x", "fallbackModels": bad}}))["createAgent"]
        assert data["__typename"] == "ValidationError" and data["field"] == "fallbackModels", data
    agent = await _agent(client, "ollama:test-model", ["ollama:backup"])
    body = await client.raw(SEND, {"input": {"agentId": agent, "text": "x", "fallbackModels": ["bad"]}})
    assert body["data"]["sendMessage"]["__typename"] == "ValidationError"
