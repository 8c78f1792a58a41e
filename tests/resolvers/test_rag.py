"""Retrieval-augmented chat and automatic memory, end to end: the real local embedder and embedded Qdrant
retrieve, the official ollama client talks to the wire-faithful fake, and the fake records the prompt."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from app import create_app
from tests.conftest import GQL, chat_settings, create_agent
from tests.fakes.script import Script
from tests.fakes.server import serve
from tests.gqlws import graphql_ws
from tests.resolvers.test_knowledge import add, wait_ready
from tests.resolvers.test_memory import remember
from tests.resolvers.test_runs import send

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

EVENTS = """subscription($id: ID!) { runEvents(runId: $id) {
  __typename seq
  ... on TokenDelta { text }
  ... on RunStatusChanged { status error }
  ... on CitationAdded { citation { kind rank score text chunkIndex content { id title } memory { id text } } } } }"""
CITATIONS = """query($id: ID!) { node(id: $id) { ... on Message { content citations {
  kind rank score text chunkIndex content { id title } memory { id text kind } } } } }"""


@pytest.fixture
def live(make_settings: Any, ollama_host: str) -> Iterator[str]:
    """conftest's `live` (which `client` talks to) with small chunks."""
    settings = chat_settings(make_settings, ollama_host, retrieval={"chunk_size": 64, "chunk_overlap": 8})
    with serve(create_app(settings), lifespan="on") as base:
        yield base


async def events_of(base: str, run_id: str) -> list[dict[str, Any]]:
    async with graphql_ws(base) as ws:
        return [p["data"]["runEvents"] async for p in ws.subscribe(EVENTS, {"id": run_id})]


def system_prompt(script: Script) -> str:
    return "\n".join(m["content"] for m in script.chat_requests[-1].body["messages"] if m["role"] == "system")


async def rag_agent(gql: GQL, **retrieval: Any) -> str:
    agent = await create_agent(
        gql, name="Librarian", model="ollama:test-model", systemPrompt="Be brief.", retrieval=retrieval
    )
    return str(agent["id"])


async def test_a_rag_reply_reads_and_cites_the_right_document(live: str, client: GQL, script: Script) -> None:
    agent = await rag_agent(client, useKnowledge=True, topK=2, mode="HYBRID")
    zork = await add(
        client,
        "Zorkmid",
        "The zorkmid is the currency of the Great Underground Empire in an old text adventure.",
        agentId=agent,
    )
    llama = await add(
        client, "Llamas", "Llamas are domesticated South American camelids used as pack animals.", agentId=agent
    )
    elsewhere = await add(client, "Unattached", "The zorkmid exchange rate is set by the Frobozz company.")
    for item in (zork, llama, elsewhere):
        assert (await wait_ready(client, item["content"]["id"]))["status"] == "READY"

    turn = await send(client, agentId=agent, text="What is the zorkmid?")
    events = await events_of(live, turn["run"]["id"])
    kinds = [e["__typename"] for e in events]
    assert "CitationAdded" in kinds and kinds.index("CitationAdded") < kinds.index("TokenDelta")
    assert events[-1]["status"] == "SUCCEEDED"
    streamed = [e["citation"] for e in events if e["__typename"] == "CitationAdded"]
    assert streamed[0]["content"]["title"] == "Zorkmid" and streamed[0]["kind"] == "CONTENT"
    assert [c["rank"] for c in streamed] == list(range(1, len(streamed) + 1))
    # Scope AGENT: the unattached document is never read, though it matches the words.
    assert all(c["content"]["title"] != "Unattached" for c in streamed)

    # The prompt carried the cited text, numbered, after the agent's own system prompt.
    prompt = system_prompt(script)
    assert prompt.startswith("Be brief.") and "[1] (Zorkmid) The zorkmid is the currency" in prompt
    assert "Frobozz" not in prompt

    reply = (await client(CITATIONS, {"id": turn["assistantMessage"]["id"]}))["node"]
    stored = [(c["rank"], c["kind"], c["content"]["id"], c["text"], c["score"]) for c in reply["citations"]]
    assert stored == [(c["rank"], c["kind"], c["content"]["id"], c["text"], c["score"]) for c in streamed]
    assert reply["citations"][0]["content"]["id"] == zork["content"]["id"]
    assert reply["citations"][0]["chunkIndex"] == 0 and reply["citations"][0]["score"] > 0
    # The user's own message cites nothing.
    asked = (await client(CITATIONS, {"id": turn["userMessage"]["id"]}))["node"]
    assert asked["citations"] == []

    # Scope ALL reads every content of the owner.
    await client(
        "mutation($id: ID!) { updateAgent(id: $id, input: {retrieval: {useKnowledge: true, knowledgeScope: ALL, topK: 3, mode: SPARSE}}) { __typename } }",
        {"id": agent},
    )
    turn = await send(client, conversationId=turn["conversation"]["id"], text="Who sets the zorkmid exchange rate?")
    events = await events_of(live, turn["run"]["id"])
    titles = [e["citation"]["content"]["title"] for e in events if e["__typename"] == "CitationAdded"]
    assert titles[0] == "Unattached" and "Frobozz" in system_prompt(script)


async def test_citations_survive_their_source_and_respect_the_threshold(live: str, client: GQL, script: Script) -> None:
    agent = await rag_agent(client, useKnowledge=True, mode="SPARSE", scoreThreshold=1000.0)
    doc = await add(client, "Ferns", "Ferns reproduce with spores rather than seeds.", agentId=agent)
    await wait_ready(client, doc["content"]["id"])
    turn = await send(client, agentId=agent, text="How do ferns reproduce?")
    events = await events_of(live, turn["run"]["id"])
    assert not any(e["__typename"] == "CitationAdded" for e in events), "nothing scores above 1000"
    assert "Ferns reproduce" not in system_prompt(script)

    await client(
        "mutation($id: ID!) { updateAgent(id: $id, input: {retrieval: {useKnowledge: true, mode: SPARSE}}) { __typename } }",
        {"id": agent},
    )
    again = await client(
        "mutation($id: ID!) { regenerateMessage(id: $id) { ... on ChatTurn { run { id } assistantMessage { id } } } }",
        {"id": turn["assistantMessage"]["id"]},
    )
    await events_of(live, again["regenerateMessage"]["run"]["id"])
    reply_id = again["regenerateMessage"]["assistantMessage"]["id"]
    cited = (await client(CITATIONS, {"id": reply_id}))["node"]["citations"]
    assert cited[0]["content"]["id"] == doc["content"]["id"]
    # Deleting the content keeps the citation's text (what the model saw) but unlinks it.
    await client("mutation($id: ID!) { deleteContent(id: $id) { __typename } }", {"id": doc["content"]["id"]})
    cited = (await client(CITATIONS, {"id": reply_id}))["node"]["citations"]
    assert cited[0]["content"] is None and cited[0]["text"].startswith("Ferns reproduce")
    assert cited[0]["kind"] == "CONTENT"


async def test_memories_are_retrieved_and_cited(live: str, client: GQL, script: Script) -> None:
    agent = await rag_agent(client, useMemory=True, mode="SPARSE")
    ada = await remember(client, agent, "The user's name is Ada Lovelace.", "PROFILE")
    await remember(client, agent, "The user prefers tea to coffee.", "PROFILE")
    turn = await send(client, agentId=agent, text="Do you remember my name, Ada?")
    events = await events_of(live, turn["run"]["id"])
    cited = [e["citation"] for e in events if e["__typename"] == "CitationAdded"]
    assert cited[0]["kind"] == "MEMORY" and cited[0]["memory"]["id"] == ada["id"]
    assert cited[0]["content"] is None and "(memory) The user's name is Ada Lovelace." in system_prompt(script)


async def test_automatic_extraction_keeps_facts_and_merges_repeats(live: str, client: GQL, script: Script) -> None:
    script.models.append("memory-model")
    script.tokens_by_model["memory-model"] = [
        "- PROFILE: The user lives in Lisbon.\n",
        "- FACT: The user's cat is called Miso.\n",
    ]
    agent = await rag_agent(client, extractMemories=True, memoryModel="ollama:memory-model")
    first = await send(client, agentId=agent, text="I live in Lisbon with my cat Miso.")
    await events_of(live, first["run"]["id"])
    await wait_for_memory_runs(client, 1)
    memories = await all_memories(client)
    assert sorted((m["kind"], m["text"]) for m in memories) == [
        ("FACT", "The user's cat is called Miso."),
        ("PROFILE", "The user lives in Lisbon."),
    ]
    assert all(m["sourceMessage"]["id"] == first["userMessage"]["id"] and m["mentions"] == 1 for m in memories)
    # The extraction prompt showed the model this turn.
    extraction = [r for r in script.chat_requests if r.body["model"] == "memory-model"][-1]
    assert "I live in Lisbon with my cat Miso." in extraction.body["messages"][-1]["content"]

    # The same facts again (different punctuation): merged into the existing memories, with both sources.
    script.tokens_by_model["memory-model"] = [
        "1. profile: the user lives in Lisbon\n",
        "2. FACT: The user's cat is called Miso!\n",
    ]
    second = await send(client, conversationId=first["conversation"]["id"], text="Still in Lisbon, still with Miso.")
    await events_of(live, second["run"]["id"])
    await wait_for_memory_runs(client, 2)
    memories = await all_memories(client)
    assert len(memories) == 2
    for memory in memories:
        assert memory["mentions"] == 2
        assert [s["id"] for s in memory["sources"]] == [first["userMessage"]["id"], second["userMessage"]["id"]]

    # "NONE" keeps nothing, and agents without extraction queue no MEMORY run.
    script.tokens_by_model["memory-model"] = ["NONE"]
    third = await send(client, conversationId=first["conversation"]["id"], text="ok thanks")
    await events_of(live, third["run"]["id"])
    await wait_for_memory_runs(client, 3)
    assert len(await all_memories(client)) == 2
    plain = await rag_agent(client)
    fourth = await send(client, agentId=plain, text="hello")
    await events_of(live, fourth["run"]["id"])
    await asyncio.sleep(0.3)
    runs = await client("{ runs(filter: {kind: MEMORY}) { totalCount } }")
    assert runs["runs"]["totalCount"] == 3


async def wait_for_memory_runs(client: GQL, count: int) -> list[dict[str, Any]]:
    for _ in range(300):
        runs = (await client("{ runs(filter: {kind: MEMORY}) { nodes { status error result } } }"))["runs"]["nodes"]
        if len(runs) >= count and all(r["status"] in ("SUCCEEDED", "FAILED", "CANCELLED") for r in runs):
            assert all(r["status"] == "SUCCEEDED" for r in runs), runs
            return list(runs)
        await asyncio.sleep(0.1)
    raise AssertionError("the MEMORY runs did not finish")


async def all_memories(client: GQL) -> list[dict[str, Any]]:
    data = await client("{ memories { nodes { kind text mentions sourceMessage { id } sources { id } } } }")
    return list(data["memories"]["nodes"])
