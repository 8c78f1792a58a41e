"""Memory end to end: CRUD, filters, search, expiry, retention, isolation, with embedded Qdrant and the real
local embedder."""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.applications import Starlette

from tests.conftest import GQL, append_message, create_agent, register, running, start_conversation

CREATE = """mutation($input: CreateMemoryInput!) { createMemory(input: $input) {
  __typename
  ... on Memory { id kind text mentions expiresAt embeddingModel agent { id } sourceMessage { id content } sources { id } }
  ... on ValidationError { message field } ... on NotFoundError { message } } }"""
LIST = """query($filter: MemoryFilter, $first: Int, $after: String) { memories(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id kind text } } }"""
SEARCH = """query($input: MemorySearchInput!) { searchMemories(input: $input) { score memory { id text kind } } }"""
CLEAR = """mutation($agent: ID!, $kinds: [MemoryKind!], $olderThan: DateTime) {
  clearMemories(agentId: $agent, kinds: $kinds, olderThan: $olderThan) {
    __typename ... on MemoriesCleared { count } ... on Error { message } } }"""


async def remember(gql: GQL, agent: str, text: str, kind: str = "FACT", **extra: Any) -> dict[str, Any]:
    result = (await gql(CREATE, {"input": {"agentId": agent, "kind": kind, "text": text, **extra}}))["createMemory"]
    assert result["__typename"] == "Memory", result
    return result


def raw_id(global_id: str) -> str:
    return base64.b64decode(global_id).decode().split(":", 1)[1]


async def memory_points(app: Starlette, memory_global_id: str) -> int:
    knowledge = app.state.services.knowledge
    total = 0
    for name in await knowledge.vectors.collection_names():
        total += await knowledge.vectors.count_where(name, memory_id=raw_id(memory_global_id))
    return total


async def test_memory_crud_filters_search_and_retention(make_settings: Any) -> None:
    async with running(make_settings()) as (app, gql):
        agent = (await create_agent(gql, name="Keeper"))["id"]
        other = (await create_agent(gql, name="Other"))["id"]
        conversation = await start_conversation(gql, agent)
        said = await append_message(gql, conversation["id"], "I am allergic to peanuts.")
        peanut = await remember(gql, agent, "The user is allergic to peanuts.", "PROFILE", sourceMessageId=said["id"])
        assert peanut["embeddingModel"] == "local:all-minilm-l6-v2" and peanut["mentions"] == 1
        assert peanut["sourceMessage"] == {"id": said["id"], "content": "I am allergic to peanuts."}
        assert peanut["sources"] == [{"id": said["id"]}] and peanut["agent"] == {"id": agent}
        rome = await remember(gql, agent, "The Colosseum is in Rome.")
        await remember(gql, other, "Tide tables for Brest are published monthly.")
        assert await memory_points(app, peanut["id"]) == 1

        # Lists: by agent, by kind, paginated.
        mine = (await gql(LIST, {"filter": {"agentId": agent}}))["memories"]
        assert mine["totalCount"] == 2 and [n["id"] for n in mine["nodes"]] == [peanut["id"], rome["id"]]
        profiles = (await gql(LIST, {"filter": {"kinds": ["PROFILE"]}}))["memories"]
        assert [n["id"] for n in profiles["nodes"]] == [peanut["id"]]
        first = (await gql(LIST, {"first": 2}))["memories"]
        assert first["pageInfo"]["hasNextPage"] and len(first["nodes"]) == 2
        rest = (await gql(LIST, {"first": 2, "after": first["pageInfo"]["endCursor"]}))["memories"]
        assert len(rest["nodes"]) == 1 and not rest["pageInfo"]["hasNextPage"]

        # Search: words and meaning, filtered by agent and kind.
        hits = (await gql(SEARCH, {"input": {"query": "peanuts allergy", "mode": "SPARSE"}}))["searchMemories"]
        assert hits[0]["memory"]["id"] == peanut["id"]
        hits = (await gql(SEARCH, {"input": {"query": "Rome", "agentId": other, "mode": "HYBRID"}}))["searchMemories"]
        assert all(h["memory"]["text"].startswith("Tide") for h in hits)
        hits = (await gql(SEARCH, {"input": {"query": "Colosseum", "kinds": ["PROFILE"], "mode": "SPARSE"}}))[
            "searchMemories"
        ]
        assert hits == []

        # Update re-indexes: the old words no longer find it, the new ones do.
        updated = await gql(
            "mutation($id: ID!, $input: UpdateMemoryInput!) { updateMemory(id: $id, input: $input) { __typename ... on Memory { text kind } } }",
            {"id": rome["id"], "input": {"text": "The Parthenon is in Athens.", "kind": "FACT"}},
        )
        assert updated["updateMemory"] == {
            "__typename": "Memory",
            "text": "The Parthenon is in Athens.",
            "kind": "FACT",
        }
        words = (await gql(SEARCH, {"input": {"query": "Colosseum", "mode": "SPARSE"}}))["searchMemories"]
        assert words == []
        words = (await gql(SEARCH, {"input": {"query": "Parthenon", "mode": "SPARSE"}}))["searchMemories"]
        assert [h["memory"]["id"] for h in words] == [rome["id"]]

        # Retention: olderThan before both keeps both; kinds narrows; then everything goes, vectors too.
        past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
        cleared = await gql(CLEAR, {"agent": agent, "olderThan": past})
        assert cleared["clearMemories"] == {"__typename": "MemoriesCleared", "count": 0}
        cleared = await gql(CLEAR, {"agent": agent, "kinds": ["PROFILE"]})
        assert cleared["clearMemories"]["count"] == 1
        assert await memory_points(app, peanut["id"]) == 0
        cleared = await gql(CLEAR, {"agent": agent})
        assert cleared["clearMemories"]["count"] == 1
        assert (await gql(LIST, {"filter": {"agentId": agent}}))["memories"]["totalCount"] == 0
        assert (await gql(LIST, {"filter": {"agentId": other}}))["memories"]["totalCount"] == 1

        # Deleting a memory removes its vector.
        tide = (await gql(LIST, {"filter": {"agentId": other}}))["memories"]["nodes"][0]
        deleted = await gql("mutation($id: ID!) { deleteMemory(id: $id) { __typename } }", {"id": tide["id"]})
        assert deleted["deleteMemory"]["__typename"] == "Deleted"
        assert await memory_points(app, tide["id"]) == 0


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_bad_memory_input_is_refused_and_nothing_is_stored(make_settings: Any) -> None:
    async with running(make_settings()) as (_, gql):
        agent = (await create_agent(gql))["id"]
        cases = [
            ({"agentId": agent, "kind": "FACT", "text": "   "}, "text"),
            ({"agentId": agent, "kind": "FACT", "text": "x" * 4001}, "text"),
            ({"agentId": agent, "kind": "FACT", "text": "ok", "expiresAt": "2001-01-01T00:00:00Z"}, "expiresAt"),
        ]
        for input_, field in cases:
            result = (await gql(CREATE, {"input": input_}))["createMemory"]
            assert result["__typename"] == "ValidationError" and result["field"] == field, result
        missing = await gql(CREATE, {"input": {"agentId": "QWdlbnQ6bm9wZQ==", "kind": "FACT", "text": "hi"}})
        assert missing["createMemory"]["__typename"] == "NotFoundError"
        assert (await gql(LIST, {}))["memories"]["totalCount"] == 0
        # Retrieval settings are checked the same way.
        for retrieval, field in (({"topK": 0}, "retrieval.top_k"), ({"memoryModel": "nope"}, "retrieval.memory_model")):
            refused = await gql(
                "mutation($id: ID!, $r: RetrievalOptionsInput!) { updateAgent(id: $id, input: {retrieval: $r}) { __typename ... on ValidationError { field message } } }",
                {"id": agent, "r": retrieval},
            )
            assert refused["updateAgent"]["__typename"] == "ValidationError", refused
            assert refused["updateAgent"]["field"] == field, refused


async def test_expired_memories_are_hidden_then_deleted(make_settings: Any) -> None:
    async with running(make_settings(retrieval={"memory_cleanup_seconds": 1})) as (app, gql):
        agent = (await create_agent(gql))["id"]
        kept = await remember(gql, agent, "The user's name is Ada.", "PROFILE")
        soon = (datetime.now(UTC) + timedelta(seconds=5)).isoformat()  # room for a slow embedding under load
        brief = await remember(gql, agent, "The parking spot is B12 today.", expiresAt=soon)
        assert brief["expiresAt"] is not None
        live = (await gql(LIST, {}))["memories"]["nodes"]
        assert {n["id"] for n in live} == {brief["id"], kept["id"]}
        for _ in range(150):  # hidden at once after expiry, deleted by the periodic cleanup soon after
            await asyncio.sleep(0.1)
            everything = (await gql(LIST, {"filter": {"includeExpired": True}}))["memories"]["nodes"]
            if {n["id"] for n in everything} == {kept["id"]}:
                break
        else:
            raise AssertionError("the expired memory was not cleaned up")
        assert await memory_points(app, brief["id"]) == 0
        hits = (await gql(SEARCH, {"input": {"query": "parking spot B12", "mode": "SPARSE"}}))["searchMemories"]
        assert hits == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_memories_never_cross_owners(make_settings: Any) -> None:
    async with running(make_settings(auth_mode="multi", secret_key="s" * 40)) as (_, anonymous):
        admin = await register(anonymous, "admin")
        bob = await register(anonymous, "bob")
        bobs_agent = (await create_agent(bob))["id"]
        secret = await remember(bob, bobs_agent, "Bob's locker code is 4471 zebra.")
        mine = (await create_agent(admin))["id"]
        await remember(admin, mine, "Zebras have stripes.")
        for mode in ("SPARSE", "DENSE", "HYBRID"):
            hits = (await admin(SEARCH, {"input": {"query": "locker code zebra", "mode": mode}}))["searchMemories"]
            assert all(h["memory"]["id"] != secret["id"] for h in hits), mode
        # Another user cannot remember for, list, change, or clear Bob's agent's memories.
        carol = await register(anonymous, "carol")
        stolen = (await carol(CREATE, {"input": {"agentId": bobs_agent, "kind": "FACT", "text": "x"}}))["createMemory"]
        assert stolen["__typename"] == "NotFoundError"
        assert (await carol(LIST, {"filter": {"agentId": bobs_agent}}))["memories"]["totalCount"] == 0
        cleared = await carol(CLEAR, {"agent": bobs_agent})
        assert cleared["clearMemories"]["__typename"] == "NotFoundError"
        deleted = await carol("mutation($id: ID!) { deleteMemory(id: $id) { __typename } }", {"id": secret["id"]})
        assert deleted["deleteMemory"]["__typename"] == "NotFoundError"
        assert (await bob(LIST, {}))["memories"]["totalCount"] == 1
