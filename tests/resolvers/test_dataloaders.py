"""Nested lists are batched: one SQL statement per level, counted with an engine event listener."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event
from starlette.applications import Starlette

from services.db.models import Agent, Conversation, Message
from services.db.types import utcnow
from tests.conftest import GQL

NESTED = """{ agents(first: 20) { edges { node { conversations(first: 10) { edges { node {
  messages(first: 10) { edges { node { content } } } } } } } } } }"""


@contextmanager
def count_statements(app: Starlette, only: asyncio.Task[Any] | None = None) -> Iterator[list[str]]:
    """The statements run while the block runs, but background work's (or, with `only`, every other task's)."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        task = asyncio.current_task()
        if task is not None and task.get_name().startswith("background:"):
            return  # the scheduler's periodic queue poll and other background work, not the request's
        if only is not None and task is not only:
            return
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):  # transaction control
            statements.append(statement)

    engine = app.state.services.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def _seed(app: Starlette, agents: int, conversations: int, messages: int) -> None:
    owner = app.state.services.local_admin.id
    start = utcnow()
    rows: list[Any] = []
    tick = 0

    def at() -> Any:
        nonlocal tick
        tick += 1
        return start + timedelta(microseconds=tick)

    for a in range(agents):
        agent = Agent(owner_id=owner, name=f"agent {a}", model="local:gemma-3-270m", created_at=at())
        rows.append(agent)
        for c in range(conversations):
            conv = Conversation(owner_id=owner, agent_id=agent.id, title=f"c{a}.{c}", created_at=at())
            rows.append(conv)
            rows += [
                Message(owner_id=owner, conversation_id=conv.id, role="user", content=f"m{a}.{c}.{m}", created_at=at())
                for m in range(messages)
            ]
    async with app.state.services.db() as session, session.begin():
        session.add_all(rows)


async def test_nested_query_costs_one_statement_per_level(app: Starlette, gql: GQL) -> None:
    await _seed(app, 20, 10, 10)
    with count_statements(app) as statements:
        data = await gql(NESTED)
    agents = data["agents"]["edges"]
    assert len(agents) == 20
    assert all(len(a["node"]["conversations"]["edges"]) == 10 for a in agents)
    contents = [
        m["node"]["content"]
        for a in agents
        for c in a["node"]["conversations"]["edges"]
        for m in c["node"]["messages"]["edges"]
    ]
    assert len(contents) == 2000
    assert contents[:2] == ["m0.0.0", "m0.0.1"] and contents[-1] == "m19.9.9"
    assert len(statements) <= 4, statements
    assert len(statements) == 3  # agents page, conversations per agent, messages per conversation


async def test_total_counts_add_no_statements_below_the_top(app: Starlette, gql: GQL) -> None:
    await _seed(app, 3, 2, 2)
    query = "{ agents { totalCount nodes { conversations { totalCount nodes { messages { totalCount nodes { id } } } } } } }"
    with count_statements(app) as statements:
        await gql(query)
    assert len(statements) == 4  # the top-level count is the only extra statement


async def test_by_id_lookups_are_batched(app: Starlette, gql: GQL) -> None:
    await _seed(app, 2, 3, 1)
    ids = [n["id"] for n in (await gql("{ conversations { nodes { id } } }"))["conversations"]["nodes"]]
    with count_statements(app) as statements:
        data = await gql(
            "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Conversation { title agent { name } } } }", {"ids": ids}
        )
    assert len(data["nodes"]) == 6
    assert len(statements) == 2  # conversations by id, agents by id


async def test_a_message_that_starts_its_run_at_once_costs_seven_statements(app: Starlette, gql: GQL) -> None:
    """sendMessage's one transaction, in a new conversation with a free slot: the agent, the conversation, the two
    messages, admission (queue caps, the owner's role and whether anyone waits, in one statement), the run and its
    first event (and on Postgres the queue's lock). The response adds none."""
    agent = await gql(
        'mutation { createAgent(input: {name: "B", model: "ollama:test-model"}) { ... on Agent { id } } }'
    )
    send = """mutation($a: ID!) { sendMessage(input: {agentId: $a, text: "hi"}) { ... on ChatTurn {
      userMessage { id content } assistantMessage { id status } run { id status lastSeq } conversation { id title } } } }"""
    # In-process, the request runs in this test's task; the run it starts has a task of its own.
    with count_statements(app, only=asyncio.current_task()) as statements:
        turn = (await gql(send, {"a": agent["createAgent"]["id"]}))["sendMessage"]
    assert turn["run"]["status"] == "RUNNING" and turn["run"]["lastSeq"] == 1
    assert turn["conversation"]["title"] == "hi"
    verbs = [" ".join(s.split()[:3]) for s in statements]
    postgres = app.state.services.engine.dialect.name == "postgresql"
    assert verbs == [
        "SELECT agents.id, agents.owner_id,",
        "INSERT INTO conversations",
        "INSERT INTO messages",
        "INSERT INTO messages",
        *(["SELECT pg_advisory_xact_lock($1)"] if postgres else []),  # the queue's lock (SQLite: BEGIN IMMEDIATE)
        "SELECT (SELECT count(*)",
        "INSERT INTO runs",
        "INSERT INTO run_events",
    ], statements
