"""Chat features beyond one turn: regenerate, clear, the conversation feed, models and providers, Anthropic."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from app import create_app
from tests.conftest import GQL
from tests.fakes.script import Script
from tests.fakes.server import serve
from tests.gqlws import graphql_ws
from tests.resolvers.test_runs import RUN, agent_id, collect, send

MESSAGES = "query($id: ID!) { conversation(id: $id) { messages { nodes { id role content status parent { id } } } } }"


async def test_regenerate_keeps_the_old_reply(live: str, client: GQL, script: Script) -> None:
    first = await send(client, agentId=await agent_id(client), text="question")
    await collect(live, first["run"]["id"])
    script.tokens = ["Another", " take"]
    again = (
        await client(
            "mutation($id: ID!) { regenerateMessage(id: $id) { __typename ... on ChatTurn { run { id } assistantMessage { id } userMessage { id } } } }",
            {"id": first["assistantMessage"]["id"]},
        )
    )["regenerateMessage"]
    assert again["userMessage"]["id"] == first["userMessage"]["id"]
    await collect(live, again["run"]["id"])
    nodes = (await client(MESSAGES, {"id": first["conversation"]["id"]}))["conversation"]["messages"]["nodes"]
    assert [(n["role"], n["content"]) for n in nodes] == [
        ("USER", "question"),
        ("ASSISTANT", "The answer is 42."),
        ("ASSISTANT", "Another take"),
    ]
    assert nodes[1]["parent"] == nodes[2]["parent"] == {"id": first["userMessage"]["id"]}
    # The regenerated turn's prompt did not include the reply it replaces.
    assert [m["content"] for m in script.chat_requests[-1].body["messages"]] == ["Be brief.", "question"]


async def test_clear_conversation_cancels_and_empties(live: str, client: GQL, script: Script) -> None:
    script.tokens = [f"t{i} " for i in range(300)]
    script.tokens_per_second = 50
    turn = await send(client, agentId=await agent_id(client), text="long")
    await asyncio.sleep(0.3)
    cleared = await client(
        "mutation($id: ID!) { clearConversation(id: $id) { __typename ... on Conversation { messages { totalCount } } } }",
        {"id": turn["conversation"]["id"]},
    )
    assert cleared["clearConversation"] == {"__typename": "Conversation", "messages": {"totalCount": 0}}
    events = await collect(live, turn["run"]["id"])
    assert events[-1]["status"] == "CANCELLED"
    await script.wait_for_disconnect()


async def test_conversation_feed_streams_messages_and_run_events(live: str, client: GQL) -> None:
    first = await send(client, agentId=await agent_id(client), text="hello")
    await collect(live, first["run"]["id"])
    feed_query = """subscription($id: ID!) { conversationEvents(conversationId: $id) {
      __typename
      ... on MessageAdded { message { role content } }
      ... on ConversationRunEvent { event { __typename seq ... on RunStatusChanged { status } ... on TokenDelta { text } } } } }"""
    received: list[dict[str, Any]] = []
    async with graphql_ws(live) as ws:

        async def listen() -> None:
            async for payload in ws.subscribe(feed_query, {"id": first["conversation"]["id"]}):
                received.append(payload["data"]["conversationEvents"])
                event = received[-1].get("event") or {}
                if event.get("status") == "SUCCEEDED":
                    return

        listener = asyncio.create_task(listen())
        await asyncio.sleep(0.3)  # subscribed before the next turn starts
        await send(client, conversationId=first["conversation"]["id"], text="again")
        await asyncio.wait_for(listener, 20)
    kinds = [r["__typename"] for r in received]
    assert kinds[:2] == ["MessageAdded", "MessageAdded"]
    assert received[0]["message"] == {"role": "USER", "content": "again"}
    assert received[1]["message"]["role"] == "ASSISTANT"
    tokens = "".join(
        r["event"]["text"]
        for r in received
        if r["__typename"] == "ConversationRunEvent" and r["event"]["__typename"] == "TokenDelta"
    )
    assert tokens == "The answer is 42."


async def test_models_and_providers(client: GQL) -> None:
    data = await client("{ models { name provider family contextLength } providers { name ok detail } }")
    names = {m["name"] for m in data["models"]}
    assert {"local:gemma-3-270m", "ollama:test-model"} <= names
    health = {p["name"]: p for p in data["providers"]}
    assert health["ollama"]["ok"] and health["local"]["ok"]
    assert not health["anthropic"]["ok"] and "API key" in health["anthropic"]["detail"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_anthropic_chat_through_the_official_client(anthropic_live: str, anthropic_script: Script) -> None:
    async with httpx.AsyncClient(base_url=anthropic_live, timeout=30) as http:
        gql = GQL(http)
        turn = await send(gql, agentId=await agent_id(gql, "anthropic:claude-test"), text="Salut")
        events = await collect(anthropic_live, turn["run"]["id"])
        assert events[-1]["status"] == "SUCCEEDED"
        run = (await gql(RUN, {"id": turn["run"]["id"]}))["run"]
    assert run["message"]["content"] == "Bonjour !"
    assert run["usage"]["promptTokens"] == anthropic_script.prompt_tokens and run["usage"]["completionTokens"] == 2
    body = anthropic_script.chat_requests[-1].body
    assert body["system"] == "Be brief." and body["messages"] == [{"role": "user", "content": "Salut"}]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_long_history_is_trimmed_oldest_first(make_settings: Any) -> None:
    settings = make_settings(providers={"local_context_tokens": 256})
    with serve(create_app(settings), lifespan="on") as live:
        async with httpx.AsyncClient(base_url=live, timeout=120) as http:
            gql = GQL(http)
            agent = (
                await gql(
                    'mutation { createAgent(input: {name: "L", parameters: {maxTokens: 16}}) { ... on Agent { id } } }'
                )
            )["createAgent"]["id"]
            conv = (
                await gql(
                    "mutation($a: ID!) { startConversation(input: {agentId: $a}) { ... on Conversation { id } } }",
                    {"a": agent},
                )
            )["startConversation"]["id"]
            filler = "This is an old message about something else entirely. " * 4
            for i in range(12):
                await gql(
                    "mutation($c: ID!, $t: String!) { appendMessage(input: {conversationId: $c, role: USER, content: $t}) { __typename } }",
                    {"c": conv, "t": f"{i}: {filler}"},
                )
            turn = await send(gql, conversationId=conv, text="What is the capital of France?")
            events = await collect(live, turn["run"]["id"])
            run = (await gql(RUN, {"id": turn["run"]["id"]}))["run"]
    assert events[-1]["status"] == "SUCCEEDED", events[-1]
    assert run["usage"]["promptTokens"] <= 256  # 12 x ~50 tokens of history did not all go in


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_runs_are_private(make_settings: Any, ollama_host: str, script: Script) -> None:
    from tests.conftest import MULTI_SECRET, chat_settings, register

    script.tokens_per_second = 20
    settings = chat_settings(make_settings, ollama_host, auth_mode="multi", secret_key=MULTI_SECRET)
    with serve(create_app(settings), lifespan="on") as live:
        async with httpx.AsyncClient(base_url=live, timeout=30) as http:
            anonymous = GQL(http)
            alice = await register(anonymous, "alice")
            bob = await register(anonymous, "bob2")
            turn = await send(alice, agentId=await agent_id(alice), text="mine")
            run_id = turn["run"]["id"]
            for query in (RUN, "mutation($id: ID!) { cancelRun(id: $id) { __typename ... on Error { code } } }"):
                body = await bob.raw(query, {"id": run_id})
                assert "errors" in body or body["data"]["cancelRun"] == {
                    "__typename": "NotFoundError",
                    "code": "NOT_FOUND",
                }, body
            assert (await bob("{ runs { totalCount } }"))["runs"]["totalCount"] == 0
            async with graphql_ws(live, token=bob.token) as ws:
                payloads = [
                    p
                    async for p in ws.subscribe(
                        "subscription($id: ID!) { runEvents(runId: $id) { seq } }", {"id": run_id}
                    )
                ]
            assert len(payloads) == 1 and payloads[0]["data"] is None
            assert payloads[0]["errors"][0]["extensions"]["code"] == "NOT_FOUND"
            events = await collect_as(live, alice.token, run_id)
            assert events[-1]["status"] == "SUCCEEDED"  # bob's attempts changed nothing


async def collect_as(base: str, token: str | None, run_id: str) -> list[dict[str, Any]]:
    from tests.resolvers.test_runs import EVENTS

    async with graphql_ws(base, token=token) as ws:
        return [p["data"]["runEvents"] async for p in ws.subscribe(EVENTS, {"id": run_id})]
