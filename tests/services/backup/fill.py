"""Fills an instance through GraphQL, as a user would: agents that read their knowledge and memories, contents
(ingested), memories, and conversations whose chat runs cite them. Shared by the backup tests and bench/backup_bench.py."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from tests.conftest import GQL

AGENT = """mutation($n: String!) { createAgent(input: {name: $n, model: "ollama:test-model",
  retrieval: {useKnowledge: true, useMemory: true}}) { ... on Agent { id } } }"""
ADD_TEXT = """mutation($input: AddTextInput!) { addText(input: $input) {
  __typename ... on ContentAdded { content { id } } ... on Error { message } } }"""
MEMORY = """mutation($input: CreateMemoryInput!) { createMemory(input: $input) { __typename ... on Memory { id } } }"""
SEND = """mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  __typename ... on ChatTurn { run { id } conversation { id } } ... on Error { message } } }"""
RUN_STATUS = "query($id: ID!) { run(id: $id) { status } }"
CONTENT_STATUS = "query($id: ID!) { content(id: $id) { status } }"
SEARCH = """query($q: String!) { search(input: {query: $q, mode: HYBRID, limit: 5}) {
  score text chunkIndex content { title } } }"""

TOPICS = [
    "Llamas are domesticated South American camelids used as pack animals by Andean cultures.",
    "The zorkmid is the currency of the Great Underground Empire in an old text adventure.",
    "Tide pools hold anemones, sea stars and small crabs between the high and low water marks.",
    "A sourdough starter is a culture of wild yeast and lactic acid bacteria kept in flour and water.",
]


@dataclass
class Filled:
    agents: list[str] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)
    conversations: list[str] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)


async def wait(gql: GQL, query: str, ident: str, key: str, done: tuple[str, ...], polls: int = 3000) -> str:
    for _ in range(polls):
        status = str((await gql(query, {"id": ident}))[key]["status"])
        if status in done:
            return status
        await asyncio.sleep(0.05)
    raise AssertionError(f"{key} {ident} did not finish")


async def fill(gql: GQL, *, agents: int = 2, contents: int = 2, conversations: int = 2, memories: int = 2) -> Filled:
    filled = Filled()
    for a in range(agents):
        agent = (await gql(AGENT, {"n": f"Agent {a}"}))["createAgent"]["id"]
        filled.agents.append(agent)
        for c in range(contents):
            # Each text a different length: equal texts score equally, and equal scores may come in any order.
            text = f"{TOPICS[(a + c) % len(TOPICS)]} Note {a}.{c}:" + " also" * (a * contents + c)
            added = await gql(ADD_TEXT, {"input": {"title": f"Doc {a}.{c}", "text": text, "agentId": agent}})
            assert added["addText"]["__typename"] == "ContentAdded", added
            filled.contents.append(added["addText"]["content"]["id"])
        for m in range(memories):
            made = await gql(MEMORY, {"input": {"agentId": agent, "kind": "FACT", "text": f"Fact {m} of agent {a}"}})
            assert made["createMemory"]["__typename"] == "Memory", made
    for content in filled.contents:
        assert await wait(gql, CONTENT_STATUS, content, "content", ("READY", "FAILED")) == "READY"
    for agent in filled.agents:
        for c in range(conversations):
            turn = await gql(SEND, {"input": {"agentId": agent, "text": f"Tell me about {TOPICS[c % 4][:20]}"}})
            assert turn["sendMessage"]["__typename"] == "ChatTurn", turn
            filled.runs.append(turn["sendMessage"]["run"]["id"])
            filled.conversations.append(turn["sendMessage"]["conversation"]["id"])
            await wait(gql, RUN_STATUS, filled.runs[-1], "run", ("SUCCEEDED", "FAILED", "CANCELLED"))
    return filled


async def search(gql: GQL, query: str) -> list[tuple[float, str, str, int]]:
    """Hits as (score, title, text, chunk index), sorted: points with equal scores may come in any order."""
    hits = (await gql(SEARCH, {"q": query}))["search"]
    return sorted((round(h["score"], 6), h["content"]["title"], h["text"], h["chunkIndex"]) for h in hits)
